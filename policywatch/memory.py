"""Keeping a long-running daemon's memory flat: what Python frees, glibc keeps unless asked.

Each pass compares pages on a thread of its own, and glibc gives threads their own malloc arenas;
freed memory stays in them as fragments. Fewer arenas, large blocks always in their own mappings,
and a trim after each pass hand it back.
Elsewhere than glibc these are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
ARENAS = 2
# glibc raises its mmap threshold each time a large mapped block is freed, so after the first pass
# the page bodies and texts (100 KB-5 MB) come from the arenas and fragment them. A fixed threshold
# keeps every allocation this large in its own mapping, returned whole when freed.
MMAP_THRESHOLD = 128 * 1024


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
        _LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def trim() -> None:
    """Return freed heap memory to the system (after a pass, when nothing large is in use)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
