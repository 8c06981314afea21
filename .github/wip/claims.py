"""Checks that what the site says is backed by what its sources say.

For an editor: a number in a title or summary must appear in a quote, a translation, a
figure or the date of the same record (or be listed in `unquoted_numbers` with a reason);
reader-facing text must not cite our unpublished research notes; every event and person
needs at least one verbatim quote; quotes need translations. `check_figures` finds a
source whose own figures cannot all be true. Pure functions: no file is read here.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from .dates import (EN_MONTHS, EN_SH_MONTHS, FA_GREG_MONTHS, FA_SH_MONTHS, fa_digits,
                    format_en, format_fa, latin_digits, parse_date, to_solar_hijri)


@dataclass(frozen=True)
class Finding:
    """One problem: `loc` is the field's path in the record, as pydantic gives it."""
    loc: tuple
    message: str
    level: str = "error"  # "error" or "warning"
    fa: str | None = None  # the message in Persian, where readers will see it


# --- reading numbers out of text -------------------------------------------------------
_D = "0-9۰-۹٠-٩"
_TOKEN = re.compile(
    rf"(?P<num>(?<![{_D}])[{_D}]{{1,3}}(?:[,٬\u00a0\u202f ][{_D}]{{3}})+(?![{_D}])"
    rf"|[{_D}]+(?:[.٫][{_D}]+)?)|(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*|[\u0621-\u06FF\u200c]+)")
_URL = re.compile(r"\]\(\s*<?https?://[^)]*\)|https?://\S+")
_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
             "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_FA_UNITS = ("_ یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده "
             "شانزده هفده هجده نوزده").split()
_FA_TENS = "بیست سی چهل پنجاه شصت هفتاد هشتاد نود".split()
_FA_HUNDREDS = "یکصد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد".split()
_WORDS = {**{w: i for i, w in enumerate(_EN_UNITS) if i},
          **{w: 20 + 10 * i for i, w in enumerate(_EN_TENS)},
          **{w: i for i, w in enumerate(_FA_UNITS) if i},
          **{w: 20 + 10 * i for i, w in enumerate(_FA_TENS)},
          **{w: 100 * (i + 1) for i, w in enumerate(_FA_HUNDREDS)},
          "شیش": 6, "پونزده": 15, "هیفده": 17, "هیجده": 18, "dozen": 12}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "صد": 100, "هزار": 1000,
           "میلیون": 10 ** 6}
_IRREGULAR = {"first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9,
              "twelfth": 12, "نخست": 1, "نخستین": 1, "اول": 1, "اولین": 1, "سوم": 3,
              "سومین": 3}
_ORDINALS = {**_IRREGULAR,
             **{w + "th": v for w, v in _WORDS.items() if w.isascii() and 4 <= v <= 19
                and w + "th" not in ("fiveth", "eightth", "nineth", "twelveth")},
             **{w[:-1] + "ieth": v for w, v in _WORDS.items() if w in _EN_TENS},
             **{w + s: v for w, v in _WORDS.items() if not w.isascii()
                for s in ("م", "مین", "\u200cام", "\u200cامین")}}
_JOIN = {"and", "و"}
_NAMES = re.compile(r"(units?|wards?|sections?|halls?|blocks?|articles?|cells?|buildings?"
                    r"|واحد|بند|سالن|ماده|مادهٔ|اندرزگاه)(\u200c?های)?$", re.I)
_LIST = {"and", "or", "&", "و", "یا"}
_MONTHS = {m.lower() for m in EN_MONTHS + EN_SH_MONTHS + FA_GREG_MONTHS + FA_SH_MONTHS}
_MONTHS |= {m.lower()[:3] for m in EN_MONTHS} | {"sept"}
# Persian "نه" is also "not": it is nine only before a counted word.
_NINE_BEFORE = set("نفر تن زندانی سالن روز ماه سال هفته ساعت بار اعدام زن مرد".split())


@dataclass(frozen=True)
class _Num:
    value: float
    text: str
    first: int   # index of its first and last token
    last: int
    words_only: bool


