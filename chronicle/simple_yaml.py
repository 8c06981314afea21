"""A fast reader for the simple YAML that record files are written in.

Record files are block mappings and lists (also lists not indented under their key), plain,
'single-' and "double-quoted" text (also over several lines; the only escapes \" and \\),
whole numbers, yes/no and null, `>`/`>-`/`|`/`|-` paragraphs, one-line [lists], comments and
a leading `---`. This module reads exactly that, from rows cut by one regular expression,
about four times faster than PyYAML's C loader (which builds a node with two position marks
for every value). Anything else, however valid, such as an anchor, a tag, a {mapping}, another
escape, a date without quotes, a duplicate key, a tab or a syntax error, returns NOT_SIMPLE and
the file is read by PyYAML as before, which gives its own result or error with a line number.

So the data never depends on this module: whenever it returns a value, that value is what
PyYAML returns for the same text (the meaning of plain words is PyYAML's own resolver's).
tests/test_simple_yaml.py checks this on random and damaged documents, on every file in
data/ and on a synthetic data set.
"""
from __future__ import annotations

import re

import yaml

NOT_SIMPLE = object()  # the answer for anything this reader does not handle

MAX_DEPTH = 50  # lists and mappings inside each other (deeper: PyYAML's reader reports it)

_AFTER_QUOTE = re.compile(r"(?: +(?:#.*)?)?")  # what may follow a closing quote on its line
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +(?:#.*)?)?$")
_BLOCK_HEADER = re.compile(r"([>|])(-?) *(?: #.*)?")
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]*")
# Characters a plain (unquoted) value may not start with without PyYAML reading more into it.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")

# Every line as (indent, "- " or "", key or "", the rest). Lines are read from these rows,
# made by one regular-expression pass over the file, rather than cut up one by one.
# A line with a tab, a carriage return, one of YAML 1.1's other line breaks (U+0085,
# U+2028, U+2029), a byte-order mark or a character YAML does not allow makes no row,
# and the file is left to PyYAML.
_LINE = re.compile(
    r"^( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?"
    "([\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*)$",
    re.M)


class _NotSimple(Exception):
    pass


def parse(text: str):
    """The data in `text` (as PyYAML's safe loader gives it), or NOT_SIMPLE."""
    try:
        return read(text)
    except Exception:  # a mistake in this module must not stop a build: PyYAML reads it
        return NOT_SIMPLE


def read(text: str):
    """parse(), letting any mistake of this module's own through (for the tests)."""
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n") + 1:  # a line with a character above: give up
        return NOT_SIMPLE
    try:
        return _Reader(rows, text).document()
    except _NotSimple:
        return NOT_SIMPLE


def line_of(text: str, loc: tuple) -> int | None:
    """The line (from 1) of the value at `loc` (keys and list indexes), or of its nearest
    parent, as load._line_of finds it with PyYAML; None when `text` is not simple."""
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n") + 1:
        return None
    rows_of: dict = {}
    try:
        node = _Reader(rows, text, rows_of).document()
    except _NotSimple:
        return None
    line = 1
    for part in loc:
        known = rows_of.get(id(node)) if isinstance(node, (dict, list)) else None
        if known is None:
            break  # text, a number, null or a one-line [list]: its key's line
        first, children = known
        line = first + 1
        if part not in children or (isinstance(node, list) and type(part) is not int):
            break
        line = children[part] + 1
        node = node[part]
    return line


