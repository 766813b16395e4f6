"""The figures by organisation and by month (report --json), the periodic report's figures and sentences, and the
charts' data: every one the same numbers as ``report --json``, computed one way (issue 12)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import main
from models import vn
from models.demo.generate import generate
from models.dues import ledger
from models.errors import UserError
from models.reporting import period_report, periods, reports
from models.storage import db
from printing import charts

YEAR = 2025     # a year wholly over: every month counts


@pytest.fixture(scope="module")
def demo():
    conn = db.open_memory()
    generate(conn, members=150, seed=7, today=dt.date(2026, 11, 20))
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def year(demo):
    return reports.year_report(demo, YEAR)


def _sum(rows, part, key):
    return sum(row[part][key] for row in rows)


def test_by_organisation_adds_up_to_the_totals(year):
    rows = year["by_organisation"]
    assert len(rows) >= year["organisations"]["total"]
    for part, keys in {"members": ("total", "chinh_thuc", "du_bi", "mien_sinh_hoat"),
                       "meetings": ("held", "expected", "present", "should_attend"),
                       "study": ("expected", "participants"), "dues": ("due", "collected", "members_unpaid")}.items():
        for key in keys:
            assert _sum(rows, part, key) == year[part][key], (part, key)
    for level, count in year["reviews"]["members"].items():
        assert sum(row["reviews"]["members"][level] for row in rows) == count, level
    assert year["members"]["total"] > 0 and year["meetings"]["held"] > 0 and year["dues"]["collected"] > 0


def test_each_row_has_its_rates_from_vn_rate(year):
    row = next(r for r in year["by_organisation"] if r["meetings"]["should_attend"])
    assert row["meetings"]["attendance_rate"] == float(vn.rate(row["meetings"]["present"],
                                                                row["meetings"]["should_attend"]))
    assert row["unit_type_name"] and row["name"]


def test_by_month_adds_up_to_the_year(year):
    months = year["by_month"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert sum(m["present"] for m in months) == year["meetings"]["present"]
    assert sum(m["should_attend"] for m in months) == year["meetings"]["should_attend"]
    assert sum(m["dues_collected"] for m in months) == year["dues"]["collected"]


def test_a_scope_adds_up_to_its_own_totals(demo):
    parent = demo.execute("SELECT parent_id FROM organisations WHERE parent_id IS NOT NULL LIMIT 1").fetchone()[0]
    scoped = reports.year_report(demo, YEAR, parent)
    assert scoped["by_organisation"] and all(r["parent"] or r["id"] == parent for r in scoped["by_organisation"])
    assert _sum(scoped["by_organisation"], "members", "total") == scoped["members"]["total"]
    assert _sum(scoped["by_organisation"], "dues", "collected") == scoped["dues"]["collected"]


def test_the_years_period_figures_are_the_year_report(demo, year):
    whole = reports.period_figures(demo, periods.period(YEAR))
    for key in ("members", "meetings", "study", "dues", "reviews", "by_organisation", "by_month", "ct05"):
        assert whole[key] == year[key], key
    assert whole["months"] == list(range(1, 13)) and whole["period"] == f"năm {YEAR}"


def test_a_quarter_counts_its_own_months(demo, year):
    quarters = [reports.period_figures(demo, periods.period(YEAR, quarter=q)) for q in range(1, 5)]
    for key in ("held", "expected", "present", "should_attend"):
        assert sum(q["meetings"][key] for q in quarters) == year["meetings"][key], key
    assert sum(q["dues"]["collected"] for q in quarters) == year["dues"]["collected"]
    assert quarters[2]["months"] == [7, 8, 9] and quarters[2]["as_of"] == f"{YEAR}-09-30"


def test_the_dues_of_the_whole_commune_are_each_members_months(demo):
    """The commune's lines (read in bulk, a month like the one before reused) owe what each month owes alone."""
    everyone = ledger.all_year_lines(demo, YEAR)
    for member_id in list(everyone)[:60]:
        assert everyone[member_id] == ledger.member_year(demo, member_id, YEAR), member_id
        for line in everyone[member_id]:
            alone = ledger.due_for(demo, member_id, dt.date(YEAR, line.month, 1))
            assert line.due == alone or (alone.amount is None and line.due.reason == "Số phải nộp đã ghi trong sổ thu")


