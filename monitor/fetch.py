"""What a fetcher hands to the check pipeline, whatever fetched it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


@dataclass(frozen=True)
class CheckTarget:
    """One watch as the fetcher and the pipeline need it for one pass."""

    watch_id: int
    name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    latest_fingerprint: str | None = None
    latest_extractor: str | None = None
    latest_text_sha256: str | None = None  # a page reading to exactly this text needs no fingerprint
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    consecutive_failures: int = 0
    persistent_failures: int = 0  # of those, the ones that were not transient faults
    render: str = "http"  # "browser": rendered by Chromium (crawler.browser)
    wait_for: str | None = None  # with render: browser, a CSS selector to wait for


@dataclass(frozen=True)
class FetchResult:
    """A response (any status) or, when ``error`` is set, the reason there was none."""

    url: str
    started_at: datetime
    duration_ms: int
    status: int | None = None
    final_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: tuple[str, ...] = ()
    error: str | None = None
    transient: bool = False  # the error is a fault likely to pass (a timeout, a dropped connection)

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @cached_property
    def body_sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()
