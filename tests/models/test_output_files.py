"""Writing the user's output files: atomic, and never over a file of another kind."""

from __future__ import annotations

import pytest

from models.errors import UserError
from models.storage.output_files import write_output


def test_writes_and_replaces_an_older_file_of_the_same_kind(tmp_path):
    target = tmp_path / "bien-ban.pdf"
    assert write_output(target, b"%PDF-1.4 old") == target
    write_output(target, b"%PDF-1.4 new")
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert not (tmp_path / "bien-ban.pdf.tmp").exists()


@pytest.mark.parametrize("existing", [b"SQLite format 3\x00", b"Bien ban go tay", b""])
def test_never_overwrites_a_file_of_another_kind(tmp_path, existing):
    target = tmp_path / "du-lieu.sqlite"
    target.write_bytes(existing)
    with pytest.raises(UserError, match="không ghi đè"):
        write_output(target, b"%PDF-1.4")
    assert target.read_bytes() == existing


def test_a_missing_folder_or_a_folder_as_target_is_refused(tmp_path):
    with pytest.raises(UserError, match="không tồn tại"):
        write_output(tmp_path / "khong-co" / "a.pdf", b"%PDF")
    with pytest.raises(UserError, match="là một thư mục"):
        write_output(tmp_path, b"%PDF")
