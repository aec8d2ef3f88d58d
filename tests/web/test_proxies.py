"""X-Forwarded-For and -Proto count only behind the configured number of proxies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, request

from lms import create_app
from lms.auth.access import public
from lms.db import get_database
from tests.fixtures.app import Client

PROXY = "10.0.0.2"
CODE = "/verify/AAAA-AAAA-AAAA-A"


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Iterator[Callable[[int], Flask]]:
    made: list[Flask] = []

    def factory(proxies: int) -> Flask:
        application = create_app(
            {
                **app_config,
                "LMS_TRUSTED_PROXIES": proxies,
                "LMS_VERIFY_LIMIT": "2 per minute",
            }
        )
        application.test_client_class = Client

        @public
        def seen() -> str:
            return f"{request.remote_addr} {request.scheme}"

        application.add_url_rule("/test-seen", "test_seen", seen)
        made.append(application)
        return application

    yield factory
    for application in made:
        get_database(application).dispose()


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "forwarded_proto", "seen"),
    [
        (0, "203.0.113.9", "https", f"{PROXY} http"),
        (1, "203.0.113.9", "https", "203.0.113.9 https"),
        # A client's own header, then the proxy's entry: only the last counts.
        (1, "192.0.2.1, 203.0.113.9", "http, https", "203.0.113.9 https"),
        (2, "192.0.2.1, 203.0.113.9", "https, http", "192.0.2.1 https"),
    ],
)
def test_client_address_and_scheme_come_from_trusted_proxies_only(
    make_app: Callable[[int], Flask],
    proxies: int,
    forwarded_for: str,
    forwarded_proto: str,
    seen: str,
) -> None:
    response = (
        make_app(proxies)
        .test_client()
        .get(
            "/test-seen",
            headers={
                "X-Forwarded-For": forwarded_for,
                "X-Forwarded-Proto": forwarded_proto,
            },
            environ_base={"REMOTE_ADDR": PROXY},
        )
    )
    assert response.get_data(as_text=True) == seen


def test_by_default_a_forged_forwarded_for_does_not_escape_the_limit(
    make_app: Callable[[int], Flask],
) -> None:
    client = make_app(0).test_client()
    statuses = [
        client.get(
            CODE,
            headers={"X-Forwarded-For": f"198.51.100.{number}"},
            environ_base={"REMOTE_ADDR": PROXY},
        ).status_code
        for number in range(3)
    ]
    assert statuses == [404, 404, 429]


def test_behind_one_proxy_two_clients_are_counted_apart(
    make_app: Callable[[int], Flask],
) -> None:
    client = make_app(1).test_client()

    def verify(address: str) -> int:
        status: int = client.get(
            CODE,
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": PROXY},
        ).status_code
        return status

    assert [verify("198.51.100.1") for _ in range(3)] == [404, 404, 429]
    assert verify("198.51.100.2") == 404
