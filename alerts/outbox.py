"""Delivering the outbox: every due alert to its destination, retried with exponential backoff.

Each alert is claimed (status "sending" with a lease, in one statement) before its destination is
contacted, so two deliverers (the daemon's jobs, two processes, several machines) never send the
same alert. It is marked sent only after its destination accepted it; a crash in between (or a
database that refuses the mark) means it is sent once more when the lease runs out (at once when the
claiming process on this machine is gone), with the same Message-ID / Idempotency-Key, which
receivers use to de-duplicate.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from policywatch.alerts.content import AlertContent, build_content
from policywatch.alerts.digest import digest_content, due_at
from policywatch.alerts.errors import DeliveryError
from policywatch.storage import Store
from policywatch.storage.errors import StorageError
from policywatch.storage.records import AlertRecord

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(seconds=60)
LONGEST_WAIT = timedelta(hours=1)
CLAIM_LEASE = timedelta(minutes=10)  # longer than any one send (connect and total deadlines included)


def retry_delay(attempts_so_far: int) -> timedelta:
    """60 s, 2 min, 4 min, ... capped at an hour: MAX_ATTEMPTS (12) attempts span about 6 hours."""
    return min(FIRST_RETRY * (2**attempts_so_far), LONGEST_WAIT)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (watch, destination, error)

    def line(self) -> str:
        return f"alerts: {self.sent} sent, {self.retrying} to retry, {self.failed} failed"


def deliver(
    store: Store,
    destinations: Mapping[str, object],
    *,
    urls: Mapping[str, str],
    viewer_url: str | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    everything_pending: bool = False,
    notice_days: Mapping[str, tuple[int, int]] | None = None,
) -> DeliveryReport:
    """Send the due alerts (all pending ones when ``everything_pending``, as a manual run does).
    ``notice_days``: watch name -> (objection period, reminder) in days, for the watches that have one."""
    notice_days = notice_days or {}
    report = DeliveryReport()
    at = now()
    pending = [
        a
        for a in store.claimable_alerts(at, due_only=not everything_pending)
        if a.status == "pending" or a.next_attempt_at <= at or owner_is_gone(a.claimed_by)
    ]
    digests: dict[str, list[AlertRecord]] = {}
    for alert in pending:
        if getattr(destinations.get(alert.destination), "digest", None) and alert.kind == "change":
            digests.setdefault(alert.destination, []).append(alert)
    for name, group in digests.items():
        period = destinations[name].digest
        if everything_pending or due_at(min(a.created_at for a in group), period) <= now():
            claimed = [a for a in group if _claim(store, a, now())]
            if claimed:
                _deliver_digest(store, destinations[name], claimed, urls, viewer_url, now(), report, notice_days)
    grouped = {a.id for group in digests.values() for a in group}
    for alert in (a for a in pending if a.id not in grouped):
        if not _claim(store, alert, now()):
            continue
        destination = destinations.get(alert.destination)
        try:
            if destination is None:
                raise DeliveryError(f"destination {alert.destination!r} is not configured any more", permanent=True)
            content: AlertContent = build_content(
                store,
                alert,
                url=urls.get(alert.watch_name, ""),
                viewer_url=viewer_url,
                notice_days=notice_days.get(alert.watch_name),
                today=at.date(),
            )
            destination.send(content)
        except (DeliveryError, StorageError) as exc:
            _failed(store, alert, exc, now(), report)
        except Exception as exc:  # a bug in one alert must not block the others
            log.exception("alert %s failed unexpectedly", alert.key)
            _failed(store, alert, DeliveryError(f"{exc.__class__.__name__}: {exc}"), now(), report)
        else:
            _sent(store, alert, now(), report)
    return report


OWNER = f"{socket.gethostname()}:{os.getpid()}"


def owner_is_gone(owner: str | None) -> bool:
    """Whether a claim's holder was a process on this machine that no longer runs (killed between
    sending and recording): its alerts go again now, not when the lease runs out."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _claim(store: Store, alert: AlertRecord, at: datetime) -> bool:
    try:
        return store.claim_alert(alert, OWNER, at + CLAIM_LEASE)
    except StorageError as exc:
        log.warning("alert for %s to %s not claimed: %s (tried again later)", alert.watch_name, alert.destination, exc)
        return False


def _sent(store: Store, alert: AlertRecord, at: datetime, report: DeliveryReport) -> None:
    """Record a delivery; if the database refuses, the claim's lease runs out and the alert goes once
    more with the same key (never more: the next deliverer claims it again first)."""
    try:
        store.alert_sent(alert.id, at)
    except StorageError as exc:
        log.error(
            "alert for %s to %s was sent but could not be marked sent: %s", alert.watch_name, alert.destination, exc
        )
    report.sent += 1


def _deliver_digest(
    store: Store,
    destination,
    group: list[AlertRecord],
    urls,
    viewer_url,
    at: datetime,
    report: DeliveryReport,
    notice_days: Mapping[str, tuple[int, int]],
) -> None:
    """One email for the whole group; every alert in it is marked sent (or failed) together."""
    try:
        contents = [
            build_content(
                store,
                a,
                url=urls.get(a.watch_name, ""),
                viewer_url=viewer_url,
                notice_days=notice_days.get(a.watch_name),
                today=at.date(),
            )
            for a in group
        ]
        destination.send(digest_content(contents, destination.name, at))
    except (DeliveryError, StorageError) as exc:
        for alert in group:
            _failed(store, alert, exc, at, report)
        return
    for alert in group:
        _sent(store, alert, at, report)


def _failed(store: Store, alert: AlertRecord, exc: Exception, at: datetime, report: DeliveryReport) -> None:
    permanent = getattr(exc, "permanent", False)
    give_up = permanent or alert.attempts + 1 >= MAX_ATTEMPTS
    wait = retry_delay(alert.attempts)
    asked = getattr(exc, "retry_after", None)
    if asked:  # the receiver said when (429, 503): never sooner, and not later than a day
        wait = max(wait, timedelta(seconds=min(asked, 86_400)))
    try:
        store.alert_failed(alert.id, at, str(exc), retry_at=None if give_up else at + wait)
    except StorageError as db_exc:  # the claim's lease runs out and the alert is tried again then
        log.error(
            "alert for %s to %s: %s (and recording it failed: %s)", alert.watch_name, alert.destination, exc, db_exc
        )
    report.errors.append((alert.watch_name, alert.destination, str(exc)))
    if give_up:
        report.failed += 1
    else:
        report.retrying += 1
    log.warning(
        "alert for %s to %s: %s%s", alert.watch_name, alert.destination, exc, "" if give_up else " (will retry)"
    )
