"""Plain text -> Markdown (see :mod:`monitor.plaintext`); Markdown passes through with tidied line ends."""

from __future__ import annotations

import re

from policywatch.monitor.markdown import clean_inline
from policywatch.monitor.plaintext import to_markdown

_TRAILING_WS = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES_BREAK = re.compile(r"(\S)[ \t]{2,}\n(?=[^\n])")


def extract_plain(text: str, *, markdown: bool = False) -> tuple[str | None, str]:
    """(title, Markdown text). ``markdown``: the text already is Markdown (its hard breaks are kept)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not markdown:
        text = to_markdown(text)
    else:
        # two trailing spaces are a hard break in Markdown: write it as a backslash, which survives tidying
        text = _SPACES_BREAK.sub(r"\1\\\n", text) if " \n" in text or "\t\n" in text else text
    text = _BLANK_RUNS.sub("\n\n", _TRAILING_WS.sub("", text)).strip("\n")
    title = next(
        (clean_inline(line.strip().lstrip("#").rstrip("\\").strip()) for line in text.splitlines() if line.strip()),
        None,
    )
    return title, text + "\n" if text else ""
