"""What is collected and why: data categories, purposes, legal bases and recipient categories.

Each is a table of concepts in the language files (``data_categories: {health: [...], ...}``). A
concept is stated by a policy when a clause names it without negating it ("we do not sell your
data" states no sale); adding one the policy did not state before, or dropping the last clause
that stated it, is a material event with the section it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from policywatch.monitor.clauses import sentences
from policywatch.monitor.facts import (
    Event,
    FactKind,
    per_section,
    register,
    section_from_key,
    section_key,
    section_language,
    within,
)
from policywatch.monitor.lang import language, text_cached
from policywatch.monitor.policy import Policy


@dataclass(frozen=True)
class Mention:
    concept: str
    section: str
    text: str  # the clause that states it
    negated: bool


CONCEPT_TABLES = ("data_categories", "purposes", "recipient_categories", "legal_bases")


@per_section
def _mentions(key: tuple, lang_code: str | None) -> dict[str, tuple[Mention, ...]]:
    """Every concept table's mentions in one section, in one pass over its clauses: the tables
    share the clauses' tokens, negations and change notices."""
    section = section_from_key(key)
    lang = language(lang_code)
    out: dict[str, list[Mention]] = {table: [] for table in CONCEPT_TABLES}
    whole = f"{section.title}\n{section.text}"
    if not any(lang.phrases(table).may_occur_in(whole) for table in CONCEPT_TABLES):
        return {}
    sharing, handling = lang.phrases("sharing_words"), lang.phrases("data_words")
    heading = " ".join((*section.path[-1:], section.title))
    # recipients are named in a clause that gives data to someone, or under a heading that says so;
    # data categories in a clause (or under a heading) about data ("children's books" is no data)
    shared_here = bool(section.title) and sharing.first_in(heading) is not None
    # (not the outermost heading: a page titled "Privacy policy" says every part of it is about data)
    handled_here = (
        bool(section.title) and handling.first_in(" ".join((*section.path[1:][-1:], section.title))) is not None
    )
    # a heading states its topic as much as a sentence does
    units = [(section.title, shared_here, handled_here)] if section.title else []
    for block in section.blocks:
        if block.link or block.kind == "header":
            # a block that is one link (a table of contents, "Read more about cookies") states nothing;
            # a table's header row labels its columns ("Sub-processor | Transfer mechanism"), its rows state
            continue
        if block.kind == "row":
            # a row is read under its columns' labels too: "Identifiers | ... | Service providers" under "Disclosed to"
            labels = " | ".join(block.header)
            units.append(
                (
                    block.text,
                    shared_here or bool(labels) and sharing.first_in(labels) is not None,
                    handled_here or bool(labels) and handling.first_in(labels) is not None,
                )
            )
        else:
            units += [(clause, shared_here, handled_here) for clause in sentences(block.text, lang_code)]
    for clause, shared, handled in units:
        for table, concept, negated in _clause_mentions(clause, lang_code, shared, handled):
            out[table].append(Mention(concept, section.title, clause, negated))
    if section.title:  # a heading's topic that its text only denies (a "Health data" section saying none is kept)
        for table, found in out.items():
            denied = {m.concept for m in found if m.negated and m.text != section.title}
            stated_in_text = {m.concept for m in found if not m.negated and m.text != section.title}
            out[table] = [
                Mention(m.concept, m.section, m.text, True)
                if m.text == section.title and m.concept in denied - stated_in_text
                else m
                for m in found
            ]
    return {table: tuple(found) for table, found in out.items() if found}