def _norm(word: str) -> str:
    word = re.sub("[\u064b-\u065f\u0670]", "", word).replace("ي", "ی").replace("ك", "ک")
    return word.lower()


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    text = _URL.sub(" ", text)
    out = []
    for m in _TOKEN.finditer(text):
        kind = "num" if m.group("num") else "word"
        if kind == "num" and re.search(r"[A-Za-z]-?$", text[max(0, m.start() - 2):m.start()]):
            continue  # "F-H07", "COVID-19": an id, not a count
        out.append((kind, m.group() if kind == "num" else _norm(m.group()), m.start(), m.end()))
    return out


def _word_value(word: str) -> tuple[int | None, bool]:
    """(value, is_ordinal) of one number word, or (None, False)."""
    if word in _WORDS:
        return _WORDS[word], False
    return _ORDINALS.get(word), word in _ORDINALS


def _parts(word: str) -> list[str]:
    """A hyphenated or zero-width-joined word, as its number-word prefix ("six-month")."""
    if word in _WORDS or word in _ORDINALS or word in _SCALES:
        return [word]
    if "شنبه" in word:  # سه‌شنبه is Tuesday, not three
        return []
    out = []
    for p in re.split(r"[-\u200c]", word):
        p = p[1:] if p.startswith("و") and p[1:] in _WORDS else p
        if p and (_word_value(p)[0] is not None or p in _SCALES):
            out.append(p)
        elif p:
            break
    return out


def _digits(tok: str) -> float:
    return float(re.sub("[,٬\u00a0\u202f ]", "", latin_digits(tok)).replace("٫", "."))


def _add(state: list, w: str) -> bool:
    """Add one number word to [total, current, last_size]; False if it does not continue."""
    total, current, last = state
    v = _word_value(w)[0]
    if w in _SCALES and _SCALES[w] < 1000:
        state[1:] = [(current or 1) * _SCALES[w], _SCALES[w]]
    elif w in _SCALES:
        state[:] = [total + (current or 1) * _SCALES[w], 0, _SCALES[w]]
    elif w == "dozen":
        state[1:] = [(current or 1) * 12, 12]
    elif v is not None and v < last:
        state[1:] = [current + v, v]
    else:
        return False
    return True


def _numbers(text: str) -> list[_Num]:
    """Every number in `text`, by value: "3,000", "۳٬۰۰۰", "three thousand", "بیست و پنج"."""
    toks, out, i = _tokens(text), [], 0
    while i < len(toks):
        kind, tok = toks[i][:2]
        state, j = [0.0, 0.0, math.inf], i
        if kind == "num":
            state, j = [0.0, _digits(tok), 1], i + 1
        elif tok == "a" and i + 1 < len(toks) and toks[i + 1][1] in ("hundred", "thousand", "dozen"):
            state, j = [0.0, 1.0, 1], i + 1
        ordinal = False
        while j < len(toks) and toks[j][0] == "word" and not ordinal:
            words = _parts(toks[j][1])
            if not words and toks[j][1] in _JOIN and j > i and j + 1 < len(toks):
                nxt = _parts(toks[j + 1][1])
                v = _word_value(nxt[0])[0] if nxt else None
                if v is not None and v < state[2]:
                    j += 1
                    continue
            if not words or not _add(state, words[0]):
                break
            for w in words[1:]:
                if not _add(state, w):
                    break
            ordinal = any(_word_value(w)[1] for w in words)
            j += 1
        if toks[j - 1][1] in _JOIN:
            j -= 1
        if j == i or (tok == "نه" and j == i + 1 and (j >= len(toks) or toks[j][1] not in _NINE_BEFORE)):
            i = max(j, i + 1)
            continue
        out.append(_Num(state[0] + state[1], text[toks[i][2]:toks[j - 1][3]], i, j - 1, kind != "num"))
        i = j
    return out


def _values(texts) -> set[float]:
    return {n.value for t in texts if t for n in _numbers(t)}


