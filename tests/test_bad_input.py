"""Broken data folders: each a copy of tests/fixtures/basic with ONE mistake.

`python -m chronicle check --data DIR` (a real subprocess) must exit 1, print on stdout
exactly one `path:line: message` line per problem (file, line and a key phrase checked),
and never a traceback. Several mistakes in one folder give one line each. And `make build`
with broken data fails and leaves the earlier good site/ as it was.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASIC = ROOT / "tests" / "fixtures" / "basic"
E = "events/2013-12-strike.yml"          # an event nothing else refers to
E2 = "events/2025-10-19-prisoners-returned.yml"


def _edit(rel: str, old: str, new: str):
    def change(data: Path):
        path = data / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return change


def _append(rel: str, text: str):
    def change(data: Path):
        path = data / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    return change


def _write_bytes(rel: str, raw: bytes):
    def change(data: Path):
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_bytes(raw)
    return change


def _bom(data: Path):
    path = data / E
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _bad_utf8(data: Path):
    path = data / E
    lines = path.read_bytes().split(b"\n")
    lines[2] = b'title: {en: "Strike \xff\xfe after transfers"}'
    path.write_bytes(b"\n".join(lines))


def _huge(data: Path):
    path = data / E
    path.write_text(path.read_text("utf-8") + ("# padding padding padding padding\n" * 32_000), "utf-8")


def _symlink_outside(data: Path):
    outside = data.parent / "outside.yml"
    outside.write_text((data / E).read_text("utf-8"), "utf-8")
    (data / "events" / "linked.yml").symlink_to(outside)


def _copy(src: str, dest: str):
    def change(data: Path):
        shutil.copy(data / src, data / dest)
    return change


def _rename(src: str, dest: str):
    def change(data: Path):
        (data / src).rename(data / dest)
    return change


def _copy_with(src: str, dest: str, extra: str):
    """A new record nothing refers to (so its mistake has no consequences elsewhere)."""
    def change(data: Path):
        (data / dest).write_text((data / src).read_text("utf-8") + extra, "utf-8")
    return change


def _unknown_folder(data: Path):
    (data / "people").mkdir()
    shutil.copy(data / "actors" / "monitor-a.yml", data / "people" / "monitor-a.yml")


# (name, change, [(path, line, phrase)]) — path relative to the folder's parent.
CASES = [
    ("yaml-syntax", _edit(E, 'title: {en: "Strike after transfers", fa: اعتصاب پس از انتقال‌ها}',
                          'title: {en: "Strike after transfers", fa: [unclosed}'),
     [(f"data/{E}", 3, "YAML syntax error")]),
    ("tab-indentation", _edit(E, 'title: {en: "Strike after transfers", fa: اعتصاب پس از انتقال‌ها}',
                              'title:\n\ten: "Strike after transfers"'),
     [(f"data/{E}", 4, "a tab character is used for indentation")]),
    ("duplicate-key", _append(E, "status: confirmed\n"),
     [(f"data/{E}", 8, 'the key "status" appears twice')]),
    ("wrong-type-list-for-text", _edit(E, 'en: "Strike after transfers"', "en: [Strike, after]"),
     [(f"data/{E}", 3, "`title.en` must be text, got list")]),
    ("missing-required-field", _edit(E, "status: single-source\n", ""),
     [(f"data/{E}", 2, "missing required field `status`")]),
    ("duplicate-id-via-redirect", _append(E, "redirect_from: [2025-10-19-prisoners-returned]\n"),
     [(f"data/{E}", 8, 'redirect_from "2025-10-19-prisoners-returned" is the id of another record')]),
    ("id-differs-only-in-case", _copy("actors/monitor-a.yml", "actors/Monitor-A.yml"),
     [("data/actors/Monitor-A.yml", 1, 'file name "Monitor-A" is not a valid id')]),
    ("id-field-mismatch", _append(E, "id: 2013-12-strike-after-transfers\n"),
     [(f"data/{E}", 8, 'id "2013-12-strike-after-transfers" does not match the file name "2013-12-strike"')]),
    ("dangling-source", _edit(E, "{source: statement-c}", "{source: no-such-source}"),
     [(f"data/{E}", 6, 'source "no-such-source" does not exist (no file sources/no-such-source.yml)')]),
    ("dangling-actor", _append(E, "actors: [nobody]\n"),
     [(f"data/{E}", 8, 'actor "nobody" does not exist (no file actors/nobody.yml)')]),
    ("dangling-place", _edit(E, "place: ghezel-hesar", "place: atlantis"),
     [(f"data/{E}", 4, 'place "atlantis" does not exist')]),
    ("unknown-tag", _edit(E, "tags: [hunger-strike, transfer]", "tags: [hunger-strike, no-such-tag]"),
     [(f"data/{E}", 5, 'tag "no-such-tag" is not defined in data/tags.yml')]),
    ("tag-not-an-id", _edit(E, "tags: [hunger-strike, transfer]", "tags: [Hunger Strike]"),
     [(f"data/{E}", 5, '"Hunger Strike" is not a valid id')]),
    ("dangling-related-event", _append(E, "related: [no-such-event]\n"),
     [(f"data/{E}", 8, 'related event "no-such-event" does not exist')]),
    ("dangling-metric", _edit("figures/population-2025.yml", "metric: population-ghezel-hesar",
                              "metric: no-such-metric"),
     [("data/figures/population-2025.yml", 2, 'metric "no-such-metric" is not defined in data/metrics.yml')]),
    ("dangling-publisher", _edit("sources/statement-c.yml", "publisher: officials", "publisher: nobody"),
     [("data/sources/statement-c.yml", 4, 'publisher "nobody" does not exist')]),
    ("unquoted-date", _edit(E, 'date: "2013-12~"', "date: 2013-12-05"),
     [(f"data/{E}", 2, '`date`: a date must be a quoted string, e.g. "2013-12-05"')]),
    ("integer-year", _edit(E, 'date: "2013-12~"', "date: 2013"),
     [(f"data/{E}", 2, '`date` must be text in quotes, e.g. "2013", not a number')]),
    ("impossible-date", _edit(E, 'date: "2013-12~"', 'date: "2013-02-30"'),
     [(f"data/{E}", 2, '"2013-02-30" does not exist (February 2013 has 28 days)')]),
    ("30-esfand-1402", _append(E, 'date_reported: [{text: "30 Esfand 1402", source: statement-c}]\n'),
     [(f"data/{E}", 8, "30 Esfand 1402 does not exist in the Solar Hijri calendar")]),
    ("year-zero", _edit(E, 'date: "2013-12~"', 'date: "0000"'),
     [(f"data/{E}", 2, '"0000": there is no year 0')]),
    ("interval-ends-before-start", _edit(E, 'date: "2013-12~"', 'date: "2013-12-05/2013-11-01"'),
     [(f"data/{E}", 2, 'interval "2013-12-05/2013-11-01" ends before it starts')]),
    ("future-date", _edit(E, 'date: "2013-12~"', 'date: "2099-01-01"'),
     [(f"data/{E}", 2, 'date "2099-01-01" is in the future')]),
    ("empty-file", _write_bytes(E, b"# nothing here yet\n\n"),
     [(f"data/{E}", 1, "is empty")]),
    ("byte-order-mark", _bom,
     [(f"data/{E}", 1, "starts with a byte-order mark")]),
    ("invalid-utf8", _bad_utf8,
     [(f"data/{E}", 3, "is not valid UTF-8 text")]),
    ("huge-file", _huge,
     [(f"data/{E}", 1, "a record file may be at most 1,000,000 bytes")]),
    ("symlink-outside-data", _symlink_outside,
     [("data/events/linked.yml", 1, "is a link to a file outside data/")]),
    ("unknown-field", _append(E, "colour: red\n"),
     [(f"data/{E}", 8, "unknown field `colour`")]),
    ("corroborated-one-publisher", _edit(E, "status: single-source", "status: corroborated"),
     [(f"data/{E}", 7, 'status "corroborated" needs sources from at least two different publishers')]),
    ("contested-without-discrepancy", _edit(E, "status: single-source", "status: contested"),
     [(f"data/{E}", 1, 'status "contested" needs a note of kind "discrepancy"')]),
    ("non-https-link-in-text", _append(E, "summary: {en: 'See [the page](http://example.org/a).'}\n"),
     [(f"data/{E}", 8, 'link "http://example.org/a" is not allowed: links must start with https://')]),
    ("raw-html-in-text", _edit(E, 'en: "Strike after transfers"', 'en: "Strike <b>after</b> transfers"'),
     [(f"data/{E}", 3, "raw HTML is not allowed in text")]),
    ("bad-url", _copy_with("sources/statement-c.yml", "sources/statement-d.yml",
                           "url: ftp://example.org/statement\n"),
     [("data/sources/statement-d.yml", 8, '"ftp://example.org/statement" is not a web address starting with https://')]),
    ("bad-id-characters", _copy(E, "events/2013_12_strike.yml"),
     [("data/events/2013_12_strike.yml", 1, 'file name "2013_12_strike" is not a valid id')]),
    ("yaml-extension", _rename(E, "events/2013-12-strike.yaml"),
     [("data/events/2013-12-strike.yaml", 1, "rename to .yml")]),
    ("unknown-top-level-folder", _unknown_folder,
     [("data/people", 1, 'unknown folder "people"')]),
    ("unknown-top-level-file", _copy("tags.yml", "labels.yml"),
     [("data/labels.yml", 1, "unknown file: records go in a folder")]),
    ("place-part-of-itself", _edit("places/karaj.yml", "name: {en: Karaj, fa: کرج}",
                                   "name: {en: Karaj, fa: کرج}\npart_of: karaj"),
     [("data/places/karaj.yml", 3, "a place cannot be part of itself")]),
    ("same-source-cited-twice", _edit(E, "sources: [{source: statement-c}]",
                                      "sources: [{source: statement-c}, {source: statement-c}]"),
     [(f"data/{E}", 6, "the same source is cited twice")]),
    ("negative-figure", _edit("figures/population-2025.yml", "value: 12000", "value: -5"),
     [("data/figures/population-2025.yml", 5, "`value` must not be negative")]),
    ("event-related-to-itself", _append(E, "related: [2013-12-strike]\n"),
     [(f"data/{E}", 8, "an event cannot be related to itself")]),
    ("bad-status-value", _edit(E, "status: single-source", "status: probable"),
     [(f"data/{E}", 7, "`status`: must be 'confirmed', 'corroborated', 'single-source' or 'contested'")]),
    ("deep-nesting", _write_bytes("actors/deep.yml", b"kind: " + b"[" * 200_000),
     [("data/actors/deep.yml", 1, "is nested more than")]),
    ("nul-character", _write_bytes("actors/nul.yml", b"kind: person\n\x00\n"),
     [("data/actors/nul.yml", 2, "contains the character U+0000, which YAML does not allow")]),
    ("list-as-mapping-key", _write_bytes("actors/odd-key.yml", b"? [a, b]\n: c\nkind: person\n"),
     [("data/actors/odd-key.yml", 1, "YAML syntax error: found unhashable key")]),
]
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<msg>.+)$")


def run_check(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chronicle", "check", "--data", str(data)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def _shown(path: str, data: Path) -> str:
    """check prints paths relative to the parent of a folder named data/."""
    return path


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every case checked at once (in parallel subprocesses)."""
    folders = {}
    for name, change, _ in CASES:
        data = tmp_path_factory.mktemp(name) / "data"
        shutil.copytree(BASIC, data)
        change(data)
        folders[name] = data
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(run_check, data) for name, data in folders.items()}
        return {name: f.result() for name, f in futures.items()}


