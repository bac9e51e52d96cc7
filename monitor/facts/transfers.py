"""International transfers: destination countries and the mechanisms that cover them.

Country names come from babel's territory names in the page's language and in English, plus the
aliases in the language files ("USA", "UK", "Royaume-Uni" ...); mechanisms and the words that make
a sentence about transfers come from the language files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from policywatch.monitor.catalogue import opens_a_company_name
from policywatch.monitor.clauses import sentences
from policywatch.monitor.facts import (
    Event,
    FactKind,
    per_section,
    register,
    section_from_key,
    section_key,
    section_language,
)
from policywatch.monitor.lang import WORD, Language, PhraseSet, language, language_cached
from policywatch.monitor.policy import Policy
from policywatch.monitor.substance import clause_key
from policywatch.monitor.words import word_set

# Country codes that are regions or groupings, not transfer destinations.
_NOT_DESTINATIONS = {"EU", "EEA", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@language_cached(maxsize=16)
def country_names(code: str) -> dict[str, str]:
    """Lowercase country name or alias -> ISO 3166 alpha-2 code, in one language."""
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    territories: Mapping[str, str]
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


@lru_cache(maxsize=1)
def _names_in_every_language() -> dict[str, str]:
    """Lowercase country name -> ISO code, in every language babel knows (names two languages give
    to different countries left out): for a page in a language no file holds, whose table cells
    say "Yhdysvallat" or "Irlanti". Read once, when such a page first needs it (about a second)."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    names: dict[str, str] = {}
    clashing: set[str] = set()
    for identifier in locale_identifiers():
        if "_" in identifier:
            continue  # a region's variant of a language names countries as the language does
        try:
            territories = Locale.parse(identifier).territories
        except (ValueError, LookupError):
            continue
        for iso, name in territories.items():
            key = name.lower()
            if len(iso) != 2 or not iso.isalpha() or len(key) < 4:
                continue
            if names.setdefault(key, iso) != iso:
                clashing.add(key)
    return {name: iso for name, iso in names.items() if name not in clashing}


def country_in_any_language(name: str) -> str | None:
    """The ISO code of a country named in any language, the name being the whole text."""
    return _names_in_every_language().get(" ".join(name.lower().split()).strip(" ."))


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
        if (
            written[:1].isupper()
            and (len(written) > 3 or written.isupper() and not sentence.isupper())  # "CONTACT US" in capitals
            and written_as_country(written, m.phrase)
            and not opens_a_company_name(sentence, end)
            and not _names_a_region(sentence, start, written)
        ):
            out.append(m.id)
    return out


def _names_a_region(sentence: str, start: int, written: str) -> bool:
    """Whether a country's name, as written at ``start``, names a region of another country instead
    (ISO 3166-2, by pycountry): it ends the region's longer name ("New Jersey", "Northern Ireland"),
    or the region shares it and the sentence lists other regions of that country ("Florida, Georgia
    and Texas")."""
    before = sentence[:start].casefold().split()
    name = written.casefold()
    for region in _regions_ending_in().get(name, ()):
        if before[-len(region) :] == list(region):
            return True
    for country in _regions_named().get(name, ()):
        if len(_region_pattern(country).findall(sentence.casefold())) - 1 >= 2:
            return True
    return False


@lru_cache(maxsize=1)
def _regions_ending_in() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Country name -> the words before it in a region's name that ends with it ("jersey" -> ("new",))."""
    import pycountry

    countries = set(country_names("en"))
    found: dict[str, set[tuple[str, ...]]] = {}
    for region in pycountry.subdivisions:
        words = region.name.casefold().split()
        for k in range(1, len(words)):
            tail = " ".join(words[k:])
            if tail in countries:
                found.setdefault(tail, set()).add(tuple(words[:k]))
    return {name: tuple(prefixes) for name, prefixes in found.items()}


@lru_cache(maxsize=1)
def _regions_named() -> dict[str, tuple[str, ...]]:
    """Country name -> the countries with a region of that very name ("georgia" -> ("US",))."""
    import pycountry

    countries = set(country_names("en"))
    found: dict[str, set[str]] = {}
    for region in pycountry.subdivisions:
        name = region.name.casefold()
        if name in countries and country_names("en")[name] != region.country_code:
            found.setdefault(name, set()).add(region.country_code)
    return {name: tuple(sorted(codes)) for name, codes in found.items()}


