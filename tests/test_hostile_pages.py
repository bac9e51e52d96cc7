"""Bad days on the web: every hostile or broken answer is a failed or suspect check with a clear reason,
never a crash, never a false change, and the other watches are unaffected.

One project holds a watch per case. The first pass stores a normal policy for each; then every page
turns hostile at once and a second pass must record the right outcome for each of them.
"""

from __future__ import annotations

import gzip
import json
import random
import socket
import zlib

import pytest

from tests.conftest import ROBOTS_ALLOW, Project
from tests.pdfkit import make_pdf
from tests.sitekit import LocalSite, Page, policy_page, seed_texts


def gzip_bomb(megabytes: int) -> bytes:
    """A gzip body that inflates to ``megabytes`` MB of zeros, built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nested(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"deep" + b"</div>" * depth + b"</body></html>"


def sections(count: int) -> bytes:
    body = "".join(f"<h2>Section {i}</h2><p>Paragraph {i} of a very long policy about data.</p>" for i in range(count))
    return f"<html><body><main>{body}</main></body></html>".encode()


# name -> (page on the site, or a URL to use instead, outcome, words the reason must contain)
CASES = {
    "404": (Page(b"<h1>Not found</h1>", status=404), "failed", "HTTP 404"),
    "410": (Page(b"<h1>Gone</h1>", status=410), "failed", "HTTP 410"),
    "500": (Page(b"<h1>Oops</h1>", status=500), "failed", "HTTP 500"),
    "503 retry-after": (Page(b"<h1>Busy</h1>", status=503, headers={"Retry-After": "120"}), "failed", "HTTP 503"),
    "503": (Page(b"<h1>Busy</h1>", status=503), "failed", "HTTP 503"),
    "refused": ("http://127.0.0.1:{closed}/p", "failed", "connection refused"),
    "dns": ("http://no-such-host.invalid/p", "failed", "no-such-host.invalid"),
    "tls": ("https://127.0.0.1:{port}/plain", "failed", "TLS"),
    "slow headers": (Page(b"<p>late</p>", delay=6), "failed", "timed out"),
    "slow body": (Page(b"<p>" + b"x" * 4000 + b"</p>", trickle=0.2), "failed", "timed out"),
    "redirect loop": (Page(status=302, headers={"Location": "/redirect%20loop"}), "failed", "redirect"),
    "long chain": (Page(status=302, headers={"Location": "/chain/1"}), "failed", "redirect"),
    "redirect to file": (
        Page(status=302, headers={"Location": "file:///etc/passwd"}),
        "failed",
        "redirected to file:///etc/passwd, which is not an http or https URL",
    ),
    "redirect to gopher": (
        Page(status=301, headers={"Location": "gopher://127.0.0.1:70/_x"}),
        "failed",
        "not an http or https URL",
    ),
    "redirect to data": (
        Page(status=307, headers={"Location": "data:text/html,<p>x</p>"}),
        "failed",
        "not an http or https URL",
    ),
    "100 KB header": (Page(b"<p>big header</p>", headers={"X-Padding": "a" * 100_000}), "failed", "header"),
    "2 GB with length": (Page(stream=2 * 1024**3), "failed", "larger than"),
    "huge without length": (Page(stream=2 * 1024**3, length=False), "failed", "larger than"),
    "gzip bomb": (Page(gzip_bomb(200), headers={"Content-Encoding": "gzip"}), "failed", "larger than"),
    "binary as html": (Page(random.Random(1).randbytes(20000)), "failed", "binary"),
    "empty": (Page(b""), "failed", "empty page"),
    "whitespace": (Page(b"<html><body>   \n </body></html>"), "failed", "no readable text"),
    "cookie wall": (
        Page(
            b"<html><body><div class='consent'><h1>We value your privacy</h1><p>Accept all cookies to "
            b"continue. Manage preferences.</p></div></body></html>"
        ),
        "suspect",
        "almost no text",
    ),
    "js challenge": (
        Page(
            b"<html><head><title>Just a moment...</title></head><body><h1>Just a moment...</h1>"
            b"<p>Enable JavaScript and cookies to continue</p></body></html>",
            status=200,
        ),
        "suspect",
        "error or challenge page",
    ),
    "5000 sections": (Page(sections(5000)), "suspect", "different document"),
    "nested 50000": (Page(nested(50000)), "failed", "nests elements too deeply"),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    seeds = seed_texts()
    good_text = seeds["iconnek-privacy-policy"]
    policy = policy_page(seeds["ionect-privacy-policy"]).encode()
    project = Project(
        tmp_path_factory.mktemp("hostile"),
        crawler={"allow_private_networks": True, "retries": 0, "timeout": 3, "max_size": 1048576},
    )
    with LocalSite() as site:
        site.pages["/robots.txt"] = ROBOTS_ALLOW
        site.html("/good", good_text)
        closed = closed_port()
        watches = [{"name": "good", "url": site.url("/good")}]
        for name, (page, _, _) in CASES.items():
            path = "/" + name.replace(" ", "%20")
            url = page.format(closed=closed, port=site.port) if isinstance(page, str) else site.url(path)
            watches.append({"name": name, "url": url})
            site.pages[path] = Page(policy)
        for i in range(1, 13):
            site.pages[f"/chain/{i}"] = Page(policy)
        project.write(watches)
        first = project.run("check", timeout=180)
        for name, (page, _, _) in CASES.items():
            if isinstance(page, Page):
                site.pages["/" + name.replace(" ", "%20")] = page
        for i in range(1, 13):
            site.pages[f"/chain/{i}"] = Page(status=302, headers={"Location": f"/chain/{i + 1}"})
        second, peak_mb = project.run_measured("check", timeout=180)
        states = {w["name"]: w for w in json.loads(project.run("watches", "--json").stdout)}
    return {"first": first, "second": second, "states": states, "project": project, "peak_mb": peak_mb}


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_answer_is_recorded_with_a_clear_reason(outcomes, name):
    page, outcome, reason = CASES[name]
    state = outcomes["states"][name]
    assert state["last_outcome"] == outcome, (name, state)
    assert reason.lower() in (state["last_error"] or "").lower(), (name, state["last_error"])
    expected_versions = 0 if isinstance(page, str) else 1  # unreachable ones never had a version
    assert state["versions"] == expected_versions, "a hostile answer must never become a version"


def test_other_watches_are_unaffected_and_nothing_crashed(outcomes):
    assert outcomes["states"]["good"]["last_outcome"] in ("unchanged", "not_modified")
    assert outcomes["states"]["good"]["versions"] == 1
    for proc in (outcomes["first"], outcomes["second"]):
        assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
        assert proc.returncode == 1  # some checks failed: the documented exit code, not a crash
    assert f"{len(CASES) + 1} checked" in outcomes["second"].stdout


def test_huge_bodies_do_not_grow_memory(outcomes):
    assert 20 < outcomes["peak_mb"] < 400, f"a check process peaked at {outcomes['peak_mb']:.0f} MB"


def test_a_pdf_policy_is_read_as_a_policy(site, seeds, project):
    text = seeds["ionect-privacy-policy"]
    site.pages["/policy.pdf"] = Page(make_pdf(text), content_type="application/pdf")
    project.write([{"name": "pdf", "url": site.url("/policy.pdf")}])
    assert project.run("check").returncode == 0
    site.pages["/policy.pdf"] = Page(
        make_pdf(text.replace("within three years", "within five years")), content_type="application/pdf"
    )
    assert project.run("check").returncode == 0
    history = project.run("history", "pdf").stdout
    assert "retention changed: 3 years → 5 years" in history
    changes = history.split("  versions:")[1]
    assert "Cloudflare" not in changes.split("v2")[1].split("v1")[0]  # no phantom processor events


@pytest.mark.parametrize("variant", ["cp1252 labelled utf-8", "utf-8 with BOM", "meta says latin-1, header utf-8"])
def test_encoding_mistakes_are_not_changes(site, seeds, project, variant):
    text = seeds["conitro-privacy-beleid-nl"] + "\nCafé-privacy: financiële gegevens, reëel beleid.\n"
    page = policy_page(text)
    site.pages["/nl"] = Page(page.encode("utf-8"))
    project.write([{"name": "nl", "url": site.url("/nl")}])
    assert project.run("check").returncode == 0
    if variant == "cp1252 labelled utf-8":
        served = Page(page.encode("cp1252"), content_type="text/html; charset=utf-8")
    elif variant == "utf-8 with BOM":
        served = Page(b"\xef\xbb\xbf" + page.encode("utf-8"), content_type="text/html")
    else:
        served = Page(
            page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode("utf-8"),
            content_type="text/html; charset=utf-8",
        )
    site.pages["/nl"] = served
    proc = project.run("check")
    assert proc.stdout.strip().endswith("1 checked, 0 new, 0 changed, 1 unchanged, 0 failed"), proc.stdout + proc.stderr


def test_gzip_served_policy_still_reads(site, seeds, project):
    site.pages["/gz"] = Page(
        gzip.compress(policy_page(seeds["ionect-privacy-policy"]).encode()), headers={"Content-Encoding": "gzip"}
    )
    project.write([{"name": "gz", "url": site.url("/gz")}])
    proc = project.run("check")
    assert proc.returncode == 0 and "1 new" in proc.stdout