def test_corpus_size():
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)


def test_fixture_itself_is_valid():
    r = run_check(BASIC)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_one_mistake_one_line(results, case):
    name, _, expected = case
    r = results[name]
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == 1, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    lines = r.stdout.splitlines()
    assert len(lines) == len(expected), f"expected {len(expected)} line(s), got:\n{r.stdout}"
    for got, (path, line, phrase) in zip(sorted(lines), sorted(expected)):
        m = LINE.match(got)
        assert m, f"not path:line: message: {got!r}"
        # shown relative to the folder's parent (the folder is named data/)
        shown = m["path"]
        assert shown == path or shown.endswith("/" + path), got
        assert int(m["line"]) == line, got
        assert phrase in m["msg"], got


def test_several_mistakes_one_line_each(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    # five mistakes in five files nothing refers to: five lines, nothing else
    mistakes = [
        _edit(E, 'date: "2013-12~"', 'date: "2013-02-30"'),
        _edit(E2, "place: ghezel-hesar", "place: atlantis"),
        _edit("figures/population-2025.yml", "metric: population-ghezel-hesar", "metric: nope"),
        _append("figures/executions-iran-2023-monitor-b.yml", "colour: red\n"),
        _bom_in("figures/executions-iran-2024-monitor-a-2.yml"),
    ]
    for change in mistakes:
        change(data)
    r = run_check(data)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == len(mistakes), r.stdout
    assert all(LINE.match(line) for line in lines), r.stdout
    files = {LINE.match(line)["path"] for line in lines}
    assert files == {f"data/{E}", f"data/{E2}", "data/figures/population-2025.yml",
                     "data/figures/executions-iran-2023-monitor-b.yml",
                     "data/figures/executions-iran-2024-monitor-a-2.yml"}, r.stdout


def _bom_in(rel: str):
    def change(data: Path):
        path = data / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return change


# --- make build keeps the earlier site ------------------------------------------------------

def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_make_build_with_broken_data_keeps_the_good_site(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make not installed")
    venv = ROOT / ".venv"
    if not (venv / "bin" / "mkdocs").exists():
        pytest.skip("no .venv with mkdocs")
    repo = tmp_path / "repo"
    repo.mkdir()
    skip = {".git", ".venv", "node_modules", "site", "build", "data", "tests", ".pytest_cache",
            ".github", ".ci", "__pycache__"}
    for entry in ROOT.iterdir():  # the project as it is, without its data, site and tools
        if entry.name in skip:
            continue
        if entry.is_dir():
            shutil.copytree(entry, repo / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, repo / entry.name)
    good = repo / "data"  # mkdocs.yml watches data/: it has to exist
    shutil.copytree(BASIC, good)
    broken = tmp_path / "broken" / "data"
    shutil.copytree(BASIC, broken)
    _edit(E, 'date: "2013-12~"', 'date: "2013-02-30"')(broken)
    # the real `build` target, with the project's venv; -o: never (re)install from here
    make = ["make", "-C", str(repo), "build", f"VENV={venv}", "-o", str(venv / ".installed")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    first = subprocess.run(make, env={**env, "CHRONICLE_DATA": str(good)}, capture_output=True,
                           text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr[-3000:]
    site = repo / "site"
    assert (site / "events" / "2013-12-strike" / "index.html").exists()
    before = _tree_digest(site)
    second = subprocess.run(make, env={**env, "CHRONICLE_DATA": str(broken)}, capture_output=True,
                            text=True, timeout=600)
    assert second.returncode != 0
    assert "2013-12-strike.yml:2:" in second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    assert _tree_digest(site) == before, "site/ changed after a failed build"
