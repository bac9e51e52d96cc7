"""Every labelled edit in tests/fixtures/scenarios.yaml produces the events and level a user should get."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policywatch.monitor.catalogue import catalogue, normalise_name
from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text
from tests.sitekit import SEEDS

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIOS = yaml.safe_load((FIXTURES / "scenarios.yaml").read_text(encoding="utf-8"))


def apply_edits(text: str, edits: list[dict]) -> str:
    for edit in edits:
        count = text.count(edit["replace"])
        if edit.get("all"):
            assert count >= 1, edit["replace"]
            text = text.replace(edit["replace"], edit["with"])
        else:
            assert count == 1, f"{edit['replace']!r} occurs {count} times"
            text = text.replace(edit["replace"], edit["with"], 1)
    return text


def _identity(name: str) -> str:
    """A processor's identity as the product keys it: its catalogue entity, else its normalised name."""
    entity = catalogue().lookup(name)
    return entity.key if entity else f"name:{normalise_name(name)}"


def matches(event: dict, expected: dict) -> bool:
    """Exact: the same type, the same processor (by identity: "HubSpot" is "HubSpot, Inc"), the same
    title and values (case aside)."""
    if event["type"] != expected["type"]:
        return False
    for key, want in expected.items():
        if key == "type":
            continue
        got = event.get(key)
        if key == "name":
            if not got or _identity(str(got)) != _identity(str(want)):
                return False
        elif key in ("title", "old", "new", "section"):
            if got is None or str(want).casefold() != str(got).casefold():
                return False
        elif str(got) != str(want):
            return False
    return True


def unexpected(events: list[dict], expect: dict) -> list[dict]:
    """Events no expectation accounts for (types listed under ``allow`` aside)."""
    allowed = set(expect.get("allow", []))
    return [e for e in events if e["type"] not in allowed and not any(matches(e, w) for w in expect.get("events", []))]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario, request):
    old_text = (SEEDS / scenario["seed"]).read_text(encoding="utf-8")
    new_text = apply_edits(old_text, scenario["edits"])
    result = compare(policy_from_text(old_text), policy_from_text(new_text)).to_json()
    expect = scenario["expect"]
    events = result["events"]
    for wanted in expect.get("events", []):
        assert any(matches(e, wanted) for e in events), f"missing {wanted}; got {events}"
    for absent in expect.get("absent", []):
        assert not [e for e in events if e["type"] == absent], f"unexpected {absent}: {events}"
    assert result["level"] == expect["level"], events
    if expect.get("exact") or request.config.getoption("--strict-events"):
        extra = unexpected(events, expect)
        assert not extra, f"unexpected events (expect them, or list their type under allow): {extra}"


def test_every_scenario_states_all_its_events():
    """Each scenario is exact: a new event on any of them is a decision, not a silent pass."""
    loose = [s["id"] for s in SCENARIOS if not s["expect"].get("exact")]
    assert not loose, f"scenarios without exact: true: {loose}"
