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
from dataclasses import replace

from monitor.catalogue import LEGAL_FORMS, SOFT_CATEGORIES, catalogue, normalise_name
from monitor.facts import Event, FactKind, per_section, register, section_from_key, section_key
from monitor.lang import language_cached, WORD, all_languages, language
from monitor.policy import Block, Policy, Processor, Section


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
            r"\s*(?:\(|:|\s[–—-]\s|,\s(?!(?:inc|ltd|llc|limited|corp)\b)|;|\s(?:" + stop_words + r")\s)", re.IGNORECASE),
    }


def _header_match(cell: str, key: str) -> int | None:
    """Position in the language files' list ``key`` of the header phrase ``cell`` starts with."""
    cell = cell.strip()
    if not cell or len(cell) > 60:
        return None
    best = None
    for lang in all_languages():
        tokens = lang.tokens(cell.lower())
        phrases = lang.phrases(key)
        if not tokens or tokens.stems[0] not in phrases.first_stems:
            continue
        m = phrases.first(tokens, 0, min(len(tokens), 4))
        if m is not None and m.start == 0:
            rank = phrases.ids.index(m.id)
            best = rank if best is None else min(best, rank)
    return best


@language_cached(maxsize=4096)
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


@language_cached(maxsize=4096)
def _is_header_word(text: str) -> bool:
    return len(text) <= 40 and (provider_column((text,)) is not None or _header_match(text, "other_headers") is not None)


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 6 or len(text) > 60 or not any(c.isalpha() for c in text):
        return False
    if text.startswith(("http", "www.")) or "@" in text:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    connectors = _vocabulary()["connectors"]
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in connectors or not w[0].isalpha()
               or LEGAL_FORMS.fullmatch(" " + w) for w in words)


def leading_name(text: str) -> str | None:
    name = _vocabulary()["name_stop"].split(text, maxsplit=1)[0].strip(" .,*")
    return name if looks_like_name(name) else None


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
        while k + width <= len(paras) and all(len(p) <= 120 and not p.endswith(".") or len(p) < 30
                                             for p in paras[k:k + width]):
            candidate = paras[k + col]
            if looks_like_name(candidate) or catalogue().lookup(candidate):
                names.append(candidate)
            k += width
        i = k if k > j else j
    return names


def _recipient_context(text: str, lang_code: str | None) -> bool:
    for code in {lang_code or "en", "en"}:
        lang = language(code)
        phrases = lang.phrases("recipient_words")
        tokens = lang.tokens(text)
        if not phrases.first_stems.isdisjoint(tokens.stems) and phrases.first(tokens) is not None:
            return True
    return False


@per_section
def _section_processors(key: tuple, lang_code: str | None, doc_is_list: bool) -> tuple[Processor, ...]:
    section = section_from_key(key)
    found: dict[str, Processor] = {}
    cat = catalogue()

    def add(name: str, listed: bool) -> None:
        name = name.strip(" .,;:*")
        if not name:
            return
        entity = cat.lookup(name)
        key_ = entity.key if entity else f"name:{normalise_name(name)}"
        if key_ == "name:" or len(key_) < 7:
            return
        prior = found.get(key_)
        if prior is None or listed and not prior.listed:
            found[key_] = Processor(key=key_, name=prior.name if prior else name, listed=listed,
                                    category=entity.category if entity else None, section=section.title)

    context = doc_is_list or _recipient_context(" ".join((*section.path, section.title)), lang_code)
    mentions_recipients = None  # computed only when a "Label : Name" line needs it
    for block in section.blocks:
        if block.kind == "row" and block.header:
            column = provider_column(block.header)
            if column and (column[1] or context) and column[0] < len(block.cells):
                add(block.cells[column[0]], True)
                continue
        if block.kind == "row" and len(block.cells) == 2 and provider_column(block.cells[:1]):
            if looks_like_name(block.cells[1]) or cat.lookup(block.cells[1]):
                add(block.cells[1], True)
            continue
        if block.kind == "item" and context:
            name = leading_name(block.text)
            if name:
                add(name, True)
        if block.kind == "para" and (" : " in block.text or ": " in block.text[:60]):
            key_part, _, value = block.text.partition(":")
            value = value.strip()
            if _is_label(key_part):
                continue
            if len(block.text) <= 90 and value and (looks_like_name(value) or cat.lookup(value)):
                if mentions_recipients is None:
                    mentions_recipients = context or _recipient_context(section.text[:3000], lang_code)
                if provider_column((key_part.strip(),)) or mentions_recipients:
                    add(value, True)
    for name in _flattened_table_names([b for b in section.blocks if b.kind == "para"]):
        add(name, True)
    named_here = [p.name.casefold() for p in found.values()]
    for _, written, _ in cat.mentions_at(f"{section.title}\n{section.text}"):
        if any(written.casefold() in name for name in named_here):
            continue  # "Google Ireland Ltd" inside the listed "Google Ireland Ltd (Google Analytics)"
        add(written, False)
    return tuple(found.values())


def extract_processors(sections: list[Section], title: str | None = None, lang_code: str | None = "en") -> list[Processor]:
    doc_is_list = bool(title and _recipient_context(title, lang_code))
    processors: dict[str, Processor] = {}
    for section in sections:
        for p in _section_processors(section_key(section), lang_code, doc_is_list):
            prior = processors.get(p.key)
            if prior is None:
                processors[p.key] = p
            elif p.listed and not prior.listed:
                processors[p.key] = replace(prior, listed=True, section=p.section)
    return list(processors.values())


def processor_level(p: Processor) -> str:
    return "minor" if not p.listed and p.category in SOFT_CATEGORIES else "material"


def _name_gone_from_lists(p: Processor, new: Policy) -> bool:
    return not any(p.name.lower() in s.text.lower() for s in new.sections if s.title == p.section)


class Processors(FactKind):
    name = "processors"
    events = ("processor_added", "processor_removed")
    order = 10
    label = "Processors and recipients"

    def read(self, policy: Policy) -> list[Processor]:
        return extract_processors(policy.sections, policy.title, policy.language)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        before = {p.key: p for p in old.facts[self.name]}
        after = {p.key: p for p in new.facts[self.name]}
        old_listed = {k for k, p in before.items() if p.listed}
        new_listed = {k for k, p in after.items() if p.listed}
        events = []
        for key, p in after.items():
            if key not in before or (p.listed and key not in old_listed and old_listed):
                events.append(Event("processor_added", processor_level(p), {"name": p.name, "section": p.section}))
        for key, p in before.items():
            # gone from the text, or no longer listed where the policy still has a list (and not just re-worded there)
            if key not in after or (p.listed and new_listed and key not in new_listed and _name_gone_from_lists(p, new)):
                events.append(Event("processor_removed", processor_level(p), {"name": p.name, "section": p.section}))
        return events

    def describe(self, event: Event) -> str:
        f = event.fields
        return f"{event.type.replace('_', ' ')}: {f['name']}" + (f" (in '{f['section']}')" if f.get("section") else "")

    def headline(self, event: Event) -> str:
        return f"{event.type.replace('processor_', 'processor ')} ({event.fields.get('name')})"

    def glance(self, value: list[Processor]) -> list[str]:
        return [p.name + (f" ({p.category})" if p.category else "") for p in value]


register(Processors())
