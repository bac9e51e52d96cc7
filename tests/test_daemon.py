"""`policywatch run` as a real subprocess: scheduled passes, alerts without any command, reloads, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import yaml

from tests.conftest import wait_for
from tests.hookkit import HookReceiver


def start_daemon(project) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "policywatch", "--config", str(project.config), "run"],
        cwd=project.dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def query(project, sql: str):
    return project.query(sql)


def stop(proc: subprocess.Popen) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the daemon did not exit within 10 s of SIGTERM\n{err[-3000:]}")
    return proc.returncode, err


def test_scheduled_passes_turn_a_change_into_an_alert_and_sigterm_is_clean(site, seeds, project):
    hook = HookReceiver()
    text = seeds["ionect-privacy-policy"]
    site.html("/privacy", text)
    project.write(
        [{"name": "Ionect", "url": site.url("/privacy"), "every": "2s"}],
        alerts={"webhooks": [{"name": "h", "url": hook.url}]},
    )
    proc = start_daemon(project)
    try:
        wait_for(lambda: query(project, "SELECT count(*) FROM versions") == [(1,)], what="the first version")
        site.html("/privacy", text.replace("within three years", "within five years"))
        wait_for(lambda: hook.delivered(), what="the change alert")
        checks = query(project, "SELECT count(*) FROM checks")[0][0]
        assert checks >= 2
    finally:
        code, err = stop(proc)
        hook.close()
    assert code == 0, err[-3000:]
    [payload] = hook.delivered()
    assert payload["level"] == "material" and any(e["type"] == "retention_changed" for e in payload["events"])
    assert "pass=1 watches=1 new=1" in err and "stopping signal=SIGTERM" in err and "stopped" in err
    assert project.run("db", "check").returncode == 0
    assert query(project, "SELECT lease_owner FROM watches") == [(None,)]
    assert query(project, "SELECT count(*) FROM versions") == [(2,)]


def test_robots_txt_is_kept_across_passes_and_crawl_delay_holds_between_them(site, seeds, project):
    from tests.sitekit import Page

    site.pages["/robots.txt"] = Page(b"User-agent: *\nCrawl-delay: 2\n", content_type="text/plain")
    site.html("/a", seeds["ionect-privacy-policy"])
    site.html("/b", seeds["imageplus-privacy-notice"])
    project.write(
        [{"name": "A", "url": site.url("/a"), "every": "1s"}, {"name": "B", "url": site.url("/b"), "every": "1s"}]
    )
    proc = start_daemon(project)
    try:
        wait_for(
            lambda: (query(project, "SELECT count(*) FROM checks") or [(0,)])[0][0] >= 6, timeout=40, what="six checks"
        )
    finally:
        code, err = stop(proc)
    assert code == 0, err[-3000:]
    assert site.hits["/robots.txt"] == 1
    starts = sorted(t for path, t in site.times if path in ("/a", "/b"))
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(starts) >= 6 and min(gaps) >= 1.9, gaps


def test_housekeeping_runs_as_its_own_job(site, seeds, project):
    from tests.sitekit import Page

    site.pages["/p"] = Page(
        b"<html><body><main><h1>Just a moment...</h1><p>Checking your browser.</p></main></body></html>"
    )
    project.write(
        [{"name": "walled", "url": site.url("/p"), "every": "1h"}],
        housekeeping={"keep_failed_snapshots": "1s", "every": "2s"},
    )
    proc = start_daemon(project)
    try:
        wait_for(lambda: query(project, "SELECT count(*) FROM snapshots") == [(1,)], what="the suspect page's snapshot")
        wait_for(lambda: query(project, "SELECT count(*) FROM snapshots") == [(0,)], what="the prune")
    finally:
        code, err = stop(proc)
    assert code == 0, err[-3000:]
    assert "housekeeping snapshots=1 checks=0 blobs=1" in err
    assert query(project, "SELECT outcome, snapshot_id FROM checks") == [("suspect", None)]


def test_a_watch_added_to_the_config_is_checked_without_restart(site, seeds, project):
    site.html("/a", seeds["ionect-privacy-policy"])
    site.html("/b", seeds["imageplus-privacy-notice"])
    project.write([{"name": "A", "url": site.url("/a"), "every": "1h"}])
    proc = start_daemon(project)
    try:
        wait_for(lambda: query(project, "SELECT count(*) FROM versions") == [(1,)], what="the first watch")
        doc = yaml.safe_load(project.config.read_text())
        doc["watches"].append({"name": "B", "url": site.url("/b"), "every": "1h"})
        time.sleep(1.1)  # a new mtime second
        project.config.write_text(yaml.safe_dump(doc))
        wait_for(lambda: query(project, "SELECT count(*) FROM versions") == [(2,)], what="the added watch")
        names = {n for (n,) in query(project, "SELECT w.name FROM versions v JOIN watches w ON w.id = v.watch_id")}
        assert names == {"A", "B"}
        assert site.hits["/a"] == 1  # every: 1h, so A was not checked again
    finally:
        code, err = stop(proc)
    assert code == 0, err[-3000:]
    assert "config reloaded watches=2" in err


def test_a_broken_config_edit_keeps_the_daemon_running(site, seeds, project):
    site.html("/a", seeds["ionect-privacy-policy"])
    project.write([{"name": "A", "url": site.url("/a"), "every": "1h"}])
    proc = start_daemon(project)
    try:
        wait_for(lambda: query(project, "SELECT count(*) FROM versions") == [(1,)], what="the first version")
        time.sleep(1.1)
        doc = yaml.safe_load(project.config.read_text())
        doc["watches"].append({"name": "B", "url": "ftp://nope.example/policy"})
        project.config.write_text(yaml.safe_dump(doc))
        time.sleep(2.5)
        assert proc.poll() is None
        assert query(project, "SELECT name FROM watches") == [("A",)]
    finally:
        code, err = stop(proc)
    assert code == 0
    assert "config not reloaded, keeping the running one" in err and "only http and https" in err


def test_kill_9_mid_pass_then_restart_checks_the_interrupted_watches_once(site, seeds, project):
    for i in range(4):
        site.html(f"/p{i}", seeds["ionect-privacy-policy"] + f"\nPage {i}.\n")
        site.pages[f"/p{i}"].delay = 1.0
    project.crawler.update({"concurrency": 1, "per_host": 1})
    project.write([{"name": f"W{i}", "url": site.url(f"/p{i}"), "every": "1h"} for i in range(4)])
    proc = start_daemon(project)
    try:
        wait_for(lambda: (query(project, "SELECT count(*) FROM versions") or [(0,)])[0][0] >= 1, what="a first check")
    finally:
        proc.kill()  # SIGKILL in the middle of the pass
        proc.wait(timeout=10)
    done_before = query(project, "SELECT count(*) FROM versions")[0][0]
    assert done_before < 4, "the pass finished before it could be interrupted"
    # a recorded check ends its own lease: only the unchecked watches are still held by the dead process
    assert query(project, "SELECT count(*) FROM watches WHERE lease_owner IS NOT NULL")[0][0] == 4 - done_before
    proc = start_daemon(project)
    try:
        wait_for(lambda: query(project, "SELECT count(*) FROM versions") == [(4,)], timeout=40, what="all four watches")
    finally:
        code, err = stop(proc)
    assert code == 0, err[-2000:]
    assert f"reclaimed watches={4 - done_before} from dead owner=" in err
    per_watch = query(project, "SELECT watch_id, count(*) FROM versions GROUP BY watch_id")
    assert [n for _, n in per_watch] == [1, 1, 1, 1]  # no duplicate versions
    assert query(project, "SELECT count(*) FROM watches WHERE lease_owner IS NOT NULL") == [(0,)]
    assert project.run("db", "check").returncode == 0


def test_kill_9_mid_pass_loses_no_alert_and_sends_none_twice(site, seeds, project):
    hook = HookReceiver()
    texts = {i: seeds["ionect-privacy-policy"] + f"\nPage {i}.\n" for i in range(4)}
    for i, text in texts.items():
        site.html(f"/p{i}", text)
    project.crawler.update({"concurrency": 1, "per_host": 1})
    project.write(
        [{"name": f"W{i}", "url": site.url(f"/p{i}"), "every": "2s"} for i in range(4)],
        alerts={"webhooks": [{"name": "h", "url": hook.url}]},
    )
    proc = start_daemon(project)
    try:
        wait_for(lambda: query(project, "SELECT count(*) FROM versions") == [(4,)], what="four first versions")
        for i, text in texts.items():  # every page changes, and the next pass is slow
            site.html(f"/p{i}", text.replace("within three years", "within five years"))
            site.pages[f"/p{i}"].delay = 1.0
        wait_for(
            lambda: (query(project, "SELECT count(*) FROM alerts") or [(0,)])[0][0] >= 1, what="a first change alert"
        )
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert hook.posts == []  # killed before the pass ended, so before its delivery
    proc = start_daemon(project)
    try:
        wait_for(lambda: len(hook.delivered()) == 4, timeout=60, what="all four change alerts")
        time.sleep(2.5)  # another pass and delivery round: nothing may be sent twice
    finally:
        code, err = stop(proc)
        hook.close()
    assert code == 0, err[-2000:]
    ids = [p["id"] for p in hook.delivered()]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert sorted(p["watch"] for p in hook.delivered()) == ["W0", "W1", "W2", "W3"]
    assert query(project, "SELECT count(*) FROM versions") == [(8,)]
    assert query(project, "SELECT status, count(*) FROM alerts GROUP BY status") == [("sent", 4)]
