"""`python -m chronicle new KIND ID` (chronicle/scaffold.py).

Runs in a copy of data/ (which others are filling while this runs: files with errors of
their own may be there, so only the problems of the files written here are looked at).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest
import yaml
from jsonschema import Draft202012Validator

from chronicle.commands import schemas
from chronicle.data.load import load
from chronicle.data.model import KINDS
from chronicle.commands.new import FILL, KIND_FOLDERS, PLACEHOLDER_IDS, TEMPLATES


def new(*args, data: Path, check=False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CHRONICLE_DATA", None)
    proc = subprocess.run([sys.executable, "-m", "chronicle", "new", *args, "--data", str(data)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    metrics = target / "metrics.yml"
    if not metrics.exists() or not (yaml.safe_load(metrics.read_text("utf-8")) or {}):
        metrics.write_text(schemas.schema_line(term="metrics") +
                           "\nexecutions-iran: {en: Executions in Iran, fa: اعدام‌ها در ایران}\n",
                           "utf-8")
    return target


def problems_of(data: Path, *paths: Path) -> list[str]:
    names = {p.name for p in paths}
    return [str(p) for p in load(data).errors if Path(p.path).name in names]


def a_metric(data: Path) -> str:
    return next(iter(yaml.safe_load((data / "metrics.yml").read_text("utf-8"))))


def test_new_writes_a_valid_record_of_every_kind(data):
    """Each kind, pointing at records written here: every new file passes check."""
    new("actor", "test-new-actor", "--title", "Test Actor", "--url", "https://example.org/",
        data=data, check=True)
    new("place", "test-new-place", "--title", "Test Place", data=data, check=True)
    new("source", "test-new-source", "--title", "«عنوان» with \"quotes\": and a colon",
        "--url", "https://example.org/report?a=1&b=2", "--date", "2024-01-30",
        "--publisher", "test-new-actor", "--language", "fa", data=data, check=True)
    new("event", "test-new-event", "--title", "Test event", "--date", "2024-01-30~",
        "--source", "test-new-source", "--place", "test-new-place",
        "--quote", "نقل قول: «دقیق»", data=data, check=True)
    new("figure", "test-new-figure", "--metric", a_metric(data), "--date", "2023",
        "--claimed-by", "test-new-actor", "--source", "test-new-source", "--value", "834",
        data=data, check=True)
    written = [data / KIND_FOLDERS[k] / f"test-new-{k}.yml" for k in TEMPLATES]
    assert all(p.exists() for p in written)
    assert problems_of(data, *written) == []
    ch = load(data)
    assert ch.sources["test-new-source"].title.startswith("«عنوان»")
    assert ch.sources["test-new-source"].url == "https://example.org/report?a=1&b=2"
    assert ch.events["test-new-event"].date == "2024-01-30~"
    assert ch.figures["test-new-figure"].value == 834


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_default_skeleton(kind, data):
    """Without options: the schema line first, every field of the model present (optional
    ones commented), valid against the JSON Schema, and `check` complains at most about
    the placeholder ids."""
    proc = new(kind, f"test-default-{kind}", data=data, check=True)
    path = data / KIND_FOLDERS[kind] / f"test-default-{kind}.yml"
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == schemas.schema_line(folder=KIND_FOLDERS[kind])
    model = KINDS[KIND_FOLDERS[kind]]
    for field in model.model_fields:
        assert re.search(rf"^(# )?{field}:", text, re.M), f"{kind}: field {field} missing"
    record = yaml.safe_load(text)
    schema = json.loads((ROOT / "schemas" / f"{schemas.SCHEMA_NAMES[KIND_FOLDERS[kind]]}.schema.json").read_text("utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(record))
    for problem in problems_of(data, path):
        assert any(f'"{pid}"' in problem for pid in PLACEHOLDER_IDS.values()), problem
    if FILL in text:
        assert "fill in:" in proc.stdout


def test_event_without_source_points_at_a_placeholder(data):
    new("event", "test-no-source", "--date", "2020", "--title", "x", data=data, check=True)
    path = data / "events" / "test-no-source.yml"
    probs = problems_of(data, path)
    assert len(probs) == 1 and "replace-with-a-source-id" in probs[0] and "does not exist" in probs[0]
    # once the placeholder names an existing source, the record passes
    sid = "test-placeholder-source"
    new("source", sid, "--title", "A source", data=data, check=True)
    path.write_text(path.read_text("utf-8").replace("replace-with-a-source-id", sid), "utf-8")
    assert problems_of(data, path) == []


@pytest.mark.parametrize("bad", ["Bad_Id", "UPPER", "two--hyphens", "under_score", "trail-", "sp ace",
                                 "ümlaut", "a.b", "../escape", ""])
def test_refuses_invalid_ids(bad, data):
    before = sorted(p.name for p in (data / "events").glob("*"))
    proc = new("event", bad, data=data)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a valid id" in lines[0], proc.stderr
    assert sorted(p.name for p in (data / "events").glob("*")) == before


def test_refuses_to_overwrite(data):
    new("place", "test-exists", "--title", "First", data=data, check=True)
    path = data / "places" / "test-exists.yml"
    path.write_text(path.read_text("utf-8") + "# edited by hand\n", "utf-8")
    before = path.read_text("utf-8")
    proc = new("place", "test-exists", "--title", "Second", data=data)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "already exists" in proc.stderr
    assert path.read_text("utf-8") == before


@pytest.mark.parametrize("args, message", [
    (["source", "test-bad-url", "--url", "www.example.org"], "not a web address"),
    (["event", "test-bad-date", "--date", "2011-02-30"], "does not exist"),
    (["event", "test-bad-date2", "--date", "30/02/2011"], "`date`"),
    (["event", "test-bad-ref", "--source", "Not An Id"], "not a valid id"),
    (["event", "test-html", "--title", "<b>bold</b>"], "raw HTML"),
])
def test_refuses_invalid_options_with_one_line(args, message, data):
    proc = new(*args, data=data)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert not (data / KIND_FOLDERS[args[0]] / f"{args[1]}.yml").exists()


def test_missing_data_folder(tmp_path):
    proc = new("actor", "someone", data=tmp_path / "nowhere")
    assert proc.returncode == 1 and "not found" in proc.stderr
