#!/usr/bin/env python3
"""policywatch against the tools people use today, in one run on one machine.

Serves N distinct policy pages (built from the seed policies) on 127.0.0.1 and times, alternating on
the same site state: (1) a bare Scrapy spider that only hashes bodies (the ceiling), (2) `policywatch
check`, (3) urlwatch (installed from PyPI into its own virtualenv by this script; stdout reporter).
Passes: first, unchanged, 10% of pages changed; without and with a per-request nonce in the HTML head
(as CSRF-protected pages have: the bytes change on every fetch while the text does not). No page
sends an ETag, as pages with nonces do not. CPU and peak RSS cover each tool's whole process tree.

    python bench/peers.py                 # N=1000, 3 repeats, medians
    python bench/peers.py -n 200 --repeat 1 --json
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sitekit import LocalSite, Page, policy_page, seed_texts  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
PASSES = ("first", "unchanged", "changed_10pct")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _stat(pid: int) -> tuple[float, float] | None:
    """(CPU seconds, RSS MB) of one process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21]) * PAGE / 1e6


def _pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (a fork server's children) are counted once across the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1000
    except OSError:
        pass
    return 0.0


def measure(cmd: list[str], cwd: Path, keep_stdout: bool = False) -> dict:
    """Wall seconds, CPU seconds of the whole process tree, peak RSS of the command's own process,
    and the peak PSS of its whole tree (worker processes included)."""
    started = time.perf_counter()
    errors, output = cwd / "stderr.txt", cwd / "stdout.txt"
    with errors.open("wb") as sink, output.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out if keep_stdout else subprocess.DEVNULL, stderr=sink)
    cpu: dict[int, float] = {}
    peak = peak_tree = 0.0
    while proc.poll() is None:
        tree, stack, pss = _children(), [proc.pid], 0.0
        while stack:
            pid = stack.pop()
            found = _stat(pid)
            if found:
                cpu[pid] = max(cpu.get(pid, 0.0), found[0])
                if pid == proc.pid:
                    peak = max(peak, found[1])
                pss += _pss_mb(pid)
            stack += tree.get(pid, [])
        peak_tree = max(peak_tree, pss)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    err = errors.read_text(errors="replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}): {err[-2000:]}")
    result = {
        "wall_s": round(wall, 2),
        "cpu_s": round(sum(cpu.values()), 2),
        "peak_rss_mb": round(peak, 1),
        "tree_pss_mb": round(peak_tree, 1),
    }
    if keep_stdout:
        result["stdout"] = output.read_text(errors="replace")
    return result


def storage_report(db: Path, watches: int, sizes: dict[str, int]) -> dict:
    """Database bytes per watch after the passes, bytes an unchanged pass added per watch, and stored
    (compressed) text against extracted text size."""
    with sqlite3.connect(db) as conn:
        extracted, stored = conn.execute(
            "SELECT sum(size), sum(length(data)) FROM blobs WHERE sha256 IN (SELECT text_sha256 FROM versions)"
        ).fetchone()
    return {
        "db_bytes_per_watch": round(sizes["changed_10pct"] / watches),
        "unchanged_pass_bytes_per_watch": round((sizes["unchanged"] - sizes["first"]) / watches),
        "stored_text_ratio": round(stored / extracted, 3),
    }


