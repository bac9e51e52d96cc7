"""Two versions of a policy -> typed events with levels, and per-section word diffs.

Facts (the own date, processors, retention, contacts, transfers, ...) come from the registry in
:mod:`monitor.facts`: each kind reads its facts and compares two versions into events. Sections
are aligned and diffed here. Levels follow the EU transparency guidelines (WP260): new recipients,
transfers, retention, contacts, rights and purposes are material; a date bump alone is minor;
cosmetics are none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from monitor.align import align
from monitor.canonical import canonical_text
from monitor.facts import Event, clear_section_caches, event_order, kinds
from monitor.lang import detect_language, language
from monitor.levels import rank
from monitor.noise import looks_like_error_page
from monitor.policy import Policy, Section
from monitor.structure import parse_sections
from monitor.textdiff import DELETE, EQUAL, INSERT, word_diff

_DIGITS = re.compile(r"\d+")


@dataclass
class SectionDiff:
    status: str  # "changed" | "added" | "removed" | "moved" | "unchanged"
    old_title: str | None
    new_title: str | None
    diffs: list[tuple[int, str]]
    significant: bool


@dataclass
class Comparison:
    old: Policy
    new: Policy
    events: list[Event]
    sections: list[SectionDiff]

    @property
    def level(self) -> str:
        return max((e.level for e in self.events), key=rank, default="none")

    def to_json(self) -> dict:
        return {
            "level": self.level,
            "old": summary(self.old),
            "new": summary(self.new),
            "events": [e.to_json() for e in self.events],
        }


def summary(policy: Policy) -> dict:
    """A policy in the contract's JSON: title, language, last_updated, sections (and what kinds add)."""
    out = {"title": policy.title, "language": policy.language}
    for kind in kinds():
        out.update(kind.summary(policy.facts.get(kind.name)))
    out.setdefault("last_updated", None)
    out["sections"] = len([s for s in policy.sections if s.title])
    return out


def clear_caches() -> None:
    """Forget memoised work (benchmarks use this so that every run starts cold)."""
    from monitor.catalogue import catalogue
    from monitor.clauses import clear_caches as clear_clauses
    from monitor.lang import _tokens
    from monitor.markdown import clear_caches as clear_markdown
    from monitor.words import word_set

    clear_section_caches()
    clear_clauses()
    clear_markdown()
    _tokens.cache_clear()
    canonical_text.cache_clear()
    word_set.cache_clear()
    catalogue()._lookups.clear()


def build_policy(text: str, title: str | None = None) -> Policy:
    """A stored text (Markdown, see :mod:`monitor.markdown`) -> the policy model with its facts."""
    sections = parse_sections(text, title)
    body = "\n".join(f"{s.heading}\n{s.text}" for s in sections)
    if title is None:
        title = next((s.title for s in sections if s.title), None)
    policy = Policy(title=title, language=detect_language(body), sections=sections)
    for kind in kinds():
        policy.facts[kind.name] = kind.read(policy)
    return policy


def compare(old: Policy, new: Policy) -> Comparison:
    suspect = suspect_reason(old, new)
    if suspect:
        return Comparison(old, new, [Event("not_a_policy_change", "none", {"reason": suspect})], [])
    events: list[Event] = []
    for kind in kinds():
        events += kind.compare(old, new)
    section_events, sections = _section_events(old, new)
    events += section_events
    events.sort(key=event_order)
    return Comparison(old, new, events, sections)


def first_page_suspect_reason(text: str) -> str | None:
    """A first check has nothing to compare with: only a plain error or challenge page is refused.
    Looks at the words alone, so the first pass over many pages pays for no analysis."""
    if len(text.split()) < 150 and looks_like_error_page(text):
        return "the page looks like an error or challenge page, not a policy"
    return None


def suspect_reason(old: Policy, new: Policy) -> str | None:
    old_words, new_words = old.word_count, new.word_count
    new_text = " ".join(f"{s.title} {s.text}" for s in new.sections)
    if new_words < 150 and old_words > 3 * new_words and looks_like_error_page(new_text):
        return "the new page looks like an error or challenge page, not the policy"
    if new_words < 20:
        return f"the new page has almost no text ({new_words} words)"
    if old.language and new.language and old.language != new.language:
        return f"the page is now in another language ({old.language} -> {new.language})"
    old_vocab = set(" ".join(s.text for s in old.sections).casefold().split())
    new_vocab = set(new_text.casefold().split())
    if old_vocab and new_vocab:
        overlap = len(old_vocab & new_vocab) / min(len(old_vocab), len(new_vocab))
        if overlap < 0.2:
            return f"the page now holds a different document (only {overlap:.0%} of its vocabulary is shared)"
    return None