def _organisation_ids(conn):
    cells = [r[0] for r in conn.execute("SELECT id FROM organisations WHERE unit_type = 'chi_bo' ORDER BY id")]
    parents = [r[0] for r in conn.execute("SELECT DISTINCT parent_id FROM organisations WHERE parent_id IS NOT NULL"
                                          " ORDER BY parent_id")]
    return cells, parents


def _sums_of_lines(lines_by_member, names, scope):
    """DuesStats the plain way: every member's month lines added up one by one, in register order."""
    tally = ledger._Tally(scope)
    for member_id, member_lines in lines_by_member.items():
        tally.add_lines(member_id, names, member_lines)
    return tally.stats(YEAR)


@pytest.fixture(scope="module")
def owing():
    """A demo commune where some members left months unpaid: a month not recorded, or paid in part."""
    conn = db.open_memory()
    generate(conn, members=150, seed=11, today=dt.date(2026, 11, 20))
    with conn:
        conn.execute(f"DELETE FROM dues_payments WHERE member_id % 7 = 0 AND month IN ('{YEAR}-05', '{YEAR}-06')")
        conn.execute(f"UPDATE dues_payments SET amount_paid = amount_due / 2 WHERE member_id % 11 = 0"
                     f" AND month = '{YEAR}-11'")
    yield conn
    conn.close()


@pytest.mark.parametrize("months", [tuple(range(1, 13)), (4, 5, 6), (2, 5, 11), (12,), ()])
def test_dues_summed_as_read_are_the_sums_of_the_lines(owing, months):
    """scope_stats sums most members' payments as it reads them (issue 13): the same DuesStats as adding up
    every member's lines, for the commune, a cell, an organisation with its sub-units and a list of members."""
    names = dict(owing.execute("SELECT id, full_name FROM members").fetchall())
    cells, parents = _organisation_ids(owing)
    some = [r[0] for r in owing.execute("SELECT id FROM members ORDER BY id LIMIT 40")]
    debtors = 0
    for scope in (None, cells[:1], cells[1:4], parents[:1]):
        for member_ids in (None, some):
            by_lines = _sums_of_lines(ledger.all_year_lines(owing, YEAR, months, member_ids), names, scope)
            assert ledger.scope_stats(owing, YEAR, months, names, scope, member_ids) == by_lines, (scope, member_ids)
            debtors += len(by_lines.unpaid)
    if set(months) & {5, 6, 11}:
        assert debtors > 0      # the comparison covered members with unpaid months


# ---------------------------------------------------------------- periods

def test_a_month_in_progress_is_not_counted():
    first_of_december = dt.date(2026, 12, 1)
    assert periods.months_over(periods.period(2026, today=first_of_december), first_of_december) == tuple(range(1, 12))
    assert periods.months_over(periods.Period(2026, quarter=4), first_of_december) == (10, 11)
    assert periods.months_over(periods.Period(2026, month=11), first_of_december) == (11,)
    with pytest.raises(UserError, match="Tháng 12 năm 2026 chưa kết thúc"):
        periods.counted_months(periods.Period(2026, month=12), first_of_december)
    with pytest.raises(UserError, match="Quý I năm 2027 chưa có tháng nào kết thúc"):
        periods.counted_months(periods.Period(2027, quarter=1), first_of_december)


@pytest.mark.parametrize(("quarter", "month", "message"), [
    (5, None, "Quý 5 không hợp lệ. Quý là một số từ 1 đến 4."),
    (None, 13, "Tháng 13 không hợp lệ. Tháng là một số từ 1 đến 12."),
    (1, 2, "Chỉ chọn một trong hai"),
])
def test_bad_periods_are_refused_in_vietnamese(quarter, month, message):
    with pytest.raises(UserError, match=message):
        periods.period(2025, quarter, month)


def test_period_labels():
    assert periods.Period(2025, quarter=3).label == "quý III năm 2025"
    assert periods.Period(2025, month=9).label == "tháng 9 năm 2025"
    assert periods.Period(2025, quarter=3).last_day == dt.date(2025, 9, 30)


# ---------------------------------------------------------------- the report's sentences and the charts

