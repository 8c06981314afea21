"""chronicle.data.claims: each check catches its case and stays quiet on the fine variants."""
from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
import yaml

from chronicle.data.claims import Finding, check_figures, check_record
from chronicle.data.model import Event, FigureRecord, Person, Source

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {lang: Source.model_validate({"type": "webpage", "title": "A page", "language": lang,
                                         "stance": "news"}) for lang in ("en", "fa", "ar")}
OPED = ("executions-iran-2024-10-2025-07-ncri", "executions-iran-2025-jan-jul-ncri",
        "executions-iran-2024-ncri")


def event(title="Prisoners on hunger strike", quote="Prisoners began a hunger strike.",
          title_fa=None, summary=None, summary_fa=None, date="2025-10-13", lang="en", **more):
    """An event with one English source whose quote is translated into Persian."""
    citation = {"source": lang, "quote": quote,
                "translation": {"fa": "ترجمه"} if lang != "fa" else {"en": "translation"}}
    record = {"date": date, "title": {"en": title, **({"fa": title_fa} if title_fa else {})},
              "sources": [citation], "status": "single-source", **more}
    if summary or summary_fa:
        record["summary"] = {"en": summary or "A summary.", **({"fa": summary_fa} if summary_fa else {})}
    return Event.model_validate(record)


def numbers(record) -> list[Finding]:
    return [f for f in check_record("events", record, SOURCES) if "mentions" in f.message]


def unsupported(**kw) -> list[str]:
    """The fields (as "title.en") where a number is reported."""
    return [".".join(f.loc) for f in numbers(event(**kw))]


# --- (a) numbers -------------------------------------------------------------------------
def test_a_number_in_no_quote_is_reported_with_its_field():
    found = numbers(event(title="12 prisoners hanged", quote="Several prisoners were hanged."))
    assert [(f.loc, f.level) for f in found] == [(("title", "en"), "error")]
    assert found[0].message == ('title.en mentions "12", which no quote, translation, figure or '
                                "date of this record contains")


@pytest.mark.parametrize("title,quote", [
    ("12 prisoners hanged", "twelve prisoners were hanged"),
    ("Twelve prisoners hanged", "12 prisoners were hanged"),
    ("12 prisoners hanged", "۱۲ زندانی اعدام شدند"),
    ("3,000 prisoners on strike", "3000 prisoners"),
    ("3,000 prisoners on strike", "three thousand prisoners"),
    ("3 000 prisoners on strike", "about 3,000 prisoners"),
    ("Twenty-five prisoners", "25 prisoners"),
    ("A dozen prisoners", "12 prisoners"),
    ("Its 25th week", "the twenty-fifth week"),
])
def test_english_numbers_compare_by_value(title, quote):
    assert unsupported(title=title, quote=quote) == []


@pytest.mark.parametrize("title_fa,quote", [
    ("اعدام ۱۲ زندانی", "12 prisoners were hanged"),
    ("اعدام دوازده زندانی", "12 prisoners were hanged"),
    ("اعتصاب ۳٬۰۰۰ زندانی", "three thousand prisoners"),
    ("اعتصاب سه هزار زندانی", "3,000 prisoners"),
    ("اعتصاب ۳ هزار زندانی", "3000 prisoners"),
    ("اعدام بیست و پنج زندانی", "twenty-five prisoners"),
    ("هفته بیست‌وپنجم کارزار", "the campaign's 25th week"),
    ("سومین اعدام دسته‌جمعی", "the third group execution"),
    ("اعدام ٣٠ زندانی", "30 prisoners"),  # Arabic-Indic digits
])
def test_persian_numbers_compare_by_value(title_fa, quote):
    assert unsupported(title_fa=title_fa, quote=quote) == []


@pytest.mark.parametrize("title_fa,shown", [
    ("اعدام ۱۲ زندانی", '"۱۲" (12)'),
    ("اعدام دوازده زندانی", '"دوازده" (12)'),
    ("اعتصاب ۳٬۰۰۰ زندانی", '"۳٬۰۰۰" (3000)'),
    ("اعدام بیست و پنج زندانی", '"بیست و پنج" (25)'),
    ("هفته نود و یکم کارزار", '"نود و یکم" (91)'),
    ("نُه سالن", '"نُه" (9)'),
])
def test_persian_numbers_in_no_quote_are_reported(title_fa, shown):
    found = numbers(event(title_fa=title_fa, quote="Prisoners began a hunger strike."))
    assert [f.loc for f in found] == [("title", "fa")]
    assert f"title.fa mentions {shown}," in found[0].message