def _meaningful(section: Section) -> str:
    """Section text without lone one- or two-word paragraphs ("Download", "Print"): page furniture."""
    return "\n".join(
        b.text for b in section.blocks
        if not (b.kind == "para" and len(b.text.split()) <= 2 and not any(c.isdigit() or c == "@" for c in b.text))
    )


def _own_date_text(policy: Policy) -> str | None:
    found = policy.facts.get("last_updated")
    return found.text if found else None


def _masked(policy: Policy, text: str) -> str:
    date_text = _own_date_text(policy)
    if date_text:
        text = text.replace(date_text, "<date>")
    return canonical_text(text).casefold()


def _hunks(diffs: list[tuple[int, str]]):
    """(deleted, inserted, before, after) for each run of changes, with the unchanged text around it."""
    i = 0
    while i < len(diffs):
        if diffs[i][0] == EQUAL:
            i += 1
            continue
        before = diffs[i - 1][1] if i and diffs[i - 1][0] == EQUAL else ""
        deleted = inserted = ""
        while i < len(diffs) and diffs[i][0] != EQUAL:
            if diffs[i][0] == DELETE:
                deleted += diffs[i][1]
            else:
                inserted += diffs[i][1]
            i += 1
        after = diffs[i][1] if i < len(diffs) else ""
        yield deleted, inserted, before, after


def _is_furniture(text: str, before: str, after: str) -> bool:
    """A whole paragraph of one or two words ("Download", "Print"): page furniture, not policy."""
    words = text.split()
    whole = (not before or before.endswith("\n") or text.startswith("\n")) and (not after or after.startswith("\n") or text.endswith("\n"))
    return whole and 0 < len(words) <= 2 and not any(c.isdigit() or c == "@" for c in text)


def _significant(diffs: list[tuple[int, str]], dates: tuple[str, ...] = ()) -> bool:
    """Whether a diff holds more than whitespace, case, typography, the policy's own date,
    page furniture and small spelling fixes."""
    for deleted, inserted, before, after in _hunks(diffs):
        a, b = canonical_text(deleted).casefold(), canonical_text(inserted).casefold()
        a, b = "".join(a.split()), "".join(b.split())
        if a == b:
            continue
        if any(deleted.strip() and deleted.strip() in d for d in dates) and any(inserted.strip() in d for d in dates):
            continue
        if not a and _is_furniture(inserted, before, after) or not b and _is_furniture(deleted, before, after):
            continue
        if a and b and _DIGITS.findall(a) == _DIGITS.findall(b) and len(a) <= 30 and fuzz.ratio(a, b) >= 75:
            continue
        return True
    return False


def _changed_phrases(diffs: list[tuple[int, str]], op: int) -> list[str]:
    return [_short(t.strip()) for o, t in diffs if o == op and t.strip()][:10]


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _topic_level(language_code: str | None, *sections: Section) -> str:
    lang = language(language_code)
    names = " ".join(" ".join((*s.path, s.title)) for s in sections)
    return "material" if lang.phrases("material_topics").first(lang.tokens(names)) is not None else "minor"


def _section_events(old: Policy, new: Policy) -> tuple[list[Event], list[SectionDiff]]:
    events: list[Event] = []
    diffs_out: list[SectionDiff] = []
    for pair in align(old.sections, new.sections):
        a = old.sections[pair.old] if pair.old is not None else None
        b = new.sections[pair.new] if pair.new is not None else None
        if a is None:
            diffs_out.append(SectionDiff("added", None, b.title, [(INSERT, b.text)], True))
            if b.title and b.text.strip():
                events.append(Event("section_added", "material", {"title": b.title}))
            continue
        if b is None:
            diffs_out.append(SectionDiff("removed", a.title, None, [(DELETE, a.text)], True))
            if a.title and a.text.strip():
                events.append(Event("section_removed", "material", {"title": a.title}))
            continue
        if a.title.casefold() != b.title.casefold() and canonical_text(a.title).casefold() != canonical_text(b.title).casefold():
            events.append(Event("section_renamed", "minor", {"old": a.title, "new": b.title}))
        if pair.moved:
            events.append(Event("section_moved", "minor", {"title": b.title}))
        if _masked(old, _meaningful(a)) == _masked(new, _meaningful(b)):
            diffs_out.append(SectionDiff("moved" if pair.moved else "unchanged", a.title, b.title, [(EQUAL, b.text)], False))
            continue
        display = word_diff(a.text, b.text)
        dates = tuple(d for d in (_own_date_text(old), _own_date_text(new)) if d)
        significant = _significant(display, dates)
        diffs_out.append(SectionDiff("changed", a.title, b.title, display, significant))
        if significant:
            events.append(Event("section_changed", _topic_level(new.language, a, b), {
                "title": b.title or a.title or old.title or "",
                "added": _changed_phrases(display, INSERT),
                "removed": _changed_phrases(display, DELETE),
            }))
    return events, diffs_out