# --- check (a): numbers no quote supports ----------------------------------------------
def _date_values(date: str) -> set[float]:
    """The numbers a record's date supports: years, months and days, Gregorian and Solar Hijri."""
    value = parse_date(date)
    out = set(range(value.start.year, value.end.year + 1))
    for d, edate in ((value.start, value.first), (value.end, value.last or value.first)):
        sh = to_solar_hijri(d)
        out |= {sh[0]}
        if edate.precision != "year":
            out |= {d.month}
        if edate.precision == "day":
            out |= {d.day, sh[1], sh[2]}
    return {float(v) for v in out}


def _support(record) -> set[float]:
    texts = [d.text for d in getattr(record, "date_reported", [])]
    for c in record.sources:
        texts += [c.quote] + ([c.translation.en, c.translation.fa] if c.translation else [])
    figures = {float(v) for f in getattr(record, "figures", [])
               for v in (f.value, f.low, f.high) if v is not None}
    return _values(texts) | figures


def _is_date_part(toks, n: _Num) -> bool:
    """A number beside a month name ("1 December", "Mehr 1404"), or a bare year."""
    near = {toks[k][1] for k in (n.first - 1, n.first - 2, n.last + 1, n.last + 2)
            if 0 <= k < len(toks)}
    year = (not n.words_only and re.fullmatch(f"[{_D}]{{4}}", n.text)
            and (1300 <= n.value <= 1500 or 1900 <= n.value <= 2100))
    return bool(year) or (n.value <= 31 and bool(near & _MONTHS))


def _is_name(text: str, toks, n: _Num, named_until: int) -> bool:
    """"Unit 2", "Units 2 and 4", "واحد ۲", "Article 286": a name, not a count."""
    if n.first == 0:
        return False
    before = toks[n.first - 1]
    if _NAMES.fullmatch(before[1]):
        return True
    between = text[before[3]:toks[n.first][2]].strip()
    return (named_until == n.first - 1 and between in (",", "،")) or (
        named_until == n.first - 2 and before[1] in _LIST)


def _check_numbers(record, field: str) -> list[Finding]:
    out, exempt = [], _values(u.number for u in getattr(record, "unquoted_numbers", []))
    support, dates = _support(record), _date_values(record.date)
    for lang in ("en", "fa"):
        text = getattr(getattr(record, field, None), lang, None)
        toks, named_until, seen = _tokens(text or ""), -2, set()
        for n in _numbers(text or ""):
            if _is_name(text, toks, n, named_until):
                named_until = n.last
                continue
            if (n.words_only and n.value == 1) or n.value in support | exempt | seen:
                continue  # "one"/"یک" is as often "a" as a count: only the digit 1 is checked
            if n.value in dates and _is_date_part(toks, n):
                continue
            seen.add(n.value)
            shown = f'"{n.text}"' + ("" if n.text == f"{n.value:g}" else f" ({n.value:g})")
            out.append(Finding((field, lang), f"{field}.{lang} mentions {shown}, which no quote, "
                                              "translation, figure or date of this record contains"))
    return out


# --- checks (b), (c), (d) ------------------------------------------------------------
_NOTES = re.compile(r"(?<![\w-])(?:F-[A-Z]\d{1,3}|C-[A-Z]{0,2}\d{1,3})(?![\w-])"
                    r"|\b(?:[Ff]act[ -]?[Ss]heets?|[Rr]esearch (?:[Ss]heets?|[Nn]otes))\b"
                    r"|\b[Ss]ection [A-Z]\b|برگه\S?\s*واقعیت|یادداشت‌های پژوهشی|بخش [A-Z]\b")
_VERBATIM = {"quote", "text"}  # the sources' own words, not ours


