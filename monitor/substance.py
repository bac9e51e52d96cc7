"""Whether a change inside a policy changes what it says (substance) or only how (wording).

Sections are compared clause by clause. A clause that is only moved (it is found anywhere in the
other version) is no change. A replaced clause is *wording* when it keeps its numbers, periods,
negations, modal strength ("may" vs "will"), named parties, data categories, purposes, legal
bases, recipients and rights, and the items of its lists; otherwise it is *substance*. An added or
removed clause is substance when it states one of those facts. A term replaced throughout the
document (a law's new name, a company's new name) is one *rename*. What a clause says about the
update itself ("We added more detail about cookies") announces changes; it is not one.

Every word read here comes from the language files (see :mod:`monitor.lang`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from os.path import commonprefix

from policywatch.monitor.catalogue import catalogue, legal_form, opens_a_company_name, renamed_as
from policywatch.monitor.facts import ARROW
from policywatch.monitor.lang import (
    CJK_CHAR,
    WORD,
    Language,
    PhraseSet,
    Tokens,
    all_languages,
    language,
    language_cached,
    text_cached,
)
from policywatch.monitor.mentions import about_processing, running_prose
from policywatch.monitor.textdiff import DELETE, EQUAL, INSERT, word_diff
from policywatch.monitor.words import slipped_in

CONCEPT_TABLES = ("data_categories", "purposes", "legal_bases", "recipient_categories", "mechanisms")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PLACEHOLDER = re.compile(r"\S*\[email[\s\u00a0]+protected\]\S*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SEPARATORS = re.compile(r"^[\s,;/]*$")
_LEGAL_NAME = re.compile(
    r"\b([A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|de|of|and|und|et|van))*),?\s+"
    r"(?=(?:Inc|Ltd|LLC|GmbH|SAS|SARL|S\.A\.|B\.V\.|N\.V\.|S\.r\.l|S\.p\.A|PLC|AG|AB|ApS|Oy|Oyj|SE|Limited|Corp|"
    r"(?:(?<=[a-zæøåäöüé]\s)|(?<=[a-zæøåäöüé],\s))(?:ASA|AS)|"
    r"Corporation|[Ss]p\. z o\.o|s\.r\.o|d\.o\.o|Kft)\b)"
)


@dataclass(frozen=True)
class Features:
    """What a clause states, for telling substance from wording."""

    numbers: tuple[str, ...]  # numbers that are not references ("section 4") nor dates
    negations: int
    modals: frozenset[str]  # possibility / obligation / intention
    concepts: frozenset[str]  # "data_categories:health", "purposes:ai_training", "rights:*" ...
    parties: frozenset[str]  # catalogue vendors, companies with a legal form, countries
    stems: frozenset[str]  # content words (no function words)
    notice: bool  # speaks of the update itself
    denied: frozenset[str] = frozenset()  # concepts named only after a negation ("we do not sell ...")
    reader_modals: frozenset[str] = frozenset()  # said of the reader: "you can write to us"
    phones: frozenset[str] = frozenset()  # phone numbers in E.164 form: one number however written
    versions: tuple[str, ...] = ()  # the document's own version numbers: "3.2" of "version 3.2"
    registrations: tuple[str, ...] = ()  # company registration and tax numbers: "P.IVA 01234567890"
    dates: tuple[str, ...] = ()  # the numbers of the dates it gives: "27 December 2031" -> 27, 2031
    addresses: tuple[str, ...] = ()  # postal addresses, as compared (see facts.contacts.address_key)
    term_period: bool = True  # gives a period that is not "since N years" (see _about_terms)
    restrictions: int = 0  # words that narrow what the clause allows: "only", "solely", "ausschließlich"
    said_to_the_reader: bool = False  # a narrowing of what the reader must do ("you only need to ...")
    answers: tuple[str, ...] = ()  # a table row's cells that answer alone, "yes", "no" or "" ("Collected | No")
    future: bool = False  # its obligation is only a future auxiliary: "we will delete it" says "we delete it"
    reader_bound: bool = False  # an obligation said of the reader that is more than a future: "you must object"
    choices: int = 0  # words that leave a thing to the reader: "optional", "freiwillig", "facultatif"
    bound: str = ""  # how a number is bounded: "at most" ("up to 24 months"), "at least", or "" (either or none)


def normalise(text: str) -> str:
    """A clause as compared: without link targets, with e-mail addresses and their obfuscation
    placeholders as one token (a placeholder means "an address is here"; a real address that
    changed is found apart, see :func:`email_change`)."""
    if "@" in text or "[" in text:
        text = _PLACEHOLDER.sub(" <email> ", text)
        text = _EMAIL.sub(" <email> ", text)
    if "://" in text or "www." in text or "WWW." in text:
        text = _URL.sub(" ", text)
    return " ".join(text.split())


_PUNCTUATION = re.compile(r"[^\w\s<>]+")


def clause_key(text: str, dates: str | tuple[str, ...] | None = None) -> str:
    """A clause as compared: canonical, case-folded, without punctuation or link targets, the
    policy's own date (``dates``: as either version writes it) masked."""
    from policywatch.monitor.canonical import canonical_text

    for date_text in (dates,) if isinstance(dates, str) else dates or ():
        text = text.replace(date_text, "<date>")
    key = canonical_text(normalise(text)).casefold()
    return " ".join(_PUNCTUATION.sub(" ", key).split())


def _example_spans(lang: Language, tokens: Tokens) -> list[tuple[int, int]]:
    """Token ranges that illustrate ("such as X or Y"): from the marker to the end of the clause."""
    return [(m.end, len(tokens)) for m in lang.phrases("example_markers").find(tokens)]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    return any(a <= position < b for a, b in spans)


@language_cached(maxsize=16)
def _countries(code: str):
    from policywatch.monitor.facts.transfers import _countries as country_phrases

    return country_phrases(code)


def _names_a_region(text: str, start: int, written: str) -> bool:
    from policywatch.monitor.facts.transfers import _names_a_region as names_a_region

    return names_a_region(text, start, written)


def _written_as_country(written: str, name: str) -> bool:
    from policywatch.monitor.facts.transfers import written_as_country

    return written_as_country(written, name)


def _country_cells(text: str) -> set[str]:
    """On a page in no language we know, the cells of a table row that are a country's name in any
    language ("Acme Ltd | Hosting | İrlanda"): where the row says its vendor keeps data."""
    from policywatch.monitor.facts.transfers import country_in_any_language

    if " | " not in text:
        return set()
    return {f"country:{iso}" for cell in text.split(" | ") if (iso := country_in_any_language(cell))}


