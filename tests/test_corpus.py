"""A corpus of broken and hostile content, each case with the exact diagnostic it must give.

Every case is a mutation of a fresh copy of ``tests/roots/test-basic``. The exact lines are
checked in-process for all of them (fast); a representative subset also runs the whole
``doit`` build on a project that was first built successfully, and checks that the build
fails with that line, shows no traceback, and leaves every previous output byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOTS, TESTS, make_project, run_doit

from briefing import validate as validator
from briefing.diagnostics import ContentError
from briefing.paths import Project

CORPUS = TESTS / "corpus"
LEDGER = "content/ledger/2007.yaml"
NARRATIVE = "content/narrative/01-history.yaml"
SOURCE = "content/sources/gazette.yaml"
DOCUMENT = "content/document.yaml"
JUDGMENTS = "content/judgments.yaml"
QUOTE = "quote: explore joint work on early warning"
DEEP = "[" * 40 + "]" * 40  # brackets nested 40 deep


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first ``old`` in content/``rel`` by ``new`` (bytes or text)."""
    def mutate(content: Path) -> None:
        path = content / rel
        raw = path.read_bytes()
        old_b, new_b = (x if isinstance(x, bytes) else x.encode("utf-8") for x in (old, new))
        assert old_b in raw, f"{old!r} not in {rel}"
        path.write_bytes(raw.replace(old_b, new_b, 1))
    return mutate


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def mutate(content: Path) -> None:
        (content / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return mutate


def copy(name: str, rel: str) -> Callable[[Path], None]:
    """Put the corpus file ``tests/corpus/<name>`` at content/``rel``."""
    return lambda content: shutil.copyfile(CORPUS / name, content / rel)


def large(content: Path) -> None:
    event = (content / "ledger/2007.yaml").read_text(encoding="utf-8")
    (content / "ledger/2008.yaml").write_text("# padding\n" * 300_000 + event, encoding="utf-8")


def dangling_link(content: Path) -> None:
    (content / "ledger/2008.yaml").symlink_to(content / "ledger/moved-away.yaml")


def utf16(content: Path) -> None:
    path = content / "document.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def archive_latin_1(content: Path) -> None:
    """Save the archive in Latin-1 and record its new hash, as a careless re-archiving would."""
    archive = content / "archive/gazette.txt"
    archive.write_bytes(archive.read_bytes().replace(b"The minister said", b"The minist\xe8r said"))
    source = content / "sources/gazette.yaml"
    text = source.read_text(encoding="utf-8")
    old = text.split("sha256: ")[1].split("\n")[0]
    source.write_text(text.replace(old, hashlib.sha256(archive.read_bytes()).hexdigest()),
                      encoding="utf-8")


# (name, mutation, the exact diagnostic lines, first line of each, sorted as reported)
CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    # --- YAML that does not parse --------------------------------------------------------
    ("unclosed-double-quote", replace("narrative/01-history.yaml", "title: History",
                                      'title: "History'),
     [f"{NARRATIVE}:2:8: error: YAML syntax error: quoted text is not closed on its line "
      "(it runs on to line 5) [yaml.syntax]"]),
    ("unclosed-single-quote", replace("sources/gazette.yaml", "title: A Test", "title: 'A Test"),
     [f"{SOURCE}:4:8: error: YAML syntax error: quoted text is not closed [yaml.syntax]"]),
    ("quotes-inside-quotes", replace("ledger/2007.yaml", QUOTE,
                                     'quote: "explore "joint work" on early warning"'),
     [f"{LEDGER}:12:24: error: YAML syntax error: text goes on after its closing quotation "
      "mark [yaml.syntax]"]),
    ("bad-indent", replace("ledger/2007.yaml", "  kind: offer", "   kind: offer"),
     [f"{LEDGER}:3:8: error: YAML syntax error: mapping values are not allowed here "
      "[yaml.syntax]"]),
    ("bad-dedent", replace("sources/gazette.yaml", "  reason: An", " reason: An"),
     [f"{SOURCE}:16:2: error: YAML syntax error: expected <block end>, but found "
      "'<block mapping start>' [yaml.syntax]"]),
    ("tab-indent", replace("ledger/2007.yaml", "  kind: offer", "\tkind: offer"),
     [f"{LEDGER}:3:1: error: YAML syntax error: a tab character; YAML is indented with "
      "spaces [yaml.syntax]"]),
    ("colon-in-text", replace("ledger/2007.yaml", "summary: The minister offered",
                              "summary: Note: the minister offered"),
     [f"{LEDGER}:8:16: error: YAML syntax error: mapping values are not allowed here "
      "[yaml.syntax]"]),
    ("unclosed-bracket", replace("ledger/2007.yaml", "  summary: The", "  summary: [The"),
     [f"{LEDGER}:9:10: error: YAML syntax error: expected ',' or ']', but got ':' "
      "[yaml.syntax]"]),
    ("two-documents", replace("document.yaml", "language: en", "language: en\n---\nx: 1"),
     [f"{DOCUMENT}:7:1: error: YAML syntax error: the file holds more than one YAML "
      "document [yaml.syntax]"]),
    ("line-separator", replace("ledger/2007.yaml", "The minister offered",
                               "The minister\u2028offered"),
     [f"{LEDGER}:8:24: error: file contains an invisible line separator (U+2028) that YAML "
      "reads as a line break [yaml.syntax]"]),
    ("duplicate-key", replace("ledger/2007.yaml", "  kind: offer", "  kind: offer\n  kind: response"),
     [f"{LEDGER}:4:3: error: duplicate key 'kind' [yaml.duplicate-key]"]),
    ("empty-file", write("document.yaml", ""),
     [f"{DOCUMENT}:1:1: error: file is empty [yaml.empty]"]),
    ("comments-only", write("judgments.yaml", "# to be written\n"),
     [f"{JUDGMENTS}:1:1: error: file is empty [yaml.empty]"]),
    ("latin-1", replace("document.yaml", "author: Test Desk", b"author: Test D\xe9sk"),
     [f"{DOCUMENT}:5:15: error: file is not valid UTF-8 (byte 0xe9) [yaml.encoding]"]),
    ("utf-16", utf16,
     [f"{DOCUMENT}:1:1: error: file is saved as UTF-16, not UTF-8 [yaml.encoding]"]),
    ("control-character", replace("document.yaml", "Test Desk", b"Test\x00Desk"),
     [f"{DOCUMENT}:5:13: error: file contains a control character (U+0000) that YAML does "
      "not allow [yaml.syntax]"]),
    ("very-large-file", large,
     ["content/ledger/2008.yaml:1:1: error: file is 2.9 MB, more than the limit of 2 MB for "
      "a content file [yaml.too-large]"]),
    ("billion-laughs", copy("billion-laughs.yaml", "ledger/2008.yaml"),
     ["content/ledger/2008.yaml:3:6: error: YAML anchors (&name) are not allowed [yaml.alias]"]),
    ("alias", replace("ledger/2007.yaml", "  kind: response", "  kind: *k"),
     [f"{LEDGER}:20:9: error: YAML aliases (*name) are not allowed [yaml.alias]"]),
    ("deep-nesting", replace("ledger/2007.yaml", "  approx: true", f"  approx: {DEEP}"),
     [f"{LEDGER}:17:41: error: YAML is nested more than 32 levels deep [yaml.too-deep]"]),
    ("python-tag", copy("python-tag.yaml", "ledger/2008.yaml"),
     ["content/ledger/2008.yaml:3:12: error: YAML tag "
      "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed [yaml.tag]"]),
    ("merge-key", replace("ledger/2007.yaml", "  kind: offer", "  <<: {kind: offer}"),
     [f"{LEDGER}:3:3: error: YAML merge keys (<<) are not allowed [yaml.alias]"]),
    ("link-to-a-system-file", lambda content: (content / "document.yaml").unlink()
     or (content / "document.yaml").symlink_to("/etc/passwd"),
     [f"{DOCUMENT}: error: file is a link to a file outside content/ [file.outside]"]),
    ("dangling-symlink", dangling_link,
     ["content/ledger/2008.yaml: error: file cannot be read: No such file or directory "
      "[file.unreadable]"]),
    # --- wrong shapes and values ---------------------------------------------------------
    ("wrong-type-bool", replace("ledger/2007.yaml", "approx: true", "approx: maybe"),
     [f"{LEDGER}:17:11: error: approx: expected true or false, found 'maybe' [field.type]"]),
    ("wrong-type-int", replace("ledger/2007.yaml", QUOTE, f"credibility: high\n      {QUOTE}"),
     [f"{LEDGER}:12:20: error: citations[0].credibility: expected a whole number, found "
      "'high' [field.type]"]),
    ("wrong-type-list", replace("document.yaml", "keywords: [test, cooperation]",
                                "keywords: test"),
     [f"{DOCUMENT}:8:11: error: keywords: expected a list, found 'test' [field.type]"]),
    ("yes-as-title", replace("document.yaml", "title: Test Briefing on Cooperation",
                             "title: yes"),
     [f"{DOCUMENT}:1:8: error: title: expected text, found true [field.type]"]),
    ("empty-value", replace("ledger/2007.yaml",
                            "summary: The minister offered joint work on early warning.",
                            "summary:"),
     [f"{LEDGER}:8:11: error: summary: the value is empty [field.type]"]),
    ("out-of-range", replace("ledger/2007.yaml", QUOTE, f"credibility: 9\n      {QUOTE}"),
     [f"{LEDGER}:12:20: error: citations[0].credibility: must be at most 6, found the "
      "number 9 [field.type]"]),
    ("label-too-long", replace("ledger/2007.yaml", "  kind: offer",
                               "  kind: offer\n  label: The minister's offer of joint work on early warning"),
     [f"{LEDGER}:4:10: error: label: has 51 characters, more than 40 [field.type]\n"
      "    hint: shorten it to a few words"]),
    ("document-is-a-list", write("document.yaml", "- title: A list, not a document\n"),
     [f"{DOCUMENT}:1:1: error: expected fields (name: value lines), found a list "
      "[field.type]"]),
    ("ledger-is-a-mapping", write("ledger/2008.yaml", 'id: lone-event\ndate: "2008"\n'),
     ["content/ledger/2008.yaml:1:1: error: a ledger file holds a list of entries, each "
      "starting with '- ' [field.type]"]),
    ("no-citations", replace("ledger/2007.yaml", f"    - source: gazette\n      {QUOTE}\n"
                             "    - source: gazette\n      quote: the proposal was set aside\n",
                             "    []\n"),
     [f"{LEDGER}:11:5: error: citations: needs at least 1 entry [field.type]"]),
    ("missing-field", replace("ledger/2007.yaml",
                              "  summary: The minister offered joint work on early warning.\n",
                              ""),
     [f"{LEDGER}:1:3: error: missing required field 'summary' [field.missing]"]),
    ("unknown-field", replace("ledger/2007.yaml", "  approx: true", "  aprox: true"),
     [f"{LEDGER}:17:3: error: unknown field 'aprox' [field.unknown]\n"
      "    hint: did you mean 'approx'?"]),
    ("misspelt-required-field", replace("sources/gazette.yaml", "reliability: B",
                                        "reliabilty: B"),
     [f"{SOURCE}:15:3: error: missing required field 'reliability' [field.missing]\n"
      "    hint: 'reliabilty' at line 15 looks like a misspelling of it",
      f"{SOURCE}:15:3: error: unknown field 'reliabilty' [field.unknown]\n"
      "    hint: did you mean 'reliability'?"]),
    ("wrong-choice", replace("ledger/2007.yaml", "kind: offer", "kind: offr"),
     [f"{LEDGER}:3:9: error: kind: 'offr' is not one of offer, proposal, response, "
      "statement, agreement, context, assessment [field.choice]\n"
      "    hint: did you mean 'offer'?"]),
    ("terminal-escape-code", replace("ledger/2007.yaml", "kind: offer", 'kind: "offer\\e[2J"'),
     [f"{LEDGER}:3:9: error: kind: 'offer\\x1b[2J' is not one of offer, proposal, response, "
      "statement, agreement, context, assessment [field.choice]"]),
    ("value-over-two-lines", replace("judgments.yaml", "confidence: moderate",
                                     "confidence: |\n    moderate\n    high"),
     [f"{JUDGMENTS}:3:15: error: confidence: 'moderate high ' is not one of high, moderate, low "
      "[field.choice]"]),
    ("bad-id", replace("ledger/2007.yaml", "id: second-meeting-2007", "id: Second_Meeting"),
     [f"{LEDGER}:15:7: error: id: 'Second_Meeting' is not a valid id [field.id]"]),
    ("impossible-date", replace("ledger/2007.yaml", "date: 2007-08", "date: 2013-02-30"),
     [f"{LEDGER}:16:9: error: date: date '2013-02-30' does not exist: February has 28 days "
      "[date.impossible]"]),
    ("month-13", replace("ledger/2007.yaml", "date: 2007-08", "date: 2007-13"),
     [f"{LEDGER}:16:9: error: date: date '2007-13' has no month 13 [date.impossible]"]),
    ("date-format", replace("ledger/2007.yaml", "date: 2007-08", "date: 08/2007"),
     [f"{LEDGER}:16:9: error: date: date '08/2007' is not YYYY, YYYY-MM or YYYY-MM-DD "
      "[date.format]"]),
    ("date-with-line-break", replace("ledger/2007.yaml", "date: 2007-08", 'date: "2007-08\\n"'),
     [f"{LEDGER}:16:9: error: date: date '2007-08 ' is not YYYY, YYYY-MM or YYYY-MM-DD "
      "[date.format]"]),
    ("impossible-date-and-changed-quote", lambda content: (
        replace("ledger/2007.yaml", "date: 2007-08", "date: 2007-08-32")(content),
        replace("ledger/2007.yaml", "A second meeting ended without agreement - the",
                "A second meeting ended without any agreement - the")(content)),
     [f"{LEDGER}:16:9: error: date: date '2007-08-32' does not exist: August has 31 days "
      "[date.impossible]",
      f"{LEDGER}:28:14: error: quotation not found in the body of source 'gazette' "
      "[quote-not-found]"]),
    ("impossible-issued-date", replace("sources/gazette.yaml", "[[2007, 7]]", "[[2007, 2, 30]]"),
     [f"{SOURCE}:7:15: error: issued.date-parts: date '2007-02-30' does not exist: February "
      "has 28 days [date.impossible]"]),
    ("approx-unexplained", replace("ledger/2007.yaml",
                                   "  date_basis: '\"within a month\" of the first meeting'\n",
                                   ""),
     [f"{LEDGER}:15:3: error: date is approximate but 'date_basis' does not say why "
      "[event.approx-unexplained]"]),
    # --- across files --------------------------------------------------------------------
    ("duplicate-id", replace("narrative/01-history.yaml", "id: history", "id: gazette"),
     [f"{NARRATIVE}:1:5: error: duplicate id 'gazette' [id.duplicate]\n"
      f"    hint: first defined at {SOURCE}:1:5"]),
    ("dangling-source", replace("ledger/2007.yaml", "- source: gazette\n      quote: explore",
                                "- source: gazete\n      quote: explore"),
     [f"{LEDGER}:11:15: error: unknown source 'gazete' [ref.unknown]\n"
      "    hint: did you mean 'gazette'?"]),
    ("dangling-citation", replace("narrative/01-history.yaml", "[@minister-offer-2007]",
                                  "[@minister-offer-2008]"),
     [f"{NARRATIVE}:5:68: error: unknown event or source 'minister-offer-2008' [ref.unknown]"]),
    ("dangling-judgment-event", replace("judgments.yaml", "events: [minister-offer-2007,",
                                        "events: [minister-offer-2008,"),
     [f"{JUDGMENTS}:4:12: error: unknown event 'minister-offer-2008' [ref.unknown]"]),
    ("unknown-figure", replace("narrative/01-history.yaml", "- figure: per_year",
                               "- figure: per_yer"),
     [f"{NARRATIVE}:8:13: error: unknown figure 'per_yer' [ref.unknown-figure]\n"
      "    hint: did you mean 'per_year'?",
      "figures/per_year.py: warning: figure 'per_year' is not placed in any narrative section "
      "[figure.unplaced]\n    hint: add '- figure: per_year' to a section"]),
    ("unknown-figure-reference", replace("narrative/01-history.yaml", "[[fig:timeline]]",
                                         "[[fig:map]]"),
     [f"{NARRATIVE}:5:95: error: unknown figure 'map' [ref.unknown-figure]\n"
      "    hint: charts are the modules in figures/: actors, corroboration, per_year, timeline"]),
    ("malformed-citation", replace("narrative/01-history.yaml", "[@second-meeting-2007; @gazette]",
                                   "[@Second Meeting]"),
     [f"{NARRATIVE}:7:5: warning: paragraph cites no event or source [narrative.uncited]",
      f"{NARRATIVE}:7:46: error: malformed citation [@Second Meeting] [ref.syntax]"]),
    ("quote-one-word-changed", replace("ledger/2007.yaml", QUOTE,
                                       "quote: explore joint work on missile warning"),
     [f"{LEDGER}:12:14: error: quotation not found in the body of source 'gazette' "
      "[quote-not-found]\n"
      "    hint: the closest passage in the body reads \"explore joint work on early warning\""]),
    ("narrative-quote-changed", replace("narrative/01-history.yaml", '"explore joint work on '
                                        'early warning"', '"explore joint work on early radar"'),
     [f"{NARRATIVE}:5:30: error: quotation not found in the body of source 'gazette' "
      "[quote-not-found]"]),
    ("quote-from-menu", replace("ledger/2007.yaml", QUOTE, "quote: Home | News | Subscribe"),
     [f"{LEDGER}:12:14: error: quotation comes from page furniture of source 'gazette', not "
      "from its body [quote-in-furniture]"]),
    ("quote-from-related-links", replace("ledger/2007.yaml", QUOTE,
                                         'quote: "Related articles: Ten facts about radar"'),
     [f"{LEDGER}:12:14: error: quotation comes from page furniture of source 'gazette', not "
      "from its body [quote-in-furniture]"]),
    ("archive-changed", replace("archive/gazette.txt", "within a month", "within a week"),
     [f"{SOURCE}:10:11: error: archive content/archive/gazette.txt has changed since its hash "
      "was recorded [archive.hash-mismatch]"]),
    ("archive-not-utf-8", archive_latin_1,
     [f"{SOURCE}:9:9: error: archive content/archive/gazette.txt is not valid UTF-8 (line 5, byte 0xe8) "
      "[archive.encoding]\n    hint: save the archived text as UTF-8, then record its new sha256"]),
    ("archive-missing", lambda content: (content / "archive/gazette.txt").unlink(),
     [f"{SOURCE}:9:9: error: archive file not found: content/archive/gazette.txt "
      "[archive.missing]"]),
    ("archive-a-named-pipe", lambda content: (content / "archive/gazette.txt").unlink()
     or os.mkfifo(content / "archive/gazette.txt"),
     [f"{SOURCE}:9:9: error: archive content/archive/gazette.txt cannot be read: a named pipe "
      "(FIFO) [archive.unreadable]"]),
    ("archive-outside-content", replace("sources/gazette.yaml", "path: archive/gazette.txt",
                                        "path: ../../../../../etc/passwd"),
     [f"{SOURCE}:9:9: error: archive path must lie in content/archive/ [archive.path]"]),
    ("archive-linked-outside", lambda content: (content / "archive/gazette.txt").unlink()
     or (content / "archive/gazette.txt").symlink_to("/etc/passwd"),
     [f"{SOURCE}:9:9: error: archive path must lie in content/archive/ [archive.path]"]),
    ("body-marker-missing", replace("sources/gazette.yaml", 'start: "The minister said"',
                                    'start: "The minister says"'),
     [f"{SOURCE}:12:5: error: body start marker not found in the archive: 'The minister says' "
      "[archive.body-marker]"]),
]

