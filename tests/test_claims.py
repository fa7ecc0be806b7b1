"""Every claim checked where it is made (issue 20): support at the sentence, quotations
checked against who said them, outcomes with their basis, dates with theirs.

Each case edits ``tests/roots/test-claims`` and checks the exact diagnostic, at the line and
column of the words themselves; the rest of the paragraph, which is correct, stays unflagged.
"""

from __future__ import annotations

import pytest
from conftest import make_project
from test_validate import diagnostics_of, edit

CLAIMS = "narrative/01-claims.yaml"
AT = "content/narrative/01-claims.yaml"


@pytest.fixture
def claims(tmp_path):
    return make_project(tmp_path / "claims", "test-claims")


def test_the_root_is_clean(claims):
    assert diagnostics_of(claims, strict=True) == []


@pytest.mark.parametrize("old, new, expected", [
    pytest.param(  # a year that another event cited in the same paragraph supports
        "In 2010 Varga offered", "In 2012 Varga offered",
        f'{AT}:6:8: warning: "2012" is in no event or source cited for its sentence '
        "[prose.unsupported]", id="wrong-year-of-another-event"),
    pytest.param(  # "17 May" with no year, where another event cited is dated 14-17 May
        "in 2012, on 20 May", "in 2012, on 17 May",
        f'{AT}:8:42: warning: "17 May" is in no event or source cited for its sentence '
        "[prose.unsupported]", id="day-of-another-event"),
    pytest.param(  # a leader's name swapped for another's in "X said"
        'and she said "We will', 'and Petrov said "We will',
        f'{AT}:7:32: warning: "We will share every reading" is attributed to Petrov, but the '
        "words are Ines Varga's [prose.misattributed]", id="name-swapped-in-said"),
    pytest.param(  # an office put back before a name whose office the records give otherwise
        "National Security Adviser Jane Roe", "Secretary of State Jane Roe",
        f'{AT}:9:55: warning: "Secretary of State" is not an office the cited records give '
        "Jane Roe [prose.office]", id="office-before-a-name"),
    pytest.param(  # the columnist's word given to the person he wrote about
        "Okafor called it", "Petrov called it",
        f'{AT}:8:71: warning: "unviable" is attributed to Petrov, but the words are Tomas '
        "Okafor's (the citation names no speaker: Okafor 2012's author) [prose.misattributed]",
        id="columnist-word-as-the-governor's"),
    pytest.param(  # the words of a source's title do not support history
        "*The River Warning Debate* reported\n    it [@gazette]",
        "the River Warning Agency reported\n    it [@roe-warning-2011]",
        f'{AT}:10:56: warning: "River Warning Agency" is in no event or source cited for its '
        "sentence [prose.unsupported]", id="title-words-as-history"),
    pytest.param(  # a sentence after the paragraph's last citation is covered by none
        "reported\n    it [@gazette].", "reported\n    it [@gazette]. It was never answered by Borea.",
        f'{AT}:11:45: warning: "Borea" is in a sentence that no citation covers '
        "[prose.unsupported]", id="uncovered-sentence"),
])
def test_a_slip_is_caught_at_its_words(claims, old, new, expected):
    edit(claims, CLAIMS, old, new)
    assert diagnostics_of(claims) == [expected]


def test_an_office_the_records_do_not_give_is_named_with_what_they_give(claims):
    edit(claims, CLAIMS, "National Security Adviser Jane Roe", "Secretary of State Jane Roe")
    [hint] = [line.splitlines()[1] for line in diagnostics_of(claims, hints=True)]
    assert hint == "    hint: they give: National Security Adviser"
    edit(claims, "ledger/2011.yaml", "{name: Jane Roe, role: National Security Adviser, side: Borea}",
         "{name: Jane Roe, side: Borea}")
    [line] = diagnostics_of(claims, hints=True)
    assert line == (f'{AT}:9:55: warning: "Secretary of State" is not an office the cited '
                    "records give Jane Roe [prose.office]\n    hint: no cited record gives Jane "
                    "Roe an office: give it in the actor's role, or attribute the title to the "
                    "source that uses it")


def test_an_office_a_summary_gives_before_the_name_is_supported(claims):
    edit(claims, "ledger/2011.yaml", "summary: Jane Roe told Varga",
         "summary: Secretary of State Jane Roe told Varga")
    edit(claims, CLAIMS, "National Security Adviser Jane Roe", "Secretary of State Jane Roe")
    assert diagnostics_of(claims, strict=True) == []


