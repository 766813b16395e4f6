"""Passwords stored as a slow salted hash (scrypt, standard library), with the cost kept beside the hash so a
later version can raise it: an old hash still checks with the cost it was made with."""

from __future__ import annotations

import json
import os

from models.errors import UserError

# scrypt cost: 2**14 rounds of 16 MiB take ~50 ms here, cheap for one login, slow for a million guesses.
COST_N, BLOCK_R, PARALLEL_P, KEY_BYTES = 2 ** 14, 8, 1, 32
MIN_LENGTH = 8


def check_new_password(password: str) -> str:
    """A password an account may take, or a Vietnamese UserError saying what is wrong."""
    if len(password) < MIN_LENGTH:
        raise UserError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự. Hãy chọn mật khẩu dài hơn.")
    if password.strip() != password:
        raise UserError("Mật khẩu không được bắt đầu hoặc kết thúc bằng dấu cách.")
    return password


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    import hashlib  # here: it loads OpenSSL, ~3 ms of a window's start that checks no password (issue 13)

    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=128 * r * n * 2 + 1024 * 1024)


def hash_password(password: str) -> tuple[str, str]:
    """(hash, params) to store for a new password."""
    salt = os.urandom(16)
    params = {"alg": "scrypt", "n": COST_N, "r": BLOCK_R, "p": PARALLEL_P, "salt": salt.hex(), "len": KEY_BYTES}
    key = _derive(password, salt, COST_N, BLOCK_R, PARALLEL_P, KEY_BYTES)
    return key.hex(), json.dumps(params, sort_keys=True)


def verify_password(password: str, stored_hash: str, stored_params: str) -> bool:
    """Whether ``password`` is the one stored (constant-time comparison)."""
    import hmac

    params = json.loads(stored_params)
    if params.get("alg") != "scrypt":
        return False
    key = _derive(password, bytes.fromhex(params["salt"]), int(params["n"]), int(params["r"]), int(params["p"]),
                  int(params["len"]))
    return hmac.compare_digest(key.hex(), stored_hash)
