"""The /downloads/ files and record citations (chronicle/site/downloads.py, bibliography.py, cite.py).

Every file is read back with a real parser (json, csv, icalendar, lxml, jsonschema against
the published CSL-JSON 1.0.2 schema, bibtexparser v2) and compared with the records loaded:
once on the real data/ folder (whose size changes as content is added, so counts come from
the loaded records) and once on a small data folder written here.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from anywhere, with or without a conftest
    sys.path.insert(0, str(ROOT))

import bibtexparser
import pytest
import yaml
from icalendar import Calendar
from jsonschema import Draft7Validator
from lxml import etree

from chronicle.data import dates
from chronicle.site.cite import cite
from chronicle.site.downloads import CSV_COLUMNS, FILE_NAMES, build, describe
from chronicle.site.records import FEED_LIMIT, data_updated, events_in_order
from chronicle.data.load import load
from chronicle.data.model import SCHEMA_VERSION, Bilingual

SITE = "https://chronicle.example/"
ATOM = "{http://www.w3.org/2005/Atom}"
CSL_SCHEMA = json.loads((Path(__file__).parent / "vendor" / "csl-data.json").read_text("utf-8"))

# Text that tries to break out of every format. It passes the data contract (no raw HTML):
# the `<script>` variant below is put in after loading, as if validation had been bypassed.
TRICKY = ('He said "no" and \'yes\' “x” {brace} }{ \\back\\slash \\end{document} $5 50% #1 '
          'a_b ^ ~ ]]> --> & ; , : }, note = {pwned} «اعتصاب غذا در قزل‌حصار»')
SCRIPT = TRICKY + ' <script>alert("x")</script> </title></entry>'


# --- data -------------------------------------------------------------------------------

def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def write_small_data(root: Path) -> Path:
    """A small, valid data folder: intervals, month/year precision, ~ and ?, Persian, a
    title made to break formats, one beginning with a spreadsheet formula, a date tie."""
    _write(root / "tags.yml", {
        "hunger-strike": {"en": "Hunger strike", "fa": "اعتصاب غذا"},
        "uprising": {"en": "Uprising, riot; \"clash\"", "fa": "شورش"},
    })
    _write(root / "actors" / "test-monitor.yml", {
        "kind": "organization", "name": {"en": "Test Monitor", "fa": "ناظر آزمایشی"}})
    _write(root / "actors" / "test-state.yml", {
        "kind": "state-body", "name": {"en": "Test Judiciary", "fa": "قوه قضاییه"}})
    _write(root / "places" / "test-prison.yml", {"name": {"en": "Test prison", "fa": "زندان آزمایشی"}})
    _write(root / "sources" / "monitor-report.yml", {
        "type": "report", "title": "گزارش اعتصاب غذا در زندان", "title_en": "Report on the hunger strike",
        "container": "Test Monitor", "publisher": "test-monitor", "authors": ["Jane Roe", "علی رضایی"],
        "issued": "2025-10-20", "language": "fa", "url": "https://monitor.example/r?id=1&x=2",
        "accessed": "2025-10-21", "stance": "independent-monitor"})
    _write(root / "sources" / "state-statement.yml", {
        "type": "statement", "title": "Statement on the prison", "publisher": "test-state",
        "issued": "2011-03~", "language": "en", "stance": "state"})
    _write(root / "sources" / "tricky-broadcast.yml", {
        "type": "broadcast", "title": TRICKY, "title_en": TRICKY, "container": "A {TV} & \\Radio\\",
        "authors": ["Doe, John", "A & B {Ltd}"], "issued": "2014-01-23?", "language": "fa",
        "archive_url": "https://web.archive.example/2014/https://tv.example/a_b%20c#x",
        "stance": "news"})
    _write(root / "sources" / "news-article.yml", {
        "type": "article-newspaper", "title": "Prisoners riot", "container": "Daily Test",
        "issued": "2011-03-16", "language": "en", "url": "http://daily.example/riot",
        "stance": "news"})

    def event(date, en, fa, source, **extra):
        return {"date": date, "title": {"en": en, **({"fa": fa} if fa else {})},
                "sources": [{"source": source}], "status": "single-source", **extra}

    _write(root / "events" / "hunger-strike-2025.yml", event(
        "2025-10-12/2025-10-19", "Hunger strike against executions", "اعتصاب غذا علیه اعدام",
        "monitor-report", place="test-prison", actors=["test-monitor"], tags=["hunger-strike"],
        summary={"en": "Prisoners refused food for a week.", "fa": "زندانیان یک هفته غذا نخوردند."}))
    _write(root / "events" / "uprising-2011.yml", event(
        "2011-03-15?", "Uprising in Unit 2", "شورش در واحد ۲", "news-article", tags=["uprising"],
        actors=["test-monitor", "test-state"]))
    _write(root / "events" / "executions-june-2013.yml", event(
        "2013-06~", "Executions in June", None, "state-statement"))
    _write(root / "events" / "year-2012.yml", event("2012", "Events of 2012", "رویدادهای ۲۰۱۲", "news-article"))
    _write(root / "events" / "tricky-title.yml", event("2014-01-23", TRICKY, TRICKY, "tricky-broadcast"))
    _write(root / "events" / "formula-title.yml", event(
        "2014-01-23", '=HYPERLINK("https://evil.example","x")', "@SUM(1+1)", "tricky-broadcast"))
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = write_small_data(tmp_path_factory.mktemp("chronicle") / "data")
    ch = load(root, today=dt.date(2026, 1, 1))
    assert not ch.problems, "\n".join(map(str, ch.problems))
    assert len(ch.events) == 6 and len(ch.sources) == 4
    return ch


@pytest.fixture(scope="module")
def real():
    ch = load(ROOT / "data")
    if ch.errors:
        pytest.skip(f"data/ has {len(ch.errors)} error(s) right now (content being edited), "
                    f"e.g. {ch.errors[0]}")
    return ch


@pytest.fixture(params=["small", "real"])
def ch(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def files(ch):
    return build(ch, SITE)


# --- readers ----------------------------------------------------------------------------

def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(codecs.BOM_UTF8), "events.csv must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_ics(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


def read_feed(data: bytes):
    root = etree.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def read_bib(data: bytes):
    lib = bibtexparser.parse_string(data.decode("utf-8"))
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]
    return lib


_TEX = {r"\textbackslash{}": "\\", r"\{": "{", r"\}": "}", r"\$": "$", r"\&": "&", r"\%": "%",
        r"\#": "#", r"\_": "_", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~"}
_TEX_RE = re.compile("|".join(re.escape(k) for k in sorted(_TEX, key=len, reverse=True)))


def untex(value: str) -> str:
    """The exact inverse of downloads.tex_escape (pylatexenc turns ^ and -- into other
    characters, so it cannot check an exact round trip)."""
    return _TEX_RE.sub(lambda m: _TEX[m.group(0)], value)


def ics_text(value) -> str:
    return str(value)


# --- every file, both data sets -----------------------------------------------------------

def test_build_returns_every_file_as_bytes(files):
    assert list(files) == FILE_NAMES
    assert all(isinstance(v, bytes) and v for v in files.values())


def test_build_is_byte_identical(ch):
    first, second = build(ch, SITE), build(ch, SITE)
    assert first == second
    # a site_url without the final slash gives the same files
    assert build(ch, SITE.rstrip("/")) == first


def test_json_files(ch, files):
    for name, kind in (("events.json", "events"), ("sources.json", "sources")):
        doc = json.loads(files[name].decode("utf-8"))
        assert doc["schema_version"] == SCHEMA_VERSION
        assert doc["kind"] == kind and doc["count"] == len(ch.records(kind))
        records = doc["records"]
        assert [r["id"] for r in records] == (events_in_order(ch) if kind == "events" else sorted(ch.sources))
        for r in records:
            assert r["url"] == f"{SITE}{kind}/{r['id']}/"
            model = ch.records(kind)[r["id"]]
            dumped = model.model_dump(mode="json")
            if kind == "sources":
                dumped["source_url"] = dumped.pop("url")
            for field, value in dumped.items():  # every field, absent ones as null
                assert r[field] == value, (r["id"], field)
        if kind == "events":
            for r in records:
                value = dates.parse_date(r["date"])
                assert r["date_start"] == value.start.isoformat()
                assert r["date_end"] == value.end.isoformat()
                assert r["date_approximate"] is value.approximate
                assert r["date_uncertain"] is value.uncertain
            starts = [r["date_start"] for r in records]
            assert starts == sorted(starts)


def test_csv(ch, files):
    data = files["events.csv"]
    rows = read_csv(data)
    assert len(rows) == len(ch.events)
    header = data.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.split(",") == [c for c, _ in CSV_COLUMNS]
    # CRLF line ends only (no field here holds a line break)
    assert data.count(b"\r\n") == len(ch.events) + 1
    assert data.count(b"\n") == data.count(b"\r\n")
    for row in rows:
        e = ch.events[row["id"]]
        value = ch.event_dates[row["id"]]
        assert row["url"] == f"{SITE}events/{row['id']}/"
        assert row["date"] == e.date
        assert (row["date_start"], row["date_end"]) == (value.start.isoformat(), value.end.isoformat())
        assert row["date_display_en"] == dates.format_en(value)
        assert row["date_sh"] == dates.format_fa(value)[0]
        for col, title in (("title_en", e.title.en), ("title_fa", e.title.fa or "")):
            assert row[col] == ("'" + title if title[:1] in ("=", "+", "-", "@") else title)
        assert row["status"] == e.status and row["place"] == (e.place or "")
        assert row["actors"].split(";") == e.actors if e.actors else row["actors"] == ""
        assert row["tags"].split(";") == e.tags if e.tags else row["tags"] == ""
        ids = [c.source for c in e.sources]
        assert row["sources"].split(";") == ids
        assert row["source_urls"].split(";") == [f"{SITE}sources/{s}/" for s in ids]


def test_ics(ch, files):
    events = read_ics(files["events.ics"])
    assert len(events) == len(ch.events)
    uids = [str(ev["UID"]) for ev in events]
    assert len(set(uids)) == len(uids)
    assert sorted(uids) == sorted(f"{rid}@ghezel-hesar-chronicle" for rid in ch.events)
    stamp = dt.datetime.combine(data_updated(ch), dt.time(), dt.timezone.utc)
    for ev in events:
        rid = str(ev["UID"]).split("@")[0]
        value = ch.event_dates[rid]
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date, "all-day events"
        assert start == value.start
        assert end == value.end + dt.timedelta(days=1), "all-day DTEND is exclusive"
        assert ev.decoded("DTSTAMP") == stamp
        assert ics_text(ev["SUMMARY"]) == ch.events[rid].title.en
        assert str(ev["URL"]) == f"{SITE}events/{rid}/"
        desc = ics_text(ev["DESCRIPTION"])
        assert ch.events[rid].date in desc and dates.format_en(value) in desc
        if value.approximate:
            assert "approximate" in desc
        if value.uncertain:
            assert "uncertain" in desc


def test_feed(ch, files):
    root, entries = read_feed(files["feed.xml"])
    assert len(entries) == min(len(ch.events), FEED_LIMIT)
    assert root.findtext(f"{ATOM}updated") == f"{data_updated(ch).isoformat()}T00:00:00+00:00"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(re.escape(SITE) + r"events/[a-z0-9-]+/", i) for i in ids)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    if ch.events:
        newest = max(ch.events, key=lambda r: (ch.event_dates[r].sort_key(), r))
        assert ids[0] == f"{SITE}events/{newest}/"
    for e in entries:
        rid = e.findtext(f"{ATOM}id").rstrip("/").rsplit("/", 1)[1]
        assert e.findtext(f"{ATOM}title") == ch.events[rid].title.en


def test_csl_json_valid_against_published_schema(ch, files):
    items = json.loads(files["sources.csl.json"].decode("utf-8"))
    errors = sorted(Draft7Validator(CSL_SCHEMA).iter_errors(items), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert [i["id"] for i in items] == sorted(ch.sources)
    for item in items:
        s = ch.sources[item["id"]]
        assert item["title"] == s.title and item["language"] == s.language
        assert "translated-title" not in item  # not in CSL-JSON 1.0.2
        if s.title_en:
            assert f"English title: {s.title_en}" in item["note"]
            assert item["custom"]["title-en"] == s.title_en
        assert item.get("author", []) == [{"literal": a} for a in s.authors]
        if s.issued:
            v = dates.parse_date(s.issued)
            assert item["issued"]["date-parts"][0][0] == v.start.year
            assert item["issued"].get("circa", False) is v.approximate
        assert item.get("URL") == (s.url or s.archive_url)
        assert item["custom"]["chronicle-url"] == f"{SITE}sources/{item['id']}/"


def test_bib(ch, files):
    lib = read_bib(files["sources.bib"])
    assert [e.key for e in lib.entries] == sorted(ch.sources)
    expected_type = {"article-newspaper": "article", "report": "report"}
    for entry in lib.entries:
        s = ch.sources[entry.key]
        assert entry.entry_type == expected_type.get(s.type, "online")
        assert untex(entry["title"]) == " ".join(s.title.split())
        if s.issued:
            assert entry["date"] == s.issued
        if s.url or s.archive_url:
            assert entry["url"] == (s.url or s.archive_url)
        if s.authors:
            names = re.findall(r"\{((?:[^{}]|\\[{}])*)\}(?: and |$)", entry["author"])
            assert [untex(n) for n in names] == s.authors


def test_describe(ch, files):
    rows = describe(files, ch)
    assert [r["name"] for r in rows] == FILE_NAMES
    for r in rows:
        assert r["size"] == len(files[r["name"]])
        assert r["media_type"] and r["description_en"] and r["description_fa"]
        assert re.search("[\u0600-\u06ff]", r["description_fa"])
        kind = "sources" if r["name"].startswith("sources") else "events"
        want = len(ch.records(kind))
        assert r["count"] == (min(want, FEED_LIMIT) if r["name"] == "feed.xml" else want)


# --- small data only: exact values ---------------------------------------------------------

def test_interval_ends_the_day_after(small):
    ev = {str(e["UID"]): e for e in read_ics(build(small, SITE)["events.ics"])}
    strike = ev["hunger-strike-2025@ghezel-hesar-chronicle"]
    assert strike.decoded("DTSTART") == dt.date(2025, 10, 12)
    assert strike.decoded("DTEND") == dt.date(2025, 10, 20)
    june = ev["executions-june-2013@ghezel-hesar-chronicle"]
    assert (june.decoded("DTSTART"), june.decoded("DTEND")) == (dt.date(2013, 6, 1), dt.date(2013, 7, 1))
    assert "approximate" in str(june["DESCRIPTION"]) and "2013-06~" in str(june["DESCRIPTION"])
    assert "uncertain" in str(ev["uprising-2011@ghezel-hesar-chronicle"]["DESCRIPTION"])
    # DTSTAMP comes from the data (newest date: the report's access date), not the clock
    assert strike.decoded("DTSTAMP") == dt.datetime(2025, 10, 21, tzinfo=dt.timezone.utc)


def test_uids_stay_when_data_grows(small, tmp_path):
    before = {str(e["UID"]) for e in read_ics(build(small, SITE)["events.ics"])}
    root = write_small_data(tmp_path / "data")
    _write(root / "events" / "a-new-event.yml", {
        "date": "2020-01-01", "title": {"en": "New"}, "sources": [{"source": "news-article"}],
        "status": "single-source"})
    after = {str(e["UID"]) for e in read_ics(build(load(root, today=dt.date(2026, 1, 1)), SITE)["events.ics"])}
    assert after == before | {"a-new-event@ghezel-hesar-chronicle"}


def test_statement_and_broadcast_map_to_csl_types(small):
    items = {i["id"]: i for i in json.loads(build(small, SITE)["sources.csl.json"])}
    assert items["state-statement"]["type"] == "document"
    assert items["state-statement"]["issued"] == {"date-parts": [[2011, 3]], "circa": True}
    assert items["tricky-broadcast"]["type"] == "broadcast"
    assert items["monitor-report"]["type"] == "report"
    assert items["monitor-report"]["accessed"] == {"date-parts": [[2025, 10, 21]]}
    assert items["news-article"]["type"] == "article-newspaper"


def test_csv_neutralises_formulas(small):
    rows = {r["id"]: r for r in read_csv(build(small, SITE)["events.csv"])}
    assert rows["formula-title"]["title_en"] == "'" + small.events["formula-title"].title.en
    assert rows["formula-title"]["title_fa"] == "'@SUM(1+1)"
    assert rows["hunger-strike-2025"]["date_sh"] == "۲۰ تا ۲۷ مهر ۱۴۰۴"
    assert rows["executions-june-2013"]["title_fa"] == ""


def test_same_date_events_ordered_by_id(small):
    ids = [r["id"] for r in json.loads(build(small, SITE)["events.json"])["records"]]
    assert ids == ["uprising-2011", "year-2012", "executions-june-2013", "formula-title",
                   "tricky-title", "hunger-strike-2025"]


# --- text from data cannot break out ------------------------------------------------------

@pytest.fixture
def hostile(small):
    """The small chronicle with `<script>` in titles, as if validation had been bypassed."""
    import copy
    ch = copy.copy(small)
    ch.events = dict(small.events)
    ch.sources = dict(small.sources)
    ch.events["tricky-title"] = small.events["tricky-title"].model_copy(
        update={"title": Bilingual.model_construct(en=SCRIPT, fa=SCRIPT)})
    ch.sources["tricky-broadcast"] = small.sources["tricky-broadcast"].model_copy(
        update={"title": SCRIPT, "title_en": SCRIPT, "archive_url": EVIL_URL})
    return ch


EVIL_URL = "https://evil.example/a}, note = {pwned}\\x"


@pytest.mark.parametrize("title", ["TRICKY", "SCRIPT"])
def test_hostile_text_round_trips_every_parser(small, hostile, title):
    ch = small if title == "TRICKY" else hostile
    text = TRICKY if title == "TRICKY" else SCRIPT
    files = build(ch, SITE)

    events = {r["id"]: r for r in json.loads(files["events.json"])["records"]}
    assert events["tricky-title"]["title"] == {"en": text, "fa": text}
    sources = {r["id"]: r for r in json.loads(files["sources.json"])["records"]}
    assert sources["tricky-broadcast"]["title"] == text

    rows = {r["id"]: r for r in read_csv(files["events.csv"])}
    assert rows["tricky-title"]["title_en"] == text and rows["tricky-title"]["title_fa"] == text
    assert len(rows) == len(ch.events)

    ics = {str(e["UID"]): e for e in read_ics(files["events.ics"])}
    assert len(ics) == len(ch.events)
    assert str(ics["tricky-title@ghezel-hesar-chronicle"]["SUMMARY"]) == text

    root, entries = read_feed(files["feed.xml"])
    assert len(entries) == len(ch.events)
    titles = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}title") for e in entries}
    assert titles[f"{SITE}events/tricky-title/"] == text
    assert not root.xpath("//*[local-name()='script']"), "no element injected into the feed"

    items = {i["id"]: i for i in json.loads(files["sources.csl.json"])}
    assert not list(Draft7Validator(CSL_SCHEMA).iter_errors(list(items.values())))
    assert items["tricky-broadcast"]["title"] == text
    assert items["tricky-broadcast"]["author"] == [{"literal": "Doe, John"}, {"literal": "A & B {Ltd}"}]

    lib = read_bib(files["sources.bib"])
    assert len(lib.entries) == len(ch.sources)
    entry = {e.key: e for e in lib.entries}["tricky-broadcast"]
    assert untex(entry["title"]) == text
    assert set(entry.fields_dict) == {"author", "title", "organization", "date", "url", "langid",
                                      "note", "addendum"}, "no field injected (e.g. `note = {pwned}`)"
    assert "pwned" not in entry.fields_dict
    assert untex(entry["organization"]) == "A {TV} & \\Radio\\"
    assert entry["date"] == "2014-01-23?"
    if title == "SCRIPT":  # a URL that bypassed validation cannot close its field either
        assert entry["url"] == "https://evil.example/a%7D,%20note%20=%20%7Bpwned%7D%5Cx"

    for lang in ("en", "fa"):
        c = cite(ch, "sources", "tricky-broadcast", SITE, lang)
        assert json.loads(c["csl_json"]) == items["tricky-broadcast"]
        one = bibtexparser.parse_string(c["bibtex"])
        assert not one.failed_blocks and [e.key for e in one.entries] == ["tricky-broadcast"]
        ev = cite(ch, "events", "tricky-title", SITE, lang)
        one = bibtexparser.parse_string(ev["bibtex"])
        assert not one.failed_blocks and untex(one.entries[0]["title"]) == text


# --- cite() -------------------------------------------------------------------------------

def test_cite_event_in_both_languages(small):
    en = cite(small, "events", "hunger-strike-2025", SITE, "en")
    assert en["text"] == ("Ghezel Hesar Chronicle, “Hunger strike against executions”, "
                          "12–19 October 2025, https://chronicle.example/events/hunger-strike-2025/")
    fa = cite(small, "events", "hunger-strike-2025", SITE, "fa")
    assert fa["text"] == ("گاه‌نگار زندان قزل‌حصار، «اعتصاب غذا علیه اعدام»، ۲۰ تا ۲۷ مهر ۱۴۰۴ "
                          "(۱۲ تا ۱۹ اکتبر ۲۰۲۵)، "
                          "https://chronicle.example/fa/events/hunger-strike-2025/")
    for c, lang in ((en, "en"), (fa, "fa")):
        item = json.loads(c["csl_json"])
        assert not list(Draft7Validator(CSL_SCHEMA).iter_errors([item]))
        assert item["event-date"] == {"date-parts": [[2025, 10, 12], [2025, 10, 19]]}
        lib = bibtexparser.parse_string(c["bibtex"])
        assert not lib.failed_blocks and lib.entries[0].key == "hunger-strike-2025"
        assert lib.entries[0].entry_type == "online"
    # untranslated title: the Persian citation falls back to the English one
    assert "«Executions in June»" in cite(small, "events", "executions-june-2013", SITE, "fa")["text"]
    approx = cite(small, "events", "executions-june-2013", SITE, "en")["text"]
    assert "c. June 2013" in approx
    assert "حدود" in cite(small, "events", "executions-june-2013", SITE, "fa")["text"]


def test_cite_source_in_both_languages(small):
    files = build(small, SITE)
    items = {i["id"]: i for i in json.loads(files["sources.csl.json"])}
    bib = files["sources.bib"].decode("utf-8")
    en = cite(small, "sources", "monitor-report", SITE, "en")
    assert en["text"] == ("Jane Roe and علی رضایی, “گزارش اعتصاب غذا در زندان” [Report on the hunger "
                          "strike], Test Monitor, 20 October 2025, https://monitor.example/r?id=1&x=2 "
                          "(accessed 21 October 2025)")
    fa = cite(small, "sources", "monitor-report", SITE, "fa")
    assert fa["text"].startswith("Jane Roe، علی رضایی، «گزارش اعتصاب غذا در زندان»، Test Monitor، ۲۸ مهر ۱۴۰۴")
    assert "تاریخ دسترسی" in fa["text"]
    # a source without a web address points to its page on the chronicle
    assert cite(small, "sources", "state-statement", SITE, "en")["text"].endswith(
        "Statement on the prison”, Test Judiciary, c. March 2011, https://chronicle.example/sources/state-statement/")
    for rid in small.sources:
        for lang in ("en", "fa"):
            c = cite(small, "sources", rid, SITE, lang)
            assert json.loads(c["csl_json"]) == items[rid], "cite() and sources.csl.json agree"
            assert c["bibtex"] in bib, "cite() and sources.bib agree"


def test_cite_real_data(real):
    for kind in ("events", "sources"):
        for rid in list(real.records(kind))[:20]:
            for lang in ("en", "fa"):
                c = cite(real, kind, rid, SITE, lang)
                assert c["text"] and rid in c["bibtex"]
                assert not list(Draft7Validator(CSL_SCHEMA).iter_errors([json.loads(c["csl_json"])]))


def test_cite_rejects_unknown(small):
    with pytest.raises(ValueError):
        cite(small, "actors", "test-monitor", SITE, "en")
    with pytest.raises(KeyError):
        cite(small, "events", "no-such-event", SITE, "en")
