#!/usr/bin/env python3
"""Soak `policywatch run`: N watches on a local server, P passes with a few changed pages each.

Reports the daemon's RSS at the start, at pass 50 and at the end (flat within 3 % from pass 50 on
is the target), the whole tree's RSS (reading processes included) at the end, and CPU seconds per
pass, read from /proc while it runs.

    python bench/daemon_soak.py                 # 1000 watches, 50 passes, 5 changes per pass
    python bench/daemon_soak.py -n 200 --passes 10
    python bench/daemon_soak.py -n 200 --browser 20 --passes 100   # 20 of them `render: browser`
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sitekit import LocalSite, Page, seed_texts  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def proc_stats(pid: int) -> tuple[float, float]:
    """(RSS in MB, CPU seconds) of a process."""
    rss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / TICKS


def tree_rss(pid: int) -> float:
    """RSS in MB of a process and its descendants (the reading pool)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += proc_stats(current)[0]
        except OSError:
            continue
        stack += children.get(current, [])
    return total


APP_SHELL = """<!doctype html><html><head><title>Privacy</title></head><body><div id="app">Loading…</div>
<script>setTimeout(function () { fetch('{path}').then(function (r) { return r.text(); })
  .then(function (t) { document.getElementById('app').innerHTML = t; }); }, 200);</script></body></html>"""


def _article(text: str) -> str:
    from policywatch.demo.site import policy_page

    return policy_page(text).split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=50)
    parser.add_argument("--changes", type=int, default=5, help="pages changed before each pass")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--progress", action="store_true", help="print RSS every 10 passes")
    parser.add_argument(
        "--browser",
        type=int,
        default=0,
        metavar="K",
        help="the first K watches are script-written pages checked with render: browser",
    )
    args = parser.parse_args()

    seeds = list(seed_texts().values())
    with tempfile.TemporaryDirectory() as tmp, LocalSite() as site:
        site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        texts = {i: seeds[i % len(seeds)] + f"\n\nReference: page {i}.\n" for i in range(args.n)}

        def publish(i: int, text: str) -> None:
            if i < args.browser:  # a single-page app: the policy arrives by script after the load event
                site.pages[f"/c/{i}"] = Page(_article(text).encode())
            else:
                site.html(f"/p/{i}", text)

        for i in range(args.browser):
            site.pages[f"/p/{i}"] = Page(APP_SHELL.replace("{path}", f"/c/{i}").encode())
        for i, text in texts.items():
            publish(i, text)
        config = Path(tmp) / "config.yaml"
        lines = [
            "database: sqlite:///pw.db",
            "crawler:",
            "  allow_private_networks: true",
            "  concurrency: 16",
            "  per_host: 16",
            "watches:",
        ]
        lines += [
            f"  - name: page-{i}\n    url: {site.url(f'/p/{i}')}\n    every: 1s"
            + ("\n    render: browser" if i < args.browser else "")
            for i in range(args.n)
        ]
        config.write_text("\n".join(lines) + "\n")
        daemon = subprocess.Popen(
            [sys.executable, "-m", "policywatch", "--config", str(config), "run"],
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp,
        )
        samples: list[tuple[int, float, float, float]] = []  # (pass, rss MB, cpu s, wall s)
        done = threading.Event()
        revision = [0]
        tree_end = [0.0]

        def read_log() -> None:
            for line in daemon.stderr:
                if " pass=" not in line:
                    continue
                number = int(line.split(" pass=")[1].split()[0])
                rss, cpu = proc_stats(daemon.pid)
                samples.append((number, rss, cpu, time.monotonic()))
                if args.progress and number % 10 == 0:
                    print(
                        f"pass {number}: rss {rss:.1f} MB, tree {tree_rss(daemon.pid):.1f} MB",
                        file=sys.stderr,
                        flush=True,
                    )
                revision[0] += 1  # a few pages change before the next pass
                for k in range(args.changes):
                    i = (number * args.changes + k) % args.n
                    publish(i, texts[i] + f"\nRevision {revision[0]}.\n")
                if number >= args.passes:
                    tree_end[0] = tree_rss(daemon.pid)
                    done.set()
                    return

        threading.Thread(target=read_log, daemon=True).start()
        started = time.monotonic()
        done.wait(timeout=args.passes * 120)
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=30)
        elapsed = time.monotonic() - started
        tree_at_end = tree_end[0]

    first, last = samples[0], samples[-1]
    at_50 = samples[min(49, len(samples) - 1)]  # the target: flat within 3 % from pass 50 on
    steady = samples[1:]
    cpu_per_pass = [(b[2] - a[2]) for a, b in zip(steady, steady[1:])]
    wall_per_pass = [(b[3] - a[3]) for a, b in zip(steady, steady[1:])]
    result = {
        "watches": args.n,
        "browser_watches": args.browser,
        "passes": len(samples),
        "changes_per_pass": args.changes,
        "seconds": round(elapsed, 1),
        "rss_mb_after_first_pass": round(first[1], 1),
        "rss_mb_after_pass_10": round(samples[min(9, len(samples) - 1)][1], 1),
        "rss_mb_at_end": round(last[1], 1),
        "rss_growth_from_pass_10_pct": round(
            100 * (last[1] - samples[min(9, len(samples) - 1)][1]) / samples[min(9, len(samples) - 1)][1], 1
        ),
        "rss_growth_pct": round(100 * (last[1] - first[1]) / first[1], 1),
        "rss_mb_at_pass_50": round(at_50[1], 1),
        "rss_growth_from_pass_50_pct": round(100 * (last[1] - at_50[1]) / at_50[1], 1),
        "tree_rss_mb_at_end": round(tree_at_end, 1),
        "cpu_s_per_pass_median": round(sorted(cpu_per_pass)[len(cpu_per_pass) // 2], 2) if cpu_per_pass else None,
        "wall_s_per_pass_median": round(sorted(wall_per_pass)[len(wall_per_pass) // 2], 2) if wall_per_pass else None,
        "daemon_exit": daemon.returncode,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
