"""Processors, sub-processors and other named recipients of personal data.

Two sources, because each misses what the other finds:
- structure: tables with a provider-like column, key/value tables, flattened one-cell-per-line
  tables, "Label : Name" lines and name-like list items in recipient sections ("listed");
- the curated catalogue of known companies (monitor/catalogue.py) matched anywhere ("mentioned").
Names are keyed by catalogue entry or by a normalised name, so "Chartmogul" and "ChartMogul Inc."
are one processor. Column headers, recipient words and name labels come from the language files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from policywatch.monitor.catalogue import LEGAL_FORMS, SOFT_CATEGORIES, catalogue, normalise_name, renamed_as
from policywatch.monitor.clauses import sentences
from policywatch.monitor.facts import (
    ARROW,
    Event,
    FactKind,
    per_section,
    register,
    section_from_key,
    section_key,
    section_language,
)
from policywatch.monitor.facts.contacts import organisations_at
from policywatch.monitor.lang import (
    WORD,
    Language,
    all_languages,
    language,
    language_cached,
    languages,
    text_cached,
    word_set_of,
)
from policywatch.monitor.mentions import about_processing, running_prose, speaks_of_data
from policywatch.monitor.policy import Block, Policy, Processor, Section
from policywatch.monitor.words import one_slip, respelt_words, slipped_in


@language_cached(maxsize=1)
def _vocabulary() -> dict:
    """Words of every language that matter here: table headers can be in any language of the page."""
    connectors: set[str] = set()
    stops: set[str] = set()
    labels: set[str] = set()
    for lang in all_languages():
        connectors |= lang.words("name_connectors")
        stops |= lang.words("name_stops")
        labels |= lang.words("not_name_labels")
    stop_words = "|".join(sorted((re.escape(w) for w in stops), key=len, reverse=True))
    return {
        "connectors": frozenset(connectors | {"&", "-", "+"}),
        "labels": frozenset(labels),
        "name_stop": re.compile(
            r"\s*(?:\(|:|\s[–—·-]\s|,\s(?!(?:inc|ltd|llc|limited|corp)\b)|;|\s(?:" + stop_words + r")\s)", re.IGNORECASE
        ),
    }


def _header_match(cell: str, key: str, anywhere: bool = False) -> int | None:
    """Position in the language files' list ``key`` of the header phrase ``cell`` starts with (or,
    ``anywhere``, holds within its first four words: "Entity country", "Data location"); a header
    word written with a slip of the keyboard ("Server loaction") reads as the word."""
    cell = cell.strip()
    if not cell or len(cell) > 60:
        return None
    found = _header_phrase(cell, key, anywhere)
    if found is None:
        unslipped = _unslipped_header(cell, key)
        if unslipped != cell:
            found = _header_phrase(unslipped, key, anywhere)
    return found


@text_cached(maxsize=4096)
def _unslipped_header(cell: str, key: str) -> str:
    words = _header_words(key)
    out = []
    for word in cell.split():
        low = word.lower()
        near = [w for w in words if one_slip(w, low)] if low not in words and len(low) >= 4 else []
        out.append(near[0] if len(near) == 1 else word)
    return " ".join(out)


@language_cached(maxsize=32)
def _header_words(key: str) -> frozenset[str]:
    """Every word of every language's header phrases under ``key``."""
    return frozenset(w for lang in all_languages() for phrase in lang.words(key) for w in phrase.lower().split())


def _header_phrase(cell: str, key: str, anywhere: bool) -> int | None:
    best = None
    for lang in all_languages():
        tokens = lang.tokens(cell.lower())
        phrases = lang.phrases(key)
        if not tokens or not anywhere and tokens.stems[0] not in phrases.first_stems:
            continue
        m = phrases.first(tokens, 0, min(len(tokens), 4))
        if m is not None and (m.start == 0 or anywhere):
            rank = phrases.ids.index(m.id)
            best = rank if best is None else min(best, rank)
    return best


@text_cached(maxsize=4096)
def provider_column(header: tuple[str, ...]) -> tuple[int, bool] | None:
    """Index of the best provider-like column and whether that header is a strong one."""
    best: tuple[int, int] | None = None
    for col, cell in enumerate(header):
        rank = _header_match(cell, "provider_headers")
        if rank is None:
            weak = _header_match(cell, "weak_provider_headers")
            rank = None if weak is None else 1000 + weak
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, col)
    if best is None:
        return None
    return best[1], best[0] < 1000


@text_cached(maxsize=4096)
def _is_header_word(text: str) -> bool:
    return len(text) <= 40 and (
        provider_column((text,)) is not None or _header_match(text, "other_headers") is not None
    )


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 6 or len(text) > 60 or not any(c.isalpha() for c in text):
        return False
    if text.startswith(("http", "www.")) or "@" in text:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    connectors = _vocabulary()["connectors"]
    return all(
        w[0].isupper()
        or w[0].isdigit()
        or w.lower() in connectors
        or not w[0].isalpha()
        or LEGAL_FORMS.fullmatch(" " + w)
        for w in words
    )


def leading_name(text: str) -> str | None:
    name = _vocabulary()["name_stop"].split(text, maxsplit=1)[0].strip(" .,*")
    if not looks_like_name(name):
        return None
    form = re.match(r",\s*([^\s,;()*]+)", text.lstrip(" *")[len(name) :])
    if form and LEGAL_FORMS.fullmatch(" " + form.group(1).rstrip(".")):
        return f"{name}, {form.group(1)}"  # "Vega Errors, S.L. (Spain)": the form after the comma is the name's
    return name


def _is_label(text: str) -> bool:
    return " ".join(WORD.findall(text.lower())) in _vocabulary()["labels"]


def _flattened_table_names(blocks: list[Block]) -> list[str]:
    """Names from tables flattened to one short paragraph per cell, after a row of header words."""
    names: list[str] = []
    paras = [b.text for b in blocks]
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and _is_header_word(paras[j]):
            j += 1
        width = j - i
        column = provider_column(tuple(paras[i:j])) if width >= 3 else None
        if not column:
            i = max(j, i + 1)
            continue
        col = column[0]
        k = j
        while k + width <= len(paras) and all(
            len(p) <= 120 and not p.endswith(".") or len(p) < 30 for p in paras[k : k + width]
        ):
            candidate = paras[k + col]
            if looks_like_name(candidate) or catalogue().lookup(candidate):
                names.append(candidate)
            k += width
        i = k if k > j else j
    return names


def _recipient_context(text: str, lang_code: str | None) -> bool:
    for code in {lang_code or "en", "en"}:
        lang = language(code)
        if lang.phrases("recipient_words").first_in(text) is not None:
            return True
    return False


_DOMAIN = re.compile(
    r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|ai|net|org|co|app|eu|fr|de|nl|uk|be|es|it|dev|tech|cloud)\b",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"[a-z][A-Z]")


def looks_like_organisation(name: str) -> bool:
    """A company or a product by its own shape: a legal form, a domain, a catalogue entry,
    CamelCase ("HubSpot"), an acronym, or two capitalised words."""
    if catalogue().lookup(name) or LEGAL_FORMS.search(" " + name) or _DOMAIN.search(name) or _CAMEL.search(name):
        return True
    words = name.split()
    capitals = [w for w in words if w[:1].isupper()]
    return len(capitals) >= 2 or any(len(w) >= 3 and w.isupper() and w.isalpha() for w in words)


_VOCABULARY_TABLES = ("data_categories", "purposes", "legal_bases", "recipient_categories")
_VOCABULARY_LISTS = (
    "generic_terms",
    "not_name_labels",
    "weak_provider_headers",
    "provider_headers",
    "other_headers",
    "location_headers",
    "rights",
    "right_words",
    "retention_words",
    "roles",
)


