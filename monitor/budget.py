"""Comparing two versions within a CPU budget.

A normal policy compares in well under a second, in the calling thread. A very large text with
edits everywhere can take minutes (every fact kind reads every changed part); such pairs are
compared in a separate process that is stopped when the budget runs out, and the check falls back
to a cheap section-by-section summary that says so. No page can hold up the other watches.
"""

from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from policywatch.monitor.compare import build_policy, clear_caches, compare
from policywatch.monitor.facts import Event
from policywatch.monitor.processes import die_with, worker_context
from policywatch.monitor.structure import parse_sections

log = logging.getLogger(__name__)

LARGE_TEXT = 400_000  # characters of both texts together above which a comparison runs apart
COMPARE_SECONDS = 8.0  # the most one comparison of a large pair may take (a pass waits for it)


def compare_texts(
    old_text: str, old_title: str | None, new_text: str, new_title: str | None, *, budget: float = COMPARE_SECONDS
) -> tuple[str | None, list[dict]]:
    """(level, events as JSON) of a comparison, within ``budget`` seconds for large texts."""
    if len(old_text) + len(new_text) <= LARGE_TEXT:
        return _compare_json(old_text, old_title, new_text, new_title)
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=worker_context(),
        initializer=die_with,
        initargs=(os.getpid(),),
    )
    try:
        future = pool.submit(_compare_json, old_text, old_title, new_text, new_title)
        try:
            return future.result(timeout=budget)
        except FutureTimeout:
            log.warning("comparison stopped after %.0f s; falling back to a section summary", budget)
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            return summary_comparison(old_text, old_title, new_text, new_title, budget)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def compare_in_reader(
    old_text: str, old_title: str | None, new_text: str, new_title: str | None
) -> tuple[str | None, list[dict]] | None:
    """``compare_texts`` for a reading process, where a pass's changed pages compare side by side
    instead of one after another on the thread that stores them. None for a pair large enough to
    need a budget: the pipeline compares it. The memoised work goes after each pair (the next page
    is another policy, and the process lives as long as the pool)."""
    if len(old_text) + len(new_text) > LARGE_TEXT:
        return None
    try:
        return _compare_json(old_text, old_title, new_text, new_title)
    finally:
        clear_caches()


def _compare_json(
    old_text: str, old_title: str | None, new_text: str, new_title: str | None
) -> tuple[str | None, list[dict]]:
    comparison = compare(build_policy(old_text, old_title), build_policy(new_text, new_title))
    return comparison.level, [e.to_json() for e in comparison.events]


def summary_comparison(
    old_text: str, old_title: str | None, new_text: str, new_title: str | None, budget: float
) -> tuple[str, list[dict]]:
    """Which sections differ, by their text's hash: linear in the page's size, no fact reading.
    Reported at level minor with an event that says the page was too costly to compare."""

    def digests(text: str, title: str | None) -> dict[str, str]:
        return {s.title: hashlib.sha256(s.text.encode("utf-8")).hexdigest() for s in parse_sections(text, title)}

    old, new = digests(old_text, old_title), digests(new_text, new_title)
    changed = sorted(t for t in old.keys() | new.keys() if old.get(t) != new.get(t))
    event = Event("comparison_limited", "minor", {"seconds": budget, "sections": len(changed), "titles": changed[:20]})
    return "minor", [event.to_json()]
