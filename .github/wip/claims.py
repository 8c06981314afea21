"""Does the site say only what its sources say? Pure checks on records, no file I/O: numbers
in titles and summaries need a quote (or an `unquoted_numbers` reason); no citing the research
notes; a verbatim quote per record; translations; one source's figures must fit together."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import namedtuple
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
_TOKEN = re.compile(rf"(?P<num>(?<![{_D}])[{_D}]{{1,3}}(?:[,٬\u00a0\u202f ][{_D}]{{3}})+(?![{_D}])"
                    rf"|[{_D}]+(?:[.٫][{_D}]+)?)|(?P<word>[A-Za-z]+(?:-[A-Za-z]+)*|[\u0621-\u06FF\u200c]+)")
_URL = re.compile(r"\]\(\s*<?https?://[^)]*\)|https?://\S+")
_EN_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_FA_UNITS = "_ یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده".split()
_FA_TENS = "بیست سی چهل پنجاه شصت هفتاد هشتاد نود".split()
_FA_HUNDREDS = "یکصد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد".split()
_WORDS = {**{w: i for units in (_EN_UNITS, _FA_UNITS) for i, w in enumerate(units) if i},
          **{w: 20 + 10 * i for tens in (_EN_TENS, _FA_TENS) for i, w in enumerate(tens)},
          **{w: 100 * (i + 1) for i, w in enumerate(_FA_HUNDREDS)}, "شیش": 6, "پونزده": 15, "هیفده": 17, "هیجده": 18}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "dozen": 12, "صد": 100, "هزار": 1000, "میلیون": 10 ** 6}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9, "twelfth": 12,
             "نخست": 1, "نخستین": 1, "اول": 1, "اولین": 1, "سوم": 3, "سومین": 3,
             **{w + "th": v for w, v in _WORDS.items() if w.isascii() and v in (4, 6, 7, 10, 11, *range(13, 20))},
             **{w[:-1] + "ieth": v for w, v in _WORDS.items() if w in _EN_TENS},
             **{w + s: v for w, v in _WORDS.items() if not w.isascii() for s in ("م", "مین", "\u200cام", "\u200cامین")}}
_VALUE = {**{w: (v, True) for w, v in _ORDINALS.items()}, **{w: (v, False) for w, v in _WORDS.items()}}
_NAMES = re.compile(r"(units?|wards?|sections?|halls?|blocks?|articles?|cells?|buildings?"
                    r"|واحد|بند|سالن|ماده|مادهٔ|اندرزگاه)(\u200c?های)?", re.I)
_LIST = {"and", "or", "to", "و", "یا", "تا"}
_MONTHS = {m.lower() for m in EN_MONTHS + EN_SH_MONTHS + FA_GREG_MONTHS + FA_SH_MONTHS} | {m.lower()[:3] for m in EN_MONTHS}
_SEASONS = set("year winter spring summer autumn fall سال زمستان بهار تابستان پاییز".split())
_NINE_BEFORE = set("نفر تن زندانی سالن روز ماه سال هفته ساعت بار اعدام زن مرد".split())  # else "نه" is "not"
_Num = namedtuple("_Num", "value text first last words_only")  # first, last: token indexes


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(kind "num" or "word", text, start, end); words lower-cased, Persian normalised."""
    text, out = _URL.sub(lambda m: " " * len(m.group()), text), []
    for m in _TOKEN.finditer(text):  # digits after "F-H" or "COVID-" are an id, not a count
        if not (m.group("num") and re.search(r"[A-Za-z]-?$", text[max(0, m.start() - 2):m.start()])):
            word = re.sub("[\u064b-\u065f\u0670]", "", m.group()).replace("ي", "ی").replace("ك", "ک").lower()
            out.append(("num", m.group(), *m.span()) if m.group("num") else ("word", word, *m.span()))
    return out


def _parts(word: str) -> list[str]:
    """A hyphenated or zero-width-joined word, as its number-word prefix ("six-month")."""
    out = []
    if "شنبه" in word:  # سه‌شنبه is Tuesday, not three
        return out
    for p in filter(None, re.split(r"[-\u200c]", word)):
        p = p[1:] if p.startswith("و") and p[1:] in _VALUE else p  # بیست‌وپنج
        if p not in _VALUE and p not in _SCALES:
            return [] if p in ("ها", "های", "هایی") else out  # ده‌ها, صدها: "tens", vague
        out.append(p)
    return out


