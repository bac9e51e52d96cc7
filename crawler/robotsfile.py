"""robots.txt rules kept on disk between runs, so a `check` started by cron every hour does not ask
every site for its robots.txt again (RFC 9309 §2.4 allows a day).

Only rules read from a real answer are kept (a file, or a 4xx meaning "no rules"); refusals for an
unreachable robots.txt or a 5xx are asked again by the next run. The file is a cache: a missing,
unreadable or foreign file is ignored, and it is replaced atomically, so two runs writing at once
leave one of their versions, never a torn one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from pathlib import Path

from protego import Protego

from policywatch.crawler.robots import ALLOW_ALL, CACHE_SECONDS, RobotsCache

log = logging.getLogger(__name__)
FORMAT = "policywatch-robots/1"
MAX_HOSTS = 20_000  # a bound on the file: the hosts fetched most recently are kept


def load(cache: RobotsCache, path: Path) -> int:
    """Rules an earlier run kept and that are still fresh, into ``cache`` (hosts already known in this
    process win). Returns how many were taken."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0
    except (OSError, ValueError) as exc:
        log.info("robots.txt cache %s not read (%s): every host's robots.txt is fetched again", path, exc)
        return 0
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("hosts"), dict):
        log.info("robots.txt cache %s is not one policywatch wrote: ignored", path)
        return 0
    now, taken = time.time(), 0
    for origin, entry in data["hosts"].items():
        try:
            body, fetched_at = str(entry["body"]), float(entry["fetched_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if not (now - CACHE_SECONDS < fetched_at <= now + 60) or cache.get(origin) is not None:
            continue
        try:
            rules = Protego.parse(body) if body else ALLOW_ALL
        except Exception:  # a file that parsed when fetched parses again; anything else is asked again
            continue
        cache.put(origin, rules, None, body, fetched_at)
        taken += 1
    return taken


def save(cache: RobotsCache, path: Path) -> None:
    """The fresh rules of ``cache`` merged into the file (hosts other runs fetched are kept)."""
    now = time.time()
    hosts: dict[str, dict] = {}
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(old, dict) and old.get("format") == FORMAT and isinstance(old.get("hosts"), dict):
            hosts = {
                k: v
                for k, v in old["hosts"].items()
                if isinstance(v, dict) and isinstance(v.get("fetched_at"), (int, float))
            }
    except (OSError, ValueError):
        pass
    for origin, entry in list(cache.hosts.items()):
        if entry.body is not None:
            hosts[origin] = {"body": entry.body, "fetched_at": entry.fetched_at}
    fresh = sorted(
        ((k, v) for k, v in hosts.items() if now - CACHE_SECONDS < v["fetched_at"]),
        key=lambda kv: kv[1]["fetched_at"],
        reverse=True,
    )[:MAX_HOSTS]
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".robots-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "hosts": dict(fresh)}, out)
        os.replace(temporary, path)
    except OSError as exc:
        log.info("robots.txt cache %s not written (%s): the next run fetches robots.txt again", path, exc)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
