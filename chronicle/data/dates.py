"""Dates: the restricted EDTF syntax of the data contract, Solar Hijri conversion, display.

Syntax: "2013", "2013-06", "2013-12-05", each optionally followed by "~" (approximate)
or "?" (uncertain); an interval "2011-03-15/2011-03-16".

Solar Hijri conversion uses persiantools (it follows the official calendar and rejects
days that do not exist, such as 30 Esfand in a common year).
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from persiantools.jdatetime import JalaliDate

# One date, and the whole field (a date or an interval of two): the JSON Schemas use DATE_PATTERN.
_ONE = r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?])?"
_DATE_RE = re.compile(f"^{_ONE}$")
DATE_PATTERN = f"^{_ONE}(?:/{_ONE})?$"

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
FA_GREG_MONTHS = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت",
                  "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]
FA_SH_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
                "آذر", "دی", "بهمن", "اسفند"]
EN_SH_MONTHS = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr",
                "Aban", "Azar", "Dey", "Bahman", "Esfand"]

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class DateError(ValueError):
    """A date string that does not follow the syntax or names a day that does not exist."""


def fa_digits(value) -> str:
    return str(value).translate(_FA_DIGITS)


def latin_digits(text: str) -> str:
    return text.translate(_TO_LATIN)


@dataclass(frozen=True)
class EDate:
    """One date of the restricted syntax: a day, a month or a year, possibly approximate."""
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @functools.cached_property  # kept on the (frozen, shared) value: read for every event
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @functools.cached_property
    def end(self) -> dt.date:
        if self.day:
            return self.start
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out + ("~" if self.approximate else "?" if self.uncertain else "")


@dataclass(frozen=True)
class DateValue:
    """A parsed date field: a single date, or an interval of two."""
    first: EDate
    last: EDate | None = None  # set for intervals

    @functools.cached_property
    def start(self) -> dt.date:
        return self.first.start

    @functools.cached_property
    def end(self) -> dt.date:
        return (self.last or self.first).end

    @property
    def is_interval(self) -> bool:
        return self.last is not None

    @property
    def approximate(self) -> bool:
        return self.first.approximate or bool(self.last and self.last.approximate)

    @property
    def uncertain(self) -> bool:
        return self.first.uncertain or bool(self.last and self.last.uncertain)

    @property
    def year(self) -> int:
        return self.first.year

    def sort_key(self) -> tuple:
        return (self.start, self.end)

    def iso(self) -> str:
        return self.first.iso() + (f"/{self.last.iso()}" if self.last else "")


def _parse_one(text: str) -> EDate:
    m = _DATE_RE.match(text)
    if not m:
        raise DateError(f'"{text}" is not a date: write "2013", "2013-06" or "2013-12-05", '
                        'optionally ending in ~ (approximate) or ? (uncertain)')
    year, month, day, flag = m.groups()
    y, mo, d = int(year), int(month) if month else None, int(day) if day else None
    if y < 1:
        raise DateError(f'"{text}": there is no year 0')
    if mo is not None and not 1 <= mo <= 12:
        raise DateError(f'"{text}": there is no month {mo}')
    if d is not None:
        try:
            dt.date(y, mo, d)
        except ValueError:
            raise DateError(f'"{text}" does not exist ({EN_MONTHS[mo - 1]} {y} has '
                            f'{calendar.monthrange(y, mo)[1]} days)') from None
    return EDate(y, mo, d, approximate=flag == "~", uncertain=flag == "?")


def parse_date(text: str) -> DateValue:
    """Parse a date field; raise DateError with a message for the editor."""
    if not isinstance(text, str):
        raise DateError("a date must be a quoted string, e.g. \"2013-06-01\"")
    return _parse_date(text)


@functools.lru_cache(maxsize=65536)  # each date is read by validation, checks and pages
def _parse_date(text: str) -> DateValue:
    text = text.strip()
    if "/" in text:
        a, _, b = text.partition("/")
        first, last = _parse_one(a), _parse_one(b)
        if last.end < first.start:
            raise DateError(f'interval "{text}" ends before it starts')
        if first.iso() == last.iso():
            raise DateError(f'interval "{text}" starts and ends on the same date: write it once')
        return DateValue(first, last)
    return DateValue(_parse_one(text))


# --- Solar Hijri -----------------------------------------------------------------------

def to_solar_hijri(day: dt.date) -> tuple[int, int, int]:
    try:
        j = JalaliDate.to_jalali(day)
    except ValueError:
        raise DateError(f"{day.isoformat()} is before the Solar Hijri calendar begins") from None
    return j.year, j.month, j.day


def from_solar_hijri(year: int, month: int, day: int) -> dt.date:
    """Convert a Solar Hijri date; raise DateError when the day does not exist."""
    if not 1 <= month <= 12:
        raise DateError(f"there is no Solar Hijri month {month}")
    try:
        return JalaliDate(year, month, day).to_gregorian()
    except ValueError:
        raise DateError(f"{day} {EN_SH_MONTHS[month - 1]} {year} does not exist "
                        f"in the Solar Hijri calendar") from None


# --- display ---------------------------------------------------------------------------

def _en_one(d: EDate, with_year: bool = True, with_month: bool = True) -> str:
    parts = []
    if d.day:
        parts.append(str(d.day))
    if d.month and with_month:
        parts.append(EN_MONTHS[d.month - 1])
    if with_year:
        parts.append(str(d.year))
    return " ".join(parts)


def _qualify_en(text: str, approximate: bool, uncertain: bool) -> str:
    if approximate:
        text = "c. " + text
    if uncertain:
        text += " (uncertain)"
    return text


def format_en(value: DateValue) -> str:
    """'June 2013', 'c. December 2013', '15–16 March 2011', '5 December 2013 (uncertain)'."""
    a, b = value.first, value.last
    if b is None:
        return _qualify_en(_en_one(a), a.approximate, a.uncertain)
    if a.precision == b.precision == "day" and a.year == b.year:
        if a.month == b.month:
            text = f"{a.day}–{b.day} {EN_MONTHS[a.month - 1]} {a.year}"
        else:
            text = f"{_en_one(a, with_year=False)} – {_en_one(b)}"
    elif a.precision == b.precision == "month" and a.year == b.year:
        text = f"{EN_MONTHS[a.month - 1]}–{EN_MONTHS[b.month - 1]} {a.year}"
    else:
        text = f"{_en_one(a)} – {_en_one(b)}"
    return _qualify_en(text, value.approximate, value.uncertain)


def _fa_greg_one(d: EDate) -> str:
    parts = []
    if d.day:
        parts.append(fa_digits(d.day))
    if d.month:
        parts.append(FA_GREG_MONTHS[d.month - 1])
    parts.append(fa_digits(d.year))
    return " ".join(parts)


def _sh_span(start: dt.date, end: dt.date, precision: str) -> str:
    """The Solar Hijri wording of a span: a day, the months a Gregorian month covers, or the
    years a Gregorian year covers."""
    y1, m1, d1 = to_solar_hijri(start)
    y2, m2, d2 = to_solar_hijri(end)
    if precision == "day" and start == end:
        return f"{fa_digits(d1)} {FA_SH_MONTHS[m1 - 1]} {fa_digits(y1)}"
    if precision == "day":
        if (y1, m1) == (y2, m2):
            return f"{fa_digits(d1)} تا {fa_digits(d2)} {FA_SH_MONTHS[m1 - 1]} {fa_digits(y1)}"
        if y1 == y2:
            return f"{fa_digits(d1)} {FA_SH_MONTHS[m1 - 1]} تا {fa_digits(d2)} {FA_SH_MONTHS[m2 - 1]} {fa_digits(y1)}"
        return f"{fa_digits(d1)} {FA_SH_MONTHS[m1 - 1]} {fa_digits(y1)} تا {fa_digits(d2)} {FA_SH_MONTHS[m2 - 1]} {fa_digits(y2)}"
    if precision == "month":
        if y1 == y2:
            if m1 == m2:
                return f"{FA_SH_MONTHS[m1 - 1]} {fa_digits(y1)}"
            return f"{FA_SH_MONTHS[m1 - 1]}–{FA_SH_MONTHS[m2 - 1]} {fa_digits(y1)}"
        return f"{FA_SH_MONTHS[m1 - 1]} {fa_digits(y1)} – {FA_SH_MONTHS[m2 - 1]} {fa_digits(y2)}"
    return fa_digits(y1) if y1 == y2 else f"{fa_digits(y1)}–{fa_digits(y2)}"


def format_sh(value: DateValue) -> str:
    """The Solar Hijri date in Persian, e.g. '۲۷ مهر ۱۴۰۴' or 'خرداد–تیر ۱۳۹۲'."""
    precision = value.first.precision
    if value.last is not None and value.last.precision != precision:
        precision = "year" if "year" in (precision, value.last.precision) else "month"
    return _sh_span(value.start, value.end, precision)


def _qualify_fa(text: str, approximate: bool, uncertain: bool) -> str:
    if approximate:
        text = "حدود " + text
    if uncertain:
        text = "احتمالاً " + text
    return text


def format_fa(value: DateValue) -> tuple[str, str]:
    """(Solar Hijri, Gregorian) wordings in Persian with Persian digits, qualified."""
    a, b = value.first, value.last
    if b is None:
        greg = _fa_greg_one(a)
    elif a.precision == b.precision == "day" and (a.year, a.month) == (b.year, b.month):
        greg = f"{fa_digits(a.day)} تا {fa_digits(b.day)} {FA_GREG_MONTHS[a.month - 1]} {fa_digits(a.year)}"
    else:
        greg = f"{_fa_greg_one(a)} تا {_fa_greg_one(b)}"
    return (_qualify_fa(format_sh(value), value.approximate, value.uncertain),
            _qualify_fa(greg, value.approximate, value.uncertain))


def format_sh_en(value: DateValue) -> str:
    """The Solar Hijri date in English transliteration, e.g. '27 Mehr 1404 SH'."""
    if value.first.precision != "day" or value.is_interval:
        y1 = to_solar_hijri(value.start)[0]
        y2 = to_solar_hijri(value.end)[0]
        if value.first.precision == "day":
            pass
        else:
            return f"{y1} SH" if y1 == y2 else f"{y1}–{y2} SH"
    y1, m1, d1 = to_solar_hijri(value.start)
    if not value.is_interval:
        return f"{d1} {EN_SH_MONTHS[m1 - 1]} {y1} SH"
    y2, m2, d2 = to_solar_hijri(value.end)
    if (y1, m1) == (y2, m2):
        return f"{d1}–{d2} {EN_SH_MONTHS[m1 - 1]} {y1} SH"
    return f"{d1} {EN_SH_MONTHS[m1 - 1]} {y1} – {d2} {EN_SH_MONTHS[m2 - 1]} {y2} SH"


def format_day_en(day: dt.date) -> str:
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def format_day_fa(day: dt.date) -> str:
    y, m, d = to_solar_hijri(day)
    return f"{fa_digits(d)} {FA_SH_MONTHS[m - 1]} {fa_digits(y)} ({fa_digits(day.day)} {FA_GREG_MONTHS[day.month - 1]} {fa_digits(day.year)})"