@pytest.mark.parametrize("title,value", [
    ("Twelve prisoners hanged", "12"), ("3,000 prisoners", "3000"), ("Three thousand prisoners", "3000"),
    ("Twenty-five prisoners", "25"), ("Ninth week of the campaign", "9"), ("Its 91st week", "91"),
])
def test_english_numbers_in_no_quote_are_reported(title, value):
    found = numbers(event(title=title, quote="Prisoners began a hunger strike."))
    assert [f.loc for f in found] == [("title", "en")]
    assert f'"{value}"' in found[0].message or f"({value})" in found[0].message


def test_a_different_number_in_the_quote_does_not_support():
    assert unsupported(title="3,000 prisoners", quote="300 prisoners") == ["title.en"]
    assert unsupported(title="Twenty-five men", quote="twenty men and five women") == ["title.en"]


@pytest.mark.parametrize("title", [
    "Hunger strike in Unit 2", "Units 2 and 4 join", "Wards 1–3 of Section 2", "Article 286 charges",
    "Hall 5 and Cell 12", "Dozens of prisoners", "One of the prisoners", "Tuesdays campaign",
])
def test_names_and_vague_words_are_not_counts(title):
    assert unsupported(title=title) == []


@pytest.mark.parametrize("title_fa", ["اعتصاب در واحد ۲", "واحدهای ۲ و ۴", "ماده ۲۸۶", "بند ۳ و سالن ۵",
                                      "اندرزگاه ۷", "کارزار سه‌شنبه‌ها", "ده‌ها زندانی", "نه تنها زندانیان"])
def test_persian_names_and_vague_words_are_not_counts(title_fa):
    assert unsupported(title_fa=title_fa) == []


def test_a_count_after_a_name_is_still_checked():
    assert unsupported(title="Unit 2 halls, 44 prisoners moved") == ["title.en"]
    assert unsupported(title="Nine halls, 1,000 prisoners") == ["title.en", "title.en"]  # 9 and 1,000


def test_the_record_date_supports_the_numbers_of_a_date():
    fine = event(summary="It began on Monday 13 October 2025 (21 Mehr 1404).",
                 summary_fa="از دوشنبه ۲۱ مهر ۱۴۰۴ (۱۳ اکتبر ۲۰۲۵) آغاز شد.")
    assert numbers(fine) == []
    assert unsupported(summary="It began on 14 October 2025.") == ["summary.en"]


def test_a_date_number_does_not_support_a_count():
    # 13 is the day of the date, but "13 prisoners" is a count: it needs a quote.
    assert unsupported(title="13 prisoners moved", date="2025-10-13") == ["title.en"]
    assert unsupported(title="Its 91st week", date="2025-10-21") == ["title.en"]


def test_years():
    assert unsupported(summary="The guard ordered the shooting in March 2011.", date="2013-05-21") == []
    assert unsupported(summary="The guard ordered the shooting in the winter of 1389.") == []
    assert unsupported(summary="Eight had joined the 2014 revolt.", quote="Eight prisoners",
                       date="2015-05-21") == ["summary.en"]
    assert unsupported(summary="The 2015 strike.", date="2015-05-21") == []  # the record's own year


def test_the_cited_page_date_supports_a_date():
    src = Source.model_validate({"type": "webpage", "title": "A page", "language": "en", "stance": "news",
                                 "issued": "2025-12-26"})
    record = event(summary="As Iran International summarised it on 26 December 2025.", date="2025-12")
    assert [f.loc for f in check_record("events", record, {"en": src}) if "mentions" in f.message] == []
    assert [f.loc for f in numbers(record)] == [("summary", "en")]


def test_unquoted_numbers_exception():
    reason = {"en": "The count is the sum of the two quoted lists.", "fa": "مجموع دو فهرست نقل‌شده."}
    assert unsupported(title="12 prisoners", unquoted_numbers=[{"number": "12", "reason": reason}]) == []
    assert unsupported(title_fa="۱۲ زندانی", unquoted_numbers=[{"number": "twelve", "reason": reason}]) == []
    assert unsupported(title="12 prisoners", unquoted_numbers=[{"number": "13", "reason": reason}]) == ["title.en"]
    with pytest.raises(pydantic.ValidationError):
        event(unquoted_numbers=[{"number": "12"}])


