from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from policywatch.storage import StorageError, Store
from policywatch.storage.errors import CorruptBlobError, DuplicateVersionError, UnknownWatchError
from policywatch.storage.records import NewVersion, SnapshotData
from tests.conftest import sqlite_only

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    s.sync_watches([("A", "https://a.example/p"), ("B", "https://b.example/p")])
    yield s
    s.close()


def snapshot(body: bytes = b"<p>hello</p>") -> SnapshotData:
    return SnapshotData(
        url="https://a.example/p",
        final_url="https://a.example/p",
        status=200,
        headers={"content-type": "text/html"},
        redirects=[],
        body=body,
        etag='"x"',
    )


def version(text: str = "hello\n", fingerprint: str = "f" * 64) -> NewVersion:
    return NewVersion(text=text, fingerprint=fingerprint, extractor="t-1", title="T")


def test_migrations_apply_on_first_use(store):
    from alembic.script import ScriptDirectory

    from policywatch.storage.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall() == [(head,)]


def test_the_known_head_is_the_newest_migration():
    """Opening a store checks the version against HEAD without loading Alembic: the two must agree."""
    from alembic.script import ScriptDirectory

    from policywatch.storage.migrate import HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD]


OLD_WATCH = (
    "INSERT INTO watches (name, url, active, created_at, consecutive_failures) "
    "VALUES ('Old', 'https://old.example/privacy', true, CURRENT_TIMESTAMP, 0)"
)


def database_at(db_url: str, revision: str, *rows: tuple[str, dict]) -> None:
    """A database migrated only up to ``revision``, holding ``rows`` (SQL, parameters) written then."""
    from alembic import command
    from sqlalchemy import text

    from policywatch.storage.engine import create_db_engine
    from policywatch.storage.migrate import alembic_config

    engine = create_db_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        for sql, params in rows:
            conn.execute(text(sql), params)
    engine.dispose()


def test_an_older_database_is_brought_to_the_newest_schema_keeping_its_rows(db_url):
    from policywatch.storage.migrate import HEAD

    database_at(db_url, "0005", (OLD_WATCH, {}))
    store = Store(db_url)
    assert store.schema_version() == HEAD
    assert [(w.name, w.url) for w in store.watches()] == [("Old", "https://old.example/privacy")]
    store.close()


def test_notice_kinds_of_older_alerts_move_from_the_key_to_their_column(db_url):
    alert = (
        "INSERT INTO alerts (key, watch_id, destination, kind, level, status, created_at, next_attempt_at, attempts) "
        "VALUES (:key, 1, 'email', :kind, 'minor', 'sent', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
    )
    keys = {
        "policywatch-1-broken-1764700000-email": "notice",
        "policywatch-1-unstable-v3-email": "notice",
        "policywatch-1-v2-email": "change",
    }
    database_at(db_url, "0008", (OLD_WATCH, {}), *((alert, {"key": k, "kind": v}) for k, v in keys.items()))
    store = Store(db_url)
    found = {a.key: a.notice for a in store.alerts()}
    assert found == {
        "policywatch-1-broken-1764700000-email": "broken",
        "policywatch-1-unstable-v3-email": "unstable",
        "policywatch-1-v2-email": None,
    }
    store.close()


