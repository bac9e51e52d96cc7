"""Text (our extraction, Markdown, or plain text) -> sections with paragraphs, list items and table rows.

Plain text has no markup, so headings are recognised by shape: numbered ("1. Who we are"),
"Artikel 3 – ...", "01 - ...", and short title lines introducing longer text. Flattened tables
(one cell per line) stay paragraphs here; monitor.processors reads them.
"""

from __future__ import annotations

import html
import re

from monitor.policy import Block, Section

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s|:\-]+\|[\s|:\-]*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+•·▪◦‣∙●○■□Ø➢➤►→✓✔]|\(?[a-zivx]{1,4}\)|\(\d+\))[\s\u00a0]+(.*)$")
_NUMBERED = re.compile(r"^((?:\d{1,2}[.)])(?:\d{1,2}[.)]?)*)\s+(\S.*)$")
_NUMBERED_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
_ARTICLE = re.compile(r"^(?:Artikel|Article|Art\.|Artículo|§)\s*(\d+[a-z]?)\s*[–—:.\-]?\s*(.*)$", re.IGNORECASE)
_DASHED = re.compile(r"^(\d{1,2})\s+[-–—]\s+(\S.*)$")
_TERMINAL = tuple(".;,:!")
_LABEL_VALUE = re.compile(r"^[^:]{1,25}:\s+\S")

# Markdown inline syntax, for OTA-style .md input
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*{1,3}|(?<!\w)_{1,3})(\S(?:.*?\S)?)\1(?!\w)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:span|div|p|b|i|u|em|strong|small|sup|sub|a|font|mark|abbr|code)(?:\s[^>]*)?>", re.IGNORECASE)


_MARKUP_CHARS = frozenset("[]*_\\<&!")


def clean_inline(line: str) -> str:
    """Markdown and stray HTML inline syntax -> plain text; each rewrite runs only when it can apply."""
    if _MARKUP_CHARS.isdisjoint(line):
        return line.replace("\u200d", "").replace("\u200b", "")
    if "<" in line:
        line = _HTML_BREAK.sub(" ", line)
    if "](" in line:
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", line))
    if "*" in line or "_" in line:
        for _ in range(2):
            line = _MD_EMPH.sub(r"\2", line)
    if "<" in line:
        line = _HTML_TAG.sub("", line)
    if "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    if "&" in line:
        line = html.unescape(line)
    return line.replace("\u200d", "").replace("\u200b", "")


def strip_numbering(title: str) -> str:
    for pattern in (_ARTICLE, _DASHED, _NUMBERED_DOTTED, _NUMBERED):
        m = pattern.match(title)
        if m and m.group(2).strip():
            return m.group(2).strip()
    return title.strip()


def _heading_shape(line: str) -> int | None:
    """Level if ``line`` looks like a numbered heading by itself, else None."""
    s = line.strip()
    if len(s) > 100 or s.endswith(_TERMINAL):
        return None
    if _ARTICLE.match(s) or _DASHED.match(s):
        return 2
    m = _NUMBERED_DOTTED.match(s)
    if m:
        return 2 + m.group(1).count(".")
    m = _NUMBERED.match(s)
    if m and len(m.group(2).split()) <= 14:
        return 2
    return None


def _title_line(line: str, following: str) -> bool:
    s = line.strip()
    if not s or len(s) > 80 or len(s.split()) > 12 or s.endswith(_TERMINAL):
        return False
    if not (s[0].isupper() or s[0].isdigit()) or s.startswith(("http", "www.")) or "@" in s:
        return False
    if _LABEL_VALUE.match(s):
        return False
    nxt = following.strip()
    return len(nxt) >= 60 or nxt.endswith(":") or bool(_ITEM.match(following)) or nxt.startswith("|")


def parse_sections(text: str, title: str | None = None) -> list[Section]:
    lines = [clean_inline(raw.rstrip()) if raw.strip() else "" for raw in text.replace("\r", "").split("\n")]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    next_of = {a: b for a, b in zip(nonblank, nonblank[1:])}
    has_md_headings = any(_MD_HEADING.match(lines[i]) for i in nonblank)

    sections = [Section(title="", level=0, path=())]
    stack: list[Section] = []
    header: tuple[str, ...] = ()
    first_line = nonblank[0] if nonblank else -1

    def open_section(heading: str, level: int) -> None:
        nonlocal header
        while stack and stack[-1].level >= level:
            stack.pop()
        name = strip_numbering(heading)
        section = Section(title=name, level=level, path=tuple(s.title for s in stack), heading=heading.strip())
        sections.append(section)
        stack.append(section)
        header = ()

    for i in nonblank:
        line = lines[i]
        following = lines[next_of[i]] if i in next_of else ""
        md = _MD_HEADING.match(line)
        if md:
            if md.group(2).strip():
                open_section(md.group(2), len(md.group(1)))
            continue
        if _TABLE_ROW.match(line):
            if _TABLE_RULE.match(line):
                continue
            cells = tuple(c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|")))
            if not any(cells):
                continue
            nxt_rule = i in next_of and _TABLE_RULE.match(lines[next_of[i]])
            if nxt_rule or not header:
                header = cells
                if nxt_rule:
                    sections[-1].blocks.append(Block("header", " | ".join(c for c in cells if c), cells, ()))
                    continue
            sections[-1].blocks.append(Block("row", " | ".join(c for c in cells if c), cells, header))
            continue
        header = ()
        item = _ITEM.match(line)
        if item and item.group(2).strip():
            sections[-1].blocks.append(Block("item", item.group(2).strip()))
            continue
        level = _heading_shape(line)
        if level is not None and not (i in next_of and _heading_shape(following) and len(following) < 40
                                      and len(line) < 40 and _NUMBERED.match(line.strip())):
            open_section(line, level)
            continue
        if i == first_line and title is None and _title_line(line, "x" * 60) and not has_md_headings:
            open_section(line, 1)
            continue
        if not has_md_headings and _title_line(line, following):
            open_section(line, 3 if any(s.level == 2 for s in sections) else 2)
            continue
        sections[-1].blocks.append(Block("para", line.strip()))
    if not sections[0].blocks and len(sections) > 1:
        sections.pop(0)
    return sections