def _vendors_handle_data(text: str, code: str | None) -> bool:
    """Whether the vendors ``text`` names are named as handling data, not in passing ("follow us
    on Instagram")."""
    spans = tuple((start, start + len(written)) for _, written, start in catalogue().mentions_at(text))
    return about_processing(text, code, spans)


# Rights a reader is told they "can" exercise without the word "right": "you can object", "vous
# pouvez vous y opposer", "puede presentar una reclamación". Access and erasure are left out: "you
# can access your settings", "you can delete a photo" tell how to use a product.
READER_RIGHTS = frozenset(
    ("objection", "restriction", "portability", "withdraw_consent", "opt_out", "complaint", "appeal")
)


def _reader_rights(lang: Language, tokens: Tokens, reader_modals: list) -> list[tuple[str, int, int]]:
    """The rights a clause grants by a modal said of the reader, within a few words after it (a
    verb-final language's verb may stand further away)."""
    forms = lang.words("reader_modal_words")
    starts = [m.end for m in reader_modals if m.id == "possibility"]
    starts += [i + 1 for i, word in enumerate(tokens.words) if word in forms]
    if not starts:
        return []
    gap = int(lang.data.get("phrase_gap_words") or 5)
    return [
        (f"rights:{m.id}", m.start, m.end)
        for m in lang.phrases("rights").find(tokens)
        if m.id in READER_RIGHTS and any(0 <= m.start - at <= gap for at in starts)
    ]


@text_cached(maxsize=16384)
def features(text: str, code: str | None) -> Features:
    from policywatch.monitor.facts.contacts import (
        address_key,
        address_line,
        address_lines,
        address_spans,
        phone_spans,
        registration_number_at,
    )

    lang = language(code)
    plain = normalise(text)
    phones = phone_spans(plain, code)
    for start, end, _ in phones:  # its digits are no numbers of the clause: "(0)117" is "117"
        plain = plain[:start] + " " * (end - start) + plain[end:]
    tokens = lang.tokens(plain)
    addresses = address_lines(plain) if any(c.isdigit() for c in plain) else []
    if not addresses and any(c.isdigit() for c in plain) and address_line(plain):
        addresses = [plain]  # one line of an address block: "Musterweg 5", "10115 Berlin"
    at_address = address_spans(plain, addresses)
    examples = _example_spans(lang, tokens)
    stopwords = lang.stopwords
    reference_words = lang.words("reference_words") | lang.words("article_words")
    conjunctions = lang.words("list_conjunctions")
    version_words = lang.words("version_words")
    number_words = lang.table("number_words")
    numbers = []
    durations = _durations(lang, tokens)
    times = _times_of_day(lang, tokens, durations)
    last = (-9, "")  # (token, value) of the number counted last
    reference = -9  # the token of the last number that names a part or version ("section 4.2")
    references: list[str] = []
    registrations: list[str] = []
    registered = -2  # the token that last extended a registration number
    dated: list[str] = []  # the numbers of dates: a date moved is said, never a new number
    since_words = lang.words("since_words")
    term_period = False
    for i, word in enumerate(tokens.words):
        # number words for one are articles too ("a", "un", "ein"): only other numbers count, and a
        # period of one ("one year", "a year" for "12 months")
        if word.isdigit() or number_words.get(word, 1) != 1 or i in durations:
            previous = tokens.words[i - 1] if i else ""
            if at_address and any(a <= tokens.starts[i] < b for a, b in at_address):
                continue  # a street number or postcode: the address is compared as a whole
            if i in times:
                continue  # opening hours: "9 am to 5 pm", "9h-18h", "9:00"
            if word.isdigit() and registration_number_at(plain, tokens.starts[i]):
                registrations.append(word)
                registered = i
                continue
            if (
                word.isdigit()
                and registered == i - 1
                and plain[tokens.ends[i - 1] : tokens.starts[i]] in (" ", "\xa0", "-")
            ):
                registrations[-1] += word  # "918 443 207", "2845123-7": one number written in groups
                registered = i
                continue
            if previous in reference_words or plain[max(0, tokens.starts[i] - 2) : tokens.starts[i]].strip() == "§":
                references.append(word if previous in version_words else "")
                reference = i
                continue
            if reference == i - 1 and _joined(plain, tokens, i):
                if references[-1]:
                    references[-1] += plain[tokens.ends[i - 1] : tokens.starts[i]] + word
                reference = i
                continue
            if i not in durations and _listed_after(plain, tokens, reference, i, conjunctions):
                references.append("")  # "section 9.3 and 10.4", "sections 3, 4 and 5": each names a part
                reference = i
                continue
            if word.isdigit() and _inside_identifier(plain, tokens.starts[i]):
                chunk = _chunk(plain, tokens.starts[i])  # "cookies/20250314", "PP-2025-03"
                if not references or references[-1] != chunk:
                    references.append(chunk)
                continue
            if _is_date_part(plain, tokens, i):
                if not _COPYRIGHT.search(plain, 0, tokens.starts[i]):  # "© 2025": the year of the page, no date
                    dated.append(word.lstrip("0"))
                continue
            if durations.get(i) == "":
                continue  # a word inside a period read whole: the ones of "twenty-four months"
            if i in durations and since_words.isdisjoint(tokens.words[max(0, i - 3) : i]):
                term_period = True  # "after 30 days", "for 5 years"; not "seit mehr als 20 Jahren" (the company's age)
            value = durations.get(i) or str(number_words.get(word, word)).lstrip("0") or "0"
            if value == last[1] and i - last[0] <= 2:
                continue  # a number written twice over, "three (3) years"
            numbers.append(value)
            last = (i, value)
    bound, bounding = _bound(lang, tokens, number_words)
    denials = [d for d in lang.denials(tokens) if d not in bounding]
    blocked = lang.blocked(tokens)
    needs = {"recipient_categories": lang.phrases("sharing_words"), "data_categories": lang.phrases("data_words")}
    # recipients only where data is given to someone, data categories where data is handled (the
    # concept facts read the heading too)
    tables = [t for t in CONCEPT_TABLES if t not in needs or not needs[t] or needs[t].first(tokens) is not None]
    named = [
        (f"{table}:{m.id}", m.start, m.end)
        for table in tables
        for m in lang.phrases(table).find(tokens)
        if m.start not in blocked
    ]
    concepts = {c for c, _, _ in named}
    affirmed = {c for c, at, end in named if not lang.denied(tokens, denials, at, end)}
    rights: list[tuple[str, int, int]] = []
    if any(tokens.used_as_a_word(m.start, stopwords) for m in lang.phrases("right_words").find(tokens)):
        rights = [(f"rights:{m.id}", m.start, m.end) for m in lang.phrases("rights").find(tokens)]
        rights = rights or [("rights:*", 0, len(tokens))]
    all_modals = [m for m in lang.phrases("modals").find(tokens) if not _is_month(plain, tokens, m.start, lang)]
    readers, ours = lang.words("user_subjects"), lang.words("our_subjects")

    def said_of_the_reader(m) -> bool:
        if m.start and tokens.words[m.start - 1] in ours:
            return False  # "wir können Sie informieren": ours, though the reader's word follows
        return any(0 <= j < len(tokens) and tokens.words[j] in readers for j in (m.start - 1, m.end))

    reader_modals_at = [m for m in all_modals if said_of_the_reader(m)]
    rights += _reader_rights(lang, tokens, reader_modals_at)
    concepts |= {c for c, _, _ in rights}
    affirmed |= {c for c, at, end in rights if not lang.denied(tokens, denials, at, end)}  # "no right to" denies
    parties: set[str] = set()
    prose = running_prose(plain)
    vendors = catalogue().parties_at(plain, prose)
    if vendors and (not prose or _vendors_handle_data(plain, code)):
        for entity, offset in vendors:
            if not _inside(examples, _token_at(tokens, offset)):
                parties.add(entity.key)
    for m in _LEGAL_NAME.finditer(plain):
        if not _inside(examples, _token_at(tokens, m.start())) and not catalogue().lookup(m.group(1)):
            form = legal_form("x " + plain[m.end() : m.end() + 16].split()[0])  # "Acme S.r.l." is not "Acme S.p.A."
            parties.add(f"org:{m.group(1).lower()} {form}".strip())
    countries = [
        m
        for m in _countries(lang.code).find(tokens)
        if _written_as_country(plain[tokens.starts[m.start] : tokens.ends[m.end - 1]], m.phrase)
    ]
    country_ends = {tokens.span(m.start, m.end)[1] for m in countries}
    for m in countries:
        start, end = tokens.span(m.start, m.end)
        if m.end < len(tokens) and _acronym(plain[tokens.starts[m.end] : tokens.ends[m.end]]):
            continue  # the country of a law's name: "UK GDPR", "Swiss FADP"
        if opens_a_company_name(plain, end):
            continue  # "Jersey Telecom Ltd", "Aruba S.p.A.": a company's name
        if at_address and any(a <= start < b for a, b in at_address):
            continue  # "12 rue Maurice Ravel": a street's name, and an address is compared whole
        if (
            plain[start : start + 1].isupper()
            and not (end - start <= 3 and plain.isupper())  # "PLEASE CONTACT US": in capitals, "US" is a word
            and not _inside(examples, m.start)
            and not _in_a_name(plain, start, lang, country_ends)
            and not _names_a_region(plain, start, plain[start:end])
        ):
            parties.add("country:" + m.id)
    if code is None:
        parties |= _country_cells(plain)
    reader_modals = frozenset(m.id for m in reader_modals_at)
    modals = frozenset(m.id for m in all_modals if m not in reader_modals_at)
    futures = lang.words("future_auxiliaries")
    obliged = [m.phrase.lower() for m in all_modals if m.id == "obligation" and m not in reader_modals_at]
    future = bool(obliged) and all(phrase in futures for phrase in obliged)
    reader_bound = any(m.id == "obligation" and m.phrase.lower() not in futures for m in reader_modals_at)
    negations = len(denials)
    negation_words = lang.words("negations")
    stems = frozenset(
        s
        for s, w in zip(tokens.stems, tokens.words)
        if (len(w) > 2 or CJK_CHAR.match(w))
        and w not in stopwords
        and w not in negation_words
        and not w.isdigit()
        and w not in number_words
    )
    notice = lang.phrases("change_notices").first(tokens) is not None
    return Features(
        tuple(sorted(numbers)),
        negations,
        modals,
        frozenset(concepts),
        frozenset(parties),
        stems,
        notice,
        frozenset(concepts - affirmed),
        reader_modals,
        frozenset(number for _, _, number in phones),
        tuple(r for r in references if r),
        tuple(registrations),
        tuple(dated),
        tuple(address_key(a) for a in addresses),
        term_period,
        *_restrictions(lang, tokens, bool(reader_modals_at)),
        answers=_answers(plain, code),
        future=future,
        reader_bound=reader_bound,
        choices=_choices(lang, tokens, denials),
        bound=bound,
    )


