"""International transfers: destination countries and the mechanisms that cover them.

Country names come from babel's territory names in the page's language and in English, plus the
aliases in the language files ("USA", "UK", "Royaume-Uni" ...); mechanisms and the words that make
a sentence about transfers come from the language files.
"""

from __future__ import annotations

import re

from monitor.clauses import sentences
from monitor.facts import Event, FactKind, per_section, register, section_from_key, section_key
from monitor.lang import WORD, Language, PhraseSet, language, language_cached
from monitor.policy import Policy
from monitor.words import word_set

# Country codes that are regions or groupings, not transfer destinations.
_NOT_DESTINATIONS = {"EU", "EEA", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@language_cached(maxsize=16)
def country_names(code: str) -> dict[str, str]:
    """Lowercase country name or alias -> ISO 3166 alpha-2 code, in one language."""
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    try:
        territories = Locale.parse(code).territories
    except (UnknownLocaleError, ValueError):
        territories = {}
    for iso, name in territories.items():
        if len(iso) == 2 and iso.isalpha():
            names[name.lower()] = iso
    for iso, aliases in language(code).table("country_aliases").items():
        for alias in aliases:
            names[str(alias).lower()] = str(iso)
    return names


@language_cached(maxsize=16)
def _countries(code: str) -> PhraseSet:
    table: dict[str, list[str]] = {}
    for name, iso in {**country_names("en"), **country_names(code)}.items():
        table.setdefault(iso, []).append(name)
    return PhraseSet(language(code), table)


def country_name(iso: str) -> str:
    from babel import Locale

    return Locale.parse("en").territories.get(iso, iso)


def _mentions(lang: Language, phrases: PhraseSet, sentence: str) -> list[str]:
    """Ids of names written as names: a capital letter, or an abbreviation in capitals ("US", not "us")."""
    tokens = lang.tokens(sentence)
    out = []
    for m in phrases.find(tokens):
        start, end = tokens.span(m.start, m.end)
        written = sentence[start:end]
        if written[:1].isupper() and (len(written) > 3 or written.isupper()):
            out.append(m.id)
    return out


@language_cached(maxsize=16)
def _signal_words(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """The longest word of each country name and mechanism: a block with none of them names none.
    Short ones ("US", "UK", "SCC") count only in capitals, as _mentions reads them."""
    lang = language(code)
    longest = {max(WORD.findall(name), key=len) for name in [*country_names("en"), *country_names(code)]
               if WORD.findall(name)}
    mechanisms = {max(WORD.findall(str(p).lower()), key=len) for phrases in lang.table("mechanisms").values()
                  for p in phrases}
    return (frozenset({w for w in longest if len(w) > 3} | mechanisms),
            frozenset(w.upper() for w in longest if len(w) <= 3))


_CAPITALS = re.compile(r"\b[A-Z]{2,3}\b")


def _may_name_one(text: str, code: str) -> bool:
    words, abbreviations = _signal_words(code)
    return not words.isdisjoint(word_set(text)) or not abbreviations.isdisjoint(_CAPITALS.findall(text))


@per_section
def _section_transfers(key: tuple, lang_code: str | None) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    section = section_from_key(key)
    lang = language(lang_code)
    context = lang.phrases("transfer_words")
    mechanisms = lang.phrases("mechanisms")
    countries = _countries(lang.code)
    section_context = context.first(lang.tokens(section.title)) is not None
    found_countries: dict[str, str] = {}
    found_mechanisms: dict[str, str] = {}
    for block in section.blocks:
        if not _may_name_one(block.text, lang.code):
            continue
        for sentence in sentences(block.text, lang_code):
            tokens = lang.tokens(sentence)
            if not (section_context or context.first(tokens) is not None):
                continue
            for iso in _mentions(lang, countries, sentence):
                if iso not in _NOT_DESTINATIONS:
                    found_countries.setdefault(country_name(iso), section.title)
            for m in mechanisms.find(tokens):
                found_mechanisms.setdefault(m.id, section.title)
    return tuple(found_countries.items()), tuple(found_mechanisms.items())


def extract_transfers(sections, lang_code: str | None = "en") -> tuple[dict[str, str], dict[str, str]]:
    countries: dict[str, str] = {}
    mechanisms: dict[str, str] = {}
    for section in sections:
        found_c, found_m = _section_transfers(section_key(section), lang_code)
        for name, where in found_c:
            countries.setdefault(name, where)
        for name, where in found_m:
            mechanisms.setdefault(name, where)
    return countries, mechanisms


MECHANISM_NAMES = {"scc": "Standard Contractual Clauses", "dpf": "Data Privacy Framework", "privacy_shield": "Privacy Shield",
                   "adequacy": "adequacy decision", "bcr": "Binding Corporate Rules",
                   "consent_derogation": "explicit consent to the transfer"}


class Transfers(FactKind):
    name = "transfers"
    events = ("transfer_changed",)
    order = 30
    label = "Transfers"

    def read(self, policy: Policy) -> dict[str, dict[str, str]]:
        countries, mechanisms = extract_transfers(policy.sections, policy.language)
        return {"countries": countries, "mechanisms": {MECHANISM_NAMES.get(k, k): v for k, v in mechanisms.items()}}

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        events = []
        a, b = old.facts[self.name], new.facts[self.name]
        for what in ("countries", "mechanisms"):
            added, removed = sorted(set(b[what]) - set(a[what])), sorted(set(a[what]) - set(b[what]))
            if added or removed:
                events.append(Event("transfer_changed", "material", {"what": what, "added": added, "removed": removed}))
        return events

    def describe(self, event: Event) -> str:
        f = event.fields
        parts = [f"+{x}" for x in f.get("added", [])] + [f"-{x}" for x in f.get("removed", [])]
        return f"transfer {f.get('what', '')} changed: {', '.join(parts)}"

    def headline(self, event: Event) -> str:
        return "transfers changed"

    def glance(self, value: dict) -> list[str]:
        out = []
        if value["countries"]:
            out.append("to " + ", ".join(sorted(value["countries"])))
        if value["mechanisms"]:
            out.append("under " + ", ".join(sorted(value["mechanisms"])))
        return out


register(Transfers())
