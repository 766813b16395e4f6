"""Rule sets: the regulations' thresholds, level codes and texts, read from resources/rules/*.json.

Code asks the rule set; it never hard-codes a threshold. A rule set is chosen by date: the one
with the latest ``valid_from`` not after the date (a year's review uses the set in force at its end).
Each file is read into the typed records below when it is loaded, and a file with a missing or wrong
entry is refused then, naming the file and the entry. Dues rates have their own versioned file
(``dues_rates``), since they change on their own dates, not with the review regulation.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# Re-exported: callers ask ``rules`` for every rule, dues rates included.
from models.dues_rates import DuesGroup as DuesGroup
from models.dues_rates import DuesRates as DuesRates
from models.dues_rates import all_dues_rates as all_dues_rates
from models.dues_rates import dues_rates as dues_rates
from models.errors import UserError
from models.paths import resource_path
from models.rule_file import Section, read_json


@dataclass(frozen=True)
class Level:
    code: str     # 'HTXSNV'
    name: str     # 'Hoàn thành xuất sắc nhiệm vụ'


@dataclass(frozen=True)
class Citations:
    """The regulations cited in warnings and printed documents."""

    review: str
    guidance: str
    meetings: str
    charter: str


@dataclass(frozen=True)
class Scoring:
    """The self-scoring scale (100 points under 366-QĐ/TW); a rule set without one has no scores."""

    max: int
    general_points: int
    task_points: int


@dataclass(frozen=True)
class RatingBand:
    level: str
    min: Decimal
    max: Decimal
    conditions: str


@dataclass(frozen=True)
class Disqualifiers:
    discipline_in_year_max_level: str              # the best level a member disciplined in the year may get
    org_excellent_blocked_by_member_discipline: bool


@dataclass(frozen=True)
class Quota:
    """At most ``max_share`` × the number rated ``of_level`` may be rated ``level``, within each ``scope``."""

    enabled: bool
    level: str
    of_level: str
    max_share: Decimal
    scope: str


@dataclass(frozen=True)
class NotReviewed:
    statuses: tuple[str, ...]
    elsewhere_statuses: tuple[str, ...]
    admitted_within_months: int


@dataclass(frozen=True)
class FormSection:
    heading: str
    lines: int


# What selects a self-review form: the member held a party office (bí thư, phó bí thư, chi ủy viên) in the year,
# works in the political system, or neither. models.reviews.form_choice tells which a member meets.
FORM_CONDITIONS = ("leader", "in_system", "other")


@dataclass(frozen=True)
class FormTemplate:
    """One self-review form as the rule set describes it (its sections are data, not code)."""

    condition: str                      # one of FORM_CONDITIONS
    code: str
    source: str
    title: str
    subtitle: str
    sections: tuple[FormSection, ...]
    level_heading: str
    civil_servant_line: str = ""


@dataclass(frozen=True)
class ReviewForms:
    self_review: tuple[FormTemplate, ...]   # in the file's order, the last one for "other"
    note: str                               # where the forms' wording comes from
    ballot_title: str
    ballot_summary: str                 # '… năm {year}'
    minutes_summary: str
    summary_title: str

    def self_review_for(self, met: Collection[str]) -> FormTemplate:
        """The first form whose condition the member meets ("other" is met by everyone, and comes last)."""
        return next(form for form in self.self_review if form.condition in met or form.condition == "other")


@dataclass(frozen=True)
class Meetings:
    min_minutes: dict[str, int]         # meeting kind → shortest allowed duration
    thematic_per_quarter: int
    attendance_goal_pct: Decimal
    quorum_share: Decimal
    resolution_majority_share: Decimal
    admission_majority_share: Decimal
    absence_removal_months: int


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    max: int


@dataclass(frozen=True)
class Grade:
    min: int
    name: str


@dataclass(frozen=True)
class Quality:
    """How a cell scores its own meeting: criteria with their points, and the grade bands (best first)."""

    criteria: tuple[Criterion, ...]
    grades: tuple[Grade, ...]

    @property
    def max_total(self) -> int:
        return sum(c.max for c in self.criteria)


@dataclass(frozen=True)
class Numbering:
    per: str
    types: dict[str, str]               # 'NQ' → 'nghị quyết'
    issuer_symbol: dict[str, str]       # 'chi_bo' → 'CB'


@dataclass(frozen=True)
class EarlyAward:
    up_to: int
    months: int


@dataclass(frozen=True)
class Badges:
    milestones: tuple[int, ...]         # years of party seniority, smallest first
    award_days: tuple[str, ...]         # 'MM-DD'
    early_months_ill: tuple[EarlyAward, ...]
    deferral_months: dict[str, int]
    citation: str = ""                  # the regulation on the badge, cited in the to-do list

    def award_dates(self, year: int) -> list[dt.date]:
        """The award days of a year as dates, in calendar order."""
        return sorted(dt.date(year, int(day[:2]), int(day[3:])) for day in self.award_days)


@dataclass(frozen=True)
class Study:
    reflection_grades: tuple[str, ...]
    ct05_results: tuple[str, ...]
    document_kinds: dict[str, str]
    modes: dict[str, str]


@dataclass(frozen=True)
class RuleSet:
    """One regulation version, every entry typed and checked when its file was read."""

    id: str
    name: str
    valid_from: dt.date
    citations: Citations
    levels: tuple[Level, ...]           # best first
    scoring: Scoring | None
    rating_bands: tuple[RatingBand, ...]
    disqualifiers: Disqualifiers
    quota: Quota
    not_reviewed: NotReviewed
    review_forms: ReviewForms
    meetings: Meetings
    quality: Quality
    probation_months: int
    confirmation_deadline_working_days: int
    admission_min_age: int              # Điều lệ Đảng: a member is admitted from this age
    numbering: Numbering
    badges: Badges
    study: Study

    @functools.cached_property
    def level_codes(self) -> tuple[str, ...]:
        """The level codes, best first ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'); kept once worked out (a review
        year's warnings ask for them twice per member)."""
        return tuple(level.code for level in self.levels)

    @property
    def top_level(self) -> str:
        return self.levels[0].code

    def level_rank(self, code: str | None) -> int | None:
        """0 for the best level, 1 for the next…; None for no level or a code the rule set does not have."""
        codes = self.level_codes
        return codes.index(code) if code in codes else None

    def level_name(self, level: str | None) -> str:
        """'HTXSNV' → 'Hoàn thành xuất sắc nhiệm vụ'; '' for none; an unknown code as it is."""
        if not level:
            return ""
        return next((item.name for item in self.levels if item.code == level), level)

    def band(self, level: str) -> RatingBand | None:
        return next((band for band in self.rating_bands if band.level == level), None)

    def min_meeting_minutes(self, kind: str) -> int:
        return self.meetings.min_minutes.get(kind, 0)

    def quality_grade(self, score: int | None) -> str:
        """The meeting-quality band for a score (Tốt/Khá/Trung bình/Kém); '' when not scored."""
        if score is None:
            return ""
        return next((grade.name for grade in self.quality.grades if score >= grade.min), "")