def _texts(value, loc=()):
    """(loc, text) of every reader-facing string of a record."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, loc + (i,))
    elif hasattr(value, "model_fields"):
        for name in type(value).model_fields:
            if name not in _VERBATIM:
                yield from _texts(getattr(value, name), loc + (name,))


def _check_notes(record) -> list[Finding]:
    out = []
    for loc, text in _texts(record):
        m = _NOTES.search(text)
        if m:
            where = ".".join(str(p) for p in loc)
            out.append(Finding(loc, f'{where} cites the research notes ("{m.group()}"): readers '
                                    "cannot see them; describe the source instead"))
    return out


def _check_translations(citations, sources: dict) -> list[Finding]:
    out = []
    for loc, c in citations:
        source = sources.get(c.source)
        if not c.quote or source is None:
            continue
        lang, tr = source.language.split("-")[0], c.translation
        if lang != "fa" and not (tr and tr.fa):
            out.append(Finding(loc, f"the quote ({lang}) has no Persian translation "
                                    "(translation.fa)", "warning"))
        elif lang == "fa" and not (tr and tr.en):
            out.append(Finding(loc, "the Persian quote has no English translation "
                                    "(translation.en)", "warning"))
    return out


def check_record(kind: str, record, sources: dict) -> list[Finding]:
    """All the checks of one record; kind is "events", "people" or "figures"."""
    out = _check_notes(record)
    if kind == "figures":
        cites = [(("quote",), record)] + [(("see_also", i, "quote"), c)
                                          for i, c in enumerate(record.see_also)]
        return out + _check_translations(cites, sources)
    for field in ("title", "summary"):
        out += _check_numbers(record, field)
    if not any(c.quote for c in record.sources):
        out.append(Finding(("sources",), "has no quote: at least one source needs a verbatim quote"))
    cites = [(("sources", i, "quote"), c) for i, c in enumerate(record.sources)]
    return out + _check_translations(cites, sources)


# --- check_figures: one source's figures must fit together -----------------------------
_DAY = dt.timedelta(days=1)


def _bounds(f) -> tuple[float, float]:
    """The lowest and highest count a figure allows ("about" is read as ±10%)."""
    lo, hi = (f.value, f.value) if f.value is not None else (f.low, f.high)
    if f.qualifier == "at-least":
        return lo, math.inf
    if f.qualifier == "at-most":
        return 0, hi
    if f.qualifier == "about":
        return math.floor(lo * 0.9), math.ceil(hi * 1.1)
    return lo, hi


def _span(period: str) -> tuple[dt.date, dt.date, bool]:
    v = parse_date(period)
    return v.start, v.end, v.approximate or v.uncertain


def _same(a: dt.date, b: dt.date, fuzzy: bool) -> bool:
    """Two ends are the same day, or the same month where either is approximate."""
    return a == b or (fuzzy and (a.year, a.month) == (b.year, b.month))


def _inside(inner, outer) -> bool:
    fuzzy = inner[2] or outer[2]
    return ((outer[0] <= inner[0] or _same(outer[0], inner[0], fuzzy))
            and (inner[1] <= outer[1] or _same(inner[1], outer[1], fuzzy)))


def _rest(whole, part) -> list[tuple]:
    """The days of `whole` outside `part` (ends in the same approximate month are equal)."""
    fuzzy, out = whole[2] or part[2], []
    if part[0] > whole[0] and not _same(part[0], whole[0], fuzzy):
        out.append((whole[0], part[0] - _DAY, False))
    if part[1] < whole[1] and not _same(part[1], whole[1], fuzzy):
        out.append((part[1] + _DAY, whole[1], False))
    return out


def _iso(start: dt.date, end: dt.date) -> str:
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if start.day == 1 and (end + _DAY).day == 1:
        a, b = f"{start:%Y-%m}", f"{end:%Y-%m}"
    else:
        a, b = start.isoformat(), end.isoformat()
    return a if a == b else f"{a}/{b}"


def _say(n: float, period: str) -> tuple[str, str]:
    """A count and its period, in English and Persian: "1,695 (October 2024 – July 2025)"."""
    v = parse_date(period)
    return f"{n:,.0f} ({format_en(v)})", f"{fa_digits(f'{n:,.0f}').replace(',', '٬')} ({format_fa(v)[1]})"


def _part_larger(group) -> list[tuple[str, Finding]]:
    """(1) No figure may be larger than one of the same source for a period containing it."""
    out = []
    for fid, f, s in group:
        for wid, w, ws in group:
            if wid != fid and _inside(s, ws) and not _inside(ws, s) and _bounds(f)[0] > _bounds(w)[1]:
                en, fa = _say(_bounds(f)[0], f.period), _say(_bounds(w)[1], w.period)
                msg = (f"This source gives {en[0]}, more than the {fa and en[1]} it gives for a "
                       "period that contains it: both cannot be true.",
                       f"این منبع {fa[0]} را می‌آورد، بیش از {fa[1]} که برای بازه‌ای دربرگیرندهٔ آن "
                       "می‌دهد: هر دو نمی‌توانند درست باشند.")
                out += [(x, Finding(("value",), msg[0], "error", msg[1])) for x in (fid, wid)]
    return out


def _remainders(group) -> list[tuple[str, Finding]]:
    """(2) For a whole P with a part Q, P − Q is the count in the rest of P; where another
    figure R's period contains that rest, P − Q may not exceed R (error). Where it fits,
    a warning spells out what the figures imply, for the editor to judge."""
    out = []
    for pid, p, ps in group:
        for qid, q, qs in group:
            rest = _rest(ps, qs) if qid != pid and _inside(qs, ps) else []
            if len(rest) != 1:
                continue
            low = _bounds(p)[0] - _bounds(q)[1]
            r_iso = _iso(rest[0][0], rest[0][1])
            for rid, r, rs in group:
                if rid in (pid, qid) or not _inside(rest[0], rs) or _inside(ps, rs):
                    continue
                out += _remainder_finding((pid, p), (qid, q), (rid, r), low, r_iso, rs, rest[0])
    return out


def _remainder_finding(p, q, r, low, r_iso, rs, rest) -> list[tuple[str, Finding]]:
    """The message of one whole − part = rest, compared with a figure R that contains rest."""
    (pid, pf), (qid, qf), (rid, rf) = p, q, r
    sp, sq, sr, srest = (_say(_bounds(pf)[0], pf.period), _say(_bounds(qf)[1], qf.period),
                         _say(_bounds(rf)[1], rf.period), _say(low, r_iso))
    head_en = f"This source gives {sp[0]} and {sq[0]}: that leaves {srest[0]}."
    head_fa = f"این منبع {sp[1]} و {sq[1]} را می‌آورد: می‌ماند {srest[1]}."
    if low > _bounds(rf)[1]:
        en = f"{head_en} That is more than the {sr[0]} it gives: these figures cannot all be true."
        fa = f"{head_fa} این بیش از {sr[1]} است که همین منبع می‌دهد: این ارقام همه با هم درست نیستند."
        level = "error"
    else:
        left = _rest(rs, rest)
        exact = all(x.qualifier == "exact" for x in (pf, qf, rf)) and len(left) == 1
        if not exact:
            return []
        tail = _say(_bounds(rf)[1] - low, _iso(left[0][0], left[0][1]))
        en = f"{head_en} With the {sr[0]} it gives, that leaves {tail[0]}."
        fa = f"{head_fa} با {sr[1]} که همین منبع می‌دهد، {tail[1]} می‌ماند."
        level = "warning"
    return [(x, Finding(("value",), en, level, fa)) for x in (pid, qid, rid)]


def check_figures(figures: dict) -> list[tuple[str, Finding]]:
    """Figures of one source, one metric and one place that contradict each other.

    Checks: (1) a part larger than a whole containing it; (2) a whole minus a part, i.e.
    the count in the rest of the whole, larger than a figure whose period contains that
    rest (with a warning explaining the arithmetic where all three are exact and fit).
    A finding is given to each figure involved."""
    groups: dict[tuple, list] = {}
    for fid, f in sorted(figures.items()):
        groups.setdefault((f.source, f.metric, f.place), []).append((fid, f, _span(f.period)))
    out = []
    for group in groups.values():
        out += _part_larger(group) + _remainders(group)
    return out
