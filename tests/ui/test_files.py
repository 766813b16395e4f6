"""Asking where to write a document: the kind's filter is offered and its suffix is never lost."""

from __future__ import annotations

from pathlib import Path

from ui.common import files


def test_a_bare_name_gets_the_documents_suffix_and_a_typed_one_is_kept(monkeypatch, tmp_path):
    answers = iter([tmp_path / "so", tmp_path / "SO.PDF", tmp_path / "ds.xlsx.bak", None])
    offered: list[str] = []

    def fake(parent: object, title: str, suggested: str, file_filter: str) -> Path | None:
        offered.append(file_filter)
        return next(answers)

    monkeypatch.setattr(files, "ask_save_path", fake)
    assert files.ask_output_path(None, "Lưu", "so.pdf", ".pdf") == tmp_path / "so.pdf"
    assert files.ask_output_path(None, "Lưu", "so.pdf", ".pdf") == tmp_path / "SO.PDF"
    assert files.ask_output_path(None, "Xuất", "ds.xlsx", ".xlsx") == tmp_path / "ds.xlsx.bak.xlsx"
    assert files.ask_output_path(None, "Xuất", "ds.xlsx", ".xlsx") is None
    assert offered == [files.PDF_FILTER, files.PDF_FILTER, files.XLSX_FILTER, files.XLSX_FILTER]
