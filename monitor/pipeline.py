"""The check pipeline: fetch result -> extracted text -> compare with the latest version -> record.

Fetch failures become failed checks, never versions. A version is stored only when the
meaning-bearing text (see :mod:`monitor.canonical`) differs from the latest one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from policywatch.monitor.budget import compare_texts
from policywatch.monitor.compare import first_page_suspect_reason
from policywatch.monitor.extract import EXTRACTOR_VERSION
from policywatch.monitor.fetch import CheckTarget, FetchResult
from policywatch.monitor.reading import Reading, known_text, read_page
from policywatch.monitor.reextract import reextract_latest
from policywatch.storage.errors import DuplicateVersionError, StorageError
from policywatch.storage.interfaces import PipelineStore
from policywatch.storage.records import AlertSpec, NewVersion, SnapshotData, UnchangedCheck
from policywatch.storage.vocabulary import AlertKind, Notice, Outcome

log = logging.getLogger(__name__)

OUTCOMES = tuple(Outcome)
TRANSIENT_PATIENCE = 3  # transient faults make a watch broken only after this many times broken_after


@dataclass
class PassSummary:
    """Counts for one pass; ``line()`` is the contract's summary line."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    failures: list[tuple[str, str]] = field(default_factory=list)
    unstored: int = 0  # checks done but not written (the database refused): their watches stay due
    storage_error: str | None = None

    def add(self, name: str, outcome: str, error: str | None = None) -> None:
        self.counts[outcome] += 1
        if outcome in (Outcome.FAILED, Outcome.SUSPECT):
            self.failures.append((name, f"{'suspect: ' if outcome == 'suspect' else ''}{error or 'unknown error'}"))

    @property
    def checked(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        c = self.counts
        return (
            f"{self.checked} checked, {c['new']} new, {c['changed']} changed, "
            f"{c['unchanged'] + c['not_modified']} unchanged, {c['failed']} failed"
            + (f", {c['suspect']} suspect" if c["suspect"] else "")
            + (f", {self.unstored} not stored" if self.unstored else "")
        )


@dataclass(frozen=True)
class Baseline:
    """The version a new reading of a watch is compared with."""

    version_id: int
    text: str
    title: str | None


@dataclass(frozen=True)
class Compared:
    """A comparison made before ``process`` (in a reading process), with the version it was made against."""

    version_id: int
    level: str | None
    events: list[dict]


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    outcome: str
    error: str | None = None
    version_number: int | None = None


Router = Callable[[str, "str | None"], list[str]]
NoticeRouter = Callable[[str], list[str]]
FLIP_WINDOW = 6  # versions looked back at to recognise a page alternating between versions
MAX_ERROR = 500  # characters of an unexpected error kept with its check
STORING_FAILED = "storing the check failed"  # how a check the database refused begins its error


class CheckPipeline:
    """``route(watch name, level)`` names the alert destinations of a new version, ``notice_route(name)``
    those of notices (broken, recovered, unstable); both default to none."""

    def __init__(
        self,
        store: PipelineStore,
        route: Router | None = None,
        notice_route: NoticeRouter | None = None,
        broken_after: int = 3,
        schedule: Callable[[str, datetime], datetime] | None = None,
        batch: int = 1,
    ) -> None:
        self.store = store
        self.route = route
        self.notice_route = notice_route
        self.broken_after = broken_after
        self.schedule = schedule  # (watch name, now) -> when it is next due; recorded with the check
        self.batch = batch  # unchanged checks written together, up to this many (call flush() at the end)
        self._pending: list[UnchangedCheck] = []
        self.storage_errors = 0
        self.unstored = 0  # unchanged checks whose batched write failed
        self.storage_error: str | None = None

    def flush(self) -> None:
        """Write the unchanged checks still waiting. A failure loses only those rows: their watches
        stay due (or leased until expiry) and are simply checked again."""
        pending, self._pending = self._pending, []
        try:
            self.store.record_unchanged_many(pending)
        except StorageError as exc:
            log.error("could not record %d unchanged checks: %s", len(pending), exc)
            self.unstored += len(pending)
            self.storage_error = str(exc)

    def _unchanged(self, target: CheckTarget, result: FetchResult, outcome: str, validators: dict) -> CheckOutcome:
        alerts = self._recovered(target, result.started_at)
        if alerts or self.batch <= 1:
            self.store.record_unchanged(
                target.watch_id,
                outcome=outcome,
                http_status=result.status,
                alerts=alerts,
                started_at=result.started_at,
                duration_ms=result.duration_ms,
                **validators,
                **self._due(target),
            )
        else:
            self._pending.append(
                UnchangedCheck(
                    target.watch_id,
                    result.started_at,
                    result.duration_ms,
                    outcome,
                    result.status,
                    **validators,
                    **self._due(target),
                )
            )
            if len(self._pending) >= self.batch:
                self.flush()
        return CheckOutcome(target.name, outcome)

    def _due(self, target: CheckTarget) -> dict:
        return {"next_due_at": self.schedule(target.name, datetime.now(UTC))} if self.schedule else {}

    def _notices(self, target: CheckTarget, notice: Notice, message: str, key: str) -> list[AlertSpec]:
        if not self.notice_route:
            return []
        return [
            AlertSpec(
                destination=d, kind=AlertKind.NOTICE, level="minor", key=f"{key}-{d}", message=message, notice=notice
            )
            for d in self.notice_route(target.name)
        ]

    def _now_broken(self, target: CheckTarget, transient: bool) -> bool:
        """Whether this failure makes the watch broken, once per run of failures: at broken_after
        failures that are no transient fault (a 404, a refusal, an error page), or when transient
        faults (timeouts, 5xx, 429) have lasted TRANSIENT_PATIENCE times as long."""
        failures = target.consecutive_failures + 1
        persistent = target.persistent_failures + (0 if transient else 1)
        patience = TRANSIENT_PATIENCE * self.broken_after
        if not transient and persistent == self.broken_after and failures <= patience:
            return True
        return failures == patience and persistent < self.broken_after

    def _was_broken(self, target: CheckTarget) -> bool:
        return (
            target.persistent_failures >= self.broken_after
            or target.consecutive_failures >= TRANSIENT_PATIENCE * self.broken_after
        )

    def _recovered(self, target: CheckTarget, at) -> list[AlertSpec]:
        if not self._was_broken(target):
            return []
        return self._notices(
            target,
            Notice.RECOVERED,
            f"{target.name} works again after {target.consecutive_failures} failed checks.",
            f"policywatch-{target.watch_id}-recovered-{at.timestamp():.0f}",
        )

    def needs_reading(self, target: CheckTarget, result: FetchResult) -> bool:
        """Whether ``process`` will have to read (extract) this page: a caller may read it elsewhere first."""
        if result.error is not None or result.status is None or not 200 <= result.status < 300 or not result.body:
            return False
        return not self._same_bytes(target, result.body_sha256)

    @staticmethod
    def _same_bytes(target: CheckTarget, body_sha: str) -> bool:
        return (
            body_sha == target.body_sha256
            and target.latest_fingerprint is not None
            and target.latest_extractor == EXTRACTOR_VERSION
        )

    def baseline(self, target: CheckTarget, reading: Reading) -> Baseline | None:
        """What a reading with a new text will be compared with, so that a caller can compare it
        elsewhere first; None when there is nothing to compare or ``process`` must decide (a first
        version, an unreadable page, a newer extractor than the latest version's)."""
        if (
            reading.extracted is None
            or reading.fingerprint in (None, target.latest_fingerprint)
            or target.latest_fingerprint is None
            or target.latest_extractor != EXTRACTOR_VERSION
        ):
            return None
        try:
            previous = self.store.latest_version(target.watch_id)
            if previous is None:
                return None
            return Baseline(previous.id, self.store.version_text(previous), previous.title)
        except StorageError as exc:  # process() meets it again and records it
            log.debug("no baseline for %s: %s", target.name, exc)
            return None

    def process(
        self, target: CheckTarget, result: FetchResult, reading: Reading | None = None, compared: Compared | None = None
    ) -> CheckOutcome:
        """Record one fetch. ``reading``: the page already read by ``read_page`` (in a worker process);
        ``compared``: its comparison with ``baseline``, used when that is still the latest version."""
        try:
            return self._process(target, result, reading, compared)
        except StorageError as exc:
            self.storage_errors += 1  # a full disk fails every watch alike: say it once per pipeline
            log.log(
                logging.ERROR if self.storage_errors == 1 else logging.DEBUG,
                "could not record the check of %s: %s",
                target.name,
                exc,
            )
            return self._fail_safely(target, result, f"{STORING_FAILED}: {exc}")
        except Exception as exc:  # a bug or a limit hit by one page: that watch's check fails, not the pass
            log.exception("checking %s failed unexpectedly", target.name)
            return self._fail_safely(target, result, f"checking the page failed: {exc.__class__.__name__}: {exc}")

    def _fail_safely(self, target: CheckTarget, result: FetchResult, error: str) -> CheckOutcome:
        """Record an unexpected failure as a failed check (counted, scheduled, noticed like any other)."""
        error = error if len(error) <= MAX_ERROR else error[: MAX_ERROR - 1] + "…"
        try:
            return self._fail(target, result, error)
        except Exception as exc:
            log.log(
                logging.ERROR if self.storage_errors <= 1 else logging.DEBUG,
                "could not record the failed check of %s either: %s",
                target.name,
                exc,
            )
            return CheckOutcome(target.name, Outcome.FAILED, error)

    def _process(
        self, target: CheckTarget, result: FetchResult, reading: Reading | None, compared: Compared | None
    ) -> CheckOutcome:
        timing: dict[str, Any] = {"started_at": result.started_at, "duration_ms": result.duration_ms}
        if result.error is not None:
            return self._fail(target, result, result.error, transient=result.transient)
        if result.status == 304:
            return self._unchanged(target, result, Outcome.NOT_MODIFIED, {})
        if result.status is None or not 200 <= result.status < 300:
            status = result.status or 0
            return self._fail(target, result, f"HTTP {result.status}", transient=status == 429 or status >= 500)

        body_sha = result.body_sha256
        validators: dict[str, Any] = {
            "etag": result.headers.get("etag"),
            "last_modified": result.headers.get("last-modified"),
            "body_sha256": body_sha,
        }
        if self._same_bytes(target, body_sha):
            return self._unchanged(target, result, Outcome.UNCHANGED, validators)

        if not result.body:
            return self._fail(target, result, f"the server sent an empty page (HTTP {result.status}, 0 bytes)")
        if reading is None:
            reading = read_page(result.body, result.content_type, target.select, target.remove, **known_text(target))
        if reading.error is not None:
            return self._fail(target, result, reading.error)
        fp = reading.fingerprint
        if target.latest_extractor not in (None, EXTRACTOR_VERSION):
            # a newer extractor: compare with the old snapshot read the new way, never with the old reading
            upgraded = reextract_latest(self.store, target)
            if upgraded is not None:
                target = replace(target, latest_fingerprint=upgraded.fingerprint, latest_extractor=EXTRACTOR_VERSION)
        if fp == target.latest_fingerprint:
            return self._unchanged(target, result, Outcome.UNCHANGED, validators)
        extracted = reading.extracted  # read only for a new text: a worker sends none for a known one
        assert extracted is not None and fp is not None  # a reading without an error has both for a new text

        snapshot = replace(_snapshot(result), packed_body=reading.packed_body)
        level: str | None = None
        events: list[dict] = []
        previous = self.store.latest_version(target.watch_id) if target.latest_fingerprint else None
        if previous is None:
            reason = first_page_suspect_reason(extracted.text, rendered=target.render == "browser")
            if reason:
                return self._fail(target, result, reason, outcome=Outcome.SUSPECT)
        elif compared is not None and compared.version_id == previous.id:
            level, events = compared.level, compared.events
        else:
            level, events = compare_texts(
                self.store.version_text(previous), previous.title, extracted.text, extracted.title
            )
            if any(e["type"] == "not_a_policy_change" for e in events):
                reason = next(e.get("reason") or "" for e in events if e["type"] == "not_a_policy_change")
                return self._fail(target, result, reason, outcome=Outcome.SUSPECT)
        version = NewVersion(
            text=extracted.text,
            fingerprint=fp,
            extractor=EXTRACTOR_VERSION,
            title=extracted.title,
            level=level,
            events=events,
            packed_text=reading.packed_text,
        )
        alerts: list[AlertSpec] = []
        if previous is not None:
            recent = self.store.recent_fingerprints(target.watch_id, FLIP_WINDOW)
            reverts_before, reverts_after = _reverts(recent[::-1]), _reverts(recent[::-1] + [fp])
            if reverts_after == reverts_before and self.route:  # a new text, not a return to a recent one
                key = f"policywatch-{target.watch_id}-v{{number}}"
                alerts = [
                    AlertSpec(destination=d, kind=AlertKind.CHANGE, level=level or "none", key=f"{key}-{d}")
                    for d in self.route(target.name, level)
                ]
            elif reverts_before < 2 <= reverts_after:
                alerts = self._notices(
                    target,
                    Notice.UNSTABLE,
                    f"{target.name} keeps switching between versions of the "
                    "page (an A/B test, a rotating banner, or two documents at one URL). Returns to "
                    "an earlier version are kept in the history but do not alert.",
                    f"policywatch-{target.watch_id}-unstable-v{{number}}",
                )
        alerts += self._recovered(target, result.started_at)
        try:
            check, stored = self.store.record_version(
                target.watch_id, snapshot=snapshot, version=version, alerts=alerts, **timing, **self._due(target)
            )
        except DuplicateVersionError:  # another worker stored this text meanwhile
            self.store.record_unchanged(
                target.watch_id,
                outcome=Outcome.UNCHANGED,
                http_status=result.status,
                **validators,
                **timing,
                **self._due(target),
            )
            return CheckOutcome(target.name, Outcome.UNCHANGED)
        return CheckOutcome(target.name, check.outcome, version_number=stored.number)

    def _fail(
        self,
        target: CheckTarget,
        result: FetchResult,
        error: str,
        outcome: str = Outcome.FAILED,
        transient: bool = False,
    ) -> CheckOutcome:
        alerts: list[AlertSpec] = []
        if self._now_broken(target, transient):
            alerts = self._notices(
                target,
                Notice.BROKEN,
                f"{target.name} has failed {target.consecutive_failures + 1} checks in a row "
                f"(last: {error}). Change alerts wait until it works again.",
                f"policywatch-{target.watch_id}-broken-{result.started_at.timestamp():.0f}",
            )
        self.store.record_failure(
            target.watch_id,
            started_at=result.started_at,
            duration_ms=result.duration_ms,
            error=error,
            http_status=result.status,
            outcome=outcome,
            alerts=alerts,
            transient=transient,
            **self._due(target),
            # what a 2xx answer we could not use looked like, for whoever investigates the broken watch
            snapshot=_snapshot(result) if result.status and 200 <= result.status < 300 and result.body else None,
        )
        return CheckOutcome(target.name, outcome, error)


def _snapshot(result: FetchResult) -> SnapshotData:
    return SnapshotData(
        url=result.url,
        final_url=result.final_url or result.url,
        status=result.status or 0,  # a snapshot is only ever taken of a response, which has a status
        headers=result.headers,
        redirects=list(result.redirects),
        body=result.body,
        content_type=result.content_type,
        etag=result.headers.get("etag"),
        last_modified=result.headers.get("last-modified"),
    )


def _reverts(fingerprints: list[str]) -> int:
    """How many times a sequence of versions (oldest first) returns to a text it had before."""
    return sum(1 for i, fp in enumerate(fingerprints) if fp in fingerprints[:i])


def is_unstable(recent: list[str]) -> bool:
    """Whether a watch's recent fingerprints (newest first) keep returning to earlier texts."""
    return _reverts(recent[::-1]) >= 2
