"""The check pipeline on its own: what it skips, what it stores."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest

import policywatch.monitor.reading as reading_module
from policywatch.monitor.budget import compare_in_reader
from policywatch.monitor.extract import EXTRACTOR_VERSION, ExtractionError
from policywatch.monitor.fetch import CheckTarget
from policywatch.monitor.pipeline import CheckPipeline, Compared
from policywatch.monitor.reading import read_page
from policywatch.storage import Store
from tests.fakes import fetched
from tests.sitekit import policy_page, seed_texts

NOW = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture
def stored(db_url):
    store = Store(db_url)
    store.sync_watches([("A", "https://a.example/p")])
    body = policy_page(seed_texts()["ionect-privacy-policy"]).encode()
    assert CheckPipeline(store).process(target(store), fetched(at=NOW, body=body)).outcome == "new"
    return store, body


def target(store: Store) -> CheckTarget:
    w = store.watch("A")
    return CheckTarget(
        watch_id=w.id,
        name=w.name,
        url=w.url,
        body_sha256=w.body_sha256,
        latest_fingerprint=w.latest_fingerprint,
        latest_extractor=w.latest_extractor,
    )


def test_identical_bytes_are_not_extracted_again(stored, monkeypatch):
    store, body = stored
    assert target(store).body_sha256 == hashlib.sha256(body).hexdigest()
    assert target(store).latest_extractor == EXTRACTOR_VERSION

    def must_not_run(*args, **kwargs):
        raise ExtractionError("extraction ran on bytes already seen")

    monkeypatch.setattr(reading_module, "extract", must_not_run)
    pipeline = CheckPipeline(store)
    assert not pipeline.needs_reading(target(store), fetched(at=NOW, body=body))
    assert pipeline.process(target(store), fetched(at=NOW, body=body)).outcome == "unchanged"
    assert pipeline.needs_reading(target(store), fetched(at=NOW, body=body + b"<!-- nonce -->"))
    # control: different bytes do reach the extractor (so the patch above is in the path)
    outcome = CheckPipeline(store).process(target(store), fetched(at=NOW, body=body + b"<!-- nonce -->"))
    assert outcome.outcome == "failed" and "extraction ran" in outcome.error


def test_a_page_read_elsewhere_is_recorded_like_one_read_here(stored):
    store, body = stored
    changed = policy_page(seed_texts()["ionect-privacy-policy"].replace("within three years", "within five years"))
    reading = read_page(changed.encode(), "text/html")
    outcome = CheckPipeline(store).process(target(store), fetched(at=NOW, body=changed.encode()), reading)
    assert (outcome.outcome, outcome.version_number) == ("changed", 2)
    assert store.version_text(store.version(store.watch("A").id, 2)) == reading.extracted.text


def test_a_comparison_made_elsewhere_is_stored_only_against_the_version_it_was_made_with(stored):
    store, body = stored
    changed = policy_page(seed_texts()["ionect-privacy-policy"].replace("within three years", "within five years"))
    reading = read_page(changed.encode(), "text/html")
    pipeline = CheckPipeline(store)
    base = pipeline.baseline(target(store), reading)
    latest = store.versions(store.watch("A").id)[0]
    assert (base.version_id, base.text) == (latest.id, store.version_text(latest))
    level, events = compare_in_reader(base.text, base.title, reading.extracted.text, reading.extracted.title)
    assert level == "material" and any(e["type"] == "retention_changed" for e in events)
    marked = [dict(e, detail="compared in a reading process") for e in events]
    pipeline.process(target(store), fetched(at=NOW, body=changed.encode()), reading, Compared(latest.id, level, marked))
    second = store.version(store.watch("A").id, 2)
    assert (second.level, json.loads(second.events_json)) == (level, marked)

    # a comparison made against an older version than the latest is made again
    again = read_page(changed.replace("five years", "six years").encode(), "text/html")
    stale = Compared(latest.id, "none", [])
    assert pipeline.baseline(target(store), again).version_id == second.id
    pipeline.process(
        target(store), fetched(at=NOW, body=changed.replace("five years", "six years").encode()), again, stale
    )
    third = store.version(store.watch("A").id, 3)
    assert third.level == "material" and any(e["type"] == "retention_changed" for e in json.loads(third.events_json))
    # nothing to compare with: a reading of the latest text
    assert (
        pipeline.baseline(target(store), read_page(changed.replace("five years", "six years").encode(), "text/html"))
        is None
    )


def test_a_page_reading_to_the_newest_text_takes_its_fingerprint_and_a_worker_sends_no_text():
    page = policy_page(seed_texts()["ionect-privacy-policy"]).encode()
    fresh = read_page(page, "text/html")
    text_sha = hashlib.sha256(fresh.extracted.text.encode()).hexdigest()
    # the newest version's text: its fingerprint is taken as stored (here a marker), not computed again
    same = read_page(page + b"<!-- nonce -->", "text/html", known_fingerprint="f" * 64, known_text_sha256=text_sha)
    assert same.fingerprint == "f" * 64 and same.extracted.text == fresh.extracted.text
    sent = read_page(page, "text/html", known_fingerprint="f" * 64, known_text_sha256=text_sha, pack_new=True)
    assert (sent.fingerprint, sent.extracted, sent.packed_text, sent.packed_body) == ("f" * 64, None, None, None)
    # any other text is fingerprinted, and comes back packed when asked
    other = read_page(
        page.replace(b"Ionect", b"Ionect Group"),
        "text/html",
        known_fingerprint=fresh.fingerprint,
        known_text_sha256=text_sha,
        pack_new=True,
    )
    assert other.fingerprint != fresh.fingerprint and other.packed_text.sha256 != text_sha
    assert other.packed_body.sha256 == hashlib.sha256(page.replace(b"Ionect", b"Ionect Group")).hexdigest()
