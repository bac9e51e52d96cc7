"""Every labelled edit in tests/fixtures/scenarios.yaml produces the events and level a user should get."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monitor.compare import compare
from monitor.documents import policy_from_text
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


def matches(event: dict, expected: dict) -> bool:
    if event["type"] != expected["type"]:
        return False
    for key, want in expected.items():
        if key == "type":
            continue
        got = event.get(key)
        if key == "name":
            if (
                not got
                or str(want).casefold() not in str(got).casefold()
                and str(got).casefold() not in str(want).casefold()
            ):
                return False
        elif key in ("title", "old", "new") and not str(want)[:4].isdigit():
            if not got or str(want).casefold() not in str(got).casefold():
                return False
        elif str(got) != str(want):
            return False
    return True


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario):
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
