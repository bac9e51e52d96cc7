"""Comparisons as terminal text and as a self-contained HTML page (page text always escaped)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from monitor.compare import Comparison, Event
from monitor.textdiff import ANSI, DELETE, EQUAL, INSERT, PLAIN, Markers, render_inline

LEVEL_WORDS = {"none": "no meaningful change", "minor": "minor change", "material": "MATERIAL change"}


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


def render_text(comparison: Comparison, *, color: bool = False, context: int = 1) -> str:
    markers: Markers = ANSI if color else PLAIN
    old, new = comparison.old, comparison.new
    lines = [f"level: {comparison.level} ({LEVEL_WORDS[comparison.level]})"]
    if old.facts.last_updated or new.facts.last_updated:
        lines.append(f"last updated: {_iso(old)} -> {_iso(new)}")
    lines.append("")
    if comparison.events:
        lines.append("events:")
        lines += [f"  [{e.level}] {describe(e)}" for e in comparison.events]
    else:
        lines.append("no events: nothing but cosmetic differences")
    for section in comparison.sections:
        if section.status in ("unchanged", "moved"):
            continue
        title = section.new_title or section.old_title or "(untitled)"
        lines += ["", f"== {title} ({section.status}{'' if section.significant else ', cosmetic'})"]
        if section.status == "changed":
            lines.append(render_inline(section.diffs, markers=markers, context=context))
    return "\n".join(lines).rstrip() + "\n"


def _iso(policy) -> str:
    return policy.facts.last_updated.isoformat() if policy.facts.last_updated else "none"


_env = Environment(
    loader=PackageLoader("policywatch", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render_html(comparison: Comparison, *, title: str = "policywatch comparison") -> str:
    return _env.get_template("compare.html").render(
        title=title, c=comparison, describe=describe, EQUAL=EQUAL, INSERT=INSERT, DELETE=DELETE,
    )
