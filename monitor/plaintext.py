"""Plain text (and text pulled out of PDFs) -> Markdown, so every format is read by one reader.

Plain text has no markup, so its structure comes from shape: numbered headings ("1. Who we are",
"Artikel 3 – ...", "01 - ..."), a short first line as the title, short title lines introducing
longer text, bullets of many kinds, and pipe tables. Consecutive lines stay one block with hard
line breaks; blank lines separate blocks.
"""

from __future__ import annotations

import re

from policywatch.monitor.markdown import escape
from policywatch.monitor.structure import heading_shape

_ITEM = re.compile(r"^(\s*)(?:[-*+•·▪◦‣∙●○■□Ø➢➤►→✓✔]|\(?[a-zivx]{1,4}\)|\(\d+\))[\s\u00a0]+(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s|:\-]+\|[\s|:\-]*$")
_LABEL_VALUE = re.compile(r"^[^:]{1,25}:\s+\S")
_TERMINAL = tuple(".;,:!")


def _title_line(line: str, following: str) -> bool:
    s = line.strip()
    if not s or len(s) > 80 or len(s.split()) > 12 or s.endswith(_TERMINAL):
        return False
    opening = s.lstrip("¿¡\"'“«(")  # "¿Quién es el responsable?" opens with its capital after the mark
    if not opening or not (opening[0].isupper() or opening[0].isdigit()) or s.startswith(("http", "www.")) or "@" in s:
        return False
    if _LABEL_VALUE.match(s):
        return False
    nxt = following.strip()
    if len(nxt) >= 60 or nxt.endswith(":") or bool(_ITEM.match(following)) or nxt.startswith("|"):
        return True
    # a short paragraph that is a whole sentence, longer than the line ("We use Acme for e-mail."):
    # a title over it stays one whether the sentence grows or shrinks; a line with a number may be a date
    words = nxt.split()
    sentence = nxt.endswith((".", "!", "?")) and any(w[:1].islower() for w in words[1:])  # not "Acme Inc."
    return sentence and len(words) >= max(3, len(s.split()) + 1) and not any(c.isdigit() for c in s)


def to_markdown(text: str) -> str:
    lines = [raw.rstrip() for raw in text.replace("\r", "").split("\n")]
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    next_of = {a: b for a, b in zip(nonblank, nonblank[1:])}
    first = nonblank[0] if nonblank else -1
    # Texts that leave blank lines between paragraphs keep consecutive lines together (an address);
    # texts without blank lines put each paragraph on one line.
    blank_separated = len(lines) - len(nonblank) >= 0.2 * len(nonblank)
    out: list[str] = []  # Markdown blocks; list items are kept tight (one line break between them)
    para: list[str] = []
    table: list[str] = []
    numbered_seen = False

    def flush() -> None:
        if para:
            out.append("\\\n".join(para))
            para.clear()
        if table:
            width = max(row.count("|") for row in table) - 1
            out.append("\n".join([table[0], "|" + " --- |" * max(width, 1), *table[1:]]))
            table.clear()

    for n, i in enumerate(nonblank):
        line = lines[i]
        following = lines[next_of[i]] if i in next_of else ""
        gap_before = n == 0 or nonblank[n - 1] != i - 1 or not blank_separated
        alone = not blank_separated or i not in next_of or next_of[i] != i + 1
        if _TABLE_ROW.match(line):
            if para:
                flush()
            if not _TABLE_RULE.match(line):
                table.append(line.strip())
            continue
        if table:
            flush()
        item = _ITEM.match(line)
        if item and item.group(2).strip():
            flush()
            indent = "  " * min(len(item.group(1).replace("\t", "    ")) // 4, 3)
            item_text = f"{indent}- {escape(item.group(2).strip())}"
            if out and out[-1].lstrip().startswith("- ") and not gap_before:
                out[-1] += "\n" + item_text
            else:
                out.append(item_text)
            continue
        shape = heading_shape(line)
        short_pair = i in next_of and heading_shape(following) and len(following) < 40 and len(line) < 40
        if shape is not None and not short_pair:
            flush()
            numbered_seen = True
            out.append("#" * min(1 + shape, 6) + " " + escape(line.strip()))
            continue
        if i == first and _title_line(line, "x" * 60):
            flush()
            out.append("# " + escape(line.strip()))
            continue
        if gap_before and alone and _title_line(line, following):
            flush()
            out.append(("### " if numbered_seen else "## ") + escape(line.strip()))
            continue
        if gap_before:
            flush()
        para.append(escape(line.strip()))
    flush()
    return "\n\n".join(out) + "\n" if out else ""
