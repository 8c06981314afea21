"""Browser tests: the built site (data/) as a reader sees it in Chromium, both languages.

One build of the real data, one local server, one browser for the whole module. Every
expectation is computed from `chronicle.data.load.load("data")`, so adding records never breaks
a count here. Checks are grouped per page load to keep the suite fast:

- every page type, both languages, desktop: no console error, no failed request, no
  response >= 400, no request to any host but the local server, no cookie, language and
  direction, and axe-core (no serious or critical violation);
- the same pages at 375 px: no sideways scrolling;
- language switcher, search (names, aliases, Persian spellings), Persian dates, timeline
  filters (and the same pages without JavaScript), keyboard, print, page weight;
- screenshots (desktop 1280 and mobile 375, both languages) in tests/screenshots/.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chronicle.data.load import load  # noqa: E402

pytest.importorskip("playwright.sync_api")

SHOTS = ROOT / "tests" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__list a.md-search-result__link"
PERSIAN = re.compile("[\u0600-\u06ff]")
LANGS = ("en", "fa")
KINDS = ("home", "timeline", "year", "event", "source", "sources", "actor", "place", "tag",
         "figures", "methodology", "contributing", "downloads")
STATIC = ("home", "timeline", "sources", "figures", "methodology", "contributing", "downloads")
PAGE_WEIGHT_LIMIT = 350 * 1024

# axe-core findings that sit in Material's own theme and cannot be fixed from our overrides
# or CSS: (rule id, CSS selector). Keep this empty unless a finding is proven to be Material's.
AXE_EXCLUDE: list[tuple[str, str]] = []


# ---------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def ch():
    chronicle = load(ROOT / "data")
    assert not chronicle.errors, chronicle.errors
    return chronicle


@pytest.fixture(scope="module")
def base(real_site, serve) -> str:
    return serve(real_site)


@pytest.fixture(scope="module")
def targets(ch) -> dict[str, str]:
    """One address (without language prefix) per page type, chosen from the data."""
    dated = [rid for rid in ch.ordered_events if ch.events[rid].sources]
    # the richest event page: most sources with an address, then discrepancy notes
    event = max(dated, key=lambda rid: (
        sum(1 for c in ch.events[rid].sources if ch.sources[c.source].url),
        any(n.kind == "discrepancy" for n in ch.events[rid].notes)))
    source = ch.events[event].sources[0].source
    actor = max(ch.actors, key=lambda a: len(ch.events_citing("actors", a)))
    place = max(ch.places, key=lambda p: len(ch.events_citing("places", p)))
    tag = max(ch.tags, key=lambda t: len(ch.events_citing("tags", t)))
    year = ch.event_dates[ch.ordered_events[0]].year
    return {"home": "", "timeline": "timeline/", "year": f"timeline/{year}/",
            "event": f"events/{event}/", "source": f"sources/{source}/", "sources": "sources/",
            "actor": f"actors/{actor}/", "place": f"places/{place}/", "tag": f"tags/{tag}/",
            "figures": "figures/", "methodology": "methodology/",
            "contributing": "contributing/", "downloads": "downloads/"}


def url_of(base: str, lang: str, path: str) -> str:
    return base + ("fa/" if lang == "fa" else "") + path


class Recorder:
    """Everything a page does on the network and in the console."""

    def __init__(self, page, base: str):
        self.base = urlparse(base)
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.bad_status: list[str] = []
        self.errors: list[str] = []
        self.responses = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", self._response)
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _response(self, response):
        self.responses.append(response)
        if response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def foreign(self) -> list[str]:
        out = []
        for u in self.requests:
            p = urlparse(u)
            if p.scheme in ("data", "blob"):
                continue  # inline data, not a request to any host
            if (p.scheme, p.hostname, p.port) != (self.base.scheme, self.base.hostname, self.base.port):
                out.append(u)
        return out

    def reset(self):
        for lst in (self.requests, self.failed, self.bad_status, self.errors, self.responses):
            lst.clear()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def mobile(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    yield context
    context.close()


def goto(page, url: str, idle: bool = True):
    response = page.goto(url, wait_until="networkidle" if idle else "load")
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.evaluate("document.fonts.ready.then(() => true)")
    return response


def shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), impact: n.impact,
                                      html: n.html.slice(0, 160)}))}));
    }""")
    found = []
    for v in result:
        for n in v["nodes"]:
            if (n["impact"] or v["impact"]) not in ("serious", "critical"):
                continue
            if (v["id"], n["target"]) in AXE_EXCLUDE:
                continue
            found.append(f"{v['id']} ({n['impact']}): {v['help']} — {n['target']} — {n['html']}")
    return found


