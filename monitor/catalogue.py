"""The curated catalogue of companies and services that commonly receive personal data.

``monitor/data/processors.yaml`` holds each vendor's name, aliases and former names, domains,
category and the country of its legal entity. Names are matched as token sequences (some
case-sensitively, when the name is also a common word), longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from policywatch.monitor.lang import CJK_CHAR
from policywatch.monitor.words import one_slip

SOFT_CATEGORIES = {"social", "platform"}  # named in passing, these are examples rather than recipients
LEGAL_FORMS = re.compile(
    r"[,\s]+(?:inc|incorporated|ltd|limited|llc|l\.l\.c|corp|corporation|co|company|gmbh|ag|b\.?v|n\.?v|s\.?a\.?s?|"
    r"s\.?a\.?r\.?l|s\.?r\.?l\.?s?|s\.?l\.?u?|sprl|bvba|eurl|plc|aps|a/s|ab|oy|pty(?:\s+ltd)?|lp|llp|kg|kgaa|ug|e\.v|se|"
    r"spa|s\.p\.a|pbc|lda|ltda|oyj|kft|zrt|nyrt|d\.o\.o|s\.r\.o|a\.s|a\.ş|oü|"
    r"sp\.?\s?z\s?o\.\s?o|sp\.\s?k|sp\.\s?j|s\.k\.a|"
    # Norwegian "AS" and "ASA" in capitals after a word in lowercase letters: "Eksempel AS", not "PROVIDED AS IS"
    r"(?-i:(?:(?<=[a-zæøåäöüé]\s)|(?<=[a-zæøåäöüé],\s))(?:ASA|AS)))\.?(?=$|[\s,)])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entity:
    key: str
    name: str
    category: str
    country: str | None
    former: tuple[str, ...] = ()  # names it had before a rebrand ("Sendinblue" for Brevo)
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def _one_script(before: str, after: str) -> bool:
    """Whether two word characters can be of one word: "はGoogleを" names Google, since Chinese and
    Japanese write a Latin name between their own characters without spaces."""
    return bool(CJK_CHAR.match(before)) == bool(CJK_CHAR.match(after))


def _lower_same_length(text: str) -> str:
    """Lowercase with every character kept in place, so offsets in it are offsets in ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'“‘(*-•")
    return not before or before[-1] in ".!?:;\n"


