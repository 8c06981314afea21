"""Validation: one file against the contract (model.py), a source's wording of a date
against the record's date, and the checks across files (every id named exists, dates are
not in the future, statuses hold). Every problem is a `Problem` with its file and line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError

from . import date_wording, dates
from .model import Event, Person, Record
from .reading import Problem, line_of


@dataclass(frozen=True)
class DateCheck:
    """A source's wording of an event's date that does not match the record's date."""
    event: str
    source: str
    text: str
    read_as: dt.date
    calendar: str
    outside: bool              # the day read falls outside the record's date
    weekday_named: int | None  # set when the wording names a weekday the day was not
    message: str               # English, for `check`
    read_end: dt.date | None = None  # the wording names a month: its last day


def record(model: type[Record], data, shown: str, text: str) -> tuple[Record | None, list[Problem]]:
    """The record a file's data makes, or None and every problem with it."""
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, f"must be a group of fields (key: value), got {type(data).__name__}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p != "function-after")
            problems.append(Problem(shown, line_of(text, loc), describe({**err, "loc": loc})))
        return None, problems


def describe(err: dict) -> str:
    """A pydantic error in words for the editor."""
    loc = ".".join(str(p) for p in err["loc"])
    kind, inp = err["type"], err.get("input")
    if kind == "missing":
        return f"missing required field `{loc}`"
    if kind == "extra_forbidden":
        return f"unknown field `{loc}` (check the spelling; see the field reference in CONTRIBUTING.md)"
    if kind in ("string_type", "str_type"):
        if isinstance(inp, (dt.date, dt.datetime)):
            return f'`{loc}`: a date must be a quoted string, e.g. "{inp.isoformat()}"'
        if isinstance(inp, (int, float)) and not isinstance(inp, bool):
            return f'`{loc}` must be text in quotes, e.g. "{inp}", not a number'
        return f"`{loc}` must be text, got {type(inp).__name__}"
    if kind == "string_pattern_mismatch":
        if loc.endswith("url"):
            return f'`{loc}`: "{inp}" is not a web address starting with https:// or http://'
        return f'`{loc}`: "{inp}" is not a valid id (lowercase letters, digits and hyphens, e.g. "hunger-strike")'
    if kind == "literal_error":
        return f"`{loc}`: {err['msg'].replace('Input should be', 'must be')}, got \"{inp}\""
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = "a list" if kind == "list_type" else "a group of fields"
        return f"`{loc}` must be {want}, got {type(inp).__name__}"
    if kind == "too_short":
        return f"`{loc}` needs at least one entry"
    if kind in ("int_type", "int_parsing"):
        return f"`{loc}` must be a whole number, got {inp!r}"
    if kind == "greater_than_equal" and err.get("ctx", {}).get("ge") == 0:
        return f"`{loc}` must not be negative"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"`{loc}` {err['msg'].replace('Input should be', 'must be')}"
    if kind == "value_error":
        msg = err["msg"].removeprefix("Value error, ")
        return f"`{loc}`: {msg}" if loc else msg
    return f"`{loc}`: {err['msg']}"


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def reported_dates(rid: str, rec: Event | Person, shown: str, text: str) -> tuple[list[DateCheck], list[Problem]]:
    """Read each `date_reported` wording against the record's date: one that does not match
    is a warning for `check` and a date check shown on the page."""
    value = dates.parse_date(rec.date)
    checks, problems = [], []
    for i, rep in enumerate(rec.date_reported):
        where = _Line(text, ("date_reported", i, "text"))
        try:
            read = date_wording.read_reported(rep.text, value.start)
        except dates.DateError as exc:
            problems.append(Problem(shown, int(where), f'`date_reported`: "{rep.text}": {exc}'))
            continue
        if read is None:
            continue
        found = []
        if read.day is None:
            if read.month and (read.month[1] < value.start or read.month[0] > value.end):
                found.append(DateCheck(rid, rep.source, rep.text, read.month[0], read.calendar, True, None,
                                       f"reads as {dates.format_day_en(read.month[0])} – "
                                       f"{dates.format_day_en(read.month[1])}, outside the record's "
                                       f"date ({dates.format_en(value)})", read.month[1]))
        else:
            if not value.start <= read.day <= value.end:
                found.append(DateCheck(rid, rep.source, rep.text, read.day, read.calendar, True, None,
                                       f"reads as {dates.format_day_en(read.day)}, outside the "
                                       f"record's date ({dates.format_en(value)})"))
            if read.weekday_named is not None and read.weekday_named != read.day.weekday():
                found.append(DateCheck(rid, rep.source, rep.text, read.day, read.calendar, False,
                                       read.weekday_named,
                                       f"names a {_WEEKDAYS[read.weekday_named]}, but "
                                       f"{dates.format_day_en(read.day)} was a {_WEEKDAYS[read.day.weekday()]}"))
        checks += found
        problems += [Problem(shown, int(where), f'"{rep.text}" ({rep.source}) {c.message}', "warning")
                     for c in found]
    return checks, problems


