"""Words as such: the set of lowercase words in a text (a cheap first test before an expensive
pattern runs), and whether two spellings are one word slipped."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=2048)
def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def one_slip(x: str, y: str) -> bool:
    """Whether ``y`` is ``x`` with one slip of the keyboard past its first letter: a letter dropped,
    added or struck for another, or two swapped, in a word of five letters or more ("prvoiders",
    "rght"; not "lawful" / "unlawful", "never" / "ever")."""
    return min(len(x), len(y)) >= 4 and max(len(x), len(y)) >= 5 and x[:1] == y[:1] and OSA.distance(x, y) == 1
