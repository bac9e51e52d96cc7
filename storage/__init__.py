"""Persistent history of watches, raw snapshots, extracted versions and checks.

Everything outside this package talks to the database through :class:`storage.store.Store`.
The store (and SQLAlchemy) load on first use, so that processes which only pack bytes
(:mod:`storage.packing`, in the page-reading workers) start without them.
"""

from policywatch.storage.records import CheckRecord, VersionRecord, WatchRecord

__all__ = ["Store", "StorageError", "WatchRecord", "VersionRecord", "CheckRecord"]


def __getattr__(name: str):
    if name in ("Store", "StorageError"):
        from policywatch.storage import store

        return getattr(store, name)
    raise AttributeError(f"module 'storage' has no attribute {name!r}")
