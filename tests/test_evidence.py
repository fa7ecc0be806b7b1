"""The evidence a briefing carries (issue 23): attached to each PDF edition, and offered by the
web edition as one download, the same files and the same bytes for the same content."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile

import pikepdf
import pytest
from conftest import ran, run_doit
from test_validate import edit

from briefing import actions, evidence
from briefing.paths import Project

NAMES = {"content.json", "ledger.json", "ledger.csv", "manifest.json", "gazette.csl.json",
         "gazette.txt"}


def attached(pdf) -> dict[str, pikepdf.Object]:
    with pikepdf.open(pdf) as opened:
        return {name: (spec.obj.get("/AFRelationship"), str(spec.obj.EF.F.get("/Subtype")),
                       spec.get_file().read_bytes(), str(spec.obj.EF.F.Params.ModDate))
                for name, spec in opened.attachments.items()}


@pytest.mark.parametrize("edition", ["briefing.pdf", "briefing-letter.pdf"])
def test_each_edition_carries_the_evidence_with_its_relationships(built_project, edition):
    build = built_project / "build"
    files = attached(build / edition)
    assert set(files) == NAMES
    assert {n: str(f[0]) for n, f in files.items()} == {
        "content.json": "/Source", "gazette.txt": "/Source", "ledger.json": "/Data",
        "ledger.csv": "/Data", "gazette.csl.json": "/Data", "manifest.json": "/Supplement"}
    assert files["gazette.txt"][1] == "/text/plain" and files["ledger.csv"][1] == "/text/csv"
    assert {f[3] for f in files.values()} == {"D:20240115000000Z"}  # the edition's date
    assert files["content.json"][2] == (build / "content.json").read_bytes()
    assert files["ledger.csv"][2] == (build / "ledger.csv").read_bytes()
    assert files["gazette.txt"][2] == (built_project / "content/archive/gazette.txt").read_bytes()
    record = json.loads(files["gazette.csl.json"][2])
    assert record == [{"id": "gazette", "type": "article-newspaper", "container-title":
                       "The Test Gazette", "issued": {"date-parts": [[2007, 7]]},
                       "title": "A Test Column on Cooperation"}]
    with pikepdf.open(build / edition) as opened:
        assert sorted(str(spec.UF) for spec in opened.Root.AF) == sorted(NAMES)
        assert opened.Root.MarkInfo.Marked is True  # still tagged


def test_the_manifest_lists_every_other_file_with_its_digest(built_project):
    files = attached(built_project / "build" / "briefing.pdf")
    manifest = json.loads(files["manifest.json"][2])
    assert manifest["briefing"] == {"title": "Test Briefing on Cooperation", "edition": "0.1",
                                    "date": "2024-01-15"}
    listed = {e["name"]: e for e in manifest["files"]}
    assert set(listed) == NAMES - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(files[name][2]).hexdigest()
        assert entry["size"] == len(files[name][2])
    assert listed["gazette.txt"]["role"] == "archive" and listed["gazette.txt"]["source"] == "gazette"


def test_the_web_edition_offers_the_same_evidence_as_one_download(built_project):
    build = built_project / "build"
    with zipfile.ZipFile(build / "briefing-evidence.zip") as bundle:
        names = bundle.namelist()
        assert all(n.startswith("briefing-evidence/") for n in names)
        held = {n.removeprefix("briefing-evidence/"): bundle.read(n) for n in names}
        assert {i.date_time for i in bundle.infolist()} == {(2024, 1, 15, 0, 0, 0)}
    assert held == {name: f[2] for name, f in attached(build / "briefing.pdf").items()}
    html = (build / "briefing.html").read_text(encoding="utf-8")
    assert ('<a href="briefing-evidence.zip" download="briefing-evidence.zip">'
            'briefing-evidence.zip</a>') in html
    single = (build / "briefing-standalone.html").read_text(encoding="utf-8")
    inlined = re.search(r'<a href="data:application/zip;base64,([^"]+)" download=', single)
    assert base64.b64decode(inlined.group(1)) == (build / "briefing-evidence.zip").read_bytes()
    with pikepdf.open(build / "briefing.pdf") as opened:  # print has no link to a local file
        uris = [str(a.A.URI) for p in opened.pages for a in p.get("/Annots", [])
                if "/A" in a and "/URI" in a.A]
    assert not [u for u in uris if "evidence" in u]


def test_an_original_is_attached_beside_its_archive(project):
    original = project / "content" / "archive" / "gazette.html"
    original.write_bytes(b"<html><body>The minister said ...</body></html>")
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    edit(project, "sources/gazette.yaml", "  body:\n", "  original:\n    path: archive/gazette.html\n"
         f"    sha256: {digest}\n  body:\n")
    assert actions.validate(str(project), False) is None
    actions.export(str(project))
    items = {i.name: i for i in evidence.gather(Project.at(project))}
    assert items["gazette.original.html"].data == original.read_bytes()
    assert items["gazette.original.html"].relationship == "Source"
    assert items["gazette.original.html"].media_type == "text/html"


def test_an_archive_changed_after_validation_is_not_attached(project):
    assert actions.validate(str(project), False) is None
    actions.export(str(project))
    archive = project / "content" / "archive" / "gazette.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    with pytest.raises(evidence.EvidenceError) as failure:
        evidence.gather(Project.at(project))
    assert str(failure.value) == ("source 'gazette': content/archive/gazette.txt has changed "
                                  "since the content was validated; run doit again")


def test_the_bundle_is_the_same_bytes_for_the_same_evidence(built_project):
    items = evidence.gather(Project.at(built_project))
    assert evidence.bundle(items) == evidence.bundle(list(items))
    assert evidence.bundle(items) == (built_project / "build" / "briefing-evidence.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(evidence.bundle(items))) as bundle:
        assert {i.external_attr >> 16 for i in bundle.infolist()} == {0o100644}


def test_the_pdfs_wait_for_what_they_attach_and_rerun_when_it_changes(project):
    assert run_doit(project, "-n", "1").returncode == 0
    result = run_doit(project, "-n", "1", "pdf:a4")
    assert ran(result) == set()
    edit(project, "ledger/2007.yaml", "offered joint work", "proposed joint work")
    result = run_doit(project, "-n", "1", "pdf:a4")  # export is what the PDF attaches
    assert {"validate", "export", "html", "pdf:a4"} <= ran(result), result.stdout
    order = [line[3:].strip() for line in result.stdout.splitlines() if line.startswith(".  ")]
    assert order.index("export") < order.index("pdf:a4")
    files = attached(project / "build" / "briefing.pdf")
    assert b"proposed joint work" in files["ledger.csv"][2]
    assert ran(run_doit(project)) == {"pdf:letter", "standalone", "evidence"}
