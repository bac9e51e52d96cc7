#!/usr/bin/env python3
"""Time `policywatch check` over N local policy pages: first pass, unchanged pass, 10% changed.

Serves N distinct pages (built from the seed policies) on 127.0.0.1, runs the real command as a
subprocess for each pass, and prints wall seconds, CPU seconds and peak RSS of that process.

    python bench/check_pass.py            # N=1000
    python bench/check_pass.py -n 200 --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peers import measure  # noqa: E402

from tests.sitekit import LocalSite, Page, seed_texts  # noqa: E402


def run_measured(config: Path) -> dict:
    """Sampled from /proc (``peers.measure``): ``wait4``'s ru_maxrss would count the pages this
    process serves, which a child shares between fork and exec."""
    result = measure(
        [sys.executable, "-m", "policywatch", "--config", str(config), "check"], config.parent, keep_stdout=True
    )
    out = result.pop("stdout")
    result["summary"] = out.strip().splitlines()[-1] if out.strip() else "(no output)"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of pages (default 1000)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (default 16)")
    args = parser.parse_args()

    seeds = list(seed_texts().values())
    with tempfile.TemporaryDirectory() as tmp, LocalSite() as site:
        site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        texts = {}
        for i in range(args.n):
            text = seeds[i % len(seeds)] + f"\n\nReference: page {i} of the benchmark site.\n"
            texts[i] = text
            site.html(f"/p/{i}", text)
        config = Path(tmp) / "config.yaml"
        # One local host stands in for N real hosts, so the per-host limit is lifted to the global one.
        lines = [
            "database: sqlite:///pw.db",
            "crawler:",
            "  allow_private_networks: true",
            f"  concurrency: {args.concurrency}",
            f"  per_host: {args.concurrency}",
            "watches:",
        ]
        lines += [f"  - name: page-{i}\n    url: {site.url(f'/p/{i}')}" for i in range(args.n)]
        config.write_text("\n".join(lines) + "\n")

        results = {"n": args.n, "passes": {}}
        results["passes"]["first"] = run_measured(config)
        results["passes"]["unchanged"] = run_measured(config)
        for i in range(0, args.n, 10):
            site.html(f"/p/{i}", texts[i].replace("Reference: page", "Reference (revised): page"))
        results["passes"]["changed_10pct"] = run_measured(config)
        db = Path(tmp) / "pw.db"
        results["db_bytes_per_watch"] = round(db.stat().st_size / args.n)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"policywatch check over {args.n} local pages ({os.cpu_count()} cores)")
    print(f"{'pass':<15}{'wall s':>8}{'cpu s':>8}{'pages/s':>9}{'peak RSS MB':>13}{'tree PSS MB':>13}  summary")
    for name, r in results["passes"].items():
        rate = args.n / r["wall_s"] if r["wall_s"] else 0
        print(
            f"{name:<15}{r['wall_s']:>8}{r['cpu_s']:>8}{rate:>9.0f}{r['peak_rss_mb']:>13}{r['tree_pss_mb']:>13}"
            f"  {r['summary']}"
        )
    print(f"database bytes per watch after three passes: {results['db_bytes_per_watch']}")


if __name__ == "__main__":
    main()
