"""Certificate PDFs: the data printed, the template run and a confined WeasyPrint."""

from __future__ import annotations

import json
import mimetypes
import re
import threading
import warnings
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from lms.certify.codes import normalize_code
from lms.certify.labels import (
    LANGUAGES,
    Language,
    format_day,
    format_score,
    labels_for,
)
from lms.certify.localtime import local_day, zone

ATTACHMENT_NAME: Final = "certificate.json"
# A second attachment: the certificate as a signed Open Badges 3.0 credential.
# lms.badges registers the hook that makes it (data, status index, course slug).
CREDENTIAL_NAME: Final = "open-badge-credential.json"
CredentialHook = Callable[["CertificateData", int, str], bytes | None]
CREDENTIAL_HOOKS: list[CredentialHook] = []
PDF_VARIANT: Final = "pdf/a-3b"

_TEMPLATE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Above these lengths the template steps down the type size to stay on one page.
_NAME_STEPS, _TITLE_STEPS = (40, 70), (60, 110)


class ResourceRefused(ValueError):
    """A certificate template asked for a resource outside its folder."""


class CertificateRenderError(RuntimeError):
    """The certificate template could not be rendered, e.g. a resource was refused."""


@dataclass(frozen=True, slots=True)
class CertificateData:
    """Everything printed on one certificate, and recorded in its attachment."""

    holder_name: str
    course_title: str
    completed_on: date
    score_percent: float | None
    valid_until: date | None
    number: str
    verification_code: str
    verify_url: str
    content_version: str
    language: Language
    issued_at: datetime
    path_title: str | None = None  # the learning path completed, if the course has
    time_zone: str = "UTC"  # IANA zone of the printed days (LMS_TIMEZONE)
    # The issuer (lms/certify/issuer.py) and what was learned (press.learned).
    issuer_name: str = ""
    issuer_url: str = ""
    issuer_address: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    modules: tuple[str, ...] = ()
    estimated_minutes: int | None = None

    def __post_init__(self) -> None:
        if not self.holder_name.strip() or not self.course_title.strip():
            raise ValueError("holder name and course title must not be blank")
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported certificate language: {self.language!r}")
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must be timezone-aware")
        zone(self.time_zone)  # ValueError for an unknown zone
        if self.score_percent is not None and not 0 <= self.score_percent <= 100:
            raise ValueError(f"score out of range: {self.score_percent}")
        if normalize_code(self.verification_code) != self.verification_code:
            raise ValueError(f"not a canonical code: {self.verification_code!r}")
        if urlsplit(self.verify_url).scheme not in {"https", "http"}:
            raise ValueError(f"verify URL must be http(s): {self.verify_url!r}")


def certificate_record(data: CertificateData) -> dict[str, Any]:
    """Return all fields as JSON-ready values: dates and times in ISO 8601."""
    record = asdict(data)
    for key, value in record.items():
        if isinstance(value, date):  # datetime is a date too
            record[key] = value.isoformat()
    issuer = {key: record.pop(f"issuer_{key}") for key in ("name", "url", "address")}
    signatory = {key: record.pop(f"signatory_{key}") for key in ("name", "title")}
    record["issuer"] = {**issuer, "signatory": signatory}
    record["modules"] = list(data.modules)
    return record


