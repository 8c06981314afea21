"""Page generation: every generated page as (docs path, Markdown), a pure function of the
loaded records. One page per event, source, actor, place and tag, the timeline and its
years, the sources index, figures and downloads — in English and under fa/ in Persian.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from markupsafe import Markup

from ..data import dates
from ..data.load import Chronicle
from ..data.model import Bilingual
from .render import environment, labels, render, slug

LANGS = ("en", "fa")


@dataclass
class Shown:
    """A text field chosen for one language."""
    text: str
    lang: str           # the language the text is actually in
    translated: bool    # Persian written by the editors (not the source's own words)
    missing: bool       # Persian asked for but not written yet: English shown instead


class View:
    """What the templates need to show records in one language."""

    def __init__(self, ch: Chronicle, lang: str, edit_base: str = "", site_url: str = ""):
        self.ch = ch
        self.lang = lang
        self.L = labels()[lang]
        self.prefix = "" if lang == "en" else f"{lang}/"
        self.edit_base = edit_base
        self.site_url = site_url
        self.rtl = lang == "fa"
        self._event_items: dict[str, Markup] = {}

    def event_item(self, rid: str) -> Markup:
        """The list line of one event (templates/_macros.j2), rendered once per View."""
        line = self._event_items.get(rid)
        if line is None:
            line = self._event_items[rid] = Markup(_EVENT_ITEM().render(v=self, ch=self.ch, L=self.L, rid=rid))
        return line

    # text ---------------------------------------------------------------------------
    def t(self, value: Bilingual | None) -> Shown | None:
        if value is None:
            return None
        if self.lang == "fa":
            if value.fa:
                return Shown(value.fa, "fa", True, False)
            return Shown(value.en, "en", False, True)
        return Shown(value.en, "en", False, False)

    def tr(self, value, quote_lang: str) -> Shown | None:
        """The editors' translation of a quote to show beside it, if any is useful here."""
        if value is None:
            return None
        base = quote_lang.split("-")[0]
        if self.lang == "fa" and value.fa and base != "fa":
            return Shown(value.fa, "fa", True, False)
        if value.en and base != "en":
            return Shown(value.en, "en", True, False)
        return None

    def name(self, kind: str, rid: str) -> str:
        rec = self.ch.records(kind).get(rid)
        if rec is None:
            return rid
        if kind == "events":
            return self.t(rec.title).text
        if kind == "sources":
            if self.lang == "en" and rec.title_en:
                return rec.title_en
            return rec.title
        if kind in ("tags", "metrics"):
            return rec.fa if self.lang == "fa" else rec.en
        return self.t(rec.name).text

    # links --------------------------------------------------------------------------
    def doc(self, kind: str, rid: str | None = None) -> str:
        """Absolute docs path of a page, for Markdown links (MkDocs checks and rewrites them)."""
        if kind == "timeline":
            path = f"/{self.prefix}timeline/{int(rid)}.md" if rid else f"/{self.prefix}timeline/index.md"
        elif rid is None:
            path = f"/{self.prefix}{slug(kind)}/index.md"
        else:
            path = f"/{self.prefix}{slug(kind)}/{slug(rid)}.md"
        return Markup(path)

    def permalink(self, kind: str, rid: str) -> str:
        return f"{self.site_url}{self.prefix}{kind}/{rid}/"

    def edit_url(self, kind: str, rid: str) -> str:
        return self.edit_base + self.ch.paths.get((kind, rid), "")

    # numbers and dates ----------------------------------------------------------------
    def num(self, n: int) -> str:
        text = f"{n:,}"
        if self.lang == "fa":
            return dates.fa_digits(text.replace(",", "٬"))
        return text

    def amount(self, a) -> str:
        q = self.L["qualifiers"][a.qualifier]
        if a.value is not None:
            n = self.num(a.value)
        else:
            n = f"{self.num(a.low)}–{self.num(a.high)}"
        return f"{q} {n}".strip()

    def date(self, value: dates.DateValue) -> str:
        """The main date: Gregorian in English, Solar Hijri first in Persian."""
        if self.lang == "fa":
            return dates.format_fa(value)[0]
        return dates.format_en(value)

    def date_other(self, value: dates.DateValue) -> str:
        """The date in the other calendar, shown beside the main one."""
        if self.lang == "fa":
            return dates.format_fa(value)[1]
        return dates.format_sh_en(value)

    def event_date(self, rid: str) -> str:
        return self.date(self.ch.event_dates[rid])

    def day(self, d: dt.date) -> str:
        return dates.format_day_fa(d) if self.lang == "fa" else dates.format_day_en(d)

    def year(self, y: int) -> str:
        return dates.fa_digits(y) if self.lang == "fa" else str(y)

    def count(self, n: int) -> str:
        return self.L["count_one"] if n == 1 else self.L["count_events"].format(n=self.num(n))

    def plain_date(self, text: str | None) -> str:
        if not text:
            return ""
        return self.date(dates.parse_date(text))


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter: same YAML, faster


@functools.cache
def _EVENT_ITEM():
    return environment().from_string(
        '{% from "_macros.j2" import event_item_uncached with context %}{{ event_item_uncached(rid) }}')


def _page(meta: dict, body: str) -> str:
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n{body}"


