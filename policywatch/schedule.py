"""When a watch is next due: its `every` with a little jitter (so watches spread out), or its cron."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from policywatch.config import WatchConfig

JITTER = 0.05  # +/- 5 % of the interval


CRON_SPREAD = 30.0  # seconds after a cron time within which the check starts
SLACK = timedelta(seconds=60)  # a check's own duration: a due time this close to its window still fits


def next_run(watch: WatchConfig, after: datetime, rng: random.Random | None = None) -> datetime:
    rng = rng or random
    start, end = due_window(watch, after)
    return start + (end - start) * rng.random()


def due_window(watch: WatchConfig, after: datetime) -> tuple[datetime, datetime]:
    """The span in which a watch checked at ``after`` is next due under its current schedule."""
    if watch.cron:
        from apscheduler.triggers.cron import CronTrigger

        fire = CronTrigger.from_crontab(watch.cron, timezone=UTC).get_next_fire_time(None, after)
        return fire, fire + timedelta(seconds=CRON_SPREAD)
    every = watch.every or timedelta(hours=6)
    return after + every * (1 - JITTER), after + every * (1 + JITTER)


def rescheduled(
    watches: list[WatchConfig],
    stored: dict[str, tuple[datetime | None, datetime | None]],
    rng: random.Random | None = None,
) -> dict[str, datetime]:
    """Next due times for watches whose stored time does not fit their schedule any more.

    ``stored``: name -> (last checked, next due). A changed `every` or `cron` then takes effect at
    once (on reload, restart or after a manual check), not after the next check under the old one."""
    out = {}
    for watch in watches:
        checked, due = stored.get(watch.name, (None, None))
        if checked is None or due is None:
            continue
        start, end = due_window(watch, checked)
        if not start - SLACK <= due <= end + SLACK:
            out[watch.name] = next_run(watch, checked, rng)
    return out