@lru_cache(maxsize=64)
def _region_pattern(country: str) -> re.Pattern:
    import pycountry

    names = sorted({r.name.casefold() for r in pycountry.subdivisions.get(country_code=country) or ()}, key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in reversed(names)) + r")(?!\w)")


def written_as_country(written: str, name: str) -> bool:
    """Whether a word the stemmer took for a country's name opens as that name does: "Irlandii" is
    Ireland ("Irlandia"), but Polish "Dane" (data) is no Denmark ("Dania") though both stem to "dan"."""

    def opening(text: str) -> str:
        return "".join(c for c in text.casefold() if c.isalnum())[:4]

    a, b = opening(written), opening(name)
    return a[: len(b)] == b[: len(a)]  # "US" opens "usa"


@language_cached(maxsize=16)
def _signal_words(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """The longest word of each country name and mechanism: a block with none of them names none.
    Short ones ("US", "UK", "SCC") count only in capitals, as _mentions reads them."""
    lang = language(code)
    longest = {
        max(WORD.findall(name), key=len) for name in [*country_names("en"), *country_names(code)] if WORD.findall(name)
    }
    mechanisms = {
        max(WORD.findall(str(p).lower()), key=len) for phrases in lang.table("mechanisms").values() for p in phrases
    }
    dotted = {  # "u.s.", "u.s.a.": read as "US", "USA"
        name.replace(".", "").upper()
        for name in [*country_names("en"), *country_names(code)]
        if "." in name and len(name.replace(".", "")) <= 3
    }
    return (
        frozenset({w for w in longest if len(w) > 3} | mechanisms),
        frozenset({w.upper() for w in longest if len(w) <= 3} | dotted),
    )


_CAPITALS = re.compile(r"\b[A-Z]{2,3}\b|(?<![\w.])(?:[A-Z]\.){2,3}")


def _may_name_one(text: str, code: str) -> bool:
    words, abbreviations = _signal_words(code)
    return not words.isdisjoint(word_set(text)) or not abbreviations.isdisjoint(
        found.replace(".", "") for found in _CAPITALS.findall(text)
    )


@dataclass(frozen=True)
class TransferStatement:
    """A sentence that says data goes abroad: where to, under what, and where it stands."""

    key: str  # the sentence as compared (see monitor.substance.clause_key)
    countries: tuple[str, ...]
    mechanisms: tuple[str, ...]
    section: str


@per_section
def _section_transfers(key: tuple, lang_code: str | None) -> tuple[TransferStatement, ...]:
    section = section_from_key(key)
    lang = language(lang_code)
    context = lang.phrases("transfer_words")
    mechanisms = lang.phrases("mechanisms")
    countries = _countries(lang.code)
    section_context = context.first_in(section.title) is not None
    out = []
    for block in section.blocks:
        if not _may_name_one(block.text, lang.code):
            continue
        for sentence in sentences(block.text, lang_code):
            tokens = lang.tokens(sentence)
            if not (
                section_context or any(tokens.used_as_a_word(m.start, lang.stopwords) for m in context.find(tokens))
            ):
                continue  # "Acme International Ltd" is a company's name, no word about transfers
            found = tuple(
                dict.fromkeys(
                    country_name(iso) for iso in _mentions(lang, countries, sentence) if iso not in _NOT_DESTINATIONS
                )
            )
            ways = tuple(dict.fromkeys(mechanism_label(m.id) for m in mechanisms.find(tokens)))
            if found or ways:
                out.append(TransferStatement(clause_key(sentence), found, ways, section.title))
    return tuple(out)


def _respelt_in(statement: TransferStatement, policy: Policy, versions: tuple[Policy, Policy]) -> bool:
    """Whether ``policy`` holds the statement's sentence with one word misspelt or fixed."""
    from policywatch.monitor.sectiondiff import holds_respelt

    return holds_respelt(policy, statement.section, statement.key, versions, key=clause_key)


def extract_transfers(sections, lang_code: str | None = "en") -> list[TransferStatement]:
    return [
        t
        for section in sections
        for t in _section_transfers(section_key(section), section_language(section, lang_code))
    ]


def mechanism_label(mechanism: str) -> str:
    """How alerts and the viewer name a transfer mechanism (``mechanism_labels`` in the English file,
    the language policywatch speaks)."""
    return str(language("en").table("mechanism_labels").get(mechanism, mechanism.replace("_", " ")))


def _spaceless_key(statement: TransferStatement) -> str:
    return "".join(statement.key.split())


def _spaceless(policy: Policy) -> str:
    """The whole policy as compared, words run together: a statement found in it is still there,
    however its sentences and paragraphs are cut now."""
    return "".join(_spaceless_section(section_key(s)) for s in policy.sections)


@per_section
def _spaceless_section(key: tuple) -> str:
    section = section_from_key(key)
    return "".join(clause_key(f"{section.title} {section.text}").split())


class Transfers(FactKind):
    """Compared statement by statement: a sentence about a transfer that is added or removed (not
    moved, not reworded) changes the transfers even when its country is named elsewhere too."""

    name = "transfers"
    events = ("transfer_changed",)
    order = 30
    salient = True
    label = "Transfers"
    incremental = "block"

    def read(self, policy: Policy) -> list[TransferStatement]:
        return extract_transfers(policy.sections, policy.language)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        from policywatch.monitor.sectiondiff import misspelt

        before, after = old.facts[self.name], new.facts[self.name]
        old_text, new_text = _spaceless(old), _spaceless(new)
        gone = [t for t in before if "".join(t.key.split()) not in new_text]
        came = [t for t in after if "".join(t.key.split()) not in old_text]
        changes: dict[str, tuple[set, set]] = {"countries": (set(), set()), "mechanisms": (set(), set())}
        # a statement that grew or shrank around one the other version still holds ("... Clauses" ->
        # "... Clauses (SCCs)"): only what it names beyond that one counts
        for t, others, side in [(t, before, 0) for t in came] + [(t, after, 1) for t in gone]:
            inner = next(
                (o for o in others if o not in gone and o not in came and _spaceless_key(o) in _spaceless_key(t)), None
            )
            if inner is None:
                continue
            (came if side == 0 else gone).remove(t)
            for what in changes:
                changes[what][side].update(set(getattr(t, what)) - set(getattr(inner, what)))
        for t in gone:
            twin = max(came, key=lambda c: fuzz.ratio(c.key, t.key), default=None)
            if twin is not None and misspelt(t.key, twin.key, old, new):
                came.remove(twin)  # "Standard Contractual Clauses" misspelt or fixed: the same statement
                continue
            if _respelt_in(t, new, (old, new)):
                continue  # misspelt so that it names nothing any more: still the same statement
            if twin is not None and fuzz.ratio(twin.key, t.key) >= 60:  # reworded: only what it names counts
                came.remove(twin)
                for what in changes:
                    changes[what][0].update(set(getattr(twin, what)) - set(getattr(t, what)))
                    changes[what][1].update(set(getattr(t, what)) - set(getattr(twin, what)))
                continue
            for what in changes:
                changes[what][1].update(getattr(t, what))
        came = [t for t in came if not _respelt_in(t, old, (old, new))]
        for t in came:
            # a near copy of a statement the old version holds (a page holding its text twice, one
            # copy edited): only what it names beyond that statement is new
            twin = max(before, key=lambda b: fuzz.ratio(b.key, t.key), default=None)
            close = twin is not None and fuzz.ratio(twin.key, t.key) >= 90
            for what in changes:
                changes[what][0].update(set(getattr(t, what)) - (set(getattr(twin, what)) if close else set()))
        events = []
        for what, (now, before) in changes.items():
            added, removed = sorted(now - before), sorted(before - now)
            if added or removed:
                events.append(Event("transfer_changed", "material", {"what": what, "added": added, "removed": removed}))
        return events

    def describe(self, event: Event) -> str:
        f = event.fields
        parts = [f"+{x}" for x in f.get("added", [])] + [f"-{x}" for x in f.get("removed", [])]
        return f"transfer {f.get('what', '')} changed: {', '.join(parts)}"

    def headline(self, event: Event) -> str:
        return "transfers changed"

    def glance(self, value: list[TransferStatement]) -> list[str]:
        countries = sorted({c for t in value for c in t.countries})
        mechanisms = sorted({m for t in value for m in t.mechanisms})
        out = []
        if countries:
            out.append("to " + ", ".join(countries))
        if mechanisms:
            out.append("under " + ", ".join(mechanisms))
        return out


register(Transfers())
