"""Processors, sub-processors and other named recipients of personal data.

Two sources, because each misses what the other finds:
- structure: tables with a provider-like column, key/value tables, flattened one-cell-per-line
  tables, "Label : Name" lines and name-like list items in recipient sections ("listed");
- a curated catalogue of known companies matched anywhere in the text ("mentioned").
Names are keyed by catalogue entry or by a normalised name, so "Chartmogul" and "ChartMogul Inc."
are one processor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from monitor.policy import Block, Processor, Section
from monitor.words import word_set

PROVIDER_HEADERS = [  # most specific first; "name" is weakest (cookie tables have a Name column too)
    r"sub-?processors?", r"processors?", r"sous-traitants?", r"auftragsverarbeiter", r"subverwerkers?", r"verwerkers?",
    r"unterauftragsverarbeiter", r"vendors?", r"providers?", r"service providers?", r"prestataires?", r"fournisseurs?",
    r"anbieter", r"dienstleister", r"leveranciers?", r"entity", r"entities", r"einheit", r"entit[ée]s?", r"partners?",
    r"partenaires?", r"recipients?", r"destinataires?", r"empfänger", r"ontvangers?", r"third[- ]part(?:y|ies)",
    r"companies", r"company", r"soci[ée]t[ée]s?", r"source", r"supplier", r"organi[sz]ation", r"name", r"nom", r"naam",
]
_HEADER_RES = [re.compile(rf"^\W*{h}\b", re.IGNORECASE) for h in PROVIDER_HEADERS]
_ANY_HEADER = re.compile(r"^\W*(?:" + "|".join(PROVIDER_HEADERS) + r")\b", re.IGNORECASE)
_OTHER_HEADER = re.compile(
    r"^\W*(service|purpose|tools?|country|location|residency|website|url|category|type|description|role|"
    r"transfer|safeguards?|data|processing|activity|region|doel|land|finalit[ée]|pays|zweck)\b", re.IGNORECASE)
WEAK_HEADERS = {len(PROVIDER_HEADERS) - 3, len(PROVIDER_HEADERS) - 2, len(PROVIDER_HEADERS) - 1}
RECIPIENT_CONTEXT = re.compile(
    r"shar|recipient|disclos|third[- ]part|processor|service provider|vendor|partner|supplier|derde|delen|ontvanger|"
    r"verwerker|destinataire|sous-traitant|partenaire|prestataire|empfänger|weitergabe|auftragsverarbeit|dienstleister|"
    r"who receives|we work with|we use the following",
    re.IGNORECASE,
)
LEGAL_FORMS = re.compile(
    r"[,\s]+(?:inc|incorporated|ltd|limited|llc|l\.l\.c|corp|corporation|co|company|gmbh|ag|b\.?v|n\.?v|s\.?a\.?s?|"
    r"s\.?a\.?r\.?l|s\.?r\.?l|sprl|plc|aps|a/s|ab|oy|pty(?:\s+ltd)?|lp|llp|kg|se|spa|s\.p\.a)\.?(?=$|[\s,)])",
    re.IGNORECASE,
)
_CONNECTORS = {"of", "and", "&", "de", "du", "des", "van", "der", "den", "von", "und", "et", "la", "le", "the", "for", "-", "+"}
_NAME_STOP = re.compile(r"\s*(?:\(|:|\s[–—-]\s|,\s(?!(?:inc|ltd|llc|limited|corp)\b)|;|\swhich\s|\swho\s|\sfor\s|\sto\s)", re.IGNORECASE)
SOFT_CATEGORIES = {"social", "platform"}
NOT_NAME_LABELS = re.compile(
    r"^\W*(name|nom|naam|position|function|fonction|functie|title|titre|e-?mail|courriel|phone|t[ée]l[ée]phone|tel|"
    r"telefoon|fax|address|adresse|adres|contact|website|site|url|country|pays|land|type|platform|plateforme|"
    r"purpose|duration|dur[ée]e|domain|domaine|dpo|kvk|vat|btw|tva|siret|rcs)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entity:
    key: str
    name: str
    category: str
    country: str | None


_TOKEN = re.compile(r"\w+(?:[.&'’]\w+)*\.?|[()&]")


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


class Catalogue:
    """The curated companies, matched as token sequences (some case-sensitively), longest first."""

    def __init__(self, entries: list[dict]) -> None:
        self.by_alias: dict[str, Entity] = {}
        self._lookups: dict[str, Entity | None] = {}
        self._index: dict[str, list[tuple[tuple[str, ...], Entity, bool]]] = {}
        for e in entries:
            entity = Entity(key=f"cat:{e['name'].lower()}", name=e["name"], category=e.get("category", ""),
                            country=e.get("country"))
            for alias in [e["name"], *e.get("aliases", [])]:
                self.by_alias[alias.lower()] = entity
                sensitive = bool(e.get("case_sensitive")) and alias == e["name"]
                words = tuple(m.group(0).rstrip(".") for m in _tokens(alias))
                key = words[0] if sensitive else words[0].lower()
                self._index.setdefault(key, []).append((words, entity, sensitive))
        for options in self._index.values():
            options.sort(key=lambda o: len(o[0]), reverse=True)
        # each alias's longest word: if none of these is in a text, no alias can be
        self.signal_words = frozenset(
            max(re.findall(r"\w+", alias), key=len).lower() for alias in self.by_alias
        )

    def mentions_at(self, text: str):
        """(entity, text as written, offset) for every catalogue name in ``text``."""
        tokens = _tokens(text)
        words = [m.group(0).rstrip(".") for m in tokens]
        lowered = [w.lower() for w in words]
        index = self._index
        candidates = [i for i, w in enumerate(lowered) if w in index or words[i] in index]
        next_free = 0
        for i in candidates:
            if i < next_free:
                continue
            hit = None
            for alias, entity, sensitive in (*index.get(lowered[i], ()), *index.get(words[i], ())):
                n = len(alias)
                if sensitive:
                    matched = tuple(words[i:i + n]) == alias
                else:
                    matched = tuple(lowered[i:i + n]) == tuple(a.lower() for a in alias)
                if matched and (hit is None or n > hit[0]):
                    hit = (n, entity)
            if hit:
                n, entity = hit
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                yield entity, text[start:end].rstrip("."), start
                next_free = i + n

    def mentions(self, text: str):
        for entity, written, _ in self.mentions_at(text):
            yield entity, written

    def lookup(self, name: str) -> Entity | None:
        """The catalogue entry a candidate name refers to: the most specific name inside it."""
        if name in self._lookups:
            return self._lookups[name]
        found = sorted(self.mentions(name), key=lambda pair: (pair[0].category not in SOFT_CATEGORIES, len(pair[1])),
                       reverse=True)
        if len(self._lookups) > 5_000:
            self._lookups.clear()
        self._lookups[name] = found[0][0] if found else None
        return self._lookups[name]


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = files("monitor").joinpath("data/processors.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalogue(yaml.load(data, Loader=loader))


def normalise_name(name: str) -> str:
    name = re.sub(r"\([^)]*\)", " ", name)
    previous = None
    while previous != name:
        previous, name = name, LEGAL_FORMS.sub("", name.strip(" ,."))
    return re.sub(r"[^\w&]+", " ", name.casefold()).strip()


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 6 or len(text) > 60 or not any(c.isalpha() for c in text):
        return False
    if text.startswith(("http", "www.")) or "@" in text:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS or not w[0].isalpha()
               or LEGAL_FORMS.fullmatch(" " + w) for w in words)


def leading_name(text: str) -> str | None:
    name = _NAME_STOP.split(text, maxsplit=1)[0].strip(" .,*")
    return name if looks_like_name(name) else None


def _provider_column(header: tuple[str, ...]) -> tuple[int, bool] | None:
    """Index of the best provider-like column and whether that header is a strong one."""
    best: tuple[int, int] | None = None
    for col, cell in enumerate(header):
        if len(cell) > 60 or not _ANY_HEADER.match(cell.strip()):
            continue
        for rank, pattern in enumerate(_HEADER_RES):
            if pattern.match(cell.strip()):
                if best is None or rank < best[0]:
                    best = (rank, col)
                break
    if best is None:
        return None
    return best[1], best[0] not in WEAK_HEADERS


def _is_header_word(text: str) -> bool:
    return len(text) <= 40 and bool(_ANY_HEADER.match(text) or _OTHER_HEADER.match(text))


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
        column = _provider_column(tuple(paras[i:j])) if width >= 3 else None
        if not column:
            i = max(j, i + 1)
            continue
        col = column[0]
        k = j
        while k + width <= len(paras) and all(len(p) <= 120 and not p.endswith(".") or len(p) < 30
                                             for p in paras[k:k + width]):
            candidate = paras[k + col]
            if looks_like_name(candidate) or catalogue().lookup(candidate):
                names.append(candidate)
            k += width
        i = k if k > j else j
    return names


def extract_processors(sections: list[Section], title: str | None = None) -> list[Processor]:
    cat = catalogue()
    found: dict[str, Processor] = {}

    def add(name: str, listed: bool, section: str) -> None:
        name = name.strip(" .,;:*")
        if not name:
            return
        entity = cat.lookup(name)
        key = entity.key if entity else f"name:{normalise_name(name)}"
        if key == "name:" or len(key) < 7:
            return
        category = entity.category if entity else None
        prior = found.get(key)
        if prior is None:
            found[key] = Processor(key=key, name=name, listed=listed, category=category, section=section)
        elif listed and not prior.listed:
            found[key] = Processor(key=key, name=prior.name, listed=True, category=category, section=section)

    doc_is_list = bool(title and RECIPIENT_CONTEXT.search(title))
    for section in sections:
        label = section.title
        context = doc_is_list or bool(RECIPIENT_CONTEXT.search(" ".join((*section.path, section.title))))
        mentions_recipients = None  # computed only when a "Label : Name" line needs it
        for block in section.blocks:
            if block.kind == "row" and block.header:
                column = _provider_column(block.header)
                if column and (column[1] or context) and column[0] < len(block.cells):
                    add(block.cells[column[0]], True, label)
                    continue
            if block.kind == "row" and len(block.cells) == 2 and _provider_column(block.cells[:1]):
                if looks_like_name(block.cells[1]) or cat.lookup(block.cells[1]):
                    add(block.cells[1], True, label)
                continue
            if block.kind == "item" and context:
                name = leading_name(block.text)
                if name:
                    add(name, True, label)
            if block.kind == "para" and " : " in block.text or block.kind == "para" and ": " in block.text[:60]:
                key_part, _, value = block.text.partition(":")
                value = value.strip()
                if NOT_NAME_LABELS.match(key_part):
                    continue
                if len(block.text) <= 90 and value and (looks_like_name(value) or cat.lookup(value)):
                    if mentions_recipients is None:
                        mentions_recipients = context or bool(RECIPIENT_CONTEXT.search(section.text[:3000]))
                    if _provider_column((key_part.strip(),)) or mentions_recipients:
                        add(value, True, label)
        for name in _flattened_table_names([b for b in section.blocks if b.kind == "para"]):
            add(name, True, label)
    for section in sections:
        text = f"{section.title}\n{section.text}"
        if cat.signal_words.isdisjoint(word_set(text)):
            continue
        named_here = [p.name.casefold() for p in found.values() if p.section == section.title]
        for _, written, _ in cat.mentions_at(text):
            if any(written.casefold() in name for name in named_here):
                continue  # "Google Ireland Ltd" inside the listed "Google Ireland Ltd (Google Analytics)"
            add(written, False, section.title)
    return list(found.values())


def processor_level(p: Processor) -> str:
    return "minor" if not p.listed and p.category in SOFT_CATEGORIES else "material"
