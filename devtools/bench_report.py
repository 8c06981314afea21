"""The benchmark's report: the machine, the table of results and the targets met or not."""
from __future__ import annotations

import os
import platform
from pathlib import Path

from dataclasses import dataclass, field

TARGETS = {"ratio": 1.15, "scaling": 5.5, "check_s": 6.0, "check_edit_s": 1.0, "rss_mb_10k": 1024,
           "search_bytes": 600, "page_kb": 40}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    output: str = ""


@dataclass
class Site:
    pages: int = 0
    bytes: int = 0
    search_bytes: int = 0
    event_avg: float = 0.0
    event_max: int = 0


@dataclass
class Row:
    n: int
    ours: Run | None = None
    base: Run | None = None
    ours_site: Site = field(default_factory=Site)
    base_site: Site = field(default_factory=Site)


@dataclass
class CheckTimes:
    """`check` timings: the median run of each kind (and every wall time)."""
    cold: Run        # every file read (an empty cache), on one process
    warm: Run        # after editing one event file: the others come from the cache
    walls: dict[str, list[float]]


# --- the report -----------------------------------------------------------------------------

def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    try:
        load = ", load average at start {:.1f}".format(os.getloadavg()[0])
    except OSError:
        load = ""
    from importlib.metadata import version
    pk = ", ".join(f"{p} {version(p)}" for p in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin",
                                                 "PyYAML", "pydantic", "Jinja2", "Markdown", "nh3"))
    return (f"{os.cpu_count()} cores ({cpu}){mem}; Python {platform.python_version()}; {pk}{load}")


def table(rows: list[Row], check: CheckTimes | None, check_n: int, serve: dict | None, serve_n: int) -> str:
    out = ["| events | ours wall s | ours CPU s | baseline wall s | baseline CPU s | ratio wall | ratio CPU "
           "| peak MB (ours / base) | pages | site MB | search B/event | event page avg KB | max KB |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        o, b, s = r.ours, r.base, r.ours_site
        base = (f"{b.wall:.1f} | {b.cpu:.1f} | {o.wall / b.wall:.2f} | {o.cpu / b.cpu:.2f} | "
                f"{o.rss_mb:.0f} / {b.rss_mb:.0f}") if b else f"— | — | — | — | {o.rss_mb:.0f} / —"
        out.append(f"| {r.n:,} | {o.wall:.1f} | {o.cpu:.1f} | {base} | "
                   f"{s.pages:,} | {s.bytes / 1e6:.0f} | {s.search_bytes / r.n:.0f} | "
                   f"{s.event_avg / 1024:.1f} | {s.event_max / 1024:.1f} |")
    out = out + [""] if rows else []  # `--sizes ""`: no builds, no table
    by_n = {r.n: r for r in rows}
    lines = []
    if 1000 in by_n and 5000 in by_n:
        a, b = by_n[1000].ours, by_n[5000].ours
        lines.append(f"- scaling t(5,000) / t(1,000): {b.wall / a.wall:.2f} wall, {b.cpu / a.cpu:.2f} CPU "
                     f"(target ≤ {TARGETS['scaling']}; 5× the events)")
        ba, bb = by_n[1000].base, by_n[5000].base
        if ba and bb:
            lines.append(f"- baseline scaling t(5,000) / t(1,000): {bb.wall / ba.wall:.2f} wall, {bb.cpu / ba.cpu:.2f} CPU")
    if check is not None:
        def spread(kind):
            walls = sorted(check.walls[kind])
            return f"median of {len(walls)}; all: {', '.join(f'{w:.1f}' for w in walls)}"
        c, w = check.cold, check.warm
        lines.append(f"- `chronicle check` at {check_n:,} events, every file read (empty cache), one "
                     f"process: {c.wall:.1f} s wall ({spread('cold')}), {c.cpu:.1f} s CPU, "
                     f"{c.rss_mb:.0f} MB (target ≤ {TARGETS['check_s']:.0f} s)")
        lines.append(f"- `chronicle check` at {check_n:,} events after editing one event file (the others "
                     f"from the cache): {w.wall:.1f} s wall ({spread('warm')}), {w.cpu:.1f} s CPU, "
                     f"{w.rss_mb:.0f} MB")
    for how, (first, rebuild) in (serve or {}).items():
        lines.append(f"- `mkdocs serve{' --dirty' if how == 'dirty' else ''}` at {serve_n:,} events: first "
                     f"build served after {first:.1f} s; one event edited → rebuilt, page shows it "
                     f"after {rebuild:.1f} s")
    return "\n".join(out + lines)


def targets(rows: list[Row], check: CheckTimes | None, check_n: int = 10000) -> list[str]:
    by_n = {r.n: r for r in rows}
    out = []

    def verdict(name, value, limit, fmt="{:.2f}"):
        ok = value <= limit
        out.append(f"- {name}: {fmt.format(value)} (target ≤ {fmt.format(limit)}) — "
                   + ("met" if ok else f"NOT met, by {fmt.format(value - limit)}"))

    if 5000 in by_n and by_n[5000].base:
        r = by_n[5000]
        verdict("build / baseline at 5,000 events (CPU)", r.ours.cpu / r.base.cpu, TARGETS["ratio"])
        verdict("build / baseline at 5,000 events (wall)", r.ours.wall / r.base.wall, TARGETS["ratio"])
    if 1000 in by_n and 5000 in by_n:
        verdict("t(5,000) / t(1,000) (CPU)", by_n[5000].ours.cpu / by_n[1000].ours.cpu, TARGETS["scaling"])
    if check is not None:
        verdict(f"check of {check_n:,} events, every file read, s (wall, median)", check.cold.wall,
                TARGETS["check_s"], "{:.1f}")
        verdict(f"check of {check_n:,} events after editing one file, s (wall, median)", check.warm.wall,
                TARGETS["check_edit_s"], "{:.1f}")
    if 10000 in by_n:
        verdict("peak memory at 10,000 events, MB", by_n[10000].ours.rss_mb, TARGETS["rss_mb_10k"], "{:.0f}")
    if not rows:
        return out
    big = max(rows, key=lambda r: r.n)
    verdict(f"search index bytes per event ({big.n:,})", big.ours_site.search_bytes / big.n,
            TARGETS["search_bytes"], "{:.0f}")
    verdict(f"largest record page, KB ({big.n:,})", big.ours_site.event_max / 1024, TARGETS["page_kb"], "{:.1f}")
    return out


