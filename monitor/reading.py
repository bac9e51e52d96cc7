"""Reading a fetched page: extraction and fingerprint, the CPU-heavy part of a check.

A plain top-level function of picklable values, so a pass can run it in worker processes (lxml
parses in threads of one process have mixed up pages in other tools; processes cannot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policywatch.monitor.canonical import fingerprint
from policywatch.monitor.extract import EXTRACTOR_VERSION, Extracted, ExtractionError, extract
from policywatch.monitor.fetch import CheckTarget
from policywatch.storage.packing import pack, sha256_hex
from policywatch.storage.records import Packed


@dataclass(frozen=True)
class Reading:
    extracted: Extracted | None = None
    fingerprint: str | None = None
    error: str | None = None  # why the page could not be read
    packed_body: Packed | None = None  # set when the text is new: ready to store
    packed_text: Packed | None = None


def known_text(target: CheckTarget) -> dict[str, Any]:
    """What ``read_page`` may compare a reading with: the newest version, when this extractor made it."""
    if target.latest_extractor != EXTRACTOR_VERSION:
        return {}
    return {"known_fingerprint": target.latest_fingerprint, "known_text_sha256": target.latest_text_sha256}


def read_page(
    body: bytes,
    content_type: str | None,
    select: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
    *,
    known_fingerprint: str | None = None,
    known_text_sha256: str | None = None,
    pack_new: bool = False,
) -> Reading:
    """A page that reads to exactly the newest version's text has that version's fingerprint, without
    computing it. ``pack_new`` (for worker processes): a new text comes back with the body and the text
    hashed and compressed, ready to store, and a known one without any text (the caller has it)."""
    try:
        extracted = extract(body, content_type, select=select, remove=remove)
    except ExtractionError as exc:
        return Reading(error=str(exc))
    if not extracted.text.strip():
        return Reading(error="the page has no readable text")
    text = extracted.text.encode("utf-8")
    if known_fingerprint and known_text_sha256 and sha256_hex(text) == known_text_sha256:
        fp = known_fingerprint
    else:
        fp = fingerprint(extracted.text)
    if not pack_new:
        return Reading(extracted=extracted, fingerprint=fp)
    if fp == known_fingerprint:
        return Reading(fingerprint=fp)
    return Reading(extracted=extracted, fingerprint=fp, packed_body=pack(body), packed_text=pack(text, prose=True))
