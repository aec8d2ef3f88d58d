"""The issuer's signing key and certificate.

A deployment names its own PEM files (``LMS_SIGNING_KEY``, ``LMS_SIGNING_CERT``);
without them a self-signed certificate is made at first start and kept, with its
key, in one private file in the instance folder (like the secret key).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lms.errors import ConfigError

SIGNING_FILE: Final = "signing.pem"  # key and self-signed certificate
SELF_SIGNED_YEARS: Final = 30


@dataclass(frozen=True)
class SigningIdentity:
    """A private key and the certificate that goes with it, both PEM."""

    key_pem: bytes
    cert_pem: bytes
    self_signed: bool

    @property
    def certificate(self) -> x509.Certificate:
        """The parsed certificate."""
        return x509.load_pem_x509_certificate(self.cert_pem)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER certificate, as colon-separated hex pairs."""
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        digest = hashlib.sha256(der).hexdigest().upper()
        return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))

    @property
    def subject(self) -> str:
        """The certificate's subject, RFC 4514."""
        return self.certificate.subject.rfc4514_string()

    @property
    def not_after(self) -> datetime:
        """The last moment the certificate is valid (UTC)."""
        return self.certificate.not_valid_after_utc


def self_signed_identity(
    organisation: str, now: datetime | None = None
) -> SigningIdentity:
    """Make an ECDSA P-256 key and a self-signed certificate for ``organisation``."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, organisation[:64] or "LMS"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64] or "LMS"),
        ]
    )
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * SELF_SIGNED_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return SigningIdentity(key_pem, cert.public_bytes(serialization.Encoding.PEM), True)


def _split(pem: bytes) -> tuple[bytes, bytes]:
    """Return the key block and the certificate block(s) of one PEM file."""
    key: list[bytes] = []
    certs: list[bytes] = []
    block: list[bytes] = []
    for line in pem.splitlines(keepends=True):
        block.append(line)
        if line.startswith(b"-----END "):
            (certs if b"CERTIFICATE" in line else key).append(b"".join(block))
            block = []
    return b"".join(key), b"".join(certs)


def read_or_create_identity(instance_path: Path, organisation: str) -> SigningIdentity:
    """Read the instance's self-signed identity, creating it on first start.

    Written under a temporary name and linked into place, so that several
    workers starting at once end up with one key.
    """
    path = instance_path / SIGNING_FILE
    if not path.exists():
        identity = self_signed_identity(organisation)
        instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = instance_path / f".{SIGNING_FILE}.{os.getpid()}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(identity.key_pem + identity.cert_pem)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key_pem, cert_pem = _split(path.read_bytes())
    return SigningIdentity(key_pem, cert_pem, True)


def _read(setting: str, value: str) -> bytes:
    try:
        return Path(value).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{setting}: cannot read {value}: {exc.strerror}") from None


def identity_from_config(
    config: Mapping[str, Any], instance_path: Path, organisation: str
) -> SigningIdentity:
    """The deployment's key and certificate, or the instance's self-signed one.

    Raises `ConfigError` (naming the setting) when only one of the two paths is
    set, a file cannot be read, or key and certificate do not belong together.
    """
    key_path = str(config.get("LMS_SIGNING_KEY") or "").strip()
    cert_path = str(config.get("LMS_SIGNING_CERT") or "").strip()
    if not key_path and not cert_path:
        return read_or_create_identity(instance_path, organisation)
    if not key_path or not cert_path:
        missing = "LMS_SIGNING_KEY" if not key_path else "LMS_SIGNING_CERT"
        raise ConfigError(f"{missing} must be set together with the other")
    identity = SigningIdentity(
        _read("LMS_SIGNING_KEY", key_path), _read("LMS_SIGNING_CERT", cert_path), False
    )
    check_identity(identity)
    return identity


def check_identity(identity: SigningIdentity) -> None:
    """Raise `ConfigError` unless the key is the certificate's key."""
    try:
        key = serialization.load_pem_private_key(identity.key_pem, password=None)
        cert = identity.certificate
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"LMS_SIGNING_KEY/LMS_SIGNING_CERT: not PEM: {exc}") from None
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(der, public) != cert.public_key().public_bytes(
        der, public
    ):
        raise ConfigError("LMS_SIGNING_KEY is not the key of LMS_SIGNING_CERT")
