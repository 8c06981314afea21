"""Remembering checked record files between runs.

`check` and the build read every file under data/; most of the time only a few changed since
the last run. For each record file this keeps the result of reading and validating it (the
record, or its problems), under the file's size, modification time, change time and inode.
A file whose four are the same is not read again; anything else is read as usual.
Checks across files (missing references, dates, statuses) run every time.

The cache lives outside the project, in the user's own cache folder:
$CHRONICLE_CACHE, else $XDG_CACHE_HOME/ghezel-hesar-chronicle, else
~/.cache/ghezel-hesar-chronicle. A pull request cannot place one there, and it is never
shared. `CHRONICLE_CACHE=off` turns it off. A new version of the chronicle's code, of Python,
pydantic or PyYAML starts a new cache. Deleting the folder is always safe.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import types
import typing
import zlib
from pathlib import Path

import pydantic
import yaml
from pydantic import BaseModel

# Code whose change changes what a file reads as.
_CODE = ("model.py", "load.py", "dates.py", "cache.py")


def folder() -> Path | None:
    """Where cache files go, or None when the cache is off."""
    value = os.environ.get("CHRONICLE_CACHE")
    if value is not None:
        return None if value.strip().lower() in ("", "0", "off", "no", "false") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ghezel-hesar-chronicle"


def _version() -> str:
    h = hashlib.sha256()
    h.update(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}|{yaml.__with_libyaml__}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()


# Key: (size, modification time, change time, inode). Editors, git and rsync all change at
# least one of them when a file's content changes.
Key = tuple[int, int, int, int]


def entry_key(entry: os.DirEntry) -> Key | None:
    """The key of a record file, or None for a link or a file that cannot be looked at."""
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


SHARDS = 16  # one edited file rewrites one part of the cache, not all of it


def shard(shown: str) -> int:
    """Which part of the cache keeps the file shown as `shown`."""
    return zlib.crc32(shown.encode("utf-8")) % SHARDS


def entry(key: Key | None, record, problems: list, checks: list) -> tuple:
    """What the cache keeps of one file: (key, record or its dumped form or None,
    [(line, message, level)], [date check tuples])."""
    return key, record, [(p.line, p.message, p.level) for p in problems], checks


class Cache:
    """The remembered results for one data folder: a folder of SHARDS files. Each file is
    {"version": ..., "parts": [marshal data of {shown: entry}, ...]}, an entry being
    (key, dumped record or None, [(line, message, level)], [date check tuples]). A part
    is kept as it was written: `check`'s other processes write theirs (load.py), so they
    are not marshalled twice."""

    def __init__(self, path: Path | None):
        self.path = path
        self.version = _version() if path else ""
        self.old: list[dict] = [{} for _ in range(SHARDS)]
        self.new: list[dict] = [{} for _ in range(SHARDS)]
        self.parts: list[list[bytes]] = [[] for _ in range(SHARDS)]  # written elsewhere
        self.in_parts = [0] * SHARDS  # entries in those
        self.changed = [False] * SHARDS
        self.hits = 0
        if path is None:
            return
        for i in range(SHARDS):
            try:
                # one read: marshal.load(file) reads in small pieces
                data = marshal.loads((path / f"{i:02d}.marshal").read_bytes())
                if isinstance(data, dict) and data.get("version") == self.version:
                    files: dict = {}
                    for part in data["parts"]:
                        files.update(marshal.loads(part))
                    self.old[i] = files
            except (OSError, EOFError, ValueError, TypeError, KeyError):
                pass

    def get(self, shown: str, key: Key | None, model: type[BaseModel]):
        """(record or None, [(line, message, level)], [date check tuples]) remembered for
        this file, or None."""
        if key is None:
            return None
        i = shard(shown)
        hit = self.old[i].get(shown)
        if hit is None or tuple(hit[0]) != key:
            return None
        self.new[i][shown] = hit
        self.hits += 1
        record = build(model, hit[1]) if hit[1] is not None else None
        return record, hit[2], hit[3]

    def put(self, shown: str, key: Key | None, record: BaseModel | None, problems: list,
            checks: list) -> None:
        """Remember a file just read (the record is dumped when the cache is written)."""
        if key is None or self.path is None:
            return
        i = shard(shown)
        self.new[i][shown] = entry(key, record, problems, checks)
        self.changed[i] = True

    def put_part(self, i: int, part: bytes, count: int) -> None:
        """Remember files read elsewhere: `part` is the marshal data of {shown: entry} for
        `count` files, all of part i."""
        if self.path is None:
            return
        self.parts[i].append(part)
        self.in_parts[i] += count
        self.changed[i] = True

    def _stale(self, i: int) -> bool:
        return self.changed[i] or len(self.new[i]) + self.in_parts[i] != len(self.old[i])

    def save(self, background: bool = False) -> int | None:
        """Write what this run saw (files gone since are forgotten). Never fails a run.
        `background`: write in a forked process while this one goes on (`check`, which
        has no threads by then); returns its id, for wait()."""
        if self.path is None or not any(self._stale(i) for i in range(SHARDS)):
            return None
        if background and hasattr(os, "fork"):
            try:
                pid = os.fork()
            except OSError:
                pid = -1
            if pid == 0:  # the writing process: write, then leave at once
                try:
                    self._write()
                finally:
                    os._exit(0)
            if pid > 0:
                return pid
        self._write()
        return None

    def _write(self) -> None:
        for i in range(SHARDS):
            if not self._stale(i):
                continue
            target = self.path / f"{i:02d}.marshal"
            tmp = self.path / f"{i:02d}.{os.getpid()}.tmp"
            files = {shown: (key, value.model_dump() if isinstance(value, BaseModel) else value, found, checks)
                     for shown, (key, value, found, checks) in self.new[i].items()}
            parts = self.parts[i] + [marshal.dumps(files)] if files else self.parts[i]
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(marshal.dumps({"version": self.version, "parts": parts}))
                os.replace(tmp, target)
            except OSError:
                try:
                    tmp.unlink()
                except OSError:
                    pass


def wait(writer: int | None) -> None:
    """Wait for the process save(background=True) started, if any."""
    if writer:
        try:
            os.waitpid(writer, 0)
        except ChildProcessError:
            pass


def open_for(root: Path) -> Cache:
    """The cache of one data folder (an inactive one when the cache is off)."""
    base = folder()
    if base is None:
        return Cache(None)
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
    return Cache(base / f"records-{name}")


# --- records back from their dumped form ------------------------------------------------
# A remembered record was validated when its file was read; it is rebuilt with pydantic's
# model_construct (no second validation), nested models first.

_PLANS: dict[type, tuple] = {}


def _plan(cls: type[BaseModel]) -> tuple[list[tuple[str, bool, type[BaseModel]]], int, bool]:
    """What build() needs to know of `cls`, worked out once: the fields that hold models
    (name, is a list, model class), the number of fields, and whether it has private
    attributes."""
    plan = []
    for name, info in cls.model_fields.items():
        ann = info.annotation
        origin, args = typing.get_origin(ann), typing.get_args(ann)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            plan.append((name, False, ann))
        elif origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            plan.append((name, True, args[0]))
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(models) > 1:
                raise TypeError(f"{cls.__name__}.{name}: a union of models cannot be cached")
            if models:
                plan.append((name, False, models[0]))
    _PLANS[cls] = found = (plan, len(cls.model_fields), bool(cls.__private_attributes__))
    return found


def build(cls: type[BaseModel], data: dict) -> BaseModel:
    """The record of `data` (a model_dump()), without validating it again. `data` itself
    is not changed (the cache writes it back); a record without nested records shares it."""
    known = _PLANS.get(cls)
    plan, fields, private = known if known is not None else _plan(cls)
    if plan:
        data = dict(data)
        for name, many, sub in plan:
            value = data.get(name)
            if value is not None:
                data[name] = [build(sub, item) for item in value] if many else build(sub, value)
    if len(data) != fields or private:
        return cls.model_construct(**data)
    # Every field is there: what model_construct ends with, without its per-field loop
    # (a third of a warm `check`). tests/test_cache.py compares the records with fresh ones.
    record = cls.__new__(cls)
    _set(record, "__dict__", data)
    _set(record, "__pydantic_fields_set__", set(data))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


_set = object.__setattr__
