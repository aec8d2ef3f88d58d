"""Run the independent verifier (tests/badges/verifier, Digital Bazaar's libraries)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "verifier"
BASE_URL = "http://lms.test"
NOW = "2026-06-01T12:00:00Z"  # within the validity of the tests' certificates


def app_documents(client: Any, credential: dict[str, Any]) -> dict[str, Any]:
    """The documents a verifier would fetch, fetched from the app under test."""
    did = (
        credential["issuer"]["id"]
        if isinstance(credential["issuer"], dict)
        else credential["issuer"]
    )
    documents = {did: client.get("/.well-known/did.json").get_json()}
    status = credential.get("credentialStatus")
    if status:
        url = status["statusListCredential"]
        response = client.get(url.removeprefix(BASE_URL))
        assert response.status_code == 200
        documents[url] = json.loads(response.get_data(as_text=True))
    return documents


def node_verify(
    credential: dict[str, Any], documents: dict[str, Any], now: str | None = None
) -> dict[str, Any]:
    """The verifier's verdict; ``now``: when the validity dates are checked
    (default NOW: the tests' certificates have fixed dates the clock outlives)."""
    assert (FOLDER / "node_modules" / "@digitalbazaar" / "vc").is_dir(), (
        "the verifier is not installed: run make test (npm ci in tests/badges/verifier)"
    )
    result = subprocess.run(
        ["node", str(FOLDER / "verify.mjs")],
        input=json.dumps(
            {"credential": credential, "documents": documents, "now": now or NOW}
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer
