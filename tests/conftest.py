from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from policywatch.storage import Store
from tests.sitekit import LocalSite, Page, seed_texts

ROBOTS_ALLOW = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")


@pytest.fixture
def mail(tmp_path, monkeypatch):
    """A real SMTP server (STARTTLS and AUTH) on 127.0.0.1; ``mail.config()`` is its alerts.email."""
    from tests.mailkit import PASSWORD, MailServer

    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    server = MailServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def hook():
    """A real webhook receiver on 127.0.0.1 answering 200."""
    from tests.hookkit import HookReceiver

    receiver = HookReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def site():
    with LocalSite() as s:
        s.pages["/robots.txt"] = ROBOTS_ALLOW
        yield s


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return seed_texts()


# Set to a PostgreSQL server URL (postgresql+psycopg://user@host:port/postgres) to run the suite against
# PostgreSQL: every project and store then gets a database of its own on that server.
PG_SERVER = os.environ.get("POLICYWATCH_TEST_POSTGRES") or None
# A PostgreSQL server for the tests that need one even when the suite runs on SQLite (scale-out).
PG_ANY = PG_SERVER or os.environ.get("POLICYWATCH_TEST_POSTGRES_SERVER") or None
sqlite_only = pytest.mark.skipif(PG_SERVER is not None, reason="exercises SQLite's own files and locking")
_admin: list = []


def fresh_database_url(folder: Path, server: str | None = PG_SERVER) -> str:
    """A new, empty database for one test: a SQLite file in ``folder``, or a database on ``server``."""
    if server is None:
        return f"sqlite:///{folder / 'policywatch.db'}"
    from uuid import uuid4

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    if not _admin:
        _admin.append(create_engine(server, isolation_level="AUTOCOMMIT", pool_size=1))
    name = f"pw_test_{uuid4().hex[:16]}"
    with _admin[0].connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def db_url(tmp_path) -> str:
    return fresh_database_url(tmp_path)


@dataclass
class Project:
    """A folder with a config.yaml and a database (SQLite, or PostgreSQL with PG_SERVER), driven
    through the real CLI."""

    dir: Path
    crawler: dict = field(default_factory=lambda: {"allow_private_networks": True, "retries": 0, "timeout": 5})
    url: str = ""

    def __post_init__(self) -> None:
        if not self.url:
            self.url = "sqlite:///policywatch.db" if PG_SERVER is None else fresh_database_url(self.dir)

    @property
    def config(self) -> Path:
        return self.dir / "config.yaml"

    @property
    def db(self) -> Path:
        return self.dir / "policywatch.db"

    def write(self, watches: list[dict], **extra) -> None:
        doc = {"database": self.url, "crawler": self.crawler, "watches": watches, **extra}
        self.config.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")

    def run(self, *args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
        """The real CLI in a subprocess (``env``: variables to add; None as a value removes one). On a
        timeout the command's Python stacks are in the failure (faulthandler on SIGABRT), so a hang
        seen once in CI can be read, not guessed."""
        extra = env or {}
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
        env.pop("POLICYWATCH_CONFIG", None)
        env.pop("NO_COLOR", None)
        for key, value in extra.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        argv = [sys.executable, "-m", "policywatch", "--config", str(self.config), *args]
        with subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.dir, env=env
        ) as proc:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGABRT)
                try:
                    out, err = proc.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    out, err = proc.communicate()
                raise AssertionError(
                    f"`policywatch {' '.join(args)}` did not finish within {timeout:.0f} s; "
                    f"its stacks and output:\n{err[-12000:]}\n{out[-2000:]}"
                ) from None
        return subprocess.CompletedProcess(argv, proc.returncode, out, err)

    def run_measured(self, *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
        """``run``, and the peak memory (MB) of that command's own process tree: a small launcher
        spawns it and reads its rusage, so the test process's own size does not count."""
        launcher = (
            "import os, resource, subprocess, sys\n"
            "proc = subprocess.Popen(sys.argv[1:])\n"
            "_, status, usage = os.wait4(proc.pid, 0)\n"
            "sys.stderr.write(f'\\nPEAK-KB {usage.ru_maxrss}\\n')\n"
            "sys.exit(os.waitstatus_to_exitcode(status))\n"
        )
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("POLICYWATCH_CONFIG", None)
        proc = subprocess.run(
            [sys.executable, "-c", launcher, sys.executable, "-m", "policywatch", "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.dir,
            env=env,
        )
        head, _, peak = proc.stderr.rpartition("\nPEAK-KB ")
        proc.stderr = head
        return proc, int(peak.strip() or 0) / 1024

    @property
    def absolute_url(self) -> str:
        return f"sqlite:///{self.db}" if self.url.startswith("sqlite") else self.url

    def store(self) -> Store:
        return Store(self.absolute_url)

    def query(self, sql: str, **params) -> list[tuple] | None:
        """Rows of one SQL statement (committed), or None while the database does not exist yet."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import OperationalError, ProgrammingError
        from sqlalchemy.pool import NullPool

        if self.url.startswith("sqlite") and not self.db.exists():
            return None
        engine = create_engine(
            self.absolute_url,
            poolclass=NullPool,
            connect_args=({"timeout": 5} if self.url.startswith("sqlite") else {}),
        )
        try:
            with engine.begin() as conn:
                result = conn.execute(text(sql), params)
                return [tuple(row) for row in result] if result.returns_rows else []
        except (OperationalError, ProgrammingError):
            return None
        finally:
            engine.dispose()


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch) -> None:
    """Each test its own user cache folder: robots.txt rules one test's run keeps (see
    crawler.robotsfile) must not answer for another test's site on a reused port."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


def summary(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stdout.strip().splitlines()
    assert lines, f"no output; stderr:\n{proc.stderr}"
    return lines[-1]


def wait_for(predicate, timeout: float = 30, what: str = "condition"):
    """Poll ``predicate`` until it returns something true (returned), or fail naming ``what``."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def pytest_addoption(parser):
    parser.addoption(
        "--strict-events",
        action="store_true",
        help="scenarios: fail on any event a scenario does not expect (as exact: true does)",
    )


# -- test lanes ---------------------------------------------------------------------------------
# `pytest -m "not slow"` is the fast lane: the unit and data tests, in seconds. A test is slow when
# it runs real parts (the CLI in a subprocess, servers, a browser, a database server) or reads the
# whole corpus; CI runs every lane.
SLOW_FIXTURES = frozenset(
    {
        "project",
        "site",
        "mail",
        "hook",
        "receiver",
        "app_site",
        "secret_site",
        "proxy",
        "viewer",
        "browser",
        "page",
        "pg_url",
        "server",
    }
)
SLOW_MODULES = frozenset(
    {
        "test_corpus",
        "test_quick_start",
        "test_demo",
        "test_scale",
        "test_full_disk",
        "test_daemon",
        "test_promises",
        "test_faults",
        "test_hostile_pages",
        "test_viewer",
        "test_alert_screenshot",
        "test_browser_render",
        "test_readings",
        "test_delivery_limits",
        "test_budget",
        "test_doors",
        "test_first_hour",
        "test_compare_cli",
        "test_evidence",
        "test_reviews_viewer",
    }
)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs real parts or reads the whole corpus (left out by -m 'not slow')")


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SLOW_MODULES or SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
