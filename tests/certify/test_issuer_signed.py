"""The issuer on issued certificates, the verify page and the record; signed PDFs.

Issued through the application (its press: the configured issuer, its key).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import segno
from flask import Flask
from sqlalchemy import select

from lms import create_app
from lms.catalog.completion import completion
from lms.certify.issuing import issuer, publishing
from lms.certify.pdfcheck import pdf_sha256, read_attachment
from lms.db import get_database, utcnow
from lms.models import Certificate, Course, Person
from tests.certify.helpers import complete_lessons, pass_quiz
from tests.certify.test_signing import pdfsig

NOW = utcnow().replace(microsecond=0)
ISSUER = {
    "LMS_ISSUER_NAME": "Northwind Trading AG",
    "LMS_ISSUER_URL": "https://northwind.example",
    "LMS_ISSUER_ADDRESS": "Hafenstraße 1, 20457 Hamburg",
    "LMS_ISSUER_SIGNATORY_NAME": "Dr. Greta Sommer",
    "LMS_ISSUER_SIGNATORY_TITLE": "Head of Training",
}


@pytest.fixture
def app_config(app_config: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    logo = tmp_path / "logo.png"
    segno.make("N", micro=False).save(str(logo), scale=4)
    signature = tmp_path / "signature.png"
    segno.make("GS", micro=False).save(str(signature), scale=2)
    return {
        **app_config,
        **ISSUER,
        "LMS_ISSUER_LOGO": str(logo),
        "LMS_ISSUER_SIGNATURE_IMAGE": str(signature),
    }


@pytest.fixture
def earned(app: Flask, make_person: Any, synced: Any) -> tuple[Any, Certificate]:
    person = make_person(name="Zoë Ünal")
    session = get_database(app).sessionmaker()
    learner = session.get(Person, person.id)
    complete_lessons(session, learner, NOW)
    for bank in ("basics", "advanced", "final"):
        pass_quiz(session, learner, bank, NOW)
    course = session.scalar(select(Course).where(Course.slug == "cse"))
    with app.app_context():
        certificate = issuer().issue(
            session, learner, course, completion(session, learner, course), NOW
        )
    session.commit()
    assert certificate is not None
    session.expunge(certificate)
    session.close()
    return person, certificate


def text_of(pdf: bytes, folder: Path) -> str:
    path = folder / "c.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_the_issued_pdf_is_signed_by_the_instance_key(
    app: Flask, earned: Any, tmp_path: Path
) -> None:
    _person, certificate = earned
    report = pdfsig(certificate.pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert f"Common Name: {ISSUER['LMS_ISSUER_NAME']}" in report
    # The stored hash is the hash of the signed bytes.
    assert certificate.pdf_sha256 == pdf_sha256(certificate.pdf)
    instance = Path(app.instance_path) / "signing.pem"
    assert instance.exists()


def test_the_issuer_and_what_was_learned_are_printed(
    earned: Any, tmp_path: Path
) -> None:
    _person, certificate = earned
    text = text_of(certificate.pdf, tmp_path)
    for value in ISSUER.values():
        assert value in text
    assert "Issued by" in text
    assert "Modules completed: Basics · Advanced" in text
    assert "Learning time: 0.5 hours" in text
    # The logo and signature image are embedded (two images besides the QR code).
    path = tmp_path / "c.pdf"
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) >= 2


def test_the_record_names_the_issuer(earned: Any) -> None:
    _person, certificate = earned
    record = read_attachment(certificate.pdf)
    assert record["issuer"] == {
        "name": ISSUER["LMS_ISSUER_NAME"],
        "url": ISSUER["LMS_ISSUER_URL"],
        "address": ISSUER["LMS_ISSUER_ADDRESS"],
        "signatory": {
            "name": ISSUER["LMS_ISSUER_SIGNATORY_NAME"],
            "title": ISSUER["LMS_ISSUER_SIGNATORY_TITLE"],
        },
    }
    assert record["modules"] == ["Basics", "Advanced"]
    assert record["estimated_minutes"] == 30
    json.dumps(record)


def test_verify_page_shows_issuer_and_fingerprint_and_the_signed_file_is_identical(
    app: Flask, client: Any, earned: Any
) -> None:
    _person, certificate = earned
    html = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    for value in ISSUER.values():
        assert value in html
    with app.app_context():
        assert publishing().identity.fingerprint in html
    response = client.submit(
        "/verify",
        {"pdf": (BytesIO(certificate.pdf), "mine.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "identical" in response.get_data(as_text=True)


def test_a_configured_image_that_is_missing_stops_the_start(
    app_config: dict[str, Any], tmp_path: Path
) -> None:
    from lms.errors import ConfigError

    with pytest.raises(ConfigError, match="LMS_ISSUER_LOGO"):
        create_app({**app_config, "LMS_ISSUER_LOGO": str(tmp_path / "none.png")})


def test_the_default_base_url_is_warned_about_outside_debug(
    app_config: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    config = {**app_config, "TESTING": False, "LMS_BASE_URL": "http://127.0.0.1:5000"}
    with caplog.at_level(logging.WARNING, logger="lms.certify.issuing"):
        app = create_app(config)
    assert "LMS_BASE_URL is the default http://127.0.0.1:5000" in caplog.text
    assert publishing(app).base_url_is_default
    get_database(app).dispose()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lms.certify.issuing"):
        app = create_app({**config, "LMS_BASE_URL": "https://lms.example.com"})
    assert "LMS_BASE_URL" not in caplog.text
    assert not publishing(app).base_url_is_default
    get_database(app).dispose()


def test_german_certificate_names_issuer_modules_and_hours(tmp_path: Path) -> None:
    from dataclasses import replace

    from lms.certify.issuer import issuer_from_config
    from lms.certify.press import Press
    from tests.certify.test_render import CERTIFICATES, DATA

    press = Press.build(
        CERTIFICATES, issuer_from_config({**ISSUER, "LMS_BASE_URL": "x"}), None
    )
    data = replace(
        DATA, language="de", modules=("Grundlagen", "Telefon"), estimated_minutes=270
    )
    text = text_of(press.make(press.with_issuer(data), "default"), tmp_path)
    assert f"Ausgestellt von {ISSUER['LMS_ISSUER_NAME']}" in text
    assert "Abgeschlossene Module: Grundlagen · Telefon" in text
    assert "Lernzeit: 4,5 Stunden" in text
    assert ISSUER["LMS_ISSUER_SIGNATORY_TITLE"] in text


def test_commands_other_than_the_worker_do_not_repeat_the_warning(
    tmp_path: Path,
) -> None:
    """An admin's `lms content check` is not the place; `python -m lms` works."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LMS_", "FLASK_"))
    }
    env.update(
        LMS_INSTANCE_PATH=str(tmp_path),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "lms", "content", "check", str(root)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "no problems found" in result.stdout
    assert "LMS_BASE_URL" not in result.stdout + result.stderr
