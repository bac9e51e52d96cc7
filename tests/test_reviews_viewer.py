"""Reviews in the viewer: written only with the token, a CSRF token and from the viewer's own page,
in real Chromium and with plain HTTP requests; open material changes lead the overview."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.browser import ARGS, CHROMIUM, artifacts_dir, require_chromium
from tests.conftest import ROBOTS_ALLOW, Project
from tests.sitekit import LocalSite, Page
from tests.test_reviews import POLICY_DAY, day, policy, written
from tests.test_viewer import Viewer, shoot

TOKEN = "review-token-for-the-viewer-0123"
DIFF = "watches/Acme/diff?from=1&to=2"
POST = "watches/Acme/versions/2/review"


@pytest.fixture(scope="module")
def reviewed_project(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("reviews"))
    with LocalSite() as site:
        site.pages["/robots.txt"] = ROBOTS_ALLOW
        project.write(
            [
                {"name": "Acme", "url": site.url("/acme")},
                {"name": "Quiet", "url": site.url("/quiet")},
                {"name": "Zed", "url": site.url("/zed")},
            ],
            reviews={"notice_days": 30},
        )
        for name in ("acme", "quiet", "zed"):
            site.html(f"/{name}", policy(name.title(), "2 March 2026", "Stripe"))
        assert project.run("check").returncode == 0
        site.html("/acme", policy("Acme", written(POLICY_DAY), "Stripe", "HubSpot"))
        site.html("/quiet", policy("Quiet", written(POLICY_DAY), "Stripe"))  # a minor change: nothing to review
        site.html("/zed", policy("Zed", "2 March 2026", "Stripe", "Mistral AI"))
        assert project.run("check").returncode == 0
    return project


@pytest.fixture(scope="module")
def open_viewer(reviewed_project):
    v = Viewer(reviewed_project)
    yield v
    v.close()


@pytest.fixture(scope="module")
def token_viewer(reviewed_project):
    v = Viewer(reviewed_project, env={"POLICYWATCH_VIEWER_TOKEN": TOKEN})
    yield v
    v.close()


def count(project: Project) -> int:
    return project.query("select count(*) from reviews")[0][0]


def session_with_csrf(viewer: Viewer, user: str = "Dana") -> tuple[requests.Session, str]:
    s = requests.Session()
    s.auth = (user, TOKEN)
    page = s.get(viewer.url + DIFF)
    assert page.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert s.cookies.get("policywatch_csrf") == token
    cookie = next(c for c in s.cookies if c.name == "policywatch_csrf")
    assert cookie.has_nonstandard_attr("HttpOnly") and "strict" in str(cookie._rest.get("SameSite", "")).lower()
    return s, token


def test_without_the_token_the_viewer_only_reads(open_viewer, reviewed_project):
    page = requests.get(open_viewer.url + DIFF).text
    assert 'id="review"' in page and '<form method="post"' not in page
    assert 'policywatch review "Acme" 2 --status assessed' in page
    r = requests.post(open_viewer.url + POST, data={"status": "assessed", "by": "x", "csrf": "x"})
    assert r.status_code == 403 and "POLICYWATCH_VIEWER_TOKEN" in r.text
    assert count(reviewed_project) == 0


def test_plain_requests_need_the_token_the_csrf_token_and_the_same_origin(token_viewer, reviewed_project):
    url = token_viewer.url + POST
    form = {"status": "acknowledged", "by": "Eve"}
    assert requests.post(url, data=form).status_code == 401  # no token
    s, token = session_with_csrf(token_viewer)
    assert s.post(url, data=form).status_code == 403  # no CSRF field
    bad = s.post(url, data={**form, "csrf": "guessed"})
    assert bad.status_code == 403 and "CSRF" in bad.text
    bare = requests.post(url, data={**form, "csrf": token}, auth=("Dana", TOKEN))  # the field without the cookie
    assert bare.status_code == 403
    other = s.post(url, data={**form, "csrf": token}, headers={"Origin": "http://evil.example"})
    assert other.status_code == 403 and "own page" in other.text
    cross = s.post(url, data={**form, "csrf": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    assert count(reviewed_project) == 0
    ok = s.post(url, data={**form, "csrf": token, "by": ""}, allow_redirects=False)
    assert ok.status_code == 303 and ok.headers["Location"].endswith("/watches/Acme/diff?from=1&to=2#review")
    assert reviewed_project.query("select status, reviewer, via from reviews") == [("acknowledged", "Dana", "viewer")]
    wrong = s.post(token_viewer.url + "watches/Acme/versions/1/review", data={**form, "csrf": token})
    assert wrong.status_code == 400 and "no change to review" in wrong.text
    assert count(reviewed_project) == 1


def test_chromium_records_a_review_and_a_foreign_page_cannot(token_viewer, reviewed_project):
    require_chromium()
    from playwright.sync_api import sync_playwright

    before = count(reviewed_project)
    with LocalSite() as attacker, sync_playwright() as p:
        attacker.pages["/attack"] = Page(
            (
                f'<html><body><form id="f" method="post" action="{token_viewer.url}{POST}">'
                '<input name="status" value="no-action"><input name="by" value="Mallory">'
                '<input name="csrf" value="guessed"></form>'
                '<script>document.getElementById("f").submit()</script></body></html>'
            ).encode()
        )
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, http_credentials={"username": "Dana", "password": TOKEN}
        )
        page = context.new_page()
        page.goto(token_viewer.url + DIFF)
        assert f"objection deadline {written(day(30))}" in page.inner_text("#review")
        page.select_option("select[name=status]", "assessed")
        page.fill("textarea[name=note]", "HubSpot <b>is</b> covered by our DPA")
        with page.expect_navigation():
            page.click("#review button[type=submit]")
        assert page.url.endswith("/watches/Acme/diff?from=1&to=2#review"), page.content()[:500]
        log = page.inner_text(".review-log")
        assert "assessed by Dana" in log and "HubSpot <b>is</b> covered by our DPA" in log
        shoot(page.locator("body").page, artifacts_dir("reviews"), "change-with-review")
        after_own = count(reviewed_project)
        assert after_own == before + 1
        # a page from another origin in the same browser, which holds the viewer's credentials
        foreign = context.new_page()
        with foreign.expect_response(
            lambda r: r.url.startswith(token_viewer.url) and r.request.method == "POST"
        ) as hit:
            foreign.goto(attacker.url("/attack"))
        assert hit.value.status == 403, hit.value.status  # the cross-site POST reached the viewer and was refused
        foreign.wait_for_load_state()
        assert "refused" in foreign.inner_text("body")
        assert count(reviewed_project) == after_own
        page.goto(token_viewer.url + "reviews")
        shoot(page, artifacts_dir("reviews"), "reviews")
        page.goto(token_viewer.url + "vendors")
        assert "HubSpot" in page.inner_text("table.vendors")
        shoot(page, artifacts_dir("vendors"), "vendors")
        browser.close()
    statuses = [row[0] for row in reviewed_project.query("select status from reviews order by id")]
    assert statuses[-1] == "assessed" and "no-action" not in statuses


def test_open_material_changes_lead_the_overview_feed_and_api(token_viewer, reviewed_project):
    auth = ("Dana", TOKEN)
    names = re.findall(r'class="watch-name" href="[^"]+">([^<]+)<', requests.get(token_viewer.url, auth=auth).text)
    api = requests.get(token_viewer.url + "api/reviews?open=1", auth=auth).json()
    open_names = [i["watch"] for i in api]
    assert open_names and names[: len(open_names)] == sorted(open_names, key=names.index)
    assert "Quiet" not in open_names and names[-1] == "Quiet"
    feed = ET.fromstring(requests.get(token_viewer.url + "reviews.atom", auth=auth).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert [t.split(":")[0] for t in titles] == open_names
    cli = reviewed_project.run("reviews", "--open", "--json")
    assert [i["watch"] for i in __import__("json").loads(cli.stdout)] == open_names
