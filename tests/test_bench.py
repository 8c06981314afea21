"""The benchmark command itself, on its quickest setting: the `check` timings only (no
builds), on 1,200 synthetic events."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds sites, runs the benchmark or outside tools

ROOT = Path(__file__).resolve().parent.parent


def test_bench_reports_the_check_timings(tmp_path):
    out = tmp_path / "bench.md"
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "chronicle", "bench", "--sizes", "", "--no-serve",
                        "--check-events", "1200", "--check-repeat", "2", "--out", str(out)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    report = out.read_text("utf-8")
    assert "| events |" not in report  # no builds asked for: no empty table
    lines = {name: re.search(rf"^- {name}.*$", report, re.M) for name in (
        r"`chronicle check` at 1,200 events, every file read \(empty cache\), one process",
        r"`chronicle check` at 1,200 events after editing one event file")}
    for name, m in lines.items():
        assert m, f"missing: {name}\n{report}"
        walls = re.search(r"median of 2; all: ([\d.]+), ([\d.]+)\)", m.group())
        assert walls and 0 < float(walls[1]) <= float(walls[2]), m.group()
    assert re.search(r"^- check of 1,200 events, every file read, s \(wall, median\): [\d.]+ "
                     r"\(target ≤ 6\.0\) — (met|NOT met)", report, re.M), report
    assert re.search(r"^- check of 1,200 events after editing one file, s \(wall, median\): [\d.]+ "
                     r"\(target ≤ 1\.0\) — (met|NOT met)", report, re.M), report



def test_serve_timing_waits_for_the_rebuild_and_the_edit(tmp_path):
    """`bench`'s serve timing on a small synthetic set, for `mkdocs serve` and `--dirty`: it
    returns only once the rebuild is done and the served page shows the edit (else it
    raises)."""
    from devtools.bench import time_serve
    from devtools.synth import generate
    data = tmp_path / "data"
    generate(20, data)
    for dirty in (False, True):
        first, rebuild = time_serve(data, dirty=dirty, timeout=300)
        assert 0 < first < 300 and 0 < rebuild < 300
    edited = [p for p in (data / "events").glob("*.yml") if "Benchmark edit" in p.read_text("utf-8")]
    assert len(edited) == 1


_TOUCH = "x = bytearray({mb} * 2**20); x[::4096] = b'1' * len(x[::4096]); import time; time.sleep(0.3)"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_peak_memory_is_the_child_s_own():
    """On Linux a child's ru_maxrss starts at the size of the process that forked it: a
    50 MB child of a 300 MB benchmark must not be reported at 300 MB; a 500 MB child is
    still reported whole."""
    from devtools import bench
    held = bytearray(300 * 2**20)
    held[::4096] = b"1" * len(held[::4096])  # really in memory
    small = bench.run_child([sys.executable, "-c", _TOUCH.format(mb=50)])
    large = bench.run_child([sys.executable, "-c", _TOUCH.format(mb=500)])
    assert small.code == large.code == 0
    assert 50 <= small.rss_mb < 150, small.rss_mb
    assert 500 <= large.rss_mb < 650, large.rss_mb
    del held
