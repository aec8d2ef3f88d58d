"""Formats only, no Flask and no models: sheets in and out, ZIP, SVG charts, SMTP."""
