"""A newcomer's first five minutes: `policywatch demo`, then `init`, `check` and `run` as the README says."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from email import message_from_bytes, policy

import pytest
import yaml

from tests.conftest import summary


def pw(*args: str, cwd, timeout: float = 90) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "POLICYWATCH_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "policywatch", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


def block(stdout: str, watch: str) -> str:
    """The summary lines of one watch: its headline line and the event lines under it."""
    lines = stdout.split("What policywatch detected:")[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(watch))
    out = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("      "):
            break
        out.append(line)
    return "\n".join(out)


def test_demo_shows_the_detected_changes_and_keeps_the_emails(tmp_path):
    started = time.monotonic()
    proc = pw("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 60
    out = proc.stdout
    assert "minor" in block(out, "iConnek") and "last-updated date changed: 2025-01-30 → 2026-03-02" in block(
        out, "iConnek"
    )
    assert "material" in block(out, "ImagePlus") and "processor added: Google" in block(out, "ImagePlus")
    assert "processor removed: Lovable" in block(out, "Ionect")
    assert "retention changed: 7 years → 10 years" in block(out, "Conitro (NL)")
    cosmetic = block(out, "Conneqtech")
    assert "none" in cosmetic and "no alert" in cosmetic and "processor" not in cosmetic

    emails = sorted((tmp_path / "demo" / "emails").glob("*.eml"))
    assert len(emails) == 4
    subjects = []
    for path in emails:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        subjects.append(message["Subject"])
        assert message.get_body(("plain",)).get_content().strip()
        assert message.get_body(("html",)).get_content().strip()
    for watch in ("Conitro (NL)", "ImagePlus", "Ionect", "iConnek"):
        assert sum(s.startswith(f"[policywatch] {watch} ") for s in subjects) == 1, subjects
    assert not any("Conneqtech" in s for s in subjects)
    report = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert "Lovable" in report and "diff-ionect.html" in report
    assert (tmp_path / "demo" / "diff-ionect.html").exists()
    history = pw("--config", str(tmp_path / "demo" / "config.yaml"), "history", "Ionect", cwd=tmp_path)
    assert history.returncode == 0 and "processor removed: Lovable" in history.stdout


def test_demo_refuses_a_folder_with_something_in_it(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    proc = pw("demo", "--out", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2 and "is not empty" in proc.stderr
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_readme_quick_start_from_init_to_a_running_daemon(tmp_path, site, seeds):
    """README "Quick start", steps 3 to 5, word for word, against a local page."""
    site.html("/privacy", seeds["ionect-privacy-policy"])
    assert pw("init", cwd=tmp_path).returncode == 0
    config = tmp_path / "config.yaml"
    assert pw("init", cwd=tmp_path).returncode == 2  # never overwrites
    text = config.read_text()
    assert "# email:" in text and "password_env" in text  # commented guidance for the next steps
    # the user's edit: their page instead of the example (a local one here, so private networks are allowed)
    doc = yaml.safe_load(text)
    doc["crawler"]["allow_private_networks"] = True
    doc["watches"] = [{"name": "Ionect", "url": site.url("/privacy"), "every": "2s"}]
    config.write_text(yaml.safe_dump(doc, sort_keys=False))
    check = pw("check", cwd=tmp_path)
    assert summary(check) == "1 checked, 1 new, 0 changed, 0 unchanged, 0 failed"
    site.html("/privacy", seeds["ionect-privacy-policy"].replace("within three years", "within five years"))
    daemon = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "run"], cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            history = pw("history", "Ionect", cwd=tmp_path).stdout
            if re.search(r"^  v2 ", history, re.MULTILINE):  # in the versions list, stored with its events
                break
            time.sleep(0.5)
        assert "retention changed: 3 years → 5 years" in history
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=15)
    assert daemon.returncode == 0, err[-2000:]


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_demo_serve_stops_on_a_signal_and_its_emails_link_to_its_own_port(tmp_path, signame):
    import re

    env = {k: v for k, v in os.environ.items() if k != "POLICYWATCH_CONFIG"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "demo", "--out", str(tmp_path / "demo"), "--serve", "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = ""
        deadline = time.monotonic() + 90
        while "viewer on" not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
        match = re.search(r"viewer on http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        port = match.group(1)
        started = time.monotonic()
        proc.send_signal(getattr(signal, signame))
        proc.wait(timeout=5)
        stopped_in = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert stopped_in < 2, f"the viewer took {stopped_in:.1f} s to stop on {signame}"
    emails = list((tmp_path / "demo" / "emails").glob("*.eml"))
    assert emails
    body = message_from_bytes(emails[0].read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert f"http://127.0.0.1:{port}/" in body and "127.0.0.1:8080" not in body
