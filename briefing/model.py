"""The content model: what each YAML file may contain, as typed pydantic models.

The JSON Schemas in ``schema/`` are generated from these classes (``briefing.schema``),
so an editor's YAML plugin checks the same rules as the build.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[
    str, StringConstraints(pattern=ID_PATTERN), Field(description="lowercase a-z, 0-9 and hyphens")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Kind = Literal["offer", "proposal", "response", "statement", "agreement", "context", "assessment"]
Domain = Literal["missile-defence", "space", "planetary-defence", "arctic", "general-security"]
OutcomeStatus = Literal["accepted", "rejected", "not-pursued", "superseded", "ongoing", "unknown"]
Confidence = Literal["high", "moderate", "low"]
CslType = Literal[
    "article", "article-journal", "article-magazine", "article-newspaper", "webpage",
    "post-weblog", "report", "book", "chapter", "interview", "speech", "document",
]
Genre = Literal[
    "news report", "analytical column", "journal article abstract", "advocacy timeline",
    "research summary",
]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Part = Literal["summary", "history", "analysis", "method"]

#: What intake writes in a field only the editor can fill (genre, grade, perspective); the
#: loader reports each one as ``source.unfilled`` until it is replaced.
UNFILLED = "TODO"

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(value: str) -> tuple[int, ...]:
    """``"2007"``, ``"2007-07"`` or ``"2007-07-14"`` into its parts; impossible dates refused."""
    match = _DATE.fullmatch(value)
    if not match:
        raise PydanticCustomError(
            "date.format", "date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD", {"value": value})
    parts = tuple(int(p) for p in match.groups() if p is not None)
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise PydanticCustomError("date.impossible", "date '{value}' has no month {m}",
                                  {"value": value, "m": parts[1]})
    if len(parts) > 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        if not 1 <= parts[2] <= last:
            raise PydanticCustomError(
                "date.impossible", "date '{value}' does not exist: {month} has {last} days",
                {"value": value, "month": calendar.month_name[parts[1]], "last": last})
    return parts


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)


def _year_as_text(value):
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# --- sources -----------------------------------------------------------------------------

class Name(Model):
    family: Text | None = None
    given: Text | None = None
    literal: Text | None = Field(None, description="a name not split into given and family")


class CslDate(Model):
    date_parts: list[list[int]] = Field(alias="date-parts", min_length=1, max_length=1)
    circa: bool = False

    @field_validator("date_parts")
    @classmethod
    def _real_date(cls, value: list[list[int]]) -> list[list[int]]:
        if not 1 <= len(value[0]) <= 3:
            raise PydanticCustomError("date.format", "date-parts must be [[year, month, day]]")
        parse_date("-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(value[0])))
        return value


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
    reliability: Reliability = Field(description="NATO Admiralty source reliability, A to F")
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
    DOI: Text | None = None
    URL: Text | None = None
    note: Text | None = None
    archive: Archive
    grade: Grade
    perspective: Text
    short: Text = Field(description="short form used in footnotes, e.g. 'Lukyanov 2011'")

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
    from_: list[Actor] = Field(alias="from", min_length=1)
    to: list[Actor] = []


class Outcome(Model):
    status: OutcomeStatus
    note: Text | None = None


class Citation(Model):
    source: Id
    quote: Text
    credibility: int | None = Field(None, ge=1, le=6, description="Admiralty information credibility")


class Event(Model):
    id: Id
    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: the precision the source supports")
    approx: bool = False
    date_basis: Text | None = None
    kind: Kind
    domain: Domain
    actors: Actors
    summary: Text
    label: Annotated[Text, StringConstraints(max_length=40)] | None = Field(
        None, description="a few words naming a turning point on the timeline chart")
    outcome: Outcome | None = None
    editor_note: Text | None = None
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
        return self

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[len(parse_date(self.date)) - 1]


# --- narrative ---------------------------------------------------------------------------

FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class FigurePlacement(Model):
    figure: FigureName = Field(description="the name of a chart module in figures/, e.g. per_year")


Paragraph = Annotated[
    Annotated[Text, Tag("text")] | Annotated[FigurePlacement, Tag("figure")],
    Discriminator(lambda v: "text" if isinstance(v, str) else "figure"),
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


class Document(Model):
    title: Text
    subtitle: Text | None = None
    edition: Text
    date: str = Field(description="the edition date, YYYY-MM-DD; printed in the briefing")
    author: Text
    language: Text = "en"
    subject: Text
    keywords: list[Text] = []
    bluf: list[Text] = Field(min_length=1, description="the bottom line up front, as paragraphs")

    @field_validator("date")
    @classmethod
    def _day(cls, value: str) -> str:
        if len(parse_date(value)) != 3:
            raise PydanticCustomError("date.format", "the edition date must be YYYY-MM-DD")
        return value


#: What each file of content/ holds: a model, or a list of a model.
FILE_KINDS = {
    "document": Document,
    "source": Source,
    "ledger": list[Event],
    "section": Section,
    "judgments": list[Judgment],
}
