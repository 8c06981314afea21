"""One build of the site. `hooks.py` holds one `Build` and hands it MkDocs' events; the
macros of the hand-written pages reach it through the config (`Build.of(config)`).

The data is loaded and validated once per build (on_pre_build); every generated page is a
function of those records, made when MkDocs reads it. The build's state lives here, not in
module globals; the preview state (`make serve`) lasts from one rebuild to the next.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..commands.offline import ZIP_NAME as OFFLINE_ZIP
from ..data.load import Chronicle, load
from . import charts, cite, downloads, pages, render, search
from .preview import Preview
from .records import site_address

log = logging.getLogger("mkdocs.chronicle")
KEY = "chronicle_build"  # where the config keeps its build, for macros.py


class GeneratedPage(File):
    """A page made from the records: its Markdown is rendered when MkDocs reads it. With
    `mkdocs serve --dirty`, it is written again only when it changed (preview.py)."""

    make: Callable[[], str]
    build: "Build"
    preview_key: bytes | None = None
    _unchanged: bool | None = None
    _markdown: str | None = None

    @classmethod
    def made_by(cls, config, path: str, make: Callable[[], str], build: "Build") -> "GeneratedPage":
        page = cls.generated(config, path, content="")
        page.make, page.build = make, build
        return page

    @property
    def holds_markdown(self) -> bool:
        """Whether rendered Markdown waits here (only between is_modified and the read)."""
        return self._markdown is not None

    @property
    def content_string(self) -> str:
        text, self._markdown = self._markdown, None
        return text if text is not None else self.make()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._markdown = value

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._markdown = value.decode("utf-8")

    def is_modified(self) -> bool:
        """Asked only by dirty builds (`mkdocs serve --dirty`)."""
        if self._unchanged is None:
            markdown = self.make()
            self._unchanged, self.preview_key = self.build.preview.unchanged(
                self.src_uri, self.abs_dest_path, markdown, self.build.search_entries)
            self._markdown = None if self._unchanged else markdown
        return not self._unchanged


class Build:
    """The state of one build: settings, records, pages, files, temporary folder, preview."""

    def __init__(self):
        self.preview = Preview()
        self.config = None
        self.ch: Chronicle | None = None
        self.pages: dict[str, Callable[[], str]] = {}
        self.files: dict[str, bytes | Path] = {}  # site path -> bytes, or a file in `spool`
        self.redirects: dict[str, str] = {}
        self.search_entries: list[dict] = []  # entries of pages left out of Material's search
        self.spool: Path | None = None
        self.table = None  # the national figures table (charts.py), for pages and macros
        self.site_url = self.edit_base = ""

    @staticmethod
    def of(config) -> "Build":
        return config[KEY]

    def start(self, command: str, dirty: bool) -> None:
        self.preview = Preview(command, dirty)

    def configure(self, config):
        config[KEY] = self
        self.config = config
        self.site_url = site_address(config.get("site_url"))
        self.edit_base = config["extra"].get("edit_base", "")
        return config

    def data_dir(self) -> Path:
        root = Path(self.config["config_file_path"] or ".").resolve().parent
        return Path(os.environ.get("CHRONICLE_DATA") or root / "data")

    def load(self) -> None:
        """Load and validate; stop the build, before anything is written, on any error."""
        self.cleanup()
        self.ch, self.pages, self.files, self.redirects, self.search_entries = load(self.data_dir()), {}, {}, {}, []
        if self.ch.errors:
            for problem in sorted(self.ch.errors):
                log.error(str(problem))
            raise PluginError(f"{len(self.ch.errors)} problem(s) in {self.ch.root}: nothing was built. "
                              "Run `python -m chronicle check` for the list.")
        self._generate()

    def view(self, lang: str) -> pages.View:
        return pages.View(self.ch, lang, self.edit_base, self.site_url)

    def _generate(self) -> None:
        ch = self.ch
        info = self._downloads()
        self.table = table = charts.national_table(ch)
        drawn = {size: charts.chart(ch, table, size=size) for size in charts.SIZES}
        for lang in pages.LANGS:
            v = self.view(lang)
            for size, chart in drawn.items():
                if chart is not None:
                    name = charts.NATIONAL + ("" if size == "wide" else f"-{size}")
                    svg = render.render("chart.svg.j2", c=chart, v=v, L=v.L)
                    self.files[f"{v.prefix}figures/{name}.{lang}.svg"] = svg.encode("utf-8")
        self.pages = pages.plan(ch, drawn, table, self.edit_base, self.site_url,
                                cite=lambda kind, rid, lang: cite.cite(ch, kind, rid, self.site_url, lang),
                                downloads_info=info)
        self.redirects = pages.redirects(ch)

    def _downloads(self) -> list[dict]:
        """Write the downloads to a temporary folder (at 10,000 events they weigh about 85 MB)."""
        built = downloads.build(self.ch, self.site_url)
        info = downloads.describe(built, self.ch)
        zip_path = self.offline_zip()
        if zip_path:
            words = render.labels()
            info.append({"name": OFFLINE_ZIP, "size": zip_path.stat().st_size, "count": len(self.ch.events),
                         "media_type": "application/zip", "description_en": words["en"]["offline_zip"],
                         "description_fa": words["fa"]["offline_zip"]})
        self.spool = Path(tempfile.mkdtemp(prefix="chronicle-downloads-"))
        for name in list(built):
            (self.spool / name).write_bytes(built.pop(name))
            self.files[f"downloads/{name}"] = self.spool / name
        return info

    @staticmethod
    def offline_zip() -> Path | None:
        """The offline zip that `make build` makes first (commands/offline.py), if any."""
        path = os.environ.get("CHRONICLE_OFFLINE_ZIP")
        return Path(path).resolve() if path and Path(path).is_file() else None

    def add_files(self, files, config):
        for path, make in self.pages.items():
            files.append(GeneratedPage.made_by(config, path, make, self))
        for path, content in self.files.items():
            if isinstance(content, bytes):
                files.append(File.generated(config, path, content=content))
            else:
                files.append(File.generated(config, path, abs_src_path=str(content)))
        if self.offline_zip():
            files.append(File.generated(config, f"downloads/{OFFLINE_ZIP}", abs_src_path=str(self.offline_zip())))
        for old, new in self.redirects.items():
            target = "../" * (old.count("/") + 1) + new + "/"
            files.append(File.generated(config, f"{old}/index.html",
                                        content=render.render("redirect.html.j2", target=Markup(target))))
        self.preview.write_all_others(files, GeneratedPage)
        return files

    def page_content(self, html: str, page) -> str:
        """A last sanitising pass over a generated page; its one search entry."""
        if not page.meta.get("chronicle_generated"):
            return html
        html = render.sanitise_page(html)
        kind = page.meta.get("chronicle_kind")
        if kind in search.OWN_ENTRIES:
            page.meta["search"] = {"exclude": True}
            entry = search.page_entry(page.url, html, text=kind not in ("events", "sources"))
            self.search_entries.append(entry)
            page.chronicle_entry = entry
        # MkDocs holds every page's Markdown and HTML until the last page is written. A
        # generated page's title is in its front matter, so its Markdown is not needed any
        # more, and its HTML waits compressed (about a fifth of the size) until page_context.
        page.markdown = ""
        page.chronicle_html = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def page_context(self, page) -> None:
        packed = getattr(page, "chronicle_html", None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")
            page.chronicle_html = None

    def page_written(self, page) -> None:
        if page.meta.get("chronicle_generated"):
            page.content = None  # written: not needed again
            self.preview.written(page.file.src_uri, getattr(page.file, "preview_key", None),
                                 getattr(page, "chronicle_entry", None), page.file.abs_dest_path,
                                 page.meta.get("chronicle_kind") in search.OWN_ENTRIES)

    def finish(self, config) -> None:
        self.preview.finish()
        self.cleanup()
        index = Path(config["site_dir"]) / "search" / "search_index.json"
        if index.exists():
            search.rewrite_index(index, extra=self.search_entries, ch=self.ch)

    def cleanup(self) -> None:
        """Remove the build's temporary files (MkDocs has copied them by now)."""
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None
