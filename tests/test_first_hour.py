"""The first hour of a new user: seeing what policywatch reads (`show`, `extract`) and what failed."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROBOTS_ALLOW
from tests.sitekit import Page

PAGE = ("<html><head><title>Privacy at Acme</title></head><body><nav>Home | Blog</nav><main><h1>Privacy policy</h1>"
        "<p>Last updated: 2 March 2026</p><h2>Who receives your data</h2><p>We use Stripe, Inc. (United States) "
        "to take payments.</p><h2>Retention</h2><p>We keep invoices for seven years.</p></main>"
        "<div class='cookie-banner'>We use cookies. Accept all</div></body></html>")


def test_show_prints_sections_facts_text_and_the_raw_page(site, project):
    site.pages["/p"] = Page(PAGE.encode("utf-8"))
    project.write([{"name": "Acme", "url": site.url("/p")}])
    assert project.run("check").returncode == 0
    shown = project.run("show", "Acme")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "Who receives your data" in out and "Retention" in out and "words)" in out
    assert "Last updated: 2026-03-02" in out and "Stripe" in out and "7 years" in out
    text = project.run("show", "Acme", "--text").stdout
    assert "We keep invoices for seven years." in text and "<p>" not in text
    raw = project.run("show", "Acme", "--raw").stdout
    assert "<h2>Retention</h2>" in raw


def test_show_before_any_version_says_what_to_run(site, project):
    project.write([{"name": "Not yet", "url": site.url("/nothing")}])
    shown = project.run("show", "Not yet")
    assert shown.returncode == 2 and "policywatch check 'Not yet'" in shown.stderr


def test_extract_a_saved_page_with_select_and_remove(tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(PAGE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "policywatch", "extract", str(page), "--select", "main", "--text"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "We keep invoices" in run.stdout and "Accept all" not in run.stdout and "Home | Blog" not in run.stdout
    removed = subprocess.run([sys.executable, "-m", "policywatch", "extract", str(page), "--remove", "h2", "--text"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "Who receives your data" not in removed.stdout and "We use Stripe" in removed.stdout
    empty = subprocess.run([sys.executable, "-m", "policywatch", "extract", str(page), "--select", "#nothing"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert empty.returncode == 2 and "nothing matching select" in empty.stderr


def test_extract_from_standard_input_and_a_url(site, project):
    piped = subprocess.run([sys.executable, "-m", "policywatch", "extract", "-"], input="# Privacy\n\nWe keep logs "
                           "for 30 days.\n", capture_output=True, text=True, cwd=project.dir, timeout=60)
    assert piped.returncode == 0 and "30 days" in piped.stdout
    site.pages["/robots.txt"] = ROBOTS_ALLOW
    site.pages["/p"] = Page(PAGE.encode("utf-8"))
    project.write([])  # the config's crawler settings allow the local site
    fetched = project.run("extract", site.url("/p"))
    assert fetched.returncode == 0, fetched.stderr
    assert "Stripe" in fetched.stdout and "Retention" in fetched.stdout
    project.crawler = {"retries": 0, "timeout": 5}  # the guard on: loopback refused, nothing fetched
    project.write([])
    hits = site.hits["/p"]
    refused = project.run("extract", site.url("/p"))
    assert refused.returncode == 2 and "loopback" in refused.stderr and site.hits["/p"] == hits


def test_history_of_a_watch_that_never_worked_shows_its_failed_checks(site, project):
    project.write([{"name": "Gone page", "url": site.url("/gone")}])
    project.run("check")
    out = project.run("history", "Gone page").stdout
    assert "no versions stored yet; its last checks failed" in out and "HTTP 404" in out


def test_check_history_and_alerts_speak_json_for_scripts(site, seeds, project):
    import json

    from tests.hookkit import HookReceiver

    hook = HookReceiver()
    try:
        text = seeds["ionect-privacy-policy"]
        site.html("/privacy", text)
        project.write([{"name": "Ionect", "url": site.url("/privacy")}, {"name": "Gone", "url": site.url("/gone")}],
                      alerts={"webhooks": [{"name": "h", "url": hook.url}]})
        first = project.run("check", "--json")
        data = json.loads(first.stdout)
        assert first.returncode == 1  # one watch failed: the same exit code as without --json
        assert data["summary"]["checked"] == 2 and data["summary"]["new"] == 1 and data["summary"]["failed"] == 1
        by_watch = {w["watch"]: w for w in data["watches"]}
        assert by_watch["Ionect"]["outcome"] == "new" and by_watch["Ionect"]["version"] == 1
        assert by_watch["Gone"]["outcome"] == "failed" and "404" in by_watch["Gone"]["error"]
        assert by_watch["Ionect"]["url"] == site.url("/privacy")
        site.html("/privacy", text.replace("within three years", "within five years"))
        second = json.loads(project.run("check", "--json", "Ionect").stdout)
        assert second["summary"]["changed"] == 1 and second["alerts"]["sent"] == 1
        history = json.loads(project.run("history", "Ionect", "--json").stdout)
        assert history["watch"] == "Ionect" and [v["number"] for v in history["versions"]] == [2, 1]
        assert any(e["type"] == "retention_changed" for e in history["versions"][0]["events"])
        gone = json.loads(project.run("history", "Gone", "--json").stdout)
        assert gone["versions"] == [] and gone["failed_checks"][0]["outcome"] == "failed"
        outbox = json.loads(project.run("alerts", "--json").stdout)
        assert [(a["watch"], a["status"], a["level"]) for a in outbox] == [("Ionect", "sent", "material")]
    finally:
        hook.close()
