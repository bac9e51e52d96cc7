"""No page can stall the others: comparisons of very large pages run within a CPU budget."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from policywatch.monitor.budget import LARGE_TEXT, compare_texts
from policywatch.monitor.compare import build_policy, compare
from tests.conftest import wait_for
from tests.sitekit import seed_texts
from tests.test_daemon import start_daemon, stop

WORDS = (
    "data personal we process your information service provider share retain years account contact rights "
    "law basis consent purpose"
).split()


def heavy_text(seed: int, sections: int = 300, words: int = 300) -> str:
    """A large policy-like text; two seeds differ in every paragraph (the worst case for a diff)."""
    rng = random.Random(seed)
    parts = []
    for i in range(sections):
        parts.append(f"## Section {i}\n")
        parts += [" ".join(rng.choice(WORDS) for _ in range(words)) + ".\n" for _ in range(6)]
    return "\n".join(parts)


def test_a_large_pair_past_its_budget_falls_back_to_a_section_summary():
    old, new = heavy_text(1), heavy_text(2)
    assert len(old) + len(new) > LARGE_TEXT
    started = time.monotonic()
    level, events = compare_texts(old, None, new, None, budget=2.0)
    took = time.monotonic() - started
    assert took < 12, took  # the budget, plus starting a process and summarising
    [event] = events
    assert event["type"] == "comparison_limited" and event["level"] == level == "minor"
    assert event["sections"] == 300


def test_a_large_pair_within_its_budget_reads_the_same_as_in_process():
    seed = seed_texts()["ionect-privacy-policy"]
    old = "\n\n".join(seed.replace("Ionect", f"Ionect {i}") for i in range(40))
    new = old.replace("within three years", "within five years", 1)
    assert len(old) + len(new) > LARGE_TEXT
    level, events = compare_texts(old, "Privacy", new, "Privacy", budget=120)
    direct = compare(build_policy(old, "Privacy"), build_policy(new, "Privacy"))
    assert (level, events) == (direct.level, [e.to_json() for e in direct.events])
    assert any(e["type"] == "retention_changed" for e in events)


def test_a_huge_page_edited_everywhere_does_not_stall_a_normal_watch(site, seeds, project):
    """A 5 MB page (4.6 MiB, under the 5 MiB download limit) whose every paragraph changes between
    checks, beside a normal 10-second watch.
    Without a budget its comparison took minutes and the normal watch waited for it; now the slow
    page's pass runs beside the next ones, so the normal watch is never more than one interval late."""
    pages = [
        f"<html><body><main><h1>Terms</h1>{heavy_text(seed, sections=390, words=290)}</main></body></html>".replace(
            "## ", "<h2>"
        ).replace("\n", "</p>\n<p>")
        for seed in (1, 2)
    ]
    site.html("/huge", pages[0])
    site.html("/normal", seeds["ionect-privacy-policy"])
    project.crawler = {**project.crawler, "read_processes": 0}
    project.write(
        [
            {"name": "Huge", "url": site.url("/huge"), "every": "10s"},
            {"name": "Normal", "url": site.url("/normal"), "every": "10s"},
        ]
    )
    flipping = threading.Event()

    def flip() -> None:
        i = 0
        while not flipping.wait(4):
            i += 1
            site.html("/huge", pages[i % 2])

    proc = start_daemon(project)
    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    try:

        def count(sql: str) -> int:
            return (project.query(sql) or [(0,)])[0][0]

        wait_for(
            lambda: (
                count("SELECT count(*) FROM versions v JOIN watches w ON w.id = v.watch_id WHERE w.name = 'Huge'") >= 3
                and count("SELECT count(*) FROM checks c JOIN watches w ON w.id = c.watch_id WHERE w.name = 'Normal'")
                >= 4
            ),
            timeout=180,
            what="three versions of the huge page and four checks of the normal one",
        )
    finally:
        flipping.set()
        code, err = stop(proc)
    assert code == 0, err[-2000:]
    times = [
        row[0]
        for row in project.query(
            "SELECT c.started_at FROM checks c JOIN watches w ON w.id = c.watch_id WHERE w.name = 'Normal' "
            "ORDER BY c.started_at"
        )
    ]
    from datetime import datetime

    stamps = [t if isinstance(t, datetime) else datetime.fromisoformat(str(t)) for t in times]
    gaps = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])]
    print("GAPS", gaps)
    # at most one interval late (10 s + 5 % jitter, one more, a tick): before the budget, minutes
    assert len(gaps) >= 3 and max(gaps) <= 2 * 10 * 1.05 + 1, gaps
    limited = project.query("SELECT count(*) FROM versions WHERE events LIKE '%comparison_limited%'")
    assert limited and limited[0][0] >= 1, "the huge page's comparisons should have hit their budget"


def test_workers_start_with_the_reading_code_loaded_and_without_the_cli():
    from policywatch.monitor.processes import worker_context
    from tests.workerprobe import loaded

    with ProcessPoolExecutor(max_workers=1, mp_context=worker_context()) as pool:
        inside = pool.submit(
            loaded, "policywatch.monitor.reading", "policywatch.monitor.budget", "policywatch.cli"
        ).result()
    assert inside == {"policywatch.monitor.reading": True, "policywatch.monitor.budget": True, "policywatch.cli": False}
    # `python -m policywatch` is the main module a worker imports first: it must load nothing itself
    probe = "import sys, policywatch.__main__; print(sorted(m for m in sys.modules if m.startswith('policywatch.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "policywatch.cli" not in out and "policywatch.storage" not in out, out