def hours_text(minutes: int | None, language: str) -> str | None:
    """Minutes as hours to the nearest half hour: "4.5 hours", "4,5 Stunden"."""
    if not minutes:
        return None
    hours = max(0.5, round(minutes / 30) / 2)
    number = f"{hours:g}".replace(".", "," if language == "de" else ".")
    return labels_for(language)["hours"].format(hours=number)


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint is untyped
    """Serve files inside one folder and ``data:`` URIs; refuse everything else.

    Paths are resolved (symbolic links followed, ``..`` collapsed) before the
    containment check. A refusal is fatal to the render instead of leaving a
    hole in the certificate.
    """

    def __init__(self, root: Path) -> None:
        # The stdlib opener underneath only ever sees data: URIs.
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)
        self.root = root.resolve(strict=True)

    @property
    def base_url(self) -> str:
        """The folder as a file URL, for relative references in HTML and CSS."""
        return self.root.as_uri() + "/"

    def fetch(
        self, url: str, headers: Mapping[str, str] | None = None
    ) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise `ResourceRefused`."""
        scheme, _, _ = url.partition(":")
        scheme = scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.resolve(url)
            content_type = mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(
                path.as_uri(),
                body=path.read_bytes(),
                headers={"Content-Type": content_type or "application/octet-stream"},
            )
        raise ResourceRefused(f"refused {_shorten(url)}: only local files and data:")

    def resolve(self, url: str) -> Path:
        """Return the file a ``file:`` URL names if it lies inside the folder."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in {"", "localhost"}:
            raise ResourceRefused(f"refused {_shorten(url)}: not a local file URL")
        path = Path(unquote(parts.path))
        if not path.is_absolute():
            raise ResourceRefused(f"refused {_shorten(url)}: not an absolute path")
        try:
            path = path.resolve(strict=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ResourceRefused(f"refused {_shorten(url)}: {exc}") from None
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ResourceRefused(
                f"refused {_shorten(url)}: not a file inside {self.root}"
            )
        return path


def _shorten(url: str) -> str:
    return repr(url if len(url) <= 80 else url[:77] + "...")


@dataclass(frozen=True)
class _Prepared:
    """The per-template objects worth keeping between renders."""

    css_mtime_ns: int
    fetcher: ConfinedFetcher
    font_config: FontConfiguration
    stylesheet: CSS
    # A FontConfiguration holds Pango and fontconfig state that is not
    # documented as thread-safe, so renders sharing one take turns.
    lock: threading.Lock


_cache_lock = threading.Lock()
_prepared: dict[Path, _Prepared] = {}
_environments: dict[Path, Environment] = {}


def _environment(root: Path) -> Environment:
    with _cache_lock:
        environment = _environments.get(root)
        if environment is None:
            environment = Environment(
                loader=FileSystemLoader(root),
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            _environments[root] = environment
        return environment


def _prepare(root: Path, template_name: str) -> _Prepared:
    """Return fonts and CSS for a template, rebuilt when the CSS file changes."""
    css_path = root / f"{template_name}.css"
    mtime_ns = css_path.stat().st_mtime_ns
    with _cache_lock:
        prepared = _prepared.get(css_path)
        if prepared is not None and prepared.css_mtime_ns == mtime_ns:
            return prepared
        fetcher = ConfinedFetcher(root)
        font_config = FontConfiguration()
        css_text = fetcher.resolve(css_path.as_uri()).read_text(encoding="utf-8")
        try:
            stylesheet = CSS(
                string=css_text,
                base_url=fetcher.base_url,
                url_fetcher=fetcher,
                font_config=font_config,
            )
        except FatalURLFetchingError as exc:
            raise CertificateRenderError(f"{css_path}: {exc.__cause__}") from exc
        prepared = _Prepared(
            mtime_ns, fetcher, font_config, stylesheet, threading.Lock()
        )
        _prepared[css_path] = prepared
        return prepared


def _qr_data_uri(url: str) -> str:
    # Never a Micro QR code, which few phone cameras read.
    data_uri: str = segno.make(url, error="m", micro=False).svg_data_uri(scale=4)
    return data_uri


def _size_class(text: str, steps: tuple[int, int]) -> str:
    long, longer = steps
    if len(text) > longer:
        return "longer"
    return "long" if len(text) > long else "normal"


def template_context(
    data: CertificateData, images: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return the variables a certificate template sees."""
    language = data.language
    labels = labels_for(language)
    return {
        "certificate": data,
        "labels": labels,
        "language": language,
        "completed_on": format_day(data.completed_on, language),
        "valid_until": (
            format_day(data.valid_until, language)
            if data.valid_until is not None
            else labels["no_expiry"]
        ),
        "score": (
            format_score(data.score_percent, language)
            if data.score_percent is not None
            else None
        ),
        "issued_on": format_day(local_day(data.issued_at, data.time_zone), language),
        "issued_at_iso": data.issued_at.astimezone(UTC).isoformat(),
        "qr_data_uri": _qr_data_uri(data.verify_url),
        "name_size": _size_class(data.holder_name, _NAME_STEPS),
        "title_size": _size_class(data.course_title, _TITLE_STEPS),
        "hours": hours_text(data.estimated_minutes, language),
        "images": images or {},
    }


def signed_credential(
    data: CertificateData, status_index: int, slug: str
) -> bytes | None:
    """The first registered hook's credential for this certificate, if any."""
    for hook in CREDENTIAL_HOOKS:
        credential = hook(data, status_index, slug)
        if credential is not None:
            return credential
    return None


def render_certificate(
    data: CertificateData,
    template_dir: Path,
    template_name: str = "default",
    images: Mapping[str, str] | None = None,
    credential: bytes | None = None,
) -> bytes:
    """Render a one-page PDF/A-3b certificate with its JSON record attached.

    ``template_dir`` is the folder holding ``<template_name>.html``,
    ``<template_name>.css`` and ``fonts/`` (the repository's ``certificates/``);
    the PDF may use nothing from outside it. ``images`` are ``data:`` URIs of
    the issuer's logo and signature (keys ``logo``, ``signature``).
    """
    if not _TEMPLATE_NAME.fullmatch(template_name):
        raise ValueError(f"invalid certificate template name: {template_name!r}")
    root = template_dir.resolve(strict=True)
    prepared = _prepare(root, template_name)
    template = _environment(root).get_template(f"{template_name}.html")
    html = HTML(
        string=template.render(template_context(data, images)),
        base_url=prepared.fetcher.base_url,
        url_fetcher=prepared.fetcher,
    )
    issued_at_utc = data.issued_at.astimezone(UTC)
    record = json.dumps(
        certificate_record(data), ensure_ascii=False, indent=2, sort_keys=True
    )
    attachment = Attachment(
        string=record.encode(),
        name=ATTACHMENT_NAME,
        description=labels_for(data.language)["attachment"],
        # WeasyPrint writes these as UTC ("...Z") whatever their zone.
        created=issued_at_utc,
        modified=issued_at_utc,
        relationship="Data",
        url_fetcher=prepared.fetcher,
    )
    attachments = [attachment]
    if credential is not None:
        attachments.append(
            Attachment(
                string=credential,
                name=CREDENTIAL_NAME,
                description="Open Badges 3.0 credential",
                created=issued_at_utc,
                modified=issued_at_utc,
                relationship="Data",
                url_fetcher=prepared.fetcher,
            )
        )
    try:
        with prepared.lock, warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB profile for the PDF/A output intent
            # and never closes it; the warning is about its file, not ours.
            warnings.filterwarnings(
                "ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning
            )
            pdf: bytes = html.write_pdf(
                stylesheets=[prepared.stylesheet],
                font_config=prepared.font_config,
                pdf_variant=PDF_VARIANT,
                attachments=attachments,
            )
    except FatalURLFetchingError as exc:
        raise CertificateRenderError(f"{template_name}: {exc.__cause__}") from exc
    return pdf
