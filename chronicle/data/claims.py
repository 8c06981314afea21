"""PLACEHOLDER until the claims checks land (helper work in progress): same interface."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    loc: tuple
    message: str
    level: str = "error"
    fa: str = ""


def check_record(kind, record, sources):
    return []


def check_figures(figures):
    return []
