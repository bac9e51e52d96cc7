"""Reading a fetched page: extraction and fingerprint, the CPU-heavy part of a check.

A plain top-level function of picklable values, so a pass can run it in worker processes (lxml
parses in threads of one process have mixed up pages in other tools; processes cannot).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.canonical import fingerprint
from monitor.extract import Extracted, ExtractionError, extract


@dataclass(frozen=True)
class Reading:
    extracted: Extracted | None = None
    fingerprint: str | None = None
    error: str | None = None  # why the page could not be read


def read_page(body: bytes, content_type: str | None, select: tuple[str, ...] = (),
              remove: tuple[str, ...] = ()) -> Reading:
    try:
        extracted = extract(body, content_type, select=select, remove=remove)
    except ExtractionError as exc:
        return Reading(error=str(exc))
    if not extracted.text.strip():
        return Reading(error="the page has no readable text")
    return Reading(extracted=extracted, fingerprint=fingerprint(extracted.text))
