"""Typographic quotation marks, apostrophes and dashes, by the document's language."""

from __future__ import annotations

import pytest

from briefing import quotes, typography, words
from briefing.markup import Prose
from briefing.notes import Notes


@pytest.mark.parametrize("language, expected", [
    ("en", "“It’s ‘done’ – now”"),
    ("en-GB", "“It’s ‘done’ – now”"),
    ("de", "„It’s ‚done‘ – now“"),
    ("fr", "«\u202fIt’s ‘done’ – now\u202f»"),
])
def test_quotes_and_dashes_follow_the_language(language, expected):
    assert typography.typeset('"It\'s \'done\' -- now"', language) == expected


def test_markup_the_engine_adds_keeps_straight_attributes():
    prose = Prose(Notes.__new__(Notes), {"timeline": 1}, "en")
    html = str(prose('He called it "final" [[fig:timeline]] & <b>"bold"</b>'))
    assert 'href="#fig-timeline"' in html and 'class="figref"' in html
    assert "“final”" in html
    assert "&lt;b&gt;" in html  # content is still escaped, never markup


@pytest.mark.parametrize("archive, quote", [
    ('It said "no deal" and it\'s over - for now.', "It said “no deal” and it’s over – for now."),
    ("It said “no deal” and it’s over – for now.", 'It said "no deal" and it\'s over - for now.'),
])
def test_the_quotation_check_matches_straight_and_curly_forms_alike(archive, quote):
    body = quotes.Body(quotes.normalise(archive), quotes.normalise(archive))
    assert body.contains(quote)
    assert not body.contains(quote.replace("no deal", "a deal"))


def test_german_closes_a_single_quotation_with_its_own_mark_and_keeps_apostrophes():
    assert (typography.typeset("\"Sie sagten 'geht's los' und gingen's an.\"", "de")
            == "„Sie sagten ‚geht’s los‘ und gingen’s an.“")


@pytest.mark.parametrize("text, language", [
    ("Der Minister sprach von „einer neuen Phase“ [@a].", "de"),
    ("Le ministre parla d’« une nouvelle phase » [@a].", "fr"),
    ("Le ministre parla d’«\u202fune nouvelle phase\u202f» [@a].", "fr"),
    ('The minister spoke of "a new phase" [@a].', "en"),
    ("The minister spoke of “a new phase” [@a].", "en"),
])
def test_a_quotation_in_the_marks_of_any_language_is_one_the_check_finds(text, language):
    """An editor who types the marks of the document's language still has the quotation
    checked against the archive: the check sees the same words whatever the marks."""
    assert quotes.quotations(text) == [
        {"de": "einer neuen Phase", "fr": "une nouvelle phase"}.get(language, "a new phase")]


@pytest.mark.parametrize("language, expected", [
    ("en", "the ‘reset’ and ‘détente’"),
    ("de", "the ‚reset‘ and ‚détente‘"),
    ("fr", "the “reset” and “détente”"),
])
def test_a_quotation_inside_a_quotation_takes_the_inner_marks_of_the_language(language, expected):
    assert words.inner_quotes('the "reset" and “détente”', language) == expected
    assert words.inner_quotes("the „reset“ and « détente »", language) == expected