@language_cached(maxsize=16)
def _rejected_words(lang_code: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The words of a policy's own vocabulary (generic service words, labels, headers, rights, data
    categories, purposes ...: every language, since tables mix them), and the function words. A name
    made mostly of them is a heading or a category, not a company."""
    generic: set[str] = set()
    for lang in all_languages():
        for key in _VOCABULARY_LISTS:
            value = lang.data.get(key) or []
            phrases = [p for group in value.values() for p in group] if isinstance(value, dict) else value
            generic |= {w for p in phrases for w in WORD.findall(str(p).lower())}
        for key in _VOCABULARY_TABLES:
            generic |= {w for group in lang.table(key).values() for p in group for w in WORD.findall(str(p).lower())}
    lang = language(lang_code)
    return frozenset(generic), lang.stopwords | language("en").stopwords


@language_cached(maxsize=1)
def _month_words() -> frozenset[str]:
    return frozenset(name for lang in all_languages() for name in lang.months)


_DAY = re.compile(r"\d{1,4}(?:st|nd|rd|th|er|e|º|°)?")


def _day_and_month(lowered: str) -> bool:
    """A date without its year, as a list item starts ("November 20 – Added ...", "1er décembre")."""
    words = lowered.split()
    months = _month_words()
    return any(w in months for w in words) and all(w in months or _DAY.fullmatch(w) for w in words)


@language_cached(maxsize=1)
def _street_words() -> frozenset[str]:
    return frozenset(w for lang in all_languages() for w in lang.words("street_words") | lang.words("street_suffixes"))


# one token of hex digits, or of more digits than letters, eight characters or more: "7f3a9c2e-1b4d-...", "A1B2-3C4D-5E6F"
_IDENTIFIER = re.compile(r"(?=[\w-]{8,}$)(?:[0-9a-fA-F]+(?:-[0-9a-fA-F]+)+|(?=(?:[^\d]*\d){4})[\w-]*\d[\w-]*)")


def _named_with_form(name: str) -> bool:
    """Whether a legal form closes a name ("Acme Company"), not stands alone ("company")."""
    form = LEGAL_FORMS.search(" " + name)
    return form is not None and bool(name[: max(form.start() - 1, 0)].strip(" ,"))


_COOKIE_NAME = re.compile(r"\S*_\S*|[a-z0-9]+(?:-[a-z0-9]+)+")  # "NEXT_LOCALE", "_ga", "intercom-device-id"
_CLAUSE_NUMBER = re.compile(r"(?:\d+\.)+\d*\s+\S")  # "4.1 Audit Rights", "9. Retention"


def _names_a_law(words: list[str], last: str, lang_code: str | None) -> bool:
    """Whether a name is a law's: its last word a law's ("... Privacy Act", "Bundesdatenschutzgesetz"),
    or its first, followed by a lowercase word or a number ("Loi Informatique et Libertés", "Ley
    Orgánica 3/2018"; not "Code Climate")."""
    laws = language(lang_code).words("law_words") | language("en").words("law_words")
    if last in laws or any(last.rstrip("es").endswith(w) or last.endswith(w) for w in laws if len(w) >= 6):
        return True
    return (
        len(words) >= 3
        and words[0].lower() in laws
        and any(w[:1].islower() or any(c.isdigit() for c in w) for w in words[1:])
    )


@language_cached(maxsize=16)
def _office_openings(lang_code: str | None) -> tuple[str, ...]:
    return tuple(f"{w} " for w in language(lang_code).words("officer_titles") | language("en").words("officer_titles"))


def _opens_with_an_office(lowered: str, lang_code: str | None) -> bool:
    return lowered.startswith(_office_openings(lang_code))


def implausible(name: str, lang_code: str | None) -> str | None:
    """Why a candidate is no company's name (None when it may be one): a date, a number, a country, a
    sentence, a label, or only generic words ("Customer Support", "Effective date")."""
    from policywatch.monitor.facts.dates import find_dates
    from policywatch.monitor.facts.transfers import country_names

    words = name.split()
    lowered = " ".join(WORD.findall(name.lower()))
    if not lowered or len(words) > 6 or len(name) > 70:
        return "too long for a name"
    if find_dates(name) or re.fullmatch(r"[\d\s.,/:-]+", name) or _day_and_month(lowered):
        return "a date or a number"
    if re.match(r"(?i)(?:https?://|www\.)", name):
        return "a link, not a name (the row's name cell names the company)"
    if lowered in country_names("en") or lowered in country_names(lang_code or "en"):
        return "a country"
    if all(_COOKIE_NAME.fullmatch(part) for part in name.split(", ")):
        return "a cookie's or a variable's name ('NEXT_LOCALE', 'intercom-session'), not a company"
    known = catalogue().lookup(name) is not None or _named_with_form(name) or bool(_DOMAIN.search(name))
    if known:
        return None
    if _IDENTIFIER.fullmatch(name.strip()):
        return "an identifier (a request or session id), not a name"
    if _CLAUSE_NUMBER.match(name):
        return "a numbered heading ('4.1 Audit Rights'), not a name"
    generic, stopwords = _rejected_words(lang_code)
    split = lowered.split()
    last = (WORD.findall(re.sub(r"\s*\([^()]*\)\s*$", "", name.lower())) or split)[-1]
    if last in language(lang_code).words("institution_words") | language("en").words("institution_words"):
        return "an institution ('Federal Trade Commission', 'Digital Advertising Alliance'), not a company"
    if _names_a_law(words, last, lang_code):
        return "a law ('California Consumer Privacy Act', 'Loi Informatique et Libertés'), not a company"
    if not set(split).isdisjoint(language(lang_code).words("cookie_words") | language("en").words("cookie_words")):
        return "a kind of cookie ('Comfort Cookies', 'Notwendige Cookies'), not a company"
    if any(w.endswith(("'s", "’s")) for w in words[:-1]):
        return "a possessive phrase ('Client’s Staff Members'), not a name"
    if len(split) > 1 and split[0] in stopwords:
        return "a phrase opening with a function word ('At Acme', 'The Member'), not a name"
    if split[0] in language(lang_code).words("own_determiners") | language("en").words("own_determiners"):
        return "a phrase of the policy's own ('Ihr Feedback', 'Our Partners'), not a name"
    if any(c.isdigit() for c in name) and not _street_words().isdisjoint(split):
        return "an address"
    if _opens_with_an_office(lowered, lang_code):
        return "a person named by their office ('Managing Director Jane Smith'), not a company"
    if sum(1 for w in split if w in generic or w in stopwords) * 2 > len(split) and (
        split[0] in generic or split[0] in stopwords or len(split) < 3 or not words[0][:1].isupper()
    ):
        return "a heading or a category, not a company"  # "Cegedim Cloud Services": a brand, then what it sells
    if sum(1 for w in split if w in stopwords) >= 2:
        return "a phrase, not a name"
    lang = language(lang_code)
    tokens = lang.tokens(lowered)
    english = language("en")  # the mechanisms' names are often left in English
    if (
        lang.phrases("mechanisms").first(tokens) is not None
        or english.phrases("mechanisms").first(english.tokens(lowered)) is not None
    ):
        return "a transfer mechanism ('Standard Contractual Clauses', 'the SCCs')"
    for table in ("data_categories", "purposes", "recipient_categories", "legal_bases"):
        covered = sum(m.end - m.start for m in lang.phrases(table).find(tokens))
        if tokens and covered * 2 >= len(tokens):
            return "a category or purpose"
    return None


@language_cached(maxsize=16)
def _cues(lang_code: str | None):
    lang = language(lang_code)
    return lang, lang.phrases("processor_cues_before"), lang.phrases("processor_cues_after")


_NAME_WORD = re.compile(r"[A-Z0-9][\w&'’.+-]*")


def _names_after_cues(text: str, lang_code: str | None) -> list[str]:
    """Companies named in prose next to a cue: "we use Acme Analytics to ...", "hosted by Acme Ltd",
    "Acme Cloud provides ...". The name must look like an organisation by its own shape."""
    lang, before, after = _cues(lang_code)
    if not before.may_occur_in(text) and not after.may_occur_in(text):
        return []
    tokens = lang.tokens(text)
    if not before.may_occur(tokens) and not after.may_occur(tokens):
        return []
    connectors = _vocabulary()["connectors"]
    own = lang.words("own_determiners")
    found: list[str | None] = []
    cues = list(before.find(tokens))
    for m in cues:
        if not _name_at(text[tokens.span(m.start, m.end)[1] :].lstrip(), connectors, True):
            # "alojada en los servidores de Acme, S.L.": a longer cue starting inside this one leads on
            inner = before.first(tokens, m.start + 1)
            m = inner if inner is not None and inner.start < m.end < inner.end else m
        start = tokens.span(m.start, m.end)[1]
        if m.end < len(tokens) and tokens.words[m.end] in own:
            # "handled by our support team", "provided by you"; but "by our payment provider, Acme Ltd"
            # names the company right after the words of its role
            found.append(_company_after_its_role(text[start : start + 100]))
            continue
        following = _past_lead(text[start:], lang.stopwords | lang.words("articles"), lang.words("company_nouns"))
        name = _name_at(following, connectors, True)
        if (
            name
            and _defines_its_acronym(name, following)
            and catalogue().lookup(name) is None
            and not LEGAL_FORMS.search(" " + name)
        ):
            continue  # "Secure Socket Layer (SSL)": a term being defined, not a company
        found.append(name)
    we_forms = tuple(lang.words("we_verb_endings"))
    for m in after.find(tokens):
        end = tokens.span(m.start, m.end)[0]
        if text[end : end + 1].isupper():
            continue  # "Apple App Store": a word of the name, not the verb "stores"
        if we_forms and tokens.words[m.start].endswith(we_forms) and not m.phrase.split()[0].endswith(we_forms):
            continue  # "En Acme tratamos ...": the verb says "we", so the name before it is no subject
        found.append(_name_at(text[:end], connectors, forward=False))
        if "," in text[:end]:  # "Acme Ltd, a company ..., is our DPO": the name is all before the comma
            first = text[:end].split(",")[0].strip(" .;:")
            opening = _name_at(first, connectors, forward=True)
            found.append(opening if opening == first else None)
    cue_words = {w for w in lang.words("processor_cues_before") if " " not in w}
    cue_words |= {w for w in lang.words("company_nouns") if " " not in w}  # "Společnost Acme s.r.o. zpracovává"
    named = [_past_a_cue(n, cue_words) for n in found if n]
    return [n for n in named if looks_like_organisation(n) and not _acronym_after_article(n, text, lang)]


def _past_a_cue(name: str, cue_words: set[str]) -> str:
    """A name read from the start of a sentence whose verb opens it ("Utilizamos Acme Cloud, S.L. para
    alojar ..."): the company after the verb."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in cue_words else name


def _acronym_after_article(name: str, text: str, lang: Language) -> bool:
    """Whether ``name`` is an acronym the text writes after a definite article: a law's or an
    authority's ("The GDPR provides you with rights", "la CNIL"), not a company's, unless the
    catalogue knows it."""
    if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6) or catalogue().lookup(name) is not None:
        return False
    articles = lang.words("definite_articles") | language("en").words("definite_articles")
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        before = WORD.findall(text[: m.start()].lower())[-1:]
        if before and before[0] in articles:
            return True
    return False


def _proper_names_after_cues(text: str, lang_code: str | None) -> list[str]:
    """One capitalised word right after a provider cue in a sentence about data ("we use Umami to
    measure ...", "newsletters sent through Loops"): a company only if the page never writes the
    word in lowercase, which :func:`extract_processors` tells from the whole page. Not in a language
    that capitalises every noun."""
    lang, before, _ = _cues(lang_code)
    if lang.data.get("capitalised_nouns") or not before.may_occur_in(text) or not speaks_of_data(text, lang_code):
        return []  # "works in partnership with Spotlight": a feature, no data
    tokens = lang.tokens(text)
    own = lang.words("own_determiners")
    stop = lang.stopwords | lang.words("articles")
    instruments = lang.words("instrument_words")
    found = []
    for m in before.find(tokens):
        if m.end >= len(tokens) or tokens.words[m.end] in own or m.phrase.lower() in instruments:
            continue  # a preposition of instrument names a technology as often: "pair it via Bluetooth"
        start = tokens.span(m.start, m.end)[1]
        rest = text[start:].split(maxsplit=2)
        word = rest[0] if rest else ""
        bare = word.strip(",.;:()\"'“”")
        if (  # the next word goes on the name when capitalised or a number: "Quarkly Ltd", "Article 6"
            _PROPER.fullmatch(bare)
            and not (len(rest) > 1 and bare == word and rest[1][:1].isalnum() and not rest[1][:1].islower())
            and bare == word.rstrip(",.;:")
            and bare.lower() not in stop
            and not looks_like_organisation(bare)
            and not (len(rest) > 1 and _institution_word(rest[1], lang))
        ):
            found.append(bare)
    return found


def _institution_word(word: str, lang: Language) -> bool:
    """Whether ``word`` is an institution's ("kommissionens", "Kommission"): the capitalised word before it
    opens the institution's name ("Europeiska kommissionens standardavtalsklausuler"), no brand."""
    return lang.stem(word.strip(",.;:()\"'“”").lower()) in _institution_stems(lang.code)


@language_cached(maxsize=16)
def _institution_stems(lang_code: str) -> frozenset[str]:
    lang = language(lang_code)
    return frozenset(lang.stem(w) for w in lang.words("institution_words"))


_PROPER = re.compile(r"[A-Z][a-z]{2,}")


_ASIDE = re.compile(r"\(([^()]{0,120})\)")
_QUOTED_ACRONYM = re.compile(r"[“\"'‘«]\s*([A-Z]{2,6})\s*[”\"'’»]")


def _defined_acronyms(sections: list[Section]) -> frozenset[str]:
    """Acronyms the page defines as its own terms ("Data Processing Addendum (the “DPA”)", "the
    California Consumer Privacy Act (“CCPA”)"); not those it gives a company ("Acme Ltd (“ACME”)")."""
    return frozenset().union(*(_section_acronyms(section_key(s)) for s in sections))


@per_section
def _section_acronyms(key: tuple) -> frozenset[str]:
    text = "\n".join(block[1] for block in key[4])
    found: set[str] = set()
    if "(" in text:
        for m in _ASIDE.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()].rstrip(" ,")
            if not _named_with_form(before.split("\n")[-1]):
                found.update(_QUOTED_ACRONYM.findall(m.group(1)))
                if _initials_of(m.group(1).strip(), before):
                    found.add(m.group(1).strip())  # "Multi-Factor Authentication (MFA)": a term spelt out
    return frozenset(found)


def _initials_of(acronym: str, before: str) -> bool:
    """Whether ``acronym`` is the initials of the words written before it ("Multi-Factor Authentication")."""
    if not re.fullmatch(r"[A-Z]{2,6}", acronym):
        return False
    words = [w for w in re.split(r"[\s\-/]+", before) if w]
    return "".join(w[0] for w in words[-len(acronym) :]).upper() == acronym


def _lowercase_words(sections: list[Section]) -> frozenset[str]:
    """The words a page writes in lowercase somewhere, accents folded ("resend.com" and
    "privacy@resend.com" write no word: a brand's domain is no sign that its name is a common word)."""
    return frozenset().union(*(_section_lowercase(section_key(s)) for s in sections))


@per_section
def _section_lowercase(key: tuple) -> frozenset[str]:
    title, blocks = key[0], key[4]
    written = {w for text in (title, *(b[1] for b in blocks)) for w in _LETTERS.findall(text) if w.islower()}
    return frozenset(_folded(w) for w in written)


_LETTERS = re.compile(r"(?<![\w.@/])[^\W\d_]{2,}(?![\w@/]|\.\w)")  # no part of an address or a domain


def _folded(word: str) -> str:
    if word.isascii():
        return word.casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _common_words(p: Processor, lowercase: frozenset[str], lang_code: str | None) -> bool:
    """Whether every word of ``p``'s name is one the page writes in lowercase elsewhere: a phrase
    written in title case ("Sensitive Information", "Comfort Cookies"), not a brand. A name
    read from a list or table is judged so only when it has two such words or more: a listed
    one-word brand ("Pilot") may be a common word too."""
    if _named_with_form(p.name) or _DOMAIN.search(p.name):
        return False
    stop = language(lang_code).stopwords | _vocabulary()["connectors"]
    words = [_folded(w) for w in _LETTERS.findall(p.name)]
    content = [w for w in words if w not in stop]
    tokens = [t for t in WORD.findall(p.name) if t.lower() not in ("s", "'s", "’s")]  # "Client’s Staff Members"
    # an entry that reads on as a sentence ("Platforms to help us ...") is judged as prose is
    alone = p.listed and not _reads_on(p.name, p.source, language(lang_code).stopwords)
    if not content or len(content) < (2 if alone else 1) or len(words) != len(tokens):
        return False
    return all(w in lowercase for w in content)


def _reads_on(name: str, source: str, stopwords: frozenset[str]) -> bool:
    """Whether a list entry goes on from its first words with a function word ("Platforms to help us
    receive ...", "Responding to requests"): a sentence, where a vendor's entry has a mark ("Acme –
    hosting", "Acme (hosting)")."""
    rest = source[len(name) :].split() if source.startswith(name) else []
    return bool(rest) and rest[0].lower() in stopwords


def _companies_given_data(text: str, lang_code: str | None) -> list[str]:
    """Companies named by their legal form after a word that gives data away and a preposition
    that leads to the receiver ("we share your e-mail address with Larkspur Mail Inc.", "wir geben
    Ihre Adresse an die Larkspur GmbH weiter"). A company before the word is the one giving (the
    controller), and one after another preposition ("the services of Acme Ltd") is no receiver. In
    a language whose verb closes the clause the word may follow the receiver ("... an die Larkspur
    GmbH übermittelt"): there the preposition alone tells the receiver."""
    if not LEGAL_FORMS.search(text):
        return []
    lang = language(lang_code)
    sharing = lang.phrases("sharing_words")
    if not sharing.may_occur_in(text):
        return []
    tokens = lang.tokens(text)
    m = sharing.first(tokens)
    if m is None or lang.denied(tokens, lang.denials(tokens), m.start, m.end):
        return []  # "we never sell your data to Acme Ltd" names no recipient
    after = -1 if lang.data.get("verb_closes_clause") else tokens.span(m.start, m.end)[0]
    to, readers = lang.words("recipient_prepositions"), lang.words("user_subjects")
    return [
        name
        for name, at in organisations_at(text)
        if at > after
        and (
            _receiver_before(WORD.findall(text[:at].lower())[-3:], to, readers)
            or _receiver_before(_before_its_brackets(text, at), to, readers)
        )
    ]


def _before_its_brackets(text: str, at: int) -> list[str]:
    """The words before the bracket a company's name stands in, when it stands in one: the
    receivers a list gives as examples ("to couriers and forwarders (Acme S.p.A., Beta S.r.l.)")
    are led to by the words before it."""
    opened = text.rfind("(", 0, at)
    if opened < 0 or ")" in text[opened:at]:
        return []
    phrase = re.split(r"[,;:.]\s", text[:opened])[-1]  # the receivers' phrase, not the clause before it
    return WORD.findall(phrase.lower())[-6:]


def _receiver_before(words: list[str], to: frozenset[str], readers: frozenset[str]) -> bool:
    """Whether the words before a company lead data to it: "with our affiliate Acme Ltd", not "the
    services of Acme Ltd", nor "sent to you by Acme Ltd" (the reader receives)."""
    last = max((i for i, word in enumerate(words) if word in to), default=None)
    return last is not None and readers.isdisjoint(words[last + 1 :])


def _defines_its_acronym(name: str, text: str) -> bool:
    """Whether ``text`` goes on from ``name`` with the acronym of its words in brackets."""
    rest = text[text.find(name) + len(name) :] if name in text else ""
    m = re.match(r"\s*\(([A-Z]{2,6})\)", rest)
    return m is not None and m.group(1) == "".join(w[0] for w in re.split(r"[\s-]+", name) if w).upper()


def _past_lead(text: str, articles: frozenset[str], nouns: frozenset[str]) -> str:
    """``text`` past a few articles and company nouns ("la société ", "der Firma ", "the company ")."""
    words = text.split(" ")
    i = 0
    while i < len(words) and i < 4:
        word = words[i].lower()
        following = words[i + 1] if i + 1 < len(words) else ""
        if not word or (word in articles and words[i].islower()) or (word in nouns and following[:1].isupper()):
            i += 1
            continue
        break
    return " ".join(words[i:])


def _form_goes_on(following: list[str]) -> bool:
    """Whether the word after a legal form carries the form on: "GmbH & Co. KG", "S.A. de C.V."."""
    if not following:
        return False
    bare = following[0].strip(",.;:()\"'“”")
    # a second form is capitalised ("KG"); "ab" after "GmbH" is a German verb's particle ("wickeln ... ab")
    return bare == "&" or bare[:1].isupper() and bool(LEGAL_FORMS.fullmatch(" " + bare)) or bare.lower() in ("de", "co")


def _company_after_its_role(text: str) -> str | None:
    """A company named by its legal form within a few words of a role ("our payment provider,
    Acme Ltd", "notre prestataire Acme SAS"), or None."""
    first = next(iter(organisations_at(text)), None)
    if first is None:
        return None
    between = text[: first[1]].split()
    return first[0] if 1 <= len(between) <= 4 and not any(w.endswith((".", ";", ":")) for w in between) else None


def _form_of_words(words: list[str]) -> str:
    """The legal form the words start with, as written ("Sp. z o.o."), or ""."""
    m = LEGAL_FORMS.match(" " + " ".join(words))
    return m.group(0).strip(" ,") if m else ""


def _form_next(words: list[str]) -> bool:
    return bool(words) and LEGAL_FORMS.fullmatch(" " + words[0].strip(",.;:()\"'“”")) is not None


def _name_at(text: str, connectors: frozenset[str], forward: bool) -> str | None:
    words = text.split()
    if not forward:
        words = words[::-1]
    taken: list[str] = []
    if not forward and words and words[0].endswith(")"):  # "Acme Ltd (UK) provides": skip the aside
        opening = next((i for i, w in enumerate(words[:6]) if w.startswith("(")), None)
        words = words[opening + 1 :] if opening is not None else words
    for at, word in enumerate(words[:7]):
        if forward and word.startswith("("):
            break  # an aside in brackets ends the name: "Acme Ltd (United Kingdom)"
        if forward and taken and " " in (form := _form_of_words(words[at : at + 4])):
            taken.append(form)  # a form of several words ends the name: "Zentro Hosting Sp. z o.o."
            break
        bare = word.strip(",.;:()\"'“”")
        form_follows = taken and all(LEGAL_FORMS.fullmatch(" " + t) for t in taken) and word.endswith(",")
        if not forward and taken and word != word.rstrip(",.;:)\"'”") and not form_follows:
            break  # read backwards, a word that closes a clause or a quote is before the name ("Acme, Inc." goes on)
        if _NAME_WORD.fullmatch(bare) or (taken and bare.lower() in connectors) or LEGAL_FORMS.fullmatch(" " + bare):
            taken.append(bare)
            if bare != word.strip() and forward:  # punctuation ends the name
                if word.endswith(",") and not LEGAL_FORMS.fullmatch(" " + bare) and _form_next(words[at + 1 : at + 2]):
                    taken[-1] += ","  # "Amadeus IT Group, S.A.": the form after the comma is the name's
                    continue
                if word.endswith(".") and LEGAL_FORMS.fullmatch(" " + bare) and _form_goes_on(words[at + 1 : at + 2]):
                    taken[-1] += "."  # "Zentro GmbH & Co. KG"
                    continue
                break
            if (
                forward
                and taken[:-1]
                and LEGAL_FORMS.fullmatch(" " + bare)
                and not _form_goes_on(words[at + 1 : at + 2])
            ):
                break  # a legal form ends the name: "Hetzner Online GmbH für das Hosting" (German nouns are capitalised)
        else:
            break
    while taken and taken[-1].lower() in connectors:
        taken.pop()
    if not forward:
        taken = taken[::-1]
    return " ".join(taken) or None


@text_cached(maxsize=1024)
def _location_columns(header: tuple[str, ...]) -> list[int]:
    return [
        col
        for col, cell in enumerate(header)
        if _header_match(cell, "location_headers", anywhere=True) is not None or _compound_location(cell)
    ]


@language_cached(maxsize=1)
def _location_endings() -> tuple[str, ...]:
    return tuple(w for lang in all_languages() for w in lang.words("location_headers") if len(w) >= 4 and " " not in w)


def _compound_location(cell: str) -> bool:
    """One compound word that ends in a location word ("Vestigingsland", "Serverstandort")."""
    word = cell.strip().lower()
    return " " not in word and any(word.endswith(end) and len(word) >= len(end) + 3 for end in _location_endings())


def _location(value: str, lang_code: str | None) -> str | None:
    """A table cell's place as a country name when it names one ("USA", "Royaume-Uni"), else as written."""
    from policywatch.monitor.facts.transfers import country_name, country_names

    value = " ".join(value.split())
    if not value or len(value) > 60:
        return None
    names = {**country_names("en"), **country_names(lang_code or "en")}
    written = value.lower()
    isos, rest = set(), list(written)
    for name, iso in names.items():
        for at in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", written):
            isos.add(iso)
            rest[at.start() : at.end()] = " " * (at.end() - at.start())
    words = re.findall(r"\w+", "".join(rest))
    isos |= {
        iso
        for size in (1, 2, 3)
        for at in range(len(words) - size + 1)
        if (iso := _misspelt_country(" ".join(words[at : at + size]), names))
    }
    found = sorted({country_name(iso) for iso in isos})
    return ", ".join(found) if found else value


def _respelt_place(old: str, new: str) -> bool:
    """A place cell with a word slipped ("weltweit" / "welwteit"); never one country for another a
    letter apart ("Ireland" / "Iceland")."""
    from policywatch.monitor.facts.transfers import country_names

    countries = country_names("en")
    pairs = respelt_words(old, new)
    return bool(pairs) and not any(x.casefold() in countries and y.casefold() in countries for x, y in pairs)


def _misspelt_country(written: str, names: dict[str, str]) -> str | None:
    """The country one to three words name with one letter swapped, dropped, added or changed past
    the first ("neiderlande", "united sttaes"), when they are close to exactly one."""
    if len(written) < 5:
        return None
    near = {iso for name, iso in names.items() if one_slip(name, written)}
    return near.pop() if len(near) == 1 else None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
LOG_ENTRY_WORDS = 30  # a change log's line; a longer paragraph is prose that happens to hold a date


@dataclass(frozen=True)
class _LogEntry:
    removal: bool
    when: tuple[int, int, int]
    rest: str  # the line without its date and its words of change: what it names


def _logged_removals(entries: Iterable[_LogEntry]) -> frozenset[str]:
    """The companies (normalised names) a change log's latest line about them removed ("Added Acme
    Ltd" on 2 May, "Removed Acme Ltd" on 9 June: gone)."""
    latest: dict[str, tuple[tuple[int, int, int], bool]] = {}
    for entry in entries:
        name = leading_name(entry.rest) or leading_name(entry.rest.rpartition(":")[2].strip())
        if name:
            key = normalise_name(name)
            if key not in latest or entry.when >= latest[key][0]:
                latest[key] = (entry.when, entry.removal)
    return frozenset(key for key, (_, removal) in latest.items() if removal)


def _change_log_entry(block: Block, lang_code: str | None) -> _LogEntry | None:
    """The line of a change log that ``block`` is, if it is one."""
    return change_log_line(block.text, lang_code) if block.kind in ("item", "para") else None


def change_log_line(text: str, lang_code: str | None) -> _LogEntry | None:
    """``text`` read as the line of a change log, if it is one: it holds a date and a word of change
    ("2 May 2025: Added Acme Ltd", "Suppression de Zentro SAS (15/09/2025)")."""
    if not _YEAR.search(text) or len(text.split()) > LOG_ENTRY_WORDS:
        return None
    from policywatch.monitor.facts.dates import find_dates

    lang = language(lang_code)
    tokens = lang.tokens(text)
    changes = [*lang.phrases("removal_words").find(tokens), *lang.phrases("change_log_words").find(tokens)]
    dates = find_dates(text) if changes else []
    if not dates:
        return None
    removal = lang.phrases("removal_words").first(tokens) is not None
    spans = [tokens.span(m.start, m.end) for m in changes] + [(d.start, d.end) for d in dates]
    rest = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(text))
    when = max((d.year, d.month, d.day or 0) for d in dates)
    return _LogEntry(removal, when, _after_a_label(rest.strip(" :–-—,;()[]\t"), lang_code))


