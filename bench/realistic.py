#!/usr/bin/env python3
"""policywatch against urlwatch and the bare Scrapy ceiling on real pages, many sites, and latency.

Serves the corpus's real HTML (``tests/fixtures/corpus``) as N watches spread over H loopback hosts
(127.0.0.2 ...; all inside 127.0.0.0/8), each response waiting a seeded random 80-250 ms before its
first byte, robots.txt included. Passes: first, unchanged, and one where every tenth page gains a
sentence naming a new processor inside its policy text. Every tool runs on its own defaults (the
ceiling at policywatch's concurrency). Reports wall time, CPU of each tool's whole process tree, peak
RSS, how many edited pages each tool reported, and the floor of each pass for policywatch:
requests x mean latency / requests in flight + reading CPU / cores.

    python bench/realistic.py                       # N=300, H=60, 3 repeats, medians
    python bench/realistic.py -n 100 --hosts 20 --repeat 1 --json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from peers import measure, urlwatch_venv  # noqa: E402

from policywatch.crawler.settings import CrawlSettings  # noqa: E402
from tests.sitekit import LocalSite, Page  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PASSES = ("first", "unchanged", "changed_10pct")
LATENCY = (0.08, 0.25)
EDIT = "<p>We also share usage data with Zentrix Analytics GmbH, who measures how our service is used.</p>"
_PARAGRAPH_END = re.compile(rb"</p>", re.IGNORECASE)


def corpus_pages() -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.glob("*/*.html"))]


def edited(body: bytes) -> bytes:
    """The page with one more paragraph after the middle paragraph of the page (inside the policy
    text on every corpus page: the policy is most of a policy page's paragraphs)."""
    ends = [m.end() for m in _PARAGRAPH_END.finditer(body)]
    at = ends[len(ends) // 2] if ends else body.lower().rfind(b"</body>")
    return body[:at] + EDIT.encode() + body[at:]


def reading_seconds(pages: list[bytes]) -> float:
    """CPU seconds policywatch spends reading each page once (extraction and the policy model)."""
    from policywatch.monitor.compare import build_policy, clear_caches
    from policywatch.monitor.extract import extract

    started = time.process_time()
    for body in pages:
        extracted = extract(body, "text/html")
        build_policy(extracted.text, extracted.title)
        clear_caches()
    return time.process_time() - started


def reported_policywatch(db: Path, edited_names: set[str]) -> int:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT w.name, count(v.id) FROM watches w JOIN versions v ON v.watch_id = w.id GROUP BY w.name"
        ).fetchall()
    return sum(1 for name, versions in rows if name in edited_names and versions >= 2)


def reported_urlwatch(stdout: str, edited_urls: set[str]) -> int:
    return sum(1 for url in edited_urls if re.search(rf"CHANGED: .*{re.escape(url)}(?:\s|$)", stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="watches")
    parser.add_argument("--hosts", type=int, default=60, help="loopback hosts the watches are spread over")
    parser.add_argument("--repeat", type=int, default=3, help="runs per pass; medians are reported")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "policywatch-bench"))
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    urlwatch = urlwatch_venv(cache)
    defaults = CrawlSettings()
    pages = corpus_pages()
    bodies = [pages[i % len(pages)] for i in range(args.n)]
    changed = set(range(0, args.n, 10))
    read_cpu = {"first": reading_seconds(bodies), "unchanged": 0.0}
    read_cpu["changed_10pct"] = reading_seconds([edited(bodies[i]) for i in sorted(changed)])
    sites = [LocalSite(f"127.0.0.{2 + h}", latency=LATENCY, seed=args.seed + h).__enter__() for h in range(args.hosts)]
    runs: dict[tuple[str, str], list[dict]] = {}
    try:
        for site in sites:
            site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        urls = [sites[i % args.hosts].url(f"/privacy/{i}") for i in range(args.n)]
        edited_urls = {urls[i] for i in changed}
        for repeat in range(args.repeat):
            for i, body in enumerate(bodies):
                sites[i % args.hosts].pages[f"/privacy/{i}"] = Page(body)
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                (work / "urls.txt").write_text("\n".join(urls))
                (work / "urls.yaml").write_text("\n---\n".join(f"url: {u}" for u in urls) + "\n")
                (work / "config.yaml").write_text(
                    "database: sqlite:///pw.db\ncrawler:\n  allow_private_networks: true\nwatches:\n"
                    + "".join(f"  - {{name: p{i}, url: '{u}'}}\n" for i, u in enumerate(urls))
                )
                for pass_name in PASSES:
                    if pass_name == "changed_10pct":
                        for i in changed:
                            sites[i % args.hosts].pages[f"/privacy/{i}"] = Page(edited(bodies[i]))
                    tools = {
                        "ceiling": [
                            sys.executable,
                            str(ROOT / "bench" / "ceiling.py"),
                            "urls.txt",
                            str(defaults.concurrency),
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
                        result = measure(cmd, work, keep_stdout=tool == "urlwatch")
                        if pass_name == "changed_10pct":
                            if tool == "policywatch":
                                names = {f"p{i}" for i in changed}
                                result["reported"] = reported_policywatch(work / "pw.db", names)
                            elif tool == "urlwatch":
                                result["reported"] = reported_urlwatch(result["stdout"], edited_urls)
                        result.pop("stdout", None)
                        runs.setdefault((pass_name, tool), []).append(result)
                        print(
                            json.dumps({"repeat": repeat, "pass": pass_name, "tool": tool, **result}), file=sys.stderr
                        )
    finally:
        for site in sites:
            site.__exit__(None, None, None)

    cores = os.cpu_count() or 1
    in_flight = min(defaults.concurrency, args.hosts * defaults.per_host)
    mean_latency = sum(LATENCY) / 2
    table = []
    for pass_name in PASSES:
        requests = args.n + (args.hosts if pass_name == "first" else 0)  # robots.txt: once per host, kept a day
        floor = requests * mean_latency / in_flight + read_cpu[pass_name] / cores
        row: dict = {"pass": pass_name, "floor_s": round(floor, 2)}
        for tool in ("ceiling", "policywatch", "urlwatch"):
            for metric in ("wall_s", "cpu_s", "peak_rss_mb", "tree_pss_mb", "reported"):
                values = [r[metric] for r in runs[(pass_name, tool)] if metric in r]
                if values:
                    row[f"{tool}_{metric}"] = round(statistics.median(values), 2)
        row["pw_over_urlwatch"] = round(row["policywatch_wall_s"] / row["urlwatch_wall_s"], 2)
        row["pw_over_floor"] = round(row["policywatch_wall_s"] / floor, 2)
        table.append(row)
    cpu = {t: round(sum(r[f"{t}_cpu_s"] for r in table), 2) for t in ("policywatch", "urlwatch")}
    summary = {
        "watches": args.n,
        "hosts": args.hosts,
        "cores": cores,
        "in_flight": in_flight,
        "reading_cpu_s": {k: round(v, 2) for k, v in read_cpu.items()},
        "cpu_all_passes": cpu,
        "cpu_ratio": round(cpu["policywatch"] / cpu["urlwatch"], 2),
        "edited_pages": len(changed),
    }
    if args.json:
        print(json.dumps({"passes": table, "summary": summary}, indent=2))
        return
    print(
        f"N={args.n} watches on H={args.hosts} hosts, {LATENCY[0] * 1000:.0f}-{LATENCY[1] * 1000:.0f} ms to first byte, "
        f"medians of {args.repeat}, {cores} CPUs; wall s / CPU s / peak RSS MB (tree PSS MB with workers)"
    )
    print(
        f"{'pass':<14} {'floor':>6} {'ceiling':>18} {'policywatch':>22} {'urlwatch':>18} {'pw/uw':>6} {'pw/floor':>8}"
    )
    for r in table:
        cells = [
            f"{r[f'{t}_wall_s']:.2f}/{r[f'{t}_cpu_s']:.1f}/{r[f'{t}_peak_rss_mb']:.0f}"
            + (f" ({r[f'{t}_tree_pss_mb']:.0f})" if r[f"{t}_tree_pss_mb"] > r[f"{t}_peak_rss_mb"] + 1 else "")
            for t in ("ceiling", "policywatch", "urlwatch")
        ]
        print(
            f"{r['pass']:<14} {r['floor_s']:>6.2f} {cells[0]:>18} {cells[1]:>22} {cells[2]:>18} "
            f"{r['pw_over_urlwatch']:>6} {r['pw_over_floor']:>8}"
        )
    last = table[-1]
    print(
        f"edited pages reported: policywatch {last.get('policywatch_reported', 0):.0f}/{len(changed)}, "
        f"urlwatch {last.get('urlwatch_reported', 0):.0f}/{len(changed)}; whole-tree CPU over the three passes: "
        f"policywatch {cpu['policywatch']} s, urlwatch {cpu['urlwatch']} s ({summary['cpu_ratio']}x); "
        f"reading CPU per pass {summary['reading_cpu_s']}, {in_flight} requests in flight"
    )


if __name__ == "__main__":
    main()
