"""The policy's own last-updated / effective date.

Found three ways, none of which reads a date elsewhere in the body ("valid until 27 December
2031", "since 1 January 2027", "Regulation 2016/679"):
1. anchored: a date right after a phrase from a language file ("last updated", "dernière mise à
   jour", "Stand", "laatst bijgewerkt", "última actualización", "ultimo aggiornamento", ...),
   matched on stems so inflections match, near the top or the bottom of the document;
2. differential (when comparing): a short line near the top or bottom whose only change between
   two versions is its date gives both versions' dates;
3. dateparser, on the few characters after an anchor, for date shapes the patterns below miss.
Day/month order comes from the date's own shape when a part is over 12, else from the other
numeric dates of the document, else from the language. Month-and-year dates read as ``YYYY-MM``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import yaml

from policywatch.monitor.facts import ARROW, Event, FactKind, register
from policywatch.monitor.lang import WORD, all_languages, language, language_cached
from policywatch.monitor.noise import date_anchor_sets
from policywatch.monitor.policy import Policy

MAX_GAP = 4  # words allowed between an anchor and its date ("effective date: the earlier of 2023-06-22")
WINDOW = 90  # characters after an anchor that dateparser may read


@dataclass(frozen=True)
class OwnDate:
    iso: str  # "YYYY-MM-DD" or "YYYY-MM"
    text: str  # as written on the page

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    year: int
    month: int
    day: int | None  # None: only month and year
    numeric: tuple[int, int] | None = None  # both leading numbers of a numeric date, order unknown

    def iso(self, day_first: bool) -> str | None:
        day, month = self.day, self.month
        if self.numeric:
            a, b = self.numeric
            if a > 12 or (b <= 12 and day_first):
                day, month = a, b
            else:
                day, month = b, a
        try:
            if day is None:
                date(self.year, month, 1)
                return f"{self.year:04d}-{month:02d}"
            return date(self.year, month, day).isoformat()
        except ValueError:
            return None


@language_cached(maxsize=1)
def _patterns() -> tuple[list[tuple[str, re.Pattern]], dict[str, int]]:
    months: dict[str, int] = {}
    ordinals: set[str] = set()
    for lang in all_languages():
        months.update(lang.months)
        ordinals.update(str(o) for o in lang.data.get("ordinals") or [])
    for name, month in _months_without_a_file().items():
        months.setdefault(name, month)
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    ords = "|".join(sorted((re.escape(o) for o in ordinals), key=len, reverse=True))
    day = rf"(\d{{1,2}})(?:{ords})?\.?" if ords else r"(\d{1,2})\.?"
    of = r"(?:\s+(?:de|del|of|du)\b)?"
    year = r"((?:19|20)\d{2})(?!\d)"
    # a month name starts a word, or follows a lowercase word with its capital ("UpdatedMarch 1, 2025":
    # a label and a date in two elements side by side, extracted without a space)
    glued = r"(?:(?<!\w)|(?-i:(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])))"
    return [
        ("ymd", re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
        ("dmy_name", re.compile(rf"(?<![\w.]){day}{of}\s*({names})\.?,?{of}\s+{year}", re.IGNORECASE)),
        ("mdy_name", re.compile(rf"{glued}({names})\.?\s+{day},?\s+{year}", re.IGNORECASE)),
        # year first, as Hungarian writes it: "2025. március 10."
        ("ymd_name", re.compile(rf"(?<![\d.]){year}\.?\s+({names})\.?\s+(\d{{1,2}})\.?(?!\d)", re.IGNORECASE)),
        ("numeric", re.compile(r"(?<![\d/.])(\d{1,2})(?:[/-]|\.\s?)(\d{1,2})(?:[/-]|\.\s?)((?:19|20)\d{2})(?!\d)")),
        ("my_name", re.compile(rf"{glued}({names})\.?,?{of}\s+{year}", re.IGNORECASE)),
        ("my_numeric", re.compile(r"(?<![\d/.,])(0?[1-9]|1[0-2])[./]((?:19|20)\d{2})(?![\d/.]\d|\d)")),
        *(("ymd_marked", pattern) for pattern in _marked_patterns()),
    ], months


def _months_without_a_file() -> dict[str, int]:
    """The month names dateparser knows in the languages that have no file here ("március",
    "martie", "Haziran"): a page in one of them still dates itself. A name two of them give to two
    months ("listopad") is left out."""
    try:
        from dateparser.languages import default_loader
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return {}
    found: dict[str, set[int]] = {}
    for code in _DATEPARSER_MORE:
        info = default_loader.get_locale(code).info
        for month, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key) or []:
                name = str(name).lower().rstrip(".")
                if len(name) >= 3:
                    found.setdefault(name, set()).add(month)
    return {name: months.pop() for name, months in found.items() if len(months) == 1}


_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def _marked_patterns() -> list[re.Pattern]:
    scripts = yaml.safe_load(files("policywatch.monitor").joinpath("data/date_scripts.yaml").read_text("utf-8"))
    return [
        re.compile(
            rf"(?<!\d)((?:19|20)\d{{2}})\s*{re.escape(s['year'])}\s*(\d{{1,2}})\s*{re.escape(s['month'])}"
            rf"(?:\s*(\d{{1,2}})\s*{re.escape(s['day'])})?"
        )
        for s in scripts
    ]


_YEAR = re.compile(r"(?:19|20)\d\d")
# "12.03.2026", "12/03/2026", and "3. 11. 2026" as Czech, Slovak and Hungarian write it (a dot, then a space)
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})(?:[/-]|\.\s?)(\d{1,2})(?:[/-]|\.\s?)(?:19|20)\d{2}(?!\d)")


def find_dates(text: str) -> list[FoundDate]:
    """Every full date or month-and-year in ``text``, leftmost first, none overlapping."""
    if not _YEAR.search(text):
        return []
    patterns, months = _patterns()
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groups()
            try:
                if kind == "ymd":
                    d = FoundDate(m.start(), m.end(), int(g[0]), int(g[1]), int(g[2]))
                elif kind == "ymd_marked":
                    d = FoundDate(m.start(), m.end(), int(g[0]), int(g[1]), int(g[2]) if g[2] else None)
                elif kind == "dmy_name":
                    d = FoundDate(m.start(), m.end(), int(g[2]), months[g[1].lower()], int(g[0]))
                elif kind == "ymd_name":
                    d = FoundDate(m.start(), m.end(), int(g[0]), months[g[1].lower()], int(g[2]))
                elif kind == "mdy_name":
                    d = FoundDate(m.start(), m.end(), int(g[2]), months[g[0].lower()], int(g[1]))
                elif kind == "numeric":
                    d = FoundDate(m.start(), m.end(), int(g[2]), 0, None, numeric=(int(g[0]), int(g[1])))
                elif kind == "my_numeric":
                    d = FoundDate(m.start(), m.end(), int(g[1]), int(g[0]), None)
                else:
                    d = FoundDate(m.start(), m.end(), int(g[1]), months[g[0].lower()], None)
            except KeyError:
                continue
            if d.iso(True) is None and d.iso(False) is None:
                continue
            found.append(d)
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _day_first(policy: Policy, anchor_language: str | None = None) -> bool:
    """Whether numeric dates read day first: from the document's own unambiguous dates, else from
    their dots (written day first wherever dots are used), else the language of the phrase that
    introduced the date, else the document's language."""
    shown = _shown_day_first(policy)
    if shown is not None:
        return shown
    return language(anchor_language or policy.language).data.get("date_order", "dmy") == "dmy"


