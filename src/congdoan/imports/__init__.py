"""Spreadsheet import and export (member lists first; the engine is shared by other record types)."""