class Catalogue:
    """The curated companies, found in a text with one Aho-Corasick pass over all their names
    (pyahocorasick), whole words only, some case-sensitively (names that are also common words)."""

    def __init__(self, entries: list[dict]) -> None:
        import ahocorasick

        self.by_alias: dict[str, Entity] = {}
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}
        self._lookups: dict[str, Entity | None] = {}
        options: dict[str, list[tuple[Entity, str, bool, bool]]] = {}
        for e in entries:
            entity = Entity(
                key=f"cat:{e['name'].lower()}",
                name=e["name"],
                category=e.get("category", ""),
                country=e.get("country"),
                former=tuple(e.get("former", ())),
                domains=tuple(e.get("domains", ())),
                aliases=tuple(e.get("aliases", ())),
            )
            self.entities.append(entity)
            self._by_key[entity.key] = entity
            names = [e["name"], *e.get("aliases", []), *e.get("former", []), *e.get("domains", [])]
            domains = set(e.get("domains", ()))
            for alias in names:
                self.by_alias.setdefault(alias.lower(), entity)
                # a short acronym ("UPS", "DHL") is a word in lowercase ("pop-ups"): matched only as written
                sensitive = bool(e.get("case_sensitive")) and alias == e["name"] or alias.isupper() and len(alias) <= 4
                options.setdefault(" ".join(alias.lower().split()), []).append(
                    (entity, alias, sensitive, alias in domains)
                )
        self._automaton = ahocorasick.Automaton()
        for key, found in options.items():
            self._automaton.add_word(key, (len(key), tuple(found)))
        self._automaton.make_automaton()

    def by_key(self, key: str) -> Entity | None:
        return self._by_key.get(key)

    def mentions_at(self, text: str, prose: bool = False):
        """(entity, text as written, offset) for every catalogue name in ``text``, longest first where
        names overlap ("Google Analytics", not "Google"). ``prose``: names that are also common words
        do not count at the start of a sentence ("Update your preferences")."""
        lowered = _lower_same_length(text)
        hits: list[tuple[int, int, Entity]] = []
        for end, (length, found) in self._automaton.iter(lowered):
            start, stop = end - length + 1, end + 1
            if (
                start > 0
                and lowered[start].isalnum()
                and (lowered[start - 1].isalnum() or lowered[start - 1] == "_")
                and _one_script(lowered[start - 1], lowered[start])
            ):
                continue
            if (
                stop < len(lowered)
                and lowered[end].isalnum()
                and (lowered[stop].isalnum() or lowered[stop] == "_")
                and _one_script(lowered[end], lowered[stop])
            ):
                continue
            written = text[start:stop]
            for entity, alias, sensitive, domain in found:
                if sensitive and (written != alias or prose and _sentence_start(text, start)):
                    continue
                if prose and (domain or written.islower() and not alias.islower()):
                    continue  # in prose, "tiktok" or "google.com" is a link or a cookie's domain, not a company
                hits.append((start, stop, entity))
                break
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        free = 0
        for start, stop, entity in hits:
            if start >= free:
                yield entity, text[start:stop].rstrip("."), start
                free = stop

    def parties_at(self, text: str, prose: bool = False) -> list[tuple[Entity, int]]:
        """(entity, offset) for every party ``text`` names, where a name with its company or product
        in brackets ("SendGrid (Twilio Inc.)") is one party, the one :meth:`lookup` reads. ``prose``:
        as :meth:`mentions_at` reads it ("do końca roku" names no Roku)."""
        found = list(self.mentions_at(text, prose))
        out: list[tuple[Entity, int]] = []
        i = 0
        while i < len(found):
            entity, written, at = found[i]
            if i + 1 < len(found):
                close = _aside_close(text, found[i], found[i + 1])
                if close is not None:
                    whole = self.lookup(text[at : close + 1])
                    out.append((whole or entity, at))
                    i += 2
                    continue
            out.append((entity, at))
            i += 1
        return out

    def named_at(self, text: str, prose: bool = False):
        """:meth:`mentions_at` less a name in brackets right after another ("Mailchimp (Intuit Inc.)",
        "SendGrid (Twilio Inc.)"): it names the first one's company or product, the same vendor."""
        found = list(self.mentions_at(text, prose))
        for i, mention in enumerate(found):
            if i == 0 or _aside_close(text, found[i - 1], mention) is None:
                yield mention

    def mentions(self, text: str):
        for entity, written, _ in self.mentions_at(text):
            yield entity, written

    def lookup(self, name: str) -> Entity | None:
        """The catalogue entry a candidate name refers to: the most specific name inside it."""
        if name in self._lookups:
            return self._lookups[name]
        # a product beside its company ("Product (Company Inc.)", "Company Ltd (Product)"):
        # the name the company's legal form follows is the company, the other the product
        found = sorted(
            (
                (entity.category not in SOFT_CATEGORIES, not _company_named(name, written, at), len(written)),
                entity,
            )
            for entity, written, at in self.mentions_at(name)
        )
        if len(self._lookups) > 5_000:
            self._lookups.clear()
        self._lookups[name] = found[-1][1] if found else None
        return self._lookups[name]


_ASIDE_OPENS = re.compile(r"[^()\n]{0,30}\(\s*")  # from a name to a bracket that names its company or product


