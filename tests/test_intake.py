"""Source intake: each kind of input becomes the exact archive and draft record expected;
quotations verify after intake; bad input gets one line; ``find`` prints citations."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml
from conftest import make_project
from hypothesis import given, settings
from hypothesis import strategies as st
from intake_fixtures import (
    PROPOSAL,
    REPORT_PARAGRAPHS,
    URL,
    ZOTERO_ITEM,
    blank_pdf,
    csl_export,
    proposal,
    proposal_page,
    report_pdf,
    saved_page,
    wacz,
    warc,
)
from test_validate import diagnostics_of as problems

from briefing.__main__ import main
from briefing.intake.body import Range, body_ranges
from briefing.quotes import normalise, normalise_mapped, occurrences

PAGE_TEXT = "\n".join([
    "  * Home", "  * World", "  * Opinion", "",
    "The Example Gazette", "",
    "Ministers agree to talk about radar", "",
    "By Jane Q. Reporter", "",
    "The two defence ministers agreed on Monday to explore joint work on early warning, "
    "officials said after a meeting that lasted well into the night.", "",
    "“We will meet again within a month,” the minister told reporters, adding that experts "
    "from both sides would prepare a common assessment of the threat.", "",
    "Read also", "",
    "Ten facts about radar you did not know", "",
    "Neither side gave details of where a shared radar might be built, and critics in "
    "parliament called the talks premature.", "",
    "  Comments are moderated. Please keep the discussion civil and on topic.", "",
    "© 2024 The Example Gazette. All rights reserved.", ""])
PAGE_SHA = hashlib.sha256(PAGE_TEXT.encode()).hexdigest()

DRAFT_HEAD = """\
# Drafted by `python -m briefing add-source`: fill in each TODO, check the fields
# the intake report named, then delete this comment.
id: {id}
type: {type}
genre: TODO               # the kind of document: one of the briefing's genres of source
"""
DRAFT_TAIL = """\
grade:
  reliability: TODO       # Admiralty source reliability, A (reliable) to F (cannot be judged)
  reason: TODO            # one line: why this grade
perspective: TODO         # the source's standpoint: whose view it gives, and with what sympathies
short: {short}
"""
PAGE_BODY = """\
  body:
    - start: "Ministers agree to talk about radar"
      end: "agree to talk about radar"
    - start: "The two defence ministers agreed on"
      end: "common assessment of the threat."
    - start: "Neither side gave details of where"
      end: "parliament called the talks premature."
