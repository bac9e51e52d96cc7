"""Scores the differ on the real page pairs in tests/fixtures/corpus (see pairs.yaml): the own-date
change, processors added and removed, the level, and the `must` / `must_not` event kinds."""

from __future__ import annotations

from pathlib import Path

import yaml

from policywatch.monitor.catalogue import catalogue
from policywatch.monitor.compare import build_policy, compare
from policywatch.monitor.extract import extract

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PAIRS = yaml.safe_load((CORPUS / "pairs.yaml").read_text(encoding="utf-8"))


def load(pair: str, side: str, fmt: str):
    path = CORPUS / pair / f"{side}.{fmt}"
    extracted = extract(path.read_bytes(), "text/html" if fmt == "html" else "text/markdown")
    return build_policy(extracted.text)


def same_processor(expected: str, reported: str) -> bool:
    a, b = expected.casefold(), reported.casefold()
    if a in b or b in a:
        return True
    ea, eb = catalogue().lookup(expected), catalogue().lookup(reported)
    return ea is not None and ea == eb


def score(pair: str, fmt: str) -> tuple[list[str], dict]:
    """Problems found (empty when the pair is read as labelled) and the comparison JSON."""
    label = PAIRS[pair]
    result = compare(load(pair, "old", fmt), load(pair, "new", fmt)).to_json()
    events = result["events"]
    problems = []
    dates = [e for e in events if e["type"] == "last_updated_changed"]
    if "date" in label:
        want = [str(d) for d in label["date"]]
        if not any([e["old"], e["new"]] == want for e in dates):
            problems.append(f"date {want} not reported (got {dates})")
    elif dates:
        problems.append(f"unexpected date change {dates}")
    for kind, key in (("processor_added", "added"), ("processor_removed", "removed")):
        names = [e["name"] for e in events if e["type"] == kind]
        for want in label.get(key) or []:
            if not any(same_processor(want, got) for got in names):
                problems.append(f"{kind} {want!r} missing (got {names})")
    if result["level"] != label["level"]:
        problems.append(f"level {result['level']} != {label['level']}")
    kinds = {e["type"] for e in events}
    problems += [f"must report {kind}" for kind in label.get("must") or [] if kind not in kinds]
    problems += [f"must not report {kind}" for kind in label.get("must_not") or [] if kind in kinds]
    return problems, result
