"""Keeping a long-running daemon's memory flat: what Python frees, glibc keeps unless asked.

Each pass compares pages on a thread of its own, and glibc gives threads their own malloc arenas;
freed memory stays in them as fragments. Fewer arenas and a trim after each pass hand it back.
Elsewhere than glibc these are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)
ARENAS = 2


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 (glibc only)
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _libc()


def limit_arenas() -> None:
    if _LIBC is not None:
        _LIBC.mallopt(M_ARENA_MAX, ARENAS)


def trim() -> None:
    """Return freed heap memory to the system (after a pass, when nothing large is in use)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
