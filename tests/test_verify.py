"""``briefing verify`` and ``briefing sign`` as a recipient and an editor use them (issue 23).

A recipient has the PDF alone, in an empty folder, and no network: every case copies it
there and runs the command with sockets refused. Each tampering makes verify fail with its
own line, and the rest of what it prints stays as it was for the good PDF.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import make_project, run_doit

#: Runs the command with every network connection refused: verify must fetch nothing.
_OFFLINE = """
import socket, sys
def refused(*args, **kwargs):
    raise OSError("verify tried to use the network")
socket.socket.connect = socket.create_connection = socket.getaddrinfo = refused
from briefing.__main__ import main
sys.exit(main(sys.argv[1:]))
"""
VERIFIED = ("verified: every attached file matches the manifest, every quotation is in its "
            "source's archived text, and every note is printed as the content has it")
QUOTE = "explore joint work on early warning"


def command(folder: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _OFFLINE, *args], cwd=folder, text=True,
                          capture_output=True, timeout=300, env=env)


def alone(pdf: Path, folder: Path, name: str = "briefing.pdf") -> Path:
    """``pdf`` copied alone into an empty folder, as a recipient has it."""
    folder.mkdir(parents=True)
    return Path(shutil.copy(pdf, folder / name))


def rewritten(pdf: Path, target: Path, change, manifest: bool = False) -> Path:
    """``pdf`` with its attachments changed by ``change(files)``; with ``manifest``, the
    manifest made to list the changed files' digests, as a forger would."""
    with pikepdf.open(pdf) as opened:
        files = {n: s.get_file().read_bytes() for n, s in opened.attachments.items()}
        change(files)
        if manifest:
            listed = json.loads(files["manifest.json"])
            for entry in listed["files"]:
                entry["sha256"] = hashlib.sha256(files[entry["name"]]).hexdigest()
            files["manifest.json"] = json.dumps(listed).encode()
        for name in list(opened.attachments):
            del opened.attachments[name]
        for name, data in files.items():
            opened.attachments[name] = pikepdf.AttachedFileSpec(opened, data, filename=name)
        opened.save(target)
    return target


@pytest.fixture(scope="module")
def good(built_project, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The A4 edition of test-basic alone in a folder, and what verify says of it."""
    pdf = alone(built_project / "build" / "briefing.pdf", tmp_path_factory.mktemp("good") / "in")
    return pdf, command(pdf.parent, "verify", pdf.name)


def throwaway(*names: tuple) -> tuple:
    """A new private key and a self-signed certificate for it, naming ``names``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(oid, value) for oid, value in names])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(private.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(private, hashes.SHA256()))
    return private, certificate


def pem(certificate) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> tuple[Path, Path]:
    """A throwaway signing key (PKCS#12, passphrase "test") and its certificate (PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("key")
    private, certificate = throwaway((NameOID.COMMON_NAME, "Test Editor"),
                                     (NameOID.ORGANIZATION_NAME, "Test Desk"))
    (folder / "key.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"editor", private, certificate, None, serialization.BestAvailableEncryption(b"test")))
    (folder / "cert.pem").write_bytes(pem(certificate))
    return folder / "key.p12", folder / "cert.pem"


def signed_copy(pdf: Path, key: Path) -> Path:
    result = command(pdf.parent, "sign", pdf.name, "--key", str(key),
                     env={"BRIEFING_SIGN_PASSPHRASE": "test", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    return pdf.with_suffix(".signed.pdf")


def only_the_verdict_changed(good: subprocess.CompletedProcess, bad: subprocess.CompletedProcess,
                             problems: int) -> None:
    assert bad.returncode == 1
    kept, verdict = good.stdout.splitlines()[:-1], f"NOT verified: {problems} problem" + (
        "s" if problems != 1 else "")
    assert bad.stdout.splitlines() == kept + [verdict]


def test_a_pdf_alone_in_an_empty_folder_verifies_offline(good):
    pdf, result = good
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "briefing.pdf: “Test Briefing on Cooperation”, edition 0.1 of 15 January 2024; A4, "
        f"{len(pikepdf.open(pdf).pages)} pages",
        "evidence: 6 attached files; 1 source, 2 events, 4 quotations, 4 notes",
        "signature: none (the file is not signed)",
        VERIFIED]
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["briefing.pdf"]  # wrote nothing


def test_the_letter_edition_verifies_too(built_project, tmp_path):
    pdf = alone(built_project / "build" / "briefing-letter.pdf", tmp_path / "in")
    result = command(pdf.parent, "verify", pdf.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "; US Letter, " in result.stdout.splitlines()[0]


def test_an_attachment_replaced_is_named(good, tmp_path):
    pdf = rewritten(good[0], tmp_path / "briefing.pdf",
                    lambda files: files.update({"gazette.txt": b"The minister said nothing.\n"}))
    result = command(tmp_path, "verify", pdf.name)
    assert result.stderr.splitlines() == [
        "briefing.pdf: error: gazette.txt (the archived text of source 'gazette') does not "
        "match its SHA-256 in the manifest: it was changed or replaced after the briefing was "
        "made [verify.hash]"]
    only_the_verdict_changed(good[1], result, 1)


def _requoted(files):
    """The event's quotation changed (the first place it is in content.json, sorted keys)."""
    files["content.json"] = files["content.json"].replace(
        QUOTE.encode(), b"explore joint work on air defence", 1)


