"""Reading a source's own wording of a date ("Tuesday 17 Mehr 1403", "May 5, 2015") as a
day, to compare it with the record's date (validate.reported_dates)."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from .dates import EN_MONTHS, EN_SH_MONTHS, FA_SH_MONTHS, DateError, latin_digits, from_solar_hijri, to_solar_hijri

_SH_NAMES = {
    **{name.lower(): i + 1 for i, name in enumerate(EN_SH_MONTHS)},
    "amordad": 5, "shahrivar": 6, "shahrewar": 6, "dei": 10, "day": 10, "esfand": 12,
    "isfand": 12, "ordibehesht": 2, "khordaad": 3, "azar": 9, "aabaan": 8,
    **{name: i + 1 for i, name in enumerate(FA_SH_MONTHS)},
    "اذر": 9, "امرداد": 5, "مردادماه": 5, "ابان": 8,
}
_GREG_NAMES = {name.lower(): i + 1 for i, name in enumerate(EN_MONTHS)}
_GREG_NAMES.update({name[:3].lower(): i + 1 for i, name in enumerate(EN_MONTHS)})
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6,
             "دوشنبه": 0, "سه‌شنبه": 1, "سه شنبه": 1, "سهشنبه": 1, "چهارشنبه": 2,
             "پنجشنبه": 3, "پنج‌شنبه": 3, "جمعه": 4, "شنبه": 5, "یکشنبه": 6, "یک‌شنبه": 6}
_WORD = r"[A-Za-z\u0600-\u06FF]+"
_NUM = r"[0-9۰-۹٠-٩]+"
_DAY = r"(?<![0-9۰-۹٠-٩])[0-9۰-۹٠-٩]{1,2}(?![0-9۰-۹٠-٩])"


# "25 Esfand 1389", "21 of March"; "March 24, 2011"; "July 2025"; "Mehr 1392"
_DAY_MONTH = re.compile(rf"({_DAY})\s*(?:th|st|nd|rd|of)?\s*(?:of\s+)?({_WORD})(?:\s*[,،]?\s*({_NUM}))?")
_MONTH_DAY = re.compile(rf"({_WORD})\s+({_DAY})(?:st|nd|rd|th)?(?:\s*,\s*({_NUM}))?")
_MONTH_YEAR = re.compile(rf"({_WORD})\s+([0-9]{{4}})(?![0-9])")
_SH_MONTH_YEAR = re.compile(rf"({_WORD})\s+(1[0-9]{{3}})(?![0-9])")


@dataclass(frozen=True)
class ReportedDate:
    """What a source's wording of a date says, read back as a Gregorian day."""
    calendar: str          # "solar-hijri" or "gregorian"
    day: dt.date | None    # None when the wording names a month, not a day
    weekday_named: int | None
    text: str
    month: tuple[dt.date, dt.date] | None = None  # first and last day, for "July 2025"


@functools.cache
def _weekday_patterns() -> list[tuple[re.Pattern, int]]:
    # longest names first so that "یکشنبه" is not read as "شنبه"
    return [(re.compile(rf"(?<![\w\u0600-\u06FF]){re.escape(name)}(?![\w\u0600-\u06FF])"), _WEEKDAYS[name])
            for name in sorted(_WEEKDAYS, key=len, reverse=True)]


@functools.cache
def _any_weekday() -> re.Pattern:
    return re.compile("|".join(p.pattern for p, _ in _weekday_patterns()))


def _weekday_in(text: str) -> int | None:
    low = text.lower()
    if not _any_weekday().search(low):  # most wordings name no weekday: one search, not one per name
        return None
    for pattern, day in _weekday_patterns():
        if pattern.search(low):
            return day
    return None


def read_reported(text: str, near: dt.date) -> ReportedDate | None:
    """Read "25 Esfand 1389", "روز یکشنبه 26 مرداد 1393", "Monday, November 21" or
    "March 24, 2011". A missing year is taken from the year around `near`.
    Return None when the wording holds no day and month this module can read.
    Raise DateError when it names a day that does not exist.
    """
    plain = latin_digits(text).replace("\u200c", "")
    weekday = _weekday_in(text)
    for m in _DAY_MONTH.finditer(plain):
        day_s, word, year_s = m.groups()
        word_l = word.lower()
        if word_l in _SH_NAMES:
            month = _SH_NAMES[word_l]
            day = int(day_s)
            if year_s and len(year_s) == 4 and year_s.startswith("1"):
                return ReportedDate("solar-hijri", from_solar_hijri(int(year_s), month, day), weekday, text)
            sh_year = to_solar_hijri(near)[0]
            best = None
            for y in (sh_year - 1, sh_year, sh_year + 1):
                try:
                    cand = from_solar_hijri(y, month, day)
                except DateError:
                    continue
                if best is None or abs((cand - near).days) < abs((best - near).days):
                    best = cand
            if best is None:
                raise DateError(f"{day} {EN_SH_MONTHS[month - 1]} does not exist")
            return ReportedDate("solar-hijri", best, weekday, text)
        if word_l in _GREG_NAMES:
            return _greg(int(day_s), _GREG_NAMES[word_l], int(year_s) if year_s and len(year_s) == 4 else None, near, weekday, text)
    m = _MONTH_DAY.search(plain)
    if m and m.group(1).lower() in _GREG_NAMES:
        year_s = m.group(3)
        return _greg(int(m.group(2)), _GREG_NAMES[m.group(1).lower()],
                     int(year_s) if year_s and len(year_s) == 4 else None, near, weekday, text)
    m = _MONTH_YEAR.search(plain)
    if m and m.group(1).lower() in _GREG_NAMES:
        year, month = int(m.group(2)), _GREG_NAMES[m.group(1).lower()]
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return ReportedDate("gregorian", None, None, text, (first, last))
    m = _SH_MONTH_YEAR.search(plain)
    if m and m.group(1).lower() in _SH_NAMES:
        year, month = int(m.group(2)), _SH_NAMES[m.group(1).lower()]
        first = from_solar_hijri(year, month, 1)
        last = from_solar_hijri(year + (month == 12), 1 if month == 12 else month + 1, 1) - dt.timedelta(days=1)
        return ReportedDate("solar-hijri", None, None, text, (first, last))
    return None


def _greg(day: int, month: int, year: int | None, near: dt.date, weekday, text) -> ReportedDate:
    y = year or near.year
    try:
        return ReportedDate("gregorian", dt.date(y, month, day), weekday, text)
    except ValueError:
        raise DateError(f"{day} {EN_MONTHS[month - 1]} {y} does not exist") from None
