"""Words as such: the set of lowercase words in a text (a cheap first test before an expensive
pattern runs), and whether two spellings are one word slipped."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=2048)
def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def one_slip(x: str, y: str) -> bool:
    """Whether ``y`` is ``x`` with one slip of the keyboard past its first letter: a letter dropped,
    added or struck for another, or two swapped, in a word of five letters or more ("prvoiders",
    "rght"; not "lawful" / "unlawful", "never" / "ever")."""
    return min(len(x), len(y)) >= 4 and max(len(x), len(y)) >= 5 and x[:1] == y[:1] and OSA.distance(x, y) == 1


def respelt_words(a: str, b: str) -> list[tuple[str, str]]:
    """The words of clause ``a`` that ``b`` spells otherwise, when that is all that differs: a letter
    dropped, added, changed or two swapped, past the first letter, in words of five letters or more
    ("prvoiders" / "providers", "right" / "rght"; not "lawful" / "unlawful"). Which of the two is the
    misspelling the caller tells by counting."""
    wa, wb = _LETTERS.findall(a), _LETTERS.findall(b)
    if len(wa) != len(wb) or wa == wb or _LETTERS.sub("", a) != _LETTERS.sub("", b):
        return []
    pairs = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(pairs) > 2:
        return []
    return pairs if all(one_slip(x, y) for x, y in pairs) else []


def slipped_in(name: str, text: str) -> bool:
    """Whether ``text`` writes ``name`` with a word or two slipped ("Shopify International Lieited",
    "Intercom R&D Unlimited Comapny"), its punctuation aside."""
    words, wanted = _LETTERS.findall(text.casefold()), _LETTERS.findall(name.casefold())
    size = len(wanted)
    for i in range(len(words) - size + 1 if size else 0):
        pairs = [(x, y) for x, y in zip(words[i : i + size], wanted) if x != y]
        if 0 < len(pairs) <= 2 and all(one_slip(x, y) for x, y in pairs):
            return True
    return False
