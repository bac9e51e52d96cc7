"""The words and colours every command shares, so that the terminal, emails, webhooks and the viewer
speak one vocabulary: levels, check outcomes and the arrow between an old and a new value."""

from __future__ import annotations

import os
import sys
from typing import TextIO

import click

from policywatch.monitor.facts import ARROW  # noqa: F401  (one arrow everywhere)

LEVEL_COLOURS = {"material": ("red", True), "minor": ("yellow", False), "none": ("bright_black", False)}

# What a person reads for each stored check outcome; `not_modified` (the server answered 304) is an
# unchanged page to a reader, and stays distinct only in JSON.
OUTCOME_WORDS = {
    "new": "new",
    "changed": "changed",
    "unchanged": "unchanged",
    "not_modified": "unchanged",
    "failed": "failed",
    "suspect": "suspect",
}
OUTCOME_COLOURS = {
    "new": ("cyan", False),
    "changed": ("yellow", False),
    "failed": ("red", True),
    "suspect": ("magenta", False),
}

COLOR_MODES = ("auto", "always", "never")


def color_wanted(mode: str) -> bool | None:
    """True/False when decided (``--color``, then ``NO_COLOR``), None to let the stream decide.

    ``NO_COLOR`` (https://no-color.org) set to anything non-empty turns colour off unless
    ``--color always`` asks for it."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return None


def use_color(stream: TextIO | None = None) -> bool:
    """Whether text written to ``stream`` (default stdout) should carry ANSI colours now."""
    ctx = click.get_current_context(silent=True)
    decided = ctx.color if ctx is not None else None
    if decided is not None:
        return decided
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def level(word: str | None, *, width: int = 0, color: bool | None = None) -> str:
    """A level (material / minor / none), padded to ``width`` and coloured on a terminal."""
    text = (word or "-").ljust(width)
    colour = LEVEL_COLOURS.get(word or "")
    if colour is None or not (use_color() if color is None else color):
        return text
    fg, bold = colour
    return click.style(text, fg=fg, bold=bold or None)


def outcome(word: str | None, *, width: int = 0, stream: TextIO | None = None) -> str:
    """A check outcome in the reader's words, padded and coloured."""
    shown = OUTCOME_WORDS.get(word or "", word or "-")
    text = shown.ljust(width)
    colour = OUTCOME_COLOURS.get(shown)
    if colour is None or not use_color(stream):
        return text
    fg, bold = colour
    return click.style(text, fg=fg, bold=bold or None)