"""


def page_record(source_id: str, original: str, accessed: str = "[[2024, 3, 12]]",
                **fields) -> str:
    """The record drafted from the test page (fields given replace the page's own)."""
    values = {"type": "webpage", "title": "Ministers agree to talk about radar",
              "short": "Reporter 2024", **fields}
    digest = hashlib.sha256((original_path := original).read_bytes()).hexdigest()
    return (DRAFT_HEAD.format(id=source_id, type=values["type"]) + f"""\
title: {values['title']}
author:
  - {{family: Reporter, given: Jane Q.}}
container-title: The Example Gazette
issued:
  date-parts: [[2024, 3, 11]]
accessed:
  date-parts: {accessed}
URL: {URL}
archive:
  path: archive/{source_id}.txt
  sha256: {PAGE_SHA}
  original:
    path: archive/{source_id}{''.join(original_path.suffixes)}
    sha256: {digest}
""" + PAGE_BODY + DRAFT_TAIL.format(short=values["short"]))


def add(project, *args) -> int:
    return main(["add-source", *map(str, args), "--root", str(project)])


def find(project, words) -> int:
    return main(["find", words, "--root", str(project)])


def fill_in(project, source_id, genre="news report"):
    """What the editor does after intake: genre, grade and perspective."""
    path = project / "content" / "sources" / f"{source_id}.yaml"
    text = path.read_text(encoding="utf-8")
    for key, value in (("genre", genre), ("reliability", "B"),
                       ("reason", "A newspaper reporting on the record."),
                       ("perspective", "Neutral news reporting.")):
        text = re.sub(rf"^(\s*{key}): TODO .*$", rf"\1: {value}", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def cite(project, source_id, quote):
    """A ledger entry citing ``quote`` from the source, as pasted from ``find``."""
    (project / "content" / "ledger" / "2024.yaml").write_text(f"""\
- id: radar-talks-2024
  date: "2024-03"
  kind: statement
  domain: missile-defence
  actors:
    from:
      - {{name: The defence ministers, side: Both sides}}
  summary: The ministers agreed to talk about early warning.
  citations:
    - source: {source_id}
      quote: {yaml.safe_dump(quote, allow_unicode=True, default_style='"').strip()}
""", encoding="utf-8")


def text_of(project, relpath) -> str:
    return (project / "content" / relpath).read_text(encoding="utf-8")


# --- each kind of input -------------------------------------------------------------------

def test_saved_page_becomes_archive_original_and_draft(project, tmp_path, capsys):
    page = saved_page(tmp_path)
    assert add(project, page) == 0
    assert text_of(project, "archive/reporter-2024.txt") == PAGE_TEXT
    assert (project / "content/archive/reporter-2024.html").read_bytes() == page.read_bytes()
    assert text_of(project, "sources/reporter-2024.yaml") == page_record("reporter-2024", page)
    report = capsys.readouterr().out
    assert report.startswith("HTML page saved with SingleFile: source 'reporter-2024'\n")
    assert ("  URL             https://gazette.example.org/2024/03/radar…   sure      from the "
            "SingleFile header comment") in report
    assert "  issued          2024-03-11                                   sure      from the " \
           "page's <meta property=\"article:published_time\">" in report
    assert ("content/sources/reporter-2024.yaml:5:8: error: genre is still to be filled in by "
            "the editor [source.unfilled]") in report


def test_page_saved_from_the_browser_takes_its_url_from_the_saved_from_comment(project, tmp_path):
    header = f"<!-- saved from url=(0047){URL} -->\n"
    assert add(project, saved_page(tmp_path, header=header)) == 0
    record = yaml.safe_load(text_of(project, "sources/reporter-2024.yaml"))
    assert record["URL"] == URL and "accessed" not in record


def test_page_without_date_markup_gets_a_guessed_date_marked_circa(project, tmp_path, capsys):
    head = "<title>Ministers agree to talk about radar</title>\n"
    page = saved_page(tmp_path, head=head)
    page.write_text(page.read_text().replace("agreed on Monday to", "agreed on 11 March 2024 to"))
    assert add(project, page, "--id", "radar") == 0
    record = yaml.safe_load(text_of(project, "sources/radar.yaml"))
    assert record["issued"] == {"date-parts": [[2024, 3, 11]], "circa": True}
    assert record["issued-note"].startswith("The document's metadata gives no date; intake "
                                            "guessed this one from date detection (htmldate)")
    assert ("content/sources/radar.yaml:10:3: warning: issued is guessed: from date detection "
            "(htmldate) in the page's text; the page's metadata gives no date: check it against the page "
            "[intake.date-guessed]") in capsys.readouterr().out


def test_page_dated_only_by_its_address_gets_the_month_the_address_gives(project, tmp_path):
    page = saved_page(tmp_path, head="<title>Ministers agree to talk about radar</title>\n")
    assert add(project, page, "--id", "radar") == 0
    record = yaml.safe_load(text_of(project, "sources/radar.yaml"))
    assert record["issued"] == {"date-parts": [[2024, 3]], "circa": True}
    assert "guessed this one from the page's address" in record["issued-note"]


def test_marker_is_widened_where_a_teaser_repeats_the_articles_first_words(project, tmp_path,
                                                                            capsys):
    page = saved_page(tmp_path)
    page.write_text(page.read_text().replace(
        "Ten facts about radar you did not\nknow", "The two defence ministers agreed on Monday "
        "to talk: our analysis"), encoding="utf-8")
    assert add(project, page) == 0
    record = yaml.safe_load(text_of(project, "sources/reporter-2024.yaml"))
    assert record["archive"]["body"][1] == {
        "start": "The two defence ministers agreed on Monday to explore",
        "end": "common assessment of the threat."}
    assert ("content/sources/reporter-2024.yaml:24:7: warning: markers widened to occur only "
            "once in the archive: body range 2; check that each starts and ends where the body "
            "does [intake.markers-widened]") in capsys.readouterr().out


def test_warc_gives_url_and_capture_date_from_its_record(project, tmp_path, capsys):
    capture = warc(tmp_path)
    assert add(project, capture, "--id", "gazette-warc") == 0
    assert text_of(project, "archive/gazette-warc.txt") == PAGE_TEXT
    assert text_of(project, "sources/gazette-warc.yaml") == page_record(
        "gazette-warc", capture, short="Reporter 2024")
    report = capsys.readouterr().out
    assert report.startswith("HTML page in a WARC web archive: source 'gazette-warc'")
    assert "from the WARC record's WARC-Target-URI" in report
    assert "from the WARC record's WARC-Date" in report


def test_wacz_takes_the_page_it_lists(project, tmp_path):
    capture = wacz(tmp_path)
    assert add(project, capture, "--id", "gazette-wacz") == 0
    assert text_of(project, "sources/gazette-wacz.yaml") == page_record("gazette-wacz", capture)


def test_wacz_whose_listed_page_has_no_response_takes_the_first_page(project, tmp_path, capsys):
    capture = wacz(tmp_path, page_url="https://gazette.example.org/")
    assert add(project, capture, "--id", "gazette-wacz") == 0
    assert text_of(project, "archive/gazette-wacz.txt") == PAGE_TEXT
    assert ("warning: the WACZ lists the page https://gazette.example.org/, which has no "
            f"successful response in it; the text is the first page that has one, {URL} "
            "[intake.check]") in capsys.readouterr().out


def test_pdf_rendered_by_weasyprint(project, tmp_path, capsys):
    report = report_pdf(tmp_path)
    assert add(project, report) == 0
    assert text_of(project, "archive/reporter-2024.txt") == (
        "Institute Report Series\n\nJoint Early Warning\n\n"
        + "\n\n".join(p.replace("ﬁ", "fi") for p in REPORT_PARAGRAPHS[:3])
        + "\n\n1\n\nInstitute Report Series\n\n"
        + "\n\n".join(REPORT_PARAGRAPHS[3:]) + "\n\n2\n")
    digest = hashlib.sha256((project / "content/archive/reporter-2024.txt").read_bytes()).hexdigest()
    assert text_of(project, "sources/reporter-2024.yaml") == DRAFT_HEAD.format(
        id="reporter-2024", type="report") + f"""\
title: 'Joint Early Warning: A Study'
author:
  - {{family: Reporter, given: Jane Q.}}
  - {{family: Smith, given: John}}
issued:
  date-parts: [[2024, 3, 11]]
archive:
  path: archive/reporter-2024.txt
  sha256: {digest}
  original:
    path: archive/reporter-2024.pdf
    sha256: {hashlib.sha256(report.read_bytes()).hexdigest()}
  body:
    - start: "Joint Early Warning"
      end: "was proposed for launch notifications."
    - start: "The second finding concerns the radar"
      end: "joint centre were never agreed."
""" + DRAFT_TAIL.format(short="Reporter and Smith 2024")
    out = capsys.readouterr().out
    assert re.search(r"warning: \d+ ligatures folded into letters \(ﬁ→fi \d+\) \[intake.check\]",
                     out)
    fill_in(project, "reporter-2024", genre="research summary")
    cite(project, "reporter-2024", "The first finding is that early warning data can be shared.")
    assert not [p for p in problems(project) if "error" in p]
    cite(project, "reporter-2024", "Institute Report Series")
    assert problems(project)[0] == (
        "content/ledger/2024.yaml:11:14: error: quotation comes from page furniture of source "
        "'reporter-2024', not from its body [quote-in-furniture]")


def test_plain_text_is_its_own_archive(project, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Talks on radar\n\nThe ministers met on Monday.\n", encoding="utf-8")
    assert add(project, text, "--id", "notes") == 0
    assert text_of(project, "archive/notes.txt") == text.read_text()
    record = yaml.safe_load(text_of(project, "sources/notes.yaml"))
    assert "original" not in record["archive"]
    assert record["archive"]["body"] == [{"start": "Talks on radar",
                                          "end": "The ministers met on Monday."}]
    assert record["title"] == "Talks on radar" and record["type"] == "document"


def test_csl_export_fields_win(project, tmp_path, capsys):
    other = {**ZOTERO_ITEM, "id": "other", "URL": "https://elsewhere.example.org/", "title": "X"}
    export = csl_export(tmp_path, other, ZOTERO_ITEM)
    page = saved_page(tmp_path)
    assert add(project, page, "--csl", export) == 0
    assert text_of(project, "sources/reporter-2024.yaml") == page_record(
        "reporter-2024", page, accessed="[[2024, 3, 13]]", type="article-newspaper",
        title="Ministers Agree to Talk About Radar")
    assert "  title           Ministers Agree to Talk About Radar          sure      from the " \
           "CSL export" in capsys.readouterr().out


def test_same_file_gives_the_same_bytes(tmp_path):
    page = saved_page(tmp_path)
    outputs = []
    for name in ("one", "two"):
        folder = make_project(tmp_path / name)
        assert add(folder, page) == 0
        outputs.append([(folder / "content" / p).read_bytes() for p in (
            "archive/reporter-2024.txt", "archive/reporter-2024.html", "sources/reporter-2024.yaml")])
    assert outputs[0] == outputs[1]


# --- the record after intake ------------------------------------------------------------

def test_validation_reports_each_unfilled_field(project, tmp_path):
    assert add(project, saved_page(tmp_path)) == 0
    assert problems(project) == [
        "content/sources/reporter-2024.yaml:5:8: error: genre is still to be filled in by the "
        "editor [source.unfilled]",
        "content/sources/reporter-2024.yaml:29:16: error: grade.reliability is still to be filled "
        "in by the editor [source.unfilled]",
        "content/sources/reporter-2024.yaml:30:11: error: grade.reason is still to be filled in "
        "by the editor [source.unfilled]",
        "content/sources/reporter-2024.yaml:31:14: error: perspective is still to be filled in by "
        "the editor [source.unfilled]",
    ]


def test_article_quotation_verifies_and_teaser_is_furniture(project, tmp_path):
    assert add(project, saved_page(tmp_path)) == 0
    fill_in(project, "reporter-2024")
    cite(project, "reporter-2024", "We will meet again within a month")
    assert problems(project, strict=True) == []
    cite(project, "reporter-2024", "Ten facts about radar you did not know")
    assert problems(project) == [
        "content/ledger/2024.yaml:11:14: error: quotation comes from page furniture of source "
        "'reporter-2024', not from its body [quote-in-furniture]"]


def test_changed_original_is_reported(project, tmp_path):
    assert add(project, saved_page(tmp_path)) == 0
    fill_in(project, "reporter-2024")
    (project / "content/archive/reporter-2024.html").write_text("<p>edited</p>")
    assert problems(project) == [
        "content/sources/reporter-2024.yaml:3:5: warning: source 'reporter-2024' is never cited "
        "[source.unused]",
        "content/sources/reporter-2024.yaml:20:13: error: original "
        "content/archive/reporter-2024.html has changed since its hash was recorded "
        "[archive.hash-mismatch]"]


# --- bad input: one line each -------------------------------------------------------------

def error_of(project, capsys, *args) -> str:
    assert add(project, *args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()[0]


def test_unreadable_file(project, tmp_path, capsys):
    missing = tmp_path / "gone.html"
    assert error_of(project, capsys, missing) == (
        f"{missing}: error: file cannot be read: No such file or directory [intake.unreadable]")


def test_file_of_unknown_kind(project, tmp_path, capsys):
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    assert error_of(project, capsys, blob) == (
        f"{blob}: error: file is not HTML, a WARC or WACZ web archive, a PDF or UTF-8 text "
        "[intake.kind]")


def test_warc_without_response_record(project, tmp_path, capsys):
    capture = warc(tmp_path, with_response=False)
    assert error_of(project, capsys, capture) == (
        f"{capture}: error: WARC web archive has no response record for an HTML page, PDF or "
        "text [intake.warc-no-response]")


def test_pdf_without_text(project, tmp_path, capsys):
    scan = blank_pdf(tmp_path)
    assert error_of(project, capsys, scan) == (
        f"{scan}: error: PDF has no text layer (it is a scan or an image) [intake.pdf-no-text]")


def test_damaged_pdf(project, tmp_path, capsys):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    line = error_of(project, capsys, broken)
    assert line.startswith(f"{broken}: error: PDF cannot be read: ")
    assert line.endswith("[intake.unreadable]")


def test_existing_source_is_not_overwritten_without_force(project, tmp_path, capsys):
    page = saved_page(tmp_path)
    assert add(project, page) == 0
    capsys.readouterr()
    record = project / "content/sources/reporter-2024.yaml"
    record.write_text(record.read_text().replace("genre: TODO", "genre: news report"))
    assert error_of(project, capsys, page) == (
        f"{page}: error: source 'reporter-2024' exists already: "
        "content/sources/reporter-2024.yaml [intake.exists]")
    assert "genre: news report" in record.read_text()
    assert add(project, page, "--force") == 0
    assert "genre: TODO" in record.read_text()


def test_invalid_id(project, tmp_path, capsys):
    page = saved_page(tmp_path)
    assert error_of(project, capsys, page, "--id", "Radar_Talks") == (
        f"{page}: error: 'Radar_Talks' is not a valid source id [intake.id]")


def test_csl_export_without_the_document(project, tmp_path, capsys):
    export = csl_export(tmp_path, {**ZOTERO_ITEM, "URL": "https://a.example/", "title": "A"},
                        {**ZOTERO_ITEM, "URL": "https://b.example/", "title": "B"})
    assert error_of(project, capsys, saved_page(tmp_path), "--csl", export) == (
        f"{export}: error: CSL export holds 2 items and none has this document's DOI, URL or "
        "title [intake.csl]")


def test_csl_export_that_is_not_json(project, tmp_path, capsys):
    export = tmp_path / "export.json"
    export.write_text("@article{x, title={A}}")
    assert error_of(project, capsys, saved_page(tmp_path), "--csl", export) == (
        f"{export}: error: CSL export is not JSON: Expecting value: line 1 column 1 (char 0) "
        "[intake.csl]")


# --- find ------------------------------------------------------------------------------

def test_find_prints_a_citation_ready_to_paste(project, capsys):
    assert find(project, "explore joint work") == 0
    assert capsys.readouterr().out == (
        "gazette: content/archive/gazette.txt:5\n"
        "    - source: gazette\n"
        "      quote: \"explore joint work\"\n")


def test_find_compares_as_the_check_does_and_prints_the_archives_text(project, capsys):
    assert find(project, '"explore  JOINT work on early warning" - the') == 1
    assert find(project, "explore  JOINT work on early warning\u201d and") == 0
    assert capsys.readouterr().out.endswith(
        "      quote: \"explore joint work on early warning\u201d and\"\n")


def test_find_names_furniture_and_gives_the_closest_passage(project, capsys):
    assert find(project, "Ten facts about radar") == 1
    assert capsys.readouterr().out == (
        "gazette: content/archive/gazette.txt:8: in page furniture, outside the body (not "
        "citable): \"Ten facts about radar\"\n"
        "no body has \"Ten facts about radar\"; nothing close either\n")
    assert find(project, "agreed to explore joint work on missile warning") == 1
    assert capsys.readouterr().out == (
        "no body has \"agreed to explore joint work on missile warning\"; the closest passages:\n"
        "gazette: content/archive/gazette.txt:5\n"
        "    - source: gazette\n"
        "      quote: \"agreed to “explore joint work on early warning\"\n")


def test_find_searches_a_source_just_added(project, tmp_path, capsys):
    assert add(project, saved_page(tmp_path)) == 0
    capsys.readouterr()
    assert find(project, "we will meet again") == 0
    assert capsys.readouterr().out == (
        "reporter-2024: content/archive/reporter-2024.txt:13\n"
        "    - source: reporter-2024\n"
        "      quote: \"We will meet again\"\n")


# --- the whole workflow -----------------------------------------------------------------

@pytest.mark.slow
def test_saved_page_reaches_the_bibliography(project, tmp_path, capsys):
    """add-source, the editor's grade and perspective, a quotation found with find: the next
    doit validates and the new source is in the bibliography."""
    from conftest import run_doit

    assert add(project, saved_page(tmp_path)) == 0
    fill_in(project, "reporter-2024")
    capsys.readouterr()
    assert find(project, "critics in parliament called the talks premature") == 0
    pasted = capsys.readouterr().out.split("\n", 1)[1]
    ledger = project / "content" / "ledger" / "2024.yaml"
    cite(project, "reporter-2024", "placeholder")
    ledger.write_text(ledger.read_text().split("    - source:")[0] + pasted, encoding="utf-8")
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "build" / "briefing.html").read_text(encoding="utf-8")
    entry = html.split('id="src-reporter-2024"')[1].split("</article>")[0]
    entry = re.sub(r'<span class="name">(.*?)</span>', r"\1", entry)  # names: briefing.names
    assert ('<p class="reference">Reporter, J. Q. 2024. “Ministers Agree to Talk About Radar.” '
            f'The Example Gazette, March 11. {URL}.</p>') in entry
    assert "<dt>Grade B</dt><dd>A newspaper reporting on the record.</dd>" in entry
    assert ('<dt>Taken from</dt><dd><span class="path">content/archive/reporter-2024.html</span>'
            ) in entry


# --- the normalisation find and intake share with the quotation check --------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0ab‘’“”–—-\"'"), st.text(alphabet=" ab‘’“”–—-", min_size=1))
def test_mapped_normalisation_is_the_checks(text, quote):
    normalised, where = normalise_mapped(text)
    assert normalised == normalise(text) and len(where) == len(normalised)
    for start, end in occurrences(text, quote):
        assert normalise(text[start:end]) == normalise(quote)
    assert bool(occurrences(text, quote)) == (bool(normalise(quote))
                                              and normalise(quote) in normalise(text))


# --- body ranges ----------------------------------------------------------------------

def test_headline_repeated_in_the_masthead_is_taken_where_the_article_has_it():
    archive = ("Radar talks\n\nHome | World\n\nRadar talks\n\n"
               "The ministers agreed on Monday to explore joint work on early warning.\n")
    detected = body_ranges(archive, ["Radar talks", "The ministers agreed on Monday to explore "
                                                    "joint work on early warning."])
    assert detected.ranges == [Range("Radar talks\n\nThe", "joint work on early warning.", 5, 7,
                                     True)]
    assert detected.unplaced == 0 and detected.dropped == []


def test_main_text_that_repeats_whole_is_left_out_and_named():
    archive = "Share this\n\nThe article's only paragraph.\n\nShare this\n"
    detected = body_ranges(archive, ["Share this"])
    assert detected.ranges == [] and detected.dropped == [1]
    detected = body_ranges(archive, ["The article's only paragraph.", "Elsewhere"])
    assert detected.ranges == [Range("The article's only paragraph.",
                                     "The article's only paragraph.", 3, 3, False)]
    assert detected.unplaced == 1


# --- metadata intake must not be sure of: each field says where it came from -------------

def _record(source_id: str, kind: str, title: str, author: str, more: str, archive: str,
            body: str, short: str) -> str:
    return DRAFT_HEAD.format(id=source_id, type=kind) + (
        f"title: {title}\nauthor:\n  - {author}\n{more}archive:\n{archive}  body:\n{body}"
        + DRAFT_TAIL.format(short=short))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_header_block_in_text_gives_title_group_author_and_date(project, tmp_path, capsys):
    assert add(project, proposal(tmp_path), "--id", "proposal-8001") == 0
    assert text_of(project, "sources/proposal-8001.yaml") == _record(
        "proposal-8001", "document", "Governance Voting Process",
        "{literal: The core team and community}", "issued:\n  date-parts: [[2020, 5, 1]]\n",
        f"  path: archive/proposal-8001.txt\n  sha256: {_sha(PROPOSAL.encode())}\n",
        '    - start: "Abstract"\n      end: "could check a count afterwards."\n',
        "The core team and community 2020")
    report = capsys.readouterr().out
    assert report.startswith("plain text with a header block: source 'proposal-8001'\n")
    for line in ("  title           Governance Voting Process                    probable  from "
                 "the text's header block (Title:)",
                 "  author          The core team and community                  probable  from "
                 "the text's header block (Author:)",
                 "  issued          2020-05-01                                   probable  from "
                 "the text's header block (Created:)"):
        assert line in report


@pytest.mark.parametrize("title, drafted, origin", [
    ("8001 – Governance Voting Process", "8001 – Governance Voting Process",
     "the page's <title>"),
    ("Governance Voting Process | Example Proposals", "Governance Voting Process",
     "the page's <title>, without the site's name beside it"),
])
def test_a_date_only_in_code_is_no_date_and_a_dash_cuts_only_the_sites_name(
        project, tmp_path, capsys, title, drafted, origin):
    page = proposal_page(tmp_path, title)
    assert add(project, page, "--id", "proposal-8001") == 0
    text = (project / "content/archive/proposal-8001.txt").read_bytes()
    assert text_of(project, "sources/proposal-8001.yaml") == _record(
        "proposal-8001", "webpage", drafted, "{literal: The core team and community}",
        "container-title: Example Proposals\n",
        f"  path: archive/proposal-8001.txt\n  sha256: {_sha(text)}\n  original:\n"
        f"    path: archive/proposal-8001.html\n    sha256: {_sha(page.read_bytes())}\n",
        '    - start: "This proposal sets out how the"\n'
        '      end: "could check a count afterwards."\n', "The core team and community")
    report = capsys.readouterr().out
    assert f"probable  from {origin}\n" in report
    assert ("  author          The core team and community                  probable  from the "
            "page's <meta name=\"author\">") in report
    assert "issued" not in report  # not the stylesheet's 2020, the script's 2019, the comment's 2018


def test_a_group_author_reaches_the_bibliography_whole():
    from briefing.bibliography import entries

    source = {"id": "proposal-8001", "type": "report", "title": "Governance Voting Process",
              "author": [{"literal": "The core team and community", "family": None,
                          "given": None}], "issued": {"date-parts": [[2020, 5]]}}
    assert [str(html) for _, html in entries([source])] == [
        "The core team and community. 2020. <i>Governance Voting Process</i>."]
