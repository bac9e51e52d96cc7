"""A kind whose incremental pass found events rechecks them by reading only the shared sections that
can hold what the changed sections name (see ``FactKind.recheck``). Each case edits one section of a
policy whose other sections stay as they are: an edit that names what a shared section already
states must stay silent, a new fact must fire, and both must agree with reading the whole policies."""

from __future__ import annotations

import pytest

from policywatch.monitor.compare import _policy, clear_caches, compare, differing_parts
from policywatch.monitor.documents import policy_from_text
from policywatch.monitor.facts import kind_named

BASE = """# Privacy policy

## Who we are

Acme Widgets GmbH, Hauptstraße 5, 10115 Berlin, is the controller of your personal data.
Our data protection officer can be reached at dpo@acme-widgets.example.

## Health data

We process health data about your treatment when you book an appointment.

## Service providers

We share personal data with the following service providers:

- Stripe (payments)
- Zendesk (customer support)

## How long we keep data

We keep invoices for 10 years.

## Newsletter

We send a newsletter to subscribers who asked for it. You can unsubscribe at any time.
"""

NEWSLETTER = "We send a newsletter to subscribers who asked for it. You can unsubscribe at any time."


def edited(addition: str) -> str:
    return BASE.replace(NEWSLETTER, f"{NEWSLETTER} {addition}")


CASES = [
    # (addition to the newsletter section, kind, event type, must fire)
    ("We use Stripe to process the payments for paid newsletters.", "processors", "processor_added", False),
    ("We use Mailgun to send the newsletter.", "processors", "processor_added", True),
    ("We may process health data when you tell us about it.", "data_categories", "data_category_added", False),
    ("We process biometric data to verify your identity.", "data_categories", "data_category_added", True),
    ("We keep invoices for 10 years.", "retention", "retention_changed", False),
    ("We keep the subscriber list for 3 years.", "retention", "retention_changed", True),
    ("Write to our data protection officer at dpo@acme-widgets.example.", "contacts", "contact_changed", False),
    ("Write to our data protection officer at privacy@acme-widgets.example.", "contacts", "contact_changed", True),
]


@pytest.mark.parametrize("addition, kind, event, fires", CASES)
def test_an_edit_fires_only_for_what_no_shared_section_states(addition, kind, event, fires):
    clear_caches()
    old, new = (policy_from_text(text, "text/markdown") for text in (BASE, edited(addition)))
    found = [e.type for e in compare(old, new).events]
    assert (event in found) == fires, found


@pytest.mark.parametrize("addition, kind, event, fires", CASES)
def test_the_recheck_agrees_with_reading_both_whole_policies(addition, kind, event, fires):
    def fresh(text):
        read = policy_from_text(text, "text/markdown")
        return _policy(read.title, read.language, read.sections)

    fact = kind_named(kind)
    clear_caches()
    old, new = fresh(BASE), fresh(edited(addition))
    whole = [e.to_json() for e in fact.compare(old, new)]
    clear_caches()
    old, new = fresh(BASE), fresh(edited(addition))
    changed = differing_parts(old, new)
    assert [e.to_json() for e in fact.recheck(old, new, changed)] == whole
    assert any(e["type"] == event for e in whole) == fires
    # the changed section alone names it as new: only the shared sections can tell it is not
    assert any(e.type == event for e in fact.compare(*changed))


def test_the_recheck_reads_only_the_sections_that_can_name_what_changed():
    """A vendor added to the newsletter section is looked for only where its name's words stand: the
    health and retention sections are not read again (the recheck would still be right if they were,
    only as slow as reading both whole policies)."""
    from policywatch.monitor.facts.processors import _candidates

    clear_caches()
    read = policy_from_text(BASE, "text/markdown")
    old = _policy(read.title, read.language, read.sections)
    read = policy_from_text(edited("We use Mailgun to send the newsletter."), "text/markdown")
    new = _policy(read.title, read.language, read.sections)
    found = _candidates(old, new, differing_parts(old, new))
    assert found is not None
    keys, old_within, new_within = found
    assert keys == {"cat:mailgun"}
    assert [s.title for s in new_within] == ["Newsletter"]
    assert [s.title for s in old_within] == ["Newsletter"]
