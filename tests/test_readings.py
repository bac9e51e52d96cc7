"""Readings must not drift: a changed fingerprint or extracted text would re-version every watch.

Speed work on the extractor and on canonical text is checked here against the readings of the
fixture pages recorded for the current EXTRACTOR_VERSION, and against the plain formula of
canonical text on arbitrary strings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policywatch.monitor.canonical import _TYPOGRAPHY, _canonical, _words
from policywatch.monitor.extract import EXTRACTOR_VERSION
from tests.readings_golden import readings

GOLDEN = Path(__file__).parent / "fixtures" / f"readings-{EXTRACTOR_VERSION}.json"


def test_fixture_pages_read_as_recorded_for_this_extractor_version():
    assert GOLDEN.exists(), f"no recorded readings for {EXTRACTOR_VERSION}: see tests/readings_golden.py"
    recorded = json.loads(GOLDEN.read_text())
    current = readings()
    assert current.keys() == recorded.keys()
    drifted = [key for key in recorded if current[key] != recorded[key]]
    assert not drifted, f"readings changed without a new EXTRACTOR_VERSION: {drifted[:5]}"


def _canonical_by_definition(text: str) -> str:
    """The formula of canonical text, without the fast paths (ASCII skip, regex folding)."""
    return _words(unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY))


TYPOGRAPHY = "".join(map(chr, _TYPOGRAPHY)) + "ﬁ①é e\u0301 |-#*1."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(TYPOGRAPHY) | st.characters(), max_size=200))
def test_canonical_text_fast_paths_match_the_formula(text):
    assert _canonical(text) == _canonical_by_definition(text)


def test_canonical_text_of_plain_ascii_skips_nothing_that_matters():
    text = "1. Data we keep\n\n- Name | e-mail\n|---|---|\nWe keep it  for 3 years."
    assert _canonical(text) == _canonical_by_definition(text) == "Data we keep Name | e-mail We keep it for 3 years."
    assert not re.search(r"\s{2}", _canonical(text))


def test_markdown_hard_breaks_keep_headings_tables_and_paragraphs():
    """Two trailing spaces on every line (some editors write them) change no heading, row or block."""
    from policywatch.monitor.compare import build_policy
    from policywatch.monitor.extract import extract

    text = (
        "Privacy Policy\n==============\n\nLast updated: 1 May 2025\n\n## Who we are\n\nExample Ltd\n1 High Street\n"
        "London SW1A 1AA\n\n| Provider | Purpose |\n| --- | --- |\n| Stripe | Payments |\n\nRetention\n---------\n\n"
        "We keep data for 2 years.\n- one\n- two\n"
    )
    spaced = re.sub(r"(?m)$", "  ", text)

    def read(source: str) -> list[tuple[str, list[tuple[str, str]]]]:
        policy = build_policy(extract(source.encode(), "text/markdown").text)
        return [(s.title, [(b.kind, b.text.replace("\n", " ")) for b in s.blocks]) for s in policy.sections]

    assert [title for title, _ in read(spaced)] == ["Privacy Policy", "Who we are", "Retention"]
    assert read(spaced) == read(text)
    address = next(
        b
        for s in build_policy(extract(spaced.encode(), "text/markdown").text).sections
        for b in s.blocks
        if "High" in b.text
    )
    assert address.text.split("\n") == ["Example Ltd", "1 High Street", "London SW1A 1AA"]  # hard breaks kept as lines


def test_soft_broken_lines_keep_a_contact_card_apart_and_join_wrapped_prose():
    """Markdown written by hand often puts a contact card on plain lines without hard-break marks:
    its labelled and short lines stay lines (an address is read), prose wrapped at a margin is one line."""
    from policywatch.monitor.compare import build_policy

    text = (
        "# Privacy\n\n## Who is the controller?\n\n"
        "Identity: Muebles Arrieta, S.L.\nTax ID: B-48123456\nPostal address: Avda. de Zugazarte 12, 48930 Getxo\n"
        "Phone: 944 123 456\n\n"
        "Acme Widgets Ltd\n1 High Street\nLondon SW1A 1AA\n\n"
        "We process the personal data you give us when you order from our shop, and we keep\n"
        "it for as long as the law asks us to keep invoices and the records of your orders.\n"
    )
    blocks = [b.text for s in build_policy(text).sections for b in s.blocks]
    assert blocks[0].split("\n")[2] == "Postal address: Avda. de Zugazarte 12, 48930 Getxo"
    assert blocks[1].split("\n") == ["Acme Widgets Ltd", "1 High Street", "London SW1A 1AA"]
    assert "\n" not in blocks[2] and "we keep it for" in blocks[2]
