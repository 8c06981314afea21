"""The records of the chronicle, as typed models. One source of truth for validation,
the JSON Schemas under `schemas/` and the field reference on /contributing/.

Field checks that need one record only live here; checks across records (references,
publishers, statuses) live in `validate.py`.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints,
                      model_validator)

from .dates import DATE_PATTERN, DateError, parse_date

SCHEMA_VERSION = "1.0"

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s<>\"'`\\{}|^]+$"

# Characters that can disguise text: bidirectional overrides and control characters.
_FORBIDDEN_CHARS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&#|&[a-zA-Z]+;")
_MD_LINK = re.compile(r"\]\s*\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>]*)>", re.M)


# Every problem below needs one of these characters: most text has none and is done in one scan.
_SUSPECT = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f<&\\]]")


def check_text(value: str) -> str:
    """Text from data: a small Markdown subset, no raw HTML, only https:// links."""
    if not _SUSPECT.search(value):
        return value
    if _FORBIDDEN_CHARS.search(value):
        raise ValueError("contains an invisible control or direction-override character; "
                         "remove it")
    if _RAW_HTML.search(value):
        raise ValueError("raw HTML is not allowed in text: use Markdown (*emphasis*, "
                         "lists, [links](https://...))")
    for m in _MD_LINK.finditer(value):
        target = next(g for g in m.groups() if g is not None)
        if not target.startswith("https://"):
            raise ValueError(f'link "{target}" is not allowed: links must start with https://')
    return value


def check_url(value: str) -> str:
    """An address passes the pattern; it must not hide direction overrides either."""
    if _FORBIDDEN_CHARS.search(value):
        raise ValueError("contains an invisible control or direction-override character; "
                         "remove it")
    return value


def check_date(value: str) -> str:
    try:
        parse_date(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_text)]
PlainText = Text
DateStr = Annotated[str, AfterValidator(check_date), Field(json_schema_extra={"pattern": DATE_PATTERN})]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN), AfterValidator(check_url)]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]

Qualifier = Literal["exact", "about", "at-least", "at-most"]
Status = Literal["confirmed", "corroborated", "single-source", "contested"]
Stance = Literal["independent-monitor", "news", "government-funded-news", "aggregator", "state",
                 "state-media", "opposition", "advocacy", "reference", "unknown"]
SourceType = Literal["article-newspaper", "webpage", "report", "post-weblog", "statement",
                     "broadcast"]