#: Cases that also go through a whole ``doit`` build (each costs a doit start-up).
THROUGH_DOIT = ["unclosed-double-quote", "tab-indent", "latin-1", "billion-laughs",
                "very-large-file", "unknown-field", "impossible-date", "dangling-source",
                "quote-one-word-changed", "quote-from-menu", "archive-changed", "python-tag"]


def diagnostics_of(folder: Path, strict: bool = False) -> list[str]:
    """Every diagnostic of a validation, as printed, hints included."""
    try:
        _, diagnostics = validator.validate(Project.at(folder), strict)
    except ContentError as exc:
        diagnostics = exc.diagnostics
    return [str(d) for d in diagnostics.sorted()]


def _without_unasked_hints(found: list[str], expected: list[str]) -> list[str]:
    """Compare hints only where the case states one."""
    wanted = expected + [""] * (len(found) - len(expected))
    return [line if "\n" in want else line.split("\n")[0]
            for line, want in zip(found, wanted, strict=False)]


def test_the_corpus_is_big_enough_and_names_are_unique():
    names = [name for name, _, _ in CASES]
    assert len(names) >= 30 and len(set(names)) == len(names)
    assert set(THROUGH_DOIT) <= set(names)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> list[str]:
    """What the unbroken root reports (e.g. a chart of figures/ that it does not place)."""
    found = diagnostics_of(make_project(tmp_path_factory.mktemp("baseline") / "project"))
    assert not [line for line in found if ": error: " in line]
    return found


