"""Property tests (hypothesis): the date parser and the loader never fail with anything
but their own errors, whatever the input.

- dates.parse_date on any text raises only DateError, or returns a value with start <= end;
- parse_date(v.iso()) == v for generated valid dates (single and intervals);
- date_wording.read_reported never raises anything but DateError;
- load() on random YAML documents and random bytes written into a copy of the fixture
  never raises: it returns problems, each `path:line: message`.

Reproducible in CI: derandomize=True and no example database.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chronicle.data import date_wording, dates  # noqa: E402
from chronicle.data.load import Chronicle, load  # noqa: E402
from chronicle.data.model import Event  # noqa: E402

BASIC = ROOT / "tests" / "fixtures" / "basic"
FUZZ = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

DATE_ALPHABET = st.sampled_from(list("0123456789-/~?: T.+") + ["۱", "۰", "\u202e", "\n", "a"])


# --- dates ------------------------------------------------------------------------------

@FUZZ
@given(st.one_of(st.text(), st.text(DATE_ALPHABET, max_size=30)))
@example("2013-02-30")
@example("2013-13")
@example("0000")
@example("0000-01-01")
@example("9999-12-31/9999-12-31")
@example("2013/2012")
@example("2013-06/")
@example("/2013")
@example("2013-06-01~/2013-06-05?")
@example("٢٠١٣")
@example("2013\n")
def test_parse_date_raises_only_date_error(text):
    try:
        value = dates.parse_date(text)
    except dates.DateError:
        return
    assert value.start <= value.end


@st.composite
def edates(draw):
    y = draw(st.integers(1, 9999))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    m = d = None
    if precision != "year":
        m = draw(st.integers(1, 12))
    if precision == "day":
        d = draw(st.integers(1, 28 if m == 2 else 30))
    flag = draw(st.sampled_from(["", "~", "?"]))
    return dates.EDate(y, m, d, approximate=flag == "~", uncertain=flag == "?")


@FUZZ
@given(edates(), st.one_of(st.none(), edates()))
def test_iso_round_trip(first, last):
    if last is not None and (last.end < first.start or last.iso() == first.iso()):
        last = None
    value = dates.DateValue(first, last)
    assert dates.parse_date(value.iso()) == value


@FUZZ
@given(st.one_of(
    st.text(),
    st.builds(lambda d, w, y: f"{d} {w} {y}", st.integers(0, 40),
              st.sampled_from(dates.EN_SH_MONTHS + dates.FA_SH_MONTHS + dates.EN_MONTHS + ["Foo"]),
              st.integers(0, 3000)),
), st.dates(min_value=dt.date(1, 3, 1), max_value=dt.date(9998, 12, 31)))
@example("30 Esfand 1402", dt.date(2024, 3, 1))
@example("31 Esfand", dt.date(2024, 3, 1))
@example("29 February", dt.date(2023, 3, 1))
@example("0 Mehr 1404", dt.date(2025, 10, 1))
@example("March 2011", dt.date(2011, 3, 1))
@example("Esfand 3999", dt.date(2011, 3, 1))
@example("Dey 1", dt.date(2011, 3, 1))
@example("1 Farvardin", dt.date(1, 3, 1))
def test_read_reported_raises_only_date_error(text, near):
    try:
        date_wording.read_reported(text, near)
    except dates.DateError:
        pass


# --- the loader -------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=40), st.dates(), st.sampled_from(
                        ["2013-06", "2013-02-30", "report-a", "monitor-a", "ghezel-hesar",
                         "hunger-strike", "contested", "corroborated", "<b>x</b>",
                         "[x](javascript:alert(1))", "30 Esfand 1402"]))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(sorted(Event.model_fields) + ["id"]),
                                  st.text(max_size=10), st.integers()), children, max_size=6)),
    max_leaves=20)
event_like = st.fixed_dictionaries(
    {}, optional={name: documents for name in sorted(Event.model_fields) + ["id"]})

TARGETS = ["events/fuzz.yml", "sources/fuzz.yml", "actors/fuzz.yml", "figures/fuzz.yml",
           "tags.yml", "metrics.yml", "events/2013-12-strike.yml", "places/karaj.yml"]


@pytest.fixture(scope="module")
def fuzz_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(BASIC, data)
    return data


def _load_with(data: Path, target: str, raw: bytes) -> Chronicle:
    path = data / target
    original = path.read_bytes() if path.exists() else None
    try:
        path.write_bytes(raw)
        ch = load(data)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    for p in ch.problems:
        assert p.line >= 1 and p.path and p.message
        assert "\n" not in str(p), f"a problem must be one line: {str(p)!r}"
    return ch


@FUZZ
@given(st.sampled_from(TARGETS), st.one_of(documents, event_like))
def test_load_never_raises_on_random_yaml(fuzz_data, target, doc):
    try:
        raw = yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    except yaml.YAMLError:
        return
    _load_with(fuzz_data, target, raw)


@FUZZ
@given(st.sampled_from(TARGETS), st.one_of(
    st.binary(max_size=300),
    st.text(st.sampled_from(list("[]{}:-? ,\n\t'\"&*!|>%@`#abc1") + ["\u202e", "\ufeff"]), max_size=120)
    .map(lambda t: t.encode("utf-8")),
))
@example("events/fuzz.yml", b"? [a, b]\n: c\n")
@example("tags.yml", b"? {a: 1}\n: c\n")
@example("events/fuzz.yml", b"[" * 100_000)
@example("events/fuzz.yml", b"a: " + b"{b: " * 3000 + b"1" + b"}" * 3000)
@example("actors/fuzz.yml", b"a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nactors: [*c,*c,*c,*c,*c,*c,*c,*c]\n")
@example("events/fuzz.yml", b"!!python/object/apply:os.system ['true']\n")
@example("events/fuzz.yml", b"date: !!binary aGVsbG8=\n")
@example("metrics.yml", b"1: 2\n~: 3\n")
@example("events/fuzz.yml", b"\xff\xfe\x00")
@example("events/fuzz.yml", b"--- a\n--- b\n")
def test_load_never_raises_on_random_bytes(fuzz_data, target, raw):
    _load_with(fuzz_data, target, raw)


# --- the reader gives what PyYAML gives ------------------------------------

def _typed(value):
    """A comparable form that tells 1 from True and 1.0, and NaN from nothing."""
    if isinstance(value, dict):
        return ("map", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [_typed(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def _standard(text: str):
    """PyYAML's own safe loading (the C loader and its standard constructor)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


