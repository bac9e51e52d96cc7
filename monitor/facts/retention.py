"""Retention periods ("three years", "7 jaar", "30 jours", "24 Monate") and what they apply to.

Numbers (digits or words), units and the words that say data is kept come from the language
files; a period counts when its sentence (or its section's title) speaks of keeping or deleting.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from monitor.canonical import canonical_text
from monitor.clauses import sentences
from monitor.facts import Event, FactKind, per_section, register, section_from_key, section_key
from monitor.lang import WORD, Language, Tokens, language, language_cached
from monitor.words import word_set
from monitor.policy import Policy, Retention


def _number(lang: Language, word: str) -> int | None:
    if word.isdigit():
        value = int(word)
        return value if 0 < value < 10_000 else None
    return lang.table("number_words").get(word)


def find_periods(lang: Language, tokens: Tokens) -> list[tuple[int, int, str]]:
    """(first token, end token, "3 years") for each period in ``tokens``."""
    units = lang.phrases("units")
    out = []
    words = tokens.words
    for i, word in enumerate(words):
        value = _number(lang, word)
        if value is None:
            continue
        j = i + 1
        if j < len(words) and words[j].isdigit() and _number(lang, word) == int(words[j]) and not word.isdigit():
            j += 1  # "twelve (12) months"
        m = units.first(tokens, j, min(j + 3, len(words)))
        if m is not None and m.start in (j, j + 1):  # "30 calendar days", "3 full years"
            out.append((i, m.end, f"{value} {m.id}"))
    return out


@language_cached(maxsize=16)
def _signals(lang_code: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The unit words and number words as written: a block with no unit word holds no period."""
    lang = language(lang_code)
    units = frozenset(w.lower() for phrases in lang.table("units").values() for p in phrases for w in WORD.findall(str(p)))
    return units, frozenset(str(w).lower() for w in lang.table("number_words"))


def _may_hold_period(text: str, lang_code: str | None) -> bool:
    units, numbers = _signals(lang_code)
    words = word_set(text)
    return not units.isdisjoint(words) and (any(c.isdigit() for c in text) or not numbers.isdisjoint(words))


@per_section
def _section_retention(key: tuple, lang_code: str | None) -> tuple[Retention, ...]:
    section = section_from_key(key)
    lang = language(lang_code)
    keep_words = lang.phrases("retention_words")
    in_retention_section = None
    out: list[Retention] = []
    for block in section.blocks:
        if not _may_hold_period(block.text, lang_code):
            continue
        if in_retention_section is None:
            in_retention_section = keep_words.first(lang.tokens(section.title)) is not None
        for sentence in sentences(block.text, lang_code):
            tokens = lang.tokens(sentence)
            periods = find_periods(lang, tokens)
            if not periods:
                continue
            if not (in_retention_section or keep_words.first(tokens) is not None):
                continue
            context, last = [], 0
            for start, end, _ in periods:
                a, b = tokens.span(start, end)
                context.append(sentence[last:a] + "<period>")
                last = b
            context.append(sentence[last:])
            masked = "".join(context).strip()
            for start, end, period in periods:
                a, b = tokens.span(start, end)
                out.append(Retention(period=period, text=sentence[a:b], context=masked, section=section.title))
    return tuple(out)


def extract_retention(sections, lang_code: str | None = "en") -> list[Retention]:
    out: list[Retention] = []
    for section in sections:
        out.extend(_section_retention(section_key(section), lang_code))
    return out


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RetentionPeriods(FactKind):
    name = "retention"
    events = ("retention_changed",)
    order = 40
    label = "Retention"

    def read(self, policy: Policy) -> list[Retention]:
        return extract_retention(policy.sections, policy.language)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        def by_context(policy: Policy) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for r in policy.facts[self.name]:
                out.setdefault(canonical_text(r.context).casefold(), []).append(r.period)
            return out

        before, after = by_context(old), by_context(new)
        events = []
        unmatched_old = {c: p for c, p in before.items() if c not in after or after[c] != p}
        unmatched_new = {c: p for c, p in after.items() if c not in before or before[c] != p}
        for context, periods in list(unmatched_old.items()):
            if context in unmatched_new:
                new_periods = unmatched_new.pop(context)
            else:
                best = max(unmatched_new, key=lambda c: fuzz.ratio(c, context), default=None)
                if best is None or fuzz.ratio(best, context) < 75:
                    continue
                new_periods = unmatched_new.pop(best)
            del unmatched_old[context]
            if sorted(periods) != sorted(new_periods):
                events.append(self._event(", ".join(periods), ", ".join(new_periods), context))
        for context, periods in unmatched_old.items():
            events.append(self._event(", ".join(periods), None, context))
        for context, periods in unmatched_new.items():
            events.append(self._event(None, ", ".join(periods), context))
        return events

    @staticmethod
    def _event(old: str | None, new: str | None, context: str) -> Event:
        return Event("retention_changed", "material", {"old": old, "new": new,
                                                        "context": _short(context.replace("<period>", "…"))})

    def describe(self, event: Event) -> str:
        f = event.fields
        what = f" for: {f['context']}" if f.get("context") else ""
        return f"retention changed: {f.get('old') or 'none'} -> {f.get('new') or 'none'}{what}"

    def headline(self, event: Event) -> str:
        f = event.fields
        return f"retention changed ({f.get('old') or 'none'} -> {f.get('new') or 'none'})"

    def glance(self, value: list[Retention]) -> list[str]:
        return [f"{r.period}: {_short(r.context.replace('<period>', r.text), 160)}" for r in value]


register(RetentionPeriods())
