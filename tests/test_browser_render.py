"""Pages that only exist in a browser: `render: browser` through the system's Chromium, with the
address guard on every request the page makes, timeouts, and no browser left behind."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policywatch.crawler.browserguard import GuardProxy
from policywatch.demo.site import LocalSite, Page, policy_page
from tests.conftest import ROBOTS_ALLOW, summary, wait_for

GUARDED = {
    "allow_networks": ["127.0.0.1/32"],
    "retries": 0,
    "timeout": 10,
    "browser": {"timeout": 15},
}  # 127.0.0.1 reachable, every other private address refused


def _body(text: str) -> str:
    page = policy_page(text)
    return page.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]


def script_page(extra_script: str = "", delay_ms: int = 400, head: str = "") -> bytes:
    """A single-page app: a loading placeholder, and the policy fetched and written by a script later."""
    return f"""<!doctype html><html><head><title>Privacy</title>{head}</head><body>
<div id="app"><p>Loading…</p></div>
<script>
setTimeout(function () {{
  fetch('/content').then(function (r) {{ return r.text(); }})
    .then(function (t) {{ document.getElementById('app').innerHTML = t; }});
  {extra_script}
}}, {delay_ms});
</script></body></html>""".encode()


@pytest.fixture
def app_site(seeds):
    with LocalSite() as site:
        site.pages["/robots.txt"] = ROBOTS_ALLOW
        site.pages["/p"] = Page(script_page())
        site.pages["/content"] = Page(_body(seeds["ionect-privacy-policy"]).encode())
        yield site


@pytest.fixture
def secret_site():
    with LocalSite(host="127.0.0.2") as site:
        site.pages["/secret"] = Page(b"<p>internal</p>")
        yield site


def test_a_script_written_policy_needs_the_browser_and_then_reads_like_any_page(app_site, seeds, project):
    project.crawler = GUARDED
    project.write([{"name": "App", "url": app_site.url("/p")}])
    result = project.run("check")
    assert result.returncode == 1
    assert "suspect" in result.stdout and "set `render: browser`" in result.stderr, result.stderr[-3000:]

    project.write([{"name": "App", "url": app_site.url("/p"), "render": "browser"}])
    result = project.run("check")
    assert result.returncode == 0, result.stderr[-3000:]
    assert summary(result) == "1 checked, 1 new, 0 changed, 0 unchanged, 0 failed"
    text = project.run("show", "App", "--text").stdout
    assert "Who we share your data with" in text and "Loading" not in text

    result = project.run("check")
    assert summary(result) == "1 checked, 0 new, 0 changed, 1 unchanged, 0 failed", result.stderr[-3000:]

    edited = seeds["ionect-privacy-policy"].replace(
        "Who we share your data with", "Who we share your data with\n\nWe use HubSpot to send our newsletter.", 1
    )
    assert edited != seeds["ionect-privacy-policy"]
    app_site.pages["/content"] = Page(_body(edited).encode())
    result = project.run("check")
    assert summary(result) == "1 checked, 0 new, 1 changed, 0 unchanged, 0 failed", result.stderr[-3000:]
    diff = json.loads(project.run("diff", "App", "--json").stdout)
    added = [e for e in diff["events"] if e["type"] == "processor_added"]
    assert [e["name"] for e in added] == ["HubSpot"] and diff["level"] == "material", diff["events"]


def test_requests_of_the_page_to_refused_addresses_never_leave(app_site, secret_site, project):
    app_site.pages["/p"] = Page(
        script_page(
            f"fetch('{secret_site.url('/secret')}').catch(function () {{}});"
            f"var s = document.createElement('script'); s.src = 'http://intranet.invalid:{secret_site.port}/x.js';"
            "document.head.appendChild(s);"
        )
    )
    project.crawler = GUARDED
    project.write([{"name": "App", "url": app_site.url("/p"), "render": "browser"}])
    result = project.run("check")
    assert result.returncode == 0, result.stderr[-3000:]
    assert secret_site.hits["/secret"] == 0 and sum(secret_site.hits.values()) == 0
    assert (
        f"App: the browser blocked {secret_site.url('/secret')} (refused: 127.0.0.2 is a loopback address"
        in result.stderr
    )
    # a name is judged by the guard proxy (the browser resolves nothing itself)
    assert (
        f"the browser blocked http://intranet.invalid:{secret_site.port}/x.js (intranet.invalid does not resolve"
        in result.stderr
    ), result.stderr[-3000:]


def test_a_page_that_sends_the_browser_to_a_refused_address_is_refused(app_site, secret_site, project):
    app_site.pages["/p"] = Page(script_page(f"location.href = '{secret_site.url('/secret')}';", delay_ms=100))
    project.crawler = GUARDED
    project.write([{"name": "App", "url": app_site.url("/p"), "render": "browser"}])
    result = project.run("check")
    assert result.returncode == 1
    assert f"refused: the page navigated to {secret_site.url('/secret')}" in result.stderr, result.stderr[-3000:]
    assert secret_site.hits["/secret"] == 0
    assert project.query("SELECT count(*) FROM versions") == [(0,)]


def test_a_page_that_never_finishes_loading_times_out_with_the_reason(app_site, project):
    app_site.pages["/slow.js"] = Page(b"", content_type="text/javascript", delay=30)
    app_site.pages["/p"] = Page(script_page(head='<script src="/slow.js"></script>'))
    project.crawler = {**GUARDED, "browser": {"timeout": 3}}
    project.write([{"name": "App", "url": app_site.url("/p"), "render": "browser"}])
    started = time.monotonic()
    result = project.run("check")
    assert result.returncode == 1
    assert "the page did not finish loading in the browser within 3 s (crawler.browser.timeout)" in result.stderr, (
        result.stderr[-3000:]
    )
    assert time.monotonic() - started < 25


def test_a_wait_for_selector_that_never_appears_says_so(app_site, project):
    project.crawler = {**GUARDED, "browser": {"timeout": 3}}
    project.write([{"name": "App", "url": app_site.url("/p"), "render": "browser", "wait_for": "#never-there"}])
    result = project.run("check")
    assert result.returncode == 1
    assert "within 3 s (crawler.browser.timeout); or the wait_for selector never appeared" in result.stderr, (
        result.stderr[-3000:]
    )


def test_a_missing_browser_fails_only_the_browser_watches_with_the_fix(app_site, seeds, project):
    app_site.html("/plain", seeds["ionect-privacy-policy"])
    project.crawler = {**GUARDED, "browser": {"executable": "/nonexistent/chromium"}}
    project.write(
        [
            {"name": "App", "url": app_site.url("/p"), "render": "browser"},
            {"name": "Plain", "url": app_site.url("/plain")},
        ]
    )
    result = project.run("check")
    assert summary(result) == "2 checked, 1 new, 0 changed, 0 unchanged, 1 failed"
    assert "App: crawler.browser.executable '/nonexistent/chromium' is not an executable" in result.stderr


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _browsers(pid: int) -> set[int]:
    out = set()
    for child in _descendants(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"chrom" in cmd.lower():
            out.add(child)
    return out


def test_sigterm_during_a_render_leaves_no_browser_behind(app_site, project):
    app_site.pages["/slow.js"] = Page(b"", content_type="text/javascript", delay=60)
    app_site.pages["/p"] = Page(script_page(head='<script src="/slow.js"></script>'))
    project.crawler = {**GUARDED, "browser": {"timeout": 60}}
    project.write([{"name": "App", "url": app_site.url("/p"), "render": "browser", "every": "1h"}])
    proc = subprocess.Popen(
        [sys.executable, "-m", "policywatch", "--config", str(project.config), "run"],
        cwd=project.dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: app_site.hits["/slow.js"], timeout=60, what="the browser asking for the slow script")
        browsers = _browsers(proc.pid)
        assert browsers, "no Chromium process under the daemon while it renders"
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in browsers):
        time.sleep(0.2)
    assert not [p for p in browsers if _alive(p)], "Chromium processes outlived the daemon"


# -- the guard proxy itself ---------------------------------------------------------------------


def _through(proxy_url: str, raw: bytes) -> bytes:
    host, port = proxy_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(raw)
        chunks = []
        while data := s.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def test_the_guard_proxy_judges_each_name_where_it_connects(secret_site):
    with LocalSite() as allowed:
        allowed.pages["/ok"] = Page(b"fine")

        def fake_resolve(host, port, **kw):
            address = {"intranet.test": "127.0.0.2", "public.test": "127.0.0.1"}[host]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

        async def scenario():
            async with GuardProxy(
                allow_private=False, allowed_networks=("127.0.0.1/32",), resolve=fake_resolve
            ) as proxy:
                loop = asyncio.get_running_loop()
                refused = await loop.run_in_executor(
                    None,
                    _through,
                    proxy.url,
                    (
                        f"GET http://intranet.test:{secret_site.port}/secret HTTP/1.1\r\n"
                        f"Host: intranet.test:{secret_site.port}\r\n\r\n"
                    ).encode(),
                )
                tunnel = await loop.run_in_executor(
                    None, _through, proxy.url, (f"CONNECT intranet.test:{secret_site.port} HTTP/1.1\r\n\r\n").encode()
                )
                fine = await loop.run_in_executor(
                    None,
                    _through,
                    proxy.url,
                    (
                        f"GET http://public.test:{allowed.port}/ok HTTP/1.1\r\nHost: public.test\r\n"
                        "Proxy-Connection: keep-alive\r\n\r\n"
                    ).encode(),
                )
                return refused, tunnel, fine, dict(proxy.refused)

        refused, tunnel, fine, reasons = asyncio.run(scenario())
    assert refused == b"" and tunnel.startswith(b"HTTP/1.1 403")
    assert secret_site.hits["/secret"] == 0 and sum(secret_site.hits.values()) == 0
    assert reasons["intranet.test"].startswith("refused: intranet.test resolves to 127.0.0.2 is a loopback address")
    assert fine.startswith(b"HTTP/1.1 200") and fine.endswith(b"fine") and allowed.hits["/ok"] == 1


# -- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "watch, crawler, message",
    [
        ({"render": "chrome"}, {}, "watches[0].render: must be one of http, browser, not 'chrome'"),
        (
            {"wait_for": "#policy"},
            {},
            "watches[0].wait_for: only a rendered page can be waited for: add render: browser",
        ),
        ({"render": "browser", "wait_for": "di[v"}, {}, "watches[0].wait_for: invalid CSS selector"),
        ({}, {"browser": {"pages": 0}}, "crawler.browser.pages"),
        ({}, {"browser": {"timout": 5}}, "crawler.browser.timout: unknown key (did you mean 'timeout'?)"),
    ],
)
def test_browser_settings_are_checked_at_load(project, watch, crawler, message):
    project.crawler = crawler
    project.write([{"name": "A", "url": "http://127.0.0.1:9/", **watch}])
    result = project.run("watches")
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_watches_of_one_url_read_two_ways_are_not_called_duplicates(project):
    project.write(
        [{"name": "A", "url": "http://127.0.0.1:9/"}, {"name": "B", "url": "http://127.0.0.1:9/", "render": "browser"}]
    )
    result = project.run("watches")
    assert result.returncode == 0 and "alert twice" not in result.stderr, result.stderr


def test_no_browser_is_started_for_a_pass_without_browser_watches(app_site, seeds, project):
    app_site.html("/plain", seeds["ionect-privacy-policy"])
    project.crawler = GUARDED
    project.write([{"name": "Plain", "url": app_site.url("/plain")}])
    code = (
        f"import sys, runpy; sys.argv = ['policywatch', '--config', {str(project.config)!r}, 'check'];"
        "import atexit; atexit.register(lambda: print('PLAYWRIGHT', 'playwright' in sys.modules, file=sys.stderr));"
        "runpy.run_module('policywatch', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project.dir,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert "PLAYWRIGHT False" in result.stderr, result.stderr[-2000:]
