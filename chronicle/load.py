"""Loading and validation: read every YAML file under data/ once, check it against the
contract, and return typed records plus every problem found, each as `path:line: message`.

Nothing is published from data with errors: the build stops when `problems` has any.
"""
from __future__ import annotations

import datetime as dt
import gc
import marshal
import operator
import os
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import cache, dates, simple_yaml
from .model import ID_PATTERN, KINDS, TERM_FILES, Actor, Event, FigureRecord, Place, Record, Source, Term

import re

_ID_RE = re.compile(ID_PATTERN)
MAX_FILE_BYTES = 1_000_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line):
        super().__init__(f'the key "{key}" appears twice')
        self.line = line


class _StrictLoader(_Loader):
    """The C loader where present, refusing duplicate keys (YAML would keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: the constructor reports it
            key = key_node.value
            if key in seen:
                raise DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


    # Speed: records are plain maps, lists and strings. Build those directly from the
    # nodes (PyYAML's generic constructor is most of the load time at 10,000 records),
    # checking the nesting depth on the way; anything else (another tag, a merge key, a
    # duplicate or unhashable key, an alias loop) falls back to the standard constructor,
    # which gives the same data or error. tests/test_fuzz.py compares the two.
    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        self._memo, self._active = {}, set()
        try:
            if node.__class__ is yaml.ScalarNode:
                return self._scalar(node)
            return self._fast(node, 0)
        except _Fallback:
            line = _too_deep(node, 0, set())
            if line:
                raise _TooDeep(line) from None
            self.constructed_objects = {}
            self.recursive_objects = {}
            return self.construct_document(node)
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.state_generators = []
            self.deep_construct = False
            self._memo = self._active = None

    def _scalar(self, node):
        if node.tag == _STR:
            return node.value
        if node.tag in _SIMPLE_SCALARS:
            try:
                return self.construct_object(node, deep=True)
            except _VALUE_ERRORS:  # e.g. `!!int x`: PyYAML raises plain Python errors
                raise Unreadable(node) from None
        raise _Fallback

    def _fast(self, node, depth):
        """A list or mapping node as Python data; `depth` is the number of lists and
        mappings around it (as in `_too_deep`: an alias is not a new level)."""
        key = id(node)
        memo = self._memo
        if key in memo:
            return memo[key]
        if key in self._active:
            raise _Fallback
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1)
        self._active.add(key)
        scalar = yaml.ScalarNode
        cls = node.__class__
        if cls is yaml.MappingNode and node.tag == _MAP:
            out = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not scalar or key_node.tag == _MERGE:
                    raise _Fallback
                name = key_node.value if key_node.tag == _STR else self._scalar(key_node)
                if name in out:
                    raise _Fallback  # a duplicate key: the standard path reports it
                if value_node.__class__ is scalar:
                    out[name] = value_node.value if value_node.tag == _STR else self._scalar(value_node)
                else:
                    out[name] = self._fast(value_node, depth)
        elif cls is yaml.SequenceNode and node.tag == _SEQ:
            out = [item.value if item.__class__ is scalar and item.tag == _STR
                   else self._scalar(item) if item.__class__ is scalar
                   else self._fast(item, depth)
                   for item in node.value]
        else:
            raise _Fallback
        self._active.discard(key)
        memo[key] = out
        return out

    def resolve(self, kind, value, implicit):
        """PyYAML's resolve, remembered: without path resolvers (none in the safe
        loader), the tag of a scalar depends only on its text and whether it is quoted."""
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is not yaml.ScalarNode:
            return _SEQ if kind is yaml.SequenceNode else _MAP
        if not implicit[0]:
            return _STR  # quoted, or a block scalar
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= 40:
                _PLAIN_TAGS[value] = tag
        return tag

    if not _Loader.yaml_path_resolvers:
        # The composer calls these two for every node, to follow paths for path
        # resolvers; the safe loader has none. C functions that do nothing, taking the
        # same arguments, save a Python call per node (about 5% of reading a file).
        descend_resolver = staticmethod(operator.is_)  # (parent, index)
        ascend_resolver = staticmethod(tuple)          # ()


_PLAIN_TAGS: dict[str, str] = {}


class Unreadable(yaml.constructor.ConstructorError):
    """A value whose explicit tag does not fit it, such as `!!int x` or `!!float`."""

    def __init__(self, node):
        short = node.tag.rpartition(":")[2]
        super().__init__(None, None, f'"{node.value}" cannot be read as !!{short}', node.start_mark)


# What PyYAML's constructors raise for a value that does not fit its tag.
_VALUE_ERRORS = (ValueError, IndexError, KeyError, TypeError, OverflowError)


class _Fallback(Exception):
    """Not a plain map/list/str document: use PyYAML's own constructor."""


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
# Scalars whose standard construction is a plain immutable value (so sharing is harmless).
_SIMPLE_SCALARS = {f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp")}


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                              _StrictLoader.construct_mapping)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    level: str = "error"  # or "warning"

    def __str__(self) -> str:
        """One line, as `path:line: message`; line breaks and other control or direction
        characters quoted from a file are shown escaped (\\n), not sent to the terminal."""
        prefix = "warning: " if self.level == "warning" else ""
        return _visible(f"{self.path}:{self.line}: {prefix}{self.message}")


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class DateCheck:
    """A source's wording of an event's date that does not match the record's date."""
    event: str
    source: str
    text: str
    read_as: dt.date
    calendar: str
    outside: bool            # the day read falls outside the record's date
    weekday_named: int | None  # set when the wording names a weekday the day was not
    message: str             # English, for `check`
    read_end: dt.date | None = None  # the wording names a month: its last day


