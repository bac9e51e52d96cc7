"""Helper processes that never outlive the process that started them."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from multiprocessing.context import ForkServerContext

PARENT_POLL_SECONDS = 1.0
PRELOAD = ("policywatch.monitor.reading", "policywatch.monitor.budget")


def worker_context() -> ForkServerContext:
    """Fresh interpreters from a fork server (never forked from a process running a reactor and its
    threads) that has imported the reading and comparing code once: each worker starts with it
    already loaded instead of importing it, and shares those pages with the others."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def die_with(parent_pid: int) -> None:
    """Run in a worker (as a pool initializer): end it when ``parent_pid`` is gone, even after
    `kill -9` (the fork server between them hides the death from the usual parent-death signal)."""

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="policywatch-parent-watch", daemon=True).start()
