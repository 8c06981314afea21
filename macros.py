"""mkdocs-macros glue: functions the hand-written pages (home, methodology, contributing)
call. Each one renders a template from templates/ with the records loaded once per build."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chronicle import charts, pages, site  # noqa: E402
from chronicle.render import render  # noqa: E402


def define_env(env):
    def view(lang: str) -> pages.View:
        st = site.load_state(env.conf)
        return pages.View(st.ch, lang, st.edit_base, st.site_url)

    def ctx(lang: str) -> dict:
        v = view(lang)
        return {"v": v, "ch": v.ch, "L": v.L}

    @env.macro
    def most_documented(lang: str = "en", limit: int = 10) -> str:
        """The events cited by the most sources, in date order."""
        c = ctx(lang)
        ch = c["ch"]
        position = {rid: i for i, rid in enumerate(ch.ordered_events)}
        ranked = sorted(ch.ordered_events, key=lambda r: (-len(ch.events[r].sources), position[r]))
        chosen = sorted(ranked[:limit], key=position.__getitem__)
        return render("home_events.md.j2", ids=chosen, **c)

    @env.macro
    def key_figures(lang: str = "en", years: int = 6) -> str:
        c = ctx(lang)
        table = charts.national_table(c["ch"])
        return render("home_figures.md.j2", table=table, years=table.years[-years:],
                      monitors=table.monitors[:4], **c)

    @env.macro
    def counts(lang: str = "en") -> str:
        return render("counts.md.j2", **ctx(lang))

    @env.macro
    def stances(lang: str = "en") -> str:
        return render("stances.md.j2", **ctx(lang))

    @env.macro
    def statuses(lang: str = "en") -> str:
        return render("statuses.md.j2", **ctx(lang))

    @env.macro
    def field_reference(lang: str = "en") -> str:
        from chronicle.schemas import field_reference_markdown
        return field_reference_markdown(lang)
