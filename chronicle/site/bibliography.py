"""Citation formats: CSL-JSON 1.0.2 (Zotero, Pandoc) and BibLaTeX, for one record
(cite.py) and for the whole chronicle (`sources.csl.json`, `sources.bib`, downloads.py), from
the same functions, so a page and the downloads never disagree."""
from __future__ import annotations

from ..data import dates
from ..data.model import Source
from .records import SITE_EN, SITE_FA, event_date, json_bytes, record_url, sources_in_order

# source type -> CSL 1.0.2 type. `statement` has no CSL type of its own: `document` is the
# generic one; `genre` keeps the word.
CSL_TYPES = {
    "article-newspaper": "article-newspaper",
    "webpage": "webpage",
    "report": "report",
    "post-weblog": "post-weblog",
    "statement": "document",
    "broadcast": "broadcast",
}
CSL_GENRES = {"statement": "Statement", "broadcast": "Broadcast"}
BIB_TYPES = {"article-newspaper": "article", "report": "report"}  # others: @online
BIB_LANGIDS = {"en": "english", "fa": "persian", "ar": "arabic", "fr": "french",
               "de": "german", "es": "spanish", "ku": "kurdish", "tr": "turkish",
               "it": "italian", "nl": "dutch", "sv": "swedish", "ru": "russian"}

def csl_date(text: str | None) -> dict | None:
    """A date field as a CSL date: date-parts (two for an interval), circa when approximate."""
    if not text:
        return None
    value = dates.parse_date(text)
    ends = [value.first] + ([value.last] if value.last else [])
    out: dict = {"date-parts": [[p for p in (d.year, d.month, d.day) if p] for d in ends]}
    if value.approximate:
        out["circa"] = True
    return out


def csl_item(ch, rid: str, site_url: str) -> dict:
    """One source as a CSL-JSON 1.0.2 item (CSL has no translated title: the English title
    goes to `note` and `custom`)."""
    s: Source = ch.sources[rid]
    item: dict = {"id": rid, "type": CSL_TYPES[s.type], "title": s.title}
    if s.type in CSL_GENRES:
        item["genre"] = CSL_GENRES[s.type]
    if s.container:
        item["container-title"] = s.container
    if s.authors:
        item["author"] = [{"literal": a} for a in s.authors]
    if s.publisher and s.publisher in ch.actors:
        item["publisher"] = ch.actors[s.publisher].name.en
    if s.issued:
        item["issued"] = csl_date(s.issued)
    if s.url or s.archive_url:
        item["URL"] = s.url or s.archive_url
    if s.accessed:
        item["accessed"] = csl_date(s.accessed)
    item["language"] = s.language
    notes = []
    if s.title_en:
        notes.append(f"English title: {s.title_en}")
    if s.issued_text:
        notes.append(f"Date as printed: {s.issued_text}")
    if notes:
        item["note"] = "\n".join(notes)
    custom = {"chronicle-url": record_url(site_url, "sources", rid), "stance": s.stance}
    if s.title_en:
        custom["title-en"] = s.title_en
    if s.issued:
        custom["issued-edtf"] = s.issued
    if s.archive_url:
        custom["archive-url"] = s.archive_url
    item["custom"] = custom
    return item


def event_csl_item(ch, rid: str, site_url: str, lang: str = "en") -> dict:
    """An event record page as a CSL-JSON item (a web page of the chronicle)."""
    e = ch.events[rid]
    item = {
        "id": rid,
        "type": "webpage",
        "title": (e.title.fa or e.title.en) if lang == "fa" else e.title.en,
        "container-title": SITE_FA if lang == "fa" else SITE_EN,
        "author": [{"literal": SITE_FA if lang == "fa" else SITE_EN}],
        "event-date": csl_date(e.date),
        "URL": record_url(site_url, "events", rid, lang),
        "language": lang,
    }
    return item


def sources_csl(ch, site_url: str) -> bytes:
    return json_bytes([csl_item(ch, rid, site_url) for rid in sources_in_order(ch)])


