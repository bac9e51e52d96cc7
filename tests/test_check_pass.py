"""`policywatch check` end to end: real Scrapy crawl of a real local HTTP server into SQLite."""

from __future__ import annotations

import bisect
import json
import subprocess
import sys

from tests.conftest import ROBOTS_ALLOW, summary
from tests.sitekit import LocalSite, Page


def serve_seeds(site, seeds, **page_options) -> list[dict]:
    watches = []
    for name, text in seeds.items():
        site.html(f"/{name}", text, **page_options)
        watches.append({"name": name, "url": site.url(f"/{name}")})
    return watches


def table_stats(project) -> dict:
    stats = {
        t: project.query(f"SELECT count(*) FROM {t}")[0][0]
        for t in ("watches", "snapshots", "versions", "checks", "blobs")
    }
    stats["blob_bytes"] = project.query("SELECT coalesce(sum(length(data)), 0) FROM blobs")[0][0]
    return stats


def file_size(project) -> int:
    """The SQLite file with its write-ahead log folded in (0 on PostgreSQL, where rows are counted instead)."""
    if not project.url.startswith("sqlite"):
        return 0
    project.query("PRAGMA wal_checkpoint(TRUNCATE)")
    return project.db.stat().st_size


def test_first_check_stores_a_version_per_page(site, seeds, project):
    project.write(serve_seeds(site, seeds))
    proc = project.run("check")
    assert proc.returncode == 0, proc.stderr
    assert summary(proc) == "5 checked, 5 new, 0 changed, 0 unchanged, 0 failed"
    stats = table_stats(project)
    assert stats["versions"] == 5 and stats["snapshots"] == 5 and stats["checks"] == 5
    assert stats["blobs"] == 10  # one raw snapshot and one extracted text per page
    store = project.store()
    for name, text in seeds.items():
        record = store.watch(name)
        [version] = store.versions(record.id)
        stored = store.version_text(version)
        # The text is the policy's, not the page chrome around it.
        assert "Accept all" not in stored and "All rights reserved" not in stored
        assert text.strip().splitlines()[-1].strip()[:40] in stored


def test_a_big_pass_reads_pages_in_worker_processes(site, seeds, project):
    texts = list(seeds.values())
    for i in range(60):
        site.html(f"/p/{i}", texts[i % len(texts)] + f"\n\nReference: page {i}.\n", etag=False, nonce=True)
    project.crawler["read_processes"] = 2
    project.write([{"name": f"p{i}", "url": site.url(f"/p/{i}")} for i in range(60)])
    first = project.run("--log-level", "info", "check")
    assert "reading pages in 2 worker processes" in first.stderr
    assert summary(first) == "60 checked, 60 new, 0 changed, 0 unchanged, 0 failed", first.stderr[-4000:]
    ionect = next(i for i in range(60) if "within three years" in texts[i % len(texts)])
    site.html(
        f"/p/{ionect}",
        texts[ionect % len(texts)].replace("within three years", "within five years")
        + f"\n\nReference: page {ionect}.\n",
        etag=False,
        nonce=True,
    )
    second = project.run("--log-level", "debug", "check")
    assert summary(second) == "60 checked, 0 new, 1 changed, 59 unchanged, 0 failed", second.stderr[-3000:]
    [(name, level, events)] = project.query(
        "SELECT w.name, v.level, v.events FROM versions v JOIN watches w ON w.id = v.watch_id WHERE v.number = 2"
    )
    assert name == f"p{ionect}"  # each reading went back to its own page
    assert f"p{ionect} compared in a reading process" in second.stderr  # not on the thread that stores
    assert level == "material" and "retention_changed" in {e["type"] for e in json.loads(events)}
    store = project.store()
    try:
        for i in (0, ionect, 59):
            latest = store.versions(store.watch(f"p{i}").id)[0]
            assert f"Reference: page {i}." in store.version_text(latest)
    finally:
        store.close()


