"""The cache of checked record files (chronicle/data/cache.py): a run that takes files from it
must report exactly what a run without it reports, and never a stale record."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.data import cache
from chronicle.data.load import load

from test_bad_input import BASIC, CASES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHRONICLE_CACHE", str(folder))
    return folder


KINDS = ("events", "sources", "actors", "places", "figures", "people")


def _state(ch):
    """Everything a build uses from a load, in comparable form."""
    return {
        "problems": sorted(map(str, ch.problems)),
        "records": {k: dict(ch.records(k)) for k in KINDS},
        "paths": dict(ch.paths),
        "ordered": list(ch.ordered_events),
        "cited_by": {k: list(v) for k, v in ch.cited_by.items()},
        "date_checks": {k: list(v) for k, v in ch.date_checks.items()},
        "event_dates": dict(ch.event_dates),
    }


def _files(cache_dir):
    return sorted(cache_dir.glob("*.pickle"))


def test_real_data_from_the_cache_is_the_same(cache_dir):
    cold = load(ROOT / "data")
    assert cold.cached == 0
    assert len(_files(cache_dir)) == 1, "one cache file per data folder"
    warm = load(ROOT / "data")
    n = sum(len(warm.records(k)) for k in KINDS)
    assert warm.cached == n > 300
    assert _state(warm) == _state(cold)
    # the records are whole models, nested ones included
    e = next(iter(warm.events.values()))
    assert type(e.title).__name__ == "Bilingual"
    assert type(e.sources[0]).__name__ == "Citation"


def test_the_key_covers_every_module_that_decides_what_a_file_reads_as():
    """A fix to the reader, the models, the dates or the checks starts a new cache."""
    data = Path(cache.__file__).parent
    readers = {p.name for p in data.glob("*.py")} - {"__init__.py"}
    assert readers <= set(cache.CODE), readers - set(cache.CODE)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_mistake_is_reported_again_from_the_cache_and_by_check(tmp_path, cache_dir, case):
    name, change, _ = case
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    change(data)
    full = load(data)
    cold = sorted(map(str, full.problems))
    warm_ch = load(data)
    assert sorted(map(str, warm_ch.problems)) == cold
    assert any(p.startswith("data/") for p in cold)
    assert _state(warm_ch) == _state(full)
    shutil.rmtree(cache_dir)
    assert _state(load(data)) == _state(full)  # every file read again


def test_an_edited_file_is_read_again(tmp_path, cache_dir):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    path = data / "events" / "2013-12-strike.yml"
    load(data)
    before = load(data)
    assert before.cached > 0
    text = path.read_text("utf-8")
    title = before.events["2013-12-strike"].title.en
    # same size, modification time put back: the change time still tells
    new_title = "X" + title[1:]
    st = path.stat()
    path.write_text(text.replace(title, new_title, 1), "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    after = load(data)
    assert after.events["2013-12-strike"].title.en == new_title
    assert after.cached == before.cached - 1
    # a mistake introduced later is found, with its line
    path.write_text(text.replace("status: ", "status: maybe-", 1), "utf-8")
    broken = load(data)
    assert any(p.path.endswith("2013-12-strike.yml") and p.line > 1 for p in broken.errors)
    assert any(p.path.endswith("2013-12-strike.yml") for p in load(data).errors)
    # a deleted file is gone, not remembered
    path.unlink()
    assert "2013-12-strike" not in load(data).events


def test_reference_problems_keep_their_line_when_files_come_from_the_cache(tmp_path, cache_dir,
                                                                           monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    first = load(data)
    # the events are unchanged (from the cache); an actor they name disappears
    used = {a for e in first.events.values() for a in e.actors}
    actor = sorted(used)[0]
    (data / "actors" / f"{actor}.yml").unlink()
    warm = load(data)
    assert warm.cached > 0
    missing = [p for p in warm.errors if f'"{actor}"' in p.message]
    assert missing and all(p.line > 1 for p in missing), missing
    monkeypatch.setenv("CHRONICLE_CACHE", "off")
    assert sorted(map(str, load(data).problems)) == sorted(map(str, warm.problems))


def test_other_versions_and_damaged_files_are_ignored(tmp_path, cache_dir):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    load(data)
    [file] = _files(cache_dir)
    file.write_bytes(b"\x00not a cache")
    ch = load(data)
    assert ch.cached == 0 and not ch.errors and ch.events
    file.write_bytes(b"")
    assert load(data).cached == 0
    # written again, then saved by another version of the code: not used
    assert load(data).cached > 0
    c = cache.Cache.open(data)
    c.version, c.new = "another", c.old
    c.hits = -1  # force a write
    c.save()
    assert load(data).cached == 0


def test_an_unchanged_folder_writes_nothing(tmp_path, cache_dir):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    load(data)
    [file] = _files(cache_dir)
    before = file.stat().st_mtime_ns
    assert load(data).cached > 0
    assert file.stat().st_mtime_ns == before
    path = data / "events" / "2013-12-strike.yml"
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert load(data).cached > 0
    assert file.stat().st_mtime_ns != before


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CHRONICLE_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load(BASIC)
    assert not (tmp_path / "xdg").exists()
    assert cache.folder() is None


def test_default_folder_is_outside_the_project(tmp_path, monkeypatch):
    monkeypatch.delenv("CHRONICLE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "ghezel-hesar-chronicle"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert ROOT not in cache.folder().parents


def test_check_command_uses_it(tmp_path):
    env = {**os.environ, "CHRONICLE_CACHE": str(tmp_path / "c")}
    cmd = [sys.executable, "-m", "chronicle", "check", "--data", str(BASIC)]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert "unchanged since the last check" in second.stderr
    assert "unchanged" not in first.stderr
