"""A full disk under a real SQLite database (a small tmpfs filled to the last byte): reading commands
still answer, the daemon says so once a minute instead of a traceback a second, and it recovers."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from policywatch.outage import StorageOutage
from policywatch.storage import StorageError
from tests.conftest import Project, sqlite_only, wait_for
from tests.test_daemon import start_daemon, stop
from tests.test_viewer import Viewer

pytestmark = sqlite_only


@pytest.fixture
def disk(tmp_path) -> Path:
    """A 6 MB filesystem of its own, so filling it touches nothing else."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"a full disk needs a small tmpfs, and this machine refuses the mount: {mounted.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with contextlib.suppress(OSError), open(filler, "wb") as f:
        while True:
            f.write(b"\0" * 65536)
            f.flush()
    with contextlib.suppress(OSError), open(filler, "ab") as f:  # the last few bytes too
        while True:
            f.write(b"\0")
            f.flush()
    return filler


def project_on(disk: Path, site, seeds, every: str | None = None) -> Project:
    project = Project(disk, url=f"sqlite:///{disk / 'policywatch.db'}")
    texts = list(seeds.values())[:2]
    for i, text in enumerate(texts):
        site.html(f"/p{i}", text)
    project.write(
        [
            {"name": f"Vendor {i}", "url": site.url(f"/p{i}"), **({"every": every} if every else {})}
            for i in range(len(texts))
        ]
    )
    return project


def test_reading_commands_answer_on_a_full_disk_and_nothing_is_damaged(disk, site, seeds):
    project = project_on(disk, site, seeds)
    assert project.run("check").returncode == 0
    site.html("/p0", list(seeds.values())[0].replace("\n\n", "\n\nA sentence added for this test.\n\n", 1))
    assert project.run("check").returncode == 0
    before = project.run("history", "Vendor 0").stdout
    assert "v2" in before
    filler = fill(disk)

    for args in (
        ("history", "Vendor 0"),
        ("watches",),
        ("show", "Vendor 0"),
        ("diff", "Vendor 0"),
        ("alerts",),
        ("db", "check"),
        ("history", "Vendor 0", "--json"),
    ):
        proc = project.run(*args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and "disk I/O error" not in proc.stderr, (args, proc.stderr)
    assert project.run("history", "Vendor 0").stdout == before

    viewer = Viewer(project)
    try:
        page = urllib.request.urlopen(viewer.url, timeout=10).read().decode()
        assert "Vendor 0" in page and "Vendor 1" in page
    finally:
        viewer.close()

    failed = project.run("check")  # a command that must write says why it cannot, in one line
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
    assert "disk is full" in failed.stderr or "disk I/O error" in failed.stderr, failed.stderr

    filler.unlink()
    assert project.run("db", "check").returncode == 0
    assert project.run("history", "Vendor 0").stdout == before


def test_a_watch_added_while_the_disk_is_full_is_shown_with_a_warning(disk, site, seeds):
    project = project_on(disk, site, seeds)
    assert project.run("check").returncode == 0
    project.write(
        [
            {"name": "Vendor 0", "url": site.url("/p0")},
            {"name": "Vendor 1", "url": site.url("/p1")},
            {"name": "Newcomer", "url": site.url("/p0")},
        ]
    )
    fill(disk)
    proc = project.run("watches")
    assert proc.returncode == 0, proc.stderr
    assert "Vendor 0" in proc.stdout and "could not be stored" in proc.stderr


def test_the_daemon_reports_a_full_disk_once_and_recovers_when_space_returns(disk, site, seeds):
    project = project_on(disk, site, seeds, every="1s")
    daemon = start_daemon(project)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(daemon.stderr), daemon=True).start()
    try:
        wait_for(lambda: any(" pass=" in line for line in lines), what="a first pass")
        filler = fill(disk)
        full_from = len(lines)
        text = list(seeds.values())[0]
        for revision in range(10):  # pages keep changing while nothing can be stored
            site.html("/p0", text + f"\n\nRevision {revision} of this page.\n")
            time.sleep(1)
        while_full = lines[full_from:]
        reports = [line for line in while_full if "cannot be written" in line]
        assert len(reports) == 1, "".join(while_full[-40:])
        assert "disk is full" in reports[0] and "repeats every 60 s" in reports[0]
        assert not any("Traceback" in line for line in while_full), "".join(while_full[-40:])
        assert len(while_full) <= 6, "".join(while_full)  # no line a second, nor one per watch

        filler.unlink()
        freed_from = len(lines)
        wait_for(lambda: any("writable again" in line for line in lines[freed_from:]), what="the recovery line")
        wait_for(
            lambda: any(" pass=" in line and " changed=1" in line for line in lines[freed_from:]),
            what="a pass storing the change made while the disk was full",
        )
    finally:
        code, _ = stop(daemon)
    assert code == 0
    assert project.run("db", "check").returncode == 0
    assert "Revision 9 of this page" in project.run("show", "Vendor 0", "--text").stdout


def test_an_outage_is_one_line_then_one_a_minute_then_one_for_the_recovery(caplog):
    now = [100.0]
    outage = StorageOutage(clock=lambda: now[0])
    error = StorageError("database write failed: database or disk is full")
    with caplog.at_level(logging.INFO, logger="policywatch.daemon"):
        for _ in range(59):
            outage.failed("checks", error)
            now[0] += 1
        assert [r.levelname for r in caplog.records] == ["ERROR"]
        assert "database or disk is full" in caplog.records[0].getMessage()
        assert "database write failed" not in caplog.records[0].getMessage()
        now[0] += 1
        outage.failed("alerts", error)
        assert len(caplog.records) == 2 and "still cannot be written after 60 s" in caplog.records[1].getMessage()
        outage.succeeded()
        outage.succeeded()
    assert [r.levelname for r in caplog.records] == ["ERROR", "ERROR", "WARNING"]
    assert "writable again after 60 s" in caplog.records[2].getMessage()
    assert not outage.ongoing
