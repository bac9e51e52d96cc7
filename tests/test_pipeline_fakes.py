"""Noise, flip-flops, broken watches and re-extraction at the level of the check pipeline, on the
in-memory store (milliseconds each); one scenario also runs on the real store, which must agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from policywatch.demo.site import policy_page
from policywatch.monitor.fetch import FetchResult
from policywatch.monitor.pipeline import CheckPipeline
from policywatch.storage import Store
from tests.fakes import MemoryStore, fetched

URL = "https://supplier.example/privacy"


def page(text: str, status: int = 200) -> FetchResult:
    body = policy_page(text).encode("utf-8") if status == 200 else b"<h1>error</h1>"
    return fetched(body, url=URL, status=status)


def failure(error: str, transient: bool) -> FetchResult:
    return fetched(url=URL, error=error, transient=transient)


def pipeline(store) -> CheckPipeline:
    return CheckPipeline(store, route=lambda name, level: ["hook"], notice_route=lambda name: ["hook"], broken_after=2)


class Runner:
    """One watch checked again and again through the pipeline; ``outcomes`` and alert kinds recorded."""

    def __init__(self, store) -> None:
        self.store = store
        self.pipeline = pipeline(store)
        self.watch_id = store.watch("Ionect").id if isinstance(store, Store) else store.watch("Ionect")
        self.outcomes: list[str] = []

    def target(self):
        if isinstance(self.store, Store):
            from policywatch.app import check_targets
            from policywatch.config import WatchConfig

            [target] = check_targets(self.store, [WatchConfig(name="Ionect", url=URL)])
            return target
        return self.store.target(self.watch_id)

    def check(self, result: FetchResult) -> str:
        outcome = self.pipeline.process(self.target(), result).outcome
        self.outcomes.append(str(outcome))
        return outcome


def alert_keys(store) -> list[str]:
    if isinstance(store, Store):
        return [a.key for a in store.alerts()]
    return store.keys()


@pytest.fixture
def seed(seeds) -> str:
    return seeds["ionect-privacy-policy"]


def test_unchanged_bytes_and_cosmetic_edits_store_nothing(seed):
    store = MemoryStore()
    run = Runner(store)
    assert run.check(page(seed)) == "new"
    assert run.check(page(seed)) == "unchanged"
    cosmetic = seed.replace("We ", "We  ").replace('"', "\u201c")
    assert run.check(page(cosmetic)) == "unchanged" and len(store.versions) == 1
    assert run.check(page(seed.replace("within three years", "within five years"))) == "changed"
    assert store.keys() == ["policywatch-1-v2-hook"] and [v.level for v in store.versions] == [None, "material"]


def test_a_flip_flopping_page_alerts_once_then_says_unstable(seed):
    store = MemoryStore()
    run = Runner(store)
    a, b = seed, seed.replace("within three years", "within five years")
    for text in (a, b, a, b, a):
        run.check(page(text))
    assert run.outcomes == ["new", "changed", "changed", "changed", "changed"] and len(store.versions) == 5
    assert store.keys() == ["policywatch-1-v2-hook", "policywatch-1-unstable-v4-hook"]
    assert [a.notice for a in store.alerts] == [None, "unstable"]


def test_broken_after_persistent_failures_and_recovered_once(seed):
    store = MemoryStore()
    run = Runner(store)
    run.check(page(seed))
    run.check(page(seed, status=404))
    assert store.keys() == []  # a first version alerts nobody, one failure is no broken watch
    run.check(page(seed, status=404))
    run.check(page(seed, status=404))
    run.check(page(seed))
    notices = [a.notice for a in store.alerts]
    assert notices == ["broken", "recovered"]
    assert "failed 2 checks in a row (last: HTTP 404)" in store.alerts[0].message


def test_transient_faults_wait_three_times_as_long(seed):
    store = MemoryStore()
    run = Runner(store)
    run.check(page(seed))
    for _ in range(5):
        run.check(failure("timed out (crawler.timeout)", transient=True))
    assert store.alerts == []
    run.check(page(seed, status=503))  # the sixth fault in a row: three times broken_after
    assert [a.notice for a in store.alerts] == ["broken"]
    run.check(failure("connection refused", transient=True))
    run.check(page(seed, status=404))
    assert [a.notice for a in store.alerts] == ["broken"]  # once per run of failures
    run.check(page(seed))
    assert [a.notice for a in store.alerts] == ["broken", "recovered"]


def test_a_new_extractor_rereads_the_stored_snapshot_without_an_alert(seed):
    store = MemoryStore()
    run = Runner(store)
    run.check(page(seed))
    store.versions[-1] = replace(store.versions[-1], extractor="pw-0", fingerprint="read-the-old-way")
    assert run.check(page(seed)) == "unchanged"  # the same bytes: nothing to read
    store.watches[1].body_sha256 = None
    assert run.check(page(seed)) == "unchanged"  # read again: equal to the snapshot re-read the new way
    assert [v.kind for v in store.versions] == ["fetched", "reextracted"] and store.alerts == []


def test_the_fake_and_the_real_store_agree(seed, tmp_path):
    scenario = [
        page(seed),
        page(seed),
        page(seed.replace("within three years", "within five years")),
        page(seed),
        page(seed, status=404),
        page(seed, status=404),
        failure("timed out", transient=True),
        page(seed),
    ]
    real = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    real.sync_watches([("Ionect", URL)])
    try:
        results = []
        for store in (MemoryStore(), real):
            run = Runner(store)
            for result in scenario:
                run.check(replace(result, started_at=datetime.now(UTC)))
            results.append((run.outcomes, [k.split("-")[2] for k in alert_keys(store)]))
        fake, sql = results
        assert fake == sql
        assert fake == (
            ["new", "unchanged", "changed", "changed", "failed", "failed", "failed", "unchanged"],
            ["v2", "broken", "recovered"],
        )  # the return to v1 is kept, not alerted
    finally:
        real.close()
