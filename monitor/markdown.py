"""Markdown -> a flat list of blocks, with markdown-it-py (CommonMark + GFM tables).

Every stored text is Markdown: OTA-style `.md` files as they come, HTML pages as the extractor
writes them, plain text and PDFs as :mod:`monitor.plaintext` writes them. So one reader gives all
formats the same blocks: headings of both styles with their levels, paragraphs, list items with
their depth, table rows with their header. Hard breaks stay line breaks inside one block (an
address written over three lines is one block of three lines).

markdown-it parses the blocks; inline syntax (links, emphasis, code, escapes, inline HTML) is
cleaned by :func:`clean_inline`, which costs a fraction of markdown-it's inline pass and keeps
only the words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it import MarkdownIt


@dataclass(frozen=True)
class RawBlock:
    kind: str  # "heading" | "para" | "item" | "row" | "header" (a table's header row)
    text: str  # lines joined with "\n"
    level: int = 0  # a heading's level; a list item's depth (1 = top level)
    cells: tuple[str, ...] = ()
    strong: bool = False  # the whole paragraph is bold: often a heading written without heading markup
    link: bool = False  # the whole paragraph is one link: a button or a menu entry rather than policy text
    lead: str = (
        ""  # bold words that open a longer paragraph ("**3.7. Sharing.** By registering ..."): a run-in heading?
    )


_HARD_BREAK = re.compile(r"(?:\\|[ \t]{2,})\n|<br\s*/?>", re.IGNORECASE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(((?:[^()]|\([^)]*\))*)\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+|[^@\s<>]+@[^@\s<>]+)>", re.IGNORECASE)
_MD_EMPH = re.compile(r"(\*{1,3}|(?<!\w)_{1,3})(\S(?:.*?\S)?)\1(?!\w)")
_CODE = re.compile(r"(`+)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_HTML_TAG = re.compile(
    r"</?(?:span|div|p|b|i|u|em|strong|small|sup|sub|a|font|mark|abbr|code|br|ins|del|s|strike|cite|q|time|label)"
    r"(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)
_MARKUP_CHARS = frozenset("[]*_\\<&`!")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # a regex: str.translate with a dict is far slower
_STRONG_WHOLE = re.compile(r"^(\*\*|__)(?!\s)(.+?)(?<!\s)\1$", re.DOTALL)
_RUN_IN = re.compile(r"^((?:(?:\*\*|__)(?!\s)[^*_\n]+?(?<!\s)(?:\*\*|__)\s*){1,2})(?=\S)")
_LINK_WHOLE = re.compile(r"^(?:\*\*|__)?\[[^\]]+\]\((?:[^()]|\([^)]*\))*\)(?:\*\*|__)?$")


def _link_text(m: re.Match) -> str:
    """A link reads as its text; a mailto link also keeps the address it points to (a contact)."""
    text, target = m.group(1), m.group(2).strip()
    if target[:7].lower() == "mailto:":
        address = target[7:].split("?")[0]
        if address and address.casefold() not in text.casefold():
            return f"{text} ({address})" if text.strip() else f" {address} "  # an icon's link: no word to glue to
    return text


_MD_SPECIAL_START = re.compile(r"^(\s*)([#>+\-*=|~`<]|\d{1,9}[.)](?=\s|$))")
_MD_SPECIAL_INLINE = re.compile(r"([\\`*_\[\]<])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def _escaped(m: re.Match) -> str:
    return "\\" + m.group(1)


def escape_inline(text: str) -> str:
    """Plain text -> Markdown inline text that reads back as the same characters."""
    if _MD_SPECIAL_INLINE.search(text):
        text = _MD_SPECIAL_INLINE.sub(_escaped, text)
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    return text


def escape_line_start(line: str) -> str:
    """Escapes what would make a line a heading, quote, list item, rule or table (after escape_inline)."""
    m = _MD_SPECIAL_START.match(line)
    if not m:
        return line
    marker = m.group(2)
    return m.group(1) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker) + line[m.end() :]


def escape(line: str) -> str:
    """A line of plain text -> Markdown that reads back as the same text."""
    return escape_line_start(escape_inline(line))


def _protect(m: re.Match) -> str:
    return chr(_PROTECTED + ord(m.group(1)))


_PROTECTED = 0xE000  # escaped characters wait in the private-use area while the rewrites run
_RESTORE = {_PROTECTED + c: chr(c) for c in range(128)}


def clean_inline(line: str) -> str:
    """Markdown and stray HTML inline syntax -> plain text; each rewrite runs only when it can apply."""
    if not line.isascii():
        line = _INVISIBLE.sub("", line)
    if _MARKUP_CHARS.isdisjoint(line):
        return line
    escaped = "\\" in line
    if escaped:
        line = _MD_ESCAPE.sub(_protect, line)
    if "`" in line:
        line = _CODE.sub(r"\2", line)
    if "](" in line:
        line = _MD_LINK.sub(_link_text, _MD_IMAGE.sub(r"\1", line))
    if "][" in line:
        line = _MD_REF_LINK.sub(r"\1", line)
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
        line = _HTML_TAG.sub("", line)
    if "*" in line or "_" in line:
        line, count = _MD_EMPH.subn(r"\2", line)
        if count and ("*" in line or "_" in line):
            line = _MD_EMPH.sub(r"\2", line)  # emphasis inside emphasis: "***a** b*"
    if "&" in line:
        line = html.unescape(line)
    if escaped:
        line = line.translate(_RESTORE)
    return line


def inline_lines(source: str) -> tuple[str, bool]:
    """An inline token's source -> (its lines as plain text, joined by "\\n"; whether all of it is bold)."""
    source = source.strip()
    strong = bool(_STRONG_WHOLE.match(source)) and "**" not in source[2:-2] and not _LINK_WHOLE.match(source)
    lines = []
    parts = _HARD_BREAK.split(source) if ("\n" in source or "<" in source) else (source,)
    for part in parts:
        for line in _soft_lines(part) if "\n" in part else (part,):
            text = " ".join(clean_inline(line).split())
            if text:
                lines.append(text)
    return "\n".join(lines), strong


