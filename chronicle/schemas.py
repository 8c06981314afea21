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

from .model import (ID_PATTERN, KINDS, SCHEMA_VERSION, TERM_FILES, URL_PATTERN, Record,
                    Term)

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

#: data folder -> schema file stem (one record kind each)
SCHEMA_NAMES = {"events": "event", "sources": "source", "actors": "actor", "places": "place",
                "figures": "figure"}
TERM_SCHEMA_NAMES = {"tags": "tags", "metrics": "metrics"}

KIND_TITLES = {
    "event": ("Event", "رویداد"),
    "source": ("Source", "منبع"),
    "actor": ("Actor", "کنشگر"),
    "place": ("Place", "مکان"),
    "figure": ("Figure (one claimed number in a series)", "رقم (یک عدد ادعاشده در یک سری)"),
    "tags": ("Tag (an entry of data/tags.yml)", "برچسب (یک مدخل data/tags.yml)"),
    "metrics": ("Metric (an entry of data/metrics.yml)", "شاخص (یک مدخل data/metrics.yml)"),
}
KIND_FILES = {
    "event": "data/events/<id>.yml", "source": "data/sources/<id>.yml",
    "actor": "data/actors/<id>.yml", "place": "data/places/<id>.yml",
    "figure": "data/figures/<id>.yml", "tags": "data/tags.yml", "metrics": "data/metrics.yml",
}

_DATE_HELP = ('a date in quotes: "2013", "2013-06" or "2013-12-05", optionally followed by ~ '
              '(approximate) or ? (uncertain); a span "2011-03-15/2011-03-16"')
_DATE_HELP_FA = ('تاریخ میلادی در گیومه: "2013" یا "2013-06" یا "2013-12-05"، در صورت نیاز با ~ '
                 '(تقریبی) یا ? (نامطمئن) در پایان؛ بازه: "2011-03-15/2011-03-16"')