_LABELLED = re.compile(r"(?:^|(?<=[.;]\s)|(?<=\n))([^\W\d][\w /-]{1,30}?)\s*:\s*([^\n.;]+)")


def _details(texts: list[str], lang_code: str | None) -> str | None:
    """None unless ``texts`` describe a vendor by labelled values ("Purpose: Hosting", "Location:
    Germany"); then the location they give ("" when they give none)."""
    described = False
    location = ""
    for text in texts:
        for label, value in _LABELLED.findall(text):
            if not _is_header_word(label.strip()):
                continue
            described = True
            if not location and _header_match(label.strip(), "location_headers", anywhere=True) is not None:
                location = _location(value, lang_code) or ""
    return location if described else None


def _a_bare_name(text: str) -> bool:
    """A short name by its shape, and no word of a table's header ("Purpose", "Location")."""
    return looks_like_name(text) and len(text.split()) <= 4 and not _is_header_word(text) and ":" not in text


def _vendor_entry(block: Block, following: list[Block], lang_code: str | None) -> tuple[str, str | None] | None:
    """(name, location) when ``block`` opens a vendor's entry in a list of recipients: its first line
    a bare name, then labelled details on its own next lines or in the paragraphs ``following`` it
    ("Resend" / "Purpose: Transactional email" / "Location: United States")."""
    name = block.lines[0].strip(" *") if block.lines else ""
    if not _a_bare_name(name):
        return None
    if len(block.lines) > 1:
        rest = ["\n".join(block.lines[1:])]
    else:
        rest = [b.text for b in _labelled_run(following)] or [b.text for b in following[:1]]
    location = _details(rest, lang_code)
    return (name, location or None) if location is not None else None