# ---------------------------------------------------------------------------------------
# 1 + 6 + 10: every page type, both languages, desktop


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_page_loads_clean_and_accessible(desktop, base, targets, lang, kind):
    page = desktop.new_page()
    rec = Recorder(page, base)
    url = url_of(base, lang, targets[kind])
    goto(page, url)

    assert rec.foreign() == [], f"{url}: requests to other hosts"
    assert rec.failed == [], f"{url}: failed requests"
    assert rec.bad_status == [], f"{url}: error responses"
    assert rec.errors == [], f"{url}: console errors"
    assert desktop.cookies() == [], f"{url}: cookies set"

    html_lang, body_dir, content_dir, h1 = page.evaluate("""() => [
        document.documentElement.lang, document.body.getAttribute("dir"),
        getComputedStyle(document.querySelector(".md-content")).direction,
        (document.querySelector(".md-content h1") || {}).textContent || ""]""")
    want_dir = "rtl" if lang == "fa" else "ltr"
    assert (html_lang, body_dir, content_dir) == (lang, want_dir, want_dir), url
    assert h1.strip(), f"{url}: no heading"
    if lang == "fa" and kind in STATIC:  # record titles may be in their original language
        assert PERSIAN.search(h1), f"{url}: Persian page without a Persian title: {h1}"

    if kind in ("home", "timeline", "event", "figures"):
        shot(page, f"{kind}-{lang}-1280")

    if AXE.exists():
        problems = run_axe(page)
        assert problems == [], f"{url}: axe-core:\n" + "\n".join(problems)


def test_axe_is_installed():
    if not AXE.exists():
        pytest.skip("node_modules/axe-core missing (run `npm install`): accessibility checks skipped")


# ---------------------------------------------------------------------------------------
# 7 + 10: 375 px wide


@pytest.mark.parametrize("lang", LANGS)
def test_mobile_no_sideways_scroll(mobile, base, targets, ch, lang):
    page = mobile.new_page()
    wide = {}
    for kind in KINDS:
        url = url_of(base, lang, targets[kind])
        goto(page, url, idle=False)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            culprits = page.evaluate("""() => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > 376 && getComputedStyle(e).position !== "fixed")
                .slice(-3).map(e => e.tagName + "." + e.className)""")
            wide[url] = (width, culprits)
        if kind == "timeline":
            items = page.evaluate("""() => [...document.querySelectorAll(".md-content li")]
                .filter(li => li.querySelector("span.ch-ev"))
                .map(li => { const r = li.getBoundingClientRect(), s = getComputedStyle(li);
                             return [r.width, r.height, parseFloat(s.fontSize), s.visibility]; })""")
            assert len(items) == len(ch.events), url
            for width_, height, size, visibility in items:
                assert width_ > 200 and height > 0 and visibility == "visible", url
                assert size >= 12, f"{url}: timeline text {size}px"
        if kind in ("home", "timeline", "event", "figures"):
            shot(page, f"{kind}-{lang}-375")
    assert wide == {}, f"pages wider than 375 px: {wide}"


# ---------------------------------------------------------------------------------------
# 2: the language switcher


def test_language_switch_keeps_the_record(desktop, base, targets):
    page = desktop.new_page()
    path = targets["event"]
    goto(page, base + path, idle=False)
    switch = page.locator("a.ch-lang[data-chronicle-switch=fa]")
    assert switch.is_visible()
    switch.click()
    page.wait_for_url(base + "fa/" + path)
    assert page.evaluate("document.documentElement.lang") == "fa"
    back = page.locator("a.ch-lang[data-chronicle-switch=en]")
    assert back.is_visible()
    back.click()
    page.wait_for_url(base + path)
    assert page.evaluate("document.documentElement.lang") == "en"


# ---------------------------------------------------------------------------------------
# 3: search


