"""Roles and their ranks: anonymous < viewer < analyst < admin (the one table of ranks)."""

from __future__ import annotations

from ..errors import Message, UserError, message

ROLES = ("viewer", "analyst", "admin")
ANONYMOUS = "anonymous"
RANK = {"viewer": 1, "analyst": 2, "admin": 3}


class PermissionDenied(UserError):
    """The user may not do this: unknown, disabled, locked, or of too low a role (reason says which)."""

    def __init__(self, code: str, /, reason: str = "role", **params: object):
        self.reason = reason
        super().__init__(code, **params)


def role_name(role: str) -> Message:
    """The role's name as a message (浏览者 / viewer …), rendered in the reader's language."""
    return message(f"auth.role_{role}")


def check_role_name(role: str) -> str:
    """The role itself if known, else a UserError listing the roles."""
    if role not in RANK:
        raise UserError("errors.unknown_role", role=role)
    return role


def rank(role: str | None) -> int:
    """A role's rank; anonymous and unknown roles rank 0, below every role."""
    return RANK.get(role or "", 0)


def at_least(role: str | None, needed: str) -> bool:
    """Whether role ranks at or above needed (anonymous, a needed role of rank 0, is met by everyone)."""
    return rank(role) >= (0 if needed == ANONYMOUS else RANK[check_role_name(needed)])
