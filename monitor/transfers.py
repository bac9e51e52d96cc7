"""International transfers: destination countries and the mechanisms that cover them."""

from __future__ import annotations

import re

from monitor.policy import Section
from monitor.words import word_set

COUNTRIES = {
    "united states": "United States", "usa": "United States", "u.s.": "United States", "us": "United States",
    "verenigde staten": "United States", "états-unis": "United States", "etats-unis": "United States",
    "vereinigte staaten": "United States", "united kingdom": "United Kingdom", "uk": "United Kingdom",
    "verenigd koninkrijk": "United Kingdom", "royaume-uni": "United Kingdom", "vereinigtes königreich": "United Kingdom",
    "india": "India", "inde": "India", "indien": "India", "china": "China", "chine": "China", "japan": "Japan",
    "japon": "Japan", "canada": "Canada", "kanada": "Canada", "australia": "Australia", "australië": "Australia",
    "australie": "Australia", "australien": "Australia", "singapore": "Singapore", "singapour": "Singapore",
    "singapur": "Singapore", "israel": "Israel", "israël": "Israel", "switzerland": "Switzerland", "zwitserland": "Switzerland",
    "suisse": "Switzerland", "schweiz": "Switzerland", "brazil": "Brazil", "brésil": "Brazil", "brasilien": "Brazil",
    "philippines": "Philippines", "filipijnen": "Philippines", "philippinen": "Philippines", "russia": "Russia",
    "south korea": "South Korea", "korea": "South Korea", "new zealand": "New Zealand", "mexico": "Mexico",
    "south africa": "South Africa", "argentina": "Argentina", "ukraine": "Ukraine", "turkey": "Turkey",
    "vietnam": "Vietnam", "indonesia": "Indonesia", "malaysia": "Malaysia", "pakistan": "Pakistan",
    "egypt": "Egypt", "serbia": "Serbia", "uruguay": "Uruguay", "hong kong": "Hong Kong", "taiwan": "Taiwan",
}
MECHANISMS = {
    "standard contractual clauses": "Standard Contractual Clauses", "sccs": "Standard Contractual Clauses",
    "scc": "Standard Contractual Clauses", "modelcontractbepalingen": "Standard Contractual Clauses",
    "standaardcontractbepalingen": "Standard Contractual Clauses", "clauses contractuelles types": "Standard Contractual Clauses",
    "standardvertragsklauseln": "Standard Contractual Clauses", "data privacy framework": "Data Privacy Framework",
    "privacy shield": "Privacy Shield", "adequacy decision": "adequacy decision", "adequacy": "adequacy decision",
    "adequaatheidsbesluit": "adequacy decision", "décision d'adéquation": "adequacy decision",
    "angemessenheitsbeschluss": "adequacy decision", "binding corporate rules": "Binding Corporate Rules",
    "bcrs": "Binding Corporate Rules",
}
TRANSFER_CONTEXT = re.compile(
    r"transfer|outside (?:the )?(?:EEA|EU|European)|third countr|international|doorgifte|doorgegeven|buiten de (?:EER|EU)|"
    r"transfert|hors de l['’](?:UE|EEE|Union)|pays tiers|übermittlung|übermittelt|drittl[aä]nd|located|hosted|stored in|"
    r"processed in|residency|servers? in",
    re.IGNORECASE,
)
_COUNTRY_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True)) + r")(?![\w])",
                         re.IGNORECASE)
_MECH_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(m) for m in sorted(MECHANISMS, key=len, reverse=True)) + r")(?!\w)",
                      re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_CASE_SENSITIVE = {"us", "usa", "uk", "scc", "sccs", "bcrs"}
_PROPER_SPELLINGS = {"US", "USA", "UK", "SCC", "SCCs", "SCCS", "BCRs", "BCRS"}
# each name's most distinctive word ("framework", not "data"): a block without any of them names none
_GENERIC = {"privacy", "data", "standard", "decision", "rules"}
_SIGNAL_WORDS = frozenset(
    max((w for w in re.findall(r"\w+", name) if w not in _GENERIC), key=len)
    for name in (*COUNTRIES, *MECHANISMS) if name not in _CASE_SENSITIVE and name != "u.s."
)
_ABBREVIATIONS = re.compile(r"\b(?:US|USA|UK|SCCs?|BCRs)\b|\bU\.S\.")


def _spelled_names(pattern: re.Pattern, sentence: str):
    """Names found by ``pattern``; abbreviations like US or SCCs only in their proper spelling."""
    for m in pattern.finditer(sentence):
        word = m.group(1)
        if word.lower() not in _CASE_SENSITIVE or word in _PROPER_SPELLINGS:
            yield word


def extract_transfers(sections: list[Section]) -> tuple[dict[str, str], dict[str, str]]:
    countries: dict[str, str] = {}
    mechanisms: dict[str, str] = {}
    for section in sections:
        section_context = bool(TRANSFER_CONTEXT.search(section.title))
        for block in section.blocks:
            if _SIGNAL_WORDS.isdisjoint(word_set(block.text)) and not _ABBREVIATIONS.search(block.text):
                continue
            for sentence in _SENTENCE.split(block.text):
                if not (section_context or TRANSFER_CONTEXT.search(sentence)):
                    continue
                for found, pattern, names in ((countries, _COUNTRY_RE, COUNTRIES), (mechanisms, _MECH_RE, MECHANISMS)):
                    for word in _spelled_names(pattern, sentence):
                        found.setdefault(names[word.lower()], section.title)
    return countries, mechanisms
