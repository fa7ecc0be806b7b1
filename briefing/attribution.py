"""Words that prose attributes to someone: whose they are, by the citations that give them.

Prose that puts quoted words in someone's mouth ("Varga said "..."", "Petrov called the
plan "unviable"", "in Okafor's words, "..."") must quote a cited citation whose speaker
is that person; a citation without a ``speaker`` is in the voice of its source's author (or,
with no author, its outlet), not of the event's actor. This module finds the attributions;
``briefing.validate`` checks each against the citations of its scope.

Recognised, within one sentence (a name is one to four capitalised words, such as "Varga" or
"Ines Maria Varga", and matches a speaker by its last word):

- a name, then optionally an auxiliary or adverb (has, had, also, later, again, ...), then a
  reporting verb (said, says, told, wrote, called, described, noted, argued, warned, ...,
  ``REPORTING``), attributes the quotations after it in its clause (up to a semicolon or
  ", and", ", but", ", while", ...) until the next such phrase;
- a quotation followed by "Varga said" or "said Varga" (with or without a comma);
- "in Varga's words", "in the words of Varga", "according to Varga", "as Varga put it"
  attribute the quotations after them in the same way; "according to Okafor" and "as
  Okafor reports" (or says, writes, ...) name who reports the words, which may be
  someone he quotes: the words must be his or those of a speaker his text quotes;
- a possessive directly before a quotation: "Okafor's "somewhat utopian"", "Varga's words
  "..."" (also with phrase, term, description, assertion, claim, statement, remark).

Not recognised: pronouns and common nouns ("he said", "the timeline says": these end the
attribution before them, but are not checked), a name separated from its verb by an
apposition ("Varga, then minister, said"), "called for" and "called on" (demands,
not reports), participles ("calling it "..."") and words quoted as quoting someone else
("as Okafor quotes Petrov").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from . import quotes, scopes, words

REPORTING = (
    "said says told tells stated states wrote writes called calls described describes termed "
    "terms added adds noted notes argued argues warned warns declared declares insisted "
    "insists claimed claims asserted asserts announced announces explained explains replied "
    "replies answered answers observed observes remarked remarks acknowledged acknowledges "
    "admitted admits suggested suggests concluded concludes stressed stresses emphasised "
    "emphasises emphasized emphasizes maintained maintains recalled recalls affirmed affirms "
    "contended contends commented comments labelled labeled labels dubbed dubs branded brands "
    "urged urges promised promises pledged pledges vowed vows complained complains predicted "
    "predicts reported reports tweeted tweets"
).split()
_BETWEEN = frozenset("has had have also then later once again repeatedly publicly reportedly "
                     "himself herself itself themselves further recently already would will"
                     .split())
_NOUNS = ("words phrase term expression description assertion claim statement remark "
          "characterisation characterization").split()
_PRONOUNS = frozenset("he she it they his her its their".split())
#: capitalised words that begin a sentence rather than a name: "Then Varga said"
_STARTERS = frozenset("a after also an and at before but even in later on so still the "
                      "then this that when while yet".split())
_CAP = r"[^\W\d_a-zß-öø-ÿ]"  # a letter that is not a lower-case one
_NAME = rf"{_CAP}[\w’'.\-]*(?:\s+{_CAP}[\w’'.\-]*){{0,3}}"
_VERBS = "|".join(REPORTING)
_VERB = re.compile(rf"\b({_VERBS})\b(?!\s+(?:for|on|upon)\b)")
_IN_WORDS = re.compile(rf"\b[Ii]n\s+(?:the\s+words\s+of\s+(?P<of>{_NAME})|(?P<who>{_NAME}|"
                       r"his|her|its|their)\s+(?:own\s+)?words\b)")
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<who>{_NAME}|his|her|its|their|the\b)")
_AS_PUT = re.compile(rf"\b[Aa]s\s+(?P<who>{_NAME}|he|she|it|they)\s+puts?\s+it\b")
_POSSESSIVE = re.compile(rf"(?P<who>{_NAME})['’]s?\s+(?:(?:own\s+)?(?:{'|'.join(_NOUNS)})\s+)?$")
_BACKWARD = re.compile(rf"[\s,]*(?:(?P<who>{_NAME})\s+(?:\w+\s+)?(?:{_VERBS})\b|"
                       rf"(?:{_VERBS})\s+(?P<after>{_NAME}))")
_AS = re.compile(r"\b[Aa]s\s+(?:the\s+)?$")  # "as Okafor reports", "as the Courier reported"
_NAME_BEFORE = re.compile(rf"(?P<who>{_NAME})\s+(?:(?:{'|'.join(sorted(_BETWEEN))})\s+){{0,2}}$")
#: the end of a clause, which ends an attribution: "X said "...", and it adds "...""
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|whereas|though|although|yet)\b")
#: how far back from a verb or a quotation a name is looked for (four words and two adverbs)
_REACH = 160


@dataclass(frozen=True)
class Attribution:
    name: str  # as the prose writes it: "Varga", "Ines Maria Varga"
    at: int  # where the name starts in the text
    quote: str
    quote_at: int
    #: "according to X", "as X reports": X may be the speaker or whoever reports the words
    frame: bool = False


def attributions(text: str, starts: list[int] | None = None) -> list[Attribution]:
    """Each quotation of ``text`` that its sentence attributes to a named person
    (``starts``: its sentences, if known)."""
    plain = quotes.CITE.sub(lambda m: " " * len(m.group(0)), text)
    quoted = [(m.start(), m.end(), words.quoted_text(m)) for m in words.QUOTED.finditer(plain)]
    bounds = (scopes.sentences(text) if starts is None else starts) + [len(text)]
    found, next_quote = [], 0
    for begin, end in itertools.pairwise(bounds):
        inside = []
        while next_quote < len(quoted) and quoted[next_quote][0] < end:
            inside.append(quoted[next_quote])
            next_quote += 1
        if not inside:
            continue
        phrases, next_phrase, current = _phrases(plain, begin, end, inside), 0, None
        for start, stop, quote in inside:
            while next_phrase < len(phrases) and phrases[next_phrase][0] < start:
                current = phrases[next_phrase][1]
                next_phrase += 1
            who = _backward(plain, stop, end) or _possessive(plain, begin, start) or current
            if who:
                found.append(Attribution(*who[:2], quote, start, frame=len(who) > 2))
    return found


def _phrases(text: str, begin: int, end: int, quoted) -> list[tuple[int, tuple | None]]:
    """The phrases of a sentence that attribute what follows: (where, (name, at) or None)."""
    blanked = list(text[begin:end])
    for start, stop, _ in quoted:  # a reporting verb inside a quotation is the source's
        blanked[start - begin: stop - begin] = " " * (stop - start)
    sentence = "".join(blanked)
    found = []
    for match in _VERB.finditer(sentence):
        name = _NAME_BEFORE.search(sentence, max(0, match.start() - _REACH), match.start())
        named = _named(name, "who", begin) if name else None
        if named and _AS.search(sentence, max(0, name.start() - 8), name.start("who")):
            named += ("frame",)  # "as Okafor reports": the reporter of the words
        found.append((begin + match.start(), named))
    found += [(begin + match.start(), None) for match in _CLAUSE.finditer(sentence)]
    for pattern in (_IN_WORDS, _ACCORDING, _AS_PUT):
        for match in pattern.finditer(sentence):
            group = "of" if match.groupdict().get("of") else "who"
            named = _named(match, group, begin)
            if named and pattern is _ACCORDING:
                named += ("frame",)
            found.append((begin + match.start(), named))
    return sorted(found, key=lambda p: p[0])


def _named(match: re.Match, group: str, offset: int) -> tuple[str, int] | None:
    """The name a match captured, without the words that begin a sentence ("Then") and a
    possessive ending; None for a pronoun or a common noun."""
    words = list(re.finditer(r"\S+", match.group(group) or ""))
    while words and words[0].group(0).lower() in _STARTERS:
        words.pop(0)
    if (not words or not words[0].group(0)[0].isupper()
            or words[0].group(0).lower() in _PRONOUNS):
        return None
    name = re.sub(r"['’]s?$", "", match.group(group)[words[0].start():].strip())
    return name, offset + match.start(group) + words[0].start()


def _backward(text: str, stop: int, end: int) -> tuple[str, int] | None:
    """The name of "..., Varga said" or "..., said Varga" just after a quotation."""
    match = _BACKWARD.match(text, stop, end)
    if not match:
        return None
    return _named(match, "who" if match.group("who") else "after", 0)


def _possessive(text: str, begin: int, start: int) -> tuple[str, int] | None:
    """The name of "Okafor's "..."" or "Varga's words "..."" just before a quotation."""
    match = _POSSESSIVE.search(text, max(begin, start - _REACH), start)
    return _named(match, "who", 0) if match else None


def same_person(name: str, voice: str, given: set[str]) -> bool:
    """Whether prose's ``name`` ("Varga", "Minister Varga", "Ines Varga") is ``voice``
    ("Ines Varga"): the same last word, and no other word that is the given name of
    someone else the scope names (``given``, lower case)."""
    words, known = _name_words(name), _name_words(voice)
    if not words or not known or words[-1] != known[-1]:
        return False
    return all(w in known or w not in given for w in words[:-1])


def _name_words(name: str) -> list[str]:
    return [w.rstrip(".").lower() for w in re.sub(r"\.(?:com|org|net)$", "", name.strip()).split()]
