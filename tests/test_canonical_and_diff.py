from __future__ import annotations

from policywatch.monitor.canonical import canonical_text, fingerprint
from policywatch.monitor.textdiff import DELETE, EQUAL, INSERT, render_inline, word_diff

BASE = (
    '## 1. Who we are\n\n- "Ionect" keeps data for three years.\n\n| Provider | Role |\n| --- | --- |\n| Odoo | CRM |\n'
)


def test_cosmetic_variants_share_a_fingerprint():
    variants = [
        BASE.replace('"Ionect"', "\u201cIonect\u201d"),
        BASE.replace("## 1. Who we are", "### 2. Who we are"),
        BASE.replace("\n- ", "\n\u2022 "),
        BASE.replace("keeps data", "keeps\ndata").replace("three", "three\u00a0"),
        BASE.replace("| Odoo | CRM |", "|Odoo|   CRM|"),
        BASE.replace("| --- | --- |", "|:---|---:|"),
        BASE + "\n\n\n",
        BASE.replace("Ionect", "Ion\u200bect"),
    ]
    for variant in variants:
        assert fingerprint(variant) == fingerprint(BASE), canonical_text(variant)


def test_meaningful_edits_change_the_fingerprint():
    for edit in (
        BASE.replace("three", "five"),
        BASE.replace("Odoo", "HubSpot"),
        BASE.replace("Who we are", "Who we were"),
        BASE.replace("Ionect", "ionect"),
    ):
        assert fingerprint(edit) != fingerprint(BASE)


def test_word_diff_keeps_whole_words():
    diffs = word_diff("retention of 12 months applies", "retention of 24 months applies")
    assert diffs == [(EQUAL, "retention of "), (DELETE, "12"), (INSERT, "24"), (EQUAL, " months applies")]


def test_word_diff_roundtrips():
    old = "We share data with Cloudflare and Lovable.\nContact privacy@ionect.tech."
    new = "We share data with Cloudflare.\nContact dpo@ionect.tech today."
    diffs = word_diff(old, new)
    assert "".join(t for op, t in diffs if op != INSERT) == old
    assert "".join(t for op, t in diffs if op != DELETE) == new


def test_render_shows_changed_lines_with_context_only():
    old = "\n".join(f"line {i} text" for i in range(20))
    new = old.replace("line 10 text", "line 10 changed text")
    out = render_inline(word_diff(old, new), context=1)
    assert out.splitlines() == ["line 9 text", "line 10 {+changed +}text", "line 11 text"]
    assert render_inline(word_diff(old, old)) == ""
    two = render_inline(word_diff(old, new.replace("line 2 text", "line two text")), context=0)
    assert two.splitlines() == ["line [-2-]{+two+} text", "...", "line 10 {+changed +}text"]
