"""Nothing lost on the way from data/ to the site: every record loaded from data/ has its
pages (both languages), every event and source is in every download file, and every
event, place, actor and source page is in the search index. Counted against load("data").

Also the permanent addresses: tests/addresses.txt lists every published page and download
address; an address that disappears fails (new ones are fine). UPDATE_ADDRESSES=1 rewrites
the list from the current build. A record renamed with `redirect_from` keeps its old
address as a redirect page in both languages.
"""
from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import shutil
import sys
from pathlib import Path

import lxml.html
import pytest
from icalendar import Calendar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chronicle.data.load import load  # noqa: E402

BASIC = ROOT / "tests" / "fixtures" / "basic"
ADDRESSES = Path(__file__).parent / "addresses.txt"
LANG_PREFIXES = ("", "fa/")
DOWNLOADS = ("events.json", "sources.json", "events.csv", "events.ics", "sources.bib",
             "sources.csl.json", "feed.xml")


@pytest.fixture(scope="module")
def ch():
    loaded = load(ROOT / "data")
    assert not loaded.errors, "\n".join(map(str, loaded.errors))
    return loaded


@pytest.mark.parametrize("kind", ["events", "sources", "actors", "places", "tags"])
def test_every_record_has_its_pages(real_site, ch, kind):
    ids = list(ch.records(kind))
    assert ids, f"no {kind} loaded"
    missing = [f"{p}{kind}/{rid}/" for rid in ids for p in LANG_PREFIXES
               if not (real_site / p / kind / rid / "index.html").is_file()]
    assert not missing, f"{len(missing)} of {len(ids) * 2} {kind} pages missing: {missing[:20]}"


def _json_ids(site: Path, name: str) -> set[str]:
    data = json.loads((site / "downloads" / name).read_text("utf-8"))
    assert data["count"] == len(data["records"])
    return {r["id"] for r in data["records"]}


def test_every_event_and_source_is_in_the_downloads(real_site, ch):
    events, sources = set(ch.events), set(ch.sources)
    dl = real_site / "downloads"
    assert _json_ids(real_site, "events.json") == events
    assert _json_ids(real_site, "sources.json") == sources
    rows = list(csv.DictReader(io.StringIO((dl / "events.csv").read_text("utf-8-sig"))))
    assert {r["id"] for r in rows} == events and len(rows) == len(events)
    cal = Calendar.from_ical((dl / "events.ics").read_bytes())
    uids = [str(c.get("UID")).split("@")[0] for c in cal.walk("VEVENT")]
    assert set(uids) == events and len(uids) == len(events)
    csl = json.loads((dl / "sources.csl.json").read_text("utf-8"))
    assert {item["id"] for item in csl} == sources
    import bibtexparser
    lib = bibtexparser.parse_string((dl / "sources.bib").read_text("utf-8"))
    assert not lib.failed_blocks
    assert {e.key for e in lib.entries} == sources


@pytest.mark.parametrize("kind", ["events", "places", "actors", "sources"])
def test_every_record_page_is_searchable(real_site, ch, kind):
    docs = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    locations = {d["location"].split("#", 1)[0] for d in docs}
    if kind == "sources":  # indexed once, in the edition of the source's language
        missing = [rid for rid in ch.sources
                   if not {f"{p}sources/{rid}/" for p in LANG_PREFIXES} & locations]
    else:
        missing = [f"{p}{kind}/{rid}/" for rid in ch.records(kind) for p in LANG_PREFIXES
                   if f"{p}{kind}/{rid}/" not in locations]
    assert not missing, f"{len(missing)} {kind} pages not in the search index: {missing[:20]}"


# --- permanent addresses ------------------------------------------------------------------

def site_addresses(site: Path) -> list[str]:
    """Every published page (as a URL path) and every download file."""
    out = set()
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        out.add("/" if rel == "." else f"/{rel}/")
    for name in DOWNLOADS:
        if (site / "downloads" / name).is_file():
            out.add(f"/downloads/{name}")
    return sorted(out)


def test_published_addresses_stay(real_site):
    now = site_addresses(real_site)
    if os.environ.get("UPDATE_ADDRESSES") == "1" or not ADDRESSES.exists():
        ADDRESSES.write_text("\n".join(now) + "\n", "utf-8")
        if os.environ.get("UPDATE_ADDRESSES") != "1":
            pytest.fail(f"{ADDRESSES.name} was missing: written from this build; commit it")
    listed = [l.strip() for l in ADDRESSES.read_text("utf-8").splitlines()
              if l.strip() and not l.startswith("#")]
    gone = sorted(set(listed) - set(now))
    assert not gone, (f"{len(gone)} published address(es) no longer exist (rename records with "
                      f"`redirect_from: [old-id]`): {gone[:30]}")


@pytest.fixture(scope="module")
def renamed_site(build_site, tmp_path_factory):
    """The fixture with an event and a place renamed, their old ids kept in redirect_from."""
    data = tmp_path_factory.mktemp("renamed") / "data"
    shutil.copytree(BASIC, data)
    old = data / "events" / "2013-12-strike.yml"
    (data / "events" / "2013-12-strike-after-transfers.yml").write_text(
        old.read_text("utf-8") + "redirect_from: [2013-12-strike]\n", "utf-8")
    old.unlink()
    karaj = data / "places" / "karaj.yml"
    (data / "places" / "karaj-city.yml").write_text(
        karaj.read_text("utf-8") + "redirect_from: [karaj]\n", "utf-8")
    karaj.unlink()
    gh = data / "places" / "ghezel-hesar.yml"
    gh.write_text(gh.read_text("utf-8").replace("part_of: karaj", "part_of: karaj-city"), "utf-8")
    assert not load(data).errors
    return build_site(data)


@pytest.mark.parametrize("prefix", LANG_PREFIXES, ids=["en", "fa"])
@pytest.mark.parametrize("kind,old,new", [("events", "2013-12-strike", "2013-12-strike-after-transfers"),
                                          ("places", "karaj", "karaj-city")])
def test_renamed_record_keeps_its_old_address(renamed_site, prefix, kind, old, new):
    old_page = renamed_site / prefix / kind / old / "index.html"
    new_page = renamed_site / prefix / kind / new / "index.html"
    assert new_page.is_file()
    assert old_page.is_file(), f"/{prefix}{kind}/{old}/ is gone"
    doc = lxml.html.parse(str(old_page)).getroot()
    old_url = f"/{prefix}{kind}/{old}/"
    want = f"/{prefix}{kind}/{new}/"

    def resolve(target: str) -> str:
        return posixpath.normpath(posixpath.join(old_url, target)) + "/"

    refresh = [m.get("content", "") for m in doc.iter("meta")
               if m.get("http-equiv", "").lower() == "refresh"]
    assert len(refresh) == 1
    delay, _, url = refresh[0].partition(";")
    assert delay.strip() == "0"
    assert url.strip().lower().startswith("url=")
    assert resolve(url.strip()[4:]) == want
    links = [a.get("href") for a in doc.iter("a")]
    assert links and all(resolve(h) == want for h in links)
    canonical = [l.get("href") for l in doc.iter("link") if l.get("rel") == "canonical"]
    assert canonical and resolve(canonical[0]) == want
