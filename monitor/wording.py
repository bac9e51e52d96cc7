"""How each event reads to a person: one sentence, the same in the terminal, the viewer and alerts.
Each fact kind words its own events (see :mod:`monitor.facts`)."""

from __future__ import annotations

from policywatch.monitor.facts import Event, owner


def describe(event: Event) -> str:
    """One line a person can read: 'processor added: HubSpot'."""
    kind = owner(event.type)
    return kind.describe(event) if kind else event.type.replace("_", " ")


def describe_json(event: dict) -> str:
    """The same sentence for an event stored as contract JSON."""
    return describe(event_of(event))


def headline(event: dict) -> str:
    """A few words for a subject line or a timeline entry."""
    kind = owner(event["type"])
    return kind.headline(event_of(event)) if kind else event["type"].replace("_", " ")


def event_of(event: dict) -> Event:
    """An event stored as contract JSON, back as an :class:`Event`."""
    fields = {k: v for k, v in event.items() if k not in ("type", "level")}
    return Event(event["type"], event.get("level", "none"), fields)
