"""Comparisons as terminal text and as a self-contained HTML page (page text always escaped)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from policywatch.monitor.compare import Comparison
from policywatch.monitor.textdiff import ANSI, DELETE, EQUAL, INSERT, PLAIN, Markers, render_inline
from policywatch.monitor.wording import describe
from policywatch.style import ARROW, level


def render_text(comparison: Comparison, *, color: bool = False, context: int = 1) -> str:
    markers: Markers = ANSI if color else PLAIN
    old, new = comparison.old, comparison.new
    lines = [f"level: {level(comparison.level, color=color)}"]
    if old.facts.get("last_updated") or new.facts.get("last_updated"):
        lines.append(f"last updated: {_iso(old)} {ARROW} {_iso(new)}")
    lines.append("")
    if comparison.events:
        lines.append("events:")
        lines += [f"  [{level(e.level, color=color)}] {describe(e)}" for e in comparison.events]
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
    found = policy.facts.get("last_updated")
    return found.iso if found else "none"


_env = Environment(
    loader=PackageLoader("policywatch", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render_html(
    comparison: Comparison,
    *,
    title: str = "policywatch comparison",
    heading: str | None = None,
    facts: list[tuple[str, str]] | None = None,
) -> str:
    """A self-contained page that can stand as a record: ``heading`` (the watch) and ``facts``
    (page URL, versions and their times, when it was written) name what was compared."""
    from policywatch.history import event_rows

    return _env.get_template("compare.html").render(
        title=title,
        heading=heading,
        facts=facts or [],
        c=comparison,
        rows=event_rows(comparison.events),
        describe=describe,
        EQUAL=EQUAL,
        INSERT=INSERT,
        DELETE=DELETE,
    )
