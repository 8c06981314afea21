"""Loading: read every file under data/ once, validate it, check across files, and return
the records with every problem found and the indexes the pages need.

Nothing is published from data with errors: the build stops when `Chronicle.errors` has any.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, reading, validate
from .cache import Cache
from .model import ID_PATTERN, KINDS, TERM_FILES, Gap, Record, Term
from .reading import Problem
from .validate import DateCheck

_ID = re.compile(ID_PATTERN)
GAPS_FILE = "gaps.yml"


class _Texts(dict):
    """(kind, id) -> the file's text, read again only when a problem needs its line."""

    def __init__(self, paths: dict, root: Path):
        super().__init__()
        self.paths, self.root = paths, root

    def __missing__(self, key):
        text, _ = reading.read_text(self.root.parent / self.paths[key] if self.root.name == "data"
                                    else Path(self.paths[key]), self.paths[key], self.root)
        self[key] = text or ""
        return self[key]


@dataclass
class Chronicle:
    """Everything in data/, validated, with the indexes the pages need (made once)."""
    root: Path
    events: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    actors: dict = field(default_factory=dict)
    places: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    tags: dict[str, Term] = field(default_factory=dict)
    metrics: dict[str, Term] = field(default_factory=dict)
    gaps: dict[str, Gap] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> file shown
    problems: list[Problem] = field(default_factory=list)
    date_checks: dict[str, list[DateCheck]] = field(default_factory=lambda: defaultdict(list))
    cached: int = 0  # record files unchanged since the last run, not read again
    # indexes (see _index)
    event_dates: dict[str, dates.DateValue] = field(default_factory=dict)
    ordered_events: list[str] = field(default_factory=list)
    ordered_people: list[str] = field(default_factory=list)
    cited_by: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    people_of: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    figures_of: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    sources_by_publisher: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    place_parts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self):
        self.texts = _Texts(self.paths, self.root)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def records(self, kind: str) -> dict:
        return getattr(self, kind)

    def count(self, kind: str) -> int:
        return len(self.records(kind))

    def events_citing(self, kind: str, rid: str) -> list[str]:
        """Event ids (in date order) that cite a source, actor, place, tag or event."""
        return self.cited_by.get((kind, rid), [])


def shown_path(path: Path, root: Path) -> str:
    """A path as problems show it: `data/events/x.yml` for the project's own data folder."""
    try:
        return str(path.relative_to(root.parent)) if root.name == "data" else str(path)
    except ValueError:
        return str(path)


def load(root: str | os.PathLike | None = None, today: dt.date | None = None) -> Chronicle:
    """Load and validate the whole data folder. Never raises for data mistakes."""
    root = Path(root or os.environ.get("CHRONICLE_DATA") or "data")
    ch = Chronicle(root=root)
    if not root.is_dir():
        ch.problems.append(Problem(str(root), 1, "data folder not found"))
        return ch
    _read_terms(ch)
    _unknown_files(ch)
    cache = Cache.open(root)
    for kind, model in KINDS.items():
        _read_kind(ch, kind, model, cache)
    cache.save()
    ch.cached = cache.hits
    ch.problems += validate.across_files(ch, today or dt.date.today())
    _index(ch)
    return ch


def _read_terms(ch: Chronicle) -> None:
    """tags.yml and metrics.yml ({id: Term}), gaps.yml ({id: Gap})."""
    files = {**{name: (filename, Term) for name, filename in TERM_FILES.items()}, "gaps": (GAPS_FILE, Gap)}
    for name, (filename, model) in files.items():
        path = ch.root / filename
        shown = shown_path(path, ch.root)
        if not path.exists():
            if name == "tags":
                ch.problems.append(Problem(shown, 1, "file missing: the tag list is required"))
            continue
        text, problem = reading.read_text(path, shown, ch.root)
        data, problem = reading.parse(text, shown) if text is not None else (None, problem)
        if problem:
            ch.problems.append(problem)
            continue
        if not isinstance(data, dict):
            ch.problems.append(Problem(shown, 1, f"must map ids to {{{', '.join(model.model_fields)}}}"))
            continue
        for key, value in data.items():
            line = reading.line_of(text, (key,))
            if not isinstance(key, str) or not _ID.match(key):
                ch.problems.append(Problem(shown, line, f'"{key}" is not a valid id'))
                continue
            term, found = validate.record(model, value, shown, text)
            ch.problems += [Problem(shown, line, f"{key}: {p.message}") for p in found]
            if term is not None:
                getattr(ch, name)[key] = term


