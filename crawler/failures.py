"""A short, human reason for each way a download can fail."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from twisted.internet import defer, error
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.errors import RefusedRequest
from urllib.parse import urlsplit

from crawler.ssrf import REFUSED_HOSTS

_TIMEOUTS = (scrapy_errors.DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError, defer.TimeoutError)
_REFUSED = (scrapy_errors.DownloadConnectionRefusedError, error.ConnectionRefusedError)
_DNS = (scrapy_errors.CannotResolveHostError, error.DNSLookupError)
_CANCELLED = (scrapy_errors.DownloadCancelledError, defer.CancelledError)
_LOST = (
    scrapy_errors.ResponseDataLossError, ResponseNeverReceived, ResponseFailed,
    error.ConnectionLost, error.ConnectionDone,
)


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def describe_failure(failure) -> str:
    return describe_exception(failure.value, failure.request.url)


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
    if isinstance(exc, scrapy_errors.IgnoreRequest):
        return str(exc) or "request ignored"
    if isinstance(exc, _TIMEOUTS):
        return "timed out"
    if isinstance(exc, _REFUSED):
        return "connection refused"
    if isinstance(exc, _DNS):
        return f"DNS lookup failed: {exc}"
    if isinstance(exc, _CANCELLED):
        text = str(exc)
        if "max size" in text or "maxsize" in text:
            return "response larger than the size limit (crawler.max_size)"
        return f"download cancelled: {text}" if text else "download cancelled"
    if isinstance(exc, _LOST):
        return f"connection closed before a complete response ({exc.__class__.__name__})"
    if "SSL" in exc.__class__.__name__ or "TLS" in str(exc)[:40]:
        return f"TLS error: {exc}"
    return f"{exc.__class__.__name__}: {exc}"
