"""Fact kinds as a registry: each kind of fact (the policy's own date, processors, retention, ...)
is one small class in its own module that reads its facts from a policy, compares two versions into
events, and words its events for people. ``build_policy``, ``compare``, the wording used by the
terminal, alerts and viewer, and the stored JSON loop over the registry, so a new kind is one new
module (plus its tests) and a :func:`register` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from policywatch.monitor.lang import language_cached, text_cached
from policywatch.monitor.levels import rank
from policywatch.monitor.policy import Block, Policy, Section

# The one arrow between an old and a new value, in every sentence policywatch writes for a person.
ARROW = "\u2192"


@dataclass
class Event:
    type: str
    level: str
    fields: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"type": self.type, "level": self.level, **self.fields}


class FactKind:
    """One kind of fact. Subclasses set ``name`` and ``events`` and implement ``read`` and ``compare``."""

    name: ClassVar[str]
    events: ClassVar[tuple[str, ...]] = ()  # the event types this kind reports
    order: ClassVar[int] = 50  # where its events come among events of the same level (lower first)
    # what a privacy team acts on (who receives data, who to contact, where it goes, how long, what):
    # the viewer lists these events first, in bold, whatever their level
    salient: ClassVar[bool] = False
    label: ClassVar[str] = ""  # how the viewer's "at a glance" card titles this kind
    # "section": each fact comes from one section, so two versions whose differing sections state
    # the same facts compare to nothing. "block": each fact comes from one block and its section's
    # title. Then ``compare`` first runs on the differing sections (or blocks) alone, and on the
    # whole policies only when those report something: a long policy with one edited paragraph is
    # read one paragraph deep. None: always the whole policies.
    incremental: ClassVar[str | None] = None

    def read(self, policy: Policy) -> Any:
        raise NotImplementedError

    def compare(self, old: Policy, new: Policy) -> list[Event]:
        raise NotImplementedError

    def recheck(self, old: Policy, new: Policy, changed: tuple[Policy, Policy]) -> list[Event]:
        """The events of ``old`` -> ``new`` once the incremental pass found some. ``changed`` holds
        the sections each version does not share with the other (the rest are the same objects in
        both). By default both whole policies are read; a kind whose facts are unions over sections
        reads only the shared sections that can hold the facts the changed ones name."""
        return self.compare(old, new)

    def describe(self, event: Event) -> str:
        """One sentence a person can read."""
        fields = ", ".join(f"{k}: {v}" for k, v in event.fields.items() if v not in (None, "", []))
        return f"{event.type.replace('_', ' ')}" + (f" ({fields})" if fields else "")

    def headline(self, event: Event) -> str:
        """A few words for a subject line."""
        return event.type.replace("_", " ")

    def summary(self, value: Any) -> dict:
        """Keys this kind adds to a policy's JSON summary (``compare --format json``'s old/new)."""
        return {}

    def glance(self, value: Any) -> list[str]:
        """Lines for the viewer's "policy at a glance" card."""
        return []


_REGISTRY: dict[str, FactKind] = {}


def register(kind: FactKind) -> FactKind:
    _REGISTRY[kind.name] = kind
    _owner.cache_clear()
    return kind


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)
    _owner.cache_clear()


def kinds() -> list[FactKind]:
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda k: k.order)


@lru_cache(maxsize=256)
def _owner(event_type: str) -> FactKind | None:
    return next((k for k in kinds() if event_type in k.events), None)


def kind_named(name: str) -> FactKind:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no fact kind named {name!r}") from None


def owner(event_type: str) -> FactKind | None:
    """The kind that reports events of this type."""
    return _owner(event_type)


def event_order(event: Event) -> tuple[int, int]:
    kind = owner(event.type)
    return -rank(event.level), kind.order if kind else 70


_loaded = False


def _load_builtin() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from policywatch.monitor.facts import builtin  # noqa: F401  (registers the built-in kinds)


# -- reading per section, shared by kinds ---------------------------------------------------------

SectionKey = tuple


def section_key(section: Section) -> SectionKey:
    return (
        section.title,
        section.level,
        section.path,
        section.heading,
        tuple((b.kind, b.text, b.cells, b.header, b.depth, b.link) for b in section.blocks),
    )


def section_from_key(key: SectionKey) -> Section:
    title, level, path, heading, blocks = key
    return Section(title=title, level=level, path=path, heading=heading, blocks=[Block(*b) for b in blocks])


def within(policy: Policy, changed: tuple[Policy, Policy], may_hold: Callable[[Section], bool]) -> Policy:
    """``policy`` cut to the sections a recheck reads: those of ``changed`` (the sections the two
    versions do not share) and the shared ones ``may_hold`` lets through."""
    own = {id(section) for part in changed for section in part.sections}
    return Policy(policy.title, policy.language, [s for s in policy.sections if id(s) in own or may_hold(s)])


_section_caches: list[Any] = []


def per_section(function: Callable) -> Callable:
    """Memoises ``function(section_key, *context)``: versions share most sections, so the second
    version of a comparison mostly reads from this cache."""
    cached = language_cached(maxsize=512)(function)
    _section_caches.append(cached)
    return cached


def clear_section_caches() -> None:
    for cached in _section_caches:
        cached.cache_clear()


__all__ = [
    "Event",
    "FactKind",
    "clear_section_caches",
    "event_order",
    "kind_named",
    "kinds",
    "owner",
    "per_section",
    "register",
    "section_from_key",
    "section_key",
    "unregister",
    "within",
]


SECTION_LANGUAGE_WORDS = 25  # fewer words say too little to read a section in another language than its page's


def section_language(section: Section, lang_code: str | None) -> str | None:
    """The language a section's facts are read in: the page's, unless the section is plainly
    written in another one (a German policy followed by its English version, a French notice with
    an English sub-processor annex)."""
    return _text_language(section.text, lang_code) if lang_code is not None else None


@text_cached(maxsize=4096)
def _text_language(text: str, lang_code: str) -> str:
    from policywatch.monitor.lang import WORD, detect_language, own_function_words

    words = WORD.findall(text[:6000].lower())
    if len(words) < SECTION_LANGUAGE_WORDS or len(own_function_words(lang_code) & set(words)) >= 3:
        return lang_code  # the page's own words are there
    return detect_language(text) or lang_code
