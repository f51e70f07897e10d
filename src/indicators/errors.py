"""The one error family of the core: every failure a user can cause is a UserError."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; its message is shown as is, never a traceback."""


class CatalogInvalid(UserError):
    """The indicator, region or domain catalogue failed validation."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))
