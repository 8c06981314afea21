"""Search normalisation. Material's search (lunr) knows no Persian: the same word can be
typed with Arabic ي/ك or Persian ی/ک, with or without a zero-width non-joiner (ZWNJ), with
Persian, Arabic or Latin digits. The index is rewritten here with one normal form, and
docs/assets/search-normalise.js applies the same mapping to what the reader types.

Record pages also keep a single, short index entry each (what readers search for: titles,
names, spellings, dates, places), not every quote: the index stays small as data grows.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ZWNJ = "\u200c"
_MAP = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ـ": None,
                      **{c: str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")},
                      **{c: str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_JOINED = re.compile(rf"[\u0600-\u06ff]+(?:{ZWNJ}[\u0600-\u06ff]+)+")

# Record pages: one entry each; their text is cut to this length (places and actors keep
# every alias and name: spellings are what readers search for).
RECORD_DIRS = ("events", "sources", "tags", "timeline")
KEEP_WHOLE = ("places", "actors")
MAX_TEXT = 160


def normalise(text: str) -> str:
    """The one form of a Persian or mixed text that index and query share."""
    text = _DIACRITICS.sub("", text.translate(_MAP))
    joined = [m.group().replace(ZWNJ, "") for m in _JOINED.finditer(text)]
    text = text.replace(ZWNJ, " ")
    if joined:
        text = f"{text} {' '.join(joined)}"
    return text


def _kind(location: str) -> str | None:
    path = location.split("#", 1)[0]
    parts = path.strip("/").split("/")
    if parts and parts[0] == "fa":
        parts = parts[1:]
    if len(parts) >= 2 and parts[1] and parts[1] != "index.html":
        return parts[0]
    return None


def _strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def compact(docs: list[dict]) -> list[dict]:
    out = []
    for doc in docs:
        kind = _kind(doc.get("location", ""))
        if kind in RECORD_DIRS or kind in KEEP_WHOLE:
            if "#" in doc["location"]:
                continue  # sections of a record page: quotes, notes, citations
            text = _strip_tags(doc.get("text", ""))
            if kind in RECORD_DIRS and len(text) > MAX_TEXT:
                text = text[:MAX_TEXT].rsplit(" ", 1)[0]
            doc = {**doc, "text": text}
        out.append(doc)
    return out


def rewrite_index(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = compact(data.get("docs", []))
    for doc in docs:
        doc["title"] = normalise(doc.get("title", ""))
        doc["text"] = normalise(doc.get("text", ""))
    data["docs"] = docs
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