# Help texts: (model name, field) -> (English, Persian). The model's own description, where it
# has one, is used for English; the Persian text is always taken from here.
HELP: dict[tuple[str, str], tuple[str, str]] = {
    # shared
    ("*", "id"): ("optional: the record's id; if given it must equal the file name",
                  "اختیاری: شناسه رکورد؛ اگر نوشته شود باید با نام فایل یکی باشد"),
    ("*", "redirect_from"): ("old ids of this record: after a rename, list the old id here so "
                             "its address keeps working",
                             "شناسه‌های قبلی این رکورد: پس از تغییر نام، شناسه قدیمی را اینجا "
                             "بنویسید تا نشانی قبلی همچنان کار کند"),
    ("Bilingual", "en"): ("English text", "متن انگلیسی"),
    ("Bilingual", "fa"): ("Persian text (the editors' translation unless the original is Persian)",
                          "متن فارسی (ترجمه ویراستاران، مگر آنکه متن اصلی فارسی باشد)"),
    ("Translation", "en"): ("the editors' English translation (for quotes not in English)",
                            "ترجمه انگلیسی ویراستاران (برای نقل قول‌های غیرانگلیسی)"),
    ("Translation", "fa"): ("the editors' Persian translation (for quotes not in Persian)",
                            "ترجمه فارسی ویراستاران (برای نقل قول‌های غیرفارسی)"),
    ("FigureRecord", "see_also"): ("other sources that discuss this number: relays, disputes, or "
                                   "the page where it is missing",
                                   "منابع دیگری که درباره این عدد سخن می‌گویند: بازنشرها، اختلاف‌ها، "
                                   "یا صفحه‌ای که عدد در آن نیامده است"),
    # amounts (event figures and figure records)
    ("Amount", "value"): ("the number, when the source gives one number",
                          "عدد، وقتی منبع یک عدد می‌دهد"),
    ("Amount", "low"): ("lower end of a range (give low and high instead of value)",
                        "کران پایین بازه (به جای value، low و high را بنویسید)"),
    ("Amount", "high"): ("upper end of a range", "کران بالای بازه"),
    ("Amount", "qualifier"): ("how exact the number is: exact, about, at-least or at-most",
                              "دقت عدد: exact (دقیق)، about (حدود)، at-least (دست‌کم) یا "
                              "at-most (حداکثر)"),
    ("Amount", "claimed_by"): ("actor id of who claims the number",
                               "شناسه کنشگری که این عدد را اعلام کرده است"),
    ("Amount", "source"): ("source id where the number is printed",
                           "شناسه منبعی که عدد در آن آمده است"),
    ("Amount", "note"): ("a note on the number (how it was counted, what it includes)",
                         "یادداشتی درباره عدد (چگونه شمرده شده، چه چیزی را در بر می‌گیرد)"),
    ("EventFigure", "label"): ("what is counted, e.g. \"Prisoners on hunger strike\"",
                               "چه چیزی شمرده شده، مثلاً «زندانیان در اعتصاب غذا»"),
    # event
    ("Event", "date"): ("when it happened: " + _DATE_HELP, "زمان رویداد: " + _DATE_HELP_FA),
    ("Event", "date_reported"): ("each source's own wording of the date, verbatim (e.g. "
                                 "\"25 Esfand 1389\"); Solar Hijri dates are converted and checked",
                                 "عبارت هر منبع برای تاریخ، عیناً (مثلاً «۲۵ اسفند ۱۳۸۹»)؛ تاریخ‌های "
                                 "شمسی تبدیل و بررسی می‌شوند"),
    ("Event", "title"): ("short headline", "عنوان کوتاه"),
    ("Event", "summary"): ("what happened, in a few sentences (Markdown: *emphasis*, lists, "
                           "https:// links)",
                           "شرح رویداد در چند جمله (مارک‌داون: تأکید، فهرست، پیوند https://)"),
    ("Event", "place"): ("place id (data/places/)", "شناسه مکان (data/places/)"),
    ("Event", "actors"): ("actor ids of who took part or responded (data/actors/)",
                          "شناسه کنشگرانی که شرکت داشتند یا واکنش نشان دادند (data/actors/)"),
    ("Event", "tags"): ("tag ids from data/tags.yml", "شناسه برچسب‌ها از data/tags.yml"),
    ("Event", "figures"): ("numbers the sources give (prisoners, executions, …), each with who "
                           "claims it",
                           "عددهایی که منابع می‌دهند (زندانیان، اعدام‌ها، …)، هر یک با ادعاکننده"),
    ("Event", "sources"): ("at least one: the sources this record rests on, each with the quoted "
                           "passage",
                           "دست‌کم یکی: منابعی که این رکورد بر آنها تکیه دارد، هر یک با بخش نقل‌شده"),
    ("Event", "status"): ("confirmed | corroborated (sources from two or more publishers) | "
                          "single-source | contested (needs a discrepancy note)",
                          "confirmed (تأییدشده) | corroborated (منابعی از دست‌کم دو ناشر) | "
                          "single-source (تک‌منبعی) | contested (مورد مناقشه؛ یادداشت discrepancy "
                          "لازم است)"),
    ("Event", "notes"): ("discrepancies between sources, context or corrections",
                         "اختلاف منابع، زمینه یا اصلاحیه‌ها"),
    ("Event", "related"): ("ids of related events", "شناسه رویدادهای مرتبط"),
    ("ReportedDateText", "text"): ("the source's own wording of the date, verbatim",
                                   "عبارت منبع برای تاریخ، عیناً"),
    ("ReportedDateText", "source"): ("source id", "شناسه منبع"),
    ("Citation", "source"): ("source id (data/sources/)", "شناسه منبع (data/sources/)"),
    ("Citation", "quote"): ("the passage that supports the record, verbatim, in the original "
                            "language",
                            "بخشی از منبع که رکورد را پشتیبانی می‌کند، عیناً و به زبان اصلی"),
    ("Citation", "translation"): ("the editors' translation of the quote",
                                  "ترجمه ویراستاران از نقل قول"),
    ("Citation", "locator"): ("where in the source: page, paragraph, timestamp",
                              "جای آن در منبع: صفحه، بند، زمان"),
    ("Citation", "note"): ("a note on this citation", "یادداشتی درباره این ارجاع"),
    ("Note", "kind"): ("discrepancy (sources disagree) | context | correction",
                       "discrepancy (اختلاف منابع) | context (زمینه) | correction (اصلاحیه)"),
    ("Note", "en"): ("the note in English", "یادداشت به انگلیسی"),
    ("Note", "fa"): ("the note in Persian", "یادداشت به فارسی"),
    ("Note", "sources"): ("the sources of each side", "منابع هر طرف"),
    # source
    ("Source", "type"): ("article-newspaper | webpage | report | post-weblog | statement | "
                         "broadcast",
                         "article-newspaper (مقاله خبری) | webpage (صفحه وب) | report (گزارش) | "
                         "post-weblog (پست وبلاگ) | statement (بیانیه) | broadcast (پخش)"),
    ("Source", "title"): ("the title in the original language", "عنوان به زبان اصلی"),
    ("Source", "title_en"): ("English title when the original is not English",
                             "عنوان انگلیسی، وقتی متن اصلی انگلیسی نیست"),
    ("Source", "container"): ("the outlet or website", "رسانه یا وبگاه"),
    ("Source", "publisher"): ("actor id of who published it", "شناسه کنشگری که آن را منتشر کرده"),
    ("Source", "relays"): ("actor ids of the organisations whose words it relays",
                           "شناسه سازمان‌هایی که سخنشان در این منبع بازگو شده"),
    ("Source", "authors"): ("authors' names as printed", "نام نویسندگان، همان‌گونه که چاپ شده"),
    ("Source", "issued"): ("publication date: " + _DATE_HELP, "تاریخ انتشار: " + _DATE_HELP_FA),
    ("Source", "issued_text"): ("the publication date as the page prints it",
                                "تاریخ انتشار همان‌گونه که در صفحه آمده"),
    ("Source", "updated"): ("last update: " + _DATE_HELP, "آخرین به‌روزرسانی: " + _DATE_HELP_FA),
    ("Source", "language"): ("language of the source, BCP 47 code: en, fa, …",
                             "زبان منبع، کد BCP 47: en، fa، …"),
    ("Source", "url"): ("web address, starting with https:// or http://",
                        "نشانی وب، با https:// یا http://"),
    ("Source", "archive_url"): ("address of an archived copy (e.g. web.archive.org)",
                                "نشانی نسخه بایگانی‌شده (مثلاً web.archive.org)"),
    ("Source", "accessed"): ("when an editor last read it: " + _DATE_HELP,
                             "آخرین بار که ویراستار آن را خواند: " + _DATE_HELP_FA),
    ("Source", "stance"): ("independent-monitor | news | government-funded-news | aggregator | state | "
                           "state-media | opposition | advocacy | reference | unknown (defined on the "
                           "methodology page)",
                           "independent-monitor | news | government-funded-news | aggregator | state | "
                           "state-media | opposition | advocacy | reference | unknown (تعریف‌ها در صفحه "
                           "روش‌شناسی)"),
    ("Source", "notes"): ("what an editor should know about this source",
                          "آنچه ویراستار باید درباره این منبع بداند"),
    # actor
    ("Actor", "kind"): ("person | organization | state-body",
                        "person (فرد) | organization (سازمان) | state-body (نهاد دولتی)"),
    ("Actor", "name"): ("name in English and Persian", "نام به انگلیسی و فارسی"),
    ("Actor", "aliases"): ("other names and spellings found in sources",
                           "نام‌ها و املاهای دیگر که در منابع آمده"),
    ("Actor", "description"): ("who they are, in a sentence or two", "معرفی در یک یا دو جمله"),
    ("Actor", "url"): ("official website", "وبگاه رسمی"),
    # place
    ("Place", "name"): ("name in English and Persian", "نام به انگلیسی و فارسی"),
    ("Place", "aliases"): ("every spelling found in sources", "همه املاهایی که در منابع آمده"),
    ("Place", "part_of"): ("id of the place this one is part of", "شناسه مکانی که این مکان بخشی از آن است"),
    ("Place", "description"): ("what the place is", "معرفی مکان"),
    # figure record
    ("FigureRecord", "metric"): ("metric id from data/metrics.yml, e.g. executions-iran",
                                 "شناسه شاخص از data/metrics.yml، مثلاً executions-iran"),
    ("FigureRecord", "period"): ("the period counted: " + _DATE_HELP,
                                 "دوره شمارش: " + _DATE_HELP_FA),
    ("FigureRecord", "place"): ("where it was counted (default: Iran)",
                                "جایی که شمارش شده (پیش‌فرض: ایران)"),
    ("FigureRecord", "quote"): ("the passage giving the number, verbatim, in the original language",
                                "بخشی از منبع که عدد را می‌دهد، عیناً و به زبان اصلی"),
    ("FigureRecord", "translation"): ("the editors' translation of the quote",
                                      "ترجمه ویراستاران از نقل قول"),
    ("FigureRecord", "locator"): ("where in the source: page, paragraph, table",
                                  "جای آن در منبع: صفحه، بند، جدول"),
    # terms
    ("Term", "en"): ("name in English", "نام به انگلیسی"),
    ("Term", "fa"): ("name in Persian", "نام به فارسی"),
    ("Term", "description"): ("what it covers", "آنچه در بر می‌گیرد"),
}
_AMOUNT_MODELS = ("EventFigure", "FigureRecord")