def _labelled_run(blocks: list[Block]) -> list[Block]:
    """The paragraphs that open ``blocks`` and each give one labelled detail of a vendor ("Purpose:
    Hosting", "Location: Ireland"): a definition list's entries under its term."""
    run = []
    for block in blocks[:6]:
        m = _LABELLED.match(block.text) if block.kind == "para" and "\n" not in block.text else None
        if m is None or not _is_header_word(m.group(1).strip()):
            break
        run.append(block)
    return run


def _country_of_card(blocks: list[Block], lang_code: str | None) -> str | None:
    """The country a vendor's card gives in a paragraph of its own ("Acme Cloud" / "Hosting" / "Ireland")."""
    return next((c for b in blocks[:4] if b.kind == "para" and (c := _country_cell(b.text, lang_code))), None)


def _first_part(value: str) -> str:
    """A value up to its first dash or bracket: "United States – Privacy Policy" -> "United States"."""
    return re.split(r"\s[–—-]\s|\s?\(", value, maxsplit=1)[0].strip(" .")


_ITEM_PARTS = re.compile(
    r"\s[–—|-]\s|\s·\s"
)  # the parts of a list entry written as a row: "OVH SAS – hosting – France"


def _headerless(block: Block) -> bool:
    """Whether a table row stands in a table without a header row: its first row (read as the header,
    as GFM reads every table) names a company where a header names a column ("Acme Ltd | Hosting |
    Ireland")."""
    header = block.cells if block.kind == "header" else block.header
    return len(header) >= 2 and not _is_header_word(header[0]) and _a_company_alone(header[0])


