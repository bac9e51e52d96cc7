"""Alerts end to end: `policywatch check` on a real local site, a real SMTP server with STARTTLS and AUTH,
and a real webhook receiver. Outages, retries, routing, levels and hostile page text."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC

import jsonschema
import pytest

from tests.conftest import summary
from tests.hookkit import SCHEMA, HookReceiver
from tests.mailkit import PASSWORD, MailServer


def setup_watch(site, project, text, alerts: dict, **watch) -> None:
    site.html("/privacy", text)
    project.write([{"name": "Ionect", "url": site.url("/privacy"), **watch}], alerts=alerts)
    first = project.run("check")
    assert first.returncode == 0, first.stderr


def add_hubspot(text: str) -> str:
    return text.replace(
        "which handles email for our @ionect.tech mailboxes.\n",
        "which handles email for our @ionect.tech mailboxes.\n"
        "  • HubSpot, Inc. (United States), our marketing automation platform, which stores newsletter subscribers.\n",
    )


def parts(message) -> tuple[str, str]:
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def test_change_becomes_an_email_and_a_signed_webhook(site, seeds, project, mail, hook, monkeypatch):
    monkeypatch.setenv("POLICYWATCH_TEST_HOOK_SECRET", "hook-secret")
    text = seeds["ionect-privacy-policy"]
    alerts = {
        "min_level": "minor",
        "viewer_url": "http://127.0.0.1:8080",
        "email": mail.config(),
        "webhooks": [{"name": "team-chat", "url": hook.url, "secret_env": "POLICYWATCH_TEST_HOOK_SECRET"}],
    }
    setup_watch(site, project, text, alerts)
    assert mail.inbox.messages == [] and hook.posts == []  # a first version is not a change

    site.html("/privacy", add_hubspot(text))
    proc = project.run("check")
    assert proc.returncode == 0, proc.stderr
    assert summary(proc) == "1 checked, 0 new, 1 changed, 0 unchanged, 0 failed"
    assert "alerts: 2 sent, 0 to retry, 0 failed" in proc.stdout

    [message] = mail.inbox.messages
    assert mail.inbox.logins == ["alerts@example.org"] and mail.inbox.tls_sessions == 1
    assert message["Subject"] == "[policywatch] Ionect privacy policy: processor added (HubSpot, Inc.)"
    assert message["To"] == "dpo@example.org" and message["Message-ID"].startswith("<policywatch-")
    plain, html = parts(message)
    for body in (plain, html):
        assert "Ionect" in body and "processor added: HubSpot, Inc." in body
        assert "Who we share your data with" in body
    assert "Full diff: http://127.0.0.1:8080/watches/Ionect/diff?from=1&to=2" in plain
    assert 'href="http://127.0.0.1:8080/watches/Ionect/diff?from=1&amp;to=2"' in html
    assert "{+HubSpot, Inc. (United States), our marketing automation platform" in plain
    assert '<ins style="background:#dafbe1;color:#116329;text-decoration:none;">HubSpot, Inc. (United States)' in html

    [(headers, body, status)] = hook.posts
    payload = json.loads(body)
    jsonschema.validate(payload, SCHEMA)
    assert payload["watch"] == "Ionect" and payload["level"] == "material"
    assert payload["versions"] == {"old": 1, "new": 2}
    assert any(e["type"] == "processor_added" and "HubSpot" in e["name"] for e in payload["events"])
    expected = hmac.new(b"hook-secret", body, hashlib.sha256).hexdigest()
    assert headers["X-Policywatch-Signature"] == f"sha256={expected}"
    assert headers["Idempotency-Key"] == payload["id"]


def test_smtp_outage_loses_nothing_and_delivers_once(site, seeds, project, mail):
    text = seeds["ionect-privacy-policy"]
    setup_watch(site, project, text, {"email": mail.config()})
    mail.stop()
    site.html("/privacy", text.replace("within three years", "within five years"))
    proc = project.run("check")
    assert proc.returncode == 1
    assert summary(proc) == "1 checked, 0 new, 1 changed, 0 unchanged, 0 failed"
    assert "alert not delivered: Ionect → email: SMTP 127.0.0.1" in proc.stderr
    listing = project.run("alerts").stdout
    assert listing.startswith("pending  material  Ionect → email  (1 attempt,") and "last error: SMTP" in listing

    mail.start()
    sent = project.run("alerts", "send")
    assert sent.returncode == 0 and "alerts: 1 sent, 0 to retry, 0 failed" in sent.stdout
    assert len(mail.inbox.messages) == 1
    assert "retention changed: 3 years → 5 years" in parts(mail.inbox.messages[0])[0]
    again = project.run("alerts", "send")
    assert "alerts: 0 sent" in again.stdout and len(mail.inbox.messages) == 1
    assert project.query("SELECT ok FROM alert_attempts ORDER BY id") == [(0,), (1,)]


def test_webhook_500_then_200_is_delivered_once_with_attempts_recorded(site, seeds, project):
    hook = HookReceiver(statuses=[500, 200])
    try:
        text = seeds["ionect-privacy-policy"]
        setup_watch(site, project, text, {"webhooks": [{"name": "siem", "url": hook.url}]})
        site.html("/privacy", add_hubspot(text))
        first = project.run("check")
        assert first.returncode == 1 and "alert not delivered: Ionect → siem: POST siem: HTTP 500" in first.stderr
        assert project.run("alerts", "send").returncode == 0
        assert [status for _, _, status in hook.posts] == [500, 200]
        assert len(hook.delivered()) == 1
        keys = {headers["Idempotency-Key"] for headers, _, _ in hook.posts}
        assert len(keys) == 1  # the retry carries the same key
        attempts = project.query("SELECT ok, error FROM alert_attempts ORDER BY id")
        assert attempts == [(0, "POST siem: HTTP 500"), (1, None)]
        assert project.query("SELECT status, attempts FROM alerts") == [("sent", 2)]
    finally:
        hook.close()


def test_levels_and_per_watch_routing(site, seeds, project, mail, hook):
    text = seeds["ionect-privacy-policy"]
    alerts = {
        "min_level": "material",
        "email": mail.config(),
        "webhooks": [{"name": "team-chat", "url": hook.url, "min_level": "minor"}],
    }
    setup_watch(site, project, text, alerts, notify=["team-chat"])
    site.html("/privacy", text.replace("Last updated: May 20th, 2026", "Last updated: November 2nd, 2026"))
    assert project.run("check").returncode == 0
    assert len(hook.delivered()) == 1 and hook.delivered()[0]["level"] == "minor"
    site.html("/privacy", add_hubspot(text))
    assert project.run("check").returncode == 0
    assert [p["level"] for p in hook.delivered()] == ["minor", "material"]
    assert mail.inbox.messages == []  # email is not in this watch's notify list


def test_minimum_level_holds_back_minor_changes(site, seeds, project, hook):
    text = seeds["ionect-privacy-policy"]
    setup_watch(site, project, text, {"min_level": "material", "webhooks": [{"name": "h", "url": hook.url}]})
    site.html("/privacy", text.replace("Last updated: May 20th, 2026", "Last updated: November 2nd, 2026"))
    assert project.run("check").returncode == 0
    assert hook.posts == []
    assert project.run("alerts").stdout.strip() == "no alerts yet"


def test_hostile_page_text_stays_inert(site, seeds, project, mail, hook):
    text = seeds["ionect-privacy-policy"]
    setup_watch(site, project, text, {"email": mail.config(), "webhooks": [{"name": "h", "url": hook.url}]})
    evil = "Evil {{ 7*7 }} <script>alert`1`</script>"
    hostile = text.replace(
        "which handles email for our @ionect.tech mailboxes.\n",
        f"which handles email for our @ionect.tech mailboxes.\n  • {evil} (Nowhere), which receives everything.\n",
    )
    site.html("/privacy", hostile)
    page = site.pages["/privacy"]
    page.body = page.body.replace(b"<title>Privacy Policy</title>", b"<title>Privacy\r\nBcc: x@y.z {{ 7*7 }}</title>")
    assert project.run("check").returncode == 0
    [message] = mail.inbox.messages
    assert message["Subject"] == f"[policywatch] Ionect privacy policy: processor added ({evil})"
    assert message["Bcc"] is None and message["To"] == "dpo@example.org"
    plain, html = parts(message)
    assert f"processor added: {evil}" in plain
    assert not re.search(r"\b49\b", plain)  # {{ 7*7 }} was not rendered (a port like 42949 may hold "49")
    assert "Evil {{ 7*7 }} &lt;script&gt;alert`1`&lt;/script&gt;" in html
    assert "<script" not in html
    payload = hook.delivered()[0]
    jsonschema.validate(payload, SCHEMA)
    assert any(e["type"] == "processor_added" and e["name"] == evil for e in payload["events"])
    assert payload["headline"] == f"processor added ({evil})"


def test_alerts_test_sends_a_sample(project, mail, tmp_path):
    project.write([{"name": "Ionect", "url": "https://ionect.tech/privacy-policy"}], alerts={"email": mail.config()})
    proc = project.run("alerts", "test", "email")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("sent") == 1  # the tally once
    [message] = mail.inbox.messages
    assert "test alert" in message["Subject"]
    assert "Page: https://supplier.example/privacy" in parts(message)[0]
    unknown = project.run("alerts", "test", "emial")
    assert unknown.returncode == 2 and "did you mean 'email'" in unknown.stderr


def test_missing_secret_is_a_clear_error_at_start_not_at_first_send(site, seeds, project, mail, monkeypatch):
    text = seeds["ionect-privacy-policy"]
    setup_watch(site, project, text, {"email": mail.config()})
    monkeypatch.delenv("POLICYWATCH_TEST_SMTP_PASSWORD")
    site.html("/privacy", add_hubspot(text))
    for command in ("check", "run"):
        proc = project.run(command, timeout=30)
        assert proc.returncode == 2, proc.stderr
        assert (
            "environment variable POLICYWATCH_TEST_SMTP_PASSWORD (alerts.email.password_env) is not set" in proc.stderr
        )
    assert "v2" not in project.run("history", "Ionect").stdout  # nothing was checked half-configured
    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    assert project.run("check").returncode == 0
    assert len(mail.inbox.messages) == 1


@pytest.mark.parametrize("fmt", ["slack", "teams", "discord"])
def test_chat_formats_carry_the_events_as_inert_text(site, seeds, project, fmt):
    hook = HookReceiver()
    try:
        text = seeds["ionect-privacy-policy"]
        setup_watch(site, project, text, {"webhooks": [{"name": "chat", "url": hook.url, "format": fmt}]})
        hostile_heading = "12. Ping @everyone <!channel> & <b>friends</b>"
        site.html(
            "/privacy",
            add_hubspot(text) + f"\n{hostile_heading}\n\nWe may write to you about this new "
            "section of the policy whenever something important changes here.\n",
        )
        assert project.run("check").returncode == 0
        [payload] = hook.delivered()
        flat = json.dumps(payload)
        assert "HubSpot" in flat and "Ionect" in flat
        if fmt == "slack":
            assert payload["text"].startswith("Ionect: processor added (HubSpot")
            section = payload["blocks"][1]["text"]["text"]
            # the page shows "<b>" as text: it stays text, escaped for Slack's mrkdwn
            assert "Ping @everyone &lt;!channel&gt; &amp; &lt;b&gt;friends&lt;/b&gt;" in section
            assert "<!channel>" not in flat  # Slack control sequences from the page are escaped
        elif fmt == "teams":
            card = payload["attachments"][0]["content"]
            assert card["type"] == "AdaptiveCard" and any("HubSpot" in b["text"] for b in card["body"])
            assert any("<!channel> & <b>friends</b>" in b["text"] for b in card["body"])  # plain TextBlock text
        else:
            assert "Ping @everyone <!channel>" in payload["embeds"][0]["description"]
            assert payload["allowed_mentions"] == {"parse": []}  # the @everyone from the page pings nobody
            assert payload["embeds"][0]["color"] == 0xCF222E
    finally:
        hook.close()


def test_user_templates_render_in_the_sandbox_and_fall_back_when_broken(site, seeds, project, mail, tmp_path):
    (tmp_path / "subject.txt").write_text("{{ c.level | upper }} change at {{ c.watch }}")
    (tmp_path / "text.txt").write_text("Custom body for {{ c.watch }}: {{ c.headline }}\n")
    # server-side template injection attempt: the sandbox refuses it, the built-in HTML is used instead
    (tmp_path / "evil.html").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    text = seeds["ionect-privacy-policy"]
    templates = {
        "subject": str(tmp_path / "subject.txt"),
        "text": str(tmp_path / "text.txt"),
        "html": str(tmp_path / "evil.html"),
    }
    setup_watch(site, project, text, {"email": mail.config(templates=templates)})
    site.html("/privacy", add_hubspot(text))
    proc = project.run("--log-level", "warning", "check")
    assert proc.returncode == 0, proc.stderr
    [message] = mail.inbox.messages
    assert message["Subject"] == "MATERIAL change at Ionect"
    plain, html = parts(message)
    assert plain.startswith("Custom body for Ionect: processor added (HubSpot")
    assert "subclasses" not in html and "<ins" in html and "What changed" in html
    assert "evil.html failed (SecurityError" in proc.stderr and "using the built-in template" in proc.stderr


def test_killed_between_storing_and_sending_the_alert_is_sent_after_restart(
    site, seeds, project, tmp_path, monkeypatch
):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    mail = MailServer(tmp_path)  # not started: its port first holds a server that never answers
    text = seeds["ionect-privacy-policy"]
    setup_watch(site, project, text, {"email": mail.config()})
    black_hole = socket.socket()
    black_hole.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    black_hole.bind(("127.0.0.1", mail.port))
    black_hole.listen(5)
    site.html("/privacy", add_hubspot(text))
    proc = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "--config", str(project.config), "check"],
        cwd=project.dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            rows = project.query("SELECT count(*) FROM alerts WHERE status IN ('pending', 'sending')")
            pending = rows[0][0] if rows else 0
            if pending:
                break
            time.sleep(0.1)
        assert pending == 1, "the version and its alert were never stored"
        time.sleep(0.5)  # the process is now waiting for the SMTP greeting
        assert proc.poll() is None, proc.communicate()[1].decode()[-3000:]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        black_hole.close()
    mail.start()
    try:
        sent = project.run("alerts", "send")
        assert sent.returncode == 0, sent.stderr
        assert len(mail.inbox.messages) == 1 and "HubSpot" in mail.inbox.messages[0]["Subject"]
        assert project.run("alerts", "send").returncode == 0 and len(mail.inbox.messages) == 1
        again = project.run("check")
        assert summary(again) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"
        assert project.query("SELECT count(*) FROM versions") == [(2,)]
    finally:
        mail.stop()


def test_daily_digest_groups_changes_into_one_email(site, seeds, project, mail):
    ionect, imageplus = seeds["ionect-privacy-policy"], seeds["imageplus-privacy-notice"]
    site.html("/a", ionect)
    site.html("/b", imageplus)
    project.write(
        [{"name": "Ionect", "url": site.url("/a")}, {"name": "Imageplus", "url": site.url("/b")}],
        alerts={"email": mail.config(digest="daily")},
    )
    assert project.run("check").returncode == 0
    site.html("/a", add_hubspot(ionect))
    site.html("/b", imageplus.replace("We will respond within 30 days.", "We will respond within 60 days."))
    assert project.run("check").returncode == 0
    site.html("/a", add_hubspot(ionect).replace("within three years", "within five years"))
    assert project.run("check").returncode == 0
    assert mail.inbox.messages == []  # not due before the next day boundary
    assert project.run("alerts").stdout.count("pending") == 3
    proc = project.run("alerts", "send")
    assert proc.returncode == 0 and "alerts: 3 sent" in proc.stdout
    [message] = mail.inbox.messages
    assert message["Subject"].startswith("[policywatch] digest: 3 changes in 2 policies (")
    plain, html = parts(message)
    assert "retention changed: 3 years → 5 years" in plain and "section changed: 'Your rights'" in plain
    assert "retention changed: 3 years → 5 years" in html and "section changed: &#39;Your rights&#39;" in html
    for body in (plain, html):
        assert "processor added: HubSpot" in body and "Imageplus" in body
    assert project.run("alerts", "send").stdout.startswith("alerts: 0 sent")


def test_digest_is_due_at_the_period_boundary(db_url):
    from datetime import datetime, timedelta

    from policywatch.alerts.outbox import deliver
    from policywatch.storage import Store

    class Capture:
        name, digest = "email", timedelta(days=1)

        def __init__(self):
            self.sent = []

        def send(self, content):
            self.sent.append(content)

    store = Store(db_url)
    store.add_alert("email", kind="change", level="minor", key="k1")
    created = store.alerts()[0].created_at
    capture = Capture()
    boundary = datetime.combine(created.date() + timedelta(days=1), datetime.min.time(), UTC)
    report = deliver(store, {"email": capture}, urls={}, now=lambda: boundary - timedelta(seconds=1))
    assert capture.sent == [] and report.sent == 0
    report = deliver(store, {"email": capture}, urls={}, now=lambda: boundary)
    assert len(capture.sent) == 1 and capture.sent[0].kind == "digest" and report.sent == 1


def test_implicit_tls_smtp(tmp_path, project, monkeypatch):
    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    mail = MailServer(tmp_path)
    mail.start(implicit_tls=True)
    try:
        project.write(
            [{"name": "Ionect", "url": "https://ionect.tech/privacy-policy"}],
            alerts={"email": mail.config(security="ssl")},
        )
        proc = project.run("alerts", "test", "email")
        assert proc.returncode == 0, proc.stderr
        assert len(mail.inbox.messages) == 1 and mail.inbox.logins == ["alerts@example.org"]
    finally:
        mail.stop()


def test_plain_smtp_never_sends_a_password_to_a_remote_host(project, monkeypatch):
    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    project.write(
        [{"name": "Ionect", "url": "https://ionect.tech/privacy-policy"}],
        alerts={
            "email": {
                "host": "192.0.2.10",
                "port": 25,
                "security": "none",
                "username": "u",
                "password_env": "POLICYWATCH_TEST_SMTP_PASSWORD",
                "from": "a@example.org",
                "to": ["b@example.org"],
            }
        },
    )
    proc = project.run("alerts", "test", "email")
    assert proc.returncode == 2  # refused when the config is read: nothing is sent, with or without a password
    assert "plain SMTP is for a relay on this machine only; '192.0.2.10' is remote" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_plain_smtp_to_a_remote_host_is_refused_even_when_the_config_slipped_through():
    """The destination checks again at send time (a config object built without the loader)."""
    from policywatch.alerts.content import sample_content
    from policywatch.alerts.email import EmailDestination
    from policywatch.alerts.errors import DeliveryError
    from policywatch.config import EmailConfig

    destination = EmailDestination(
        EmailConfig(host="192.0.2.10", port=25, security="none", sender="a@example.org", to=("b@example.org",))
    )
    with pytest.raises(DeliveryError) as refused:
        destination.send(sample_content(_test_alert(), url="https://a.example/", viewer_url=None))
    assert "refusing to send mail unencrypted to a remote host" in str(refused.value) and refused.value.permanent


def _test_alert():
    from datetime import datetime

    from policywatch.storage.records import AlertRecord

    now = datetime.now(UTC)
    return AlertRecord(
        id=1,
        key="policywatch-test-1-email",
        watch_id=None,
        watch_name="(test alert)",
        version_id=None,
        destination="email",
        kind="test",
        level="material",
        status="pending",
        created_at=now,
        next_attempt_at=now,
        attempts=0,
        last_error=None,
        sent_at=None,
    )
