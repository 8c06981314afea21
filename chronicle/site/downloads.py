"""The files of /downloads/: the whole chronicle in open formats.

`build(ch, site_url)` returns {file name: bytes}. The output depends on the data only: no
clock, no random ids, records in a fixed order (events by date then id, sources by id), so
two builds of the same data give byte-identical files and a diff shows what changed.

Files (the /downloads/ page renders `describe()`):

- `events.json`, `sources.json` — every record with all its fields (absent ones as null),
  its permanent `url` (the record's page on the site), and `schema_version`; events also
  carry their parsed date (`date_start`, `date_end`, `date_approximate`, `date_uncertain`);
  a source's own web address (YAML field `url`) is exported as `source_url`.
- `events.csv` — one row per event, UTF-8 with a byte order mark (so spreadsheet programs
  read Persian correctly), CRLF line ends. Columns: see `CSV_COLUMNS`.
- `events.ics` — one all-day VEVENT per event (DTEND exclusive), UID `<id>@ghezel-hesar-chronicle`.
- `sources.csl.json` — CSL-JSON 1.0.2 items, for Zotero, Pandoc and other citation tools.
- `sources.bib` — BibLaTeX entries, keys = source ids.
- `feed.xml` — Atom feed of events, newest first.

`chronicle.cite` formats single citations with the same functions (`csl_item`,
`bib_entry`), so a citation on a page and the downloaded files never disagree.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from ..data import dates
from ..data.model import SCHEMA_VERSION, Event, Source
from .bibliography import sources_bib, sources_csl
from .records import (FEED_LIMIT, SITE_EN, UID_DOMAIN, data_updated, event_date, events_in_order, json_bytes, midnight_utc,
                      record_url, site_address, sources_in_order)

CSV_COLUMNS = [
    ("id", "the event's id (permanent)"),
    ("url", "the event's permanent page on the site"),
    ("date", "the date as written in the data (restricted EDTF: ~ approximate, ? uncertain, / interval)"),
    ("date_start", "first day the date can mean (ISO 8601)"),
    ("date_end", "last day the date can mean, inclusive (ISO 8601)"),
    ("date_display_en", "the date as shown on the English pages"),
    ("date_sh", "the Solar Hijri date as shown on the Persian pages"),
    ("title_en", "title in English"),
    ("title_fa", "title in Persian (empty when not translated yet)"),
    ("status", "confirmed | corroborated | single-source | contested"),
    ("place", "place id"),
    ("actors", "actor ids, separated by ;"),
    ("tags", "tag ids, separated by ;"),
    ("sources", "source ids, separated by ;"),
    ("source_urls", "the site pages of those sources, in the same order, separated by ;"),
]

MEDIA_TYPES = {
    "events.json": "application/json",
    "sources.json": "application/json",
    "events.csv": "text/csv; charset=utf-8; header=present",
    "events.ics": "text/calendar; charset=utf-8",
    "sources.csl.json": "application/vnd.citationstyles.csl+json",
    "sources.bib": "application/x-bibtex; charset=utf-8",
    "feed.xml": "application/atom+xml",
}
FILE_NAMES = list(MEDIA_TYPES)


def date_explanation_en(value: dates.DateValue) -> str:
    """What the date marks mean, in words, for files without the site's legend."""
    parts = []
    if value.approximate:
        parts.append("approximate (“~”): the sources give this date only roughly")
    if value.uncertain:
        parts.append("uncertain (“?”): the sources do not establish this date firmly")
    precisions = {value.first.precision} | ({value.last.precision} if value.last else set())
    if "year" in precisions:
        parts.append("known only to the year")
    elif "month" in precisions:
        parts.append("known only to the month")
    if value.is_interval:
        parts.append("a period, not a single day")
    return "; ".join(parts)


# --- JSON ----------------------------------------------------------------------------------

def event_dict(ch, rid: str, site_url: str) -> dict:
    e: Event = ch.events[rid]
    value = event_date(ch, rid)
    return {
        "id": rid,
        "url": record_url(site_url, "events", rid),
        **e.model_dump(mode="json"),
        "date_start": value.start.isoformat(),
        "date_end": value.end.isoformat(),
        "date_approximate": value.approximate,
        "date_uncertain": value.uncertain,
    }