def _listed_after_a_colon(text: str, lang_code: str | None) -> list[tuple[str, str | None]]:
    """The companies a sentence lists after a colon that follows words of recipients ("Als
    Auftragsverarbeiter setzen wir ein: die Acme GmbH (Hosting); die Beta AG (Versand)"), each by
    its legal form or the catalogue, with the country its entry ends in."""
    from policywatch.monitor.clauses import sentences

    if ":" not in text:
        return []
    articles = language(lang_code).words("articles") | language(lang_code).stopwords
    found: list[tuple[str, str | None]] = []
    pieces = sentences(text, lang_code)
    for at, sentence in enumerate(pieces):
        head, colon, rest = sentence.partition(":")
        if not colon or len(head.split()) > 15:
            continue
        # in a language without a file, the recipients' words are unknown: a list of two companies
        # or more, each with its legal form, says enough ("... transmise către: Alfa S.R.L., Beta S.A.")
        by_form = not _recipient_context(head, lang_code)
        if by_form and not (_unknown_language(lang_code) and _companies_by_form(rest, lang_code) >= 2):
            continue
        following = at + 1
        while rest.rstrip().endswith(";") and following < len(pieces):  # the list goes on past each ";"
            rest = f"{rest} {pieces[following]}"
            following += 1
        for entry in _entries(rest, language(lang_code).words("list_conjunctions")):
            words = entry.split()
            while words and words[0].lower() in articles:
                words = words[1:]  # "die Acme GmbH", "la société Beta SAS"
            entry = " ".join(words).strip(" .")
            name = re.split(r"\s\(|\s[–—-]\s", entry, maxsplit=1)[0].strip(" .,")
            for part in _joined_names(name, lang_code):
                if by_form and not _named_with_form(part):
                    continue
                if looks_like_name(part) and _a_company_alone(part):  # not "kept by Acme Ltd"
                    found.append((part, _item_place(entry, lang_code) if part == name else None))
    return found


def _unknown_language(lang_code: str | None) -> bool:
    return lang_code is None or lang_code not in languages()


def _companies_by_form(text: str, lang_code: str | None) -> int:
    """How many legal forms close a name in ``text`` (its conjunctions may be of no known language:
    "Alfa Kft. (tárhely) és Beta Zrt." holds two)."""
    return sum(1 for m in LEGAL_FORMS.finditer(text) if text[: m.start()].strip(" ,"))


def _entries(text: str, conjunctions: frozenset[str]) -> list[str]:
    """The entries of an inline list, split outside brackets at commas, semicolons, a bracket that
    closes before a capital, and joining words between companies ("Acme Ltd (hosting, Ireland),
    Beta S.L. (mail, Spain) y Gamma AB"); a legal form after a comma stays with its name ("Vega
    Cloud, S.L."), and "Smith and Jones LLP" stays one name."""
    merged: list[str] = []
    for chunk in _split_outside_brackets(text, r"\s*[;,]\s*|(?<=\))\s+(?-i:(?=[A-Z]))"):
        if merged and LEGAL_FORMS.match(" " + chunk):
            merged[-1] = f"{merged[-1]}, {chunk}"
        else:
            merged.append(chunk)
    joining = "|".join(re.escape(w) for w in sorted(conjunctions, key=len, reverse=True))
    out: list[str] = []
    for entry in merged:
        pieces = _split_outside_brackets(entry, rf"\s+(?:{joining})\s+") if joining else [entry]
        if len(pieces) > 1 and all(_a_company_alone(re.split(r"\s\(", p)[0].strip(" .")) for p in pieces):
            out.extend(pieces)  # "Acme Ltd y Beta S.L.": two companies; not "Smith and Jones LLP"
        else:
            out.append(entry)
    return out


def _split_outside_brackets(text: str, pattern: str) -> list[str]:
    masked, depth = [], 0
    for c in text:
        depth += c == "("
        masked.append("_" if depth and c not in "()" else c)
        depth -= c == ")" and depth > 0
    pieces, at = [], 0
    for m in re.finditer(pattern, "".join(masked), re.IGNORECASE):
        pieces.append(text[at : m.start()].strip())
        at = m.end()
    pieces.append(text[at:].strip())
    return [p for p in pieces if p]


def _transposed_vendors(blocks: list[Block], lang_code: str | None) -> list[tuple[str, str | None]]:
    """The vendors of a table laid on its side: its first column the labels ("Sub-processor",
    "Purpose", "Location"), each further column one vendor, as narrow screens get them."""
    rows: dict[tuple[str, ...], list[Block]] = {}
    for block in blocks:
        if block.kind == "row" and block.header and block.cells:
            rows.setdefault(block.header, []).append(block)
    found: list[tuple[str, str | None]] = []
    for header, body in rows.items():
        column = provider_column(header[:1])
        if len(header) < 2 or column is None or not column[1] or not all(_is_header_word(r.cells[0]) for r in body):
            continue
        places = next(
            (r.cells for r in body if _header_match(r.cells[0], "location_headers", anywhere=True) is not None), ()
        )
        for at, name in enumerate(header[1:], start=1):
            if looks_like_name(name.strip()):
                found.append((name, _location(places[at], lang_code) if at < len(places) else None))
    return found


def _items_open_with_companies(blocks: list[Block], lang_code: str | None) -> bool:
    """Whether a section's list is one of vendors by its shape: two items or more, nearly all opening
    with a company's name by its legal form or the catalogue ("Acme GmbH (Germany) hosts our servers"),
    under a heading that need not say so ("Who helps us"), and saying what they do with data (a list
    of our offices or investors does not)."""
    items = [b.text for b in blocks if b.kind == "item"]
    firsts = [_a_company_alone(name) for text in items if (name := leading_name(text) or "")]
    if not (sum(firsts) >= 2 and sum(firsts) * 3 >= len(firsts) * 2):
        return False
    lang = language(lang_code)
    return any(lang.phrases(key).first_in(" ".join(items)) is not None for key in ("data_words", "processing_words"))


def _bracket_place(text: str, name: str, lang_code: str | None) -> str | None:
    """The country in the bracket right after a vendor's name ("Sentry (Functional Software, Inc.,
    United States) receives ..."), as its last part."""
    m = re.match(rf"\s*\**{re.escape(name)}\**\s*\(([^()]*)\)", text)
    return _country_cell(re.split(r"[,;]", m.group(1))[-1], lang_code) if m else None


def _item_place(text: str, lang_code: str | None) -> str | None:
    """The country a list entry ends in, as a row's last cell would: "OVH SAS – hosting – France",
    "OVH SAS (hosting, France)", "OVH SAS, hosting, France"."""
    text = text.strip(" .;")
    last = _ITEM_PARTS.split(text)[-1]
    if text.endswith(")") and "(" in last:
        last = last[last.rindex("(") + 1 : -1]
    return _country_cell(re.split(r"[,;]", last)[-1], lang_code)


def _country_cell(cell: str, lang_code: str | None) -> str | None:
    """The country a table cell names, when the cell is nothing but a country's name."""
    from policywatch.monitor.facts.transfers import country_in_any_language, country_name, country_names

    key = " ".join(cell.lower().split()).strip(" .")
    iso = country_names(lang_code or "en").get(key) or country_names("en").get(key)
    if iso is None and lang_code is None and key:
        iso = country_in_any_language(key)  # a page in no language we know: its cells are still countries
    return country_name(iso) if iso else None


_DOTTED_FORMS = frozenset({"inc", "corp", "co", "ltd", "lda", "ltda"})


@language_cached(maxsize=1)
def _column_words() -> frozenset[str]:
    """The one-word column labels of every language: "purpose", "Standort", "locatie"."""
    keys = ("provider_headers", "other_headers", "location_headers")
    return frozenset(w.lower() for lang in all_languages() for key in keys for w in lang.words(key) if " " not in w)


