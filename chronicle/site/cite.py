"""Citations of one record ("Cite this record" on event and source pages).

`cite(ch, kind, rid, site_url, lang)` returns the formatted text and the BibLaTeX and
CSL-JSON forms. The BibLaTeX and CSL-JSON of a source come from the functions that write
`sources.bib` and `sources.csl.json` (`chronicle.downloads`), so a page and the downloads
never disagree.

Text forms (no final full stop, so the address can be copied whole):

- event, en: Ghezel Hesar Chronicle, “<title>”, <date>, <permanent url>
- event, fa: گاه‌نگار زندان قزل‌حصار، «<title>»، <Solar Hijri date> (<Gregorian date>)، <permanent url of the Persian page>
- source:    <authors>, “<title>” [<English title>], <outlet>, <date>, <url> (accessed <date>)
"""
from __future__ import annotations

import json

from ..data import dates
from .bibliography import bib_entry, csl_item, event_bib_entry, event_csl_item
from .records import SITE_EN, SITE_FA, event_date, record_url

KINDS = ("events", "sources")
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def _quoted_en(title: str) -> str:
    """“title”, with double quotes inside it turned to single ones (“a ‘b’ c”)."""
    return f"“{title.translate(_INNER_QUOTES)}”"


def _date_en(value: str | None) -> str:
    return dates.format_en(dates.parse_date(value)) if value else "n.d."


def _date_fa(value: str | None) -> str:
    if not value:
        return "بی‌تاریخ"
    sh, greg = dates.format_fa(dates.parse_date(value))
    return f"{sh} ({greg})"


def event_text(ch, rid: str, site_url: str, lang: str = "en") -> str:
    e = ch.events[rid]
    value = event_date(ch, rid)
    if lang == "fa":
        sh, greg = dates.format_fa(value)
        return (f"{SITE_FA}، «{e.title.fa or e.title.en}»، {sh} ({greg})، "
                f"{record_url(site_url, 'events', rid, 'fa')}")
    return f"{SITE_EN}, {_quoted_en(e.title.en)}, {dates.format_en(value)}, {record_url(site_url, 'events', rid)}"


def source_text(ch, rid: str, site_url: str, lang: str = "en") -> str:
    s = ch.sources[rid]
    publisher = ch.actors[s.publisher] if s.publisher in ch.actors else None
    url = s.url or s.archive_url or record_url(site_url, "sources", rid, lang)
    if lang == "fa":
        parts = []
        if s.authors:
            parts.append("، ".join(s.authors))
        parts.append(f"«{s.title}»")
        outlet = s.container or (publisher.name.fa or publisher.name.en if publisher else None)
        if outlet:
            parts.append(outlet)
        parts.append(_date_fa(s.issued))
        parts.append(url)
        text = "، ".join(parts)
        if s.accessed:
            text += f" (تاریخ دسترسی: {_date_fa(s.accessed)})"
        return text
    parts = []
    if s.authors:
        parts.append(", ".join(s.authors[:-1]) + " and " + s.authors[-1]
                     if len(s.authors) > 1 else s.authors[0])
    title = _quoted_en(s.title)
    if s.title_en and s.title_en != s.title:
        title += f" [{s.title_en}]"
    parts.append(title)
    outlet = s.container or (publisher.name.en if publisher else None)
    if outlet:
        parts.append(outlet)
    parts.append(_date_en(s.issued))
    parts.append(url)
    text = ", ".join(parts)
    if s.accessed:
        text += f" (accessed {_date_en(s.accessed)})"
    return text


def cite(ch, kind: str, rid: str, site_url: str, lang: str = "en") -> dict:
    """{"text", "bibtex", "csl_json"} for one event or source, in English or Persian."""
    if kind not in KINDS:
        raise ValueError(f'kind must be "events" or "sources", not "{kind}"')
    if lang not in ("en", "fa"):
        raise ValueError(f'lang must be "en" or "fa", not "{lang}"')
    if rid not in ch.records(kind):
        raise KeyError(f'no record {kind}/{rid}')
    if kind == "events":
        text = event_text(ch, rid, site_url, lang)
        bib = event_bib_entry(ch, rid, site_url, lang)
        item = event_csl_item(ch, rid, site_url, lang)
    else:
        text = source_text(ch, rid, site_url, lang)
        bib = bib_entry(ch, rid, site_url)
        item = csl_item(ch, rid, site_url)
    return {"text": text, "bibtex": bib,
            "csl_json": json.dumps(item, ensure_ascii=False, indent=2)}
