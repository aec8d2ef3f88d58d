"""Refreshers between renewals: a few spaced questions after the certificate."""
