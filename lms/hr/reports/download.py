"""File responses of the reports: attachments, and a person's transcript as PDF.

Shared by the HR export pages and the learner's own transcript (lms.home).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from flask import Response, current_app, render_template
from sqlalchemy.orm import Session

from lms.certify.issuing import publishing
from lms.hr.reports.transcript import build_transcript, transcript_pdf
from lms.web.downloads import content_disposition

MEDIA_TYPES = {
    "csv": "text/csv",  # the response adds "; charset=utf-8"
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def download_response(body: Iterator[bytes] | bytes, fmt: str, name: str) -> Response:
    """An attachment nobody caches."""
    response = Response(body, mimetype=MEDIA_TYPES.get(fmt, "application/pdf"))
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def transcript_response(session: Session, person_id: int, today: date) -> Response:
    """The person's training transcript as a PDF download (NotFound if unknown).

    It names the issuer and its signatory, and is signed with the issuer's key
    like every certificate.
    """
    transcript = build_transcript(session, person_id, today)
    press = publishing().press
    html = render_template(
        "hr/transcript.html",
        transcript=transcript,
        organisation=press.issuer,
        images=press.images,
    )
    pdf = transcript_pdf(html, Path(current_app.config["LMS_CERTIFICATE_DIR"]))
    if press.signer is not None:
        pdf = press.signer.sign(pdf, f"Training transcript {today.isoformat()}")
    name = f"transcript_{transcript.name}_{today.isoformat()}.pdf"
    return download_response(pdf, "pdf", name)
