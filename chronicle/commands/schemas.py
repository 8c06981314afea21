"""JSON Schemas for the records in data/, generated from the pydantic models in model.py,
and the field reference shown on /contributing/ (English) and /fa/contributing/ (Persian).

    python -m chronicle schemas           # (re)write schemas/*.schema.json
    python -m chronicle schemas --check   # exit 1 if the committed files are out of date

The schemas let an editor (VS Code with the YAML extension, or any editor using
yaml-language-server) complete field names and flag mistakes while typing: every data
file starts with `# yaml-language-server: $schema=../../schemas/<kind>.schema.json`.
They mirror the checks on one record; checks across records (does the source exist? are
there two publishers?) are only done by `python -m chronicle check`.

The models stay the one source of truth: this module only adds help texts (English and
Persian) and the few rules that pydantic expresses in code (value or low + high; a
contested event needs a discrepancy note), then writes what `model_json_schema()` gives.
"""
from __future__ import annotations

import copy
import html
import json
import re
import sys
from pathlib import Path

import yaml

from ..data.dates import DATE_PATTERN
from ..data.load import GAPS_FILE
from ..data.model import (Gap, ID_PATTERN, KINDS, SCHEMA_VERSION, TERM_FILES, URL_PATTERN, Record,
                    Term)

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

#: data folder -> schema file stem (one record kind each)
SCHEMA_NAMES = {"events": "event", "sources": "source", "actors": "actor", "places": "place",
                "figures": "figure", "people": "person"}
TERM_SCHEMA_NAMES = {"tags": "tags", "metrics": "metrics", "gaps": "gaps"}
# the files of data/ that map ids to entries: file name and model
MAPPING_FILES = {**{key: (name, Term) for key, name in TERM_FILES.items()}, "gaps": (GAPS_FILE, Gap)}

KIND_FILES = {
    "event": "data/events/<id>.yml", "source": "data/sources/<id>.yml",
    "actor": "data/actors/<id>.yml", "place": "data/places/<id>.yml",
    "figure": "data/figures/<id>.yml", "person": "data/people/<id>.yml",
    "gaps": "data/gaps.yml", "tags": "data/tags.yml", "metrics": "data/metrics.yml",
}

def _words() -> dict:
    """templates/field_help.yml: titles, table words and every field's help, en and fa."""
    with open(TEMPLATES / "field_help.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_AMOUNT_MODELS = ("EventFigure", "FigureRecord")


def _help(model: str, field: str) -> tuple[str, str] | None:
    fields = _words()["fields"]
    for owner in (model, "Amount" if model in _AMOUNT_MODELS else None, "*"):
        found = fields.get(owner, {}).get(field) if owner else None
        if found:
            return found["en"], found["fa"]
    return None


# --------------------------------------------------------------------------- generation

def _annotate(obj: dict, model: str) -> None:
    """Add help texts (description, x-description-fa) to the properties of one object."""
    for name, prop in obj.get("properties", {}).items():
        found = _help(model, name)
        if found:
            prop.setdefault("description", found[0])
            prop["x-description-fa"] = found[1]
        if prop.get("title") == name.replace("_", " ").title():
            del prop["title"]  # pydantic's automatic title says nothing the key does not
        if prop.get("pattern") == DATE_PATTERN or any(
                s.get("pattern") == DATE_PATTERN for s in prop.get("anyOf", [])):
            prop["examples"] = ["2013", "2013-06", "2013-12-05", "2013-12~", "2011-03-15/2011-03-16"]



_VALUE_OR_RANGE = {
    "oneOf": [
        {"required": ["value"], "not": {"anyOf": [{"required": ["low"]}, {"required": ["high"]}]}},
        {"required": ["low", "high"], "not": {"required": ["value"]}},
    ],
    "x-rule": "give value, or low and high, not both",
}


def _add_rules(schema: dict, model_name: str) -> None:
    """Rules the models check in code, expressed in JSON Schema where that is possible."""
    defs = schema.get("$defs", {})
    if "EventFigure" in defs:
        defs["EventFigure"].update(copy.deepcopy(_VALUE_OR_RANGE))
    if model_name == "FigureRecord":
        schema.update(copy.deepcopy(_VALUE_OR_RANGE))
    if model_name == "Event":
        schema["if"] = {"properties": {"status": {"const": "contested"}}, "required": ["status"]}
        schema["then"] = {
            "required": ["notes"],
            "properties": {"notes": {"contains": {"properties": {"kind": {"const": "discrepancy"}},
                                                  "required": ["kind"]}}},
        }


def _model_schema(model: type[Record], name: str, folder: str) -> dict:
    schema = model.model_json_schema()
    for def_name, sub in schema.get("$defs", {}).items():
        _annotate(sub, def_name)
    # load.py accepts an optional `id` equal to the file name
    props = {"id": {"type": "string", "pattern": ID_PATTERN}, **schema["properties"]}
    schema["properties"] = props
    _annotate(schema, model.__name__)
    _add_rules(schema, model.__name__)
    en, fa = (_words()["titles"][name][k] for k in ("en", "fa"))
    out = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{en} record ({KIND_FILES[name]})",
        "description": (f"One {en.split(' (')[0].lower()} of the Ghezel Hesar Chronicle, in "
                        f"data/{folder}/<id>.yml (file name = id). Generated from "
                        f"chronicle/data/model.py, schema version {SCHEMA_VERSION}: do not edit "
                        "by hand; run `python -m chronicle schemas`. Field reference: "
                        "CONTRIBUTING.md."),
        "x-title-fa": fa,
    }
    schema.pop("title", None)
    schema.pop("description", None)
    out.update(schema)
    return out


