"""Edits made to every real page of the corpus (Open Terms Archive, ODC-By): what must alarm does on
pages never written for it, and what must not stays quiet. The corpus labels cover the changes the
pages made; these cover the ones a policy could make next, on the same 60 real texts.

Each edit is made to a page's Markdown in its own language (EN, FR, DE); error and loading pages,
which no edit makes a policy, are left out.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text
from policywatch.monitor.policy import Policy

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PAGES = sorted(p.name for p in CORPUS.iterdir() if (p / "new.md").exists())

pytestmark = pytest.mark.slow

SENTENCES = {
    "processor": {
        "en": "We also share your personal data with Pinecone Systems, Inc., which hosts our search index.",
        "fr": "Nous partageons également vos données personnelles avec Pinecone Systems, Inc., qui héberge notre index.",
        "de": "Wir geben Ihre personenbezogenen Daten außerdem an die Pinecone Systems, Inc. weiter, die unseren "
        "Suchindex hostet.",
    },
    "biometric": {
        "en": "We also collect biometric data, such as a scan of your face, to verify your identity.",
        "fr": "Nous collectons également des données biométriques, comme un scan de votre visage, pour vérifier "
        "votre identité.",
        "de": "Wir erheben außerdem biometrische Daten, etwa einen Scan Ihres Gesichts, um Ihre Identität zu prüfen.",
    },
    "ai_training": {
        "en": "We also use your conversations to train our artificial intelligence models.",
        "fr": "Nous utilisons également vos conversations pour entraîner nos modèles d'intelligence artificielle.",
        "de": "Wir verwenden Ihre Unterhaltungen außerdem, um unsere Modelle der künstlichen Intelligenz zu trainieren.",
    },
}
RETENTION = {  # kept for 6 years, then 10; then the first reworded
    "en": (
        "We keep your invoices for 6 years.",
        "We keep your invoices for 10 years.",
        "Your invoices are kept by us for 6 years.",
    ),
    "fr": (
        "Nous conservons vos factures pendant 6 ans.",
        "Nous conservons vos factures pendant 10 ans.",
        "Vos factures sont conservées par nos soins pendant 6 ans.",
    ),
    "de": (
        "Wir speichern Ihre Rechnungen 6 Jahre lang.",
        "Wir speichern Ihre Rechnungen 10 Jahre lang.",
        "Ihre Rechnungen werden von uns 6 Jahre lang gespeichert.",
    ),
}


@cache
def page(name: str) -> tuple[str, Policy]:
    text = (CORPUS / name / "new.md").read_text()
    return text, policy_from_text(text, "text/markdown")


def policies() -> list[str]:
    """The pages that hold a policy in a language the edits are written in."""
    return [name for name in PAGES if page(name)[1].language in RETENTION and len(page(name)[1].sections) > 1]


def with_paragraph(text: str, paragraph: str) -> Policy:
    """The page with ``paragraph`` added at the end of its middle section."""
    parts = re.split(r"(?m)^(?=#{1,3} )", text)
    i = max(1, len(parts) // 2) if len(parts) > 1 else 0
    parts[i] = f"{parts[i].rstrip()}\n\n{paragraph}\n\n"
    return policy_from_text("".join(parts), "text/markdown")


def level(events) -> str:
    return max((e.level for e in events), key=["none", "minor", "material"].index, default="none")


@pytest.mark.parametrize("name", policies())
def test_a_new_processor_in_prose_is_one_material_addition(name):
    text, old = page(name)
    found = compare(old, with_paragraph(text, SENTENCES["processor"][old.language])).events
    assert [(e.type, e.level, e.fields["name"]) for e in found if e.type == "processor_added"] == [
        ("processor_added", "material", "Pinecone Systems Inc")
    ], found
    assert not [e for e in found if e.type.startswith("contact")], found


@pytest.mark.parametrize("name", policies())
@pytest.mark.parametrize(
    "kind, fact, expected",
    [("biometric", "data_categories", "data_category_added"), ("ai_training", "purposes", "purpose_added")],
)
def test_a_new_sensitive_category_or_purpose_is_material(name, kind, fact, expected):
    """Added to a page that did not state it, it is a material addition; to one that did, no news."""
    text, old = page(name)
    found = compare(old, with_paragraph(text, SENTENCES[kind][old.language])).events
    announced = [e for e in found if e.type == expected and kind in e.fields.values()]
    if kind in old.facts[fact]:
        assert announced == [], found
    else:
        assert [e.level for e in announced] == ["material"], found


@pytest.mark.parametrize("name", policies())
def test_a_longer_period_alarms_and_the_same_period_reworded_does_not(name):
    text, base = page(name)
    kept, longer, reworded = RETENTION[base.language]
    old = with_paragraph(text, kept)
    changed = compare(old, with_paragraph(text, longer)).events
    assert any(e.type == "retention_changed" and e.level == "material" for e in changed), changed
    assert level(compare(old, with_paragraph(text, reworded)).events) != "material"


def assert_two_swaps_are_never_material(
    name: str, pattern: str, key: Callable[[str], str], written: Callable[[int], bool]
) -> None:
    """Two words of the page matching ``pattern`` whose count on the page (told apart by ``key``)
    is ``written``, each with two letters swapped past the first, one at a time."""
    text, old = page(name)
    found = list(re.finditer(pattern, text))
    counts = Counter(key(m.group(0)) for m in found)
    words = [m for m in found if written(counts[key(m.group(0))])]
    rng = random.Random(name)
    for m in rng.sample(words, min(2, len(words))):
        w = m.group(0)
        j = rng.randrange(1, len(w) - 2)
        typo = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        new = policy_from_text(text[: m.start()] + typo + text[m.end() :], "text/markdown")
        found_events = compare(old, new).events
        assert level(found_events) != "material", (w, typo, found_events)


@pytest.mark.parametrize("name", policies())
def test_misspelling_a_word_written_once_is_never_material(name):
    """Two words per page written nowhere else on it: a word that says something (a modal, a word of
    a concept's phrase, a vendor) included."""
    assert_two_swaps_are_never_material(
        name, r"(?<![\w@./-])[a-zA-Zà-ÿ]{7,}(?![\w@./-])", str.casefold, lambda count: count == 1
    )


def slip(word: str, rng: random.Random) -> str:
    """``word`` with one slip of the keyboard past its first letter: two letters swapped, one dropped,
    doubled or struck for another."""
    j = rng.randrange(1, len(word) - 2)
    return {
        "swap": word[:j] + word[j + 1] + word[j] + word[j + 2 :],
        "drop": word[:j] + word[j + 1 :],
        "double": word[:j] + word[j] + word[j:],
        "strike": word[:j] + ("e" if word[j] != "e" else "a") + word[j + 1 :],
    }[rng.choice(["swap", "drop", "double", "strike"])]


@pytest.mark.parametrize("name", policies())
def test_a_slip_of_the_keyboard_in_any_word_is_never_material(name):
    """Three words of five letters or more per page, each slipped once, wherever they stand."""
    text, old = page(name)
    found = list(re.finditer(r"(?<![\w@./-])[^\W\d_]{5,}(?![\w@./-])", text))
    rng = random.Random(f"slip {name}")
    for m in rng.sample(found, min(3, len(found))):
        typo = slip(m.group(0), rng)
        new = policy_from_text(text[: m.start()] + typo + text[m.end() :], "text/markdown")
        events = compare(old, new).events
        assert level(events) != "material", (m.group(0), typo, events)


@pytest.mark.parametrize("name", policies())
def test_a_slip_of_the_keyboard_in_a_pages_html_is_never_material(name):
    """The same slips in the words of the HTML page's text (lists, tables and cells included)."""
    html = (CORPUS / name / "new.html").read_text(encoding="utf-8", errors="replace")
    old = policy_from_text(html, "text/html")
    found = [
        (text.start(1) + m.start(), text.start(1) + m.end())
        for text in re.finditer(r">([^<]{40,})<", html)
        for m in re.finditer(r"(?<![\w@./&#;-])[^\W\d_]{5,}(?![\w@./;-])", text.group(1))
    ]
    rng = random.Random(f"html slip {name}")
    for start, end in rng.sample(found, min(3, len(found))):
        typo = slip(html[start:end], rng)
        events = compare(old, policy_from_text(html[:start] + typo + html[end:], "text/html")).events
        assert level(events) != "material", (html[start:end], typo, events)


SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_TYPES = {".md": "text/markdown", ".html": "text/html", ".txt": "text/plain"}


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_a_slip_of_the_keyboard_in_a_whole_policy_in_any_language_is_never_material(seed):
    """Six slips in each policy written for the tests (thirteen languages, three formats): vendors'
    names, streets, cities, places in tables and words of periods included."""
    path = SEEDS / seed
    text, kind = path.read_text(), SEED_TYPES[path.suffix]
    old = policy_from_text(text, kind)
    if kind == "text/html":
        found = [
            (cell.start(1) + m.start(), cell.start(1) + m.end())
            for cell in re.finditer(r">([^<]{10,})<", text)
            for m in re.finditer(r"(?<![\w@./&#;-])[^\W\d_]{5,}(?![\w@./;-])", cell.group(1))
        ]
    else:
        found = [m.span() for m in re.finditer(r"(?<![\w@./-])[^\W\d_]{5,}(?![\w@./-])", text)]
    rng = random.Random(f"seed slip {seed}")
    for start, end in rng.sample(found, min(6, len(found))):
        typo = slip(text[start:end], rng)
        events = compare(old, policy_from_text(text[:start] + typo + text[end:], kind)).events
        assert level(events) != "material", (text[start:end], typo, events)


@pytest.mark.parametrize("name", policies())
def test_misspelling_a_word_the_page_writes_elsewhere_is_never_material(name):
    """Two words per page, each written elsewhere on the page too."""
    assert_two_swaps_are_never_material(name, r"(?<![\w@./-])[a-zà-ÿ]{7,}(?![\w@./-])", str, lambda count: count > 1)
