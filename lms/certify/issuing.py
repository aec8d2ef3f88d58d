"""The one step that issues a certificate: called after a write that can meet a rule.

The writes that can complete a course's rule are marking a lesson complete and
ending an attempt (submitting it, or settling one whose time ran out). Each POST
that makes such a write calls ``issue_if_due`` after it; no GET ever issues. An
attempt settled during a GET (the learner came back after its time ran out) is
issued by the course page's "Get your certificate" button, a POST.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.orm import Session

from lms.certify.services import Issuer
from lms.models import Certificate, Person


def issuer(app: Flask | None = None) -> Issuer:
    """What issuing needs from the configuration of this application."""
    config = (app or current_app).config
    return Issuer(
        base_url=config["LMS_BASE_URL"],
        template_dir=Path(config["LMS_CERTIFICATE_DIR"]),
    )


def issue_if_due(
    session: Session, person: Person, course_id: int, now: datetime
) -> Certificate | None:
    """Issue the certificate the person has just earned, if any (adds and flushes)."""
    return issuer().issue_if_due(session, person, course_id, now)