def _add(state: list, w: str) -> bool:
    """Add one number word to [total, current, size of the last word]; False if it cannot."""
    total, current, last = state
    scale, v = _SCALES.get(w), _VALUE.get(w, (None,))[0]
    if scale or (v is not None and v < last):  # "three thousand", "twenty-five", "سیصد و ده"
        state[:] = ([total + (current or 1) * scale, 0, scale] if scale and scale >= 1000 else
                    [total, (current or 1) * scale, scale] if scale else [total, current + v, v])
    return bool(scale) or (v is not None and v < last)


def _numbers(text: str) -> list[_Num]:
    """Every number in `text`, by value: "3,000", "۳٬۰۰۰", "three thousand", "بیست و پنج"."""
    toks, out, i = _tokens(text), [], 0
    while i < len(toks):
        kind, tok = toks[i][:2]
        state, j, ordinal = [0.0, 0.0, math.inf], i, False
        if kind == "num":
            digits = re.sub("[,٬\u00a0\u202f ]", "", latin_digits(tok)).replace("٫", ".")
            state, j = [0.0, float(digits), 1], i + 1
        elif tok == "a" and i + 1 < len(toks) and toks[i + 1][1] in ("hundred", "thousand", "dozen"):
            state, j = [0.0, 1.0, 1], i + 1
        while j < len(toks) and toks[j][0] == "word" and not ordinal:
            words = _parts(toks[j][1])
            if not words and toks[j][1] in _LIST and j > i and j + 1 < len(toks):  # "بیست و پنج"
                nxt = _parts(toks[j + 1][1])
                if nxt and _VALUE.get(nxt[0], (math.inf,))[0] < state[2]:
                    j += 1
                    continue
            if not words or not _add(state, words[0]):
                break
            all(_add(state, w) for w in words[1:])
            ordinal, j = any(_VALUE.get(w, (0, False))[1] for w in words), j + 1
        j -= 1 if j > i + 1 and toks[j - 1][1] in _LIST else 0
        if j > i and not (tok == "نه" and j == i + 1 and (j >= len(toks) or toks[j][1] not in _NINE_BEFORE)):
            out.append(_Num(state[0] + state[1], text[toks[i][2]:toks[j - 1][3]], i, j - 1, kind != "num"))
        i = max(j, i + 1)
    return out


def _values(texts) -> set[float]:
    return {n.value for t in texts if t for n in _numbers(t)}


# --- check (a): numbers no quote supports ----------------------------------------------
def _date_values(date: str) -> set[float]:
    """The numbers a date supports: years, months and days, Gregorian and Solar Hijri."""
    value = parse_date(date)
    out = set(range(value.start.year, value.end.year + 1))
    for d, edate in ((value.start, value.first), (value.end, value.last or value.first)):
        sh = to_solar_hijri(d)
        out |= {sh[0]} | ({d.month} if edate.precision != "year" else set())
        out |= {d.day, sh[1], sh[2]} if edate.precision == "day" else set()
    return {float(v) for v in out}


def _role(text: str, toks, n: _Num, named_until: int) -> str | None:
    """"name" ("Unit 2", "Units 2 and 4", "واحد ۲", "Article 286"); "year" beside a month or
    season ("March 2011", "winter of 1389"); "bare year" ("the 2014 revolt"); "day" beside a
    month ("1 December"); None for a count."""
    before = toks[n.first - 1] if n.first else ("", "", 0, 0)
    between = text[before[3]:toks[n.first][2]].strip()
    if n.first and ((_NAMES.fullmatch(before[1]) and not between) or (
            named_until == n.first - 1 and between in (",", "،", "–", "-", "/")) or (
            named_until == n.first - 2 and before[1] in _LIST)):
        return "name"
    near = {toks[k][1] for k in range(n.first - 3, n.last + 4) if 0 <= k < len(toks) and k != n.first}
    if not n.words_only and re.fullmatch(f"[{_D}]{{4}}", n.text) and (
            1300 <= n.value <= 1500 or 1900 <= n.value <= 2100):
        return "year" if near & (_MONTHS | _SEASONS) else "bare year"
    return "day" if n.value <= 31 and near & _MONTHS else None


