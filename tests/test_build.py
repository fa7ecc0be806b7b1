"""The task graph end to end on a small root: outputs, the export contract, incremental runs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from conftest import REPO, ran, run_doit
from pypdf import PdfReader


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_clean_build_makes_every_output(built_project):
    build = built_project / "build"
    for name in ("briefing.pdf", "briefing-letter.pdf", "briefing.html", "content.json",
                 "ledger.json", "ledger.csv", "figures/timeline.svg"):
        assert (build / name).stat().st_size > 0, name


def test_pdf_reads_back_title_quotation_and_footnote(built_project):
    reader = PdfReader(built_project / "build" / "briefing.pdf")
    assert reader.metadata.title == "Test Briefing on Cooperation"
    text = pdf_text(built_project / "build" / "briefing.pdf")
    assert "Test Briefing on Cooperation" in text
    assert "explore joint work on early warning" in text  # a verbatim quotation
    assert "Gazette 2007 (grade B)" in text  # a footnote: source short form and grade


def test_editions_differ_in_page_size(built_project):
    a4 = PdfReader(built_project / "build" / "briefing.pdf").pages[0].mediabox
    letter = PdfReader(built_project / "build" / "briefing-letter.pdf").pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_ledger_json_contract(built_project):
    data = json.loads((built_project / "build" / "ledger.json").read_text(encoding="utf-8"))
    assert set(data) == {"document", "sources", "events"}
    source = data["sources"][0]
    assert {"id", "title", "archive", "sha256", "grade"} <= set(source)
    assert source["archive"] == "content/archive/gazette.txt"
    event = data["events"][1]
    assert {"id", "date", "date_precision", "approx", "actors", "domain", "kind", "summary",
            "outcome", "citations"} <= set(event)
    assert event["date"] == "2007-08" and event["date_precision"] == "month" and event["approx"]
    assert event["actors"] == {"from": [{"name": "Country B", "role": None, "side": "Country B"}],
                               "to": [], "unnamed": None}
    assert event["placed"] is None
    assert event["citations"][0] == {"source": "gazette", "speaker": None, "via": None, "quote": (
        "A second meeting ended without agreement - the proposal was set aside.")}


def test_ledger_csv_has_one_row_per_event(built_project):
    text = (built_project / "build" / "ledger.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == ["minister-offer-2007", "second-meeting-2007"]
    assert rows[0]["citations"] == ('gazette: "explore joint work on early warning" | '
                                    'gazette: "the proposal was set aside"')


def test_second_run_does_nothing(built_project):
    result = run_doit(built_project)
    assert result.returncode == 0
    assert ran(result) == set()


def test_editing_a_summary_reruns_no_figure(project):
    assert run_doit(project, "-n", "1").returncode == 0  # one task at a time, as on one core
    ledger = project / "content" / "ledger" / "2007.yaml"
    ledger.write_text(ledger.read_text().replace("offered joint work", "proposed joint work"))
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"validate", "html", "pdf:a4", "pdf:letter", "export"} <= ran(result)
    assert not {t for t in ran(result) if t.startswith("figures:")}
    assert "proposed joint work" in pdf_text(project / "build" / "briefing.pdf")


def test_bad_content_fails_with_one_line_and_keeps_the_pdf(project):
    assert run_doit(project).returncode == 0
    before = (project / "build" / "briefing.pdf").read_bytes()
    ledger = project / "content" / "ledger" / "2007.yaml"
    ledger.write_text(ledger.read_text().replace("date: 2007-08", "date: 2007-13"))
    result = run_doit(project)
    assert result.returncode != 0
    assert ("content/ledger/2007.yaml:16:9: error: date: date '2007-13' has no month 13 "
            "[date.impossible]") in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (project / "build" / "briefing.pdf").read_bytes() == before


def test_strict_mode_fails_on_warnings(project):
    (project / "content" / "notes.txt").write_text("stray file")
    assert run_doit(project).returncode == 0
    result = run_doit(project, "strict=1")
    assert result.returncode != 0
    assert "content/notes.txt: warning: file is not part of the content" in result.stderr


def test_loading_dodo_imports_nothing_heavy():
    code = ("import sys, dodo; heavy = {'weasyprint', 'matplotlib', 'jinja2', 'pydantic', 'yaml'}"
            " & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_doit_list_describes_every_task():
    out = subprocess.run([sys.executable, "-m", "doit", "list", "--all"], cwd=REPO,
                         capture_output=True, text=True)
    lines = out.stdout.splitlines()
    names = {line.split()[0] for line in lines}
    assert {"validate", "figures", "html", "pdf", "export"} <= names
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)
