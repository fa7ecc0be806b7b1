"""Who spoke, who acted, what the prose may state, and the order of the chronology (issue 13).

Each case edits the test-basic root and checks the exact diagnostic, the normalised
content, or what the built HTML and exports show a reader.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_doit
from test_validate import diagnostics_of, edit

from briefing import validate as validator
from briefing.diagnostics import ContentError
from briefing.paths import Project

NARRATIVE = "narrative/01-history.yaml"
SECOND = "A second meeting ended without agreement [@second-meeting-2007; @gazette]."


def test_a_date_no_citation_gives_is_warned(project):
    edit(project, NARRATIVE, SECOND,
         "In November 2007 a second meeting ended without agreement [@second-meeting-2007].")
    assert diagnostics_of(project) == [
        'content/narrative/01-history.yaml:7:8: warning: "November 2007" is in no event or '
        'source cited for its sentence [prose.unsupported]']


def test_strict_mode_makes_an_unsupported_name_fail(project):
    edit(project, NARRATIVE, SECOND, "Ambassador Petrova ended the second meeting "
         "[@second-meeting-2007].")
    validator.validate(Project.at(project))  # a warning: the build goes on
    with pytest.raises(ContentError) as failure:
        validator.validate(Project.at(project), strict=True)
    [line] = [str(d) for d in failure.value.diagnostics.items]
    assert line.startswith('content/narrative/01-history.yaml:7:16: warning: "Petrova" is in '
                           "no event or source cited for its sentence [prose.unsupported]")


def test_what_the_citations_give_is_supported(project):
    # the month of a dated event, a name of its actors, a word of its quotation, the year
    edit(project, NARRATIVE, SECOND, "In July 2007 the Minister of Country A offered early "
         "warning work, in 2007 [@minister-offer-2007].")
    assert diagnostics_of(project, strict=True) == []


def test_an_estimated_date_supports_only_an_estimate(project):
    # second-meeting-2007 is dated 2007-08, approximate: the month is the editors' estimate
    edit(project, NARRATIVE, SECOND, "In August 2007 the meeting failed [@second-meeting-2007].")
    assert any('"August 2007"' in line for line in diagnostics_of(project))
    edit(project, NARRATIVE, "In August 2007", "In c. August 2007")
    assert diagnostics_of(project, strict=True) == []


def test_words_in_quotation_marks_are_left_to_the_quotation_check(project):
    edit(project, NARRATIVE, SECOND, 'The paper wrote "A second meeting ended without '
         'agreement" [@second-meeting-2007; @gazette].')
    assert diagnostics_of(project, strict=True) == []


def test_a_context_event_may_have_no_actor_but_an_offer_must(project):
    edit(project, "ledger/2007.yaml", "kind: response", "kind: context")
    edit(project, "ledger/2007.yaml", "from: [{name: Country B, side: Country B}]", "from: []")
    assert diagnostics_of(project, strict=True) == []
    edit(project, "ledger/2007.yaml", "kind: context", "kind: response")
    assert diagnostics_of(project) == [
        "content/ledger/2007.yaml:23:5: error: response 'second-meeting-2007' names no acting "
        "party [event.no-actor]"]
    edit(project, "ledger/2007.yaml", "from: []", "from: []\n    unnamed: the report uses the passive")
    assert diagnostics_of(project, strict=True) == []


def test_the_editor_orders_the_chronology(project):
    edit(project, "ledger/2007.yaml", "date: 2007-08", "date: 2007-07")  # the same month
    edit(project, "ledger/2007.yaml", "  kind: offer", "  order: 1\n  kind: offer")
    data, _ = validator.validate(Project.at(project))
    assert [e.id for e in data.events] == ["second-meeting-2007", "minister-offer-2007"]


def test_an_event_known_to_its_year_follows_the_dated_ones_unless_placed(project):
    edit(project, "ledger/2007.yaml", "date: 2007-07", "date: 2007")
    data, _ = validator.validate(Project.at(project))
    assert [e.id for e in data.events] == ["second-meeting-2007", "minister-offer-2007"]
    edit(project, "ledger/2007.yaml", "date: 2007\n", "date: 2007\n  placed: 2007-02\n")
    data, _ = validator.validate(Project.at(project))
    assert [e.id for e in data.events] == ["minister-offer-2007", "second-meeting-2007"]
    edit(project, "ledger/2007.yaml", "placed: 2007-02", "placed: 2008-02")
    assert diagnostics_of(project) == [
        "content/ledger/2007.yaml:1:3: error: placed '2008-02' is not a fuller date within "
        "'2007' [event.placed]"]


def test_the_speaker_is_printed_exported_and_shown_beside_the_actor(project):
    edit(project, "ledger/2007.yaml", "      quote: explore joint work on early warning",
         "      quote: explore joint work on early warning\n      speaker: Jan Novak")
    result = run_doit(project, "html", "export")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "build" / "briefing.html").read_text(encoding="utf-8")
    # the source's short form is a name, never hyphenated in print (briefing.names)
    assert ('<span class="speaker">Jan Novak</span>, quoted in <span class="name">Gazette '
            '2007</span>') in html
    row = html[html.index('id="ev-minister-offer-2007"'):]
    row = re.sub(r"<[^>]+>", "", row[:row.index("</tr>")])  # the row's text, as read
    assert "The minister (Minister)" in row and "Words quoted: Jan Novak" in row
    ledger = json.loads((project / "build" / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["events"][0]["citations"][0]["speaker"] == "Jan Novak"
    csv = (project / "build" / "ledger.csv").read_text(encoding="utf-8")
    assert 'gazette (Jan Novak): ""explore joint work on early warning""' in csv


def test_an_event_that_fails_to_load_brings_no_prose_warnings(project):
    edit(project, "ledger/2007.yaml", "date: 2007-08", "date: 2007-02-30")
    edit(project, NARRATIVE, SECOND, "In August 2007 a second meeting ended without agreement "
         "[@second-meeting-2007].")
    assert diagnostics_of(project) == [
        "content/ledger/2007.yaml:16:9: error: date: date '2007-02-30' does not exist: "
        "February has 28 days [date.impossible]"]


def test_a_range_of_years_is_text_whose_two_years_are_checked(project):
    """"2014-15" (a budget year, a season) once stopped validation with an IndexError."""
    edit(project, "ledger/2007.yaml", "summary: The minister offered joint work on early warning.",
         "summary: The minister offered joint work on early warning for 2007-08.")
    edit(project, "sources/gazette.yaml", "title: A Test Column", "title: 'The 2006-07 review: A Test Column")
    edit(project, "sources/gazette.yaml", "on Cooperation\n", "on Cooperation'\n")
    edit(project, NARRATIVE, SECOND, "'In the 2007-08 season the minister offered early "
         "warning work [@minister-offer-2007], as *The 2006-07 review: A Test Column on "
         "Cooperation* reports [@gazette].'")
    assert diagnostics_of(project, strict=True) == []
    edit(project, NARRATIVE, "the 2007-08 season", "the 2008-09 season")
    assert diagnostics_of(project) == [
        'content/narrative/01-history.yaml:7:13: warning: "2008-09" is in no event or source '
        'cited for its sentence [prose.unsupported]']
    result = run_doit(project, "validate")
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr
