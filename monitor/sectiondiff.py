"""Sections of two versions, compared clause by clause: events, levels and word diffs.

Sections are paired by :mod:`monitor.align`. Inside a pair, clauses found anywhere in the other
version are moves, not changes; what is left is paired clause to clause and judged by
:mod:`monitor.substance`. An added or removed section is material only when it states something
the other version does not; a section whose clauses all live on elsewhere was only restructured.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from policywatch.monitor.align import align
from policywatch.monitor.canonical import canonical_text
from policywatch.monitor.catalogue import catalogue
from policywatch.monitor.clauses import sentences
from policywatch.monitor.facts import ARROW, Event, per_section, section_from_key, section_key
from policywatch.monitor.lang import (
    WORD,
    detect_language,
    language,
    own_function_words,
    word_count,
)
from policywatch.monitor.levels import rank
from policywatch.monitor.noise import says_any
from policywatch.monitor.policy import Block, Policy, Section
from policywatch.monitor.substance import (
    Verdict,
    clause_key,
    clause_substance,
    compare_clauses,
    email_change,
    features,
    find_renames,
)
from policywatch.monitor.textdiff import DELETE, EQUAL, INSERT, word_diff
from policywatch.monitor.words import respelt_words

PAIR_SCORE = 55  # how alike (rapidfuzz ratio) a removed and an added clause must be to be one clause reworded
_DIGITS = re.compile(r"\d+")


@dataclass
class SectionDiff:
    status: str  # "changed" | "added" | "removed" | "moved" | "unchanged"
    old_title: str | None
    new_title: str | None
    old_text: str
    new_text: str
    significant: bool
    reason: str = ""

    @cached_property
    def diffs(self) -> list[tuple[int, str]]:
        """The word diff shown to people, computed when something shows it."""
        if self.status == "added":
            return [(INSERT, self.new_text)]
        if self.status == "removed":
            return [(DELETE, self.old_text)]
        if self.status == "changed":
            return word_diff(self.old_text, self.new_text)
        return [(EQUAL, self.new_text)]


@dataclass(frozen=True)
class Clause:
    key: str  # as compared: canonical, case-folded, the policy's own date masked
    text: str
    lead: str = field(default="", compare=False)  # a list item's: the paragraph (or heading) that opens its list


def _own_date_text(policy: Policy) -> str | None:
    found = policy.facts.get("last_updated")
    return found.text if found else None


def _is_furniture(block: Block, language: str | None) -> bool:
    """Page furniture: a lone one- or two-word paragraph ("Download", "Print"), a short paragraph that
    is one link ("Join us today"), a short line of a consent banner ("Accept all cookies"), or a short
    line of a help centre that counts time, votes or views ("Updated 3 days ago", "6 min read", "87 out
    of 102 found this helpful", "1,204 views"), whose numbers move with every visit, or a short line
    that says where the visitor is ("You are visiting from: Germany. Change region")."""
    words = word_count(block.text)
    if block.kind == "para" and words <= 2 and not any(c.isdigit() or c == "@" for c in block.text):
        return True
    if block.link and words <= 8:
        return True
    if any(map(str.isdigit, block.text)) and (
        words <= 12
        and says_any(block.text, "furniture_phrases")
        or words <= 3
        and says_any(block.text, "counter_words")  # "1,204 views"
    ):
        return True
    return words <= 12 and (says_any(block.text, "consent_phrases") or says_any(block.text, "region_phrases"))


def _banner_text(blocks: list[Block], i: int, language: str | None) -> bool:
    """A paragraph right before a consent banner's buttons that speaks of cookies: the banner's own text."""
    following = blocks[i + 1 : i + 3]
    if not any(word_count(b.text) <= 12 and says_any(b.text, "consent_phrases") for b in following):
        return False
    return word_count(blocks[i].text) <= 80 and says_any(blocks[i].text, "cookie_words")


def clauses(section: Section, dates: tuple[str, ...], language: str | None) -> list[Clause]:
    """A section's clauses as compared, the own date of either version (``dates``) masked: a clause
    that only mentions the date the policy gives itself ("Since 2 May 2025 we use ...") is the same
    clause in both versions."""
    return list(_clauses(section_key(section), _dates_in(section, dates), language))


def _dates_in(section: Section, dates: tuple[str, ...]) -> tuple[str, ...]:
    """Of ``dates``, those ``section`` writes: what masks its words, so that one reading serves
    every comparison whose own dates it does not hold."""
    if not dates:
        return dates
    return tuple(
        d for d in dates if d in section.title or d in section.heading or any(d in b.text for b in section.blocks)
    )


def _enumerates(blocks: list[Block]) -> bool:
    """Whether a section opens with a list whose items are the parts of one sentence: each but the
    last ends with a comma or a semicolon (a list of steps or links ends each item otherwise)."""
    items = []
    for block in blocks:
        if block.kind != "item":
            break
        items.append(block.text.rstrip())
    return len(items) >= 2 and all(item.endswith((",", ";")) for item in items[:-1])


@per_section
def _clauses(key: tuple, dates: tuple[str, ...], language: str | None) -> tuple[Clause, ...]:
    section = section_from_key(key)
    out = []
    # the paragraph that opens the list the blocks stand in ("We use your data to:"); a list right
    # under the heading, its items one sentence's ("- name,", "- e-mail address;"), by the heading
    lead = section.title if _enumerates(section.blocks) else ""
    cookies: dict[tuple[str, ...], bool] = {}  # whether a table's header speaks of cookies
    for i, block in enumerate(section.blocks):
        if block.kind != "item":
            lead = block.text if block.text.rstrip().endswith(":") else ""
        if _is_furniture(block, language) or _banner_text(section.blocks, i, language):
            continue
        units = [block.text.replace("\n", " ")] if block.kind in ("row", "header") else sentences(block.text, language)
        item_of = lead if block.kind == "item" and not block.link else ""
        if block.kind == "row" and block.header:
            if block.header not in cookies:
                cookies[block.header] = says_any(" | ".join(block.header), "cookie_words")
            # a row is an entry of what its first column lists ("Data", "Category"); a cookie table's, of trackers
            item_of = "" if cookies[block.header] else block.header[0]
        for unit in units:
            words = _key(unit, dates)
            if words and not (dates and "<date>" in words and len(words.split()) <= 4):  # the date line itself
                out.append(Clause(words, unit, item_of))
                item_of = ""  # an item's first sentence is its entry; a sentence after it adds no entry
    return tuple(out)


@dataclass
class _Document:
    """A version's words as compared, with and without spaces: a clause found in them has at most
    changed its markup, its place, or where its sentences and paragraphs are cut."""

    spaced: str
    spaceless: str

    def holds(self, key: str) -> bool:
        joined = "".join(key.split())
        if len(joined) >= 12:
            return joined in self.spaceless
        return f" {key} " in self.spaced


def document_holds(policy: Policy, text: str) -> bool:
    """Whether ``text`` stands in ``policy``, however its sentences and paragraphs are cut or marked up."""
    key = _key(text, None)
    return bool(key) and _document(policy).holds(key)


def _document(policy: Policy, dates: tuple[str, ...] | None = None) -> _Document:
    """The policy's words, its own date masked (or the dates given)."""
    if dates is None:
        own = _own_date_text(policy)
        dates = (own,) if own else ()
    cache = getattr(policy, "_documents", None)
    if cache is None:
        cache = {}
        object.__setattr__(policy, "_documents", cache)
    found = cache.get(dates)
    if found is None:
        found = cache[dates] = _read_document(policy, dates)
    return found


def _read_document(policy: Policy, dates: tuple[str, ...]) -> _Document:
    parts = [_section_words(s, dates) for s in policy.sections]
    spaced = " " + " ".join(parts) + " "
    return _Document(spaced, spaced.replace(" ", ""))


def _section_words(section: Section, dates: tuple[str, ...]) -> str:
    """A section's words as compared, masked with only the dates it holds: a document masked with
    one version's own date and a comparison masked with both read most sections once."""
    return _masked_section_words(section_key(section), _dates_in(section, dates))


@per_section
def _masked_section_words(key: tuple, dates: tuple[str, ...]) -> str:
    section = section_from_key(key)
    return _key(f"{section.heading or section.title}\n{section.text}", dates)


_key = clause_key


def _common_parties(old: Policy, new: Policy) -> frozenset[str]:
    """Vendors named three times or more in both versions: the company writing the policy and its
    products, whose mention in one clause more or less is no change of party."""

    def counts(policy: Policy) -> Counter:
        found: Counter = Counter()
        for section in policy.sections:
            found.update(_vendor_mentions(section_key(section)))
        return found

    a, b = counts(old), counts(new)
    return frozenset(k for k in a if a[k] >= 3 and b[k] >= 3)


@per_section
def _vendor_mentions(key: tuple) -> Counter:
    section = section_from_key(key)
    return Counter(entity.key for entity, _, _ in catalogue().mentions_at(f"{section.title}\n{section.text}"))


def _spaceless(found: list[Clause]) -> str:
    return "".join("".join(c.key.split()) for c in found)


def _likeness(a: str, b: str) -> float:
    """How alike two clauses are, as written or with their words reordered ("we do not sell your data",
    "your data is not sold"): the passive and the active voice are one clause reworded."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _pair_clauses(
    gone: list[Clause], came: list[Clause]
) -> tuple[list[tuple[Clause, Clause]], list[Clause], list[Clause]]:
    """Removed and added clauses paired by similarity, best first: (reworded pairs, removed, added)."""
    scored = sorted(
        ((_likeness(a.key, b.key), i, j) for i, a in enumerate(gone) for j, b in enumerate(came)), reverse=True
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < PAIR_SCORE:
            break
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((gone[i], came[j]))
    return (
        pairs,
        [c for i, c in enumerate(gone) if i not in used_a],
        [c for j, c in enumerate(came) if j not in used_b],
    )


def _readdressed(a: Section, b: Section, dates: tuple[str, ...], language: str | None) -> list[tuple[Clause, Clause]]:
    """Clauses that compare the same but give another e-mail address (addresses are one token in
    a clause's words, so that an obfuscation placeholder is no change)."""
    if "@" not in a.text or "@" not in b.text or a.text == b.text:
        return []
    after: dict[str, list[Clause]] = {}
    for clause in clauses(b, dates, language):
        after.setdefault(clause.key, []).append(clause)
    out = []
    for clause in clauses(a, dates, language):
        same = after.get(clause.key)
        if same and clause.text != same[0].text and email_change(clause.text, same[0].text):
            out.append((clause, same.pop(0)))
    return out


def _pair_contained(held: list[Clause], unpaired: list[Clause]) -> tuple[list[tuple[Clause, Clause]], list[Clause]]:
    """Each unpaired clause with a ``held`` clause of the same section whose words it contains:
    (pairs of (held, unpaired), the clauses still unpaired)."""
    pairs, rest, used = [], [], set()
    for clause in unpaired:
        spaced = f" {clause.key} "
        found = next((i for i, h in enumerate(held) if i not in used and f" {h.key} " in spaced), None)
        if found is None:
            rest.append(clause)
        else:
            used.add(found)
            pairs.append((held[found], clause))
    return pairs, rest


@dataclass
class _Work:
    """One aligned pair of sections and the clauses that changed in it."""

    old: Section | None
    new: Section | None
    moved: bool
    pairs: list[tuple[Clause, Clause]]
    removed: list[Clause]
    added: list[Clause]


_WORD = re.compile(r"[^\W\d_]+")


def misspelt(a: str, b: str, old: Policy, new: Policy, counts: Counter | None = None) -> bool:
    """Whether clause ``b`` is clause ``a`` with a word misspelt or a misspelling fixed: the words
    differ by one letter (see :func:`respelt_words`) and one of each pair stands only once in the two
    versions together, where the other spelling stands elsewhere too or is the only one of the two
    that reads as a word of the policy (two names written once each, "Jansen" and "Janssen", may be
    two people)."""
    swapped = respelt_words(a, b)
    if not swapped:
        return False
    counts = _word_counts(old, new) if counts is None else counts
    for x, y in swapped:
        rarer, other = sorted((counts[x.casefold()], counts[y.casefold()]))
        if rarer != 1 or (other < 2 and not _one_spelling_reads(a, b, x, y, new.language or old.language)):
            return False
    return True


def _one_spelling_reads(a: str, b: str, x: str, y: str, code: str | None) -> bool:
    """Whether one of two spellings, each written once, is a slip of the other: exactly one says
    something in its clause, which reads otherwise without it (a modal, a concept, a negation, a
    vendor, a restriction, a number: "obligation" beside "obligaiton", "contractual" in "standard
    contractual clauses", "Seuls" beside "Seels"), or both are common words ("localiser" /
    "lecaliser", "Removed" / "Remoed" opening a line). Two names written once each ("Jansen",
    "Janssen") may be two people."""
    says = _says_something(a, x, code) + _says_something(b, y, code)
    if says == 1 or (catalogue().lookup(x) is None) != (catalogue().lookup(y) is None):
        return True  # one of them reads, or is a vendor's name ("Zendesk" / "Zednesk")
    months = language(code).months
    if (x.lower() in months) != (y.lower() in months):
        return True  # "February" / "Fberuary"
    return _common_word(x, a, code) and _common_word(y, b, code)


def _common_word(word: str, clause: str, code: str | None) -> bool:
    """Written in lower case, or capitalised only as a sentence or a line opens ("Utilizamos ...",
    "2 May: Removed ..."), or in a language that capitalises every noun."""
    if word.islower() or language(code).data.get("capitalised_nouns"):
        return True
    return word[1:].islower() and re.search(rf"(?:^|[.:;!?\n]\W*){re.escape(word)}(?!\w)", clause) is not None


def _says_something(clause: str, word: str, code: str | None) -> bool:
    without = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", clause, count=1)
    return _reading(clause, code) != _reading(without, code)


def _reading(text: str, code: str | None) -> tuple:
    f = features(text, code)
    return f.modals, f.concepts, f.negations, f.parties, f.reader_modals, f.choices, f.restrictions, f.numbers


def holds_respelt(
    policy: Policy, title: str, text: str, versions: tuple[Policy, Policy], key: Callable[[str], str] = str
) -> bool:
    """Whether ``policy`` holds ``text`` (a clause of the other version, under ``title``) with one word
    misspelt or fixed: what a fact read from it was meant all along. The title may be misspelt too,
    and the clause may be the title."""
    for section in policy.sections:
        if section.title != title and not respelt_words(section.title, title):
            continue
        if misspelt(key(section.title), text, *versions):
            return True
        for block in section.blocks:
            said = sentences(block.text, policy.language)
            # a paragraph, a list item or a cell as a whole, and each of its sentences
            for clause in [block.text, *(said if len(said) > 1 else ())]:
                if misspelt(key(clause), text, *versions):
                    return True
    return False


def _word_counts(old: Policy, new: Policy) -> Counter:
    """How often each word stands in the two versions together: a misspelling stands once."""
    counts: Counter = Counter()
    for policy in (old, new):
        for section in policy.sections:
            # a run-in heading ("**2.3. Numéro de ...** Nous ...") is its text's first words, written once
            run_in = bool(section.title) and section.title in section.text[: len(section.title) + 16]
            counts.update(
                w.casefold() for w in _WORD.findall(section.text if run_in else f"{section.title}\n{section.text}")
            )
    return counts


SPELLING_FIX_LETTERS = 2  # "a" doubled, a stray "s": words added or removed beyond this are an edit


def _small_edit(a: str, b: str) -> bool:
    """A spelling fix ("handlesPersonal" -> "handles Personal", "LGBTQ+" -> "LGBTQIA+")."""
    changed_a = changed_b = ""
    for op, text in word_diff(a, b):
        if op == DELETE:
            changed_a += text
        elif op == INSERT:
            changed_b += text
    x, y = "".join(changed_a.split()), "".join(changed_b.split())
    if not x or not y:  # words only taken out or put in: a spelling fix only if they are a stray letter or two
        return sum(c.isalnum() for c in x + y) <= SPELLING_FIX_LETTERS
    return len(x) <= 30 and len(y) <= 30 and _DIGITS.findall(x) == _DIGITS.findall(y) and fuzz.ratio(x, y) >= 75


def section_events(old: Policy, new: Policy) -> tuple[list[Event], list[SectionDiff]]:
    old_doc = new_doc = None
    dates = tuple(sorted({d for d in (_own_date_text(old), _own_date_text(new)) if d}, key=len, reverse=True))
    work: list[_Work] = []
    for pair in align(old.sections, new.sections):
        a = old.sections[pair.old] if pair.old is not None else None
        b = new.sections[pair.new] if pair.new is not None else None
        if (
            a is not None
            and b is not None
            and (
                (key_a := section_key(a)) == (key_b := section_key(b))  # the same text: no words to compare
                or _section_words(a, dates) == _section_words(b, dates)
            )
        ):
            readdressed = _readdressed(a, b, dates, old.language) if key_a != key_b else []
            work.append(_Work(a, b, pair.moved, readdressed, [], []))
            continue
        if old_doc is None or new_doc is None:
            old_doc, new_doc = _document(old, dates), _document(new, dates)
        before = clauses(a, dates, old.language) if a else []
        after = clauses(b, dates, new.language) if b else []
        before_keys, after_keys = Counter(c.key for c in before), Counter(c.key for c in after)
        # clauses no longer in this section and nowhere else; clauses new to this section and to the document
        left = [c for c in before if before_keys[c.key] > after_keys[c.key]]
        entered = [c for c in after if after_keys[c.key] > before_keys[c.key]]
        gone = [c for c in left if not new_doc.holds(c.key)]
        came = [c for c in entered if not old_doc.holds(c.key)]
        if _spaceless(gone) == _spaceless(came):  # the same words cut into other sentences or paragraphs
            gone, came = [], []
        pairs, removed, added = _pair_clauses(gone, came)
        # a clause "held elsewhere" only inside the clause that replaced it ("You may ..." -> "You
        # alone may ..."): the two are one reworded clause, not a removal and an addition
        held_left, held_entered = [c for c in left if c not in gone], [c for c in entered if c not in came]
        pairs_in, added = _pair_contained(held_left, added)
        swapped, removed = _pair_contained(held_entered, removed)
        pairs += pairs_in + [(x, y) for y, x in swapped]
        # a clause the document also says elsewhere, reworded here only ("keep your data" ->
        # "keep your information" in one of two copies of a paragraph): compared with its old self
        if added and held_left:
            reworded, _, added = _pair_clauses([c for c in held_left if all(c is not x for x, _ in pairs)], added)
            pairs += reworded
        if removed and held_entered:
            reworded, removed, _ = _pair_clauses(
                removed, [c for c in held_entered if all(c is not y for _, y in pairs)]
            )
            pairs += reworded
        if a is not None and b is not None:
            pairs += _readdressed(a, b, dates, old.language)
        work.append(_Work(a, b, pair.moved, pairs, removed, added))

    code = new.language or old.language
    renames = find_renames([(x.text, y.text) for w in work for x, y in w.pairs], code)
    changed = any(w.pairs or w.removed or w.added for w in work)
    common = _common_parties(old, new) if changed else frozenset()
    events: list[Event] = []
    diffs_out: list[SectionDiff] = []
    for source, target in renames.items():
        count = len({(x.text, y.text) for w in work for x, y in w.pairs if source in x.text and target in y.text})
        events.append(Event("rename", "minor", {"old": source, "new": target, "count": count}))
    counts: Counter | None = None  # every word of both versions, counted only when a misspelling is in question
    parts: dict = {}  # the language of each part of the page, told once
    for w in work:
        verdicts = []
        written_in = _written_in(w, code, old, new, parts) if w.pairs or w.removed or w.added else code
        # what the edit took out of the section and put in: a concept moved between its clauses is kept
        edited = (
            " ".join([x.text for x, _ in w.pairs] + [c.text for c in w.removed]),
            " ".join([y.text for _, y in w.pairs] + [c.text for c in w.added]),
        )
        for x, y in w.pairs:
            respelt = respelt_words(x.text, y.text)
            if respelt:
                counts = _word_counts(old, new) if counts is None else counts
                if misspelt(x.text, y.text, old, new, counts):
                    was, now = respelt[0]
                    verdicts.append(Verdict("none", f"a spelling fix ({was} {ARROW} {now})"))
                    continue
            verdict = compare_clauses(x.text, y.text, written_in, renames, common, edited)
            if verdict.reason.startswith("phone number") and _the_authoritys_phones(
                x.text, y.text, written_in, old, new
            ):
                verdict = Verdict("minor", verdict.reason + " (the supervisory authority's)")
            if verdict.level == "minor":
                why = _right_reworded(x.text, y.text, w.old, w.new, written_in)
                verdict = Verdict("material", why) if why else verdict
            if verdict.level == "minor" and verdict.reason == "reworded" and _small_edit(x.text, y.text):
                verdict = Verdict("none", "a spelling fix")
            verdicts.append(verdict)
        said: dict[bool, frozenset[str]] = {}  # what each side's section names, read once for its rows
        for c, is_new in [(c, False) for c in w.removed] + [(c, True) for c in w.added]:
            other = w.old if is_new else w.new
            # a table's row names what its section's other version names anyway ("__stripe_sid | Stripe |
            # Fraud prevention" beside "__stripe_mid | Stripe | Fraud prevention"): one more row, nothing new
            if " | " in c.text and other is not None:
                if is_new not in said:
                    said[is_new] = _said_in(other, written_in)
                known = common | said[is_new]
            else:
                known = common
            known |= _logged_parties(c.text, written_in, old if is_new else new)
            why = (
                clause_substance(c.text, written_in, known, added=is_new)
                or _numbered_entry(c, w.new if is_new else w.old, is_new)
                or _list_entry(c, written_in, is_new)
                or _right_under_its_title(c, w.new if is_new else w.old, written_in, is_new, edited[0 if is_new else 1])
            )
            verdicts.append(Verdict("material", why) if why else Verdict("minor", "wording added or removed"))
        top = max(verdicts, key=lambda v: rank(v.level), default=Verdict("none", ""))
        _section_result(w, top, events, diffs_out, dates)
    return events, diffs_out


SECTION_LANGUAGE_WORDS = 12  # fewer words say too little to tell a section's language from the page's


def _written_in(w: _Work, code: str | None, old: Policy, new: Policy, known: dict) -> str | None:
    """The language a changed section is written in: the page's, unless the part of the page it
    stands in (the sections under the same top heading) plainly uses another one (a page that gives
    its policy in German, then in English). ``known``: the parts already told, for the next section."""
    section, policy = (w.new, new) if w.new is not None else (w.old, old)
    if section is None:
        return code
    top = section.path[0] if section.path else section.title
    key = (id(policy), top)
    if key not in known:
        text = "\n".join(s.text for s in policy.sections if (s.path[0] if s.path else s.title) == top)
        if len(text.split()) < SECTION_LANGUAGE_WORDS:
            known[key] = code
        elif code is not None and len(own_function_words(code) & set(WORD.findall(text[:8000].lower()))) >= 3:
            known[key] = code  # the page's own words are there: no need to ask which language it is
        else:
            known[key] = detect_language(text) or code
    return known[key]


def _the_authoritys_phones(old_text: str, new_text: str, code: str | None, old: Policy, new: Policy) -> bool:
    """Whether every phone number that changed between two clauses is the supervisory authority's
    (where to complain, not how to reach the company), as the contacts read it: a contact_changed
    of the authority says so, at its own level, as an address of the authority is."""
    changed = features(old_text, code).phones ^ features(new_text, code).phones
    theirs = {
        phone
        for policy in (old, new)
        if (found := policy.facts.get("contacts")) and "authority" in found
        for phone in found["authority"].phones
    }
    return bool(changed) and changed <= theirs


def _logged_parties(text: str, code: str | None, other: Policy) -> frozenset[str]:
    """The companies a change log's line names that the other version names too ("12 May: Updated
    the location of Acme Ltd", Acme listed in both): the line records a change that the page's lists
    show, as a processor's event; it names no new party. A company only the log names stays new."""
    from policywatch.monitor.facts.processors import change_log_line

    if change_log_line(text, code) is None:
        return frozenset()
    parties = features(text, code).parties
    if not parties:
        return frozenset()
    mentioned: Counter = Counter()
    for section in other.sections:
        mentioned.update(_vendor_mentions(section_key(section)))
    function_words = language(code).stopwords | language("en").stopwords

    def held(name: str) -> bool:
        # "purpose of zentro mail gmbh": the company after the line's label and its function word
        words = name.split()
        after = max((i + 1 for i, w in enumerate(words) if w in function_words), default=0)
        return document_holds(other, name) or len(words) - after >= 2 and document_holds(other, " ".join(words[after:]))

    return frozenset(
        p for p in parties if p.startswith("cat:") and mentioned[p] or p.startswith("org:") and held(p[4:])
    )


def _said_in(section: Section, code: str | None) -> frozenset[str]:
    """The parties (vendors, companies, countries) and concepts a section's table rows name."""
    found: set[str] = set()
    for block in section.blocks:
        if block.kind not in ("row", "header"):
            continue
        f = features(block.text, code)
        found |= f.parties | f.concepts
    return frozenset(found)


_ENTRY = re.compile(r"^\s*(\d{1,2})[.)]\s+\S")


def _numbered_entry(clause: Clause, section: Section | None, added: bool) -> str | None:
    """A numbered paragraph added or removed where the one numbered before it stands ("9.
    Anonymisation de vos interactions ..." under "8. Matériovigilance"): a new processing, purpose or
    right in a document that numbers them, whatever its words. (Items of a Markdown numbered list are
    not: those are as often the steps of an instruction, "3. Click Privacy choices".)"""
    m = _ENTRY.match(clause.text)
    if not m or int(m.group(1)) < 2 or section is None:
        return None
    before = re.compile(rf"^\s*{int(m.group(1)) - 1}[.)]\s+\S")
    if not any(before.match(text) for text in (section.heading or "", *(block.text for block in section.blocks))):
        return None  # (the entry before it may be the heading its text was read under)
    return f"numbered entry {'added' if added else 'removed'}: {clause.text[:80]}"


def _list_entry(clause: Clause, code: str | None, added: bool) -> str | None:
    """An item added to (or taken from) a list that a clause about data opens with a colon ("We use
    your personal data for the following purposes:", "We share your data with:"): one more purpose,
    category or recipient, whatever its words. A list under a heading only, or another lead (the
    steps of an instruction, a table of contents, links), is not."""
    if not clause.lead:
        return None
    lang = language(code)
    about_data = any(
        lang.phrases(key).first_in(clause.lead) is not None for key in ("data_words", "sharing_words", "right_words")
    )
    return f"list entry {'added' if added else 'removed'}: {clause.text[:80]}" if about_data else None


RIGHT_ENTRY_WORDS = 12  # a list entry or a short line, not a sentence about how a right is used


def _right_under_its_title(
    clause: Clause, section: Section | None, code: str | None, added: bool, moved: str = ""
) -> str | None:
    """A short entry that names a right ("Widerspruch (Art. 21 DSGVO)", "Portability") added to or
    taken from a section whose title speaks of rights ("Ihre Rechte"): the title says what the
    entry's word is, as "the right to" does in a sentence."""
    if section is None or len(clause.text.split()) > RIGHT_ENTRY_WORDS:
        return None
    lang = language(code)
    title = " ".join((*section.path[-1:], section.heading or section.title))
    if lang.phrases("right_words").first_in(title) is None:
        return None
    named = lang.phrases("rights").first_in(clause.text)
    if named is None or named.id in lang.phrases("rights").found_in(moved):
        return None  # the edit names the right on its other side too: "Have a complaint?" re-cut
    return f"right {'added' if added else 'removed'}: {named.id}"


def _right_reworded(before: str, after: str, old: Section | None, new: Section | None, code: str | None) -> str | None:
    """A right named in a sentence of a section whose title speaks of rights, and gone from the
    whole section once the sentence is reworded ("Readers can object and ask for portability"
    -> "Readers can object"), or new to it: the title says what the word is, as "the right to"
    does in a sentence."""
    if old is None or new is None:
        return None
    lang = language(code)
    rights, right_words = lang.phrases("rights"), lang.phrases("right_words")
    for section in (new, old):
        if right_words.first_in(" ".join((*section.path[-1:], section.heading or section.title))) is None:
            return None
    lost = rights.found_in(before) - rights.found_in(new.text)
    gained = rights.found_in(after) - rights.found_in(old.text)
    if lost:
        return f"right removed: {sorted(lost)[0]}"
    if gained:
        return f"right added: {sorted(gained)[0]}"
    return None


def _undated(title: str, dates: tuple[str, ...]) -> str:
    """A title without the policy's own date: "Last updated: 2 May" renamed "Last updated: 9 June" is
    the date changed, which its own event tells."""
    for d in dates:
        title = title.replace(d, "<date>")
    return title


def _section_result(
    w: _Work, top: Verdict, events: list[Event], diffs_out: list[SectionDiff], dates: tuple[str, ...] = ()
) -> None:
    a, b = w.old, w.new
    significant = top.level != "none"
    if a is None:
        assert b is not None  # an aligned pair has at least one side
        diffs_out.append(SectionDiff("added", None, b.title, "", b.text, significant, top.reason))
        if b.title and significant:
            events.append(Event("section_added", top.level, {"title": b.title, "reason": top.reason}))
        return
    if b is None:
        diffs_out.append(SectionDiff("removed", a.title, None, a.text, "", significant, top.reason))
        if a.title and significant:
            events.append(Event("section_removed", top.level, {"title": a.title, "reason": top.reason}))
        return
    if a.title and b.title and _spaceless_title(_undated(a.title, dates)) != _spaceless_title(_undated(b.title, dates)):
        events.append(Event("section_renamed", "minor", {"old": a.title, "new": b.title}))
    if w.moved and b.title:
        events.append(Event("section_moved", "minor", {"title": b.title}))
    if not (w.pairs or w.removed or w.added) or a.text == b.text:
        diffs_out.append(SectionDiff("moved" if w.moved else "unchanged", a.title, b.title, a.text, b.text, False))
        return
    diffs_out.append(SectionDiff("changed", a.title, b.title, a.text, b.text, significant, top.reason))
    if significant:
        added, removed = _changed_phrases(w)
        events.append(
            Event(
                "section_changed",
                top.level,
                {"title": b.title or a.title or "", "reason": top.reason, "added": added, "removed": removed},
            )
        )


def _spaceless_title(title: str) -> str:
    """A title as compared: case and spacing aside ("Privacy  Policy", "PrivacyPolicy" from markup)."""
    return "".join(canonical_text(title).casefold().split())


def _changed_phrases(w: _Work) -> tuple[list[str], list[str]]:
    """What an event quotes: the words that changed in reworded clauses, and whole clauses added or
    removed. Diffing clause by clause keeps a long section's event as cheap as a short one's."""
    added: list[str] = []
    removed: list[str] = []
    for x, y in w.pairs:
        for op, text in word_diff(x.text, y.text):
            if text.strip() and op != EQUAL:
                (added if op == INSERT else removed).append(_short(text.strip()))
    added += [_short(c.text) for c in w.added]
    removed += [_short(c.text) for c in w.removed]
    return added[:10], removed[:10]


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
