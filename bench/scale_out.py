#!/usr/bin/env python3
"""Throughput of `policywatch run --role worker` with 1, 2 and 4 workers on PostgreSQL, and of one
`run` on SQLite, over N local pages spread across several local sites (each site is one host).

    .ci/start-postgres                       # prints a server URL
    python bench/scale_out.py --postgres postgresql+psycopg://postgres@127.0.0.1:54329/postgres
    python bench/scale_out.py --postgres URL -n 1000 --sites 10 --json

Each run uses a fresh database and checks every page once (a first pass: fetch, extract, analyse,
store); the time is from starting the workers until the last check is stored.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from tests.sitekit import LocalSite, Page, seed_texts  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def fresh_postgres(server: str, name: str) -> str:
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def checks_done(url: str) -> int:
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 5} if url.startswith("sqlite") else {})
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM checks")).scalar() or 0
    except Exception:  # not created yet
        return 0
    finally:
        engine.dispose()


def run(label: str, url: str, workers: int, role: str, sites: list[LocalSite], pages: int, folder: Path) -> dict:
    lines = [
        f"database: {url}",
        "crawler:",
        "  allow_private_networks: true",
        "  concurrency: 16",
        "  per_host: 8",
        "  retries: 0",
        "daemon:",
        f"  batch: {max(1, pages // len(sites))}",
        "  lease: 2m",
        "watches:",
    ]
    for i in range(pages):
        site = sites[i % len(sites)]
        lines.append(f"  - {{name: page-{i}, url: '{site.url(f'/p/{i}')}', every: 1d}}")
    config = folder / f"{label}.yaml"
    config.write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "policywatch", "--config", str(config), "run", "--role", role],
            stderr=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    cpu = {p.pid: 0.0 for p in procs}
    try:
        while checks_done(url) < pages:
            for p in procs:
                if p.poll() is not None:
                    raise SystemExit(f"{label}: a worker exited with {p.returncode}")
                cpu[p.pid] = cpu_seconds(p.pid)
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=30)
    return {
        "run": label,
        "workers": workers,
        "pages": pages,
        "seconds": round(elapsed, 1),
        "checks_per_s": round(pages / elapsed, 1),
        "worker_cpu_s": round(sum(cpu.values()), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="pages (default 5000)")
    parser.add_argument("--sites", type=int, default=20, help="local sites (hosts) the pages are spread over")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("POLICYWATCH_TEST_POSTGRES"),
        help="PostgreSQL server URL (default $POLICYWATCH_TEST_POSTGRES)",
    )
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("give --postgres URL (start one with .ci/start-postgres)")
    seeds = list(seed_texts().values())
    results = []
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        sites = [stack.enter_context(LocalSite()) for _ in range(args.sites)]
        for s in sites:
            s.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        for i in range(args.n):
            sites[i % len(sites)].html(f"/p/{i}", seeds[i % len(seeds)] + f"\n\nReference: page {i}.\n")
        folder = Path(tmp)
        for count in [int(w) for w in args.workers.split(",")]:
            url = fresh_postgres(args.postgres, f"pw_bench_{count}")
            results.append(run(f"postgres-{count}", url, count, "worker", sites, args.n, folder))
            print(json.dumps(results[-1]), file=sys.stderr)
        results.append(run("sqlite-1", f"sqlite:///{folder / 'bench.db'}", 1, "all", sites, args.n, folder))
        print(json.dumps(results[-1]), file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'run':<12} {'workers':>7} {'seconds':>8} {'checks/s':>9} {'worker CPU s':>13}")
    for r in results:
        print(f"{r['run']:<12} {r['workers']:>7} {r['seconds']:>8} {r['checks_per_s']:>9} {r['worker_cpu_s']:>13}")
    print(f"machine: {os.cpu_count()} CPUs; the local sites run in this process (their Python threads share its GIL)")


if __name__ == "__main__":
    main()
