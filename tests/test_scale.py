"""Several workers and one scheduler on one PostgreSQL database: every watch once per period, every change
stored once, every alert sent once, a killed worker's watches taken over, one site per worker at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import ExitStack

import pytest

from tests.conftest import PG_ANY, ROBOTS_ALLOW, Project, fresh_database_url, wait_for
from tests.hookkit import HookReceiver
from tests.sitekit import LocalSite, seed_texts

SITES, PAGES_PER_SITE = 6, 100
PERIOD = 25  # seconds between checks of one watch (jitter +/- 5 %)
LEASE = 6  # seconds a claim holds without renewal
PER_HOST = 4


def require_postgres() -> None:
    if PG_ANY is None:
        if os.environ.get("CI"):
            pytest.fail("no PostgreSQL server given (.ci/run starts one and sets POLICYWATCH_TEST_POSTGRES)")
        pytest.skip("set POLICYWATCH_TEST_POSTGRES(_SERVER) to a PostgreSQL server URL (see .ci/start-postgres)")


def start(project: Project, role: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "policywatch", "--config", str(project.config), "run", "--role", role],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=project.dir,
    )


def test_three_workers_and_a_scheduler_check_everything_once_per_period(tmp_path):
    require_postgres()
    seeds = list(seed_texts().values())
    project = Project(
        tmp_path,
        crawler={"allow_private_networks": True, "retries": 0, "timeout": 5, "per_host": PER_HOST, "concurrency": 16},
        url=fresh_database_url(tmp_path, PG_ANY),
    )
    hook = HookReceiver()
    with ExitStack() as stack:
        stack.callback(hook.close)
        sites = [stack.enter_context(LocalSite()) for _ in range(SITES)]
        watches, texts = [], {}
        for s, site in enumerate(sites):
            site.pages["/robots.txt"] = ROBOTS_ALLOW
            for i in range(PAGES_PER_SITE):
                name = f"site{s}-page{i}"
                texts[name] = seeds[(s + i) % len(seeds)] + f"\n\nReference: {name}.\n"
                site.html(f"/p/{i}", texts[name])
                watches.append({"name": name, "url": site.url(f"/p/{i}"), "every": f"{PERIOD}s"})
        project.write(
            watches,
            daemon={"lease": f"{LEASE}s", "batch": 150},
            alerts={"min_level": "minor", "webhooks": [{"name": "h", "url": hook.url}]},
        )
        procs = {"scheduler": start(project, "scheduler")}
        for w in range(3):
            procs[f"worker{w}"] = start(project, "worker")
        try:
            victim = procs["worker0"]
            wait_for(
                lambda: (
                    (
                        project.query("SELECT count(*) FROM watches WHERE lease_owner LIKE :o", o=f"%:{victim.pid}")
                        or [(0,)]
                    )[0][0]
                    > 0
                ),
                timeout=60,
                what="worker0 to claim watches",
            )
            victim.send_signal(signal.SIGKILL)  # mid-pass: its claims are in flight
            victim.wait()
            killed_at = time.monotonic()
            wait_for(
                lambda: project.query("SELECT count(DISTINCT watch_id) FROM checks") == [(len(watches),)],
                timeout=90,
                what="a first check of every watch",
            )
            changed = [f"site{s}-page{i}" for s in range(SITES) for i in (3, 50)][:10]
            for name in changed:
                s, i = name.removeprefix("site").split("-page")
                sites[int(s)].html(
                    f"/p/{i}",
                    texts[name].replace("Reference:", "Reference (revised 2026):")
                    + "\nWe keep your records for five years after your last order.\n",
                )
            wait_for(
                lambda: (
                    project.query("SELECT count(*) FROM versions WHERE number = 2") == [(len(changed),)]
                    and len(hook.posts) >= len(changed)
                ),
                timeout=120,
                what="the changes and their alerts",
            )
            wait_for(
                lambda: (
                    (
                        project.query("SELECT min(n) FROM (SELECT count(*) AS n FROM checks GROUP BY watch_id) t")
                        or [(0,)]
                    )[0][0]
                    >= 2
                ),
                timeout=90,
                what="a second round of checks",
            )
            time.sleep(2)
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            errors = {name: proc.communicate(timeout=20)[1] for name, proc in procs.items() if name != "worker0"}
        assert time.monotonic() - killed_at > LEASE

    for name, err in errors.items():
        assert procs[name].returncode == 0, f"{name} exited {procs[name].returncode}: {err[-2000:]}"
    # every watch checked once per period: no two checks of one watch closer than the period allows
    times = defaultdict(list)
    for watch_id, started in project.query("SELECT watch_id, started_at FROM checks ORDER BY started_at"):
        times[watch_id].append(started)
    assert len(times) == len(watches)
    closest = min((b - a).total_seconds() for ts in times.values() for a, b in zip(ts, ts[1:]))
    assert closest >= PERIOD * 0.9, f"a watch was checked twice within {closest:.1f} s"
    # every change stored once, nothing else stored twice
    assert project.query("SELECT count(*) FROM versions") == [(len(watches) + len(changed),)]
    assert project.query(
        "SELECT count(*) FROM (SELECT watch_id, number FROM versions GROUP BY watch_id, number HAVING count(*) > 1) d"
    ) == [(0,)]
    # every alert sent once, and received once
    assert project.query("SELECT status, count(*) FROM alerts GROUP BY status") == [("sent", len(changed))]
    keys = [headers["Idempotency-Key"] for headers, _, status in hook.posts if status == 200]
    assert len(keys) == len(set(keys)) == len(changed)
    # the killed worker's leases were taken over; nobody holds a lease after a clean stop
    assert project.query("SELECT count(*) FROM watches WHERE lease_owner IS NOT NULL") == [(0,)]
    # one site per worker at a time: two workers' downloads from one site never overlap
    spans = defaultdict(list)
    for url, worker, started, ms in project.query(
        "SELECT w.url, c.worker, c.started_at, c.duration_ms FROM checks c JOIN watches w ON w.id = c.watch_id"
    ):
        spans[url.split("/p/")[0]].append((started.timestamp(), started.timestamp() + ms / 1000, worker))
    workers = {w for host in spans.values() for _, _, w in host}
    assert len(workers - {None}) >= 2, workers  # the two surviving workers shared the work
    for host, items in spans.items():
        items.sort()
        for i, (_, end, worker) in enumerate(items):
            for other_begin, _, other in items[i + 1 :]:
                if other_begin >= end:
                    break
                assert other == worker, f"{host}: {worker} and {other} were downloading from it at once"

    assert project.run("db", "check").returncode == 0
