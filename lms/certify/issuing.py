"""The issuer bound to this application's settings, and its signing key."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from lms.certify.issuer import Issuer as Organisation
from lms.certify.issuer import issuer_from_config
from lms.certify.press import IssuerImageError, Press
from lms.certify.services import Issuer
from lms.certify.signing.keys import SigningIdentity, identity_from_config
from lms.certify.signing.pades import pdf_signer
from lms.config import DEFAULT_HOST, DEFAULT_PORT, served_url
from lms.errors import ConfigError

_EXTENSION = "lms.certify"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Publishing:
    """What the application issues with: the organisation, press and key."""

    organisation: Organisation
    press: Press
    identity: SigningIdentity
    base_url_is_default: bool


def init_app(app: Flask) -> None:
    """Load (or make) the signing key, read the issuer's images, warn early.

    Raises `ConfigError` naming the setting when a file cannot be used.
    """
    config = app.config
    organisation = issuer_from_config(config)
    identity = identity_from_config(config, Path(app.instance_path), organisation.name)
    signer = pdf_signer(identity, organisation.name, organisation.address)
    try:
        press = Press.build(Path(config["LMS_CERTIFICATE_DIR"]), organisation, signer)
    except IssuerImageError as exc:
        raise ConfigError(str(exc)) from None
    default = config["LMS_BASE_URL"] == served_url(DEFAULT_HOST, DEFAULT_PORT)
    is_default = default and not app.debug and not app.testing
    if is_default and not config.get("LMS_QUIET_BASE_URL"):
        log.warning(
            "LMS_BASE_URL is the default %s: the QR code and link on every "
            "certificate issued now will only work on this machine and cannot be "
            "changed later. Set LMS_BASE_URL to the address people use.",
            config["LMS_BASE_URL"],
        )
    app.extensions[_EXTENSION] = Publishing(organisation, press, identity, is_default)


def publishing(app: Flask | None = None) -> Publishing:
    """The issuer, press and signing identity of this application."""
    found: Publishing = (app or current_app).extensions[_EXTENSION]
    return found


def issuer(app: Flask | None = None) -> Issuer:
    """What issuing needs from the configuration of this application."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.config
    return Issuer(
        base_url=config["LMS_BASE_URL"],
        template_dir=publishing(app).press,
        # LMS_TIMEZONE, copied here by load_config; the default zone otherwise.
        time_zone=config["BABEL_DEFAULT_TIMEZONE"],
    )
