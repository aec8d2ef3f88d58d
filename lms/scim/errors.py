"""SCIM errors: HTTP status, scimType and detail, answered as the Error body."""

from __future__ import annotations

from lms.errors import LmsError


class ScimError(LmsError):
    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def bad_request(detail: str, scim_type: str = "invalidValue") -> ScimError:
    return ScimError(400, detail, scim_type)


def not_found(what: str) -> ScimError:
    return ScimError(404, f"{what} not found.")


def conflict(detail: str) -> ScimError:
    return ScimError(409, detail, "uniqueness")
