"""Content completeness (issues 2 and 3): every fact address of the research sheet is a
source record, every source is cited, every seed fact is quoted from its seed, every spelling
of the prison is an alias, and the timeline covers 2011–2025 without invented dates."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from chronicle.data.load import load

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "research" / "facts.md"
FACT_URLS = ROOT / "tests" / "fixtures" / "fact_urls.txt"

SEED1 = "peace-mark-2014-qezel-hesar-not-alone"
SEED2 = "brussels-morning-2025-regime-retreat"

# Each fact of the seeds, by a phrase of its verbatim wording that a quote citing the seed holds.
SEED_FACTS = {
    SEED1: ["more than a thousand prisoners sentenced to death", "transfer of eleven prisoners",
            "did not continue for more than a few days", "approximately 15,000 prisoners",
            "one of the largest prisons in the Middle East", "capacity of approximately 5,000",
            "in June 2013, more than two thousand prisoners", "more than thirty prisoners",
            "winter of 1389", "February 14, 2011", "wicked individuals",
            "halt of the execution of ten prisoners", "Approximately three thousand",
            "executions must be stopped", "hundreds of people", "one hundred and fifty",
            "Pasteur Street", "receive daily calls", "per capita executions"],
    SEED2: ["October 19 (27 Mehr)", "1,500 prisoners", "six inmates", "Asadi",
            "halted for several months", "MEK", "Change the law",
            "Resistance is the only path forward", "over 1,000 executions", "975 executions",
            "1,695", "957", "41 women", "Mehdi Hassani and Behrouz Ehsani",
            "Seventeen political prisoners"],
}

PRISON_SPELLINGS = ["Ghezel Hesar", "Qezel Hesar", "Qezelhesar", "Qazal Hasar", "Qazalhessar",
                    "Ghezel Hessar", "Qezel Hessar", "Ghezelhesar", "Ghezalhesar", "Ghazl Hasar",
                    "Qezel-Hesar", "Ghezel-Hesar", "قزل‌حصار", "قزلحصار", "قزل حصار"]


@pytest.fixture(scope="module")
def ch():
    c = load(ROOT / "data")
    assert not c.errors, "\n".join(map(str, c.errors))
    return c


def sheet_urls(text: str) -> list[str]:
    """Every page address the sheet gives as carrying a fact ("URL:" lines, and the addresses
    the conflict register cites); not the canonical links it mentions in passing."""
    text = re.sub(r"canonical link in JSON: https?://\S+", "", text)
    urls = re.findall(r"https?://[^\s)\]>,\"]+", text)
    return sorted({u.rstrip(".;") for u in urls})


def test_fact_url_list_is_current():
    if not FACTS.exists():
        pytest.skip("shared/research/facts.md is not beside this checkout")
    assert FACT_URLS.read_text("utf-8").split() == sheet_urls(FACTS.read_text("utf-8")), \
        "tests/fixtures/fact_urls.txt is out of date: regenerate it from the sheet"


def test_every_fact_address_is_a_source(ch):
    urls = {s.url for s in ch.sources.values()}
    wanted = FACT_URLS.read_text("utf-8").split()
    assert len(wanted) > 100
    missing = [u for u in wanted if u not in urls]
    assert not missing, f"{len(missing)} fact addresses have no source record: {missing[:10]}"


def test_every_source_is_cited(ch):
    cited = set()
    for e in ch.events.values():
        cited |= {c.source for c in e.sources} | {f.source for f in e.figures}
        cited |= {s for n in e.notes for s in n.sources} | {d.source for d in e.date_reported}
    for f in ch.figures.values():
        cited |= {f.source} | {c.source for c in f.see_also}
    uncited = sorted(set(ch.sources) - cited)
    assert not uncited, f"sources cited by no event or figure: {uncited}"


@pytest.mark.parametrize("source,phrase", [(s, p) for s, ps in SEED_FACTS.items() for p in ps])
def test_seed_fact_is_quoted(ch, source, phrase):
    def norm(t):
        return " ".join(t.replace("\xa0", " ").split())
    quotes = [c.quote for e in ch.events.values() for c in e.sources if c.source == source and c.quote]
    quotes += [f.quote for f in ch.figures.values() if f.source == source and f.quote]
    assert any(norm(phrase) in norm(q) for q in quotes), f"no quote from {source} holds {phrase!r}"


def test_seed_documents_are_sources(ch):
    assert ch.sources[SEED1].publisher == "peace-mark"
    assert ch.sources[SEED2].authors == ["Mohammad Yousefi"]
    assert ch.events_citing("sources", SEED1) and ch.events_citing("sources", SEED2)


def test_every_spelling_is_an_alias(ch):
    prison = ch.places["ghezel-hesar"]
    names = set(prison.aliases) | {prison.name.en, prison.name.fa}
    missing = [s for s in PRISON_SPELLINGS if not any(s in n for n in names)]
    assert not missing


def test_timeline_covers_2011_to_2025(ch):
    years = {ch.event_dates[r].year for r in ch.events}
    for y in (2011, 2013, 2014, 2015, 2023, 2024, 2025):
        assert y in years, f"no event in {y}"


def test_statuses_are_honest(ch):
    """corroborated only with two publishers (load checks it); every event with a
    discrepancy note about competing claims is contested or says why not."""
    for rid, e in ch.events.items():
        if e.status == "corroborated":
            pubs = {ch.sources[c.source].publisher or c.source for c in e.sources}
            assert len(pubs) >= 2, rid
    contested = [r for r, e in ch.events.items() if e.status == "contested"]
    assert len(contested) >= 5
