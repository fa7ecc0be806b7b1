"""The pieces of English the engine writes everywhere (briefing.words)."""

from __future__ import annotations

import pytest

from briefing import words


@pytest.mark.parametrize("items, conjunction, expected", [
    ([], "and", ""), (["a"], "and", "a"), (["a", "b"], "and", "a and b"),
    (["a", "b", "c"], "and", "a, b and c"), (["a", "b", "c"], "or", "a, b or c"),
])
def test_a_series_reads_as_english(items, conjunction, expected):
    assert words.series(items, conjunction) == expected


@pytest.mark.parametrize("n, expected", [(0, "0 events"), (1, "1 event"), (2, "2 events")])
def test_a_count_agrees_with_its_number(n, expected):
    assert words.count(n, "event") == expected


def test_an_irregular_plural_is_given():
    assert words.count(2, "entry", "entries") == "2 entries"
    assert words.count(1, "entry", "entries") == "1 entry"
    assert [words.inflect(n, "is", "are") for n in (1, 2)] == ["is", "are"]


def test_text_cut_short_ends_with_an_ellipsis_within_the_limit():
    assert words.shortened("short", 10) == "short"
    assert words.shortened("a much longer text", 10) == "a much lo…"
    assert len(words.shortened("a much longer text", 10)) == 10
    assert words.first_words("one two three four", 3) == "one two three…"
    assert words.first_words("one two three", 3) == "one two three"


def test_upper_first_keeps_the_rest_as_it_is():
    assert words.upper_first("offers and NATO") == "Offers and NATO"
    assert words.upper_first("") == ""


def test_quotation_marks_inside_a_quotation_become_single():
    assert words.inner_quotes('the "reset" and “détente”') == "the ‘reset’ and ‘détente’"


@pytest.mark.parametrize(("text", "note", "expected"), [
    ("Ann Example", "Envoy", "Ann Example (Envoy)"),
    ("An official (not named)", "official in the capital",
     "An official (not named; official in the capital)"),
    ("Country B", None, "Country B"),
    ("Country B", "", "Country B"),
])
def test_a_note_in_parentheses_never_doubles_them(text, note, expected):
    assert words.aside(text, note) == expected
