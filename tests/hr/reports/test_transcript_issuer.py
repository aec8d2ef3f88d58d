"""The transcript names the issuer and its signatory, and is signed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.certify.test_issuer_signed import ISSUER
from tests.certify.test_signing import pdfsig
from tests.hr.reports.helpers import certify
from tests.hr.reports.test_zip_and_transcript import pdf_text


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, **ISSUER}


def test_transcript_names_the_issuer_and_is_signed(
    client: Any, auth: Any, app: Any, make_person: Any, synced: Any, tmp_path: Path
) -> None:
    person, _certificate = certify(app, make_person, name="Ada Lovelace")
    auth.login("hr")
    response = client.get(f"/hr/exports/transcript/{person.id}.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.data).split())
    for value in ISSUER.values():
        assert value in text
    assert f"Issued by {ISSUER['LMS_ISSUER_NAME']}." in text
    report = pdfsig(response.data, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
