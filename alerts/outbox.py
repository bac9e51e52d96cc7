"""Delivering the outbox: every due alert to its destination, retried with exponential backoff.

An alert is marked sent only after its destination accepted it; a crash in between means it is sent
again with the same Message-ID / Idempotency-Key, which receivers use to de-duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from alerts.content import AlertContent, build_content
from alerts.digest import digest_content, due_at
from alerts.errors import DeliveryError
from storage import Store
from storage.errors import StorageError
from storage.records import AlertRecord

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(seconds=60)
LONGEST_WAIT = timedelta(hours=1)


def retry_delay(attempts_so_far: int) -> timedelta:
    """60 s, 2 min, 4 min, ... capped at an hour: about 8 hours of trying in all."""
    return min(FIRST_RETRY * (2 ** attempts_so_far), LONGEST_WAIT)


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
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    everything_pending: bool = False,
) -> DeliveryReport:
    """Send the due alerts (all pending ones when ``everything_pending``, as a manual run does)."""
    report = DeliveryReport()
    pending = store.alerts("pending", due_before=None if everything_pending else now())
    digests: dict[str, list[AlertRecord]] = {}
    for alert in pending:
        if getattr(destinations.get(alert.destination), "digest", None) and alert.kind == "change":
            digests.setdefault(alert.destination, []).append(alert)
    for name, group in digests.items():
        period = destinations[name].digest
        if everything_pending or due_at(min(a.created_at for a in group), period) <= now():
            _deliver_digest(store, destinations[name], group, urls, viewer_url, now(), report)
    grouped = {a.id for group in digests.values() for a in group}
    for alert in (a for a in pending if a.id not in grouped):
        destination = destinations.get(alert.destination)
        try:
            if destination is None:
                raise DeliveryError(f"destination {alert.destination!r} is not configured any more", permanent=True)
            content: AlertContent = build_content(store, alert, url=urls.get(alert.watch_name, ""), viewer_url=viewer_url)
            destination.send(content)
        except (DeliveryError, StorageError) as exc:
            _failed(store, alert, exc, now(), report)
        except Exception as exc:  # a bug in one alert must not block the others
            log.exception("alert %s failed unexpectedly", alert.key)
            _failed(store, alert, DeliveryError(f"{exc.__class__.__name__}: {exc}"), now(), report)
        else:
            store.alert_sent(alert.id, now())
            report.sent += 1
    return report


def _deliver_digest(store: Store, destination, group: list[AlertRecord], urls, viewer_url, at: datetime,
                    report: DeliveryReport) -> None:
    """One email for the whole group; every alert in it is marked sent (or failed) together."""
    try:
        contents = [build_content(store, a, url=urls.get(a.watch_name, ""), viewer_url=viewer_url) for a in group]
        destination.send(digest_content(contents, destination.name, at))
    except (DeliveryError, StorageError) as exc:
        for alert in group:
            _failed(store, alert, exc, at, report)
        return
    for alert in group:
        store.alert_sent(alert.id, at)
        report.sent += 1


def _failed(store: Store, alert: AlertRecord, exc: Exception, at: datetime, report: DeliveryReport) -> None:
    permanent = getattr(exc, "permanent", False)
    give_up = permanent or alert.attempts + 1 >= MAX_ATTEMPTS
    store.alert_failed(alert.id, at, str(exc), retry_at=None if give_up else at + retry_delay(alert.attempts))
    report.errors.append((alert.watch_name, alert.destination, str(exc)))
    if give_up:
        report.failed += 1
    else:
        report.retrying += 1
    log.warning("alert for %s to %s: %s%s", alert.watch_name, alert.destination, exc, "" if give_up else " (will retry)")
