"""The benchmark command itself, on its quickest setting: the `check` timings only (no
builds), on a data set large enough that `check` reads on several processes."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_reports_the_check_timings(tmp_path):
    out = tmp_path / "bench.md"
    env = {**os.environ, "CHRONICLE_PROCESSES": "2"}
    r = subprocess.run([sys.executable, "-m", "chronicle", "bench", "--sizes", "", "--no-serve",
                        "--check-events", "1200", "--check-repeat", "2", "--out", str(out)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    report = out.read_text("utf-8")
    assert "| events |" not in report  # no builds asked for: no empty table
    lines = {name: re.search(rf"^- {name}.*$", report, re.M) for name in (
        r"`chronicle check` at 1,200 events, every file read \(empty cache\), on 2 processes",
        r"the same on one process",
        r"`chronicle check` at 1,200 events after editing one event file")}
    for name, m in lines.items():
        assert m, f"missing: {name}\n{report}"
        walls = re.search(r"median of 2; all: ([\d.]+), ([\d.]+)\)", m.group())
        assert walls and 0 < float(walls[1]) <= float(walls[2]), m.group()
    assert re.search(r"^- check of 1,200 events, every file read, s \(wall, median\): [\d.]+ "
                     r"\(target ≤ 3\.0\) — (met|NOT met)", report, re.M), report
