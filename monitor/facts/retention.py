"""How long data is kept: (what is kept, for how long) pairs.

Periods are numbers (digits or words) with units ("three years", "7 jaar", "30 jours", "24 Monate"),
or open-ended values ("as long as necessary", "until you close your account", "as required by
law"), all from the language files. A period counts where it speaks of keeping: a sentence with a
word of keeping or deleting (matched on stems, so any inflection), a section titled so, or a table
whose column is titled so. Versions are compared by subject: the same subject with another period
is a change, the same period reworded is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policywatch.monitor.canonical import canonical_text
from policywatch.monitor.clauses import sentences
from policywatch.monitor.facts import (
    ARROW,
    Event,
    FactKind,
    per_section,
    register,
    section_from_key,
    section_key,
    section_language,
    within,
)
from policywatch.monitor.lang import WORD, Language, Tokens, language, language_cached
from policywatch.monitor.policy import Policy, Retention
from policywatch.monitor.words import word_set

SAME_SUBJECT = 0.4  # how alike (Jaccard on their words' stems) two contexts must be to speak of one subject


def _number(lang: Language, word: str) -> int | None:
    if word.isdigit():
        value = int(word)
        return value if 0 < value < 10_000 else None
    return lang.table("number_words").get(word)


def find_periods(lang: Language, tokens: Tokens) -> list[tuple[int, int, str]]:
    """(first token, end token, "3 years") for each period in ``tokens``; open-ended ones as their id.
    Halves and decimals are read in the next smaller unit: "ein halbes Jahr" is "6 months", "1,5
    years" and "a year and a half" are "18 months"."""
    units = lang.phrases("units")
    out = []
    words = tokens.words
    number_words = lang.table("number_words")
    halves = lang.words("half_words")
    ages = None  # where an age's marker ends and its trailer starts, read once a number is seen
    # the ones of a compound number read with its tens ("twenty-four", "treinta y seis"), and the digits
    # that repeat a number in words ("six (6) months"): read with the number before them
    joined: set[int] = set()
    for i, word in enumerate(words):
        if i in joined:
            continue
        value: float
        if word in halves and not (i and _number(lang, words[i - 1])):
            value = 0.5  # "medio año", "pół roku": a half with no number before it
        elif word in number_words or word.isdigit():
            number = _number(lang, word)
            if number is None or i and words[i - 1] in halves and number != 1:
                continue  # "half 3 years" is no period
            value = 0.5 if i and words[i - 1] in halves else number  # "half a year"
        else:
            continue
        j = i + 1
        ones = _ones_after(lang, words, i, int(value)) if value == int(value) else None
        if ones is not None:
            value, j = value + (_number(lang, words[ones]) or 0), ones + 1
            joined.add(ones)
        if j < len(words) and words[j].isdigit() and value == int(words[j]) and not word.isdigit():
            joined.add(j)
            j += 1  # "twelve (12) months", "twenty-four (24) months"
        decimal = _decimal_part(tokens, i) if word.isdigit() else None
        if decimal is not None:
            value, j = value + decimal, j + 1  # "1,5 Jahre": one number, not "1" and "5 years"
            joined.add(i + 1)
        if j < len(words) and words[j] in halves and value == 1:
            value, j = 0.5, j + 1  # "ein halbes Jahr", "een half jaar"
        m = units.first(tokens, j, min(j + 3, len(words)))
        if m is not None and m.start in (j, j + 1) and _money(tokens, i, j):
            continue  # "€5 per month", "49 kr/år": a price, not a period
        if m is not None and m.start in (j, j + 1):  # "30 calendar days", "3 full years"
            if ages is None:
                ages = (
                    {a.end for a in lang.phrases("age_before").find(tokens)},
                    {a.start for a in lang.phrases("age_after").find(tokens)},
                )
            if i in ages[0] or m.end in ages[1]:
                continue  # "children under 15 years", "16 years of age": an age, not a period
            if value == int(value) and _and_a_half(lang, words, m.end):
                value += 0.5  # "a year and a half", "un año y medio"
            count, unit = _whole(value, m.id)
            if count is None:
                continue  # "1.3 months": no whole number of any unit
            unit = unit[:-1] if count == 1 and unit.endswith("s") else unit  # "1 month", "3 months"
            out.append((i, m.end, f"{count} {unit}"))
            if word in halves:
                joined.update(range(i + 1, m.end))  # "half a year": its "a" starts no period of its own
    removal = None
    for m in lang.phrases("open_ended").find(tokens):
        if m.id == "indefinitely":
            removal = removal if removal is not None else {r.start for r in lang.phrases("removal_words").find(tokens)}
            if any(m.start - 2 <= r < m.end + 2 for r in removal):
                continue  # "permanently deleted", "supprimées définitivement": how data goes, not how long it stays
        out.append((m.start, m.end, m.id.replace("_", " ")))
    return sorted(out)


