"""Command line: `python -m chronicle check|synth|bench|new|schemas`."""
from __future__ import annotations

import argparse
import sys


def cmd_check(args) -> int:
    import gc

    from .load import _processes, load
    gc.disable()  # a short run: no need to walk every loaded record when it ends
    ch = load(args.data, processes=_processes(), pages=False)
    for p in sorted(ch.errors):
        print(p)
    for p in sorted(ch.warnings):
        print(p, file=sys.stderr)
    counts = ", ".join(f"{ch.count(k)} {k}" for k in ("events", "sources", "actors", "places", "figures"))
    if ch.errors:
        print(f"{len(ch.errors)} problem(s) in {ch.root}; nothing can be published until they are fixed "
              f"({len(ch.warnings)} warning(s))", file=sys.stderr)
        return 1
    print(f"{ch.root}: OK ({counts}; {len(ch.warnings)} date warning(s), shown on the pages "
          "as discrepancies)", file=sys.stderr)
    if ch.cached:
        print(f"({ch.cached} record files unchanged since the last check were not read again; "
              "CHRONICLE_CACHE=off reads every file)", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chronicle", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate every record; one line per problem")
    p.add_argument("--data", default=None, help="data folder (default: $CHRONICLE_DATA or data/)")
    p.set_defaults(func=cmd_check)
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] != ["check"]:  # `check` starts faster without the other commands' imports
        for register in _extra_commands():
            register(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


def _extra_commands():
    """Commands that live in their own modules (synth, bench, new, schemas)."""
    import importlib
    out = []
    for name in ("synth", "bench", "scaffold", "schemas", "linkcheck", "offline"):
        try:
            mod = importlib.import_module(f"chronicle.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"chronicle.{name}":
                raise
            continue
        out.append(mod.register)
    return out
