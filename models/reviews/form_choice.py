"""Which self-review form each member fills in: the rule set lists its forms with the condition that selects
each (see rules.FORM_CONDITIONS); this module tells which conditions a member meets in a review year."""

from __future__ import annotations

import datetime as dt
import sqlite3

from models import rules
from models.commune import organisations
from models.people import members
from models.rules import FormTemplate, RuleSet


def leaders_in_year(conn: sqlite3.Connection, year: int) -> frozenset[int]:
    """Members who held a party office (bí thư, phó bí thư, chi ủy viên) of any organisation for part of the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return frozenset(p.member_id for org in organisations.all_organisations(conn)
                     for p in organisations.positions(conn, org.id)
                     if p.start_on <= last and (p.end_on is None or p.end_on >= first))


def conditions_met(leader: bool, works_in_political_system: bool) -> frozenset[str]:
    """The form conditions a member meets ("other" is met by everyone)."""
    met = {"other"} | ({"leader"} if leader else set())
    return frozenset(met | ({"in_system"} if works_in_political_system else set()))


def form_for(conn: sqlite3.Connection, member_id: int, year: int, rule_set: RuleSet | None = None,
             leaders: frozenset[int] | None = None) -> FormTemplate:
    """The self-review form a member fills in for a year's review, under the rule set in force at its end.

    ``leaders`` (from leaders_in_year) saves the look-up when forms are chosen for many members at once."""
    rule_set = rule_set or rules.for_review_year(year)
    leaders = leaders_in_year(conn, year) if leaders is None else leaders
    return form_of(rule_set, member_id in leaders, members.get(conn, member_id).details.works_in_political_system)


def form_of(rule_set: RuleSet, leader: bool, works_in_political_system: bool) -> FormTemplate:
    """The self-review form of a member already read (a batch of forms reads its members at once)."""
    return rule_set.review_forms.self_review_for(conditions_met(leader, works_in_political_system))