_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥₹₽₺]|\b(?:eur|usd|gbp|chf|sek|nok|dkk|pln|czk|huf|r\$))\s?$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"^(?:[.,]\d+)?\s?(?:[€$£¥₹₽₺]|(?:eur|euros?|usd|dollars?|gbp|pounds?|chf|sek|nok|dkk|kr|pln|zł|czk|kč|huf|ft)\b)",
    re.IGNORECASE,
)


def _money(tokens: Tokens, i: int, j: int) -> bool:
    """Whether the number at token ``i`` (its words end before ``j``) is an amount of money: a
    currency's sign or code just before it or right after it ("€5", "5 EUR", "5,99 €")."""
    text = tokens.text
    start, end = tokens.starts[i], tokens.ends[j - 1]
    return bool(_CURRENCY_BEFORE.search(text[max(0, start - 5) : start]) or _CURRENCY_AFTER.match(text[end : end + 12]))


_SMALLER = {"years": ("months", 12), "months": ("days", 30), "weeks": ("days", 7), "days": ("hours", 24)}


def _whole(value: float, unit: str) -> tuple[int | None, str]:
    """A period as a whole number of its unit or of the next smaller one: (1.5, "years") -> (18, "months")."""
    if value == int(value):
        return int(value), unit
    plural = unit if unit.endswith("s") else unit + "s"
    smaller = _SMALLER.get(plural)
    if plural != "years" and value * 2 != int(value * 2):
        return None, unit  # only years are written in tenths ("1,5 Jahre"); other units by halves
    if smaller and value * smaller[1] == int(value * smaller[1]):
        return int(value * smaller[1]), smaller[0]
    return None, unit


def _decimal_part(tokens: Tokens, i: int) -> float | None:
    """The fraction of a number written with a decimal comma or point ("1,5", "2.5"), or None."""
    words, text = tokens.words, tokens.text
    if i + 1 >= len(words) or not words[i + 1].isdigit() or len(words[i + 1]) > 2:
        return None
    if text[tokens.ends[i] : tokens.starts[i + 1]] not in (",", "."):
        return None
    return int(words[i + 1]) / 10 ** len(words[i + 1])


def _and_a_half(lang: Language, words: tuple[str, ...], at: int) -> bool:
    """Whether "and a half" follows a unit: a conjunction, perhaps an article, then a half."""
    halves = lang.words("half_words")
    if not halves or at >= len(words) or words[at] not in lang.words("list_conjunctions"):
        return False
    return any(w in halves for w in words[at + 1 : at + 3])


def _ones_after(lang: Language, words: tuple[str, ...], i: int, tens: int) -> int | None:
    """Where the ones of a number written in words stand after its tens: "twenty-four", "vingt-quatre",
    "dwadzieścia cztery", "treinta y seis", "vinte e quatro" (None if they do not)."""
    if tens < 20 or tens % 10 or tens > 90 or words[i].isdigit():
        return None
    for k in (i + 1, i + 2):
        if k >= len(words):
            return None
        if k == i + 2 and words[i + 1] not in lang.words("list_conjunctions"):
            return None
        if not words[k].isdigit() and 1 <= (_number(lang, words[k]) or 0) <= 9:
            return k
    return None


