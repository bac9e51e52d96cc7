"""Delivery that no receiver can hold up or lose: an overall deadline per attempt, Retry-After,
payloads fitted to each chat service, and user templates bounded in time and size."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from policywatch.alerts import deadline as limits
from policywatch.alerts.content import AlertContent
from policywatch.alerts.email import EmailDestination
from policywatch.alerts.errors import DeliveryError
from policywatch.alerts.formats import FORMATS
from policywatch.alerts.outbox import deliver
from policywatch.alerts.render import RENDER_SECONDS, render_with_fallback
from policywatch.alerts.webhooks import WebhookDestination
from policywatch.config import EmailConfig, WebhookConfig
from policywatch.storage import Store
from tests.hookkit import HookReceiver


def content(events: int = 2, sentence: str = "processor added: HubSpot") -> AlertContent:
    return AlertContent(
        key="policywatch-1-v2-hook",
        kind="change",
        watch="Ionect",
        url="https://ionect.example/",
        level="material",
        subject="[policywatch] Ionect",
        headline="processor added (HubSpot)",
        created_at=datetime.now(UTC),
        old_version=1,
        new_version=2,
        events=[("material", f"{sentence} {i}") for i in range(events)],
        viewer_url="http://127.0.0.1:8080/watches/Ionect/diff?from=1&to=2",
    )


class Trickle:
    """A TCP server that accepts and then sends one byte every ``every`` seconds, for ever."""

    def __init__(self, first: bytes = b"H", every: float = 1.0) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.first, self.every = first, every
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.drip, args=(conn,), daemon=True).start()

    def drip(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.sendall(self.first)
                while not self.stop.wait(self.every):
                    conn.sendall(b"x")
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def short_deadline(monkeypatch):
    monkeypatch.setattr(limits, "DELIVERY_DEADLINE", 3.0)
    return 3.0


def test_a_trickling_webhook_receiver_cannot_hold_a_delivery(short_deadline):
    server = Trickle(first=b"HTTP/1.1 200 OK\r\n", every=1.0)  # each read succeeds well within its timeout
    try:
        started = time.monotonic()
        with pytest.raises(DeliveryError) as failed:
            WebhookDestination(WebhookConfig(name="hook", url=f"http://127.0.0.1:{server.port}/hook")).send(content())
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < short_deadline + 3, took
    assert "no complete answer within 3 s" in str(failed.value)


def test_a_trickling_smtp_server_cannot_hold_a_delivery(short_deadline):
    server = Trickle(first=b"220-", every=1.0)  # a greeting that never ends
    try:
        started = time.monotonic()
        destination = EmailDestination(
            EmailConfig(
                host="127.0.0.1", port=server.port, security="none", sender="pw@example.org", to=("dpo@example.org",)
            )
        )
        with pytest.raises(DeliveryError) as failed:
            destination.send(content())
        took = time.monotonic() - started
    finally:
        server.close()
    assert took < short_deadline + 3, took
    assert "no complete exchange within 3 s" in str(failed.value)


def test_retry_after_is_honoured(db_url):
    store = Store(db_url)
    store.add_alert("hook", kind="test", level="minor", key="policywatch-test-1-hook")
    hook = HookReceiver(statuses=[429], headers={"Retry-After": "600"})
    try:
        report = deliver(store, {"hook": WebhookDestination(WebhookConfig(name="hook", url=hook.url))}, urls={})
    finally:
        hook.close()
    assert report.retrying == 1
    [alert] = store.alerts()
    assert alert.status == "pending"
    assert alert.next_attempt_at >= datetime.now(UTC) + timedelta(seconds=590)


@pytest.mark.parametrize("format, limit", [("slack", 3000), ("discord", 4096), ("teams", 28_000)])
def test_chat_payloads_fit_each_services_documented_limits(format, limit):
    body = FORMATS[format](content(events=10, sentence="processor added: " + "Acme " * 400))
    if format == "slack":
        texts = [b["text"]["text"] for b in body["blocks"] if b["type"] in ("section", "header")]
        assert all(len(t) <= 3000 for t in texts) and len(body["blocks"][0]["text"]["text"]) <= 150
        assert "more (see the full diff)" in body["blocks"][1]["text"]["text"]
    elif format == "discord":
        embed = body["embeds"][0]
        assert len(embed["description"]) <= 4096 and len(embed["title"]) <= 256
        assert sum(len(str(v)) for v in embed.values()) <= 6000
    else:
        assert len(json.dumps(body)) <= limit


def test_a_chat_service_refusing_our_payload_gets_a_smaller_one_and_the_alert_is_sent():
    hook = HookReceiver(statuses=[400, 200])
    try:
        WebhookDestination(WebhookConfig(name="hook", url=hook.url, format="slack")).send(content(events=10))
    finally:
        hook.close()
    (_, first, status1), (_, second, status2) = hook.posts
    assert (status1, status2) == (400, 200)
    assert len(second) < len(first) and "processor added (HubSpot)" in second.decode()


@pytest.mark.parametrize(
    "template",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}",
        "{% for i in range(9999) %}{% for j in range(9999) %}{% for k in range(9999) %}{% endfor %}{% endfor %}{% endfor %}",
        "{{ 'x' * 1000000000 }}",
        "{{ 2 ** 100000000 }}",
    ],
)
def test_a_runaway_user_template_falls_back_to_the_built_in_one_quickly(tmp_path, template):
    user = tmp_path / "alert.txt"
    user.write_text(template, encoding="utf-8")
    started = time.monotonic()
    text = render_with_fallback(str(user), "email.txt", content(), html=False)
    assert time.monotonic() - started < RENDER_SECONDS + 3
    assert "processor added: HubSpot 0" in text  # the built-in template's output


def test_an_ordinary_user_template_still_renders(tmp_path):
    user = tmp_path / "alert.txt"
    user.write_text(
        "{% for level, s in c.events %}{{ loop.index }}. {{ s }}\n{% endfor %}{{ range(3) | list }}", encoding="utf-8"
    )
    text = render_with_fallback(
        str(user), "email.txt", replace(content(), events=[("minor", "a"), ("minor", "b")]), html=False
    )
    assert text == "1. a\n2. b\n[0, 1, 2]"


def test_opening_an_unchanged_watch_list_writes_nothing(tmp_path):
    """Read-only commands (history, watches, the viewer) open the store and sync the config: on a
    full disk that must still work when the watch list did not change."""
    from sqlalchemy import event

    db = tmp_path / "pw.db"
    store = Store(f"sqlite:///{db}")
    store.sync_watches([("A", "https://a.example/p"), ("B", "https://b.example/p")])
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.close()
    store = Store(f"sqlite:///{db}")

    @event.listens_for(store.engine, "connect")
    def full(dbapi_conn, _record):  # SQLite's own "database or disk is full", as on a full disk
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    store.engine.dispose()
    writes = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda conn, cursor, sql, *a: (
            writes.append(sql) if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) else None
        ),
    )
    store.sync_watches([("A", "https://a.example/p"), ("B", "https://b.example/p")])
    assert writes == []
    assert [w.name for w in store.watches()] == ["A", "B"]
    store.sync_watches([("A", "https://a.example/p")])  # a real change still writes
    assert any(sql.lstrip().upper().startswith("UPDATE") for sql in writes)
    store.close()
