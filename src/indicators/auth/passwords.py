"""Password hashing with scrypt (memory-hard), a random salt per hash, parameters stored with it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from ..errors import UserError

# n=2**14, r=8 uses 16 MiB per hash and takes ~50 ms: the OWASP minimum for scrypt.
N, R, P, DKLEN, SALT_BYTES = 2 ** 14, 8, 1, 32, 16
MIN_LENGTH = 8
MAX_LENGTH = 1024


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=256 * n * r + 1024 * 1024)


def check_strength(password: str) -> None:
    """Refuse passwords that are too short or too long (the message never repeats the password)."""
    if len(password) < MIN_LENGTH:
        raise UserError("errors.password_short", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise UserError("errors.password_long", n=MAX_LENGTH)


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash` with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(_derive(password, salt, N, R, P, DKLEN))}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether password matches the stored hash (constant-time compare; a malformed hash never matches)."""
    if not stored:
        verify_password(password, _dummy_hash())
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or len(password) > MAX_LENGTH:
            return False
        expected = base64.b64decode(digest)
        actual = _derive(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random secret, checked for unknown names so timing does not reveal who exists."""
    return hash_password(secrets.token_urlsafe(16))
