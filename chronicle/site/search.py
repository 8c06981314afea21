"""Search normalisation. Material's search (lunr) knows no Persian: the same word can be
typed with Arabic ي/ك or Persian ی/ک, with or without a zero-width non-joiner (ZWNJ), with
Persian, Arabic or Latin digits. The index is rewritten here with one normal form, and
docs/assets/search-normalise.js applies the same mapping to what the reader types.

Record pages also keep a single, short index entry each (what readers search for: titles,
names, spellings, dates, places), not every quote: the index stays small as data grows.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .pages import LANGS, View

ZWNJ = "\u200c"
_MAP = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ـ": None,
                      **{c: str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")},
                      **{c: str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_JOINED = re.compile(rf"[\u0600-\u06ff]+(?:{ZWNJ}[\u0600-\u06ff]+)+")

# Record pages: one entry each; their text is cut to this length. Places and actors: an entry
# with their name, and one whose title is every name and spelling (see BOOST). A place's
# entry keeps its whole text (few places; a reader typing «کرج» finds the prison in Karaj);
# an actor's has none (its description is not what readers search it by).
RECORD_DIRS = ("events", "sources", "tags", "timeline")
KEEP_WHOLE = ("places", "actors")
MAX_TEXT = 72  # the date (both calendars) and the start of the place, or the original title
# A reader typing a name or spelling wants that place or actor first, not the many events
# and sources that mention it: their pages are boosted (lunr document boost), and each gets
# one more entry whose title is every name and spelling (titles weigh 1000 times the text).
BOOST = {"places": 10, "actors": 3}


# Pages whose one entry is made here, from the page's title (and the start of its text) or
# the record (record_texts), not by Material's search plugin: record pages and lists of
# records are many or long, and compact() would keep only this much of them anyway.
OWN_ENTRIES = ("events", "sources", "tags", "actors-index", "places-index", "tags-index",
               "sources-index", "timeline", "timeline-year")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_H2 = re.compile(r"<h[2-6]\b[^>]*\bid=")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# Material's search keeps these tags in an entry's text (compact() turns them into spaces)
# and drops every other tag without a space.
_KEPT_TAG = re.compile(r"</?(?:p|code|pre|li|ol|ul|sub|sup)\b[^>]*>")
_OTHER_TAG = re.compile(r"<[^>]+>")


def page_entry(url: str, page_html: str, text: bool = True) -> dict:
    """The index entry of a page as Material's search would begin it: its address, the
    text of its h1 (HTML-escaped, without the permalink sign) and, if `text`, the text
    that follows up to the next heading."""
    m = _H1.search(page_html)
    title = html.unescape(_strip_tags(_PERMALINK.sub("", m.group(1)))) if m else ""
    body = ""
    if text:
        start = m.end() if m else 0
        end = _H2.search(page_html, start)
        part = page_html[start:end.start() if end else len(page_html)]
        part = _OTHER_TAG.sub("", _KEPT_TAG.sub(" ", part))
        body = html.escape(" ".join(html.unescape(part).split()), quote=False)
    return {"location": url, "title": html.escape(title, quote=False), "text": body}


def normalise(text: str) -> str:
    """The one form of a Persian or mixed text that index and query share."""
    text = _DIACRITICS.sub("", text.translate(_MAP))
    joined = [m.group().replace(ZWNJ, "") for m in _JOINED.finditer(text)]
    text = text.replace(ZWNJ, " ")
    if joined:
        text = f"{text} {' '.join(joined)}"
    return text


def record_kind(location: str) -> str | None:
    path = location.split("#", 1)[0]
    parts = path.strip("/").split("/")
    if parts and parts[0] == "fa":
        parts = parts[1:]
    if len(parts) >= 2 and parts[1] and parts[1] != "index.html":
        return parts[0]
    return None


def list_kind(location: str) -> str | None:
    """The record kind of a list page (`timeline/`, `fa/sources/`, ...), or None."""
    parts = location.split("#", 1)[0].strip("/").split("/")
    if parts and parts[0] == "fa":
        parts = parts[1:]
    if len(parts) == 1 and parts[0] in RECORD_DIRS + KEEP_WHOLE:
        return parts[0]
    return None


def _strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def record_names(ch) -> dict[str, list[str]]:
    """Page address (both languages) -> every name and spelling of that place or actor."""
    out = {}
    for kind in KEEP_WHOLE:
        for rid, rec in ch.records(kind).items():
            names = list(dict.fromkeys(n for n in (rec.name.en, rec.name.fa, *rec.aliases) if n))
            out[f"{kind}/{rid}/"] = out[f"fa/{kind}/{rid}/"] = names
    return out


def record_texts(ch) -> dict[str, str]:
    """Page address -> the whole text of its index entry, for events and sources: what a
    reader searches them by besides the title. An event in Persian: its Solar Hijri date
    («اسفند ۱۴۰۲» finds the events of that month; the timeline is by Gregorian year, which is
    how English readers find events by date, so the English entry has no date). A source: its
    title in the other language, if it has one."""
    out = {}
    for lang in LANGS:
        v = View(ch, lang)
        for rid, value in ch.event_dates.items():
            out[f"{v.prefix}events/{rid}/"] = v.date(value) if lang == "fa" else ""
        for rid, rec in ch.sources.items():
            other = (rec.title if lang == "en" else rec.title_en) if rec.title_en else ""
            out[f"{v.prefix}sources/{rid}/"] = other
    return out


def record_skips(ch) -> set[str]:
    """Index entries left out: a source page says the same in both languages (its title is
    the original's), so each source is indexed once, in the edition of its language
    (Persian sources on /fa/, all others on the English site)."""
    return {f"{'' if (rec.language or '').split('-')[0] == 'fa' else 'fa/'}sources/{rid}/"
            for rid, rec in ch.sources.items()}


def compact(docs: list[dict], names: dict[str, list[str]] | None = None,
            texts: dict[str, str] | None = None, skips: set[str] | None = None) -> list[dict]:
    out = []
    for doc in docs:
        if skips and doc.get("location", "").split("#", 1)[0] in skips:
            continue
        kind = record_kind(doc.get("location", ""))
        if list_kind(doc.get("location", "")):
            # a list of records (timeline, sources, actors, places, tags): its text grows
            # with the data and each record it lists has its own entry; keep the top only
            if "#" in doc["location"]:
                continue
            text = _strip_tags(doc.get("text", ""))
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT].rsplit(" ", 1)[0]
            out.append({**doc, "text": text})
            continue
        if kind in RECORD_DIRS or kind in KEEP_WHOLE:
            if "#" in doc["location"]:
                continue  # sections of a record page: quotes, notes, citations
            text = _strip_tags(doc.get("text", ""))
            if texts and doc["location"] in texts:
                text = texts[doc["location"]]
            elif kind == "actors" and names and doc["location"] in names:
                text = ""  # every name and spelling is in the entry added below
            elif kind in RECORD_DIRS and len(text) > MAX_TEXT:
                text = text[:MAX_TEXT].rsplit(" ", 1)[0]
            doc = {**doc, "text": text}
        if kind in KEEP_WHOLE and "#" not in doc["location"]:
            doc["boost"] = BOOST[kind]
            out.append(doc)
            spellings = (names or {}).get(doc["location"])
            if spellings:  # "#": the top of the page, where the names are listed
                # names are data: escaped, as Material shows titles as HTML
                title = " · ".join(html.escape(n, quote=False) for n in spellings)
                out.append({"location": doc["location"] + "#", "title": title,
                            "text": "", "boost": BOOST[kind]})
            continue
        out.append(doc)
    return out


def rewrite_index(path: Path, ch=None, extra=()) -> None:
    """Normalise the index written by the search plugin, with the `extra` entries of the
    pages it did not read; `ch` (the build's data) gives the names and spellings of places
    and actors."""
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = compact(data.get("docs", []) + list(extra), record_names(ch) if ch is not None else None,
                   record_texts(ch) if ch is not None else None,
                   record_skips(ch) if ch is not None else None)
    for doc in docs:
        doc["title"] = normalise(doc.get("title", ""))
        doc["text"] = normalise(doc.get("text", ""))
    data["docs"] = docs
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
