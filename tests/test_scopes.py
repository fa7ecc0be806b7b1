"""Where words are: an offset in a YAML value as a line and column of the file, and the
sentences and citation scopes of a paragraph."""

from __future__ import annotations

import itertools

import pytest
from conftest import REPO

from briefing import scopes
from briefing.diagnostics import Diagnostics
from briefing.yamlfile import read_yaml, value_offsets

YAML_FILES = sorted([*REPO.glob("content/**/*.yaml"), *REPO.glob("tests/roots/*/content/**/*.yaml"),
                     *REPO.glob("briefing/starter/content/**/*.yaml")])


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_character_of_every_text_is_placed_on_its_own_character(path):
    parsed = read_yaml(path, str(path), Diagnostics())
    assert parsed is not None
    for key, (start, end, style) in parsed.scalars.items():
        value = parsed.value_at(key)
        if not isinstance(value, str):
            continue
        offsets = value_offsets(parsed.text[start:end], value, style)
        assert offsets is not None, key
        for char, at in zip(value, offsets, strict=True):
            if not char.isspace():
                assert parsed.text[start + at] == char, (key, char)


FOLDED = """\
text: >-
  First line of a folded
  paragraph, second word here.

  After a blank line.
plain: a plain scalar
  that goes on
single: 'it''s
  here'
double: "tab\\there \\u00e9 and \\
  joined"
literal: |
  kept
    indented
"""


@pytest.mark.parametrize("key, word, line, col", [
    ("text", "First", 2, 3),
    ("text", "second", 3, 14),
    ("text", "After", 5, 3),
    ("plain", "goes", 7, 8),
    ("single", "here", 9, 3),
    ("double", "é", 10, 20),
    ("double", "joined", 11, 3),
    ("literal", "indented", 14, 5),
])
def test_a_word_is_placed_in_each_block_style(tmp_path, key, word, line, col):
    path = tmp_path / "styles.yaml"
    path.write_text(FOLDED, encoding="utf-8")
    parsed = read_yaml(path, "styles.yaml", Diagnostics())
    at = parsed.at_offset((key,), parsed.data[key].index(word))
    assert (at.line, at.col) == (line, col)


def test_a_value_stripped_by_the_model_is_placed_from_its_words(tmp_path):
    path = tmp_path / "spaced.yaml"
    path.write_text('text: "  two spaces first"\n', encoding="utf-8")
    parsed = read_yaml(path, "spaced.yaml", Diagnostics())
    at = parsed.at_offset(("text",), "two spaces first".index("first"))
    assert (at.line, at.col) == (1, 21)


def _sentences(text: str, keep=()) -> list[str]:
    starts = scopes.sentences(text, keep) + [len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(starts)]


@pytest.mark.parametrize("text, expected", [
    ("One. Two.", ["One.", "Two."]),
    ("In c. 2013 the U.S. and A.G. Arbatov met. Then Feb. 15 came.",
     ["In c. 2013 the U.S. and A.G. Arbatov met.", "Then Feb. 15 came."]),
    ('He said "It ended. Nothing came of it." Then it rained.',
     ['He said "It ended. Nothing came of it."', "Then it rained."]),
    ("The word is not Rasmussen's. Writing later, he agreed.",
     ["The word is not Rasmussen's.", "Writing later, he agreed."]),
    ("Seen in St. Petersburg. [[fig:timeline]] shows it.",
     ["Seen in St. Petersburg.", "[[fig:timeline]] shows it."]),
])
def test_sentences_end_where_a_reader_sees_them_end(text, expected):
    assert _sentences(text) == expected


def test_a_title_with_a_full_stop_ends_no_sentence():
    text = "It appeared in Polis. Political Studies, in 2016."
    assert _sentences(text) == ["It appeared in Polis.", "Political Studies, in 2016."]
    assert _sentences(text, keep=["Polis. Political Studies"]) == [text]


def test_a_citation_covers_its_sentence_and_the_uncited_ones_before_it():
    text = "Aa is. Bb [@b]. Cc [@c1], and Dd [@d]; so Ee. Ff is."
    found = [(text[s.start:s.end].strip(), s.ids) for s in scopes.scopes(text)]
    assert found == [("Aa is. Bb [@b].", ("b",)), ("Cc [@c1]", ("c1",)),
                     (", and Dd [@d]; so Ee.", ("d",)), ("Ff is.", ())]
