"""What an alert says, built at send time from the stored versions (so nothing rendered is stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from policywatch.monitor.budget import LARGE_TEXT
from policywatch.monitor.deadlines import Deadline, deadline_for
from policywatch.monitor.stored import compare_stored
from policywatch.monitor.textdiff import EQUAL, INSERT
from policywatch.monitor.wording import describe_json, headline
from policywatch.storage import Store
from policywatch.storage.records import AlertRecord
from policywatch.storage.vocabulary import AlertKind

EXCERPT_WORDS = 12
MAX_SECTIONS = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass
class SectionExcerpt:
    title: str
    status: str
    pieces: list[tuple[int, str]]


@dataclass
class AlertContent:
    key: str
    kind: str
    watch: str
    url: str
    level: str
    subject: str
    headline: str
    created_at: datetime
    old_version: int | None
    new_version: int | None
    comparison_json: dict = field(default_factory=dict)
    events: list[tuple[str, str]] = field(default_factory=list)  # (level, sentence)
    sections: list[SectionExcerpt] = field(default_factory=list)
    viewer_url: str | None = None
    deadline: Deadline | None = None  # the objection deadline the change opens, if the watch has a period
    reviewed: bool = False  # a reviewer has decided on the change already (digests list open ones first)

    deadline_words: str | None = None  # the deadline as a sentence, counted from the day it is sent


def header_key(key: str) -> str:
    """An idempotency key fit for an HTTP or mail header (names may hold any letters): ASCII keys
    stay as they are, others are percent-encoded, the same on every retry."""
    from urllib.parse import quote

    return "".join(c if 32 < ord(c) < 127 else quote(c) for c in key)


def one_line(text: str, limit: int = 180) -> str:
    """Page-derived text made safe for a header or a subject: no control characters, bounded."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(diffs: list[tuple[int, str]], words: int = EXCERPT_WORDS) -> list[tuple[int, str]]:
    """The changed words with a few unchanged words around them."""
    out: list[tuple[int, str]] = []
    for i, (op, text) in enumerate(diffs):
        if op != EQUAL:
            out.append((op, text))
            continue
        tokens = text.split(" ")
        first, last = i == 0, i == len(diffs) - 1
        if len(tokens) <= 2 * words:
            kept = text if not (first or last) else (" ".join(tokens[-words:]) if first else " ".join(tokens[:words]))
            out.append(
                (
                    EQUAL,
                    ("… " if first and len(tokens) > words else "")
                    + kept
                    + (" …" if last and len(tokens) > words else ""),
                )
            )
        else:
            head = "" if first else " ".join(tokens[:words]) + " "
            tail = "" if last else " " + " ".join(tokens[-words:])
            out.append((EQUAL, f"{head}…{tail}"))
    return out


NOTICE_HEADLINES = {
    "broken": "watch broken",
    "recovered": "watch recovered",
    "unstable": "page unstable",
    "deadline": "objection deadline near",
}


def notice_content(alert: AlertRecord, *, url: str, viewer_url: str | None) -> AlertContent:
    """Operational notices: the watch stopped working, works again, or keeps flipping."""
    what = alert.notice or "notice"
    title = NOTICE_HEADLINES.get(what, "notice")
    message = alert.message or title
    return AlertContent(
        key=alert.key,
        kind="notice",
        watch=alert.watch_name,
        url=url,
        level=alert.level,
        subject=one_line(f"[policywatch] {alert.watch_name}: {title}", 200),
        headline=title,
        created_at=alert.created_at,
        old_version=None,
        new_version=None,
        comparison_json={
            "level": alert.level,
            "events": [{"type": f"watch_{what}", "level": alert.level, "message": message}],
        },
        events=[(alert.level, message)],
        viewer_url=viewer_url,
    )