YAML_PIECES = st.sampled_from(
    ["a", "b", "en", "fa", "yes", "No", "~", "null", "1", "0o17", "017", "1_000", "0x1f", "1e3",
     ".inf", "-.nan", "2013-06-01", "2013-06-01 10:00:00", "190:20:30", "=", "<<", "true",
     "'q'", '"d"', '"\\u202e"', "[", "]", "{", "}", ",", ": ", ":", "- ", "? ", "&x ", "*x",
     "!!str ", "!!int ", "!!binary ", "! ", "|\n  ", ">\n  ", "#c", "\n", "\n  ", "\n    ", " ",
     "کرج", "\u200c"])


@FUZZ
@given(st.one_of(
    st.one_of(documents, event_like).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.one_of(documents, event_like).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True, default_flow_style=True)),
    st.lists(YAML_PIECES, max_size=25).map("".join),
))
@example("a: &x [1, 2]\nb: *x\n")
@example("a: &x {b: 1}\nc: *x\n")
@example("<<: {a: 1}\nb: 2\n")
@example("a: !!str 12\nb: !!int '7'\n")
@example("a: yes\nb: 0o17\nc: 017\nd: 2013-06-01\ne: ~\nf: .inf\n")
@example("1: a\n'1': b\n")
@example("a: 1\na: 2\n")
@example("? [a]\n: b\n")
@example("&a [*a]\n")
def test_reader_gives_what_pyyaml_gives(text):
    """reading.parse is PyYAML's C loader with three refusals: a key twice, an alias, an empty
    file. Otherwise it gives exactly PyYAML's result, and for PyYAML's errors a problem with a
    line, never an exception."""
    from chronicle.data import reading

    try:
        expected = ("data", _typed(_standard(text)))
    except RecursionError:
        return  # PyYAML's own constructor on a self-referencing alias: not ours to match
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # `!!int x`: a plain error
        expected = ("problem",)
    data, problem = reading.parse(text, "data/events/x.yml")
    got = ("problem",) if problem else ("data", _typed(data))
    if problem:
        assert problem.path == "data/events/x.yml" and problem.line >= 1 and problem.message
    refused = (len(set(_keys(text))) < len(_keys(text)) if expected[0] == "data" else False) \
        or "&" in text or "*" in text or expected == ("data", _typed(None))
    if refused and got == ("problem",):
        return
    assert got == expected, text


def _keys(text: str) -> list:
    """The scalar keys of every mapping in the document, as PyYAML composes them."""
    out = []

    def walk(node, seen):
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if len(set(keys)) < len(keys):
                out.extend(keys)
            for k, v in node.value:
                walk(k, seen)
                walk(v, seen)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, seen)

    walk(yaml.compose(text, Loader=yaml.SafeLoader), set())
    return out


def _check_text_reference(value: str) -> str:
    """model.check_text without its one-scan shortcut: every check, every time."""
    from chronicle.data import model

    if model._FORBIDDEN_CHARS.search(value):
        raise ValueError("forbidden")
    if model._RAW_HTML.search(value):
        raise ValueError("html")
    for m in model._MD_LINK.finditer(value):
        target = next(g for g in m.groups() if g is not None)
        if not target.startswith("https://"):
            raise ValueError(target)
    return value


@FUZZ
@given(st.one_of(
    st.text(),
    st.lists(st.sampled_from(["[a]", "(", ")", "](", "]: ", "<", ">", "&", "&amp;", "&#", "http://x",
                              "https://x", "javascript:", "mailto:a", " ", "\n", "a", "\u202e",
                              "\u2066", "\x01", "\x7f", "[", "]", "کرج"]), max_size=12).map("".join),
))
@example("see [a](http://x)")
@example("[ref]: http://x")
@example("<mailto:a@b>")
@example("a &amp; b")
@example("\u202etext")
def test_check_text_shortcut_changes_nothing(value):
    from chronicle.data.model import check_text

    try:
        expected = ("ok", _check_text_reference(value))
    except ValueError:
        expected = ("refused",)
    try:
        got = ("ok", check_text(value))
    except ValueError:
        got = ("refused",)
    assert got == expected, value
