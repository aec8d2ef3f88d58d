"""Markdown courses: files on disk parsed, checked and rendered into dataclasses."""
