"""Re-deriving a watch's latest version from its stored snapshot when the extractor has changed.

Without this, every policywatch upgrade that improves extraction would look like a change of every
policy. The re-derived version is labelled "reextracted" and never alerts.
"""

from __future__ import annotations

from policywatch.monitor.canonical import fingerprint
from policywatch.monitor.extract import EXTRACTOR_VERSION, ExtractionError, extract
from policywatch.monitor.fetch import CheckTarget
from policywatch.storage.interfaces import PipelineStore
from policywatch.storage.records import NewVersion, VersionRecord


def reextract_latest(store: PipelineStore, target: CheckTarget) -> VersionRecord | None:
    """The new version if the current extractor reads the latest snapshot differently, else None."""
    latest = store.latest_version(target.watch_id)
    if latest is None or latest.extractor == EXTRACTOR_VERSION:
        return None
    snapshot = store.snapshot(latest.snapshot_id)
    try:
        extracted = extract(snapshot.body, snapshot.content_type, select=target.select, remove=target.remove)
    except ExtractionError:
        return None
    new_fp = fingerprint(extracted.text)
    version = NewVersion(text=extracted.text, fingerprint=new_fp, extractor=EXTRACTOR_VERSION, title=extracted.title)
    return store.record_reextracted(target.watch_id, latest.snapshot_id, version)
