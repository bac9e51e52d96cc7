"""When a watch is next due: its `every` with a little jitter (so watches spread out), or its cron."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from policywatch.config import WatchConfig

JITTER = 0.05  # +/- 5 % of the interval


def next_run(watch: WatchConfig, after: datetime, rng: random.Random | None = None) -> datetime:
    rng = rng or random
    if watch.cron:
        from apscheduler.triggers.cron import CronTrigger

        fire = CronTrigger.from_crontab(watch.cron, timezone=timezone.utc).get_next_fire_time(None, after)
        return fire + timedelta(seconds=rng.uniform(0, 30))
    every = watch.every or timedelta(hours=6)
    return after + every * (1 + rng.uniform(-JITTER, JITTER))
