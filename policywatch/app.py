"""Wiring: config + store + crawler + pipeline for one pass."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime

from monitor.fetch import CheckTarget, FetchResult
from monitor.pipeline import CheckOutcome, CheckPipeline, PassSummary
from monitor.reading import Reading, known_text, read_page
from policywatch.config import Config, WatchConfig
from storage import Store
from storage.records import HousekeepingReport

log = logging.getLogger("policywatch.check")


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
            latest_text_sha256=rec.latest_text_sha256,
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
    pool: Executor | None = None,
) -> PassSummary:
    """Fetch and record every target once; shared by `check` and the daemon's passes.

    ``schedule(name, now)``: when a watch is next due, recorded with its check (the daemon's case).
    ``pool``: worker processes that read (extract) pages while this one keeps fetching; without
    one, a pass of many pages makes its own (``crawler.read_processes``)."""
    from crawler.runner import crawl
    from policywatch.alerting import notice_router, router

    pipeline = CheckPipeline(store, route=router(config), notice_route=notice_router(config),
                             broken_after=config.alerts.broken_after, schedule=schedule, batch=WRITE_BATCH)
    summary = PassSummary()
    pending = {t.watch_id for t in targets}
    own_pool = pool is None and len(targets) >= POOL_MIN_TARGETS
    if own_pool:
        pool = reading_pool(config)
    if pool is not None:
        log.info("reading pages in %d worker processes", config.crawler.read_processes)
    reading: set[asyncio.Task] = set()

    def finish(target: CheckTarget, result: FetchResult, page: Reading | None) -> None:
        outcome = pipeline.process(target, result, page)
        pending.discard(target.watch_id)
        summary.add(outcome.name, outcome.outcome, outcome.error)
        if on_outcome:
            on_outcome(outcome)

    def sink(target: CheckTarget, result: FetchResult) -> asyncio.Task | None:
        if pool is None or not pipeline.needs_reading(target, result):
            finish(target, result, None)
            return None

        async def read_and_finish() -> None:
            try:
                page = await asyncio.wrap_future(pool.submit(read_page, result.body, result.content_type,
                                                             target.select, target.remove, pack_new=True,
                                                             **known_text(target)))
            except Exception as exc:  # a worker process died: this check fails, the next pass retries
                page = Reading(error=f"reading the page failed: {exc.__class__.__name__}: {exc}")
            finish(target, result, page)

        task = asyncio.ensure_future(read_and_finish())
        reading.add(task)
        task.add_done_callback(reading.discard)
        return task  # the spider waits for it: Scrapy then holds back requests while pages wait to be read

    try:
        await crawl(targets, config.crawler, sink, runner_holder=runner_holder)
        while reading:
            await asyncio.gather(*list(reading), return_exceptions=True)
    finally:
        pipeline.flush()
        if own_pool and pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        for target in targets:
            if target.watch_id in pending:
                summary.add(target.name, "failed", "not checked: the pass was interrupted")
    return summary


WRITE_BATCH = 200  # unchanged checks written per transaction
POOL_MIN_TARGETS = 40  # smaller passes read in-process: starting workers costs more than it saves


def reading_pool(config: Config) -> Executor | None:
    """Processes that read pages (fresh interpreters from a fork server: never forked from a
    process running a reactor and its threads); None when ``crawler.read_processes`` is 0."""
    count = config.crawler.read_processes
    if count < 1:
        return None
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("forkserver"))


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
