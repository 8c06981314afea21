"""Injection corpus: hostile text in every text and address field of every record kind.

For each (payload, field) one of two things must hold:
- `load()` (what `chronicle check` runs) rejects it, with a message naming the file, the
  line and the field; or
- a real `mkdocs build --strict` succeeds and the text is shown literally: parsed with
  lxml, the site has no script, SVG, style, iframe, object or embed that a clean build of
  the fixture does not have, no on* attribute, no href/src with a scheme other than
  http(s) or a relative address, `{{ 7*7 }}` stays `{{ 7*7 }}`, and no direction override
  character reaches the output. The download files carry the text literally and parse.

To stay fast, one check run per payload (every field of a set of records `inj-NN` carries
payload NN) and one build for all payloads together (each payload in the records
`inj-NN`, in every field that accepted it). Every value starts with a marker `zqNNfMMz`
(payload NN, field MM) so that each (payload, field) is found on the pages by itself.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import re
import shutil
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from icalendar import Calendar
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chronicle.data.load import load  # noqa: E402

BASIC = ROOT / "tests" / "fixtures" / "basic"

# --- the corpus -------------------------------------------------------------------------
# (name, payload, literal): `literal`, when given, must show as is even where the field is
# rendered as Markdown (in inline fields the whole payload must show as is).
PAYLOADS: list[tuple[str, str, str | None]] = [
    ("script-tag", "<script>alert(1)</script>", None),
    ("img-onerror", "<img src=x onerror=alert(1)>", None),
    ("svg-onload", "<svg onload=alert(1)><circle r=5 /></svg>", None),
    ("svg-script", "<svg><script>alert(1)</script></svg>", None),
    ("iframe", '<iframe src="javascript:alert(1)"></iframe>', None),
    ("object-embed", '<object data="x.swf"></object><embed src="x.swf">', None),
    ("style-tag", "<style>body{background:url(javascript:alert(1))}</style>", None),
    ("css-expression", '<div style="width: expression(alert(1))">x</div>', None),
    ("css-expression-text", "width: expression(alert(1)); background:url(javascript:alert(1))",
     "expression(alert(1))"),
    ("html-comment", "<!-- hidden --><b>bold</b>", None),
    ("anchor-js", '<a href="javascript:alert(1)">click</a>', None),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', None),
    ("base-href", '<base href="https://evil.example/">', None),
    ("mutation-xss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", None),
    ("spaced-tag", "< script >alert(1)< /script >", None),
    ("js-scheme-text", "javascript:alert(1)", "javascript:alert(1)"),
    ("js-scheme-mixed-case", "jAvAsCrIpT:alert(document.cookie)", "jAvAsCrIpT:alert(document.cookie)"),
    ("js-scheme-entity-tab", "java&#x09;script:alert(1)", None),
    ("js-scheme-entity", "&#106;&#97;vascript:alert(1)", None),
    ("js-scheme-named-entity", "&lt;script&gt;alert(1)&lt;/script&gt;", None),
    ("js-scheme-leading-tab", "\tjavascript:alert(1)", "javascript:alert(1)"),
    ("data-scheme-text", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
     "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("vbscript-text", "vbscript:msgbox(1)", "vbscript:msgbox(1)"),
    ("md-link-js", "[click](javascript:alert(1))", None),
    ("md-link-js-case", "[click](JaVaScRiPt:alert(1))", None),
    ("md-link-js-space", "[click]( javascript:alert(1))", None),
    ("md-link-js-angle", "[click](<javascript:alert(1)>)", None),
    ("md-link-data", "[click](data:text/html,alert(1))", None),
    ("md-link-vbscript", "[click](vbscript:msgbox(1))", None),
    ("md-link-protocol-relative", "[click](//evil.example/)", None),
    ("md-image-js", "![pic](javascript:alert(1))", None),
    ("md-image-https-onerror", '![pic](https://example.org/x.png "t" onerror="alert(1)")', None),
    ("md-link-https-quote-break", '[click](https://example.org/"onmouseover="alert(1))', None),
    ("md-reference-js", "[click][r]\n\n[r]: javascript:alert(1)", None),
    ("md-reference-in-list", "- [click][r]\n- [r]: javascript:alert(1)", None),
    ("md-reference-in-quote", "> [r]: javascript:alert(1)\n\n[click][r]", None),
    ("md-autolink-js", "<javascript:alert(1)>", None),
    ("md-autolink-https", "<https://example.org/?a=1>", None),
    ("md-attr-list", "Heading text\n{: onclick=\"alert(1)\" }", None),
    ("md-heading-attr", "# Title {: onmouseover=\"alert(1)\" }", None),
    ("md-raw-html-block", '<div markdown="1">*x*</div>', None),
    ("md-inline-svg", "text <svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", None),
    ("jinja-expression", "{{ 7*7 }}", "{{ 7*7 }}"),
    ("jinja-raw", "{% raw %}{{ 7*7 }}{% endraw %}", "{% raw %}{{ 7*7 }}{% endraw %}"),
    ("jinja-include", '{% include "mkdocs.yml" %}', '{% include "mkdocs.yml" %}'),
    ("jinja-ssti", "{{ config.site_name }}{{ ''.__class__.__mro__ }}", "{{ config.site_name }}"),
    ("quote-break-double", '"><script>alert(1)</script>', None),
    ("quote-break-single", "' onmouseover='alert(1)", "' onmouseover='alert(1)"),
    ("quote-break-attr", '" onfocus="alert(1)" autofocus="', '" onfocus="alert(1)" autofocus="'),
    ("rtl-override", "abc\u202eexe.gnp", None),
    ("bidi-isolate", "\u2066isolated\u2069 text", None),
    ("nul-control", "a\x00b\x1bc", None),
    ("percent-encoded", "%3Cscript%3Ealert(1)%3C/script%3E", "%3Cscript%3Ealert(1)%3C/script%3E"),
    ("csv-formula", '=HYPERLINK("https://evil.example","x")', None),
    ("url-quote-break", 'https://example.org/"><script>alert(1)</script>', None),
    ("url-attr-break", "https://example.org/' onmouseover='alert(1)", None),
    ("url-js-scheme", "javascript://example.org/%0Aalert(1)", None),
    ("url-md-breakout", "https://example.org/)![x](javascript:alert(1))", None),
    ("url-rtl-override", "https://example.org/\u202egnp.exe", None),
    ("url-uppercase-scheme", "HTTPS://EXAMPLE.ORG/", None),
    ("url-jinja", "https://example.org/?q={{7*7}}", None),
]

# Fields: (kind, file, loc, inline?) — `loc` as the message names it. Markdown fields
# (summary, notes, descriptions, citation notes) are not inline.
EVENT_FIELDS = [
    ("title.en", True), ("title.fa", True), ("summary.en", False), ("summary.fa", False),
    ("notes.0.en", False), ("notes.0.fa", False), ("sources.0.quote", True),
    ("sources.0.translation.en", True), ("sources.0.translation.fa", True),
    ("sources.0.locator", True), ("sources.0.note.en", False), ("sources.0.note.fa", False),
    ("figures.0.label.en", True), ("figures.0.label.fa", True),
    ("figures.0.note.en", True), ("figures.0.note.fa", True), ("date_reported.0.text", True),
]
SOURCE_FIELDS = [("title", True), ("title_en", True), ("container", True), ("authors.0", True),
                 ("issued_text", True), ("notes.en", False), ("notes.fa", False),
                 ("url", True), ("archive_url", True)]
ACTOR_FIELDS = [("name.en", True), ("name.fa", True), ("aliases.0", True),
                ("description.en", False), ("description.fa", False), ("url", True)]
PLACE_FIELDS = [("name.en", True), ("name.fa", True), ("aliases.0", True),
                ("description.en", False), ("description.fa", False)]
FIGURE_FIELDS = [("quote", True), ("translation.en", True), ("translation.fa", True),
                 ("locator", True), ("note.en", True), ("note.fa", True)]
TERM_FIELDS = [("en", True), ("fa", True), ("description.en", False), ("description.fa", False)]

FIELDS: list[tuple[str, str, bool]] = (
    [("events", loc, il) for loc, il in EVENT_FIELDS]
    + [("sources", loc, il) for loc, il in SOURCE_FIELDS]
    + [("actors", loc, il) for loc, il in ACTOR_FIELDS]
    + [("places", loc, il) for loc, il in PLACE_FIELDS]
    + [("figures", loc, il) for loc, il in FIGURE_FIELDS]
    + [("tags", loc, il) for loc, il in TERM_FIELDS]
    + [("metrics", loc, il) for loc, il in TERM_FIELDS])
URL_LOCS = {"url", "archive_url"}
NAMES = [p[0] for p in PAYLOADS]
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def rid(k: int) -> str:
    return f"inj-{k:02d}"


def marker(k: int, f: int) -> str:
    return f"zq{k:02d}f{f:02d}z"


def value_for(k: int, f: int) -> str:
    kind, loc, _ = FIELDS[f]
    payload = PAYLOADS[k][1]
    if loc in URL_LOCS:
        return payload  # an address must start with its scheme: no marker
    return f"{marker(k, f)}\n\n{payload}"


def benign(k: int, f: int) -> str | None:
    kind, loc, _ = FIELDS[f]
    if loc in URL_LOCS:
        return None
    return f"{marker(k, f)} plain"


# --- writing the records ----------------------------------------------------------------

def _set(d: dict, loc: str, value) -> None:
    parts = loc.split(".")
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        key = int(part) if part.isdigit() else part
        if isinstance(d, list):
            d = d[key]
        else:
            d = d.setdefault(key, [] if nxt.isdigit() else {})
            if isinstance(d, list) and nxt.isdigit() and len(d) <= int(nxt):
                d.append({} if i + 2 < len(parts) else None)
    last = parts[-1]
    if isinstance(d, list):
        idx = int(last)
        while len(d) <= idx:
            d.append(None)
        d[idx] = value
    else:
        if value is None:
            d.pop(last, None)
        else:
            d[last] = value


def skeletons(k: int) -> dict[str, dict]:
    """The records of payload k without their text (filled in by `fill`)."""
    r = rid(k)
    return {
        "events": {"date": f"2012-01-{k % 28 + 1:02d}", "date_reported": [{"source": r}],
                   "title": {}, "summary": {}, "place": r, "actors": [r], "tags": [r],
                   "figures": [{"label": {}, "value": 5, "qualifier": "exact",
                                "claimed_by": r, "source": r, "note": {}}],
                   "sources": [{"source": r, "translation": {}, "note": {}}],
                   "status": "single-source", "notes": [{"kind": "context"}]},
        "sources": {"type": "report", "publisher": "monitor-a", "authors": [None],
                    "issued": "2012-01-01", "language": "en", "stance": "news", "notes": {}},
        "actors": {"kind": "person", "name": {}, "aliases": [None], "description": {}},
        "places": {"name": {}, "aliases": [None], "description": {}, "part_of": "ghezel-hesar"},
        "figures": {"metric": r, "period": "2012", "value": 1, "qualifier": "exact",
                    "claimed_by": r, "source": r, "translation": {}, "note": {}},
        "tags": {"description": {}},
        "metrics": {"description": {}},
    }


def fill(k: int, accept: set[int] | None) -> dict[str, dict]:
    """Records of payload k: the payload in every field (accept=None) or only in the
    fields of `accept` (the others get a harmless text)."""
    recs = skeletons(k)
    for f, (kind, loc, _) in enumerate(FIELDS):
        v = value_for(k, f) if accept is None or f in accept else benign(k, f)
        _set(recs[kind], loc, v)
    return recs


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def write_copy(dest: Path, per_payload: dict[int, dict[str, dict]]) -> dict[tuple[int, str], tuple[str, str]]:
    """A copy of the fixture with the records of each payload; returns, per (k, kind),
    (shown path, file text) for line look-ups."""
    shutil.copytree(BASIC, dest)
    written = {}
    tags = yaml.safe_load((dest / "tags.yml").read_text("utf-8"))
    metrics = yaml.safe_load((dest / "metrics.yml").read_text("utf-8"))
    for k, recs in per_payload.items():
        for kind in ("events", "sources", "actors", "places", "figures"):
            text = dump(recs[kind])
            (dest / kind / f"{rid(k)}.yml").write_text(text, "utf-8")
            written[(k, kind)] = (f"data/{kind}/{rid(k)}.yml", text)
        tags[rid(k)] = recs["tags"]
        metrics[rid(k)] = recs["metrics"]
    for name, data in (("tags", tags), ("metrics", metrics)):
        text = dump(data)
        (dest / f"{name}.yml").write_text(text, "utf-8")
        for k in per_payload:
            written[(k, name)] = (f"data/{name}.yml", text)
    return written


@functools.lru_cache(maxsize=256)
def _compose(text: str):
    return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def line_of(text: str, loc: tuple) -> int:
    """The line of the key (or list item) at `loc`, found independently of load.py."""
    node = _compose(text)
    line = 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, val in node.value:
                if key.value == part:
                    line, node = key.start_mark.line + 1, val
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
    return line


# --- check runs: which (payload, field) are rejected, and how -----------------------------

@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """{k: {"rejected": {f: message}, "accepted": set(f), "unclear": [..], "unexplained": [..]}}"""
    out = {}
    base = tmp_path_factory.mktemp("inject-check")
    for k in range(len(PAYLOADS)):
        dest = base / f"p{k:02d}" / "data"
        written = write_copy(dest, {k: fill(k, None)})
        ch = load(dest)
        errors = [p for p in ch.errors]
        explained: set[int] = set()
        rejected, accepted, unclear = {}, set(), []
        for f, (kind, loc, _) in enumerate(FIELDS):
            shown, text = written[(k, kind)]
            want_path = shown
            full_loc = (rid(k), *loc.split(".")) if kind in ("tags", "metrics") else tuple(loc.split("."))
            needle = f"`{loc}`"
            hits = [(i, p) for i, p in enumerate(errors)
                    if p.path == want_path and needle in p.message
                    and (kind not in ("tags", "metrics") or p.message.startswith(f"{rid(k)}: "))]
            if not hits:
                accepted.add(f)
                continue
            for i, _ in hits:
                explained.add(i)
            i, p = hits[0]
            want_line = line_of(text, tuple(int(x) if x.isdigit() else x for x in full_loc))
            if kind in ("tags", "metrics"):
                want_line = line_of(text, (rid(k),))  # term problems point at the term's id
            rejected[f] = str(p)
            if p.line != want_line:
                unclear.append(f"{FIELDS[f][0]}.{loc}: line {p.line}, expected {want_line}: {p}")
        # everything else must be a consequence of a rejected record: a reference to it
        unexplained = [str(p) for i, p in enumerate(errors) if i not in explained
                       and not re.search(rf'"{rid(k)}" (does not exist|is not defined)', p.message)]
        out[k] = {"rejected": rejected, "accepted": accepted, "unclear": unclear,
                  "unexplained": unexplained}
    return out


def built_payloads(verdicts) -> list[int]:
    """Payloads accepted in at least one field (the others have nothing to publish)."""
    return [k for k in range(len(PAYLOADS)) if verdicts[k]["accepted"]]


@pytest.fixture(scope="module")
def injected(verdicts, tmp_path_factory, build_site):
    """One build with every accepted (payload, field) in place."""
    dest = tmp_path_factory.mktemp("inject-build") / "data"
    write_copy(dest, {k: fill(k, verdicts[k]["accepted"]) for k in built_payloads(verdicts)})
    ch = load(dest)
    assert not ch.errors, "accepted values fail together:\n" + "\n".join(map(str, ch.errors))
    site = build_site(dest)
    return dest, site


def test_corpus_covers_every_field():
    assert len(PAYLOADS) >= 25
    assert len(set(NAMES)) == len(NAMES)
    kinds = {kind for kind, _, _ in FIELDS}
    assert kinds == {"events", "sources", "actors", "places", "figures", "tags", "metrics"}


@pytest.mark.parametrize("k", range(len(PAYLOADS)), ids=NAMES)
def test_rejection_names_file_line_and_field(verdicts, k):
    v = verdicts[k]
    assert not v["unclear"], "\n".join(v["unclear"])
    assert not v["unexplained"], "problems not tied to a field:\n" + "\n".join(v["unexplained"])


# --- the built site ----------------------------------------------------------------------

_BASE = re.compile(r'"(?:\.\./)*\.\.?"|"/"|(?<=")(?:\.\./)+|(?<=")/(?=assets)')


def _norm(el) -> str:
    s = lxml.html.tostring(el, encoding="unicode", with_tail=False)
    return _BASE.sub('"', s) if el.tag == "script" else s


ACTIVE = ("script", "svg", "style", "iframe", "object", "embed", "applet", "frame", "frameset",
          "math", "base", "template", "noscript", "link", "meta")
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background",
             "cite", "srcset", "ping", "codebase", "content"}


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, lxml.html.parse(str(path)).getroot()


def _active_set(site: Path) -> set[str]:
    seen = set()
    for _, doc in _pages(site):
        for el in doc.iter(*ACTIVE):
            if el.tag == "link" and el.get("rel") == "canonical":
                continue
            seen.add(_norm(el))
    return seen


@pytest.fixture(scope="module")
def clean_active(fixture_site):
    return _active_set(fixture_site)


def _scheme(value: str) -> str:
    v = re.sub(r"[\x00-\x20\x7f]+", "", value)
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", v)
    return m.group(1).lower() if m else ""


def test_site_has_nothing_active_from_data(injected, clean_active):
    _, site = injected
    bad = []
    for path, doc in _pages(site):
        rel = path.relative_to(site)
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag in ACTIVE and not (el.tag == "link" and el.get("rel") == "canonical"):
                if el.tag == "meta" and el.get("http-equiv", "").lower() == "refresh":
                    bad.append(f"{rel}: meta refresh")
                elif _norm(el) not in clean_active:
                    bad.append(f"{rel}: <{el.tag}> not in a clean build: {_norm(el)[:160]}")
            for name, value in el.attrib.items():
                if name.lower().startswith("on"):
                    bad.append(f"{rel}: <{el.tag} {name}={value!r}>")
                if name.lower() in URL_ATTRS and name != "content":
                    if _scheme(value) not in ("", "http", "https"):
                        bad.append(f"{rel}: <{el.tag} {name}={value!r}>")
                if name.lower() == "style" and re.search(r"expression|url\(", value, re.I):
                    bad.append(f"{rel}: style={value!r}")
    assert not bad, "\n".join(bad[:40])


def test_no_direction_override_in_output(injected):
    _, site = injected
    bad = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ics", ".bib", ".xml", ".svg"):
            text = path.read_text("utf-8", errors="replace")
            if BIDI.search(text) or re.search(r"&#(x202[a-e]|x206[6-9]|82(3[4-8])|827[0-3]);", text, re.I):
                bad.append(str(path.relative_to(site)))
    assert not bad, f"direction override characters published in: {bad}"


def _visible(doc) -> str:
    # citation snippets (BibLaTeX, CSL-JSON) are code, escaped for their format: not prose
    parts = doc.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::pre)]")
    title = doc.xpath("//title/text()")
    return " ".join(" ".join([*title, "".join(parts)]).split())


@pytest.fixture(scope="module")
def page_texts(injected):
    _, site = injected
    return {str(p.relative_to(site)): _visible(doc) for p, doc in _pages(site)}


def _ws(s: str) -> str:
    return " ".join(s.split())


RESULTS: dict[str, dict] = {}


@pytest.mark.parametrize("k", range(len(PAYLOADS)), ids=NAMES)
def test_payload_shown_literally(verdicts, injected, page_texts, k):
    dest, site = injected
    name, payload, literal = PAYLOADS[k]
    problems, shown_fields = [], 0
    for f in sorted(verdicts[k]["accepted"]):
        kind, loc, inline = FIELDS[f]
        if loc in URL_LOCS:
            # an accepted address: each link to it is exactly it, and it shows as text
            hrefs = []
            for p, doc in _pages(site):
                hrefs += [a.get("href") for a in doc.iter("a") if a.get("href") == payload]
            if hrefs or any(payload in t for t in page_texts.values()):
                shown_fields += 1
            continue
        m = marker(k, f)
        where = {p: t for p, t in page_texts.items() if m in t}
        if not where:
            continue  # a field not shown on any page (checked in the downloads below)
        shown_fields += 1
        for p, text in where.items():
            for pos in [i.start() for i in re.finditer(re.escape(m), text)]:
                after = text[pos:pos + len(m) + 1 + len(_ws(payload)) + 400]
                if inline:
                    if not after.startswith(_ws(f"{m} {payload}")) and \
                            not _ws(f"{m} {payload}").startswith(after[:len(after)]):
                        problems.append(f"{kind}.{loc} on {p}: shows {after[:len(m) + 80]!r}")
                elif literal and literal not in after:
                    problems.append(f"{kind}.{loc} on {p}: {literal!r} not shown literally: {after[:120]!r}")
                if "{{" in payload and re.search(r"(?<![0-9])49(?![0-9])", after[:len(m) + 1 + len(_ws(payload))]):
                    problems.append(f"{kind}.{loc} on {p}: template expression evaluated: {after[:100]!r}")
    RESULTS[name] = {"accepted": len(verdicts[k]["accepted"]), "rejected": len(verdicts[k]["rejected"]),
                     "shown": shown_fields, "problems": len(problems)}
    assert not problems, "\n".join(problems[:20])


# --- downloads --------------------------------------------------------------------------

def _get(d, loc: str):
    for part in loc.split("."):
        if d is None:
            return None
        d = d[int(part)] if part.isdigit() else d.get(part)
    return d


@pytest.fixture(scope="module")
def downloads(injected):
    _, site = injected
    return {p.name: p.read_bytes() for p in (site / "downloads").iterdir() if p.is_file()}


@pytest.mark.parametrize("k", range(len(PAYLOADS)), ids=NAMES)
def test_downloads_carry_payload_literally(verdicts, downloads, k):
    if not verdicts[k]["accepted"]:
        return  # rejected in every field: not built
    events = {r["id"]: r for r in json.loads(downloads["events.json"])["records"]}
    sources = {r["id"]: r for r in json.loads(downloads["sources.json"])["records"]}
    problems = []
    for f in sorted(verdicts[k]["accepted"]):
        kind, loc, _ = FIELDS[f]
        pool = {"events": events, "sources": sources}.get(kind)
        if pool is None:
            continue
        got = _get(pool[rid(k)], "source_url" if (kind, loc) == ("sources", "url") else loc)
        if got != value_for(k, f):
            problems.append(f"{kind}.json {rid(k)} {loc}: {got!r} != {value_for(k, f)!r}")
    # CSV: the title cells are the titles, literally (or with the formula guard quote)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(downloads["events.csv"].decode("utf-8-sig")))}
    for lang in ("en", "fa"):
        f = FIELDS.index(("events", f"title.{lang}", True))
        want = value_for(k, f) if f in verdicts[k]["accepted"] else benign(k, f)
        cell = rows[rid(k)][f"title_{lang}"]
        if _ws(cell.lstrip("'")) != _ws(want):
            problems.append(f"events.csv title_{lang}: {cell!r}")
    # ICS: SUMMARY is the English title
    cal = Calendar.from_ical(downloads["events.ics"])
    summaries = {str(c.get("UID")).split("@")[0]: str(c.get("SUMMARY")) for c in cal.walk("VEVENT")}
    f = FIELDS.index(("events", "title.en", True))
    want = value_for(k, f) if f in verdicts[k]["accepted"] else benign(k, f)
    if _ws(summaries[rid(k)]) != _ws(want):
        problems.append(f"events.ics SUMMARY: {summaries[rid(k)]!r}")
    # CSL-JSON: the source title
    csl = {item["id"]: item for item in json.loads(downloads["sources.csl.json"])}
    item = next((v for key, v in csl.items() if key.endswith(rid(k))), None)
    if item is None:
        problems.append("sources.csl.json: no item")
    assert not problems, "\n".join(problems)


def test_download_files_parse(verdicts, downloads):
    n = len(built_payloads(verdicts))
    json.loads(downloads["events.json"])
    json.loads(downloads["sources.json"])
    json.loads(downloads["sources.csl.json"])
    rows = list(csv.DictReader(io.StringIO(downloads["events.csv"].decode("utf-8-sig"))))
    assert len(rows) == 4 + n
    cal = Calendar.from_ical(downloads["events.ics"])
    assert len(cal.walk("VEVENT")) == 4 + n
    feed = etree.fromstring(downloads["feed.xml"])
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t and "zq" in t for t in titles)
    for e in feed.iter("{http://www.w3.org/2005/Atom}link"):
        assert _scheme(e.get("href", "")) in ("http", "https", "")
    import bibtexparser
    lib = bibtexparser.parse_string(downloads["sources.bib"].decode("utf-8"))
    assert not lib.failed_blocks
    assert len(lib.entries) == 3 + n
    for v in downloads.values():
        assert not BIDI.search(v.decode("utf-8", errors="replace"))


def test_search_index_is_safe(injected):
    _, site = injected
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    bad = []
    for d in docs:
        for key in ("title", "text"):
            frag = d.get(key) or ""
            if not frag.strip():
                continue
            root = lxml.html.fragment_fromstring(frag, create_parent="div")
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                if el.tag in ACTIVE or el.tag in ("img", "a", "iframe"):
                    bad.append(f"{d['location']} {key}: <{el.tag}>")
                for name in el.attrib:
                    if name.lower().startswith("on"):
                        bad.append(f"{d['location']} {key}: {name}")
    assert not bad, "\n".join(bad[:30])


def test_report(verdicts, request):
    """Cases tried and passed (printed with -s; also kept in the pytest cache)."""
    tried = len(PAYLOADS) * len(FIELDS)
    rejected = sum(len(v["rejected"]) for v in verdicts.values())
    accepted = sum(len(v["accepted"]) for v in verdicts.values())
    bad = sum(bool(v["unclear"] or v["unexplained"]) for v in verdicts.values())
    summary = {"payloads": len(PAYLOADS), "fields": len(FIELDS), "cases": tried,
               "rejected_by_check": rejected, "accepted_and_built": accepted,
               "payloads_with_unclear_rejections": bad,
               "per_payload": RESULTS}
    if getattr(request.config, "cache", None) is not None:  # absent with -p no:cacheprovider
        request.config.cache.set("chronicle/injection-report", summary)
    print(f"\ninjection corpus: {tried} cases ({len(PAYLOADS)} payloads x {len(FIELDS)} fields): "
          f"{rejected} rejected by check, {accepted} accepted and built")
    assert rejected + accepted == tried
