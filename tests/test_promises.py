"""Nothing sent twice, nothing silently skipped: the promises that only show under faults.

Each test names one way the daemon used to break a promise (bad URLs that silenced the rest of a
pass, alerts sent twice by concurrent deliverers, unexpected errors left unrecorded, schedules that
ignored a changed `every:`, Message-IDs that repeat across installations) and checks it holds."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from policywatch.alerts.content import AlertContent
from policywatch.alerts.email import message_id
from policywatch.alerts.outbox import CLAIM_LEASE, deliver
from policywatch.alerts.webhooks import WebhookDestination
from policywatch.config import WatchConfig, WebhookConfig
from policywatch.schedule import due_window, rescheduled
from policywatch.storage import Store
from policywatch.storage.errors import StorageError
from tests.conftest import wait_for
from tests.hookkit import HookReceiver
from tests.test_daemon import start_daemon, stop

# -- URLs that cannot be requested --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://host.example:99999/",
        "http://host.example:abc/",
        "http://[::1]:70000/",
        "http://[zz]/",
        "http://a..b/",
        "http://exa mple.com/",
        "http://host.example:0/",
    ],
)
def test_a_url_that_cannot_be_requested_is_refused_at_load(project, url):
    project.write([{"name": "Bad", "url": url}])
    result = project.run("check")
    assert result.returncode == 2, result.stderr
    assert "watches[0].url" in result.stderr and "Traceback" not in result.stderr


INJECT = r"""
import sys
import policywatch.monitor.pipeline as pipeline
from policywatch.app import run_check_pass
from policywatch.config import load_config
from policywatch.storage import Store
from policywatch.storage.errors import StorageError

stage, config_path = sys.argv[1], sys.argv[2]
config = load_config(config_path)
store = Store(config.database)
urls = {w.name: w.url for w in config.watches}
store.sync_watches(list(urls.items()))


def boom():
    raise ValueError(f"injected failure while {stage}")


if stage == "request":  # a stored URL that Scrapy cannot turn into a request
    store.sync_watches(list({**urls, "Broken": "http://[::1]:70000/"}.items()))
elif stage == "reading":
    real_read = pipeline.read_page
    pipeline.read_page = lambda body, *a, **k: boom() if b"BROKEN" in body else real_read(body, *a, **k)
elif stage == "comparing":
    real_compare = pipeline.compare_texts
    pipeline.compare_texts = lambda old, old_title, new, new_title: (
        boom() if "BROKEN" in new else real_compare(old, old_title, new, new_title))
elif stage == "storing":  # what PostgreSQL says of a value longer than its column
    real_record = Store.record_version

    def record(self, watch_id, **kw):
        if "BROKEN" in kw["version"].text:
            raise StorageError("value too long for type character varying(20)")
        return real_record(self, watch_id, **kw)

    Store.record_version = record
