"""The OpenID Connect protocol, done by Authlib: discovery, the code flow with PKCE,
the ID token's signature and claims.

Nothing here touches the database or the request: the views keep state, nonce
and code verifier in the signed session and pass them in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from lms.sso.settings import OidcSettings

# How long discovery and the provider's keys are kept (new keys are fetched
# at once when a token names a key we do not know).
METADATA_TTL = 3600.0
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class SsoError(Exception):
    """Single sign-on failed; ``reason`` is a stable code for the audit log."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Authorization:
    """Where to send the browser, and what to keep until it comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def _get_json(url: str, timeout: float) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SsoError("provider_unreachable", f"{url}: {error}") from None
    if not isinstance(data, dict):
        raise SsoError("provider_unreachable", f"{url}: not a JSON object")
    return data


def discover(settings: OidcSettings, *, refresh: bool = False) -> dict[str, Any]:
    """The provider's metadata from ``<issuer>/.well-known/openid-configuration``.

    Its ``issuer`` must be exactly the configured one (OpenID Connect Discovery
    section 4.3), or every token it signs would be taken for another's.
    """
    cached = _cache.get(settings.issuer)
    if cached and not refresh and time.monotonic() - cached[0] < METADATA_TTL:
        return cached[1]
    url = f"{settings.issuer}/.well-known/openid-configuration"
    metadata = _get_json(url, settings.timeout)
    if metadata.get("issuer", "").rstrip("/") != settings.issuer:
        raise SsoError("issuer_mismatch", f"discovery names {metadata.get('issuer')!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(key), str):
            raise SsoError("provider_unreachable", f"discovery has no {key}")
    metadata = {**metadata, "jwks": _get_json(metadata["jwks_uri"], settings.timeout)}
    _cache[settings.issuer] = (time.monotonic(), metadata)
    return metadata


def cached_metadata(settings: OidcSettings) -> dict[str, Any] | None:
    """The metadata if discovery ran before in this process (no network)."""
    cached = _cache.get(settings.issuer)
    return cached[1] if cached else None


def _session(settings: OidcSettings, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=settings.client_id,
        client_secret=settings.client_secret or None,
        token_endpoint_auth_method="client_secret_basic"
        if settings.client_secret
        else "none",
        scope=settings.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=settings.timeout,
    )


def authorize(
    settings: OidcSettings, redirect_uri: str, language: str
) -> Authorization:
    """The authorization request: code flow, PKCE (S256), state and nonce."""
    metadata = discover(settings)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    with _session(settings, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"],
            state=state,
            code_verifier=verifier,
            nonce=nonce,
            ui_locales=language,
        )
    return Authorization(url, state, nonce, verifier)


def exchange(
    settings: OidcSettings, redirect_uri: str, code: str, code_verifier: str
) -> dict[str, Any]:
    """Trade the code (and the PKCE verifier) for tokens at the token endpoint."""
    metadata = discover(settings)
    with _session(settings, redirect_uri) as client:
        try:
            token = client.fetch_token(
                metadata["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
            )
        except OAuth2Error as error:
            raise SsoError("token_refused", str(error)) from None
        except requests.RequestException as error:
            raise SsoError("provider_unreachable", str(error)) from None
    if not isinstance(token.get("id_token"), str):
        raise SsoError("no_id_token")
    return dict(token)


def validate_id_token(
    settings: OidcSettings,
    id_token: str,
    *,
    jwks: dict[str, Any],
    nonce: str,
    access_token: str | None = None,
    algorithms: list[str] | None = None,
    now: int | None = None,
) -> dict[str, Any]:
    """The ID token's claims once its signature (by the provider's keys), issuer,
    audience, expiry, issue time and nonce are checked, with the clock skew
    allowed; else SsoError("bad_id_token")."""
    try:
        decoded = jwt.decode(
            id_token,
            key=KeySet.import_key_set(jwks),  # type: ignore[arg-type]
            registry=JWSRegistry(algorithms=algorithms or ["RS256"]),
        )
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": settings.issuer},
                "aud": {"essential": True, "value": settings.client_id},
            },
            {
                "nonce": nonce,
                "client_id": settings.client_id,
                "access_token": access_token,
            },
        )
        claims.validate(now=now, leeway=settings.clock_skew)
    except (JoseError, ValueError) as error:
        raise SsoError("bad_id_token", str(error) or type(error).__name__) from None
    if not nonce:
        raise SsoError("bad_id_token", "no nonce was sent")
    return dict(claims)


def id_token_claims(
    settings: OidcSettings, token: dict[str, Any], nonce: str
) -> dict[str, Any]:
    """Validate the ID token of a token response against the provider's keys.

    A token signed with a key we do not have yet (the provider rotated its keys)
    is tried once more with freshly fetched ones.
    """
    metadata = discover(settings)
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in algorithms if alg != "none"]

    def check(jwks: dict[str, Any]) -> dict[str, Any]:
        return validate_id_token(
            settings,
            token["id_token"],
            jwks=jwks,
            nonce=nonce,
            access_token=token.get("access_token"),
            algorithms=algorithms,
        )

    try:
        return check(metadata["jwks"])
    except SsoError as error:
        if "key" not in error.detail.lower():
            raise
        try:
            fresh = discover(settings, refresh=True)
        except SsoError:
            raise error from None
        return check(fresh["jwks"])


def end_session_url(
    settings: OidcSettings, *, id_token_hint: str, post_logout_redirect_uri: str
) -> str | None:
    """The provider's logout (RP-initiated logout), if its discovery offers one."""
    metadata = cached_metadata(settings)
    if metadata is None:
        try:
            metadata = discover(settings)
        except SsoError:
            return None
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str):
        return None
    params = {"client_id": settings.client_id}
    if id_token_hint:
        params["id_token_hint"] = id_token_hint
    params["post_logout_redirect_uri"] = post_logout_redirect_uri
    return str(add_params_to_uri(endpoint, params))
