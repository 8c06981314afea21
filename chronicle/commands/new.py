"""`python -m chronicle new KIND ID`: write a skeleton record for an editor to fill in.

    python -m chronicle new source hrana-2025-10-hunger-strike --url https://... --date 2025-10-12
    python -m chronicle new event hunger-strike-2025-10 --date 2025-10-12 --source hrana-2025-10-hunger-strike

The file gets the schema line (so an editor's YAML extension completes and checks fields),
every field of the record: required ones filled in, optional ones commented out with a hint
(remove the "# " to use them). What the options did not give is marked `FILL IN`: the
record passes `python -m chronicle check` as written once the ids it points to exist, and
CI refuses any data file that still contains `FILL IN`.

Without --source, an event's (or figure's) source is the placeholder id
`replace-with-a-source-id`: `check` reports it until it names a file in data/sources/.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

import yaml

from ..data import validate
from ..data.model import ID_PATTERN, KINDS, URL_PATTERN
from .schemas import schema_line

FILL = "FILL IN"
KIND_FOLDERS = {"event": "events", "source": "sources", "actor": "actors", "place": "places",
                "figure": "figures"}
PLACEHOLDER_IDS = {"source": "replace-with-a-source-id", "actor": "replace-with-an-actor-id",
                   "metric": "replace-with-a-metric-id"}
_ID_RE = re.compile(ID_PATTERN)


class ScaffoldError(Exception):
    """A mistake in the command line: shown as one line, exit 1."""


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _title_text(args, what: str) -> tuple[str, str]:
    """(YAML value, trailing comment) for a required text the options may give."""
    if args.title:
        return q(args.title), ""
    return q(f"{FILL}: {what}"), ""


def _date(args, what: str, default: str) -> str:
    if args.date:
        return f"{q(args.date)}"
    return f"{q(default)}  # {FILL}: {what}"


def _ref(value: str | None, kind: str, what: str) -> str:
    if value:
        return value
    return f"{PLACEHOLDER_IDS[kind]}  # {FILL}: {what}"


def event(args, today: dt.date) -> str:
    title, _ = _title_text(args, "a short headline in English")
    quote = q(args.quote) if args.quote else q(f"{FILL}: the passage, verbatim, in the original language")
    place = (f"place: {args.place}" if args.place else "# place: ghezel-hesar").ljust(27)
    return f"""\
date: {_date(args, 'when it happened, e.g. "2011-03-15", "2013-06", "2024~"', today.isoformat())}
# date_reported:            # each source's own wording of the date, verbatim (Solar Hijri is checked)
#   - text: "25 Esfand 1389"
#     source: source-id
title:
  en: {title}
  # fa: ""                  # the Persian title
# summary:                  # what happened, in a few sentences (Markdown: *emphasis*, lists, https:// links)
#   en: >-
#     ...
#   fa: >-
#     ...
{place} # place id (data/places/)
# actors: [actor-id]        # who took part or responded (data/actors/)
# tags: [hunger-strike]     # ids from data/tags.yml
# figures:                  # numbers the sources give, each with who claims it
#   - label: {{en: Prisoners on hunger strike, fa: زندانیان در اعتصاب غذا}}
#     value: 1500           # or low: and high: for a range
#     qualifier: about      # exact | about | at-least | at-most
#     claimed_by: actor-id
#     source: source-id
#     # note: {{en: ...}}
sources:                    # at least one; each with the passage that supports the record
  - source: {_ref(args.source, "source", "the id of a file in data/sources/ (create it first: python -m chronicle new source ...)")}
    quote: {quote}
    # translation: {{en: "..."}}   # when the quote is not in English
    # locator: "paragraph 3"       # where in the source
    # note: {{en: "..."}}
