"""Pages that are not the policy: error and challenge pages, loading placeholders, consent banners.

The phrases come from the language files (``error_phrases``, ``loading_phrases``,
``consent_phrases``) of every language, since an error page need not be in the policy's language.
"""

from __future__ import annotations

import re

from policywatch.monitor.lang import WORD, PhraseSet, all_languages, language_cached, text_cached


@language_cached(maxsize=1)
def _sets(key: str) -> list:
    return [(lang, lang.phrases(key)) for lang in all_languages()]


@text_cached(maxsize=4096)  # a short block is asked about as itself and as its neighbours' banner
def says_any(text: str, key: str) -> bool:
    """Whether ``text`` holds a phrase of the language files' list ``key``, in any language."""
    lowered = text.lower()
    return any(phrases.first_in(lowered) is not None for _, phrases in _sets(key))


def looks_like_error_page(text: str) -> bool:
    return says_any(text, "error_phrases")


@language_cached(maxsize=1)
def _written(key: str) -> frozenset[str]:
    return frozenset(str(p).lower() for lang in all_languages() for p in lang.data.get(key) or [])


_DECORATION = " \t.…!?:·-–—*_()[]"


def looks_like_loading_page(text: str) -> bool:
    """A placeholder says so on a line of its own, in a phrase of some language file's
    ``loading_phrases``: matched as written, never by stem or inside a sentence, so a word that only
    shares a stem with a placeholder, or a placeholder word used in a sentence, is no placeholder."""
    phrases = _written("loading_phrases")
    return any(line.strip(_DECORATION) in phrases for line in text.lower().splitlines())


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def states_its_date(text: str) -> bool:
    """Whether ``text`` says when a document was last changed: a year, and an anchor of two words
    or more in some language ("Ultima modifica", "Last updated"; not "version" alone, which a site's
    footer says of itself)."""
    if not _YEAR.search(text):
        return False
    lowered = text.lower()
    return any(phrases.first_in(lowered) is not None for _, phrases in date_anchor_sets(strong_only=True))


@language_cached(maxsize=2)
def date_anchor_sets(strong_only: bool = False) -> list:
    """Date anchors of every language; ``strong_only``: phrases of two words or more ("last
    updated", not "updated"), which may be trusted anywhere in a document, not only near its top or
    bottom."""
    out = []
    for lang in all_languages():
        phrases = lang.data.get("date_anchors") or []
        if strong_only:
            phrases = [p for p in phrases if len(WORD.findall(str(p))) >= 2]
        out.append((lang, PhraseSet(lang, {str(p): [p] for p in phrases})))
    return out
