"""`policywatch run`: scheduled passes, continuous alert delivery, reloads and a clean shutdown.

One process hosts APScheduler's AsyncIOScheduler on the asyncio reactor and runs Scrapy crawls
in-process. A short tick claims the watches that are due (leases in the database, so a crashed
run's watches come back) and checks them in one pass; ticks never overlap, but a slow pass runs
on beside the next one (see ``_pass``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policywatch import memory
from policywatch.config import Config, ConfigError, load_config
from policywatch.outage import StorageOutage

log = logging.getLogger("policywatch.daemon")

TICK_SECONDS = 1.0  # how often due watches are looked for (a cheap indexed query)
DELIVER_SECONDS = 15.0  # how often the alert outbox is looked at between passes
REMIND_SECONDS = 3600.0  # how often open objection deadlines are looked at (a reminder is due by the day)
SHUTDOWN_GRACE = 8.0  # seconds an in-flight pass may take to finish after SIGTERM
MAX_PASSES = 2  # passes in flight at once: a slow one, and the next for the watches that fell due meanwhile
HOUSEKEEPING_DELAY = 60.0  # seconds after start before the first prune (or `housekeeping.every` if shorter)


ROLES = ("all", "worker", "scheduler")


def lease_for(config: Config) -> timedelta:
    """How long a claim holds (renewed while its pass runs); a crashed holder's watches return after it."""
    if config.daemon.lease is not None:
        return config.daemon.lease
    per_request = config.crawler.timeout * (config.crawler.retries + 1) + 5
    return timedelta(seconds=max(60.0, per_request * 3))