@dataclass
class Chronicle:
    """Everything in data/, validated, with the indexes the pages need (built once)."""
    root: Path
    events: dict[str, Event] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    figures: dict[str, FigureRecord] = field(default_factory=dict)
    tags: dict[str, Term] = field(default_factory=dict)
    metrics: dict[str, Term] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    # kind -> id -> what checks across files need of the record (Record.references): kept
    # for every valid record, also by `check`, which keeps no records (load(pages=False))
    references: dict[str, dict[str, tuple]] = field(default_factory=lambda: {k: {} for k in KINDS})
    problems: list[Problem] = field(default_factory=list)
    date_checks: dict[str, list[DateCheck]] = field(default_factory=lambda: defaultdict(list))
    # derived
    event_dates: dict[str, dates.DateValue] = field(default_factory=dict)
    ordered_events: list[str] = field(default_factory=list)
    cited_by: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    # ("source"|"actor"|"place", id) -> figure ids; publisher -> source ids; place -> parts
    figures_of: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    sources_by_publisher: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    place_parts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cached: int = 0  # record files unchanged since the last run, not read again (cache.py)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def records(self, kind: str) -> dict[str, Record]:
        return getattr(self, kind)

    def count(self, kind: str) -> int:
        """How many valid records of this kind there are (also after load(pages=False))."""
        return len(self.references[kind])

    def events_citing(self, kind: str, rid: str) -> list[str]:
        """Event ids (in date order) that cite a source, actor, place, tag or event."""
        return self.cited_by.get((kind, rid), [])


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent)) if root.name == "data" else str(path)
    except ValueError:
        return str(path)


def _line_of(text: str, loc: tuple) -> int:
    """The line of the YAML node at `loc` (keys and list indexes), or of its nearest parent."""
    line = simple_yaml.line_of(text, loc)
    if line is not None:
        return line
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return 1
    line = 1
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == part:
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            node = nxt
            if nxt is None:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _describe(err: dict, data) -> str:
    loc = ".".join(str(p) for p in err["loc"] if not (isinstance(p, str) and p in ("function-after",)))
    kind = err["type"]
    inp = err.get("input")
    if kind == "missing":
        return f"missing required field `{loc}`"
    if kind == "extra_forbidden":
        return f"unknown field `{loc}` (check the spelling; see the field reference in CONTRIBUTING.md)"
    if kind in ("string_type", "str_type") and isinstance(inp, (dt.date, int, float)) and not isinstance(inp, bool):
        if isinstance(inp, (dt.date, dt.datetime)):
            return f'`{loc}`: a date must be a quoted string, e.g. "{inp.isoformat()}"'
        return f'`{loc}` must be text in quotes, e.g. "{inp}", not a number'
    if kind in ("string_type", "str_type"):
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
    if kind == "greater_than_equal":
        return f"`{loc}` must not be negative"
    if kind == "value_error":
        msg = err["msg"].removeprefix("Value error, ")
        return f"`{loc}`: {msg}" if loc else msg
    return f"`{loc}`: {err['msg']}"


MAX_DEPTH = simple_yaml.MAX_DEPTH  # lists and mappings inside each other
_COMPOSE_SAFE = 2000  # up to this many list/mapping characters the C composer is safe


class _TooDeep(yaml.YAMLError):
    def __init__(self, line):
        super().__init__("nested too deep")
        self.line = line


