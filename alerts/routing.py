"""Which destinations get an alert: the watch's `notify` list, then each destination's minimum level."""

from __future__ import annotations

from policywatch.monitor.levels import at_least


def destinations_for(alerts, watch, level: str | None) -> list[str]:
    """``alerts`` is the config's AlertsConfig, ``watch`` a WatchConfig (or None for all destinations)."""
    configured = alerts.configured()
    wanted = None if watch is None or watch.notify is None else set(watch.notify)
    return [
        d.name
        for d in configured
        if (wanted is None or d.name in wanted) and at_least(level, d.min_level or alerts.min_level)
    ]
