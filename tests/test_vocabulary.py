"""The briefing's own words: content/vocabulary.yaml, the checks against it, the fields
checked for what they are, the schemas, an engine free of any subject, and ``new``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build, make_project, run_doit

from briefing import validate as validator
from briefing.diagnostics import ContentError, Diagnostics
from briefing.load import read_vocabulary
from briefing.paths import Project
from briefing.schema import schemas

LEDGER = "content/ledger/2007.yaml"
SOURCE = "content/sources/gazette.yaml"
VOCABULARY = "content/vocabulary.yaml"
DOCUMENT = "content/document.yaml"


def problems(folder: Path) -> list[str]:
    try:
        _, diagnostics = validator.validate(Project.at(folder))
    except ContentError as exc:
        diagnostics = exc.diagnostics
    return [str(d) for d in diagnostics.sorted()]


def edit(folder: Path, rel: str, old: str, new: str) -> None:
    path = folder / "content" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- values checked against the vocabulary ---------------------------------------------------

#: name, file, old text, new text, the exact diagnostic
UNDECLARED = [
    ("misspelt-domain", "ledger/2007.yaml", "domain: missile-defence", "domain: missile-defense",
     f"{LEDGER}:4:11: error: domain: 'missile-defense' is not one of missile-defence, space, "
     "planetary-defence, arctic, general-security [field.choice]\n"
     "    hint: did you mean 'missile-defence'?"),
    ("new-kind", "ledger/2007.yaml", "kind: offer", "kind: pledge",
     f"{LEDGER}:3:9: error: kind: 'pledge' is not one of offer, proposal, response, statement, "
     "agreement, context, assessment [field.choice]\n"
     "    hint: the kinds are declared in content/vocabulary.yaml: add 'pledge' there if it "
     "is a new one"),
    ("new-outcome", "ledger/2007.yaml", "status: rejected", "status: refused",
     f"{LEDGER}:25:21: error: outcome.status: 'refused' is not one of accepted, rejected, "
     "not-pursued, superseded, ongoing, unknown [field.choice]\n"
     "    hint: the outcomes are declared in content/vocabulary.yaml: add 'refused' there if "
     "it is a new one"),
    ("misspelt-genre", "sources/gazette.yaml", "genre: news report", "genre: news reports",
     f"{SOURCE}:3:8: error: genre: 'news reports' is not one of news report, analytical "
     "column, journal article abstract, advocacy timeline, research summary [field.choice]\n"
     "    hint: did you mean 'news report'?"),
    ("declared-twice", "vocabulary.yaml", "  - {id: space, label: space}\n",
     "  - {id: space, label: space}\n  - {id: space, label: outer space}\n",
     f"{VOCABULARY}:9:10: error: domains: 'space' is declared twice [id.duplicate]\n"
     f"    hint: first declared at {VOCABULARY}:8:10"),
    ("no-default-outcome", "vocabulary.yaml", "{id: unknown, label: unknown, roles: [default]}",
     "{id: unknown, label: unknown}",
     f"{VOCABULARY}:21:3: error: outcomes: 0 outcomes have the role 'default', exactly one "
     "must [vocabulary.default]\n"
     "    hint: the default outcome is the status of an event whose sources do not say what "
     "became of it, e.g. - {id: unknown, roles: [default]}"),
    ("two-default-outcomes", "vocabulary.yaml", "{id: ongoing, label: ongoing}",
     "{id: ongoing, label: ongoing, roles: [default]}",
     f"{VOCABULARY}:26:5: error: outcomes: 2 outcomes have the role 'default', exactly one "
     "must [vocabulary.default]\n"
     "    hint: the default outcome is the status of an event whose sources do not say what "
     "became of it, e.g. - {id: unknown, roles: [default]}"),
    ("unknown-role", "vocabulary.yaml", "{id: offer, label: offer, roles: [offers]}",
     "{id: offer, label: offer, roles: [offer]}",
     f"{VOCABULARY}:13:39: error: kinds[0].roles[0]: 'offer' is not one of offers, answers, "
     "turning-points, context [field.choice]\n"
     "    hint: did you mean 'offers'?"),
]


@pytest.mark.parametrize("rel, old, new, expected", [case[1:] for case in UNDECLARED],
                         ids=[case[0] for case in UNDECLARED])
def test_a_word_undeclared_or_a_vocabulary_at_fault(project, rel, old, new, expected):
    edit(project, rel, old, new)
    assert problems(project) == [expected]


def test_a_word_declared_in_the_vocabulary_is_accepted(project):
    edit(project, "vocabulary.yaml", "kinds:\n", "kinds:\n  - {id: pledge, roles: [offers]}\n")
    edit(project, "ledger/2007.yaml", "kind: offer", "kind: pledge")
    data, _ = validator.validate(Project.at(project))
    assert data.events[0].kind == "pledge"
    assert data.vocabulary.kinds[0].model_dump() == {"id": "pledge", "label": "pledge",
                                                     "plural": "pledges", "roles": ["offers"]}


def test_an_event_without_outcome_gets_the_default_outcome(project):
    edit(project, "ledger/2007.yaml", "  outcome: {status: rejected, basis: ended without agreement}\n", "")
    edit(project, "vocabulary.yaml", "{id: unknown, label: unknown, roles: [default]}",
         "{id: unknown, label: unknown}")
    edit(project, "vocabulary.yaml", "{id: ongoing, label: ongoing}",
         "{id: ongoing, label: ongoing, roles: [default]}")
    data, _ = validator.validate(Project.at(project))
    assert data.events[1].outcome.model_dump() == {"status": "ongoing", "note": None, "basis": None}


def test_a_missing_vocabulary(project):
    (project / VOCABULARY).unlink()
    assert problems(project) == [
        f"{VOCABULARY}: error: vocabulary.yaml is missing [content.missing]\n"
        "    hint: it declares the domains, kinds of event, outcomes and genres of source the "
        "content uses: see docs/content-format.md"]


# --- fields checked for what they are ---------------------------------------------------------

@pytest.mark.parametrize("field, value, message, hint", [
    ("URL", "ftp://files.example.org/a.txt",
     "URL: 'ftp://files.example.org/a.txt' is not an http(s) URL [field.url]",
     "write the whole address, starting with https:// or http://"),
    ("URL", "javascript:alert('url')",
     "URL: 'javascript:alert('url')' is not an http(s) URL [field.url]",
     "write the whole address, starting with https:// or http://"),
    ("URL", 'https://example.org/"><script>alert(1)</script>',
     "URL: 'https://example.org/\"><script>alert(1)</script>' is not an http(s) URL [field.url]",
     "write the whole address, starting with https:// or http://"),
    ("URL", "www.example.org/gazette",
     "URL: 'www.example.org/gazette' is not an http(s) URL [field.url]",
     "write the whole address, starting with https:// or http://"),
    ("DOI", "https://doi.org/10.1234/gazette.7",
     "DOI: 'https://doi.org/10.1234/gazette.7' does not look like a DOI [field.doi]",
     "write the DOI alone: '10.1234/gazette.7'"),
    ("DOI", "gazette-7",
     "DOI: 'gazette-7' does not look like a DOI [field.doi]",
     "a DOI is 10., a number, a slash and a suffix, e.g. 10.17976/jpps/2016.02.05"),
])
def test_a_url_or_doi_that_is_not_one(project, field, value, message, hint):
    edit(project, "sources/gazette.yaml", "archive:\n", f"{field}: {value}\narchive:\n")
    col = len(field) + 3
    assert problems(project) == [f"{SOURCE}:8:{col}: error: {message}\n    hint: {hint}"]


def test_a_real_url_and_doi_pass(project):
    edit(project, "sources/gazette.yaml", "archive:\n",
         "URL: https://gazette.example.org/2007/07/column?id=3\nDOI: 10.1234/gazette.7\narchive:\n")
    assert problems(project) == []


@pytest.mark.parametrize("value, hint", [
    ("en_GB", "did you mean 'en-GB'?"),
    ("english", "a language code, then optionally a region: en, en-GB, fr, fr-CA, pt-BR"),
    ("xx", "a language code, then optionally a region: en, en-GB, fr, fr-CA, pt-BR"),
])
def test_a_language_that_is_not_a_bcp47_tag(project, value, hint):
    edit(project, "document.yaml", "language: en", f"language: {value}")
    assert problems(project) == [
        f"{DOCUMENT}:6:11: error: language: '{value}' is not a BCP 47 language tag "
        f"[field.language]\n    hint: {hint}"]


@pytest.mark.parametrize("value", ["de", "en-GB", "zh-Hant-TW", "sr-Latn-RS", "es-419"])
def test_bcp47_tags_pass(project, value):
    edit(project, "document.yaml", "language: en", f"language: {value}")
    assert problems(project) == []


# --- schemas ----------------------------------------------------------------------------------

def test_schemas_offer_the_briefings_own_words():
    diagnostics = Diagnostics()
    vocabulary = read_vocabulary(Project.at(REPO / "tests/roots/test-trade"), diagnostics)
    assert not diagnostics.items
    ledger = json.loads(schemas(vocabulary)["ledger.schema.json"])
    event = ledger["$defs"]["Event"]["properties"]
    assert event["kind"]["enum"] == ["pledge", "retaliation", "truce"]
    assert event["domain"]["enum"] == ["tariffs", "export-controls"]
    outcome = ledger["$defs"]["Outcome"]["properties"]["status"]
    assert outcome["enum"] == ["kept", "broken", "open", "unknown"]
    source = json.loads(schemas(vocabulary)["source.schema.json"])
    assert source["properties"]["genre"]["enum"] == ["trade bulletin"]


def test_schema_command_writes_the_projects_schemas(tmp_path):
    project = make_project(tmp_path / "project", "test-trade")
    result = subprocess.run([sys.executable, "-m", "briefing", "schema", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = json.loads((project / "schema/ledger.schema.json").read_text(encoding="utf-8"))
    assert written["$defs"]["Event"]["properties"]["kind"]["enum"] == ["pledge", "retaliation", "truce"]


def test_schema_command_reports_a_broken_vocabulary_in_one_line(tmp_path):
    project = make_project(tmp_path / "project", "test-trade")
    edit(project, "vocabulary.yaml", "{id: unknown, label: not reported, roles: [default]}",
         "{id: unknown, label: not reported}")
    result = subprocess.run([sys.executable, "-m", "briefing", "schema", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        f"{VOCABULARY}:9:3: error: outcomes: 0 outcomes have the role 'default'")
    assert "Traceback" not in result.stderr
    assert not (project / "schema").exists()


# --- no subject in the engine ------------------------------------------------------------------

#: Words of the repository's briefing (its subject, people, places and sources).
SUBJECT_WORDS = [
    "missile", "missiles", "NATO", "Russia", "Russian", "Soviet", "USSR", "Kremlin", "Moscow",
    "Kennebunkport", "Vancouver", "Lisbon", "Munich", "Putin", "Medvedev", "Yeltsin", "Gorbachev",
    "Rasmussen", "Bush", "Clinton", "Obama", "Roscosmos", "NASA", "Apollo", "Soyuz", "asteroid",
    "planetary", "Arctic", "ballistic", "ABM", "Lukyanov", "Arbatov", "LaRouche",
]
#: A word of the vocabulary that the engine also uses for something of its own.
ENGINE_OWN = {("briefing/run.py", "unknown"),  # a build lock whose holder cannot be read
              ("briefing/intake/warc.py", "response"),  # a WARC record type
              # the role of kinds that may have no actor, an engine word like "offers"
              ("briefing/model.py", "context"), ("briefing/validate.py", "context")}


def _engine_files():
    for folder in ("briefing", "figures", "templates"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".css", ".html", ".yaml", ".md"):
                yield path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")


def test_no_word_of_the_briefings_subject_in_the_engine():
    pattern = re.compile(r"\b(" + "|".join(SUBJECT_WORDS) + r")\b", re.IGNORECASE)
    found = [f"{rel}: {m.group(0)}" for rel, text in _engine_files() for m in pattern.finditer(text)]
    assert found == []


def test_no_word_of_the_briefings_vocabulary_is_written_into_the_engine():
    words = yaml.safe_load((REPO / VOCABULARY).read_text(encoding="utf-8"))
    ids = {term["id"] for section in words.values() for term in section}
    found = [f"{rel}: {ident}" for rel, text in _engine_files() if not rel.endswith(".yaml")
             for ident in ids if re.search(rf"[\"']{re.escape(ident)}[\"']", text)
             and (rel, ident) not in ENGINE_OWN]
    assert found == []


def test_the_subject_check_would_see_a_subject_word():
    pattern = re.compile(r"\b(" + "|".join(SUBJECT_WORDS) + r")\b", re.IGNORECASE)
    assert pattern.search('DOMAINS = ["missile-defence"]') and not pattern.search("white space")


# --- another subject, built whole ---------------------------------------------------------------

def _svg_words(svg: str) -> str:
    """The text of a chart: matplotlib writes each text drawn as paths as a comment."""
    return " ".join(re.findall(r"<!-- (.*?) -->", svg) + re.findall(r"<text[^>]*>([^<]*)<", svg))


@pytest.fixture(scope="module")
def trade(tmp_path_factory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("trade") / "project", "test-trade"))


@pytest.mark.slow
def test_another_subject_draws_its_own_words_in_the_charts(trade):
    charts = {name: _svg_words((trade / f"build/figures/{name}.svg").read_text(encoding="utf-8"))
              for name in ("timeline", "per_year", "actors")}
    for word in ("tariffs (3)", "export controls (1)", "pledge", "retaliation", "truce", "kept",
                 "broken", "still open", "not reported"):
        assert word in charts["timeline"]
    assert "Pledges and retaliations" in charts["per_year"]
    assert "tariffs" in charts["per_year"] and "export controls" in charts["per_year"]
    assert "Pledges and retaliations made" in charts["actors"]
    for words in charts.values():
        assert not re.search(r"offer|proposal|response|missile", words, re.IGNORECASE)


@pytest.mark.slow
def test_another_subject_says_its_own_words_in_alt_text_and_captions(trade):
    meta = {name: json.loads((trade / f"build/figures/{name}.json").read_text(encoding="utf-8"))
            for name in ("timeline", "per_year", "actors")}
    assert meta["per_year"]["caption"] == "Pledges and retaliations per year, stacked by domain"
    assert meta["per_year"]["alt"].startswith(
        "Bar chart of 3 pledges and retaliations (2 pledges and 1 retaliation) per year from "
        "2019 to 2020, stacked by domain: tariffs 2 and export controls 1.")
    assert "by domain: tariffs 3 and export controls 1" in meta["timeline"]["alt"]
    assert "Outcomes: kept 1, broken 1, still open 1 and not reported 1" in meta["timeline"]["alt"]
    assert meta["actors"]["caption"].startswith("Who made the pledges: pledges and retaliations")
    assert "2020 Alba, Borea (truce)" in meta["timeline"]["alt"]


@pytest.mark.slow
def test_another_subject_builds_both_editions_with_its_chronology(trade):
    from pypdf import PdfReader

    for name in ("briefing.pdf", "briefing-letter.pdf"):
        text = " ".join(page.extract_text() for page in PdfReader(trade / "build" / name).pages)
        text = " ".join(text.split()).casefold()  # the chronology sets kinds in capitals
        for words in ("Pledge · tariffs", "Pledge · export controls", "Retaliation · tariffs",
                      "Truce · tariffs", "Broken.", "Still open", "Kept", "Not reported",
                      "on the pledge by"):
            assert words.casefold() in text, (name, words)
        assert "offer ·" not in text and "response ·" not in text
    html = (trade / "build/briefing.html").read_text(encoding="utf-8")
    assert 'id="ev-alba-steel-pledge-2019" class="kind-pledge role-offers"' in html
    assert '<span class="kind">Pledge · tariffs</span>' in html


# --- new ---------------------------------------------------------------------------------------

def briefing_command(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_new_never_overwrites_a_folder(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    result = briefing_command("new", str(folder))
    assert result.returncode == 1
    assert result.stderr == (f"error: {folder} already exists; new never overwrites a folder: "
                             "name a new one\n")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_new_says_in_one_line_when_it_cannot_create_the_folder(tmp_path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = briefing_command("new", str(tmp_path / "a-file" / "project"))
    assert result.returncode == 1
    assert result.stderr == (f"error: cannot create {tmp_path}/a-file/project: "
                             f"{tmp_path}/a-file is not a folder\n")


def test_new_makes_a_project_whose_content_validates_strictly(tmp_path):
    folder = tmp_path / "start"
    result = briefing_command("new", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitignore", "README.md", "content", "dodo.py", "pyproject.toml"]
    files = sorted(p.relative_to(folder / "content").as_posix()
                   for p in (folder / "content").rglob("*") if p.is_file())
    assert files == ["archive/example-report.txt", "document.yaml", "judgments.yaml",
                     "ledger/2024.yaml", "narrative/01-history.yaml",
                     "sources/example-report.yaml", "vocabulary.yaml"]
    check = briefing_command("validate", "--strict", str(folder))
    assert check.returncode == 0 and check.stderr == "", check.stderr
    project = Project.at(folder)
    assert project.templates == REPO / "templates" and project.figures == REPO / "figures"


@pytest.mark.slow
def test_the_project_made_by_new_builds_its_pdf_on_the_first_doit(tmp_path):
    folder = tmp_path / "start"
    assert briefing_command("new", str(folder)).returncode == 0
    build(folder)
    for name in ("briefing.pdf", "briefing-letter.pdf", "briefing.html", "ledger.csv"):
        assert (folder / "build" / name).stat().st_size > 0
    assert (folder / "build/.doit.db").exists()
    assert json.loads((folder / "schema/ledger.schema.json").read_text(encoding="utf-8"))[
        "$defs"]["Event"]["properties"]["kind"]["enum"] == ["offer", "reply", "agreement", "statement"]
    again = run_doit(folder)
    assert again.returncode == 0 and ".  " not in again.stdout


def test_a_projects_own_templates_folder_is_used_instead_of_the_engines(tmp_path):
    folder = tmp_path / "start"
    assert briefing_command("new", str(folder)).returncode == 0
    (folder / "templates").mkdir()
    assert Project.at(folder).templates == folder / "templates"
