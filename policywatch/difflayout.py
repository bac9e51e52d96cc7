"""A section's word diff laid out for reading: paragraphs, and Markdown tables as tables, with long
unchanged stretches of a changed paragraph cut down to the words around each change.

The word diff is one list of (op, text) over the section's Markdown; a person reads it line by
line. A small edit inside a 2,000-character paragraph is easy to miss in running text, so a changed
paragraph longer than :data:`LONG` is shown as excerpts around its changes (the whole paragraph stays
one click away), and the viewer marks each changed line in the margin."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policywatch.monitor.textdiff import DELETE, EQUAL, INSERT

Segment = tuple[int, str]

LONG = 600  # characters: a changed paragraph longer than this is shown as excerpts
CONTEXT = 160  # characters of unchanged text kept on each side of a change in an excerpt
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_DELIMITER = re.compile(r"^\s*:?-{1,}:?\s*$")


@dataclass
class Line:
    segments: list[Segment]
    excerpt: list[Segment] | None = None  # the long paragraph cut to its changes, when it is long

    @property
    def changed(self) -> bool:
        return any(op != EQUAL and text.strip() for op, text in self.segments)


@dataclass
class Row:
    cells: list[list[Segment]]
    header: bool = False

    @property
    def changed(self) -> bool:
        return any(op != EQUAL and text.strip() for cell in self.cells for op, text in cell)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)


def layout(diffs: list[Segment], table_lines: dict[str, str] | None = None) -> list[Line | Table]:
    """Lines and tables, in order, from one section's diff.

    ``table_lines``: the text of each table row of the section (either version) -> "row" or
    "header", as the policy model read them (cells joined by " | "). Lines in Markdown pipe syntax
    are tables too."""
    blocks: list[Line | Table] = []
    table_lines = table_lines or {}
    for line in _lines(diffs):
        kind = _row_kind(line, table_lines)
        if kind:
            cells = _cells(line, pipes=kind == "pipe")
            if blocks and isinstance(blocks[-1], Table):
                table = blocks[-1]
            else:
                table = Table()
                blocks.append(table)
            if kind == "pipe" and all(_DELIMITER.match(_text(c, INSERT) or _text(c, DELETE) or "-") for c in cells):
                if table.rows:
                    table.rows[-1].header = True
                continue
            table.rows.append(Row(cells, header=kind == "header"))
        else:
            if line.changed and len(_text(line.segments, INSERT)) > LONG:
                line.excerpt = _excerpt(line.segments)
            blocks.append(line)
    return blocks


def _lines(diffs: list[Segment]) -> list[Line]:
    lines = [Line([])]
    for op, text in diffs:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append(Line([]))
            if part:
                lines[-1].segments.append((op, part))
    return lines


def _text(segments: list[Segment], side: int) -> str:
    """The line as one side reads it: the old side skips insertions, the new side deletions."""
    return "".join(text for op, text in segments if op in (EQUAL, side))


def _row_kind(line: Line, table_lines: dict[str, str]) -> str | None:
    sides = [_text(line.segments, side) for side in (INSERT, DELETE)]
    for text in sides:
        if text in table_lines:
            return table_lines[text]
    if any(text.lstrip().startswith("|") for text in sides):
        return "pipe"
    return None


def _cells(line: Line, *, pipes: bool) -> list[list[Segment]]:
    """The line's segments cut at cell boundaries: every "|" in pipe syntax, " | " in the model's."""
    cells: list[list[Segment]] = [[]]
    for op, text in line.segments:
        parts = _CELL_SPLIT.split(text) if pipes else text.split(" | ")
        for i, part in enumerate(parts):
            if i:
                cells.append([])
            if part:
                cells[-1].append((op, part.replace("\\|", "|") if pipes else part))
    if pipes and cells and not "".join(t for _, t in cells[0]).strip():
        cells = cells[1:]  # before the leading pipe
    if pipes and cells and not "".join(t for _, t in cells[-1]).strip():
        cells = cells[:-1]  # after the trailing pipe
    return [_strip(cell) for cell in cells]


def _strip(cell: list[Segment]) -> list[Segment]:
    """A cell without the spaces that pad it inside its pipes."""
    if cell:
        cell = [(cell[0][0], cell[0][1].lstrip())] + cell[1:]
        cell = cell[:-1] + [(cell[-1][0], cell[-1][1].rstrip())]
    return [(op, text) for op, text in cell if text]


def _excerpt(segments: list[Segment]) -> list[Segment]:
    """Unchanged runs cut to CONTEXT characters beside each change; an ellipsis marks each cut."""
    out: list[Segment] = []
    last = len(segments) - 1
    for i, (op, text) in enumerate(segments):
        if op != EQUAL:
            out.append((op, text))
            continue
        keep_head = i > 0  # the words right after a change
        keep_tail = i < last  # the words right before the next change
        limit = CONTEXT * (keep_head + keep_tail)
        if len(text) <= limit + 40:
            out.append((op, text))
            continue
        head = _cut_after(text, CONTEXT) if keep_head else ""
        tail = _cut_before(text, CONTEXT) if keep_tail else ""
        out.append(
            (
                EQUAL,
                " \u2026 ".join(p for p in (head, tail) if p)
                if head and tail
                else f"{head} \u2026"
                if head
                else f"\u2026 {tail}",
            )
        )
    return out


def _cut_after(text: str, size: int) -> str:
    """The first ``size`` characters, ending at a word boundary."""
    cut = text[:size]
    space = cut.rfind(" ")
    return cut[:space] if space > size // 2 else cut


def _cut_before(text: str, size: int) -> str:
    """The last ``size`` characters, starting at a word boundary."""
    cut = text[-size:]
    space = cut.find(" ")
    return cut[space + 1 :] if 0 <= space < size // 2 else cut
