"""Who to contact, by role: the controller, the data-protection officer, representatives, a privacy
contact, the supervisory authority.

Contact details count only inside a role's block: a paragraph or table that names the role (words
from the language files), a short run of lines under a role label (an address written over several
lines or paragraphs), or a section whose title names one role. In a role's block policywatch reads
e-mail addresses (plain, mailto, ``name(at)example.com``; an obfuscation placeholder means "an
address is here", never a change), phone numbers (phonenumbers), postal addresses (street and
postcode lines of the EU, UK, US and Swiss kinds), people (a "Name:" label, or a name right after
the role in prose, checked with nameparser) and organisations (a legal form). Each role is compared
as a whole: what changed in it is one contact_changed with the role, what changed, old and new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from policywatch.monitor.catalogue import LEGAL_FORMS, legal_form, normalise_name
from policywatch.monitor.facts import (
    ARROW,
    Event,
    FactKind,
    per_section,
    register,
    section_from_key,
    section_key,
    section_language,
    within,
)
from policywatch.monitor.lang import WORD, all_languages, language, language_cached, text_cached
from policywatch.monitor.policy import Contact, Policy, Section
from policywatch.monitor.words import respelt_words

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
_OBFUSCATED = re.compile(
    r"(?<![\w.+-])([\w.+-]+)\s*[\[({]\s*at\s*[\])}]\s*([\w-]+(?:\s*(?:[\[({]\s*dot\s*[\])}]|\.)\s*[\w-]+)+)",
    re.IGNORECASE,
)
_BRACKET = re.compile(r"[\[({]")
PLACEHOLDER = re.compile(r"\[email[\s\u00a0]+protected\]", re.IGNORECASE)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_LEGAL_FORM_AFTER_NAME = (
    r"(Inc|Ltd|LLC|L\.L\.C|GmbH|SAS|SARL|SASU|SA|S\.A\.|S\.A\.S\.?|B\.V\.|BV|N\.V\.|S\.r\.l\.?|S\.p\.A\.?|PLC|AG|AB|ApS|A/S|"
    r"Oy|Oyj|SE|Limited|LIMITED|Corp|Corporation|Pty\s+Ltd|S\.L\.|SL|SLU|S\.L\.U\.|SRL|SRLS|s\.r\.o\.|a\.s\.|d\.o\.o\.|Kft|"
    r"Ltda|LTDA|Lda|LDA|S/A|SpA|PBC|LLP|KGaA|KG|UG|e\.V|EURL|SPRL|BVBA|Zrt|OÜ|"
    r"(?:(?<=[a-zæøåäöüé]\s)|(?<=[a-zæøåäöüé],\s))(?:ASA|AS)|"  # "Eksempel AS", not "PROVIDED AS IS"
    r"[Ss]p\.\s?z\s?o\.\s?o\.|[Ss]p\.\s?k\.|[Ss]p\.\s?j\.)(?!\w)\.?"
)


@language_cached(maxsize=1)
def _legal_org() -> re.Pattern:
    """A company's name closed by its legal form: capitalised words, joined by the lowercase words
    any language's names hold ("Olivar de la Vega, S.L.", "Fratelli della Valle S.r.l.")."""
    connectors = {"&", "of", "and", "und", "et"} | {
        w for lang in all_languages() for w in lang.words("name_connectors")
    }
    joined = "|".join(sorted((re.escape(w) for w in connectors), key=len, reverse=True))
    return re.compile(
        rf"\b([A-Z][\w&'’.-]*(?:[ \t]+(?:[A-Z][\w&'’.-]*|{joined}))*"
        r"(?:[ \t]+\([A-Z][\w .&'’-]{0,30}\)(?:[ \t]+[A-Z][\w&'’.-]*)*)?),?[ \t]+"  # "Alibaba Cloud (Singapore) Private Limited"
        + _LEGAL_FORM_AFTER_NAME
    )


SHORT = 25  # words: a line of an address or a label, not prose
SHORT_LABEL = 8


@language_cached(maxsize=1)
def _street() -> re.Pattern:
    """A street line: "12 rue des Lilas", "1200 W. Lake Ave", "Via Roma 5", "C/ Mayor 21", "Hauptstraße 12"."""
    words: set[str] = set()
    suffixes: set[str] = set()
    units: set[str] = set()
    for lang in all_languages():
        words |= lang.words("street_words")
        suffixes |= lang.words("street_suffixes")
        units |= {form.split()[0] for forms in lang.table("units").values() for form in forms}
    street = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    endings = "|".join(sorted((re.escape(w) for w in suffixes), key=len, reverse=True)) or "(?!)"
    periods = "|".join(sorted((re.escape(w) for w in units), key=len, reverse=True)) or "(?!)"
    # a number that starts a period is no house number: "seit 20 Jahren am Markt"
    return re.compile(
        rf"(?:\b\d{{1,5}}(?:[a-z]|st|nd|rd|th|e|er)?(?:-\d{{1,5}})?,?\s+(?!(?:{periods})\b)"
        rf"(?:[\w'’.-]+\s+){{0,3}}(?:{street})\b\.?"
        rf"|\b(?:{street})[./]?\s*(?<=[\s/])(?:[\w'’.-]+\s+){{0,3}}\d{{1,5}}[a-zA-Z]?(?:/\d{{1,5}}[a-zA-Z]?)?\b"
        rf"|\b[\w'’.-]+(?:{endings})\.?\s+\d{{1,5}}[a-zA-Z]?(?:/\d{{1,5}}[a-zA-Z]?)?\b)",
        re.IGNORECASE,
    )


_PLACE = r"[A-ZÀ-ÖØ-ÞĀ-ŽȘȚ][\w'’-]+"  # "Łódź", "Örebro", "Ștefănești"
_YEAR = r"(?:19|20)\d{2}"
_EU_POSTCODE = r"\d{4,5}(?:-\d{3})?|\d{2}-\d{3}|\d{3}\s\d{2}"
_POSTCODE_PLACE = re.compile(
    rf"\b{_UK_POSTCODE}\b"  # UK: "London SW14 8JN", "SW14 8JN"
    rf"|\b[A-Z]{{2}}\s\d{{5}}(?:-\d{{4}})?\b"  # US: "UT 84043"
    rf"|(?:\b[A-Z]{{1,2}}-)?\b(?:{_EU_POSTCODE})(?:\s?[A-Z]{{2}})?,?\s+{_PLACE}"  # EU: "75018 Paris", "1012 AB
    # Amsterdam", "1100-053 Lisboa" (Portugal and Brazil write three more digits), "00-590 Warszawa", "111 51 Stockholm"
    rf"|{_PLACE},?\s+(?!{_YEAR}\b)\d{{4,5}}\b"
)  # "Limassol 3036" (not "Since 2009")
_BARE_POSTCODE = re.compile(rf"^(?:[A-Z]{{1,2}}-)?(?:{_EU_POSTCODE})$")
MAX_PART = 5  # words in one part of an address ("Suite 4B Harbour View House")


def _parts(text: str) -> list[str]:
    """An address's candidate parts, without a registration number written after one."""
    parts = (
        _without_registration(p).strip(" .") for line in text.split("\n") for p in re.split(r",|;|\s[–—-]\s", line)
    )
    return [p for p in parts if p]


