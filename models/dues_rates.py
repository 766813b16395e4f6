"""The dues (đảng phí) rates by period, read from resources/rules/dues/*.json.

Dues change on their own dates (342-QĐ/TW 2010, 01-QĐ/TW from 02/2026, a step in 2028), not with the
review regulation, so they live in their own versioned file. Each period lists only what changes from
the period before it; the rest carries over, so a rate change is one short entry.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.paths import resource_path
from models.rule_file import Section, read_json

BASES = ("salary", "pension", "regional_minimum_wage")


@dataclass(frozen=True)
class DuesGroup:
    """One dues group: a fixed amount, or ``rate`` × a basis (salary, pension or the regional minimum wage)."""

    key: str
    name: str
    fixed: int | None = None
    rate: Decimal | None = None
    basis: str = ""


@dataclass(frozen=True)
class DuesRates:
    """The dues rules in force from ``valid_from`` until the next period."""

    valid_from: dt.date
    citation: str
    groups: dict[str, DuesGroup]
    regional_minimum_wage: dict[str, int]        # region 'I'…'IV' → đồng; empty before wages counted
    exemption_reasons: dict[str, str]
    exempt_seniority_years: int | None           # None: seniority alone does not exempt
    reduction_pcts: tuple[int, ...]
    reduction_max_months: int


def dues_dir() -> Path:
    return resource_path("rules", "dues")


@functools.cache
def all_dues_rates() -> tuple[DuesRates, ...]:
    """Every dues period of every shipped dues file, oldest first."""
    periods = [p for path in sorted(dues_dir().glob("*.json")) for p in load(path)]
    if not periods:
        raise UserError(f"Không tìm thấy mức đóng đảng phí nào trong “{dues_dir()}”. Hãy cài lại chương trình.")
    return tuple(sorted(periods, key=lambda p: p.valid_from))


def dues_rates(on: dt.date) -> DuesRates:
    """The dues rates in force on a date (the oldest period for dates before every period)."""
    periods = all_dues_rates()
    in_force = [p for p in periods if p.valid_from <= on]
    return in_force[-1] if in_force else periods[0]


def load(path: Path) -> list[DuesRates]:
    """Read one dues file; a missing or wrong entry is refused naming the file and the entry."""
    top = Section(path.name, read_json(path))
    merged: dict[str, Any] = {}
    periods = []
    for period in top.sections("periods"):
        merged = {**merged, **period.data}
        periods.append(_period(Section(path.name, merged, period.path)))
    return periods


def _period(s: Section) -> DuesRates:
    groups = s.section("groups")
    return DuesRates(
        valid_from=s.date("valid_from"), citation=s.text("citation"),
        groups={key: _group(groups.section(key), key) for key in groups.data},
        regional_minimum_wage=s.whole_map("regional_minimum_wage"), exemption_reasons=s.text_map("exemption_reasons"),
        exempt_seniority_years=s.optional_whole("exempt_seniority_years"), reduction_pcts=s.wholes("reduction_pcts"),
        reduction_max_months=s.whole("reduction_max_months"))


def _group(s: Section, key: str) -> DuesGroup:
    if "fixed" in s.data:
        return DuesGroup(key, s.text("name"), fixed=s.whole("fixed"))
    basis = s.text("basis")
    if basis not in BASES:
        raise s.wrong("basis", basis, f"một trong {', '.join(BASES)}")
    return DuesGroup(key, s.text("name"), rate=s.number("rate"), basis=basis)