@text_cached(maxsize=8192)
def _clause_mentions(
    clause: str, lang_code: str | None, shared_here: bool, handled_here: bool
) -> tuple[tuple[str, str, bool], ...]:
    """(table, concept, negated) for each concept one clause names: read once for both versions,
    whose changed sections share most clauses."""
    lang = language(lang_code)
    here = [(table, lang.phrases(table)) for table in CONCEPT_TABLES]
    here = [(table, phrases) for table, phrases in here if phrases.may_occur_in(clause)]
    if not here:
        return ()
    tokens = lang.tokens(clause)
    here = [(table, phrases) for table, phrases in here if phrases.may_occur(tokens)]
    if not here or lang.phrases("change_notices").first(tokens) is not None:
        return ()  # a change notice tells of an update; it does not state the practice
    sharing, handling = lang.phrases("sharing_words"), lang.phrases("data_words")
    denials = lang.denials(tokens)
    blocked = lang.blocked(tokens)
    out = []
    for table, phrases in here:
        if table == "recipient_categories" and not shared_here and sharing and sharing.first(tokens) is None:
            continue  # "links to third-party websites", "third-party cookies": nobody receives data
        if table == "data_categories" and not handled_here and handling and handling.first(tokens) is None:
            continue
        for m in phrases.find(tokens):
            if m.start not in blocked:
                out.append((table, m.id, lang.denied(tokens, denials, m.start, m.end)))
    return tuple(out)


def stated(policy: Policy, table: str) -> dict[str, Mention]:
    """Concept -> the first clause that states it (not negated)."""
    found: dict[str, Mention] = {}
    for section in policy.sections:
        for mention in _mentions(section_key(section), section_language(section, policy.language)).get(table, ()):
            if not mention.negated:
                found.setdefault(mention.concept, mention)
    return found


class ConceptKind(FactKind):
    """A table of concepts compared as a set: added and removed ones are material events."""

    table: ClassVar[str]
    noun: ClassVar[str]  # "data category"
    field: ClassVar[str]  # the event field that names the concept
    incremental = "block"

    def read(self, policy: Policy) -> dict[str, Mention]:
        return stated(policy, self.table)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        return self.events_between(old.facts[self.name], new.facts[self.name], old, new)

    def recheck(self, old: Policy, new: Policy, changed: tuple[Policy, Policy]) -> list[Event]:
        return self.events_between(*self.differing(old, new, changed), old, new)

    def differing(
        self, old: Policy, new: Policy, changed: tuple[Policy, Policy]
    ) -> tuple[dict[str, Mention], dict[str, Mention]]:
        """What each version states of the concepts that may differ between them. Only a concept
        that the changed sections of one version state and those of the other do not can be
        stated by one version alone; it is, unless a shared section states it too, and only the
        shared sections that hold every stem of one of its phrases are read for that."""
        candidates = set(stated(changed[0], self.table)) ^ set(stated(changed[1], self.table))
        if not candidates:
            return {}, {}
        phrases = language(old.language).phrases(self.table)

        def read(policy: Policy) -> dict[str, Mention]:
            cut = within(policy, changed, lambda s: phrases.may_state_in(candidates, f"{s.title}\n{s.text}"))
            return {concept: m for concept, m in stated(cut, self.table).items() if concept in candidates}

        return read(old), read(new)

    def events_between(
        self, before: dict[str, Mention], after: dict[str, Mention], old: Policy, new: Policy
    ) -> list[Event]:
        came, gone = changed_concepts(before, after, old, new)
        added, removed = self.events
        out = [Event(added, "material", {self.field: c, "section": m.section, "text": _short(m.text)}) for c, m in came]
        out += [
            Event(removed, "material", {self.field: c, "section": m.section, "text": _short(m.text)}) for c, m in gone
        ]
        return out

    def describe(self, event: Event) -> str:
        f = event.fields
        verb = "now stated" if event.type.endswith("_added") else "no longer stated"
        where = f" (in '{f['section']}')" if f.get("section") else ""
        return f"{self.noun} {verb}: {_words(f[self.field])}{where}"

    def headline(self, event: Event) -> str:
        verb = "added" if event.type.endswith("_added") else "removed"
        return f"{self.noun} {verb} ({_words(event.fields[self.field])})"

    def glance(self, value: dict[str, Mention]) -> list[str]:
        return [_words(c) for c in sorted(value)]


def changed_concepts(
    before: dict[str, Mention], after: dict[str, Mention], old: Policy, new: Policy
) -> tuple[list[tuple[str, Mention]], list[tuple[str, Mention]]]:
    """The concepts stated only by the new version, and only by the old one; less those that only a
    heading states over text the other version holds as it is (a section split out under a new
    "Marketing" heading says nothing new)."""
    came = [
        (c, m)
        for c, m in after.items()
        if c not in before
        and not _heading_over_held_text(m, new, old)
        and not _context_over_held_text(m, new, old)
        and not _respelling_of(m, old, (old, new))
    ]
    gone = [
        (c, m)
        for c, m in before.items()
        if c not in after
        and not _heading_over_held_text(m, old, new)
        and not _context_over_held_text(m, old, new)
        and not _respelling_of(m, new, (old, new))
    ]
    return came, gone


