"""Certificates: verification codes, numbers, PDF rendering and PDF checks."""