# --- BibLaTeX ------------------------------------------------------------------------------

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}


def tex_escape(text: str) -> str:
    """Text for a BibLaTeX field: LaTeX's special characters as commands; braces are always
    escaped, so no value can close its field. Line breaks become spaces."""
    text = " ".join(text.split())
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in text)


def _verbatim(value: str) -> str:
    """A URL for a verbatim BibLaTeX field: braces, backslashes and spaces (which the data
    contract already refuses in URLs) percent-encoded, so the field always closes."""
    return (value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
            .replace(" ", "%20").replace("\n", "%0A"))


def _bib(entry_type: str, key: str, fields: list[tuple[str, str | None]], verbatim=("url",)) -> str:
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields:
        if value is None or value == "":
            continue
        if name in verbatim:
            body = _verbatim(value)
        elif name.startswith("_raw_"):
            body = value  # built here: dates checked by the parser, ids, escaped names
        else:
            body = tex_escape(value)
        lines.append(f"  {name.removeprefix('_raw_')} = {{{body}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def bib_entry(ch, rid: str, site_url: str) -> str:
    """One source as a BibLaTeX entry (@article for newspapers, @report, else @online)."""
    s: Source = ch.sources[rid]
    kind = BIB_TYPES.get(s.type, "online")
    publisher = ch.actors[s.publisher].name.en if s.publisher in ch.actors else None
    authors = " and ".join("{" + tex_escape(a) + "}" for a in s.authors) or None
    notes = []
    if s.title_en:
        notes.append(f"English title: {s.title_en}")
    if s.type in CSL_GENRES:
        notes.append(CSL_GENRES[s.type])
    fields: list[tuple[str, str | None]] = [("_raw_author", authors), ("title", s.title)]
    if kind == "article":
        fields += [("journaltitle", s.container), ("_raw_entrysubtype", "newspaper")]
    elif kind == "report":
        fields += [("institution", s.container or publisher), ("type", "Report")]
    else:
        fields += [("organization", s.container or publisher)]
    if kind != "report" and s.container and publisher and publisher != s.container:
        fields.append(("publisher", publisher))
    fields += [
        ("_raw_date", s.issued),            # EDTF, as BibLaTeX reads it (e.g. 2025-10~)
        ("url", s.url or s.archive_url),
        ("_raw_urldate", dates.parse_date(s.accessed).start.isoformat() if s.accessed else None),
        ("_raw_langid", BIB_LANGIDS.get(s.language.split("-")[0].lower())),
        ("note", "; ".join(notes) or None),
        ("addendum", f"{SITE_EN}: {record_url(site_url, 'sources', rid)}"),
    ]
    return _bib(kind, rid, fields)


def event_bib_entry(ch, rid: str, site_url: str, lang: str = "en") -> str:
    """An event record page as a BibLaTeX @online entry."""
    e = ch.events[rid]
    value = event_date(ch, rid)
    if lang == "fa":
        title, site, when = e.title.fa or e.title.en, SITE_FA, "تاریخ رویداد: " + " / ".join(dates.format_fa(value))
    else:
        title, site, when = e.title.en, SITE_EN, f"Event date: {dates.format_en(value)}"
    return _bib("online", rid, [
        ("_raw_author", "{" + tex_escape(site) + "}"),
        ("title", title),
        ("organization", site),
        ("url", record_url(site_url, "events", rid, lang)),
        ("_raw_langid", BIB_LANGIDS[lang]),
        ("note", when),
    ])


def sources_bib(ch, site_url: str) -> bytes:
    head = (f"% {SITE_EN}: every source, as BibLaTeX entries (keys = source ids).\n"
            "% Dates are EDTF (e.g. 2025-10~ = about October 2025), as BibLaTeX/biber read them.\n\n")
    return (head + "\n".join(bib_entry(ch, rid, site_url) for rid in sources_in_order(ch))).encode("utf-8")


# --- Atom ----------------------------------------------------------------------------------