def _help(model: str, field: str) -> tuple[str, str] | None:
    for key in ((model, field), ("Amount", field) if model in _AMOUNT_MODELS else None,
                ("*", field)):
        if key and key in HELP:
            return HELP[key]
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


DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?[~?]?(/\d{4}(-\d{2}(-\d{2})?)?[~?]?)?$"

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
    en, fa = KIND_TITLES[name]
    out = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{en} record ({KIND_FILES[name]})",
        "description": (f"One {en.split(' (')[0].lower()} of the Ghezel Hesar Chronicle, in "
                        f"data/{folder}/<id>.yml (file name = id). Generated from "
                        f"chronicle/model.py, schema version {SCHEMA_VERSION}: do not edit "
                        "by hand; run `python -m chronicle schemas`. Field reference: "
                        "CONTRIBUTING.md."),
        "x-title-fa": fa,
    }
    schema.pop("title", None)
    schema.pop("description", None)
    out.update(schema)
    return out


def _term_schema(name: str) -> dict:
    term = Term.model_json_schema()
    defs = term.pop("$defs", {})
    for def_name, sub in defs.items():
        _annotate(sub, def_name)
    _annotate(term, "Term")
    term.pop("title", None)
    term["description"] = Term.__doc__.strip() if Term.__doc__ else ""
    defs["Term"] = term
    en, fa = KIND_TITLES[name]
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{en.split(' (')[0]}s ({KIND_FILES[name]})",
        "description": (f"data/{TERM_FILES[name]}: a mapping of id -> {{en, fa, description}}. "
                        f"Generated from chronicle/model.py, schema version {SCHEMA_VERSION}: "
                        "do not edit by hand; run `python -m chronicle schemas`."),
        "x-title-fa": fa,
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/Term"},
        "$defs": defs,
    }