@pytest.mark.parametrize("sentence, expected", [
    ('"We will share every reading", Varga said [@varga-offer-2010].', None),
    ('"We will share every reading", Petrov said [@varga-offer-2010].', "Petrov"),
    ('"We will share every reading", said Petrov [@varga-offer-2010].', "Petrov"),
    ("In Varga's words, \"We will share every reading\" [@varga-offer-2010].", None),
    ("In Petrov's words, \"We will share every reading\" [@varga-offer-2010].", "Petrov"),
    ('According to Petrov, "We will share every reading" [@varga-offer-2010].', "Petrov"),
    ('Petrov later told reporters "We will share every reading" [@varga-offer-2010].', "Petrov"),
    ("Okafor's \"unviable\" is the word [@petrov-reply-2012].", None),
    ("Petrov's \"unviable\" is the word [@petrov-reply-2012].", "Petrov"),
    # "according to" and "as X reports" name who reports the words: they may quote others
    ('As Okafor reports, Petrov said "We cannot share sovereignty over our rivers" '
     "[@petrov-reply-2012].", None),
    ('According to Okafor, "We cannot share sovereignty over our rivers" [@petrov-reply-2012].',
     None),
    # not recognised, so not checked: a pronoun, and a demand ("called for")
    ('She said "We will share every reading" [@varga-offer-2010].', None),
    ('Petrov called for "We will share every reading" [@varga-offer-2010].', None),
])
def test_the_forms_of_attribution(claims, sentence, expected):
    edit(claims, CLAIMS, "Varga heard from National Security Adviser Jane Roe\n    that the "
         "gauges were down [@roe-warning-2011].", sentence)
    found = [line for line in diagnostics_of(claims) if "[prose.misattributed]" in line]
    assert len(found) == (expected is not None), found
    assert all(f"is attributed to {expected}, but the words are" in line for line in found)


def test_words_in_no_cited_quotation_are_not_anyones(claims):
    edit(claims, CLAIMS, "Varga heard from National Security Adviser Jane Roe\n    that the "
         "gauges were down [@roe-warning-2011].", 'Varga said "Both sides had spoken" '
         "[@petrov-reply-2012; @column].")
    assert diagnostics_of(claims) == [
        f'{AT}:9:38: warning: "Both sides had spoken" is attributed to Varga, but the words '
        "are Tomas Okafor's (the citation names no speaker: Okafor 2012's author) "
        "[prose.misattributed]"]
    edit(claims, CLAIMS, '"Both sides had spoken" [@petrov-reply-2012; @column]',
         '"Governor Lena Petrov" [@petrov-reply-2012]')  # in the body, in no quotation
    assert diagnostics_of(claims) == [
        f'{AT}:9:38: warning: "Governor Lena Petrov" is attributed to Varga, but no quotation '
        "of the cited events gives these words [prose.misattributed]"]


def test_plurals_and_possessives_of_supported_words_are_supported(claims):
    edit(claims, CLAIMS, "Okafor called it", "both RFCs and the RFC's terms failed, and Okafor "
         "called it")
    assert diagnostics_of(claims, strict=True) == []
    edit(claims, CLAIMS, "both RFCs", "both RFDs")
    assert diagnostics_of(claims) == [
        f'{AT}:8:76: warning: "RFDs" is in no event or source cited for its sentence '
        "[prose.unsupported]"]


def test_a_titles_whole_phrase_supports_prose_about_the_source(claims):
    edit(claims, CLAIMS, "*The River Warning Debate* reported", "the Harbour Gazette, in *The "
         "River Warning Debate* of April 2011, reported")
    assert diagnostics_of(claims, strict=True) == []
    edit(claims, CLAIMS, "it [@gazette]", "it [@roe-warning-2011]")  # through an event: no date
    assert diagnostics_of(claims) == [
        f'{AT}:10:106: warning: "April 2011" is in no event or source cited for its sentence '
        "[prose.unsupported]"]


# --- outcomes are claims ----------------------------------------------------------------------

