"""The policy's own last-updated / effective date.

Anchored: only text right after phrases like "last updated" or "laatste update" is parsed, never the
whole policy (which would read "valid until 27 December 2031" or "Regulation 2016/679" as dates).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # nl
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "juni": 6, "juli": 7, "augustus": 8, "oktober": 10,
    "mrt": 3, "okt": 10,
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "janv": 1, "févr": 2, "avr": 4, "juil": 7,
    # de
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "dezember": 12, "okt.": 10,
}
ANCHORS = [
    # strong: these phrases introduce the document's own date
    r"last\s+updated?(?:\s+on)?", r"last\s+revised(?:\s+and\s+amended)?(?:\s+on)?", r"last\s+modified(?:\s+on)?",
    r"last\s+amended(?:\s+on)?", r"effective\s+date", r"effective(?:\s+as\s+of|\s+from|\s+on)?",
    r"updated(?:\s+on)?", r"revised(?:\s+on)?", r"(?:this\s+(?:privacy\s+)?(?:policy|notice|statement)\s+)?applies\s+from",
    r"date\s+of\s+(?:last\s+)?(?:update|revision)", r"version\s+(?:of|dated)",
    r"laatste\s+update(?:\s+op)?", r"laatst\s+(?:bijgewerkt|gewijzigd|aangepast)(?:\s+op)?", r"bijgewerkt\s+op",
    r"gewijzigd\s+op", r"versie\s+van", r"geldig\s+vanaf", r"in\s+werking\s+(?:getreden\s+)?(?:op|vanaf)",
    r"date\s+de\s+(?:la\s+)?dernière\s+mise\s+à\s+jour", r"dernière\s+mise\s+à\s+jour", r"mise\s+à\s+jour\s+(?:le|du)",
    r"à\s+jour\s+(?:du|au)", r"en\s+vigueur\s+(?:au|le|à\s+compter\s+du|depuis\s+le)", r"s['’]applique\s+à\s+partir\s+du?",
    r"mis\s+à\s+jour\s+le", r"zuletzt\s+(?:aktualisiert|geändert)(?:\s+am)?", r"stand(?:\s+vom)?\s*:", r"gültig\s+ab",
    r"in\s+kraft\s+(?:seit|ab)", r"version\s*:",
]
_ANCHOR = re.compile(r"(?<![\w])(?:" + "|".join(ANCHORS) + r")(?![\w])", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|e|\.)?"
_PATTERNS = [
    ("ymd", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("dmy_name", re.compile(rf"\b{_DAY}\s+(?:de\s+)?({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("mdy_name", re.compile(rf"\b({_MONTH_NAMES})\.?\s+{_DAY},?\s+(\d{{4}})\b", re.IGNORECASE)),
    ("numeric", re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")),
    ("my_name", re.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{4}})\b", re.IGNORECASE)),
]
WINDOW = 70


def parse_date(text: str, *, month_first: bool = False) -> tuple[date, str] | None:
    """The first date in ``text`` (and the text it was read from)."""
    found: list[tuple[int, date, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            try:
                parsed = _build(kind, m.groups(), month_first)
            except (ValueError, KeyError):
                continue
            if parsed and 1990 <= parsed.year <= 2100:
                found.append((m.start(), parsed, m.group(0)))
                break
    if not found:
        return None
    _, parsed, raw = min(found, key=lambda f: f[0])
    return parsed, raw


def _build(kind: str, g: tuple, month_first: bool) -> date | None:
    if kind == "ymd":
        return date(int(g[0]), int(g[1]), int(g[2]))
    if kind == "dmy_name":
        return date(int(g[2]), MONTHS[g[1].lower().rstrip(".")], int(g[0]))
    if kind == "mdy_name":
        return date(int(g[2]), MONTHS[g[0].lower().rstrip(".")], int(g[1]))
    if kind == "my_name":
        return date(int(g[1]), MONTHS[g[0].lower().rstrip(".")], 1)
    a, b, year = int(g[0]), int(g[1]), int(g[2])
    if a > 12:
        return date(year, b, a)
    if b > 12:
        return date(year, a, b)
    return date(year, a, b) if month_first else date(year, b, a)


def find_last_updated(text: str, language: str | None = None) -> tuple[date, str] | None:
    """The date right after the first anchor phrase that is followed by one."""
    month_first = language in (None, "en")
    for anchor in _ANCHOR.finditer(text):
        window = text[anchor.end(): anchor.end() + WINDOW].split("\n\n")[0]
        window = re.split(r"(?<=[a-z])\.\s", window)[0]
        found = parse_date(window, month_first=month_first)
        if found:
            return found
    return None
