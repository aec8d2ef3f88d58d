"""Login throttling: a guesser is slowed per account and address, the owner is not."""

from __future__ import annotations

from typing import Any

import pytest
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from lms.auth.throttle import (
    PER_ACCOUNT,
    PER_ADDRESS,
    Backoff,
    record_failure,
    seconds_to_wait,
)
from lms.web.ratelimit import Counters
from tests.fixtures.people import PASSWORD

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}
WRONG = "wrong guess number"


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (1, 0), (3, 0), (4, 1), (5, 2), (6, 4), (13, 512), (14, 900), (99, 900)],
)
def test_each_failure_after_three_doubles_the_wait_up_to_15_minutes(
    failures: int, seconds: int
) -> None:
    assert PER_ADDRESS.delay_after(failures) == seconds


def test_many_failures_against_one_account_slow_it_for_a_minute_at_most() -> None:
    assert PER_ACCOUNT.delay_after(50) == 0
    assert PER_ACCOUNT.delay_after(51) == 1
    assert PER_ACCOUNT.delay_after(10_000) == 60
    assert Backoff(free=0, longest=5).delay_after(1) == 1


def _fail(client: Any, email: str, environ: dict[str, str], times: int) -> list[int]:
    return [
        client.submit(
            "/login", {"email": email, "password": WRONG}, environ_base=environ
        ).status_code
        for _ in range(times)
    ]


def test_owner_logs_in_from_another_address_while_the_attacker_is_throttled(
    client: Any, make_client: Any, make_person: Any
) -> None:
    admin = make_person(roles=("admin",))
    statuses = _fail(client, admin.email, ATTACKER, 12)
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[-1] == 429

    owner = make_client()
    response = owner.submit(
        "/login", {"email": admin.email, "password": PASSWORD}, environ_base=OWNER
    )
    assert response.status_code == 302


def test_right_password_from_the_throttled_address_waits_with_retry_after(
    client: Any, make_person: Any
) -> None:
    person = make_person()
    assert _fail(client, person.email, ATTACKER, 4) == [200, 200, 200, 200]

    response = client.submit(
        "/login", {"email": person.email, "password": PASSWORD}, environ_base=ATTACKER
    )
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 2
    page = response.get_data(as_text=True)
    assert "Too many failed attempts. Try again in" in page
    assert 'name="email"' in page  # the login form, to try again later
    assert "Welcome" not in client.get("/", follow_redirects=True).get_data(
        as_text=True
    )


def test_the_wait_is_explained_in_german(client: Any, make_person: Any) -> None:
    person = make_person()
    _fail(client, person.email, ATTACKER, 4)
    client.set_cookie("lms_lang", "de")
    response = client.submit(
        "/login", {"email": person.email, "password": PASSWORD}, environ_base=ATTACKER
    )
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Versuche" in response.get_data(as_text=True)


def test_a_successful_login_clears_the_failures_of_its_address(
    client: Any, make_person: Any
) -> None:
    person = make_person()
    _fail(client, person.email, OWNER, 3)
    response = client.submit(
        "/login", {"email": person.email, "password": PASSWORD}, environ_base=OWNER
    )
    assert response.status_code == 302
    client.submit("/logout", page="/", environ_base=OWNER)

    # Without the reset this would be the fourth failure, and the login refused.
    assert _fail(client, person.email, OWNER, 1) == [200]
    response = client.submit(
        "/login", {"email": person.email, "password": PASSWORD}, environ_base=OWNER
    )
    assert response.status_code == 302


def test_unknown_accounts_are_throttled_like_known_ones(client: Any) -> None:
    statuses = _fail(client, "nobody@example.com", ATTACKER, 5)
    assert statuses == [200, 200, 200, 200, 429]


def test_many_addresses_against_one_account_make_every_address_wait() -> None:
    storage = MemoryStorage()
    store = Counters(storage, FixedWindowRateLimiter(storage))
    address_limit = parse("10 per 15 minutes")
    for number in range(PER_ACCOUNT.free + 1):
        record_failure(store, address_limit, "boss@example.com", f"10.0.{number}.1")
    wait = seconds_to_wait(store, address_limit, "boss@example.com", "192.0.2.1")
    assert 1 <= wait <= PER_ACCOUNT.longest
    assert seconds_to_wait(store, address_limit, "other@example.com", "192.0.2.1") == 0