def test_a_quotation_changed_in_the_content_is_named(good, tmp_path):
    pdf = rewritten(good[0], tmp_path / "briefing.pdf", _requoted)
    result = command(tmp_path, "verify", pdf.name)
    assert result.stderr.splitlines() == [
        "briefing.pdf: error: content.json (the validated content this briefing is made from) "
        "does not match its SHA-256 in the manifest: it was changed or replaced after the "
        "briefing was made [verify.hash]"]
    only_the_verdict_changed(good[1], result, 1)


def test_a_quotation_changed_with_its_manifest_is_found_out(good, tmp_path):
    pdf = rewritten(good[0], tmp_path / "briefing.pdf", _requoted, manifest=True)
    result = command(tmp_path, "verify", pdf.name)
    assert result.stderr.splitlines() == [
        "briefing.pdf: error: ledger.json, ledger.csv are not what the attached content.json "
        "gives, which they are made from [verify.derived]",
        "briefing.pdf: error: note 3 (citing minister-offer-2007) is not printed as the attached "
        "content has it [verify.note]",
        "briefing.pdf: error: source 'gazette': the quotation \"explore joint work on air "
        "defence\" of event 'minister-offer-2007' is not in its archived text [verify.quote]"]
    only_the_verdict_changed(good[1], result, 3)


def test_a_byte_flipped_in_a_signed_pdf_breaks_its_signature(good, key, tmp_path):
    signed = signed_copy(alone(good[0], tmp_path / "in"), key[0])
    before = command(signed.parent, "verify", signed.name)
    assert before.returncode == 0, before.stdout + before.stderr
    data = bytearray(signed.read_bytes())
    data[data.index(b"\n") + 2] ^= 0x01  # in the header's binary comment: the pages are intact
    signed.write_bytes(bytes(data))
    after = command(signed.parent, "verify", signed.name)
    assert after.stderr.splitlines() == [
        "briefing.signed.pdf: error: the signature by Test Editor (Test Desk) does not match "
        "the document: it was changed after it was signed [verify.signature]"]
    assert after.returncode == 1
    assert after.stdout.splitlines() == before.stdout.splitlines()[:-1] + ["NOT verified: 1 problem"]


def test_the_pdf_of_another_briefing_with_this_evidence_is_told(good, tmp_path):
    other = make_project(tmp_path / "other", "test-trade")
    assert run_doit(other).returncode == 0
    with pikepdf.open(good[0]) as opened:
        evidence = {n: s.get_file().read_bytes() for n, s in opened.attachments.items()}
    pdf = rewritten(other / "build" / "briefing.pdf", tmp_path / "briefing.pdf",
                    lambda files: (files.clear(), files.update(evidence)))
    result = command(tmp_path, "verify", pdf.name)
    assert result.stderr.splitlines() == [
        "briefing.pdf: error: the PDF is “Tariff Pledges between Alba and Borea”, but its "
        "evidence is of another briefing, “Test Briefing on Cooperation” [verify.other-briefing]"]
    pages = len(pikepdf.open(pdf).pages)
    expected = good[1].stdout.splitlines()[:-1]
    expected[0] = expected[0].rsplit(", ", 1)[0] + f", {pages} pages"
    assert result.stdout.splitlines() == expected + ["NOT verified: 1 problem"]


