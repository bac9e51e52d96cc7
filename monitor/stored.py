"""Two stored versions compared one way for every reader: `diff`, the viewer, the API and every alert.

The events of two adjacent versions are the verdict stored with the newer one when it was checked:
what was alerted. Only the section diffs are recomputed from the stored texts. So an email, a
webhook, the viewer and `diff` say the same, also after an upgrade changed how pages are read.
Versions further apart have no stored verdict and are compared afresh.
"""

from __future__ import annotations

from dataclasses import replace

from policywatch.monitor.compare import Comparison, build_policy, compare
from policywatch.monitor.facts import Event
from policywatch.storage import Store
from policywatch.storage.records import VersionRecord


def stored_events(old: VersionRecord | None, new: VersionRecord) -> list[Event] | None:
    """The events stored with ``new`` when ``old`` is the version before it, else None."""
    if old is None or new.watch_id != old.watch_id or new.number != old.number + 1 or new.level is None:
        return None
    return [
        Event(e["type"], e.get("level", "none"), {k: v for k, v in e.items() if k not in ("type", "level")})
        for e in new.events
    ]


def with_stored_events(comparison: Comparison, old: VersionRecord, new: VersionRecord) -> Comparison:
    events = stored_events(old, new)
    return comparison if events is None else replace(comparison, events=events)


def compare_stored(
    store: Store, old: VersionRecord, new: VersionRecord, *, max_chars: int | None = None
) -> Comparison | None:
    """The comparison of two stored versions (None when their texts together pass ``max_chars``)."""
    old_text, new_text = store.version_text(old), store.version_text(new)
    if max_chars is not None and len(old_text) + len(new_text) > max_chars:
        return None
    return with_stored_events(compare(build_policy(old_text, old.title), build_policy(new_text, new.title)), old, new)
