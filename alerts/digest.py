"""Digests: when a destination's grouped email is due, and what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from policywatch.alerts.content import AlertContent

EPOCH = datetime(1970, 1, 5, tzinfo=UTC)  # a Monday, so weekly digests go out on Mondays 00:00 UTC


def due_at(oldest: datetime, period: timedelta) -> datetime:
    """The first period boundary (UTC, aligned to the epoch) after the oldest waiting change."""
    periods = (oldest - EPOCH) // period + 1
    return EPOCH + periods * period


def digest_content(contents: list[AlertContent], destination: str, now: datetime) -> AlertContent:
    """One AlertContent standing for several changes (the digest templates read ``c.changes``)."""
    contents = sorted(
        contents, key=lambda c: (c.reviewed or c.level != "material", c.created_at)
    )  # open material first
    levels = ("none", "minor", "material")
    level = max((c.level for c in contents), key=levels.index)
    watches = sorted({c.watch for c in contents})
    noun = "change" if len(contents) == 1 else "changes"
    summary = AlertContent(
        key=f"policywatch-digest-{destination}-{contents[0].key}-{len(contents)}",
        kind="digest",
        watch=", ".join(watches),
        url="",
        level=level,
        subject=f"[policywatch] digest: {len(contents)} {noun} in {len(watches)} "
        f"polic{'y' if len(watches) == 1 else 'ies'} ({now:%Y-%m-%d})",
        headline=f"{len(contents)} {noun} in {len(watches)} polic{'y' if len(watches) == 1 else 'ies'}",
        created_at=now,
        old_version=None,
        new_version=None,
        comparison_json={"level": level, "events": []},
    )
    summary.changes = contents  # type: ignore[attr-defined]
    return summary
