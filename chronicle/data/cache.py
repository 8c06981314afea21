"""Remembering checked record files between runs, so that `check` and `make serve` do not
read again what has not changed.

One file per data folder keeps, for each record file, what reading and validating it gave
(the record or None, its problems, its date checks), under the file's size, modification
time, change time and inode: a file whose four are the same is not read again. Checks
across files run every time. The key of the whole cache is the code of every module that
decides what a file reads as, and the versions of Python, pydantic and PyYAML: a change to
any of them starts a new cache.

The cache lives outside the project, in the user's cache folder: $CHRONICLE_CACHE, else
$XDG_CACHE_HOME/ghezel-hesar-chronicle, else ~/.cache/ghezel-hesar-chronicle. A pull
request cannot place one there. `CHRONICLE_CACHE=off` turns it off; deleting it is safe.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path

import pydantic
import yaml

# Every module whose change changes what a file reads as.
CODE = ("model.py", "dates.py", "date_wording.py", "reading.py", "validate.py", "load.py", "cache.py")


def folder() -> Path | None:
    """Where cache files go, or None when the cache is off."""
    value = os.environ.get("CHRONICLE_CACHE")
    if value is not None:
        return None if value.strip().lower() in ("", "0", "off", "no", "false") else Path(value)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ghezel-hesar-chronicle"


def version() -> str:
    h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}|{yaml.__with_libyaml__}".encode())
    here = Path(__file__).resolve().parent
    for name in CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def key_of(entry: os.DirEntry) -> tuple | None:
    """(size, modification time, change time, inode) of a plain file, or None (a link)."""
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


class Cache:
    """{file shown: (key, result)} for one data folder, read at start and written at end."""

    def __init__(self, path: Path | None):
        self.path, self.old, self.new, self.hits = path, {}, {}, 0
        self.version = version() if path else ""
        if path is None:
            return
        try:
            with open(path, "rb") as fh:
                saved = pickle.load(fh)
            if saved.get("version") == self.version:
                self.old = saved["files"]
        except Exception:  # a missing, partial or foreign file: start afresh
            self.old = {}

    @classmethod
    def open(cls, root: Path) -> "Cache":
        base = folder()
        if base is None:
            return cls(None)
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        return cls(base / f"{name}.pickle")

    def get(self, shown: str, entry: os.DirEntry):
        """The remembered result of this file, if it has not changed since."""
        hit = self.old.get(shown)
        if hit is None or hit[0] != key_of(entry):
            return None
        self.new[shown] = hit
        self.hits += 1
        return hit[1]

    def put(self, shown: str, entry: os.DirEntry, result) -> None:
        key = key_of(entry) if self.path else None
        if key is not None:
            self.new[shown] = (key, result)

    def save(self) -> None:
        """Write what this run saw (files gone since are forgotten). Never fails a run."""
        if self.path is None or (self.hits == len(self.new) == len(self.old)):
            return
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                pickle.dump({"version": self.version, "files": self.new}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except (OSError, pickle.PicklingError):
            tmp.unlink(missing_ok=True)
