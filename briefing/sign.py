"""``briefing sign FILE.pdf --key KEY.p12``: a signed copy of an edition, PAdES baseline B-B.

Signing is a step of its own, after the build: it writes a separate file (``briefing.pdf``
gives ``briefing.signed.pdf``), so the editions the build writes stay byte for byte what
the content makes, while a signature carries the time it was made. The signature (pyHanko)
is an incremental update of the edition, which keeps its pages, tags and attachments.

The key is a PKCS#12 file (``.p12``, ``.pfx``) named on the command line or by
``BRIEFING_SIGN_KEY``; its passphrase comes from ``BRIEFING_SIGN_PASSPHRASE`` (or the
variable ``--passphrase-env`` names), else it is asked for at the terminal. Neither is ever
read from the content. An edition whose evidence does not verify is not signed.
"""

from __future__ import annotations

import argparse
import getpass
import io
import os
import sys
from pathlib import Path

from . import atomic, files
from .diagnostics import Diagnostics, Location

KEY_VARIABLE, PASSPHRASE_VARIABLE = "BRIEFING_SIGN_KEY", "BRIEFING_SIGN_PASSPHRASE"
MB = 1 << 20


class SignError(Exception):
    """Not signed, for a reason a person can fix: one line, and the file it is about."""

    def __init__(self, where: str, message: str, hint: str = ""):
        super().__init__(message)
        self.where, self.message, self.hint = where, message, hint


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the PDF edition to sign")
    parser.add_argument("--key", type=Path, help=f"the signer's key and certificate, PKCS#12 "
                        f"(default: the file ${KEY_VARIABLE} names)")
    parser.add_argument("--passphrase-env", default=PASSPHRASE_VARIABLE, metavar="VARIABLE",
                        help=f"the environment variable holding the key's passphrase (default: "
                        f"{PASSPHRASE_VARIABLE}; unset: asked at the terminal)")
    parser.add_argument("--output", type=Path, help="the signed copy (default: FILE.signed.pdf)")


def run(args: argparse.Namespace) -> int:
    output = args.output or args.pdf.with_suffix(".signed.pdf")
    try:
        key = args.key or (Path(os.environ[KEY_VARIABLE]) if os.environ.get(KEY_VARIABLE) else None)
        if key is None:
            raise SignError(str(args.pdf), "no key to sign with",
                            f"give --key KEY.p12, or set {KEY_VARIABLE}")
        if output.absolute() == args.pdf.absolute():
            raise SignError(str(output), "the signed copy would replace the edition itself",
                            "give another --output")
        data = _read(args.pdf, 200 * MB)
        _verified(args.pdf, data)
        signed = sign_pdf(data, _read(key, MB), _passphrase(args.passphrase_env), str(key))
    except SignError as exc:
        problems = Diagnostics()
        problems.error(Location(exc.where), exc.message, "sign.failed", exc.hint)
        problems.report(sys.stderr, totals=False)
        return 1
    atomic.write_bytes(output, signed)
    print(f"{output}: signed copy of {args.pdf} written ({len(signed) // 1024} KB); "
          f"check it with: briefing verify {output}")
    return 0


def _read(path: Path, limit: int) -> bytes:
    try:
        return files.read_regular(path, limit)
    except OSError as exc:
        raise SignError(str(path), f"cannot be read: {exc.strerror or exc}") from None


def _verified(path: Path, data: bytes) -> None:
    """The edition's evidence holds (an edition that does not verify is not signed)."""
    from .verify import checked

    report = checked(data, str(path), [])
    if report.diagnostics.errors:
        first = report.diagnostics.sorted()[0]
        raise SignError(str(path), f"not signed: it does not verify ({first.message})",
                        f"briefing verify {path} says what is wrong")


def _passphrase(variable: str) -> bytes | None:
    if variable in os.environ:
        return os.environ[variable].encode("utf-8")
    if sys.stdin.isatty():
        return getpass.getpass("passphrase of the key: ").encode("utf-8") or None
    return None


def sign_pdf(data: bytes, key: bytes, passphrase: bytes | None, key_name: str) -> bytes:
    """``data`` with a PAdES B-B signature by the key and certificate of ``key`` (PKCS#12)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(key, passphrase, key_name)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name="Signature", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def _signer(key: bytes, passphrase: bytes | None, key_name: str):
    from pyhanko.sign import signers

    try:
        return signers.SimpleSigner.load_pkcs12_data(key, [], passphrase)
    except (ValueError, TypeError, AttributeError):  # not PKCS#12, wrong passphrase, no key
        raise SignError(key_name, "the key cannot be opened: not a PKCS#12 file with a key and "
                        "its certificate, or the passphrase is wrong",
                        f"set {PASSPHRASE_VARIABLE} to its passphrase") from None
