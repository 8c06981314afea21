"""Synthetic data: `python -m chronicle synth --events N --out DIR [--seed S]`.

Writes a valid data folder (it passes `python -m chronicle check --data DIR`) of N events,
N/2 sources, N/20 actors, places, tags (tags.yml), metrics (metrics.yml) and figures, with
text of realistic length in English and Persian: titles of 60–90 characters, summaries of
400–700, 1–3 citations with quotes of 100–300 characters, figures, notes, the sources' own
wordings of dates (Gregorian and Solar Hijri, a few of them deliberately off by a day, as
real sources are) and related events. The same seed gives the same bytes.

For tests and the scaling benchmark (`python -m chronicle bench`). Files are written as
YAML by hand (JSON-style double-quoted strings are valid YAML): 10,000 events take a few
seconds.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
from pathlib import Path

from chronicle.data import dates

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
FIRST_DAY = dt.date(2008, 1, 1)
LAST_DAY = dt.date(2025, 6, 30)
MARKER = ".chronicle-synth"  # an existing folder is only replaced when it holds this file   # safely in the past: `check` rejects future dates

# --- vocabulary ---------------------------------------------------------------------------

EN_WORDS = (
    "prisoners unit ward hall death-row executions hunger strike families protest guards "
    "officials judiciary sentence transferred solitary confinement quarantine monitors report "
    "reported according sources said statement campaign Tuesday week prison Karaj Ghezel Hesar "
    "refused meals gathered outside gate demanded halt drug charges retrial lawyers visit "
    "denied medical care overcrowding capacity inmates relatives announced group hanged dawn "
    "authorities confirmed denied number killed injured clashes riot security forces "
    "dispersed crowd arrested witnesses video message letter signed solidarity other prisons "
    "joined spread continued ended suspended promised review cases court appeal pardon "
    "Supreme Court verdict upheld carried out bodies returned burial condition worsened "
    "health several dozens hundreds least more than about nearly wave series mass "
    "international condemned called rights groups organisation agency news outlet state media"
).split()
FA_WORDS = (
    "زندانیان واحد بند سالن محکومان اعدام اعتصاب غذا خانواده‌ها اعتراض نگهبانان مقامات "
    "قوه قضاییه حکم منتقل سلول انفرادی قرنطینه ناظران گزارش به گفته منابع بیانیه کارزار "
    "سه‌شنبه هفته زندان کرج قزل‌حصار خودداری از غذا تجمع مقابل در خواستار توقف اتهامات "
    "مواد مخدر اعاده دادرسی وکلا ملاقات درمان ازدحام ظرفیت هم‌بندی بستگان اعلام دسته‌جمعی "
    "سحرگاه تأیید تکذیب کشته زخمی درگیری شورش نیروهای امنیتی پراکنده بازداشت شاهدان ویدئو "
    "پیام نامه امضا همبستگی دیگر پیوستند گسترش ادامه پایان تعلیق وعده بررسی پرونده دادگاه "
    "تجدیدنظر عفو دیوان عالی کشور رأی تأیید اجرا پیکر تحویل خاکسپاری وضعیت وخیم سلامت چند "
    "ده‌ها صدها دست‌کم بیش از حدود تقریباً موج سلسله گسترده بین‌المللی محکوم خواستند حقوق "
    "بشر گروه‌ها سازمان خبرگزاری رسانه دولتی"
).split()
EN_TITLE_HEADS = ["Hunger strike", "Group execution", "Families protest", "Prisoners transferred",
                  "Mass hunger strike", "Protest", "Executions", "Statement", "Riot",
                  "Solidarity statement", "Report", "Prisoners moved to solitary confinement"]
FA_TITLE_HEADS = ["اعتصاب غذا", "اعدام دسته‌جمعی", "اعتراض خانواده‌ها", "انتقال زندانیان",
                  "اعتصاب غذای گسترده", "اعتراض", "اعدام‌ها", "بیانیه", "شورش", "بیانیه همبستگی",
                  "گزارش", "انتقال زندانیان به سلول انفرادی"]
SLUG_WORDS = ("hunger-strike group-execution families-protest transfer solitary unit-2 unit-3 "
              "ward-4 tuesdays week statement riot report prisoners executed hanged dawn "
              "solidarity campaign clemency protest gathering crackdown visit").split()
TAGS = [("hunger-strike", "Hunger strike", "اعتصاب غذا"),
        ("uprising", "Uprising and riot", "شورش و قیام"),
        ("protest", "Protest", "اعتراض"),
        ("execution", "Executions", "اعدام"),
        ("group-execution", "Group execution", "اعدام دسته‌جمعی"),
        ("transfer", "Transfer for execution", "انتقال برای اجرای حکم"),
        ("casualties", "Deaths and injuries", "کشته و زخمی"),
        ("families", "Families", "خانواده‌ها"),
        ("no-to-execution-tuesdays", "No to Execution Tuesdays", "سه‌شنبه‌های نه به اعدام"),
        ("drug-offences", "Drug offences", "جرائم مواد مخدر"),
        ("political-prisoners", "Political prisoners", "زندانیان سیاسی"),
        ("religious-minorities", "Religious and ethnic minorities", "اقلیت‌های دینی و قومی"),
        ("women", "Women", "زنان"),
        ("prison-conditions", "Prison conditions", "شرایط زندان"),
        ("official-response", "Official response", "واکنش رسمی"),
        ("suspension-of-executions", "Suspension of executions", "توقف اعدام‌ها"),
        ("international-response", "International response", "واکنش بین‌المللی")]
METRICS = [("executions-iran", "Executions in Iran", "اعدام‌ها در ایران"),
           ("executions-iran-drug", "Drug-related executions in Iran", "اعدام‌های مرتبط با مواد مخدر در ایران"),
           ("executions-ghezel-hesar", "Executions at Ghezel Hesar", "اعدام‌ها در زندان قزل‌حصار"),
           ("population-ghezel-hesar", "Prisoners held at Ghezel Hesar", "شمار زندانیان قزل‌حصار"),
           ("population-unit-2", "Prisoners held in Unit 2", "شمار زندانیان واحد ۲")]
ORG_FIRST = ("iran human rights independent prisoners kurdistan baluch national women's "
             "international persian free justice truth voice ahwaz azadi").split()
ORG_LAST = ("monitor watch agency network committee centre news radio tv campaign "
            "association foundation council office herald post").split()
PERSON_FIRST = "Ali Reza Mehdi Hossein Behrouz Ghasem Karim Saeed Maryam Narges Zahra Javad Omid".split()
PERSON_LAST = "Ahmadi Hosseini Karimi Rahimi Azizi Ehsani Hassani Yousefi Moradi Sadeghi Rostami".split()
FA_NAMES = "احمدی حسینی کریمی رحیمی عزیزی احسانی حسنی یوسفی مرادی صادقی رستمی".split()
SOURCE_TYPES = ["article-newspaper", "webpage", "report", "post-weblog", "statement", "broadcast"]
STANCES = ["independent-monitor", "news", "state", "state-media", "opposition", "advocacy",
           "reference", "unknown"]
QUALIFIERS = ["exact", "about", "at-least", "at-most"]
FIGURE_LABELS = [("Executed", "اعدام‌شده"), ("Strikers", "اعتصاب‌کنندگان"),
                 ("Transferred", "منتقل‌شده"), ("Killed", "کشته"), ("Injured", "زخمی"),
                 ("Prisons joining", "زندان‌های همراه")]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_FA = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.used: set[str] = set()

    # text ----------------------------------------------------------------------------
    def words(self, vocab, low: int, high: int, start: str = "") -> str:
        """A sentence-like text of low..high characters."""
        target = self.r.randint(low, high)
        parts = [start] if start else []
        length = len(start)
        while length < target:
            w = self.r.choice(vocab)
            parts.append(w)
            length += len(w) + 1
        text = " ".join(parts)
        if len(text) > high:
            text = text[:high].rsplit(" ", 1)[0]
        return text

    def paragraph(self, vocab, low: int, high: int, stop: str) -> str:
        target = self.r.randint(low, high)
        out = []
        length = 0
        while length < target - 30:
            s = self.words(vocab, 40, min(140, max(41, target - length)))
            s = s[0].upper() + s[1:] + stop
            out.append(s)
            length += len(s) + 1
        return " ".join(out)

    def en_text(self, low, high) -> str:
        return self.paragraph(EN_WORDS, low, high, ".")

    def fa_text(self, low, high) -> str:
        return self.paragraph(FA_WORDS, low, high, ".")

    def uid(self, base: str) -> str:
        base = re.sub(r"-+", "-", base).strip("-")
        rid, n = base, 2
        while rid in self.used:
            rid = f"{base}-{n}"
            n += 1
        self.used.add(rid)
        return rid

    def day(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.r.randint(0, (LAST_DAY - FIRST_DAY).days))


def _schema_line(folder: Path, name: str) -> str:
    rel = os.path.relpath(SCHEMAS / f"{name}.schema.json", folder.resolve())
    return f"# yaml-language-server: $schema={rel.replace(os.sep, '/')}\n"


def _bilingual(key: str, en: str, fa: str | None, indent: str = "") -> str:
    out = f"{indent}{key}:\n{indent}  en: {q(en)}\n"
    if fa:
        out += f"{indent}  fa: {q(fa)}\n"
    return out


def _reported(g: Gen, day: dt.date, source: str) -> str:
    """One source's wording of a day; now and then deliberately off by one day."""
    if g.r.random() < 0.03:
        day = day + dt.timedelta(days=1)
    y, m, d = dates.to_solar_hijri(day)
    style = g.r.randrange(5)
    if style == 0:
        text = f"{d} {dates.EN_SH_MONTHS[m - 1]} {y}"
    elif style == 1:
        text = dates.fa_digits(f"{WEEKDAYS_FA[day.weekday()]} {d} {dates.FA_SH_MONTHS[m - 1]} {y}")
    elif style == 2:
        text = f"{dates.EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
    elif style == 3:
        text = f"{WEEKDAYS_EN[day.weekday()]}, {day.day} {dates.EN_MONTHS[day.month - 1]} {day.year}"
    else:
        text = f"On {day.day} {dates.EN_MONTHS[day.month - 1]}"
    return f"- text: {q(text)}\n  source: {source}\n"


