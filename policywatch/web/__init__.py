"""The diff-history viewer (`policywatch serve`): Flask views over the store, read-only except
for reviews, which need the viewer token, a CSRF token and a same-origin POST.

Every page-derived string reaches the browser through Jinja2's autoescaping; stored snapshots are
served as plain text, never as live HTML; a strict Content-Security-Policy backs that up.
"""

from __future__ import annotations

from flask import Flask

from policywatch.storage import Store
from policywatch.web.auth import AuthError, install_host_check, token_for
from policywatch.web.auth import install as install_auth

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

__all__ = ["AuthError", "create_app", "token_for"]


def create_app(
    store: Store,
    *,
    token: str | None = None,
    title: str = "policywatch",
    bound: str = "127.0.0.1",
    allowed_hosts: tuple[str, ...] = (),
    base_url: str | None = None,
    notice_days: dict[str, tuple[int, int]] | None = None,
) -> Flask:
    """``bound``: the address served on; ``allowed_hosts``: other names it answers to (always
    checked without a token, where DNS rebinding could read it); ``base_url``: where absolute links
    in feeds point (``alerts.viewer_url``), never taken from a request."""
    from policywatch.web import api, feeds, reviews, views

    app = Flask(__name__)
    app.config.update(
        STORE=store,
        SITE_TITLE=title,
        JSON_SORT_KEYS=False,
        BASE_URL=base_url,
        NOTICE_DAYS=notice_days or {},
        REVIEWS_WRITABLE=token is not None,  # never anonymous, even on loopback
    )
    app.json.ensure_ascii = False
    if token is None or allowed_hosts:
        install_host_check(app, bound, allowed_hosts)
    install_auth(app, token)
    app.register_blueprint(views.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(feeds.blueprint)
    app.register_blueprint(reviews.blueprint)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if token is not None:
            response.headers["Cache-Control"] = "private, no-store"
        return response

    return app
