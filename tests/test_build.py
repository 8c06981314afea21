"""A real `mkdocs build --strict` of the fixture data, read back with an HTML parser:
every record has its page in both languages, cross-references work both ways, dates read as
specified, discrepancies are shown, and the chart draws exactly the records' values."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html

from chronicle.site.charts import national_table
from chronicle.data.load import load

from conftest import BASIC

CH = load(BASIC)


def parse(site: Path, url_path: str):
    return html.parse(str(site / url_path / "index.html")).getroot()


def content(doc):
    (article,) = doc.xpath("//article")
    return article


def internal_links(doc, page_path: str) -> set[str]:
    """The site paths (e.g. 'sources/report-a/') linked from a page's content."""
    out = set()
    for a in content(doc).xpath(".//a[@href]"):
        href = a.get("href")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(page_path, unquote(parts.path)))
        out.add(target.strip("/") + "/")
    return out


@pytest.mark.parametrize("lang", ["", "fa/"])
def test_every_record_has_its_page(fixture_site, lang):
    for kind in ("events", "sources", "actors", "places", "tags"):
        for rid in CH.records(kind) if kind != "tags" else CH.tags:
            assert (fixture_site / f"{lang}{kind}/{rid}/index.html").exists(), (lang, kind, rid)
    for path in ("", "timeline/", "timeline/2011/", "timeline/2025/", "sources/", "figures/",
                 "methodology/", "contributing/", "downloads/"):
        assert (fixture_site / lang / path / "index.html").exists(), lang + path


@pytest.mark.parametrize("lang", ["", "fa/"])
def test_cross_links_work_in_both_directions(fixture_site, lang):
    for rid, e in CH.events.items():
        page = f"{lang}events/{rid}/"
        links = internal_links(parse(fixture_site, page), page)
        targets = {f"{lang}sources/{c.source}/" for c in e.sources}
        targets |= {f"{lang}actors/{a}/" for a in e.actors}
        targets |= {f"{lang}tags/{t}/" for t in e.tags}
        targets |= {f"{lang}events/{r}/" for r in e.related}
        if e.place:
            targets.add(f"{lang}places/{e.place}/")
        assert targets <= links, (rid, targets - links)
        for target in targets:  # and back: each of those pages lists this event
            assert (fixture_site / target / "index.html").exists(), target
            back = internal_links(parse(fixture_site, target), target)
            assert page in back, f"{target} does not link back to {page}"


def test_every_internal_link_resolves(fixture_site):
    broken = []
    for path in fixture_site.rglob("index.html"):
        rel = path.parent.relative_to(fixture_site).as_posix()
        page = "" if rel == "." else rel + "/"
        doc = html.parse(str(path)).getroot()
        if not doc.xpath("//article"):
            continue  # redirect pages
        for link in internal_links(doc, page):
            if not (fixture_site / link / "index.html").exists() and not (fixture_site / link.rstrip("/")).exists():
                broken.append((page, link))
    assert not broken, broken[:10]


@pytest.mark.parametrize("rid,en,fa", [
    ("2013-06-strike", "June 2013", "خرداد–تیر ۱۳۹۲"),
    ("2013-12-strike", "c. December 2013", "حدود آذر–دی ۱۳۹۲"),
    ("2011-03-15-uprising", "15–16 March 2011", "۲۴ تا ۲۵ اسفند ۱۳۸۹"),
    ("2025-10-19-prisoners-returned", "19 October 2025", "۲۷ مهر ۱۴۰۴"),
])
def test_dates_display_as_specified(fixture_site, rid, en, fa):
    doc_en = parse(fixture_site, f"events/{rid}")
    assert content(doc_en).xpath("string(.//span[@class='ch-date'])") == en
    assert "SH" in content(doc_en).xpath("string(.//span[@class='ch-date-other'])")
    doc_fa = parse(fixture_site, f"fa/events/{rid}")
    assert content(doc_fa).xpath("string(.//span[@class='ch-date'])") == fa
    assert doc_fa.get("lang") == "fa" and doc_fa.xpath("//body/@dir") == ["rtl"]


