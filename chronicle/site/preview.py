"""Faster previews: with `mkdocs serve --dirty` (what `make serve` runs), a record page is
written again only when something it is made from changed.

MkDocs' own `--dirty` compares file dates, which says nothing about pages made from data/.
Here a record page, or a list of records, is left as it is on disk when
- its Markdown is the same as when this preview last wrote it, and
- so is everything else its HTML is made from: mkdocs.yml and the settings read from it,
  the theme's overrides, and the navigation (shown on every page).
Every other page is written every time: hand-written pages show figures from the data
through macros, and Material's search would lose the entries of the pages it indexes
itself (actors, places) if they were left out. A record page that is no
longer made (its record was deleted or renamed) is removed from the preview, and the search
index keeps the entries of the pages left as they were.

The state lives in a `Preview`, which the build object keeps from one rebuild to the next
of one `serve`.
A plain `mkdocs build` never skips anything.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.chronicle")


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation and links inaccurate, and with
    `strict: true` that warning would stop every preview. Here only record pages are
    skipped, under the conditions above, so it does not apply: it is shown as information."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("A 'dirty' build is being performed"):
            log.info("Preview: record pages are written again only when they change "
                     "(chronicle/site/preview.py)")
            return False
        return True


def _always() -> bool:
    return True


def _nav_outline(items) -> list:
    return [(type(item).__name__, item.title, getattr(item, "url", None),
             _nav_outline(item.children) if getattr(item, "children", None) else None)
            for item in items]


class Preview:
    """What one `mkdocs serve --dirty` wrote, from one rebuild to the next."""

    def __init__(self, command: str = "build", dirty: bool = False):
        self.enabled = command == "serve" and dirty
        self.fingerprint: bytes | None = None  # of everything but a page's own Markdown
        # src_uri -> (key of what it was made from, its search entry, the file written)
        self.written_pages: dict[str, tuple[bytes, dict | None, str]] = {}
        self.made: set[str] = set()  # record pages made in this build
        if self.enabled:
            build_log = logging.getLogger("mkdocs.commands.build")
            if not any(isinstance(f, _DirtyNotice) for f in build_log.filters):
                build_log.addFilter(_DirtyNotice())

    def write_all_others(self, files, generated: type) -> None:
        """Every page that is not of class `generated` is written every time: MkDocs' dirty build
        would leave a hand-written page whose file did not change, but its macros read the data."""
        if not self.enabled:
            return
        for file in files.documentation_pages():
            if not isinstance(file, generated):
                file.is_modified = _always


    def begin(self, config, nav) -> None:
        """Once the navigation is known: what every page of this build is made from, besides
        its own Markdown."""
        self.made.clear()
        if not self.enabled:
            self.fingerprint = None
            return
        # Material's search, in a dirty build, merges its previous index with the entries of the
        # one page it assumes was rebuilt. Here every page it indexes is written every time,
        # so its new index is whole: the previous one must not be merged in (duplicates).
        for plugin in config["plugins"].values():
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None
        h = hashlib.sha256()
        for name in ("config_file_path", "site_url", "site_name", "copyright", "repo_url", "edit_uri",
                     "use_directory_urls", "extra", "markdown_extensions", "mdx_configs",
                     "extra_css", "extra_javascript"):
            h.update(f"{name}={config.get(name)!r}\n".encode())
        h.update(repr(sorted(dict(config["theme"]).items(), key=lambda kv: kv[0])).encode())
        if config.get("config_file_path"):
            h.update(Path(config["config_file_path"]).read_bytes())
        folder = config["theme"].custom_dir  # overrides/ (the installed theme stays as it is)
        if folder and Path(folder).is_dir():
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    st = path.stat()
                    h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        h.update(repr(_nav_outline(nav.items)).encode())
        self.fingerprint = h.digest()


    def unchanged(self, src_uri: str, dest: str, markdown: str, entries: list) -> tuple[bool, bytes | None]:
        """Whether the page can be left as it is on disk, and the key to remember it under once
        written. A page left as it is gets its search entry back in `entries`."""
        if self.fingerprint is None:
            return False, None
        self.made.add(src_uri)
        key = hashlib.sha256(self.fingerprint + markdown.encode("utf-8", "surrogatepass")).digest()
        before = self.written_pages.get(src_uri)
        if before is None or before[0] != key or before[2] != dest or not os.path.isfile(dest):
            return False, key
        if before[1] is not None:
            entries.append(before[1])
        return True, key


    def written(self, src_uri: str, key: bytes | None, entry: dict | None, dest: str, own_entry: bool) -> None:
        """A record page was written: remember what it was made from. Pages that Material's
        search indexes itself (`own_entry` false) are always written again."""
        if key is None:
            return
        if own_entry:
            self.written_pages[src_uri] = (key, entry, dest)
        else:
            self.written_pages.pop(src_uri, None)


    def finish(self) -> None:
        """After a build: remove the pages of records that are gone, and forget them."""
        if self.fingerprint is None:
            return
        for src_uri in [s for s in self.written_pages if s not in self.made]:
            _, _, dest = self.written_pages.pop(src_uri)
            try:
                os.remove(dest)
            except OSError:
                pass
