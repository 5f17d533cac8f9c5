"""Emulation campaigns, initiatives, creative-labour awards, award decisions and the yearly grading of grassroots unions."""
