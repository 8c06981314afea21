"""The scaling benchmark: `python -m chronicle bench [--full] [--out FILE] [--repeat R]`.

For 1,000 and 5,000 events (and 10,000 with --full): `synth` writes a data folder, then
- ours: a real `mkdocs build --strict` of the project with CHRONICLE_DATA pointing there;
- baseline: the very same Markdown (every page the hook generates, both languages, and the
  hand-written pages with their macros already rendered), written as static files and built
  by plain MkDocs: same theme, overrides, markdown_extensions, nav, not_in_nav and search
  plugin, but no macros plugin and no hooks.
Each build runs in a child process; wall time, CPU time (user + sys) and peak memory
(ru_maxrss of that child, from os.wait4; see run_child) are measured. Also: pages, site size, search index
bytes per event, HTML bytes of record pages, `chronicle check` at 10,000 events, and the
`mkdocs serve` rebuild after editing one event at 1,000 events (time until the rebuild is
done and the served page shows the edit), for plain `mkdocs serve` and for `mkdocs serve
--dirty` (`make serve`: only changed record pages are written again, chronicle/preview.py).

Timings depend on the machine and on what else runs on it: compare ratios, and read the
CPU column when the machine is shared (wall time includes waiting for a core).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from chronicle.site.build import Build
from chronicle.site.render import render
from .bench_report import CheckTimes, Row, Run, Site, machine, table, targets
from .synth import generate

ROOT = Path(__file__).resolve().parents[1]
def _kb(pid: int | str, field: str) -> int | None:
    """A memory figure of a process from /proc (Linux), in KB, or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run_child(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, timeout: float = 3600) -> Run:
    """Run a command; its wall time, CPU time and peak memory (this child only).

    Peak memory is ru_maxrss from os.wait4. On Linux that figure starts at this process's
    own size when the child is forked (and keeps it across exec), so when it is not above
    that size, the child's own high-water mark (VmHWM), read while it runs, is taken."""
    with tempfile.TemporaryFile() as out:
        own = _kb("self", "VmRSS")
        high = None
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=out, stderr=subprocess.STDOUT)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            seen = _kb(proc.pid, "VmHWM")
            if seen is not None:
                high = max(high or 0, seen)
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss
    if high is not None and own is not None and peak <= own:
        peak = high
    return Run(wall, usage.ru_utime + usage.ru_stime, peak / 1024, proc.returncode, text)


def measure_site(site: Path, n: int) -> Site:
    s = Site()
    sizes = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        s.bytes += size
        if path.suffix == ".html":
            s.pages += 1
            rel = path.relative_to(site).parts
            if rel[0] == "fa":
                rel = rel[1:]
            if len(rel) == 3 and rel[0] == "events" and rel[2] == "index.html":
                sizes.append(size)
    index = site / "search" / "search_index.json"
    s.search_bytes = index.stat().st_size if index.exists() else 0
    if sizes:
        s.event_avg = sum(sizes) / len(sizes)
        s.event_max = max(sizes)
    return s


def mkdocs_build(config: Path, site: Path, data: Path | None) -> Run:
    # every record file read and validated: no help from the cache of checked files
    env = {"NO_MKDOCS_2_WARNING": "1", "CHRONICLE_CACHE": "off"}
    if data is not None:
        env["CHRONICLE_DATA"] = str(data)
    return run_child([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                      "-f", str(config), "-d", str(site)], env)


# --- the baseline: the same Markdown as static files, plain MkDocs ------------------------

