"""Noise defences across versions: flip-flopping pages and broken/recovered watches alert once, not every time."""

from __future__ import annotations

import re
import time

import jsonschema

from tests.conftest import summary
from tests.hookkit import SCHEMA
from tests.sitekit import Page


def test_a_page_flipping_between_two_versions_alerts_once_then_says_unstable(site, seeds, project, hook):
    a = seeds["ionect-privacy-policy"]
    b = a.replace("within three years", "within five years")
    project.write([{"name": "Ionect", "url": site.url("/p")}], alerts={"webhooks": [{"name": "h", "url": hook.url}]})
    for text in (a, b, a, b, a):
        site.html("/p", text)
        assert project.run("check").returncode == 0
    delivered = hook.delivered()
    for payload in delivered:
        jsonschema.validate(payload, SCHEMA)
    kinds = [(p["kind"], p["headline"]) for p in delivered]
    assert kinds == [("change", "retention changed (3 years → 5 years)"), ("notice", "page unstable")]
    assert "keeps switching between versions" in delivered[1]["events"][0]["message"]
    history = project.run("history", "Ionect").stdout
    assert [line.split()[0] for line in history.splitlines() if re.match(r"\s*v\d+\s", line)] == [
        "v5",
        "v4",
        "v3",
        "v2",
        "v1",
    ]


def _watched(site, seeds, project, hook) -> str:
    """One watch with a first version, broken after 2 failures, its notices to ``hook``; its text."""
    text = seeds["ionect-privacy-policy"]
    site.html("/p", text)
    project.write(
        [{"name": "Ionect", "url": site.url("/p")}],
        alerts={"broken_after": 2, "webhooks": [{"name": "h", "url": hook.url}]},
    )
    assert project.run("check").returncode == 0
    return text


def test_a_broken_page_gives_one_broken_and_one_recovered_notice(site, seeds, project, hook):
    text = _watched(site, seeds, project, hook)
    site.pages["/p"] = Page(b"<h1>Gone</h1>", status=410)
    for _ in range(2):
        assert summary(project.run("check")).endswith("1 failed")
    # an error page served with 200 counts as a failure too, and never as a change
    site.pages["/p"] = Page(
        b"<html><body><main><h1>Page not found</h1><p>Sorry, this page does not exist.</p></main></body></html>"
    )
    assert summary(project.run("check")).endswith("0 failed, 1 suspect")
    site.html("/p", text)
    assert summary(project.run("check")) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"
    assert project.run("check").returncode == 0
    delivered = hook.delivered()
    assert [(p["kind"], p["headline"]) for p in delivered] == [
        ("notice", "watch broken"),
        ("notice", "watch recovered"),
    ]
    assert "failed 2 checks in a row (last: HTTP 410)" in delivered[0]["events"][0]["message"]
    assert "works again after 3 failed checks" in delivered[1]["events"][0]["message"]


def test_transient_faults_make_a_watch_broken_only_when_they_last(site, seeds, project, hook):
    text = _watched(site, seeds, project, hook)
    site.pages["/p"] = Page(b"<h1>Service Unavailable</h1>", status=503)
    for _ in range(5):  # a flaky site: no notice
        assert summary(project.run("check")).endswith("1 failed")
    assert hook.delivered() == []
    site.html("/p", text)
    assert project.run("check").returncode == 0  # it recovered before anyone was told it broke
    site.pages["/p"] = Page(b"<h1>Service Unavailable</h1>", status=503)
    for _ in range(6):  # down for good: broken once, at three times broken_after
        assert summary(project.run("check")).endswith("1 failed")
    delivered = hook.delivered()
    assert [(p["kind"], p["headline"]) for p in delivered] == [("notice", "watch broken")]
    assert "failed 6 checks in a row (last: HTTP 503)" in delivered[0]["events"][0]["message"]
    site.pages["/p"] = Page(b"<h1>Not Found</h1>", status=404)
    assert summary(project.run("check")).endswith("1 failed")  # a persistent fault after it: no second notice
    assert len(hook.delivered()) == 1
    site.html("/p", text)
    assert project.run("check").returncode == 0
    assert [p["headline"] for p in hook.delivered()] == ["watch broken", "watch recovered"]


def test_a_suspect_page_is_kept_for_inspection_until_pruned(site, seeds, project):
    site.html("/p", seeds["ionect-privacy-policy"])
    project.write([{"name": "Ionect", "url": site.url("/p")}], housekeeping={"keep_failed_snapshots": "1s"})
    assert project.run("check").returncode == 0
    wall = b"<html><body><main><h1>Just a moment...</h1><p>Checking your browser.</p></main></body></html>"
    site.pages["/p"] = Page(wall)
    assert summary(project.run("check")).endswith("1 suspect")
    store = project.store()
    try:
        [suspect, _] = store.checks(store.watch("Ionect").id)
        assert suspect.outcome == "suspect" and store.snapshot(suspect.snapshot_id).body == wall
    finally:
        store.close()
    time.sleep(1.2)  # older than keep_failed_snapshots
    proc = project.run("db", "prune")
    assert proc.returncode == 0 and proc.stdout.startswith("pruned 1 snapshots, 0 checks, 1 stored bodies")
    assert project.run("diff", "Ionect").returncode == 0  # the version and its snapshot are untouched


def test_an_extractor_upgrade_never_alerts(site, seeds, project, hook):
    import hashlib
    import zlib

    text = seeds["ionect-privacy-policy"]
    site.html("/p", text)
    site.pages["/p"].etag = False
    project.write([{"name": "Ionect", "url": site.url("/p")}], alerts={"webhooks": [{"name": "h", "url": hook.url}]})
    assert project.run("check").returncode == 0
    # Pretend v1 was extracted by an older extractor that read the page differently.
    old_reading = b"# Privacy Policy\n\nAn older, worse reading of the page.\n"
    digest = hashlib.sha256(old_reading).hexdigest()
    project.query(
        "INSERT INTO blobs (sha256, size, data) VALUES (:d, :n, :b)",
        d=digest,
        n=len(old_reading),
        b=zlib.compress(old_reading),
    )
    project.query("UPDATE versions SET extractor = 'pw-0', text_sha256 = :d, fingerprint = 'old'", d=digest)
    project.query("UPDATE watches SET body_sha256 = NULL")
    proc = project.run("check")  # the page itself has not changed
    assert summary(proc) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"
    assert hook.posts == []
    history = project.run("history", "Ionect").stdout
    assert "[reextracted]" in history and "v2" in history
    assert "0 reextracted" in project.run("reextract").stdout  # already up to date
