"""The offline edition (`python -m chronicle offline`): a zip of the whole site that works
opened from disk (file://) in a real Chromium, search included, with no request anywhere."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import BASIC, ROOT

pytestmark = pytest.mark.slow  # builds sites, runs the benchmark or outside tools


@pytest.fixture(scope="module")
def offline_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("offline")
    zip_path = out / "site.zip"
    result = subprocess.run([sys.executable, "-m", "chronicle", "offline", "--data", str(BASIC),
                             "--out", str(zip_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert len(names) == len(set(names)) and all(n.startswith("ghezel-hesar-chronicle/") for n in names)
        zf.extractall(out)
    return out / "ghezel-hesar-chronicle"


def test_offline_zip_is_reproducible(offline_dir, tmp_path):
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    for z in (a, b):
        subprocess.run([sys.executable, "-m", "chronicle", "offline", "--data", str(BASIC), "--out", str(z)],
                       cwd=ROOT, check=True, capture_output=True)
    assert a.read_bytes() == b.read_bytes()


def test_offline_site_works_from_disk(offline_dir, browser):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((offline_dir / "index.html").as_uri())
    assert "Ghezel Hesar Chronicle" in page.title()
    # follow links from disk: timeline, then an event
    page.click("nav.md-nav--primary >> text=Timeline")
    page.wait_for_load_state()
    assert page.url.endswith("timeline/index.html")
    page.click("article a[href*='events/2011-03-15-uprising']")
    page.wait_for_load_state()
    assert "Uprising in Unit 2" in page.inner_text("article h1")
    # search works without a server
    field = page.locator("input[data-md-component=search-query]")
    field.click()
    field.press_sequentially("Qezelhesar", delay=30)
    result = page.locator(".md-search-result__item a[href*='places/ghezel-hesar']").first
    result.wait_for(timeout=10_000)
    # Persian pages too
    page.goto((offline_dir / "fa" / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fa"
    assert not [u for u in requests if not u.startswith("file://")], requests
    assert not errors, errors
    context.close()


def test_downloads_page_links_the_zip(offline_dir, build_site):
    """`make build` builds the zip first and the site links it from /downloads/."""
    zip_path = offline_dir.parent / "site.zip"
    site = build_site(BASIC, CHRONICLE_OFFLINE_ZIP=str(zip_path))
    assert (site / "downloads" / "ghezel-hesar-chronicle-offline.zip").read_bytes() == zip_path.read_bytes()
    for lang in ("", "fa/"):
        page = (site / lang / "downloads" / "index.html").read_text("utf-8")
        assert "ghezel-hesar-chronicle-offline.zip" in page and "USB" in page