def test_event_figures_support_numbers():
    fig = {"label": {"en": "Moved"}, "value": 44, "qualifier": "at-least", "claimed_by": "hrana", "source": "en"}
    assert unsupported(title="44 prisoners moved", figures=[fig]) == []
    assert unsupported(title="45 prisoners moved", figures=[fig]) == ["title.en"]


# --- (b) research notes ------------------------------------------------------------------
def notes(record) -> list[Finding]:
    return [f for f in check_record("events", record, SOURCES) if "research notes" in f.message]


def test_research_note_ids_in_a_locator():
    record = Event.model_validate({"date": "2025-10-13", "title": {"en": "A strike"}, "status": "single-source",
                                   "sources": [{"source": "en", "quote": "a quote", "translation": {"fa": "ت"}},
                                               {"source": "en", "locator": "F-H07, paragraph 2"}]})
    found = notes(record)
    assert [(f.loc, f.level) for f in found] == [(("sources", 1, "locator"), "error")]
    assert found[0].message == ('sources.1.locator cites the research notes ("F-H07"): readers '
                                "cannot see them; describe the source instead")


@pytest.mark.parametrize("text,cited", [("See C-19.", "C-19"), ("Conflict C-P01.", "C-P01"),
                                        ("as in section L", "section L"), ("The research sheet says", "research sheet"),
                                        ("برگهٔ واقعیت‌ها می‌گوید", "برگهٔ واقعیت"), ("F-Q12", "F-Q12")])
def test_research_notes_in_summaries_and_notes(text, cited):
    found = notes(event(summary=text, notes=[{"kind": "context", "en": f"Note: {text}"}]))
    assert [f.loc for f in found] == [("summary", "en"), ("notes", 0, "en")]
    assert f'("{cited}")' in found[0].message


@pytest.mark.parametrize("text", ["Section 2 of the prison", "COVID-19 in prisons", "a fact of life",
                                  "the F-16 jets", "section of Unit 2"])
def test_no_research_notes(text):
    assert notes(event(summary=text)) == []


def test_quotes_are_verbatim_and_not_checked_for_research_notes():
    assert notes(event(quote="Under section L of the rules")) == []


# --- (c) quotes ----------------------------------------------------------------------------
def test_an_event_without_a_quote():
    record = Event.model_validate({"date": "2025-10-14", "title": {"en": "Families protest"},
                                   "status": "single-source", "sources": [{"source": "en", "locator": "p. 2"}]})
    found = [f for f in check_record("events", record, SOURCES) if "quote" in f.message]
    assert found == [Finding(("sources",), "has no quote: at least one source needs a verbatim quote")]
    assert not [f for f in check_record("events", event(), SOURCES) if "has no quote" in f.message]


def test_a_person_without_a_quote():
    person = Person.model_validate({"name": {"en": "A Name"}, "outcome": "executed", "date": "2016-03-02",
                                    "charge": "drug", "status": "single-source", "sources": [{"source": "en"}]})
    assert [f.loc for f in check_record("people", person, SOURCES)] == [("sources",)]


# --- (d) translations ---------------------------------------------------------------------
def warnings(kind, record):
    return [(f.loc, f.message) for f in check_record(kind, record, SOURCES) if f.level == "warning"]


def test_missing_translations_in_each_direction():
    base = {"date": "2025-10-13", "title": {"en": "A strike"}, "status": "single-source"}
    record = Event.model_validate({**base, "sources": [
        {"source": "en", "quote": "An English quote"},
        {"source": "fa", "quote": "نقل فارسی"},
        {"source": "ar", "quote": "اقتباس", "translation": {"en": "A quote"}},
        {"source": "fa", "quote": "نقل فارسی", "translation": {"fa": "not needed", "en": "A Persian quote"}},
        {"source": "en", "quote": "Translated", "translation": {"fa": "ترجمه"}}]})
    assert warnings("events", record) == [
        (("sources", 0, "quote"), "the quote (en) has no Persian translation (translation.fa)"),
        (("sources", 1, "quote"), "the quote (fa) has no English translation (translation.en)"),
        (("sources", 2, "quote"), "the quote (ar) has no Persian translation (translation.fa)")]


