"""The words policywatch stores and compares, as StrEnums: a misspelt outcome or status is an
AttributeError where it is written, not a silent mismatch in a query. Each member is its string, so
rows written before, JSON and the contract read the same."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """What one check of one watch came to."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not_modified"  # the server answered 304
    FAILED = "failed"
    SUSPECT = "suspect"  # a page that is not (a version of) the policy


class AlertKind(StrEnum):
    CHANGE = "change"
    NOTICE = "notice"  # about the watch itself: see Notice
    TEST = "test"
    DIGEST = "digest"  # several changes in one message (never stored)


class Notice(StrEnum):
    BROKEN = "broken"
    RECOVERED = "recovered"
    UNSTABLE = "unstable"
    DEADLINE = "deadline"  # an objection deadline is near and the change is not reviewed


class AlertStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a deliverer until its lease runs out
    SENT = "sent"
    FAILED = "failed"  # given up after the last attempt (or a permanent error)


class ReviewStatus(StrEnum):
    """What a reviewer decided about a change. Only ``acknowledged`` leaves it open: seen, not decided."""

    ACKNOWLEDGED = "acknowledged"
    ASSESSED = "assessed"
    OBJECTED = "objected"
    NO_ACTION = "no-action"


class VersionKind(StrEnum):
    FETCHED = "fetched"
    REEXTRACTED = "reextracted"  # the same snapshot read by a newer extractor


__all__ = ["AlertKind", "AlertStatus", "Notice", "Outcome", "ReviewStatus", "VersionKind"]
