"""The one store of persistent state: watches, checks, snapshots, versions, blobs, alerts and reviews.

Its parts live in storage/sql/, one per concern (the interfaces in storage/interfaces.py); a caller
names the narrow interface it needs.
"""

from __future__ import annotations

from policywatch.storage.blobs import sha256_hex
from policywatch.storage.errors import StorageError
from policywatch.storage.sql.history import HistorySQL
from policywatch.storage.sql.leases import LeasesSQL
from policywatch.storage.sql.maintenance import MaintenanceSQL
from policywatch.storage.sql.outbox import OutboxSQL
from policywatch.storage.sql.recording import RecordingSQL
from policywatch.storage.sql.reviews import ReviewsSQL
from policywatch.storage.sql.rows import CLAIM_LOCK, SYNC_LOCK, utcnow
from policywatch.storage.sql.watches import WatchesSQL


class Store(WatchesSQL, HistorySQL, RecordingSQL, LeasesSQL, OutboxSQL, ReviewsSQL, MaintenanceSQL):
    """Opens (and migrates) a database given by an SQLAlchemy URL."""


__all__ = ["CLAIM_LOCK", "SYNC_LOCK", "StorageError", "Store", "sha256_hex", "utcnow"]