def _too_deep(node, depth: int, seen: set) -> int | None:
    """Like `_nesting`, on composed nodes: the line of the first list or mapping (in
    document order) deeper than MAX_DEPTH. An alias is not a new level."""
    if node.__class__ is yaml.ScalarNode or id(node) in seen:
        return None
    seen.add(id(node))
    depth += 1
    if depth > MAX_DEPTH:
        return node.start_mark.line + 1
    if node.__class__ is yaml.MappingNode:
        for key, value in node.value:
            line = _too_deep(key, depth, seen) or _too_deep(value, depth, seen)
            if line:
                return line
    else:
        for item in node.value:
            line = _too_deep(item, depth, seen)
            if line:
                return line
    return None


def _nesting(text: str) -> int | None:
    """The line where lists and mappings nest deeper than MAX_DEPTH, or None. Checked on
    the event stream first: the C loader recurses and can crash on very deep nesting."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # reported by the loader below
    return None


def read_yaml(path: str | os.PathLike, shown: str, problems: list[Problem], root: Path,
              regular: bool = False):
    """Read one YAML file; on any problem add it and return None. `regular`: the caller has
    already seen that the path is a file, not a link."""
    try:
        if not regular and os.path.islink(path):
            target = Path(path).resolve()
            if root.resolve() not in target.parents:
                problems.append(Problem(shown, 1, "is a link to a file outside data/; "
                                                  "put the record itself here"))
                return None
        raw = _read_bytes(path)
    except OSError as exc:
        problems.append(Problem(shown, 1, f"cannot be read: {exc.strerror}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        size = os.path.getsize(path)
        problems.append(Problem(shown, 1, f"is {size:,} bytes; a record file may be at most "
                                          f"{MAX_FILE_BYTES:,} bytes"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(shown, 1, "starts with a byte-order mark: save it as UTF-8 without BOM"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "is not valid UTF-8 text: save it as UTF-8"))
        return None
    data = simple_yaml.parse(text)  # most record files: read without PyYAML
    if data is not simple_yaml.NOT_SIMPLE:
        return data, text
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        problems.append(Problem(shown, 1, "is empty"))
        return None
    # Every list or mapping needs one of these characters, so their count bounds the depth:
    # the event-stream check is only needed where composing could recurse very deep.
    indicators = sum(map(text.count, "[{-:?"))
    depth = _nesting(text) if indicators > _COMPOSE_SAFE else None
    if depth is not None:
        problems.append(Problem(shown, depth, f"is nested more than {MAX_DEPTH} levels deep"))
        return None
    loader = _StrictLoader(text)
    try:
        data = loader.get_single_data()
    except _VALUE_ERRORS as exc:  # the same, from PyYAML's own constructor (rare documents)
        problems.append(Problem(shown, 1, "a value with an explicit tag (such as !!int) cannot "
                                          f"be read: {' '.join(str(exc).split())}"))
        return None
    except _TooDeep as exc:
        problems.append(Problem(shown, exc.line, f"is nested more than {MAX_DEPTH} levels deep"))
        return None
    except DuplicateKey as exc:
        problems.append(Problem(shown, exc.line, str(exc)))
        return None
    except yaml.MarkedYAMLError as exc:
        depth = _nesting(text) if indicators > MAX_DEPTH else None
        if depth is not None:  # too deep before the syntax error: say that first, as above
            problems.append(Problem(shown, depth, f"is nested more than {MAX_DEPTH} levels deep"))
            return None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "YAML syntax error"
        if "\t" in text.splitlines()[line - 1 if line - 1 < len(text.splitlines()) else -1]:
            what = "a tab character is used for indentation; use spaces"
        problems.append(Problem(shown, line, f"YAML syntax error: {what}"))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        problems.append(Problem(shown, line, f"contains the character U+{char:04X}, which YAML "
                                             "does not allow: remove it"))
        return None
    except yaml.YAMLError as exc:  # no line to point at; one line of message all the same
        problems.append(Problem(shown, 1, "YAML syntax error: " + " ".join(str(exc).split())))
        return None
    finally:
        loader.dispose()
    return data, text


def _read_bytes(path) -> bytes:
    """The file's bytes, up to MAX_FILE_BYTES + 1. With os.read rather than open(): on a
    virtual machine, open()'s extra system calls made reading 16,000 files take 5 times as long."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        data = os.read(fd, 65536)  # a record file is rarely larger
        if len(data) < 65536:
            return data
        parts = [data]
        total = len(data)
        while total <= MAX_FILE_BYTES:
            more = os.read(fd, MAX_FILE_BYTES + 1 - total)
            if not more:
                break
            parts.append(more)
            total += len(more)
        return b"".join(parts)
    finally:
        os.close(fd)


