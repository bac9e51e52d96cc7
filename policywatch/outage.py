"""The database refusing writes for a while (a full disk, a read-only mount, a server gone away).

The daemon keeps running through it: every job that writes fails fast and is tried again at its
next turn, and the operator reads one line when it starts, one a minute while it lasts and one when
it ends, instead of a traceback a second.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("policywatch.daemon")

REPEAT_SECONDS = 60.0


class StorageOutage:
    def __init__(self, repeat_seconds: float = REPEAT_SECONDS, clock=time.monotonic) -> None:
        self.repeat_seconds = repeat_seconds
        self.clock = clock
        self.since: float | None = None
        self.logged_at = 0.0
        self.failures = 0

    @property
    def ongoing(self) -> bool:
        return self.since is not None

    def failed(self, job: str, error: Exception) -> None:
        now = self.clock()
        self.failures += 1
        if self.since is None:
            self.since = self.logged_at = now
            log.error(
                "database cannot be written (%s): checks and alerts wait and are retried every few "
                "seconds; nothing stored is lost. Free disk space or fix the database; this line "
                "repeats every %d s while it lasts",
                _reason(error),
                self.repeat_seconds,
            )
        elif now - self.logged_at >= self.repeat_seconds:
            self.logged_at = now
            log.error(
                "database still cannot be written after %d s (%s, %d attempts, last by %s)",
                now - self.since,
                _reason(error),
                self.failures,
                job,
            )

    def succeeded(self) -> None:
        if self.since is not None:
            log.warning("database writable again after %d s: checks and alerts resume", self.clock() - self.since)
            self.since = None
            self.failures = 0


def _reason(error: Exception) -> str:
    text = str(error)
    for prefix in ("database write failed: ", "cannot open database "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.splitlines()[0] if text else type(error).__name__
