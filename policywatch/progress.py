"""A one-line progress display for terminals; silent when output is piped."""

from __future__ import annotations

import shutil
import sys


class Progress:
    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.enabled, self.done_count = total, enabled and total > 0, 0

    def advance(self, label: str = "") -> None:
        self.done_count += 1
        if not self.enabled:
            return
        width = 24
        filled = width * self.done_count // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done_count}/{self.total} {label}"
        columns = shutil.get_terminal_size((80, 20)).columns
        sys.stderr.write("\r" + line[: columns - 1].ljust(columns - 1))
        sys.stderr.flush()

    def set(self, count: int, label: str = "") -> None:
        self.done_count = count - 1
        self.advance(label)

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            sys.stderr.flush()