def _address_part(part: str) -> bool:
    """Short, and mostly capitalised or numbers: "Suite 175", "Fayza House", "London", "5th floor"."""
    words = part.split()
    if ": " in part:
        return False  # a labelled line ("Geschäftsführer: ...", "Tel.: ..."): the address ended before it
    lower = sum(1 for w in words if w[:1].islower() and len(w) > 3)
    return 0 < len(words) <= MAX_PART and lower * 2 <= len(words) and (part[0].isupper() or part[0].isdigit())


_UNIT = re.compile(r"\S+\s+(?:\d{1,5}[A-Za-z]?|[A-Z])")  # a word, then a number or a letter alone


def _street_after_prose(part: str) -> str | None:
    """The street a sentence ends on ("Acme has offices at Rua Augusta" -> "Rua Augusta"): from a
    capitalised street word on, after a word in lowercase."""
    for m in _street_word().finditer(part):
        lead, rest = part[: m.start()].split(), part[m.start() :]
        if rest[:1].isupper() and lead and lead[-1].islower() and _address_part(rest):
            return rest
    return None


def _unit_part(part: str) -> bool:
    """A floor, suite or unit, often in lowercase, beside the street: "piso 3", "sala 804", "scala B"
    (a street word and its number or letter alone; "Corso Langhe 5" is a street)."""
    return bool(_UNIT.fullmatch(part.strip())) and bool(_street_word().match(part.strip()))


def _street_part(part: str) -> bool:
    """A part that is a street without its number: "Hauptstraße", or "rue Mercière" after "14,"."""
    return bool(_street_word().search(part)) and (
        _address_part(part) or bool(_street_word().match(part)) and len(part.split()) <= MAX_PART
    )


# a street of capitalised words and a house number right before a postcode: "Am Hafen 12a"
_HOUSE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:\s+[\w.'’-]+){0,3}\s+\d{1,5}[a-zA-Z]?(?:/\d{1,5}[a-zA-Z]?)?"
)  # "148/34": two numbers


def _a_number_beside(part: str) -> bool:
    """A part after an address that gives a phone or a registration number ("Telefon 04931 123456"),
    not a postcode: the address ended before it."""
    digits = sum(c.isdigit() for c in part)
    if digits < 9 and (_street_word().match(part.strip()) or _BARE_POSTCODE.match(part.strip())):
        return False  # "Suite 102-405": a unit's number
    return digits >= 9 or digits >= 6 and not _POSTCODE_PLACE.search(part)  # a postcode has 8 digits at most


_FLOOR = re.compile(r"\d{1,3}\s?\.?\s?[ºª°](?:\s?[A-Za-z]{1,4}\.?)?")  # "2.º", "1.º Dto.", "5.ª": a floor
_TRAILING_NUMBER = re.compile(r"\s(\d{1,5}(?:\s?(?:bis|ter))?)$")
_ENDS_WITH_LEGAL_FORM = re.compile(LEGAL_FORMS.pattern + r"$", re.IGNORECASE)


_NEXT_SENTENCE = re.compile(
    r"[.!?]\s+[A-ZÀ-ÖØ-Þ][^\W\d]*(?:\s+[a-zß-öø-ÿ]|\.?:\s)"
)  # a full stop, then prose or a label


def _before_the_next_sentence(part: str) -> str:
    ended = _NEXT_SENTENCE.search(part)
    return part[: ended.start()] if ended else part


_LABEL_INSIDE = re.compile(r"\s[\w.\-]+\s?:\s|\s\S+@\S+")


_REGION_CODE = re.compile(r"[A-Z]{2,3}")  # "SP", "NSW": a state after its postcode


def _past_the_postcode(run: list[str], part: str) -> bool:
    """Words after a postcode and its place that are no country and hold no number: the address
    ended ("..., CA 94158, Data Protection Officer"); a country or a postcode may still follow."""
    return (
        not any(c.isdigit() for c in part)
        and not _REGION_CODE.fullmatch(part.strip())
        and any(_POSTCODE_PLACE.search(p) and not _street().search(p) for p in run)
        and not _country_part(part)
        and not any(m.end() > len(run[-1]) for m in _POSTCODE_PLACE.finditer(f"{run[-1]}, {part}"))
    )


# a house number written as a part of its own, after its street: "Av. Paulista, 1000", "Via Roma, 5"
_HOUSE_NUMBER = re.compile(r"(?:n\.?\s?[º°o]\.?\s?)?\d{1,5}[a-zA-Z]?", re.IGNORECASE)


def _street_before_its_number(part: str, following: str | None) -> str | None:
    """A street whose number is the next part ("com sede na Av. Paulista" / "1000"): the street,
    from its street word on."""
    if not following or not _HOUSE_NUMBER.fullmatch(following.strip()) or _street().search(part):
        return None
    if _street_word().match(part) and _address_part(part):
        return part
    return _street_after_prose(part)


def _anchor(part: str, following: str | None) -> str | None:
    """The address that starts in ``part`` (from its street or postcode on), or None."""
    if not any(c.isdigit() for c in part):
        return _street_before_its_number(part, following)  # every other street line and postcode holds a number
    for pattern in (_street(), _POSTCODE_PLACE):
        m = pattern.search(part)
        if m:
            if len(part.split()) <= MAX_PART:
                lead = part[: m.start()]
                # prose before the street ("gevestigd aan de", "located at") is no part of the address
                if lead.strip() and (lead.split()[-1].islower() or _ENDS_WITH_LEGAL_FORM.search(" " + lead.rstrip())):
                    return part[m.start() :]  # "Write to 1 Elm St", "Acme, Inc. 391 Grove St": no part of it
                return part
            rest = part[m.start() :]
            end = _LABEL_INSIDE.search(rest)  # lines run together: "... 10115 Berlin Geschäftsführer: ..."
            rest = rest[: end.start()].rstrip(" ,;") if end else rest
            place = _POSTCODE_PLACE.search(rest)
            if place:  # "... 75003 Paris and represented by its President": the sentence goes on
                conjunctions = _conjunctions()
                at = place.end()
                for word in re.finditer(r"\S+", rest[at:]):
                    if word.group(0) == "&" or word.group(0) in conjunctions:
                        rest = rest[: at + word.start()].rstrip(" ,;")
                        break
                sentence = _NEXT_SENTENCE.search(rest, at)  # "... 67000 Strasbourg. Pour toute question ..."
                if sentence:
                    rest = rest[: sentence.start()]
            return rest
    if _BARE_POSTCODE.match(part) and following and re.match(_PLACE, following):
        return part  # "3036, Limassol"
    return None


@language_cached(maxsize=1)
def _street_words() -> frozenset[str]:
    """Every language's street words: an address is written in its country's language."""
    return frozenset(w for lang in all_languages() for w in lang.words("street_words"))


@language_cached(maxsize=1)
def _street_word() -> re.Pattern:
    words = _street_words()
    return re.compile(  # not a letter of a dotted short form: the "r" of "s.r.o." is no "R." (rua)
        r"(?<![\w.])(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + r")\b(?!\.\w)",
        re.IGNORECASE,
    )


def address_line(text: str) -> bool:
    """Whether a short line is a piece of an address on its own: a street with its number
    ("Musterweg 5") or a postcode with its place ("10115 Berlin")."""
    return len(text.split()) <= MAX_PART and bool(_street().search(text) or _POSTCODE_PLACE.search(text))


