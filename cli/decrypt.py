"""``decrypt FILE.mahoa OUT``: the plain file back from an encrypted export or backup (password asked once)."""

from __future__ import annotations

import argparse

from cli.common import Subparsers, read_password, write_new_file


def add_parser(commands: Subparsers) -> None:
    decrypt = commands.add_parser("decrypt", help="giải mã một tệp xuất hay bản sao lưu đã mã hóa (.mahoa)")
    decrypt.add_argument("file", metavar="FILE.mahoa", help="tệp đã mã hóa (đuôi .mahoa)")
    decrypt.add_argument("output", metavar="OUT", help="tệp nhận bản giải mã (không ghi đè tệp khác loại)")
    decrypt.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from models.errors import UserError
    from models.storage import encrypted_files

    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"Không thấy tệp “{source}”. Hãy kiểm tra lại đường dẫn.")
    if not encrypted_files.is_encrypted(source):
        raise UserError(f"Tệp “{source.name}” không phải tệp mã hóa của Sổ Chi Bộ, không cần giải mã.")
    plain = encrypted_files.decrypt_bytes(source.read_bytes(), read_password("Mật khẩu của tệp mã hóa: "),
                                          source.name)
    write_new_file(args.output, plain)
    return 0