def _bound(lang: Language, tokens: Tokens, number_words: dict) -> tuple[str, frozenset[int]]:
    """Whether the clause's numbers are upper bounds ("up to 24 months", "nicht länger als 3
    Jahre", "non superiore a 24 mesi") or lower ones ("at least 24 months"); and the negations that
    only make a bound, which deny nothing ("no more than" says "at most")."""
    words = tokens.words
    numbers = [i for i, w in enumerate(words) if w[:1].isdigit() or number_words.get(w, 1) != 1]
    if not numbers:  # "a" and "one" are articles as often: no bound without another number
        return "", frozenset()
    comparatives = lang.words("bound_comparatives")

    def numbered(at: int) -> bool:  # a number within a few words: "no more than 24 months"
        return any(at <= i < at + 4 for i in numbers)

    bounding = frozenset(
        m.start
        for m in lang.phrases("negations").find(tokens)
        if m.end < len(words) and words[m.end] in comparatives and numbered(m.end + 1)
    )
    most = [(m.start, m.end) for m in lang.phrases("bound_at_most").find(tokens) if numbered(m.end)]
    most += [(d, d + 2) for d in bounding]
    least = [
        m
        for m in lang.phrases("bound_at_least").find(tokens)
        if numbered(m.end)
        and not any(a < m.end and m.start < b for a, b in most)
        and not (m.start and words[m.start - 1] in lang.words("negations"))
    ]
    kind = "at most" if most and not least else "at least" if least and not most else ""
    return kind, bounding


def _choices(lang: Language, tokens: Tokens, denials) -> int:
    """How many words leave a thing to the reader, written as such: "options" stems as "optional"
    does, but offers no choice of giving data."""
    words = lang.words("choice_words")
    if words.isdisjoint(tokens.words):
        return 0
    return sum(1 for i, w in enumerate(tokens.words) if w in words and not lang.denied(tokens, denials, i, i + 1))


@language_cached(maxsize=16)
def _answer_words(code: str | None) -> dict[str, str]:
    """A written answer -> "yes" or "no": the page's language's words (every language's on a page in none)."""
    found: dict[str, str] = {}
    for lang in [language(code)] if code else all_languages():
        for answer, words in lang.table("answer_words").items():
            found.update((str(w).lower(), str(answer)) for w in words)
    return found


def _answers(text: str, code: str | None) -> tuple[str, ...]:
    """The answer of each cell of a table row ("Identifiers | Name, e-mail | Yes"), "" for a cell that
    is no answer; () when no cell answers, or ``text`` is no row."""
    if " | " not in text:
        return ()
    words = _answer_words(code)
    answers = tuple(words.get(cell.strip(" .*").lower(), "") for cell in text.split(" | "))
    return answers if any(answers) else ()


