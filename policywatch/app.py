"""Wiring: config + store + crawler + pipeline for one pass."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime

from policywatch.config import Config, WatchConfig
from policywatch.monitor.budget import compare_in_reader
from policywatch.monitor.fetch import CheckTarget, FetchResult
from policywatch.monitor.pipeline import CheckOutcome, CheckPipeline, Compared, PassSummary
from policywatch.monitor.processes import die_with, worker_context
from policywatch.monitor.reading import Reading, known_text, read_page
from policywatch.storage import Store
from policywatch.storage.hosts import host_key
from policywatch.storage.records import HousekeepingReport

log = logging.getLogger("policywatch.check")


def open_store(config: Config, worker: str | None = None) -> Store:
    store = Store(config.database, worker=worker)
    store.sync_watches([(w.name, w.url) for w in config.watches])
    return store


def housekeep(config: Config, store: Store) -> HousekeepingReport:
    from policywatch.storage.store import utcnow

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
            render=by_name[rec.name].render,
            wait_for=by_name[rec.name].wait_for,
            consecutive_failures=rec.consecutive_failures,
            persistent_failures=rec.persistent_failures,
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
    fetching: Counter | None = None,
) -> PassSummary:
    """Fetch and record every target once; shared by `check` and the daemon's passes.

    ``fetching``: host -> fetches of this pass not answered yet, kept up to date, so that a pass
    started beside this one leaves those hosts alone (their limits and Crawl-delay hold).

    ``schedule(name, now)``: when a watch is next due, recorded with its check (the daemon's case).
    ``pool``: worker processes that read (extract) pages while this one keeps fetching; without
    one, a pass of many pages makes its own (``crawler.read_processes``)."""
    from policywatch.alerting import notice_router, router
    from policywatch.crawler.runner import crawl

    pipeline = CheckPipeline(
        store,
        route=router(config),
        notice_route=notice_router(config),
        broken_after=config.alerts.broken_after,
        schedule=schedule,
        batch=WRITE_BATCH,
    )
    summary = PassSummary()
    pending = {t.watch_id for t in targets}
    own_pool = pool is None and len(targets) >= POOL_MIN_TARGETS
    if own_pool:
        pool = reading_pool(config)
    if pool is not None:
        log.info("reading pages in %d worker processes", config.crawler.read_processes)
    reading: set[asyncio.Task] = set()
    # comparing and storing run on one thread of their own: a costly page never stalls the fetching
    # of other watches on the event loop, and the pipeline's writes stay in order
    checking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policywatch-check")
    loop = asyncio.get_running_loop()

    fetching = Counter() if fetching is None else fetching
    unanswered = {t.watch_id: host_key(t.url) for t in targets}
    fetching.update(unanswered.values())

    def answered(target: CheckTarget) -> None:
        if target.watch_id in unanswered:
            host = unanswered.pop(target.watch_id)
            fetching[host] -= 1
            if fetching[host] <= 0:
                del fetching[host]

    async def finish(
        target: CheckTarget, result: FetchResult, page: Reading | None, compared: Compared | None = None
    ) -> None:
        outcome = await loop.run_in_executor(checking, pipeline.process, target, result, page, compared)
        pending.discard(target.watch_id)
        summary.add(outcome.name, outcome.outcome, outcome.error)
        if on_outcome:
            on_outcome(outcome)

    async def compare_apart(target: CheckTarget, page: Reading) -> Compared | None:
        """A new text is compared in a reading process too: comparing is most of a changed page's
        CPU, and the checking thread then only stores. None: ``process`` compares it itself."""
        assert pool is not None
        base = await loop.run_in_executor(checking, pipeline.baseline, target, page)
        if base is None or page.extracted is None:
            return None
        try:
            made = await asyncio.wrap_future(
                pool.submit(compare_in_reader, base.text, base.title, page.extracted.text, page.extracted.title)
            )
        except Exception as exc:  # a worker process died: compared again where it is stored
            log.debug("comparing %s apart failed: %s", target.name, exc)
            return None
        if made is None:
            return None
        log.debug("%s compared in a reading process", target.name)
        return Compared(base.version_id, *made)

    def track(coro) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        reading.add(task)
        task.add_done_callback(reading.discard)
        return task

    def sink(target: CheckTarget, result: FetchResult) -> asyncio.Task | None:
        answered(target)
        if not pipeline.needs_reading(target, result):
            track(finish(target, result, None))
            return None
        if pool is None:
            return track(finish(target, result, None))  # the spider waits: Scrapy holds back requests meanwhile

        async def read_and_finish() -> None:
            try:
                page = await asyncio.wrap_future(
                    pool.submit(
                        read_page,
                        result.body,
                        result.content_type,
                        target.select,
                        target.remove,
                        pack_new=True,
                        **known_text(target),
                    )
                )
            except Exception as exc:  # a worker process died: this check fails, the next pass retries
                page = Reading(error=f"reading the page failed: {exc.__class__.__name__}: {exc}")
            await finish(target, result, page, await compare_apart(target, page))

        return track(
            read_and_finish()
        )  # the spider waits for it: Scrapy then holds back requests while pages wait to be read

    try:
        await crawl(targets, config.crawler, sink, runner_holder=runner_holder)
        while reading:
            await asyncio.gather(*list(reading), return_exceptions=True)
        await loop.run_in_executor(checking, pipeline.flush)
    finally:
        if pending or reading:  # interrupted: write what was checked, after any check still running
            checking.submit(pipeline.flush)
        checking.shutdown(wait=False)
        if own_pool and pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        for target in targets:
            answered(target)
            if target.watch_id in pending:
                summary.add(target.name, "failed", "not checked: the pass was interrupted")
        summary.unstored, summary.storage_error = pipeline.unstored, pipeline.storage_error
    return summary


WRITE_BATCH = 200  # unchanged checks written per transaction
POOL_MIN_TARGETS = 40  # smaller passes read in-process: starting workers costs more than it saves


def reading_pool(config: Config) -> Executor | None:
    """Processes that read pages (fresh interpreters from a fork server: never forked from a
    process running a reactor and its threads); None when ``crawler.read_processes`` is 0."""
    count = config.crawler.read_processes
    if count < 1:
        return None
    return ProcessPoolExecutor(
        max_workers=count,
        mp_context=worker_context(),
        initializer=die_with,
        initargs=(os.getpid(),),
    )


def run_check_pass(
    config: Config,
    store: Store,
    names: tuple[str, ...] = (),
    on_outcome: Callable[[CheckOutcome], None] | None = None,
) -> PassSummary:
    """Check the named watches (all when none are named) once, recording every outcome."""
    from policywatch.crawler.runner import run_blocking
    from policywatch.schedule import next_run

    watches = {w.name: w for w in config.select_watches(names)}
    targets = check_targets(store, list(watches.values()))
    result: list[PassSummary] = []

    async def main() -> None:  # each check also sets when the daemon next checks that watch
        result.append(
            await check_pass(
                config, store, targets, on_outcome, schedule=lambda name, now: next_run(watches[name], now)
            )
        )

    run_blocking(main)
    return result[0]