# a postcode and its place (of up to three words: "Frankfurt am Main") that a sentence ends
_PLACE_THEN_SENTENCE = re.compile(
    r"((?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{3})?(?:\s?[A-Z]{2})?\s+\S+(?:\s\S+){0,2}?)(?:[.;]\s|\s\()"
)


def address_spans(text: str, addresses: list[str] | None = None) -> list[tuple[int, int]]:
    """Where the parts of ``text``'s postal addresses (or of ``addresses`` read from it) stand: a
    number or a name inside them is the address's, not the clause's ("18 quai Claude Bernard")."""
    spans = []
    for address in address_lines(text) if addresses is None else addresses:
        for part in address.split(", "):
            at = text.find(part)
            while at >= 0:
                spans.append((at, at + len(part)))
                at = text.find(part, at + len(part))
    return spans


def address_lines(text: str) -> list[str]:
    """Postal addresses in ``text``: runs of short parts (split at commas and line breaks) from a street
    with its number or a postcode with its place, as far as the parts stay short and capitalised."""
    parts = _parts(text)
    out: list[str] = []
    i = 0
    while i < len(parts):
        start = _anchor(parts[i], parts[i + 1] if i + 1 < len(parts) else None)
        if start is None:
            i += 1
            continue
        run = [start]
        back = i
        # a postcode line's street may sit on the lines before it: "52, rue de la Verrerie" / "75004 PARIS"
        # (and a unit's: "Rua Augusta, 1500, conjunto 42")
        unit = _unit_part(start)
        while back > 0 and i - back < 3 and (unit or not _street().search(start)):
            before = parts[back - 1]
            number = _TRAILING_NUMBER.search(before)
            tail = _street_after_prose(before)
            if (
                (_HOUSE_NUMBER.fullmatch(before) or _FLOOR.fullmatch(before))
                and i - back < 2
                or _street_part(before)
                or (_HOUSE.fullmatch(before) and back == i)
            ):
                back -= 1
                run.insert(0, before)
            elif tail:
                run.insert(0, tail)  # "com sede na Rua Augusta" / "1500" / "conjunto 42"
                break
            elif number and _street_word().match(run[0]):
                run.insert(0, number.group(1))  # "... est situé 14, rue Mercière, 69002 Lyon"
                break
            else:
                break
        j = i
        sentence_went_on = not parts[i].rstrip(" ,;.").endswith(start)  # the address ended inside its part
        while (
            not sentence_went_on
            and j + 1 < len(parts)
            and (
                _address_part(head := _before_the_next_sentence(parts[j + 1]))
                or _BARE_POSTCODE.match(head)
                or _country_part(head)
                or _unit_part(head)
                or j == i
                and _HOUSE_NUMBER.fullmatch(head)
            )
            and not EMAIL.search(head)
            and not _a_number_beside(head)
            and not _past_the_postcode(run, head)
        ):
            j += 1
            run.append(head)
            sentence_went_on = head != parts[j]  # "..., MO 63101. We answer within a month": it ended there
        if not sentence_went_on and j + 1 < len(parts) and not _street().search(parts[j + 1]):
            # "..., 28014 Madrid. Puede contactar con ...": the sentence goes on after the place
            place = _PLACE_THEN_SENTENCE.match(parts[j + 1])
            if place and _POSTCODE_PLACE.match(place.group(1)):
                j += 1
                run.append(place.group(1))
        has_postcode = any(_POSTCODE_PLACE.search(p) or _BARE_POSTCODE.match(p) for p in run)
        street = _street().search(run[0]) or len(run) > 1 and _street().search(f"{run[0]} {run[1]}")
        place_after = street and re.search(rf"\s{_PLACE}", run[0][street.end() :])  # "53 rue de Châteaudun Paris 9"
        if has_postcode and (len(run) > 1 or street) or street and (len(run) > 1 or place_after):
            out.append(", ".join(run))
        i = j + 1
    return out


def _role_sets(code: str | None):
    lang = language(code)
    return lang, lang.phrases("roles")


def roles(text: str, lang_code: str | None) -> set[str]:
    """The roles (controller, dpo, representative, contact, authority) a text names, in its language."""
    lang, phrases = _role_sets(lang_code)
    return phrases.found_in(_compounds_split(_without_addresses(text), lang_code))


@language_cached(maxsize=16)
def _compound_endings(lang_code: str | None) -> tuple[re.Pattern, dict[str, str]] | None:
    """In a language that writes compounds (``compound_words``), a word that ends in a long one-word
    role ("Konzerndatenschutzbeauftragter" ends in "datenschutzbeauftragter") names that role."""
    lang = language(lang_code)
    if not lang.data.get("compound_words"):
        return None
    endings = {
        str(form).lower(): str(role)
        for role, forms in lang.table("roles").items()
        for form in forms
        if " " not in str(form) and len(str(form)) >= 12
    }
    if not endings:
        return None
    alternatives = "|".join(map(re.escape, sorted(endings, key=len, reverse=True)))
    return re.compile(rf"\b(\w{{3,}}?)({alternatives})\b", re.IGNORECASE), endings


def _compounds_split(text: str, lang_code: str | None) -> str:
    """``text`` with each compound of a role split before the role ("Konzern datenschutzbeauftragter")."""
    found = _compound_endings(lang_code)
    return found[0].sub(r"\1 \2", text) if found is not None else text


def _first_role(text: str, lang_code: str | None) -> str | None:
    """The first role a text names; but an authority named first is most often where to complain,
    and another role named after it, before the text's first e-mail address, owns the details ("to
    lodge a complaint with the authority, contact us at ...": ours)."""
    lang, phrases = _role_sets(lang_code)
    plain = _compounds_split(_without_addresses(text), lang_code)
    if not phrases.may_occur_in(plain):
        return None
    tokens = lang.tokens(plain)
    found = [m for m in phrases.find(tokens) if not _an_office_follows(tokens.words, m.end, lang_code)]
    if not found:
        return None
    mail = [m.start() for pattern in (EMAIL, _OBFUSCATED, PLACEHOLDER) for m in [pattern.search(text)] if m]
    if mail and found[0].id == "authority":
        if min(mail) < tokens.span(found[0].start, found[0].end)[0]:
            # "exercise your rights at dpo@... and complain to the CNIL": the address came first, ours
            return _mailbox_role(text, lang_code) or "contact"
        before = [m for m in found if tokens.span(m.start, m.end)[1] <= min(mail)]
        if len(found) > 1 and before:
            return before[-1].id
    if found[0].id == "contact":  # "contact our DPO at ...", "contactar con nuestro Delegado ...": the DPO's
        named = next((m.id for m in found[1:] if m.id not in ("contact", "authority")), None)
        return named or "contact"
    return found[0].id


@language_cached(maxsize=16)
def _offices(lang_code: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Offices written before a name, and the words that may stand between a role and one."""
    lang, en = language(lang_code), language("en")
    skipped = lang.stopwords | lang.words("articles") | lang.words("own_determiners") | en.stopwords
    return lang.words("officer_titles") | en.words("officer_titles"), frozenset(skipped)


def _an_office_follows(words: list[str], at: int, lang_code: str | None) -> bool:
    """Whether an office follows a role's word ("vertreten durch die Geschäftsführer ...",
    "represented by its managing director"): the company's officers, not a GDPR representative."""
    offices, skipped = _offices(lang_code)
    for i in range(at, min(at + 4, len(words))):
        if words[i] in offices or " ".join(words[i : i + 2]) in offices:
            return True
        if words[i] not in skipped and len(words[i]) > 3:  # "its", "son", "die": a determiner
            return False
    return False


