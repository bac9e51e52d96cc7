"""The policy model: plain dataclasses, built from text by monitor.compare.build_policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    kind: str  # "para" | "item" | "row" | "header" (a table's header row)
    text: str  # its lines joined with "\n" (an address over three lines is one block of three lines)
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()  # the table header a row belongs to
    depth: int = 0  # a list item's nesting (1 = top level)
    link: bool = False  # the whole block is one link (a button, a menu entry)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class Section:
    title: str  # heading text without its numbering ("" for the preamble)
    level: int
    path: tuple[str, ...]  # titles of enclosing sections, outermost first
    blocks: list[Block] = field(default_factory=list)
    heading: str = ""  # the heading as written, numbering included

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class Processor:
    key: str  # identity across versions (curated id or normalised name)
    name: str  # as the policy writes it
    listed: bool  # in a table/list of recipients rather than only mentioned in prose
    category: str | None
    section: str
    location: str | None = None  # where a table that lists it says it is
    source: str = ""  # the row, item or sentence that names it
    # named by one capitalised word after a cue ("we use Umami to ..."): a name only where the page
    # never writes that word in lowercase
    proper: bool = False


@dataclass(frozen=True)
class Retention:
    period: str  # normalised, e.g. "3 years"
    text: str  # as written, e.g. "three years"
    context: str  # the sentence with the period masked: what the period applies to
    section: str


@dataclass(frozen=True)
class Contact:
    kind: str  # "email" | "address" | "person" | "phone" | "organisation"
    value: str
    section: str
    role: str = "contact"  # controller | dpo | representative | contact | authority


class Facts(dict):
    """What each fact kind (see :mod:`monitor.facts`) read from a policy, by kind name, each read on
    first use: a comparison reads only what it needs, a glance only what it shows."""

    def __init__(self, *args, reader: Callable[[str], Any] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._reader = reader

    def __missing__(self, name: str) -> Any:
        if self._reader is None:
            raise KeyError(name)
        value = self[name] = self._reader(name)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default


@dataclass
class Policy:
    title: str | None
    language: str | None
    sections: list[Section]
    facts: Facts = field(default_factory=Facts)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) + len(s.title.split()) for s in self.sections)
