"""A short, human reason for each way a download can fail."""

from __future__ import annotations

from twisted.internet import defer, error
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived
from scrapy.exceptions import IgnoreRequest

from crawler.errors import RefusedRequest
from crawler.ssrf import ForbiddenAddressError


def describe_failure(failure) -> str:
    exc = failure.value
    if isinstance(exc, (RefusedRequest, ForbiddenAddressError)):
        return str(exc)
    if isinstance(exc, IgnoreRequest):
        return str(exc) or "request ignored"
    if isinstance(exc, (error.TimeoutError, error.TCPTimedOutError, defer.TimeoutError)):
        return "timed out"
    if isinstance(exc, error.DNSLookupError):
        return f"DNS lookup failed: {exc}"
    if isinstance(exc, error.ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, defer.CancelledError):
        return f"download cancelled: {exc}" if str(exc) else "download cancelled (body larger than the size limit)"
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed, error.ConnectionLost, error.ConnectionDone)):
        return f"connection closed before a complete response ({exc.__class__.__name__})"
    if isinstance(exc, error.SSLError) or "SSL" in exc.__class__.__name__:
        return f"TLS error: {exc}"
    return f"{exc.__class__.__name__}: {exc}"
