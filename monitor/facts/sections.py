"""How section events and suspect pages read. Sections are compared in :mod:`monitor.compare`
(alignment and word diffs are not facts of one version); this kind only words their events."""

from __future__ import annotations

from policywatch.monitor.facts import ARROW, Event, FactKind, register
from policywatch.monitor.policy import Policy


class Sections(FactKind):
    name = "sections"
    events = (
        "section_added",
        "section_removed",
        "section_renamed",
        "section_moved",
        "section_changed",
        "rename",
        "not_a_policy_change",
        "comparison_limited",
    )
    order = 70

    def read(self, policy: Policy) -> None:
        return None

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        return []

    def describe(self, event: Event) -> str:
        f, t = event.fields, event.type
        if t == "section_renamed":
            return f"section renamed: '{f['old']}' {ARROW} '{f['new']}'"
        if t == "not_a_policy_change":
            return f"not a policy change: {f.get('reason')}"
        if t == "comparison_limited":
            if "sections" in f:
                return (
                    f"page too costly to compare (stopped after {f.get('seconds'):.0f} s): "
                    f"{f.get('sections')} sections changed; review the full diff"
                )
            return (
                f"page too costly to compare word by word ({f.get('seconds')} s, budget {f.get('budget')} s): "
                "changed passages are shown whole"
            )
        if t == "rename":
            count = f.get("count")
            where = f" ({count} place{'s' if count != 1 else ''})" if count else ""
            return f"term renamed throughout: '{f.get('old')}' {ARROW} '{f.get('new')}'{where}"
        return f"{t.replace('_', ' ')}: '{f.get('title', '')}'"

    def headline(self, event: Event) -> str:
        if event.type == "not_a_policy_change":
            return "not a policy change"
        if event.type == "comparison_limited":
            return "page too costly to compare word by word"
        if event.type == "rename":
            return f"term renamed ({event.fields.get('old')} {ARROW} {event.fields.get('new')})"
        return f"{event.type.replace('_', ' ')} ({event.fields.get('title') or event.fields.get('new')})"


register(Sections())
