"""Compliance: assignments, the status rules and their SQL twin, dashboard, matrix."""