def _validate(model: type[Record], data, shown: str, text: str, problems: list[Problem]):
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "must be a group of fields (key: value), "
                                          f"got {type(data).__name__}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p not in ("function-after",))
            err = {**err, "loc": loc}
            problems.append(Problem(shown, _line_of(text, loc), _describe(err, data)))
        return None


def load(root: str | os.PathLike | None = None, today: dt.date | None = None,
         processes: int = 1, pages: bool = True) -> Chronicle:
    """Load and validate the whole data folder. Never raises for data mistakes.
    `processes` > 1 reads the files on that many cores (see `_read_files`).
    `pages=False` is for `check`, which makes no pages: the problems are the same, but
    the records themselves are not kept (only their references and counts), nor the
    indexes pages use (date order, who cites what)."""
    # Loading makes millions of small objects that all live on: the cyclic garbage
    # collector would walk them again and again for nothing (about 15% of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root, today, processes, pages)
    finally:
        if was_enabled:
            gc.enable()


def _load(root, today, processes: int = 1, pages: bool = True) -> Chronicle:
    root = Path(root or os.environ.get("CHRONICLE_DATA") or "data")
    today = today or dt.date.today()
    ch = Chronicle(root=root)
    problems = ch.problems
    if not root.is_dir():
        problems.append(Problem(str(root), 1, "data folder not found"))
        return ch
    for name, filename in TERM_FILES.items():
        path = root / filename
        shown = _rel(path, root)
        if not path.exists():
            if name == "tags":
                problems.append(Problem(shown, 1, "file missing: the tag list is required"))
            continue
        got = read_yaml(path, shown, problems, root)
        if got is None:
            continue
        data, text = got
        if not isinstance(data, dict):
            problems.append(Problem(shown, 1, "must map ids to {en, fa, description}"))
            continue
        target = getattr(ch, name)
        for key, value in data.items():
            if not isinstance(key, str) or not _ID_RE.match(key):
                problems.append(Problem(shown, _line_of(text, (key,)), f'"{key}" is not a valid id'))
                continue
            term = _validate(Term, value, shown, text, [])
            if term is None:
                sub: list[Problem] = []
                _validate(Term, value, shown, text, sub)
                for p in sub:
                    problems.append(Problem(shown, _line_of(text, (key,)), f"{key}: {p.message}"))
                continue
            target[key] = term
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.suffix in (".yml", ".yaml") and entry.stem not in TERM_FILES:
            problems.append(Problem(_rel(entry, root), 1, "unknown file: records go in a folder "
                                    "named events/, sources/, actors/, places/ or figures/"))
        elif entry.is_dir() and entry.name not in KINDS and not entry.name.startswith("."):
            problems.append(Problem(_rel(entry, root), 1, f'unknown folder "{entry.name}": '
                                    "use events/, sources/, actors/, places/ or figures/"))
    remembered = cache.open_for(root)
    files: dict[tuple[str, str], str] = {}  # (kind, id) -> path of its file
    # per record file, in order: [kind, id, shown, path, record, references, problems, date checks]
    slots: list[list] = []
    to_read: list[tuple[int, bool]] = []  # (slot, a plain file) of the files read this time
    for kind, model in KINDS.items():
        folder = root / kind
        if not folder.is_dir():
            continue
        base = _rel(folder, root)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            name = entry.name
            shown = f"{base}/{name}"
            if entry.is_dir():
                problems.append(Problem(shown, 1, "folders inside a record folder are not read"))
                continue
            stem, dot, suffix = name.rpartition(".")
            if not dot or not stem:
                continue
            if suffix == "yaml":
                problems.append(Problem(shown, 1, "rename to .yml"))
                continue
            if suffix != "yml":
                continue
            rid = stem
            if not _ID_RE.match(rid):
                problems.append(Problem(shown, 1, f'file name "{rid}" is not a valid id: '
                                                  "lowercase letters, digits and hyphens only"))
                continue
            hit = remembered.get(shown, entry, model if pages else None)
            if hit is not None:
                record, refs, found, checks = hit
                slots.append([kind, rid, shown, entry.path, record, refs,
                              [Problem(shown, line, message, level) for line, message, level in found],
                              checks])
            else:
                # a plain file, not a link (known from the listing, without a system call)
                to_read.append((len(slots), entry.is_file(follow_symlinks=False)))
                slots.append([kind, rid, shown, entry.path, None, None, [], []])
    jobs = [(*slots[i][:4], plain) for i, plain in to_read]  # see _read_job
    for (i, _), result in zip(to_read, _read_files(jobs, root, processes, remembered, pages)):
        slots[i][4:] = result
    references = ch.references
    for kind, rid, shown, path, record, refs, found, checks in slots:
        problems.extend(found)
        if checks:
            ch.date_checks[rid].extend(_date_check(rid, *check) for check in checks)
        if refs is None:  # not valid
            continue
        if pages:
            ch.records(kind)[rid] = record
        references[kind][rid] = refs
        ch.paths[(kind, rid)] = shown
        files[(kind, rid)] = path
    # The cache is written while the references are checked: writing waits on the disk,
    # which lets this thread go on.
    writer = threading.Thread(target=remembered.save, name="chronicle-cache")
    writer.start()
    try:
        ch.cached = remembered.hits
        _check_references(ch, _Texts(files), today)
        if pages:
            _index(ch)
    finally:
        writer.join()
    return ch