def generate() -> dict[str, dict]:
    """file name -> schema, for every record kind and both term files."""
    out = {}
    for folder, model in KINDS.items():
        name = SCHEMA_NAMES[folder]
        out[f"{name}.schema.json"] = _model_schema(model, name, folder)
    for key in TERM_FILES:
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


_WORDS = {
    "en": {"field": "Field", "type": "Type", "required": "Required", "description": "Description",
           "yes": "yes", "no": "no", "text": "text", "id": "id", "date": "date in quotes",
           "url": "web address", "lang": "language code", "integer": "whole number",
           "list": "list of {}", "one_of": "one of: {}", "bilingual": "text in en (required) and fa",
           "group": "group of fields", "value_rule": "Give value, or low and high.",
           "file": "File", "schema": "schema", "mapping": "Each entry is `<id>:` followed by these fields."},
    "fa": {"field": "فیلد", "type": "نوع", "required": "الزامی", "description": "توضیح",
           "yes": "بله", "no": "خیر", "text": "متن", "id": "شناسه", "date": "تاریخ در گیومه",
           "url": "نشانی وب", "lang": "کد زبان", "integer": "عدد صحیح",
           "list": "فهرست {}", "one_of": "یکی از: {}", "bilingual": "متن en (الزامی) و fa",
           "group": "گروهی از فیلدها", "value_rule": "یا value را بنویسید، یا low و high را.",
           "file": "فایل", "schema": "طرح‌واره (schema)", "mapping": "هر مدخل به شکل `<id>:` و سپس این فیلدهاست."},
}


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
    if lang not in _WORDS:
        raise ValueError(f'lang must be "en" or "fa", got {lang!r}')
    w = _WORDS[lang]
    schemas = generate()
    parts = []
    order = [SCHEMA_NAMES[f] for f in KINDS] + [TERM_SCHEMA_NAMES[t] for t in TERM_FILES]
    for name in order:
        schema = schemas[f"{name}.schema.json"]
        title = KIND_TITLES[name][1 if lang == "fa" else 0]
        parts.append(f"### {escape_cell(title)} {{ #field-reference-{name} }}")
        parts.append(f"{escape_cell(w['file'])}: `{KIND_FILES[name]}` · "
                     f"{escape_cell(w['schema'])}: `schemas/{name}.schema.json`")
        if name in TERM_SCHEMA_NAMES.values():
            parts.append(w["mapping"])
            obj = schema["$defs"]["Term"]
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
            print(f"{directory / name}: out of date with chronicle/model.py; "
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
