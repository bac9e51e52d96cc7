"""Markdown -> sections holding paragraphs, list items and table rows.

Headings come from the Markdown (ATX or setext, with their levels). Pages that write their
headings without heading markup get them from shape, the same way in every format: a paragraph
that is one short bold line ("**Who we are**"), or one short numbered line ("3. Your rights",
"Artikel 3 – ...", "01 - ..."), opens a section one level below the heading it sits under.
"""

from __future__ import annotations

import re

from policywatch.monitor.markdown import RawBlock, read_blocks
from policywatch.monitor.policy import Block, Section

_NUMBERED = re.compile(r"^((?:\d{1,2}[.)])(?:\d{1,2}[.)]?)*)\s+(\S.*)$")
_NUMBERED_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
_ARTICLE = re.compile(
    r"^(?:Artikel|Article|Art\.|Artículo|Articolo|§)\s*(\d+[a-z]?)\s*[–—:.\-]?\s*(.*)$", re.IGNORECASE
)
_DASHED = re.compile(r"^(\d{1,2})\s+[-–—]\s+(\S.*)$")
_LETTERED = re.compile(r"^([A-Z]|[IVX]{1,5})[.)]\s+(\S.*)$")
_TERMINAL = tuple(".;,!")


def strip_numbering(title: str) -> str:
    for pattern in (_ARTICLE, _DASHED, _NUMBERED_DOTTED, _NUMBERED, _LETTERED):
        m = pattern.match(title)
        if m and m.group(2).strip():
            return m.group(2).strip()
    return title.strip()


def heading_shape(line: str) -> int | None:
    """Depth below the enclosing heading if ``line`` looks like a numbered heading by itself, else None."""
    s = line.strip()
    if len(s) > 100 or "\n" in s or s.endswith(_TERMINAL) and not _NUMBERED_DOTTED.match(s):
        return None
    if _ARTICLE.match(s) or _DASHED.match(s):
        return 1
    m = _NUMBERED_DOTTED.match(s)
    if m and len(m.group(2).split()) <= 14:
        return 1 + m.group(1).count(".")
    m = _NUMBERED.match(s)
    if m and len(m.group(2).split()) <= 14 and not m.group(2).endswith(_TERMINAL):
        return 1
    return None


def _strong_heading(block: RawBlock) -> bool:
    text = block.text
    return (
        block.strong
        and "\n" not in text
        and len(text) <= 120
        and len(text.split()) <= 15
        and not text.endswith((",", ";"))
        and (not text.endswith(".") or bool(heading_shape(text)))
    )


def parse_sections(text: str, title: str | None = None) -> list[Section]:
    """The sections of a Markdown text (see :mod:`monitor.markdown`); the first holds what precedes any heading."""
    raw = read_blocks(text)
    sections = [Section(title="", level=0, path=())]
    stack: list[Section] = []
    header: tuple[str, ...] = ()
    marked_level = 0  # level of the last heading written as a heading

    def open_section(heading: str, level: int) -> None:
        nonlocal header
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(
            title=strip_numbering(heading), level=level, path=tuple(s.title for s in stack), heading=heading.strip()
        )
        sections.append(section)
        stack.append(section)
        header = ()

    for i, block in enumerate(raw):
        if block.kind == "heading":
            marked_level = block.level
            open_section(block.text, block.level)
            continue
        if block.kind == "header":
            header = block.cells
            sections[-1].blocks.append(Block("header", block.text, block.cells, ()))
            continue
        if block.kind == "row":
            sections[-1].blocks.append(Block("row", block.text, block.cells, header))
            continue
        header = ()
        following = raw[i + 1] if i + 1 < len(raw) else None
        if block.kind == "para" and following is not None and following.kind != "heading":
            shape = heading_shape(block.text)
            if shape is not None or _strong_heading(block):
                open_section(block.text, marked_level + (shape or 1))
                continue
        if block.lead and block.text.startswith(block.lead) and len(block.lead.split()) <= 14:
            shape = heading_shape(block.lead.rstrip(".:"))
            if (
                shape is not None
            ):  # a numbered run-in heading: "**3.7. Sharing with the App Store.** By registering ..."
                open_section(block.lead.rstrip(" .:"), marked_level + shape)
                sections[-1].blocks.append(Block("para", block.text))  # whole: the same words as an unmarked version
                continue
        sections[-1].blocks.append(Block(block.kind, block.text, depth=block.level, link=block.link))
    if not sections[0].blocks and len(sections) > 1:
        sections.pop(0)
    return sections
