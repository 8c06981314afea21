"""The site builds with ProperDocs 1.6.7 (the maintained fork of MkDocs 1.6) exactly as with
MkDocs: same files, same bytes, but for the generator line each writes in every page."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.slow
def test_properdocs_builds_the_same_site(real_site, tmp_path):
    properdocs = Path(sys.executable).with_name("properdocs")
    assert properdocs.exists(), "ProperDocs is missing: pip install -r requirements-dev.txt"
    site = tmp_path / "site"
    env = {**os.environ, "CHRONICLE_DATA": str(ROOT / "data"), "NO_MKDOCS_2_WARNING": "1"}
    r = subprocess.run([str(properdocs), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-5000:]
    assert "ProperDocs 1.6.7" in (site / "index.html").read_text("utf-8")
    ours = {p.relative_to(real_site) for p in real_site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    assert ours == theirs, sorted(map(str, ours ^ theirs))[:20]
    differ = [str(f) for f in sorted(ours)
              if GENERATOR.sub(b"", (real_site / f).read_bytes()) != GENERATOR.sub(b"", (site / f).read_bytes())]
    assert not differ, differ[:20]
