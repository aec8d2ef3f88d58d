"""Sign PDF bytes with a PAdES baseline signature, as an incremental update.

The original bytes stay untouched in front of the signature, so a PDF/A-3b file
stays PDF/A-3b: pyHanko appends an invisible signature field (a zero-size,
printable widget, which PDF/A allows without an appearance) and updates the
Info dictionary and the XMP metadata together.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Final

from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.keys.pemder import load_certs_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore

from lms.certify.signing.keys import SigningIdentity

FIELD_NAME: Final = "IssuerSignature"


@dataclass(frozen=True)
class PdfSigner:
    """A pyHanko signer for one identity; build once, sign many files."""

    signer: signers.SimpleSigner
    name: str
    location: str
    # Room for the CMS blob: the certificates it embeds, the signature and the
    # signed attributes. Given, pyHanko need not sign twice to measure it.
    bytes_reserved: int = 8192

    def sign(self, pdf: bytes, reason: str) -> bytes:
        """Return ``pdf`` with a certifying PAdES signature appended."""
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        _same_producer_in_info_and_xmp(writer)
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            # "Certified, no changes allowed": any later edit is reported.
            certify=True,
            docmdp_permissions=MDPPerm.NO_CHANGES,
            signer_key_usage={"digital_signature"},
            reason=reason,
            location=self.location or None,
            name=self.name or None,
        )
        out = BytesIO()
        signing = signers.PdfSigner(metadata, signer=self.signer).async_sign_pdf(
            writer, output=out, bytes_reserved=self.bytes_reserved
        )
        _run(signing)
        return out.getvalue()


def _run(coroutine: Coroutine[Any, Any, object]) -> None:
    """Run pyHanko's coroutine to the end, also where an event loop runs.

    pyHanko's synchronous API calls ``asyncio.run``, which fails in a thread
    that already runs a loop (an async server, Playwright's sync API in tests);
    there the coroutine runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def _same_producer_in_info_and_xmp(writer: IncrementalPdfFileWriter) -> None:
    """Give the new Info dictionary the producer pyHanko writes into the XMP.

    pyHanko appends its name to the Info ``/Producer`` but sets the XMP
    ``pdf:Producer`` to its name alone; PDF/A wants the two equal.
    """
    try:
        old = writer.trailer["/Info"].get_object()
    except KeyError:
        old = {}
    info = generic.DictionaryObject(old)  # type: ignore[no-untyped-call]
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.set_info(info)


def pdf_signer(identity: SigningIdentity, name: str, location: str = "") -> PdfSigner:
    """Build the signer for ``identity`` (the chain is every cert in the PEM)."""
    certs = list(load_certs_from_pemder_data(identity.cert_pem))
    key = load_private_key_from_pemder_data(identity.key_pem, passphrase=None)
    signer = signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(certs),  # type: ignore[no-untyped-call]
    )
    chain = sum(len(cert.dump()) for cert in certs)
    # Hex digits: two per byte of the DER blob.
    return PdfSigner(signer, name, location, bytes_reserved=2 * (chain + 3072))


__all__ = ["FIELD_NAME", "PdfSigner", "pdf_signer"]