def _after_a_label(name: str, lang_code: str | None) -> str:
    """A change log's line read with the label of what it changed ("Purpose of Zentro Mail GmbH",
    "Doel van Zentro Mail GmbH"): the company after the label and its function word."""
    words = name.split()
    if (
        len(words) >= 3
        and words[0].lower() in _column_words()
        and words[1].islower()
        and words[1] in language(lang_code).stopwords | language("en").stopwords
        and words[2][:1].isupper()
    ):
        return " ".join(words[2:])
    return name


def _with_form_dot(name: str, source: str) -> str:
    """A name whose legal form ends in an abbreviation keeps its dot where the page writes one
    ("Mollie B.V.", "Stripe, Inc."): stripping the sentence's punctuation must not cut the form."""
    form = LEGAL_FORMS.search(" " + name)
    if not form or form.end() != len(name) + 1 or name.endswith(".") or f"{name}." not in source:
        return name
    written = form.group(0).strip(" ,").lower()
    # a form written with dots ("B.V", "S.p.A") or an abbreviation of a word ("Inc", "Corp"); not "GmbH" or
    # "SAS", whose dot ends the sentence
    return f"{name}." if "." in written or written in _DOTTED_FORMS else name


def _places(*locations: str | None) -> str | None:
    """Every place a vendor is given, in the page's order: one named on two rows (two services, two
    regions) is in both."""
    return ", ".join(dict.fromkeys(p for place in locations if place for p in place.split(", "))) or None


@per_section
def _section_processors(key: tuple, lang_code: str | None, doc_is_list: bool) -> tuple[Processor, ...]:
    section = section_from_key(key)
    found: dict[str, Processor] = {}
    cat = catalogue()

    def add(name: str, listed: bool, source: str, location: str | None = None, proper: bool = False) -> None:
        parts = _joined_names(name.strip(" .,;:*"), lang_code)
        if len(parts) > 1:
            for part in parts:
                add(part, listed, source, location, proper)
            return
        name = _with_form_dot(name.strip(" .,;:*"), source)
        if not name or implausible(name, lang_code):
            return
        entity = cat.lookup(name)
        key_ = entity.key if entity else f"name:{normalise_name(name)}"
        if key_ == "name:" or len(key_) < 7:
            return
        prior = found.get(key_)
        if prior is not None and listed == prior.listed and location and prior.location:
            found[key_] = replace(prior, location=_places(prior.location, location))
            return
        if prior is None or listed and not prior.listed:
            found[key_] = Processor(
                key=key_,
                name=prior.name if prior else name,
                listed=listed,
                category=entity.category if entity else None,
                section=section.title,
                location=location or (prior.location if prior else None),
                source=source,
                proper=proper and (prior.proper if prior else True),
            )

    context = doc_is_list or _recipient_context(" ".join((*section.path, section.title)), lang_code)
    mentions_recipients = None  # computed only when a "Label : Name" line needs it
    # a change log's lines read without their dates and words of change ("2 May 2025: Added Acme Ltd"
    # lists Acme Ltd); a line that removes a company lists nothing, nor do earlier lines that added it
    log = {id(b): found_line for b in section.blocks if (found_line := _change_log_entry(b, lang_code)) is not None}
    gone = _logged_removals(log.values())
    blocks = [
        replace(b, text=log[id(b)].rest) if id(b) in log else b
        for b in section.blocks
        if id(b) not in log or not log[id(b)].removal
    ]
    logged = {entry.rest for entry in log.values() if not entry.removal}
    companies_first = _companies_first(blocks) if lang_code is None else frozenset()
    vendor_list = not context and _items_open_with_companies(blocks, lang_code)
    last_vendor = ""  # the vendor of the row before, for a row that leaves its cell empty
    for at, block in enumerate(blocks):
        if block.kind == "row" and block.header in companies_first and _a_company_alone(block.cells[0]):
            location = next(filter(None, (_country_cell(c, lang_code) for c in block.cells[1:])), None)
            add(block.cells[0], True, block.text, location)  # a page in no language we know: the table's shape
            continue
        if context and block.kind in ("row", "header") and _headerless(block):
            if _a_company_alone(block.cells[0]) or cat.lookup(block.cells[0]):
                location = next(filter(None, (_country_cell(c, lang_code) for c in block.cells[1:])), None)
                add(block.cells[0], True, block.text, location)
            continue
        if block.kind == "row" and block.header:
            column = provider_column(block.header)
            if column and (column[1] or context) and column[0] < len(block.cells):
                places = [
                    _location(block.cells[i], lang_code)
                    for i in _location_columns(block.header)
                    if i < len(block.cells)
                ]
                # the entity's country and where the data is kept ("Entity country", "Data location"): either moving counts
                location = _places(*places)
                vendor = block.cells[column[0]].strip()
                if not vendor and at and blocks[at - 1].kind == "row" and blocks[at - 1].header == block.header:
                    vendor = last_vendor  # a row that leaves the vendor's cell empty goes on with the one above
                add(vendor, True, block.text, location)
                last_vendor = vendor
                continue
        if block.kind == "row" and len(block.cells) == 2 and provider_column(block.cells[:1]):
            if looks_like_name(block.cells[1]) or cat.lookup(block.cells[1]):
                add(block.cells[1], True, block.text)
            continue
        if block.kind == "para" and context and _a_company_alone(block.text):
            # a term of a list of recipients, or an accordion's summary, and the details under it
            details = _details([b.text for b in _labelled_run(blocks[at + 1 :])], lang_code)
            add(block.text, True, block.text, details or None)
            continue
        if block.kind == "para" and context:
            entry = _vendor_entry(block, blocks[at + 1 :], lang_code)
            if entry:
                add(entry[0], True, block.text, entry[1])  # "Resend", then "Purpose: ...", "Location: ..."
                continue
            for listed, place in _listed_after_a_colon(block.text, lang_code):
                add(listed, True, block.text, place)  # "We use these processors: Acme Ltd (hosting); Beta AB (...)"
        elif block.kind == "para" and _unknown_language(lang_code) and ":" in block.text:
            for listed, place in _listed_after_a_colon(block.text, lang_code):
                add(listed, True, block.text, place)  # companies by their legal forms, in a language without a file
        if block.kind == "item" and (context or vendor_list):
            entry = _vendor_entry(block, [], lang_code) if len(block.lines) > 1 else None
            if entry:
                add(
                    entry[0], True, block.text, entry[1]
                )  # a term over its labelled description ("Resend" / "Location: ...")
                continue
            first = block.lines[0]  # an entry's name opens its first line; its next lines describe it
            name = leading_name(first)
            if name and (name != first.strip(" .;") or looks_like_organisation(name)):
                # "Name (what it does)", or a bare name that looks like a company; "Name – purpose – Country"
                # ends in where it is, as a table's row would, or its bracket does ("Name (Country) hosts ...")
                place = _item_place(block.text, lang_code) or _bracket_place(block.text, name, lang_code)
                if not place and len(block.lines) > 1:
                    place = _details(
                        block.lines[1:], lang_code
                    )  # "Acme Ltd" / "Location: Ireland": a term and its description
                add(name, True, block.text, place)
        if block.kind not in ("para", "item") or block.link:
            continue  # a block that is one link is an entry of a table of contents ("Appendix: Technical Notes")
        for line in block.lines:  # "Prestataire : Adjust", on a line of its own or of a longer block
            if not (" : " in line or ": " in line[:60]):
                continue
            key_part, _, value = line.partition(":")
            value = value.strip()
            if _is_label(key_part) or len(line) > 90 or not value or not (looks_like_name(value) or cat.lookup(value)):
                continue
            if provider_column((key_part.strip(),)):
                add(value, True, line)  # "Prestataire : Adjust"
                continue
            if _is_header_word(key_part.strip()) or ";" in value or _country_cell(_first_part(value), lang_code):
                continue  # "Purpose: Analytics", "Personal Data processed: Trackers; Usage Data", "Place: Ireland"
            if mentions_recipients is None:
                mentions_recipients = context or _recipient_context(section.text[:3000], lang_code)
            if mentions_recipients:
                add(value, True, line)
    for name in _flattened_table_names([b for b in blocks if b.kind == "para"]):
        add(name, True, name)
    for name, place in _transposed_vendors(blocks, lang_code):
        add(name, True, name, place)
    named_here = [p.name.casefold() for p in found.values()]
    rows_named = {p.source for p in found.values() if p.listed}  # rows whose vendor cell gave a vendor
    for block in blocks:
        for sentence in sentences(block.text, lang_code) if block.kind == "para" else [block.text]:
            cued, catalogued, about, proper = _prose_names(sentence, lang_code)
            for name in cued:
                add(name, False, sentence)
            for name in proper:
                add(name, False, sentence, proper=True)
            if not (about or context) and block.kind == "para" and running_prose(sentence):
                continue  # "follow us on Instagram": a brand named in passing
            for written in catalogued:
                if any(written.casefold() in name for name in named_here):
                    continue  # "Acme Cloud Ltd" inside the listed "Acme Cloud Ltd (Acme Analytics)"
                if block.kind == "row" and block.text in rows_named and " " not in written and written in block.cells:
                    continue  # a one-word brand that is a whole cell of a row naming its vendor: the cell's word ("Drift" is operation)
                add(written, False, sentence)
    details = _details([b.text for b in section.blocks[:4]], lang_code) if context and section.title else None
    if context and (_a_company_alone(section.title) or details is not None and _a_bare_name(section.title)):
        # one heading per recipient ("Acme Analytics Ltd", or "Resend" over "Purpose: ...", "Location: ...")
        add(section.title, True, section.title, details or _country_of_card(section.blocks, lang_code))
    else:
        for _, written, _ in cat.mentions_at(section.title, prose=True):
            add(written, False, section.title)
    return tuple(p for p in found.values() if not (gone and _logged_then_removed(p, logged, gone)))


