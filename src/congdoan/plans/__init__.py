"""Yearly targets per unit and indicator, distributed down the tree (chỉ tiêu)."""
