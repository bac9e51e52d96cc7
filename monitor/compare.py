"""Two versions of a policy -> typed events with levels, and per-section word diffs.

Facts (the own date, processors, retention, contacts, transfers, ...) come from the registry in
:mod:`monitor.facts`: each kind reads its facts and compares two versions into events. Sections
are aligned and diffed here. Levels follow the EU transparency guidelines (WP260): new recipients,
transfers, retention, contacts, rights and purposes are material; a date bump alone is minor;
cosmetics are none.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from policywatch.monitor.canonical import canonical_text
from policywatch.monitor.facts import ARROW, Event, clear_section_caches, event_order, kind_named, kinds, section_key
from policywatch.monitor.lang import detect_language
from policywatch.monitor.levels import rank
from policywatch.monitor.noise import looks_like_error_page, looks_like_loading_page
from policywatch.monitor.policy import Facts, Policy
from policywatch.monitor.sectiondiff import SectionDiff, section_events
from policywatch.monitor.structure import parse_sections
from policywatch.monitor.textdiff import diff_budget
from policywatch.monitor.words import word_set

DIFF_BUDGET_SECONDS = 5.0  # word diffs of one comparison; past it, changed runs are shown whole


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
    out: dict[str, Any] = {"title": policy.title, "language": policy.language}
    for kind in kinds():
        out.update(kind.summary(policy.facts.get(kind.name)))
    out.setdefault("last_updated", None)
    out["sections"] = len([s for s in policy.sections if s.title])
    return out


def clear_caches() -> None:
    """Forget memoised work: benchmarks start every run cold, and the daemon lets go of it after
    each pass (it serves the two versions of one comparison; kept, it grows with every page read)."""
    from policywatch.monitor.catalogue import catalogue
    from policywatch.monitor.clauses import clear_caches as clear_clauses
    from policywatch.monitor.lang import _stems_of, _tokens, clear_text_caches, languages, word_set_of
    from policywatch.monitor.markdown import clear_caches as clear_markdown
    from policywatch.monitor.textdiff import clear_diffs
    from policywatch.monitor.words import word_set

    clear_section_caches()
    clear_clauses()
    clear_markdown()
    clear_diffs()
    clear_text_caches()
    _tokens.cache_clear()
    _stems_of.cache_clear()
    word_set_of.cache_clear()
    for lang in languages().values():
        lang._stem_memo.clear()
    canonical_text.cache_clear()
    word_set.cache_clear()
    catalogue()._lookups.clear()


def build_policy(text: str, title: str | None = None) -> Policy:
    """A stored text (Markdown, see :mod:`monitor.markdown`) -> the policy model with its facts."""
    sections = parse_sections(text, title)
    body = "\n".join(f"{s.heading}\n{s.text}" for s in sections)
    if title is None:
        title = next((s.title for s in sections if s.title), None)
    return _policy(title, detect_language(body), sections)


def _policy(title: str | None, language: str | None, sections: list) -> Policy:
    policy = Policy(title=title, language=language, sections=sections)
    policy.facts = Facts(reader=lambda name: kind_named(name).read(policy))
    return policy


def _one_language(old: Policy, new: Policy) -> tuple[Policy, Policy]:
    """Both versions read in the language one of them was recognised in, when the other was too
    short or too sparse to tell (a short sub-processor list edited by a few words): read in no
    language, its German table headers and Spanish cues would be nobody's, and every fact a change."""
    if (old.language is None) == (new.language is None):
        return old, new
    code = old.language or new.language

    def read_in_code(policy: Policy) -> Policy:
        return policy if policy.language == code else _policy(policy.title, code, policy.sections)

    return read_in_code(old), read_in_code(new)


def differing_parts(old: Policy, new: Policy, by_block: bool = False) -> tuple[Policy, Policy]:
    """Each version cut down to the sections the other does not hold as they are (moved ones count
    as held), and with ``by_block`` those sections further cut to the blocks the other version
    does not hold anywhere: what incremental fact kinds read first."""
    old_keys = [section_key(s) for s in old.sections]
    new_keys = [section_key(s) for s in new.sections]
    shared = Counter(old_keys) & Counter(new_keys)

    def cut(policy: Policy, keys: list, other: Policy) -> Policy:
        left = Counter(shared)
        kept = []
        for section, key in zip(policy.sections, keys):
            if left[key]:
                left[key] -= 1
            else:
                kept.append(section)
        if by_block:
            held = {block for section in other.sections for block in section.blocks}
            kept = [replace(section, blocks=[b for b in section.blocks if b not in held]) for section in kept]
        return _policy(policy.title, policy.language, kept)

    return cut(old, old_keys, new), cut(new, new_keys, old)