def test_event_page_shows_disagreement_figures_quotes_and_edit_link(fixture_site):
    doc = content(parse(fixture_site, "events/2011-03-15-uprising"))
    box = doc.xpath(".//div[@class='ch-discrepancy']")[0]
    text = box.text_content()
    assert "Monitor A gives at least 80 dead" in text
    assert "24 March 2011" in text  # the date check of "March 24, 2011"
    rows = [r.text_content() for r in doc.xpath(".//table//tr")]
    assert any("at least 14" in r and "Prison officials" in r for r in rows)
    assert any("about 34–80" in r and "Monitor A" in r for r in rows)
    quotes = [q.text_content().strip() for q in doc.xpath(".//blockquote")]
    assert "زندانیان کنترل بند را به دست گرفتند" in quotes
    assert doc.xpath(".//blockquote[@lang='fa']")
    assert "Translation by the chronicle" in doc.text_content()
    assert doc.xpath(".//a[@href='https://example.org/report-a']")
    assert doc.xpath(".//a[starts-with(@href, 'https://web.archive.org/')]")
    edit = doc.xpath(".//p[@class='ch-edit']/a/@href")[0]
    assert edit.endswith("events/2011-03-15-uprising.yml")
    assert "contested" in doc.xpath("string(.//span[contains(@class,'ch-status')])")
    assert doc.xpath(".//a[contains(@class,'ch-next')]")


def test_persian_fallback_is_marked(fixture_site):
    doc = content(parse(fixture_site, "fa/events/2013-06-strike"))
    assert doc.xpath(".//p[@class='ch-fallback']")
    assert doc.xpath(".//div[@class='ch-text'][@lang='en']")


def test_record_pages_are_not_in_the_navigation(fixture_site):
    doc = parse(fixture_site, "events/2011-03-15-uprising")
    nav_links = doc.xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert nav_links and not any("events/" in h for h in nav_links)
    fa_nav = parse(fixture_site, "fa/events/2011-03-15-uprising").xpath(
        "//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert all("fa/" in h or h.startswith("../") for h in fa_nav)


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["executions-iran", "executions-iran-narrow"])
def test_chart_draws_exactly_the_records(fixture_site, lang, name):
    prefix = "" if lang == "en" else "fa/"
    svg = etree.parse(str(fixture_site / f"{prefix}figures/{name}.{lang}.svg")).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.find("s:title", ns).text and svg.find("s:desc", ns).text
    points = svg.xpath("//s:circle[@class='point']", namespaces=ns)
    table = national_table(CH)
    expected = {fid for ids in table.cells.values() for fid in ids}
    drawn = {p.get("data-figure") for p in points}
    assert len(points) == len(expected) and drawn == expected
    for p in points:
        f = CH.figures[p.get("data-figure")]
        assert int(p.get("data-value")) == f.value
        assert int(p.get("data-year")) == int(f.period)
    # the page keeps the table as its text alternative, with every value linked to its source
    doc = content(parse(fixture_site, f"{prefix}figures"))
    assert doc.xpath(".//img[contains(@src,'executions-iran')]/@alt")[0]
    # phones get the narrow chart (tests/test_browser.py checks its labels on screen)
    source = doc.xpath(".//figure//picture/source")[0]
    assert source.get("srcset") == f"executions-iran-narrow.{lang}.svg"
    assert source.get("media") == "(max-width: 599px)"
    assert (source.get("width"), source.get("height")) == (svg.get("width"), svg.get("height")) \
        if name.endswith("narrow") else source.get("width") != svg.get("width")
    cells = doc.xpath(".//div[@id='national-table']//td//a")
    assert len([a for a in cells if "sources/" in a.get("href")]) == len(expected)


def test_redirect_keeps_old_address(tmp_path, build_site):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(BASIC, data)
    old = data / "events" / "2013-12-strike.yml"
    new = data / "events" / "2013-12-hunger-strike.yml"
    new.write_text(old.read_text("utf-8") + "redirect_from: [2013-12-strike]\n", "utf-8")
    old.unlink()
    site = build_site(data)
    for lang in ("", "fa/"):
        page = (site / f"{lang}events/2013-12-strike/index.html").read_text("utf-8")
        assert re.search(r'http-equiv="refresh" content="0; url=\.\./\.\./(fa/)?events/2013-12-hunger-strike/"', page) \
            or "events/2013-12-hunger-strike/" in page
        assert (site / f"{lang}events/2013-12-hunger-strike/index.html").exists()


@pytest.mark.parametrize("path", ["timeline/", "timeline/2013/", "fa/timeline/2013/", "tags/hunger-strike/",
                                  "places/ghezel-hesar/"])
def test_event_lists_are_lists(fixture_site, path):
    """Every listed event is its own list item (the filters hide and show items)."""
    doc = content(parse(fixture_site, path))
    spans = doc.xpath(".//span[@class='ch-ev']")
    assert spans and all(s.getparent().tag == "li" for s in spans)