ActorKind = Literal["person", "organization", "state-body"]
NoteKind = Literal["discrepancy", "context", "correction"]
Outcome = Literal["executed", "sentenced", "at-risk", "halted"]
Charge = Literal["drug", "murder", "rape", "political", "espionage", "other", "unknown"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Bilingual(Record):
    """Text in English (required) and Persian (the editors' translation unless the
    original is Persian)."""
    en: Text
    fa: Text | None = None


class Translation(Record):
    """The editors' translation of a quote: into English, into Persian, or both."""
    en: Text | None = None
    fa: Text | None = None

    @model_validator(mode="after")
    def _one_at_least(self):
        if self.en is None and self.fa is None:
            raise ValueError("give en, fa or both")
        return self


class Amount(Record):
    """A number, or a range (low + high), with how exact it is."""
    value: int | None = Field(default=None, ge=0)
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    qualifier: Qualifier

    @model_validator(mode="after")
    def _value_or_range(self):
        if self.value is not None and (self.low is not None or self.high is not None):
            raise ValueError("give either value, or low and high, not both")
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("give value, or both low and high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is larger than high ({self.high})")
        return self


class EventFigure(Amount):
    label: Bilingual
    claimed_by: Id
    source: Id
    note: Bilingual | None = None


class ReportedDateText(Record):
    text: PlainText = Field(description="the source's own wording of the date, verbatim")
    source: Id


class Citation(Record):
    source: Id
    quote: PlainText | None = Field(default=None, description="verbatim, original language")
    translation: Translation | None = Field(default=None, description="the editors' translation of the quote")
    locator: PlainText | None = None
    note: Bilingual | None = None


class Note(Record):
    kind: NoteKind
    en: Text
    fa: Text | None = None
    sources: list[Id] = Field(default_factory=list, description="the sources of each side")


class Event(Record):
    date: DateStr
    date_reported: list[ReportedDateText] = Field(default_factory=list)
    title: Bilingual
    summary: Bilingual | None = None
    place: Id | None = None
    actors: list[Id] = Field(default_factory=list)
    tags: list[Id] = Field(default_factory=list)
    figures: list[EventFigure] = Field(default_factory=list)
    sources: list[Citation] = Field(min_length=1)
    status: Status
    notes: list[Note] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    redirect_from: list[Id] = Field(default_factory=list, description="old ids of this record, kept as redirects")

    @model_validator(mode="after")
    def _contested_needs_note(self):
        if self.status == "contested" and not any(n.kind == "discrepancy" for n in self.notes):
            raise ValueError('status "contested" needs a note of kind "discrepancy" saying '
                             'who disputes what')
        return self


class Source(Record):
    type: SourceType
    title: PlainText = Field(description="in the original language")
    title_en: PlainText | None = Field(default=None, description="English title when the original is not English")
    container: PlainText | None = Field(default=None, description="the outlet or website")
    publisher: Id | None = Field(default=None, description="actor id of who published it")
    relays: list[Id] = Field(default_factory=list, description="actor ids of the organisations whose words it relays")
    authors: list[PlainText] = Field(default_factory=list)
    issued: DateStr | None = None
    issued_text: PlainText | None = Field(default=None, description="the publication date as the page prints it")
    updated: DateStr | None = None
    language: Lang
    url: Url | None = None
    archive_url: Url | None = None
    accessed: DateStr | None = None
    stance: Stance
    notes: Bilingual | None = None
    redirect_from: list[Id] = Field(default_factory=list)


class Actor(Record):
    kind: ActorKind
    name: Bilingual
    aliases: list[PlainText] = Field(default_factory=list)
    description: Bilingual | None = None
    url: Url | None = None
    redirect_from: list[Id] = Field(default_factory=list)


class Place(Record):
    name: Bilingual
    aliases: list[PlainText] = Field(default_factory=list)
    part_of: Id | None = None
    description: Bilingual | None = None
    redirect_from: list[Id] = Field(default_factory=list)


class FigureRecord(Amount):
    metric: Id
    period: DateStr
    place: Id | None = Field(default=None, description="where it was counted (default: Iran)")
    claimed_by: Id
    source: Id
    quote: PlainText | None = None
    translation: Translation | None = None
    locator: PlainText | None = None
    note: Bilingual | None = None
    see_also: list[Citation] = Field(default_factory=list, description="other sources that discuss this number: relays, disputes, or the page where it is missing")


class Wording(Record):
    """A source's own words for something (a charge, an age), verbatim."""
    text: PlainText
    source: Id


class PersonName(Record):
    """A person's name in English and Persian, spelled as the sources spell it."""
    en: Text
    fa: Text | None = None


class Person(Record):
    name: PersonName
    transliterated: Literal["en", "fa"] | None = Field(
        default=None, description="which of the two names no source gives: the editors' transliteration")
    aliases: list[PlainText] = Field(default_factory=list, description="every other spelling in the sources")
    outcome: Outcome
    date: DateStr = Field(description="of the execution, or of the last report")
    date_reported: list[ReportedDateText] = Field(default_factory=list)
    age: int | None = Field(default=None, ge=0, le=120)
    origin: Bilingual | None = Field(default=None, description="city, province, nationality or ethnic group, as the sources give it")
    charge: Charge
    charge_reported: list[Wording] = Field(default_factory=list, description="each source's own wording of the charge")
    place: Id | None = None
    events: list[Id] = Field(default_factory=list, description="the group execution, the transfer")
    sources: list[Citation] = Field(min_length=1)
    status: Status
    notes: list[Note] = Field(default_factory=list)
    redirect_from: list[Id] = Field(default_factory=list)


class Term(Record):
    """An entry of tags.yml or metrics.yml."""
    en: PlainText
    fa: PlainText
    description: Bilingual | None = None


class Gap(Record):
    """What the sources do not tell: a year with no report, a figure nobody publishes."""
    period: DateStr
    en: Text
    fa: Text
    sources_searched: list[PlainText] = Field(default_factory=list, description="what was searched, and where")


KINDS: dict[str, type[Record]] = {
    "events": Event, "sources": Source, "actors": Actor, "places": Place,
    "figures": FigureRecord,  # "people": Person comes with the new loader (.github/wip)
}
TERM_FILES = {"tags": "tags.yml", "metrics": "metrics.yml"}
