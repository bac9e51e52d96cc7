"""Plain text and Markdown pass through with tidied line ends; structure comes later."""

from __future__ import annotations

import re

_TRAILING_WS = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def extract_plain(text: str) -> tuple[str | None, str]:
    text = _BLANK_RUNS.sub("\n\n", _TRAILING_WS.sub("", text.lstrip("\ufeff"))).strip("\n")
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), None)
    return title, text + "\n" if text else ""