_LABEL_START = re.compile(r"[^\W\d_][\w .'’/()-]{0,40}:(?:\s|$)")
SHORT_LINE = 45  # characters: a line of an address or a contact card, not prose wrapped at a margin


def _soft_lines(part: str) -> list[str]:
    """A paragraph's soft-broken lines, joined where they are prose wrapped at a margin and kept
    apart where the line structure means something: a "Label: value" line, or a run of short lines
    (an address, a contact card) written without Markdown's hard-break marks."""
    raw = [line.strip() for line in part.split("\n")]
    out = [raw[0]]
    for line in raw[1:]:
        previous = out[-1]
        if _LABEL_START.match(line) or len(previous) <= SHORT_LINE and 0 < len(line) <= SHORT_LINE:
            out.append(line)
        else:
            out[-1] = f"{previous} {line}"
    return out


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Block structure only: the inline pass is done by clean_inline (measured 2.4x faster overall).
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")


_TABLE_LINE = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _table_blocks(lines: list[str]) -> list[RawBlock]:
    """A GFM pipe table at the top level (header, delimiter, rows) read without markdown-it,
    whose table rule costs most of a parse on pages with big tables."""

    def cells(line: str) -> tuple[str, ...]:
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
        return tuple(" ".join(inline_lines(c.replace("\\|", "|"))[0].split()) for c in _CELL_SPLIT.split(inner))

    head = cells(lines[0])
    out = [RawBlock("header", " | ".join(c for c in head if c), cells=head)] if any(head) else []
    width = len(head)
    for line in lines[2:]:
        row = cells(line)
        row = row[:width] + ("",) * (width - len(row))  # GFM: as many cells as the header
        if any(row):
            out.append(RawBlock("row", " | ".join(c for c in row if c), cells=row))
    return out


CHUNK_LINES = 12  # a markdown-it parse has a fixed cost: chunks of fewer lines gain nothing
# blocks that run on over blank lines (CommonMark HTML blocks of types 1-5, fences): a document
# holding one is read whole
_SPANNING = re.compile(r"^ {0,3}(?:```|~~~|<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[))", re.I | re.M)


