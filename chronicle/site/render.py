"""Turning record text into safe page text, and the Jinja environment of the templates.

Every text field comes from YAML written by strangers. It reaches a page in one of two ways:
- inline (titles, names, quotes): `{{ value }}` — the environment escapes it for HTML *and*
  for Markdown (so `[x](javascript:…)` or `*` stay literal characters);
- as a block of the small Markdown subset (summaries, notes, descriptions): the `md` filter
  renders it with Python-Markdown, then nh3 keeps only harmless tags and https:// links.
A last nh3 pass over every generated page (hooks.py) is a second line of defence.
"""
from __future__ import annotations

import functools
import re
from html import escape as html_escape
from pathlib import Path

import markdown as _markdown
import nh3
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..data import dates

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Characters that Markdown (and its extensions used here) treats specially inside a line.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]{}<>|~^!#+=:-]")
_INLINE = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}|~^!#+=:-"}
_INLINE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&#34;", ord("'"): "&#39;"})


def escape_inline(value) -> Markup:
    """HTML-escape, then turn Markdown punctuation into character references, and fold
    newlines, so that the text shows literally wherever Markdown meets it."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if "\n" in text or "\r" in text:
        text = re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", text)
    # One pass, character by character: what markupsafe.escape() gives for & < > " ', and
    # a numeric reference for every other Markdown character (the same output as escaping
    # first and then replacing outside the entities escape() made, at a fraction of the cost).
    return Markup(text.translate(_INLINE))


# Text that needs Python-Markdown: any Markdown or HTML character, a list or quote marker or
# an indented line at the start of a line, or a hard line break (two trailing spaces).
_PLAIN = re.compile(r"[\\`*_\[\]<>&!#|~\t\r]|^[ ]*([-+>=]|\d+[.)])|^    |  $| $", re.M)

_BLOCK_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br", "code", "blockquote"}
_md = _markdown.Markdown(extensions=[], output_format="html")


def md_block(value, lang: str | None = None) -> Markup:
    """Render the small Markdown subset of a text field to sanitised HTML, as one raw
    HTML block that the page's Markdown leaves alone."""
    if value is None:
        return Markup("")
    text = str(value)
    if _PLAIN.search(text) is None:
        # No Markdown syntax at all (most summaries): the paragraphs, escaped. The same
        # output Python-Markdown gives for such text, without its cost.
        paras = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
        clean = "\n".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paras)
    else:
        _md.reset()
        html = _md.convert(text)
        clean = nh3.clean(html, tags=_BLOCK_TAGS, attributes={"a": {"href"}},
                          url_schemes={"https"}, link_rel="noopener noreferrer nofollow",
                          strip_comments=True)
    clean = "\n".join(line for line in clean.splitlines() if line.strip())
    attrs = f' lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}"' if lang else ""
    return Markup(f'\n<div class="ch-text"{attrs}>\n{clean}\n</div>\n')


# The page-level pass: every tag and attribute the templates and Markdown produce, nothing else.
PAGE_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "li", "mark", "nav", "ol", "p", "pre", "q",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "ul", "button", "textarea", "label", "input",
    "select", "option", "form", "fieldset", "legend", "output", "img", "picture", "source",
}
PAGE_ATTRS = {
    "*": {"class", "id", "lang", "dir", "title", "role", "hidden", "tabindex", "aria-label",
          "aria-labelledby", "aria-describedby", "aria-hidden", "aria-live", "aria-current",
          "aria-controls", "aria-expanded", "aria-pressed"},
    "a": {"href", "hreflang", "rel"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "ol": {"start", "reversed"},
    "details": {"open"},
    "textarea": {"readonly", "rows", "cols", "name"},
    "input": {"type", "name", "value", "checked", "placeholder", "autocomplete"},
    "select": {"name", "multiple"},
    "option": {"value", "selected"},
    "label": {"for"},
    "button": {"type", "name", "value"},
    "form": {"method"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "width", "height", "loading"},
    "source": {"srcset", "media", "width", "height"},
    "q": {"cite"},
}


def sanitise_page(html: str) -> str:
    """Second line of defence for generated pages: no script, no event handlers, no
    javascript: or data: links, whatever the Markdown made of the text."""
    return nh3.clean(html, tags=PAGE_TAGS, attributes=PAGE_ATTRS,
                     generic_attribute_prefixes={"data-"}, url_schemes={"https", "http"},
                     link_rel=None, strip_comments=False)


def labels() -> dict:
    """The interface words (templates/labels.yml), re-read when the file changes (mkdocs serve)."""
    path = TEMPLATES / "labels.yml"
    return _labels(path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _labels(_mtime: int) -> dict:
    with open(TEMPLATES / "labels.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def slug(value) -> Markup:
    """An id for an address or anchor: checked against the id pattern, then used as is."""
    text = str(value)
    if not _SLUG.match(text):
        raise ValueError(f"not an id: {text!r}")
    return Markup(text)


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return escape_inline(value)


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = md_block
    env.filters["fa_digits"] = dates.fa_digits
    env.filters["attr"] = lambda v: escape(" ".join(str(v).split()))
    env.filters["slug"] = slug
    env.filters["pre"] = lambda v: Markup(str(escape(str(v))).replace("\n\n", "\n"))
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