def _mailbox_role(text: str, lang_code: str | None) -> str | None:
    """The role an e-mail address is named after, when nothing else in the text names one
    ("écrivez à dpo@example.fr", "rpd@esempio.it"): its mailbox is a one-word name of the role."""
    if "@" not in text:
        return None
    names = _mailbox_names(lang_code)
    for address in emails(text):
        for part in re.split(r"[._+-]", address.split("@", 1)[0].lower()):
            if part in names:
                return names[part]
    return None


@language_cached(maxsize=16)
def _mailbox_names(lang_code: str | None) -> dict[str, str]:
    """One-word names of a role ("dpo", "rpd", "dsb", "kontakt") -> the role; not the authority's."""
    out: dict[str, str] = {}
    for role, phrases in language(lang_code).table("roles").items():
        for phrase in phrases:
            word = str(phrase).lower()
            if role != "authority" and " " not in word and len(word) >= 3:
                out.setdefault(word, str(role))
    return out


def _without_addresses(text: str) -> str:
    """``text`` with its e-mail addresses blanked: "dpo@example.com" names no DPO."""
    if "@" not in text and ("at" not in text.lower() or not _BRACKET.search(text)):
        return text  # "that", "data": an obfuscated address needs its bracketed "at"
    blank = lambda m: " " * len(m.group(0))  # offsets kept: details are found in the text as written
    return _OBFUSCATED.sub(blank, EMAIL.sub(blank, text))


def emails(text: str) -> list[str]:
    found = [m.group(0).lower().rstrip(".") for m in EMAIL.finditer(text)]
    for m in _OBFUSCATED.finditer(text):
        domain = re.sub(r"\s*(?:[\[({]\s*dot\s*[\])}]|\.)\s*", ".", m.group(2))
        found.append(f"{m.group(1)}@{domain}".lower())
    return found


_PHONE_LIKE = re.compile(r"(?:\+|\(|\b)\d[\d\s().\-/]{7,}\d")  # national numbers need no 0 (ES, US)


def phones(text: str, lang_code: str | None) -> list[str]:
    """Phone numbers, read with phonenumbers (valid numbers only) where the text holds something like one."""
    return [number for _, _, number in phone_spans(text, lang_code)]


_DASHES = str.maketrans("\u2010\u2011\u2012\u2013\u2212", "-----")


def phone_spans(text: str, lang_code: str | None) -> list[tuple[int, int, str]]:
    """Where the text writes a phone number, and the number in E.164 form (one number however written)."""
    text = text.translate(_DASHES)  # "0800‑555‑0134" with non-breaking hyphens: one character each, spans kept
    if not _PHONE_LIKE.search(text):
        return []
    import phonenumbers

    regions = language(lang_code).data.get("phone_region") or ["GB"]
    out: list[tuple[int, int, str]] = []
    for region in [regions] if isinstance(regions, str) else regions:  # a language spoken in several countries
        for m in phonenumbers.PhoneNumberMatcher(text, str(region), leniency=phonenumbers.Leniency.VALID):
            if any(m.start < end and start < m.end for start, end, _ in out):
                continue
            if registration_number_at(text, m.start):
                continue  # "P.IVA 01234567890", "KvK 12345678": a company's number, not a phone's
            out.append((m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)))
    return out


@language_cached(maxsize=1)
def _registration_labels() -> str:
    labels = {w for lang in all_languages() for w in lang.words("registration_labels")}
    return "|".join(sorted((re.escape(w) for w in labels), key=len, reverse=True)) or "(?!)"


@language_cached(maxsize=1)
def _registration_label() -> re.Pattern:
    """A registration or tax number's label, or the share capital's (of any language), just before
    a number, or before a copula or a currency and the number ("Ons KvK-nummer is 30123456", "au
    capital de 10 000 €" is written "capital de € 10 000" too)."""
    copulas = sorted({w for lang in all_languages() for w in lang.words("copulas")}, key=len, reverse=True)
    copula = "|".join(re.escape(c) for c in copulas) or "(?!)"
    return re.compile(
        rf"(?<!\w)(?:{_registration_labels()})\.?\s*(?:n[°oº]\.?|nr\.?|number|nummer)?\s*[:#]?(?:\s+(?:{copula}))?\s*[:#]?(?:\s*(?:€|\$|£|eur|euros?|chf|usd|gbp)\.?)?\s*$",
        re.IGNORECASE,
    )


def registration_number_at(text: str, start: int) -> bool:
    """Whether the number at ``start`` is a company's registration or tax number ("P.IVA 0123...")."""
    return bool(_registration_label().search(text[max(0, start - 48) : start]))


@language_cached(maxsize=1)
def _registration_start() -> re.Pattern:
    return re.compile(rf"\s*[(\[]?\s*(?<!\w)(?:{_registration_labels()})(?!\w)", re.IGNORECASE)


# what a registration label labels: a few words at most ("Paris B", "n°"), then digit groups
_REGISTRATION_NUMBER = re.compile(r"[^\d\n]{0,30}?[\w.\-/]*\d[\w.\-/]*(?:\s+[\w.\-/]*\d[\w.\-/]*)*\s*[)\]]?")


def _without_registration(part: str) -> str:
    """A part of an address without a registration number written in it: "London EC1A 1BB (company
    no 123)" ends before it; "con CIF B12345678 y domicilio en Calle de Alcalá 45" goes on after
    the number. A label with no number after it ("Registro Mercantil de Madrid") ends the part."""
    m = _registration_start().search(part)
    if not m:
        return part
    number = _REGISTRATION_NUMBER.match(part, m.end())
    if number is None or not part[number.end() :].strip(" .,;)]"):
        return part[: m.start()]
    return part[: m.start()] + " " + _without_registration(part[number.end() :]).lstrip()


def organisations(text: str) -> list[str]:
    return [name for name, _ in organisations_at(text)]


def organisations_at(text: str) -> list[tuple[str, int]]:
    """(name with its legal form, offset) for each company ``text`` names by its legal form."""
    return [(f"{m.group(1)} {m.group(2)}".strip(), m.start()) for m in _legal_org().finditer(text)]


@language_cached(maxsize=16)
def _person_labels(code: str | None) -> re.Pattern:
    labels = set(language(code).words("person_labels")) | language("en").words("person_labels")
    alternation = "|".join(sorted((re.escape(w) for w in labels), key=len, reverse=True))
    return re.compile(rf"^(?:{alternation})\s*:\s*(.+)$", re.IGNORECASE)


@language_cached(maxsize=16)
def _name_pattern(code: str | None) -> re.Pattern:
    """A capitalised name of two to four parts, after an optional title (the page's language and
    English), with the surname particles any language uses ("van der", "di", "de la")."""
    lang, en = language(code), language("en")
    titles = sorted({*lang.words("person_titles"), *en.words("person_titles")}, key=len, reverse=True)
    particles = sorted({w for other in all_languages() for w in other.words("name_particles")}, key=len, reverse=True)
    title = "|".join(re.escape(t) for t in titles)
    particle = "|".join(re.escape(p) for p in particles) or "(?!)"
    return re.compile(
        rf"^(?:(?i:{title})\.?\s+){{0,3}}([A-ZÀ-Ý][\w'’-]+(?:\s+(?:[A-ZÀ-Ý][\w'’-]+|(?:{particle})(?=\s))){{1,3}})"
    )


