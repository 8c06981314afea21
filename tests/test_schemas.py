"""The JSON Schemas in schemas/ (chronicle/schemas.py) and the field reference.

- the committed schemas are exactly what the models generate (`schemas --check` passes);
- every record in data/ that `chronicle check` accepts validates against its schema;
- records that `chronicle check` rejects for a one-record mistake (unknown field, missing
  field, unquoted date, wrong enum value, bad id, bad url, …) are rejected by the schema too,
  so an editor's YAML extension flags them while typing;
- every data file starts with its `# yaml-language-server: $schema=...` line;
- the field reference tables escape every cell.

data/ is being filled while this runs: everything is computed from what is there.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import markdown
import pytest
import yaml
from jsonschema import Draft202012Validator

from chronicle.commands import schemas
from chronicle.data.load import load
from chronicle.data.model import KINDS, TERM_FILES

DATA = ROOT / "data"
SCHEMA_DIR = ROOT / "schemas"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_files() -> list[Path]:
    files = [DATA / name for name in TERM_FILES.values() if (DATA / name).exists()]
    for folder in KINDS:
        files += sorted((DATA / folder).glob("*.yml")) if (DATA / folder).is_dir() else []
    return files


def schema_name(path: Path, root: Path = DATA) -> str:
    if path.parent == root:
        return schemas.TERM_SCHEMA_NAMES[path.stem]
    return schemas.SCHEMA_NAMES[path.parent.name]


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")))


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


# ----------------------------------------------------------------------------- committed files

def test_committed_schemas_equal_generated():
    assert schemas.stale(SCHEMA_DIR) == [], "run `python -m chronicle schemas` and commit schemas/"
    expected = {f"{n}.schema.json" for n in [*schemas.SCHEMA_NAMES.values(),
                                             *schemas.TERM_SCHEMA_NAMES.values()]}
    assert expected <= {p.name for p in SCHEMA_DIR.glob("*.schema.json")}


@pytest.mark.slow
def test_schemas_check_command_detects_a_stale_file(tmp_path):
    run = [sys.executable, "-m", "chronicle", "schemas", "--out", str(tmp_path)]
    assert subprocess.run(run, cwd=ROOT, capture_output=True).returncode == 0
    assert subprocess.run([*run, "--check"], cwd=ROOT, capture_output=True).returncode == 0
    stale = tmp_path / "event.schema.json"
    stale.write_text(stale.read_text("utf-8").replace('"date"', '"datum"', 1), "utf-8")
    out = subprocess.run([*run, "--check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert "event.schema.json" in out.stdout and "Traceback" not in out.stderr


@pytest.mark.parametrize("name", sorted(schemas.generate()))
def test_schema_is_valid_and_documented(name):
    schema = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["title"] and schema["description"]
    # every field an editor can type has a help text, in English and in Persian
    objects = [schema, *schema.get("$defs", {}).values()]
    for obj in objects:
        for field, prop in obj.get("properties", {}).items():
            if field == "id":
                continue
            assert prop.get("description"), f"{name}: {field} has no description"
            assert prop.get("x-description-fa"), f"{name}: {field} has no Persian description"


# ----------------------------------------------------------------------------- data/ itself

@pytest.mark.parametrize("path", data_files(), ids=ids(data_files()))
def test_data_file_starts_with_schema_line(path):
    first = path.read_text("utf-8").split("\n", 1)[0].rstrip("\r")
    expected = (schemas.schema_line(term=path.stem) if path.parent == DATA
                else schemas.schema_line(folder=path.parent.name))
    assert first == expected, f"{path.relative_to(ROOT)}: the first line must be `{expected}`"


@pytest.fixture(scope="module")
def loaded():
    return load(DATA)


@pytest.mark.parametrize("path", data_files(), ids=ids(data_files()))
def test_data_file_validates_against_its_schema(path, loaded):
    shown = str(path.relative_to(ROOT))
    if path.parent != DATA and (path.parent.name, path.stem) not in loaded.paths:
        pytest.skip(f"{shown} is rejected by `chronicle check` (its errors are reported there)")
    data = yaml.load(path.read_text("utf-8"), Loader=_Loader)
    errors = sorted(validator(schema_name(path)).iter_errors(data), key=lambda e: e.path)
    assert not errors, f"{shown}: " + "; ".join(
        f"{'.'.join(map(str, e.path)) or '(record)'}: {e.message}" for e in errors)


# ----------------------------------------------------------------------------- bad records

GOOD_EVENT = """\
date: "2013-12-05"
title: {en: A test event}
place: test-place
sources:
  - source: test-source
    quote: "a passage"
