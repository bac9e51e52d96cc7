"""Who may read the viewer: everyone on 127.0.0.1; anywhere else, only holders of the token.

The token comes from the environment (``POLICYWATCH_VIEWER_TOKEN``), never from the config file.
It is checked once, before any route runs, so no view, static file, feed or API can forget it.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress

from flask import Flask, Response, request

TOKEN_ENV = "POLICYWATCH_VIEWER_TOKEN"
MIN_TOKEN_LENGTH = 16


class AuthError(Exception):
    """The viewer would be exposed without protection: refuse to start."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_for(host: str, environ: dict) -> str | None:
    """The token the viewer must demand when bound to ``host`` (None: loopback without a token)."""
    token = environ.get(TOKEN_ENV) or None
    if token is None and not is_loopback(host):
        raise AuthError(
            f"refusing to serve on {host} without a token: set {TOKEN_ENV} (at least "
            f"{MIN_TOKEN_LENGTH} characters), or bind to 127.0.0.1"
        )
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise AuthError(f"{TOKEN_ENV} is too short: use at least {MIN_TOKEN_LENGTH} characters")
    return token


def presented_token() -> str | None:
    """A bearer token, or the password of HTTP Basic auth (any user name), so a browser can log in."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


def presented_user() -> str | None:
    """The user name of HTTP Basic auth (the reviewer the browser logged in as), if any."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[0]
    except (ValueError, UnicodeDecodeError):
        return None
    return " ".join(user.split()) or None


def install(app: Flask, token: str | None) -> None:
    if token is None:
        return
    expected = token.encode("utf-8")

    @app.before_request
    def require_token():
        given = presented_token()
        if given is not None and hmac.compare_digest(given.encode("utf-8"), expected):
            return None
        return Response(
            "authentication required\n",
            401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Basic realm="policywatch", charset="UTF-8"'},
        )


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def install_host_check(app: Flask, bound: str, allowed_hosts: tuple[str, ...] = ()) -> None:
    """Answer only requests addressed to a name this viewer serves: a web page an analyst visits
    could otherwise point its own name at 127.0.0.1 (DNS rebinding) and read the history."""
    names = {h.lower().strip("[]") for h in (*LOOPBACK_NAMES, bound, *allowed_hosts)}

    @app.before_request
    def require_known_host():
        host = request.host.lower()
        name = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
        if name not in names:
            return Response(
                f"421 Misdirected Request: this viewer does not serve the host {name!r} "
                "(add it to viewer.allowed_hosts)\n",
                status=421,
                mimetype="text/plain",
            )
        return None
