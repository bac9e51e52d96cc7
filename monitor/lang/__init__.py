"""Languages as data: every language-specific word the analysis reads lives in one YAML file per
language (``monitor/lang/<code>.yaml``); code reads the tables and holds no word of its own.

Phrases are matched word by word on stems (the Snowball stemmer the file names), so a phrase
written once matches its inflections: "updated" matches "update", "conservées" matches
"conserver"; where the stemmer leaves a short ending on ("conservons" -> "conservon"), a stem of
the language file names the endings to take off too (``stem_endings``). simplemma's dictionaries would lemmatise better, but loading the six languages costs
~340 MB of memory and ~4 s (German alone 110 MB), too much for a daemon that reads any page in any
language; Snowball stemmers are algorithmic, tiny and fast (~0.3 µs a word).

A new language is a new file (or :func:`add_language_file` for one kept elsewhere): nothing else.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from os.path import commonprefix
from pathlib import Path

import yaml

from policywatch.monitor.lang.citations import CITATION_GAP, citation_phrases

try:  # PyStemmer (C) when installed; snowballstemmer is its pure-Python twin with the same algorithms
    import Stemmer as _pystemmer

    def _make_stemmer(name: str):
        return _pystemmer.Stemmer(name)
except ImportError:  # pragma: no cover - depends on the platform's wheels
    import snowballstemmer

    def _make_stemmer(name: str):
        return snowballstemmer.stemmer(name)


# Han and kana are written without spaces: each character is a token, so a number inside a Japanese
# or Chinese sentence ("5年間") stands apart; a number glued to Hangul ("5년") is cut off too.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{CJK}]|\d+(?=[\uac00-\ud7af])|[^\W{CJK}]+(?:['’][^\W{CJK}]+)*")
CJK_CHAR = re.compile(f"[{CJK}]")


def word_count(text: str) -> int:
    """Words as a reader counts them: between spaces, and two Han or kana characters each where a
    language writes no spaces (a Japanese sentence is one "word" between spaces)."""
    return len(text.split()) + len(CJK_CHAR.findall(text)) // 2


_EXTRA_FILES: list[Path] = []
_DEPENDENT_CACHES: list = []


def language_cached(maxsize: int = 128):
    """lru_cache for work derived from the language files: forgotten when a language is added or removed."""

    def wrap(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _DEPENDENT_CACHES.append(cached)
        return cached

    return wrap


_TEXT_CACHES: list = []


def text_cached(maxsize: int = 128):
    """:func:`language_cached` for work on a page's text, also forgotten by :func:`clear_text_caches`:
    a benchmark run starts cold, and the daemon lets go of it after each pass."""

    def wrap(function):
        cached = language_cached(maxsize)(function)
        _TEXT_CACHES.append(cached)
        return cached

    return wrap


def clear_text_caches() -> None:
    for cached in _TEXT_CACHES:
        cached.cache_clear()


def _languages_changed() -> None:
    languages.cache_clear()
    _tokens.cache_clear()
    _stems_of.cache_clear()
    word_set_of.cache_clear()
    for cached in _DEPENDENT_CACHES:
        cached.cache_clear()


@dataclass(frozen=True)
class Match:
    id: str  # the concept (for keyed tables) or the phrase itself (for plain lists)
    phrase: str  # as written in the language file
    start: int  # token positions, end exclusive
    end: int


@dataclass(frozen=True)
class Tokens:
    """A text's words with their character spans and stems, in one language. The spans are found
    only when asked for: most texts are only looked up."""

    words: tuple[str, ...]  # lowercase
    stems: tuple[str, ...]
    text: str = field(repr=False, compare=False)

    @cached_property
    def _bounds(self) -> tuple[array, array]:
        # character offsets, as compact arrays: a daemon keeps thousands of these cached
        matches = list(WORD.finditer(self.text))
        return array("l", [m.start() for m in matches]), array("l", [m.end() for m in matches])

    @property
    def starts(self) -> array:
        return self._bounds[0]

    @property
    def ends(self) -> array:
        return self._bounds[1]

    @property
    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))

    def used_as_a_word(self, i: int, stopwords: frozenset[str]) -> bool:
        """Whether word ``i`` is used as a word, not inside a capitalised name ("the California
        Privacy Rights Act", "Acme International Ltd"): lower case, or capitalised where the text
        starts. (German capitalises every noun: a German name is told by its neighbours, which are
        capitalised too.)"""
        start = self.starts[i]
        if self.text[start : start + 1].islower() or i == 0:
            return True
        neighbours = [j for j in (i - 1, i + 1) if 0 < j < len(self.words) and self.words[j] not in stopwords]
        return not any(self.text[self.starts[j] : self.starts[j] + 1].isupper() for j in neighbours)

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Where each stem stands: a phrase set looks only where its first stems are."""
        at: dict[str, list[int]] = {}
        for i, stem in enumerate(self.stems):
            at.setdefault(stem, []).append(i)
        return at

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Character span of tokens start..end (end exclusive)."""
        return self.starts[start], self.ends[end - 1]

    def __len__(self) -> int:
        return len(self.words)


GAP = "…"  # in a phrase, up to GAP_WORDS words of any kind: "wir haben … aktualisiert"
GAP_WORDS = 5  # a language file may set its own ``phrase_gap_words``: German and Dutch verb brackets are long


class PhraseSet:
    """Phrases (optionally grouped under concept ids) matched on stems, longest first. A phrase may
    hold "…" for a few words of any kind, as verb-final languages need ("wir haben … aktualisiert")."""

    def __init__(self, language: Language, table: dict[str, list[str]], gap: int | None = None) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], str, str, tuple]]] = {}
        self._written: list[tuple[str, tuple[str, ...]]] = []  # (phrase, its stems) for the text prefilter
        self._language = language
        self._derivations = language.words("derivation_endings")
        self._gap = gap or int(language.data.get("phrase_gap_words") or GAP_WORDS)
        self.ids = tuple(table)
        for concept, phrases in table.items():
            for phrase in phrases:
                parts = [
                    tuple(language.stem_words(_lower(w) for w in WORD.findall(part))) for part in str(phrase).split(GAP)
                ]
                parts = [p for p in parts if p]
                if parts:
                    self._index.setdefault(parts[0][0], []).append((parts[0], concept, str(phrase), tuple(parts[1:])))
                    self._written.append((str(phrase), tuple(s for p in parts for s in p)))
        for options in self._index.values():
            options.sort(key=lambda o: len(o[0]) + sum(len(p) for p in o[3]), reverse=True)
        self.first_stems = frozenset(self._index)
        self._stems_by_id: dict[str, set[frozenset[str]]] = {}  # each phrase's stems, by concept
        for options in self._index.values():
            for lead, concept, _, rest in options:
                self._stems_by_id.setdefault(concept, set()).add(frozenset(lead).union(*rest))

    def __bool__(self) -> bool:
        return bool(self._index)

    def may_occur(self, tokens: Tokens) -> bool:
        """A cheap test: whether any phrase can start in ``tokens``."""
        return not self.first_stems.isdisjoint(tokens.stems)

    def may_occur_in(self, text: str) -> bool:
        """A cheap test on a text before it is read into stems: whether a phrase may start in it (the
        stems of its distinct words, each stemmed once per language, against the phrases' first stems)."""
        return not self.first_stems.isdisjoint(self._language.stems_of(text))

    def may_state_in(self, ids: Iterable[str], text: str) -> bool:
        """The cheap test for some concepts only: whether ``text`` holds every stem of one of their
        phrases (a long text, whose stems are read once, against few phrases)."""
        stems = self._language.stems_of(text)
        return any(phrase <= stems for i in ids for phrase in self._stems_by_id.get(i, ()))

    def first_in(self, text: str) -> Match | None:
        """The first match in ``text``, read into stems only when the cheap test lets it."""
        return self.first(self._language.tokens(text)) if self.may_occur_in(text) else None

    def found_in(self, text: str) -> set[str]:
        return self.found_ids(self._language.tokens(text)) if self.may_occur_in(text) else set()

    def find(self, tokens: Tokens, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Non-overlapping matches in tokens[start:end], leftmost and longest first."""
        stems = tokens.stems
        end = len(stems) if end is None else end
        index = self._index
        at = tokens.__dict__.get("positions")
        if at is None and end - start <= 48:  # a short text: a scan costs less than an index of its stems
            first = self.first_stems
            starts = [i for i in range(start, end) if stems[i] in first]
        else:
            at = tokens.positions
            starts = [i for stem in self.first_stems.intersection(at) for i in at[stem] if start <= i < end]
        if not starts:
            return
        starts.sort()
        free = start  # a match covers tokens up to here: later ones start after it
        for i in starts:
            if i < free:
                continue
            for phrase, concept, written, rest in index[stems[i]]:
                n = len(phrase)
                if n == 1 and not rest and not self._same_word(tokens.words[i], written.lower()):
                    continue  # one word whose stem collides with another word's ("accountants", "account")
                if i + n <= end and stems[i : i + n] == phrase:
                    stop = _match_rest(stems, i + n, end, rest, self._gap)
                    if stop is not None:
                        yield Match(concept, written, i, stop)
                        free = stop
                        break

    def _same_word(self, word: str, written: str) -> bool:
        """:func:`_same_word`, and a function word is only ever itself: "where" is no form of a verb
        whose stem it shares."""
        if word != written and word in self._language.stopwords:
            return False
        return _same_word(word, written, self._derivations)

    def first(self, tokens: Tokens, start: int = 0, end: int | None = None) -> Match | None:
        return next(self.find(tokens, start, end), None)

    def found_ids(self, tokens: Tokens) -> set[str]:
        return {m.id for m in self.find(tokens)}


def _same_word(word: str, written: str, derivations: frozenset[str] = frozenset()) -> bool:
    """Whether ``word`` is ``written`` (a one-word phrase) inflected, not a shorter word that the
    stemmer made of it by cutting a derivation ("accountants" and "account" stem alike): one being
    the other with four letters or more added is another word."""
    short, long_ = sorted((word, written), key=len)
    if long_.startswith(short):
        # "researchers" is no "research", nor "marketing" a "market": the letters added are a derivation,
        # also after a doubled consonant ("control", "controller")
        added = long_[len(short) :]
        doubled = added[:1] == short[-1:] and added[1:] in derivations
        return len(added) < 4 and added not in derivations and not doubled
    if not derivations:
        return True
    # two derivations of one root ("regulation", "regulators"; "processing", "processors"): what
    # follows their shared start is a derivational ending of the language in both, or one of them
    # ends in one the other lacks ("disability", "disable")
    shared = len(commonprefix((word, written)))
    rest = (word[shared:], written[shared:])
    if all(r in derivations for r in rest):
        return False
    for one, other in (rest, rest[::-1]):
        ending = next((d for d in derivations if one.endswith(d)), None)
        if ending and not other.endswith(ending):
            return False
    return True


def _match_rest(stems: tuple[str, ...], at: int, end: int, parts: tuple, gap: int = GAP_WORDS) -> int | None:
    """Where a phrase's parts after its gaps end, each within ``gap`` words of the last; None if not."""
    for part in parts:
        n = len(part)
        for j in range(at, min(at + gap + 1, end - n + 1)):
            if stems[j : j + n] == part:
                at = j + n
                break
        else:
            return None
    return at


@dataclass
class Language:
    code: str
    name: str
    data: dict
    _phrases: dict = field(default_factory=dict, repr=False)
    _words: dict = field(default_factory=dict, repr=False)

    @cached_property
    def _stemmer(self):
        return _make_stemmer(self.data.get("stemmer", "porter"))

    @cached_property
    def _endings(self) -> tuple[str, ...]:
        return tuple(sorted((str(e) for e in self.data.get("stem_endings") or []), key=len, reverse=True))

    @cached_property
    def _variants(self) -> tuple[re.Pattern, dict[str, str]] | None:
        table = {str(v).lower(): str(k).lower() for k, vs in self.table("spelling_variants").items() for v in vs}
        if not table:
            return None
        return re.compile("^(?:" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + ")"), table

    def stem_words(self, words: Iterable[str]) -> list[str]:
        """Stems, a word spelt the other way first written the language file's way ("behavioural" as
        "behavioral"): one word in both spellings."""
        words = list(words)
        if self._variants:
            pattern, table = self._variants
            words = [pattern.sub(lambda m: table[m.group(0)], w) for w in words]
        stems = self._stemmer.stemWords(words)
        if not self._endings:
            return stems
        return [self._trim(s) for s in stems]

    def _trim(self, stem: str) -> str:
        for ending in self._endings:
            if stem.endswith(ending) and len(stem) - len(ending) >= 4:
                return stem[: -len(ending)]
        return stem

    def stem(self, word: str) -> str:
        return self.stem_words([word.lower()])[0]

    @cached_property
    def _stem_memo(self) -> dict[str, tuple[str, str]]:
        """word -> (the word, its stem): tokens share one string per distinct word."""
        return {}

    def stems_of(self, text: str) -> frozenset[str]:
        """The stems of a text's distinct lowercase words; each word is stemmed once per language."""
        return _stems_of(self.code, text)

    def _stems_of(self, text: str) -> frozenset[str]:
        memo = self._stem_memo
        words = word_set_of(text)
        missing = [w for w in words if w not in memo]
        if missing:
            if len(memo) > 200_000:  # bounded: a daemon reads any page in any language
                memo.clear()
            memo.update((w, (w, stem)) for w, stem in zip(missing, self.stem_words(missing)))
        return frozenset(memo[w][1] for w in words)

    def tokens(self, text: str) -> Tokens:
        return _tokens(self.code, text)

    def blocked(self, tokens: Tokens) -> frozenset[int]:
        """Tokens inside a phrase that holds a concept's word without stating it ("our marketing
        team", "health and safety"), or inside a name written mid-sentence ("a member of the
        Interactive Advertising Bureau"): no concept is read there."""
        names = self._inside_names(tokens)
        blockers = self.phrases("concept_blockers")
        if not blockers or not blockers.may_occur(tokens):
            return names
        return names | frozenset(i for m in blockers.find(tokens) for i in range(m.start, m.end))

    def _inside_names(self, tokens: Tokens) -> frozenset[int]:
        """Tokens of an institution's name written mid-sentence: capitalised words that do not open
        the text, the last one a word of ``institution_words`` ("the Interactive Advertising Bureau";
        a capitalised term such as "Sensitive Location Data" is no name). Not in a language that
        capitalises every noun."""
        institutions = self.words("institution_words")
        if self.data.get("capitalised_nouns") or not institutions or institutions.isdisjoint(tokens.words):
            return frozenset()
        text, starts = tokens.text, tokens.starts
        capital = [text[start].isupper() for start in starts]
        out: list[int] = []
        for end, word in enumerate(tokens.words):
            if word not in institutions or not capital[end]:
                continue
            start = end
            while start > 1 and capital[start - 1]:
                start -= 1
            if end > start and text[: starts[start]].strip()[-1:] not in ".:;!?":
                out.extend(range(start, end + 1))
        return frozenset(out)

    def denials(self, tokens: Tokens) -> list[int]:
        """Where the negations of ``tokens`` start, for :meth:`denied`: not "not only" ("nicht
        nur", "non seulement"), which widens what follows."""
        restrictions, words = self.words("restriction_words"), tokens.words
        return [
            m.start
            for m in self.phrases("negations").find(tokens)
            if not (m.end < len(words) and words[m.end] in restrictions)
        ]

    def denied(self, tokens: Tokens, denials: list[int], at: int, end: int | None = None) -> bool:
        """Whether the phrase at tokens ``at``..``end`` is negated by one of ``denials`` (negation
        tokens): one before it or inside it ("data is not sold"), or, in a language whose negation
        follows the verb ("wir verkaufen Ihre Daten nicht"), one of its ``negations_after_verb``
        after it in the same clause (no comma or semicolon between)."""
        if any(d < (end if end is not None else at + 1) for d in denials):
            return True
        after_verb = self.words("negations_after_verb")
        if not after_verb:
            return False
        text, starts, ends, words = tokens.text, tokens.starts, tokens.ends, tokens.words
        return any(
            d > at and words[d] in after_verb and not any(c in text[ends[at] : starts[d]] for c in ",;:()")
            for d in denials
        )

    def phrases(self, key: str) -> PhraseSet:
        """A plain list (``negations: [...]``) or a keyed table (``purposes: {id: [...]}``) as a matcher."""
        found = self._phrases.get(key)
        if found is None:
            value = self.data.get(key) or []
            table = value if isinstance(value, dict) else {str(p): [p] for p in value}
            table = {str(k): list(v) for k, v in table.items()}
            gap = None
            if key == "legal_bases":
                cited = citation_phrases(self.words("article_words"), self.words("article_letter_words"))
                table = {basis: table.get(basis, []) + cited.get(basis, []) for basis in {**table, **cited}}
                gap = CITATION_GAP
            found = self._phrases[key] = PhraseSet(self, table, gap)
        return found

    def words(self, key: str) -> frozenset[str]:
        """A plain list as a set of lowercase words, for cheap membership tests."""
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = frozenset(_lower(str(w)) for w in self.data.get(key) or [])
        return found

    def table(self, key: str) -> dict:
        """A keyed table as read from the file (shared: do not change it)."""
        return self.data.get(key) or {}

    @cached_property
    def months(self) -> dict[str, int]:
        return {str(name).lower(): int(number) for number, names in self.table("months").items() for name in names}

    @cached_property
    def stopwords(self) -> frozenset[str]:
        return self.words("stopwords")


@lru_cache(maxsize=4096)  # every fact kind reads the same sentences: read each once
def _tokens(code: str, text: str) -> Tokens:
    language = languages()[code]
    lowered = _lower(text)
    if len(lowered) == len(text):  # the same offsets: one pass over the lowered text
        words = WORD.findall(lowered)
    else:
        words = [_lower(m.group(0)) for m in WORD.finditer(text)]
    memo = language._stem_memo
    missing = [w for w in set(words) if w not in memo]
    if missing:
        if len(memo) > 200_000:
            memo.clear()
        memo.update((w, (w, stem)) for w, stem in zip(missing, language.stem_words(missing)))
    pairs = [memo[w] for w in words]  # (the word as first seen, its stem): one string per distinct word
    return Tokens(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), text)


@lru_cache(maxsize=4096)  # the same clause meets many phrase sets' prefilters
def _stems_of(code: str, text: str) -> frozenset[str]:
    return languages()[code]._stems_of(text)


@lru_cache(maxsize=2048)
def word_set_of(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(_lower(text)))


def _lower(text: str) -> str:
    """Lowercase, with the typographic apostrophe as the plain one ("children’s" is "children's")."""
    text = text.lower()
    return text.replace("’", "'") if "’" in text else text


def add_language_file(path: str | Path) -> None:
    """Reads one more language file (kept outside the package): a language added by data alone."""
    _EXTRA_FILES.append(Path(path))
    _languages_changed()


def remove_language_file(path: str | Path) -> None:
    _EXTRA_FILES.remove(Path(path))
    _languages_changed()


class _WordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML without YAML 1.1's booleans: in a word list, "no", "on", "y" (Spanish "and") are words."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    loader = _WordLoader
    texts = [
        entry.read_text(encoding="utf-8")
        for entry in sorted(files("policywatch.monitor.lang").iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]
    texts += [path.read_text(encoding="utf-8") for path in _EXTRA_FILES]
    out: dict[str, Language] = {}
    for text in texts:
        data = yaml.load(text, Loader=loader)
        out[data["code"]] = Language(code=data["code"], name=data.get("name", data["code"]), data=data)
    return out


def language(code: str | None) -> Language:
    """The language ``code`` names, or English when it is unknown or None."""
    table = languages()
    return table.get(code or "en") or table["en"]


def all_languages() -> list[Language]:
    return list(languages().values())


_DETECT_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str, *, sample: int = 8_000) -> str | None:
    """The language whose function words are the most frequent in ``text``; None when unsure."""
    counts = Counter(_DETECT_WORD.findall(text[:sample].lower()))
    owners, stopwords = _function_words()
    found = {code: [w for w in words if w in counts] for code, words in stopwords.items()}
    scores = {code: sum(counts[w] / owners[w] for w in words) for code, words in found.items()}
    if not scores:
        return None
    best = max(scores, key=lambda code: scores[code])
    total = sum(scores.values())
    if scores[best] < 4 or scores[best] < 0.4 * total or len(found[best]) < MIN_DISTINCT_FUNCTION_WORDS:
        # a few short words another language shares ('i', 'e', 'a' in Polish or Swedish) are no language;
        # a short page (a list of sub-processors) may still say it in words only one language file holds
        return _by_own_words(counts)
    return best


@language_cached(maxsize=16)
def own_function_words(code: str) -> frozenset[str]:
    """The function words of a language that no other language file holds."""
    others = {w for other in all_languages() if other.code != code for w in other.stopwords}
    return frozenset(language(code).stopwords - others)


@language_cached(maxsize=1)
def _function_words() -> tuple[Counter, dict[str, frozenset[str]]]:
    """How many languages hold each function word, and each language's function words: a word
    several languages hold counts for each in part ('de' is Dutch, French and Spanish alike)."""
    langs = all_languages()
    return Counter(w for lang in langs for w in lang.stopwords), {lang.code: lang.stopwords for lang in langs}


MIN_DISTINCT_FUNCTION_WORDS = 4
MIN_OWN_WORDS = 3  # distinct words of five letters or more that only one language file holds


@language_cached(maxsize=1)
def _own_words() -> dict[str, str]:
    """Word -> the one language whose file holds it (five letters or more: "bijgewerkt", "maart")."""
    holders: dict[str, set[str]] = {}

    def walk(value, code: str) -> None:
        if isinstance(value, str):
            for word in _DETECT_WORD.findall(value.lower()):
                if len(word) >= 5:
                    holders.setdefault(word, set()).add(code)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, code)
                walk(item, code)
        elif isinstance(value, list):
            for item in value:
                walk(item, code)

    for lang in all_languages():
        for key, value in lang.data.items():
            if key not in _NAMES_KEYS:
                walk(value, lang.code)
    from policywatch.monitor.catalogue import LEGAL_FORMS

    return {
        word: next(iter(codes))
        for word, codes in holders.items()
        if len(codes) == 1 and not LEGAL_FORMS.fullmatch(" " + word)
    }


# keys whose words are names that any page may write whatever its language: a country ("Ireland"), a
# street ("Strada ..."), a company's legal form ("Limited")
_NAMES_KEYS = frozenset(
    {"code", "name", "stemmer", "country_aliases", "street_words", "street_suffixes", "street_abbreviations"}
)


def _by_own_words(counts: Counter) -> str | None:
    own = _own_words()
    found: Counter = Counter(own[w] for w in counts if w in own)
    if not found:
        return None
    (best, hits), *rest = found.most_common(2)
    runner_up = rest[0][1] if rest else 0
    return best if hits >= MIN_OWN_WORDS and hits >= 2 * runner_up else None


__all__ = [
    "Language",
    "language_cached",
    "Match",
    "PhraseSet",
    "Tokens",
    "WORD",
    "add_language_file",
    "all_languages",
    "detect_language",
    "language",
    "languages",
    "remove_language_file",
]
