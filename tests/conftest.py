from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from storage import Store
from tests.sitekit import LocalSite, Page, seed_texts

ROBOTS_ALLOW = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")


@pytest.fixture
def site():
    with LocalSite() as s:
        s.pages["/robots.txt"] = ROBOTS_ALLOW
        yield s


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return seed_texts()


@dataclass
class Project:
    """A folder with a config.yaml and a SQLite database, driven through the real CLI."""

    dir: Path
    crawler: dict = field(default_factory=lambda: {"allow_private_networks": True, "retries": 0, "timeout": 5})

    @property
    def config(self) -> Path:
        return self.dir / "config.yaml"

    @property
    def db(self) -> Path:
        return self.dir / "policywatch.db"

    def write(self, watches: list[dict], **extra) -> None:
        doc = {"database": "sqlite:///policywatch.db", "crawler": self.crawler, "watches": watches, **extra}
        self.config.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("POLICYWATCH_CONFIG", None)
        return subprocess.run(
            [sys.executable, "-m", "policywatch", "--config", str(self.config), *args],
            capture_output=True, text=True, timeout=timeout, cwd=self.dir, env=env,
        )

    def store(self) -> Store:
        return Store(f"sqlite:///{self.db}")


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


def summary(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stdout.strip().splitlines()
    assert lines, f"no output; stderr:\n{proc.stderr}"
    return lines[-1]