status: single-source       # confirmed | corroborated (2+ publishers) | single-source | contested (needs a discrepancy note)
# notes:                    # where sources disagree, context, corrections
#   - kind: discrepancy     # discrepancy | context | correction
#     en: "HRANA gives 2011-03-15, Peace Mark 2011-03-16."
#     fa: ""
#     sources: [source-a, source-b]
# related: [other-event-id]
# redirect_from: [old-id]   # after a rename: the old id, so old links keep working
"""


def source(args, today: dt.date) -> str:
    title, _ = _title_text(args, "the title in the original language")
    url = f"url: {args.url}" if args.url else "# url: https://..."
    accessed = f"accessed: {q(today.isoformat())}" if args.url else '# accessed: "2025-10-20"'
    issued = f"issued: {q(args.date)}" if args.date else '# issued: "2025-10-19"   # publication date'
    publisher = f"publisher: {args.publisher}" if args.publisher else "# publisher: actor-id    # who published it (data/actors/)"
    return f"""\
type: webpage               # article-newspaper | webpage | report | post-weblog | statement | broadcast
title: {title}
# title_en: ""              # English title when the original is not English
# container: ""             # the outlet or website
{publisher}
# relays: [actor-id]        # organisations whose words it relays
# authors: [Name as printed]
{issued}
# issued_text: ""           # the publication date as the page prints it
# updated: "2025-10-20"
language: {args.language}   # BCP 47: en, fa, ...
{url}
# archive_url: https://web.archive.org/web/...   # an archived copy
{accessed}
stance: unknown             # independent-monitor | news | state | state-media | opposition | advocacy | reference | unknown
# notes:                    # what editors should know about this source
#   en: >-
#     ...
#   fa: >-
#     ...
# redirect_from: [old-id]
"""


def actor(args, today: dt.date) -> str:
    name, _ = _title_text(args, "the name in English")
    url = f"url: {args.url}" if args.url else "# url: https://...            # official website"
    return f"""\
kind: organization          # person | organization | state-body
name:
  en: {name}
  # fa: ""                  # the name in Persian
# aliases: [Other name]     # other names and spellings found in sources
# description:
#   en: ...
#   fa: ...
{url}
# redirect_from: [old-id]
"""


def place(args, today: dt.date) -> str:
    name, _ = _title_text(args, "the name in English")
    return f"""\
name:
  en: {name}
  # fa: ""                  # the name in Persian
# aliases: [Other spelling] # every spelling found in sources
# part_of: karaj            # id of the larger place
# description:
#   en: ...
#   fa: ...
# redirect_from: [old-id]
"""


def figure(args, today: dt.date) -> str:
    value = str(args.value) if args.value is not None else f"0  # {FILL}: the number (or low: and high: for a range)"
    quote = q(args.quote) if args.quote else q(f"{FILL}: the passage giving the number, verbatim")
    return f"""\
