"""mkdocs-macros glue: the functions the hand-written pages (home, methodology,
contributing) call. Each renders a template of templates/ with the build's records."""
from chronicle.commands.schemas import field_reference_markdown
from chronicle.site import macros as pages_macros
from chronicle.site.build import Build


def define_env(env):
    def context(lang: str) -> dict:
        build = Build.of(env.conf)
        v = build.view(lang)
        return {"v": v, "ch": v.ch, "L": v.L, "table": build.table}

    for name, function in pages_macros.MACROS.items():
        env.macro(lambda *a, _f=function, **k: _f(context, *a, **k), name)
    env.macro(lambda lang="en": field_reference_markdown(lang), "field_reference")