class _Line:
    """The line of a field, found only if a problem is shown (finding it reads the file again)."""

    def __init__(self, text: str, loc: tuple):
        self.text, self.loc = text, loc

    def __int__(self) -> int:
        return line_of(self.text, self.loc) if self.text else 1


# What each kind names: (field path, kind of record named, how the editor calls it).
# A "*" in a path stands for every item of a list; a list of ids ends in "*".
NAMES = {
    "events": [(("place",), "places", "place"), (("actors", "*"), "actors", "actor"),
               (("tags", "*"), "tags", "tag"), (("related", "*"), "events", "related event"),
               (("sources", "*", "source"), "sources", "source"),
               (("figures", "*", "claimed_by"), "actors", "claimed_by"),
               (("figures", "*", "source"), "sources", "source"),
               (("notes", "*", "sources", "*"), "sources", "source"),
               (("date_reported", "*", "source"), "sources", "source")],
    "sources": [(("publisher",), "actors", "publisher"), (("relays", "*"), "actors", "relayed actor")],
    "places": [(("part_of",), "places", "part_of place")],
    "figures": [(("metric",), "metrics", "metric"), (("claimed_by",), "actors", "claimed_by"),
                (("source",), "sources", "source"), (("place",), "places", "place"),
                (("see_also", "*", "source"), "sources", "source")],
    "people": [(("place",), "places", "place"), (("events", "*"), "events", "event"),
               (("sources", "*", "source"), "sources", "source"),
               (("notes", "*", "sources", "*"), "sources", "source"),
               (("date_reported", "*", "source"), "sources", "source"),
               (("charge_reported", "*", "source"), "sources", "source")],
}


def named(value, path: tuple, at: tuple = ()):
    """Every (location, id) that `path` reaches inside a record."""
    if not path:
        if value is not None:
            yield at, value
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(value or ()):
            yield from named(item, rest, at + (i,))
    else:
        yield from named(getattr(value, head, None), rest, at + (head,))


def across_files(ch, today: dt.date) -> list[Problem]:
    """The checks that need more than one file."""
    problems = []

    def add(kind, rid, loc, message):
        problems.append(Problem(ch.paths[(kind, rid)], line_of(ch.texts[(kind, rid)], loc), message))

    for kind, refs in NAMES.items():
        for rid, rec in ch.records(kind).items():
            for path, target, label in refs:
                pool = ch.records(target)
                for loc, value in named(rec, path):
                    if value not in pool:
                        add(kind, rid, loc, f'{label} "{value}" is not defined in data/{target}.yml'
                            if target in ("tags", "metrics") else
                            f'{label} "{value}" does not exist (no file {target}/{value}.yml)')
            for i, old in enumerate(getattr(rec, "redirect_from", ())):
                if old in ch.records(kind):
                    add(kind, rid, ("redirect_from", i), f'redirect_from "{old}" is the id of another record')
            for loc, day in _dates_of(kind, rec):
                if day > today:
                    add(kind, rid, loc, f'{loc[0]} "{getattr(rec, loc[0])}" is in the future')
    for rid, e in ch.events.items():
        if rid in e.related:
            add("events", rid, ("related", e.related.index(rid)), "an event cannot be related to itself")
    for rid, p in ch.places.items():
        if p.part_of == rid:
            add("places", rid, ("part_of",), "a place cannot be part of itself")
    for kind in ("events", "people"):
        for rid, rec in ch.records(kind).items():
            cited = [c.source for c in rec.sources]
            if len(set(cited)) != len(cited):
                add(kind, rid, ("sources",), "the same source is cited twice: merge the two entries")
            if rec.status == "corroborated":
                publishers = {ch.sources[s].publisher or s for s in cited if s in ch.sources}
                if len(publishers) < 2:
                    add(kind, rid, ("status",), 'status "corroborated" needs sources from at least two '
                                                'different publishers; use "single-source" or add a source')
    return problems


def _dates_of(kind: str, rec) -> list[tuple[tuple, dt.date]]:
    """(location, first day) of each date of a record that may not lie in the future."""
    fields = {"events": ("date",), "people": ("date",),
              "sources": ("issued", "updated", "accessed")}.get(kind, ())
    return [((f,), dates.parse_date(getattr(rec, f)).start) for f in fields if getattr(rec, f)]
