"""The cell's monthly resolution read back with pypdf."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from models.commune import committee, organisations
from models.commune.organisations import NewOrganisation
from models.meetings import meeting_docs
from models.storage import db
from printing.resolution import render_resolution
from tests.pdf_checks import assert_fonts_embedded
from tests.printing.test_minutes import build_meeting, flat, pages_text

ROOT = Path(__file__).resolve().parents[2]


def test_resolution_header_number_body_and_signature(commune):
    conn = commune["conn"]
    meeting = build_meeting(conn, commune["dong"].id)
    pdf = render_resolution(meeting_docs.minutes_data(conn, meeting.id))
    pages = pages_text(pdf)
    whole = flat(" ".join(pages))
    for expected in ("ĐẢNG BỘ XÃ PHỐ MỚI", "CHI BỘ THÔN ĐÔNG", "Số 01-NQ/CB", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "Phố Mới, ngày 05 tháng 11 năm 2026", "NGHỊ QUYẾT",
                     "Về lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026", "CHI BỘ QUYẾT NGHỊ"):
        assert expected in flat(pages[0])
    assert "1. Đánh giá kết quả thực hiện nhiệm vụ tháng 10 năm 2026" in whole
    assert "Làm đường bê tông xóm 3 (Lê Văn Cường): Đã xong." in whole
    assert "Tổng kết năm 2026 (người thực hiện: Nguyễn Văn An; thời hạn: 20/12/2026)" in whole
    assert "T/M CHI BỘ" in whole and "BÍ THƯ" in whole and "Nguyễn Văn An" in whole
    assert "Nơi nhận:" in whole and "Đảng ủy xã Phố Mới (để báo cáo)" in whole
    assert whole.index("- Lưu chi bộ.") > whole.index("Nơi nhận:")
    assert "tán thành 3/4, đạt 75,0%" in whole   # of the four with a vote (the probationary member has none)
    assert_fonts_embedded(pdf)


def test_print_commands_write_the_three_documents(tmp_path):
    """`main.py print minutes|resolution|signin` through PRINTERS, on a database file."""
    path = tmp_path / "so.sqlite"
    conn = db.open_db(path)
    try:
        committee.save(conn, committee.Committee(name="Đảng bộ xã Phố Mới", place_name="Phố Mới",
                                                 term_name="2025 - 2030"))
        dong = organisations.create(conn, NewOrganisation("Chi bộ thôn Đông", "chi_bo_co_so", "thon"))
        meeting_id = build_meeting(conn, dong.id).id
    finally:
        conn.close()
    for document in ("minutes", "resolution", "signin"):
        out = tmp_path / f"{document}.pdf"
        done = subprocess.run([sys.executable, "main.py", "print", document, str(meeting_id), "--db", str(path),
                               "-o", str(out)], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF")
    missing = subprocess.run([sys.executable, "main.py", "print", "minutes", "999", "--db", str(path),
                              "-o", str(tmp_path / "x.pdf")], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and "Không có buổi sinh hoạt mã số 999" in missing.stderr
