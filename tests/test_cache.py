"""The cache of checked record files (chronicle/cache.py): a run that takes files from it
must report exactly what a run without it reports, and never a stale record."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle import cache
from chronicle.load import load

from test_bad_input import BASIC, CASES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHRONICLE_CACHE", str(folder))
    return folder


def _state(ch):
    """Everything a build uses from a load, in comparable form."""
    return {
        "problems": sorted(map(str, ch.problems)),
        "records": {k: dict(ch.records(k)) for k in ("events", "sources", "actors", "places", "figures")},
        "paths": dict(ch.paths),
        "references": {k: dict(v) for k, v in ch.references.items()},
        "ordered": list(ch.ordered_events),
        "cited_by": {k: list(v) for k, v in ch.cited_by.items()},
        "date_checks": {k: list(v) for k, v in ch.date_checks.items()},
        "event_dates": dict(ch.event_dates),
    }


def test_real_data_from_the_cache_is_the_same(cache_dir):
    cold = load(ROOT / "data")
    assert cold.cached == 0
    assert list(cache_dir.glob("records-*/*.marshal")), "no cache file written"
    warm = load(ROOT / "data")
    n = sum(len(warm.records(k)) for k in ("events", "sources", "actors", "places", "figures"))
    assert warm.cached == n > 300
    assert _state(warm) == _state(cold)
    # the records are whole models, nested ones included
    e = next(iter(warm.events.values()))
    assert type(e.title).__name__ == "Bilingual"
    assert type(e.sources[0]).__name__ == "Citation"


def _checked(ch):
    """What `check` uses of a load: everything but the records and the pages' indexes."""
    state = _state(ch)
    for name in ("records", "ordered", "cited_by", "event_dates"):
        del state[name]
    return state


def test_check_keeps_no_records_and_finds_the_same(cache_dir):
    """load(pages=False), for `check`: the same problems, references, paths and date
    checks as a build's load, no records; its cache serves a build, whose records are
    the same as without cache, and the other way round."""
    full = load(ROOT / "data")
    cold = load(ROOT / "data", pages=False)
    assert cold.cached > 300  # the build's load wrote the cache
    assert not any(cold.records(k) for k in ("events", "sources", "actors", "places", "figures"))
    assert [cold.count(k) for k in cold.references] == [len(full.records(k)) for k in cold.references]
    assert _checked(cold) == _checked(full)
    shutil.rmtree(cache_dir)
    first = load(ROOT / "data", pages=False)
    assert first.cached == 0 and _checked(first) == _checked(full)
    warm = load(ROOT / "data")
    assert warm.cached > 300 and _state(warm) == _state(full)


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
    assert _checked(load(data, pages=False)) == _checked(full)  # `check`, from the cache
    shutil.rmtree(cache_dir)
    assert _checked(load(data, pages=False)) == _checked(full)  # `check`, every file read


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
    files = sorted(cache_dir.glob("records-*/*.marshal"))
    assert files
    for file in files:
        file.write_bytes(b"\x00not a cache")
    ch = load(data)
    assert ch.cached == 0 and not ch.errors and ch.events
    for file in files:
        file.write_bytes(b"")
    assert load(data).cached == 0
    # written again, then a different code version: not used
    assert load(data).cached > 0
    c = cache.open_for(data)
    c.version = "another"
    c.changed = [True] * cache.SHARDS
    c.new = c.old
    c.save()
    assert load(data).cached == 0


def test_one_edit_rewrites_one_part(tmp_path, cache_dir):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    load(data)
    files = sorted(cache_dir.glob("records-*/*.marshal"))
    before = {f: f.stat().st_mtime_ns for f in files}
    path = data / "events" / "2013-12-strike.yml"
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert load(data).cached > 0
    changed = [f for f in files if f.stat().st_mtime_ns != before[f]]
    assert len(changed) == 1, changed


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
