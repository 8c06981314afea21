"""The text renderer: the fast path for plain paragraphs gives exactly what the Markdown +
nh3 path gives, and text from data never turns into markup."""
from __future__ import annotations

import nh3
from hypothesis import given, settings, strategies as st

from chronicle.site import render


def slow(text: str) -> str:
    render._md.reset()
    html = render._md.convert(text)
    clean = nh3.clean(html, tags=render._BLOCK_TAGS, attributes={"a": {"href"}}, url_schemes={"https"},
                      link_rel="noopener noreferrer nofollow", strip_comments=True)
    return "\n".join(line for line in clean.splitlines() if line.strip())


def body(markup) -> str:
    return str(markup).split("\n", 2)[2].rsplit("\n</div>", 1)[0]


@settings(max_examples=3000, derandomize=True, database=None)
@given(st.text(alphabet=list("ab c\n\n  1.-+=:;,'\"()/é۱قزل\u200c"), min_size=1, max_size=40))
def test_fast_path_equals_markdown(text):
    if text.strip() and render._PLAIN.search(text) is None:
        assert body(render.md_block(text)) == slow(text)


def test_markdown_subset_and_escaping():
    out = str(render.md_block("*a* [x](https://e.org) <b>bold</b> [y](javascript:alert(1))", "en"))
    assert "<em>a</em>" in out and 'href="https://e.org"' in out
    assert "<b>" not in out and "javascript" not in out.split("href")[-1]
    assert str(render.escape_inline("[x](javascript:1) *b* <i>")) == \
        "&#91;x&#93;(javascript&#58;1) &#42;b&#42; &lt;i&gt;"
