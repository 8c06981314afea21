"""`python -m chronicle synth|bench` (or `python -m devtools synth|bench`)."""
from __future__ import annotations

import argparse
import sys

from . import bench, synth


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chronicle", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (synth, bench):
        module.register(sub)
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    return args.func(args)
