"""What the viewer and `policywatch history` show, read from the store: watch states, timelines,
facts over time, diffs.

Plain functions over :class:`storage.Store`; the Flask views and the CLI only render what these return.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from policywatch.monitor.compare import Comparison, Policy, build_policy, compare
from policywatch.monitor.facts import Event, kinds, owner
from policywatch.monitor.levels import LEVELS, at_least, rank
from policywatch.monitor.pipeline import FLIP_WINDOW, is_unstable
from policywatch.monitor.stored import with_stored_events
from policywatch.monitor.wording import describe, describe_json, event_of, headline
from policywatch.storage import Store
from policywatch.storage.records import CheckRecord, VersionRecord, WatchRecord


@dataclass
class WatchState:
    record: WatchRecord
    last_change: VersionRecord | None  # the newest version that changed something (not the first)
    unstable: bool
    next_check_at: datetime | None = None
    open_changes: int = 0  # material changes nobody has decided on yet (see policywatch.reviews)

    @property
    def failing(self) -> bool:
        return self.record.consecutive_failures > 0

    @property
    def level(self) -> str | None:
        return (self.last_change.level or "none") if self.last_change else None

    @property
    def headline(self) -> str | None:
        return version_headline(self.last_change) if self.last_change else None

    def to_json(self) -> dict:
        return {
            **self.record.to_json(),
            "level": self.level,
            "headline": self.headline,
            "last_change_version": self.last_change.number if self.last_change else None,
            "unstable": self.unstable,
            "failing": self.failing,
            "next_check_at": self.next_check_at.isoformat() if self.next_check_at else None,
            "open_changes": self.open_changes,
        }


def watch_state(
    store: Store, record: WatchRecord, next_due: dict | None = None, settled: set[int] | None = None
) -> WatchState:
    """``settled``: ids of the versions a review has decided on (None: reviews are not looked at)."""
    versions = store.versions(record.id)
    changes = [v for v in versions if v.number > 1 and v.kind == "fetched"]
    return WatchState(
        record=record,
        last_change=changes[0] if changes else None,
        unstable=is_unstable([v.fingerprint for v in versions[:FLIP_WINDOW]]),
        next_check_at=(next_due or {}).get(record.name),
        open_changes=0 if settled is None else sum(1 for v in changes if v.level == "material" and v.id not in settled),
    )


def settled_versions(store: Store) -> set[int]:
    """Versions whose newest review decided on them (an acknowledgement alone leaves a change open)."""
    newest: dict[int, str] = {}
    for entry in store.reviews():
        newest[entry.version_id] = entry.status
    return {version_id for version_id, status in newest.items() if status != "acknowledged"}


def overview(store: Store, *, level: str | None = None, text: str = "") -> list[WatchState]:
    """Every watch in the order a reader should see them (see :func:`_overview_order`); ``level``
    keeps changes at least that level, ``text`` those whose name, URL or headline contains it."""
    due = store.next_due()
    settled = settled_versions(store)
    states = [watch_state(store, r, due, settled) for r in store.watches()]
    if level in LEVELS:
        states = [s for s in states if at_least(s.level, level)]
    needle = text.strip().casefold()
    if needle:
        states = [s for s in states if needle in f"{s.record.name} {s.record.url} {s.headline or ''}".casefold()]
    return sorted(states, key=_overview_order)


RECENT = timedelta(days=30)


def _overview_order(state: WatchState) -> tuple:
    """Watches with open material changes first (a decision is waiting), then failing watches
    (someone must act), then changes of the last 30 days by level and date, then the rest by date
    of their last change: a month-old material change stays above yesterday's typo fix, a year-old
    one does not."""
    changed = state.last_change.created_at if state.last_change else None
    when = changed.timestamp() if changed else 0.0
    recent = changed is not None and datetime.now(changed.tzinfo) - changed <= RECENT
    return (
        not state.open_changes,
        not state.failing,
        not recent,
        -rank(state.level) if recent else 0,
        -when,
        state.record.name.casefold(),
    )


@dataclass
class TimelineEntry:
    version: VersionRecord
    rows: list[EventRow]  # its events in reading order


def timeline(store: Store, record: WatchRecord) -> list[TimelineEntry]:
    return [TimelineEntry(v, event_rows(v.events)) for v in store.versions(record.id)]


def version_headline(version: VersionRecord) -> str:
    rows = event_rows(version.events)
    return headline(rows[0].event.to_json()) if rows else "no meaningful change"


def sentences(version: VersionRecord) -> list[tuple[str, str]]:
    """(level, sentence) for each event of a version, as the timeline, feeds and alerts word them."""
    return [(e.get("level", "none"), describe_json(e)) for e in version.events]


SECTION_EVENTS = ("section_changed", "section_added", "section_removed")


@dataclass
class EventRow:
    """One event as the viewer lists it, with the section events it explains folded under it."""

    event: Event
    sentence: str
    salient: bool
    explains: list[str] = field(default_factory=list)  # sentences of the folded section events
    section: str | None = None  # the title of the section it is about
    anchor: str | None = None  # where the page shows that section, when it does

    @property
    def level(self) -> str:
        return self.event.level


def event_rows(events: Iterable[Event | dict]) -> list[EventRow]:
    """Events in the order a privacy team reads them: who receives data, contacts, transfers,
    retention and data categories first; then other changes by level; the policy's own date and
    cosmetic events last. A "section changed" row that only says where a fact changed is folded
    under that fact's row instead of standing beside it."""
    events = [e if isinstance(e, Event) else event_of(e) for e in events]
    rows = [
        EventRow(e, describe(e), bool(getattr(owner(e.type), "salient", False)), section=_section_of(e)) for e in events
    ]
    rows.sort(key=_reading_order)
    by_section: dict[str, EventRow] = {}
    for row in rows:
        if row.event.type not in SECTION_EVENTS and row.section:
            by_section.setdefault(row.section.casefold(), row)
    kept = []
    for row in rows:
        host = by_section.get((row.section or "").casefold()) if row.event.type in SECTION_EVENTS else None
        if host is not None and rank(host.level) >= rank(row.level):
            host.explains.append(row.sentence)
        else:
            kept.append(row)
    return kept


