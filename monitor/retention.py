"""Retention periods ("three years", "7 jaar", "30 jours", "24 Monate") and what they apply to."""

from __future__ import annotations

import re

from monitor.policy import Retention, Section
from monitor.words import word_set

NUMBER_WORDS = {
    # en
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
    # nl
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "twaalf": 12, "dertig": 30,
    # fr
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "douze": 12, "quinze": 15, "trente": 30,
    # de
    "ein": 1, "eine": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3, "fünf": 5, "sechs": 6, "sieben": 7,
    "zehn": 10, "zwölf": 12, "dreißig": 30,
}
UNITS = {
    "day": "days", "days": "days", "dag": "days", "dagen": "days", "jour": "days", "jours": "days", "tag": "days",
    "tage": "days", "tagen": "days", "calendar days": "days",
    "week": "weeks", "weeks": "weeks", "week ": "weeks", "weken": "weeks", "semaine": "weeks", "semaines": "weeks",
    "woche": "weeks", "wochen": "weeks",
    "month": "months", "months": "months", "maand": "months", "maanden": "months", "mois": "months",
    "monat": "months", "monate": "months", "monaten": "months",
    "year": "years", "years": "years", "jaar": "years", "jaren": "years", "an": "years", "ans": "years",
    "année": "years", "années": "years", "jahr": "years", "jahre": "years", "jahren": "years",
    "hour": "hours", "hours": "hours", "uur": "hours", "heures": "hours", "stunden": "hours",
}
RETENTION_WORDS = re.compile(
    r"\b(?:retain|retained|retention|keep|kept|store|stored|storing|delete|deleted|deletion|erase|erased|anonymi[sz]e|"
    r"anonymi[sz]ed|purge|held|hold|inactiv\w*|bewaren|bewaard|bewaartermijn|bewaarplicht|verwijder\w*|opslaan|"
    r"opgeslagen|conserv\w*|supprim\w*|archiv\w*|effac\w*|speicher\w*|aufbewahr\w*|gelöscht|löschen|löschung)\b",
    re.IGNORECASE,
)
_NUMBER = r"(\d{1,4}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = "(" + "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True)) + ")"
PERIOD = re.compile(rf"\b{_NUMBER}(?:\s*\(\d+\))?[\s\u00a0-]+(?:calendar\s+|full\s+)?{_UNIT}\b", re.IGNORECASE)
_UNIT_WORDS = frozenset(w for unit in UNITS for w in unit.split()) - {"an"}  # English "an" is everywhere
_FRENCH_HINTS = frozenset({"les", "des", "pendant", "durée", "une", "est", "sont"})


def _may_hold_period(text: str) -> bool:
    words = word_set(text)
    return not _UNIT_WORDS.isdisjoint(words) or ("an" in words and not _FRENCH_HINTS.isdisjoint(words))
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ý])")


def normalise_period(number: str, unit: str) -> str:
    value = int(number) if number.isdigit() else NUMBER_WORDS[number.lower()]
    return f"{value} {UNITS[unit.lower()]}"


def extract_retention(sections: list[Section]) -> list[Retention]:
    out: list[Retention] = []
    for section in sections:
        in_retention_section = bool(RETENTION_WORDS.search(section.title))
        for block in section.blocks:
            if not _may_hold_period(block.text) or not PERIOD.search(block.text):
                continue
            for sentence in _SENTENCE.split(block.text):
                periods = list(PERIOD.finditer(sentence))
                if not periods:
                    continue
                if not (in_retention_section or RETENTION_WORDS.search(sentence)):
                    continue
                context = PERIOD.sub("<period>", sentence)
                for m in periods:
                    out.append(Retention(
                        period=normalise_period(m.group(1), m.group(2)),
                        text=m.group(0),
                        context=context.strip(),
                        section=section.title,
                    ))
    return out