def rules_dir() -> Path:
    return resource_path("rules")


@functools.cache
def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every shipped rule set, oldest first."""
    sets = [load(path) for path in sorted(rules_dir().glob("*.json"))]
    if not sets:
        raise UserError(f"Không tìm thấy bộ quy định nào trong “{rules_dir()}”. Hãy cài lại chương trình.")
    return tuple(sorted(sets, key=lambda s: s.valid_from))


def load(path: Path) -> RuleSet:
    """Read one rule file; a missing or wrong entry is refused naming the file and the entry."""
    top = Section(path.name, read_json(path))
    levels = tuple(Level(code, name) for code, name in _levels(top).items())
    rule_set = RuleSet(
        id=top.text("id"), name=top.text("name"), valid_from=top.date("valid_from"),
        citations=_citations(top.section("citation")), levels=levels,
        scoring=_scoring(top.optional_section("scoring")),
        rating_bands=tuple(_band(s) for s in top.sections("rating_bands")),
        disqualifiers=_disqualifiers(top.section("disqualifiers")), quota=_quota(top.section("quota")),
        not_reviewed=_not_reviewed(top.section("not_reviewed")), review_forms=_forms(top.section("review_forms")),
        meetings=_meetings(top.section("meetings")), quality=_quality(top.section("quality")),
        probation_months=top.whole("probation_months"),
        confirmation_deadline_working_days=top.whole("confirmation_deadline_working_days"),
        admission_min_age=top.whole("admission_min_age"), numbering=_numbering(top.section("numbering")),
        badges=_badges(top.section("badges")), study=_study(top.section("study")))
    _check_level_references(top, rule_set)
    return rule_set


def _levels(top: Section) -> dict[str, str]:
    """code → name, best first; every level needs a name, and there must be at least two."""
    codes, names = top.texts("levels"), top.text_map("level_names")
    if len(codes) < 2 or len(set(codes)) != len(codes):
        raise top.wrong("levels", list(codes), "danh sách từ hai mức xếp loại trở lên, không trùng nhau")
    for code in codes:
        if code not in names:
            raise top.section("level_names").missing(code)
    return {code: names[code] for code in codes}


def _check_level_references(top: Section, rule_set: RuleSet) -> None:
    """Every level named elsewhere in the file must be one of its ``levels``."""
    known = rule_set.level_codes
    named = [(f"rating_bands[{i}]", "level", band.level) for i, band in enumerate(rule_set.rating_bands)]
    named += [("disqualifiers", "discipline_in_year_max_level", rule_set.disqualifiers.discipline_in_year_max_level),
              ("quota", "level", rule_set.quota.level), ("quota", "of_level", rule_set.quota.of_level)]
    for path, key, code in named:
        if code not in known:
            raise Section(top.file_name, {}, path).wrong(key, code, f"một mức trong “levels” ({', '.join(known)})")


def _citations(s: Section) -> Citations:
    return Citations(s.text("review"), s.text("guidance"), s.text("meetings"), s.text("charter"))


def _scoring(s: Section | None) -> Scoring | None:
    return None if s is None else Scoring(s.whole("max"), s.whole("general_points"), s.whole("task_points"))


def _band(s: Section) -> RatingBand:
    return RatingBand(s.text("level"), s.number("min"), s.number("max"), s.text("conditions"))


def _disqualifiers(s: Section) -> Disqualifiers:
    return Disqualifiers(s.text("discipline_in_year_max_level"), s.flag("org_excellent_blocked_by_member_discipline"))


def _quota(s: Section) -> Quota:
    return Quota(s.flag("enabled"), s.text("level"), s.text("of_level"), s.number("max_share"), s.text("scope"))


def _not_reviewed(s: Section) -> NotReviewed:
    return NotReviewed(s.texts("statuses"), s.texts("elsewhere_statuses"), s.whole("admitted_within_months"))


def _form(s: Section) -> FormTemplate:
    condition = s.text("condition")
    if condition not in FORM_CONDITIONS:
        raise s.wrong("condition", condition, "một trong " + ", ".join(f"“{c}”" for c in FORM_CONDITIONS))
    sections = tuple(FormSection(item.text("heading"), item.whole("lines")) for item in s.sections("sections"))
    return FormTemplate(condition, s.text("code"), s.text("source"), s.text("title"), s.text("subtitle"), sections,
                        s.text("level_heading"), s.text("civil_servant_line", ""))


def _self_review_forms(s: Section) -> tuple[FormTemplate, ...]:
    """The forms in order; each condition once, the list ending with "other" so every member gets a form."""
    forms = tuple(_form(item) for item in s.sections("self_review"))
    conditions = [form.condition for form in forms]
    if not forms or conditions[-1] != "other" or len(set(conditions)) != len(conditions):
        raise s.wrong("self_review", conditions, "danh sách mẫu kiểm điểm, mỗi điều kiện một mẫu (không trùng), "
                                                 "kết thúc bằng mẫu “other”")
    return forms


def _forms(s: Section) -> ReviewForms:
    return ReviewForms(_self_review_forms(s), s.text("note", ""), s.text("ballot_title"), s.text("ballot_summary"),
                       s.text("minutes_summary"), s.text("summary_title"))


def _meetings(s: Section) -> Meetings:
    return Meetings(s.whole_map("min_minutes"), s.whole("thematic_per_quarter"), s.number("attendance_goal_pct"),
                    s.number("quorum_share"), s.number("resolution_majority_share"),
                    s.number("admission_majority_share"), s.whole("absence_removal_months"))


def _quality(s: Section) -> Quality:
    return Quality(tuple(Criterion(c.text("code"), c.text("name"), c.whole("max")) for c in s.sections("criteria")),
                   tuple(Grade(g.whole("min"), g.text("name")) for g in s.sections("grades")))


def _numbering(s: Section) -> Numbering:
    return Numbering(s.text("per"), s.text_map("types"), s.text_map("issuer_symbol"))


def _badges(s: Section) -> Badges:
    early = tuple(EarlyAward(e.whole("up_to"), e.whole("months")) for e in s.sections("early_months_ill"))
    days = s.texts("award_days")
    for day in days:
        try:
            dt.date(2000, int(day[:2]), int(day[3:]))
        except ValueError:
            raise s.wrong("award_days", day, "ngày tặng dạng tháng-ngày, ví dụ 02-03 cho ngày 3 tháng 2") from None
    return Badges(tuple(sorted(s.wholes("milestones"))), days, early, s.whole_map("deferral_months"),
                  s.text("citation", ""))


def _study(s: Section) -> Study:
    return Study(s.texts("reflection_grades"), s.texts("ct05_results"), s.text_map("document_kinds"),
                 s.text_map("modes"))


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