def _check_numbers(record, field: str, sources: dict) -> list[Finding]:
    """Check (a) on one field: each number must be supported, a name, or an exception."""
    texts = [d.text for d in getattr(record, "date_reported", [])] + [t for c in record.sources for t in (
        c.quote, *((c.translation.en, c.translation.fa) if c.translation else ()))]
    support = _values(texts) | _values(u.number for u in getattr(record, "unquoted_numbers", []))
    support |= {v for f in getattr(record, "figures", []) for v in (f.value, f.low, f.high) if v is not None}
    dates = _date_values(record.date)
    for s in filter(None, (sources.get(c.source) for c in record.sources)):  # "as X reported on 26 December"
        dates |= set().union(*(_date_values(d) for d in (s.issued, s.updated) if d)) | _values([s.issued_text])
    out = []
    for lang in ("en", "fa"):
        text = getattr(getattr(record, field, None), lang, None) or ""
        toks, named_until, seen = _tokens(text), -2, set()
        for n in _numbers(text):
            kind = _role(text, toks, n, named_until)
            named_until = n.last if kind == "name" else named_until
            # "one"/"یک" is as often "a" as a count: only the digit 1 is checked
            if (n.words_only and n.value == 1) or n.value in support | seen or kind in ("name", "year") or (
                    kind and n.value in dates):
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
    yield from [(loc, value)] if isinstance(value, str) else []
    for i, item in enumerate(value if isinstance(value, (list, tuple)) else ()):
        yield from _texts(item, loc + (i,))
    for name in type(value).model_fields if hasattr(type(value), "model_fields") else ():
        yield from () if name in _VERBATIM else _texts(getattr(value, name), loc + (name,))


def _check_translations(citations, sources: dict) -> list[Finding]:
    """A quote not in Persian needs translation.fa; a Persian quote needs translation.en."""
    out = []
    for loc, c in citations:
        lang = sources[c.source].language.split("-")[0] if c.quote and c.source in sources else None
        need = "fa" if lang and lang != "fa" else "en" if lang else None
        if need and not getattr(c.translation, need, None):
            out.append(Finding(loc, f"the quote ({lang}) has no {dict(fa='Persian', en='English')[need]} "
                                    f"translation (translation.{need})", "warning"))
    return out


def check_record(kind: str, record, sources: dict) -> list[Finding]:
    """All the checks of one record; kind is "events", "people" or "figures" (for figures,
    only the research-notes and translation checks)."""
    out = [Finding(loc, f'{".".join(map(str, loc))} cites the research notes ("{m.group()}"): '
                        "readers cannot see them; describe the source instead")
           for loc, m in ((loc, _NOTES.search(t)) for loc, t in _texts(record)) if m]
    if kind == "figures":
        cites = [(("quote",), record)] + [(("see_also", i, "quote"), c) for i, c in enumerate(record.see_also)]
        return out + _check_translations(cites, sources)
    out += _check_numbers(record, "title", sources) + _check_numbers(record, "summary", sources)
    if not any(c.quote for c in record.sources):
        out.append(Finding(("sources",), "has no quote: at least one source needs a verbatim quote"))
    return out + _check_translations([(("sources", i, "quote"), c) for i, c in enumerate(record.sources)], sources)


# --- check_figures: one source's figures must fit together -----------------------------
def _bounds(f) -> tuple[float, float]:
    """The lowest and highest count a figure allows ("about" is read as ±10%)."""
    lo, hi = (f.value, f.value) if f.value is not None else (f.low, f.high)
    about = (math.floor(lo * 0.9), math.ceil(hi * 1.1))
    return {"at-least": (lo, math.inf), "at-most": (0, hi), "about": about}.get(f.qualifier, (lo, hi))


def _same(a: dt.date, b: dt.date, fuzzy: bool) -> bool:
    """The same day, or the same month where either end is approximate ("mid-2025")."""
    return a == b or (fuzzy and (a.year, a.month) == (b.year, b.month))


def _inside(inner, outer) -> bool:  # spans are (start, end, approximate)
    return all(x <= y or _same(x, y, inner[2] or outer[2]) for x, y in ((outer[0], inner[0]), (inner[1], outer[1])))


