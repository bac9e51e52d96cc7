"""The meaning-bearing form of a text: what must differ before a new version is stored.

Typography (quotes, dashes, spaces, invisible characters), bullets, heading marks, list and
heading numbering, table rulers, line wrapping and Markdown's inline marks (emphasis, escapes,
link targets, hard breaks) are not meaning; words and their order are.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from policywatch.monitor.markdown import clean_inline

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)
_TYPOGRAPHY_CHARS = re.compile("[" + "".join(map(chr, _TYPOGRAPHY)) + "]")
_LINE_MARKERS = re.compile(
    r"""^\s*(?:
        \#{1,6}\s+                              # markdown heading
      | [-*+•·▪▫◦‣∙●○■□Øø➢➤►▶→✓✔]\s+           # bullets
      | (?:\d+[.)]){1,4}\s+|\d+(?:\.\d+)+\s+    # 1. / 1) / 1.2.3
    )+""",
    re.VERBOSE,
)
_MARKER_STARTS = frozenset("#-*+•·▪▫◦‣∙●○■□Øø➢➤►▶→✓✔0123456789")
_TABLE_RULE = re.compile(r"^\s*\|?[\s|:\-]+\|[\s|:\-]*$")
_TABLE_PIPES = re.compile(r"\s*(?<!\\)\|\s*")
_INLINE_MARKUP = re.compile(r"[\\*_`\[<&]")
_ESCAPED_START = re.compile(r"^\s*(?:\\[#>+*=|-]|\d{1,9}\\[.)])")  # "1\." and "\#": escaped line markers


def _fold(match: re.Match) -> str:
    return _TYPOGRAPHY[ord(match.group())] or ""


def _canonical(text: str) -> str:
    if not text.isascii():  # O(1); ASCII is already NFKC and has no typography to fold
        text = unicodedata.normalize("NFKC", text)
        text = _TYPOGRAPHY_CHARS.sub(_fold, text)  # a regex: str.translate with a dict is ~15x slower
    return _words(text)


def _words(text: str) -> str:
    words: list[str] = []
    for line in text.split("\n"):
        if "|" in line and _TABLE_RULE.match(line):
            continue
        if "\\" in line:
            line = line.rstrip("\\").replace("\\", "", 1) if _ESCAPED_START.match(line) else line.rstrip("\\")
        if line.lstrip()[:1] in _MARKER_STARTS:
            line = _LINE_MARKERS.sub("", line)
        if "|" in line:
            line = _TABLE_PIPES.sub(" | ", line).strip(" |")
        if _INLINE_MARKUP.search(line):
            line = _LINE_MARKERS.sub("", clean_inline(line))  # "**1. Definitions.**" numbers like "1. Definitions."
        line = " ".join(line.split())
        if line:
            words.append(line)
    return " ".join(words)


# Sections recur across the two versions being compared; whole documents (fingerprints) are not cached.
canonical_text = lru_cache(maxsize=1024)(_canonical)


def fingerprint(text: str) -> str:
    return hashlib.sha256(_canonical(text).encode("utf-8")).hexdigest()