print(run_check_pass(config, store).line())
"""

PAGE = (
    "<html><head><title>Privacy</title></head><body><h1>Privacy policy</h1><h2>What we collect</h2>"
    "<p>We collect your name and email address to run the service. {marker}</p>"
    "<h2>Retention</h2><p>We keep it for three years.</p></body></html>"
)


@pytest.mark.parametrize("stage", ["request", "reading", "comparing", "storing"])
def test_a_failure_at_any_stage_fails_that_watch_alone_recorded_and_scheduled(site, project, stage):
    """The watch with the fault gets a failed check with its reason, counted, and is not due again
    at once; the watch beside it is checked as usual."""
    site.html("/good", PAGE.format(marker="Good."))
    site.html("/broken", PAGE.format(marker="Nothing yet."))
    project.write(
        [
            {"name": "Broken", "url": site.url("/broken"), "every": "1h"},
            {"name": "Good", "url": site.url("/good"), "every": "1h"},
        ]
    )
    if stage in ("comparing", "storing"):  # these stages need a stored version to compare with
        assert project.run("check").returncode == 0
    site.html("/broken", PAGE.format(marker="BROKEN"))
    site.html("/good", PAGE.format(marker="Good, and changed."))
    run = subprocess.run(
        [sys.executable, "-c", INJECT, stage, str(project.config)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=project.dir,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    rows = dict(
        (name, (outcome, error, failures))
        for name, outcome, error, failures in project.query(
            "SELECT name, last_outcome, last_error, consecutive_failures FROM watches"
        )
    )
    outcome, error, failures = rows["Broken"]
    assert outcome == "failed" and failures == 1, rows
    expected = {
        "request": "the request could not be built",
        "reading": "injected failure while reading",
        "comparing": "injected failure while comparing",
        "storing": "value too long",
    }[stage]
    assert expected in error, error
    assert rows["Good"][0] in ("new", "changed"), rows
    [(due,)] = project.query("SELECT next_due_at FROM watches WHERE name = 'Broken'")
    assert due is not None, "a failed check must set when the watch is due again"
    due = datetime.fromisoformat(str(due)).replace(tzinfo=UTC) if not isinstance(due, datetime) else due
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    assert due > datetime.now(UTC) + timedelta(minutes=30)


# -- claim before send -------------------------------------------------------------------------


def _alerts(store: Store, n: int) -> None:
    for i in range(n):
        store.add_alert("hook", kind="test", level="minor", key=f"policywatch-test-{i}-hook")


def test_concurrent_deliverers_send_each_alert_exactly_once(db_url):
    """Three deliverers at once (the daemon's after-pass and periodic jobs, a manual `alerts send`)
    against a receiver that takes 0.2 s per post."""
    store = Store(db_url)
    _alerts(store, 12)
    hook = HookReceiver(delay=0.2)
    try:
        destination = WebhookDestination(WebhookConfig(name="hook", url=hook.url))
        reports = []

        def run(everything: bool) -> None:
            reports.append(deliver(Store(db_url), {"hook": destination}, urls={}, everything_pending=everything))

        threads = [threading.Thread(target=run, args=(i == 2,)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        keys = [headers["Idempotency-Key"] for headers, _, _ in hook.posts]
    finally:
        hook.close()
    assert len(keys) == 12 and len(set(keys)) == 12, sorted(keys)
    assert sum(r.sent for r in reports) == 12
    assert {a.status for a in store.alerts()} == {"sent"}


def test_an_alert_whose_sent_mark_is_lost_is_resent_once_with_the_same_key(db_url, monkeypatch):
    store = Store(db_url)
    _alerts(store, 1)
    hook = HookReceiver()
    clock = [datetime.now(UTC)]
    real_sent = Store.alert_sent
    calls = []

    def locked_once(self, alert_id, at):
        calls.append(at)
        if len(calls) == 1:
            raise StorageError("database is locked")
        return real_sent(self, alert_id, at)

    monkeypatch.setattr(Store, "alert_sent", locked_once)
    try:
        destination = WebhookDestination(WebhookConfig(name="hook", url=hook.url))
        deliver(store, {"hook": destination}, urls={}, now=lambda: clock[0])
        assert len(hook.posts) == 1
        assert [a.status for a in store.alerts()] == ["sending"]  # claimed, its mark lost
        deliver(store, {"hook": destination}, urls={}, now=lambda: clock[0], everything_pending=True)
        assert len(hook.posts) == 1, "a claim still held is not sent again, even by a manual run"
        clock[0] += CLAIM_LEASE + timedelta(seconds=1)
        deliver(store, {"hook": destination}, urls={}, now=lambda: clock[0])
        deliver(store, {"hook": destination}, urls={}, now=lambda: clock[0] + timedelta(hours=2))
        keys = [headers["Idempotency-Key"] for headers, _, _ in hook.posts]
    finally:
        hook.close()
    assert keys == ["policywatch-test-0-hook"] * 2  # one resend, same key, never more
    assert [a.status for a in store.alerts()] == ["sent"]


def test_a_second_daemon_on_one_sqlite_file_refuses_to_start(site, seeds, project):
    if not project.url.startswith("sqlite"):
        pytest.skip("PostgreSQL workers share one database on purpose (tested in test_scale)")
    site.html("/privacy", seeds["ionect-privacy-policy"])
    project.write([{"name": "Ionect", "url": site.url("/privacy"), "every": "1h"}])
    first = start_daemon(project)
    try:
        wait_for(lambda: project.query("SELECT count(*) FROM checks") == [(1,)], what="the first daemon's check")
        second = project.run("run", timeout=30)
    finally:
        code, err = stop(first)
    assert code == 0, err[-2000:]
    assert second.returncode != 0
    assert "another `policywatch run`" in second.stderr and f"pid {first.pid}" in second.stderr


# -- schedules ---------------------------------------------------------------------------------


def test_a_changed_every_moves_the_next_check_and_a_fitting_one_does_not():
    checked = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    hourly = WatchConfig(name="A", url="https://a.example/", every=timedelta(hours=1))
    daily = WatchConfig(name="A", url="https://a.example/", every=timedelta(days=1))
    due_hourly = checked + timedelta(hours=1, minutes=1)
    assert rescheduled([hourly], {"A": (checked, due_hourly)}) == {}  # fits: left alone
    moved = rescheduled([daily], {"A": (checked, due_hourly)})["A"]
    start, end = due_window(daily, checked)
    assert start <= moved <= end
    shorter = rescheduled([hourly], {"A": (checked, checked + timedelta(days=1))})["A"]
    assert shorter <= checked + timedelta(hours=1, minutes=4)
    cron = WatchConfig(name="A", url="https://a.example/", cron="0 6 * * *")
    assert rescheduled([cron], {"A": (checked, due_hourly)})["A"].hour == 6
    assert rescheduled([hourly], {"A": (None, None)}) == {}  # never checked: due now anyway


def _due(project, name: str) -> datetime:
    [(due,)] = project.query("SELECT next_due_at FROM watches WHERE name = :n", n=name)
    due = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
    return due if due.tzinfo else due.replace(tzinfo=UTC)


def test_a_manual_check_sets_the_next_due_time_and_a_reload_applies_a_new_every(site, seeds, project):
    site.html("/privacy", seeds["ionect-privacy-policy"])
    project.write([{"name": "Ionect", "url": site.url("/privacy"), "every": "1d"}])
    assert project.run("check").returncode == 0
    assert _due(project, "Ionect") > datetime.now(UTC) + timedelta(hours=20)  # the daemon will not re-fetch at start
    project.write([{"name": "Ionect", "url": site.url("/privacy"), "every": "1h"}])
    proc = start_daemon(project)
    try:
        wait_for(
            lambda: _due(project, "Ionect") < datetime.now(UTC) + timedelta(hours=2),
            what="the shorter interval applied at start",
        )
        project.write([{"name": "Ionect", "url": site.url("/privacy"), "every": "7d"}])
        wait_for(
            lambda: _due(project, "Ionect") > datetime.now(UTC) + timedelta(days=6),
            what="the longer interval applied on reload",
        )
    finally:
        code, err = stop(proc)
    assert code == 0, err[-2000:]
    assert project.query("SELECT count(*) FROM checks") == [(1,)]  # no check was due meanwhile


# -- mail ----------------------------------------------------------------------------------------


def _content(key: str, created: datetime) -> AlertContent:
    return AlertContent(
        key=key,
        kind="change",
        watch="W",
        url="https://w.example/",
        level="minor",
        subject="s",
        headline="h",
        created_at=created,
        old_version=1,
        new_version=2,
    )


def test_message_ids_are_stable_per_alert_and_differ_across_installations():
    first = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    same = message_id(_content("policywatch-1-v2-email", first))
    assert same == message_id(_content("policywatch-1-v2-email", first))  # a retry
    reset = message_id(_content("policywatch-1-v2-email", first + timedelta(days=30, microseconds=7)))
    assert reset != same  # a fresh database numbering its first alert the same way
    assert same.startswith("<policywatch-1-v2-email.") and same.endswith(">") and "@" in same


@pytest.mark.parametrize(
    "email, message",
    [
        ({"host": "mail.example.com", "port": 25, "security": "none"}, "plain SMTP is for a relay on this machine"),
        ({"host": "localhost", "from": "pw@example.org\r\nBcc: x@y.z"}, "alerts.email.from"),
        ({"host": "localhost", "port": 70000}, "must be at most 65535"),
    ],
)
def test_mail_settings_that_would_fail_every_delivery_are_refused_at_load(project, email, message):
    email = {"from": "pw@example.org", "to": ["dpo@example.org"], **email}
    project.write([{"name": "A", "url": "http://127.0.0.1:9/"}], alerts={"email": email})
    result = project.run("watches")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_plain_smtp_on_this_machine_is_still_allowed(project):
    project.write(
        [{"name": "A", "url": "http://127.0.0.1:9/"}],
        alerts={
            "email": {
                "host": "127.0.0.1",
                "port": 2525,
                "security": "none",
                "from": "pw@example.org",
                "to": ["dpo@example.org"],
            }
        },
    )
    assert project.run("watches").returncode == 0


def test_an_infinite_timeout_is_refused_at_load(project):
    project.crawler = {**project.crawler, "timeout": float("inf")}
    project.write([{"name": "A", "url": "http://127.0.0.1:9/"}])
    result = project.run("check")
    assert result.returncode == 2 and "crawler.timeout" in result.stderr, result.stderr


# -- the reading pool --------------------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("command", ["check", "run"])
def test_kill_9_leaves_no_reading_process_behind(site, seeds, project, command):
    """Three kill -9s of `check` and of `run` while their reading processes work; after each, every
    one of those processes (found by PID) ends with its parent."""
    text = seeds["ionect-privacy-policy"]
    watches = []
    for i in range(48):
        site.html(f"/p{i}", text.replace("Ionect", f"Ionect {i}"))
        watches.append({"name": f"W{i}", "url": site.url(f"/p{i}"), "every": "1s"})
    project.crawler = {**project.crawler, "read_processes": 2}
    project.write(watches)
    for round_ in range(3):
        for i in range(48):  # every page new to the store, so every round reads them all
            site.html(f"/p{i}", text.replace("Ionect", f"Ionect {i}") + f"\n\nRevision {round_}.\n")
        proc = subprocess.Popen(
            [sys.executable, "-m", "policywatch", "--config", str(project.config), command],
            cwd=project.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:

            def started(proc: subprocess.Popen = proc) -> set[int] | None:
                found = _descendants(proc.pid)
                return found if len(found) >= 3 else None

            pool = wait_for(started, timeout=60, what="the fork server and two reading processes")
        finally:
            proc.kill()
            proc.wait()
        wait_for(
            lambda pool=pool: not any(_alive(p) for p in pool),
            timeout=20,
            what=f"round {round_}: the reading processes {sorted(pool)} to end with their parent",
        )


# -- config accepted that would break later ----------------------------------------------------

BAD_CONFIGS = {
    "python tag": ("watches:\n  - name: !!python/name:os.system A\n    url: http://127.0.0.1:9/\n", "YAML tags"),
    "unknown tag": ("watches:\n  - name: !secret A\n    url: http://127.0.0.1:9/\n", "YAML tags"),
    "bad int tag": (
        "crawler:\n  retries: !!int abc\nwatches:\n  - name: A\n    url: http://127.0.0.1:9/\n",
        "crawler.retries",
    ),
    "huge duration": (
        "watches:\n  - name: A\n    url: http://127.0.0.1:9/\n    every: 99999999999999999d\n",
        "at most",
    ),
    "5000 digits": (
        "crawler:\n  retries: " + "9" * 5000 + "\nwatches:\n  - name: A\n    url: http://127.0.0.1:9/\n",
        "crawler.retries",
    ),
    "chained selectors": (
        'watches:\n  - name: A\n    url: http://127.0.0.1:9/\n    select: ["' + "div > " * 20000 + 'p"]\n',
        "select",
    ),
    "mysql": (
        "database: mysql://u@h/db\nwatches:\n  - name: A\n    url: http://127.0.0.1:9/\n",
        "unsupported database",
    ),
    "CRLF name": ('watches:\n  - name: "A\\r\\nB"\n    url: http://127.0.0.1:9/\n', "control characters"),
    "long name": ("watches:\n  - name: " + "N" * 300 + "\n    url: http://127.0.0.1:9/\n", "longer than 200"),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_config_that_would_break_later_is_one_clear_line_at_load(project, case):
    text, message = BAD_CONFIGS[case]
    project.config.write_text(text, encoding="utf-8")
    result = project.run("watches")
    assert result.returncode == 2, result.stderr[-2000:]
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr[-2000:]


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_config_that_is_not_a_file_is_refused_not_read(project, target):
    if target == "fifo":
        target = str(project.dir / "config.fifo")
        os.mkfifo(target)
    result = subprocess.run(
        [sys.executable, "-m", "policywatch", "--config", target, "watches"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=project.dir,
    )
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr[-2000:]


# -- exactly once, end to end --------------------------------------------------------------------


def _edit_all(site, texts: dict[str, str], round_: int) -> None:
    for path, text in texts.items():
        site.html(path, text.replace("within three years", f"within {5 + 2 * round_} years"))


def _wait_versions(project, count: int, timeout: float = 90) -> None:
    wait_for(
        lambda: (project.query("SELECT count(*) FROM versions") or [(0,)])[0][0] >= count,
        timeout=timeout,
        what=f"{count} versions",
    )


def test_a_daemon_with_slow_receivers_delivers_each_alert_exactly_once(site, seeds, project, tmp_path, monkeypatch):
    """A slow SMTP server (1 s per message) and a slow webhook (1 s per post): the after-pass delivery
    and the periodic one overlap for tens of seconds, and still each alert goes out once."""
    from tests.mailkit import PASSWORD, MailServer

    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    mail = MailServer(tmp_path).start()
    mail.inbox.delay = 1.0
    hook = HookReceiver(delay=1.0)
    text = seeds["ionect-privacy-policy"]
    texts = {f"/p{i}": text.replace("Ionect", f"Ionect {i}") for i in range(5)}
    for path, body in texts.items():
        site.html(path, body)
    project.write(
        [{"name": f"W{i}", "url": site.url(f"/p{i}"), "every": "2s"} for i in range(5)],
        alerts={"email": mail.config(), "webhooks": [{"name": "h", "url": hook.url}]},
    )
    proc = start_daemon(project)
    try:
        _wait_versions(project, 5)
        for round_ in range(2):
            _edit_all(site, texts, round_)
            _wait_versions(project, 5 * (round_ + 2))
        wait_for(
            lambda: project.query("SELECT count(*) FROM alerts WHERE status = 'sent'") == [(20,)],
            timeout=120,
            what="all 20 alerts sent",
        )
        time.sleep(3)  # room for a duplicate to show up
    finally:
        code, err = stop(proc)
        hook.close()
        mail.stop()
    assert code == 0, err[-2000:]
    keys = [headers["Idempotency-Key"] for headers, _, _ in hook.posts]
    ids = [m["Message-ID"] for m in mail.inbox.messages]
    assert len(keys) == len(set(keys)) == 10, sorted(keys)
    assert len(ids) == len(set(ids)) == 10, sorted(ids)


def test_two_daemons_on_postgresql_deliver_each_alert_exactly_once(site, seeds, project):
    if project.url.startswith("sqlite"):
        pytest.skip("one daemon per SQLite file (tested above); several share PostgreSQL")
    hook = HookReceiver(delay=0.5)
    text = seeds["ionect-privacy-policy"]
    texts = {f"/p{i}": text.replace("Ionect", f"Ionect {i}") for i in range(6)}
    for path, body in texts.items():
        site.html(path, body)
    project.write(
        [{"name": f"W{i}", "url": site.url(f"/p{i}"), "every": "2s"} for i in range(6)],
        alerts={"webhooks": [{"name": "h", "url": hook.url}]},
    )
    first, second = start_daemon(project), start_daemon(project)
    try:
        _wait_versions(project, 6)
        for round_ in range(2):
            _edit_all(site, texts, round_)
            _wait_versions(project, 6 * (round_ + 2))
        wait_for(
            lambda: project.query("SELECT count(*) FROM alerts WHERE status = 'sent'") == [(12,)],
            timeout=120,
            what="all 12 alerts sent",
        )
        time.sleep(3)
    finally:
        codes = [stop(first)[0], stop(second)[0]]
        hook.close()
    assert codes == [0, 0]
    keys = [headers["Idempotency-Key"] for headers, _, _ in hook.posts]
    assert len(keys) == len(set(keys)) == 12, sorted(keys)
