"""`mkdocs serve --dirty` (what `make serve` runs) writes again only the record pages that
changed (chronicle/preview.py). The preview must still be exactly the site a clean build
makes of the same data: these tests run MkDocs' own build the way `serve` does, edit the
data between builds, and compare every file with a clean build."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BASIC, ROOT

URL = "http://127.0.0.1:8000/"

# Runs in its own process, as `mkdocs serve` does: one process, a new config for each build.
# argv: mode ("preview" or "clean"), site folder, then one data step per build: after each
# build the script waits for a line on stdin (the test changes the data meanwhile), and
# prints the modification times of the site's HTML files.
_SCRIPT = r"""
import json, os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
import pytest

pytestmark = pytest.mark.slow  # builds sites, runs the benchmark or outside tools

mode, site, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
for step in range(steps):
    config = load_config(config_file="mkdocs.yml", site_dir=site)
    if step == 0:
        config.plugins.on_startup(command="serve" if mode == "preview" else "build",
                                  dirty=mode == "preview")
    config.site_url = sys.argv[4]
    build(config, serve_url=sys.argv[4], dirty=mode == "preview")
    times = {str(p.relative_to(site)): p.stat().st_mtime_ns for p in Path(site).rglob("*.html")}
    print(json.dumps(times), flush=True)
    if step < steps - 1:
        sys.stdin.readline()
"""


class Builds:
    """One MkDocs process building `site` from `data` several times."""

    def __init__(self, mode: str, data: Path, site: Path, steps: int, project: Path = ROOT):
        env = {**os.environ, "CHRONICLE_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}
        self.proc = subprocess.Popen([sys.executable, "-c", _SCRIPT, mode, str(site), str(steps), URL],
                                     cwd=project, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)

    def built(self) -> dict[str, int]:
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(60)
            raise AssertionError("the build failed:\n" + self.proc.stderr.read()[-5000:])
        return json.loads(line)

    def go_on(self) -> None:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(120) == 0, self.proc.stderr.read()[-5000:]


def _clean(data: Path, site: Path) -> Path:
    builds = Builds("clean", data, site, 1)
    builds.built()
    builds.close()
    return site


def _differences(preview: Path, clean: Path) -> list[str]:
    """Files that are not the same in the two sites (compressed files compared unpacked)."""
    def files(site):
        return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}

    def content(path):
        data = path.read_bytes()
        return gzip.decompress(data) if path.suffix == ".gz" else data

    a, b = files(preview), files(clean)
    out = [f"only in the preview: {f}" for f in sorted(a - b)] + [f"missing: {f}" for f in sorted(b - a)]
    out += [f"differs: {f}" for f in sorted(a & b) if content(preview / f) != content(clean / f)]
    return out


EDITED = "events/2011-03-15-uprising.yml"
ADDED = "events/2026-01-02-added-for-the-test.yml"
# neither cites nor names the edited event, nor is next to it or to the added one in time
UNRELATED = "events/2013-12-strike/index.html"


def test_the_preview_writes_only_what_changed_and_equals_a_clean_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    site = tmp_path / "preview"
    builds = Builds("preview", data, site, 3)
    try:
        first = builds.built()
        assert EDITED.replace(".yml", "/index.html") in first and UNRELATED in first

        # 1. edit one event and add another
        edited = data / EDITED
        text = edited.read_text("utf-8")
        assert "Uprising" in text
        edited.write_text(text.replace("Uprising", "Preview-edit uprising", 1), "utf-8")
        (data / ADDED).write_text(
            'date: "2026-01-02"\ntitle:\n  en: "Added for the preview test"\nplace: ghezel-hesar\n'
            "sources:\n- source: statement-c\nstatus: single-source\n", "utf-8")
        builds.go_on()
        second = builds.built()
        page = EDITED.replace(".yml", "/index.html")
        assert second[page] != first[page], "the edited event's page was not written again"
        assert "Preview-edit uprising" in (site / page).read_text("utf-8")
        assert ADDED.replace(".yml", "/index.html") in second
        assert second[UNRELATED] == first[UNRELATED], "an unchanged record page was written again"
        kept = [p for p in first if p in second and second[p] == first[p]]
        assert len(kept) > 10, kept
        # every hand-written page is written again (their macros read the data)
        assert second["index.html"] != first["index.html"]
        snapshot = tmp_path / "preview-2"
        shutil.copytree(site, snapshot)

        # 2. remove the added event again
        (data / ADDED).unlink()
        builds.go_on()
        third = builds.built()
        assert ADDED.replace(".yml", "/index.html") not in third
        builds.close()
    finally:
        if builds.proc.poll() is None:
            builds.proc.kill()

    # The preview equals a clean build of the same data, after each step.
    assert _differences(site, _clean(data, tmp_path / "clean-3")) == []
    (data / ADDED).write_text(
        'date: "2026-01-02"\ntitle:\n  en: "Added for the preview test"\nplace: ghezel-hesar\n'
        "sources:\n- source: statement-c\nstatus: single-source\n", "utf-8")
    assert _differences(snapshot, _clean(data, tmp_path / "clean-2")) == []
    # The search index keeps the entries of the pages left as they were.
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert any(d["location"].startswith("events/2013-12-strike/") for d in index["docs"])


def _project_copy(tmp_path) -> Path:
    project = tmp_path / "project"
    top = {".git", ".venv", "node_modules", "site", "build", "tests"}  # not chronicle/site
    shutil.copytree(ROOT, project, ignore=lambda folder, names: [
        n for n in names if n == "__pycache__" or (Path(folder) == ROOT and n in top)])
    return project


def test_the_search_index_is_whole_when_the_home_page_is_not_indexed(tmp_path):
    """Material's search, in a dirty build, merges its previous index with the entries of
    the first page it indexes again, assuming no other page was rebuilt. With the home page
    (the first) out of the search, that would keep every other page twice."""
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    project = _project_copy(tmp_path)
    home = project / "docs" / "index.md"
    home.write_text(home.read_text("utf-8").replace("title: Home\n", "title: Home\nsearch:\n  exclude: true\n", 1),
                    "utf-8")
    builds = Builds("preview", data, tmp_path / "preview", 2, project=project)
    try:
        builds.built()
        edited = data / EDITED
        edited.write_text(edited.read_text("utf-8").replace("Uprising", "Preview-edit uprising", 1), "utf-8")
        builds.go_on()
        builds.built()
        builds.close()
    finally:
        if builds.proc.poll() is None:
            builds.proc.kill()
    clean = Builds("clean", data, tmp_path / "clean", 1, project=project)
    clean.built()
    clean.close()
    index = tmp_path / "preview" / "search" / "search_index.json"
    docs = json.loads(index.read_text("utf-8"))["docs"]
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)) > 20
    assert index.read_bytes() == (tmp_path / "clean" / "search" / "search_index.json").read_bytes()


def test_a_change_of_navigation_writes_every_page_again(tmp_path):
    """Every page shows the navigation: when it changes, nothing is left as it was."""
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    project = _project_copy(tmp_path)
    builds = Builds("preview", data, tmp_path / "site", 2, project=project)
    try:
        first = builds.built()
        config = project / "mkdocs.yml"
        text = config.read_text("utf-8")
        assert text.count("\nnav:\n") == 1
        config.write_text(text.replace("\nnav:\n", "\nnav:\n  - Preview test: https://example.org/\n"), "utf-8")
        builds.go_on()
        second = builds.built()
        builds.close()
    finally:
        if builds.proc.poll() is None:
            builds.proc.kill()
    same = [p for p in first if p in second and second[p] == first[p]]
    assert same == []