metric: {_ref(args.metric, "metric", "an id from data/metrics.yml, e.g. executions-iran")}
period: {_date(args, 'the period counted, e.g. "2024"', str(today.year - 1))}
# place: ghezel-hesar       # where it was counted (default: Iran)
value: {value}
# low: 0                    # a range instead of value: low and high
# high: 0
qualifier: exact            # exact | about | at-least | at-most
claimed_by: {_ref(args.claimed_by, "actor", "the id of the actor who claims the number")}
source: {_ref(args.source, "source", "the id of a file in data/sources/")}
quote: {quote}
# translation: {{en: "..."}}   # when the quote is not in English
# locator: "table 2"        # where in the source
# note:
#   en: ...
# see_also:                 # other sources on this number: relays, disputes
#   - source: another-source-id
"""


TEMPLATES = {"event": event, "source": source, "actor": actor, "place": place, "figure": figure}


def skeleton(kind: str, args, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    header = (f"{schema_line(KIND_FOLDERS[kind])}\n"
              f"# New {kind}: fill in what is marked {FILL}; optional fields are commented out:\n"
              f"# remove the \"# \" to use one. Then run: python -m chronicle check\n")
    return header + TEMPLATES[kind](args, today)


def _validate_options(args) -> None:
    if not _ID_RE.match(args.id):
        raise ScaffoldError(f'"{args.id}" is not a valid id: use lowercase letters, digits and '
                            'single hyphens, e.g. "hunger-strike-2025-10"')
    for opt in ("source", "place", "publisher", "metric", "claimed_by"):
        value = getattr(args, opt, None)
        if value is not None and not _ID_RE.match(value):
            raise ScaffoldError(f'--{opt.replace("_", "-")} "{value}" is not a valid id')
    if args.url and not re.match(URL_PATTERN, args.url):
        raise ScaffoldError(f'--url "{args.url}" is not a web address starting with https:// or http://')
    if args.value is not None and args.value < 0:
        raise ScaffoldError("--value must not be negative")


def _check_written(kind: str, text: str) -> list[str]:
    """Problems of one record on its own (references are for `check`)."""
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _, problems = validate.record(KINDS[KIND_FOLDERS[kind]], data, "", text)
    return [p.message for p in problems]


def cmd_new(args) -> int:
    try:
        _validate_options(args)
        root = Path(args.data or os.environ.get("CHRONICLE_DATA") or "data")
        if not root.is_dir():
            raise ScaffoldError(f"data folder {root} not found (run this from the project folder, "
                                "or pass --data DIR)")
        folder = root / KIND_FOLDERS[args.kind]
        path = folder / f"{args.id}.yml"
        if path.exists() or path.with_suffix(".yaml").exists():
            raise ScaffoldError(f"{path} already exists: edit it instead (nothing was written)")
        text = skeleton(args.kind, args)
        problems = _check_written(args.kind, text)
        if problems:
            raise ScaffoldError(f"the options give an invalid {args.kind}: {problems[0]}")
        folder.mkdir(exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite
            fh.write(text)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileExistsError:
        print(f"error: {path} already exists: edit it instead (nothing was written)", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    todo = _placeholders(text)
    if todo:
        print(f"fill in: {', '.join(todo)} (marked {FILL}); then run: python -m chronicle check")
    else:
        print("next: fill in the fields, then run: python -m chronicle check")
    return 0


def _placeholders(text: str) -> list[str]:
    """Dotted names of the fields whose value is still a FILL IN placeholder."""
    out, stack = [], []  # stack of (indent, key)
    for line in text.splitlines():
        body = line.lstrip(" ")
        if not body or body.startswith("#") or ":" not in body:
            continue
        indent = len(line) - len(body)
        key = body.removeprefix("- ").split(":", 1)[0].strip()
        indent += 2 if body.startswith("- ") else 0
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, key))
        if FILL in line:
            out.append(".".join(k for _, k in stack))
    return out


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "new", help="write a skeleton record to fill in",
        description="Write data/<kind>s/<id>.yml with every field: required ones filled in "
                    f"(what the options do not give is marked {FILL}), optional ones commented "
                    "out with a hint. Never overwrites a file.")
    p.add_argument("kind", choices=list(TEMPLATES), help="the kind of record")
    p.add_argument("id", help='the new id = file name: lowercase letters, digits and hyphens, '
                              'e.g. "hunger-strike-2025-10"')
    p.add_argument("--data", default=None, help="data folder (default: $CHRONICLE_DATA or data/)")
    p.add_argument("--title", help="event title (English), source title (original language), "
                                   "or the English name of an actor or place")
    p.add_argument("--date", help='event date, source issue date or figure period, e.g. "2025-10-19"')
    p.add_argument("--url", help="source or actor web address")
    p.add_argument("--source", help="event or figure: the id of the source it cites")
    p.add_argument("--quote", help="event or figure: the quoted passage, verbatim")
    p.add_argument("--place", help="event: place id")
    p.add_argument("--publisher", help="source: actor id of the publisher")
    p.add_argument("--language", default="en", help="source: language code (default: en)")
    p.add_argument("--metric", help="figure: metric id from data/metrics.yml")
    p.add_argument("--claimed-by", dest="claimed_by", help="figure: actor id of who claims it")
    p.add_argument("--value", type=int, help="figure: the number")
    p.set_defaults(func=cmd_new)