def search_finds(page, base: str, query: str, wanted: set[str], timeout_ms: int = 4000,
                 keys: int | None = None) -> list[str]:
    """Type `query` into Material's search field; return the result paths shown (the first
    screen of results). Waits until one of `wanted` shows up or the results settle.
    `keys`: type only the last `keys` characters key by key (the rest is pasted)."""
    box = page.locator(SEARCH_INPUT)
    # results still shown are the last query's: mark them (Material replaces the elements),
    # unless this query reads the same once normalised (no new search then)
    if box.input_value() != normalise_query(query):
        page.evaluate(f"document.querySelectorAll('{RESULT_LINKS}').forEach(a => a.dataset.old = 1)")
    box.select_text()
    cut = 0 if keys is None else max(0, len(query) - keys)
    if cut:
        box.fill(query[:cut])
    else:
        box.press("Delete")
    box.press_sequentially(query[cut:])
    assert box.input_value() == normalise_query(query)
    root = urlparse(base).path
    wanted_paths = {root + w for w in wanted}
    last, stable, waited = None, 0, 0
    while waited < timeout_ms:
        page.wait_for_timeout(40)
        waited += 40
        paths = [urlparse(h).path for h in page.eval_on_selector_all(
            RESULT_LINKS + ":not([data-old])", "els => els.map(e => e.href)")]
        if wanted_paths & set(paths):
            return paths
        stable = stable + 1 if paths == last and paths else 0
        last = paths
        if stable >= 20:  # unchanged for 800 ms
            break
    return last or []


def normalise_query(text: str) -> str:
    """What docs/assets/search-normalise.js makes of typed text (Arabic ي/ك -> ی/ک, ZWNJ ->
    space, Persian digits -> Latin)."""
    table = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "\u200c": " ",
                           **{c: str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")},
                           **{c: str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}})
    return re.sub("[\u064b-\u065f\u0670\u0640]", "", text.translate(table))


def _names(ch):
    """(query, record address) for every place alias and every actor name and alias."""
    out = []
    for kind in ("places", "actors"):
        for rid, rec in ch.records(kind).items():
            names = [rec.name.en, rec.name.fa, *rec.aliases]
            for n in dict.fromkeys(x for x in names if x):
                out.append((n, f"{kind}/{rid}/"))
    return out


def test_search_finds_every_name_and_alias(browser, base, ch):
    """Typed into the header search field: English names and spellings on the English home
    page, Persian ones on the Persian home page (one page load each). Every spelling of a
    place is typed key by key."""
    by_lang: dict[str, list] = {"en": [], "fa": []}
    for query, address in _names(ch):
        by_lang["fa" if PERSIAN.search(query) else "en"].append((query, address))
    root = urlparse(base).path
    missed = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()  # one page in front: background pages get slow timers
        for lang, queries in by_lang.items():
            goto(page, base + ("fa/" if lang == "fa" else ""))
            page.locator(SEARCH_INPUT).click()
            for query, address in queries:
                # actor names are long: their last word is typed, the rest pasted
                keys = None if address.startswith("places/") else len(query.split()[-1])
                found = search_finds(page, base, query, {address, "fa/" + address}, keys=keys)
                if not {root + address, root + "fa/" + address} & set(found):
                    missed.append(f"{query!r} ({lang}) -> {address}; got {found[:5]}")
    finally:
        context.close()
    assert missed == [], f"{len(missed)} names not found by search:\n" + "\n".join(missed)


