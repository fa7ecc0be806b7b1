"""The content model: what each YAML file may contain, as typed pydantic models.

The JSON Schemas in ``schema/`` are generated from these classes (``briefing.schema``),
so an editor's YAML plugin checks the same rules as the build.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .datemarks import NoSuchDate, NotADate, PartialDate

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[
    str, StringConstraints(pattern=ID_PATTERN), Field(description="lowercase a-z, 0-9 and hyphens")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Confidence = Literal["high", "moderate", "low"]
CslType = Literal[
    "article", "article-journal", "article-magazine", "article-newspaper", "webpage",
    "post-weblog", "report", "book", "chapter", "interview", "speech", "document",
]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Part = Literal["summary", "history", "analysis", "method"]

#: What intake writes in a field only the editor can fill (genre, grade, perspective); the
#: loader reports each one as ``source.unfilled`` until it is replaced.
UNFILLED = "TODO"

def parse_date(value: str) -> tuple[int, ...]:
    """``"2007"``, ``"2007-07"`` or ``"2007-07-14"`` into its parts; impossible dates refused."""
    try:
        return PartialDate.parse(value).parts
    except NotADate:
        raise PydanticCustomError(
            "date.format", "date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD", {"value": value}
        ) from None
    except NoSuchDate as exc:
        if exc.last is None:
            raise PydanticCustomError("date.impossible", "date '{value}' has no month {m}",
                                      {"value": value, "m": exc.month}) from None
        raise PydanticCustomError(
            "date.impossible", "date '{value}' does not exist: {month} has {last} days",
            {"value": value, "month": calendar.month_name[exc.month], "last": exc.last}) from None


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)


def _year_as_text(value):
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# --- the briefing's own words: content/vocabulary.yaml -------------------------------------

#: What a kind of event does in the engine: "offers" are the callouts, are expected to
#: have an outcome and are counted by the charts of offers; "answers" are counted with
#: them; "turning-points" are the kinds the timeline labels when the editor labels none;
#: "context" events (an attack, an earthquake, a treaty) may have no acting party.
KindRole = Literal["offers", "answers", "turning-points", "context"]
#: "default" is the outcome of an event whose sources do not say what became of it.
OutcomeRole = Literal["default"]
#: the sections of the vocabulary, as content files name them
VOCABULARY = ("domains", "kinds", "outcomes", "genres")


class Term(Model):
    id: Id = Field(description="the word content files use")
    label: Text | None = Field(None, description="the words printed (default: the id, "
                               "hyphens as spaces)")


class KindTerm(Term):
    plural: Text | None = Field(None, description="the label in the plural (default: label + s)")
    roles: list[KindRole] = []


class OutcomeTerm(Term):
    roles: list[OutcomeRole] = []


class GenreTerm(Term):
    id: Text = Field(description="the words source records use, spaces allowed")


class Vocabulary(Model):
    domains: list[Term] = Field(min_length=1, description="what events are about, in the "
                                "order of the charts' lanes and stacks")
    kinds: list[KindTerm] = Field(min_length=1, description="kinds of event, in legend order")
    outcomes: list[OutcomeTerm] = Field(min_length=1, description="outcome statuses, in "
                                        "legend order; exactly one has the role 'default'")
    genres: list[GenreTerm] = Field(min_length=1, description="genres of source")


def _in_vocabulary(section: str):
    """A validator: the value must be one of the ``section`` words of the vocabulary that
    validation is given as context (``briefing.load`` gives the content's own)."""
    def check(value: str, info: ValidationInfo) -> str:
        vocabulary = (info.context or {}).get("vocabulary")
        if vocabulary is None:
            return value
        allowed = [term.id for term in getattr(vocabulary, section)]
        if value not in allowed:
            raise PydanticCustomError(
                "field.choice", "'{value}' is not one of {allowed}",
                {"value": value, "allowed": ", ".join(allowed), "section": section})
        return value
    return check


def _word(section: str):
    return Annotated[Text, AfterValidator(_in_vocabulary(section)),
                     Field(json_schema_extra={"x-vocabulary": section})]


Kind = _word("kinds")
Domain = _word("domains")
OutcomeStatus = _word("outcomes")
Genre = _word("genres")


# --- fields checked for what they are ------------------------------------------------------

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_NOT_IN_URLS = set('<>"{}|\\^`')  # RFC 3986: written percent-encoded, never as they are


def _url(value: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(
            c.isspace() or c in _NOT_IN_URLS for c in value):
        raise PydanticCustomError("field.url", "'{value}' is not an http(s) URL", {"value": value})
    return value


def _doi(value: str) -> str:
    if not _DOI.fullmatch(value):
        raise PydanticCustomError("field.doi", "'{value}' does not look like a DOI", {"value": value})
    return value


def _language(value: str) -> str:
    import langcodes

    if "_" in value or not langcodes.tag_is_valid(value):
        raise PydanticCustomError("field.language", "'{value}' is not a BCP 47 language tag",
                                  {"value": value})
    return value


Url = Annotated[Text, AfterValidator(_url),
                Field(description="an http or https URL",
                      json_schema_extra={"pattern": r"^https?://\S+$"})]
Doi = Annotated[Text, AfterValidator(_doi),
                Field(description="a DOI, e.g. 10.1000/xyz123 (not its https://doi.org/ URL)",
                      json_schema_extra={"pattern": _DOI.pattern})]
Language = Annotated[Text, AfterValidator(_language),
                     Field(description="a BCP 47 language tag, e.g. en, en-GB, fr-CA",
                           json_schema_extra={"pattern": r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"})]


# --- sources -----------------------------------------------------------------------------

class Name(Model):
    """A person (family name, and given names if known) or, as CSL's ``literal``, a group or
    a name not to be split: "The core team and community"."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["family"], "not": {"required": ["literal"]}},
        {"required": ["literal"], "not": {"anyOf": [{"required": ["family"]},
                                                    {"required": ["given"]}]}}]})

    family: Text | None = None
    given: Text | None = None
    literal: Text | None = Field(None, description="a group, or a name not split into given "
                                 "and family: printed as written")

    @property
    def printed(self) -> str:
        """The name as the briefing writes it: a group's whole, a person's given and family names."""
        return self.literal or " ".join(filter(None, (self.given, self.family)))

    @model_validator(mode="after")
    def _person_or_group(self) -> Name:
        if bool(self.family) == bool(self.literal) or (self.given and not self.family):
            raise PydanticCustomError(
                "field.name", "a name is a person's (family, and given if known) or a "
                "group's (literal), not both and not neither")
        return self


#: The parts of a date, as ``estimated`` names them.
DatePart = Literal["year", "month", "day"]


class CslDate(Model):
    date_parts: list[list[int]] = Field(alias="date-parts", min_length=1, max_length=1)
    circa: bool = False
    estimated: list[DatePart] | None = Field(
        None, description="with circa: which parts of the date are estimated (default: all), "
        "e.g. [month, day] when the year is firm; the bibliography marks only those")

    @field_validator("date_parts")
    @classmethod
    def _real_date(cls, value: list[list[int]]) -> list[list[int]]:
        if not 1 <= len(value[0]) <= 3:
            raise PydanticCustomError("date.format", "date-parts must be [[year, month, day]]")
        parse_date("-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(value[0])))
        return value

    @model_validator(mode="after")
    def _estimated_parts(self) -> CslDate:
        if self.estimated is None:
            return self
        given = ("year", "month", "day")[:len(self.date_parts[0])]
        if not self.circa or not self.estimated or any(p not in given for p in self.estimated):
            raise PydanticCustomError(
                "date.estimated", "'estimated' names the parts of a circa date that are "
                "estimated, among those it gives: {given}", {"given": ", ".join(given)})
        return self

    @property
    def when(self) -> PartialDate:
        return PartialDate(*self.date_parts[0], approx=self.circa)

    @property
    def estimated_parts(self) -> tuple[str, ...]:
        """The parts of the date that are estimated: none, those named, or all of a circa date."""
        if not self.circa:
            return ()
        return tuple(self.estimated or ("year", "month", "day")[:len(self.date_parts[0])])


class BodyRange(Model):
    start: Text = Field(description="verbatim text of the archive where the body starts")
    end: Text = Field(description="verbatim text where the body ends (included)")


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Original(Model):
    path: Text = Field(description="the file the text was taken from, relative to content/")
    sha256: Sha256


class Archive(Model):
    path: Text = Field(description="the archived text, relative to content/")
    sha256: Sha256
    original: Original | None = Field(
        None, description="the saved page, web archive or PDF the text was taken from")
    body: list[BodyRange] = Field(min_length=1)


class Grade(Model):
    reliability: Reliability = Field(description="Admiralty code source reliability, A to F")
    reason: Text


class Source(Model):
    id: Id
    type: CslType
    genre: Genre
    title: Text
    author: list[Name] = []
    container_title: Text | None = Field(None, alias="container-title")
    publisher: Text | None = None
    volume: Text | None = None
    issue: Text | None = None
    page: Text | None = Field(None, description="page range in the container, e.g. '49-61'")
    issued: CslDate | None = None
    issued_note: Text | None = Field(None, alias="issued-note")
    accessed: CslDate | None = Field(None, description="when the page was saved or captured")
    DOI: Doi | None = None
    URL: Url | None = None
    note: Text | None = None
    archive: Archive
    grade: Grade
    perspective: Text
    short: Text = Field(description="short form used in footnotes, e.g. 'Smith 2011'")

    @model_validator(mode="after")
    def _estimate_explained(self) -> Source:
        if self.issued and self.issued.circa and not self.issued_note:
            raise PydanticCustomError(
                "source.estimate-unexplained",
                "issued date is marked circa but 'issued-note' does not say why")
        return self


# --- events ------------------------------------------------------------------------------

class Actor(Model):
    name: Text
    role: Text | None = Field(None, description="the actor's role at the time, as the source gives it")
    side: Text = Field(description="the country or organisation the actor acted for")


class Actors(Model):
    from_: list[Actor] = Field([], alias="from", description="who acted; empty for a kind "
                               "with the role 'context', or when 'unnamed' says why")
    to: list[Actor] = []
    unnamed: Text | None = Field(None, description="why no acting party is named, e.g. 'the "
                                 "source uses the passive'")


class Outcome(Model):
    status: OutcomeStatus
    note: Text | None = None
    basis: Text | None = Field(None, description="words of one of the event's quotations "
                               "that say what became of it: required for every status but "
                               "the default one (else a warning)")


class Citation(Model):
    source: Id
    quote: Text
    speaker: Text | None = Field(None, description="whose words the quotation records, when "
                                 "not the source's author (a minister quoted in a column)")
    via: Text | None = Field(None, description="who reported the speaker's words before this "
                             "source quoted them, as the source says (a newspaper the source "
                             "cites); needs a speaker")
    credibility: int | None = Field(None, ge=1, le=6, description="Admiralty information credibility")

    @model_validator(mode="after")
    def _via_needs_speaker(self) -> Citation:
        if self.via and not self.speaker:
            raise PydanticCustomError(
                "citation.via", "'via' names who reported a speaker's words, but the citation "
                "names no speaker")
        return self


#: Where a date's precision comes from, when not simply from what the sources write:
#: "wording", inferred from their wording ("three months later"); "outside", the editors'
#: knowledge from outside the sources, which the event's editor's note gives.
DateFrom = Literal["wording", "outside"]


class Event(Model):
    id: Id
    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: the precision the source supports")
    approx: bool = Field(False, description="true when the date is the editors' estimate")
    date_basis: Text | None = Field(None, description="how the date was found (required "
                                    "when approx is true)")
    date_from: DateFrom | None = Field(None, description="where the date's precision comes "
                                       "from: 'wording' (the sources' wording) or 'outside' "
                                       "(outside knowledge, given in the editor_note); "
                                       "required when approx is true")
    kind: Kind
    domain: Domain
    actors: Actors
    summary: Text
    label: Annotated[Text, StringConstraints(max_length=40)] | None = Field(
        None, description="a few words naming a turning point on the timeline chart")
    outcome: Outcome | None = None
    editor_note: Text | None = None
    placed: str | None = Field(None, description="for an event dated to a year or month: a "
                               "fuller date, within it, where the chronology places it")
    order: int = Field(0, description="among events of the same date (or placement): lower first")
    citations: list[Citation] = Field(min_length=1)

    _as_text = field_validator("date", mode="before")(_year_as_text)

    @field_validator("date")
    @classmethod
    def _valid_date(cls, value: str) -> str:
        parse_date(value)
        return value

    @model_validator(mode="after")
    def _approx_explained(self) -> Event:
        if self.approx and not self.date_basis:
            raise PydanticCustomError(
                "event.approx-unexplained", "date is approximate but 'date_basis' does not say why")
        if self.approx and not self.date_from:
            raise PydanticCustomError(
                "event.date-from", "date is approximate but 'date_from' does not say where the "
                "estimate comes from (wording or outside)")
        if self.date_from == "outside" and not self.editor_note:
            raise PydanticCustomError(
                "event.outside-unexplained", "date rests on outside knowledge but no "
                "'editor_note' gives it")
        return self

    @model_validator(mode="after")
    def _placed_within_date(self) -> Event:
        if self.placed is not None:
            parse_date(self.placed)
            if not self.placed.startswith(self.date + "-"):
                raise PydanticCustomError(
                    "event.placed", "placed '{placed}' is not a fuller date within '{date}'",
                    {"placed": self.placed, "date": self.date})
        return self

    @property
    def when(self) -> PartialDate:
        """The date with its precision, whether it is an estimate, and where it comes from."""
        return PartialDate.parse(self.date, self.approx, self.date_from)

    @property
    def sort_key(self) -> tuple:
        """Where the chronology puts the event: by its placement or date, an event known only
        to its year or month after the dated ones within it; then ``order``, then id."""
        return (*PartialDate.parse(self.placed or self.date).sort_key, self.order, self.id)


# --- narrative ---------------------------------------------------------------------------

FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class FigurePlacement(Model):
    figure: FigureName = Field(description="the name of a chart module in figures/, e.g. per_year")


#: Paragraphs the engine writes from the content, so that they say no more than it does:
#: "dates", how many dates are estimates and how many rest on outside knowledge.
Generated = Literal["dates"]


class GeneratedParagraph(Model):
    generated: Generated = Field(description="a paragraph the engine writes from the "
                                 "content: 'dates' counts the dates by where they come from")


def _paragraph_kind(value) -> str:
    if isinstance(value, str):
        return "text"
    return "generated" if isinstance(value, dict) and "generated" in value or isinstance(
        value, GeneratedParagraph) else "figure"


Paragraph = Annotated[
    Annotated[Text, Tag("text")] | Annotated[FigurePlacement, Tag("figure")]
    | Annotated[GeneratedParagraph, Tag("generated")],
    Discriminator(_paragraph_kind),
]


class Section(Model):
    id: Id
    title: Text
    part: Part
    paragraphs: list[Paragraph] = Field(min_length=1)


class Judgment(Model):
    id: Id
    text: Text
    confidence: Confidence
    events: list[Id] = Field(min_length=1)


def _label(default: str, where: str):
    return Field(default, description=f"{where} (default: {default!r})")


class Labels(Model):
    """The fixed words the engine prints, each the briefing's to change: headings, the
    chronology's column headers, the charts' legend titles. A briefing of another subject
    says "What was decided" where the first said "What was offered or done"."""

    banner: Text = _label("Open-source briefing", "the cover's banner and the page footer")
    bluf: Text = _label("Bottom line up front", "the heading of the cover's summary")
    contents: Text = _label("Contents", "the heading of the contents")
    figures: Text = _label("Figures", "the heading of the list of figures")
    guide: Text = _label("How to read this briefing", "the heading of the reader's guide")
    judgments: Text = _label("Key judgments", "the heading of the key judgments")
    also_rests_on: Text = _label("Also rests on", "before the events a judgment rests on "
                                 "but does not cite")
    chronology: Text = _label("Chronology of events", "the heading of appendix A")
    sources: Text = _label("Sources", "the heading of appendix B")
    date: Text = _label("Date", "the chronology's column of dates")
    who: Text = _label("Who, to whom", "the chronology's column of actors")
    what: Text = _label("What happened", "the chronology's column of kinds and summaries")
    outcome: Text = _label("Outcome", "the chronology's column of outcomes")
    cited: Text = _label("Sources", "the chronology's column of sources and grades")
    placed: Text = _label("placed by the editors", "after the date of an event its sources "
                          "date only to a year or month, placed within it by the editors")
    not_named: Text = _label("Not named in the source", "an event whose acting party the "
                             "source does not name")
    no_actor: Text = _label("No acting party", "an event with no acting party")
    words_quoted: Text = _label("Words quoted", "before whose words an event's quotations are")
    domain: Text = _label("domain", "what the vocabulary's domains are called in the charts")
    kind_legend: Text = _label("Kind of event (shape)", "the timeline's legend of kinds")
    outcome_legend: Text = _label("Outcome (colour and fill)",
                                  "the timeline's legend of outcomes")
    one_source: Text = _label("event cited to one source only",
                              "the corroboration chart's legend for a single source")
    several_sources: Text = _label(
        "event cited to several sources (marks joined)",
        "the corroboration chart's legend for marks joined")
    joined_marks: Text = _label(
        "joined marks show an event whose citations come from several sources (related "
        "statements, not necessarily the same claim)",
        "the end of the corroboration chart's caption")


class Document(Model):
    title: Text
    subtitle: Text | None = None
    edition: Text
    date: str = Field(description="the edition date, YYYY-MM-DD; printed in the briefing")
    author: Text
    language: Language = "en"
    subject: Text
    keywords: list[Text] = []
    bluf: list[Text] = Field(min_length=1, description="the bottom line up front, as paragraphs")
    labels: Labels = Field(default_factory=Labels, description="the fixed words the engine "
                           "prints, for this briefing (docs/content-format.md lists them)")

    @field_validator("date")
    @classmethod
    def _day(cls, value: str) -> str:
        if len(parse_date(value)) != 3:
            raise PydanticCustomError("date.format", "the edition date must be YYYY-MM-DD")
        return value


#: What each file of content/ holds: a model, or a list of a model.
FILE_KINDS = {
    "vocabulary": Vocabulary,
    "document": Document,
    "source": Source,
    "ledger": list[Event],
    "section": Section,
    "judgments": list[Judgment],
}
