"""Reading a fetched page: extraction and fingerprint, the CPU-heavy part of a check.

A plain top-level function of picklable values, so a pass can run it in worker processes (lxml
parses in threads of one process have mixed up pages in other tools; processes cannot).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.canonical import fingerprint
from monitor.extract import Extracted, ExtractionError, extract
from storage.packing import pack
from storage.records import Packed


@dataclass(frozen=True)
class Reading:
    extracted: Extracted | None = None
    fingerprint: str | None = None
    error: str | None = None  # why the page could not be read
    packed_body: Packed | None = None  # set when the text is new: ready to store
    packed_text: Packed | None = None


def read_page(body: bytes, content_type: str | None, select: tuple[str, ...] = (),
              remove: tuple[str, ...] = (), known_fingerprint: str | None = None, pack_new: bool = False) -> Reading:
    """``pack_new`` (for worker processes): when the fingerprint differs from ``known_fingerprint``, also
    hash and compress the body and the text here rather than in the process writing the database; when
    it is the same, send back only the fingerprint."""
    try:
        extracted = extract(body, content_type, select=select, remove=remove)
    except ExtractionError as exc:
        return Reading(error=str(exc))
    if not extracted.text.strip():
        return Reading(error="the page has no readable text")
    fp = fingerprint(extracted.text)
    if not pack_new:
        return Reading(extracted=extracted, fingerprint=fp)
    if fp == known_fingerprint:
        return Reading(fingerprint=fp)  # the caller needs no text it already has
    return Reading(extracted=extracted, fingerprint=fp, packed_body=pack(body),
                   packed_text=pack(extracted.text.encode("utf-8"), prose=True))
