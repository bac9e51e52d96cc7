"""`policywatch compare OLD NEW`: the contract's JSON, readable text, and a safe self-contained HTML page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli
from tests.sitekit import SEEDS, policy_page

FIXTURES = Path(__file__).parent / "fixtures"
SEED = (SEEDS / "iconnek-privacy-policy.txt").read_text(encoding="utf-8")


def write_pair(tmp_path: Path, old: str, new: str, suffix: str) -> tuple[str, str]:
    a, b = tmp_path / f"old{suffix}", tmp_path / f"new{suffix}"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    return str(a), str(b)


def edited() -> str:
    return SEED.replace("Last updated: January 30, 2025", "Last updated: March 3, 2026").replace(
        "06 - Communications\n",
        "05 - Artificial intelligence\nWe use third-party large language model providers, including OpenAI, L.L.C. "
        "(United States), to generate suggestions inside the Service. Prompts are retained for 30 days.\n"
        "06 - Communications\n",
    )


def test_json_follows_the_contract(tmp_path):
    old, new = write_pair(tmp_path, SEED, edited(), ".txt")
    proc = subprocess.run(
        [sys.executable, "-m", "policywatch", "compare", old, new, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["level"] == "material"
    assert data["old"] == {
        "title": data["old"]["title"],
        "language": "en",
        "last_updated": "2025-01-30",
        "sections": data["old"]["sections"],
    }
    assert data["new"]["last_updated"] == "2026-03-03" and data["new"]["sections"] == data["old"]["sections"] + 1
    types = {e["type"]: e for e in data["events"]}
    assert types["last_updated_changed"] == {
        "type": "last_updated_changed",
        "level": "minor",
        "old": "2025-01-30",
        "new": "2026-03-03",
    }
    assert types["processor_added"]["name"].startswith("OpenAI") and types["processor_added"]["level"] == "material"
    assert {k: types["section_added"][k] for k in ("type", "level", "title")} == {
        "type": "section_added",
        "level": "material",
        "title": "Artificial intelligence",
    }
    assert "openai" in types["section_added"]["reason"].lower()  # why it is material: it names a new party
    levels = [e["level"] for e in data["events"]]
    assert levels == sorted(levels, key=["material", "minor", "none"].index)  # most important first


def test_text_output_lists_events_then_sections(tmp_path):
    old, new = write_pair(tmp_path, policy_page(SEED), policy_page(edited()), ".html")
    result = CliRunner().invoke(cli, ["compare", old, new])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("level: material")
    assert "[minor] last-updated date changed: 2025-01-30 → 2026-03-03" in out
    assert "[material] section added: 'Artificial intelligence'" in out
    assert out.index("events:") < out.index("== Artificial intelligence (added)")


def test_cosmetic_only_is_level_none(tmp_path):
    cosmetic = SEED.replace("“", '"').replace("”", '"')
    old, new = write_pair(tmp_path, SEED, cosmetic + "\n\n", ".md")
    data = json.loads(CliRunner().invoke(cli, ["compare", old, new, "--format", "json"]).output)
    assert data["level"] == "none" and data["events"] == []


def test_html_is_self_contained_and_escapes_page_text(tmp_path):
    hostile = SEED.replace("06 - Communications\n", "06 - Communications <script>alert(1)</script>\n").replace(
        "support@iconnek.io", "<img src=x onerror=alert(2)>", 1
    )
    old, new = write_pair(tmp_path, SEED, hostile, ".txt")
    result = CliRunner().invoke(cli, ["compare", old, new, "--format", "html"])
    assert result.exit_code == 0
    page = result.output
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<ins>" in page and "<del>" in page


def test_unreadable_file_is_a_clear_error(tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    old, _ = write_pair(tmp_path, SEED, SEED, ".txt")
    result = CliRunner().invoke(cli, ["compare", old, str(png)])
    assert result.exit_code == 2
    assert "cannot read a policy from the file" in result.output
    missing = CliRunner().invoke(cli, ["compare", old, str(tmp_path / "nope.html")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
