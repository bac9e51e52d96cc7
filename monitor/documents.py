"""A file or fetched body (HTML, Markdown or plain text) -> extracted text -> Policy."""

from __future__ import annotations

from pathlib import Path

from policywatch.monitor.compare import build_policy
from policywatch.monitor.extract import extract
from policywatch.monitor.policy import Policy

SUFFIX_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
}


def policy_from_text(text: str, content_type: str = "text/plain") -> Policy:
    """A policy from text in memory (plain text by default), read as a fetched page of that type would be."""
    extracted = extract(text.encode("utf-8"), content_type)
    return build_policy(extracted.text, extracted.title if extracted.format == "html" else None)


def policy_from_file(path: Path, *, select: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> Policy:
    body = path.read_bytes()
    extracted = extract(body, SUFFIX_TYPES.get(path.suffix.lower()), select=select, remove=remove)
    return build_policy(extracted.text, extracted.title if extracted.format == "html" else None)
