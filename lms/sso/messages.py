"""What a person is told when single sign-on fails, by the reason's code."""

from __future__ import annotations

from flask_babel import gettext as _

# Reasons with the same advice for the person share a message.
_NOT_MATCHED = ("no_email", "email_taken", "cannot_create", "linked_elsewhere")
_START_AGAIN = ("no_pending_login", "wrong_state")
_NOT_COMPLETED = ("provider_error", "token_refused", "no_id_token")


def failure_message(reason: str, label: str) -> str:
    """A clear sentence in the person's language; ``label`` names the provider."""
    if reason == "provider_unreachable":
        return str(
            _(
                "%(provider)s cannot be reached right now. Try again in a few "
                "minutes; if it stays like this, tell your IT department.",
                provider=label,
            )
        )
    if reason == "issuer_mismatch":
        return str(
            _(
                "The login with %(provider)s is not set up correctly: the provider "
                "answers with another name. Please tell your administrator.",
                provider=label,
            )
        )
    if reason in _START_AGAIN:
        return str(
            _(
                "This login is no longer valid: it was used already, or it was "
                "started in another browser window. Please start the login again."
            )
        )
    if reason == "bad_id_token":
        return str(
            _(
                "The answer from %(provider)s could not be verified, so you were "
                "not logged in. Please start again; if it happens again, tell your "
                "administrator.",
                provider=label,
            )
        )
    if reason in _NOT_COMPLETED:
        return str(
            _(
                "%(provider)s did not complete the login. Please start again.",
                provider=label,
            )
        )
    if reason == "inactive":
        return str(
            _(
                "Your account here is deactivated. If you think this is a mistake, "
                "please ask HR."
            )
        )
    if reason in _NOT_MATCHED:
        return str(
            _(
                "Your account at %(provider)s cannot be matched to an account here. "
                "Please ask HR or an administrator.",
                provider=label,
            )
        )
    return str(_("The login did not work. Please start again."))
