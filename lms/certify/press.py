"""How a certificate PDF is made: rendered with the issuer, then signed.

A `Press` is built once per application (the issuer's images read, the signing
key loaded) and handed to issuing; a bare template folder still works, for
callers that want an unsigned PDF without an issuer (tests, the demo).
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field, replace
from pathlib import Path

from lms.certify.issuer import Issuer
from lms.certify.render import CertificateData, render_certificate
from lms.certify.signing.pades import PdfSigner
from lms.i18n import in_language
from lms.models import Course

_IMAGE_TYPES = {"image/png", "image/jpeg", "image/svg+xml"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024


class IssuerImageError(ValueError):
    """A configured logo or signature image cannot be used."""


def image_data_uri(path: Path | None, setting: str) -> str | None:
    """The image at ``path`` as a ``data:`` URI (the template folder is sealed)."""
    if path is None:
        return None
    kind = mimetypes.guess_type(path.name)[0]
    if kind not in _IMAGE_TYPES:
        raise IssuerImageError(f"{setting}: {path}: not a PNG, JPEG or SVG file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IssuerImageError(f"{setting}: {path}: {exc.strerror}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise IssuerImageError(f"{setting}: {path}: larger than 2 MB")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True)
class Press:
    """The template folder, the issuer printed and the signer (if any)."""

    template_dir: Path
    issuer: Issuer | None = None
    signer: PdfSigner | None = None
    images: dict[str, str] = field(default_factory=dict)  # logo, signature

    @classmethod
    def build(
        cls, template_dir: Path, issuer: Issuer, signer: PdfSigner | None
    ) -> Press:
        """Read the issuer's images once; `IssuerImageError` names the setting."""
        images = {
            name: uri
            for name, uri in (
                ("logo", image_data_uri(issuer.logo, "LMS_ISSUER_LOGO")),
                (
                    "signature",
                    image_data_uri(
                        issuer.signature_image, "LMS_ISSUER_SIGNATURE_IMAGE"
                    ),
                ),
            )
            if uri is not None
        }
        return cls(template_dir, issuer, signer, images)

    def with_issuer(self, data: CertificateData) -> CertificateData:
        """``data`` with the issuer's name, address and signatory filled in."""
        if self.issuer is None:
            return data
        return replace(
            data,
            issuer_name=self.issuer.name,
            issuer_url=self.issuer.url,
            issuer_address=self.issuer.address,
            signatory_name=self.issuer.signatory_name,
            signatory_title=self.issuer.signatory_title,
        )

    def make(
        self,
        data: CertificateData,
        template_name: str,
        credential: bytes | None = None,
    ) -> bytes:
        """Render the PDF/A-3b certificate (with the signed Open Badges
        ``credential`` attached, if given) and, with a signer, sign it."""
        pdf = render_certificate(
            data, self.template_dir, template_name, self.images, credential
        )
        if self.signer is None:
            return pdf
        return self.signer.sign(pdf, f"{data.number} {data.verification_code}")


def as_press(template: Path | Press) -> Press:
    """A press for a bare template folder: no issuer, unsigned."""
    return template if isinstance(template, Press) else Press(template)


def learned(
    course: Course, language: str, modules: tuple[str, ...] | None
) -> tuple[tuple[str, ...], int | None]:
    """What the certificate says was learned: module titles and hours.

    Outcomes are not modelled, so the titles of the modules of the path
    completed (all current modules without a path) stand for them; hours are
    the course's estimated minutes (printed in half hours).
    """
    titles = tuple(
        in_language({t.language: t.title for t in m.texts}, language, course.language)
        for m in sorted(course.modules, key=lambda m: m.position)
        if m.retired_at is None and (modules is None or m.slug in modules)
    )
    minutes = course.estimated_minutes or None
    return titles, minutes