def urlwatch_venv(folder: Path) -> Path:
    venv = folder / "urlwatch-venv"
    if not (venv / "bin" / "urlwatch").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "urlwatch"], check=True)
    return venv / "bin" / "urlwatch"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; medians are reported")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--cache",
        default=str(Path(tempfile.gettempdir()) / "policywatch-bench"),
        help="where urlwatch's virtualenv is kept between runs",
    )
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    urlwatch = urlwatch_venv(cache)
    seeds = list(seed_texts().values())
    runs: dict[tuple[str, str, str], list[dict]] = {}
    storage: dict[str, list[dict]] = {}
    with LocalSite() as site:
        site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        urls = [site.url(f"/p/{i}") for i in range(args.n)]
        for repeat in range(args.repeat):
            for nonce in (False, True):
                mode = "nonce" if nonce else "plain"
                with tempfile.TemporaryDirectory() as tmp:
                    work = Path(tmp)
                    (work / "urls.txt").write_text("\n".join(urls))
                    (work / "urls.yaml").write_text("\n---\n".join(f"url: {u}" for u in urls) + "\n")
                    (work / "config.yaml").write_text(
                        "database: sqlite:///pw.db\ncrawler:\n  allow_private_networks: true\n"
                        f"  concurrency: {args.concurrency}\n  per_host: {args.concurrency}\n  retries: 0\nwatches:\n"
                        + "".join(f"  - {{name: p{i}, url: '{u}'}}\n" for i, u in enumerate(urls))
                    )
                    for i in range(args.n):
                        site.pages[f"/p/{i}"] = Page(
                            policy_page(seeds[i % len(seeds)] + f"\n\nReference: page {i}.\n").encode(),
                            etag=False,
                            nonce=nonce,
                        )
                    sizes: dict[str, int] = {}
                    for pass_name in PASSES:
                        if pass_name == "changed_10pct":
                            for i in range(0, args.n, 10):
                                site.pages[f"/p/{i}"] = Page(
                                    policy_page(
                                        seeds[i % len(seeds)] + f"\n\nReference: page {i}, revised in run {repeat}.\n"
                                    ).encode(),
                                    etag=False,
                                    nonce=nonce,
                                )
                        tools = {
                            "ceiling": [
                                sys.executable,
                                str(ROOT / "bench" / "ceiling.py"),
                                "urls.txt",
                                str(args.concurrency),
                            ],
                            "policywatch": [sys.executable, "-m", "policywatch", "--config", "config.yaml", "check"],
                            "urlwatch": [
                                str(urlwatch),
                                "--urls",
                                "urls.yaml",
                                "--config",
                                "urlwatch.yaml",
                                "--cache",
                                "urlwatch.db",
                            ],
                        }
                        for tool, cmd in tools.items():
                            result = measure(cmd, work)
                            if tool == "policywatch":
                                sizes[pass_name] = (work / "pw.db").stat().st_size
                            runs.setdefault((mode, pass_name, tool), []).append(result)
                            print(
                                json.dumps({"repeat": repeat, "mode": mode, "pass": pass_name, "tool": tool, **result}),
                                file=sys.stderr,
                            )
                    storage.setdefault(mode, []).append(storage_report(work / "pw.db", args.n, sizes))

    table = []
    for mode in ("plain", "nonce"):
        for pass_name in PASSES:
            row = {"mode": mode, "pass": pass_name}
            for tool in ("ceiling", "policywatch", "urlwatch"):
                for metric in ("wall_s", "cpu_s", "peak_rss_mb", "tree_pss_mb"):
                    row[f"{tool}_{metric}"] = round(
                        statistics.median(r[metric] for r in runs[(mode, pass_name, tool)]), 2
                    )
            row["pw_over_urlwatch"] = round(row["policywatch_wall_s"] / row["urlwatch_wall_s"], 2)
            row["pw_over_ceiling"] = round(row["policywatch_wall_s"] / row["ceiling_wall_s"], 2)
            table.append(row)
    stored = {
        mode: {k: statistics.median(r[k] for r in reports) for k in reports[0]} for mode, reports in storage.items()
    }
    if args.json:
        print(json.dumps({"passes": table, "policywatch_storage": stored}, indent=2))
        return
    print(
        f"N={args.n}, medians of {args.repeat}, {os.cpu_count()} CPUs; wall s / CPU s / peak RSS MB of the "
        "command's process (tree PSS MB: with its worker processes)"
    )
    print(f"{'mode':<6} {'pass':<14} {'ceiling':>20} {'policywatch':>20} {'urlwatch':>20} {'pw/uw':>6} {'pw/ceil':>7}")
    for r in table:
        cells = [
            f"{r[f'{t}_wall_s']:.2f}/{r[f'{t}_cpu_s']:.1f}/{r[f'{t}_peak_rss_mb']:.0f}"
            + (f" ({r[f'{t}_tree_pss_mb']:.0f})" if r[f"{t}_tree_pss_mb"] > r[f"{t}_peak_rss_mb"] + 1 else "")
            for t in ("ceiling", "policywatch", "urlwatch")
        ]
        print(
            f"{r['mode']:<6} {r['pass']:<14} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20} "
            f"{r['pw_over_urlwatch']:>6} {r['pw_over_ceiling']:>7}"
        )

    for mode, report in stored.items():
        print(
            f"policywatch database, {mode}: {report['db_bytes_per_watch']} bytes per watch after the three passes, "
            f"{report['unchanged_pass_bytes_per_watch']} added per watch by the unchanged pass; stored text is "
            f"{report['stored_text_ratio']} x the extracted size"
        )


if __name__ == "__main__":
    main()
