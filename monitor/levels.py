"""The levels of a change, least to most: the one vocabulary for events, alerts, config and viewer."""

from __future__ import annotations

LEVELS = ("none", "minor", "material")


def rank(level: str) -> int:
    return LEVELS.index(level)


def at_least(level: str | None, minimum: str) -> bool:
    return level is not None and rank(level) >= rank(minimum)
