"""Fact kinds are a registry: a kind defined and registered here, with no change anywhere else,
shows up in `compare --format json`, in the text output and in an alert's content."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.monitor.facts import Event, FactKind, kinds, register, unregister
from policywatch.monitor.fetch import CheckTarget, FetchResult
from policywatch.monitor.pipeline import CheckPipeline
from policywatch.monitor.policy import Policy
from policywatch.storage import Store
from tests.sitekit import policy_page, seed_texts


class CookieMentions(FactKind):
    """How often a policy says "cookie": a stand-in for a new kind of fact."""

    name = "test_cookie_mentions"
    events = ("cookie_mentions_changed",)
    order = 95
    label = "Cookie mentions"

    def read(self, policy: Policy) -> int:
        return sum(f"{s.title} {s.text}".lower().count("cookie") for s in policy.sections)

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        a, b = old.facts[self.name], new.facts[self.name]
        return [] if a == b else [Event("cookie_mentions_changed", "minor", {"old": a, "new": b})]

    def describe(self, event: Event) -> str:
        return f"cookie mentions went from {event.fields['old']} to {event.fields['new']}"

    def headline(self, event: Event) -> str:
        return "cookie mentions changed"

    def summary(self, value: int) -> dict:
        return {"cookie_mentions": value}


@pytest.fixture
def cookie_kind():
    kind = register(CookieMentions())
    yield kind
    unregister(kind.name)


SEED = seed_texts()["ionect-privacy-policy"]
EDITED = SEED.replace(
    "11. Security", "11. Cookies and security\n\nWe set one more cookie to remember your choices.\n\n11a. Security"
)


def test_a_registered_kind_is_read_compared_and_worded_by_compare(cookie_kind, tmp_path):
    assert cookie_kind in kinds()
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(SEED, encoding="utf-8")
    new.write_text(EDITED, encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "--format", "json"])
    data = json.loads(result.output)
    [event] = [e for e in data["events"] if e["type"] == "cookie_mentions_changed"]
    assert event["level"] == "minor" and event["new"] == event["old"] + 2
    assert data["new"]["cookie_mentions"] == event["new"]  # its summary joins the contract's old/new objects
    text = CliRunner().invoke(cli, ["compare", str(old), str(new)]).output
    assert f"[minor] cookie mentions went from {event['old']} to {event['new']}" in text


def test_a_registered_kind_reaches_the_alert_content(cookie_kind, db_url):
    from policywatch.alerts.content import build_content

    store = Store(db_url)
    store.sync_watches([("Ionect", "https://ionect.example/privacy")])
    pipeline = CheckPipeline(store, route=lambda name, level: ["email"])
    for n, text in enumerate((SEED, EDITED)):
        w = store.watch("Ionect")
        target = CheckTarget(
            watch_id=w.id,
            name=w.name,
            url=w.url,
            body_sha256=w.body_sha256,
            latest_fingerprint=w.latest_fingerprint,
            latest_extractor=w.latest_extractor,
        )
        body = policy_page(text).encode()
        fetched = FetchResult(
            url=w.url,
            started_at=datetime(2026, 3, 2 + n, tzinfo=UTC),
            duration_ms=1,
            status=200,
            final_url=w.url,
            headers={"content-type": "text/html"},
            body=body,
        )
        pipeline.process(target, fetched)
    [alert] = store.alerts("pending")
    content = build_content(store, alert, url="https://ionect.example/privacy", viewer_url=None)
    sentences = [sentence for _, sentence in content.events]
    assert any(s.startswith("cookie mentions went from") for s in sentences), sentences
    assert any(e["type"] == "cookie_mentions_changed" for e in content.comparison_json["events"])
