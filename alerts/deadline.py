"""An overall deadline for one delivery attempt.

Socket timeouts bound each read, not the whole exchange: a receiver that trickles a byte every few
seconds could hold a delivery for minutes, and deliveries are sequential. When the deadline passes,
the connection is shut down under the blocked call, which then fails like any network error.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DELIVERY_DEADLINE = 30.0  # seconds for one attempt: connect, TLS, send and the answer


class Sockets:
    """The sockets an attempt opened, so that the deadline can close them."""

    def __init__(self) -> None:
        self.open: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self.lock:
            self.open.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.open:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[Sockets]:
    sockets = Sockets()
    timer = threading.Timer(DELIVERY_DEADLINE if seconds is None else seconds, sockets.expire)
    timer.daemon = True
    timer.start()
    try:
        yield sockets
    finally:
        timer.cancel()
