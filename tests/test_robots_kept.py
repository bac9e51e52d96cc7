"""robots.txt rules kept between runs: a `check` an hour after the last one does not ask every site
for its robots.txt again, still obeys what it said, and asks again once the rules are a day old."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from tests.conftest import summary
from tests.sitekit import Page

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def _setup(site, seeds, project, robots: Page) -> None:
    site.pages["/robots.txt"] = robots
    site.html("/public", seeds["ionect-privacy-policy"])
    site.html("/private/notice", seeds["imageplus-privacy-notice"])
    project.write(
        [{"name": "public", "url": site.url("/public")}, {"name": "private", "url": site.url("/private/notice")}]
    )


def _kept_file() -> Path:
    """Where rules are kept by default; conftest gives each test its own cache folder."""
    return Path(os.environ["XDG_CACHE_HOME"]) / "policywatch" / "robots.json"


def _kept(project) -> dict:
    return json.loads(_kept_file().read_text())


def test_a_second_run_reuses_the_rules_and_still_obeys_them(site, seeds, project):
    _setup(site, seeds, project, Page(ROBOTS, content_type="text/plain"))
    first = project.run("check")
    assert summary(first) == "2 checked, 1 new, 0 changed, 0 unchanged, 1 failed"
    second = project.run("check")
    assert summary(second) == "2 checked, 0 new, 0 changed, 1 unchanged, 1 failed"
    assert "disallowed by robots.txt" in second.stderr
    assert site.hits["/robots.txt"] == 1
    assert site.hits["/private/notice"] == 0
    kept = _kept(project)["hosts"]
    assert kept[f"http://{site.host}:{site.port}"]["body"] == ROBOTS.decode()


def test_rules_a_day_old_are_fetched_again(site, seeds, project):
    _setup(site, seeds, project, Page(ROBOTS, content_type="text/plain"))
    project.run("check")
    path = _kept_file()
    data = json.loads(path.read_text())
    for entry in data["hosts"].values():
        entry["fetched_at"] = time.time() - 25 * 3600
    path.write_text(json.dumps(data))
    site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
    second = project.run("check")
    assert site.hits["/robots.txt"] == 2
    assert summary(second) == "2 checked, 1 new, 0 changed, 1 unchanged, 0 failed"


def test_a_refusal_is_not_kept(site, seeds, project):
    # a 5xx robots.txt keeps the crawler away for now, but the next run asks again
    _setup(site, seeds, project, Page(b"busy", status=503, content_type="text/plain"))
    first = project.run("check")
    assert summary(first) == "2 checked, 0 new, 0 changed, 0 unchanged, 2 failed"
    site.pages["/robots.txt"] = Page(ROBOTS, content_type="text/plain")
    second = project.run("check")
    assert summary(second) == "2 checked, 1 new, 0 changed, 0 unchanged, 1 failed"
    assert site.hits["/robots.txt"] == 2


def test_a_broken_cache_file_is_ignored_and_replaced(site, seeds, project):
    path = _kept_file()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    _setup(site, seeds, project, Page(ROBOTS, content_type="text/plain"))
    first = project.run("check")
    assert summary(first) == "2 checked, 1 new, 0 changed, 0 unchanged, 1 failed"
    assert site.hits["/robots.txt"] == 1
    assert _kept(project)["format"] == "policywatch-robots/1"


def test_robots_cache_false_asks_every_run(site, seeds, project):
    _setup(site, seeds, project, Page(ROBOTS, content_type="text/plain"))
    project.crawler["robots_cache"] = False
    project.write([{"name": "public", "url": site.url("/public")}])
    project.run("check")
    project.run("check")
    assert site.hits["/robots.txt"] == 2


def test_robots_cache_names_a_file_relative_to_the_config(site, seeds, project):
    _setup(site, seeds, project, Page(ROBOTS, content_type="text/plain"))
    project.crawler["robots_cache"] = "state/robots.json"
    project.write([{"name": "public", "url": site.url("/public")}])
    project.run("check")
    project.run("check")
    assert site.hits["/robots.txt"] == 1
    assert "Disallow: /private/" in (project.dir / "state" / "robots.json").read_text()