def source_dict(ch, rid: str, site_url: str) -> dict:
    """A source with all its fields; `url` is the chronicle's permanent page, as for events,
    so the source's own web address (the YAML field `url`) is exported as `source_url`."""
    s: Source = ch.sources[rid]
    out = {"id": rid, "url": record_url(site_url, "sources", rid)}
    for key, value in s.model_dump(mode="json").items():
        out["source_url" if key == "url" else key] = value
    return out


def _json_file(kind: str, records: list[dict], site_url: str) -> bytes:
    return json_bytes({
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "site": SITE_EN,
        "site_url": (site_address(site_url) or "/"),
        "count": len(records),
        "records": records,
    })


# --- CSV -----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Free text for a spreadsheet cell: a leading =, +, -, @ would be run as a formula by
    spreadsheet programs (CSV injection), so such text gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def events_csv(ch, site_url: str) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for rid in events_in_order(ch):
        e = ch.events[rid]
        value = event_date(ch, rid)
        cited = [c.source for c in e.sources]
        writer.writerow([
            rid,
            record_url(site_url, "events", rid),
            e.date,
            value.start.isoformat(),
            value.end.isoformat(),
            dates.format_en(value),
            dates.format_fa(value)[0],
            _cell(e.title.en),
            _cell(e.title.fa or ""),
            e.status,
            e.place or "",
            ";".join(e.actors),
            ";".join(e.tags),
            ";".join(cited),
            ";".join(record_url(site_url, "sources", s) for s in cited),
        ])
    return buf.getvalue().encode("utf-8-sig")


# --- iCalendar -----------------------------------------------------------------------------

def event_uid(rid: str) -> str:
    return f"{rid}@{UID_DOMAIN}"


def _ics_description(ch, rid: str, site_url: str) -> str:
    e = ch.events[rid]
    value = event_date(ch, rid)
    lines = [f"Date: {dates.format_en(value)} — {dates.format_sh_en(value)} "
             f"(as written in the data: {e.date})."]
    explained = date_explanation_en(value)
    if explained:
        span = (f"spans {value.start.isoformat()} to {value.end.isoformat()}"
                if value.start != value.end else f"is on {value.start.isoformat()}")
        lines.append(f"The date is {explained}; this calendar entry {span}.")
    if e.title.fa:
        lines.append(e.title.fa)
    if e.summary:
        lines += ["", e.summary.en]
    lines += ["", f"Status: {e.status}. Sources: {', '.join(c.source for c in e.sources)}.",
              f"Record: {record_url(site_url, 'events', rid)}"]
    return "\n".join(lines)


def events_ics(ch, site_url: str) -> bytes:
    from icalendar import Calendar, Event as VEvent

    stamp = midnight_utc(data_updated(ch))
    cal = Calendar()
    cal.add("prodid", f"-//{SITE_EN}//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", SITE_EN)
    cal.add("x-wr-caldesc", "Events of the Ghezel Hesar Chronicle, each linked to its "
                            "sourced record.")
    for rid in events_in_order(ch):
        e = ch.events[rid]
        value = event_date(ch, rid)
        ev = VEvent()
        ev.add("uid", event_uid(rid))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", value.start)
        ev.add("dtend", value.end + dt.timedelta(days=1))  # all-day DTEND is exclusive
        ev.add("summary", e.title.en)
        ev.add("description", _ics_description(ch, rid, site_url))
        ev.add("url", record_url(site_url, "events", rid))
        ev.add("transp", "TRANSPARENT")
        if e.tags:
            ev.add("categories", [ch.tags[t].en if t in ch.tags else t for t in e.tags])
        cal.add_component(ev)
    return cal.to_ical()


# --- CSL-JSON ------------------------------------------------------------------------------

def feed_order(ch) -> list[str]:
    """Events newest first (by start, then end, then id), at most FEED_LIMIT."""
    return list(reversed(events_in_order(ch)))[:FEED_LIMIT]