def _company_named(text: str, written: str, at: int) -> bool:
    """Whether the name ``written`` at ``at`` in ``text`` names a legal entity: a legal form ends it
    or follows it ("Acme Inc", "Acme Ireland Ltd")."""
    form = LEGAL_FORMS.search(" " + written)
    return bool(form and form.end() == len(written) + 1) or bool(LEGAL_FORMS.match(text, at + len(written)))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = files("policywatch.monitor").joinpath("data/processors.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalogue(yaml.load(data, Loader=loader))


def normalise_name(name: str) -> str:
    """A company name without legal form, parenthesised notes, case and punctuation: "Acme Widgets B.V.
    (Netherlands)" and "ACME WIDGETS" are one name."""
    name = re.sub(r"\([^)]*\)", " ", name)
    previous = None
    while previous != name:
        previous, name = name, LEGAL_FORMS.sub("", name.strip(" ,."))
    return re.sub(r"[^\w&]+", " ", name.casefold()).strip()


def renamed_as(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` renamed or respelt, not another company: the same first word, and
    one name's words all in the other ("Vipps MobilePay AS" -> "Vipps AS"; not "Google Analytics" ->
    "Google Ads", another product), or one word slipped ("Pinnacle Sweden AB" -> "Pnnacle Sweden AB")."""
    a, b = normalise_name(old).split(), normalise_name(new).split()
    if not (a and b) or a == b:
        return False
    if len(a) == len(b) and [one_slip(x, y) for x, y in zip(a, b) if x != y] == [True]:
        return True
    first = a[0] == b[0] or one_slip(a[0], b[0])  # "Crisp" -> "Cresp IM": slipped and grown
    return first and len(a[0]) >= 3 and (set(a[1:]) <= set(b[1:]) or set(b[1:]) <= set(a[1:]))


# up to three capitalised words, then a legal form: what follows a word that opens a company's name
_REST_OF_A_COMPANY = re.compile(r"(?:[\s-]+(?:&|[A-Z0-9][\w&'’.-]*)){0,3}" + LEGAL_FORMS.pattern, re.IGNORECASE)


def opens_a_company_name(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` opens a company's name that a legal form closes ("Jersey
    Telecom Ltd", "Aruba S.p.A.", "Georgia-Pacific LLC"): a country written there is no destination."""
    m = _REST_OF_A_COMPANY.match(text, end)
    if m is None:
        return False
    words = [w for w in re.split(r"[\s-]+", text[end : m.end()].strip(" -,")) if w]
    return all(w[:1].isupper() or w == "&" or LEGAL_FORMS.fullmatch(" " + w) for w in words)


# long and short spellings of one legal form
_FORM_SPELLINGS = {"incorporated": "inc", "limited": "ltd", "corporation": "corp", "company": "co", "pty ltd": "pty"}


def legal_form(name: str) -> str:
    """The legal form a company name ends with, one spelling for each ("S.r.l." and "Srl" are "srl",
    "Limited" is "ltd"); "" without one. "Acme S.r.l." and "Acme S.p.A." are two companies."""
    found = ""
    rest = re.sub(r"\([^)]*\)", " ", name).strip(" ,.")
    while True:
        forms = list(LEGAL_FORMS.finditer(rest))
        m = forms[-1] if forms else None
        if m is None or m.end() < len(rest.rstrip(" .")):
            return found
        written = " ".join(re.sub(r"[.\s]+", " ", m.group(0).strip(" ,.")).split()).casefold()
        form = _FORM_SPELLINGS.get(written, written.replace(" ", ""))
        found = f"{form} {found}".strip()
        rest = rest[: m.start()].strip(" ,.")


def _aside_close(text: str, first: tuple, second: tuple) -> int | None:
    """Where the brackets close when ``second`` (a mention) stands alone in brackets right after
    ``first`` ("SendGrid (Twilio Inc.)"); None otherwise."""
    _, written, at = first
    _, second_written, at2 = second
    close = text.find(")", at2 + len(second_written))
    if _ASIDE_OPENS.fullmatch(text, at + len(written), at2) and 0 <= close - at2 - len(second_written) <= 15:
        return close
    return None