def test_an_outcome_names_the_quotation_that_supports_it(claims):
    edit(claims, "ledger/2012.yaml", "{status: rejected, basis: described the joint plan as unviable}",
         "{status: rejected}")
    [line] = diagnostics_of(claims, hints=True)
    assert line == (
        "content/ledger/2012.yaml:9:21: warning: outcome 'rejected' of 'petrov-reply-2012' names "
        "no quotation that supports it [outcome.no-basis]\n    hint: give the words of one of "
        "its citations that say it, as outcome: {basis: ...}; where a source reports an offer "
        "without a reply, the outcome is marked unknown rather than inferred")


def test_an_outcome_basis_must_be_words_of_the_events_quotations(claims):
    edit(claims, "ledger/2012.yaml", "basis: described the joint plan as unviable",
         "basis: described the joint plan as doomed")
    assert diagnostics_of(claims) == [
        "content/ledger/2012.yaml:9:38: error: outcome basis is in none of the quotations of "
        "'petrov-reply-2012' [outcome.basis-not-found]"]


def test_the_default_outcome_needs_no_basis(claims):
    edit(claims, "ledger/2012.yaml", "{status: rejected, basis: described the joint plan as unviable}",
         "{status: unknown}")
    assert diagnostics_of(claims, strict=True) == []



# --- dates and where they come from -----------------------------------------------------------

LEDGER_2010 = "ledger/2010.yaml"
DATED = '  date: "2010-05"\n'


@pytest.mark.parametrize("new, expected", [
    ('  date: "2010-05"\n  approx: true\n  date_basis: "during the visit"\n',
     "content/ledger/2010.yaml:1:3: error: date is approximate but 'date_from' does not say "
     "where the estimate comes from (wording or outside) [event.date-from]"),
    ('  date: "2010-05"\n  date_from: outside\n',
     "content/ledger/2010.yaml:1:3: error: date rests on outside knowledge but no 'editor_note' "
     "gives it [event.outside-unexplained]"),
    ('  date: "2010-05"\n  date_from: nearby\n',
     "content/ledger/2010.yaml:3:14: error: date_from: 'nearby' is not one of wording, outside "
     "[field.choice]"),
])
def test_a_dates_basis_is_said(claims, new, expected):
    edit(claims, LEDGER_2010, DATED, new)
    assert diagnostics_of(claims) == [expected]


