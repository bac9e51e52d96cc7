"""Which failed downloads are transient faults (counted towards "broken" only when they last)."""

from __future__ import annotations

import pytest
from scrapy import exceptions as scrapy_errors
from twisted.internet import error

from policywatch.crawler.errors import RefusedRequest
from policywatch.crawler.failures import is_transient

URL = "https://supplier.example/privacy"


@pytest.mark.parametrize(
    "exc",
    [
        scrapy_errors.DownloadTimeoutError("took too long"),
        error.TimeoutError(),
        error.TCPTimedOutError(),
        error.ConnectionRefusedError(),
        error.ConnectionLost(),
    ],
)
def test_faults_that_pass_are_transient(exc):
    assert is_transient(exc, URL)


@pytest.mark.parametrize(
    "exc",
    [
        RefusedRequest("refused: 10.0.0.5 is a private address"),
        error.DNSLookupError("no such host"),
        scrapy_errors.IgnoreRequest("Cancelling download: DOWNLOAD_MAXSIZE (5242880 B)"),
        ValueError("something else entirely"),
    ],
)
def test_faults_that_stay_are_not(exc):
    assert not is_transient(exc, URL)
