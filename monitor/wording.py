"""How each event reads to a person: one sentence, the same in the terminal, the viewer and alerts."""

from __future__ import annotations

from monitor.compare import Event


def describe(event: Event) -> str:
    """One line a person can read: 'processor added: HubSpot'."""
    f = event.fields
    t = event.type
    if t == "last_updated_changed":
        return f"last-updated date changed: {f.get('old') or 'none'} -> {f.get('new') or 'none'}"
    if t in ("processor_added", "processor_removed"):
        return f"{t.replace('_', ' ')}: {f['name']}" + (f" (in '{f['section']}')" if f.get("section") else "")
    if t == "retention_changed":
        what = f" for: {f['context']}" if f.get("context") else ""
        return f"retention changed: {f.get('old') or 'none'} -> {f.get('new') or 'none'}{what}"
    if t == "contact_changed":
        return f"contact ({f.get('kind', 'contact')}) changed: {f.get('old') or 'none'} -> {f.get('new') or 'none'}"
    if t == "transfer_changed":
        parts = [f"+{x}" for x in f.get("added", [])] + [f"-{x}" for x in f.get("removed", [])]
        return f"transfer {f.get('what', '')} changed: {', '.join(parts)}"
    if t == "section_renamed":
        return f"section renamed: '{f['old']}' -> '{f['new']}'"
    if t in ("section_added", "section_removed", "section_moved", "section_changed"):
        return f"{t.replace('_', ' ')}: '{f['title']}'"
    if t == "not_a_policy_change":
        return f"not a policy change: {f.get('reason')}"
    return t


def describe_json(event: dict) -> str:
    """The same sentence for an event stored as contract JSON."""
    fields = {k: v for k, v in event.items() if k not in ("type", "level")}
    return describe(Event(event["type"], event["level"], fields))


def headline(event: dict) -> str:
    """A few words for a subject line or a timeline entry."""
    t = event["type"]
    if t in ("processor_added", "processor_removed"):
        return f"{t.replace('processor_', 'processor ')} ({event.get('name')})"
    if t == "retention_changed":
        return f"retention changed ({event.get('old') or 'none'} -> {event.get('new') or 'none'})"
    if t == "last_updated_changed":
        return f"last-updated date moved to {event.get('new')}"
    if t in ("section_added", "section_removed", "section_changed", "section_moved"):
        return f"{t.replace('_', ' ')} ({event.get('title')})"
    return t.replace("_", " ")