def _rest(whole, part) -> list[tuple]:
    """The days of `whole` outside `part`, as (start, end, approximate) spans."""
    fuzzy, day = whole[2] or part[2], dt.timedelta(days=1)
    return [(a, b, False) for a, b, keep in (
        (whole[0], part[0] - day, part[0] > whole[0] and not _same(part[0], whole[0], fuzzy)),
        (part[1] + day, whole[1], part[1] < whole[1] and not _same(part[1], whole[1], fuzzy))) if keep]


def _say(n: float, span) -> tuple[str, str]:
    """"1,695 for October 2024 – July 2025", in English and in Persian."""
    start, end = span[0], span[1]
    monthly = start.day == 1 and (end + dt.timedelta(days=1)).day == 1  # whole months
    a, b = (f"{start:%Y-%m}", f"{end:%Y-%m}") if monthly else (str(start), str(end))
    iso = a if a == b else f"{a}/{b}" + ("~" if span[2] else "")
    v = parse_date(str(start.year) if (a, b) == (f"{start.year}-01", f"{start.year}-12") else iso)
    return f"{n:,.0f} for {format_en(v)}", f"{fa_digits(f'{n:,.0f}').replace(',', '٬')} برای {format_fa(v)[1]}"


def _contradictions(group) -> list[tuple[str, Finding]]:
    """(1) A part larger than its whole; (2) a whole minus a part larger than a third figure
    whose period contains the rest of the whole. (2) gives a warning spelling out the
    arithmetic when all three figures are exact and fit, for the editor to judge."""
    out = []
    for wid, w, ws in group:
        for pid, part, ps in group:
            if pid == wid or not _inside(ps, ws) or _inside(ws, ps):
                continue
            sw, sp = _say(_bounds(w)[1], ws), _say(_bounds(part)[0], ps)
            if _bounds(part)[0] > _bounds(w)[1]:
                out += [(x, Finding(("value",), f"This source gives {sp[0]}, more than the {sw[0]}, a period that "
                                    "contains it: both cannot be true.", "error", f"این منبع {sp[1]} می‌دهد، بیش از "
                                    f"{sw[1]} که آن را در بر می‌گیرد: هر دو نمی‌توانند درست باشند.")) for x in (pid, wid)]
            rest = _rest(ws, ps)
            for rid, r, rs in group if len(rest) == 1 else []:
                if rid not in (wid, pid) and _inside(rest[0], rs) and not _inside(ws, rs):
                    out += [(x, f) for f in _remainder((w, ws), (part, ps), (r, rs), rest[0])
                            for x in (wid, pid, rid)]
    return out


def _remainder(whole, part, r, rest) -> list[Finding]:
    """whole − part = the count in the rest of the whole, which must fit in r."""
    (w, ws), (part, ps), (r, rs) = whole, part, r
    low, high = _bounds(w)[0] - _bounds(part)[1], _bounds(r)[1]
    sw, sp, sr, sx = _say(_bounds(w)[0], ws), _say(_bounds(part)[1], ps), _say(high, rs), _say(low, rest)
    en = f"This source gives {sw[0]} and {sp[0]}: that leaves {sx[0]}."
    fa = f"این منبع {sw[1]} و {sp[1]} می‌دهد: {sx[1]} می‌ماند."
    if low > high:
        return [Finding(("value",), f"{en} That is more than the {sr[0]} it also gives: these figures cannot all be "
                        "true.", "error", f"{fa} این بیش از {sr[1]} است که همین منبع می‌دهد: این ارقام همه با هم درست نیستند.")]
    left = _rest(rs, rest)
    if len(left) != 1 or any(f.qualifier != "exact" for f in (w, part, r)):
        return []
    sl = _say(high - low, left[0])
    return [Finding(("value",), f"{en} With the {sr[0]} it also gives, that leaves {sl[0]}.",
                    "warning", f"{fa} با {sr[1]} که همین منبع می‌دهد، {sl[1]} می‌ماند.")]


def check_figures(figures: dict) -> list[tuple[str, Finding]]:
    """(figure id, finding) for each figure in a contradiction (see _contradictions)."""
    groups: dict[tuple, list] = {}
    for fid, f in sorted(figures.items()):
        v = parse_date(f.period)
        groups.setdefault((f.source, f.metric, f.place), []).append((fid, f, (v.start, v.end, v.approximate or v.uncertain)))
    return [x for group in groups.values() for x in _contradictions(group)]