def _shown_day_first(policy: Policy) -> bool | None:
    """Whether the document shows its numeric dates day first (None: it does not say)."""
    votes = 0
    dotted = False
    for m in _NUMERIC.finditer("\n".join(_zone_lines(policy, whole=True))):
        a, b = int(m.group(1)), int(m.group(2))
        votes += (a > 12) - (b > 12)
        dotted = dotted or "." in m.group(0)
    if votes:
        return votes > 0
    return True if dotted else None  # "02.06.2025" is written day first wherever dots are used


def _zone_lines(policy: Policy, whole: bool = False) -> list[str]:
    """The lines near the top and the bottom of the document (all of them with ``whole``). A block
    that is one link ("Version of 1 January 2025" pointing to an archived copy) dates another page."""
    lines: list[str] = []
    for section in policy.sections:
        if section.heading:
            lines.append(section.heading)
        for block in section.blocks:
            if block.kind in ("para", "item", "header", "row") and not block.link:
                lines.extend(block.lines)
    if whole or len(lines) <= 50:
        return lines
    head = max(20, min(60, len(lines) // 6))
    tail = max(12, min(30, len(lines) // 10))
    return lines[:head] + lines[-tail:]


def _anchor_before(line: str, start: int, anchors: list, prefer: str | None = None) -> tuple[str, str] | None:
    """(language, phrase) of the anchor nearest before ``start`` in ``line``, ending at most MAX_GAP
    words before it, of any language: in "Date de dernière révision : 10/02/2025" the French anchor
    stands nearer than an English "Date", and its language reads the date day first. At the same
    distance, the page's own language (``prefer``) wins."""
    before = line[:start]
    words = WORD.findall(before.lower())
    if not words:
        return None
    tail = words[-(MAX_GAP + 6) :]
    best: tuple[tuple[int, bool, int], tuple[str, str]] | None = None
    for lang, phrases in anchors:
        tokens = lang.tokens(" ".join(tail))
        near = [m for m in phrases.find(tokens) if len(tokens) - m.end <= MAX_GAP]
        if near:
            m = near[-1]
            rank = (m.end - len(tokens), lang.code == prefer, m.end - m.start)
            if best is None or rank > best[0]:
                best = (rank, (lang.code, m.id))
    return best[1] if best else None


def _anchor_after(line: str, end: int) -> tuple[str, str] | None:
    """The language of an anchor right after a date, as verb-final clauses write it ("wurde zuletzt
    am 03.11.2025 aktualisiert", "is op 3 november 2025 bijgewerkt")."""
    words = WORD.findall(line[end:].lower())[:3]
    if not words:
        return None
    for lang, phrases in _anchor_after_sets():
        tokens = lang.tokens(" ".join(words))
        m = phrases.first(tokens)
        if m is not None and m.start <= 1:
            return lang.code, m.id
    return None


@language_cached(maxsize=1)
def _anchor_after_sets() -> list:
    from policywatch.monitor.lang import PhraseSet

    out = []
    for lang in all_languages():
        phrases = lang.data.get("date_anchors_after") or []
        if phrases:
            out.append((lang, PhraseSet(lang, {str(p): [p] for p in phrases})))
    return out


def _only_anchor(line: str, anchors: list) -> tuple[str, str] | None:
    """(language, phrase) of a line that is nothing but an anchor ("Last updated:"): the date is on
    the next line."""
    words = WORD.findall(line.lower())
    if not words or len(words) > 6:
        return None
    best: tuple[tuple[int, int], tuple[str, str]] | None = None
    for lang, phrases in anchors:
        tokens = lang.tokens(" ".join(words))
        for m in phrases.find(tokens):
            # a label of a few words that ends in the anchor: "Date de dernière révision :"
            if m.start <= 3 and len(tokens) - m.end <= 2:
                rank = (m.end, m.end - m.start)
                if best is None or rank > best[0]:
                    best = (rank, (lang.code, m.id))
    return best[1] if best else None


def _parse_window(text: str, lang_code: str | None) -> tuple[str, str] | None:
    """dateparser on a short window after an anchor: (iso, text) for shapes the patterns miss."""
    window = text[:WINDOW].split(". ")[0]
    if not re.search(r"(?:19|20)\d{2}", window):
        return None
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover
        return None
    year = re.search(r"(?:19|20)\d{2}", window)
    if year is None:
        return None
    window = window[: year.end()]
    languages = [lang_code] if lang_code else None
    try:
        data = DateDataParser(languages=languages, settings={"REQUIRE_PARTS": ["month", "year"]}).get_date_data(window)
    except Exception:  # dateparser raises many kinds of errors on odd input; it is only a fallback
        return None
    if data.date_obj is None:
        return None
    if data.period == "month":
        return data.date_obj.strftime("%Y-%m"), window.strip()
    return data.date_obj.date().isoformat(), window.strip()


def read_own_date(policy: Policy) -> OwnDate | None:
    return (
        _read(policy, _zone_lines(policy), date_anchor_sets(), after=True)
        or _read(policy, _zone_lines(policy, whole=True), date_anchor_sets(strong_only=True))
        or _version_table(policy)
    )


@language_cached(maxsize=1)
def _version_words() -> frozenset[str]:
    return frozenset(w for lang in all_languages() for w in lang.words("version_words"))


def _version_table(policy: Policy) -> OwnDate | None:
    """A table of the document's versions ("Version | Date | Changes"): the newest date of its rows,
    in whatever order they are listed, is the date of the version shown."""
    words = _version_words()
    newest: OwnDate | None = None
    day_first: bool | None = None
    for section in policy.sections:
        for block in section.blocks:
            if block.kind != "row" or not any(words & set(WORD.findall(cell.lower())) for cell in block.header):
                continue
            for cell in block.cells:
                for d in find_dates(cell):
                    if d.numeric and day_first is None:
                        day_first = _day_first(policy)
                    iso = d.iso(bool(day_first) if d.numeric else True)
                    if iso and (newest is None or iso > newest.iso):
                        newest = OwnDate(iso, cell[d.start : d.end])
    return newest


def _read(policy: Policy, lines: list[str], anchors: list, after: bool = False) -> OwnDate | None:
    """The first anchored date of ``lines``; but where a page gives the date it takes effect and,
    beside it, the date it was last updated ("Effective date: ... Last updated: ..."), the last
    update is its own date, whichever comes first (``effective_anchors`` in the language files).
    ``after``: an anchor may also follow its date (verb-final clauses), near the top or bottom only."""
    effective: OwnDate | None = None
    effective_at = 0
    for i, line in enumerate(lines):
        if effective is not None and i > effective_at + NEAR_LINES:
            return effective  # a last update only beside it, not a change log's date further down
        if not _YEAR.search(line):  # no date on this line, by any reading but a two-digit year's
            short = _short_year_date(policy, line, anchors)
            if short is not None:
                return short
            continue
        dates = find_dates(line)
        previous_anchor = _only_anchor(lines[i - 1], anchors) if i and dates else None
        for d in dates:
            anchor = (
                _anchor_before(line, d.start, anchors, policy.language)
                or (previous_anchor if d.start <= 3 else None)
                or (_anchor_after(line, d.end) if after else None)
            )
            if anchor:
                iso = d.iso(_day_first(policy, anchor[0]) if d.numeric else True)
                if not iso:
                    continue
                if _says_effective(anchor):
                    if effective is None:
                        effective, effective_at = OwnDate(iso, line[d.start : d.end]), i
                    continue
                return OwnDate(iso, line[d.start : d.end])
        if not dates and len(line) < 200:
            found = _anchored_by_dateparser(line, anchors, policy.language)
            if found and not _says_effective(found[2]):
                return OwnDate(*found[:2])
            if found and effective is None:
                effective, effective_at = OwnDate(*found[:2]), i
    return effective


_SHORT_YEAR = re.compile(r"(?<![\d/.])(\d{1,2})[./](\d{1,2})[./](\d{2})(?![\d/.]|\.\d)")


def _short_year_date(policy: Policy, line: str, anchors: list) -> OwnDate | None:
    """A date written with a two-digit year right after an anchor ("Sist oppdatert 01.03.26",
    "Updated: 3/1/26"): read only there, and never after a version's anchor ("Version 1.2.26")."""
    m = _SHORT_YEAR.search(line)
    if m is None:
        return None
    anchor = _anchor_before(line, m.start(), anchors, policy.language)
    if anchor is None or anchor[1].lower() in language(anchor[0]).words("version_words") or _says_effective(anchor):
        return None
    found = FoundDate(m.start(), m.end(), 2000 + int(m.group(3)), 0, None, numeric=(int(m.group(1)), int(m.group(2))))
    iso = found.iso(_day_first(policy, anchor[0]))
    return OwnDate(iso, m.group(0)) if iso else None


NEAR_LINES = 3  # how far from the date a text takes effect its last update may stand: the same header


def _says_effective(anchor: tuple[str, str]) -> bool:
    code, phrase = anchor
    return phrase.lower() in language(code).words("effective_anchors")


def _anchored_by_dateparser(line: str, anchors: list, lang_code: str | None) -> tuple[str, str, tuple[str, str]] | None:
    """(iso, text, (language, anchor)) of a date dateparser reads right after an anchor."""
    lowered = line.lower()
    for lang, phrases in anchors:
        tokens = lang.tokens(lowered)
        m = phrases.first(tokens)
        if m is not None:
            start = tokens.span(m.start, m.end)[1]
            found = _parse_window(line[start:], lang_code or lang.code)
            return (*found, (lang.code, m.id)) if found else None
    return None


def _differential(old: Policy, new: Policy) -> tuple[OwnDate, OwnDate] | None:
    """A short line near the top or bottom, alike in both versions but for its one date."""

    def masked(policy: Policy) -> dict[str, tuple[FoundDate, str]]:
        out: dict[str, tuple[FoundDate, str]] = {}
        for line in _zone_lines(policy):
            if len(line) > 200:
                continue
            dates = find_dates(line)
            if len(dates) == 1:
                d = dates[0]
                out.setdefault(line[: d.start] + "\x00" + line[d.end :], (d, line[d.start : d.end]))
        return out

    a, b = masked(old), masked(new)
    for key, (d_old, text_old) in a.items():
        if key in b and len(key.replace("\x00", "").split()) >= 1:
            d_new, text_new = b[key]
            iso_old, iso_new = d_old.iso(_day_first(old)), d_new.iso(_day_first(new))
            if iso_old and iso_new and iso_old != iso_new:
                return OwnDate(iso_old, text_old), OwnDate(iso_new, text_new)
    return None


_DAY_AND_YEAR = re.compile(
    r"(?<!\d)\d{1,2}(?!\d)[^\d\n]{0,20}?(?<!\d)(?:19|20)\d{2}(?!\d)"
)  # "3 marca 2025", "3.3.2025"


def _differential_any_language(old: Policy, new: Policy) -> tuple[OwnDate, OwnDate] | None:
    """The differential read with dateparser, for a language no file describes ("Ostatnia
    aktualizacja: 3 marca 2025 r."): a short line near the top or bottom that changed, alike in both
    versions but for the one date dateparser finds in each."""

    def dated(policy: Policy) -> list[str]:
        return [line for line in _zone_lines(policy) if len(line) <= 200 and _DAY_AND_YEAR.search(line)]

    before, after = dated(old), dated(new)
    held_before, held_after = set(before), set(after)
    gone = [line for line in before if line not in held_after]
    came = [line for line in after if line not in held_before]
    if not gone or not came or len(gone) > 3 or len(came) > 3:  # a rewrite, not a date moved
        return None
    for a in gone:
        for b in came:
            found_a = _one_date(a, old.language, _day_first(old))
            found_b = _one_date(b, new.language, _day_first(new), found_a[2] if found_a else None)
            if found_a is None and found_b is not None:  # dateparser may tell the language from one month only
                found_a = _one_date(a, old.language, _day_first(old), found_b[2])
            if (
                found_a
                and found_b
                and found_a[0] != found_b[0]
                and a.replace(found_a[1], "\x00") == b.replace(found_b[1], "\x00")
            ):
                return OwnDate(*found_a[:2]), OwnDate(*found_b[:2])
    return None


# Languages without a file whose dates dateparser reads when told to try them: its own guess reads
# "10 Mart 2024" as Uzbek and "2 Haziran 2025" as nothing.
_DATEPARSER_MORE = ("tr", "cs", "sk", "ro", "el", "fi", "hu", "bg", "hr", "sl", "lt", "lv", "et", "uk", "ru")


def _one_date(
    line: str, lang_code: str | None, day_first: bool, hint: str | None = None
) -> tuple[str, str, str | None] | None:
    """(iso, text, dateparser's language) of the one full date (with its year) dateparser finds in
    ``line``, in any language; ``hint``: the language the other version's date was found in, tried
    before dateparser's own guess (which finds nothing in "2 Haziran 2025")."""
    try:
        from dateparser.search import search_dates

        settings = {"REQUIRE_PARTS": ["month", "year"], "DATE_ORDER": "DMY" if day_first else "MDY"}
        attempts: list[list[str] | None] = [[code] for code in dict.fromkeys((lang_code, hint)) if code]
        attempts.append(None)  # the page's language may be guessed wrong, or have no file: any language
        attempts.append(list(_DATEPARSER_MORE))  # where its guess fails ("2 Haziran 2025"), each in turn
        found = None
        for languages in attempts:
            found = search_dates(line, languages=languages, settings=settings, add_detected_language=True)
            if found:
                break
    except Exception:  # dateparser raises many kinds of errors on odd input; it is only a fallback
        return None
    dates = [
        (text, when, language)
        for text, when, language in found or []
        if _YEAR.search(text) and not text.strip().isdigit()
    ]
    if len(dates) != 1:
        return None
    text, when, language = dates[0]
    return when.date().isoformat(), text, language


def _forward(a: OwnDate, b: OwnDate) -> tuple[OwnDate, OwnDate]:
    """Two numeric dates the page gives no order for ("12/03/2026", "04/11/2026") that, read the
    language's way, move the policy back in time, read the other way: a policy's date moves forward."""
    swapped = [_other_order(d) for d in (a, b)]
    if swapped[0] and swapped[1] and swapped[0].iso < swapped[1].iso:
        return swapped[0], swapped[1]
    return a, b


def _other_order(own: OwnDate) -> OwnDate | None:
    dates = find_dates(own.text)
    if len(dates) != 1 or not dates[0].numeric:
        return None
    readings = {iso for iso in (dates[0].iso(True), dates[0].iso(False)) if iso and iso != own.iso}
    return OwnDate(readings.pop(), own.text) if len(readings) == 1 else None


class LastUpdated(FactKind):
    name = "last_updated"
    events = ("last_updated_changed",)
    order = 90
    label = "Last updated"

    def read(self, policy: Policy) -> OwnDate | None:
        return read_own_date(policy)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        a, b = old.facts.get(self.name), new.facts.get(self.name)
        if a is None or b is None:
            found = _differential(old, new) or _differential_any_language(old, new)
            if found:
                a, b = old.facts[self.name], new.facts[self.name] = found
        # a date that appears or disappears is far more often the extraction than the policy: not reported
        if a is None or b is None or a.iso == b.iso:
            return []
        if a.iso > b.iso and _shown_day_first(old) is None and _shown_day_first(new) is None:
            a, b = _forward(a, b)
        return [Event("last_updated_changed", "minor", {"old": a.iso, "new": b.iso})]

    def describe(self, event: Event) -> str:
        f = event.fields
        return f"last-updated date changed: {f.get('old') or 'none'} {ARROW} {f.get('new') or 'none'}"

    def headline(self, event: Event) -> str:
        return f"last-updated date moved to {event.fields.get('new') or 'none'}"

    def summary(self, value: OwnDate | None) -> dict:
        return {"last_updated": value.iso if value else None}

    def glance(self, value: OwnDate | None) -> list[str]:
        return [f"{value.iso} (“{value.text}”)"] if value else []


register(LastUpdated())
