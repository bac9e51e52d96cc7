"""The politeness key of a URL: requests to one key share one limit, whichever worker sends them."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_key(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.hostname.lower()}{'' if port in (None, default) else f':{port}'}"