@language_cached(maxsize=16)
def _signals(lang_code: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Words a period needs nearby: its units and number words, and the open-ended phrases' words."""
    lang = language(lang_code)
    units = {w.lower() for phrases in lang.table("units").values() for p in phrases for w in WORD.findall(str(p))}
    open_ended = {
        max(WORD.findall(str(p).lower()), key=len) for phrases in lang.table("open_ended").values() for p in phrases
    }
    return frozenset(units | open_ended), frozenset(str(w).lower() for w in lang.table("number_words"))


def _may_hold_period(text: str, lang_code: str | None) -> bool:
    signals, _ = _signals(lang_code)
    return not signals.isdisjoint(word_set(text))


def _speaks_of_keeping(lang: Language, text: str) -> bool:
    return lang.phrases("retention_words").first_in(text) is not None


def _titled_for_keeping(lang: Language, title: str) -> bool:
    """Whether a section's title speaks of keeping data, not of a right that shares the word: under
    "Access and Erasure Requests", "we may extend this period by 45 days" is the time to answer."""
    keeping = lang.phrases("retention_words")
    if not keeping.may_occur_in(title):
        return False
    tokens = lang.tokens(title)
    rights = [(m.start, m.end) for m in lang.phrases("rights").find(tokens)]
    return any(not any(m.start < end and start < m.end for start, end in rights) for m in keeping.find(tokens))


def _speaks_of_answering(lang: Language, text: str) -> bool:
    return lang.phrases("response_words").first_in(text) is not None


@per_section
def _section_retention(key: tuple, lang_code: str | None) -> tuple[Retention, ...]:
    section = section_from_key(key)
    lang = language(lang_code)
    in_retention_section = None
    out: list[Retention] = []
    for block in section.blocks:
        if not _may_hold_period(block.text, lang_code):
            continue
        if in_retention_section is None:
            in_retention_section = _titled_for_keeping(lang, " ".join((*section.path[-1:], section.title)))
        if block.kind == "row" and block.header:
            out += _row_retention(lang, block.cells, block.header, section.title, in_retention_section)
            continue
        for sentence in sentences(block.text, lang_code):
            tokens = lang.tokens(sentence)
            periods = find_periods(lang, tokens)
            if not periods:
                continue
            keeping = _speaks_of_keeping(lang, sentence)
            if not keeping and (not in_retention_section or _speaks_of_answering(lang, sentence)):
                continue  # in a retention section, "we answer requests within 30 days" keeps nothing
            out += _entries(sentence, tokens, periods, section.title)
    return tuple(out)


def _row_retention(
    lang: Language, cells: tuple[str, ...], header: tuple[str, ...], section: str, in_retention_section: bool
) -> list[Retention]:
    """A table with a column about keeping ("Retention period", "Durée de conservation"): its cells
    hold periods, the other cells say of what. Under a title about keeping ("How long we keep your
    data"), a column titled only "Period" or "Duration" is one too."""
    out = []
    columns = _period_columns(lang.code, header, in_retention_section)
    for col in columns:
        if col >= len(cells):
            continue
        tokens = lang.tokens(cells[col])
        subject = " | ".join(c for i, c in enumerate(cells) if i != col and c)
        for start, end, period in find_periods(lang, tokens):
            a, b = tokens.span(start, end)
            out.append(Retention(period=period, text=cells[col][a:b], context=f"{subject}: <period>", section=section))
    return out


@language_cached(maxsize=256)
def _period_columns(lang_code: str, header: tuple[str, ...], in_retention_section: bool) -> tuple[int, ...]:
    """The columns of a table (by its header) that hold retention periods: read once per table."""
    lang = language(lang_code)
    columns = tuple(col for col, title in enumerate(header) if _speaks_of_keeping(lang, title))
    if not columns and in_retention_section:
        columns = tuple(col for col, title in enumerate(header) if not _speaks_of_answering(lang, title))
    return columns


def _entries(sentence: str, tokens: Tokens, periods: list, section: str) -> list[Retention]:
    context, last = [], 0
    for start, end, _ in periods:
        a, b = tokens.span(start, end)
        if a < last:
            continue
        context.append(sentence[last:a] + "<period>")
        last = b
    context.append(sentence[last:])
    masked = "".join(context).strip()
    out = []
    for start, end, period in periods:
        a, b = tokens.span(start, end)
        out.append(Retention(period=period, text=sentence[a:b], context=masked, section=section))
    return out


def extract_retention(sections, lang_code: str | None = "en") -> list[Retention]:
    out: list[Retention] = []
    for section in sections:
        out.extend(_section_retention(section_key(section), section_language(section, lang_code)))
    return out


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Subject:
    context: str  # canonical, case-folded
    periods: list[str]
    stems: frozenset[str]
    section: str
    written: str  # the clause as written, period included


def _respelt(subject: _Subject, others: list[_Subject], versions: tuple[Policy, Policy]) -> bool:
    """Whether the other version holds the subject's clause with one word misspelt or fixed
    ("cookieconsent" / "cookieocnsent"), the word of its period included ("as long as nacessary"
    still means as long as necessary)."""
    from policywatch.monitor.sectiondiff import misspelt

    return any(misspelt(o.written, subject.written, *versions) for o in others)


def _respelt_in(subject: _Subject, policy: Policy, versions: tuple[Policy, Policy]) -> bool:
    """Whether ``policy`` holds the subject's clause misspelt so that it gives no period any more
    ("as long as nacessary")."""
    from policywatch.monitor.sectiondiff import holds_respelt

    return holds_respelt(policy, subject.section, subject.written, versions)


def _subjects(found: list[Retention], lang_code: str | None) -> list[_Subject]:
    lang = language(lang_code)
    keep_words = {
        s for p in lang.data.get("retention_words") or [] for s in lang.stem_words(WORD.findall(str(p).lower()))
    }
    by_context: dict[tuple[str, str], _Subject] = {}
    last: dict[int, str] = {}
    for r in found:
        context = canonical_text(r.context).casefold()
        subject = by_context.get((context, r.section))  # one clause written in two sections: two subjects
        if subject is None:
            tokens = lang.tokens(context.replace("<period>", " "))
            stems = frozenset(
                s for s, w in zip(tokens.stems, tokens.words) if len(w) > 2 and s not in keep_words and not w.isdigit()
            )
            subject = by_context[context, r.section] = _Subject(context, [], stems, r.section, r.context)
        subject.periods.append(r.period)
        subject.written = subject.written.replace("<period>", r.text, 1)  # each period of the clause in turn
        last[id(subject)] = r.text
    for subject in by_context.values():  # a clause read twice over one period names it once
        subject.written = subject.written.replace("<period>", last[id(subject)])
    return list(by_context.values())


def _what_moved(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """Only the periods that differ, so "legal minimum, 7 years" to "legal minimum, 10 years" reads
    "7 years -> 10 years"; both lists whole when one side would be empty."""
    old_keys, new_keys = {duration_key(p) for p in old}, {duration_key(p) for p in new}
    before = [p for p in old if duration_key(p) not in new_keys]
    after = [p for p in new if duration_key(p) not in old_keys]
    return (before, after) if before and after else (old, new)


def _time(periods: list[str]) -> frozenset[str]:
    """What a subject's periods say of how long: the stated durations when there are any (a reason
    beside them, "10 years, as the law requires", changes no time), else the open-ended ones."""
    durations = [duration_key(p) for p in periods if p[:1].isdigit()]
    return frozenset(durations or periods)


DAYS_IN_A_YEAR, DAYS_IN_A_MONTH = 365, 30  # "365 days" is a year and "90 days" three months, as written


def duration_key(period: str) -> str:
    """A period as compared: "6 years" and "72 months" are one time, as are "2 weeks" and "14 days",
    and "30 days" and "1 month"."""
    number, _, unit = period.partition(" ")
    if not number.isdigit():
        return period
    unit = unit.rstrip("s")
    value, unit = (
        (int(number) * 12, "month")
        if unit == "year"
        else (int(number) * 7, "day")
        if unit == "week"
        else (int(number), unit)
    )
    if unit == "day" and value and value % DAYS_IN_A_YEAR == 0:
        value, unit = value // DAYS_IN_A_YEAR * 12, "month"
    elif unit == "day" and value and value % DAYS_IN_A_MONTH == 0:
        value, unit = value // DAYS_IN_A_MONTH, "month"
    return f"{value} {unit}s"


def duration_label(key: str) -> str:
    """A compared period as a reader would write it: "72 months" is "6 years"."""
    number, _, unit = key.partition(" ")
    if unit == "months" and number.isdigit() and int(number) % 12 == 0:
        years = int(number) // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return key[:-1] if number == "1" else key  # "1 month"


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _row_gone_whole(written: str, other: Policy) -> bool:
    """Whether ``written`` is a table's row whose first cell (what it is about: a cookie, a kind of
    data), with the cell after it (whose it is: "zt_id | Zentrad" beside "zt_id | Acme"),
    the other version no longer names anywhere: the row came or went whole, no period changed."""
    from policywatch.monitor.sectiondiff import document_holds

    first, bar, rest = written.partition(" | ")
    if not bar or not first.strip():
        return False
    if not document_holds(other, first):
        return True
    second = rest.partition(" | ")[0].strip()
    rows = [b.cells for s in other.sections for b in s.blocks if b.kind == "row" and b.cells and b.cells[0] == first]
    return bool(rows) and bool(second) and all(len(cells) < 2 or cells[1] != second for cells in rows)


def _cookie_row(written: str, policy: Policy) -> bool:
    """Whether ``written`` is the row of a table of cookies: its header or its section's titles say so."""
    from policywatch.monitor.noise import says_any

    first = written.partition(" | ")[0]
    return any(
        b.kind == "row"
        and b.cells[:1] == (first,)
        and says_any(" | ".join((*b.header, section.title, *section.path)), "cookie_words")
        for section in policy.sections
        for b in section.blocks
    )


class RetentionPeriods(FactKind):
    name = "retention"
    events = ("retention_changed",)
    order = 40
    salient = True
    label = "Retention"
    incremental = "block"

    def read(self, policy: Policy) -> list[Retention]:
        return extract_retention(policy.sections, policy.language)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        return self.events_between(old.facts[self.name], new.facts[self.name], old, new)

    def recheck(self, old: Policy, new: Policy, changed: tuple[Policy, Policy]) -> list[Event]:
        """Only a clause whose periods the changed sections of the two versions state differently
        can differ; its periods elsewhere are read from the shared sections that hold its words."""
        periods: list[dict[str, list[str]]] = [{}, {}]
        written: dict[str, str] = {}
        for side, part in zip(periods, changed):
            for r in extract_retention(part.sections, part.language):
                context = canonical_text(r.context).casefold()
                side.setdefault(context, []).append(r.period)
                written.setdefault(context, r.context)
        differing = {
            c
            for c in periods[0].keys() | periods[1].keys()
            if sorted(periods[0].get(c, ())) != sorted(periods[1].get(c, ()))
        }
        if not differing:
            return []
        wanted = [word_set(canonical_text(written[c].replace("<period>", " "))) for c in differing]

        def read(policy: Policy) -> list[Retention]:
            cut = within(policy, changed, lambda s: any(w <= word_set(canonical_text(s.text)) for w in wanted))
            found = extract_retention(cut.sections, policy.language)
            return [r for r in found if canonical_text(r.context).casefold() in differing]

        return self.events_between(read(old), read(new), old, new)

    def events_between(self, old_found: list[Retention], new_found: list[Retention], old: Policy, new: Policy):
        from policywatch.monitor.sectiondiff import document_holds

        before, after = _subjects(old_found, old.language), _subjects(new_found, new.language)

        def key(s: _Subject) -> tuple:
            return s.context, s.section, tuple(sorted(s.periods))

        unchanged = {key(s) for s in before} & {key(s) for s in after}
        gone = [s for s in before if key(s) not in unchanged]
        came = [s for s in after if key(s) not in unchanged]
        events = []
        # the same period makes a looser likeness enough: a reworded clause that keeps its period
        scored = sorted(
            (
                (
                    1.0
                    if a.context == b.context
                    else _jaccard(a.stems, b.stems) + (0.2 if set(a.periods) == set(b.periods) else 0.0),
                    i,
                    j,
                )
                for i, a in enumerate(gone)
                for j, b in enumerate(came)
            ),
            reverse=True,
        )
        paired_old: set[int] = set()
        paired_new: set[int] = set()
        for score, i, j in scored:
            if score < SAME_SUBJECT:
                break
            if i in paired_old or j in paired_new:
                continue
            paired_old.add(i)
            paired_new.add(j)
            if _time(gone[i].periods) != _time(came[j].periods) and not _respelt(came[j], [gone[i]], (old, new)):
                # the same subject, kept for another time (not a word of its period misspelt)
                events.append(self._event(*_what_moved(gone[i].periods, came[j].periods), came[j]))
        gone = [s for i, s in enumerate(gone) if i not in paired_old]
        came = [s for j, s in enumerate(came) if j not in paired_new]
        for s in gone:
            if (
                not document_holds(new, s.written)
                and not _respelt(s, after, (old, new))
                and not _respelt_in(s, new, (old, new))
            ):
                # else still written, moved, re-cut or misspelt; a table's row gone with what it was about
                # ("cart | Remembers your basket | 30 days", no cart left) keeps nothing for longer
                level = "minor" if _row_gone_whole(s.written, new) else "material"
                events.append(self._event(s.periods, None, s, level))
        for s in came:
            if (
                not document_holds(old, s.written)
                and not _respelt(s, before, (old, new))
                and not _respelt_in(s, old, (old, new))
            ):
                # a cookie table's new row states the period of one more cookie, no longer keeping
                new_cookie = _row_gone_whole(s.written, old) and _cookie_row(s.written, new)
                events.append(self._event(None, s.periods, s, "minor" if new_cookie else "material"))
        return events

    @staticmethod
    def _event(old: list[str] | None, new: list[str] | None, subject: _Subject, level: str = "material") -> Event:
        return Event(
            "retention_changed",
            level,
            {
                "old": ", ".join(old) if old else None,
                "new": ", ".join(new) if new else None,
                "context": _short(subject.context.replace("<period>", "…")),
                "section": subject.section,
            },
        )

    def describe(self, event: Event) -> str:
        f = event.fields
        what = f" for: {f['context']}" if f.get("context") else ""
        return f"retention changed: {f.get('old') or 'none'} {ARROW} {f.get('new') or 'none'}{what}"

    def headline(self, event: Event) -> str:
        f = event.fields
        return f"retention changed ({f.get('old') or 'none'} {ARROW} {f.get('new') or 'none'})"

    def glance(self, value: list[Retention]) -> list[str]:
        """One line per subject: its periods, then the clause as written (each period in its place)."""
        by_context: dict[tuple[str, str], list[Retention]] = {}
        for r in value:
            by_context.setdefault((r.section, r.context), []).append(r)
        out = []
        for (_, context), found in by_context.items():
            written = context
            for r in found:
                written = written.replace("<period>", r.text, 1)
            out.append(f"{', '.join(dict.fromkeys(r.period for r in found))}: {_short(written, 160)}")
        return out


register(RetentionPeriods())