@sqlite_only
def test_sqlite_pragmas_hold(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    con = sqlite3.connect(tmp_path / "pw.db")
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    store.close()


def test_versions_number_per_watch_and_dedupe_text(store):
    a = store.watch("A")
    _, v1 = store.record_version(a.id, started_at=NOW, duration_ms=5, snapshot=snapshot(), version=version())
    with pytest.raises(DuplicateVersionError):  # the same newest text twice (e.g. from two workers)
        store.record_version(a.id, started_at=NOW, duration_ms=5, snapshot=snapshot(), version=version())
    check, v2 = store.record_version(
        a.id,
        started_at=NOW + timedelta(hours=1),
        duration_ms=5,
        snapshot=snapshot(),
        version=version(fingerprint="e" * 64),
    )
    assert (v1.number, v2.number, check.outcome) == (1, 2, "changed")
    assert v1.text_sha256 == v2.text_sha256
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM blobs").scalar() == 2  # body + text, once each
    assert store.version_text(v2) == "hello\n"
    assert [v.number for v in store.versions(a.id)] == [2, 1]
    assert store.versions(a.id)[0].created_at == NOW + timedelta(hours=1)  # aware UTC round trip
    assert store.watch("A").etag == '"x"' and store.watch("A").versions == 2
    # what a check compares a new reading with: the newest version's fingerprint and text hash
    newest = store.watch("A")
    assert (newest.latest_fingerprint, newest.latest_text_sha256) == ("e" * 64, v2.text_sha256)


def test_failure_counts_and_recovery(store):
    b = store.watch("B")
    store.record_failure(b.id, started_at=NOW, duration_ms=3, error="HTTP 500", http_status=500)
    store.record_failure(b.id, started_at=NOW, duration_ms=3, error="timed out")
    state = store.watch("B")
    assert (state.consecutive_failures, state.last_error, state.versions) == (2, "timed out", 0)
    store.record_unchanged(b.id, started_at=NOW, duration_ms=3, outcome="unchanged", http_status=200)
    assert store.watch("B").consecutive_failures == 0


def test_a_failed_write_leaves_nothing_behind(store, monkeypatch):
    a = store.watch("A")
    import policywatch.storage.sql.recording as recording
    import policywatch.storage.sql.rows as rows

    real_put, calls = rows.put_blob, []

    def exploding_put(session, data):
        calls.append(data)
        if len(calls) == 2:  # after the snapshot body, while writing the text
            raise OSError("No space left on device")
        return real_put(session, data)

    for module in (rows, recording):  # the snapshot's body, then the version's text
        monkeypatch.setattr(module, "put_blob", exploding_put)
    with pytest.raises(OSError):
        store.record_version(a.id, started_at=NOW, duration_ms=1, snapshot=snapshot(), version=version())
    monkeypatch.undo()
    with store.engine.connect() as conn:
        for table in ("blobs", "snapshots", "versions", "checks"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0, table


def test_corrupted_blob_is_detected(store):
    a = store.watch("A")
    _, v = store.record_version(a.id, started_at=NOW, duration_ms=1, snapshot=snapshot(), version=version())
    import zlib

    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE blobs SET data = :b WHERE sha256 = :d"), {"b": zlib.compress(b"tampered"), "d": v.text_sha256}
        )
    with pytest.raises(CorruptBlobError, match="does not match its hash"):
        store.version_text(v)


def test_blobs_are_stored_as_zstandard_and_older_zlib_and_bz2_blobs_still_read(store):
    import bz2
    import zlib

    import zstandard
    from sqlalchemy import text

    a = store.watch("A")
    policy = "We keep your data for three years after your last order.\n" * 40
    _, v = store.record_version(
        a.id, started_at=NOW, duration_ms=1, snapshot=snapshot(b"<p>" + policy.encode() * 3), version=version(policy)
    )
    with store.engine.connect() as conn:
        packed = dict(conn.execute(text("SELECT sha256, data FROM blobs")).fetchall())
    unzstd = zstandard.ZstdDecompressor().decompress
    assert packed[v.text_sha256].startswith(b"\x28\xb5\x2f\xfd") and unzstd(packed[v.text_sha256]) == policy.encode()
    assert store.version_text(v) == policy
    (body,) = [data for digest, data in packed.items() if digest != v.text_sha256]
    assert unzstd(body).startswith(b"<p>We keep") and store.snapshot(v.snapshot_id).body.startswith(b"<p>")
    for older in (zlib.compress, bz2.compress):  # as databases written before Zstandard hold them
        with store.engine.begin() as conn:
            conn.execute(
                text("UPDATE blobs SET data = :b WHERE sha256 = :d"), {"b": older(policy.encode()), "d": v.text_sha256}
            )
        assert store.version_text(v) == policy
    for cut in (bz2.compress, zstandard.ZstdCompressor().compress):
        with store.engine.begin() as conn:
            conn.execute(
                text("UPDATE blobs SET data = :b WHERE sha256 = :d"),
                {"b": cut(policy.encode())[:-9], "d": v.text_sha256},
            )
        with pytest.raises(CorruptBlobError, match="cannot be decompressed"):
            store.version_text(v)


def test_sync_keeps_history_of_removed_watches(store):
    a = store.watch("A")
    store.record_version(a.id, started_at=NOW, duration_ms=1, snapshot=snapshot(), version=version())
    store.sync_watches([("B", "https://b.example/p")])
    assert [w.name for w in store.watches()] == ["B"]
    assert store.watch("A").active is False and store.watch("A").versions == 1
    store.sync_watches([("A", "https://a.example/moved"), ("B", "https://b.example/p")])
    moved = store.watch("A")
    assert moved.active and moved.url == "https://a.example/moved" and moved.etag is None


def test_unknown_watch(store):
    with pytest.raises(UnknownWatchError):
        store.watch("nobody")


def test_naive_datetimes_are_refused(store):
    with pytest.raises(Exception, match="naive datetime"):
        store.record_failure(store.watch("A").id, started_at=datetime(2026, 1, 1), duration_ms=1, error="x")


def test_unopenable_database_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match="cannot open database"):
        Store(f"sqlite:///{blocker}/sub/pw.db")