@pytest.mark.parametrize("name, mutate, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_exact_diagnostics(tmp_path, baseline, name, mutate, expected):
    project = make_project(tmp_path / "project")
    mutate(project / "content")
    found = [line for line in diagnostics_of(project) if line not in baseline]
    assert _without_unasked_hints(found, expected) == expected
    assert any(": error: " in line for line in found)


def test_python_tag_runs_nothing(tmp_path):
    project = make_project(tmp_path / "project")
    copy("python-tag.yaml", "ledger/2008.yaml")(project / "content")
    diagnostics_of(project)
    assert not Path("/tmp/pwned-by-briefing").exists()


# --- the same inputs through doit, on a project with a good build ------------------------

OUTPUTS = ("briefing.pdf", "briefing-letter.pdf", "briefing.html", "content.json",
           "ledger.json", "ledger.csv", "figures/timeline.svg")


def snapshot(build: Path) -> dict[str, bytes]:
    """Every file under build/ but doit's own state, by path."""
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and not p.name.startswith(".doit.db")}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    """test-basic built once; each case restores its content before mutating it."""
    project = make_project(tmp_path_factory.mktemp("corpus") / "project")
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    before = snapshot(project / "build")
    assert set(OUTPUTS) <= set(before)
    return project, before


def _restore(project: Path) -> None:
    shutil.rmtree(project / "content")
    shutil.copytree(ROOTS / "test-basic" / "content", project / "content")


