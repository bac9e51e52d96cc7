"""`policywatch serve`: the history viewer in real headless Chromium, its feeds, API and auth."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC
from pathlib import Path

import pytest
import requests

from tests.browser import ARGS, CHROMIUM, artifacts_dir, require_chromium
from tests.conftest import ROBOTS_ALLOW, Project
from tests.sitekit import LocalSite, Page, seed_texts
from tests.test_alerts import add_hubspot

EVIL = "Contact <script>alert(1)</script> and <img src=x onerror=alert(2)> our team."
TOKEN = "s3cret-token-for-the-viewer-0123"


def edits(text: str) -> list[str]:
    """Three versions after the first: processor added + retention + date; a wording change; a removal."""
    v2 = (
        add_hubspot(text)
        .replace("within three years", "within five years")
        .replace("Last updated: May 20th, 2026", "Last updated: November 2nd, 2026")
    )
    v3 = v2.replace("We share personal data only with", "We carefully share personal data only with", 1)
    assert v3 != v2
    v4 = v3.replace(
        "  • HubSpot, Inc. (United States), our marketing automation platform, which stores newsletter subscribers.\n",
        "",
    )
    return [text, v2, v3, v4]


LONG_PARAGRAPH = (
    "We collect the data you give us when you create an account, contact support or answer a survey, and the "
    "data your devices send when you use the service: the pages you open, the features you use, the errors you "
    "meet and the settings you choose. We use it to run the service, to keep it secure, to answer you and to "
    "understand which features help. We do not sell it, and we do not use it to build advertising profiles. "
    "Support tickets are kept while your account exists and deleted {days} after you close it, unless a court or "
    "an authority requires us to keep them longer, in which case we keep only what that request covers and only "
    "for as long as it requires. You can ask for a copy of your tickets at any time from the help centre, and "
    "you can ask us to correct anything that is wrong in them; we answer within one month, and tell you if we "
    "need longer and why. Our support staff see tickets only for the accounts they are assigned to."
)


def tabled_page(days: str, rows: list[tuple[str, str, str]]) -> str:
    """A policy with a long paragraph and a sub-processor table, as many real pages have."""
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    return (
        "<html><head><title>Tabled privacy</title></head><body><main><h1>Privacy notice</h1>"
        f"<p>Last updated: {'2 March 2026' if days == '30 days' else '9 June 2026'}</p>"
        f"<h2>What we collect and why</h2><p>{LONG_PARAGRAPH.format(days=days)}</p>"
        "<h2>Sub-processors</h2><p>We use these companies to provide the service:</p>"
        f"<table><thead><tr><th>Company</th><th>Purpose</th><th>Location</th></tr></thead><tbody>{cells}"
        "</tbody></table><h2>Contact</h2><p>Write to privacy@tabled.example.</p></main></body></html>"
    )


TABLED_V1 = [("Amazon Web Services, Inc.", "Hosting", "Ireland"), ("Zendesk, Inc.", "Support tickets", "United States")]
TABLED_V2 = TABLED_V1 + [("HubSpot, Inc.", "Newsletter", "United States")]


@pytest.fixture(scope="module")
def history_project(tmp_path_factory):
    seeds = seed_texts()
    project = Project(tmp_path_factory.mktemp("viewer"))
    with LocalSite() as site:
        site.pages["/robots.txt"] = ROBOTS_ALLOW
        ionect = edits(seeds["ionect-privacy-policy"])
        evil = seeds["imageplus-privacy-notice"]
        project.write(
            [
                {"name": "Ionect", "url": site.url("/ionect")},
                {"name": "Evil <b>Corp</b>", "url": site.url("/evil")},
                {"name": "Tabled", "url": site.url("/tabled")},
            ]
        )
        for i, text in enumerate(ionect):
            site.html("/ionect", text)
            site.html("/evil", evil if i == 0 else evil.replace("\nWho we are\n", f"\nWho we are\n{EVIL}\n", 1))
            site.pages["/tabled"] = Page(
                tabled_page("30 days" if i == 0 else "90 days", TABLED_V1 if i == 0 else TABLED_V2).encode()
            )
            proc = project.run("check")
            assert proc.returncode == 0, proc.stderr
    assert "v2" in project.run("history", "Evil <b>Corp</b>").stdout
    return project


class Viewer:
    def __init__(self, project: Project, *args: str, env: dict | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policywatch", "--config", str(project.config), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        line = self.proc.stderr.readline()
        match = re.search(r"on (http://\S+/)", line)
        if not match:
            self.proc.kill()
            raise AssertionError(f"viewer did not start: {line}{self.proc.stderr.read()}")
        self.url = match.group(1)

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def viewer(history_project):
    v = Viewer(history_project)
    yield v
    v.close()


@pytest.fixture(scope="module")
def playwright():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield b
    b.close()


def open_page(browser, url: str):
    """A page that records (and dismisses) any dialog a script might open: the list must stay empty."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return page, dialogs