def _logged_then_removed(p: Processor, logged: set[str], gone: frozenset[str]) -> bool:
    """Whether ``p`` was read from a change log's line that added it, and a later line removed it."""
    return normalise_name(p.name) in gone and any(p.source in text or text in p.source for text in logged)


def _joined_names(name: str, lang_code: str | None) -> list[str]:
    """The names a list joins into one candidate ("RevenueCat et Apple", "Stripe, Adyen and
    Mollie B.V."), when each of them is a known company by itself; else the candidate whole
    ("Marks and Spencer" stays one name)."""
    conjunctions = language(lang_code).words("list_conjunctions")
    words = "|".join(re.escape(c) for c in sorted(conjunctions, key=len, reverse=True))
    pattern = rf"\s*,\s*(?:(?:{words})\s+)?|\s+(?:{words})\s+" if words else r"\s*,\s*"
    parts: list[str] = []
    for part in (p.strip(" .") for p in re.split(pattern, name)):
        if parts and part and not _named_with_form(part) and LEGAL_FORMS.fullmatch(" " + part):
            parts[-1] = f"{parts[-1]}, {part}"  # "Pinecone Systems, Inc.": the form goes with its name
        elif part:
            parts.append(part)
    if len(parts) < 2:
        return [name]
    keys = set()
    for part in parts:
        entity = catalogue().lookup(part)
        if entity is None and not _named_with_form(part):
            return [name]
        keys.add(entity.key if entity else normalise_name(part))
    return parts if len(keys) == len(parts) else [name]


def _in_an_address(text: str, at: int) -> bool:
    """Whether offset ``at`` falls in a postal address of ``text``: a street or a town named after
    someone or something ("quai Claude Bernard", "Amazon Way") names no company."""
    from policywatch.monitor.facts.contacts import address_spans

    return any(a <= at < b for a, b in address_spans(text))


@text_cached(maxsize=8192)
def _prose_names(
    sentence: str, lang_code: str | None
) -> tuple[tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]]:
    """The names a sentence gives as receivers (after a cue, or given data), the catalogue names it
    holds, and whether it names them as handling data (:func:`about_processing`): read once for
    both versions, whose changed sections share most sentences."""
    cued = (*_names_after_cues(sentence, lang_code), *_companies_given_data(sentence, lang_code))
    named = list(catalogue().named_at(sentence, prose=True))
    if named and any(c.isdigit() for c in sentence):
        named = [m for m in named if not _in_an_address(sentence, m[2])]  # "18 quai Claude Bernard"
    spans = tuple((start, start + len(written)) for _, written, start in named)
    about = bool(named) and about_processing(sentence, lang_code, spans)
    proper = tuple(n for n in _proper_names_after_cues(sentence, lang_code) if n not in cued)
    return cued, tuple(written for _, written, _ in named), about, proper


def _companies_first(blocks: list[Block]) -> frozenset[tuple[str, ...]]:
    """The headers (in words of no language file) of tables whose first column is companies: two
    rows or more, nearly all a company by its legal form or the catalogue ("Paytrail Oyj | Maksunvälitys
    | Suomi"). On a page in a language we have no words for, that shape is what says who receives data."""
    rows: dict[tuple[str, ...], list[bool]] = {}
    for block in blocks:
        if block.kind == "row" and block.header and block.cells:
            rows.setdefault(block.header, []).append(_a_company_alone(block.cells[0]))
    return frozenset(
        header
        for header, firsts in rows.items()
        if sum(firsts) >= 2 and sum(firsts) * 3 >= len(firsts) * 2 and provider_column(header) is None
    )


def _a_company_alone(text: str) -> bool:
    """Whether ``text`` is nothing but a company's name: a few words that a legal form closes, or
    one catalogue name."""
    text = text.strip(" .:")
    if not text or "\n" in text or ": " in text or len(text.split()) > 6:
        return False  # "New sub-processor: Acme LLP" is a label and a name, read as such
    form = LEGAL_FORMS.search(" " + text)
    if form and form.end() >= len(text):
        return True
    mentions = list(catalogue().mentions_at(text))
    return len(mentions) == 1 and len(mentions[0][1]) >= len(text) - 1


def extract_processors(
    sections: list[Section],
    title: str | None = None,
    lang_code: str | None = "en",
    within: list[Section] | None = None,
    keys: set[str] | None = None,
) -> list[Processor]:
    """The processors of a policy. With ``within`` and ``keys``: only those keys, read from only
    those of its sections (the ones that can name them)."""
    doc_is_list = bool(title and _recipient_context(title, lang_code))
    headings = {" ".join(WORD.findall(s.title.lower())) for s in sections if s.title}
    own = f" {' '.join(WORD.findall(title.lower()))} " if title else ""
    read = sections if within is None else within
    parties: frozenset[str] | None = None  # read only when a company named in prose needs it
    lowercase: frozenset[str] | None = None  # likewise, for a name the catalogue does not know
    defined: frozenset[str] | None = None  # and for an acronym
    processors: dict[str, Processor] = {}
    for section in read:
        for p in _section_processors(section_key(section), section_language(section, lang_code), doc_is_list):
            if keys is not None and p.key not in keys:
                continue
            if p.key.startswith("name:"):
                lowercase = _lowercase_words(sections) if lowercase is None else lowercase
                if _common_words(p, lowercase, lang_code):
                    continue  # "we use Cookies to ...": words the page writes, not a name
                defined = _defined_acronyms(sections) if defined is None else defined
                if p.name in defined:
                    continue  # "this Data Processing Addendum (the “DPA”)": a term the page defines
            if not p.listed:
                parties = _controllers(read, lang_code) if parties is None else parties
                if normalise_name(p.name) in parties:
                    continue  # the controller itself, named in prose
            elif p.key.startswith("name:") and not LEGAL_FORMS.search(" " + p.name):
                parties = _controllers(read, lang_code) if parties is None else parties
                if _the_controllers_brand(p.name, parties):
                    continue  # "PHPSESSID | Acme | ..." in a cookie table: the site itself, not a recipient
            if (
                not p.key.startswith("cat:")
                and " ".join(WORD.findall(p.name.lower())) in headings
                and not _a_company_alone(p.name)
                and not (p.listed and p.source == p.section == p.name)  # a vendor's own heading, over its details
            ):
                continue  # a heading of the policy is not a company ("Recipients", "Service Providers")
            if not p.listed and f" {normalise_name(p.name)} " in own:
                continue  # the company the page is about ("Acme, Inc. uses these subprocessors"), named in its title
            prior = processors.get(p.key)
            if prior is None:
                processors[p.key] = p
            elif p.listed and not prior.listed:
                processors[p.key] = replace(
                    prior, listed=True, section=p.section, source=p.source, location=p.location or prior.location
                )
            elif p.location and (not prior.location or p.listed == prior.listed):
                processors[p.key] = replace(prior, location=_places(prior.location, p.location))
    if any(p.proper for p in processors.values()):
        named = {
            w
            for section in sections
            for q in _section_processors(section_key(section), section_language(section, lang_code), doc_is_list)
            if not q.proper
            for w in WORD.findall(q.name.lower())
        }
        # "sent by Zentro" where the page names Zentro Cloud Ltd: the same company, said short
        return [p for p in processors.values() if not p.proper or p.name.lower() not in named]
    return list(processors.values())


def _candidates(
    old: Policy, new: Policy, changed: tuple[Policy, Policy]
) -> tuple[set[str], list[Section], list[Section]] | None:
    """The processor keys whose reading may differ between two versions, and the sections of each
    version that can name them. A key differs when the changed sections of the two versions read
    it differently, or when it is named by a name whose standing the changed sections alter (a
    controller they name, a heading they change). Its sections are the changed ones and every
    shared one that holds all the words of one of its names. None when the versions differ as a
    whole (title, language)."""
    if old.title != new.title or old.language != new.language:
        return None
    lang_code = old.language
    doc_is_list = bool(old.title and _recipient_context(old.title, lang_code))
    own = {id(section) for part in changed for section in part.sections}

    def entries(part: Policy) -> dict[str, list[Processor]]:
        out: dict[str, list[Processor]] = {}
        for section in part.sections:
            for p in _section_processors(section_key(section), section_language(section, lang_code), doc_is_list):
                out.setdefault(p.key, []).append(p)
        return out

    before, after = entries(changed[0]), entries(changed[1])
    keys = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    headings = [{" ".join(WORD.findall(s.title.lower())) for s in part.sections if s.title} for part in changed]
    parties = [_controllers(part.sections, lang_code) for part in changed]
    standing = (parties[0] ^ parties[1]) | (headings[0] ^ headings[1])  # names counted in one version only
    cat = catalogue()
    names = [p.name for key in keys for p in (*before.get(key, ()), *after.get(key, ()))] + list(standing)
    shared = [s for policy in (old, new) for s in policy.sections if id(s) not in own]
    read: set[int] = set()
    seen: set[frozenset[str]] = set()
    while names:
        for key in keys:
            entity = cat.by_key(key)
            if entity:
                names += [entity.name, *entity.aliases, *entity.former, *entity.domains]
        wanted = {word_set_of(name) for name in names} - seen - {frozenset()}
        seen |= wanted
        names = []
        for section in shared:
            if id(section) in read:
                continue
            words = word_set_of(f"{section.title}\n{section.text}")
            if not any(w <= words for w in wanted):
                continue
            read.add(id(section))
            for p in _section_processors(section_key(section), section_language(section, lang_code), doc_is_list):
                if p.key in keys:
                    continue
                if normalise_name(p.name) in standing or " ".join(WORD.findall(p.name.lower())) in standing:
                    keys.add(p.key)
                    names.append(p.name)
    within = tuple([s for s in policy.sections if id(s) in own or id(s) in read] for policy in (old, new))
    return keys, within[0], within[1]