def test_migrations_match_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from policywatch.storage.models import Base

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_housekeeping_drops_old_failure_snapshots_and_checks_but_never_versions(store):
    a = store.watch("A")
    old, recent = NOW - timedelta(days=200), NOW - timedelta(days=1)
    _, v1 = store.record_version(
        a.id, started_at=old, duration_ms=5, snapshot=snapshot(b"<p>policy</p>"), version=version()
    )
    # an old suspect page; one with the same bytes as the version's snapshot; a recent one
    store.record_failure(
        a.id,
        started_at=old,
        duration_ms=3,
        error="a cookie wall",
        outcome="suspect",
        snapshot=snapshot(b"<p>Accept cookies</p>"),
    )
    store.record_failure(
        a.id, started_at=old, duration_ms=3, error="again", outcome="suspect", snapshot=snapshot(b"<p>policy</p>")
    )
    store.record_failure(
        a.id,
        started_at=recent,
        duration_ms=3,
        error="a JS challenge",
        outcome="suspect",
        snapshot=snapshot(b"<p>Just a moment</p>"),
    )
    store.record_unchanged(a.id, started_at=old, duration_ms=3, outcome="unchanged", http_status=200)
    assert [c.snapshot_id is not None for c in store.checks(a.id)] == [False, True, True, True, False]

    report = store.housekeep(NOW, keep_failed_snapshots=timedelta(days=90), keep_checks=timedelta(days=365))
    assert (report.snapshots, report.checks, report.blobs) == (2, 0, 1)
    assert report.bytes == len(b"<p>Accept cookies</p>")
    assert store.snapshot(v1.snapshot_id).body == b"<p>policy</p>"  # shared bytes stay for the version
    kept = store.checks(a.id)
    assert len(kept) == 5 and [c.snapshot_id is not None for c in kept] == [False, True, False, False, False]

    report = store.housekeep(NOW, keep_failed_snapshots=None, keep_checks=timedelta(days=30))
    assert (report.snapshots, report.checks) == (0, 3)  # the old checks without a version
    assert [c.outcome for c in store.checks(a.id)] == ["suspect", "new"]
    assert store.version_text(store.version(a.id, 1)) == "hello\n"
    assert store.verify()[1] == []


def test_unchanged_checks_written_together_update_each_watch(store):
    from policywatch.storage.records import UnchangedCheck

    a, b = store.watch("A"), store.watch("B")
    store.claim_due("me", NOW, timedelta(minutes=5))
    due = NOW + timedelta(hours=6)
    store.record_unchanged_many(
        [
            UnchangedCheck(a.id, NOW, 5, "unchanged", 200, etag='"e2"', body_sha256="c" * 64, next_due_at=due),
            UnchangedCheck(b.id, NOW, 7, "not_modified", 304),
        ]
    )
    a2, b2 = store.watch("A"), store.watch("B")
    assert (a2.last_outcome, a2.etag, a2.body_sha256) == ("unchanged", '"e2"', "c" * 64)
    assert b2.last_outcome == "not_modified" and b2.etag is None
    assert [c.outcome for c in store.checks(a.id)] == ["unchanged"]
    assert store.next_due()["A"] == due and store.lease_owners() == {"me"}  # B stays leased: no schedule given


def test_a_pass_beside_a_running_one_skips_the_hosts_it_is_fetching_from(store):
    store.sync_watches([("A", "https://a.example/p"), ("A2", "https://A.example:443/q"), ("B", "https://b.example/p")])
    assert store.claim_due("me", NOW, timedelta(minutes=5), skip_hosts=["a.example"]) == ["B"]
    assert sorted(store.claim_due("me", NOW + timedelta(minutes=6), timedelta(minutes=5))) == ["A", "A2", "B"]


def test_reading_store_writes_nothing_and_refuses_writes(db_url, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's read-only open; PostgreSQL's read-only transactions are tested by the CLI runs")
    writable = Store(db_url)
    writable.sync_watches([("A", "https://a.example/p")])
    writable.close()
    reader = Store(db_url, read_only=True)
    assert reader.read_only and [w.name for w in reader.watches()] == ["A"]
    with pytest.raises(StorageError):
        reader.sync_watches([("B", "https://b.example/p")])
    reader.close()
    assert not Store(f"sqlite:///{tmp_path / 'absent.db'}", read_only=True).read_only  # nothing to read: created


def test_releasing_idle_connections_keeps_everything_and_frees_their_caches(store, tmp_path):
    """The daemon calls this after each pass; a connection in use goes on working. On SQLite the idle
    connections are closed but one stays open, so the write-ahead log is never deleted."""
    with store.engine.connect() as busy:  # checked out across the release, as a delivery thread might be
        store.watches()  # another connection, returned to the pool idle
        store.release_idle()
        assert busy.exec_driver_sql("SELECT count(*) FROM watches").scalar() == 2
    assert [w.name for w in store.watches()] == ["A", "B"]
    store.sync_watches([("A", "https://a.example/p"), ("B", "https://b.example/p"), ("C", "https://c.example/p")])
    if store.engine.dialect.name == "sqlite":
        assert store.engine.pool.checkedin() == 1  # the one connection used since: the old ones were closed
    assert [w.name for w in store.watches()] == ["A", "B", "C"]


@sqlite_only
def test_releasing_idle_connections_never_deletes_the_write_ahead_log(tmp_path):
    """Closing the pool's last connection would checkpoint and delete the log, which a full disk
    could not create again; the one connection the store keeps open prevents that."""
    import gc

    store = Store(f"sqlite:///{tmp_path / 'p.db'}")
    store.sync_watches([("A", "https://a.example/p")])
    store.release_idle()
    gc.collect()
    assert (tmp_path / "p.db-wal").exists()
    assert [w.name for w in store.watches()] == ["A"]
    store.close()
