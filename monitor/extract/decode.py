"""Bytes to text, trusting BOM, then the HTTP header, then the page's own declaration.

Pages labelled UTF-8 that hold Windows-1252 bytes (a Dutch "ë" saved by an old editor) are common;
those bytes are read as Windows-1252 instead of becoming U+FFFD, so a mislabelled page reads the
same as a correctly labelled one and is never a false change.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_to_unicode

_HANDLER = "policywatch-cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(_HANDLER, _cp1252_fallback)


def decode_body(body: bytes, content_type: str | None) -> str:
    encoding, text = html_to_unicode(content_type, body)
    if encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig") and "\ufffd" in text:
        raw = body[3:] if body.startswith(codecs.BOM_UTF8) else body
        text = raw.decode("utf-8", errors=_HANDLER)
    return text.replace("\r\n", "\n").replace("\r", "\n")
