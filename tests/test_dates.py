"""Dates and calendars: the restricted EDTF syntax, Solar Hijri conversion (persiantools)
checked against known pairs, leap years, days that do not exist, and display in both
languages."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from chronicle.data import date_wording, dates
from chronicle.data.load import load

from conftest import BASIC


@pytest.mark.parametrize("sh,greg", [
    ((1389, 12, 25), dt.date(2011, 3, 16)),
    ((1392, 3, 1), dt.date(2013, 5, 22)),
    ((1404, 7, 27), dt.date(2025, 10, 19)),
    ((1392, 9, 4), dt.date(2013, 11, 25)),
    ((1402, 11, 10), dt.date(2024, 1, 30)),
    ((1403, 12, 30), dt.date(2025, 3, 20)),   # 1403 is a leap year: 30 Esfand exists
    ((1399, 12, 30), dt.date(2021, 3, 20)),   # so is 1399
    ((1393, 5, 26), dt.date(2014, 8, 17)),
])
def test_known_pairs(sh, greg):
    assert dates.from_solar_hijri(*sh) == greg
    assert dates.to_solar_hijri(greg) == sh


@pytest.mark.parametrize("sh", [(1402, 12, 30), (1404, 12, 30), (1392, 7, 31), (1392, 13, 1)])
def test_days_that_do_not_exist(sh):
    with pytest.raises(dates.DateError):
        dates.from_solar_hijri(*sh)


def test_nonexistent_solar_hijri_day_in_data_is_an_error_naming_the_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    path = data / "events" / "2013-12-strike.yml"
    path.write_text(path.read_text("utf-8") + 'date_reported: [{text: "30 Esfand 1402", source: statement-c}]\n',
                    "utf-8")
    ch = load(data)
    errors = [str(p) for p in ch.errors]
    assert len(errors) == 1
    assert "events/2013-12-strike.yml:" in errors[0]
    assert "30 Esfand 1402 does not exist" in errors[0]


@pytest.mark.parametrize("text,en", [
    ("2013", "2013"),
    ("2013-06", "June 2013"),
    ("2013-12~", "c. December 2013"),
    ("2013-12-05", "5 December 2013"),
    ("2013-12-05?", "5 December 2013 (uncertain)"),
    ("2011-03-15/2011-03-16", "15–16 March 2011"),
    ("2024-01-28/2024-02-03", "28 January – 3 February 2024"),
    ("2012/2013", "2012 – 2013"),
])
def test_english_display(text, en):
    assert dates.format_en(dates.parse_date(text)) == en


@pytest.mark.parametrize("text,sh,greg", [
    ("2025-10-19", "۲۷ مهر ۱۴۰۴", "۱۹ اکتبر ۲۰۲۵"),
    ("2013-06", "خرداد–تیر ۱۳۹۲", "ژوئن ۲۰۱۳"),
    ("2013-12~", "حدود آذر–دی ۱۳۹۲", "حدود دسامبر ۲۰۱۳"),
    ("2011-03-15/2011-03-16", "۲۴ تا ۲۵ اسفند ۱۳۸۹", "۱۵ تا ۱۶ مارس ۲۰۱۱"),
    ("2011-03-16?", "احتمالاً ۲۵ اسفند ۱۳۸۹", "احتمالاً ۱۶ مارس ۲۰۱۱"),
    ("2025-03-20", "۳۰ اسفند ۱۴۰۳", "۲۰ مارس ۲۰۲۵"),
])
def test_persian_display_solar_hijri_first(text, sh, greg):
    assert dates.format_fa(dates.parse_date(text)) == (sh, greg)


def test_english_solar_hijri_beside():
    assert dates.format_sh_en(dates.parse_date("2011-03-16")) == "25 Esfand 1389 SH"
    assert dates.format_sh_en(dates.parse_date("2011-03-15/2011-03-16")) == "24–25 Esfand 1389 SH"


@pytest.mark.parametrize("bad", ["2013-02-30", "2013-13", "13-06-2013", "2013-6", "June 2013",
                                 "2013-06-01/2013-05-01", "", "2013~?", "2013-06-01/2013-06-01"])
def test_bad_dates(bad):
    with pytest.raises(dates.DateError):
        dates.parse_date(bad)


def test_unquoted_dates_are_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    path = data / "events" / "2013-12-strike.yml"
    path.write_text(path.read_text("utf-8").replace('date: "2013-12~"', "date: 2013-12-05"), "utf-8")
    (errors,) = load(data).errors
    assert "a date must be a quoted string" in errors.message and errors.line == 2


@pytest.mark.parametrize("wording,near,expected", [
    ("25 Esfand 1389", dt.date(2011, 3, 1), dt.date(2011, 3, 16)),
    ("روز یکشنبه 26 مرداد 1393", dt.date(2014, 8, 1), dt.date(2014, 8, 17)),
    ("از روز دوشنبه 4 اذر", dt.date(2013, 11, 20), dt.date(2013, 11, 25)),
    ("۲۷ مهر ۱۴۰۴", dt.date(2025, 10, 1), dt.date(2025, 10, 19)),
    ("Monday, November 21", dt.date(2013, 11, 25), dt.date(2013, 11, 21)),
    ("March 24, 2011", dt.date(2011, 3, 15), dt.date(2011, 3, 24)),
])
def test_reading_a_sources_wording(wording, near, expected):
    assert date_wording.read_reported(wording, near).day == expected


def test_weekday_mismatch_is_a_warning_shown_as_discrepancy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    path = data / "events" / "2013-12-strike.yml"
    path.write_text(path.read_text("utf-8") + 'date_reported: [{text: "Monday, December 5", source: statement-c}]\n', "utf-8")
    ch = load(data)
    assert not ch.errors
    (check,) = ch.date_checks["2013-12-strike"]
    assert check.weekday_named == 0 and check.read_as == dt.date(2013, 12, 5)  # a Thursday
    assert any("names a Monday" in p.message for p in ch.warnings)
