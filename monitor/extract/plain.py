"""Plain text -> Markdown (see :mod:`monitor.plaintext`); Markdown passes through with tidied line ends."""

from __future__ import annotations

import re

from policywatch.monitor.markdown import clean_inline
from policywatch.monitor.plaintext import to_markdown

_BLANK_RUNS = re.compile(r"\n{3,}")
# a line after which a hard break cannot stand: the paragraph ends or a new block starts
_NO_BREAK_BEFORE = re.compile(
    r"^(?:[ \t]*$| {0,3}(?:=+|-+)[ \t]*$| {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|\|))"
)
_NO_BREAK_IN = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)|\|[ \t]*$")  # a heading, an underline, a row


def extract_plain(text: str, *, markdown: bool = False) -> tuple[str | None, str]:
    """(title, Markdown text). ``markdown``: the text already is Markdown (its hard breaks are kept)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not markdown:
        text = to_markdown(text)
    else:
        # two trailing spaces are a hard break in Markdown: write it as a backslash, which survives tidying
        text = _hard_breaks(text) if " \n" in text or "\t\n" in text else text
    text = "\n".join(line.rstrip(" \t\u00a0") for line in text.split("\n"))
    text = (_BLANK_RUNS.sub("\n\n", text) if "\n\n\n" in text else text).strip("\n")
    title = next(
        (clean_inline(line.strip().lstrip("#").rstrip("\\").strip()) for line in text.splitlines() if line.strip()),
        None,
    )
    return title, text + "\n" if text else ""


def _hard_breaks(text: str) -> str:
    """Two trailing spaces written as a backslash, where CommonMark reads them as a line break: inside
    a paragraph, not at its end, nor on a heading, its underline or a table row."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        if _spaces_break(lines[i]) and not _NO_BREAK_IN.search(lines[i]) and not _NO_BREAK_BEFORE.match(lines[i + 1]):
            lines[i] = lines[i].rstrip(" \t") + "\\"
    return "\n".join(lines)


def _spaces_break(line: str) -> bool:
    """Whether the line ends in two or more spaces or tabs after a printed character."""
    kept = line.rstrip(" \t")
    return len(line) - len(kept) >= 2 and bool(kept) and not kept[-1].isspace()
