"""chronicle/simple_yaml.py reads the simple YAML of record files without PyYAML. Whenever it
gives a value, that value must be exactly what PyYAML gives (the C loader and the pure
Python one); for anything else it must give NOT_SIMPLE, and PyYAML reads the file.

- every file in data/ and a synthetic data set are read by it, and equal PyYAML's result;
- random YAML written in many styles (plain, quoted, escaped, folded over lines, `>-` and
  `|` paragraphs, one-line lists, comments, blank lines, lists not indented), and the same
  with random damage (a character removed, an indent changed, a tab, a stray `: `, ...):
  a value only where PyYAML gives the same value, and mostly a value for the undamaged;
- line_of() names the same lines as PyYAML's nodes do.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chronicle import load as loading  # noqa: E402
from chronicle import simple_yaml, synth  # noqa: E402
from chronicle.simple_yaml import NOT_SIMPLE  # noqa: E402
from chronicle.simple_yaml import read as parse  # noqa: E402  (its own mistakes raise)
from test_fuzz import _typed  # noqa: E402  (tells 1 from True and from "1")

FUZZ = settings(max_examples=400, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _pyyaml(text: str, loader) -> tuple:
    try:
        return ("data", _typed(yaml.load(text, Loader=loader)))
    except yaml.YAMLError as exc:
        return ("error", type(exc).__name__)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):  # !!int x
        return ("error", "constructor")


def _agrees(text: str) -> bool:
    """Asserts the rule; returns whether the fast reader gave a value."""
    got = parse(text)
    if got is NOT_SIMPLE:
        return False
    c_loader = _pyyaml(text, yaml.CSafeLoader)
    assert c_loader == ("data", _typed(got)), text
    assert _pyyaml(text, yaml.SafeLoader) == c_loader, text
    return True


# --- the real data and a synthetic set --------------------------------------------------

def test_every_record_file_in_data_is_read_fast_and_the_same():
    files = sorted((ROOT / "data").rglob("*.yml"))
    assert len(files) > 300
    slow = [str(f.relative_to(ROOT)) for f in files if not _agrees(f.read_text("utf-8"))]
    assert not slow, f"read by PyYAML, not the fast reader: {slow[:5]}"


def test_a_synthetic_data_set_is_read_fast_and_the_same(tmp_path):
    synth.generate(120, tmp_path / "data")
    files = sorted((tmp_path / "data").rglob("*.yml"))
    assert len(files) > 150
    assert all(_agrees(f.read_text("utf-8")) for f in files)


# --- random documents in many styles ----------------------------------------------------

KEYS = ["en", "fa", "title", "a-b", "_x", "Key2", "yes", "No", "null", "on", "y", "n", "true",
        "id", "x"]
WORDS = ["a", "word", "two words", "کرج", "زندان قزل‌حصار", "0", "12", "007", "1_000", "0x1f",
         "1.5", "-3", "+4", "yes", "No", "True", "null", "~", "2013-06-01", "2013-06-01 10:00:00",
         "12:30", "a: b", "a #b", "a#b", "#a", "it's", 'say "x"', "back\\slash", "[x]", "{x}",
         "&a", "*a", "!x", "%x", "@x", "`x", "- x", "-x", "? x", "a:b", "a:", "http://x.y/z",
         "<<", "=", "", " lead", "trail ", "a  b", "...", "---", "\u00ab quoted \u00bb",
         "\u200c", "Tuesday, March 16, 2011", "https://example.org/a?b=c#d"]
# Keys and plain words that any YAML reader takes as text, for documents in the style
# record files are written in ("tame" below).
TAME_KEYS = ["en", "fa", "title", "a-b", "_x", "Key2", "id", "x", "claimed_by"]
TAME_WORDS = ["a", "word", "two words", "کرج", "زندان قزل‌حصار", "0", "12", "it's", 'say "x"',
              "a:b", "http://x.y/z", "a#b", "Tuesday, March 16, 2011", "\u00ab quoted \u00bb"]
LONG = "the prisoners of unit two said on Tuesday that the strike went on: more than 500 joined"


def _scalar(rng: random.Random, indent: int, tame: bool) -> str:
    """One value, written after `key: ` or `- ` (it may take more lines, indented)."""
    styles = ["plain", "plain", "single", "double", "double-escaped", "folded-plain",
              "folded-single", "folded-double", "block", "flow"]
    style = rng.choice(styles if tame else styles + ["escape-other"])
    if tame and style.endswith("plain"):
        text = rng.choice(TAME_WORDS + [LONG.replace(":", "")])
    else:
        text = rng.choice(WORDS + [LONG])
    pad = " " * (indent + rng.choice([1, 2, 4]))
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text + '"'
    if style == "double-escaped":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "escape-other":
        return '"' + text + rng.choice(["\\n", "\\t", "\\u00e9", "\\x41", "\\ ", "\\/"]) + '"'
    if style == "flow":
        items = rng.sample(TAME_WORDS[:6] if tame else WORDS, rng.randint(0, 3))
        quoted = [f'"{w}"' if rng.random() < 0.5 else w for w in items]
        return "[" + rng.choice([", ", ",", " , "]).join(quoted) + rng.choice(["", ",", " "]) + "]"
    words = ((LONG.replace(":", "") if tame else LONG) + " " + text).split(" ")
    cut = sorted(rng.sample(range(1, len(words)), rng.randint(1, 3)))
    lines = [" ".join(words[a:b]) for a, b in zip([0] + cut, cut + [len(words)])]
    joiner = "\n" + ("\n" if rng.random() < 0.2 else "") + pad
    if style == "folded-plain":
        return joiner.join(lines)
    if style == "folded-single":
        return "'" + joiner.join(line.replace("'", "''") for line in lines) + "'"
    if style == "folded-double":
        return '"' + joiner.join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'
    header = rng.choice([">-", ">", "|", "|-", ">- # c"] + ([] if tame else [">+", "|2"]))
    body = [pad + line for line in lines]
    if rng.random() < 0.3:
        body.insert(rng.randrange(1, len(body) + 1), "")
    if not tame and rng.random() < 0.2:
        body.insert(rng.randrange(1, len(body) + 1), pad + "  more indented")
    if rng.random() < 0.2:
        body.insert(rng.randrange(1, len(body) + 1), pad + "# not a comment")
    return header + "\n" + "\n".join(body)


def _block(rng: random.Random, indent: int, depth: int, tame: bool,
           in_list_item: bool = False) -> list[str]:
    """The lines of a mapping at `indent` (the first line without its indent when it
    follows `- `)."""
    lines = []
    keys = rng.sample(TAME_KEYS if tame else KEYS, rng.randint(1, 4))
    if not tame and rng.random() < 0.05:
        keys.append(keys[0])  # a repeated key
    for n, key in enumerate(keys):
        lead = "" if (in_list_item and n == 0) else " " * indent
        kind = rng.random()
        if depth < 3 and kind < 0.2:
            step = rng.choice([1, 2, 2, 4])
            lines.append(f"{lead}{key}:" + rng.choice(["", " ", "  # c"]))
            lines += _block(rng, indent + step, depth + 1, tame)
        elif depth < 3 and kind < 0.4:
            lines.append(f"{lead}{key}:")
            lines += _list(rng, indent + rng.choice([0, 0, 2, 3]), depth + 1, tame)
        elif kind < 0.45:
            lines.append(f"{lead}{key}:")  # null
        else:
            after = rng.choice(["", "", " ", "  # c"])
            lines.append(f"{lead}{key}: " + _scalar(rng, indent, tame) + after)
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "   ", "# comment", " " * indent + "# c", "  #"]))
    return lines


def _list(rng: random.Random, indent: int, depth: int, tame: bool) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 3)):
        dash = " " * indent + rng.choice(["- ", "- ", "-  "])
        if depth < 3 and rng.random() < 0.35:
            inner = _block(rng, len(dash), depth + 1, tame, in_list_item=True)
            lines.append(dash + inner[0])
            lines += inner[1:]
        else:
            value = _scalar(rng, indent, tame)
            while tame and value[0] in ">|":
                value = _scalar(rng, indent, tame)  # a paragraph as a list item: left to PyYAML
            lines.append(dash + value)
    return lines


def _document(rng: random.Random, tame: bool = False) -> str:
    lines = _block(rng, 0, 0, tame)
    if rng.random() < 0.2:
        lines.insert(0, "# yaml-language-server: $schema=x.json")
    if rng.random() < 0.05:
        lines.insert(0, "---")
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n"])


DAMAGE = ["", " ", "  ", "\t", "\r", "\x00", "\x85", "\u2028", "\ufeff", "\x7f", "#", ": ", ":",
          "- ", "-", '"', "'", "\\", "[", "]", "{", "&a ", "*a", "!!str ", "|", ">", "\n", "\n  ",
          "%", "@", "? ", "---\n", "...\n", "yes: 1\n", "en: 2\n"]


def _damaged(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        how = rng.random()
        if how < 0.4:
            text = text[:at] + rng.choice(DAMAGE) + text[at:]
        elif how < 0.7:
            text = text[:at] + text[at + rng.randint(1, 3):]
        else:  # move a line in or out by a space
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines[i] = lines[i][1:] if lines[i].startswith(" ") and rng.random() < 0.5 else " " + lines[i]
            text = "\n".join(lines)
    return text


@FUZZ
@given(st.randoms(use_true_random=False), st.booleans(), st.booleans())
def test_random_documents_give_pyyaml_s_value_or_not_simple(rng, tame, damage):
    text = _document(rng, tame)
    _agrees(_damaged(rng, text) if damage else text)


@FUZZ
@given(st.lists(st.sampled_from(["a", "en", "yes", "~", "1", "007", "'q'", "'it''s'", '"d"',
                                 '"e\\"x"', '"\\n"', "[", "]", "[a, b]", ",", ": ", ":", "- ", "-",
                                 "? ", "&x ", "*x", "!!str ", ">-\n  ", "|\n  ", ">\n  ", "#c", " #c",
                                 "\n", "\n  ", "\n    ", " ", "\t", "کرج", "\u200c"]),
                max_size=30).map("".join))
@example("a: b\n  c\n")
@example("a: 'b\n\n  c'\n")
@example('a: "x\\\n  y"\n')
@example("a: >-\n  x\n\n  # y\nb: 1\n")
@example("a: |\n  x\n  # y\n# z\nb: 1")
@example("a: >-\n   x\n  y\n")
@example("a:\n- b\n-\n")
@example("a: b\n# c\n  d\n")
@example("- a\n")
@example("a: [a, b,]\n")
@example("a: 1\na: 2\n")
@example("yes: 1\n")
def test_random_pieces_give_pyyaml_s_value_or_not_simple(text):
    _agrees(text)


def test_most_undamaged_documents_are_read_fast():
    """The rule above could hold with a reader that gives up on everything: it must not."""
    rng = random.Random(8)
    read = sum(_agrees(_document(rng, tame=True)) for _ in range(600))
    assert read > 400, read


# --- line numbers -------------------------------------------------------------------------

def _paths(node, pre=()):
    yield pre
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, pre + (key,))
        yield pre + ("no-such-key",)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, pre + (i,))
        yield pre + (len(node),)


def test_line_numbers_are_pyyaml_s(monkeypatch):
    rng = random.Random(3)
    texts = [f.read_text("utf-8") for f in sorted((ROOT / "data" / "events").glob("*.yml"))[:25]]
    texts += [_document(rng, tame=True) for _ in range(300)]
    compared = 0
    for text in texts:
        data = parse(text)
        if data is NOT_SIMPLE:
            continue
        for loc in _paths(data):
            fast = simple_yaml.line_of(text, loc)
            with monkeypatch.context() as m:
                m.setattr(simple_yaml, "line_of", lambda *_: None)  # PyYAML's nodes only
                assert loading._line_of(text, loc) == fast, (text, loc)
            compared += 1
    assert compared > 1000
    assert simple_yaml.line_of("a: [\n", ("a",)) is None  # not simple: PyYAML finds the line
