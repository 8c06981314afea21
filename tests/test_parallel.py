"""Reading record files on several processes (`check`; load(processes=N)): the same
records, problems and order as one process, including when another process dies."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chronicle import load as loading
from chronicle import synth
from chronicle.load import _processes, load

from test_bad_input import BASIC, CASES
from test_cache import _checked as _kept_by_check
from test_cache import _state

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def small_shares(monkeypatch):
    """Several processes even for the small fixture: any number of files, 3 per chunk."""
    monkeypatch.setattr(loading, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(loading, "_CHUNK", 3)


def _exact(ch):
    """_state, with the problems in the order they were found."""
    return {**_state(ch), "problems": list(map(str, ch.problems))}


@pytest.mark.parametrize("processes", [2, 3])
def test_real_data_read_on_several_processes_is_the_same(small_shares, processes):
    one = load(ROOT / "data")
    several = load(ROOT / "data", processes=processes)
    assert sum(len(several.records(k)) for k in ("events", "sources", "actors")) > 250
    assert sum(map(len, one.date_checks.values())) >= 5  # read in the processes that read the file
    assert _exact(several) == _exact(one)
    e = next(iter(several.events.values()))
    assert type(e.title).__name__ == "Bilingual" and type(e.sources[0]).__name__ == "Citation"


def _checked(ch):
    """test_cache._checked (what `check` keeps), with the problems in the order found."""
    return {**_kept_by_check(ch), "problems": list(map(str, ch.problems))}


def test_check_on_several_processes_is_the_same(small_shares, monkeypatch):
    """`check`'s load (pages=False) on two processes: the same problems in the same order,
    references and date checks, and no records kept or made again from what the other
    processes read (a build's load on two processes does make them)."""
    made = []
    record_again = loading._record_again
    monkeypatch.setattr(loading, "_record_again", lambda *a: made.append(a) or record_again(*a))
    one = load(ROOT / "data")
    several = load(ROOT / "data", processes=2, pages=False)
    assert not several.events and several.count("events") == len(one.events) > 50
    assert _checked(several) == _checked(one)
    assert made == []
    assert _exact(load(ROOT / "data", processes=2)) == _exact(one) and made


def test_every_mistake_is_reported_the_same_on_several_processes(tmp_path, small_shares):
    differ = []
    for name, change, _ in CASES:
        folder = tmp_path / name / "data"
        shutil.copytree(BASIC, folder)
        change(folder)
        one = load(folder)
        if (not one.errors or _exact(load(folder, processes=2)) != _exact(one)
                or _checked(load(folder, processes=2, pages=False)) != _checked(one)):
            differ.append(name)
    assert not differ, f"not the same on two processes: {differ}"


def _die(*args):
    """Stands in for _read_share_elsewhere: the process ends at once, as if killed."""
    os._exit(3)


def test_a_process_that_dies_costs_time_not_records(tmp_path, small_shares, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    (data / "events" / "2013-12-strike.yml").write_text("date: [\n", "utf-8")  # one mistake
    one = load(data)
    monkeypatch.setattr(loading, "_read_share_elsewhere", _die)
    assert _exact(load(data, processes=2)) == _exact(one)


_READ_ELSEWHERE = loading._read_share_elsewhere


def _slow_elsewhere(*args):
    """Stands in for _read_share_elsewhere (sent to the other process by name)."""
    time.sleep(0.1)
    return _READ_ELSEWHERE(*args)


def _slowed(monkeypatch, where: str):
    """Every chunk read in this process (`here`) or in the others (`elsewhere`) takes 0.1 s
    longer; returns the list of chunks this process reads (by first file)."""
    read_here = []
    read_share = loading._read_share

    def here(jobs, root, remembered, records=True):  # only this process calls it
        read_here.append(jobs[0][2])
        if where == "here":
            time.sleep(0.1)
        return read_share(jobs, root, remembered, records)

    monkeypatch.setattr(loading, "_read_share", here)
    if where == "elsewhere":
        monkeypatch.setattr(loading, "_read_share_elsewhere", _slow_elsewhere)
    return read_here


@pytest.mark.parametrize("slow", ["here", "elsewhere"])
def test_the_faster_process_reads_more_and_nothing_changes(small_shares, monkeypatch, slow):
    """Chunks are not shared out in advance: this process takes them from the back while
    the other takes them from the front, so whichever is slower reads fewer."""
    one = load(ROOT / "data")
    read_here = _slowed(monkeypatch, slow)
    several = load(ROOT / "data", processes=2)
    assert _exact(several) == _exact(one)
    chunks = -(-sum(1 for _ in (ROOT / "data").glob("*/*.yml")) // loading._CHUNK)
    assert chunks > 50 and len(set(read_here)) == len(read_here)
    if slow == "here":
        assert len(read_here) < chunks / 3, (len(read_here), chunks)
    else:
        assert len(read_here) > chunks * 2 / 3, (len(read_here), chunks)


def test_processes_default_to_the_cores_and_follow_the_environment(monkeypatch):
    monkeypatch.delenv("CHRONICLE_PROCESSES", raising=False)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert _processes() == cores
    monkeypatch.setenv("CHRONICLE_PROCESSES", "3")
    assert _processes() == 3
    for bad in ("0", "-2", "many"):
        monkeypatch.setenv("CHRONICLE_PROCESSES", bad)
        assert _processes() == cores


def test_check_command_on_two_processes_prints_the_same(tmp_path):
    """The real command, above the size where it forks, with mistakes in both shares."""
    data = tmp_path / "data"
    synth.generate(700, data)
    events = sorted((data / "events").glob("*.yml"))
    sources = sorted((data / "sources").glob("*.yml"))
    assert len(events) + len(sources) > loading.PARALLEL_MIN_FILES
    events[3].write_text(events[3].read_text("utf-8") + "colour: red\n", "utf-8")
    sources[-2].write_text("url: [\n", "utf-8")
    (data / "actors" / sorted(os.listdir(data / "actors"))[0]).unlink()  # broken references

    def check(processes):
        env = {**os.environ, "CHRONICLE_PROCESSES": str(processes), "CHRONICLE_CACHE": "off"}
        return subprocess.run([sys.executable, "-m", "chronicle", "check", "--data", str(data)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    one, two = check(1), check(2)
    assert one.returncode == two.returncode == 1
    assert "Traceback" not in one.stderr + two.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    lines = one.stdout.splitlines()
    assert any(events[3].name in line and "unknown field `colour`" in line for line in lines)
    assert any(sources[-2].name in line and "YAML syntax error" in line for line in lines)
    assert any("does not exist" in line for line in lines)


def test_the_cache_written_beside_the_reference_checks_is_whole(tmp_path, small_shares, monkeypatch):
    """With several processes a forked process writes the cache while this one checks
    references; load() returns only when it is written: the next run reads no file again,
    and gives the same records."""
    monkeypatch.setenv("CHRONICLE_CACHE", str(tmp_path / "cache"))
    first = load(ROOT / "data", processes=2)
    assert first.cached == 0 and list((tmp_path / "cache").glob("*/*.marshal"))
    assert not list((tmp_path / "cache").glob("*/*.tmp"))
    again = load(ROOT / "data", processes=2)
    files = sum(len(again.records(k)) for k in ("events", "sources", "actors", "places", "figures"))
    assert again.cached == files > 300
    assert _exact(again) == _exact(first)


def test_cache_parts_written_by_other_processes_serve_the_next_runs(tmp_path, small_shares, monkeypatch):
    """The other processes write their files' cache entries themselves (cache.put_part). The
    next run, on one process, takes them as they are; after an edit the edited file's part
    of the cache is written again whole, and everything still equals a run without cache."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("CHRONICLE_CACHE", str(tmp_path / "cache"))
    load(data, processes=2)
    files = sum(1 for _ in data.glob("*/*.yml"))
    assert load(data).cached == files
    edited = sorted((data / "events").glob("*.yml"))[3]
    edited.write_text(edited.read_text("utf-8").replace("\ntitle:", "\n# edited\ntitle:", 1), "utf-8")
    after = load(data)
    assert after.cached == files - 1
    again = load(data, processes=2)
    assert again.cached == files
    monkeypatch.setenv("CHRONICLE_CACHE", "off")
    fresh = load(data)
    assert _exact(after) == _exact(again) == _exact(fresh)
