"""Evidence records: a file per version that opens without running anything and verifies by hash."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape, unescape
from pathlib import Path

import pytest

from policywatch.evidence import manifest_digest
from tests.browser import ARGS, CHROMIUM, artifacts_dir, require_chromium
from tests.conftest import ROBOTS_ALLOW, Project
from tests.sitekit import FIXTURES, LocalSite, Page

PAIR = FIXTURES / "corpus" / "grok-01"  # seven processors added: material


def hostile(page: bytes, beacon: str) -> bytes:
    """A real page with live script, an onerror handler and markup written as visible text, each of
    which would call the beacon if anything in the evidence file ran."""
    payload = (
        f'<script>fetch("{beacon}/script");document.title="ran"</script>'
        f'<img src="x" onerror="fetch(\'{beacon}/onerror\')">'
        f"<p>Write to us: &lt;script&gt;fetch('{beacon}/text')&lt;/script&gt; "
        f"&lt;img src=x onerror=\"fetch('{beacon}/text-onerror')\"&gt; is how we say hello.</p>"
    ).encode()
    return re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + payload, page, count=1)


@pytest.fixture(scope="module")
def evidence_project(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("evidence"))
    site = LocalSite()
    site.__enter__()
    site.pages["/robots.txt"] = ROBOTS_ALLOW
    beacon = site.url("/beacon")
    project.write([{"name": "Grok <b>AI</b>", "url": site.url("/policy")}])
    for side in ("old", "new"):
        site.pages["/policy"] = Page(hostile((PAIR / f"{side}.html").read_bytes(), beacon))
        proc = project.run("check")
        assert proc.returncode == 0, proc.stderr
    yield project, site
    site.__exit__(None, None, None)


def manifest_of(html: str) -> dict:
    return json.loads(unescape(re.search(r'<pre id="manifest">\n(.*?)</pre>', html, re.S).group(1)))


def made(project: Project, *args: str) -> Path:
    out = project.dir / f"evidence-{'-'.join(args) or 'latest'}.html"
    proc = project.run("evidence", "Grok <b>AI</b>", *args, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "evidence of Grok <b>AI</b> v" in proc.stdout
    return out


def test_the_file_holds_the_fetch_the_hashes_the_events_and_the_diff(evidence_project):
    project, site = evidence_project
    path = made(project, "--version", "2")
    html = path.read_text()
    manifest = manifest_of(html)
    assert manifest["watch"] == "Grok <b>AI</b>" and manifest["version"] == 2
    assert manifest["url"] == site.url("/policy") and manifest["http_status"] == 200
    assert manifest["fetched_at"].endswith("Z") and manifest["headers"]["content-type"].startswith("text/html")
    assert manifest["previous_version"]["number"] == 1
    assert manifest["level"] == "material" and manifest["events"]
    assert "<del>" in html and "<ins>" in html  # the word diff against v1
    stored = project.query("select text_sha256 from versions where number = 2")[0][0]
    assert manifest["text"]["sha256"] == stored
    assert "Grok &lt;b&gt;AI&lt;/b&gt;" in html and "<b>GPT</b>" not in html.split("<pre id")[0]
    proc = project.run("evidence", "verify", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "verified against the file and the database" in proc.stdout


def test_the_file_opens_in_chromium_and_nothing_in_it_runs(evidence_project):
    require_chromium()
    from playwright.sync_api import sync_playwright

    project, site = evidence_project
    path = made(project)
    before = sum(n for p, n in site.hits.items() if p.startswith("/beacon"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_timeout(500)
        assert page.title() == "Evidence: Grok <b>AI</b>, version 2"
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
        shown = page.inner_text("#text")
        assert "<script>fetch(" in shown  # the page's markup-as-text is shown as text
        assert "<script>" in page.text_content("#snapshot-text")  # the raw page, as text
        folder = artifacts_dir("evidence")
        for label, width in (("desktop", 1280), ("phone", 390)):
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"the evidence file at {label} width is {overflow}px wider than the screen"
            page.screenshot(path=str(folder / f"evidence-{label}.png"))
        browser.close()
    assert dialogs == []
    assert sum(n for p, n in site.hits.items() if p.startswith("/beacon")) == before == 0


def _flip(html: str, start_marker: str, end_marker: str, offset: int = 40) -> str:
    """``html`` with one character inside the region after ``start_marker`` changed."""
    start = html.index(start_marker) + len(start_marker) + offset
    assert start < html.index(end_marker, start)
    old = html[start]
    new = "B" if old != "B" else "C"
    return html[:start] + new + html[start + 1 :]


@pytest.mark.parametrize(
    "region, field",
    [
        ('<pre id="text">\n', "text"),
        ('<pre id="text-base64">\n', "text"),
        ('<pre id="snapshot-base64">\n', "snapshot"),
        ('<pre id="manifest">\n', "manifest"),
    ],
)
def test_one_changed_byte_is_named(evidence_project, region, field):
    project, _ = evidence_project
    path = made(project, "--version", "1")
    html = path.read_text()
    offset = 12 if region.endswith('manifest">\n') else 40  # inside "format"'s value
    tampered = path.with_name(f"tampered-{field}-{abs(hash(region))}.html")
    tampered.write_text(_flip(html, region, "</pre>", offset))
    proc = project.run("evidence", "verify", "--no-store", str(tampered))
    assert proc.returncode == 1, proc.stdout
    assert re.search(rf"^{re.escape(str(tampered))}: {field}: ", proc.stderr, re.M), proc.stderr
    assert "mismatch" in proc.stderr


def test_a_consistent_forgery_is_caught_by_the_database(evidence_project):
    project, _ = evidence_project
    path = made(project, "--version", "2")
    html = path.read_text()
    manifest_text = re.search(r'<pre id="manifest">\n(.*?)</pre>', html, re.S).group(1)
    manifest = manifest_of(html)
    forged_text = b"We never share your data."

    manifest["text"]["sha256"] = hashlib.sha256(forged_text).hexdigest()
    manifest["text"]["size"] = len(forged_text)
    new_manifest = json.dumps(manifest, indent=2, ensure_ascii=False)
    html = html.replace(manifest_text, escape(new_manifest, quote=False))
    html = re.sub(
        r'(name="policywatch-manifest-sha256" content=")[0-9a-f]+', rf"\g<1>{manifest_digest(manifest)}", html
    )
    html = re.sub(r'(<pre id="text">\n).*?(</pre>)', rf"\g<1>{forged_text.decode()}\g<2>", html, flags=re.S)
    b64 = base64.b64encode(forged_text).decode()
    html = re.sub(r'(<pre id="text-base64">\n).*?(</pre>)', rf"\g<1>{b64}\g<2>", html, flags=re.S)
    forged = path.with_name("forged.html")
    forged.write_text(html)
    alone = project.run("evidence", "verify", "--no-store", str(forged))
    assert alone.returncode == 0, alone.stderr  # consistent in itself ...
    proc = project.run("evidence", "verify", str(forged))
    assert proc.returncode == 1  # ... but not what the database holds
    assert "store: text of Grok <b>AI</b> v2 in the database is" in proc.stderr


def test_bad_requests_say_what_is_wrong(evidence_project):
    project, _ = evidence_project
    proc = project.run("evidence", "Grok <b>AI</b>", "--version", "9")
    assert proc.returncode == 2 and "has no version 9" in proc.stderr
    proc = project.run("evidence", "Nobody")
    assert proc.returncode == 2 and "no watch named 'Nobody'" in proc.stderr
    other = project.dir / "not-evidence.html"
    other.write_text("<html><body>hello</body></html>")
    proc = project.run("evidence", "verify", str(other))
    assert proc.returncode == 2 and "not a policywatch evidence record" in proc.stderr


def test_the_viewer_offers_the_record_as_a_download_that_verifies(evidence_project):
    from policywatch.evidence import verify
    from policywatch.web import create_app

    project, _ = evidence_project
    store = project.store()
    client = create_app(store).test_client()
    page = client.get("/watches/Grok%20%3Cb%3EAI%3C/b%3E/diff?from=1&to=2").get_data(as_text=True)
    assert "/versions/2/evidence" in page
    response = client.get("/watches/Grok%20%3Cb%3EAI%3C/b%3E/versions/2/evidence")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert verify(response.get_data(as_text=True), store) == []