def test_the_two_bases_print_differently_with_a_legend_and_a_count(claims):
    from conftest import run_doit

    edit(claims, LEDGER_2010, DATED, '  date: "2010-05"\n  approx: true\n  date_from: wording\n'
         '  date_basis: "from 14 to 17 May"\n  label: The offer\n')
    edit(claims, "ledger/2011.yaml", '  date: "2011-03"\n', '  date: "2011-03"\n  approx: true\n'
         '  date_from: outside\n  date_basis: the editors know the month\n  editor_note: From '
         'outside the sources, the warning came in March.\n')
    edit(claims, CLAIMS, "  - figure: timeline", "  - generated: dates\n  - figure: timeline")
    result = run_doit(claims, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (claims / "build/briefing.html").read_text(encoding="utf-8")
    assert 'data-label="Date">c. May 2010<' in html
    assert 'data-label="Date">c. March 2011†<' in html
    assert 'data-label="Date">20 May 2012<' in html
    assert ("<p><strong>Dates.</strong> “c.” marks a date the editors estimate, inferred from "
            "the sources’ wording unless it also carries “†”; “†” marks a date that rests on "
            "knowledge from outside the sources, which the event’s editor’s note gives.</p>") in html
    assert ('<p class="generated">Of the ledger’s 3 dates, 1 is as the sources write them, 1 is '
            "inferred from the sources’ wording (an estimate, marked “c.”) and 1 rests on "
            "knowledge from outside the sources (marked “†”; an estimate, also marked “c.”), "
            "which the editor’s note of that event gives.</p>") in html
    alt = (claims / "build/figures/timeline.json").read_text(encoding="utf-8")
    assert "Labelled turning points: c. May 2010 The offer." in alt  # an axis of months


def test_a_briefing_without_estimates_explains_no_marks(claims):
    from briefing import datemarks, validate
    from briefing.paths import Project

    data, _ = validate.validate(Project.at(claims))
    assert datemarks.legend(data) == ""
    assert datemarks.statement(data) == ("Of the ledger’s 3 dates, 3 are as the sources write "
                                         "them. No date rests on knowledge from outside the "
                                         "sources.")


def test_placed_events_are_explained_in_the_legend_with_the_label_printed(claims):
    from conftest import run_doit

    from briefing import datemarks, validate
    from briefing.paths import Project

    edit(claims, "ledger/2011.yaml", '  date: "2011-03"\n', '  date: "2011-03"\n  placed: "2011-03-20"\n')
    data, _ = validate.validate(Project.at(claims))
    assert datemarks.legend(data) == (
        "“placed by the editors” marks an event its sources date only to a year or a month, "
        "whose row the editors place within it where the sources’ account puts it, without "
        "claiming a fuller date.")
    edit(claims, "document.yaml", "bluf:", "labels: {placed: row placed by us}\nbluf:")
    result = run_doit(claims, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (claims / "build/briefing.html").read_text(encoding="utf-8")
    assert '<span class="placed"> row placed by us</span>' in html
    assert "<p><strong>Dates.</strong> “row placed by us” marks an event its sources" in html


# --- bounded: the specifics check is linear in the text (issue 24) -----------------------------

def _dense(n: int, first: int = 1000) -> str:
    """Text full of distinct years and days written without one ("Feb N")."""
    return " ".join(f"In {first + i} there came Feb {1 + i % 28}." for i in range(n))


def test_dense_dates_are_checked_in_bounded_time_and_memory(claims):
    """A 41 KB ledger of years and "Feb N" dates once took more than 120 s to validate, and
    one of 199 KB ran out of memory: every day was paired with every year of its text."""
    import resource
    import subprocess
    import sys

    summary = _dense(8000)  # about 200 KB, 8,000 distinct years and 8,000 days
    assert len(summary) > 199_000
    edit(claims, LEDGER_2010, "  summary: On a visit", f"  summary: {summary} On a visit")
    prose = _dense(4000)  # each of them supported by the event
    edit(claims, CLAIMS, "In 2010 Varga offered", prose + " In 15 August 1066 Varga offered")

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    result = subprocess.run([sys.executable, "-m", "briefing", "validate", str(claims)],
                            capture_output=True, text=True, preexec_fn=limits, timeout=600)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr[-2000:]
    column = len("    ") + len(prose) + len(" In ") + 1
    assert result.stderr.splitlines()[0] == (
        f'{AT}:6:{column}: warning: "15 August 1066" is in no event or source cited for its '
        "sentence [prose.unsupported]")


def test_who_reported_a_speakers_words_may_be_named_as_reporting_them(claims):
    """A source quoting a speaker through a newspaper (``via``): "as the newspaper reported"
    attributes the words rightly; without ``via`` it names the wrong voice."""
    edit(claims, CLAIMS, "Varga heard from National Security Adviser Jane Roe\n    that the "
         "gauges were down [@roe-warning-2011].", "Her words, as the Alba Courier reported "
         'them, were "We will share every reading" [@varga-offer-2010].')
    assert diagnostics_of(claims) == [
        f'{AT}:9:56: warning: "We will share every reading" is attributed to Alba Courier, but '
        "the words are Ines Varga's [prose.misattributed]",
        f'{AT}:9:61: warning: "Courier" is in no event or source cited for its sentence '
        "[prose.unsupported]"]
    edit(claims, "ledger/2010.yaml", "      speaker: Ines Varga",
         "      speaker: Ines Varga\n      via: the Alba Courier")
    assert diagnostics_of(claims, strict=True) == []


def test_a_reporter_of_words_needs_their_speaker(claims):
    edit(claims, "ledger/2010.yaml", "      speaker: Ines Varga", "      via: the Alba Courier")
    assert diagnostics_of(claims)[0] == (
        "content/ledger/2010.yaml:11:7: error: citations[0]: 'via' names who reported a "
        "speaker's words, but the citation names no speaker [citation.via]")


def test_a_note_names_who_reported_the_speakers_words(claims):
    from briefing.model import Citation
    from briefing.notes import speaker

    citation = Citation(source="gazette", quote="We will share every reading.",
                        speaker="Ines Varga", via="the Alba Courier")
    assert str(speaker(citation)) == (
        '<span class="speaker">Ines Varga</span> as reported by the Alba Courier')
    assert str(speaker(citation.model_copy(update={"via": None}))) == (
        '<span class="speaker">Ines Varga</span>')