def _section_of(event: Event) -> str | None:
    title = event.fields.get("title") if event.type in SECTION_EVENTS else event.fields.get("section")
    return str(title) if title else None


def _reading_order(row: EventRow) -> tuple[int, int, int]:
    kind = owner(row.event.type)
    last = row.event.type == "last_updated_changed" or row.level == "none"
    return (2 if last else 0 if row.salient else 1), -rank(row.level), kind.order if kind else 70


def failed_checks(store: Store, record: WatchRecord, limit: int = 20) -> list[CheckRecord]:
    return [c for c in store.checks(record.id, limit=200) if c.outcome in ("failed", "suspect")][:limit]


@dataclass
class ProcessorLife:
    name: str
    category: str | None
    first_version: int
    first_seen: datetime
    removed_version: int | None = None
    removed_at: datetime | None = None
    location: str | None = None  # where the latest version's table says it is
    moves: list[tuple[int, datetime, str, str]] = field(default_factory=list)  # (version, when, from, to)


@dataclass
class CurrentFacts:
    version: VersionRecord
    policy: Policy
    processors: list[ProcessorLife] = field(default_factory=list)  # current first, then removed ones
    glance: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (kind, label, lines) of other kinds


def current_facts(
    store: Store, record: WatchRecord, versions: list[VersionRecord] | None = None
) -> CurrentFacts | None:
    """The latest version's facts, with when each processor first appeared (and disappeared).
    ``versions``: the list the caller shows beside them, so that a version stored meanwhile
    cannot appear in one and not the other."""
    versions = store.versions(record.id) if versions is None else versions
    if not versions:
        return None
    oldest, latest = versions[-1], versions[0]
    lives: dict[str, ProcessorLife] = {}
    for p in policy_of(store, oldest).facts["processors"]:
        lives[p.name.casefold()] = ProcessorLife(p.name, p.category, oldest.number, oldest.created_at)
    for v in reversed(versions[:-1]):
        for e in v.events:
            name = str(e.get("name") or "")
            key = name.casefold()
            if e.get("type") == "processor_added":
                life = lives.get(key)
                if life is None or life.removed_version is not None:
                    lives[key] = ProcessorLife(name, None, v.number, v.created_at)
            elif e.get("type") == "processor_removed" and key in lives:
                lives[key].removed_version, lives[key].removed_at = v.number, v.created_at
            elif e.get("type") == "processor_changed" and e.get("what") == "location" and key in lives:
                lives[key].moves.append((v.number, v.created_at, str(e.get("old") or ""), str(e.get("new") or "")))
    policy = policy_of(store, latest)
    for p in policy.facts["processors"]:  # names present now are current, whatever the events said
        life = lives.setdefault(p.name.casefold(), ProcessorLife(p.name, p.category, latest.number, latest.created_at))
        life.category = life.category or p.category
        life.location = p.location
        life.removed_version = life.removed_at = None
    ordered = sorted(lives.values(), key=lambda p: (p.removed_version is not None, p.first_version, p.name.casefold()))
    glance = [
        (kind.name, kind.label, kind.glance(policy.facts.get(kind.name)))
        for kind in kinds()
        if kind.label and kind.name not in ("processors", "last_updated")
    ]
    return CurrentFacts(version=latest, policy=policy, processors=ordered, glance=glance)


def table_lines(comparison: Comparison, section) -> dict[str, str]:
    """The table rows of one compared section, both versions: row text -> "row" or "header"."""
    out: dict[str, str] = {}
    for policy, title in ((comparison.old, section.old_title), (comparison.new, section.new_title)):
        if title is None:
            continue
        for s in policy.sections:
            if s.title == title:
                out.update((b.text, b.kind) for b in s.blocks if b.kind in ("row", "header"))
    return out


def policy_of(store: Store, version: VersionRecord) -> Policy:
    return _policy(store.version_text(version), version.title)


@lru_cache(maxsize=64)
def _policy(text: str, title: str | None) -> Policy:
    return build_policy(text, title)


@lru_cache(maxsize=32)
def _comparison(old_text: str, old_title: str | None, new_text: str, new_title: str | None) -> Comparison:
    return compare(_policy(old_text, old_title), _policy(new_text, new_title))


def comparison(store: Store, old: VersionRecord, new: VersionRecord) -> Comparison:
    recomputed = _comparison(store.version_text(old), old.title, store.version_text(new), new.title)
    return with_stored_events(recomputed, old, new)