@pytest.mark.parametrize("name", THROUGH_DOIT)
def test_doit_fails_cleanly_and_keeps_every_output(good_build, name):
    project, before = good_build
    _restore(project)
    _, mutate, expected = next(case for case in CASES if case[0] == name)
    mutate(project / "content")
    result = run_doit(project)
    assert result.returncode != 0
    for line in expected:
        assert line.split("\n")[0] in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "nothing was rebuilt, the last good outputs are kept" in result.stdout
    assert snapshot(project / "build") == before  # byte-identical, and no stray files


def test_doit_recovers_once_the_content_is_fixed(good_build):
    project, before = good_build
    _restore(project)
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(project / "build") == before


# --- a warning: an unused source ---------------------------------------------------------

UNUSED = ("content/sources/spare.yaml:1:5: warning: source 'spare' is never cited "
          "[source.unused]")


def _validate_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing.validate", *args, str(project)],
                          capture_output=True, text=True, timeout=120)


def test_unused_source_warns_and_strict_mode_fails(tmp_path):
    project = make_project(tmp_path / "project", root="bad-unused-source")
    assert UNUSED in diagnostics_of(project)
    normal, strict = _validate_cli(project), _validate_cli(project, "--strict")
    assert normal.returncode == 0 and UNUSED in normal.stderr.splitlines()
    assert strict.returncode != 0 and UNUSED in strict.stderr.splitlines()

    built = run_doit(project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert UNUSED in built.stderr.splitlines()
    before = snapshot(project / "build")
    result = run_doit(project, "strict=1")
    assert result.returncode != 0
    assert UNUSED in result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(project / "build") == before


def test_an_unreadable_archive_fails_the_task_in_one_line(tmp_path, monkeypatch, capsys):
    from doit.exceptions import TaskFailed

    from briefing import actions, files

    project = make_project(tmp_path / "project")
    archive = project / "content" / "archive" / "gazette.txt"
    read_regular = files.read_regular

    def refuse(path, limit):
        if path == archive:
            raise PermissionError(13, "Permission denied", str(path))
        return read_regular(path, limit)

    monkeypatch.setattr(files, "read_regular", refuse)  # the tests may run as root
    failure = actions.validate(str(project), False)
    assert isinstance(failure, TaskFailed)
    assert failure.message == ("content has 1 problem; nothing was rebuilt, the last good "
                               "outputs are kept")
    assert (f"{SOURCE}:9:9: error: archive content/archive/gazette.txt cannot be read: "
            "Permission denied [archive.unreadable]") in capsys.readouterr().err
    assert not (project / "build" / "content.json").exists()


def test_an_archive_over_the_limit_is_refused_unread(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    monkeypatch.setattr(validator, "ARCHIVE_MAX_BYTES", 1 << 20)
    (project / "content/archive/gazette.txt").write_text("padding line\n" * 200_000)
    assert [line for line in diagnostics_of(project) if "archive" in line] == [
        f"{SOURCE}:9:9: error: archive content/archive/gazette.txt is 2.5 MB, more than the "
        "limit of 1 MB for an archived file [archive.too-large]\n    hint: archive the part "
        "of the document that the briefing cites, or split it into several sources"]