def test_figure_records_get_the_notes_and_translation_checks_only():
    fig = FigureRecord.model_validate({"metric": "executions-iran", "period": "2024", "value": 975,
                                       "qualifier": "exact", "claimed_by": "ncri", "source": "en",
                                       "quote": "975 executions in 2024", "locator": "fact sheet F-H02",
                                       "see_also": [{"source": "fa", "quote": "۹۷۵ اعدام"}]})
    found = check_record("figures", fig, SOURCES)
    assert [(f.loc, f.level) for f in found] == [(("locator",), "error"), (("quote",), "warning"),
                                                 (("see_also", 0, "quote"), "warning")]


# --- check_figures -----------------------------------------------------------------------
def figure(period, value=None, qualifier="exact", source="op-ed", **more):
    amount = {"value": value} if value is not None else {}
    return FigureRecord.model_validate({"metric": "executions-iran", "period": period, "qualifier": qualifier,
                                        "claimed_by": "ncri", "source": source, **amount, **more})


def test_a_part_larger_than_its_whole():
    found = check_figures({"year": figure("2024", 100), "half": figure("2024-01/2024-06", 150)})
    assert sorted((fid, f.level) for fid, f in found) == [("half", "error"), ("year", "error")]
    msg = found[0][1]
    assert "150 for January–June 2024, more than the 100 for 2024" in msg.message
    assert "۱۵۰" in msg.fa and "۱۰۰" in msg.fa


@pytest.mark.parametrize("figures", [
    {"year": figure("2024", 100), "half": figure("2024-01/2024-06", 80)},
    {"year": figure("2024", 100, "at-least"), "half": figure("2024-01/2024-06", 150)},
    {"year": figure("2024", 100, "about"), "half": figure("2024-01/2024-06", 105)},
    {"year": figure("2024", low=90, high=120), "half": figure("2024-01/2024-06", 110)},
    {"year": figure("2024", 100), "half": figure("2024-01/2024-06", 150, source="another")},
    {"year": figure("2024", 100), "half": figure("2025-01/2025-06", 150)},
])
def test_parts_that_fit(figures):
    assert [f for _, f in check_figures(figures) if f.level == "error"] == []


def real(fid) -> FigureRecord:
    return FigureRecord.model_validate(yaml.safe_load((ROOT / "data" / "figures" / f"{fid}.yml").read_text()))


def test_the_oped_figures_fit_and_the_arithmetic_is_spelled_out():
    """1,695 (Oct 2024 – mid-2025) − 957 (Jan – mid-Jul 2025) = 738 for Oct–Dec 2024, within
    the 975 the same op-ed gives for 2024: no contradiction, but the arithmetic is shown."""
    found = check_figures({fid: real(fid) for fid in OPED})
    assert sorted(fid for fid, _ in found) == sorted(OPED)
    assert {f.level for _, f in found} == {"warning"}
    f = found[0][1]
    assert "1,695" in f.message and "957" in f.message and "leaves 738 for October–December 2024" in f.message
    assert "leaves 237 for January–September 2024" in f.message
    assert "۷۳۸" in f.fa and "۲۳۷" in f.fa and "۱٬۶۹۵" in f.fa


def test_the_oped_case_with_a_year_too_small_for_the_remainder():
    whole, part = real(OPED[0]), real(OPED[1])
    year = real(OPED[2]).model_copy(update={"value": 700})
    found = check_figures({"whole": whole, "part": part, "year": year})
    errors = [(fid, f) for fid, f in found if f.level == "error"]
    assert sorted(fid for fid, _ in errors) == ["part", "whole", "year"]
    assert ("leaves 738 for October–December 2024. That is more than the 700 for 2024 it also gives: "
            "these figures cannot all be true.") in errors[0][1].message
    assert "۷۰۰" in errors[0][1].fa


def test_the_remainder_check_needs_a_period_that_contains_the_rest():
    whole, part = real(OPED[0]), real(OPED[1])
    other = figure("2024-01/2024-11", 10, source=whole.source)  # misses December: says nothing
    assert check_figures({"whole": whole, "part": part, "other": other}) == []
