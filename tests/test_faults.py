"""Storage and process faults, SSRF through webhooks, and fuzzed extractor input: nothing lost, nobody let in."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from policywatch.crawler.addresses import resolved_problem
from policywatch.monitor.compare import build_policy
from policywatch.monitor.extract import ExtractionError, extract
from policywatch.monitor.fetch import CheckTarget
from policywatch.monitor.pipeline import CheckPipeline
from policywatch.storage import Store
from tests.conftest import ROBOTS_ALLOW, sqlite_only, summary
from tests.fakes import fetched
from tests.hookkit import HookReceiver
from tests.sitekit import LocalSite, policy_page, seed_texts

NOW = datetime(2026, 3, 2, tzinfo=UTC)


# -- SSRF through webhooks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://2130706433/hook",
        "http://0x7f.1/hook",
        "http://0177.0.0.1/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.1.1/",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://[fd00::1]/",
        "http://localhost:8080/hook",
        "file:///etc/passwd",
        "gopher://example.org/",
        "ftp://example.org/",
    ],
)
def test_webhook_urls_get_the_same_ssrf_guard_as_watches(url):
    problem = resolved_problem(url, allow_private=False)
    assert problem and ("refused" in problem or "only http and https" in problem), (url, problem)


def test_public_webhook_urls_pass_the_guard():
    assert resolved_problem("https://93.184.216.34/hook", allow_private=False) is None


def test_a_webhook_to_a_private_address_is_refused_not_posted(seeds, project):
    hook = HookReceiver()  # on 127.0.0.1, while the watched site is on 127.0.0.2 (allowed by CIDR)
    try:
        with LocalSite(host="127.0.0.2") as site:
            site.pages["/robots.txt"] = ROBOTS_ALLOW
            text = seeds["ionect-privacy-policy"]
            site.html("/p", text)
            project.crawler = {"allow_networks": ["127.0.0.2/32"], "retries": 0, "timeout": 5}
            project.write(
                [{"name": "Ionect", "url": site.url("/p")}],
                alerts={"webhooks": [{"name": "internal", "url": hook.url}]},
            )
            assert project.run("check").returncode == 0
            site.html("/p", text.replace("within three years", "within five years"))
            proc = project.run("check")
        assert proc.returncode == 1
        assert "refused: 127.0.0.1 is a loopback address" in proc.stderr
        assert hook.posts == []
        listing = project.run("alerts").stdout
        assert listing.startswith("failed ") and "loopback" in listing
    finally:
        hook.close()


# -- storage faults -------------------------------------------------------------------------------


def target(store: Store) -> CheckTarget:
    w = store.watch("A")
    return CheckTarget(
        watch_id=w.id,
        name=w.name,
        url=w.url,
        body_sha256=w.body_sha256,
        latest_fingerprint=w.latest_fingerprint,
        latest_extractor=w.latest_extractor,
    )


@sqlite_only
def test_disk_full_while_storing_a_version_fails_cleanly_and_the_next_pass_recovers(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'pw.db'}")
    store.sync_watches([("A", "https://a.example/p")])
    seeds = seed_texts()
    first = policy_page(seeds["ionect-privacy-policy"]).encode()
    assert CheckPipeline(store).process(target(store), fetched(first, at=NOW)).outcome == "new"
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    full = {"on": True}

    @event.listens_for(store.engine, "connect")
    def cap(dbapi_conn, _record):  # SQLite's own "database or disk is full", as on a full disk
        if full["on"]:
            dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    store.engine.dispose()
    big = policy_page(seeds["conneqtech-privacy-statement"] + "\n" + seeds["iconnek-privacy-policy"]).encode()
    outcome = CheckPipeline(store).process(target(store), fetched(big, at=NOW + timedelta(hours=1)))
    assert outcome.outcome == "failed" and "full" in outcome.error
    assert [v.number for v in store.versions(store.watch("A").id)] == [1]
    assert "Ionect" in store.version_text(store.version(store.watch("A").id, 1))
    full["on"] = False
    store.engine.dispose()
    assert CheckPipeline(store).process(target(store), fetched(big, at=NOW + timedelta(hours=2))).outcome == "changed"
    assert store.verify()[1] == []
    store.close()


@sqlite_only
def test_a_locked_database_is_waited_for_not_lost(site, seeds, project):
    site.html("/p", seeds["ionect-privacy-policy"])
    project.write([{"name": "Ionect", "url": site.url("/p")}])
    assert project.run("check").returncode == 0
    site.html("/p", seeds["ionect-privacy-policy"].replace("within three years", "within five years"))
    con = sqlite3.connect(project.db, isolation_level=None, check_same_thread=False)
    con.execute("BEGIN IMMEDIATE")  # another writer holds the lock while the check runs
    releaser = threading.Timer(3.0, lambda: con.execute("COMMIT"))
    releaser.start()
    try:
        proc = project.run("check")
    finally:
        releaser.join()
        con.close()
    assert summary(proc) == "1 checked, 0 new, 1 changed, 0 unchanged, 0 failed", proc.stderr
    assert "v2" in project.run("history", "Ionect").stdout


def test_db_check_finds_a_damaged_text_and_names_its_version(site, seeds, project):
    site.html("/p", seeds["ionect-privacy-policy"])
    project.write([{"name": "Ionect", "url": site.url("/p")}])
    assert project.run("check").returncode == 0
    ok = project.run("db", "check")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: 2 stored blobs verified")
    [(digest,)] = project.query("SELECT text_sha256 FROM versions")
    import zlib

    project.query("UPDATE blobs SET data = :b WHERE sha256 = :d", b=zlib.compress(b"tampered"), d=digest)
    bad = project.run("db", "check")
    assert bad.returncode == 1
    assert f"problem: blob {digest[:12]} does not match its hash (used by Ionect v1 text)" in bad.stderr
    assert "1 problem found in 2 stored blobs" in bad.stderr


# -- process faults -------------------------------------------------------------------------------


def test_kill_9_at_random_points_twenty_times_leaves_a_consistent_history(seeds, project):
    """Each round: a page changes, `check` starts and is killed at a random moment. At the end one clean
    pass runs. Every watch's history is then gapless, no text is stored twice in a row, and every
    change alert reached the receiver exactly once per idempotency key, with none left behind."""
    rng = random.Random(20261123)
    hook = HookReceiver()
    texts = {
        name: seeds[seed]
        for name, seed in (
            ("A", "ionect-privacy-policy"),
            ("B", "imageplus-privacy-notice"),
            ("C", "iconnek-privacy-policy"),
        )
    }
    try:
        with LocalSite() as site:
            site.pages["/robots.txt"] = ROBOTS_ALLOW
            for name, text in texts.items():
                site.html(f"/{name}", text)
            project.write(
                [{"name": n, "url": site.url(f"/{n}")} for n in texts],
                alerts={"webhooks": [{"name": "h", "url": hook.url}]},
            )
            assert project.run("check").returncode == 0
            for round_ in range(20):
                name = rng.choice(sorted(texts))
                site.html(f"/{name}", texts[name] + f"\n\nRevision note {round_}: we reviewed this policy.\n")
                proc = subprocess.Popen(
                    [sys.executable, "-m", "policywatch", "--config", str(project.config), "check"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(rng.uniform(0.05, 1.5))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            final = project.run("check")
            assert final.returncode == 0, final.stderr
            assert project.run("alerts", "send").returncode == 0
        for (watch_id,) in project.query("SELECT id FROM watches"):
            rows = project.query(
                "SELECT number, fingerprint FROM versions WHERE watch_id = :w ORDER BY number", w=watch_id
            )
            assert [n for n, _ in rows] == list(range(1, len(rows) + 1))
            assert all(a[1] != b[1] for a, b in zip(rows, rows[1:])), "the same text stored twice in a row"
        changes = project.query("SELECT count(*) FROM versions WHERE number > 1")[0][0]
        alerts = project.query("SELECT key, status FROM alerts")
        assert changes >= 1 and len(alerts) == changes
        assert {status for _, status in alerts} == {"sent"}
        received = [headers["Idempotency-Key"] for headers, _, status in hook.posts if status == 200]
        assert sorted(set(received)) == sorted(key for key, _ in alerts)  # each alert arrived
        assert project.run("db", "check").returncode == 0
    finally:
        hook.close()


# -- fuzzed input to the extractors ----------------------------------------------------------------

TAGS = ["p", "div", "h1", "h2", "li", "ul", "table", "tr", "td", "th", "script", "style", "nav", "main", "a", "br"]
fragments = st.one_of(
    st.text(max_size=40),
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(
        [
            "&amp;",
            "&#x0;",
            "&#99999999;",
            "<!--",
            "-->",
            "<![CDATA[",
            "| a | b |",
            "# ",
            "- ",
            "\x00",
            "\ufeff",
            "<meta charset='utf-16'>",
            "<base href='javascript:'>",
            "Last updated: 31 February 2026",
        ]
    ),
)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(fragments, max_size=60),
    kind=st.sampled_from(["text/html", "text/markdown", "text/plain", None]),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
)
@example(parts=["\x1f", "<meta charset='utf-16'>", "0"], kind="text/html", encoding="utf-16")  # found by this test
def test_extractors_never_raise_anything_but_a_clear_refusal(parts, kind, encoding):
    body = "".join(parts).encode(encoding, errors="replace")
    started = time.monotonic()
    try:
        extracted = extract(body, kind)
    except ExtractionError as exc:
        assert str(exc)
        return
    build_policy(extracted.text, extracted.title)  # the analysis takes whatever extraction gives
    assert time.monotonic() - started < 2.0
