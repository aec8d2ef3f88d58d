"""The independent checker scim2-tester against the service: no check may fail."""

from __future__ import annotations

from typing import Any

from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server


def test_scim2_tester_reports_no_failure(app: Any, scim_token: str) -> None:
    client = WSGISCIMClient(
        app,
        base_url="http://lms.test/scim/v2",
        headers={"Authorization": f"Bearer {scim_token}"},
    )
    results = check_server(client)
    failed = [
        f"{r.title}: {r.reason}"
        for r in results
        if r.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    assert failed == [], "\n".join(failed)
    assert sum(r.status == Status.SUCCESS for r in results) > 20