# Reading record files on several cores (`check` only: the build runs inside MkDocs,
# whose `serve` has threads of its own, and forking a process with threads is unsafe).
PARALLEL_MIN_FILES = 1000  # fewer files than this are read faster by one process


def _processes() -> int:
    """How many processes `check` reads with: $CHRONICLE_PROCESSES, else one per core."""
    value = os.environ.get("CHRONICLE_PROCESSES", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _read_files(jobs: list[tuple], root: Path, processes: int, remembered: cache.Cache,
                records: bool = True) -> list[tuple]:
    """Read and validate record files: for each job (kind, id, shown, path, plain), in
    order, (record or None, its references or None, problems, date checks as tuples; see
    _check_reported_dates). The record is left out (None) unless `records`; the references
    are None for a file that is not a valid record. Every file read is handed to
    `remembered`.

    With several processes, the files are cut in chunks: the other processes are handed
    chunks from the front, a few at a time; this process reads chunks from the back and
    collects the others' results in between. So the work shares itself out however fast
    each process turns out to be. The other processes write their results to files, with
    their cache entries already in the form the cache keeps (see _read_share_elsewhere),
    so the cache takes them as they are. (Sent back through the pool's pipe, a result was
    taken a piece at a time by the pool's thread here whenever it got a turn, and the
    other process waited: a quarter of its time.)"""
    if processes <= 1 or len(jobs) < PARALLEL_MIN_FILES:
        return _read_share(jobs, root, remembered, records)
    import concurrent.futures
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunks = [jobs[i:i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    done: list[list | None] = [None] * len(chunks)
    front, back = 0, len(chunks) - 1  # the next chunk to hand out; the next to read here
    out: dict[int, concurrent.futures.Future] = {}  # chunks handed out, not yet collected
    window = _AHEAD * (processes - 1)
    try:
        with tempfile.TemporaryDirectory(prefix="chronicle-") as folder, \
                concurrent.futures.ProcessPoolExecutor(processes - 1, mp_context=context) as pool:
            while True:
                while front <= back and len(out) < window:
                    try:
                        out[front] = pool.submit(_read_share_elsewhere, chunks[front], root,
                                                 os.path.join(folder, f"{front}.marshal"))
                    except RuntimeError:  # the pool broke (a process died): read here
                        window = 0
                        break
                    front += 1
                _collect(out, chunks, done, root, remembered, records, wait=False)
                if front > back:
                    break
                done[back] = _read_share(chunks[back], root, remembered, records)
                remembered.pack()
                back -= 1
            _collect(out, chunks, done, root, remembered, records, wait=True)
    except OSError:  # no process could be started: read everything here
        return _read_share(jobs, root, remembered, records)
    return [item for part in done for item in part]


_CHUNK = 100  # files per piece of work
_AHEAD = 4    # chunks handed to each other process at a time


def _collect(out: dict, chunks: list, done: list, root: Path, remembered: cache.Cache,
             records: bool, wait: bool) -> None:
    """Take the results of every chunk another process has finished (all of them when
    `wait`), hand its cache parts to `remembered`, and forget its future. A chunk whose
    process failed is read here instead. Records are made again from their data only
    when `records` is asked for (the build; `check` needs none)."""
    for i, future in list(out.items()):
        if not (wait or future.done()):
            continue
        del out[i]
        try:
            name = future.result()
            with open(name, "rb") as file:
                results, parts = marshal.loads(file.read())
            os.unlink(name)  # the folder goes at the end; its files need not wait
            datas = {}
            if records:
                for _, part, _ in parts:
                    datas.update((shown, entry[1]) for shown, entry in marshal.loads(part).items())
            done[i] = [(_record_again(KINDS[job[0]], datas[job[2]]) if records and refs is not None else None,
                        refs, [Problem(job[2], line, message, level) for line, message, level in found], checks)
                       for job, (refs, found, checks) in zip(chunks[i], results, strict=True)]
        except Exception:  # the process could not start or died, or its file is damaged
            done[i] = _read_share(chunks[i], root, remembered, records)
            continue
        for shard, part, count in parts:
            if shard is not None:
                remembered.put_part(shard, part, count)


def _record_again(model: type[Record], data: dict) -> Record:
    """The record of data read and found valid elsewhere (another process, the cache)."""
    return model.model_validate(data)


def _read_job(job: tuple, root: Path) -> tuple:
    """What reading one job (kind, id, shown, path, plain) gives: (cache key, record or None,
    the data it was made from, its references, problems, date checks). `plain`: the file
    was listed as a plain file, not a link; its cache key (cache.key_of) is taken here,
    before it is read, in the process that reads it. Otherwise the key is None and the
    file is not cached."""
    kind, rid, shown, path, plain = job
    key = cache.key_of(path) if plain else None
    found: list[Problem] = []
    checks: list[tuple] = []
    record, data = _read_record(path, shown, rid, KINDS[kind], root, found, plain, checks)
    return key, record, data, None if record is None else record.references(), found, checks


def _read_share(jobs, root: Path, remembered: cache.Cache, records: bool = True) -> list[tuple]:
    """Read files in this process: (record or None, references, problems, date checks)
    per job; the record only if `records`."""
    out = []
    for job in jobs:
        key, record, data, refs, found, checks = _read_job(job, root)
        remembered.put(job[2], key, data, found, checks, refs)
        out.append((record if records else None, refs, found, checks))
    return out


def _read_share_elsewhere(jobs, root: Path, result: str) -> str:
    """In another process: read the files and write to the file `result`, as marshal data,
    ([(references, [(line, message, level)], date checks)] in the order of `jobs`,
    [(cache part or None, marshal data of {shown: cache entry}, count of files)]): the cache
    entries (cache.entry) are cut by cache part (cache.shard; None for the files the cache
    does not keep). Returns the file's name."""
    results = []
    parts: dict[int | None, dict] = {}
    for job in jobs:
        shown = job[2]
        key, _, data, refs, found, checks = _read_job(job, root)
        entry = cache.entry(key, data, found, checks, refs)
        results.append((refs, entry[2], checks))
        parts.setdefault(None if key is None else cache.shard(shown), {})[shown] = entry
    data = marshal.dumps((results, [(shard, marshal.dumps(entries), len(entries))
                                    for shard, entries in parts.items()]))
    with open(result, "wb") as file:
        file.write(data)
    return result


def _read_record(path: str, shown: str, rid: str, model: type[Record], root: Path,
                 problems: list[Problem], regular: bool = False,
                 checks: list[tuple] | None = None) -> tuple[Record | None, dict | None]:
    """Read and validate one record file: (the record, the data it was made from), or
    (None, None), its problems added. For an event, its `date_reported` wordings are read
    against its date here too (they concern this file alone, and so are remembered with
    it): see _check_reported_dates."""
    got = read_yaml(path, shown, problems, root, regular)
    if got is None:
        return None, None
    data, text = got
    if isinstance(data, dict) and "id" in data:
        if data.get("id") != rid:
            problems.append(Problem(shown, _line_of(text, ("id",)),
                                    f'id "{data.get("id")}" does not match the file name "{rid}"'))
            return None, None
        data = {k: v for k, v in data.items() if k != "id"}
    record = _validate(model, data, shown, text, problems)
    if record is None:
        return None, None
    if checks is not None and model is Event and record.date_reported:
        _check_reported_dates(shown, record, text, problems, checks)
    return record, data


class _Texts(dict):
    """(kind, id) -> the text of its file, for line numbers in messages: read again only
    when a message needs a line (most runs: never)."""

    def __init__(self, files: dict):
        super().__init__()
        self.files = files

    def __missing__(self, key):
        try:
            text = Path(self.files[key]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        self[key] = text
        return text


def _check_references(ch: Chronicle, texts: dict, today: dt.date) -> None:
    """Checks across files, on each valid record's references (Record.references): every
    id named must exist, no date in the future, and so on."""
    problems = ch.problems
    refs = ch.references

    def where(kind, rid, loc):
        return ch.paths[(kind, rid)], _line_of(texts[(kind, rid)], loc)

    def need(kind, rid, loc, target_kind, target_id, label):
        if target_id is None:
            return
        pool = refs[target_kind] if target_kind in refs else getattr(ch, target_kind)
        if target_id not in pool:
            path, line = where(kind, rid, loc)
            problems.append(Problem(path, line, f'{label} "{target_id}" does not exist '
                                               f"(no file {target_kind}/{target_id}.yml)"
                                    if target_kind not in ("tags", "metrics") else
                                    f'{label} "{target_id}" is not defined in data/{TERM_FILES[target_kind]}'))

    # ids must be unique across redirects too (redirect_from is the last of the references)
    for kind in KINDS:
        pool = refs[kind]
        for rid, rec in pool.items():
            for old in rec[-1]:
                if old in pool:
                    path, line = where(kind, rid, ("redirect_from",))
                    problems.append(Problem(path, line, f'redirect_from "{old}" is the id of another record'))

    last_day = today.toordinal()
    for rid, (publisher, relays, dated, _) in refs["sources"].items():
        need("sources", rid, ("publisher",), "actors", publisher, "publisher")
        for i, a in enumerate(relays):
            need("sources", rid, ("relays", i), "actors", a, "relayed actor")
        for fld, value, first_day in dated:
            if first_day > last_day:
                path, line = where("sources", rid, (fld,))
                problems.append(Problem(path, line, f'`{fld}` "{value}" is in the future'))
    for rid, (part_of, _) in refs["places"].items():
        need("places", rid, ("part_of",), "places", part_of, "part_of place")
        if part_of == rid:
            path, line = where("places", rid, ("part_of",))
            problems.append(Problem(path, line, "a place cannot be part of itself"))
    for rid, (metric, claimed_by, source, place, see_also, _) in refs["figures"].items():
        need("figures", rid, ("metric",), "metrics", metric, "metric")
        need("figures", rid, ("claimed_by",), "actors", claimed_by, "claimed_by")
        need("figures", rid, ("source",), "sources", source, "source")
        need("figures", rid, ("place",), "places", place, "place")
        for i, s in enumerate(see_also):
            need("figures", rid, ("see_also", i, "source"), "sources", s, "source")
    # Events are most of the records: the references are looked up here, and `need` is
    # called only for one that is missing (the same problems, in the same order).
    actors, sources, places, events, tags = refs["actors"], refs["sources"], refs["places"], refs["events"], ch.tags
    for rid, (date, first_day, place, named, tagged, related, cited, figures, notes, reported, status,
              _) in events.items():
        if first_day > last_day:
            path, line = where("events", rid, ("date",))
            problems.append(Problem(path, line, f'date "{date}" is in the future'))
        if place is not None and place not in places:
            need("events", rid, ("place",), "places", place, "place")
        for i, a in enumerate(named):
            if a not in actors:
                need("events", rid, ("actors", i), "actors", a, "actor")
        for i, t in enumerate(tagged):
            if t not in tags:
                need("events", rid, ("tags", i), "tags", t, "tag")
        for i, r in enumerate(related):
            if r not in events:
                need("events", rid, ("related", i), "events", r, "related event")
            if r == rid:
                path, line = where("events", rid, ("related", i))
                problems.append(Problem(path, line, "an event cannot be related to itself"))
        for i, s in enumerate(cited):
            if s not in sources:
                need("events", rid, ("sources", i, "source"), "sources", s, "source")
        for i, (claimed_by, source) in enumerate(figures):
            if claimed_by not in actors:
                need("events", rid, ("figures", i, "claimed_by"), "actors", claimed_by, "claimed_by")
            if source not in sources:
                need("events", rid, ("figures", i, "source"), "sources", source, "source")
        for i, noted in enumerate(notes):
            for j, s in enumerate(noted):
                if s not in sources:
                    need("events", rid, ("notes", i, "sources", j), "sources", s, "source")
        for i, s in enumerate(reported):
            if s not in sources:
                need("events", rid, ("date_reported", i, "source"), "sources", s, "source")
        if len(set(cited)) != len(cited):
            path, line = where("events", rid, ("sources",))
            problems.append(Problem(path, line, "the same source is cited twice: merge the two entries"))
        if status == "corroborated":
            publishers = {sources[s][0] or s for s in cited if s in sources}
            if len(publishers) < 2:
                path, line = where("events", rid, ("status",))
                problems.append(Problem(path, line, 'status "corroborated" needs sources from at least two '
                                                    "different publishers; use \"single-source\" or add a source"))


def _check_reported_dates(shown: str, e: Event, text: str, problems: list[Problem],
                          checks: list[tuple]) -> None:
    """Read each of an event's `date_reported` wordings against its date. One that does not
    match gives a warning (added to `problems`) and a date check for its page, added to
    `checks` as a tuple of plain values (sent between processes and kept in the cache):
    (source, wording, day read as a date ordinal, calendar, outside, weekday named,
    message, last day of the month read or None); see _date_check."""
    value = dates.parse_date(e.date)
    for i, rep in enumerate(e.date_reported):
        try:
            read = dates.read_reported(rep.text, value.start)
        except dates.DateError as exc:
            problems.append(Problem(shown, _line_of(text, ("date_reported", i, "text")),
                                    f'`date_reported`: "{rep.text}": {exc}'))
            continue
        if read is None:
            continue
        if read.day is None:
            if read.month and (read.month[1] < value.start or read.month[0] > value.end):
                msg = (f"reads as {dates.format_day_en(read.month[0])} – {dates.format_day_en(read.month[1])}, "
                       f"outside the record's date ({dates.format_en(value)})")
                checks.append((rep.source, rep.text, read.month[0].toordinal(), read.calendar,
                               True, None, msg, read.month[1].toordinal()))
                problems.append(Problem(shown, _line_of(text, ("date_reported", i, "text")),
                                        f'"{rep.text}" ({rep.source}) {msg}', "warning"))
            continue
        messages = []
        if not value.start <= read.day <= value.end:
            messages.append((True, None, f'reads as {dates.format_day_en(read.day)}, outside the record\'s date '
                                         f"({dates.format_en(value)})"))
        if read.weekday_named is not None and read.weekday_named != read.day.weekday():
            messages.append((False, read.weekday_named,
                             f"names a {_WEEKDAY_NAMES[read.weekday_named]}, but "
                             f"{dates.format_day_en(read.day)} was a {_WEEKDAY_NAMES[read.day.weekday()]}"))
        for outside, weekday, msg in messages:
            checks.append((rep.source, rep.text, read.day.toordinal(), read.calendar,
                           outside, weekday, msg, None))
            problems.append(Problem(shown, _line_of(text, ("date_reported", i, "text")),
                                    f'"{rep.text}" ({rep.source}) {msg}', "warning"))


def _date_check(rid: str, source: str, wording: str, day: int, calendar: str, outside: bool,
                weekday: int | None, message: str, last: int | None) -> DateCheck:
    """A DateCheck from the tuple _check_reported_dates made."""
    return DateCheck(rid, source, wording, dt.date.fromordinal(day), calendar, outside, weekday,
                     message, dt.date.fromordinal(last) if last is not None else None)


_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _index(ch: Chronicle) -> None:
    """Read the events' dates, order events by date and index who cites what, once per
    build."""
    ch.event_dates = {rid: dates.parse_date(e.date) for rid, e in ch.events.items()}
    ch.ordered_events = sorted(ch.event_dates, key=lambda r: (ch.event_dates[r].sort_key(), r))
    for rid in ch.ordered_events:
        e = ch.events[rid]
        refs = {("sources", c.source) for c in e.sources}
        refs |= {("sources", f.source) for f in e.figures}
        refs |= {("actors", f.claimed_by) for f in e.figures}
        refs |= {("actors", a) for a in e.actors}
        refs |= {("tags", t) for t in e.tags}
        if e.place:
            refs.add(("places", e.place))
            parent = ch.places.get(e.place)
            seen = {e.place}
            while parent is not None and parent.part_of and parent.part_of not in seen:
                refs.add(("places", parent.part_of))
                seen.add(parent.part_of)
                parent = ch.places.get(parent.part_of)
        refs |= {("events", r) for r in e.related}
        for ref in sorted(refs):
            ch.cited_by[ref].append(rid)
    for fid in sorted(ch.figures):
        f = ch.figures[fid]
        ch.figures_of[("source", f.source)].append(fid)
        for c in f.see_also:
            if c.source != f.source:
                ch.figures_of[("source", c.source)].append(fid)
        ch.figures_of[("actor", f.claimed_by)].append(fid)
        if f.place:
            ch.figures_of[("place", f.place)].append(fid)
    for sid in sorted(ch.sources):
        ch.sources_by_publisher[ch.sources[sid].publisher or ""].append(sid)
    for pid in sorted(ch.places):
        if ch.places[pid].part_of:
            ch.place_parts[ch.places[pid].part_of].append(pid)