def _unknown_files(ch: Chronicle) -> None:
    folders = ", ".join(f"{k}/" for k in KINDS)
    known = {*TERM_FILES.values(), GAPS_FILE}
    for entry in sorted(ch.root.iterdir()):
        shown = shown_path(entry, ch.root)
        if entry.is_file() and entry.suffix in (".yml", ".yaml") and entry.name not in known:
            ch.problems.append(Problem(shown, 1, f"unknown file: records go in a folder named {folders}"))
        elif entry.is_dir() and entry.name not in KINDS and not entry.name.startswith("."):
            ch.problems.append(Problem(shown, 1, f'unknown folder "{entry.name}": use {folders}'))


def _read_kind(ch: Chronicle, kind: str, model: type[Record], cache: Cache) -> None:
    folder = ch.root / kind
    if not folder.is_dir():
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        shown = shown_path(Path(entry.path), ch.root)
        stem, _, suffix = entry.name.rpartition(".")
        if entry.is_dir():
            ch.problems.append(Problem(shown, 1, "folders inside a record folder are not read"))
            continue
        if suffix == "yaml" and stem:
            ch.problems.append(Problem(shown, 1, "rename to .yml"))
            continue
        if suffix != "yml" or not stem:
            continue
        if not _ID.match(stem):
            ch.problems.append(Problem(shown, 1, f'file name "{stem}" is not a valid id: '
                                                 "lowercase letters, digits and hyphens only"))
            continue
        got = cache.get(shown, entry)
        if got is None:
            got = read_record(entry.path, shown, stem, model, ch.root)
            cache.put(shown, entry, got)
        rec, problems, checks = got
        ch.problems += problems
        if checks:
            ch.date_checks[stem] += checks
        if rec is not None:
            ch.records(kind)[stem] = rec
            ch.paths[(kind, stem)] = shown


def read_record(path, shown: str, rid: str, model: type[Record], root: Path):
    """(record or None, problems, date checks) of one record file."""
    text, problem = reading.read_text(path, shown, root)
    if problem:
        return None, [problem], []
    data, problem = reading.parse(text, shown)
    if problem:
        return None, [problem], []
    if isinstance(data, dict) and "id" in data:  # allowed when it repeats the file name
        if data["id"] != rid:
            return None, [Problem(shown, reading.line_of(text, ("id",)),
                                  f'id "{data["id"]}" does not match the file name "{rid}"')], []
        data = {k: v for k, v in data.items() if k != "id"}
    rec, problems = validate.record(model, data, shown, text)
    checks = []
    if rec is not None and hasattr(rec, "date_reported"):
        checks, found = validate.reported_dates(rid, rec, shown, text)
        problems += found
    return rec, problems, checks


def _index(ch: Chronicle) -> None:
    """Order events and people by date and index who cites what, once per build."""
    ch.event_dates = {rid: dates.parse_date(e.date) for rid, e in ch.events.items()}
    ch.ordered_events = sorted(ch.event_dates, key=lambda r: (ch.event_dates[r].sort_key(), r))
    for rid in ch.ordered_events:
        e = ch.events[rid]
        refs = {("sources", c.source) for c in e.sources} | {("sources", f.source) for f in e.figures}
        refs |= {("actors", f.claimed_by) for f in e.figures} | {("actors", a) for a in e.actors}
        refs |= {("tags", t) for t in e.tags} | {("events", r) for r in e.related}
        refs |= {("places", p) for p in _place_and_parents(ch, e.place)}
        for ref in sorted(refs):
            ch.cited_by[ref].append(rid)
    ch.ordered_people = sorted(ch.people, key=lambda r: (dates.parse_date(ch.people[r].date).sort_key(), r))
    for rid in ch.ordered_people:
        p = ch.people[rid]
        refs = {("sources", c.source) for c in p.sources} | {("events", e) for e in p.events}
        refs |= {("places", pl) for pl in _place_and_parents(ch, p.place)}
        for ref in sorted(refs):
            ch.people_of[ref].append(rid)
    for fid in sorted(ch.figures):
        f = ch.figures[fid]
        for ref in {("source", f.source), ("actor", f.claimed_by), *(("source", c.source) for c in f.see_also),
                    *([("place", f.place)] if f.place else [])}:
            ch.figures_of[ref].append(fid)
    for sid in sorted(ch.sources):
        ch.sources_by_publisher[ch.sources[sid].publisher or ""].append(sid)
    for pid in sorted(ch.places):
        if ch.places[pid].part_of:
            ch.place_parts[ch.places[pid].part_of].append(pid)


def _place_and_parents(ch: Chronicle, place: str | None) -> list[str]:
    out = []
    while place and place not in out:
        out.append(place)
        place = getattr(ch.places.get(place), "part_of", None)
    return out
