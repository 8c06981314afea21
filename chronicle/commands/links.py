"""`python -m chronicle links`: check every source's `url` and `archive_url`.

Sources disappear: outlets are blocked, pages are taken down, sites move. This command asks
each address once (HEAD, then GET where HEAD is refused), and reports the ones that are
broken, with the archived copy to use instead: the record's `archive_url` if it has one,
otherwise a Wayback Machine look-up link to find (or make) one.

It needs the network, so it runs on a schedule (.github/workflows/links.yml), never on pull
requests. Exit status: 0 if every address answered, 1 if any is broken (so the scheduled run
shows red), 2 if the data could not be read.

    python -m chronicle links [--data DIR] [--timeout 20] [--workers 8] [--output report.md]
"""
from __future__ import annotations

import concurrent.futures as cf
import http.client
import socket
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

USER_AGENT = ("Mozilla/5.0 (compatible; ghezel-hesar-chronicle-linkcheck/1.0; "
              "+https://ghezel-hesar-chronicle.github.io/contributing/)")
# Answers that say "this address is gone".
DEAD = {404, 410, 451}
# Answers from sites that refuse robots or are overloaded: the page may be fine.
UNSURE = {401, 403, 405, 406, 429, 999}


@dataclass(frozen=True)
class Link:
    source: str        # source id
    field: str         # "url" or "archive_url"
    url: str
    path: str          # data file, for the report
    archive_url: str | None = None


@dataclass(frozen=True)
class Result:
    link: Link
    status: str        # "ok" | "broken" | "unsure"
    detail: str        # HTTP status or error

    @property
    def suggestion(self) -> str:
        if self.link.field == "archive_url":
            return "find another archived copy: " + wayback_lookup(self.link.url)
        if self.link.archive_url:
            return f"use the archived copy: {self.link.archive_url}"
        return "look for an archived copy (and add it as archive_url): " + wayback_lookup(self.link.url)


def wayback_lookup(url: str) -> str:
    """The Wayback Machine's list of captures of an address."""
    return "https://web.archive.org/web/*/" + url


def collect(data: str | None = None) -> tuple[list[Link], list[str]]:
    """Every url/archive_url of the sources, and the load errors (shown, not fatal)."""
    from ..data.load import load
    ch = load(data)
    links = []
    for sid in sorted(ch.sources):
        s = ch.sources[sid]
        path = ch.paths.get(("sources", sid), sid)
        if s.url:
            links.append(Link(sid, "url", s.url, path, s.archive_url))
        if s.archive_url:
            links.append(Link(sid, "archive_url", s.archive_url, path, s.archive_url))
    # only errors in source files matter here: such a source was not read at all
    return links, [str(p) for p in ch.errors if Path(p.path).parent.name == "sources"]


def _request(url: str, method: str, timeout: float) -> int:
    req = urllib.request.Request(url, method=method, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        "Accept-Language": "en, fa;q=0.9"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            if method == "GET":
                resp.read(1024)
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def check_link(link: Link, timeout: float = 20.0) -> Result:
    try:
        code = _request(link.url, "HEAD", timeout)
        if code >= 400:  # many servers refuse or mishandle HEAD: ask again with GET
            code = _request(link.url, "GET", timeout)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            return Result(link, "broken", "the domain does not resolve (site gone, or blocked)")
        if isinstance(reason, ssl.SSLError):
            return Result(link, "broken", f"TLS error: {reason}")
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Result(link, "unsure", f"no answer within {timeout:g} s")
        return Result(link, "broken", f"cannot connect: {reason}")
    except (TimeoutError, socket.timeout):
        return Result(link, "unsure", f"no answer within {timeout:g} s")
    except (http.client.HTTPException, ConnectionError, OSError, ValueError) as exc:
        return Result(link, "broken", f"{type(exc).__name__}: {exc}")
    if code in DEAD or code >= 500:
        return Result(link, "broken", f"HTTP {code}")
    if code in UNSURE or code >= 400:
        return Result(link, "unsure", f"HTTP {code} (the site may refuse automated requests: "
                                      "open it in a browser)")
    return Result(link, "ok", f"HTTP {code}")


def check_all(links: list[Link], timeout: float = 20.0, workers: int = 8) -> list[Result]:
    # one request per address, even when several sources share it
    unique = {l.url: l for l in links}
    with cf.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = dict(zip(unique, pool.map(lambda l: check_link(l, timeout), unique.values())))
    return [Result(l, answers[l.url].status, answers[l.url].detail) for l in links]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(results: list[Result], load_errors: list[str]) -> str:
    broken = [r for r in results if r.status == "broken"]
    unsure = [r for r in results if r.status == "unsure"]
    ok = len(results) - len(broken) - len(unsure)
    lines = ["# Source address check", "",
             f"{len(results)} address(es) of sources checked: {ok} answered, "
             f"{len(broken)} broken, {len(unsure)} to check by hand.", ""]
    for title, rows, hint in (
            ("Broken", broken, "These addresses are gone or unreachable. Point readers to the "
                               "archived copy: add or fix `archive_url` in the source record."),
            ("To check by hand", unsure, "The site refused or did not answer the robot; open "
                                         "these in a browser before changing anything.")):
        if not rows:
            continue
        lines += [f"## {title}", "", hint, "",
                  "| source | field | address | problem | suggestion |",
                  "| --- | --- | --- | --- | --- |"]
        for r in rows:
            lines.append(f"| {_md(r.link.path)} | {r.link.field} | {_md(r.link.url)} | "
                         f"{_md(r.detail)} | {_md(r.suggestion)} |")
        lines.append("")
    if load_errors:
        lines += ["## Records not checked", "",
                  "These files have errors (`python -m chronicle check`), so their addresses "
                  "were not read:", ""] + [f"- {_md(e)}" for e in load_errors] + [""]
    return "\n".join(lines)


def cmd_links(args) -> int:
    links, errors = collect(args.data)
    results = check_all(links, timeout=args.timeout, workers=args.workers)
    text = report(results, errors)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    for r in results:
        if r.status != "ok":
            print(f"{r.link.path}: {r.link.field} {r.link.url}: {r.status}: {r.detail}; "
                  f"{r.suggestion}")
    broken = sum(r.status == "broken" for r in results)
    print(f"{len(results)} address(es) checked, {broken} broken, "
          f"{sum(r.status == 'unsure' for r in results)} to check by hand", file=sys.stderr)
    return 1 if broken else 0


def register(subparsers) -> None:
    p = subparsers.add_parser("links", help="check every source url/archive_url (needs the network)")
    p.add_argument("--data", default=None, help="data folder (default: $CHRONICLE_DATA or data/)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    p.add_argument("--workers", type=int, default=8, help="requests at once (default 8)")
    p.add_argument("--output", default=None, help="also write a Markdown report to this file")
    p.set_defaults(func=cmd_links)


if __name__ == "__main__":
    from ..cli import main
    raise SystemExit(main(["links", *sys.argv[1:]]))
