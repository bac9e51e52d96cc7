"""Headless Chromium (Debian's /usr/bin/chromium) driven by playwright, for tests that look at pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("POLICYWATCH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("POLICYWATCH_ARTIFACTS", Path(__file__).parents[1] / "artifacts"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require_chromium() -> None:
    """In CI a missing browser is a failure (.ci/run installs it); on a developer machine, a skip that says why."""
    if Path(CHROMIUM).exists():
        try:
            import playwright  # noqa: F401

            return
        except ImportError:
            problem = "the playwright package is not installed (pip install -e '.[test]')"
    else:
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(problem)
    pytest.skip(problem)


def artifacts_dir(name: str) -> Path:
    folder = ARTIFACTS / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