def _person(candidate: str, code: str | None = None) -> str | None:
    """A person's name, checked with nameparser: a first and a last name, no legal form or digits."""
    from nameparser import HumanName

    m = _name_pattern(code).match(candidate.strip(" :,-–"))
    if not m:
        return None
    parts = m.group(1).split()
    while parts and parts[-1].islower():  # a particle ends no name: "Responsable de ..."
        parts.pop()
    name = " ".join(parts)
    if LEGAL_FORMS.search(" " + name) or any(c.isdigit() for c in name) or not 2 <= len(parts) <= 4:
        return None
    if any(part.endswith(("'s", "’s")) for part in parts):
        return None  # "Quarkly Cloud’s point of contact": an owner, not a person's name
    if any(p.lower() in _common_words(code) for p in parts if not p.islower()):
        return None  # "Ihr Ansprechpartner": capitalised words of the language, not a name
    institutions = language(code).words("institution_words") | language("en").words("institution_words")
    if parts[0].lower() in institutions or len(parts) >= 3 and parts[-1].lower() in institutions:
        return None  # "Comissão Nacional de Proteção de Dados", "Northern Data Protection Commission"
    stripped = candidate.strip(" :,-–")
    if LEGAL_FORMS.match(stripped, m.end(1)) or any(
        stripped.startswith(org, m.start(1)) for org in organisations(stripped[m.start(1) : m.end(1) + 24])
    ):
        return None  # "Ortensia Ceramiche S.r.l.", "Lipka Sp. z o.o.": a company, its legal form after the name
    street = _street().search(stripped)
    if street and street.start() < m.end(1):
        return None  # "Carl Jacobsens Vej 35", "Rue Jean Moulin 4": a street named after a person
    parsed = HumanName(name)
    if not (parsed.first and parsed.last) or parsed.first.isupper() or parsed.last.isupper():
        return None
    return " ".join(name.split())


@language_cached(maxsize=16)
def _common_words(code: str | None) -> frozenset[str]:
    """Capitalised words that are no one's name, in the page's language and in English, which pages
    in every language borrow for their teams and desks ("Privacy Team")."""
    words: set[str] = set()
    for lang in (language(code), language("en")):
        words |= lang.stopwords | lang.words("person_labels") | lang.words("generic_terms") | lang.words("copulas")
    return frozenset(words)


_ELISION = re.compile(r"^\w{1,2}['’](?=\w)")  # "l'Avv. ...", "l'avv. ...": an elided article before a name
_ASIDE = re.compile(r"^\s*\([^()]{1,24}\)")  # "(DPO)", "(RPD)", "(the “DPO”)"


def _after_role(text: str, code: str | None) -> str:
    """What follows a role's name once the words that lead to a name are skipped: an aside in
    brackets, punctuation, a copula, articles and elided articles ("... (RPD) è l'Avv. Marco Bianchi")."""
    lang = language(code)
    lead = lang.words("copulas") | lang.stopwords | lang.words("articles") | language("en").words("copulas")
    rest = _ASIDE.sub("", text)
    head, newline, tail = rest.partition("\n")
    if newline and not head.strip(" \t,:;|-–—*"):
        rest = tail.split("\n", 1)[0]  # the role as a label on a line of its own, the name on the next
    for _ in range(5):
        rest = rest.lstrip(" \t,:;|-–—")
        elided = _ELISION.match(rest)
        if elided and rest[: elided.end()].islower():
            rest = rest[elided.end() :]
            continue
        word = rest.split(" ", 1)[0]
        if word and word.islower() and word in lead:
            rest = rest[len(word) :]
            continue
        break
    return rest


def people(
    text: str, role_span: tuple[int, int, str] | None, lang_code: str | None, role: str | None = None
) -> list[str]:
    """People named by a label ("Name: Jane Smith"), right after the role ("our DPO, Dr. Jane Smith,
    ...") or right before it ("we have appointed Jane Smith as our DPO")."""
    found = []
    for line in text.split("\n"):
        m = _person_labels(lang_code).match(line.strip())
        if m:
            person = _person(m.group(1), lang_code)
            if person:
                found.append(person)
    if role_span is not None:
        start, end, role = role_span
        person = (
            _person(_after_role(text[end : end + 90], lang_code), lang_code)
            or (_person_before(text, start, lang_code) if role in _APPOINTED else None)
            or (_person_after_colon(text[end : end + 240], lang_code) if role in _APPOINTED else None)
        )
        if person:
            found.append(person)
    heading = _heading_person(text, lang_code, role)
    if heading and heading not in found:
        found.append(heading)
    return found


def _person_after_colon(text: str, code: str | None) -> str | None:
    """The person a sentence about an appointed role names after a colon, however long the way
    there ("our DPO, whom you can ask about anything concerning your data: Jane Smith, ...")."""
    colon = text.find(":")
    if colon < 0 or re.search(r"[.!?]\s|\n", text[:colon]):
        return None  # no colon in the role's own sentence
    return _person(_after_role(text[colon + 1 :], code), code)


def _heading_person(text: str, lang_code: str | None, role: str | None) -> str | None:
    """The person whose name heads a block of contact lines, as an envelope is addressed: "Dr. Jane
    Smith", then a street, a postcode, an e-mail address (or only one of them). Only in a role a person is appointed to
    (a DPO, a representative), or after a person's title: a controller's or a contact's block is
    as often headed by a department ("Compliance Department", "Head Office")."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or roles(lines[0], lang_code):
        return None
    titles = language(lang_code).words("person_titles") | language("en").words("person_titles")
    if role not in _APPOINTED and lines[0].split()[0].rstrip(".").lower() not in titles:
        return None
    rest = "\n".join(lines[1:])
    if not (address_lines(rest) or emails(rest) or phones(rest, lang_code)) or address_line(lines[0]):
        return None
    if _street_word().fullmatch(lines[0].split()[-1].strip(".,")):
        return None  # "Elm Road": a street named without its number
    if any(_country_part(word) for word in lines[0].split()):
        return None  # "Acme Medical Supply France": a company of that country, not a person
    if _legal_org().search(lines[0]) or any(_person_labels(lang_code).match(line) for line in lines[1:]):
        return None  # "Acme Widgets, Inc.", or a business whose owner a line below names ("Owner: ...")
    return _person(lines[0], lang_code)


@dataclass(frozen=True)
class RoleBlock:
    """What a policy gives as the contact of one role."""

    role: str
    section: str
    emails: frozenset[str]
    phones: frozenset[str]
    addresses: tuple[str, ...]
    people: frozenset[str]
    organisations: frozenset[str]
    obfuscated: bool  # holds an e-mail obfuscation placeholder: its addresses are unknown, not absent


def _role_span(text: str, lang_code: str | None) -> tuple[int, int, str] | None:
    """Where the first role phrase of ``text`` stands, and its role."""
    lang, phrases = _role_sets(lang_code)
    tokens = lang.tokens(text)
    m = next((m for m in phrases.find(tokens) if not _an_office_follows(tokens.words, m.end, lang_code)), None)
    compound = _compound_endings(lang_code)
    found = compound[0].search(_without_addresses(text)) if compound is not None else None
    if found and compound and (m is None or found.start() < tokens.span(m.start, m.end)[0]):
        return found.start(), found.end(), compound[1][found.group(2).lower()]  # "Konzerndatenschutzbeauftragter"
    return (*tokens.span(m.start, m.end), m.id) if m else None


_APPOINTED = ("dpo", "representative")  # roles a person is appointed to: "we have appointed Jane Smith as our DPO"


def _person_before(text: str, role_start: int, code: str | None) -> str | None:
    """A person named right before the role, in the same sentence: "We have appointed Jane Smith as
    our data protection officer", "Wyznaczyliśmy Annę Nowak na inspektora ochrony danych"."""
    sentence = re.split(r"[.!?;:]\s", text[:role_start])[-1]
    words = sentence.split()
    for _ in range(3):  # the small words that lead from the name to the role: "as our", "na", "als unseren"
        if words and words[-1][:1].islower():
            words.pop()
    run: list[str] = []
    while words and words[-1][:1].isupper() and len(run) < 3:
        run.insert(0, words.pop())
    if len(run) == 3 and not words:
        run = run[1:]  # the sentence's first word opens it, not the name: "Wyznaczyliśmy Annę Nowak"
    if words and any(c.isdigit() for c in words[-1]):
        return None  # after a house number, a street: "registered at 20 Elm Road, Leeds, is our DPO"
    return _person(" ".join(run), code) if len(run) >= 2 else None


