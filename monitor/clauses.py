"""Sentences and clauses: the unit in which a policy's meaning changes.

A block's lines are split at sentence ends (".", "!", "?", and ";" for clauses) that are followed
by a capital, a digit or an opening mark, unless the full stop belongs to an abbreviation from
the language file ("Dr.", "Art.", "e.g.", "z. B.") or an initial ("J. Smith"). Measured against
simplemma's splitter, which cuts at "Dr." and "Art." (no list of abbreviations) and is no faster.
"""

from __future__ import annotations

import re

from policywatch.monitor.catalogue import LEGAL_FORMS
from policywatch.monitor.lang import all_languages, language, language_cached, text_cached

_END = re.compile(r"(?<=[.!?;])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-ZÀ-ÝΑ-Ω0-9•])")
_NUMBERING = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,6}|[a-z])[.)]$", re.IGNORECASE)
_LAST_WORD = re.compile(r"([\w.]+)[.!?;][\"'”’»)\]]*$")


@language_cached(maxsize=64)
def _abbreviations(code: str | None) -> frozenset[str]:
    # a title written before a name ("Avv.", "Dipl.") never ends a sentence either
    found = set(language(code).words("abbreviations")) | language(code).words("person_titles")
    if code not in (None, "en"):
        found |= language("en").words("abbreviations")  # English terms turn up in every language
    # an address is written in its country's language whatever the page's: "ul. Lipowa 12 lok. 4"
    found |= {
        str(short).casefold()
        for lang in all_languages()
        for shorts in lang.table("street_abbreviations").values()
        for short in shorts
    } - language(code).stopwords
    return frozenset(found)


@language_cached(maxsize=64)
def _abbreviated_endings(code: str | None) -> tuple[str, ...]:
    """Abbreviations that end compound words: the "str." of "Seestr." and "Kerkstr."."""
    return tuple(language(code).words("abbreviation_endings"))


def _is_legal_form(word: str) -> bool:
    """Whether an abbreviation is a company's legal form ("Ltd" of "Acme Ltd.", "S.A" of "Beta S.A.")."""
    return bool(LEGAL_FORMS.fullmatch(" " + word + "."))


@language_cached(maxsize=64)
def _dotted_countries(code: str | None) -> frozenset[str]:
    """Countries written as dotted abbreviations ("u.s.", "u.k."), which end sentences as names do."""
    return frozenset(
        str(alias).lower()
        for lang in (language(code), language("en"))
        for aliases in lang.table("country_aliases").values()
        for alias in aliases
        if str(alias).endswith(".")
    )


def _ends_a_name(word: str, code: str | None) -> bool:
    """Whether an abbreviation closes a name that can end a sentence: a legal form ("Acme Ltd."), or
    a country ("in the U.S.")."""
    return _is_legal_form(word) or f"{word.lower()}." in _dotted_countries(code)


def _next_word(text: str, at: int) -> str:
    """The capitalised word at ``at``, lowercased ("" if it is not capitalised)."""
    m = re.match(r"[\"'“‘«(\[]?([A-ZÀ-Ý][^\W\d]*)", text[at:])
    return m.group(1).lower() if m else ""


def _splits(
    text: str,
    abbreviations: frozenset[str],
    endings: tuple[str, ...] = (),
    openers: frozenset[str] = frozenset(),
    code: str | None = None,
) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        head = text[start : m.start()]
        last = _LAST_WORD.search(head)
        if last and head.endswith(".") and (last.group(1).lower() in abbreviations or len(last.group(1)) == 1):
            if not (openers and _ends_a_name(last.group(1), code) and _next_word(text, m.end()) in openers):
                continue  # "Acme Widgets Ltd. Our website ...", "in the U.S. If you ...": a name ends the sentence
        if last and head.endswith(".") and endings and last.group(1).lower().endswith(endings):
            continue
        if _NUMBERING.match(head.strip()):  # "10. Audits": a number opening a line numbers it
            continue
        piece = text[start : m.start()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


@text_cached(maxsize=8192)
def _sentences(text: str, code: str | None) -> tuple[str, ...]:
    abbreviations, endings = _abbreviations(code), _abbreviated_endings(code)
    openers = language(code).stopwords  # a function word after a company's legal form opens a sentence
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(_splits(line, abbreviations, endings, openers, code))
    return tuple(out)


def sentences(text: str, code: str | None = None) -> list[str]:
    """The sentences (and ;-separated clauses) of a block's text, each line on its own."""
    return list(_sentences(text, code))


def clear_caches() -> None:
    _sentences.cache_clear()


__all__ = ["all_languages", "clear_caches", "sentences"]