def _context_over_held_text(mention: Mention, policy: Policy, other: Policy) -> bool:
    """Whether a clause states the concept only under its heading or column labels ("Who receives
    your data" over "Our hosting is done by service providers"), and ``other`` holds the clause as
    it is: a heading put over text, or taken off it, states nothing new."""
    from policywatch.monitor.sectiondiff import document_holds

    if mention.text == mention.section:
        return False
    alone = _clause_mentions(mention.text, policy.language, False, False)
    if any(concept == mention.concept and not negated for _, concept, negated in alone):
        return False
    return document_holds(other, mention.text)


def _respelling_of(mention: Mention, other: Policy, versions: tuple[Policy, Policy]) -> bool:
    """Whether ``other`` holds the mention's clause with one word misspelt or fixed ("service
    prvoiders" -> "service providers"): the concept was meant all along."""
    from policywatch.monitor.sectiondiff import holds_respelt

    return holds_respelt(other, mention.section, mention.text, versions)


def _heading_over_held_text(mention: Mention, policy: Policy, other: Policy) -> bool:
    from policywatch.monitor.sectiondiff import document_holds

    if mention.text != mention.section:
        return False
    section = next((s for s in policy.sections if s.title == mention.section), None)
    texts = [b.text for b in section.blocks if b.text.strip()] if section else []
    return bool(texts) and all(document_holds(other, text) for text in texts)


def _words(concept: str) -> str:
    return concept.replace("_", " ")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DataCategories(ConceptKind):
    name = "data_categories"
    table = "data_categories"
    events = ("data_category_added", "data_category_removed")
    noun = "data category"
    field = "category"
    order = 45
    salient = True
    label = "Data categories"


class Purposes(ConceptKind):
    name = "purposes"
    table = "purposes"
    events = ("purpose_added", "purpose_removed")
    noun = "purpose"
    field = "purpose"
    order = 50
    label = "Purposes"


class RecipientCategories(ConceptKind):
    name = "recipient_categories"
    table = "recipient_categories"
    events = ("recipient_category_added", "recipient_category_removed")
    noun = "recipient category"
    field = "category"
    order = 15
    salient = True
    label = "Recipient categories"


class LegalBases(ConceptKind):
    """Legal bases change as a set: one legal_basis_changed event names the old and the new ones."""

    name = "legal_bases"
    table = "legal_bases"
    events = ("legal_basis_changed",)
    noun = "legal basis"
    field = "basis"
    order = 55
    label = "Legal bases"

    def recheck(self, old: Policy, new: Policy, changed: tuple[Policy, Policy]) -> list[Event]:
        # its event names every basis of both versions: read whole, once some basis did change
        came, gone = changed_concepts(*self.differing(old, new, changed), old, new)
        return self.compare(old, new) if came or gone else []

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        before, after = old.facts[self.name], new.facts[self.name]
        came, gone = changed_concepts(before, after, old, new)
        if not came and not gone:
            return []
        return [
            Event(
                "legal_basis_changed",
                "material",
                {
                    "old": [_words(c) for c in sorted(before)],
                    "new": [_words(c) for c in sorted(after)],
                    "section": (came or gone)[0][1].section,
                },
            )
        ]

    def describe(self, event: Event) -> str:
        f = event.fields
        old, new = set(f.get("old") or []), set(f.get("new") or [])
        parts = [f"+{b}" for b in sorted(new - old)] + [f"-{b}" for b in sorted(old - new)]
        where = f" (in '{f['section']}')" if f.get("section") else ""
        return f"legal bases changed: {', '.join(parts)}{where}"

    def headline(self, event: Event) -> str:
        return "legal basis changed"


for _kind in (DataCategories(), Purposes(), RecipientCategories(), LegalBases()):
    register(_kind)
