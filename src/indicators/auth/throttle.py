"""Login throttling: growing delays per account name and per source, the same for names that exist and names that
do not, so that failures neither reveal who exists nor hand an attacker a hard lock on someone's account.

After `lock_after_failures` failures in a row a key waits before its next try: 2 s, 4 s, 8 s … up to its cap. A
source (the client address) may wait up to `lock_minutes`; an account name at most ACCOUNT_CAP_SECONDS, so that
failures from many sources slow the account's owner down but never shut them out. State is per process and kept
in memory (a restart forgets it); the counts and every refusal also go to the audit log.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from .. import settings

ACCOUNT_CAP_SECONDS = 30.0
FIRST_DELAY_SECONDS = 2.0


@dataclass
class _Entry:
    failures: int = 0
    not_before: float = 0.0          # time.monotonic() before which this key's next try is refused


class Throttle:
    """Failure counts and waiting times per key ("name:…", "source:…"); safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, _Entry] = {}

    def wait(self, keys: list[str], now: float | None = None) -> float:
        """Seconds until every key may try again (0: go ahead)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return max([0.0, *(e.not_before - now for k in keys if (e := self._keys.get(k)))])

    def fail(self, keys: list[str], now: float | None = None) -> int:
        """Count a failure for each key and set its waiting time; the account key's failure count (first key)."""
        now = time.monotonic() if now is None else now
        free = int(settings.get("lock_after_failures"))
        counts = []
        with self._lock:
            for k in keys:
                e = self._keys.setdefault(k, _Entry())
                e.failures += 1
                cap = ACCOUNT_CAP_SECONDS if k.startswith("name:") else float(settings.get("lock_minutes")) * 60
                if free and e.failures >= free:
                    e.not_before = now + min(cap, FIRST_DELAY_SECONDS * 2 ** (e.failures - free))
                counts.append(e.failures)
        return counts[0] if counts else 0

    def reset(self) -> None:
        """Forget every key (tests; a restart does the same)."""
        with self._lock:
            self._keys.clear()

    def clear(self, keys: list[str]) -> None:
        """Forget the keys (a successful login)."""
        with self._lock:
            for k in keys:
                self._keys.pop(k, None)


THROTTLE = Throttle()


def keys_for(name: str, source: str | None) -> list[str]:
    """The account name's key first (case-folded: 'Ana' and 'ana' share one), then the source's, if known."""
    return [f"name:{name.casefold()}"] + ([f"source:{source}"] if source else [])
