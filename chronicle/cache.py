"""Remembering checked record files between runs.

`check` and the build read every file under data/; most of the time only a few changed since
the last run. For each record file this keeps the result of reading and validating it (what
the file read as, if it made a valid record; what checks across files need of the record;
its problems), under the file's size, modification time, change time and inode. A file
whose four are the same is not read again; anything else is read as usual. `check` takes
only the problems and references; the build makes each record again from what the file
read as. Checks across files (missing references, dates, statuses) run every time.

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


def key_of(path: str | os.DirEntry) -> Key | None:
    """The key of a record file, or None for a link or a file that cannot be looked at."""
    try:
        st = path.stat(follow_symlinks=False) if isinstance(path, os.DirEntry) else os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


SHARDS = 16  # one edited file rewrites one part of the cache, not all of it


def shard(shown: str) -> int:
    """Which part of the cache keeps the file shown as `shown`."""
    return zlib.crc32(shown.encode("utf-8")) % SHARDS


def entry(key: Key | None, data: dict | None, problems: list, checks: list,
          references: tuple | None) -> tuple:
    """What the cache keeps of one file: (key, the data of a valid record or None,
    [(line, message, level)], [date check tuples], the record's references or None).
    The data is what the file read as, which made a valid record; the references are
    what checks across files need of it (model.Record.references)."""
    return key, data, [(p.line, p.message, p.level) for p in problems], checks, references


class Cache:
    """The remembered results for one data folder: a folder of SHARDS files. Each file is
    {"version": ..., "parts": [marshal data of {shown: entry}, ...]} (see entry()). A part
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

    def get(self, shown: str, file: os.DirEntry, model: type[BaseModel] | None):
        """(record or None, references or None, [(line, message, level)], [date check
        tuples]) remembered for this file, or None. The file is looked at (key_of) only
        when the cache has an entry for it. The record is made again from its data
        (validated again: a few hundredths of a millisecond) only when `model` is given."""
        i = shard(shown)
        hit = self.old[i].get(shown)
        if hit is None or tuple(hit[0]) != key_of(file):
            return None
        record = None
        if model is not None and hit[1] is not None:
            try:
                record = model.model_validate(hit[1])
            except pydantic.ValidationError:  # cannot happen with the same code: read the file
                return None
        self.new[i][shown] = hit
        self.hits += 1
        return record, hit[4], hit[2], hit[3]

    def put(self, shown: str, key: Key | None, data: dict | None, problems: list,
            checks: list, references: tuple | None) -> None:
        """Remember a file just read."""
        if key is None or self.path is None:
            return
        i = shard(shown)
        self.new[i][shown] = entry(key, data, problems, checks, references)
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

    def pack(self) -> None:
        """Marshal the files remembered so far into parts now, so that save() has less to
        do. `check` calls it between the chunks it reads, while its other processes are
        busy reading theirs."""
        if self.path is None:
            return
        for i, files in enumerate(self.new):
            if files:
                try:
                    part = marshal.dumps(files)
                except ValueError:  # data marshal cannot write (never seen): left to save()
                    continue
                self.parts[i].append(part)
                self.in_parts[i] += len(files)
                self.new[i] = {}

    def save(self) -> None:
        """Write what this run saw (files gone since are forgotten). Never fails a run."""
        if self.path is None:
            return
        for i in range(SHARDS):
            if self._stale(i):
                self._write(i)

    def _write(self, i: int) -> None:
        target = self.path / f"{i:02d}.marshal"
        tmp = self.path / f"{i:02d}.{os.getpid()}.tmp"
        files = self.new[i]
        try:
            parts = self.parts[i] + [marshal.dumps(files)] if files else self.parts[i]
            self.path.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps({"version": self.version, "parts": parts}))
            os.replace(tmp, target)
        except (OSError, ValueError):  # ValueError: data marshal cannot write (never seen)
            try:
                tmp.unlink()
            except OSError:
                pass


def open_for(root: Path) -> Cache:
    """The cache of one data folder (an inactive one when the cache is off)."""
    base = folder()
    if base is None:
        return Cache(None)
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
    return Cache(base / f"records-{name}")