def _term_schema(name: str) -> dict:
    filename, model = MAPPING_FILES[name]
    term = model.model_json_schema()
    defs = term.pop("$defs", {})
    for def_name, sub in defs.items():
        _annotate(sub, def_name)
    _annotate(term, model.__name__)
    term.pop("title", None)
    term["description"] = model.__doc__.strip() if model.__doc__ else ""
    defs[model.__name__] = term
    en, fa = (_words()["titles"][name][k] for k in ("en", "fa"))
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{en.split(' (')[0]}s ({KIND_FILES[name]})",
        "description": (f"data/{filename}: a mapping of id -> {{{', '.join(model.model_fields)}}}. "
                        f"Generated from chronicle/data/model.py, schema version {SCHEMA_VERSION}: "
                        "do not edit by hand; run `python -m chronicle schemas`."),
        "x-title-fa": fa,
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": f"#/$defs/{model.__name__}"},
        "$defs": defs,
    }


def generate() -> dict[str, dict]:
    """file name -> schema, for every record kind and both term files."""
    out = {}
    for folder, model in KINDS.items():
        name = SCHEMA_NAMES[folder]
        out[f"{name}.schema.json"] = _model_schema(model, name, folder)
    for key in MAPPING_FILES:
        out[f"{TERM_SCHEMA_NAMES[key]}.schema.json"] = _term_schema(key)
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_line(folder: str | None = None, term: str | None = None) -> str:
    """The first line every data file must have."""
    if term is not None:
        return f"# yaml-language-server: $schema=../schemas/{TERM_SCHEMA_NAMES[term]}.schema.json"
    return f"# yaml-language-server: $schema=../../schemas/{SCHEMA_NAMES[folder]}.schema.json"


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate().items():
        path = directory / name
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of schema files that are missing or differ from what the models give."""
    out = []
    for name, schema in generate().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != render(schema):
            out.append(name)
    return out


# --------------------------------------------------------------------------- field reference

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS) plus "|" (tables).
# A backslash before any other character would show on the page, so only these get one.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
_SAFE_NAME = re.compile(r"^[a-z0-9_.\[\]]+$")


def escape_cell(text: str) -> str:
    """Text for a Markdown table cell: no raw HTML, no Markdown syntax, no cell breaks."""
    text = " ".join(str(text).split())  # newlines would end the table row
    text = html.escape(text, quote=False)  # & < >  (entities, not tags)
    return _MD_SPECIALS.sub(r"\\\1", text)


def _name_cell(name: str) -> str:
    return f"`{name}`" if _SAFE_NAME.match(name) else escape_cell(name)


def _resolve(schema: dict, root: dict) -> tuple[dict, str | None]:
    """Unwrap `X | None` and follow a $ref: (the schema, the $defs name if any)."""
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        if len(options) == 1:
            schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **options[0]}
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return root["$defs"][name], name
    return schema, None


def _type_text(schema: dict, root: dict, w: dict) -> str:
    schema, ref = _resolve(schema, root)
    if ref == "Bilingual":
        return w["bilingual"]
    if ref is not None:
        return w["group"]
    if "enum" in schema:
        return w["one_of"].format(", ".join(str(v) for v in schema["enum"]))
    kind = schema.get("type")
    if kind == "array":
        return w["list"].format(_type_text(schema.get("items", {}), root, w))
    if kind == "integer":
        return w["integer"] + (" ≥ 0" if schema.get("minimum") == 0 else "")
    if kind == "string":
        pattern = schema.get("pattern")
        if pattern == ID_PATTERN:
            return w["id"]
        if pattern == DATE_PATTERN:
            return w["date"]
        if pattern == URL_PATTERN:
            return w["url"]
        if pattern and pattern.startswith("^[a-z]{2,3}"):
            return w["lang"]
        return w["text"]
    return kind or w["group"]


def _rows(obj: dict, root: dict, prefix: str, lang: str, w: dict, depth: int = 0) -> list[list[str]]:
    rows = []
    required = set(obj.get("required", []))
    for name, prop in obj.get("properties", {}).items():
        if name == "id" and not prefix:
            continue  # optional and rarely used; documented in CONTRIBUTING.md
        desc = prop.get("x-description-fa" if lang == "fa" else "description", "")
        full = prefix + name
        rows.append([full, _type_text(prop, root, w), w["yes"] if name in required else w["no"], desc])
        # expand groups (and lists of groups) one level, except plain en/fa text
        target, ref = _resolve(prop, root)
        item_prefix = full + "."
        if target.get("type") == "array":
            target, ref = _resolve(target.get("items", {}), root)
            item_prefix = full + "[]."
        if ref and ref != "Bilingual" and depth < 2:
            rows.extend(_rows(target, root, item_prefix, lang, w, depth + 1))
    return rows


def _table(rows: list[list[str]], w: dict) -> str:
    head = [w["field"], w["type"], w["required"], w["description"]]
    lines = ["| " + " | ".join(escape_cell(h) for h in head) + " |",
             "| --- | --- | --- | --- |"]
    for name, typ, req, desc in rows:
        lines.append("| " + " | ".join([_name_cell(name), escape_cell(typ), escape_cell(req),
                                         escape_cell(desc)]) + " |")
    return "\n".join(lines)


def field_reference_markdown(lang: str = "en") -> str:
    """Markdown tables (field, type, required, description) for every record kind,
    generated from the schemas; every cell is escaped (no raw HTML, no Markdown syntax)."""
    words = _words()
    if lang not in words["table"]:
        raise ValueError(f'lang must be "en" or "fa", got {lang!r}')
    w = words["table"][lang]
    schemas = generate()
    parts = []
    order = [SCHEMA_NAMES[f] for f in KINDS] + [TERM_SCHEMA_NAMES[t] for t in MAPPING_FILES]
    for name in order:
        schema = schemas[f"{name}.schema.json"]
        title = words["titles"][name][lang]
        parts.append(f"### {escape_cell(title)} {{ #field-reference-{name} }}")
        parts.append(f"{escape_cell(w['file'])}: `{KIND_FILES[name]}` · "
                     f"{escape_cell(w['schema'])}: `schemas/{name}.schema.json`")
        if name in TERM_SCHEMA_NAMES.values():
            parts.append(w["mapping"])
            obj = schema["$defs"][MAPPING_FILES[name][1].__name__]
        else:
            obj = schema
        parts.append(_table(_rows(obj, schema, "", lang, w), w))
        if name in ("event", "figure"):  # figures: value, or low + high
            parts.append(escape_cell(w["value_rule"]))
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- command line

def cmd_schemas(args) -> int:
    directory = Path(args.out) if args.out else SCHEMA_DIR
    if args.check:
        bad = stale(directory)
        for name in bad:
            print(f"{directory / name}: out of date with chronicle/data/model.py; "
                  "run `python -m chronicle schemas` and commit the result")
        if bad:
            return 1
        print(f"{directory}: schemas up to date", file=sys.stderr)
        return 0
    written = write(directory)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print(f"{directory}: schemas already up to date", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("schemas", help="write the JSON Schemas of the records to schemas/")
    p.add_argument("--check", action="store_true",
                   help="do not write; exit 1 if the committed schemas differ from the models")
    p.add_argument("--out", default=None, help="folder (default: schemas/ at the project root)")
    p.set_defaults(func=cmd_schemas)
