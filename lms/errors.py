"""The LmsError hierarchy that services raise and views and commands translate.

Pure: no Flask here, so the pure packages can raise these. The error pages are in
``lms.web.error_pages``.
"""

from __future__ import annotations


class LmsError(Exception):
    """A problem caused by input; its message is safe to show to the user."""


class ConfigError(LmsError):
    """The configuration (environment variables) is unusable."""


class NotFound(LmsError):
    """The thing asked for does not exist, or the asker may not know it exists."""


class ValidationError(LmsError):
    """Input was rejected; ``field`` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(LmsError):
    """The request clashes with existing data (duplicate e-mail, say)."""