def _meta(v: View, title: str, kind: str, rid: str | None, **extra) -> dict:
    meta = {"title": " ".join(title.split()), "render_macros": False, "chronicle_generated": True,
            "chronicle_lang": v.lang, "chronicle_kind": kind}
    if rid:
        meta["chronicle_id"] = rid
    meta.update(extra)
    return meta


def event_neighbours(ch: Chronicle) -> dict[str, tuple[str | None, str | None]]:
    order = ch.ordered_events
    return {rid: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
            for i, rid in enumerate(order)}


def _record_pages(ch: Chronicle, v: View, lang: str, common: dict, neighbours: dict, cite) -> dict:
    """The record pages of one language. They are many: each entry holds only its id until
    the page is made."""
    pages, p = {}, v.prefix

    def event_page(rid):
        return _page(
            _meta(v, v.name("events", rid), "events", rid, edit_path=ch.paths[("events", rid)]),
            render("event.md.j2", e=ch.events[rid], rid=rid, prev=neighbours[rid][0],
                   next=neighbours[rid][1], date=ch.event_dates[rid],
                   checks=ch.date_checks.get(rid, []),
                   citation=cite("events", rid, lang) if cite else None, **common))

    def record_page(kind, template, rid):
        return _page(
            _meta(v, v.name(kind, rid), kind, rid, edit_path=ch.paths[(kind, rid)]),
            render(template, r=ch.records(kind)[rid], rid=rid, kind=kind,
                   events=ch.events_citing(kind, rid),
                   citation=cite(kind, rid, lang) if cite and kind == "sources" else None,
                   **common))

    def tag_page(rid):
        return _page(_meta(v, v.name("tags", rid), "tags", rid),
                     render("tag.md.j2", r=ch.tags[rid], rid=rid,
                            events=ch.events_citing("tags", rid), **common))

    for rid in ch.ordered_events:
        pages[f"{p}events/{rid}.md"] = functools.partial(event_page, rid)
    for kind, template in (("sources", "source.md.j2"), ("actors", "actor.md.j2"),
                           ("places", "place.md.j2")):
        for rid in ch.records(kind):
            pages[f"{p}{kind}/{rid}.md"] = functools.partial(record_page, kind, template, rid)
    for rid in ch.tags:
        pages[f"{p}tags/{rid}.md"] = functools.partial(tag_page, rid)
    return pages


def plan(ch: Chronicle, drawn: dict, figure_data, edit_base: str = "", site_url: str = "", cite=None,
         downloads_info=None) -> dict[str, Callable[[], str]]:
    """Every generated page, not yet rendered: {docs path: function giving its Markdown}.
    The build renders each page when MkDocs reads it, so no page's Markdown is held longer
    than it takes to turn it into HTML. `cite(kind, id, lang)` gives the citation snippets;
    `downloads_info` the file list of /downloads/; `drawn` the charts ({size: Chart})."""
    pages: dict[str, Callable[[], str]] = {}
    neighbours = event_neighbours(ch)
    years = sorted({ch.event_dates[r].year for r in ch.ordered_events})
    by_year: dict[int, list[str]] = defaultdict(list)
    for rid in ch.ordered_events:
        by_year[ch.event_dates[rid].year].append(rid)

    def page(meta: dict, template: str, **context) -> Callable[[], str]:
        return functools.partial(_render_page, meta, template, context)

    for lang in LANGS:
        v = View(ch, lang, edit_base, site_url)
        p = v.prefix
        common = {"v": v, "ch": ch, "L": v.L}

        pages.update(_record_pages(ch, v, lang, common, neighbours, cite))
        for kind in ("actors", "places", "tags"):
            pages[f"{p}{kind}/index.md"] = page(
                _meta(v, v.L[kind] if kind in v.L else kind, f"{kind}-index", None),
                "list.md.j2", kind=kind, **common)
        pages[f"{p}sources/index.md"] = page(_meta(v, v.L["sources"], "sources-index", None),
                                             "sources_index.md.j2", **common)
        pages[f"{p}timeline/index.md"] = page(
            _meta(v, v.L["timeline"], "timeline", None),
            "timeline.md.j2", years=years, by_year=by_year, year=None, **common)
        for y in years:
            pages[f"{p}timeline/{y}.md"] = page(
                _meta(v, f'{v.L["timeline"]}: {v.year(y)}', "timeline-year", str(y)),
                "timeline.md.j2", years=years, by_year=by_year, year=y, **common)
        pages[f"{p}figures.md"] = page(_meta(v, v.L["figures_title"], "figures", None),
                                       "figures.md.j2", table=figure_data, wide=drawn["wide"],
                                       narrow=drawn["narrow"], **common)
        if downloads_info is not None:
            pages[f"{p}downloads.md"] = page(_meta(v, v.L["downloads"], "downloads", None),
                                             "downloads.md.j2", files=downloads_info, **common)
    return pages


def _render_page(meta: dict, template: str, context: dict) -> str:
    return _page(meta, render(template, **context))


def redirects(ch: Chronicle) -> dict[str, str]:
    """Old record addresses kept alive: {old docs path: new docs path} for `redirect_from`."""
    out = {}
    for kind in ("events", "sources", "actors", "places"):
        for rid, rec in ch.records(kind).items():
            for old in getattr(rec, "redirect_from", []):
                for lang in LANGS:
                    p = "" if lang == "en" else f"{lang}/"
                    out[f"{p}{kind}/{old}"] = f"{p}{kind}/{rid}"
    return out
