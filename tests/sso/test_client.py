"""ID token checks against the real provider's keys, and tokens signed elsewhere."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from lms.sso import client
from lms.sso.client import SsoError
from lms.sso.settings import OidcSettings, read_settings
from tests.sso.provider import CLIENT_ID, LMS, Provider, start_provider

NONCE = "n-0S6_WzA2Mj"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """One provider for these tests: they only read its keys and discovery."""
    with start_provider(tmp_path_factory.mktemp("provider"), LMS) as running:
        yield running


@pytest.fixture
def settings(provider: Provider) -> OidcSettings:
    read = read_settings(provider.config())
    assert read is not None
    return read


def _claims(issuer: str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": issuer,
        "sub": "anna",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "anna@firma.local",
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _sign(key: RSAKey, claims: dict[str, Any], kid: str = "test-provider") -> str:
    return jwt.encode({"alg": "RS256", "kid": kid}, claims, key)


def _own_key() -> RSAKey:
    return RSAKey.generate_key(2048)


def test_discovery_reads_the_real_provider(settings: OidcSettings) -> None:
    metadata = client.discover(settings, refresh=True)
    assert metadata["issuer"] == settings.issuer
    assert "S256" in metadata["code_challenge_methods_supported"]
    assert metadata["jwks"]["keys"][0]["kid"] == "test-provider"


@pytest.mark.parametrize("kid", ["test-provider", "another-key"])
def test_a_token_signed_by_another_key_is_refused(
    settings: OidcSettings, kid: str
) -> None:
    jwks = client.discover(settings, refresh=True)["jwks"]
    forged = _sign(_own_key(), _claims(settings.issuer), kid)
    with pytest.raises(SsoError) as caught:
        client.validate_id_token(settings, forged, jwks=jwks, nonce=NONCE)
    assert caught.value.reason == "bad_id_token"


def test_the_token_response_path_refuses_a_forged_token_too(
    settings: OidcSettings,
) -> None:
    forged = _sign(_own_key(), _claims(settings.issuer), "rotated")
    with pytest.raises(SsoError) as caught:
        client.id_token_claims(settings, {"id_token": forged}, NONCE)
    assert caught.value.reason == "bad_id_token"


def _check(settings: OidcSettings, **changes: Any) -> dict[str, Any]:
    key = _own_key()
    jwks = {"keys": [key.as_dict(private=False, kid="test-provider")]}
    token = _sign(key, _claims(settings.issuer, **changes))
    nonce = changes.pop("expected_nonce", NONCE)
    return client.validate_id_token(settings, token, jwks=jwks, nonce=nonce)


def test_a_well_signed_token_with_good_claims_passes(settings: OidcSettings) -> None:
    assert _check(settings)["sub"] == "anna"
    # Within the clock skew (60 s): expired 30 s ago, issued 30 s ahead.
    now = int(time.time())
    assert _check(settings, exp=now - 30, iat=now - 400)["sub"] == "anna"
    assert _check(settings, iat=now + 30)["sub"] == "anna"


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": int(time.time()) - 3600},  # expired an hour ago
        {"iss": "https://evil.example"},  # another issuer
        {"aud": "another-client"},
        {"nonce": "replayed-nonce"},
        {"nonce": None},  # none at all
        {"exp": None},
        {"iat": int(time.time()) + 3600},  # issued in the future
    ],
    ids=["expired", "issuer", "audience", "nonce", "no-nonce", "no-exp", "future"],
)
def test_bad_claims_are_refused(settings: OidcSettings, changes: Any) -> None:
    with pytest.raises(SsoError) as caught:
        _check(settings, **changes)
    assert caught.value.reason == "bad_id_token"


def test_an_unknown_issuer_in_discovery_is_refused(provider: Provider) -> None:
    # The same provider under another name: its discovery names 127.0.0.1.
    config = provider.config()
    config["LMS_OIDC_ISSUER"] = provider.issuer.replace("127.0.0.1", "localhost")
    settings = read_settings(config)
    assert settings is not None
    with pytest.raises(SsoError) as caught:
        client.discover(settings, refresh=True)
    assert caught.value.reason == "issuer_mismatch"
