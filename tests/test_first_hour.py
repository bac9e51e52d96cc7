"""The first hour of a new user: seeing what policywatch reads (`show`, `extract`) and what failed."""

from __future__ import annotations

import re
import subprocess
import sys

from policywatch.schemas import validator
from tests.conftest import ROBOTS_ALLOW
from tests.sitekit import Page

ANSI = "\x1b["

PAGE = (
    "<html><head><title>Privacy at Acme</title></head><body><nav>Home | Blog</nav><main><h1>Privacy policy</h1>"
    "<p>Last updated: 2 March 2026</p><h2>Who receives your data</h2><p>We use Stripe, Inc. (United States) "
    "to take payments.</p><h2>Retention</h2><p>We keep invoices for seven years.</p></main>"
    "<div class='cookie-banner'>We use cookies. Accept all</div></body></html>"
)


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
    run = subprocess.run(
        [sys.executable, "-m", "policywatch", "extract", str(page), "--select", "main", "--text"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "We keep invoices" in run.stdout and "Accept all" not in run.stdout and "Home | Blog" not in run.stdout
    removed = subprocess.run(
        [sys.executable, "-m", "policywatch", "extract", str(page), "--remove", "h2", "--text"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert "Who receives your data" not in removed.stdout and "We use Stripe" in removed.stdout
    empty = subprocess.run(
        [sys.executable, "-m", "policywatch", "extract", str(page), "--select", "#nothing"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert empty.returncode == 2 and "nothing matching select" in empty.stderr


def test_extract_from_standard_input_and_a_url(site, project):
    piped = subprocess.run(
        [sys.executable, "-m", "policywatch", "extract", "-"],
        input="# Privacy\n\nWe keep logs for 30 days.\n",
        capture_output=True,
        text=True,
        cwd=project.dir,
        timeout=60,
    )
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
        project.write(
            [{"name": "Ionect", "url": site.url("/privacy")}, {"name": "Gone", "url": site.url("/gone")}],
            alerts={"webhooks": [{"name": "h", "url": hook.url}]},
        )
        first = project.run("check", "--json")
        data = json.loads(first.stdout)
        validator("check").validate(data)
        assert first.returncode == 1  # one watch failed: the same exit code as without --json
        assert data["summary"]["checked"] == 2 and data["summary"]["new"] == 1 and data["summary"]["failed"] == 1
        by_watch = {w["watch"]: w for w in data["watches"]}
        assert by_watch["Ionect"]["outcome"] == "new" and by_watch["Ionect"]["version"] == 1
        assert by_watch["Gone"]["outcome"] == "failed" and "404" in by_watch["Gone"]["error"]
        assert by_watch["Ionect"]["url"] == site.url("/privacy")
        site.html("/privacy", text.replace("within three years", "within five years"))
        second = json.loads(project.run("check", "--json", "Ionect").stdout)
        validator("check").validate(second)
        assert second["summary"]["changed"] == 1 and second["alerts"]["sent"] == 1
        history = json.loads(project.run("history", "Ionect", "--json").stdout)
        validator("history").validate(history)
        assert history["watch"] == "Ionect" and [v["number"] for v in history["versions"]] == [2, 1]
        assert any(e["type"] == "retention_changed" for e in history["versions"][0]["events"])
        gone = json.loads(project.run("history", "Gone", "--json").stdout)
        validator("history").validate(gone)
        assert gone["versions"] == [] and gone["failed_checks"][0]["outcome"] == "failed"
        outbox = json.loads(project.run("alerts", "--json").stdout)
        validator("alerts").validate(outbox)
        listed = json.loads(project.run("watches", "--json").stdout)
        validator("watches").validate(listed)
        assert {w["name"]: w["versions"] for w in listed} == {"Ionect": 2, "Gone": 0}
        diffed = project.run("diff", "Ionect", "--json")
        data = json.loads(diffed.stdout)
        validator("diff").validate(data)
        assert (data["watch"], data["url"], data["level"]) == ("Ionect", site.url("/privacy"), "material")
        assert (data["from_version"]["number"], data["to_version"]["number"]) == (1, 2)
        assert json.loads(project.run("diff", "Ionect", "--format", "json").stdout) == data
        page = project.run("diff", "Ionect", "--format", "html").stdout  # a record: what, where, when
        assert "<h1>Ionect</h1>" in page and f"<dd>{site.url('/privacy')}</dd>" in page
        assert "<dt>From</dt><dd>v1, fetched " in page and "<dt>To</dt><dd>v2, fetched " in page
        assert "<dt>Written</dt>" in page and "<title>Ionect: v1 (" in page
        assert [(a["watch"], a["status"], a["level"]) for a in outbox] == [("Ionect", "sent", "material")]
    finally:
        hook.close()


def test_schemas_refuse_what_the_commands_never_print():
    """The shipped schemas are strict enough to catch drift: a misspelt level, a missing key."""
    import jsonschema
    import pytest

    good = {
        "files": {"old": "a", "new": "b"},
        "level": "minor",
        "events": [{"type": "date_changed", "level": "minor"}],
        **{
            side: {"title": None, "language": "en", "last_updated": "2026-03-02", "sections": 2}
            for side in ("old", "new")
        },
    }
    validator("compare").validate(good)
    for broken in (
        {**good, "level": "major"},
        {k: v for k, v in good.items() if k != "events"},
        {**good, "old": {**good["old"], "last_updated": "2 March 2026"}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validator("compare").validate(broken)
    with pytest.raises(jsonschema.ValidationError):
        validator("watches").validate([{"name": "x"}])


def _pair(tmp_path, old: str, new: str):
    (tmp_path / "old.md").write_text(old, encoding="utf-8")
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    return str(tmp_path / "old.md"), str(tmp_path / "new.md")


def _cli(*args: str, cwd, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run(
        [sys.executable, "-m", "policywatch", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={**environment, **(env or {})},
    )


def test_compare_exit_codes_for_scripts(tmp_path):
    """0 by default; with --exit-code 1 for a minor or material change and 0 for none; 2 for bad usage."""
    import json

    old, new = _pair(
        tmp_path, "# Privacy\n\nWe keep invoices for 3 years.\n", "# Privacy\n\nWe keep invoices for 5 years.\n"
    )
    assert _cli("compare", old, new, cwd=tmp_path).returncode == 0
    changed = _cli("compare", old, new, "--exit-code", "--json", cwd=tmp_path)
    assert changed.returncode == 1
    data = json.loads(changed.stdout)
    validator("compare").validate(data)
    assert data["level"] == "material" and data["files"] == {"old": old, "new": new}
    same, cosmetic = _pair(
        tmp_path, "# Privacy\n\nWe keep invoices for 3 years.\n", "# Privacy\n\nWe  keep invoices for 3 years.\n"
    )
    assert _cli("compare", same, cosmetic, "--exit-code", cwd=tmp_path).returncode == 0
    assert _cli("compare", same, cosmetic, "--exit-code", "--format", "nope", cwd=tmp_path).returncode == 2
    assert _cli("compare", same, str(tmp_path / "missing.md"), "--exit-code", cwd=tmp_path).returncode == 2


def test_levels_in_colour_only_when_asked_or_on_a_terminal(tmp_path):
    old, new = _pair(
        tmp_path, "# Privacy\n\nWe keep invoices for 3 years.\n", "# Privacy\n\nWe keep invoices for 5 years.\n"
    )
    piped = _cli("compare", old, new, cwd=tmp_path)
    assert ANSI not in piped.stdout and "level: material" in piped.stdout and "[-3-]{+5+}" in piped.stdout
    always = _cli("--color", "always", "compare", old, new, cwd=tmp_path)
    assert "level: \x1b[31m\x1b[1mmaterial\x1b[0m" in always.stdout and "[-3-]" not in always.stdout
    assert ANSI not in _cli("--color", "never", "compare", old, new, cwd=tmp_path).stdout
    # NO_COLOR turns colour off on a terminal; an explicit --color always still wins.
    assert ANSI in _cli("--color", "always", "compare", old, new, cwd=tmp_path, env={"NO_COLOR": "1"}).stdout
    assert _terminal_output(tmp_path, ["compare", old, new], {}).count(ANSI) > 0
    assert ANSI not in _terminal_output(tmp_path, ["compare", old, new], {"NO_COLOR": "1"})


def _terminal_output(cwd, args: list[str], env: dict) -> str:
    """What the command writes to a real terminal (a pseudo-terminal), for the auto colour mode."""
    import os
    import pty

    environment = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, **env}
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout is the terminal
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "policywatch", *args], environment)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_one_vocabulary_for_outcomes_and_arrows(site, seeds, project):
    """A 304 answer is 'unchanged' to a reader (the JSON keeps not_modified); one arrow everywhere."""
    import json

    text = seeds["ionect-privacy-policy"]
    site.html("/p", text)
    project.write([{"name": "Ionect", "url": site.url("/p")}])
    project.run("check")
    project.run("check")  # answered 304: the stored ETag was sent back
    assert json.loads(project.run("watches", "--json").stdout)[0]["last_outcome"] == "not_modified"
    table = project.run("watches").stdout
    assert "not_modified" not in table and "unchanged" in table
    site.html("/p", text.replace("within three years", "within five years"))
    project.run("check")
    coloured = project.run("--color", "always", "watches").stdout
    assert "\x1b[33mchanged" in coloured  # padded, then coloured: the codes never shift a column
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == project.run("watches").stdout
    out = project.run("history", "Ionect").stdout + project.run("diff", "Ionect").stdout
    assert "3 years \u2192 5 years" in out and " -> " not in out
    assert "(MATERIAL change)" not in out and "level: material" in out


def test_the_systemd_unit_names_this_installation_and_verifies(tmp_path, project):
    """`init --systemd` writes a unit whose ExecStart is this installation's policywatch, whose
    writable paths cover the SQLite database, and which systemd itself accepts."""
    import os
    import shutil
    from pathlib import Path

    project.write([])
    unit = project.run("init", "--systemd")
    assert unit.returncode == 0, unit.stderr
    lines = dict(line.split("=", 1) for line in unit.stdout.splitlines() if "=" in line and not line.startswith("#"))
    executable = Path(lines["ExecStart"].removesuffix(" run"))
    assert executable.is_file() and os.access(executable, os.X_OK)
    assert executable.parent == Path(sys.executable).parent or executable == Path(shutil.which("policywatch"))
    assert lines["Environment"] == f"POLICYWATCH_CONFIG={project.config.resolve()}"
    writable = lines["ReadWritePaths"].split()
    assert writable[0] == "/var/lib/policywatch"
    if project.url.startswith("sqlite"):
        assert str(project.dir.resolve()) in writable  # where its database lives
    header = [line for line in unit.stdout.splitlines() if line.startswith("#")]
    assert any(f"install -m 0640 -g policywatch config.yaml {project.config.resolve()}" in h for h in header)
    assert any("init --systemd | sudo tee /etc/systemd/system/policywatch.service" in h for h in header)
    path = tmp_path / "policywatch.service"
    path.write_text(unit.stdout, encoding="utf-8")
    verify = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0, verify.stderr


def test_a_venv_in_a_home_folder_gets_read_only_home_not_a_hidden_one():
    from pathlib import Path

    from policywatch.service import UnitSettings, render_unit

    home = render_unit(
        UnitSettings(
            executable=Path("/home/ana/.venv/bin/policywatch"),
            config=Path("/home/ana/pw/config.yaml"),
            writable=(Path("/home/ana/pw"),),
        )
    )
    assert "ExecStart=/home/ana/.venv/bin/policywatch run" in home and "ProtectHome=read-only" in home
    assert "ReadWritePaths=/var/lib/policywatch /home/ana/pw" in home
    opt = render_unit(
        UnitSettings(executable=Path("/opt/policywatch/bin/policywatch"), writable=(Path("/var/lib/policywatch"),))
    )
    assert "ProtectHome=true" in opt and "ReadWritePaths=/var/lib/policywatch\n" in opt
    assert "POLICYWATCH_CONFIG=/etc/policywatch/config.yaml" in opt and "{" not in opt


def test_an_unreachable_site_says_the_page_was_not_requested(project):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    project.write([{"name": "Down", "url": f"http://127.0.0.1:{port}/privacy"}])
    proc = project.run("check")
    assert proc.returncode == 1
    line = next(line for line in proc.stderr.splitlines() if line.startswith("failed: Down:"))
    assert "refused" in line and "while fetching robots.txt, so the page was not requested" in line
    assert "treated as disallowing" not in line


def test_serve_on_a_busy_port_says_so_in_one_line(project):
    import socket

    project.write([])
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = project.run("serve", "--port", str(port))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: another program uses that port (another `policywatch serve`?); "
        "stop it, or choose a port with --port (0: any free one)"
    ]
