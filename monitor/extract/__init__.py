"""Turn a fetched body into Markdown: headings, paragraphs, lists, tables.

The Markdown is what versions store, whatever the page's format (HTML, Markdown, plain text,
PDF); :mod:`monitor.structure` rebuilds the policy's sections from it with one reader.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from policywatch.monitor.extract.decode import decode_body
from policywatch.monitor.extract.errors import ExtractionError
from policywatch.monitor.extract.html import extract_html
from policywatch.monitor.extract.pdf import pdf_text
from policywatch.monitor.extract.plain import extract_plain

# Bump when the output of any extractor changes: re-extraction is then a technical upgrade.
EXTRACTOR_VERSION = "pw-12"  # pw-2: mislabelled Windows-1252 bytes, PDFs; pw-3: Markdown for every format; pw-4: accordion headings, run-in leads; pw-5: Markdown hard breaks only inside paragraphs; pw-6: a <details> summary is a heading, a grid of classed <div>s a table, a plain-text "¿...?" line a heading; pw-7: a consent banner has a control (a cookie notice's own title is kept); pw-8: a Cloudflare address that decodes to no address stays a placeholder; pw-9: a footer that states the document's date is kept; pw-10: a table cell spanning rows is repeated below it; pw-11: a mail link without text set apart, a heading glued to a Markdown paragraph its own block; pw-12: a definition list is a list, a term and its descriptions one entry


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None
    format: str


def detect_format(body: bytes, content_type: str | None) -> str:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "application/pdf" or body.startswith(b"%PDF-"):
        return "pdf"
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime in ("text/markdown", "text/x-markdown"):
        return "markdown"
    if mime == "text/plain":
        return "text"
    if mime and not mime.startswith("text/"):
        raise ExtractionError(f"unsupported content type {mime!r}")
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<div" in head:
        return "html"
    return "text"


def extract(
    body: bytes,
    content_type: str | None = None,
    *,
    select: tuple[str, ...] = (),
    remove: tuple[str, ...] = (),
) -> Extracted:
    fmt = detect_format(body, content_type)
    if fmt == "pdf":
        title, text = pdf_text(body)
        _, content = extract_plain(text)  # PDF text is plain text
        return Extracted(text=content, title=title or _first_line(content), format=fmt)
    if _looks_binary(body[:4096]):
        raise ExtractionError(f"the body is binary, not text (served as {content_type or 'no content type'})")
    text = decode_body(body, content_type)
    if fmt == "html":
        title, content = extract_html(text, select=select, remove=remove)
    else:
        title, content = extract_plain(text, markdown=fmt == "markdown")
    return Extracted(text=content, title=title, format=fmt)


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


def _first_line(text: str) -> str | None:
    return next((line.lstrip("# ").strip() for line in text.splitlines() if line.strip()), None)


__all__ = ["EXTRACTOR_VERSION", "Extracted", "ExtractionError", "detect_format", "extract"]
