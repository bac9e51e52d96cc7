"""Persistent history of watches, raw snapshots, extracted versions and checks.

Everything outside this package talks to the database through :class:`storage.store.Store`.
"""

from storage.records import CheckRecord, VersionRecord, WatchRecord
from storage.store import Store, StorageError

__all__ = ["Store", "StorageError", "WatchRecord", "VersionRecord", "CheckRecord"]
