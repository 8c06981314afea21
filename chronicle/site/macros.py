"""What the hand-written pages show from the data (called through macros.py). Each function
takes `context(lang)`, which gives the build's view of the records in that language."""
from __future__ import annotations

from .render import render


def most_documented(context, lang: str = "en", limit: int = 10) -> str:
    """The events cited by the most sources, in date order."""
    c = context(lang)
    ch = c["ch"]
    position = {rid: i for i, rid in enumerate(ch.ordered_events)}
    ranked = sorted(ch.ordered_events, key=lambda r: (-len(ch.events[r].sources), position[r]))
    return render("home_events.md.j2", ids=sorted(ranked[:limit], key=position.__getitem__), **c)


def key_figures(context, lang: str = "en", years: int = 6) -> str:
    c = context(lang)
    table = c["table"]
    return render("home_figures.md.j2", years=table.years[-years:], monitors=table.monitors[:4], **c)


def counts(context, lang: str = "en") -> str:
    return render("counts.md.j2", **context(lang))


def stances(context, lang: str = "en") -> str:
    return render("stances.md.j2", **context(lang))


def statuses(context, lang: str = "en") -> str:
    return render("statuses.md.j2", **context(lang))


MACROS = {f.__name__: f for f in (most_documented, key_figures, counts, stances, statuses)}