# --- what plain text means ------------------------------------------------------------
# PyYAML reads plain text as a number, yes/no, null, a date ... by its first character
# and a regular expression. Text whose first character starts none of those is text.
_resolver = yaml.resolver.Resolver()
_TYPED_FIRST = frozenset(k for k in _resolver.yaml_implicit_resolvers if k)
assert None not in _resolver.yaml_implicit_resolvers  # no resolver for every first character
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_TRUE = frozenset(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"))
_MISSING = object()
# Short plain texts already read -> their value (bounded by the data's vocabulary of ids and
# words: longer texts are not kept). Keys already seen to be text, likewise.
_VALUES: dict[str, object] = {}
_TEXT_KEYS: set[str] = set()


def _plain_value(text: str):
    """The value of trimmed plain text: itself, a whole number, None or True/False.
    Anything else YAML would read it as (a date, a decimal, octal ...) is left to PyYAML."""
    value = _VALUES.get(text, _MISSING)
    if value is not _MISSING:
        return value
    if text[0] not in _TYPED_FIRST:
        value = text
    else:
        tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
        if tag == _STR:
            value = text
        elif tag == _INT and _WHOLE_NUMBER.fullmatch(text):
            value = int(text)
        elif tag == _NULL:
            value = None
        elif tag == _BOOL:
            value = text in _TRUE
        else:
            raise _NotSimple
    if len(text) <= 40:
        _VALUES[text] = value
    return value


def _is_text_key(key: str) -> bool:
    """Whether YAML reads this key as text (not as yes/no or null)."""
    try:
        value = _plain_value(key)
    except _NotSimple:
        return False
    if type(value) is not str:
        return False
    if len(key) <= 40:
        _TEXT_KEYS.add(key)
    return True


def _plain(text: str, going_on: bool = False) -> str:
    """One line of plain (unquoted) text, trimmed. Anything YAML may read more into is left
    to PyYAML: a first line starting with `-`, `[`, `&`, `!` ... (a line that goes on from
    the one above may start with any of them but `#`), a `: ` or ` #` inside, a `:` at the end."""
    if (text[0] == "#" if going_on else text[0] in _INDICATORS) or ": " in text or " #" in text:
        raise _NotSimple
    text = text.rstrip(" ")
    if text[-1] == ":":
        raise _NotSimple
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# --- the reader -------------------------------------------------------------------------

class _Reader:
    __slots__ = ("rows", "n", "text", "rows_of", "_lines")

    def __init__(self, rows: list[tuple[str, str, str, str]], text: str, rows_of: dict | None = None):
        self.rows = rows
        self.n = len(rows)
        self.text = text
        # for line_of(): id of each mapping or list -> (its first row, {key or index: row})
        self.rows_of = rows_of
        self._lines: list[str] | None = None

    def next_content(self, r: int) -> int:
        """The first row from `r` that is not blank or a comment (or n)."""
        rows, n = self.rows, self.n
        while r < n:
            _, dash, key, rest = rows[r]
            if dash or key or (rest and rest[0] != "#"):
                return r
            r += 1
        return n

    def lines(self) -> list[str]:
        """The file's lines as they are (paragraphs and quoted text need their spaces)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def document(self):
        r = self.next_content(0)
        if r < self.n and self.rows[r] == ("", "", "", "---"):
            r = self.next_content(r + 1)  # the start of the document, said aloud
        if r == self.n or self.rows[r][0] or self.rows[r][1]:
            raise _NotSimple  # empty, indented, or a list
        value, r = self.mapping(r, 0, 1)
        if r != self.n:
            raise _NotSimple
        return value

    def value(self, r: int, indent: int, rest: str, depth: int):
        """The value after `key: ` or `- ` on row r, in a mapping or list at `indent`;
        (value, the next row that is not blank or a comment)."""
        first = rest[0]
        if first == '"':
            end = rest.find('"', 1)
            value = rest[1:end]
            if end < 0 or "\\" in value or (end != len(rest) - 1 and not _AFTER_QUOTE.fullmatch(rest, end + 1)):
                return self.scalar(r, indent, rest)
            plain = False
        elif first in _INDICATORS:
            if first == "[":
                value = _flow_list(rest)
            elif first == ">" or first == "|":
                return self.block(r, indent, rest)
            else:
                return self.scalar(r, indent, rest)
            plain = False
        else:
            plain = True
            comment = rest.find(" #")
            if comment >= 0:  # a comment ends plain text, which cannot go on below then
                rest = rest[:comment]
                plain = False
            if ": " in rest:
                raise _NotSimple
            if rest[-1] == " ":
                rest = rest.rstrip(" ")
            if rest[-1] == ":":
                raise _NotSimple
            value = _plain_value(rest)
        # the next row that is not blank or a comment (inline: this runs for every value)
        rows, n = self.rows, self.n
        j = r + 1
        while j < n:
            spaces, dash, key, more = rows[j]
            if dash or key or (more and more[0] != "#"):
                if plain and len(spaces) > indent:
                    return self.scalar(r, indent, rest)  # plain text going on below
                return value, j
            j += 1
        return value, n

    def mapping(self, r: int, indent: int, depth: int):
        """The mapping whose first key is on row r at column `indent`; (dict, next row)."""
        if depth > MAX_DEPTH:
            raise _NotSimple
        rows, n = self.rows, self.n
        out = {}
        where = None if self.rows_of is None else self.rows_of.setdefault(id(out), (r, {}))[1]
        _, _, key, rest = rows[r]
        while True:
            if not key or key in out or (key not in _TEXT_KEYS and not _is_text_key(key)):
                raise _NotSimple  # not a key, a repeated key, or one YAML reads as yes/no/null
            if where is not None:
                where[key] = r
            if rest and rest[0] != "#":
                value, r = self.value(r, indent, rest, depth)
            else:  # the value is on the rows below, or null
                j = self.next_content(r + 1)
                if j < n:
                    below, dash, _, _ = rows[j]
                    at = len(below)
                    if at > indent:
                        if dash:
                            value, r = self.sequence(j, at, depth + 1)
                        else:
                            value, r = self.mapping(j, at, depth + 1)
                    elif at == indent and dash:
                        value, r = self.sequence(j, at, depth + 1)  # a list not indented
                    else:
                        value, r = None, j
                else:
                    value, r = None, j
            out[key] = value
            if r >= n:
                return out, r
            spaces, dash, key, rest = rows[r]
            at = len(spaces)
            if at < indent:
                return out, r
            if at > indent or dash:
                raise _NotSimple

    def sequence(self, r: int, indent: int, depth: int):
        """The list whose first `- ` is on row r at column `indent`; (list, next row)."""
        if depth > MAX_DEPTH:
            raise _NotSimple
        rows, n = self.rows, self.n
        out = []
        where = None if self.rows_of is None else self.rows_of.setdefault(id(out), (r, {}))[1]
        while True:
            if where is not None:
                where[len(out)] = r
            _, dash, key, rest = rows[r]
            if key:
                value, r = self.mapping(r, indent + len(dash), depth + 1)
            elif not rest or rest[0] in "#>|" or (rest[0] == "-" and rest[1:2] in ("", " ")):
                raise _NotSimple
            else:
                value, r = self.value(r, indent, rest, depth)
            out.append(value)
            if r >= n:
                return out, r
            spaces, dash, _, _ = rows[r]
            at = len(spaces)
            if at > indent:
                raise _NotSimple
            if at < indent or not dash:
                return out, r

    def scalar(self, r: int, indent: int, rest: str):
        """Text starting on row r, inside a list or mapping at `indent`: quoted (on one
        line or more), or plain, which may go on over more indented lines."""
        first = rest[0]
        if first == '"' or first == "'":
            m = (_DOUBLE if first == '"' else _SINGLE).match(rest)
            if m is None:
                return self.quoted_lines(r, indent, rest)
            if first == "'":
                return m.group(1).replace("''", "'"), self.next_content(r + 1)
            return _ESCAPE.sub(r"\1", m.group(1)), self.next_content(r + 1)
        text = _plain(rest)
        rows, n = self.rows, self.n
        j = r + 1
        parts = None
        blanks = 0
        while j < n:
            spaces, dash, key, more = rows[j]
            if not (dash or key or more):
                blanks += 1  # a blank line: a line break, if the text goes on
                j += 1
                continue
            if len(spaces) <= indent or (not (dash or key) and more[0] == "#"):
                break
            if dash or key:
                raise _NotSimple
            if parts is None:
                parts = [text]
            parts.append("\n" * blanks if blanks else " ")
            parts.append(_plain(more, going_on=True))
            blanks = 0
            j += 1
        if parts is not None:
            text = "".join(parts)
        if parts is None or len(text) <= 40:
            return _plain_value(text), self.next_content(j)
        if text[0] in _TYPED_FIRST and _resolver.resolve(yaml.ScalarNode, text, (True, False)) != _STR:
            raise _NotSimple
        return text, self.next_content(j)

    def quoted_lines(self, r: int, indent: int, rest: str):
        """Quoted text going on over more indented lines: each line break is read as a
        space, and a blank line as a line break."""
        single = rest[0] == "'"
        inside, closing = (_SINGLE_INSIDE, _SINGLE_END) if single else (_DOUBLE_INSIDE, _DOUBLE_END)
        if not inside.fullmatch(rest, 1):
            raise _NotSimple
        lines = self.lines()
        n = len(lines)
        parts = [rest[1:].rstrip(" ")]
        blanks = 0
        j = r + 1
        while True:
            if j >= n:
                raise _NotSimple  # no closing quote
            line = lines[j]
            k = _indent(line)
            j += 1
            if k == len(line):
                blanks += 1
                continue
            if k <= indent:
                raise _NotSimple
            parts.append("\n" * blanks if blanks else " ")
            blanks = 0
            m = closing.match(line, k)
            if m is not None:
                parts.append(m.group(1))
                break
            if not inside.fullmatch(line, k):
                raise _NotSimple
            parts.append(line[k:].rstrip(" "))
        text = "".join(parts)
        text = text.replace("''", "'") if single else _ESCAPE.sub(r"\1", text)
        return text, self.next_content(j)

    def block(self, r: int, indent: int, header: str):
        """A `>` or `|` paragraph after a key at `indent`; (text, next row)."""
        m = _BLOCK_HEADER.fullmatch(header)
        if m is None:
            raise _NotSimple  # keep (`+`) or an indentation number: rare, left to PyYAML
        folded = m.group(1) == ">"
        strip = m.group(2) == "-"
        lines = self.lines()
        n = len(lines)
        j = r + 1
        if j >= n:
            raise _NotSimple
        first = lines[j]
        at = _indent(first)
        if at == len(first) or at <= indent:
            raise _NotSimple  # a blank first line, or no text
        parts = [first[at:]]
        last = j
        blanks = 0
        j += 1
        while j < n:
            line = lines[j]
            k = _indent(line)
            if k == len(line):  # blank, or spaces only
                if k > at:
                    raise _NotSimple  # spaces beyond the margin are text: rare
                blanks += 1
                j += 1
                continue
            if k < at:
                break
            if folded:
                if k > at:
                    raise _NotSimple  # a more indented line keeps its line breaks: rare
                parts.append("\n" * blanks if blanks else " ")
            else:
                parts.append("\n" * (blanks + 1))
            parts.append(line[at:])
            last = j
            blanks = 0
            j += 1
        if not strip and last < n - 1:
            parts.append("\n")  # clip: one line break at the end, if the text had one
        return "".join(parts), self.next_content(j)


# Double-quoted text whose only escapes are \" and \\: on one line, the part of a line
# inside the quotes, and the last line (up to the closing quote).
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"(?: +(?:#.*)?)?$')
_DOUBLE_INSIDE = re.compile(r'(?:[^"\\]|\\["\\])*')
_DOUBLE_END = re.compile(r'((?:[^"\\]|\\["\\])*)"(?: +(?:#.*)?)?$')
_ESCAPE = re.compile(r'\\(["\\])')
# The same for single quotes, where '' is a quote.
_SINGLE_INSIDE = re.compile(r"(?:[^']|'')*")
_SINGLE_END = re.compile(r"((?:[^']|'')*)'(?: +(?:#.*)?)?$")


# A list on one line, such as ["a", "b"] or [a, b]: double-quoted items without escapes,
# or plain words (no `,[]{}:#` in them, not starting with another YAML sign).
_WORDS = r"[^\s,\[\]{}:#&*!|>'\"%@`?-][^\s,\[\]{}:#]*(?: +[^\s,\[\]{}:#]+)*"
_ITEM = rf'(?:"[^"\\]*"|{_WORDS})'
_FLOW = re.compile(rf"\[ *(?:((?:{_ITEM} *, *)*{_ITEM}) *,? *)?\](?: +(?:#.*)?)?$")
_FLOW_ITEMS = re.compile(rf'"([^"\\]*)"|({_WORDS})')


def _flow_list(rest: str) -> list:
    m = _FLOW.match(rest)
    if m is None:
        raise _NotSimple
    return [_plain_value(word) if word else quoted
            for quoted, word in _FLOW_ITEMS.findall(m.group(1) or "")]


