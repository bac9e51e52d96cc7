"""Loading placeholders are recognised as written, in any language, on a first check; look-alike words
in a short real page are not placeholders."""

from __future__ import annotations

import pytest

from policywatch.monitor.compare import first_page_suspect_reason

POLICY = (
    "Cargo privacy policy. Last updated: 2 March 2026. Our sub-processors: Mistral AI SAS for the chat "
    "assistant in France, Amazon Web Services for hosting in the United States. We keep invoices for seven "
    "years. Lädt ein Laden? We are loaded with care."
)


@pytest.mark.parametrize(
    "placeholder",
    [
        "Loading…",
        "Please wait",
        "Chargement en cours…",
        "Wird geladen",
        "Cargando...",
        "Caricamento in corso",
        "Even geduld",
    ],
)
def test_a_placeholder_is_suspect_with_the_browser_hint(placeholder):
    reason = first_page_suspect_reason(f"Acme\n\n{placeholder}")
    assert reason and "looks like a loading page" in reason and "set `render: browser`" in reason


def test_a_rendered_placeholder_gets_the_wait_for_hint():
    reason = first_page_suspect_reason("Acme\n\nLoading…", rendered=True)
    assert reason and "wait_for" in reason and "render: browser`" not in reason


@pytest.mark.parametrize("text", [POLICY, "Cargo privacy policy\n\nWe load your data onto our servers in Ireland."])
def test_look_alike_words_in_a_short_policy_are_not_a_placeholder(text):
    assert first_page_suspect_reason(text) is None
