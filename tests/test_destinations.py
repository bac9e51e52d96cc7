"""Destinations as a registry: a kind added from outside (an installed plugin), ntfy and Apprise,
each configured, routed by level and delivered through the same outbox."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC

import pytest

from policywatch.alerts.content import AlertContent
from policywatch.alerts.destinations import DeliveryContext, DestinationConfig, build
from policywatch.alerts.errors import DeliveryError
from tests.hookkit import HookReceiver

PLUGIN = '''
"""A destination kind from outside policywatch: appends each alert to a file as one JSON line."""
import json

from policywatch.alerts.destinations import Destination, register


@register
class FileDestination(Destination):
    kind = "jsonl-file"
    keys = {"path": True}

    @classmethod
    def configure(cls, read, fields, key):
        return {"path": read.string(fields["path"][1], f"{key}.path")}

    def send(self, content):
        with open(self.config.settings["path"], "a", encoding="utf-8") as out:
            out.write(json.dumps({"watch": content.watch, "level": content.level, "key": content.key,
                                  "events": [s for _, s in content.events]}) + "\\n")
'''


@pytest.fixture
def receiver():
    server = HookReceiver()
    yield server
    server.close()


def setup(site, project, text: str, alerts: dict, env: dict | None = None):
    site.html("/privacy", text)
    project.write([{"name": "Ionect", "url": site.url("/privacy")}], alerts=alerts)
    first = project.run("check", env=env)
    assert first.returncode == 0, first.stderr[-3000:]


def add_hubspot(text: str) -> str:
    return text.replace(
        "Who we share your data with", "Who we share your data with\n\nWe use HubSpot, Inc. for our newsletter.", 1
    )


def test_a_kind_from_an_installed_plugin_is_configured_routed_and_delivered(site, seeds, project, tmp_path):
    plugins = tmp_path / "site-packages"
    (plugins / "pw_file_plugin-0.1.dist-info").mkdir(parents=True)
    (plugins / "pw_file_plugin.py").write_text(PLUGIN, encoding="utf-8")
    (plugins / "pw_file_plugin-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pw-file-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (plugins / "pw_file_plugin-0.1.dist-info" / "entry_points.txt").write_text(
        "[policywatch.destinations]\njsonl-file = pw_file_plugin\n", encoding="utf-8"
    )
    env = {"PYTHONPATH": str(plugins)}
    out = tmp_path / "alerts.jsonl"
    quiet = tmp_path / "material-only.jsonl"
    alerts = {
        "destinations": [
            {"name": "file", "kind": "jsonl-file", "path": str(out)},
            {"name": "file-material", "kind": "jsonl-file", "path": str(quiet), "min_level": "material"},
        ]
    }
    text = seeds["ionect-privacy-policy"]
    setup(site, project, text, alerts, env)

    site.html("/privacy", text.replace("May 20th, 2026", "June 2nd, 2026"))
    minor = project.run("check", env=env)
    assert "alerts: 1 sent, 0 to retry, 0 failed" in minor.stdout, minor.stderr[-3000:]
    [first] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert first["level"] == "minor" and not quiet.exists()  # routed by level: file-material wants material only

    site.html("/privacy", add_hubspot(text.replace("May 20th, 2026", "June 2nd, 2026")))
    material = project.run("check", env=env)
    assert "alerts: 2 sent, 0 to retry, 0 failed" in material.stdout, material.stderr[-3000:]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any("processor added: HubSpot" in e for e in lines[-1]["events"]) and lines[-1]["level"] == "material"
    [only] = [json.loads(line) for line in quiet.read_text(encoding="utf-8").splitlines()]
    assert only["level"] == "material" and only["key"] != lines[-1]["key"]  # one alert row per destination

    again = project.run("alerts", "send", env=env)
    assert "alerts: 0 sent" in again.stdout and len(out.read_text().splitlines()) == len(lines)  # sent once


def test_ntfy_gets_a_push_at_the_level_s_priority_with_the_token(site, seeds, project, receiver):
    server = receiver.url.removesuffix("/hook")
    alerts = {
        "viewer_url": "http://127.0.0.1:8080",
        "destinations": [
            {
                "name": "phone",
                "kind": "ntfy",
                "server": server,
                "topic": "privacy-team",
                "token_env": "PW_TEST_NTFY_TOKEN",
            }
        ],
    }
    env = {"PW_TEST_NTFY_TOKEN": "tk_secret"}
    text = seeds["ionect-privacy-policy"]
    setup(site, project, text, alerts, env)
    site.html("/privacy", add_hubspot(text))
    result = project.run("check", env=env)
    assert "alerts: 1 sent, 0 to retry, 0 failed" in result.stdout, result.stderr[-3000:]
    [(headers, body, status)] = receiver.posts
    assert receiver.paths == ["/privacy-team"]
    assert headers["Priority"] == "high" and headers["Tags"] == "warning"
    assert headers["Authorization"] == "Bearer tk_secret"
    assert headers["Title"].startswith("Ionect: ") and headers["Click"].startswith(
        "http://127.0.0.1:8080/watches/Ionect"
    )
    message = body.decode("utf-8")
    assert message.startswith("Level: material") and "processor added: HubSpot" in message


def test_email_and_webhook_are_kinds_like_any_other(site, seeds, project, receiver, tmp_path):
    from tests.mailkit import PASSWORD, MailServer

    mail = MailServer(tmp_path).start()
    try:
        alerts = {
            "destinations": [
                {"name": "dpo-mail", "kind": "email", **mail.config()},
                {"name": "team-hook", "kind": "webhook", "url": receiver.url, "secret_env": "PW_TEST_HOOK_SECRET"},
            ]
        }
        env = {"PW_TEST_HOOK_SECRET": "s3cret", "POLICYWATCH_TEST_SMTP_PASSWORD": PASSWORD}
        text = seeds["ionect-privacy-policy"]
        setup(site, project, text, alerts, env)
        site.html("/privacy", add_hubspot(text))
        result = project.run("check", env=env)
        assert "alerts: 2 sent, 0 to retry, 0 failed" in result.stdout, result.stdout + result.stderr[-3000:]
        [(headers, body, _)] = receiver.posts
        assert headers["X-Policywatch-Signature"].startswith("sha256=") and json.loads(body)["level"] == "material"
        [message] = mail.inbox.messages
        assert "processor added" in message["Subject"]
    finally:
        mail.stop()


def test_a_missing_ntfy_token_is_named_at_start(project):
    project.write(
        [],
        alerts={"destinations": [{"name": "phone", "kind": "ntfy", "topic": "t", "token_env": "PW_TEST_UNSET_TOKEN"}]},
    )
    result = project.run("run", env={"PW_TEST_UNSET_TOKEN": None}, timeout=30)
    assert result.returncode == 2
    assert "environment variable PW_TEST_UNSET_TOKEN (alerts.destinations[phone].token_env) is not set" in result.stderr


def test_apprise_delivers_through_a_json_url_held_in_the_environment(site, seeds, project, receiver):
    apprise_url = receiver.url.replace("http://", "json://")
    alerts = {"destinations": [{"name": "everywhere", "kind": "apprise", "urls_env": "PW_TEST_APPRISE_URLS"}]}
    env = {"PW_TEST_APPRISE_URLS": apprise_url}
    text = seeds["ionect-privacy-policy"]
    setup(site, project, text, alerts, env)
    site.html("/privacy", add_hubspot(text))
    result = project.run("check", env=env)
    assert "alerts: 1 sent, 0 to retry, 0 failed" in result.stdout, result.stderr[-3000:]
    [payload] = receiver.delivered()
    assert payload["title"].startswith("Ionect: ") and payload["type"] == "failure"
    assert "processor added: HubSpot" in payload["message"]
    assert receiver.paths == ["/hook"]
    assert apprise_url not in project.run("alerts").stdout


def test_apprise_failure_is_retried_through_the_outbox(site, seeds, project):
    dead = HookReceiver(statuses=[500])
    try:
        alerts = {"destinations": [{"name": "everywhere", "kind": "apprise", "urls_env": "PW_TEST_APPRISE_URLS"}]}
        env = {"PW_TEST_APPRISE_URLS": dead.url.replace("http://", "json://")}
        text = seeds["ionect-privacy-policy"]
        setup(site, project, text, alerts, env)
        site.html("/privacy", add_hubspot(text))
        result = project.run("check", env=env)
        assert "alerts: 0 sent, 1 to retry, 0 failed" in result.stdout, result.stdout + result.stderr[-2000:]
        sent = project.run("alerts", "send", env=env)
        assert "alerts: 1 sent, 0 to retry, 0 failed" in sent.stdout
        assert [s for _, _, s in dead.posts] == [500, 200]
    finally:
        dead.close()


def _content() -> AlertContent:
    from datetime import datetime

    return AlertContent(
        key="policywatch-1-v2-phone",
        kind="change",
        watch="W",
        url="https://w.example/",
        level="material",
        subject="s",
        headline="h",
        created_at=datetime.now(UTC),
        old_version=1,
        new_version=2,
        events=[("material", "processor added: X")],
    )


def test_ntfy_obeys_the_address_guard(receiver):
    from policywatch.crawler.addresses import resolve_guarded

    config = DestinationConfig(name="phone", kind="ntfy", settings={"url": receiver.url, "token_env": None})
    guard = lambda url: resolve_guarded(url, allow_private=False)
    with pytest.raises(DeliveryError) as refused:
        build(config, DeliveryContext(guard=guard)).send(_content())
    assert "127.0.0.1 is a loopback address" in str(refused.value) and refused.value.permanent
    assert receiver.posts == []


def test_apprise_urls_are_guarded_and_never_echoed(receiver, monkeypatch):
    from policywatch.crawler.addresses import resolve_guarded

    monkeypatch.setenv("PW_TEST_APPRISE_URLS", receiver.url.replace("http://", "json://") + "?secret=abc")
    config = DestinationConfig(name="everywhere", kind="apprise", settings={"urls_env": "PW_TEST_APPRISE_URLS"})
    guard = lambda url: resolve_guarded(url, allow_private=False)
    with pytest.raises(DeliveryError) as refused:
        build(config, DeliveryContext(guard=guard)).send(_content())
    assert "Apprise URL 1: refused: 127.0.0.1 is a loopback address" in str(refused.value)
    assert "secret" not in str(refused.value) and receiver.posts == []


@pytest.mark.parametrize(
    "destination, message",
    [
        (
            {"name": "x", "kind": "ntfi", "topic": "t"},
            "alerts.destinations[0].kind: unknown destination kind 'ntfi' (did you mean 'ntfy'?)",
        ),
        ({"name": "x", "kind": "ntfy"}, "alerts.destinations[0].topic: required key is missing"),
        ({"name": "x", "kind": "ntfy", "topic": "a b"}, "alerts.destinations[0].topic: a topic is 1-64 letters"),
        (
            {"name": "x", "kind": "apprise", "urls_env": "json://host/"},
            "alerts.destinations[0].urls_env: must name an environment variable",
        ),
        (
            {"name": "email", "kind": "ntfy", "topic": "t"},
            "alerts.destinations[0].name: destination name 'email' is already used",
        ),
        ({"name": "x", "kind": "webhook"}, "alerts.destinations[0].url: required key is missing"),
        (
            {
                "name": "x",
                "kind": "email",
                "host": "smtp.example.org",
                "security": "none",
                "from": "a@example.org",
                "to": ["b@example.org"],
            },
            "alerts.destinations[0].security: plain SMTP is for a relay on this machine only",
        ),
        (
            {"name": "x", "kind": "email", "host": "127.0.0.1", "from": "a@example.org", "to": ["not-an-address"]},
            "alerts.destinations[0].to[0]: not an email address",
        ),
        ({"kind": "ntfy", "topic": "t"}, "alerts.destinations[0].name: required key is missing"),
        ({"name": "x", "kind": "ntfy", "topic": "t", "digest": "sometimes"}, "alerts.destinations[0].digest"),
    ],
)
def test_destination_settings_are_checked_at_load(project, destination, message):
    project.write([], alerts={"destinations": [destination]})
    result = project.run("watches")
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_a_watch_may_notify_a_registered_destination_by_name(project):
    project.write(
        [{"name": "A", "url": "http://127.0.0.1:9/", "notify": ["phone"]}],
        alerts={"destinations": [{"name": "phone", "kind": "ntfy", "topic": "t"}]},
    )
    assert project.run("watches").returncode == 0
    project.write(
        [{"name": "A", "url": "http://127.0.0.1:9/", "notify": ["phon"]}],
        alerts={"destinations": [{"name": "phone", "kind": "ntfy", "topic": "t"}]},
    )
    result = project.run("watches")
    assert result.returncode == 2 and "unknown destination 'phon' (did you mean 'phone'?)" in result.stderr


def test_plain_text_holds_no_markup_and_fits(receiver):
    from policywatch.alerts.formats import plain_text

    content = _content()
    many = [("minor", textwrap.shorten("x " * 400, 700))] * 30
    from dataclasses import replace

    text = plain_text(replace(content, events=many), limit=1000)
    assert len(text) <= 1000 and "more (see the full diff)" in text and text.endswith("https://w.example/")
