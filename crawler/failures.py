"""A short, human reason for each way a download can fail."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy import exceptions as scrapy_errors
from twisted.internet import defer, error
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from policywatch.crawler.errors import RefusedRequest
from policywatch.crawler.ssrf import REFUSED_HOSTS

_MAXSIZE = re.compile(r"DOWNLOAD_MAXSIZE \((\d+) B\)")
_TIMEOUTS = (scrapy_errors.DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError, defer.TimeoutError)
_REFUSED = (scrapy_errors.DownloadConnectionRefusedError, error.ConnectionRefusedError)
_DNS = (scrapy_errors.CannotResolveHostError, error.DNSLookupError)
_CANCELLED = (scrapy_errors.DownloadCancelledError, defer.CancelledError)
_LOST = (
    scrapy_errors.ResponseDataLossError,
    ResponseNeverReceived,
    ResponseFailed,
    error.ConnectionLost,
    error.ConnectionDone,
)


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def describe_failure(failure, max_size: int | None = None) -> str:
    received = failure.request.meta.get("pw_bytes", 0)
    cut = received > (max_size or 0) or "max size" in str(failure.value)
    if max_size and cut and isinstance(failure.value, _CANCELLED):
        return too_large(max_size)
    return describe_exception(failure.value, failure.request.url)


def too_large(max_size: int, how: str = "") -> str:
    return f"the body is larger than {max_size / 1048576:.1f} MB{how} (crawler.max_size): not downloaded"


def _nested(exc: BaseException):
    """``exc`` and everything it wraps: causes, contexts, and Twisted's lists of failures."""
    stack, seen = [exc], set()
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [current.__cause__, current.__context__]
        for group in (getattr(current, "reasons", None), *(a for a in current.args if isinstance(a, list))):
            for item in group or ():
                stack.append(getattr(item, "value", item))  # a Twisted Failure carries the exception as .value


def _tls_problem(exc: BaseException) -> str | None:
    for inner in _nested(exc):
        if isinstance(inner, BaseException) and ("SSL" in type(inner).__module__ + type(inner).__name__):
            details = [
                part
                for err in (inner.args[0] if inner.args and isinstance(inner.args[0], list) else [])
                for part in (err if isinstance(err, tuple) else (err,))
                if part
            ]
            return f"TLS handshake failed ({details[-1] if details else type(inner).__name__})"
    return None


def refusal(exc: BaseException, url: str) -> str | None:
    """The guard's own message when ``exc`` is (or was caused by) a refusal."""
    for cause in _causes(exc):
        if isinstance(cause, RefusedRequest):
            return str(cause)
    if isinstance(exc, _DNS):
        return REFUSED_HOSTS.get(urlsplit(url).hostname or "")
    return None


def describe_exception(exc: BaseException, url: str) -> str:
    refused = refusal(exc, url)
    if refused:
        return refused
    redirect = _unfollowed_redirect(exc)
    if redirect:
        return redirect
    if isinstance(exc, scrapy_errors.IgnoreRequest):
        text = str(exc)
        match = _MAXSIZE.search(text)
        if match:
            return too_large(int(match.group(1)), " once decompressed" if "decompress" in text else "")
        if "max redirections" in text:
            return "too many redirects (more than 10): a redirect loop or a long chain"
        return text or "request ignored"
    if isinstance(exc, _TIMEOUTS):
        return "timed out (crawler.timeout)"
    if isinstance(exc, _REFUSED):
        return "connection refused"
    if isinstance(exc, _DNS):
        return f"DNS lookup failed: no address for {urlsplit(url).hostname}"
    if isinstance(exc, _CANCELLED):
        text = str(exc)
        if "max size" in text or "maxsize" in text:
            return "response larger than the size limit (crawler.max_size)"
        return f"download cancelled: {text}" if text else "download cancelled"
    tls = _tls_problem(exc)
    if tls:
        return tls
    if isinstance(exc, _LOST) or any(isinstance(inner, _LOST) for inner in _nested(exc)):
        if any(isinstance(inner, error.ConnectionDone) for inner in _nested(exc)):
            return (
                "the connection closed before a response could be read (a status line or header over "
                f"{MAX_HEADER_LINE // 1024} KB, or no answer at all)"
            )
        return f"connection closed before a complete response ({exc.__class__.__name__})"
    return f"{exc.__class__.__name__}: {exc}"


def is_transient(exc: BaseException, url: str) -> bool:
    """Whether a failed download is a fault likely to pass by the next check (a timeout, a refused or
    dropped connection), as opposed to one that stays until someone acts (a refusal by the guard or
    robots.txt, a name that does not resolve, a TLS problem, a page over the size limit)."""
    if refusal(exc, url) or _unfollowed_redirect(exc) or _tls_problem(exc):
        return False
    if isinstance(exc, (*_TIMEOUTS, *_REFUSED)):
        return True
    return isinstance(exc, _LOST) or any(isinstance(inner, _LOST) for inner in _nested(exc))


MAX_HEADER_LINE = 16384  # Twisted's HTTP client drops the connection past this many bytes in one line


def _unfollowed_redirect(exc: BaseException) -> str | None:
    """A redirect Scrapy did not follow because its target is not http(s) (file:, ftp:, data: ...)."""
    response = getattr(exc, "response", None)
    if response is None or not 300 <= getattr(response, "status", 0) < 400:
        return None
    location = response.headers.get(b"Location", b"").decode("latin-1").strip()
    scheme = urlsplit(location).scheme.lower() if location else ""
    if location and scheme and scheme not in ("http", "https"):
        shown = location if len(location) <= 80 else location[:79] + "…"
        return f"redirected to {shown}, which is not an http or https URL: not followed"
    return f"HTTP {response.status} redirect without a usable Location header" if not location else None
