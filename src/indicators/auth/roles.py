"""Roles and their ranks: viewer < analyst < admin."""

from __future__ import annotations

from ..errors import UserError

ROLES = ("viewer", "analyst", "admin")
RANK = {"viewer": 1, "analyst": 2, "admin": 3}
ROLE_ZH = {"viewer": "浏览者", "analyst": "分析员", "admin": "管理员"}


class PermissionDenied(UserError):
    """The user may not do this: unknown, disabled, locked, or of too low a role."""

    def __init__(self, message: str, reason: str = "role"):
        self.reason = reason
        super().__init__(message)


def check_role_name(role: str) -> str:
    """The role itself if known, else a UserError listing the roles."""
    if role not in RANK:
        raise UserError(f"未知角色 unknown role: {role} (viewer | analyst | admin)")
    return role


def at_least(role: str | None, needed: str) -> bool:
    """Whether role ranks at or above needed (None ranks below every role)."""
    return RANK.get(role or "", 0) >= RANK[check_role_name(needed)]