def hold_sqlite_lock(database: str):
    """One daemon per SQLite file: a second one would deliver and schedule beside the first. Returns
    the open lock file (held until the process ends), or None for a server database."""
    import fcntl

    from sqlalchemy.engine import make_url

    url = make_url(database)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database).resolve().with_name(Path(url.database).name + ".run.lock")
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise RuntimeError(
            f"another `policywatch run` ({holder}) is already using {url.database}: one daemon "
            "per SQLite database (use PostgreSQL to run several)"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
    handle.flush()
    return handle


class Daemon:
    """``role``: "all" (one machine), "worker" (checks only; several may share a database) or
    "scheduler" (alert delivery and housekeeping only, one per database)."""

    def __init__(self, config_path: Path, role: str = "all") -> None:
        from policywatch.app import open_store

        self.role = role
        self.config_path = config_path
        self.config = load_config(config_path)
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.store = open_store(self.config, worker=self.owner)
        self.mtime = self._mtime()
        self.reload_requested = False
        self.stopping = False
        self.runners: list = []
        self.passes = 0
        self.scheduler = None
        self.pool = None  # processes that read pages, kept across passes once a pass is big enough
        self.delivering = asyncio.Lock()  # the after-pass and periodic deliveries take turns
        self.outage = StorageOutage()
        self.passes_running: set[asyncio.Task] = set()
        self.fetching: Counter = Counter()  # host -> fetches in flight in running passes: a new pass leaves them alone

    def _mtime(self) -> float:
        try:
            return self.config_path.stat().st_mtime
        except OSError:
            return 0.0

    # -- jobs ------------------------------------------------------------------------------------

    async def tick(self) -> None:
        if self.stopping or len(self.passes_running) >= MAX_PASSES or not self.writable("checks"):
            return
        async with self.writes("checks"):
            if self.reload_requested or self._mtime() != self.mtime:
                self.reload()
            now = datetime.now(UTC)
            worker = self.role == "worker"
            names = self.store.claim_due(
                self.owner,
                now,
                lease_for(self.config),
                limit=self.config.daemon.batch if worker else 100_000,
                exclusive_hosts=worker,
                skip_hosts=list(self.fetching),
            )
            if names:
                task = asyncio.ensure_future(self._pass(names))
                self.passes_running.add(task)
                task.add_done_callback(self.passes_running.discard)

    async def _pass(self, names: list[str]) -> None:
        """One pass, run beside the ticks: a page that is slow to fetch or to compare delays only its
        own pass, while watches falling due meanwhile start the next (at most MAX_PASSES at once)."""
        async with self.writes("checks"):
            try:
                await self.run_pass(names)
            except Exception:  # one pass's bug must not stop the next
                log.exception("pass failed watches=%d", len(names))
        if len(self.passes_running) <= 1:  # no other pass is comparing: memoised analysis can go
            from policywatch.monitor.compare import clear_caches

            clear_caches()  # it serves one comparison's two versions; kept, it grew RSS every pass
            self.store.release_idle()  # SQLite page caches grow with the file
            memory.trim()

    async def renew(self) -> None:
        if self.runners:
            async with self.writes("leases"):
                self.store.renew(self.owner, datetime.now(UTC) + lease_for(self.config))

    @contextlib.asynccontextmanager
    async def writes(self, job: str):
        """A job that writes: a database refusing writes is reported by :class:`StorageOutage`
        (a line a minute), not as a traceback a second; the job runs again at its next turn."""
        from policywatch.storage import StorageError

        try:
            yield
        except StorageError as exc:
            self.outage.failed(job, exc)

    def writable(self, job: str) -> bool:
        """During an outage a job first proves that the database takes a write again (a job with
        nothing to write would succeed and announce a recovery that has not happened)."""
        from policywatch.storage import StorageError

        if not self.outage.ongoing:
            return True
        try:
            self.store.probe_write()
        except StorageError as exc:
            self.outage.failed(job, exc)
            return False
        self.outage.succeeded()
        return True

    def reading_pool(self, size: int):
        from policywatch.app import POOL_MIN_TARGETS, reading_pool

        if self.pool is not None and getattr(self.pool, "_broken", False):  # a worker process died
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        if self.pool is None and size >= POOL_MIN_TARGETS:
            self.pool = reading_pool(self.config)
        return self.pool

    async def run_pass(self, names: list[str]) -> None:
        from policywatch.app import check_pass, check_targets
        from policywatch.monitor.pipeline import STORING_FAILED
        from policywatch.schedule import next_run
        from policywatch.storage import StorageError

        configured = {w.name: w for w in self.config.watches}
        watches = [configured[n] for n in names if n in configured]
        started = time.monotonic()
        checked: set[str] = set()
        try:
            # each check records its next due time and ends its lease in its own transaction
            summary = await check_pass(
                self.config,
                self.store,
                check_targets(self.store, watches),
                on_outcome=lambda o: checked.add(o.name),
                runner_holder=self.runners,
                schedule=lambda name, now: next_run(configured[name], now),
                pool=self.reading_pool(len(watches)),
                fetching=self.fetching,
            )
        finally:
            finished = datetime.now(UTC)
            # watches a shutdown interrupted (or whose check could not be stored) stay due: next run, first
            self.store.release(
                self.owner,
                {w.name: finished for w in watches if w.name not in checked}
                | {n: finished for n in names if n not in configured},
            )
        self.passes += 1
        c = summary.counts
        log.info(
            "pass=%d watches=%d new=%d changed=%d unchanged=%d failed=%d suspect=%d seconds=%.2f",
            self.passes,
            len(watches),
            c["new"],
            c["changed"],
            c["unchanged"] + c["not_modified"],
            c["failed"],
            c["suspect"],
            time.monotonic() - started,
        )
        refused = [error for _, error in summary.failures if error and error.startswith(STORING_FAILED)]
        if refused or summary.unstored:  # the database, not the watches: one line, as for any write it refuses
            reason = refused[0] if refused else f"{STORING_FAILED}: {summary.storage_error}"
            self.outage.failed("checks", StorageError(f"{len(refused) + summary.unstored} checks not stored: {reason}"))
        for name, error in summary.failures:
            if not (error and error.startswith(STORING_FAILED)):
                log.warning("check failed watch=%r error=%r", name, error)
        if c["changed"] and self.role != "worker":
            await self.deliver()

    async def deliver(self) -> None:
        from policywatch.alerting import deliver_alerts

        if not self.writable("alerts"):
            return
        report = None
        async with self.delivering, self.writes("alerts"):
            report = await asyncio.get_running_loop().run_in_executor(None, deliver_alerts, self.config, self.store)
        if report is None:
            return
        if report.sent or report.retrying or report.failed:
            log.info("alerts sent=%d retrying=%d failed=%d", report.sent, report.retrying, report.failed)
        for watch, destination, error in report.errors:
            log.warning("alert not delivered watch=%r destination=%r error=%r", watch, destination, error)

    async def remind(self) -> None:
        """Queue the reminders of objection deadlines that are near; the next delivery sends them."""
        from policywatch.alerting import remind_deadlines

        if not self.config.notice_days() or not self.writable("alerts"):
            return
        added = 0
        async with self.writes("alerts"):
            added = await asyncio.get_running_loop().run_in_executor(None, remind_deadlines, self.config, self.store)
        if added:
            log.info("deadline reminders queued=%d", added)

    async def housekeep(self) -> None:
        from policywatch.app import housekeep
        from policywatch.storage import StorageError

        try:
            report = await asyncio.get_running_loop().run_in_executor(None, housekeep, self.config, self.store)
        except StorageError as exc:
            self.outage.failed("housekeeping", exc)
            return
        except Exception as exc:  # a failed prune must not stop the checks; the next run tries again
            log.error("housekeeping failed: %s", exc)
            return
        log.info(
            "housekeeping snapshots=%d checks=%d blobs=%d bytes=%d",
            report.snapshots,
            report.checks,
            report.blobs,
            report.bytes,
        )

    def reload(self) -> None:
        self.reload_requested = False
        self.mtime = self._mtime()
        try:
            config = load_config(self.config_path)
        except ConfigError as exc:
            log.error("config not reloaded, keeping the running one: %s", exc)
            return
        missing = config.missing_secrets(os.environ)
        if missing:
            log.error("config not reloaded, keeping the running one: %s", "; ".join(missing))
            return
        if config.database != self.config.database:
            log.error("config not reloaded: changing the database needs a restart")
            return
        if config.crawler.read_processes != self.config.crawler.read_processes and self.pool is not None:
            self.pool.shutdown(wait=False)
            self.pool = None
        if (
            config.housekeeping.every != self.config.housekeeping.every
            and self.scheduler is not None
            and self.role != "worker"
        ):
            self.scheduler.reschedule_job(
                "housekeeping", trigger="interval", seconds=config.housekeeping.every.total_seconds()
            )
        self.config = config
        self.store.sync_watches([(w.name, w.url) for w in config.watches])
        self.apply_schedules()
        log.info("config reloaded watches=%d", len(config.watches))

    def apply_schedules(self) -> None:
        """A changed `every` or `cron` moves the next check now, not after one more under the old one."""
        from policywatch.schedule import rescheduled

        due = self.store.next_due()
        stored = {w.name: (w.last_checked_at, due.get(w.name)) for w in self.store.watches()}
        moved = self.store.reschedule(rescheduled(self.config.watches, stored))
        if moved:
            log.info("rescheduled watches=%d (their schedule changed)", moved)

    # -- lifecycle -------------------------------------------------------------------------------

    def reclaim_dead_leases(self) -> None:
        """Leases of a process on this host that no longer exists come back now, not at expiry."""
        host = socket.gethostname()
        for owner in self.store.lease_owners():
            name, _, pid = owner.rpartition(":")
            if name != host or not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                count = self.store.drop_leases(owner)
                log.info("reclaimed watches=%d from dead owner=%s", count, owner)
            except PermissionError:
                pass  # alive, owned by another user

    def run(self) -> int:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        from policywatch.crawler.runner import install_asyncio_reactor

        self.run_lock = hold_sqlite_lock(self.config.database)
        memory.limit_arenas()
        install_asyncio_reactor()
        from twisted.internet import reactor

        self.reclaim_dead_leases()
        if self.role != "scheduler":
            self.apply_schedules()

        loop = asyncio.get_event_loop()
        scheduler = AsyncIOScheduler(event_loop=loop, timezone=UTC)
        if self.role in ("all", "worker"):
            scheduler.add_job(
                self.tick,
                "interval",
                seconds=TICK_SECONDS,
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
                id="passes",
            )
            scheduler.add_job(
                self.renew,
                "interval",
                seconds=max(2.0, lease_for(self.config).total_seconds() / 3),
                max_instances=1,
                coalesce=True,
                id="leases",
            )
        if self.role in ("all", "scheduler"):
            scheduler.add_job(
                self.deliver, "interval", seconds=DELIVER_SECONDS, max_instances=1, coalesce=True, id="alerts"
            )
            scheduler.add_job(
                self.remind,
                "interval",
                seconds=REMIND_SECONDS,
                max_instances=1,
                coalesce=True,
                id="reminders",
                next_run_time=datetime.now(UTC) + timedelta(seconds=DELIVER_SECONDS / 3),
            )
            scheduler.add_job(
                self.housekeep,
                "interval",
                seconds=self.config.housekeeping.every.total_seconds(),
                max_instances=1,
                coalesce=True,
                id="housekeeping",
                next_run_time=datetime.now(UTC)
                + min(timedelta(seconds=HOUSEKEEPING_DELAY), self.config.housekeeping.every),
            )
        self.scheduler = scheduler

        def stop(signame: str) -> None:
            if self.stopping:
                return
            self.stopping = True
            log.info("stopping signal=%s", signame)
            scheduler.shutdown(wait=False)
            asyncio.ensure_future(self._finish())

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop, sig.name)
        loop.add_signal_handler(signal.SIGHUP, lambda: setattr(self, "reload_requested", True))

        def start() -> None:
            scheduler.start()
            log.info(
                "started role=%s owner=%s watches=%d config=%s",
                self.role,
                self.owner,
                len(self.config.watches),
                self.config_path,
            )

        reactor.callWhenRunning(start)
        reactor.run(installSignalHandlers=False)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.store.close()
        log.info("stopped")
        return 0

    async def _finish(self) -> None:
        """Let an in-flight pass finish for a bounded time, then stop its crawl; leave nothing half-written."""
        from twisted.internet import reactor

        deadline = time.monotonic() + SHUTDOWN_GRACE
        while self.runners and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        from policywatch.crawler.runner import stop_crawl

        for runner in list(self.runners):
            await stop_crawl(runner)
        while (self.runners or self.passes_running) and time.monotonic() < deadline + 2:
            await asyncio.sleep(0.1)
        reactor.stop()
