"""The build of one site: load the data once, then produce every generated page and file.
hooks.py and macros.py both call `state(config)`; the work is done once per build."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, pages
from .load import Chronicle, load
from .render import labels, render


@dataclass
class SiteState:
    ch: Chronicle
    site_url: str
    edit_base: str
    pages: dict[str, Callable[[], str]] = field(default_factory=dict)  # docs path -> makes its Markdown
    # site path -> bytes (charts), or the file holding them (downloads, in `spool`)
    files: dict[str, bytes | Path] = field(default_factory=dict)
    spool: Path | None = None  # a temporary folder, removed when the build ends (cleanup)
    redirects: dict[str, str] = field(default_factory=dict)
    # index entries of the pages left out of Material's search (see hooks.on_page_content)
    search_entries: list[dict] = field(default_factory=list)


# The config object of the current build and its state. Holding the object itself (not its
# id) means a later build's config can never be mistaken for this one.
_cache: list = []


def data_dir(config) -> Path:
    root = Path(config["config_file_path"] or ".").resolve().parent
    return Path(os.environ.get("CHRONICLE_DATA") or root / "data")


def load_state(config) -> SiteState:
    """Load and validate the data for this build (cached per config object)."""
    if _cache and _cache[0] is config:
        return _cache[1]
    ch = load(data_dir(config))
    site_url = config.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    st = SiteState(ch=ch, site_url=site_url, edit_base=config["extra"].get("edit_base", ""))
    _cache[:] = [config, st]
    return st


def cleanup(st: SiteState) -> None:
    """Remove the build's temporary files (MkDocs has copied them by now)."""
    if st.spool is not None:
        shutil.rmtree(st.spool, ignore_errors=True)
        st.spool = None


def generate(st: SiteState) -> None:
    """Fill in pages and files (only for data without errors)."""
    if st.pages or st.ch.errors:
        return
    ch = st.ch
    cite = downloads_info = None
    try:
        from . import cite as cite_mod
        cite = lambda kind, rid, lang: cite_mod.cite(ch, kind, rid, st.site_url, lang)  # noqa: E731
    except ImportError:
        pass
    try:
        from . import downloads
        built = downloads.build(ch, st.site_url)
        downloads_info = downloads.describe(built, ch)
        offline = os.environ.get("CHRONICLE_OFFLINE_ZIP")
        if offline and Path(offline).is_file():
            from .offline import ZIP_NAME
            words = {lang: labels()[lang]["offline_zip"] for lang in pages.LANGS}
            downloads_info.append({"name": ZIP_NAME, "size": Path(offline).stat().st_size,
                                   "count": len(ch.events), "media_type": "application/zip",
                                   "description_en": words["en"], "description_fa": words["fa"]})
        # written out, not held: at 10,000 events the downloads weigh about 85 MB
        st.spool = Path(tempfile.mkdtemp(prefix="chronicle-downloads-"))
        for name in list(built):
            path = st.spool / name
            path.write_bytes(built.pop(name))
            st.files[f"downloads/{name}"] = path
    except ImportError:
        downloads_info = []
    table = charts.national_table(ch)
    drawn = {size: charts.chart(ch, table, size=size) for size in charts.SIZES}
    for lang in pages.LANGS:
        v = pages.View(ch, lang, st.edit_base, st.site_url)
        for size, chart in drawn.items():
            if chart is not None:
                svg = render("chart.svg.j2", c=chart, v=v, L=v.L)
                name = charts.NATIONAL + ("" if size == "wide" else f"-{size}")
                st.files[f"{v.prefix}figures/{name}.{lang}.svg"] = svg.encode("utf-8")
    st.pages = pages.plan(ch, drawn, st.edit_base, st.site_url, cite=cite, downloads_info=downloads_info)
    st.redirects = pages.redirects(ch)
