"""Every upload is bounded by size before it is read whole (security review F6).

The application caps every request body (MAX_CONTENT_LENGTH, 16 MB) before a
form is parsed; each upload view then reads at most its own limit plus a byte.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Flask

BODY_LIMIT = 16 * 1024 * 1024


def test_the_request_body_is_capped_for_everyone(app: Flask, client: Any) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == BODY_LIMIT
    response = client.submit(
        "/verify",
        {"pdf": (io.BytesIO(b"%PDF-" + b"0" * BODY_LIMIT), "big.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    response.request.input_stream.close()
    assert response.status_code == 413
    assert "The upload is larger than allowed." in response.get_data(as_text=True)


def test_a_certificate_pdf_over_its_limit_is_refused(client: Any) -> None:
    response = client.submit(
        "/verify",
        {"pdf": (io.BytesIO(b"%PDF-" + b"0" * (5 * 1024 * 1024)), "big.pdf")},
        page="/verify",
        content_type="multipart/form-data",
    )
    response.request.input_stream.close()
    assert response.status_code == 400
    assert "The file is too large." in response.get_data(as_text=True)
