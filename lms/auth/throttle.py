"""Login throttling that slows a guesser without locking the owner out.

Three counts, all in the shared rate-limit storage (lms/web/ratelimit.py):

- failures per account *and* address: after a few free ones, each failure
  makes that pair wait longer (1 s, 2 s, 4 s ... at most 15 minutes), even for
  the right password. The owner at another address is not affected, and a
  successful login clears the pair;
- failures per account from any address: a generous allowance, then short
  waits (at most a minute), so many addresses cannot guess freely either;
- failures per address across accounts (``LMS_LOGIN_LIMIT``): password spraying.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, make_response, render_template, request
from flask_babel import ngettext
from flask_login import current_user
from limits import RateLimitItem, parse
from werkzeug.wrappers import Response

from lms.auth.forms import LoginForm
from lms.web.ratelimit import Counters, client_address, counters

F = TypeVar("F", bound=Callable[..., Any])

# How long failures are remembered, counted from the first of a run.
FAILURES_KEPT = 24 * 3600
ADDRESS_SCOPE = "login-address"


@dataclass(frozen=True)
class Backoff:
    """How long to wait after a number of failures: doubling, after some free ones."""

    free: int
    longest: int

    def delay_after(self, failures: int) -> int:
        """Seconds to wait after ``failures`` failed logins (0: try at once)."""
        if failures <= self.free:
            return 0
        return min(self.longest, 1 << min(failures - self.free - 1, 32))


# A typing owner gets three tries for free; a guesser soon waits 15 minutes.
PER_ADDRESS = Backoff(free=3, longest=15 * 60)
# Many addresses against one account: slowed, but the owner never waits long.
PER_ACCOUNT = Backoff(free=50, longest=60)


def _account(email: str) -> str:
    # Hashed: keys stay short and the counters hold no e-mail addresses.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _keys(email: str, address: str) -> tuple[tuple[str, str, Backoff], ...]:
    """(failures key, wait key, backoff) for the pair and for the account."""
    account = _account(email)
    pair = f"{account}:{address}"
    return (
        (f"login-fail:{pair}", f"login-wait:{pair}", PER_ADDRESS),
        (f"login-fail:{account}", f"login-wait:{account}", PER_ACCOUNT),
    )


def seconds_to_wait(
    store: Counters, address_limit: RateLimitItem, email: str, address: str
) -> int:
    """How long this address must wait before it may try this account; 0: now."""
    waits = [store.seconds_left(wait_key) for _f, wait_key, _b in _keys(email, address)]
    waits.append(store.wait(address_limit, ADDRESS_SCOPE, address))
    return max(waits)


def record_failure(
    store: Counters, address_limit: RateLimitItem, email: str, address: str
) -> None:
    for failures_key, wait_key, backoff in _keys(email, address):
        delay = backoff.delay_after(store.storage.incr(failures_key, FAILURES_KEPT))
        if delay:
            store.storage.clear(wait_key)
            store.storage.incr(wait_key, delay)
    store.hit(address_limit, ADDRESS_SCOPE, address)


def record_success(store: Counters, email: str, address: str) -> None:
    """Forget this pair's failures (the account's and the address's stay)."""
    failures_key, wait_key, _backoff = _keys(email, address)[0]
    store.storage.clear(failures_key)
    store.storage.clear(wait_key)


def wait_message(seconds: int) -> str:
    if seconds < 90:
        return str(
            ngettext(
                "Too many failed attempts. Try again in %(num)d second.",
                "Too many failed attempts. Try again in %(num)d seconds.",
                seconds,
            )
        )
    return str(
        ngettext(
            "Too many failed attempts. Try again in %(num)d minute.",
            "Too many failed attempts. Try again in %(num)d minutes.",
            math.ceil(seconds / 60),
        )
    )


def throttle_login(view: F) -> F:
    """Refuse throttled login attempts with 429; count the outcome of the others.

    A POST that leaves nobody logged in and re-shows the form (200) failed.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if request.method != "POST" or current_user.is_authenticated:
            return view(*args, **kwargs)
        store = counters()
        address_limit = parse(current_app.config["LMS_LOGIN_LIMIT"])
        email, address = request.form.get("email", ""), client_address()
        wait = seconds_to_wait(store, address_limit, email, address)
        if wait:
            return _refusal(wait)
        response = make_response(view(*args, **kwargs))
        if current_user.is_authenticated:
            record_success(store, email, address)
        elif response.status_code == 200:
            record_failure(store, address_limit, email, address)
        return response

    return wrapped  # type: ignore[return-value]


def _refusal(seconds: int) -> Response:
    form = LoginForm()
    form.password.errors = [wait_message(seconds)]
    page = render_template("auth/login.html", form=form)
    return make_response(page, 429, {"Retry-After": str(seconds)})