class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` becomes the default."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode)
    else None))


def baseline_project(data: Path, work: Path) -> Path:
    """Write the baseline docs folder and config under `work`; return the config path."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as fh:
        cfg = yaml.load(fh, Loader=_EnvLoader)
    build = Build()
    conf = {"config_file_path": str(ROOT / "mkdocs.yml"), "site_url": cfg.get("site_url"), "extra": cfg["extra"]}
    build.configure(conf)
    os.environ["CHRONICLE_DATA"] = str(data)
    try:
        build.load()
    except PluginError:
        raise SystemExit(f"{data}: the synthetic data has errors") from None
    finally:
        os.environ.pop("CHRONICLE_DATA")
    docs = work / "docs"
    shutil.copytree(ROOT / cfg.get("docs_dir", "docs"), docs)
    # the hand-written pages, macros rendered exactly as mkdocs-macros would call them
    macros = _macros(conf)
    jenv = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for md in docs.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        if "{{" in text or "{%" in text:
            md.write_text(jenv.from_string(text).render(**macros), encoding="utf-8")
    written = {path: make().encode("utf-8") for path, make in build.pages.items()}
    written.update({path: c if isinstance(c, bytes) else c.read_bytes() for path, c in build.files.items()})
    for old, new in build.redirects.items():
        written[f"{old}/index.html"] = render("redirect.html.j2", target=Markup(
            "../" * (old.count("/") + 1) + new + "/")).encode("utf-8")
    build.cleanup()
    for path, content in written.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    cfg["docs_dir"] = str(docs)
    cfg.pop("hooks", None)
    cfg.pop("watch", None)
    cfg["plugins"] = [p for p in cfg.get("plugins", [])
                      if not (p == "macros" or (isinstance(p, dict) and "macros" in p))]
    theme = cfg.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    config = work / "mkdocs.yml"
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def _macros(conf) -> dict:
    import importlib.util
    spec = importlib.util.spec_from_file_location("_bench_macros", ROOT / "macros.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    class Env:
        def __init__(self):
            self.conf = conf
            self.found = {}

        def macro(self, fn, name=None):
            self.found[name or fn.__name__] = fn
            return fn

        filter = macro

    env = Env()
    mod.define_env(env)
    return env.found


# --- check and serve ------------------------------------------------------------------------

def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def time_check(data: Path, cache_dir: Path, repeat: int = 5) -> CheckTimes:
    """`check` reading every file (an empty cache), then after one event file was edited (the others are taken from the cache of checked files,
    chronicle/cache.py). Each `repeat` times, interleaved, the median kept: on a shared
    machine single runs of a few seconds vary by a third."""
    cmd = [sys.executable, "-m", "chronicle", "check", "--data", str(data)]
    env = {"CHRONICLE_CACHE": str(cache_dir)}
    runs: dict[str, list[Run]] = {"cold": [], "warm": []}
    event = sorted((data / "events").glob("*.yml"))[0]
    text = event.read_text(encoding="utf-8")
    for i in range(repeat):
        shutil.rmtree(cache_dir, ignore_errors=True)
        runs["cold"].append(run_child(cmd, env))
        edited = text.replace("title:", f"# edited by the benchmark ({i})\ntitle:", 1)
        event.write_text(edited, encoding="utf-8")
        runs["warm"].append(run_child(cmd, env))
    event.write_text(text, encoding="utf-8")
    return CheckTimes(_median(runs["cold"]), _median(runs["warm"]),
                      {k: [r.wall for r in v] for k, v in runs.items()})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except Exception:
        return None


def time_serve(data: Path, dirty: bool = False, timeout: float = 900) -> tuple[float, float]:
    """Start `mkdocs serve` (`--dirty`: as `make serve` does) on the data; edit one event;
    seconds until the rebuild is done and the served page shows the edit.
    Returns (first build seconds, rebuild seconds)."""
    event = sorted((data / "events").glob("*.yml"))[len(list((data / "events").glob("*.yml"))) // 2]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/events/{event.stem}/"
    env = {**os.environ, "CHRONICLE_DATA": str(data), "NO_MKDOCS_2_WARNING": "1",
           "CHRONICLE_CACHE": str(data.parent / "serve-cache")}  # as on an editor's computer
    log = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                             "-w", str(data), *(["--dirty"] if dirty else [])],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def builds_done() -> int:
        # pread: the file's offset is shared with mkdocs, which is writing to it
        text = os.pread(log.fileno(), os.fstat(log.fileno()).st_size, 0)
        return text.decode("utf-8", "replace").count("Documentation built in")

    try:
        while _get(url) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                log.seek(0)
                raise RuntimeError("mkdocs serve did not start:\n" + log.read().decode()[-3000:])
            time.sleep(0.2)
        first = time.perf_counter() - t0
        time.sleep(1.0)  # let the watcher settle
        marker = f"Benchmark edit {int(time.time())}"
        text = event.read_text(encoding="utf-8")
        edited, n = re.subn(r"(title:\n  en: \")", rf"\g<1>{marker} ", text, count=1)
        if not n:
            raise RuntimeError(f"cannot find the English title in {event}")
        t1 = time.perf_counter()
        event.write_text(edited, encoding="utf-8")
        while True:
            page = _get(url) if builds_done() >= 2 else None
            if page and marker in page:
                break
            if proc.poll() is not None or time.perf_counter() - t1 > timeout:
                raise RuntimeError("the edit never appeared on the served page")
            time.sleep(0.1)
        return first, time.perf_counter() - t1
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def cmd_bench(args) -> int:
    sizes = [1000, 5000] + ([10000] if args.full else [])
    if args.sizes is not None:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    os.environ["CHRONICLE_CACHE"] = "off"  # the data sets are read whole (time_check says otherwise)
    started = dt.datetime.now().astimezone()
    desc = machine()
    print(f"# Benchmark {started:%Y-%m-%d %H:%M %Z}\n\n{desc}\n", file=sys.stderr)
    rows = []
    check = serve = None
    with tempfile.TemporaryDirectory(prefix="chronicle-bench-") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            data = tmp / f"data-{n}"
            generate(n, data, seed=args.seed)
            row = Row(n)
            work = tmp / f"baseline-{n}"
            work.mkdir()
            config = None if args.no_baseline else baseline_project(data, work)
            for i in range(args.repeat):
                for which, cfg, src in (("ours", ROOT / "mkdocs.yml", data), ("base", config, None)):
                    if cfg is None:
                        continue
                    site = tmp / f"site-{n}"
                    run = mkdocs_build(cfg, site, src)
                    if run.code:
                        print(run.output[-5000:], file=sys.stderr)
                        raise SystemExit(f"the {which} build failed at {n} events")
                    if getattr(row, which) is None or run.wall < getattr(row, which).wall:
                        setattr(row, which, run)
                        setattr(row, f"{which}_site", measure_site(site, n))
                    shutil.rmtree(site)
            print(f"{n:,} events: ours {row.ours.wall:.1f} s wall / {row.ours.cpu:.1f} s CPU, "
                  f"{row.ours.rss_mb:.0f} MB"
                  + (f"; baseline {row.base.wall:.1f} s / {row.base.cpu:.1f} s, {row.base.rss_mb:.0f} MB"
                     if row.base else ""), file=sys.stderr)
            rows.append(row)
            shutil.rmtree(work)
            if n == args.serve_events and not args.no_serve:
                serve = {how: time_serve(data, dirty=how == "dirty") for how in ("plain", "dirty")}
                print("serve: rebuild " + ", ".join(f"{how} {t[1]:.1f} s" for how, t in serve.items()),
                      file=sys.stderr)
            if n != args.check_events:
                shutil.rmtree(data)
        if not args.no_check:
            data = tmp / f"data-{args.check_events}"
            if not data.exists():
                generate(args.check_events, data, seed=args.seed)
            check = time_check(data, tmp / "check-cache", args.check_repeat)
            for run in (check.cold, check.warm):
                if run.code:
                    print(run.output[-3000:], file=sys.stderr)
    report = "\n".join([
        f"Run {started:%Y-%m-%d %H:%M %Z} on {desc}.",
        f"Command: `python -m chronicle {' '.join(sys.argv[1:]) or 'bench'}` (seed {args.seed}; "
        f"best of {args.repeat}).",
        "",
        table(rows, check, args.check_events, serve, args.serve_events),
        "",
        "Targets:",
        *targets(rows, check, args.check_events),
    ])
    print(report)
    if args.out:
        Path(args.out).write_text(report + "\n", encoding="utf-8")
    return 0


def register(sub) -> None:
    p = sub.add_parser("bench", help="the scaling benchmark (builds synthetic sites; minutes)")
    p.add_argument("--full", action="store_true", help="also 10,000 events")
    p.add_argument("--out", help="write the Markdown report to this file")
    p.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest is kept")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sizes", help="comma-separated event counts instead of 1000,5000[,10000]")
    p.add_argument("--check-events", type=int, default=10000, help="events for the check timing")
    p.add_argument("--check-repeat", type=int, default=5, help="runs of each check timing; the median is kept")
    p.add_argument("--serve-events", type=int, default=1000, help="events for the serve timing")
    p.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve timing")
    p.add_argument("--no-check", action="store_true", help="skip the check timing")
    p.add_argument("--no-baseline", action="store_true", help="build ours only (e.g. for peak memory at 10,000)")
    p.set_defaults(func=cmd_bench)
