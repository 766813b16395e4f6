"""Backups that leave the office (on a USB stick) encrypted with a password.

AES-256-GCM (authenticated: a changed byte is noticed, never restored) with a key derived from the password
by scrypt. The whole file is encrypted at once: a commune's file is a few tens of MB. Layout:

    magic "SCB-ENC\\0" | version 1 | log2(N) | r | p | salt (16) | nonce (12) | key check (16) | ciphertext+tag

The header is the ciphertext's associated data (changing it fails the tag). The key check, a hash of the key,
tells a wrong password apart from a damaged file, so the clerk reads the right message.
The ``cryptography`` library loads only when a file is encrypted or decrypted.
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

from models.errors import UserError
from models.storage.private_files import write_private

MAGIC = b"SCB-ENC\x00"
VERSION = 1
SUFFIX = ".mahoa"   # added to the backup's name: "…-sao-luu-thu-cong.sqlite.mahoa"
LOG2_N, BLOCK_R, PARALLEL_P = 15, 8, 1
_FIXED = struct.Struct(">8sBBBB16s12s16s")
HEADER_BYTES = _FIXED.size


class PasswordNeeded(UserError):
    """The file is encrypted and no password was given (the caller asks for one and tries again)."""


class WrongPassword(UserError):
    """The password does not open the file."""


def is_encrypted(path: str | Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _key(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    import hashlib  # here: it loads OpenSSL, ~3 ms of a window's start that encrypts nothing (issue 13)

    n = 2 ** log2_n
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=128 * r * n * 2 + 1024 * 1024)


def _key_check(key: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(b"so-chi-bo key check\x00" + key).digest()[:16]


def encrypt_bytes(data: bytes, password: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not password:
        raise UserError("Hãy gõ mật khẩu để mã hóa tệp.")
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _key(password, salt, LOG2_N, BLOCK_R, PARALLEL_P)
    header = _FIXED.pack(MAGIC, VERSION, LOG2_N, BLOCK_R, PARALLEL_P, salt, nonce, _key_check(key))
    return header + AESGCM(key).encrypt(nonce, data, header)


def decrypt_bytes(blob: bytes, password: str, name: str) -> bytes:
    """The plain bytes; WrongPassword or a UserError for a damaged file (nothing is written either way)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    damaged = UserError(f"Tệp mã hóa “{name}” bị hỏng (thiếu hoặc sai một phần nội dung), không mở được. Hãy chép "
                        "lại tệp từ ổ USB hoặc chọn bản sao lưu khác. Dữ liệu đang dùng không bị ảnh hưởng.")
    if len(blob) < HEADER_BYTES + 16:
        raise damaged
    magic, version, log2_n, r, p, salt, nonce, check = _FIXED.unpack(blob[:HEADER_BYTES])
    if magic != MAGIC or version != VERSION or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise damaged
    key = _key(password, salt, log2_n, r, p)
    if _key_check(key) != check:
        raise WrongPassword(f"Mật khẩu không đúng với tệp mã hóa “{name}”. Hãy gõ lại đúng mật khẩu đã đặt khi "
                            "mã hóa (chú ý chữ hoa, chữ thường). Dữ liệu đang dùng không bị ảnh hưởng.")
    try:
        return AESGCM(key).decrypt(nonce, blob[HEADER_BYTES:], blob[:HEADER_BYTES])
    except InvalidTag:
        raise damaged from None


def encrypt_file(source: Path, target: Path, password: str) -> None:
    """``target`` (owner-only) holds ``source`` encrypted."""
    write_private(target, encrypt_bytes(Path(source).read_bytes(), password))


@contextlib.contextmanager
def readable(backup: Path, password: str | None) -> Iterator[Path]:
    """A backup as a plain SQLite file for the block: itself, or its decryption in a private temporary folder
    (on the local disk, deleted afterwards) when it is encrypted."""
    backup = Path(backup)
    if not is_encrypted(backup):
        yield backup
        return
    if not password:
        raise PasswordNeeded(f"Bản sao lưu “{backup.name}” được mã hóa. Hãy nhập mật khẩu đã đặt khi sao lưu.")
    plain = decrypt_bytes(backup.read_bytes(), password, backup.name)
    with tempfile.TemporaryDirectory(prefix="so-chi-bo-") as folder:   # created 0700 by tempfile
        path = Path(folder) / backup.name.removesuffix(SUFFIX)
        write_private(path, plain)
        yield path
