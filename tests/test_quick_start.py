"""README's Quick start, literally: a fresh clone of this repository, a new venv, and each command of
the Quick start block run as written in one shell, against a local site; then `history` and `diff`
after the page changes. (It tests the committed tree: the clone is made with git.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROBOTS_ALLOW
from tests.sitekit import LocalSite

ROOT = Path(__file__).resolve().parents[1]

PAGE = (
    "Acme privacy policy\n\nLast updated: 2 March 2026\n\nWho receives your data\n\nWe use Stripe, Inc. "
    "(United States) to take payments.\n\nRetention\n\nWe keep invoices for seven years.\n"
)

# `$EDITOR config.yaml`: what a user does in the editor, done by a script.
EDITOR = textwrap.dedent("""\
    import sys, yaml
    path = sys.argv[1]
    doc = yaml.safe_load(open(path))
    doc["crawler"]["allow_private_networks"] = True  # the test's site is on 127.0.0.1
    doc["watches"] = [{"name": "Acme", "url": sys.argv[2] if len(sys.argv) > 2 else "", "every": "6h"}]
    open(path, "w").write(yaml.safe_dump(doc, sort_keys=False))
""")


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def script_for(commands: list[str]) -> str:
    """One bash script running the commands as written; the two that run until stopped are given a
    few seconds and then SIGTERM, as the README says."""
    lines = ["set -euo pipefail"]
    for command in commands:
        if command in ("policywatch run", "policywatch serve"):
            lines.append(
                f"echo '$ {command}'; {command} > {command.split()[1]}.log 2>&1 & pid=$!; "
                f"wait_for_{command.split()[1]}; kill -TERM $pid; wait $pid"
            )
        else:
            lines.append(f"echo '$ {command}'; {command} || exit 1")  # `a && b` is exempt from set -e
    return "\n".join(lines) + "\n"


def test_readme_quick_start_works_in_a_fresh_clone_and_venv(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the Quick start test needs git and this repository's .git")
    commands = quick_start_commands()
    assert commands[0] == "pip install -e ." and "policywatch demo" in commands and "policywatch check" in commands
    clone, home = tmp_path / "clone", tmp_path / "home"
    home.mkdir()
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True, timeout=120)
    (tmp_path / "editor.py").write_text(EDITOR, encoding="utf-8")
    with LocalSite() as site:
        site.pages["/robots.txt"] = ROBOTS_ALLOW
        site.html("/privacy", PAGE)
        venv_bin = tmp_path / "venv" / "bin"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("POLICYWATCH_", "VIRTUAL_ENV"))},
            "HOME": str(home),
            "PATH": f"{venv_bin}:{os.environ['PATH']}",
            "VIRTUAL_ENV": str(tmp_path / "venv"),
            "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "EDITOR": f"{venv_bin / 'python'} {tmp_path / 'editor.py'}",
            "PYTHONUNBUFFERED": "1",
        }
        helpers = textwrap.dedent("""\
            wait_for_run() { sleep 4; kill -0 $pid; }  # still running: it started, and waits for its next check
            wait_for_serve() { for i in $(seq 1 100); do grep -q "http://" serve.log 2>/dev/null && break; sleep 0.2; done
                python -c "import requests, sys; r = requests.get('http://127.0.0.1:8080/', timeout=10); sys.exit(0 if 'Acme' in r.text else 1)"; }
            """)
        # the editor is given the site's URL the way a user would paste it
        script = helpers + script_for(commands).replace(
            "$EDITOR config.yaml", f"$EDITOR config.yaml {site.url('/privacy')}"
        )
        proc = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}"
        out = proc.stdout
        assert "Ionect" in out or "iConnek" in out  # the demo printed what it detected
        folder = home / "policywatch"
        assert (folder / "config.yaml").is_file() and (folder / "policywatch.db").is_file()
        assert "1 checked, 1 new, 0 changed, 0 unchanged, 0 failed" in out
        # Day to day, after the supplier edits its page:
        site.html(
            "/privacy",
            PAGE.replace("seven years", "ten years").replace(
                "We use Stripe", "We use Stripe, Inc. and HubSpot, Inc. (United States)"
            ),
        )
        day = subprocess.run(
            ["bash", "-c", "set -e; policywatch check; policywatch history Acme; policywatch diff Acme"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert day.returncode == 0, day.stdout + day.stderr
        assert "1 changed" in day.stdout
        assert "retention changed: 7 years \u2192 10 years" in day.stdout
        assert "processor added: HubSpot" in day.stdout and "Acme: v1 (" in day.stdout