# A heading a converter glued to the paragraph before it ("... our data.&nbsp;### 4. Cookies"): its own block.
_GLUED_HEADING = re.compile(r"^([^#|\n][^\n]*?[.!?:;])[ \t\u00a0]+(#{2,6}[ \t]+\S[^\n]*)$", re.M)


def read_blocks(text: str) -> list[RawBlock]:
    """The blocks of a Markdown document, in reading order.

    The document is read in chunks that start at an unindented line after a blank one, where no
    paragraph, list item, quote or table can continue (a list marker there starts a new list,
    which reads to the same blocks), each chunk memoised: two versions of a policy share most of
    them, so comparing them reads the unchanged ones once.
    """
    if "#" in text and " #" in text.replace("\u00a0", " "):
        text = _GLUED_HEADING.sub(r"\1\n\n\2", text)
    if ("<" in text or "```" in text or "~~~" in text) and _SPANNING.search(text):
        return list(_read_chunk(text))
    lines = text.split("\n")
    blocks: list[RawBlock] = []
    start = 0
    for i in range(1, len(lines)):
        if i - start >= CHUNK_LINES and not lines[i - 1].strip() and lines[i][:1] not in ("", " ", "\t"):
            blocks += _read_chunk("\n".join(lines[start:i]))
            start = i
    blocks += _read_chunk("\n".join(lines[start:]))
    return blocks


@lru_cache(maxsize=4096)  # a comparison needs both versions' chunks; a pass of many pages gains nothing more
def _read_chunk(text: str) -> tuple[RawBlock, ...]:
    return tuple(_read_with_tables(text))


def _read_with_tables(text: str) -> list[RawBlock]:
    lines = text.split("\n")
    if "|" not in text:
        return _read_blocks(text)
    blocks: list[RawBlock] = []
    start = i = 0
    previous_blank = True
    while i < len(lines):
        if (
            previous_blank
            and _TABLE_LINE.match(lines[i])
            and i + 1 < len(lines)
            and _DELIMITER.match(lines[i + 1])
            and "|" in lines[i + 1]
        ):
            j = i + 2
            while j < len(lines) and _TABLE_LINE.match(lines[j]):
                j += 1
            if start < i:
                blocks += _read_blocks("\n".join(lines[start:i]))
            blocks += _table_blocks(lines[i:j])
            start = i = j
            previous_blank = True
            continue
        previous_blank = not lines[i].strip()
        i += 1
    if start < len(lines):
        blocks += _read_blocks("\n".join(lines[start:]))
    return blocks


# what may start a block other than a paragraph, or end one, on a line (after up to three spaces)
_BLOCK_START = re.compile(
    r" {0,3}(?:[#>|<`~=\t]|\[[^\]]*\]:|[*+\-](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|(?:[*_\-][ \t]*){3,}$|-+[ \t]*$)"
)


def _plain_paragraph(lines: list[str]) -> bool:
    """Whether lines between blank lines, starting at the margin, can only be one paragraph: no
    line opens or closes another block, and no pipe makes a table (markdown-it reads the rest)."""
    if lines[0][:1] in (" ", "\t"):
        return False
    for line in lines:
        if "|" in line or not line.startswith("    ") and _BLOCK_START.match(line):
            return False
    return True


_ATX_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_BULLET = re.compile(r"([-*+]) {1,4}(?=\S)(.*)$")


def _read_blocks(text: str) -> list[RawBlock]:
    """The blocks of a chunk. The simple ones, most of a policy, are read directly: a paragraph,
    a heading line, a list of one-line items, each between blank lines. markdown-it reads the rest,
    and its cost per block is far higher (a test holds the two readings alike)."""
    if "\r" in text or "\x00" in text or _SPANNING.search(text):
        return _parse_blocks(text)
    groups: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip(" \t"):
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    if not groups[-1]:
        groups.pop()
    blocks: list[RawBlock] = []
    others: list[str] = []
    for i, group in enumerate(groups):
        following = groups[i + 1][0] if i + 1 < len(groups) else ""
        simple = _simple_blocks(group, following)
        if simple is None:
            others.append("\n".join(group))
            continue
        if others:
            blocks += _parse_blocks("\n\n".join(others))
            others = []
        blocks += simple
    if others:
        blocks += _parse_blocks("\n\n".join(others))
    return blocks


