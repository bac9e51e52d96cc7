"""Word-level diffs with diff-match-patch, so "12" -> "24" reads as a changed word, not digits."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from policywatch.monitor.lang import CJK

EQUAL, DELETE, INSERT = diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_INSERT
# a Han or kana character is a word of its own: Chinese and Japanese write no spaces between words
_TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+|\s+|[^\w\s]")
_FIRST_CODEPOINT = 0x100  # keeps mapped tokens clear of ASCII control characters


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


_MAX_UNITS = 0x110000 - _FIRST_CODEPOINT  # distinct units one diff can map to characters
_deadline: ContextVar[float | None] = ContextVar("diff_deadline", default=None)
_cut_short: ContextVar[list | None] = ContextVar("diff_cut_short", default=None)


@contextmanager
def diff_budget(seconds: float) -> Iterator[list]:
    """All word diffs inside share ``seconds`` of CPU: a page of heavily edited sections cannot hold
    a check for minutes. Past the budget, changed runs are reported whole (removed, then added);
    the yielded list is non-empty when that happened."""
    cut: list = []
    tokens = _deadline.set(time.monotonic() + seconds), _cut_short.set(cut)
    try:
        yield cut
    finally:
        _deadline.reset(tokens[0])
        _cut_short.reset(tokens[1])


def _remaining(timeout: float) -> float:
    until = _deadline.get()
    return timeout if until is None else min(timeout, until - time.monotonic())


def _whole(old_units: list[str], new_units: list[str]) -> list[tuple[int, str]]:
    cut = _cut_short.get()
    if cut is not None:
        cut.append(1)
    return [(op, text) for op, text in ((DELETE, "".join(old_units)), (INSERT, "".join(new_units))) if text]


def _unit_diff(old_units: list[str], new_units: list[str], timeout: float, semantic: bool) -> list[tuple[int, str]]:
    """diff-match-patch over sequences of units (words or lines), each mapped to one character."""
    timeout = _remaining(timeout)
    if timeout <= 0 or len(set(old_units) | set(new_units)) > _MAX_UNITS:
        return _whole(old_units, new_units)
    vocabulary: dict[str, str] = {}
    units: list[str] = []

    def encode(seq: list[str]) -> str:
        out = []
        for unit in seq:
            ch = vocabulary.get(unit)
            if ch is None:
                ch = chr(_FIRST_CODEPOINT + len(units))
                vocabulary[unit] = ch
                units.append(unit)
            out.append(ch)
        return "".join(out)

    a, b = encode(old_units), encode(new_units)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    if semantic and _remaining(timeout) > 0:
        dmp.diff_cleanupSemantic(diffs)
    return [(op, "".join(units[ord(c) - _FIRST_CODEPOINT] for c in chars)) for op, chars in diffs]


_DIFFS: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}  # clause pairs recur: substance, renames, quotes


def clear_diffs() -> None:
    _DIFFS.clear()


def word_diff(old: str, new: str, *, timeout: float = 2.0) -> list[tuple[int, str]]:
    """Diff two texts word by word: each word, run of spaces or punctuation mark is one unit.

    Lines are diffed first and only replaced runs of lines are diffed word by word, which keeps
    long tables with many changed rows fast. A comparison diffs one clause pair for several
    questions, so whole diffs are kept (not those a spent time budget cut short).
    """
    found = _DIFFS.get((old, new))
    if found is not None:
        return list(found)
    cut = _cut_short.get()
    cuts = len(cut) if cut is not None else 0
    merged = _word_diff(old, new, timeout)
    if (cut is None or len(cut) == cuts) and _remaining(timeout) > 0:
        if len(_DIFFS) >= 4096:
            _DIFFS.clear()
        _DIFFS[(old, new)] = tuple(merged)
    return merged


def _word_diff(old: str, new: str, timeout: float) -> list[tuple[int, str]]:
    merged: list[tuple[int, str]] = []

    def push(op: int, text: str) -> None:
        if not text:
            return
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))

    deleted = inserted = ""

    def flush() -> None:
        nonlocal deleted, inserted
        if deleted and inserted:
            for op, text in _unit_diff(tokenize(deleted), tokenize(inserted), timeout, True):
                push(op, text)
        else:
            push(DELETE, deleted)
            push(INSERT, inserted)
        deleted = inserted = ""

    for op, text in _unit_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), timeout, False):
        if op == EQUAL:
            flush()
            push(EQUAL, text)
        elif op == DELETE:
            deleted += text
        else:
            inserted += text
    flush()
    return merged


@dataclass(frozen=True)
class Markers:
    del_open: str
    del_close: str
    ins_open: str
    ins_close: str


PLAIN = Markers("[-", "-]", "{+", "+}")
ANSI = Markers("\x1b[31;9m", "\x1b[0m", "\x1b[32;1m", "\x1b[0m")


def render_inline(diffs: list[tuple[int, str]], *, markers: Markers = PLAIN, context: int = 1) -> str:
    """Changed lines with ``context`` lines around them; '...' marks skipped stretches."""
    text_parts: list[str] = []
    changed_lines: set[int] = set()
    line = 0
    for op, text in diffs:
        if op == EQUAL:
            text_parts.append(text)
            line += text.count("\n")
            continue
        opener, closer = (
            (markers.del_open, markers.del_close) if op == DELETE else (markers.ins_open, markers.ins_close)
        )
        # Markers never span a line break, so each output line stands on its own.
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                text_parts.append("\n")
                line += 1
            if piece:
                text_parts.append(f"{opener}{piece}{closer}")
            changed_lines.add(line)
    lines = "".join(text_parts).split("\n")
    if not changed_lines:
        return ""
    keep = sorted({n for c in changed_lines for n in range(c - context, c + context + 1) if 0 <= n < len(lines)})
    out: list[str] = []
    previous = -1
    for n in keep:
        if previous >= 0 and n != previous + 1:
            out.append("...")
        if lines[n].strip():
            out.append(lines[n])
        previous = n
    return "\n".join(out).strip("\n")
