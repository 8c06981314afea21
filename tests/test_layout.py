"""The package stays small enough to read (issue 18's targets, measured on every run):
chronicle/ at most 4,500 lines, no module over 400, no function over 60, and no block of
six or more lines written twice. Developer tools live apart, in devtools/."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "chronicle"
MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_is_at_most_4500_lines():
    total = sum(len(p.read_text("utf-8").splitlines()) for p in MODULES)
    assert 0 < total <= 4500, f"chronicle/ has {total:,} lines"


def test_no_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in MODULES if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert not long, long


def test_no_function_over_60_lines():
    long = {}
    for p in MODULES:
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 60:
                    long[f"{p.relative_to(ROOT)}:{node.lineno} {node.name}"] = n
    assert not long, long


def repeated_blocks(files, size: int = 6) -> dict[tuple, list[str]]:
    """Runs of `size` lines (stripped; blank lines, comments and imports left out) that
    appear more than once."""
    seen = defaultdict(list)
    for p in files:
        rows = [(i, line.strip()) for i, line in enumerate(p.read_text("utf-8").splitlines(), 1)
                if line.strip() and not line.strip().startswith(("#", "import ", "from "))]
        for k in range(len(rows) - size + 1):
            block = tuple(text for _, text in rows[k:k + size])
            if sum(len(t) > 3 for t in block) == size:  # not a run of brackets
                seen[block].append(f"{p.relative_to(p.parents[1]) if ROOT not in p.parents else p.relative_to(ROOT)}:{rows[k][0]}")
    return {b: where for b, where in seen.items() if len(where) > 1}


def test_no_block_of_six_lines_is_written_twice():
    found = repeated_blocks(MODULES)
    assert not found, "\n\n".join("\n".join(where) + "\n" + "\n".join(b) for b, where in list(found.items())[:5])


def test_the_repeat_finder_finds_a_repeat(tmp_path):
    block = "".join(f"value_{i} = compute({i})\n" for i in range(6))
    (tmp_path / "a.py").write_text("x = 1\n" + block)
    (tmp_path / "b.py").write_text(block + "y = 2\n")
    (tmp_path / "c.py").write_text(block.replace("5)", "6)"))
    found = repeated_blocks([tmp_path / n for n in ("a.py", "b.py", "c.py")])
    assert len(found) == 1 and sorted(w.rsplit("/", 1)[-1] for w in next(iter(found.values()))) == ["a.py:2", "b.py:1"]
