"""A local SMTP server that keeps every message it receives as an .eml file (the demo's inbox)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class MailCatcher:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []
        self._lock = threading.Lock()
        with socket.socket() as probe:  # aiosmtpd needs a concrete port to check that it started
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{len(self.saved) + 1:02d}.eml"
            path.write_bytes(envelope.original_content or envelope.content)
            self.saved.append(path)
        return "250 OK"

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.saved) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def __enter__(self) -> MailCatcher:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
