"""Shared test fixtures: real builds of real data folders, a local HTTP server, a browser.

- `build_site(data_dir, **env)` runs a real `mkdocs build --strict` into a temporary folder
  (cached per data folder for the session) and returns the site folder.
- `fixture_site` / `real_site`: the small fixture data set and the project's data/, built.
- `serve(site_dir)`: a local HTTP server (127.0.0.1 only) for browser tests.
- Tests that use one of these fixtures are marked `slow` (SLOW_FIXTURES); `pytest -m "not
  slow"` runs the rest in about a minute.
- `browser`: Chromium driven by Playwright: Debian's /usr/bin/chromium when present
  (CI installs it), otherwise Playwright's own download (`playwright install chromium`).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

# Tests do not read or write the user's cache of checked files (chronicle/cache.py);
# tests/test_cache.py gives it a folder of its own.
os.environ["CHRONICLE_CACHE"] = "off"

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BASIC = FIXTURES / "basic"
sys.path.insert(0, str(ROOT))

MKDOCS = [sys.executable, "-m", "mkdocs"]

# A test that builds a site or drives a browser is slow: `pytest -m "not slow"` leaves it out.
SLOW_FIXTURES = {"build_site", "fixture_site", "real_site", "synth_site", "browser", "page", "serve"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
_built: dict[tuple, Path] = {}


def run_build(data_dir: Path, site_dir: Path, extra_env: dict | None = None,
              config: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHRONICLE_DATA": str(data_dir), "NO_MKDOCS_2_WARNING": "1",
           **(extra_env or {})}
    return subprocess.run([*MKDOCS, "build", "--strict", "-f", str(config or ROOT / "mkdocs.yml"),
                           "-d", str(site_dir)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=900)


@pytest.fixture(scope="session")
def build_site(tmp_path_factory):
    def build(data_dir: Path, **extra_env) -> Path:
        key = (str(data_dir), tuple(sorted(extra_env.items())))
        if key not in _built:
            site = tmp_path_factory.mktemp("site")
            result = run_build(Path(data_dir), site, extra_env)
            assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr[-5000:]}"
            _built[key] = site
        return _built[key]
    return build


@pytest.fixture(scope="session")
def fixture_site(build_site) -> Path:
    return build_site(BASIC)


@pytest.fixture(scope="session")
def real_site(build_site) -> Path:
    return build_site(ROOT / "data")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    servers = []

    def start(site_dir: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(site_dir))
        httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/"
    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None  # fall back to Playwright's own browser download


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        path = chromium_path()
        try:
            b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS) if path else \
                p.chromium.launch(args=CHROMIUM_ARGS)
        except Exception as exc:  # no browser at all: say how to get one
            pytest.fail(f"no Chromium: install Debian's `chromium` or run `playwright install chromium` ({exc})")
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