def _arabic(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


def test_search_persian_spellings_find_the_prison(desktop, base, ch):
    place = ch.places["ghezel-hesar"]
    city = ch.places[place.part_of].name.fa  # «کرج»: the prison's page names its city
    queries = ["قزل\u200cحصار", "قزلحصار", "قزل حصار", place.name.fa,
               "قزل\u200cحصار " + _arabic(city),  # typed on an Arabic keyboard: ك, ي
               _arabic(city)]
    assert any(c in q for q in queries for c in "يك"), "no query with Arabic ي/ك"
    page = desktop.new_page()
    goto(page, base + "fa/")
    page.locator(SEARCH_INPUT).click()
    prison = {"places/ghezel-hesar/", "fa/places/ghezel-hesar/"}
    # the city alone finds the city's page first; with more records naming Karaj, the
    # prison's page may fall below the first screen of results
    city_pages = {f"places/{place.part_of}/", f"fa/places/{place.part_of}/"}
    root = urlparse(base).path
    missed = []
    for q in queries:
        wanted = prison | city_pages if q == _arabic(city) else prison
        found = search_finds(page, base, q, wanted)
        if not {root + w for w in wanted} & set(found):
            missed.append(f"{q!r}: {found[:5]}")
    # what the reader typed with Arabic letters is shown, and searched, in Persian letters
    assert page.locator(SEARCH_INPUT).input_value() == city
    assert missed == [], "\n".join(missed)


# ---------------------------------------------------------------------------------------
# 4: Persian dates


def test_persian_date_on_event_page(desktop, base, ch):
    ids = [rid for rid, e in ch.events.items() if e.date == "2025-10-19"]
    assert ids, "no event dated 2025-10-19 in data/"
    page = desktop.new_page()
    goto(page, base + f"fa/events/{ids[0]}/", idle=False)
    date = page.locator(".md-content .ch-date").first.inner_text()
    assert "۲۷ مهر ۱۴۰۴" in date, date


# ---------------------------------------------------------------------------------------
# 5: timeline filters, with and without JavaScript


def _visible_events(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(".md-content li")]
        .filter(li => li.querySelector("span.ch-ev") && li.offsetParent !== null)
        .map(li => li.querySelector("a").getAttribute("href"))""")


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_filter_in_address(desktop, base, ch, lang):
    # the smallest tag that still has events: a clear drop in the count
    tag = min((t for t in ch.tags if ch.events_citing("tags", t)),
              key=lambda t: len(ch.events_citing("tags", t)))
    expected = len(ch.events_citing("tags", tag))
    assert expected < len(ch.events)
    page = desktop.new_page()
    url = url_of(base, lang, "timeline/")
    goto(page, url, idle=False)
    assert page.locator("form.ch-filters").is_visible()
    assert len(_visible_events(page)) == len(ch.events)
    page.select_option("form.ch-filters select[name=tag]", tag)
    shown = _visible_events(page)
    assert len(shown) == expected, (tag, shown)
    assert parse_qs(urlparse(page.url).query) == {"tag": [tag]}, page.url
    count = page.locator(".ch-filters__count").inner_text()
    digits = str(expected) if lang == "en" else str(expected).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert digits in count, count
    page.reload(wait_until="load")
    assert page.locator("form.ch-filters select[name=tag]").input_value() == tag
    assert _visible_events(page) == shown
    # the year headings of years with no matching event are hidden too
    years = {ch.event_dates[r].year for r in ch.events_citing("tags", tag)}
    headings = page.evaluate("""() => [...document.querySelectorAll(".md-content h2[id^=year-]")]
        .filter(h => h.offsetParent !== null).map(h => +h.id.slice(5))""")
    assert set(headings) == years


def test_pages_work_without_javascript(browser, base, ch, targets):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        tag = targets["tag"].split("/")[1]
        place = targets["place"].split("/")[1]
        checks = [("timeline/", list(ch.ordered_events)),
                  (f"tags/{tag}/", ch.events_citing("tags", tag)),
                  (f"places/{place}/", ch.events_citing("places", place))]
        for lang in LANGS:
            for path, ids in checks:
                url = url_of(base, lang, path)
                goto(page, url, idle=False)
                hrefs = page.evaluate("""() => [...document.querySelectorAll(".md-content li")]
                    .filter(li => li.querySelector("span.ch-ev") && li.offsetParent !== null)
                    .map(li => li.querySelector("a").href)""")
                assert len(hrefs) >= len(ids), f"{url}: {len(hrefs)} events listed, want {len(ids)}"
                for rid in ids:
                    want = url_of(base, lang, f"events/{rid}/")
                    assert want in hrefs, f"{url}: no link to {want}"
                if path == "timeline/":
                    assert not page.locator("form.ch-filters").is_visible(), "filters shown without JS"
                    for href in hrefs:  # every link answers
                        assert page.request.get(href).status == 200, href
            goto(page, url_of(base, lang, "figures/"), idle=False)
            assert page.locator(".md-content table").first.is_visible()
            links = page.eval_on_selector_all(".md-content table a[href]", "els => els.map(e => e.href)")
            assert links, "figures table without links"
            for href in dict.fromkeys(h.split("#")[0] for h in links):
                assert page.request.get(href).status == 200, href
    finally:
        context.close()


# ---------------------------------------------------------------------------------------
# 6: keyboard and text equivalents


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_search_switch_and_content(desktop, base, targets, lang):
    page = desktop.new_page()
    goto(page, url_of(base, lang, targets["event"]), idle=False)
    first_link = page.evaluate("""() => { const a = [...document.querySelectorAll("article a[href]")]
        .find(a => !a.classList.contains("headerlink")); return a && a.href; }""")
    assert first_link
    reached = {"search": False, "switch": False, "content": False}
    for _ in range(150):  # from the top of the page, as a keyboard reader starts
        page.keyboard.press("Tab")
        state = page.evaluate("""() => { const e = document.activeElement; return [
            e.matches("[data-md-component=search-query]"), e.matches("a.ch-lang"),
            e.closest("article") !== null && e.href || ""]; }""")
        reached["search"] |= state[0]
        reached["switch"] |= state[1]
        if state[2] == first_link:
            reached["content"] = True
            break
        if state[0]:  # Tab inside the search field moves on; Escape keeps the dialog closed
            page.keyboard.press("Escape")
    assert reached == {"search": True, "switch": True, "content": True}, reached


def test_badges_and_chart_have_text(desktop, base, ch, targets):
    page = desktop.new_page()
    for lang in LANGS:
        goto(page, url_of(base, lang, targets["event"]), idle=False)
        badge = page.locator(".md-content .ch-status").first
        assert badge.is_visible() and badge.inner_text().strip(), "status badge without visible text"
        goto(page, url_of(base, lang, "figures/"), idle=False)
        img = page.locator(".md-content figure.ch-chart img").first
        assert img.is_visible()
        alt = img.get_attribute("alt") or ""
        assert len(alt) > 20, alt
        if lang == "fa":
            assert PERSIAN.search(alt), alt
        follows = page.evaluate("""() => { let e = document.querySelector("figure.ch-chart");
            while (e && !(e.matches("table") || e.querySelector("table"))) e = e.nextElementSibling;
            return !!e; }""")
        assert follows, "no table after the chart"
        assert page.evaluate("""() => { const i = document.querySelector("figure.ch-chart img");
            return i.complete && i.naturalWidth > 0; }"""), "chart image did not load"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_labels_readable_on_a_phone(mobile, desktop, base, lang):
    """At 375 px the page loads the narrow chart, drawn at 360 px: its 12 px labels stay
    at least 10.5 px on screen (the wide one, shrunk to fit, would make them about 6 px)."""
    for context, narrow in ((mobile, True), (desktop, False)):
        page = context.new_page()
        goto(page, url_of(base, lang, "figures/"), idle=False)
        page.wait_for_function("""() => { const i = document.querySelector("figure.ch-chart img");
            return i && i.complete && i.naturalWidth > 0; }""")
        src, shown, drawn = page.evaluate("""() => { const i = document.querySelector("figure.ch-chart img");
            return [i.currentSrc, i.getBoundingClientRect().width, i.naturalWidth]; }""")
        assert ("-narrow." in src) == narrow, src
        assert drawn in ((360,) if narrow else (720,)), (src, drawn)
        assert 12 * shown / drawn >= 10.5, f"{src}: labels {12 * shown / drawn:.1f} px on screen"
        page.close()


# ---------------------------------------------------------------------------------------
# 8: print


def test_print_shows_sources_and_addresses(desktop, base, ch, targets):
    page = desktop.new_page()
    rid = targets["event"].split("/")[1]
    goto(page, base + targets["event"], idle=False)
    page.emulate_media(media="print")
    assert page.locator("h2#sources").is_visible()
    addresses = page.locator(".md-content .ch-address a")
    urls = [ch.sources[c.source].url for c in ch.events[rid].sources if ch.sources[c.source].url]
    assert urls
    shown = [a.inner_text().strip() for a in addresses.all() if a.is_visible()]
    for u in urls:
        assert u in shown, f"address not printed: {u}"
    for a in addresses.all():
        text, href = a.inner_text().strip(), a.get_attribute("href")
        if text.startswith("http"):
            assert text == href
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        loc = page.locator(selector)
        assert loc.count() == 0 or not loc.first.is_visible(), f"{selector} printed"


# ---------------------------------------------------------------------------------------
# 9: page weight


def test_home_page_weight(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    rec = Recorder(page, base)
    try:
        goto(page, base)
        sizes = {}
        for r in rec.responses:
            path = urlparse(r.url).path
            if path.endswith("/search/search_index.json"):
                continue  # the search index: fetched for search, measured on its own
            try:
                sizes[r.url] = len(r.body())
            except Exception:  # a redirect or a response without body
                sizes[r.url] = 0
        total = sum(sizes.values())
    finally:
        context.close()
    lines = [f"{n:>9,}  {urlparse(u).path}" for u, n in sorted(sizes.items(), key=lambda kv: -kv[1])]
    report = f"home page, cold load, search index excluded: {total:,} bytes ({total / 1024:.1f} KB)"
    print("\n" + report + "\n" + "\n".join(lines))
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "page-weight.txt").write_text(report + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert total <= PAGE_WEIGHT_LIMIT, report
