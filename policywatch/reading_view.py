"""What policywatch reads from a page, as text: the outline of sections and the facts found, for
`policywatch show` and `policywatch extract` (tuning `select:` and `remove:`)."""

from __future__ import annotations

from policywatch.monitor.facts import kinds
from policywatch.monitor.policy import Policy


def outline(policy: Policy) -> list[str]:
    """One line per section, indented by level, with its word count; then the facts at a glance."""
    words = policy.word_count
    lines = [
        f"title: {policy.title or '(none)'}",
        f"language: {policy.language or 'unknown'}",
        f"{len(policy.sections)} sections, {words} words",
        "sections:",
    ]
    for section in policy.sections:
        count = len(section.text.split())
        title = section.heading or section.title or "(before the first heading)"
        lines.append(f"  {'  ' * max(0, section.level - 1)}{title}  ({count} words)")
    lines.append("facts:")
    own = policy.facts.get("last_updated")
    lines.append(f"  Last updated: {f'{own.iso} ({own.text!r})' if own else 'not stated'}")
    processors = policy.facts.get("processors") or []
    lines.append(
        "  Processors and recipients: "
        + (
            ", ".join(
                p.name + (f" ({p.category})" if p.category else "") + (f", {p.location}" if p.location else "")
                for p in processors
            )
            or "none named"
        )
    )
    for kind in kinds():
        if not kind.label or kind.name in ("processors", "last_updated"):
            continue
        found = kind.glance(policy.facts.get(kind.name))
        if found:
            lines.append(f"  {kind.label}:")
            lines += [f"    - {line}" for line in found]
    return lines
