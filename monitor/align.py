"""Pair the sections of two versions: title + body similarity, one-to-one, then find moves.

Exact matches are paired first (cheap and certain); only what remains is scored, so long policies
with few edits stay fast.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rapidfuzz import fuzz

from policywatch.monitor.canonical import canonical_text
from policywatch.monitor.policy import Section

MIN_SCORE = 0.5
BODY_SAMPLE = 4000


@dataclass(frozen=True)
class Pair:
    old: int | None
    new: int | None
    moved: bool = False


def _title_key(section: Section) -> str:
    return canonical_text(section.title).casefold()


def align(old: list[Section], new: list[Section]) -> list[Pair]:
    old_titles = [_title_key(s) for s in old]
    new_titles = [_title_key(s) for s in new]
    old_bodies = [canonical_text(s.text).casefold() for s in old]
    new_bodies = [canonical_text(s.text).casefold() for s in new]
    matched: dict[int, int] = {}

    # 1. identical title and body; 2. identical title, unique on both sides
    index: dict[tuple[str, str], list[int]] = {}
    for j, key in enumerate(zip(new_titles, new_bodies)):
        index.setdefault(key, []).append(j)
    for i, key in enumerate(zip(old_titles, old_bodies)):
        if index.get(key):
            matched[i] = index[key].pop(0)
    taken = set(matched.values())
    for i, title in enumerate(old_titles):
        if i in matched:
            continue
        olds = [k for k, t in enumerate(old_titles) if t == title and k not in matched]
        news = [j for j, t in enumerate(new_titles) if t == title and j not in taken]
        if len(olds) == 1 and len(news) == 1:
            matched[i] = news[0]
            taken.add(news[0])

    # 3. score what is left and assign greedily, best first
    rest_old = [i for i in range(len(old)) if i not in matched]
    rest_new = [j for j in range(len(new)) if j not in taken]
    candidates = []
    for i in rest_old:
        for j in rest_new:
            title_score = fuzz.ratio(old_titles[i], new_titles[j]) / 100
            body_a, body_b = old_bodies[i][:BODY_SAMPLE], new_bodies[j][:BODY_SAMPLE]
            body = fuzz.ratio(body_a, body_b) / 100 if (body_a or body_b) else title_score
            score = 0.35 * title_score + 0.65 * body
            if score >= MIN_SCORE:
                candidates.append((score, i, j))
    for _score, i, j in sorted(candidates, reverse=True):
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)

    kept = _kept_in_order(sorted(matched.items()))
    pairs = [Pair(i, j, moved=(i, j) not in kept) for i, j in sorted(matched.items())]
    pairs += [Pair(i, None) for i in range(len(old)) if i not in matched]
    pairs += [Pair(None, j) for j in range(len(new)) if j not in taken]
    return pairs


def _kept_in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The largest set of pairs whose order did not change; the rest moved.

    Computed from the end, so when two sections swap places the one that moved up is the moved one.
    """
    reversed_pairs = pairs[::-1]
    tails: list[int] = []
    tail_idx: list[int] = []
    parent: list[int] = [-1] * len(reversed_pairs)
    for k, (_, j) in enumerate(reversed_pairs):
        value = -j  # longest increasing of -j over the reversed list = in-order subsequence
        pos = bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_idx.append(k)
        else:
            tails[pos] = value
            tail_idx[pos] = k
        parent[k] = tail_idx[pos - 1] if pos else -1
    kept: set[tuple[int, int]] = set()
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        kept.add(reversed_pairs[k])
        k = parent[k]
    return kept