def test_unchanged_pass_adds_no_text(site, seeds, project):
    # No ETag, and a per-request nonce: the raw bytes change on every fetch while the text does not.
    project.write(serve_seeds(site, seeds, etag=False, nonce=True))
    assert project.run("check").returncode == 0
    before = table_stats(project)
    size_before = file_size(project)
    proc = project.run("check")
    assert summary(proc) == "5 checked, 0 new, 0 changed, 5 unchanged, 0 failed"
    after = table_stats(project)
    assert after["versions"] == before["versions"] == 5
    assert after["snapshots"] == before["snapshots"]
    assert (after["blobs"], after["blob_bytes"]) == (before["blobs"], before["blob_bytes"])
    assert after["checks"] == before["checks"] + 5
    # Five small check rows and watch-state updates: at most a couple of database pages.
    assert file_size(project) - size_before <= 8192


def test_identical_bytes_add_no_text(site, seeds, project):
    project.write(serve_seeds(site, seeds, etag=False))
    assert project.run("check").returncode == 0
    before = table_stats(project)
    proc = project.run("check")
    assert summary(proc) == "5 checked, 0 new, 0 changed, 5 unchanged, 0 failed"
    assert table_stats(project)["blobs"] == before["blobs"]


def test_only_the_changed_page_gets_a_version(site, seeds, project):
    project.write(serve_seeds(site, seeds))
    project.run("check")
    site.html(
        "/ionect-privacy-policy",
        seeds["ionect-privacy-policy"].replace(
            "within three years of the last contact", "within five years of the last contact"
        ),
    )
    proc = project.run("check")
    assert summary(proc) == "5 checked, 0 new, 1 changed, 4 unchanged, 0 failed"
    store = project.store()
    counts = {w.name: w.versions for w in store.watches()}
    assert counts == {name: (2 if name == "ionect-privacy-policy" else 1) for name in seeds}


def test_cosmetic_change_is_not_a_new_version(site, seeds, project):
    text = seeds["ionect-privacy-policy"]
    site.html("/p", text)
    project.write([{"name": "Ionect", "url": site.url("/p")}])
    project.run("check")
    cosmetic = text.replace('("right to be forgotten")', "(\u201cright to be forgotten\u201d)").replace(
        "Odoo S.A. (Belgium), our CRM system.", "Odoo S.A. (Belgium),  our CRM system. "
    )
    site.html("/p", cosmetic)
    assert summary(project.run("check")) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"


def test_304_answer_stores_nothing(site, seeds, project):
    project.write(serve_seeds(site, {"ionect": seeds["ionect-privacy-policy"]}))
    project.run("check")
    before = table_stats(project)
    proc = project.run("check")
    assert summary(proc) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"
    page_requests = [headers for path, headers in site.requests if path == "/ionect"]
    assert "If-None-Match" not in page_requests[0]
    assert page_requests[1].get("If-None-Match")  # the stored ETag was sent back
    after = table_stats(project)
    assert after["blobs"] == before["blobs"] and after["versions"] == before["versions"]
    assert project.query("SELECT outcome, http_status FROM checks ORDER BY id DESC LIMIT 1") == [("not_modified", 304)]


def test_server_error_and_timeout_are_failed_checks(site, seeds, project):
    site.html("/ok", seeds["ionect-privacy-policy"])
    site.pages["/broken"] = Page(b"<h1>Internal Server Error</h1>", status=500)
    site.pages["/slow"] = Page(b"<p>late</p>", delay=3)
    project.crawler["timeout"] = 1
    project.write(
        [
            {"name": "ok", "url": site.url("/ok")},
            {"name": "broken", "url": site.url("/broken")},
            {"name": "slow", "url": site.url("/slow")},
        ]
    )
    proc = project.run("check")
    assert proc.returncode == 1
    assert summary(proc) == "3 checked, 1 new, 0 changed, 0 unchanged, 2 failed"
    assert "failed: broken: HTTP 500" in proc.stderr
    assert "failed: slow: timed out" in proc.stderr
    stats = table_stats(project)
    assert stats["versions"] == 1
    rows = dict(project.query("SELECT w.name, c.outcome FROM checks c JOIN watches w ON w.id = c.watch_id"))
    assert rows == {"ok": "new", "broken": "failed", "slow": "failed"}


