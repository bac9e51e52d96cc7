"""Contacts: e-mail addresses, postal addresses, and named data-protection officers or representatives.

Street words and role words come from the language files (all languages: an address abroad is
written in its country's words).
"""

from __future__ import annotations

import re

from monitor.facts import Event, FactKind, per_section, register, section_from_key, section_key
from monitor.lang import language_cached, all_languages, language
from monitor.policy import Contact, Policy

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
POSTCODE_CITY = re.compile(r"\b(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?\s+[A-ZÀ-Ý][\w\-]+(?:\s[A-ZÀ-Ý][\w\-]+)?")


@language_cached(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    streets: set[str] = set()
    suffixes: set[str] = set()
    roles: set[str] = set()
    labels: set[str] = set()
    for lang in all_languages():
        streets |= lang.words("street_words")
        suffixes |= lang.words("street_suffixes")
        for role in ("dpo", "representative"):
            roles |= {str(w).lower() for w in lang.table("roles").get(role, [])}
        labels |= {w for w in lang.words("not_name_labels") if len(w) <= 5}
    words = "|".join(sorted((re.escape(w) for w in streets), key=len, reverse=True))
    endings = "|".join(sorted((re.escape(w) for w in suffixes), key=len, reverse=True)) or "(?!)"
    street = re.compile(rf"(?:\b\d{{1,4}}[a-z]?,?\s+(?:{words})\.?(?=\s|,|$)|\b[\w'’.\-]*(?:{endings})\b"
                        rf"|\b(?:{words})\.?\s+[\w'’\-]+)", re.IGNORECASE)
    role = re.compile(r"\b(?:" + "|".join(sorted((re.escape(r) for r in roles), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
    name_label = re.compile(r"^(?:name|naam|nom|nombre|nome|name des)\s*:\s*([A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+){1,3})\s*$",
                            re.IGNORECASE)
    return street, role, name_label


def _addresses(text: str):
    """Postal addresses: a postcode and city with a street shortly before it."""
    street_re = _patterns()[0]
    for m in POSTCODE_CITY.finditer(text):
        window_start = max(0, m.start() - 70)
        window = text[window_start:m.start()]
        streets = list(street_re.finditer(window))
        if not streets:
            continue
        start = window_start + streets[0].start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        sentence_start = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0, line_start)
        yield text[max(min(start, m.start()), sentence_start if start - sentence_start < 40 else start):m.end()]


@per_section
def _section_contacts(key: tuple) -> tuple[Contact, ...]:
    section = section_from_key(key)
    _, role_re, name_label = _patterns()
    out: list[Contact] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str) -> None:
        value = " ".join(value.split()).strip(" ,.")
        if (kind, value.lower()) not in seen:
            seen.add((kind, value.lower()))
            out.append(Contact(kind=kind, value=value, section=section.title))

    for block in section.blocks:
        if "@" in block.text:
            for m in EMAIL.finditer(block.text):
                add("email", m.group(0).lower())
        for address in _addresses(block.text):
            add("address", address)
        person = name_label.match(block.text.strip())
        if person and (role_re.search(section.title) or role_re.search(section.text)):
            add("person", person.group(1))
    return tuple(out)


def extract_contacts(sections) -> list[Contact]:
    out: list[Contact] = []
    for section in sections:
        out.extend(c for c in _section_contacts(section_key(section)) if c not in out)
    return out


class Contacts(FactKind):
    name = "contacts"
    events = ("contact_changed",)
    order = 20
    label = "Contacts"

    def read(self, policy: Policy) -> list[Contact]:
        return extract_contacts(policy.sections)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        events = []
        for kind in ("email", "address", "person"):
            before = {c.value.casefold(): c.value for c in old.facts[self.name] if c.kind == kind}
            after = {c.value.casefold(): c.value for c in new.facts[self.name] if c.kind == kind}
            gone = [before[k] for k in before if k not in after]
            came = [after[k] for k in after if k not in before]
            for a, b in zip(gone, came):
                events.append(Event("contact_changed", "material", {"kind": kind, "old": a, "new": b}))
            for a in gone[len(came):]:
                events.append(Event("contact_changed", "material", {"kind": kind, "old": a, "new": None}))
            for b in came[len(gone):]:
                events.append(Event("contact_changed", "material", {"kind": kind, "old": None, "new": b}))
        return events

    def describe(self, event: Event) -> str:
        f = event.fields
        return f"contact ({f.get('kind', 'contact')}) changed: {f.get('old') or 'none'} -> {f.get('new') or 'none'}"

    def headline(self, event: Event) -> str:
        return "contact changed"

    def glance(self, value: list[Contact]) -> list[str]:
        return [f"{c.kind}: {c.value}" for c in value]


register(Contacts())


def roles(text: str, lang_code: str | None) -> set[str]:
    """The roles (controller, dpo, representative, contact, authority) a text names, in its language."""
    lang = language(lang_code)
    return lang.phrases("roles").found_ids(lang.tokens(text))
