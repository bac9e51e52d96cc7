#!/usr/bin/env python3
"""Milliseconds of `policywatch compare` per page pair over the corpus, in process, start-up excluded.

Each timing covers what the command does for a pair: read both files, extract the text (HTML pairs),
build both policies and compare them. Every pair runs --repeat times (after one warm-up pass for
imports), and every run starts with the analysis caches cleared, so nothing computed for one run
is reused by the next; only sections the two versions share are analysed once within a run.

    python bench/compare_speed.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policywatch.monitor.compare import clear_caches, compare  # noqa: E402
from policywatch.monitor.documents import policy_from_file  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pairs = sorted(p for p in CORPUS.iterdir() if (p / "old.html").exists())

    def run(pair: Path, fmt: str) -> float:
        clear_caches()  # every timed comparison starts cold: no work is reused across runs
        started = time.perf_counter()
        compare(policy_from_file(pair / f"old.{fmt}"), policy_from_file(pair / f"new.{fmt}"))
        return (time.perf_counter() - started) * 1000

    for pair in pairs:  # warm-up: imports, catalogue, regex compilation
        run(pair, "md")
    results: dict[str, list[float]] = {"html": [], "md": []}
    per_pair: dict[str, float] = {}
    for fmt in results:
        for pair in pairs:
            times = [run(pair, fmt) for _ in range(args.repeat)]
            results[fmt].append(statistics.median(times))
            per_pair[f"{pair.name}.{fmt}"] = round(statistics.median(times), 1)
    everything = results["html"] + results["md"]
    summary = {
        fmt: {
            "median_ms": round(statistics.median(v), 1),
            "p95_ms": round(percentile(v, 0.95), 1),
            "max_ms": round(max(v), 1),
        }
        for fmt, v in (("html", results["html"]), ("md", results["md"]), ("all", everything))
    }
    if args.json:
        print(json.dumps({"summary": summary, "pairs": per_pair}, indent=2))
        return
    print(f"compare over {len(pairs)} corpus pairs, median of {args.repeat} runs each")
    for fmt, s in summary.items():
        print(f"  {fmt:5} median {s['median_ms']:6.1f} ms   p95 {s['p95_ms']:6.1f} ms   max {s['max_ms']:6.1f} ms")
    slowest = sorted(per_pair.items(), key=lambda kv: -kv[1])[:5]
    print("  slowest:", ", ".join(f"{k} {v} ms" for k, v in slowest))


if __name__ == "__main__":
    main()
