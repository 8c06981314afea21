"""MkDocs hooks: thin glue between MkDocs and the chronicle package.

- on_pre_build: load and validate data/ once; stop the build, before anything is written,
  if any record has an error (each printed as path:line: message).
- on_files: add one generated page per record, the index pages, downloads and charts.
- on_page_content: a last sanitising pass over generated pages.
- on_post_build: normalise the search index for Persian and keep record entries compact.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # hooks are imported by path

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from chronicle import render, search, site  # noqa: E402
from chronicle.offline import ZIP_NAME as OFFLINE_ZIP  # noqa: E402

log = logging.getLogger("mkdocs.chronicle")


def on_pre_build(config):
    st = site.load_state(config)
    if st.ch.errors:
        for problem in sorted(st.ch.errors):
            log.error(str(problem))
        raise PluginError(f"{len(st.ch.errors)} problem(s) in {st.ch.root}: nothing was built. "
                          "Run `python -m chronicle check` for the list.")
    site.generate(st)


def on_files(files, config):
    st = site.load_state(config)
    for path, content in st.pages.items():
        files.append(File.generated(config, path, content=content))
    for path, content in st.files.items():
        files.append(File.generated(config, path, content=content))
    offline = os.environ.get("CHRONICLE_OFFLINE_ZIP")
    if offline and Path(offline).is_file():  # `make build` makes it first (chronicle/offline.py)
        files.append(File.generated(config, f"downloads/{OFFLINE_ZIP}", abs_src_path=str(Path(offline).resolve())))
    for old, new in st.redirects.items():
        target = "../" * (old.count("/") + 1) + new + "/"
        files.append(File.generated(config, f"{old}/index.html",
                                    content=render.render("redirect.html.j2", target=Markup(target))))
    return files


def on_page_content(html, page, config, files):
    if page.meta.get("chronicle_generated"):
        return render.sanitise_page(html)
    return html


@event_priority(-50)  # after the search plugin wrote its index, before the offline plugin inlines it
def on_post_build(config):
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.exists():
        search.rewrite_index(index)
