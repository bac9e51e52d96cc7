"""Contacts: e-mail addresses, postal addresses, and named data-protection officers or representatives."""

from __future__ import annotations

import re

from monitor.policy import Contact, Section

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
_STREET = re.compile(
    r"(?:\b\d{1,4}[a-z]?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|chaussée|allée|quai|impasse|route|square)\b"
    r"|\b[\w'’.\-]*(?:straat|laan|weg|plein|gracht|kade|dijk|singel|strasse|straße|str\.|gasse|platz|allee)\b"
    r"|\b(?:rue|avenue|boulevard|chaussée|place|street|road|lane|drive)\b|\b(?:street|st\.|road|rd\.|lane|way|drive)\b)",
    re.IGNORECASE,
)
POSTCODE_CITY = re.compile(r"\b(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?\s+[A-ZÀ-Ý][\w\-]+(?:\s[A-ZÀ-Ý][\w\-]+)?")


def _addresses(text: str):
    """Postal addresses: a postcode and city with a street shortly before it."""
    for m in POSTCODE_CITY.finditer(text):
        window_start = max(0, m.start() - 70)
        window = text[window_start:m.start()]
        streets = list(_STREET.finditer(window))
        if not streets:
            continue
        start = window_start + streets[0].start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        sentence_start = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0, line_start)
        yield text[max(min(start, m.start()), sentence_start if start - sentence_start < 40 else start):m.end()]


PERSON_ROLE = re.compile(
    r"data protection officer|\bDPO\b|functionaris voor gegevensbescherming|délégué à la protection des données|"
    r"datenschutzbeauftragte|representative|vertegenwoordiger|représentant|vertreter",
    re.IGNORECASE,
)
PERSON_LABEL = re.compile(r"^(?:name|naam|nom|name des)\s*:\s*([A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+){1,3})\s*$", re.IGNORECASE)


def extract_contacts(sections: list[Section]) -> list[Contact]:
    out: list[Contact] = []
    seen: set[tuple[str, str, str]] = set()

    def add(kind: str, value: str, section: str) -> None:
        value = " ".join(value.split()).strip(" ,.")
        if (kind, value.lower(), section) not in seen:
            seen.add((kind, value.lower(), section))
            out.append(Contact(kind=kind, value=value, section=section))

    for section in sections:
        for block in section.blocks:
            if "@" in block.text:
                for m in EMAIL.finditer(block.text):
                    add("email", m.group(0).lower(), section.title)
            for address in _addresses(block.text):
                add("address", address, section.title)
            person = PERSON_LABEL.match(block.text.strip())
            if person and (PERSON_ROLE.search(section.title) or PERSON_ROLE.search(section.text)):
                add("person", person.group(1), section.title)
    return out
