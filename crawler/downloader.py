"""Scrapy's downloader with its per-host limit kept when many requests arrive at once.

Since Scrapy 2.14, on the asyncio reactor, a download starts as a task that runs after the slot's
queue loop: the loop sees no request transferring yet and starts every queued one, so a pass of 60
watches on one host sent 60 requests at once with ``per_host: 2``. Here the loop sees at most the
free places, and the requests it starts count as transferring at once (Scrapy's own download adds
and removes them again, a set, so nothing is counted twice).
"""

from __future__ import annotations

from collections import deque

from scrapy.core.downloader import Downloader, Slot


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        free = max(slot.free_transfer_slots(), 0)
        later: deque = deque()
        while len(slot.queue) > free:
            later.appendleft(slot.queue.pop())
        offered = list(slot.queue)
        super()._process_queue(slot)
        slot.queue.extend(later)
        waiting = {id(entry) for entry in slot.queue}
        for entry in offered:
            if id(entry) not in waiting:
                slot.transferring.add(entry[0])