def _simple_blocks(lines: list[str], following: str) -> list[RawBlock] | None:
    """The blocks of lines between blank lines when they are headings, then one paragraph or one
    list of one-line items that the next lines (``following``) cannot continue; else None."""
    out: list[RawBlock] = []
    while lines and (heading := _ATX_HEADING.match(lines[0])):
        content = _CLOSING_HASHES.sub("", heading.group(2) or "").strip()
        text, _ = inline_lines(content)
        if text:
            out.append(RawBlock("heading", text.replace("\n", " "), level=len(heading.group(1))))
        lines = lines[1:]
    if not lines:
        return out
    if _plain_paragraph(lines):
        block = _paragraph("\n".join(lines).strip(), 0)
        return out + [block] if block is not None else out
    if following[:1] in (" ", "\t"):
        return None  # an indented paragraph after a blank line belongs to the list's last item
    for line in lines:
        item = _BULLET.match(line)
        if item is None or "|" in line or _BLOCK_START.match(item.group(2)):
            return None
        block = _paragraph(item.group(2).strip(), 1)
        if block is not None:
            out.append(block)
    return out


def _paragraph(content: str, depth: int) -> RawBlock | None:
    lines, strong = inline_lines(content)
    if not lines:
        return None
    link = bool(_LINK_WHOLE.match(content.strip()))
    if depth:
        return RawBlock("item", lines, level=depth, strong=strong, link=link)
    run_in = None if strong else _RUN_IN.match(content.strip())
    lead = " ".join(clean_inline(run_in.group(1)).split()) if run_in else ""
    return RawBlock("para", lines, strong=strong, link=link, lead=lead)


def _parse_blocks(text: str) -> list[RawBlock]:
    tokens = _parser().parse(text)
    blocks: list[RawBlock] = []
    depth = 0  # list nesting
    heading_level = 0
    row: list[str] = []
    in_header = in_cell = False
    items: list[int] = []  # per open list item, the index of its block (-1 before its first paragraph)
    for token in tokens:
        kind = token.type
        if kind == "list_item_open":
            items.append(-1)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "thead_open":
            in_header = True
        elif kind == "thead_close":
            in_header = False
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "tr_close":
            cells = tuple(row)
            if any(cells):
                blocks.append(
                    RawBlock("header" if in_header else "row", " | ".join(c for c in cells if c), cells=cells)
                )
        elif kind == "inline":
            if in_cell:
                cell, _ = inline_lines(token.content)
                row.append(cell.replace("\n", " "))
                continue
            if heading_level:
                lines, _ = inline_lines(token.content)
                if lines:
                    blocks.append(RawBlock("heading", lines.replace("\n", " "), level=heading_level))
                continue
            block = _paragraph(token.content, depth)
            if block is None:
                continue
            if items and items[-1] >= 0 and items[-1] == len(blocks) - 1:
                # an item's next paragraph goes on with it ("- Backups.\n\n  Kept for 30 days."): one entry
                blocks[-1] = replace(blocks[-1], text=f"{blocks[-1].text}\n{block.text}")
                continue
            if items and items[-1] < 0:
                items[-1] = len(blocks)
            blocks.append(block)
        elif kind in ("html_block", "code_block", "fence"):
            source = token.content if kind != "html_block" else _HTML_TAG.sub(" ", token.content)
            kept = [" ".join(clean_inline(line).split()) for line in source.split("\n")]
            kept = [line for line in kept if line]
            if kept:
                blocks.append(RawBlock("item" if depth else "para", "\n".join(kept), level=depth))
    return blocks


def clear_caches() -> None:
    _read_chunk.cache_clear()


__all__ = [
    "RawBlock",
    "clear_caches",
    "clean_inline",
    "escape",
    "escape_inline",
    "escape_line_start",
    "inline_lines",
    "read_blocks",
]
