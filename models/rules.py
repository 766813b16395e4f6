"""Rule sets: the regulations' thresholds, rates and names, read from resources/rules/*.json.

Code asks the rule set; it never hard-codes a threshold. A rule set is chosen by date: the one
with the latest ``valid_from`` not after the date (a year's review uses the set in force at its end).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.paths import resource_path


@dataclass(frozen=True)
class RuleSet:
    """One regulation version; ``data`` is the JSON as loaded (read-only by convention)."""

    id: str
    name: str
    valid_from: dt.date
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def level_name(self, level: str | None) -> str:
        """'HTXSNV' → 'Hoàn thành xuất sắc nhiệm vụ'; '' for none."""
        if not level:
            return ""
        return str(self.data["level_names"].get(level, level))

    def citation(self, key: str) -> str:
        return str(self.data["citation"].get(key, ""))

    def min_meeting_minutes(self, kind: str) -> int:
        return int(self.data["meetings"]["min_minutes"].get(kind, 0))

    def quality_grade(self, score: int | None) -> str:
        """The meeting-quality band for a score (Tốt/Khá/Trung bình/Kém); '' when not scored."""
        if score is None:
            return ""
        for band in self.data["quality"]["grades"]:
            if score >= band["min"]:
                return str(band["name"])
        return ""

    def dues_period(self, on: dt.date) -> dict[str, Any]:
        """The dues rates in force on a date."""
        periods = [p for p in self.data["dues"]["periods"] if dt.date.fromisoformat(p["valid_from"]) <= on]
        if not periods:
            periods = self.data["dues"]["periods"][:1]
        return dict(max(periods, key=lambda p: p["valid_from"]))


def rules_dir() -> Path:
    return resource_path("rules")


@functools.cache
def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every shipped rule set, oldest first."""
    sets = [_load(path) for path in sorted(rules_dir().glob("*.json"))]
    if not sets:
        raise UserError(f"Không tìm thấy bộ quy định nào trong “{rules_dir()}”. Hãy cài lại chương trình.")
    return tuple(sorted(sets, key=lambda s: s.valid_from))


def _load(path: Path) -> RuleSet:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RuleSet(id=data["id"], name=data["name"],
                       valid_from=dt.date.fromisoformat(data["valid_from"]), data=data)
    except (OSError, ValueError, KeyError) as error:
        raise UserError(f"Bộ quy định “{path.name}” bị hỏng ({error}). Hãy cài lại tệp này.") from None


def for_date(on: dt.date) -> RuleSet:
    """The rule set in force on a date (the oldest set for dates before every set)."""
    sets = all_rule_sets()
    in_force = [s for s in sets if s.valid_from <= on]
    return in_force[-1] if in_force else sets[0]


def for_review_year(year: int) -> RuleSet:
    """The rule set a year's review is held under: the one in force at the end of that year."""
    return for_date(dt.date(year, 12, 31))


def by_id(rule_set_id: str) -> RuleSet:
    for rule_set in all_rule_sets():
        if rule_set.id == rule_set_id:
            return rule_set
    raise UserError(f"Không có bộ quy định “{rule_set_id}”.")