status: single-source
"""
GOOD_SOURCE = """\
type: webpage
title: A test source
publisher: test-actor
language: en
url: https://example.org/report
stance: news
"""

# name -> (kind folder, YAML text, a fragment of the message `chronicle check` prints)
BAD = {
    "unknown-field": ("events", GOOD_EVENT + "titel: {en: typo}\n", "unknown field `titel`"),
    "missing-field": ("events", GOOD_EVENT.replace("status: single-source\n", ""),
                      "missing required field `status`"),
    "missing-title-en": ("events", GOOD_EVENT.replace("{en: A test event}", "{fa: رویداد}"),
                         "missing required field `title.en`"),
    "unquoted-date": ("events", GOOD_EVENT.replace('"2013-12-05"', "2013-12-05"),
                      "a date must be a quoted string"),
    "unquoted-year": ("sources", GOOD_SOURCE + "issued: 2013\n", "must be text in quotes"),
    "bad-date-syntax": ("events", GOOD_EVENT.replace('"2013-12-05"', '"5 Dec 2013"'), "`date`"),
    "wrong-enum": ("events", GOOD_EVENT.replace("single-source", "confirmd"), "`status`: must be"),
    "wrong-stance": ("sources", GOOD_SOURCE.replace("stance: news", "stance: neutral"),
                     "`stance`: must be"),
    "bad-id": ("events", GOOD_EVENT.replace("place: test-place", "place: Test_Place"),
               "is not a valid id"),
    "bad-id-in-list": ("events", GOOD_EVENT + "tags: [Hunger Strike]\n", "is not a valid id"),
    "bad-url": ("sources", GOOD_SOURCE.replace("https://example.org/report", "www.example.org"),
                "is not a web address"),
    "javascript-url": ("sources", GOOD_SOURCE.replace("https://example.org/report",
                                                      "javascript:alert(1)"), "is not a web address"),
    "no-sources": ("events", GOOD_EVENT.split("sources:")[0] + "sources: []\nstatus: single-source\n",
                   "needs at least one entry"),
    "value-and-range": ("events", GOOD_EVENT + "figures:\n  - {label: {en: x}, value: 3, low: 1, "
                        "high: 4, qualifier: about, claimed_by: test-actor, source: test-source}\n",
                        "give either value, or low and high"),
    "negative": ("events", GOOD_EVENT + "figures:\n  - {label: {en: x}, value: -3, qualifier: "
                 "about, claimed_by: test-actor, source: test-source}\n", "must not be negative"),
    "contested-without-note": ("events", GOOD_EVENT.replace("single-source", "contested"),
                               'status "contested" needs a note'),
    "list-as-text": ("events", GOOD_EVENT + "tags: hunger-strike\n", "must be a list"),
}


def _write_base(root: Path) -> None:
    """A minimal valid data folder: the bad records are checked against it."""
    head = schemas.schema_line
    (root / "tags.yml").write_text(head(term="tags") + "\nhunger-strike: {en: Hunger strike, fa: اعتصاب غذا}\n", "utf-8")
    for folder, rid, text in (
            ("actors", "test-actor", "kind: organization\nname: {en: Test actor}\n"),
            ("places", "test-place", "name: {en: Test place}\n"),
            ("sources", "test-source", GOOD_SOURCE),
            ("events", "test-event", GOOD_EVENT)):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / f"{rid}.yml").write_text(f"{head(folder=folder)}\n{text}", "utf-8")


def test_base_records_are_valid(tmp_path):
    _write_base(tmp_path)
    ch = load(tmp_path)
    assert ch.problems == []
    for folder, text in (("events", GOOD_EVENT), ("sources", GOOD_SOURCE)):
        data = yaml.load(text, Loader=_Loader)
        assert not list(validator(schemas.SCHEMA_NAMES[folder]).iter_errors(data))


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_record_rejected_by_check_and_by_schema(case, tmp_path):
    folder, text, message = BAD[case]
    _write_base(tmp_path)
    path = tmp_path / folder / f"bad-{case}.yml"
    path.write_text(f"{schemas.schema_line(folder=folder)}\n{text}", "utf-8")
    ch = load(tmp_path)
    mine = [p.message for p in ch.errors if p.path.endswith(path.name)]
    assert mine, f"chronicle check accepted {case}"
    assert any(message in m for m in mine), mine
    data = yaml.load(text, Loader=_Loader)
    errors = list(validator(schemas.SCHEMA_NAMES[folder]).iter_errors(data))
    assert errors, f"the schema accepts a record that chronicle check rejects ({case}: {mine})"


def test_bad_term_entry_rejected_by_schema():
    v = validator("tags")
    assert not list(v.iter_errors({"hunger-strike": {"en": "Hunger strike", "fa": "اعتصاب غذا"}}))
    assert list(v.iter_errors({"Hunger_Strike": {"en": "x", "fa": "y"}}))
    assert list(v.iter_errors({"hunger-strike": {"en": "x"}}))            # fa is required
    assert list(v.iter_errors({"hunger-strike": {"en": "x", "fa": "y", "colour": "red"}}))


# ----------------------------------------------------------------------------- field reference

_MD = ["attr_list", "md_in_html", "tables", "toc", "admonition", "footnotes"]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_field_reference_lists_every_field(lang):
    text = schemas.field_reference_markdown(lang)
    for folder, model in KINDS.items():
        for field in model.model_fields:
            assert f"| `{field}` |" in text, f"{folder}: {field} missing from the {lang} reference"
    html = markdown.Markdown(extensions=_MD).convert(text)
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    assert len(tables) == len(KINDS) + len(schemas.MAPPING_FILES)
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        assert len(re.findall(r"<t[hd][ >]", row)) == 4, row
    if lang == "fa":
        assert "الزامی" in text and "بله" in text


EVIL = ['a | b', "<script>alert(1)</script>", "[x](javascript:alert(1))", "*em* _u_ `code`",
        "&lt;b&gt;", "<img src=x onerror=alert(1)>", "{: .cls onclick=x}", "[^1]", "# heading",
        "1. list", "- item", "back\\slash|pipe", "line\nbreak"]


@pytest.mark.parametrize("text", EVIL)
def test_escape_cell_lets_no_markup_through(text):
    cell = schemas.escape_cell(text)
    html = markdown.Markdown(extensions=_MD).convert(f"| a | b |\n| --- | --- |\n| {cell} | x |")
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert len(cells) == 2, html            # the text stayed in one cell
    inner = cells[0]
    assert not re.search(r"<(?!/?td)[a-zA-Z/]", inner), inner   # no element made from the text
    assert "\\" not in inner.replace("\\", "", text.count("\\")), inner  # no stray backslash
    shown = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert shown == " ".join(text.split())  # what the reader sees is the text itself
