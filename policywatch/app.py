"""Wiring: config + store + crawler + pipeline for one pass."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from monitor.fetch import CheckTarget, FetchResult
from monitor.pipeline import CheckOutcome, CheckPipeline, PassSummary
from policywatch.config import Config, WatchConfig
from storage import Store
from storage.records import HousekeepingReport


def open_store(config: Config, worker: str | None = None) -> Store:
    store = Store(config.database, worker=worker)
    store.sync_watches([(w.name, w.url) for w in config.watches])
    return store


def housekeep(config: Config, store: Store) -> HousekeepingReport:
    from storage.store import utcnow

    hk = config.housekeeping
    return store.housekeep(utcnow(), keep_failed_snapshots=hk.keep_failed_snapshots, keep_checks=hk.keep_checks)


def check_targets(store: Store, watches: Sequence[WatchConfig]) -> list[CheckTarget]:
    by_name = {w.name: w for w in watches}
    return [
        CheckTarget(
            watch_id=rec.id,
            name=rec.name,
            url=rec.url,
            etag=rec.etag,
            last_modified=rec.last_modified,
            body_sha256=rec.body_sha256,
            latest_fingerprint=rec.latest_fingerprint,
            latest_extractor=rec.latest_extractor,
            select=by_name[rec.name].select,
            remove=by_name[rec.name].remove,
            consecutive_failures=rec.consecutive_failures,
        )
        for rec in store.watches(by_name)
    ]


async def check_pass(
    config: Config,
    store: Store,
    targets: Sequence[CheckTarget],
    on_outcome: Callable[[CheckOutcome], None] | None = None,
    runner_holder: list | None = None,
    schedule: Callable[[str, datetime], datetime] | None = None,
) -> PassSummary:
    """Fetch and record every target once; shared by `check` and the daemon's passes.

    ``schedule(name, now)``: when a watch is next due, recorded with its check (the daemon's case)."""
    from crawler.runner import crawl
    from policywatch.alerting import notice_router, router

    pipeline = CheckPipeline(store, route=router(config), notice_route=notice_router(config),
                             broken_after=config.alerts.broken_after, schedule=schedule)
    summary = PassSummary()
    pending = {t.watch_id for t in targets}

    def sink(target: CheckTarget, result: FetchResult) -> None:
        outcome = pipeline.process(target, result)
        pending.discard(target.watch_id)
        summary.add(outcome.name, outcome.outcome, outcome.error)
        if on_outcome:
            on_outcome(outcome)

    try:
        await crawl(targets, config.crawler, sink, runner_holder=runner_holder)
    finally:
        for target in targets:
            if target.watch_id in pending:
                summary.add(target.name, "failed", "not checked: the pass was interrupted")
    return summary


def run_check_pass(
    config: Config,
    store: Store,
    names: tuple[str, ...] = (),
    on_outcome: Callable[[CheckOutcome], None] | None = None,
) -> PassSummary:
    """Check the named watches (all when none are named) once, recording every outcome."""
    from crawler.runner import run_blocking

    targets = check_targets(store, config.select_watches(names))
    result: list[PassSummary] = []

    async def main() -> None:
        result.append(await check_pass(config, store, targets, on_outcome))

    run_blocking(main)
    return result[0]
