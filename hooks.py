"""MkDocs hooks: thin glue between MkDocs and the chronicle package.

- on_pre_build: load and validate data/ once; stop the build, before anything is written,
  if any record has an error (each printed as path:line: message).
- on_files: add one generated page per record, the index pages, downloads and charts.
  A generated page's Markdown is made when MkDocs reads it, and not kept.
- on_page_content: a last sanitising pass over generated pages; then, until the page is
  written, its HTML is kept compressed and its Markdown dropped (memory stays small).
- on_page_context: unpack that HTML again, before any plugin or template sees it.
- on_post_build: normalise the search index for Persian and keep record entries compact.
- on_startup, on_nav, GeneratedPage.is_modified: with `mkdocs serve --dirty`, a record
  page is written again only when it changed (chronicle/preview.py).

Record pages and lists of records are left out of Material's search plugin: their one index
entry each (see chronicle/search.py) is made here, not by parsing their whole HTML again.
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # hooks are imported by path

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from chronicle import preview, render, search, site  # noqa: E402
from chronicle.offline import ZIP_NAME as OFFLINE_ZIP  # noqa: E402

log = logging.getLogger("mkdocs.chronicle")


def on_startup(command, dirty):
    preview.start(command, dirty)


def on_pre_build(config):
    st = site.load_state(config)
    if st.ch.errors:
        for problem in sorted(st.ch.errors):
            log.error(str(problem))
        raise PluginError(f"{len(st.ch.errors)} problem(s) in {st.ch.root}: nothing was built. "
                          "Run `python -m chronicle check` for the list.")
    site.generate(st)
    # The records live until the build ends: the garbage collector need not walk them again
    # for every page (undone in on_post_build and on_build_error).
    gc.freeze()


class GeneratedPage(File):
    """A page made from the records: its Markdown is rendered when MkDocs reads it."""
    make = None
    entries = None       # the build's own search entries (a page left as it was adds its own)
    preview_key = None   # what the page was made from (chronicle/preview.py)
    _unchanged = None
    _markdown = None

    @property
    def content_string(self) -> str:
        text, self._markdown = self._markdown, None
        return text if text is not None else self.make()

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")

    def is_modified(self) -> bool:
        """Asked only by dirty builds (`mkdocs serve --dirty`), twice per page."""
        if self._unchanged is None:
            markdown = self.make()
            self._unchanged, self.preview_key = preview.unchanged(
                self.src_uri, self.abs_dest_path, markdown, self.entries)
            self._markdown = None if self._unchanged else markdown
        return not self._unchanged


def on_files(files, config):
    st = site.load_state(config)
    for path, make in st.pages.items():
        page = GeneratedPage.generated(config, path, content="")
        page.make = make
        page.entries = st.search_entries
        files.append(page)
    for path, content in st.files.items():
        if isinstance(content, bytes):
            files.append(File.generated(config, path, content=content))
        else:  # a file of the build's temporary folder (removed in on_post_build)
            files.append(File.generated(config, path, abs_src_path=str(content)))
    offline = os.environ.get("CHRONICLE_OFFLINE_ZIP")
    if offline and Path(offline).is_file():  # `make build` makes it first (chronicle/offline.py)
        files.append(File.generated(config, f"downloads/{OFFLINE_ZIP}", abs_src_path=str(Path(offline).resolve())))
    for old, new in st.redirects.items():
        target = "../" * (old.count("/") + 1) + new + "/"
        files.append(File.generated(config, f"{old}/index.html",
                                    content=render.render("redirect.html.j2", target=Markup(target))))
    preview.write_all_others(files, GeneratedPage)
    return files


def on_nav(nav, config, files):
    preview.begin(config, nav)
    return nav


@event_priority(-100)  # last: after any other plugin changed the HTML
def on_page_content(html, page, config, files):
    if not page.meta.get("chronicle_generated"):
        return html
    html = render.sanitise_page(html)
    kind = page.meta.get("chronicle_kind")
    if kind in search.OWN_ENTRIES:
        page.meta["search"] = {"exclude": True}
        entry = search.page_entry(page.url, html, text=kind not in ("events", "sources"))
        site.load_state(config).search_entries.append(entry)
        page.chronicle_entry = entry
    # MkDocs holds every page's Markdown and HTML until the last page is written. A generated
    # page's title is in its front matter, so its Markdown is not needed any more, and its
    # HTML is kept compressed (about a fifth of the size) until on_page_context.
    page.markdown = ""
    page.chronicle_html = zlib.compress(html.encode("utf-8"), 1)
    return ""


@event_priority(100)  # first: every other plugin and the theme see the page's HTML
def on_page_context(context, page, config, nav):
    packed = getattr(page, "chronicle_html", None)
    if packed is not None:
        page.content = zlib.decompress(packed).decode("utf-8")
        page.chronicle_html = None
    return context


def on_post_page(output, page, config):
    if page.meta.get("chronicle_generated"):
        page.content = None  # written: not needed again
        preview.written(page.file.src_uri, getattr(page.file, "preview_key", None),
                        getattr(page, "chronicle_entry", None), page.file.abs_dest_path,
                        page.meta.get("chronicle_kind") in search.OWN_ENTRIES)
    return output


@event_priority(-50)  # after the search plugin wrote its index, before the offline plugin inlines it
def on_post_build(config):
    gc.unfreeze()
    preview.finish()
    st = site.load_state(config)
    site.cleanup(st)
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.exists():
        search.rewrite_index(index, extra=st.search_entries)


def on_build_error(error):
    gc.unfreeze()
    if site._cache:
        site.cleanup(site._cache[1])
