"""The read-only JSON API for HR systems."""
