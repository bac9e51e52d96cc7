"""Which language a policy is written in (en, nl, fr, de), from its most common function words."""

from __future__ import annotations

import re
from collections import Counter

STOPWORDS = {
    "en": "the and of to in we you your is are for with that this or by on as be not our may data personal".split(),
    "nl": "de het een en van in we je uw is zijn voor met dat dit of door op als niet onze gegevens persoonsgegevens wij".split(),
    "fr": "le la les et des du de en nous vous vos est sont pour avec que ce ou par sur pas nos données personnelles".split(),
    "de": "der die das und von zu in wir sie ihre ist sind für mit dass oder durch auf als nicht unsere daten personenbezogenen".split(),
}
_WORD = re.compile(r"[a-zäöüßéèêàçëïôûœ']+")


def detect_language(text: str, *, sample: int = 20_000) -> str | None:
    words = Counter(_WORD.findall(text[:sample].lower()))
    scores = {lang: sum(words[w] for w in stop) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=scores.get)
    total = sum(scores.values())
    if scores[best] < 5 or scores[best] < 0.45 * total:
        return None
    return best
