"""The levels of a change, least to most: the one vocabulary for events, alerts, config and viewer."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    NONE = "none"  # cosmetic: nothing a reader needs to know
    MINOR = "minor"  # informational: a date, a rewording, a section moved
    MATERIAL = "material"  # the substance changed: who gets data, what, why, how long, where


LEVELS = tuple(Level)


def rank(level: str) -> int:
    return LEVELS.index(Level(level))


def at_least(level: str | None, minimum: str) -> bool:
    return level is not None and rank(level) >= rank(minimum)