def shoot(page, folder: Path, name: str) -> None:
    for label, width in (("desktop", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {label} width is {overflow}px wider than the screen"
        path = folder / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
    page.set_viewport_size({"width": 1280, "height": 900})


def test_browse_from_overview_to_a_highlighted_diff_and_back_in_time(viewer, browser):
    folder = artifacts_dir("viewer")
    page, dialogs = open_page(browser, viewer.url)
    rows = page.locator(".watch-row")
    assert rows.count() == 3
    ionect_row = rows.filter(has_text="Ionect")
    assert ionect_row.locator(".badge").inner_text().lower() == "material"
    assert "processor removed (HubSpot" in ionect_row.inner_text()
    shoot(page, folder, "overview")

    page.get_by_role("link", name="Ionect", exact=True).click()
    assert page.locator("h1").inner_text() == "Ionect"
    assert page.locator(".version").count() == 4
    facts = page.locator("aside.facts")
    assert "2026-11-02" in facts.inner_text()
    hubspot = facts.locator("ul.processors li", has_text="HubSpot")
    assert "since v2" in hubspot.inner_text() and "removed in v4" in hubspot.inner_text()
    assert "removed" in hubspot.get_attribute("class")
    assert "5 years" in facts.locator("ul.retention").inner_text()
    shoot(page, folder, "watch")

    page.get_by_role("link", name="v2", exact=True).click()
    assert re.search(r"/watches/Ionect/diff\?from=1&to=2$", page.url)
    events = page.locator("ul.events li")
    texts = [events.nth(i).inner_text() for i in range(events.count())]
    assert any("processor added: HubSpot" in t for t in texts)
    assert any("retention changed: 3 years → 5 years" in t for t in texts)
    assert any("last-updated date changed: 2026-05-20 → 2026-11-02" in t for t in texts)
    assert page.locator(".section.changed ins", has_text="five").count() >= 1
    assert page.locator(".section.changed del", has_text="three").count() >= 1
    assert page.locator("ins", has_text="HubSpot").count() >= 1
    assert page.locator("details.unchanged").count() == 1
    assert not page.locator("details.unchanged").get_attribute("open")
    permalink = page.locator("a.permalink").get_attribute("href")
    shoot(page, folder, "diff-inline")

    page.get_by_role("link", name="side by side").click()
    assert "view=side" in page.url
    assert page.locator(".side .old del", has_text="three").count() >= 1
    assert page.locator(".side .new ins", has_text="five").count() >= 1
    assert page.locator(".side .old ins").count() == 0 and page.locator(".side .new del").count() == 0
    shoot(page, folder, "diff-side")

    page.select_option("#from", "1")
    page.select_option("#to", "3")
    page.get_by_role("button", name="Compare").click()
    assert re.search(r"from=1&to=3", page.url)
    assert page.locator("h1").inner_text() == "Ionect: v1 → v3"
    assert page.locator("ins", has_text="carefully").count() >= 1

    page.goto(viewer.url.rstrip("/") + permalink)
    assert page.locator("h1").inner_text() == "Ionect: v1 → v2"

    page.goto(viewer.url)
    href = page.get_by_role("link", name="Atom feed").get_attribute("href")
    assert href == page.locator("link[rel=alternate]").get_attribute("href") == "/feed.atom"
    response = requests.get(viewer.url.rstrip("/") + href)  # a feed reader follows it; Chromium would download it
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert any(t.startswith("Ionect: processor added (HubSpot") for t in titles)
    assert titles[0].startswith("Ionect: processor removed (HubSpot")  # newest first
    assert dialogs == []
    page.close()


def test_a_change_in_a_table_and_a_long_paragraph_is_easy_to_see(viewer, browser):
    """Facts first and in bold, the section events they explain folded under them; the table as a
    table with its new row marked; the long paragraph cut to the words around its change."""
    folder = artifacts_dir("viewer")
    page, dialogs = open_page(browser, viewer.url + "watches/Tabled/diff?from=1&to=2")
    events = page.locator("ul.events > li")
    texts = [events.nth(i).inner_text() for i in range(events.count())]
    assert texts[0].startswith("MATERIAL") and "processor added: HubSpot" in texts[0]
    assert events.nth(0).locator("strong").count() == 1
    assert "section changed: 'Sub-processors'" in events.nth(0).locator("ul.explains").inner_text()
    assert not any(
        t.startswith(("MATERIAL\nsection changed: 'Sub-processors'", "MATERIAL section changed: 'Sub")) for t in texts
    )
    assert "last-updated date changed" in texts[-1]
    assert events.nth(0).locator("a.jump").get_attribute("href").startswith("#section-")
    table = page.locator("table.diff-table")
    assert table.count() == 1
    assert [table.locator("th").nth(i).inner_text() for i in range(3)] == ["Company", "Purpose", "Location"]
    added = table.locator("tr.changed")
    assert added.count() == 1 and added.locator("ins", has_text="HubSpot").count() == 1
    assert table.locator("tr").count() == 4  # header and three companies, no "| --- |" row
    long = page.locator(".line.long")
    assert long.count() == 1
    excerpt = long.evaluate("e => e.firstChild ? e.childNodes[0].textContent : ''")
    assert "\u2026" in long.inner_text() and len(long.inner_text()) < len(LONG_PARAGRAPH) - 200, excerpt
    assert long.locator("> del", has_text="30").count() == 1 and long.locator("> ins", has_text="90").count() == 1
    mark = page.evaluate("""() => { const ins = document.querySelector('.line.long > ins');
        const s = getComputedStyle(ins, '::before'); return [s.position, s.content, s.backgroundColor]; }""")
    assert mark[0] == "absolute" and mark[1] == '""' and mark[2] != "rgba(0, 0, 0, 0)"
    long.locator("details.whole summary").click()
    assert "Our support staff see tickets" in long.locator("details.whole").inner_text()
    shoot(page, folder, "diff-table-and-long-paragraph")
    assert dialogs == []
    page.close()


def test_page_text_with_markup_is_shown_as_text_and_never_runs(viewer, browser):
    folder = artifacts_dir("viewer")
    page, dialogs = open_page(browser, viewer.url)
    page.get_by_role("link", name="Evil <b>Corp</b>").click()
    assert page.locator("h1").inner_text() == "Evil <b>Corp</b>"
    page.locator("a.v-link", has_text="v2").click()
    body = page.locator("main").inner_text()
    assert "<script>alert(1)</script>" in body and "<img src=x onerror=alert(2)>" in body
    assert page.locator("main script").count() == 0
    assert page.locator("img").count() == 0 and page.locator("b").count() == 0
    shoot(page, folder, "diff-escaped")
    page.goto(viewer.url.rstrip("/") + "/watches/Evil%20%3Cb%3ECorp%3C%2Fb%3E/versions/2/snapshot")
    assert page.locator("img").count() == 0 and "<script>" not in page.evaluate("document.body.innerHTML").replace(
        "&lt;script&gt;", ""
    )
    page.wait_for_timeout(300)
    assert dialogs == []
    page.close()


def test_api_returns_the_contract_event_json(viewer):
    watches = requests.get(viewer.url + "api/watches").json()
    ionect = next(w for w in watches if w["name"] == "Ionect")
    assert ionect["versions"] == 4 and ionect["level"] == "material" and ionect["unstable"] is False
    versions = requests.get(viewer.url + "api/watches/Ionect/versions").json()
    assert [v["number"] for v in versions] == [4, 3, 2, 1]
    first = versions[0]["events"][0]
    assert (first["type"], first["level"], first["name"][:7]) == ("processor_removed", "material", "HubSpot")
    diff = requests.get(viewer.url + "api/diff", params={"watch": "Ionect", "from": 1, "to": 2}).json()
    assert diff["level"] == "material" and diff["old"]["last_updated"] == "2026-05-20"
    assert {e["type"] for e in diff["events"]} >= {"processor_added", "retention_changed", "last_updated_changed"}
    missing = requests.get(viewer.url + "api/watches/Nobody/versions")
    assert missing.status_code == 404 and "Nobody" in missing.json()["error"]
    evil = requests.get(viewer.url + "api/watches").json()
    assert any(w["name"] == "Evil <b>Corp</b>" for w in evil)


def test_feeds_escape_page_text(viewer):
    body = requests.get(viewer.url + "watches/Evil%20%3Cb%3ECorp%3C%2Fb%3E/feed.atom").content
    feed = ET.fromstring(body)  # well-formed XML: page text cannot break out of its element
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:title", namespaces=ns) == "policywatch: Evil <b>Corp</b>"
    assert b"<b>Corp" not in body and b"&lt;b&gt;Corp" in body


def test_headers_forbid_running_anything_and_writes_are_refused(viewer):
    r = requests.get(viewer.url)
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    snap = requests.get(viewer.url + "watches/Ionect/versions/1/snapshot")
    assert (
        snap.headers["Content-Type"].startswith("text/plain") and "sandbox" in snap.headers["Content-Security-Policy"]
    )
    assert requests.post(viewer.url + "watches/Ionect").status_code == 405
    assert requests.get(viewer.url + "watches/Nobody").status_code == 404


def test_exposed_without_a_token_it_refuses_to_start(history_project):
    env = {k: v for k, v in os.environ.items() if k != "POLICYWATCH_VIEWER_TOKEN"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "policywatch",
            "--config",
            str(history_project.config),
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert proc.returncode == 2
    assert "refusing to serve on 0.0.0.0 without a token: set POLICYWATCH_VIEWER_TOKEN" in proc.stderr


def test_with_a_token_every_route_needs_it(history_project, viewer):
    exposed = Viewer(history_project, "--host", "0.0.0.0", env={"POLICYWATCH_VIEWER_TOKEN": TOKEN})
    try:
        base = exposed.url.replace("0.0.0.0", "127.0.0.1")
        routes = [
            "",
            "watches/Ionect",
            "watches/Ionect/diff?from=1&to=2",
            "watches/Ionect/versions/1",
            "watches/Ionect/versions/2/text",
            "watches/Ionect/versions/2/snapshot",
            "feed.atom",
            "watches/Ionect/feed.atom",
            "api/watches",
            "api/watches/Ionect/versions",
            "api/diff?watch=Ionect",
            "static/viewer.css",
            "no/such/route",
        ]
        for route in routes:
            r = requests.get(base + route, allow_redirects=False)
            assert r.status_code == 401, route
            assert "Ionect" not in r.text
            assert requests.get(base + route, headers={"Authorization": "Bearer wrong"}).status_code == 401, route
        ok = requests.get(base + "api/watches", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()
        basic = base64.b64encode(f"analyst:{TOKEN}".encode()).decode()
        page = requests.get(base + "watches/Ionect/diff?from=1&to=2", headers={"Authorization": f"Basic {basic}"})
        assert page.status_code == 200 and "HubSpot" in page.text
    finally:
        exposed.close()


# -- DNS rebinding: only the names the viewer serves ---------------------------------------------


@pytest.mark.parametrize("path", ["api/watches", "watches/Ionect", "feed.atom", ""])
def test_a_request_for_another_host_name_gets_no_data(viewer, path):
    port = viewer.url.rsplit(":", 1)[1].strip("/")
    refused = requests.get(viewer.url + path, headers={"Host": f"rebind.example:{port}"})
    assert refused.status_code == 421 and "Ionect" not in refused.text
    for name in ("127.0.0.1", "localhost"):
        assert requests.get(viewer.url + path, headers={"Host": f"{name}:{port}"}).status_code == 200


def test_feed_links_come_from_the_served_address_not_the_request(viewer):
    port = viewer.url.rsplit(":", 1)[1].strip("/")
    body = requests.get(viewer.url + "feed.atom", headers={"Host": f"localhost:{port}"}).text
    assert f"http://127.0.0.1:{port}/" in body and "localhost" not in body


def test_a_rebinding_page_in_chromium_reads_nothing(viewer, playwright):
    """Chromium resolves rebind.example to 127.0.0.1 (as a rebinding DNS would) and opens the API."""
    port = viewer.url.rsplit(":", 1)[1].strip("/")
    b = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*ARGS, "--host-resolver-rules=MAP rebind.example 127.0.0.1"]
    )
    try:
        page = b.new_page()
        response = page.goto(f"http://rebind.example:{port}/api/watches")
        text = page.content()
    finally:
        b.close()
    assert response.status == 421 and "Ionect" not in text


def test_allowed_hosts_extend_the_names_served(history_project):
    import yaml

    doc = yaml.safe_load(history_project.config.read_text())
    doc["viewer"] = {"allowed_hosts": ["policywatch.internal"]}
    config = history_project.dir / "config-hosts.yaml"
    config.write_text(yaml.safe_dump(doc), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "--config", str(config), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = re.search(r"on (http://\S+/)", proc.stderr.readline()).group(1)
        port = url.rsplit(":", 1)[1].strip("/")
        assert requests.get(url + "api/watches", headers={"Host": f"policywatch.internal:{port}"}).status_code == 200
        assert requests.get(url + "api/watches", headers={"Host": f"other.internal:{port}"}).status_code == 421
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_events_are_read_facts_first_with_section_rows_folded_under_them():
    from policywatch.history import event_rows
    from policywatch.monitor.facts import Event

    events = [
        Event("section_changed", "material", {"title": "Retention", "reason": "number"}),
        Event("last_updated_changed", "minor", {"old": "2026-01-01", "new": "2026-03-02"}),
        Event("purpose_added", "material", {"purpose": "ai_training", "section": "Why", "text": "to train models"}),
        Event("retention_changed", "minor", {"old": "3 years", "new": "3 years", "section": "Retention"}),
        Event("processor_added", "material", {"name": "HubSpot", "section": "Sub-processors"}),
        Event("section_changed", "minor", {"title": "Cookies", "reason": "wording"}),
        Event("section_changed", "material", {"title": "Sub-processors", "reason": "party"}),
    ]
    rows = event_rows(events)
    assert [r.event.type for r in rows] == [
        "processor_added",
        "retention_changed",
        "purpose_added",
        "section_changed",
        "section_changed",
        "last_updated_changed",
    ]
    assert [r.salient for r in rows] == [True, True, False, False, False, False]
    assert rows[0].explains == ["section changed: 'Sub-processors'"]
    # a material section row is not hidden under a minor fact of that section
    assert rows[1].explains == [] and rows[3].event.fields["title"] == "Retention"
    assert rows[4].event.fields["title"] == "Cookies"  # explained by nothing: stays a row of its own


def test_overview_puts_failing_then_recent_changes_by_level_then_the_rest(tmp_path):
    from datetime import datetime, timedelta

    from policywatch.history import WatchState, _overview_order
    from policywatch.storage.records import VersionRecord, WatchRecord

    now = datetime.now(UTC)

    def state(name: str, level: str | None, days: float | None, failures: int = 0) -> WatchState:
        record = WatchRecord(
            id=1,
            name=name,
            url="https://x.example/",
            active=True,
            etag=None,
            last_modified=None,
            body_sha256=None,
            last_checked_at=now,
            last_error=None,
            last_changed_at=None,
            last_outcome="failed" if failures else "unchanged",
            consecutive_failures=failures,
        )
        change = (
            None
            if days is None
            else VersionRecord(
                id=1,
                watch_id=1,
                number=2,
                created_at=now - timedelta(days=days),
                snapshot_id=1,
                text_sha256="0",
                fingerprint="f",
                extractor="pw-4",
                kind="fetched",
                title=None,
                level=level,
                events_json="[]",
            )
        )
        return WatchState(record=record, last_change=change, unstable=False)

    states = [
        state("old material", "material", 200),
        state("yesterday minor", "minor", 1),
        state("last week material", "material", 7),
        state("never changed", None, None),
        state("broken", None, None, failures=3),
        state("today none", "none", 0.1),
    ]
    order = [s.record.name for s in sorted(states, key=_overview_order)]
    assert order == ["broken", "last week material", "yesterday minor", "today none", "old material", "never changed"]


def test_diff_layout_reads_pipe_tables_and_cuts_long_paragraphs_to_their_change():
    from policywatch.difflayout import CONTEXT, Line, Table, layout
    from policywatch.monitor.textdiff import DELETE, EQUAL, INSERT, word_diff

    old = (
        "Intro.\n| Name | Use |\n| --- | :-: |\n| Stripe | payments |\n"
        + "word " * 300
        + "for 3 years. "
        + "end " * 300
    )
    new = (
        "Intro.\n| Name | Use |\n| --- | :-: |\n| Stripe | payments |\n| HubSpot | CRM |\n"
        + "word " * 300
        + "for 5 years. "
        + "end " * 300
    )
    blocks = layout(word_diff(old, new))
    assert [type(b) for b in blocks] == [Line, Table, Line]
    table = blocks[1]
    assert [r.header for r in table.rows] == [True, False, False]
    assert table.rows[2].cells == [[(INSERT, "HubSpot")], [(INSERT, "CRM")]] and table.rows[2].changed
    assert not table.rows[1].changed
    long = blocks[2]
    shown = "".join(t for _, t in long.excerpt)
    assert (DELETE, "3") in long.excerpt and (INSERT, "5") in long.excerpt
    assert shown.startswith("\u2026 ") and shown.endswith(" \u2026") and len(shown) < 2 * CONTEXT + 40
    unchanged = layout([(EQUAL, "word " * 300)])
    assert unchanged[0].excerpt is None  # only changed paragraphs are cut