def _the_controllers_brand(name: str, controllers: frozenset[str]) -> bool:
    """Whether ``name`` (no legal form of its own) is the controller's name without its legal form,
    or the distinctive part of it ("Zentrova" of "Pekárna Zentrova s.r.o.")."""
    words = set(normalise_name(name).split())
    return bool(words) and any(words <= set(controller.split()) for controller in controllers)


def _controllers(sections: list[Section], lang_code: str | None) -> frozenset[str]:
    """The organisations the policy names as its controller (a representative or a DPO firm it
    appoints does work for it, as a processor does), and the people it names in a role ("we have
    appointed Jane Smith as our DPO": a person, no company)."""
    from policywatch.monitor.facts.contacts import role_organisations, role_people

    return frozenset(normalise_name(org) for org in role_organisations(sections, "controller", lang_code)) | frozenset(
        normalise_name(person) for person in role_people(sections, lang_code)
    )


def processor_level(p: Processor) -> str:
    """Material, but minor for a platform named in prose (an example more than a recipient) and for
    a name of one capitalised word read by its place alone: "we use Resend" and "we use Pixels" read
    alike, so such a name is told, not alarmed on."""
    return "minor" if p.proper or not p.listed and p.category in SOFT_CATEGORIES else "material"


def _still_written(text: str, policy: Policy) -> bool:
    """Whether ``text`` (a row, an item, a sentence) stands in ``policy``, however re-cut or re-marked."""
    from policywatch.monitor.sectiondiff import document_holds

    return bool(text) and document_holds(policy, text)


def _respelt(p: Processor, policy: Policy, versions: tuple[Policy, Policy]) -> bool:
    """Whether ``policy`` holds the sentence that names ``p`` with one word misspelt or fixed (a
    misspelt "Standard Contractual Clasues" is no company, nor its fix a company gone), or writes
    its name with a word slipped in the same section ("Added MoongoDB Limited" in a change log)."""
    from policywatch.monitor.sectiondiff import holds_respelt

    return holds_respelt(policy, p.section, p.source, versions) or any(
        slipped_in(p.name, f"{s.title}\n{s.text}") for s in policy.sections if s.title == p.section
    )


def _named_anyway(p: Processor, policy: Policy) -> bool:
    """Whether the vendor of ``p`` (named in prose) is still named somewhere in ``policy``: a sentence
    reworded around it may no longer read it as a recipient, which is no change of recipients."""
    from policywatch.monitor.sectiondiff import document_holds

    entity = catalogue().by_key(p.key)
    names = [p.name, *(entity.aliases if entity else ()), *([entity.name] if entity else [])]
    if not any(document_holds(policy, name) for name in names):
        return False
    if entity is None:
        return True
    lowered = [name.lower() for name in names]
    for section in policy.sections:  # named as the vendor, not as a street's words ("quai Claude Bernard")
        for block in section.blocks:
            text = block.text
            if not any(name in text.lower() for name in lowered):
                continue
            for found, _, at in catalogue().named_at(text, prose=block.kind != "row"):
                if found.key == entity.key and not (any(c.isdigit() for c in text) and _in_an_address(text, at)):
                    return True
    return False


def _renamed_in_place(events: list[Event], before: dict[str, Processor], after: dict[str, Processor]) -> list[Event]:
    """A vendor removed and one added in the same row or sentence, whose other cells or words are
    unchanged, under a name that is the first's renamed or respelt (see :func:`renamed_as`): the
    vendor renamed, not replaced."""
    removed = {e.fields["name"]: e for e in events if e.type == "processor_removed"}
    added = {e.fields["name"]: e for e in events if e.type == "processor_added"}
    if not removed or not added:
        return events
    old_by_name = {p.name: p for p in before.values()}
    new_by_name = {p.name: p for p in after.values()}
    out = [e for e in events if e.type not in ("processor_removed", "processor_added")]
    for name in list(removed):
        p = old_by_name.get(name)
        for new_name in list(added):
            q = new_by_name.get(new_name)
            if p is None or q is None or p.listed != q.listed:
                continue
            if p.section.replace(p.name, "") != q.section.replace(q.name, ""):
                continue  # the same section, or one titled by the vendor's name
            if p.source.replace(p.name, "") != q.source.replace(q.name, ""):
                continue
            if renamed_as(p.name, q.name):
                out.append(Event("processor_renamed", "minor", {"old": p.name, "new": q.name}))
                del removed[name], added[new_name]
                break
    return out + list(added.values()) + list(removed.values())


def _newly_there(p: Processor, twin: Processor | None, other: Policy, versions: tuple[Policy, Policy]) -> bool:
    """Whether ``p`` is a vendor the ``other`` version does not have: not read there (``twin`` is
    None), or read there only in passing where ``p`` is listed; and not still written there, as it
    is or slipped."""
    if twin is not None and not (p.listed and not twin.listed):
        return False
    if _still_written(p.source, other) or _respelt(p, other, versions):
        return False
    return twin is None or not slipped_in(p.name, twin.source)  # still listed, its name slipped


class Processors(FactKind):
    name = "processors"
    events = ("processor_added", "processor_removed", "processor_renamed", "processor_changed")
    order = 10
    salient = True
    label = "Processors and recipients"
    incremental = "section"

    def read(self, policy: Policy) -> list[Processor]:
        return extract_processors(policy.sections, policy.title, policy.language)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        return self.events_between(old.facts[self.name], new.facts[self.name], old, new)

    def recheck(self, old: Policy, new: Policy, changed: tuple[Policy, Policy]) -> list[Event]:
        """Reads only the processors the changed sections name (see :func:`_candidates`)."""
        found = _candidates(old, new, changed)
        if found is None:
            return self.compare(old, new)
        keys, old_within, new_within = found
        return self.events_between(
            extract_processors(old.sections, old.title, old.language, old_within, keys),
            extract_processors(new.sections, new.title, new.language, new_within, keys),
            old,
            new,
        )

    def events_between(self, old_found: list[Processor], new_found: list[Processor], old: Policy, new: Policy):
        before = {p.key: p for p in old_found}
        after = {p.key: p for p in new_found}
        versions = (old, new)
        events = []
        for key, p in after.items():
            prior = before.get(key)
            if prior is None and not p.listed and _named_anyway(p, old):
                continue  # named in passing before, in a sentence that did not read it as a recipient
            if _newly_there(p, prior, old, versions):
                events.append(Event("processor_added", processor_level(p), {"name": p.name, "section": p.section}))
            elif prior is not None:
                events += self._same_vendor(prior, p, versions)
        for key, p in before.items():
            later = after.get(key)
            if later is None and not p.listed and _named_anyway(p, new):
                continue
            if _newly_there(p, later, new, versions):
                events.append(Event("processor_removed", processor_level(p), {"name": p.name, "section": p.section}))
        return _renamed_in_place(events, before, after)

    @staticmethod
    def _same_vendor(old: Processor, new: Processor, versions: tuple[Policy, Policy]) -> list[Event]:
        events = []
        entity = catalogue().by_key(new.key)
        if entity and old.name != new.name and normalise_name(old.name) != normalise_name(new.name):
            former = {f.lower() for f in entity.former}
            if old.name.lower() in former or any(f in old.name.lower() for f in former):
                events.append(Event("processor_renamed", "minor", {"old": old.name, "new": new.name}))
            elif (
                _named_with_form(old.name)
                and _named_with_form(new.name)
                and not (_still_written(old.name, versions[1]) or _still_written(new.name, versions[0]))
            ):
                # "Acme Cloud LLC" -> "Acme Cloud Ireland Ltd": the same vendor, contracting through another
                # company; while both stay named, only the one named first changed
                events.append(
                    Event(
                        "processor_changed",
                        "minor",
                        {"name": new.name, "what": "legal entity", "old": old.name, "new": new.name},
                    )
                )
        if (
            old.location
            and new.location
            and old.location.casefold() != new.location.casefold()
            and not _respelt_place(old.location, new.location)
        ):
            events.append(
                Event(
                    "processor_changed",
                    "material",
                    {"name": new.name, "what": "location", "old": old.location, "new": new.location},
                )
            )
        return events

    def describe(self, event: Event) -> str:
        f = event.fields
        if event.type == "processor_renamed":
            return f"processor renamed: {f['old']} {ARROW} {f['new']}"
        if event.type == "processor_changed":
            return (
                f"processor {f['name']}: {f['what']} changed from {f.get('old') or 'none'} to {f.get('new') or 'none'}"
            )
        return f"{event.type.replace('_', ' ')}: {f['name']}" + (f" (in '{f['section']}')" if f.get("section") else "")

    def headline(self, event: Event) -> str:
        f = event.fields
        if event.type == "processor_renamed":
            return f"processor renamed ({f['old']} {ARROW} {f['new']})"
        if event.type == "processor_changed":
            return f"processor {f['what']} changed ({f['name']})"
        return f"{event.type.replace('processor_', 'processor ')} ({f.get('name')})"

    def glance(self, value: list[Processor]) -> list[str]:
        return [
            p.name + (f" ({p.category})" if p.category else "") + (f", {p.location}" if p.location else "")
            for p in value
        ]


register(Processors())