def build_content(
    store: Store,
    alert: AlertRecord,
    *,
    url: str,
    viewer_url: str | None,
    notice_days: tuple[int, int] | None = None,
    today: date | None = None,
) -> AlertContent:
    """``notice_days``: the watch's (objection period, reminder) in days, when it has one."""
    if alert.kind == AlertKind.NOTICE:
        return notice_content(alert, url=url, viewer_url=viewer_url)
    if alert.version_id is None:
        return sample_content(alert, url=url, viewer_url=viewer_url)
    new = store.version_by_id(alert.version_id)
    old = store.version(new.watch_id, new.number - 1) if new.number > 1 else None
    # a larger pair: its stored events, no excerpts
    comparison = compare_stored(store, old, new, max_chars=LARGE_TEXT) if old is not None else None
    events = new.events
    top = headline(events[0]) if events else "policy changed"
    content = AlertContent(
        key=alert.key,
        kind=alert.kind,
        watch=alert.watch_name,
        url=url,
        level=alert.level,
        subject=one_line(f"[policywatch] {alert.watch_name} privacy policy: {top}", 200),
        headline=top,
        created_at=new.created_at,
        old_version=old.number if old else None,
        new_version=new.number,
        comparison_json=comparison.to_json() if comparison else {"level": alert.level, "events": events},
        events=[(e["level"], describe_json(e)) for e in events],
        viewer_url=_link(viewer_url, alert.watch_name, old, new),
        deadline=deadline_for(new, *notice_days) if notice_days else None,
        reviewed=any(r.status != "acknowledged" for r in store.reviews(version_id=new.id)),
    )
    if content.deadline is not None:
        d = content.deadline
        content.deadline_words = (
            f"{d.words(today or datetime.now(UTC).date())}: {d.notice_days} days from "
            f"{d.starts.day} {d.starts:%B %Y} ({d.basis})"
        )
        content.comparison_json = {**content.comparison_json, "deadline": d.to_json()}
    if comparison:
        changed = [s for s in comparison.sections if s.status in ("changed", "added", "removed") and s.significant]
        content.sections = [
            SectionExcerpt(s.new_title or s.old_title or "(untitled)", s.status, excerpt(s.diffs))
            for s in changed[:MAX_SECTIONS]
        ]
    return content


SAMPLE_URL = "https://supplier.example/privacy"  # a reserved name: the test alert's page is an example


def sample_content(alert: AlertRecord, *, url: str, viewer_url: str | None) -> AlertContent:
    """The test alert of `policywatch alerts test`: shows what a real one looks like."""
    events = [
        {
            "type": "processor_added",
            "level": "material",
            "name": "HubSpot, Inc.",
            "section": "Who we share your data with",
        },
        {"type": "last_updated_changed", "level": "minor", "old": "2026-05-20", "new": "2026-11-02"},
    ]
    return AlertContent(
        key=alert.key,
        kind="test",
        watch=alert.watch_name,
        url=url or SAMPLE_URL,
        level="material",
        subject=one_line(f"[policywatch] test alert for {alert.destination}: processor added (HubSpot)"),
        headline="processor added (HubSpot) — this is a test",
        created_at=alert.created_at,
        old_version=None,
        new_version=None,
        comparison_json={"level": "material", "events": events},
        events=[(e["level"], describe_json(e)) for e in events],
        sections=[
            SectionExcerpt(
                "Who we share your data with",
                "changed",
                [
                    (EQUAL, "… which handles email for our mailboxes. "),
                    (INSERT, "HubSpot, Inc. (United States), our marketing automation platform."),
                    (EQUAL, " …"),
                ],
            )
        ],
        viewer_url=viewer_url,
    )


def _link(viewer_url: str | None, watch: str, old, new) -> str | None:
    if not viewer_url:
        return None
    from urllib.parse import quote

    query = f"?from={old.number}&to={new.number}" if old else ""
    return f"{viewer_url.rstrip('/')}/watches/{quote(watch, safe='')}/diff{query}"
