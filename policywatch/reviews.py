"""Reviews: a material change stays *open* until someone decides on it, and its objection deadline
(when the watch has a notice period) is tracked until then.

The review log is append-only (storage keeps every entry: who, when, what, from where); an item's
status is its newest entry. ``acknowledged`` means seen but not decided: the item stays open and its
deadline reminder still goes out. ``assessed``, ``objected`` and ``no-action`` settle it.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from policywatch.monitor.deadlines import Deadline, deadline_for
from policywatch.monitor.wording import headline
from policywatch.storage import Store
from policywatch.storage.records import ReviewRecord, VersionRecord, WatchRecord
from policywatch.storage.vocabulary import AlertKind, Notice, ReviewStatus, VersionKind

STATUSES = tuple(s.value for s in ReviewStatus)
OPEN = "open"
MAX_NOTE = 4000
MAX_BY = 200


class ReviewError(ValueError):
    """A review that cannot be recorded: the message says why."""


@dataclass
class ReviewItem:
    watch: str
    version: VersionRecord
    log: list[ReviewRecord] = field(default_factory=list)
    deadline: Deadline | None = None

    @property
    def status(self) -> str:
        return self.log[-1].status if self.log else OPEN

    @property
    def open(self) -> bool:
        return self.status in (OPEN, ReviewStatus.ACKNOWLEDGED)

    @property
    def level(self) -> str:
        return self.version.level or "none"

    @property
    def headline(self) -> str:
        events = self.version.events
        return headline(events[0]) if events else "policy changed"

    def to_json(self, today: date | None = None) -> dict:
        today = today or datetime.now(UTC).date()
        return {
            "watch": self.watch,
            "version": self.version.number,
            "created_at": self.version.created_at.isoformat(),
            "level": self.level,
            "headline": self.headline,
            "status": self.status,
            "open": self.open,
            "deadline": (
                {**self.deadline.to_json(), "days_left": self.deadline.days_left(today)} if self.deadline else None
            ),
            "reviews": [r.to_json() for r in self.log],
        }


def review_items(
    store: Store,
    watches: Iterable[WatchRecord],
    notice_days: Mapping[str, tuple[int, int]],
    *,
    open_only: bool = False,
) -> list[ReviewItem]:
    """Every material change of these watches (and any other version someone reviewed), open ones
    first: the nearest deadline, then the newest change; then the settled ones, newest first."""
    watches = list(watches)
    log: dict[int, list[ReviewRecord]] = {}
    for entry in store.reviews(watch_ids=[w.id for w in watches]):
        log.setdefault(entry.version_id, []).append(entry)
    items: list[ReviewItem] = []
    for record in watches:
        period = notice_days.get(record.name)
        for version in store.versions(record.id):
            material = version.number > 1 and version.kind == VersionKind.FETCHED and version.level == "material"
            if not material and version.id not in log:
                continue
            items.append(
                ReviewItem(
                    watch=record.name,
                    version=version,
                    log=log.get(version.id, []),
                    deadline=deadline_for(version, *period) if period else None,
                )
            )
    if open_only:
        items = [i for i in items if i.open]
    return sorted(items, key=_order)


def _order(item: ReviewItem) -> tuple:
    newest_first = -item.version.created_at.timestamp()
    if item.open:
        due = item.deadline.due.toordinal() if item.deadline else 10**7
        return (0, due, newest_first)
    return (1, 0, -item.log[-1].at.timestamp())


def record_review(
    store: Store, record: WatchRecord, number: int, *, status: str, note: str, by: str, via: str
) -> ReviewRecord:
    """Append one review of version ``number``; refuses unknown versions and statuses with the reason."""
    if status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    by = " ".join((by or "").split())
    if not by:
        raise ReviewError("say who reviewed it (--by NAME)")
    if len(by) > MAX_BY:
        raise ReviewError(f"the reviewer's name is longer than {MAX_BY} characters")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ReviewError(f"the note is longer than {MAX_NOTE} characters")
    version = store.version(record.id, number)
    if version is None:
        raise ReviewError(f"{record.name} has no version {number}")
    if number == 1:
        raise ReviewError(f"version 1 of {record.name} is the first one seen: there is no change to review")
    return store.add_review(version.id, status=status, note=note, by=by, via=via)


def remind(
    store: Store,
    watches: Iterable[WatchRecord],
    notice_days: Mapping[str, tuple[int, int]],
    route: Callable[[str], list[str]],
    *,
    now: datetime | None = None,
) -> int:
    """Put one reminder per destination in the outbox for every open change whose objection deadline
    is ``remind_days`` away or nearer and not yet passed. Keys make it once: a reminder already in the
    outbox (sent or not) is not added again, whatever process runs this."""
    now = now or datetime.now(UTC)
    today = now.date()
    added = 0
    watches = [w for w in watches if w.name in notice_days]
    for item in review_items(store, watches, notice_days, open_only=True):
        d = item.deadline
        if d is None or not (d.remind_on <= today <= d.due):
            continue
        record = next(w for w in watches if w.name == item.watch)
        # by watch id, as every alert key: a name may be as long as the key column
        keys = {dest: f"policywatch-{record.id}-deadline-v{item.version.number}-{dest}" for dest in route(item.watch)}
        held = store.alert_keys(list(keys.values()))
        names = ", ".join(d.processors) or "a processor"
        message = (
            f"v{item.version.number} added {names}: {d.words(today)}. "
            f"Not decided yet ({item.status}); record a review with "
            f"`policywatch review {shlex.quote(item.watch)} {item.version.number} --status assessed|objected|no-action`."
        )
        for dest, key in keys.items():
            if key in held:
                continue
            store.add_alert(
                dest,
                kind=AlertKind.NOTICE,
                level="material",
                key=key,
                watch_id=record.id,
                version_id=item.version.id,
                message=message,
                notice=Notice.DEADLINE,
                at=now,
            )
            added += 1
    return added