def _restrictions(lang: Language, tokens: Tokens, readers_can: bool) -> tuple[int, bool]:
    """How many words narrow the clause ("only our staff", "ausschließlich in Deutschland"), not
    counting "not only ... but also", which widens it; and whether the clause is said of the reader
    ("you only need to write to us", "Wenn Sie nur eine Frage haben", "only you can see it"), where
    a narrowing is of the reader's effort, not of our practice."""
    words, negations, readers = tokens.words, lang.words("negations"), lang.words("user_subjects")
    at = [
        i for i, w in enumerate(words) if w in lang.words("restriction_words") and not (i and words[i - 1] in negations)
    ]
    readers_near = any(not readers.isdisjoint(words[max(0, i - 3) : i + 2]) for i in at)
    return len(at), bool(at) and (readers_can or readers_near)


TERM_TABLES = (
    "data_words",
    "processing_words",
    "retention_words",
    "response_words",
    "right_words",
    "sharing_words",
    "recipient_words",
    "transfer_words",
    "cookie_words",
    "age_before",
    "age_after",
)


def _about_terms(text: str, f: Features, code: str | None) -> bool:
    """Whether a clause speaks of what a policy governs: data and its handling, keeping, answering,
    rights, recipients, cookies, ages, a duty or a period. "We have been on the market since 19 years"
    and "we have 40 employees" do not; read in no language, every clause may."""
    if code is None or f.term_period or f.modals or f.reader_modals or f.concepts:
        return True
    lang = language(code)
    return any(lang.phrases(table).first_in(text) is not None for table in TERM_TABLES)


_ATTACHED_TIME = re.compile(r"(\d{1,2})([a-z'.]+?)(\d{2})?")


def _times_of_day(lang: Language, tokens: Tokens, durations: dict[int, str]) -> set[int]:
    """Tokens of times of day: a number up to 24 with a marker of the language ("9 am", "9h30",
    "9 Uhr") or before a colon and two digits ("9:00")."""
    words, text = tokens.words, tokens.text
    markers = lang.phrases("time_of_day_markers")
    marker_words = lang.words("time_of_day_markers")
    hours = frozenset(str(w).lower() for w in lang.table("units").get("hours", ()))
    found: set[int] = set()
    for i, word in enumerate(words):
        if not word[:1].isdigit():
            continue
        attached = _ATTACHED_TIME.fullmatch(word)
        if attached and attached.group(2).rstrip(".") in marker_words and int(attached.group(1)) <= 24:
            found.add(i)
            continue
        if not word.isdigit() or int(word) > 24:
            continue
        following = i + 1 < len(words)
        minutes = following and _minutes(words[i + 1]) and text[tokens.ends[i] : tokens.starts[i + 1]]
        if minutes == ":":
            found |= {i, i + 1}
        elif minutes == "." and (_marked(markers, tokens, i + 2) or i + 2 < len(words) and words[i + 2] in hours):
            found |= {i, i + 1}  # "17.30 uur", "9.00 Uhr": a dot between hours and minutes, then the hour's word
        elif following and _marked(markers, tokens, i + 1):
            found.add(i)
    if found:  # a clause of opening hours: the other end of "9 bis 17 Uhr", "8.30 tot 17.30 uur" is a time too
        for i, w in enumerate(words):
            if not w.isdigit() or int(w) > 24 or i in durations:
                continue
            found.add(i)
            if i + 1 < len(words) and _minutes(words[i + 1]) and text[tokens.ends[i] : tokens.starts[i + 1]] in ".:":
                found.add(i + 1)
    return found


def _minutes(word: str) -> bool:
    return len(word) == 2 and word.isdigit() and int(word) < 60


def _marked(markers: PhraseSet, tokens: Tokens, at: int) -> bool:
    """Whether a marker of a time of day ("uur", "Uhr", "am") starts at token ``at``."""
    return (
        bool(markers)
        and at < len(tokens.words)
        and any(m.start == at for m in markers.find(tokens, at, min(at + 2, len(tokens.words))))
    )


def _durations(lang: Language, tokens: Tokens) -> dict[int, str]:
    """Token of a number -> the period it starts, as compared ("6 years" and "72 months" are one)."""
    if (
        not any(w.isdigit() for w in tokens.words)
        and lang.table("number_words").keys().isdisjoint(tokens.words)
        and lang.words("half_words").isdisjoint(tokens.words)  # "medio año", "pół roku": a half alone
    ):
        return {}
    from policywatch.monitor.facts.retention import duration_key, duration_label, find_periods

    found: dict[int, str] = {}
    for i, end, period in find_periods(lang, tokens):
        if period[:1].isdigit():
            found[i] = duration_label(duration_key(period))
            found.update((k, "") for k in range(i + 1, end) if k not in found)  # "four" of "twenty-four months"
    return found