def test_a_pdf_with_no_evidence_is_told(good, tmp_path):
    pdf = rewritten(good[0], tmp_path / "briefing.pdf", lambda files: files.clear())
    result = command(tmp_path, "verify", pdf.name)
    assert result.stderr.splitlines() == [
        "briefing.pdf: error: the PDF carries no evidence (no manifest.json attached): an "
        "edition made before the briefing build attached its evidence, or a PDF the briefing "
        "build did not make [verify.no-evidence]"]
    lines = good[1].stdout.splitlines()
    assert result.stdout.splitlines() == [
        lines[0].replace(", edition 0.1 of 15 January 2024", ""), lines[2],
        "NOT verified: 1 problem"]
    assert result.returncode == 1


def test_a_file_that_is_not_a_pdf_is_one_line(tmp_path):
    (tmp_path / "notes.pdf").write_text("not a PDF at all\n")
    result = command(tmp_path, "verify", "notes.pdf")
    assert result.stderr == ("notes.pdf: error: is not a PDF that can be read (PdfError: unable "
                             "to find trailer dictionary while recovering damaged file) "
                             "[verify.unreadable]\n")
    assert result.stdout == "NOT verified: 1 problem\n" and result.returncode == 1


def test_a_file_over_the_size_limit_is_not_read(good, tmp_path):
    result = command(good[0].parent, "verify", good[0].name, "--max-size", "0")
    assert result.stderr.startswith("briefing.pdf: error: the file is ")
    assert result.stderr.splitlines()[0].endswith(", more than 0 MB [verify.too-large]")
    assert result.returncode == 1


def test_a_signature_names_its_signer_and_whom_you_trust(good, key, tmp_path):
    signed = signed_copy(alone(good[0], tmp_path / "in"), key[0])
    assert signed.name == "briefing.signed.pdf"
    assert (tmp_path / "in" / "briefing.pdf").read_bytes() == good[0].read_bytes()  # unchanged
    plain = command(signed.parent, "verify", signed.name).stdout.splitlines()
    assert plain[2].startswith("signature: signed by Test Editor (Test Desk) on ")
    assert plain[2].endswith("; nobody vouched for the certificate (give --trust with the "
                             "signer's certificate)")
    assert plain[3] == VERIFIED + "; the file is as it was signed"
    trusted = command(signed.parent, "verify", signed.name, "--trust", str(key[1]))
    assert trusted.returncode == 0 and "; the certificate is one you trust" in trusted.stdout


def test_a_signer_you_do_not_trust_is_a_problem(good, key, tmp_path):
    signed = signed_copy(alone(good[0], tmp_path / "in"), key[0])
    from cryptography.x509.oid import NameOID

    other = tmp_path / "other.pem"
    other.write_bytes(pem(throwaway((NameOID.COMMON_NAME, "Someone Else"))[1]))
    result = command(signed.parent, "verify", signed.name, "--trust", str(other))
    assert result.stderr.splitlines() == [
        "briefing.signed.pdf: error: the certificate of Test Editor (Test Desk) is not one you "
        "trust (--trust) [verify.signature]"]
    assert result.returncode == 1


def test_an_update_added_after_signing_is_told(good, key, tmp_path):
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = signed_copy(alone(good[0], tmp_path / "in"), key[0])
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()))
    info = writer.root
    info["/PageMode"] = generic.NameObject("/UseAttachments")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    signed.write_bytes(out.getvalue())
    result = command(signed.parent, "verify", signed.name)
    assert result.stderr.splitlines() == [
        "briefing.signed.pdf: error: the document was changed after Test Editor (Test Desk) "
        "signed it (an update was added to the file after the signature) [verify.signature]"]


