"""Typographic quotation marks, apostrophes and dashes, by the document's language."""

from __future__ import annotations

import pytest

from briefing import quotes, typography
from briefing.markup import Prose
from briefing.notes import Notes


@pytest.mark.parametrize("language, expected", [
    ("en", "“It’s ‘done’ – now”"),
    ("en-GB", "“It’s ‘done’ – now”"),
    ("de", "„It’s ‚done’ – now“"),
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