def test_the_sentences_state_report_json_figures(demo, capsys, tmp_path):
    path = tmp_path / "demo.sqlite"
    demo.execute("VACUUM INTO ?", (str(path),))
    assert main.main(["report", str(YEAR), "--db", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    conn = db.open_db(path)
    try:
        data = period_report.period_report_data(conn, YEAR)
    finally:
        db.close(conn)
    m = printed["meetings"]
    said = " ".join(data.paragraphs)
    assert (f"{vn.format_int(m['present'])}/{vn.format_int(m['should_attend'])} lượt đảng viên dự sinh hoạt, đạt "
            f"{vn.format_percent(vn.rate(m['present'], m['should_attend']))}") in said
    assert f"{vn.format_int(printed['members']['total'])} đảng viên" in said
    assert vn.format_money(printed["dues"]["collected"]) in said
    assert data.number == "Số 01-BC/ĐU" and data.signer_roles[0] == "T/M ĐẢNG ỦY"
    assert data.annex[-1][2] == vn.format_int(printed["members"]["total"])
    assert len(data.annex) == len(printed["by_organisation"]) + 1


def _strings(drawing) -> list[str]:
    return [node.text for node in drawing.getContents() if hasattr(node, "text")]


def test_the_charts_draw_report_json_figures(year):
    status = _strings(charts.members_by_status(year))
    assert vn.format_int(year["members"]["chinh_thuc"]) in status and vn.format_int(year["members"]["du_bi"]) in status
    attendance = _strings(charts.attendance_by_month(year))
    for month in year["by_month"]:
        assert vn.format_percent(vn.rate(month["present"], month["should_attend"])) in attendance
    reviewed = _strings(charts.reviews_by_level(year))
    assert vn.format_int(year["reviews"]["members"]["not_reviewed"]) in reviewed
    biggest = max(r["members"]["total"] for r in year["by_organisation"])
    assert vn.format_int(biggest) in _strings(charts.members_by_organisation(year))


def test_the_organisation_charts_stay_readable_with_hundreds_of_organisations(year):
    many = dict(year, by_organisation=[dict(row, id=i, name=f"Chi bộ tổ dân phố số {i}")
                                       for i, row in enumerate(year["by_organisation"] * 20, 1)])
    drawing = charts.members_by_organisation(many)
    texts = _strings(drawing)
    assert sum(1 for t in texts if t.startswith("Chi bộ tổ dân phố")) == charts.TOP_ORGANISATIONS
    assert any("tổ chức khác" in t for t in texts) and drawing.height < 300
    assert all(charts._width(t, charts.LABEL_SIZE) <= charts.WIDTH * 0.38 for t in texts if t.startswith("Chi bộ"))


def test_the_svg_names_the_font_family_qt_knows():
    drawing = charts.members_by_status({"members": {"total": 3, "chinh_thuc": 2, "du_bi": 1, "mien_sinh_hoat": 0},
                                        "as_of": "2025-12-31"})
    svg = charts.svg(drawing).decode()
    assert "Liberation Serif" in svg and "DocSerif" not in svg and "Đảng viên theo tình trạng" in svg


def test_a_party_committee_row_of_the_annex_sums_its_cells(year):
    """A đảng bộ holds no member itself: its annex row read '0 … 0/0 … –' beside cells full of figures."""
    entries = year["by_organisation"]
    parent = next(e for e in entries if any(c["parent_id"] == e["id"] for c in entries))
    cells = [e for e in entries if e["parent_id"] == parent["id"]]
    rows = {row[0]: row for row in period_report.annex_rows(year)}
    row = rows[str(entries.index(parent) + 1)]
    assert row[1].endswith("(cộng các đơn vị trực thuộc)")
    assert row[2] == vn.format_int(parent["members"]["total"] + _sum(cells, "members", "total"))
    held = parent["meetings"]["held"] + _sum(cells, "meetings", "held")
    expected = parent["meetings"]["expected"] + _sum(cells, "meetings", "expected")
    assert row[4] == f"{vn.format_int(held)}/{vn.format_int(expected)}"
    collected = parent["dues"]["collected"] + _sum(cells, "dues", "collected")
    assert row[7] == vn.format_int(collected) and int(row[2].replace(".", "")) > 0