def generate(n_events: int, out: str | os.PathLike, seed: int = 1) -> dict[str, int]:
    """Write the data set; return the number of records of each kind."""
    out = Path(out)
    g = Gen(seed)
    r = g.r
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} exists and was not written by synth: choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by python -m chronicle synth\n", encoding="utf-8")
    folders = {k: out / k for k in ("events", "sources", "actors", "places", "figures")}
    for f in folders.values():
        f.mkdir(parents=True)
    schema = {k: _schema_line(folders[k], k[:-1]) for k in folders}
    n_sources = max(4, n_events // 2)
    n_actors = max(6, n_events // 20)
    n_places = max(6, 6 + n_events // 200)

    # tags and metrics -------------------------------------------------------------------
    text = _schema_line(out, "tags") + "# Tags: <id>: {en, fa, description: {en, fa}}.\n"
    tags = [t[0] for t in TAGS]
    for tid, en, fa in TAGS:
        text += f"{tid}:\n  en: {q(en)}\n  fa: {q(fa)}\n" + _bilingual(
            "description", g.en_text(60, 120), g.fa_text(60, 120), "  ")
    (out / "tags.yml").write_text(text, encoding="utf-8")
    text = _schema_line(out, "metrics") + "# Metrics of figure records.\n"
    for mid, en, fa in METRICS:
        text += f"{mid}:\n  en: {q(en)}\n  fa: {q(fa)}\n" + _bilingual(
            "description", g.en_text(60, 120), g.fa_text(60, 120), "  ")
    (out / "metrics.yml").write_text(text, encoding="utf-8")

    # actors -----------------------------------------------------------------------------
    actors = []
    for i in range(n_actors):
        if i % 5 == 4:
            first, last = r.choice(PERSON_FIRST), r.choice(PERSON_LAST)
            en, fa, kind = f"{first} {last}", f"{r.choice(FA_WORDS)} {r.choice(FA_NAMES)}", "person"
        else:
            w1, w2 = r.choice(ORG_FIRST), r.choice(ORG_LAST)
            en = f"{w1.title()} {w2.title()}"
            fa = f"{r.choice(FA_WORDS)} {r.choice(FA_WORDS)}"
            kind = "state-body" if i % 11 == 3 else "organization"
        aid = g.uid(re.sub(r"[^a-z0-9]+", "-", en.lower()))
        actors.append(aid)
        body = schema["actors"] + f"kind: {kind}\n" + _bilingual("name", en, fa)
        if r.random() < 0.5:
            body += "aliases:\n" + "".join(f"  - {q(a)}\n" for a in (
                "".join(w[0] for w in en.split()).upper(), f"{en} ({r.choice(ORG_LAST)})"))
        body += _bilingual("description", g.en_text(100, 300), g.fa_text(100, 300))
        if kind == "organization":
            body += f"url: https://example.org/{aid}/\n"
        (folders["actors"] / f"{aid}.yml").write_text(body, encoding="utf-8")

    # places -----------------------------------------------------------------------------
    places = [("iran", "Iran", "ایران", None, []),
              ("karaj", "Karaj", "کرج", "iran", []),
              ("ghezel-hesar", "Ghezel Hesar prison", "زندان قزل‌حصار", "karaj",
               ["Qezel Hesar", "Qezelhesar", "Qazal Hasar", "Ghezel Hessar", "قزل‌حصار", "قزلحصار"])]
    for u in range(1, n_places - 2):
        places.append((f"ghezel-hesar-unit-{u}", f"Ghezel Hesar, Unit {u}",
                       dates.fa_digits(f"قزل‌حصار، واحد {u}"), "ghezel-hesar",
                       [f"Unit {u}", f"Ward {u}", dates.fa_digits(f"واحد {u}")]))
    for pid, en, fa, parent, aliases in places:
        g.used.add(pid)
        body = schema["places"] + _bilingual("name", en, fa)
        if aliases:
            body += "aliases:\n" + "".join(f"  - {q(a)}\n" for a in aliases)
        if parent:
            body += f"part_of: {parent}\n"
        body += _bilingual("description", g.en_text(100, 250), g.fa_text(100, 250))
        (folders["places"] / f"{pid}.yml").write_text(body, encoding="utf-8")
    place_ids = [p[0] for p in places]
    event_places = place_ids[2:]

    # sources ----------------------------------------------------------------------------
    sources = []           # (id, publisher, language)
    publisher_of = {}
    for i in range(n_sources):
        pub = actors[r.randrange(len(actors))]
        issued = g.day()
        lang = "fa" if r.random() < 0.35 else "en"
        title_en = g.words(EN_WORDS, 50, 90, r.choice(EN_TITLE_HEADS))
        sid = g.uid(f"{pub}-{issued.year}-{'-'.join(r.sample(SLUG_WORDS, 3))}")
        body = schema["sources"] + f"type: {r.choice(SOURCE_TYPES)}\n"
        if lang == "fa":
            body += f"title: {q(g.words(FA_WORDS, 50, 90, r.choice(FA_TITLE_HEADS)))}\ntitle_en: {q(title_en)}\n"
        else:
            body += f"title: {q(title_en)}\n"
        body += f"container: {q(pub.replace('-', ' ').title() + ' website')}\npublisher: {pub}\n"
        if r.random() < 0.3:
            body += f"authors:\n  - {q(r.choice(PERSON_FIRST) + ' ' + r.choice(PERSON_LAST))}\n"
        body += f'issued: "{issued.isoformat()}"\nlanguage: {lang}\n'
        body += f"url: https://example.org/{pub}/{issued.year}/{sid}\n"
        if r.random() < 0.5:
            body += f"archive_url: https://web.archive.org/web/{issued.year}/https://example.org/{pub}/{sid}\n"
        body += f'accessed: "2025-{r.randint(7, 9):02d}-{r.randint(1, 28):02d}"\nstance: {r.choice(STANCES)}\n'
        if r.random() < 0.2:
            body += _bilingual("notes", g.en_text(80, 200), g.fa_text(80, 200))
        (folders["sources"] / f"{sid}.yml").write_text(body, encoding="utf-8")
        sources.append((sid, pub, lang))
        publisher_of[sid] = pub

    # figures (records) ------------------------------------------------------------------
    monitors = actors[: min(5, len(actors))]
    n_figures = 0
    for year in range(2008, 2025):
        for m in monitors:
            if r.random() < 0.3:
                continue
            src = r.choice(sources)[0]
            fid = g.uid(f"executions-iran-{year}-{m}")
            body = schema["figures"] + f'metric: executions-iran\nperiod: "{year}"\n'
            body += f"value: {r.randint(300, 1800)}\nqualifier: {r.choice(QUALIFIERS)}\n"
            body += f"claimed_by: {m}\nsource: {src}\nquote: {q(g.en_text(100, 200))}\n"
            (folders["figures"] / f"{fid}.yml").write_text(body, encoding="utf-8")
            n_figures += 1
    for _ in range(max(5, n_events // 50)):
        metric = r.choice(METRICS[1:])[0]
        d = g.day()
        m = r.choice(actors)
        fid = g.uid(f"{metric}-{d.year}-{d.month:02d}-{m}")
        body = schema["figures"] + f'metric: {metric}\nperiod: "{d.year}-{d.month:02d}"\n'
        if r.random() < 0.3:
            low = r.randint(10, 2000)
            body += f"low: {low}\nhigh: {low + r.randint(1, 500)}\n"
        else:
            body += f"value: {r.randint(10, 5000)}\n"
        body += f"qualifier: {r.choice(QUALIFIERS)}\nclaimed_by: {m}\nsource: {r.choice(sources)[0]}\n"
        if metric.startswith("population") or metric.endswith("ghezel-hesar"):
            body += "place: ghezel-hesar\n"
        (folders["figures"] / f"{fid}.yml").write_text(body, encoding="utf-8")
        n_figures += 1

    # events -----------------------------------------------------------------------------
    events: list[str] = []
    for i in range(n_events):
        day = g.day()
        shape = r.random()
        if shape < 0.75:
            date, prefix = day.isoformat(), day.isoformat()
        elif shape < 0.85:
            date, prefix = f"{day.year}-{day.month:02d}" + ("~" if r.random() < 0.3 else ""), \
                f"{day.year}-{day.month:02d}"
        elif shape < 0.95:
            end = min(day + dt.timedelta(days=r.randint(1, 9)), LAST_DAY)
            date, prefix = f"{day.isoformat()}/{end.isoformat()}", day.isoformat()
        else:
            date, prefix = f"{day.isoformat()}~", day.isoformat()
        eid = g.uid(f"{prefix}-{'-'.join(r.sample(SLUG_WORDS, r.randint(2, 4)))}")
        cited = r.sample(sources, r.choice((1, 1, 2, 2, 2, 3)))
        ev_actors = r.sample(actors, r.randint(1, min(3, len(actors))))
        status = r.choices(["confirmed", "corroborated", "single-source", "contested"], (2, 3, 4, 1))[0]
        if status == "corroborated" and len({publisher_of[s] for s, _, _ in cited}) < 2:
            status = "single-source"
        body = [schema["events"], f'date: "{date}"\n']
        if "/" not in date and len(date) >= 10 and r.random() < 0.8:
            body.append("date_reported:\n")
            for s, _, _ in cited[: r.randint(1, len(cited))]:
                body.append(_reported(g, day, s))
        body.append(_bilingual("title", g.words(EN_WORDS, 60, 90, r.choice(EN_TITLE_HEADS)),
                               g.words(FA_WORDS, 60, 90, r.choice(FA_TITLE_HEADS))))
        body.append(_bilingual("summary", g.en_text(400, 700),
                               g.fa_text(400, 700) if r.random() < 0.9 else None))
        body.append(f"place: {r.choice(event_places)}\n")
        body.append("actors:\n" + "".join(f"- {a}\n" for a in ev_actors))
        body.append("tags:\n" + "".join(f"- {t}\n" for t in r.sample(tags, r.randint(1, 3))))
        n_fig = r.choice((0, 0, 1, 1, 2, 3))
        if n_fig:
            body.append("figures:\n")
            for _ in range(n_fig):
                en, fa = r.choice(FIGURE_LABELS)
                f = f"- label:\n    en: {q(en)}\n    fa: {q(fa)}\n"
                if r.random() < 0.25:
                    low = r.randint(2, 900)
                    f += f"  low: {low}\n  high: {low + r.randint(1, 900)}\n"
                else:
                    f += f"  value: {r.randint(1, 2000)}\n"
                f += f"  qualifier: {r.choice(QUALIFIERS)}\n"
                f += f"  claimed_by: {r.choice(ev_actors)}\n  source: {r.choice(cited)[0]}\n"
                if r.random() < 0.2:
                    f += _bilingual("note", g.en_text(40, 120), g.fa_text(40, 120), "  ")
                body.append(f)
        body.append("sources:\n")
        for s, _, lang in cited:
            c = f"- source: {s}\n"
            if r.random() < 0.85:
                c += f"  quote: {q(g.fa_text(100, 300) if lang == 'fa' else g.en_text(100, 300))}\n"
                if lang == "fa" and r.random() < 0.5:
                    c += f"  translation:\n    en: {q(g.en_text(100, 300))}\n"
            c += f"  locator: {q('paragraph ' + str(r.randint(1, 12)))}\n"
            if r.random() < 0.15:
                c += _bilingual("note", g.en_text(40, 150), g.fa_text(40, 150), "  ")
            body.append(c)
        body.append(f"status: {status}\n")
        notes = []
        if status == "contested" or r.random() < 0.1:
            notes.append(("discrepancy", True))
        notes += [("context", r.random() < 0.5)] * r.choice((0, 0, 1, 1, 2))
        if r.random() < 0.05:
            notes.append(("correction", False))
        if notes:
            body.append("notes:\n")
            for kind, with_sources in notes:
                n = f"- kind: {kind}\n  en: {q(g.en_text(150, 400))}\n"
                if r.random() < 0.85:
                    n += f"  fa: {q(g.fa_text(150, 400))}\n"
                if with_sources:
                    n += "  sources:\n" + "".join(f"  - {s}\n" for s, _, _ in cited)
                body.append(n)
        if events and r.random() < 0.6:
            window = events[-50:]
            body.append("related:\n" + "".join(
                f"- {x}\n" for x in r.sample(window, min(len(window), r.randint(1, 3)))))
        (folders["events"] / f"{eid}.yml").write_text("".join(body), encoding="utf-8")
        events.append(eid)
    return {"events": len(events), "sources": len(sources), "actors": len(actors),
            "places": len(places), "figures": n_figures, "tags": len(tags)}


def cmd_synth(args) -> int:
    import sys
    import time
    t0 = time.perf_counter()
    counts = generate(args.events, args.out, args.seed)
    print(f"{args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
          + f" ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser("synth", help="write a valid synthetic data folder (tests, benchmarks)")
    p.add_argument("--events", type=int, required=True, help="number of events")
    p.add_argument("--out", required=True, help="folder to write (an earlier synth folder is replaced)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    p.set_defaults(func=cmd_synth)
