"""Collecting the issues of an upload: codes with parameters, capped per kind, each cell reported once."""

from __future__ import annotations

import logging

from ..i18n import t
from .model import Issue

log = logging.getLogger(__name__)
ORDER = {"error": 0, "warning": 1, "info": 2}


class Collector:
    """Issues gathered lazily, capped per check so a broken column does not flood the report."""

    def __init__(self, lang: str, cap: int):
        self.lang, self.cap = lang, cap
        self.issues: list[Issue] = []
        self._counts: dict[str, int] = {}
        self._seen: set[tuple] = set()

    def add(self, level: str, code: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, **params: object) -> None:
        """Record one issue (the same code at the same cell only once), its message from the i18n catalogue."""
        where = (code, sheet, row, column)
        if row is not None and where in self._seen:
            return
        self._seen.add(where)
        n = self._counts.get(code, 0) + 1
        self._counts[code] = n
        if sheet is not None:
            params.setdefault("sheet", sheet)
        if n <= self.cap:
            shown = {k: v for k, v in params.items() if k != "_key"}
            text = t(f"ingest.{params.get('_key', code)}", self.lang, **shown)
            self.issues.append(Issue(level, sheet, row, column, text, code, tuple(params.items())))

    def over_cap(self, code: str) -> bool:
        """Count one more issue of this kind without building it when the cap is reached."""
        if self._counts.get(code, 0) < self.cap:
            return False
        self._counts[code] += 1
        return True

    def has(self, code: str) -> bool:
        """Whether an issue of this kind was recorded."""
        return code in self._counts

    def unexpected(self, error: BaseException, sheet: str | None = None) -> None:
        """A bug met on some input: logged with its traceback, reported to the user as one plain line."""
        log.error("ingest: unexpected %s on sheet %r", type(error).__name__, sheet, exc_info=error)
        self.add("error", "internal_error", sheet, detail=f"{type(error).__name__}: {str(error)[:100]}")

    def finish(self) -> list[Issue]:
        """All issues plus one line per check that was capped, errors first."""
        out = list(self.issues)
        for code, n in self._counts.items():
            if n > self.cap:
                level = next(i.level for i in self.issues if i.code == code)
                out.append(Issue(level, None, None, None,
                                 t("ingest.more_issues", self.lang, n=n - self.cap, first=self.cap), code,
                                 (("_key", "more_issues"), ("n", n - self.cap), ("first", self.cap))))
        return sorted(out, key=lambda i: ORDER.get(i.level, 3))
