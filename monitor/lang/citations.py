"""Citations of the GDPR's lawful bases, Article 6(1)(a) to (f), however a language writes them.

"Art. 6 Abs. 1 lit. b", "artikel 6, stk. 1, litra b", "artikkel 6 nr. 1 bokstav b" and
"Article 6(1)(b)" cite the same basis: the letters are the law's, the words for "article" and
"letter" are the language's (``article_words`` and ``article_letter_words`` in its file).
"""

from __future__ import annotations

from collections.abc import Iterable

# Article 6(1) GDPR, point by point
ARTICLE_6_1 = {
    "a": "consent",
    "b": "contract",
    "c": "legal_obligation",
    "d": "vital_interests",
    "e": "public_task",
    "f": "legitimate_interests",
}


# words a citation's gap may hold: "Abs. 1 S. 1" before "lit. b", "n.º 1" before "al. b" (as
# tokens "n º 1"); more would reach into the next citation ("Art. 6 DSGVO sowie Art. 13 Abs. 1 lit. a")
CITATION_GAP = 4


def citation_phrases(articles: Iterable[str], letters: Iterable[str]) -> dict[str, list[str]]:
    """Phrases (with "…" gaps, see PhraseSet) for each basis: the article's number and paragraph
    written together ("6.1 b", "6(1)(b)"), the paragraph after a label ("6 Abs. 1 b"), or the
    point after a letter word ("6 … litra b"). A bare letter after a gap is never enough: "a" is
    a word in English and Portuguese."""
    out: dict[str, list[str]] = {basis: [] for basis in ARTICLE_6_1.values()}
    for article in articles:
        for point, basis in ARTICLE_6_1.items():
            out[basis] += [f"{article} 6 1 {point}", f"{article} 6 … 1 {point}"]
            out[basis] += [f"{article} 6 … {letter} {point}" for letter in letters]
    return out