def test_signing_needs_the_key_and_its_passphrase(good, key, tmp_path):
    pdf = alone(good[0], tmp_path / "in")
    wrong = command(pdf.parent, "sign", pdf.name, "--key", str(key[0]),
                    env={"BRIEFING_SIGN_PASSPHRASE": "guess", "PATH": "/usr/bin:/bin"})
    assert wrong.stderr.splitlines() == [
        f"{key[0]}: error: the key cannot be opened: not a PKCS#12 file with a key and its "
        "certificate, or the passphrase is wrong [sign.failed]",
        "    hint: set BRIEFING_SIGN_PASSPHRASE to its passphrase"]
    none = command(pdf.parent, "sign", pdf.name, env={"PATH": "/usr/bin:/bin"})
    assert none.stderr.splitlines()[0] == "briefing.pdf: error: no key to sign with [sign.failed]"
    assert wrong.returncode == none.returncode == 1
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["briefing.pdf"]


def test_an_edition_that_does_not_verify_is_not_signed(good, key, tmp_path):
    pdf = rewritten(good[0], tmp_path / "briefing.pdf", lambda files: files.clear())
    result = command(tmp_path, "sign", pdf.name, "--key", str(key[0]),
                     env={"BRIEFING_SIGN_PASSPHRASE": "test", "PATH": "/usr/bin:/bin"})
    assert result.stderr.splitlines()[0] == (
        "briefing.pdf: error: not signed: it does not verify (the PDF carries no evidence (no "
        "manifest.json attached): an edition made before the briefing build attached its "
        "evidence, or a PDF the briefing build did not make) [sign.failed]")
    assert not (tmp_path / "briefing.signed.pdf").exists()


def test_an_attachment_made_to_fill_the_memory_is_stopped(good, tmp_path):
    """3 GB of zeros in 3 MB: deflate blocks of 64 MB of zeros, each the same after a full
    flush, repeated (its checksum is wrong, which a reader finds only at the end)."""
    import zlib

    deflate = zlib.compressobj(9)
    first = deflate.compress(bytes(64 << 20)) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(bytes(64 << 20)) + deflate.flush(zlib.Z_FULL_FLUSH)
    bomb = first + again * 47 + deflate.flush()
    with pikepdf.open(good[0]) as opened:
        opened.attachments["big.txt"] = pikepdf.AttachedFileSpec(opened, b"x", filename="big.txt")
        opened.attachments["big.txt"].obj.EF.F.write(bomb, filter=pikepdf.Name.FlateDecode)
        opened.save(tmp_path / "briefing.pdf")
    result = command(tmp_path, "verify", "briefing.pdf")
    [line] = result.stderr.splitlines()
    assert line.startswith("briefing.pdf: error: the attached file big.txt uncompresses to more "
                           "than 20")
    assert line.endswith(" MB, the memory limit [verify.too-large]")
    assert result.returncode == 1


def test_an_original_kept_by_intake_is_checked_against_its_record(tmp_path):
    from test_validate import edit

    project = make_project(tmp_path / "project")
    original = project / "content" / "archive" / "gazette.html"
    original.write_bytes(b"<html><body><p>The minister said ...</p></body></html>\n")
    edit(project, "sources/gazette.yaml", "  body:\n", "  original:\n    path: archive/gazette.html"
         f"\n    sha256: {hashlib.sha256(original.read_bytes()).hexdigest()}\n  body:\n")
    assert run_doit(project).returncode == 0
    pdf = alone(project / "build" / "briefing.pdf", tmp_path / "in")
    result = command(pdf.parent, "verify", pdf.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "evidence: 7 attached files;" in result.stdout
    forged = rewritten(pdf, tmp_path / "briefing.pdf", lambda files: files.update(
        {"gazette.original.html": b"<html><body>Something else</body></html>\n"}), manifest=True)
    result = command(tmp_path, "verify", forged.name)
    assert result.stderr.splitlines() == [
        "briefing.pdf: error: source 'gazette': gazette.original.html is not the file its "
        "record in content.json names (their SHA-256 differ) [verify.archive]"]
