"""Objection deadlines: a new sub-processor opens a period in which the customer may object (GDPR
Art. 28(2) and most DPAs: "we will notify you N days before"), and a privacy team must answer
within it.

The period starts at the change's date: the policy's own date when this very version moved it (the
date then belongs to the change, and may lie ahead: "effective 1 February"), else the day the first
check saw the change. A policy date that did not move with the change says nothing about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from policywatch.storage.records import VersionRecord

OPENING_EVENTS = ("processor_added",)  # events that open an objection period


@dataclass(frozen=True)
class Deadline:
    due: date
    starts: date
    basis: str  # "policy date" (the version moved its own date) or "first seen"
    notice_days: int
    remind_days: int
    processors: tuple[str, ...]

    @property
    def remind_on(self) -> date:
        return self.due - timedelta(days=self.remind_days)

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def words(self, today: date) -> str:
        """'objection deadline 2 January 2027 (in 12 days)', as alerts, the viewer and `reviews` say it."""
        left = self.days_left(today)
        when = "passed" if left < 0 else "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
        return f"objection deadline {self.due.day} {self.due:%B %Y} ({when})"

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat(),
            "starts": self.starts.isoformat(),
            "basis": self.basis,
            "notice_days": self.notice_days,
            "remind_on": self.remind_on.isoformat(),
            "processors": list(self.processors),
        }


def deadline_for(version: VersionRecord, notice_days: int | None, remind_days: int = 7) -> Deadline | None:
    """The objection deadline a version opens (None: it adds no processor, or no period is set)."""
    if not notice_days:
        return None
    events = version.events
    processors = tuple(str(e.get("name") or e.get("processor") or "") for e in events if e["type"] in OPENING_EVENTS)
    if not processors:
        return None
    starts, basis = version.created_at.date(), "first seen"
    moved = next((e for e in events if e["type"] == "last_updated_changed"), None)
    stated = _full_date(moved.get("new")) if moved else None
    if stated is not None:
        starts, basis = stated, "policy date"
    return Deadline(
        due=starts + timedelta(days=notice_days),
        starts=starts,
        basis=basis,
        notice_days=notice_days,
        remind_days=remind_days,
        processors=tuple(p for p in processors if p),
    )


def _full_date(value: object) -> date | None:
    """A stated date with its day (a month-and-year date gives no day to count from)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
