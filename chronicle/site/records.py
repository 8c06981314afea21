"""What the downloads and the citations share: the site's names, record addresses, the
order of records, and the newest date in the data."""
from __future__ import annotations

import datetime as dt
import json

from ..data import dates


def site_address(url: str | None) -> str:
    """The site's address, always ending in one slash (or empty)."""
    return url.rstrip("/") + "/" if url else ""


SITE_EN = "Ghezel Hesar Chronicle"
SITE_FA = "گاه‌نگار زندان قزل‌حصار"
UID_DOMAIN = "ghezel-hesar-chronicle"
FEED_LIMIT = 200  # newest events in feed.xml; the other files hold every event
EPOCH = dt.date(2000, 1, 1)  # `updated` / DTSTAMP of a chronicle with no dated record

def record_url(site_url: str, kind: str, rid: str, lang: str = "en") -> str:
    """The permanent address of a record page (the Persian edition lives under /fa/)."""
    prefix = "fa/" if lang == "fa" else ""
    return f"{site_address(site_url) or '/'}{prefix}{kind}/{rid}/"


def event_date(ch, rid: str) -> dates.DateValue:
    value = ch.event_dates.get(rid)
    return value if value is not None else dates.parse_date(ch.events[rid].date)


def events_in_order(ch) -> list[str]:
    """Event ids by date (start, end), then id — the same order as the timeline."""
    return sorted(ch.events, key=lambda r: (event_date(ch, r).sort_key(), r))


def sources_in_order(ch) -> list[str]:
    return sorted(ch.sources)


def data_updated(ch) -> dt.date:
    """The newest date in the data (event starts; sources' issued/updated/accessed), used
    for the feed's `updated` and the calendar's DTSTAMP instead of the clock."""
    days = [event_date(ch, r).start for r in ch.events]
    for s in ch.sources.values():
        for value in (s.issued, s.updated, s.accessed):
            if value:
                days.append(dates.parse_date(value).start)
    return max(days, default=EPOCH)


def midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
