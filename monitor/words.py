"""The set of lowercase words in a text: a cheap first test before an expensive pattern runs."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=2048)
def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))