def compare(old: Policy, new: Policy) -> Comparison:
    old, new = _one_language(old, new)
    suspect = suspect_reason(old, new)
    if suspect:
        return Comparison(old, new, [Event("not_a_policy_change", "none", {"reason": suspect})], [])
    events: list[Event] = []
    started = time.monotonic()
    with diff_budget(DIFF_BUDGET_SECONDS) as cut_short:
        parts = {"section": differing_parts(old, new), "block": differing_parts(old, new, by_block=True)}
        for kind in kinds():
            found = kind.compare(*parts[kind.incremental]) if kind.incremental else None
            if found is None:
                events += kind.compare(old, new)
            elif found:
                events += kind.recheck(old, new, parts["section"])
        section_events_, sections = section_events(old, new)
    events += section_events_
    if cut_short:
        events.append(
            Event(
                "comparison_limited",
                "none",
                {"seconds": round(time.monotonic() - started, 1), "budget": DIFF_BUDGET_SECONDS},
            )
        )
    events.sort(key=event_order)
    return Comparison(old, new, events, sections)


BROWSER_HINT = "the policy seems to need a browser: set `render: browser`"
RENDERED_HINT = "set `wait_for:` to a CSS selector of the policy text, or a longer crawler.browser.timeout"


def first_page_suspect_reason(text: str, rendered: bool = False) -> str | None:
    """A first check has nothing to compare with: only a plain error or challenge page, or a
    loading placeholder, is refused. Looks at the words alone, so the first pass over many pages
    pays for no analysis."""
    words = len(text.split())
    if words < 150 and looks_like_error_page(text):
        return "the page looks like an error or challenge page, not a policy"
    if words < 150 and looks_like_loading_page(text):
        return f"the page looks like a loading page ({words} words): " + (
            f"it was still loading once rendered: {RENDERED_HINT}" if rendered else BROWSER_HINT
        )
    return None


def _opening(policy: Policy, blocks: int = 4) -> str:
    """The first few blocks of a page, where an error message or a loading placeholder stands."""
    found: list[str] = []
    for section in policy.sections:
        found += [section.title] if section.title else []
        found += [b.text for b in section.blocks]
        if len(found) >= blocks:
            break
    return "\n".join(found[:blocks])


def _not_the_policy(page: Policy, which: str, words: int, other_words: int) -> str | None:
    """Why ``page`` (one side of a comparison, of ``words`` words) is no version of the policy
    the other side holds (of ``other_words``)."""
    opening = _opening(page)
    if words < 0.7 * other_words and looks_like_error_page(opening):
        return f"the {which} page looks like an error or challenge page, not the policy"
    if words < 0.7 * other_words and looks_like_loading_page(opening):
        return f"the {which} page looks like a loading page ({words} words): {BROWSER_HINT}"
    if words < 300 and words * 10 < other_words or words < 20 and other_words > 2 * words:
        return f"the {which} page has almost no text ({words} words where the policy has {other_words})"
    return None


def _vocabulary(policy: Policy, titles: bool) -> set[str]:
    """The words of a policy, from per-section sets: two versions share most sections, read once."""
    found: set[str] = set()
    for s in policy.sections:
        found |= word_set(s.text)
        if titles and s.title:
            found |= word_set(s.title)
    return found


def suspect_reason(old: Policy, new: Policy) -> str | None:
    old_words, new_words = old.word_count, new.word_count
    reason = _not_the_policy(new, "new", new_words, old_words) or _not_the_policy(old, "old", old_words, new_words)
    if reason:
        return reason
    if old.language and new.language and old.language != new.language:
        return f"the page is now in another language ({old.language} {ARROW} {new.language})"
    old_vocab = _vocabulary(old, titles=False)
    new_vocab = _vocabulary(new, titles=True)
    if old_vocab and new_vocab:
        overlap = len(old_vocab & new_vocab) / min(len(old_vocab), len(new_vocab))
        if overlap < 0.2:
            return f"the page now holds a different document (only {overlap:.0%} of its vocabulary is shared)"
    return None