@per_section
def _section_roles(key: tuple, lang_code: str | None) -> tuple[tuple[str, str], ...]:
    """(role, text) for each block of a section that belongs to a role."""
    section = section_from_key(key)
    title_roles = roles(" ".join((*section.path[-1:], section.title)), lang_code) or _title_role(
        section.title, lang_code
    )
    # a section named after one role ("Data Protection Officer", "Contact us") holds that role's details;
    # a long one holds other things too, and only its blocks that name a role count
    section_role = next(iter(title_roles)) if len(title_roles) == 1 and len(section.blocks) <= 12 else None
    out: list[tuple[str, str]] = []
    carried: str | None = None
    for block in section.blocks:
        if block.kind in ("row", "header") and len(block.cells) != 2:
            carried = None
            continue  # a table of processors or purposes is no contact block; "| DPO | Jane Smith |" is
        text = block.text
        words = len(text.split())
        role = _first_role(text, lang_code)
        if block.kind in ("row", "header"):
            carried = None  # a row is its own label and value: "| Recipients | ... |" is not the controller's
            role = role or section_role
        elif role:
            carried = role if words <= SHORT_LABEL else carried
        elif carried and words <= SHORT:
            role = carried
        else:
            carried = None
            role = section_role or _mailbox_role(text, lang_code)
        role = _titled(role, section_role)
        if role and words > SHORT_LABEL:
            text = _without_vendor_sentences(text, lang_code)
            if not text:
                continue  # only whom the company uses or gives data to: nothing of the role's own
        if role and words > SHORT_LABEL and len(roles(text, lang_code)) > 1:
            out += _by_sentence(text, role, lang_code, section_role)  # "X is the controller. Our DPO is Jane Smith."
        elif role == "authority" and words > SHORT_LABEL:
            out += _beside_the_authority(text, lang_code, section_role)
        elif role:
            out.append((role, text))
    return tuple(out)


_TITLE_WORD = re.compile(r"[^\W\d_]+")


def _title_role(title: str, lang_code: str | None) -> set[str]:
    """The role a whole title names though its words alone name none: "Contact" or "Questions?"
    head the contact details, while "contact" inside a sentence is no role (lang key title_roles)."""
    said = " ".join(_TITLE_WORD.findall(title.lower()))
    if not said:
        return set()
    return {role for role, forms in language(lang_code).table("title_roles").items() if said in forms}


def _without_vendor_sentences(text: str, lang_code: str | None) -> str:
    """A role's block less its sentences that name no role and say whom the company uses or gives
    data to ("We use Quarkly Analytics Ltd to measure ...", "We share your data with Quarkly Inc."):
    the company they name serves the role, it is not it."""
    from policywatch.monitor.clauses import sentences

    lang = language(lang_code)
    cues = (lang.phrases("processor_cues_before"), lang.phrases("processor_cues_after"), lang.phrases("sharing_words"))
    if not any(cue.may_occur_in(text) for cue in cues):
        return text
    every = sentences(text, lang_code)
    kept = [
        sentence
        for sentence in every
        if _first_role(sentence, lang_code)
        or not any(cue.first_in(sentence) is not None for cue in cues)
        or not _names_a_company(sentence)  # "Hij is te bereiken via fg@...": a way to reach the role
    ]
    return "\n".join(kept)


def _names_a_company(sentence: str) -> bool:
    from policywatch.monitor.catalogue import catalogue

    plain = _without_addresses(sentence)
    return bool(organisations_at(plain)) or next(iter(catalogue().mentions_at(plain)), None) is not None


def _titled(role: str | None, section_role: str | None) -> str | None:
    """ "Contact us at ..." under a title naming one role ("Who is the controller?") gives that
    role's details."""
    return section_role if role == "contact" and section_role else role


def _by_sentence(text: str, role: str, lang_code: str | None, section_role: str | None) -> list[tuple[str, str]]:
    """A block that names several roles, cut where a sentence names another: each role keeps
    its own details ("contact us" keeps the role the section is titled after)."""
    from policywatch.monitor.clauses import sentences

    read: list[tuple[str, str]] = []
    for sentence in sentences(text, lang_code):
        role = _titled(_first_role(sentence, lang_code) or role, section_role) or role
        read.append((role, sentence))
    return _runs(read)


def _beside_the_authority(text: str, lang_code: str | None, section_role: str | None) -> list[tuple[str, str]]:
    """A block that names only the authority, in one of its sentences: the others are ours ("Send
    your request to privacy@example.com. You may also complain to the supervisory authority."), and
    an address there is how to reach us."""
    from policywatch.monitor.clauses import sentences

    return _runs(
        (_first_role(sentence, lang_code) or section_role or _mailbox_role(sentence, lang_code) or "contact", sentence)
        for sentence in sentences(text, lang_code)
    )