def test_robots_txt_disallow_stops_the_fetch(site, seeds, project):
    # robots.txt arrives slowly: requests queued meanwhile must wait for it, not slip through.
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain", delay=0.5)
    for i in range(3):
        site.html(f"/private/{i}", seeds["ionect-privacy-policy"])
    site.html("/public", seeds["imageplus-privacy-notice"])
    project.write(
        [{"name": f"private {i}", "url": site.url(f"/private/{i}")} for i in range(3)]
        + [{"name": "public", "url": site.url("/public")}]
    )
    proc = project.run("check")
    assert summary(proc) == "4 checked, 1 new, 0 changed, 0 unchanged, 3 failed"
    assert "disallowed by robots.txt" in proc.stderr
    assert not any(path.startswith("/private/") for path, _ in site.requests)
    assert site.hits["/robots.txt"] == 1


def test_crawl_delay_spaces_requests_to_one_host(site, seeds, project):
    site.pages["/robots.txt"] = Page(b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    for i in range(3):
        site.html(f"/p/{i}", seeds["ionect-privacy-policy"] + f"\n\nPage {i}.")
    project.write([{"name": f"p{i}", "url": site.url(f"/p/{i}")} for i in range(3)])
    proc = project.run("check")
    assert summary(proc) == "3 checked, 3 new, 0 changed, 0 unchanged, 0 failed"
    starts = sorted(t for path, t in site.times if path.startswith("/p/"))
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(starts) == 3 and min(gaps) >= 0.9, gaps


def test_requests_to_one_host_stay_within_per_host(seeds, project):
    """Politeness holds however many watches a host has: a pass of 24 pages on each of two hosts
    keeps at most ``per_host`` requests in flight to each, while both hosts are fetched at once."""
    with LocalSite() as one, LocalSite(host="127.0.0.2") as two:
        watches = []
        for s, host in enumerate((one, two)):
            host.pages["/robots.txt"] = ROBOTS_ALLOW
            for i in range(24):
                host.html(f"/p/{i}", seeds["ionect-privacy-policy"] + f"\n\nPage {s}-{i}.", delay=0.1)
                watches.append({"name": f"h{s}p{i}", "url": host.url(f"/p/{i}")})
        project.crawler.update(per_host=2, concurrency=64)
        project.write(watches)
        proc = project.run("check")
    assert summary(proc) == "48 checked, 48 new, 0 changed, 0 unchanged, 0 failed", proc.stderr[-3000:]
    assert (one.most_in_flight, two.most_in_flight) == (2, 2)
    first_two = min(t for path, t in two.times if path.startswith("/p/"))
    assert first_two < max(t for path, t in one.times), "the second host waited for the first"


def test_loopback_watch_is_refused_by_default(site, seeds, project):
    site.html("/p", seeds["ionect-privacy-policy"])
    project.crawler.pop("allow_private_networks")
    project.write(
        [{"name": "literal", "url": site.url("/p")}, {"name": "by name", "url": f"http://localhost:{site.port}/p"}]
    )
    proc = project.run("check")
    assert summary(proc) == "2 checked, 0 new, 0 changed, 0 unchanged, 2 failed"
    assert "failed: literal: refused: 127.0.0.1 is a loopback address" in proc.stderr
    assert "failed: by name: refused: localhost resolves to 127.0.0.1 is a loopback address" in proc.stderr
    assert site.hits["/p"] == 0 and site.hits["/robots.txt"] == 0


def test_redirect_to_loopback_is_refused(site, seeds, project):
    site.html("/secret", seeds["ionect-privacy-policy"])
    with LocalSite(host="127.0.0.2") as intranet:
        intranet.pages["/robots.txt"] = Page(b"", status=404)
        intranet.pages["/policy"] = Page(status=302, headers={"Location": site.url("/secret")})
        intranet.html("/fine", seeds["imageplus-privacy-notice"])
        project.crawler = {"allow_networks": ["127.0.0.2/32"], "retries": 0, "timeout": 5}
        project.write(
            [{"name": "redirected", "url": intranet.url("/policy")}, {"name": "allowed", "url": intranet.url("/fine")}]
        )
        proc = project.run("check")
        assert intranet.hits["/policy"] == 1
    assert summary(proc) == "2 checked, 1 new, 0 changed, 0 unchanged, 1 failed"
    assert "failed: redirected: refused: 127.0.0.1 is a loopback address" in proc.stderr
    assert site.hits["/secret"] == 0


def test_redirect_is_followed_and_recorded(site, seeds, project):
    site.pages["/old"] = Page(status=301, headers={"Location": "/new"})
    site.html("/new", seeds["ionect-privacy-policy"])
    project.write([{"name": "moved", "url": site.url("/old")}])
    assert summary(project.run("check")) == "1 checked, 1 new, 0 changed, 0 unchanged, 0 failed"
    [(final_url, redirects)] = project.query("SELECT final_url, redirects FROM snapshots")
    assert final_url == site.url("/new") and site.url("/old") in redirects


def test_history_and_diff_show_the_change(site, seeds, project):
    site.html("/p", seeds["ionect-privacy-policy"])
    project.write([{"name": "Ionect", "url": site.url("/p")}])
    project.run("check")
    site.html("/p", seeds["ionect-privacy-policy"].replace("within three years", "within five years"))
    project.run("check")
    history = project.run("history", "Ionect")
    assert history.returncode == 0
    versions = history.stdout.split("  versions:\n")[1]
    lines = [line.strip() for line in versions.splitlines()]
    assert lines[0].startswith("v2") and "material" in lines[0]
    assert "[material] retention changed: 3 years → 5 years" in history.stdout
    assert [line.split()[0] for line in lines if line.startswith("v")] == ["v2", "v1"]
    diff = project.run("diff", "Ionect")
    assert diff.returncode == 0
    assert "v1" in diff.stdout.splitlines()[0] and "v2" in diff.stdout.splitlines()[0]
    assert "level: material" in diff.stdout
    assert "within [-three-]{+five+} years" in diff.stdout
    as_json = json.loads(project.run("diff", "Ionect", "--format", "json").stdout)
    assert as_json["level"] == "material"
    assert {"type": "retention_changed", "level": "material"}.items() <= as_json["events"][0].items()
    assert "Who we are" not in diff.stdout  # only the changed part and its context
    explicit = project.run("diff", "Ionect", "--from", "1", "--to", "2")
    assert explicit.stdout == diff.stdout
    missing = project.run("diff", "Ionect", "--to", "7")
    assert missing.returncode == 2 and "has no version 7" in missing.stderr


def test_watches_lists_state(site, seeds, project):
    site.html("/p", seeds["ionect-privacy-policy"])
    site.pages["/gone"] = Page(status=404)
    project.write([{"name": "Ionect", "url": site.url("/p")}, {"name": "Gone", "url": site.url("/gone")}])
    project.run("check")
    out = project.run("watches").stdout
    assert "Ionect" in out and "new" in out
    assert "Gone" in out and "HTTP 404" in out


def test_error_page_served_as_200_is_suspect_not_a_version(site, seeds, project):
    site.html("/p", seeds["imageplus-privacy-notice"])
    project.write([{"name": "Imageplus", "url": site.url("/p")}])
    project.run("check")
    site.pages["/p"] = Page(
        b"<html><head><title>Oops</title></head><body><main><h1>Page not found</h1>"
        b"<p>Sorry, the page you are looking for does not exist or has been moved.</p>"
        b"<p>Back to the home page</p></main></body></html>"
    )
    proc = project.run("check")
    assert proc.returncode == 1
    assert summary(proc) == "1 checked, 0 new, 0 changed, 0 unchanged, 0 failed, 1 suspect"
    assert "failed: Imageplus: suspect: the new page looks like an error or challenge page" in proc.stderr
    assert project.query("SELECT count(*) FROM versions") == [(1,)]
    assert project.query("SELECT outcome FROM checks ORDER BY id DESC LIMIT 1") == [("suspect",)]
    # The policy comes back: nothing changed relative to the last real version.
    site.html("/p", seeds["imageplus-privacy-notice"])
    assert summary(project.run("check")) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"


SLOW_READER_PASS = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from policywatch.crawler.runner import run_blocking
from policywatch.app import check_pass, check_targets, open_store
from policywatch.config import load_config

class SlowReader(ThreadPoolExecutor):  # one reader, 25 ms a page: far slower than the fetching
    def submit(self, fn, *args, **kwargs):
        def slow():
            time.sleep(0.025)
            return fn(*args, **kwargs)
        return super().submit(slow)

config = load_config(sys.argv[1])
store = open_store(config)
outcomes = []
def on_outcome(outcome):
    outcomes.append((outcome.outcome, time.monotonic()))

async def main():
    await check_pass(config, store, check_targets(store, config.watches), on_outcome, pool=SlowReader(1))
run_blocking(main)
print(json.dumps(outcomes))
"""


def test_requests_wait_while_fetched_pages_wait_to_be_read(site, seeds, project):
    """Memory must not grow with the number of watches: when reading falls behind, Scrapy holds back
    requests (its scraper counts the responses whose readings are pending) instead of fetching every
    page into memory."""
    policy = "\n\n".join(seeds.values()) * 2  # ~120 KB pages: 5 MB of them is about 40
    for i in range(200):
        site.html(f"/p/{i}", policy + f"\n\nReference: page {i}.\n", etag=False)
    project.crawler.update(concurrency=16, per_host=16)
    project.write([{"name": f"p{i}", "url": site.url(f"/p/{i}")} for i in range(200)])
    proc = subprocess.run(
        [sys.executable, "-c", SLOW_READER_PASS, str(project.config)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=project.dir,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    outcomes = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [outcome for outcome, _ in outcomes] == ["new"] * 200
    served = sorted(at for path, at in site.times if path.startswith("/p/"))  # CLOCK_MONOTONIC: one clock
    waiting = [bisect.bisect_right(served, at) - done for done, (_, at) in enumerate(outcomes, 1)]
    # fetched but not yet recorded: bounded by Scrapy's 5 MB of waiting responses plus requests in flight
    assert max(waiting) <= 5_000_000 // len(policy) + 16 + 8, max(waiting)


GLANCE_PAGE = """<html><head><title>Privacy</title></head><body><main>
<h1>Privacy policy</h1>
<h2>Who we are</h2>
<p>Ionect B.V., Keizersgracht 1, 1015 CJ Amsterdam, the Netherlands.</p>
<h2>Data protection officer</h2>
<p>Our data protection officer is Jane Doe, reachable at dpo@ionect.example.</p>
<h2>Sub-processors</h2>
<table><tr><th>Sub-processor</th><th>Purpose</th><th>Location</th></tr>
<tr><td>HubSpot</td><td>Customer relationship management</td><td>United States</td></tr>
<tr><td>Hetzner Online GmbH</td><td>Hosting</td><td>Germany</td></tr></table>
<h2>How long we keep your data</h2>
<p>We keep invoices for seven years because tax law requires it.</p>
<p>We delete support tickets 12 months after they are closed.</p>
<p>We do not knowingly collect data from children under 16 years of age and delete it when we learn of it.</p>
</main></body></html>"""


def test_history_shows_the_policy_now_by_role_location_and_subject(site, project):
    site.pages["/p"] = Page(GLANCE_PAGE.encode("utf-8"))
    project.write([{"name": "Ionect", "url": site.url("/p")}])
    project.run("check")
    history = project.run("history", "Ionect")
    assert history.returncode == 0, history.stderr
    now = history.stdout.split("  versions:")[0]
    assert "now (v1):" in now
    assert "dpo: Jane Doe; dpo@ionect.example" in now
    assert "controller: Ionect B.V.; Keizersgracht 1, 1015 CJ Amsterdam" in now
    assert "HubSpot (crm), United States [since v1]" in now
    assert "Hetzner Online GmbH (hosting), Germany [since v1]" in now
    assert "7 years: We keep invoices for seven years because tax law requires it." in now
    assert "12 months: We delete support tickets 12 months after they are closed." in now
    assert "16 years" not in now  # an age, not a retention period
