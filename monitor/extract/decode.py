"""Bytes to text, trusting BOM, then the HTTP header, then the page's own declaration."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode


def decode_body(body: bytes, content_type: str | None) -> str:
    _, text = html_to_unicode(content_type, body)
    return text.replace("\r\n", "\n").replace("\r", "\n")