def feed_xml(ch, site_url: str) -> bytes:
    from feedgen.feed import FeedGenerator

    base = (site_address(site_url) or "/")
    fg = FeedGenerator()
    fg.id(base)
    fg.title(f"{SITE_EN} — events")
    fg.subtitle("Sourced events of Ghezel Hesar prison, newest first.")
    fg.author({"name": SITE_EN, "uri": base})
    fg.link(href=base, rel="alternate")
    fg.link(href=f"{base}feed.xml", rel="self", type="application/atom+xml")
    fg.language("en")
    fg.updated(midnight_utc(data_updated(ch)))
    for rid in feed_order(ch):
        e = ch.events[rid]
        value = event_date(ch, rid)
        url = record_url(base, "events", rid)
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.title(e.title.en)
        fe.link(href=url, rel="alternate")
        when = midnight_utc(value.start)
        fe.updated(when)
        fe.published(when)
        summary = [f"{dates.format_en(value)}." + (f" {e.summary.en}" if e.summary else "")]
        if e.title.fa:
            summary.append(e.title.fa)
        fe.summary("\n\n".join(summary))
        for t in e.tags:
            if t in ch.tags:
                fe.category(term=t, label=ch.tags[t].en)
    return fg.atom_str(pretty=True)


# --- the whole set -------------------------------------------------------------------------

def build(ch, site_url: str) -> dict[str, bytes]:
    """Every download file, {name: bytes}; the same data gives the same bytes."""
    site_url = (site_address(site_url) or "/")
    return {
        "events.json": _json_file("events", [event_dict(ch, r, site_url) for r in events_in_order(ch)], site_url),
        "sources.json": _json_file("sources", [source_dict(ch, r, site_url) for r in sources_in_order(ch)], site_url),
        "events.csv": events_csv(ch, site_url),
        "events.ics": events_ics(ch, site_url),
        "sources.csl.json": sources_csl(ch, site_url),
        "sources.bib": sources_bib(ch, site_url),
        "feed.xml": feed_xml(ch, site_url),
    }


DESCRIPTIONS = {
    "events.json": ("Every event with all its fields, permanent address and parsed dates (JSON).",
                    "همهٔ رویدادها با همهٔ فیلدها، نشانی ثابت و تاریخ‌های تجزیه‌شده (JSON)."),
    "sources.json": ("Every source with all its fields and permanent address (JSON).",
                     "همهٔ منابع با همهٔ فیلدها و نشانی ثابت (JSON)."),
    "events.csv": ("One row per event for spreadsheets (UTF-8; Persian opens correctly).",
                   "هر رویداد در یک سطر، برای صفحه‌گسترده‌ها (UTF-8؛ متن فارسی درست باز می‌شود)."),
    "events.ics": ("Calendar file: one all-day entry per event, for calendar programs.",
                   "فایل تقویم: هر رویداد یک مدخل تمام‌روز، برای برنامه‌های تقویم."),
    "sources.csl.json": ("Every source as CSL-JSON, for Zotero, Pandoc and other citation tools.",
                         "همهٔ منابع در قالب CSL-JSON، برای زوترو، پندوک و دیگر ابزارهای ارجاع."),
    "sources.bib": ("Every source as BibLaTeX entries, for LaTeX and reference managers.",
                    "همهٔ منابع در قالب BibLaTeX، برای لاتک و نرم‌افزارهای مدیریت منابع."),
    "feed.xml": ("Atom feed of events, newest first, for feed readers.",
                 "خوراک Atom رویدادها، تازه‌ترین در ابتدا، برای خوراک‌خوان‌ها."),
}


def describe(files: dict[str, bytes], ch) -> list[dict]:
    """For the /downloads/ page: name, size (bytes), records, media type and a one-line
    description in English and Persian, in the order of `build()`."""
    counts = {
        "events.json": len(ch.events), "sources.json": len(ch.sources),
        "events.csv": len(ch.events), "events.ics": len(ch.events),
        "sources.csl.json": len(ch.sources), "sources.bib": len(ch.sources),
        "feed.xml": min(len(ch.events), FEED_LIMIT),
    }
    out = []
    for name in FILE_NAMES:
        if name not in files:
            continue
        en, fa = DESCRIPTIONS[name]
        out.append({
            "name": name,
            "size": len(files[name]),
            "count": counts[name],
            "kind": "sources" if name.startswith("sources") else "events",
            "media_type": MEDIA_TYPES[name],
            "description_en": en,
            "description_fa": fa,
        })
    return out
