"""Reviews and objection deadlines: every material change starts open, the log keeps every entry,
a deadline shows in the alert, and its one reminder goes out before it passes unless the change
was decided on."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import jsonschema
import pytest

from policywatch.monitor.deadlines import deadline_for
from policywatch.schemas import validator
from policywatch.storage.records import VersionRecord
from tests.conftest import ROBOTS_ALLOW
from tests.hookkit import SCHEMA


def policy(company: str, date: str, *processors: str) -> str:
    uses = " ".join(f"We use {p} to {purpose}." for p, purpose in zip(processors, PURPOSES))
    return (
        f"{company} privacy policy\n\nLast updated: {date}\n\nWho receives your data\n\n{uses}\n\n"
        "How long we keep your data\n\nWe keep invoices for seven years.\n"
    )


PURPOSES = ("take payments", "send our newsletter", "host our website")

# the date v2 states, a month ahead of the day the tests run: its deadlines (14 and 30 days on) are
# never near when the fixture's check runs, whatever the calendar says
POLICY_DAY = datetime.now(UTC).date() + timedelta(days=31)


def day(offset: int) -> date:
    return POLICY_DAY + timedelta(days=offset)


def written(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


@pytest.fixture
def changed(site, project, mail, hook):
    """Three watches on a local site, each with a v2 that adds HubSpot and moves its own date to
    POLICY_DAY (so the deadlines are 30 days later, 14 for Calm)."""
    site.pages["/robots.txt"] = ROBOTS_ALLOW
    project.write(
        [
            {"name": "Acme", "url": site.url("/acme")},
            {"name": "Bolt", "url": site.url("/bolt"), "remind_days": 3},
            {"name": "Calm", "url": site.url("/calm"), "notice_days": 14},
        ],
        alerts={"email": mail.config(), "webhooks": [{"name": "siem", "url": hook.url}]},
        reviews={"notice_days": 30},
    )
    for name in ("acme", "bolt", "calm"):
        site.html(f"/{name}", policy(name.title(), "2 March 2026", "Stripe"))
    assert project.run("check").returncode == 0
    for name in ("acme", "bolt", "calm"):
        site.html(f"/{name}", policy(name.title(), written(POLICY_DAY), "Stripe", "HubSpot"))
    proc = project.run("check")
    assert proc.returncode == 0, proc.stderr
    return project


def reviews(project, *args: str) -> list[dict]:
    proc = project.run("reviews", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    validator("reviews").validate(found)
    return found


def test_the_change_alert_states_the_deadline_counted_from_the_policy_date(changed, mail, hook):
    texts = {m["Subject"]: m.get_body(("plain",)).get_content() for m in mail.inbox.messages}
    acme = next(text for subject, text in texts.items() if subject.startswith("[policywatch] Acme"))
    assert f"Objection deadline: objection deadline {written(day(30))}" in acme
    assert f"30 days from {written(POLICY_DAY)} (policy date)" in acme
    calm = next(text for subject, text in texts.items() if subject.startswith("[policywatch] Calm"))
    assert f"objection deadline {written(day(14))}" in calm  # the watch's own 14 days
    html = next(m for m in mail.inbox.messages if m["Subject"].startswith("[policywatch] Acme")).get_body(("html",))
    assert f"Objection deadline:</strong> objection deadline {written(day(30))}" in html.get_content()
    posted = {p["watch"]: p for p in hook.delivered()}
    for payload in posted.values():
        jsonschema.validate(payload, SCHEMA)
    assert posted["Acme"]["deadline"]["due"] == day(30).isoformat() and posted["Acme"]["deadline"]["processors"] == [
        "HubSpot"
    ]
    assert posted["Calm"]["deadline"]["notice_days"] == 14


def test_material_changes_start_open_and_the_log_keeps_every_entry(changed):
    items = reviews(changed, "--open")
    assert [(i["watch"], i["version"], i["status"]) for i in items][0] == ("Calm", 2, "open")  # nearest deadline
    assert {(i["watch"], i["status"]) for i in items[1:]} == {("Acme", "open"), ("Bolt", "open")}
    acme = next(i for i in items if i["watch"] == "Acme")
    assert acme["deadline"]["due"] == day(30).isoformat() and acme["deadline"]["basis"] == "policy date"
    assert acme["deadline"]["processors"] == ["HubSpot"]
    ok = changed.run("review", "Acme", "2", "--status", "acknowledged", "--by", "Ann Lee")
    assert ok.returncode == 0 and "Acme v2: acknowledged by Ann Lee" in ok.stdout
    assert "Acme" in [i["watch"] for i in reviews(changed, "--open")]  # seen, not decided
    ok = changed.run("review", "Acme", "2", "--status", "assessed", "--note", "HubSpot is in our DPA", "--by", "Bo")
    assert ok.returncode == 0, ok.stderr
    assert "Acme" not in [i["watch"] for i in reviews(changed, "--open")]
    acme = next(i for i in reviews(changed) if i["watch"] == "Acme")
    assert [(r["status"], r["by"], r["via"]) for r in acme["reviews"]] == [
        ("acknowledged", "Ann Lee", "cli"),
        ("assessed", "Bo", "cli"),
    ]
    assert acme["reviews"][1]["note"] == "HubSpot is in our DPA" and acme["status"] == "assessed"
    text = changed.run("reviews").stdout
    assert text.index("Calm") < text.index("Bolt") < text.index("Acme")  # open ones first


def test_a_review_that_cannot_be_recorded_says_why(changed):
    proc = changed.run("review", "Acme", "9", "--status", "assessed", "--by", "x")
    assert proc.returncode == 2 and "Acme has no version 9" in proc.stderr
    proc = changed.run("review", "Acme", "1", "--status", "assessed", "--by", "x")
    assert proc.returncode == 2 and "no change to review" in proc.stderr
    proc = changed.run("review", "Acme", "2", "--status", "maybe", "--by", "x")
    assert proc.returncode == 2 and "'maybe' is not one of" in proc.stderr
    proc = changed.run("review", "Nobody", "2", "--status", "assessed")
    assert proc.returncode == 2 and "no watch named 'Nobody'" in proc.stderr
    assert changed.query("select count(*) from reviews")[0][0] == 0


def test_one_reminder_before_the_deadline_and_none_once_decided(changed, mail, hook):
    from policywatch.alerting import destinations, remind_deadlines
    from policywatch.alerts.outbox import deliver
    from policywatch.config import load_config

    config = load_config(changed.config)
    store = changed.store()
    before = len(mail.inbox.messages)
    assert changed.run("review", "Bolt", "2", "--status", "no-action", "--by", "Cy").returncode == 0

    def at(offset: int) -> datetime:
        return datetime.combine(day(offset), datetime.min.time(), UTC) + timedelta(hours=9)

    def send(now: datetime) -> list:
        report = deliver(
            store,
            destinations(config),
            urls={w.name: w.url for w in config.watches},
            notice_days=config.notice_days(),
            now=lambda: now,
        )
        assert not report.failed and not report.retrying
        return mail.inbox.messages[before:]

    assert remind_deadlines(config, store, now=at(6)) == 0  # Calm: due on day 14, reminded from day 7
    assert remind_deadlines(config, store, now=at(8)) == 2  # one per destination: email, webhook
    sent = send(at(8))
    assert [m["Subject"] for m in sent] == ["[policywatch] Calm: objection deadline near"]
    assert f"objection deadline {written(day(14))} (in 6 days)" in sent[0].get_body(("plain",)).get_content()
    assert remind_deadlines(config, store, now=at(22)) == 0  # Calm's passed, Acme's not near yet
    assert remind_deadlines(config, store, now=at(23)) == 2  # Acme: 7 days before day 30
    assert remind_deadlines(config, store, now=at(23)) == 0  # once
    assert remind_deadlines(config, store, now=at(29)) == 0  # still once, a week later
    sent = send(at(23))[1:]
    assert [m["Subject"] for m in sent] == ["[policywatch] Acme: objection deadline near"]
    body = sent[0].get_body(("plain",)).get_content()
    assert f"v2 added HubSpot: objection deadline {written(day(30))} (in 7 days)" in body
    assert "policywatch review Acme 2 --status" in body
    assert remind_deadlines(config, store, now=at(28)) == 0  # Bolt: 3 days before, but decided
    assert len(send(at(29))) == 2  # nothing more went out
    reminders = [p for p in hook.delivered() if p["kind"] == "notice"]
    assert [(p["watch"], p["events"][0]["type"]) for p in reminders] == [
        ("Calm", "watch_deadline"),
        ("Acme", "watch_deadline"),
    ]
    for payload in reminders:
        jsonschema.validate(payload, SCHEMA)


def version(events: list[dict], created: str = "2026-12-03T10:00:00+00:00") -> VersionRecord:
    return VersionRecord(
        id=1,
        watch_id=1,
        number=2,
        created_at=datetime.fromisoformat(created),
        snapshot_id=1,
        text_sha256="0",
        fingerprint="f",
        extractor="pw",
        kind="fetched",
        title=None,
        level="material",
        events_json=json.dumps(events),
    )


ADDED = {"type": "processor_added", "level": "material", "name": "HubSpot"}


@pytest.mark.parametrize(
    "events, due, basis",
    [
        ([ADDED], "2027-01-02", "first seen"),  # no date of its own: the first check that saw it
        (
            [ADDED, {"type": "last_updated_changed", "old": "2026-03-02", "new": "2027-02-01"}],
            "2027-03-03",
            "policy date",
        ),
        ([ADDED, {"type": "last_updated_changed", "old": "2026-03", "new": "2026-11"}], "2027-01-02", "first seen"),
        ([ADDED, {"type": "last_updated_changed", "old": None, "new": "2026-11-30"}], "2026-12-30", "policy date"),
    ],
)
def test_the_deadline_starts_at_the_change_date(events, due, basis):
    d = deadline_for(version(events), 30)
    assert (d.due.isoformat(), d.basis) == (due, basis)


def test_no_deadline_without_a_new_processor_or_a_period():
    assert deadline_for(version([ADDED]), None) is None
    assert deadline_for(version([{"type": "retention_changed", "level": "material"}]), 30) is None
    moved = {"type": "last_updated_changed", "old": "2026-03-02", "new": "2026-12-01"}
    assert deadline_for(version([moved]), 30) is None  # a new date alone opens no period
    d = deadline_for(version([ADDED]), 30, remind_days=7)
    assert d.remind_on == d.due - timedelta(days=7)
    assert d.words(d.due) == "objection deadline 2 January 2027 (today)"
    assert d.words(d.due + timedelta(days=1)).endswith("(passed)")
