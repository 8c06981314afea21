"""Command line: `python -m chronicle check|new|schemas|offline|links|synth|bench`."""
from __future__ import annotations

import argparse
import sys

from .commands import links, new, offline, schemas
from .data.load import load

SHOWN_KINDS = ("events", "sources", "actors", "places", "figures", "people")


def cmd_check(args) -> int:
    ch = load(args.data)
    for p in sorted(ch.errors):
        print(p)
    for p in sorted(ch.warnings):
        print(p, file=sys.stderr)
    counts = ", ".join(f"{ch.count(k)} {k}" for k in SHOWN_KINDS)
    if ch.errors:
        print(f"{len(ch.errors)} problem(s) in {ch.root}; nothing can be published until they are fixed "
              f"({len(ch.warnings)} warning(s))", file=sys.stderr)
        return 1
    print(f"{ch.root}: OK ({counts}; {len(ch.warnings)} warning(s))", file=sys.stderr)
    if ch.cached:
        print(f"({ch.cached} record files unchanged since the last check were not read again; "
              "CHRONICLE_CACHE=off reads every file)", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] in (["synth"], ["bench"]):  # developer tools, beside the package (devtools/)
        import devtools.cli
        return devtools.cli.main(argv)
    parser = argparse.ArgumentParser(prog="python -m chronicle", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate every record; one line per problem")
    p.add_argument("--data", default=None, help="data folder (default: $CHRONICLE_DATA or data/)")
    p.set_defaults(func=cmd_check)
    for module in (new, schemas, offline, links):
        module.register(sub)
    sub.add_parser("synth", help="a synthetic data set (devtools/synth.py)")
    sub.add_parser("bench", help="the scaling benchmark (devtools/bench.py)")
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
