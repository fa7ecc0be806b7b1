"""Who signed a PDF, and whether it is still what was signed (pyHanko), for ``briefing verify``.

Nothing is fetched: no revocation list, no OCSP, no timestamp authority. A signer's
certificate is checked against the certificates the recipient names (``--trust``); without
them, verify says who the certificate names and that nobody vouched for it.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC


@dataclass
class Signed:
    """What the signatures of a PDF say: a line for the summary, and its problems."""

    summary: str = "none (the file is not signed)"
    problems: list[str] = field(default_factory=list)
    signed: bool = False  # and every signature holds for the whole file


def examine(data: bytes, trusted: list[bytes]) -> Signed:
    """The signatures of ``data``; ``trusted``: certificates (PEM or DER) the signer's must
    chain to."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its tracebacks are not for readers
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    if not signatures:
        return Signed()
    found = Signed(summary="", signed=True)
    for signature in signatures:
        try:
            line, problems = _one(signature, trusted)
        except Exception as exc:  # noqa: BLE001 - a damaged signature, in pyHanko's words
            line = "a signature that cannot be read"
            problems = [f"a signature cannot be checked ({type(exc).__name__}: "
                        f"{' '.join(str(exc).split())[:160]})"]
        found.summary += ("; " if found.summary else "") + line
        found.problems += problems
    found.signed = not found.problems
    return found


def certificate(data: bytes):
    """A certificate from PEM or DER bytes; ValueError when it is not one."""
    from asn1crypto import pem, x509

    try:
        loaded = x509.Certificate.load(pem.unarmor(data)[2] if pem.detect(data) else data)
        _ = loaded.native  # parses it all, here rather than in the middle of a validation
    except Exception as exc:  # noqa: BLE001 - asn1crypto's many ways of saying "not this"
        raise ValueError("not a certificate (PEM or DER)") from exc
    return loaded


def _one(signature, trusted: list[bytes]) -> tuple[str, list[str]]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = [certificate(c) for c in trusted]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(signature, context)
    who = _named(status.signing_cert.subject)
    when = status.signer_reported_dt
    line = f"signed by {who}" + (f" on {when.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if when else "")
    problems = []
    if not (status.intact and status.valid):
        problems.append(f"the signature by {who} does not match the document: it was changed "
                        "after it was signed")
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append(f"the document was changed after {who} signed it (an update was added "
                        "to the file after the signature)")
    if status.trusted:
        line += "; the certificate is one you trust"
    elif trusted:
        problems.append(f"the certificate of {who} is not one you trust (--trust)")
    else:
        line += "; nobody vouched for the certificate (give --trust with the signer's certificate)"
    return line, problems


def _named(subject) -> str:
    """A certificate's subject as a reader names it: "Jane Doe (Briefing team, jane@...)"."""
    parts = subject.native
    name = parts.get("common_name") or subject.human_friendly
    more = [parts[k] for k in ("organization_name", "email_address") if parts.get(k)]
    return f"{name} ({', '.join(more)})" if more else name