def _acronym(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word.isupper()


_IDENTIFIER_HEAD = re.compile(r"[^\W\d_][\w]*[/\-_.:#]\S*$")


def _inside_identifier(text: str, start: int) -> bool:
    """Whether the number at ``start`` is part of an identifier written with letters before it and no
    space ("cookies/20250314", "PP-2025-03"): a name of the document, not a quantity."""
    head = text[text.rfind(" ", 0, start) + 1 : start]
    return bool(head) and _IDENTIFIER_HEAD.match(head) is not None


def _chunk(text: str, start: int) -> str:
    begin = text.rfind(" ", 0, start) + 1
    end = text.find(" ", start)
    return text[begin : end if end >= 0 else len(text)].rstrip(".,;:)")


def _listed_after(text: str, tokens: Tokens, reference: int, i: int, conjunctions: frozenset[str]) -> bool:
    """Token ``i`` follows the reference number at ``reference`` in a list: only commas, full stops
    and list conjunctions between them ("section 4.2. and 7.1.", "articles 15, 16 and 17")."""
    if reference < 0 or not 0 < i - reference <= 2:
        return False
    between = tokens.words[reference + 1 : i]
    gap = text[tokens.ends[reference] : tokens.starts[i]]
    return all(w in conjunctions for w in between) and not gap.strip(" ,.;&" + "".join(between))


def _joined(text: str, tokens: Tokens, i: int) -> bool:
    """Token ``i`` continues the one before it with no space: the "2" of "3.2" or "2016/679"."""
    return text[tokens.ends[i - 1] : tokens.starts[i]] in (".", "-", "/", ",")


def _in_a_name(text: str, start: int, lang: Language, country_ends: frozenset[int] | set[int] = frozenset()) -> bool:
    """Whether the country at ``start`` ends an institution's name ("the Court of Justice of the
    European Union", "the Data Protection Commission of Ireland"): two capitalised words or more
    joined to it by the language's name connectors. Not where every noun is capitalised (German),
    nor where the words before the connector are a country (``country_ends``: where the sentence's
    country names end), a list of countries ("the United States and Canada")."""
    if lang.data.get("capitalised_nouns"):
        return False
    connectors = lang.words("name_connectors")
    offset = max(0, start - 80)
    words = list(re.finditer(r"\S+", text[offset:start]))
    capitalised = joined = 0
    for word in reversed(words):
        bare = word.group(0).strip("'’")
        if bare.lower() in connectors:
            joined += 1
        elif bare[:1].isupper() and bare.isalpha():
            if joined and offset + word.end() in country_ends:
                return False
            capitalised += 1
        else:
            break
    return joined > 0 and capitalised >= 2


def _token_at(tokens: Tokens, offset: int) -> int:
    return bisect_right(tokens.ends, offset)


_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?$", re.IGNORECASE)


def _is_month(text: str, tokens: Tokens, i: int, lang: Language) -> bool:
    """Whether the word at ``i`` is a month's name inside a date ("1 May 2025"), not a word ("we may")."""
    if tokens.words[i] not in lang.months or not text[tokens.starts[i] : tokens.starts[i] + 1].isupper():
        return False
    return any(j != i and 0 <= j < len(tokens) and tokens.words[j].isdigit() for j in (i - 1, i + 1))


def _is_date_part(text: str, tokens: Tokens, i: int) -> bool:
    """A number that is part of a date: a year, or a day and month beside a year."""
    from policywatch.monitor.facts.dates import find_dates

    start, end = tokens.starts[i], tokens.ends[i]
    word = tokens.words[i]
    if len(word) == 4 and word[:2] in ("19", "20"):
        return True
    low = max(0, start - 25)
    if any(d.start <= start - low and end - low <= d.end for d in find_dates(text[low : end + 25])):
        return True
    # a day, a word and a year, in a language no file describes: "10 Mart 2024", "2 Haziran 2025"
    m = _DAY_WORD_YEAR.match(text, start)
    return m is not None and m.group(1).lower() not in _unit_words()


_DAY_WORD_YEAR = re.compile(r"\d{1,2}\.?\s+([^\W\d_]{3,12})\.?,?\s+(?:19|20)\d{2}\b")


@language_cached(maxsize=1)
def _unit_words() -> frozenset[str]:
    """Every language's words for units of time: "5 years 2024" is no date."""
    from policywatch.monitor.lang import all_languages

    return frozenset(
        w.lower()
        for lang in all_languages()
        for forms in lang.table("units").values()
        for form in forms
        for w in form.split()
    )


@dataclass(frozen=True)
class Verdict:
    level: str  # "none" | "minor" | "material"
    reason: str


WORDING_SAME = Verdict("none", "the same words")
WORDING = Verdict("minor", "reworded")


def _describe(kind: str, items) -> str:
    shown = ", ".join(sorted(str(i).split(":", 1)[-1] for i in items)[:4])
    return f"{kind} {shown}".strip()


def clause_substance(
    text: str, code: str | None, common: frozenset[str] = frozenset(), *, added: bool = False
) -> str | None:
    """Why an added or removed clause is substance (None when it is not): it names a party, a data
    category, a purpose, a legal basis, a recipient or a right, other than the ``common`` ones (parties
    named all over both versions, or what the other version of a table's section says anyway). An
    ``added`` clause that names its concepts only to deny them ("our service is not directed to
    children") promises more, which is no alarm; the same clause removed is one."""
    f = features(text, code)
    if f.notice:
        return None
    if f.parties - common:
        return _describe("names", f.parties - common)
    stated = (f.concepts - f.denied if added else f.concepts) - common
    if added:  # a safeguard named anew promises more ("Privacy Shield was invalidated in 2020" is history)
        stated = {c for c in stated if not c.startswith("mechanisms:")}
    if stated:
        return _describe("states", stated)
    if f.choices and not added:
        return "choice removed"  # "This information is optional." gone: it may no longer be (an added one asks less)
    return None


def compare_clauses(
    old: str,
    new: str,
    code: str | None,
    renames: dict[str, str] | None = None,
    common: frozenset[str] = frozenset(),
    edited: tuple[str, str] | None = None,
) -> Verdict:
    """A clause replaced by another: wording or substance, and why. ``common``: parties named all
    over both versions (the company writing the policy, its products), never a change of party.
    ``edited``: the text the edit took out of the clauses' section and put in; a concept that moved
    between its clauses is no concept gained or lost."""
    if renames:
        old = apply_renames(old, renames)
        if normalise(old).casefold() == normalise(new).casefold():
            return WORDING_SAME
    a, b = features(old, code), features(new, code)
    if a.notice or b.notice:
        return Verdict("minor", "a change notice")
    if a.phones != b.phones:
        lost, new_ = " ".join(sorted(a.phones - b.phones)), " ".join(sorted(b.phones - a.phones))
        return Verdict("material", f"phone number {lost or '-'} {ARROW} {new_ or '-'}")
    flipped = _flipped_answers(a.answers, b.answers)
    if flipped:
        return Verdict("material", f"a table's answer {flipped}")
    if a.numbers != b.numbers:
        gone = Counter(a.numbers) - Counter(b.numbers)
        came = Counter(b.numbers) - Counter(a.numbers)
        said = f"number {' '.join(gone) or '-'} {ARROW} {' '.join(came) or '-'}"
        # a sentence about the company, not its terms ("on the market for 19 years", "40 employees")
        about = (
            not _prose(old)
            or not _prose(new)
            or any(
                _about_terms(part, features(part, code), code)
                for text in (old, new)
                for part in _parts_counting(text, set(gone) | set(came), code)
            )
        )
        level = "material" if about else "minor"
        return Verdict(level, said)
    if a.bound and b.bound and a.bound != b.bound:
        return Verdict("material", f"{a.bound} {ARROW} {b.bound}")  # "up to 90 days" -> "at least 90 days"
    if (
        a.modals != b.modals
        and a.modals | a.reader_modals != b.modals | b.reader_modals
        and not _future_only(a, b)
        and not _a_hedge_of_no_practice(old, new, a, b, code)
    ):
        return Verdict(
            "material", f"modal {'/'.join(sorted(a.modals)) or '-'} {ARROW} {'/'.join(sorted(b.modals)) or '-'}"
        )
    if _reader_may_or_must(a, b):
        return Verdict(
            "material", "the reader " + ("may " + ARROW + " must" if b.reader_bound else "must " + ARROW + " may")
        )
    gained, lost = b.concepts - a.concepts, a.concepts - b.concepts
    if (gained or lost) and edited is not None:
        # "Have a complaint? You may file it with ..." re-cut as "You may file a complaint with ...":
        # the edit held the word before, in a sentence the clause's reading did not take it from
        # (a word the clause itself held and now states, "you may request deletion" -> "you have the
        # right to request deletion", is a concept gained)
        gained -= _named_in(edited[0], code) - _named_in(old, code)
        lost -= _named_in(edited[1], code) - _named_in(new, code)
    if gained or lost:
        return Verdict("material", _describe("now states", gained) if gained else _describe("no longer states", lost))
    # renamed, or a name slipped so that the catalogue no longer reads it ("The Roket Science Group")
    named = {
        y
        for y in b.parties - a.parties - common
        if not any(_renamed_party(x, y) for x in a.parties) and not _slipped_from(y, old)
    }
    unnamed = {
        x
        for x in a.parties - b.parties - common
        if not any(_renamed_party(x, y) for y in b.parties) and not _slipped_from(x, new)
    }
    if named or unnamed:
        return Verdict("material", _describe("now names", named) if named else _describe("no longer names", unnamed))
    if a.negations != b.negations and _negation_flip(old, new, code):
        return Verdict("material", "negation")
    if (
        a.restrictions != b.restrictions
        and not (a.said_to_the_reader or b.said_to_the_reader)
        and any(_about_terms(t, f, code) for t, f in ((old, a), (new, b)))
    ):
        # "only our support staff can access it" -> "our staff can access it": what was allowed to few is
        # now allowed; the same words narrowed or widened elsewhere in the sentence count alike
        return Verdict("material", "restriction " + ("added" if b.restrictions > a.restrictions else "removed"))
    if a.choices > b.choices:  # "giving your religion is optional" -> "... is requested": no longer left to you
        return Verdict("material", "choice removed")
    if a.addresses != b.addresses:  # judged by the contacts, by whose address it is
        return Verdict("minor", "postal address")
    item = _list_item_change(old, new, code)
    if item and edited is not None and _moved_by_the_edit(item, edited):
        item = None  # "to A, B and C." -> "to A and B. We also ... C.": the item went to the next sentence
    if item:
        # a list of what the policy governs; "we operate in Lyon and Lille" lists no term of it
        about = any(_about_terms(text, f, code) for text, f in ((old, a), (new, b)))
        return Verdict("material" if about else "minor", item)
    moved = email_change(old, new)
    if moved:
        return Verdict("minor", moved)
    if a.registrations != b.registrations:  # an identifier of the company, not a practice
        return Verdict(
            "minor",
            f"registration number or share capital {' '.join(a.registrations) or '-'} {ARROW} {' '.join(b.registrations) or '-'}",
        )
    if a.dates != b.dates:  # "valid until 27 December 2030" -> "2031": said, as wording is
        gone, came = Counter(a.dates) - Counter(b.dates), Counter(b.dates) - Counter(a.dates)
        return Verdict("minor", f"date {' '.join(gone) or '-'} {ARROW} {' '.join(came) or '-'}")
    if a.versions != b.versions:  # a new version of the document: said, never substance
        return Verdict("minor", f"version {' '.join(a.versions) or '-'} {ARROW} {' '.join(b.versions) or '-'}")
    return WORDING_SAME if a.stems == b.stems else WORDING


def _party_names(party: str) -> tuple[str, ...]:
    kind, _, name = party.partition(":")
    if kind == "org":
        return (name,)
    entity = catalogue().by_key(party) if kind == "cat" else None
    return (entity.name, *entity.aliases) if entity else ()


def _slipped_from(party: str, text: str) -> bool:
    """Whether ``text`` writes the party's name with a word slipped, where the reading found no party
    ("Crisp IM SAS", a catalogue name that is also a word, written "Cresp IM SAS")."""
    return any(slipped_in(name, text) for name in _party_names(party))


def _renamed_party(old: str, new: str) -> bool:
    """Whether a company named in a clause is one the other version named under its new or slipped
    name ("Acme Cloud Ltd" -> "Acme Ltd", the catalogue's "Hetzner Online GmbH" -> "Hatzner Online
    GmbH"). Countries are never renamed."""
    if "country:" in (old[:8], new[:8]) or old[:4] == new[:4] == "cat:":
        return False
    return any(renamed_as(a, b) for a in _party_names(old) for b in _party_names(new))


def _moved_by_the_edit(item: str, edited: tuple[str, str]) -> bool:
    """Whether the items a list item change names (see :func:`_list_item_change`) stand, every one,
    in the other side of the same edit: taken out of this clause's list into another clause."""
    kind, _, listed = item.partition(": ")
    other = f" {' '.join(WORD.findall(edited[1 if kind.endswith('removed') else 0].lower()))} "
    return all(f" {' '.join(WORD.findall(i.lower()))} " in other for i in listed.split(", "))


def _reader_may_or_must(a: Features, b: Features) -> bool:
    """Whether what the reader may do became what they must do, or the other way ("you may object
    in writing" -> "you must object in writing"). An instruction that loses its modal ("you need to
    sign in" -> "sign in") is the same instruction, so only a may facing a must counts."""
    if a.reader_bound == b.reader_bound:
        return False
    bound, free = (a, b) if a.reader_bound else (b, a)
    return "possibility" in free.reader_modals and "possibility" not in bound.reader_modals


def _future_only(a: Features, b: Features) -> bool:
    """Whether the modals of two clauses differ only by a future auxiliary ("we will respond within
    30 days", "we respond within 30 days"): a promise said in two tenses."""
    if a.modals ^ b.modals != {"obligation"}:
        return False
    return a.future if "obligation" in a.modals else b.future


def _flipped_answers(old: tuple[str, ...], new: tuple[str, ...]) -> str | None:
    """ "no -> yes" when a cell of a row answers the other way ("Sold: No" -> "Yes"): the practice it
    answers for changed, however short the edit."""
    if len(old) != len(new):
        return None
    flips = [f"{x} {ARROW} {y}" for x, y in zip(old, new) if x and y and x != y]
    return ", ".join(flips) or None


def _clause_parts(text: str, code: str | None) -> list[str]:
    """A clause cut at its commas and list conjunctions: the part a changed number stands in says
    what it counts ("existe depuis 3 ans | compte 2 millions d'utilisateurs")."""
    conjunctions = language(code).words("list_conjunctions") if code else frozenset()
    pattern = _part_splitter(tuple(sorted(conjunctions)))
    parts = [p for p in pattern.split(text) if p.strip()]
    return parts or [text]


def _parts_counting(text: str, numbers: set[str], code: str | None) -> list[str]:
    """The parts of ``text`` that hold one of ``numbers``; the whole text where no part holds one
    alone ("treinta y seis meses" is cut at its "y")."""
    parts = [p for p in _clause_parts(text, code) if numbers.intersection(features(p, code).numbers)]
    return parts or [text]


@language_cached(maxsize=16)
def _part_splitter(conjunctions: tuple[str, ...]) -> re.Pattern:
    words = "|".join(re.escape(c) for c in sorted(conjunctions, key=len, reverse=True))
    return re.compile(rf"[,;]\s+|\s+(?:{words})\s+" if words else r"[,;]\s+", re.IGNORECASE)


# words of a practice a modal can hedge: giving data away, sending it abroad, keeping or deleting it
PRACTICE_TABLES = ("sharing_words", "recipient_words", "transfer_words", "retention_words", "removal_words")


def _a_hedge_of_no_practice(old: str, new: str, a: Features, b: Features, code: str | None) -> bool:
    """Whether a possibility added to or dropped from a clause hedges no practice of ours: "more
    information can be found in our cookie policy" says where to read, as "is available in" did.
    Only a clause about reading qualifies; one with us as its subject, a concept, a party, a number
    or a practice word keeps its modal ("the app may collect ...")."""
    if code is None or a.modals ^ b.modals != {"possibility"}:
        return False
    if a.concepts or b.concepts or a.parties or b.parties or a.numbers or b.numbers:
        return False
    lang = language(code)
    ours = lang.words("our_subjects") | lang.words("our_modal_words")
    read = [lang.tokens(text) for text in (old, new)]
    if any(not ours.isdisjoint(tokens.words) for tokens in read):
        return False
    if any(lang.phrases(table).first(tokens) is not None for table in PRACTICE_TABLES for tokens in read):
        return False
    return any(lang.phrases("reading_words").first(tokens) is not None for tokens in read)


@text_cached(maxsize=512)
def _named_in(text: str, code: str | None) -> frozenset[str]:
    """Every concept whose words ``text`` holds, whatever the sentence says of it."""
    lang = language(code)
    return frozenset(
        f"{table}:{i}" for table in (*CONCEPT_TABLES, "rights") for i in lang.phrases(table).found_in(text)
    )


def _prose(text: str) -> bool:
    """A sentence, not a table row nor a labelled value ("Invoices: 10 years")."""
    label, colon, _ = text.partition(":")
    words = len(text.split())
    # three words end a sentence where the verb holds its subject ("Zaměstnáváme 45 lidí.", "Somos 40.")
    sentence = words >= 4 or words == 3 and text.rstrip().endswith((".", "!", "?"))
    return " | " not in text and not (colon and len(label.split()) <= 4) and sentence


def email_change(old: str, new: str) -> str | None:
    """A real address replaced by another (a placeholder on either side says nothing of which)."""
    if _PLACEHOLDER.search(old) or _PLACEHOLDER.search(new):
        return None
    before, after = set(_EMAIL.findall(old.lower())), set(_EMAIL.findall(new.lower()))
    if before == after:
        return None
    return (
        f"e-mail address {', '.join(sorted(before - after)) or '-'} {ARROW} {', '.join(sorted(after - before)) or '-'}"
    )


def _negation_flip(old: str, new: str, code: str | None) -> bool:
    """A negation added or removed around words that stay ("we do not sell" -> "we sell"): the words
    that changed are, but for a few, negations and function words."""
    lang = language(code)
    negations, stopwords = lang.words("negations"), lang.stopwords
    diffs = word_diff(normalise(old), normalise(new))
    changed = " ".join(text for op, text in diffs if op != EQUAL)
    words = [w.lower() for w in WORD.findall(changed)]
    content = [w for w in words if w not in negations and w not in stopwords and len(w) > 2]
    inserted = [w.lower() for op, text in diffs if op == INSERT for w in WORD.findall(text)]
    if any(w in negations for w in inserted) and not any(w in negations for w in words if w not in inserted):
        # a negation that comes with new words negates them, not what stood: "at any time without
        # giving reasons", "sans frais"
        if any(w not in negations and w not in stopwords and len(w) > 2 for w in inserted):
            return False
    return any(w in negations for w in words) and len(content) <= 3


def _example_ranges(text: str, code: str | None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that illustrate: from an example marker to the clause's next stop."""
    lang = language(code)
    tokens = lang.tokens(text)
    out = []
    for m in lang.phrases("example_markers").find(tokens):
        start = tokens.span(m.start, m.end)[1]
        stop = min((i for i in (text.find(";", start), text.find(")", start)) if i >= 0), default=len(text))
        out.append((start, stop))
    return out


def _starts_with_word(text: str, words: frozenset[str]) -> bool:
    found = WORD.findall(text.lower())
    return bool(found) and found[0] in words


def _ends_with_word(text: str, words: frozenset[str]) -> bool:
    found = WORD.findall(text.lower())
    return bool(found) and found[-1] in words


_QUOTED = re.compile(r"[\"“”„«»‘’'][^\"“”„«»‘’'()]{1,40}[\"“”«»‘’']")
_ASIDE_IN_BRACKETS = re.compile(r"\s*\(([^()]{1,120})\)")


def _without_defined_terms(text: str) -> str:
    """A clause without the asides that name a party ("Acme Ltd (“Acme”, “we” or “us”)", "(im
    Folgenden „Muster“)"): quoted names with a few words around them, in brackets, are no list of
    what is collected or shared."""

    def drop(m: re.Match) -> str:
        inside = m.group(1)
        if not _QUOTED.search(inside) or any(c.isdigit() for c in inside):
            return m.group(0)
        rest = _QUOTED.sub(" ", inside)
        return "" if len(WORD.findall(rest)) <= 3 else m.group(0)

    return _ASIDE_IN_BRACKETS.sub(drop, text) if "(" in text else text


def _list_item_change(old: str, new: str, code: str | None) -> str | None:
    """An item of an inline list ("X, Y or Z") added or removed, outside an example ("such as ...")."""
    lang = language(code)
    conjunctions = lang.words("list_conjunctions")
    old, new = _without_defined_terms(normalise(old)), _without_defined_terms(normalise(new))
    splitter = (
        re.compile(
            rf"\s*(?:[/{_LIST_MARKS}]|\b(?:"
            + "|".join(re.escape(c) for c in sorted(conjunctions, key=len, reverse=True))
            + r")\b)\s*",
            re.IGNORECASE,
        )
        if conjunctions
        else re.compile(rf"\s*[/{_LIST_MARKS}]\s*")
    )
    diffs = word_diff(old, new)
    at = {DELETE: 0, INSERT: 0}  # offsets in the old and the new text
    for i, (op, text) in enumerate(diffs):
        if op == EQUAL:
            at[DELETE] += len(text)
            at[INSERT] += len(text)
            continue
        start = at[op]
        at[op] += len(text)
        replaced = (i + 1 < len(diffs) and diffs[i + 1][0] not in (EQUAL, op)) or (
            i and diffs[i - 1][0] not in (EQUAL, op)
        )
        if replaced:
            continue
        items = [item for item in splitter.split(text.strip()) if WORD.search(item)]
        if not items or any(len(WORD.findall(item)) > 6 for item in items) or _only_dates(text):
            continue  # a date added to a list of past versions says when, not what
        if all(_is_example_marker(lang, item) for item in items):
            continue  # a hedge that opens a non-exhaustive list ("among others") adds no item to it
        before = diffs[i - 1][1] if i else ""
        after = diffs[i + 1][1] if i + 1 < len(diffs) else ""
        punctuated = any(c in text for c in _LIST_MARKS)
        joined = (_starts_with_word(text, conjunctions) or _ends_with_word(text, conjunctions)) and (
            before.rstrip().endswith(tuple(_LIST_MARKS))
            or after.lstrip().startswith(tuple(_LIST_MARKS))
            or len(items) == 1
        )
        if not (punctuated or joined):
            continue
        side = old if op == DELETE else new
        if any(a <= start < b for a, b in _example_ranges(side, code)):
            continue
        other = new if op == DELETE else old
        if not _holds_a_list(other, conjunctions):
            continue  # the other version lists nothing: ", free of charge", ", which are ..." is an aside
        listed = [f" {' '.join(WORD.findall(item.lower()))} " for item in splitter.split(other)]
        if all(any(f" {' '.join(WORD.findall(item.lower()))} " in entry for entry in listed) for item in items):
            continue  # the item moved within the list ("Canada and Japan" -> "Japan and Canada")
        return f"list item {'removed' if op == DELETE else 'added'}: {', '.join(items)}"
    return _items_changed(old, new, splitter, conjunctions, code)


def _items_changed(
    old: str, new: str, splitter: re.Pattern, conjunctions: frozenset[str], code: str | None
) -> str | None:
    """The items of a list compared as sets, for the edits a word diff cuts across separators ("name
    and email" -> "name, email and date of birth"): only added, or only removed, short items."""
    if not (_holds_a_list(old, conjunctions) and _holds_a_list(new, conjunctions)):
        return None
    if _example_ranges(old, code) or _example_ranges(new, code):
        return None  # items of an example ("such as ...") illustrate; they add nothing

    def items(text: str) -> Counter:
        return Counter(" ".join(WORD.findall(i.lower())) for i in splitter.split(text) if WORD.search(i))

    def changed(before: Counter, after: Counter) -> str | None:
        came, gone = after - before, before - after
        if bool(came) == bool(gone) or any(len(i.split()) > 6 for i in came + gone):
            return None
        return f"list item {'added' if came else 'removed'}: {', '.join(came or gone)}"

    found = changed(items(old), items(new))
    if found:
        return found
    # the words both versions open and close with aside, so that the last item does not carry the
    # clause's tail ("access, erasure and portability of your data" -> "access and erasure of your data"),
    # where both middles are lists that keep an item
    a, b = old.split(), new.split()
    head = len(commonprefix([a, b]))
    tail = len(commonprefix([a[head:][::-1], b[head:][::-1]]))
    before, after = items(" ".join(a[head : len(a) - tail])), items(" ".join(b[head : len(b) - tail]))
    if len(before) < 2 or len(after) < 2 or not before & after:
        return None
    lang = language(code)
    if all(_is_example_marker(lang, item) for item in (after - before) + (before - after)):
        return None
    return changed(before, after)


_LIST_MARKS = ",;、，；"  # with the ideographic commas of Chinese and Japanese
_LISTED = re.compile(rf"\w\s*[{_LIST_MARKS}]\s*\w")


def _holds_a_list(text: str, conjunctions: frozenset[str]) -> bool:
    """Whether a clause enumerates: a comma or semicolon between words, or a list conjunction."""
    return bool(_LISTED.search(text)) or not conjunctions.isdisjoint(w.lower() for w in WORD.findall(text))


def _is_example_marker(lang: Language, item: str) -> bool:
    tokens = lang.tokens(item)
    return any(m.start == 0 and m.end == len(tokens) for m in lang.phrases("example_markers").find(tokens))


def _only_dates(text: str) -> bool:
    from policywatch.monitor.facts.dates import find_dates

    rest, found = text, find_dates(text)
    for d in sorted(found, key=lambda d: -d.start):
        rest = rest[: d.start] + rest[d.end :]
    return bool(found) and not any(c.isalnum() for c in rest)


# -- renames --------------------------------------------------------------------------------------


def substitutions(old: str, new: str) -> list[tuple[str, str]]:
    """Short words replaced by other short words in a reworded clause: ("Facebook", "Meta")."""
    out = []
    diffs = word_diff(normalise(old), normalise(new))
    for i, (op, text) in enumerate(diffs):
        if op == DELETE and i + 1 < len(diffs) and diffs[i + 1][0] == INSERT:
            a, b = text.strip(), diffs[i + 1][1].strip()
            if a and b and len(a.split()) <= 5 and len(b.split()) <= 5 and "<email>" not in a + b:
                out.append((a, b))
    return out


def find_renames(pairs: list[tuple[str, str]], code: str | None) -> dict[str, str]:
    """Terms replaced the same way in two or more clauses: a rename made throughout the document.
    Periods, negations and modal words are never renames (they are what changed)."""
    # distinct clauses only: a page that holds its text twice does not rename twice
    counts = Counter(s for old, new in set(pairs) for s in set(substitutions(old, new)))
    lang = language(code)
    renames = {}
    # in one order whatever the run: the longest term first, so that applying them replaces "users"
    # before "user"
    for (a, b), n in sorted(counts.items(), key=lambda kv: (-len(kv[0][0]), kv[0])):
        if n < 2 or a.casefold() == b.casefold():
            continue
        if lang.stem_words(WORD.findall(a.lower())) == lang.stem_words(WORD.findall(b.lower())):
            continue  # "authorized" -> "authorizes": the same word, not a new name
        fa, fb = features(a, code), features(b, code)
        if fa.negations != fb.negations or fa.modals != fb.modals or fa.concepts != fb.concepts:
            continue
        if fa.numbers != fb.numbers and (fa.numbers or fb.numbers) and _has_unit(a + " " + b, code):
            continue
        renames[a] = b
    return renames


def _has_unit(text: str, code: str | None) -> bool:
    lang = language(code)
    return lang.phrases("units").first(lang.tokens(text)) is not None


def apply_renames(text: str, renames: dict[str, str]) -> str:
    for a, b in renames.items():
        text = text.replace(a, b)
    return text
