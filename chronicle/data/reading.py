"""Reading one YAML file of data/ into plain Python values, with PyYAML's C loader.

Record files are plain maps, lists and text. Two things YAML allows are refused, because
they make a file mean something other than what an editor sees: a key written twice (YAML
would keep the last) and anchors/aliases (`&x` / `*x`, one value shown in two places).
Every problem becomes a `Problem` with the file's line; nothing here raises for bad data.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 50  # lists and mappings inside each other
_C_COMPOSER_SAFE = 2000  # below this many list/mapping signs, libyaml cannot recurse too deep
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, shown as `path:line: message`."""
    path: str
    line: int
    message: str
    level: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        return visible(f"{self.path}:{self.line}: {prefix}{self.message}")


def visible(text: str) -> str:
    """Line breaks, control and direction characters quoted from a file, shown escaped
    (\\n, \\u202e) so that one problem stays one line in the terminal."""
    return "".join(c.encode("unicode_escape").decode("ascii")
                   if (ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029"
                       or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069") else c
                   for c in text)


class _Refused(yaml.MarkedYAMLError):
    """Something a record file may not contain, at a line."""

    def __init__(self, message: str, node):
        super().__init__(problem=message, problem_mark=node.start_mark)


class StrictLoader(_Loader):
    """The C loader, refusing duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise _Refused(f'the key "{key_node.value}" appears twice', key_node)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


class NoAliasLoader(StrictLoader):
    """The same, refusing aliases too: used when the text has a `&` or `*` that may start one."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused("anchors and aliases (& and *) are not used in record files: "
                           "write the value out", node)
        return super().construct_object(node, deep=deep)


for _cls in (StrictLoader, NoAliasLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _cls.construct_mapping)
# An anchor or alias starts a value: after a space, a line start, [ { , or a key's colon.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s*]")


def read_text(path: str | os.PathLike, shown: str, root: Path) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that keeps it from being read."""
    if os.path.islink(path) and Path(root).resolve() not in Path(path).resolve().parents:
        return None, Problem(shown, 1, "is a link to a file outside data/; put the record itself here")
    try:
        raw = _read_bytes(path)
    except OSError as exc:
        return None, Problem(shown, 1, f"cannot be read: {exc.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        return None, Problem(shown, 1, f"is {os.path.getsize(path):,} bytes; a record file may be "
                                       f"at most {MAX_FILE_BYTES:,} bytes")
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, Problem(shown, 1, "starts with a byte-order mark: save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, Problem(shown, raw[: exc.start].count(b"\n") + 1,
                             "is not valid UTF-8 text: save it as UTF-8")


def _read_bytes(path) -> bytes:
    """Up to MAX_FILE_BYTES + 1 bytes. os.read, not open(): on a virtual machine open()'s
    extra system calls made reading 16,000 files five times slower."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        parts, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - total)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def parse(text: str, shown: str) -> tuple[object, Problem | None]:
    """What the text reads as, or the problem (with its line)."""
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return None, Problem(shown, 1, "is empty")
    if sum(map(text.count, "[{-:?")) > _C_COMPOSER_SAFE:
        deep = _too_deep(text)
        if deep is not None:
            return None, Problem(shown, deep, f"is nested more than {MAX_DEPTH} levels deep")
    loader = (NoAliasLoader if _MAYBE_ALIAS.search(text) else StrictLoader)(text)
    try:
        return loader.get_single_data(), None
    except RecursionError:
        return None, Problem(shown, _too_deep(text) or 1, f"is nested more than {MAX_DEPTH} levels deep")
    except yaml.MarkedYAMLError as exc:
        return None, _syntax_problem(exc, text, shown)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return None, Problem(shown, line, f"contains the character U+{char:04X}, which YAML does "
                                          "not allow: remove it")
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # no line to point at (e.g. `!!int x`): one line of message all the same
        return None, Problem(shown, 1, "cannot be read: " + " ".join(str(exc).split()))
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    if isinstance(exc, _Refused):
        return Problem(shown, line, exc.problem)
    lines = text.splitlines() or [""]
    what = exc.problem or "YAML syntax error"
    if "\t" in lines[min(line, len(lines)) - 1]:
        what = "a tab character is used for indentation; use spaces"
    return Problem(shown, line, f"YAML syntax error: {what}")


def _too_deep(text: str) -> int | None:
    """The line where lists and mappings nest deeper than MAX_DEPTH, read from the event
    stream (libyaml's composer recurses, and very deep nesting would crash it)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def line_of(text: str, loc: tuple) -> int:
    """The line of the value at `loc` (keys and list indexes), or of its nearest parent.
    Only asked for when there is a problem to show, so the file is composed again."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return 1
    line = 1
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
