"""Two versions of a policy -> typed events with levels, and per-section word diffs.

Levels follow the EU transparency guidelines (WP260): new recipients, transfers, retention,
contacts, rights and purposes are material; a date bump alone is minor; cosmetics are none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from monitor.align import align
from monitor.canonical import canonical_text
from monitor.contacts import extract_contacts
from monitor.dates import find_last_updated
from monitor.language import detect_language
from monitor.levels import rank
from monitor.policy import Block, Facts, Policy, Processor, Section
from monitor.processors import extract_processors, processor_level
from monitor.retention import extract_retention
from monitor.structure import parse_sections
from monitor.textdiff import DELETE, EQUAL, INSERT, word_diff
from monitor.transfers import extract_transfers

MATERIAL_TOPICS = re.compile(
    r"right|recht|droit|purpose|why we|how we use|use of|use your|doel|finalit|zweck|retention|keep|how long|"
    r"bewaren|bewaar|conserv|speicher|aufbewahr|share|recipient|disclos|third part|processor|derde|delen|destinataire|"
    r"sous-traitant|empfänger|transfer|international|doorgifte|transfert|übermittlung|legal basis|lawful|grondslag|"
    r"base légale|rechtsgrundlage|who we are|controller|verantwoordelijk|responsable|verantwortlich|contact",
    re.IGNORECASE,
)
SUSPECT_PHRASES = re.compile(
    r"page not found|not found|404|does not exist|no longer exists|has been moved|niet gevonden|bestaat niet|"
    r"introuvable|n'existe pas|nicht gefunden|existiert nicht|access denied|forbidden|just a moment|"
    r"enable javascript|javascript is (?:required|disabled)|checking your browser|verify you are human|captcha|"
    r"attention required|service unavailable|temporarily unavailable|under maintenance|bad gateway|internal server error",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


@dataclass
class Event:
    type: str
    level: str
    fields: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"type": self.type, "level": self.level, **self.fields}


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
            "old": self.old.summary(),
            "new": self.new.summary(),
            "events": [e.to_json() for e in self.events],
        }


SectionKey = tuple


def _section_key(section: Section) -> SectionKey:
    return (section.title, section.level, section.path, section.heading,
            tuple((b.kind, b.text, b.cells, b.header, b.depth) for b in section.blocks))


@lru_cache(maxsize=512)  # two versions of one policy, with room to spare
def _section_facts(key: SectionKey, doc_title: str | None) -> tuple:
    """Facts of one section. Versions share most sections, so the second version mostly hits this cache."""
    title, level, path, heading, blocks = key
    section = [Section(title=title, level=level, path=path, heading=heading, blocks=[Block(*b) for b in blocks])]
    return (extract_processors(section, doc_title), extract_retention(section), extract_contacts(section),
            extract_transfers(section))


def clear_caches() -> None:
    """Forget memoised work (benchmarks use this so that every run starts cold)."""
    from monitor.processors import catalogue
    from monitor.words import word_set

    _section_facts.cache_clear()
    canonical_text.cache_clear()
    word_set.cache_clear()
    catalogue()._lookups.clear()


def build_policy(text: str, title: str | None = None) -> Policy:
    sections = parse_sections(text, title)
    body = "\n".join(f"{s.heading}\n{s.text}" for s in sections)
    language = detect_language(body)
    facts = Facts()
    found = find_last_updated(body, language)
    if found:
        facts.last_updated, facts.last_updated_text = found
    processors: dict[str, Processor] = {}
    for section in sections:
        found_processors, retention, contacts, (countries, mechanisms) = _section_facts(_section_key(section), title)
        for p in found_processors:
            prior = processors.get(p.key)
            if prior is None:
                processors[p.key] = p
            elif p.listed and not prior.listed:
                processors[p.key] = replace(prior, listed=True, section=p.section)
        facts.retention += retention
        facts.contacts += [c for c in contacts if c not in facts.contacts]
        for country, where in countries.items():
            facts.transfer_countries.setdefault(country, where)
        for mechanism, where in mechanisms.items():
            facts.transfer_mechanisms.setdefault(mechanism, where)
    facts.processors = list(processors.values())
    if title is None:
        title = next((s.title for s in sections if s.title), None)
    return Policy(title=title, language=language, sections=sections, facts=facts)


def compare(old: Policy, new: Policy) -> Comparison:
    suspect = suspect_reason(old, new)
    if suspect:
        return Comparison(old, new, [Event("not_a_policy_change", "none", {"reason": suspect})], [])
    events: list[Event] = []
    events += _date_events(old, new)
    events += _processor_events(old, new)
    events += _retention_events(old, new)
    events += _contact_events(old, new)
    events += _transfer_events(old, new)
    section_events, sections = _section_events(old, new)
    events += section_events
    events.sort(key=lambda e: -rank(e.level))
    return Comparison(old, new, events, sections)


def first_page_suspect_reason(text: str) -> str | None:
    """A first check has nothing to compare with: only a plain error or challenge page is refused.
    Looks at the words alone, so the first pass over many pages pays for no analysis."""
    if len(text.split()) < 150 and SUSPECT_PHRASES.search(text):
        return "the page looks like an error or challenge page, not a policy"
    return None


def suspect_reason(old: Policy, new: Policy) -> str | None:
    old_words, new_words = old.word_count, new.word_count
    new_text = " ".join(f"{s.title} {s.text}" for s in new.sections)
    if new_words < 150 and old_words > 3 * new_words and SUSPECT_PHRASES.search(new_text):
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


def _date_events(old: Policy, new: Policy) -> list[Event]:
    a, b = old.facts.last_updated, new.facts.last_updated
    if a == b:
        return []
    return [Event("last_updated_changed", "minor", {
        "old": a.isoformat() if a else None, "new": b.isoformat() if b else None,
    })]


def _processor_events(old: Policy, new: Policy) -> list[Event]:
    before = {p.key: p for p in old.facts.processors}
    after = {p.key: p for p in new.facts.processors}
    old_listed = {k for k, p in before.items() if p.listed}
    new_listed = {k for k, p in after.items() if p.listed}
    events = []
    for key, p in after.items():
        if key not in before or (p.listed and key not in old_listed and old_listed):
            events.append(Event("processor_added", processor_level(p), {"name": p.name, "section": p.section}))
    for key, p in before.items():
        # gone from the text, or no longer listed where the policy still has a list (and not just re-worded there)
        if key not in after or (p.listed and new_listed and key not in new_listed and _name_gone_from_lists(p, new)):
            events.append(Event("processor_removed", processor_level(p), {"name": p.name, "section": p.section}))
    return events


def _name_gone_from_lists(p, new: Policy) -> bool:
    return not any(p.name.lower() in s.text.lower() for s in new.sections if s.title == p.section)


def _retention_events(old: Policy, new: Policy) -> list[Event]:
    def by_context(policy: Policy) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in policy.facts.retention:
            out.setdefault(canonical_text(r.context).casefold(), []).append(r.period)
        return out

    before, after = by_context(old), by_context(new)
    events = []
    unmatched_old = {c: p for c, p in before.items() if c not in after or after[c] != p}
    unmatched_new = {c: p for c, p in after.items() if c not in before or before[c] != p}
    for context, periods in list(unmatched_old.items()):
        if context in unmatched_new:
            new_periods = unmatched_new.pop(context)
        else:
            best = max(unmatched_new, key=lambda c: fuzz.ratio(c, context), default=None)
            if best is None or fuzz.ratio(best, context) < 75:
                continue
            new_periods = unmatched_new.pop(best)
        del unmatched_old[context]
        if sorted(periods) != sorted(new_periods):
            events.append(Event("retention_changed", "material", {
                "old": ", ".join(periods), "new": ", ".join(new_periods), "context": _readable(context),
            }))
    for context, periods in unmatched_old.items():
        events.append(Event("retention_changed", "material", {"old": ", ".join(periods), "new": None, "context": _readable(context)}))
    for context, periods in unmatched_new.items():
        events.append(Event("retention_changed", "material", {"old": None, "new": ", ".join(periods), "context": _readable(context)}))
    return events


def _readable(context: str) -> str:
    """What a retention period applies to, with the period itself shown as '…'."""
    return _short(context.replace("<period>", "…"))


def _contact_events(old: Policy, new: Policy) -> list[Event]:
    events = []
    for kind in ("email", "address", "person"):
        before = {c.value.casefold(): c.value for c in old.facts.contacts if c.kind == kind}
        after = {c.value.casefold(): c.value for c in new.facts.contacts if c.kind == kind}
        gone = [before[k] for k in before if k not in after]
        came = [after[k] for k in after if k not in before]
        for a, b in zip(gone, came):
            events.append(Event("contact_changed", "material", {"kind": kind, "old": a, "new": b}))
        for a in gone[len(came):]:
            events.append(Event("contact_changed", "material", {"kind": kind, "old": a, "new": None}))
        for b in came[len(gone):]:
            events.append(Event("contact_changed", "material", {"kind": kind, "old": None, "new": b}))
    return events


def _transfer_events(old: Policy, new: Policy) -> list[Event]:
    events = []
    for what, a, b in (("countries", old.facts.transfer_countries, new.facts.transfer_countries),
                       ("mechanisms", old.facts.transfer_mechanisms, new.facts.transfer_mechanisms)):
        added, removed = sorted(set(b) - set(a)), sorted(set(a) - set(b))
        if added or removed:
            events.append(Event("transfer_changed", "material", {"what": what, "added": added, "removed": removed}))
    return events


def _meaningful(section: Section) -> str:
    """Section text without lone one- or two-word paragraphs ("Download", "Print"): page furniture."""
    return "\n".join(
        b.text for b in section.blocks
        if not (b.kind == "para" and len(b.text.split()) <= 2 and not any(c.isdigit() or c == "@" for c in b.text))
    )


def _masked(policy: Policy, text: str) -> str:
    if policy.facts.last_updated_text:
        text = text.replace(policy.facts.last_updated_text, "<date>")
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


def _topic_level(*sections: Section) -> str:
    names = " ".join(" ".join((*s.path, s.title)) for s in sections)
    return "material" if MATERIAL_TOPICS.search(names) else "minor"


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
        dates = tuple(d for d in (old.facts.last_updated_text, new.facts.last_updated_text) if d)
        significant = _significant(display, dates)
        diffs_out.append(SectionDiff("changed", a.title, b.title, display, significant))
        if significant:
            events.append(Event("section_changed", _topic_level(a, b), {
                "title": b.title or a.title or old.title or "",
                "added": _changed_phrases(display, INSERT),
                "removed": _changed_phrases(display, DELETE),
            }))
    return events, diffs_out
