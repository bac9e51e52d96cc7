"""Word-level diffs with diff-match-patch, so "12" -> "24" reads as a changed word, not digits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_INSERT
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_FIRST_CODEPOINT = 0x100  # keeps mapped tokens clear of ASCII control characters


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str, *, timeout: float = 2.0) -> list[tuple[int, str]]:
    """Diff two texts token by token: each word, run of spaces or punctuation mark is one unit."""
    vocabulary: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for tok in tokenize(text):
            ch = vocabulary.get(tok)
            if ch is None:
                ch = chr(_FIRST_CODEPOINT + len(tokens))
                vocabulary[tok] = ch
                tokens.append(tok)
            out.append(ch)
        return "".join(out)

    a, b = encode(old), encode(new)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    merged: list[tuple[int, str]] = []
    for op, chars in diffs:
        text = "".join(tokens[ord(c) - _FIRST_CODEPOINT] for c in chars)
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
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
        opener, closer = (markers.del_open, markers.del_close) if op == DELETE else (markers.ins_open, markers.ins_close)
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