def _runs(read: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(role, sentence) pairs with the consecutive sentences of one role joined."""
    out: list[tuple[str, str]] = []
    for role, sentence in read:
        if out and out[-1][0] == role:
            out[-1] = (role, f"{out[-1][1]} {sentence}")
        else:
            out.append((role, sentence))
    return out


@text_cached(maxsize=4096)
def _details(text: str, lang_code: str | None, role: str | None = None) -> tuple:
    """A role block's text -> (emails, phones, addresses, people, organisations, obfuscated)."""
    return (
        tuple(emails(text)),
        tuple(phones(text, lang_code)),
        tuple(address_lines(text)),
        _people_in(text, lang_code, role),
        tuple(organisations(text)),
        bool(PLACEHOLDER.search(text)),
    )


def role_organisations(sections: list[Section], role: str, lang_code: str | None) -> frozenset[str]:
    """The organisations ``sections`` name in ``role``: what :func:`role_blocks` gathers for it,
    without reading the other roles' details (processors ask only who the controller is)."""
    return frozenset(
        org
        for section in sections
        for found, text in _section_roles(section_key(section), section_language(section, lang_code))
        if found == role
        for org in _details(text, lang_code, found)[4]
    )


def role_people(sections: list[Section], lang_code: str | None) -> frozenset[str]:
    """The people ``sections`` name in any role (a DPO, a representative, a contact person), without
    reading the rest of the roles' details (processors ask only whom not to take for a company)."""
    return frozenset(
        person
        for section in sections
        for role, text in _section_roles(section_key(section), section_language(section, lang_code))
        for person in _people_in(text, lang_code, role)
    )


@text_cached(maxsize=4096)
def _people_in(text: str, lang_code: str | None, role: str | None = None) -> tuple[str, ...]:
    return tuple(people(text, _role_span(text, lang_code), lang_code, role))


def role_blocks(policy: Policy) -> dict[str, RoleBlock]:
    """Each role's contact details, gathered over the whole policy."""
    gathered: dict[str, dict] = {}
    for section in policy.sections:
        lang_code = section_language(section, policy.language)
        for role, text in _section_roles(section_key(section), lang_code):
            got = gathered.setdefault(
                role,
                {
                    "section": section.title,
                    "emails": set(),
                    "phones": set(),
                    "addresses": [],
                    "people": set(),
                    "organisations": set(),
                    "obfuscated": False,
                },
            )
            found_emails, found_phones, found_addresses, found_people, found_orgs, obfuscated = _details(
                text, lang_code, role
            )
            got["emails"].update(found_emails)
            got["phones"].update(found_phones)
            for address in found_addresses:
                _add_address(got["addresses"], address)
            got["people"].update(found_people)
            got["organisations"].update(found_orgs)
            got["obfuscated"] |= obfuscated
    return {
        role: RoleBlock(
            role,
            g["section"],
            frozenset(g["emails"]),
            frozenset(g["phones"]),
            tuple(g["addresses"]),
            frozenset(g["people"]),
            frozenset(g["organisations"]),
            g["obfuscated"],
        )
        for role, g in gathered.items()
    }


def _norm(value: str) -> str:
    return " ".join(WORD.findall(value.casefold()))


ROLES = ("controller", "dpo", "representative", "contact", "authority")
FIELDS = (
    ("organisations", "organisation"),
    ("people", "person"),
    ("addresses", "address"),
    ("emails", "email"),
    ("phones", "phone"),
)


class Contacts(FactKind):
    name = "contacts"
    events = ("contact_changed",)
    order = 20
    salient = True
    label = "Contacts"
    incremental = "section"

    def read(self, policy: Policy) -> dict[str, RoleBlock]:
        return role_blocks(policy)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        return self.events_between(old.facts[self.name], new.facts[self.name], old, new)

    def recheck(self, old: Policy, new: Policy, changed: tuple[Policy, Policy]) -> list[Event]:
        """Only a role whose blocks differ between the changed sections of the two versions can
        differ; its details elsewhere are read from the shared sections where one of its words stands."""

        def texts(part: Policy) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for section in part.sections:
                for role, text in _section_roles(section_key(section), section_language(section, part.language)):
                    out.setdefault(role, []).append(text)
            return out

        before, after = texts(changed[0]), texts(changed[1])
        differing = {role for role in before.keys() | after.keys() if before.get(role) != after.get(role)}
        if not differing:
            return []
        _, phrases = _role_sets(old.language)

        def read(policy: Policy) -> dict[str, RoleBlock]:
            cut = within(
                policy, changed, lambda s: phrases.may_state_in(differing, " ".join((*s.path[-1:], s.title, s.text)))
            )
            return {role: block for role, block in role_blocks(cut).items() if role in differing}

        return self.events_between(read(old), read(new), old, new)

    def events_between(
        self, before: dict[str, RoleBlock], after: dict[str, RoleBlock], old: Policy, new: Policy
    ) -> list[Event]:
        from policywatch.monitor.sectiondiff import document_holds

        events = []
        code = new.language or old.language
        for role in sorted(set(before) | set(after), key=lambda r: ROLES.index(r) if r in ROLES else len(ROLES)):
            a, b = before.get(role), after.get(role)
            for field, kind in FIELDS:
                if field == "emails" and (a and a.obfuscated or b and b.obfuscated):
                    continue  # an obfuscated address may be any address: never a change
                old_values = role_values(a, field)
                new_values = role_values(b, field)
                if {_key(v, field, code) for v in old_values} == {_key(v, field, code) for v in new_values}:
                    continue
                if field == "addresses" and _same_address(old_values, new_values):
                    continue
                gone = [v for v in old_values if not _written_in(new, v, field, document_holds)]
                came = [v for v in new_values if not _written_in(old, v, field, document_holds)]
                if not gone and not came:
                    continue  # the same details, now read under another role or cut otherwise
                if field in RESPELLABLE and _respelt(gone, came, old, new):
                    continue
                if field == "addresses" and a and b and _section_slipped(a.section, b.section, old, new):
                    continue  # "Søndergde 18": a street word slipped, so the address reads shorter
                # a letter apart: an address or a company is the same one respelt; a person may be another
                slipped = field in RESPELLABLE and _slipped(old_values, new_values, gone, came)
                if slipped and field != "people":
                    continue
                old_keys, new_keys = (
                    {_key(v, field, code) for v in old_values},
                    {_key(v, field, code) for v in new_values},
                )
                swapped_out = [v for v in old_values if _key(v, field, code) not in new_keys]
                swapped_in = [v for v in new_values if _key(v, field, code) not in old_keys]
                if swapped_out and swapped_in and old_keys & new_keys:  # one of several replaced: name just it
                    old_values, new_values = swapped_out, swapped_in
                events.append(
                    Event(
                        "contact_changed",
                        # the regulator's details are no practice; a name a letter apart is likely the same
                        "minor" if role == "authority" or slipped else "material",
                        {
                            "role": role,
                            "kind": kind,
                            "old": "; ".join(old_values) or None,
                            "new": "; ".join(new_values) or None,
                            "section": next(r.section for r in (b, a) if r),
                        },
                    )
                )
        return events

    def describe(self, event: Event) -> str:
        f = event.fields
        role = "DPO" if f.get("role") == "dpo" else (f.get("role") or "contact")
        return f"{role} {f.get('kind', 'contact')} changed: {f.get('old') or 'none'} {ARROW} {f.get('new') or 'none'}"

    def headline(self, event: Event) -> str:
        f = event.fields
        role = "DPO" if f.get("role") == "dpo" else (f.get("role") or "contact")
        return f"{role} {f.get('kind', 'contact')} changed"

    def glance(self, value: dict[str, RoleBlock]) -> list[str]:
        out = []
        for role, block in value.items():
            parts = [
                *sorted(block.organisations),
                *sorted(block.people),
                *block.addresses,
                *sorted(block.emails),
                *sorted(block.phones),
            ]
            if parts:
                out.append(f"{role}: " + "; ".join(parts))
        return out


RESPELLABLE = ("addresses", "people", "organisations")  # an e-mail or a phone a letter apart is another one


def _respelt(gone: list[str], came: list[str], old: Policy, new: Policy) -> bool:
    """Whether the details that went and came are the same ones with a word misspelt or fixed
    ("75001 Paris" / "75001 Prais")."""
    from policywatch.monitor.sectiondiff import misspelt

    return len(gone) == len(came) > 0 and all(any(misspelt(g, c, old, new) for c in came) for g in gone)


def _section_slipped(old_title: str, new_title: str, old: Policy, new: Policy) -> bool:
    """Whether the section the details stand in differs between the versions by a word or two each a
    slip of the keyboard, and nothing else."""
    before = [f"{s.title}\n{s.text}" for s in old.sections if s.title == old_title]
    after = [f"{s.title}\n{s.text}" for s in new.sections if s.title == new_title]
    return len(before) == len(after) == 1 and bool(respelt_words(before[0], after[0]))


def _slipped(old_values: list[str], new_values: list[str], gone: list[str], came: list[str]) -> bool:
    """Whether every detail that went or came is one of the other version's with a word or two a slip
    of the keyboard apart ("Castle Street" / "Caslte Street", "Kraków" / "Krkaów"), whether or not
    the page writes the word elsewhere."""
    return bool(gone or came) and all(
        any(respelt_words(value, other) for other in others)
        for values, others in ((gone, new_values), (came, old_values))
        for value in values
    )


def _written_in(policy: Policy, value: str, field: str, holds) -> bool:
    """Whether a contact detail is written anywhere in ``policy`` (an address however its lines are cut)."""
    if field == "emails":
        return any(value in emails(s.text) for s in policy.sections)
    if field == "phones":
        return any(value in phones(s.text, policy.language) for s in policy.sections)
    return holds(policy, value)


def _key(value: str, field: str, code: str | None = None) -> str:
    if field == "people" and code:  # "Anna Nowak", "Annę Nowak": one person, declined (Polish, German genitive)
        lang = language(code)
        return " ".join(lang.stem(w) for w in _norm(value).split())
    if field == "organisations":
        return f"{normalise_name(value)} {legal_form(value)}".strip()  # "Acme S.r.l." is not "Acme S.p.A."
    if field in ("emails", "phones"):
        return value.lower()
    if field == "addresses":
        return address_key(value)
    return _norm(value)


def _same_address(a: list[str], b: list[str]) -> bool:
    """The same address written over other lines ("1 Main St, London" and "1 Main St" / "London"),
    or with its unit written out ("Długa 12/4" and "Długa 12 lok. 4", "5-12" and "5, apt. 12"), or with
    its province or country after it or not ("20129 Milano (MI)", "20129 Milano, Italia")."""
    short, long = sorted((_address_tokens(a), _address_tokens(b)), key=len)
    return long[: len(short)] == short and not any(c.isdigit() for t in long[len(short) :] for c in t)


_REGION_IN_BRACKETS = re.compile(r"\(\s*[A-Z]{2,3}\s*\)")  # "(MI)", "(SP)": a province's code


def _address_tokens(lines: list[str]) -> list[str]:
    particles = _every_name_particle()  # "Calle de Velázquez" is "C/ Velázquez"
    tokens = [
        t
        for t in re.findall(r"[^\W_]+", address_key(_REGION_IN_BRACKETS.sub(" ", " ".join(lines))))
        if t not in particles
    ]
    street_words = _every_street_word()
    return [
        t
        for i, t in enumerate(tokens)
        if not (
            t in street_words and 0 < i < len(tokens) - 1 and tokens[i - 1].isdigit() and tokens[i + 1][:1].isdigit()
        )
    ]


@language_cached(maxsize=1)
def _every_name_particle() -> frozenset[str]:
    return frozenset(w.casefold() for lang in all_languages() for w in lang.words("name_particles"))


@language_cached(maxsize=1)
def _every_street_word() -> frozenset[str]:
    return frozenset(_street_short_forms()[0]) | {w.casefold() for w in _street_words()}


@cache
def _street_short_forms() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Every written form of a street word -> one of them ("str" -> "straße"), of every language:
    an address is written in its country's language whatever the page's; and the endings of
    compound street names, long and short, -> the short one ("kerkstraat" -> "kerkstr").
    """
    words: dict[str, str] = {}
    endings: list[tuple[str, str]] = []
    for lang in all_languages():
        for full, shorts in lang.table("street_abbreviations").items():
            forms = [str(form).casefold().rstrip(".") for form in (full, *shorts)]
            # a short form two languages share ("av": avenue, avenida) makes their long forms one word
            key = next((words[form] for form in forms if form in words), forms[0])
            for form in forms:
                words.setdefault(form, key)
        for full, shorts in lang.table("street_suffix_abbreviations").items():
            endings.append((str(full).casefold(), str(shorts[0]).casefold()))
    return words, tuple(endings)


_DOTTED_SHORT_FORM = re.compile(r"(?<!\w)[^\W\d_]{1,2}\.[^\W\d_]{1,3}\b\.?")


def _add_address(addresses: list[str], address: str) -> None:
    """One address once: written again with its country ("..., UT 84009, USA"), the longer form
    stands for both."""
    key = address_key(address)
    for i, known in enumerate(addresses):
        other = address_key(known)
        if key == other or other.startswith(key + " "):
            return
        if key.startswith(other + " ") and not any(c.isdigit() for c in key[len(other) :]):
            addresses[i] = address
            return
    addresses.append(address)


def address_key(value: str) -> str:
    """An address as compared: each street word in one form, however the page abbreviates it, and
    the country it ends with as its code ("United Kingdom", "UK", "Royaume-Uni": GB)."""
    words, endings = _street_short_forms()
    if "." in value:  # "C.so", "V.le": a short form with a dot inside is one word
        value = _DOTTED_SHORT_FORM.sub(lambda m: words.get(m.group(0).casefold().rstrip("."), m.group(0)), value)
    out = []
    for word in _norm(value).split():
        word = words.get(word, word)
        for long, short in endings:
            if word.endswith(long) and len(word) > len(long) + 1:
                word = word[: -len(long)] + short
                break
        out.append(word)
    return " ".join(_country_as_code(out))


def _country_as_code(words: list[str]) -> list[str]:
    names, articles = _country_words()
    for size in (4, 3, 2, 1):
        if len(words) > size and " ".join(words[-size:]) in names:
            kept = words[:-size]
            if kept and kept[-1] in articles:
                kept = kept[:-1]  # "the Netherlands", "les Pays-Bas"
            return [*kept, names[" ".join(words[-size:])]]
    return words


@language_cached(maxsize=1)
def _conjunctions() -> frozenset[str]:
    return frozenset(w for lang in all_languages() for w in lang.words("list_conjunctions"))


def _country_part(part: str) -> bool:
    """A country closing an address, with its article: "the Netherlands", "les Pays-Bas"."""
    names, articles = _country_words()
    words = _norm(part.rstrip(".")).split()
    if words and words[0] in articles:
        words = words[1:]
    return bool(words) and " ".join(words) in names


@language_cached(maxsize=1)
def _country_words() -> tuple[dict[str, str], frozenset[str]]:
    from policywatch.monitor.facts.transfers import country_names

    names: dict[str, str] = {}
    for lang in all_languages():
        names.update({_norm(name): iso.lower() for name, iso in country_names(lang.code).items()})
    articles = frozenset(w for lang in all_languages() for w in lang.stopwords if len(w) <= 3)
    return names, articles


def extract_contacts(sections, lang_code: str | None = "en") -> list[Contact]:
    """Every contact detail with its role, flat (for callers that list them)."""
    policy = Policy(title=None, language=lang_code, sections=list(sections))
    out: list[Contact] = []
    for role, block in role_blocks(policy).items():
        for field, kind in FIELDS:
            for value in role_values(block, field):
                out.append(Contact(kind=kind, value=value, section=block.section, role=role))
    return out


def role_values(block: RoleBlock | None, field: str) -> list[str]:
    if block is None:
        return []
    value = getattr(block, field)
    return list(value) if isinstance(value, tuple) else sorted(value)


register(Contacts())
