"""Reviews in the viewer: the open list, the review box of a change, its POST, the API and the feed.

A review is the viewer's only write. It is refused unless the viewer runs with its token (every
request then carries it; never anonymous, even on loopback, where any web page in the same browser
could post), and the POST must come from this viewer's own page: a same-origin request (Origin and
Sec-Fetch-Site, when the browser sends them) carrying the CSRF token of its ``SameSite=Strict``
cookie. The review log is append-only.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, g, jsonify, redirect, render_template, request, url_for

from policywatch.reviews import STATUSES, ReviewError, ReviewItem, record_review, review_items
from policywatch.web.auth import presented_user
from policywatch.web.feeds import external
from policywatch.web.views import find_version, find_watch, store

blueprint = Blueprint("reviews", __name__)
CSRF_COOKIE = "policywatch_csrf"


def writable() -> bool:
    return bool(current_app.config.get("REVIEWS_WRITABLE"))


def csrf_token() -> str:
    """This browser's CSRF token: the cookie's value, or a new one set on the response."""
    token = request.cookies.get(CSRF_COOKIE) or g.get("new_csrf")
    if not token:
        token = g.new_csrf = secrets.token_urlsafe(32)
    return token


@blueprint.after_app_request
def set_csrf_cookie(response: Response) -> Response:
    if g.get("new_csrf"):
        response.set_cookie(
            CSRF_COOKIE, g.new_csrf, httponly=True, samesite="Strict", secure=request.is_secure, path="/"
        )
    return response


@blueprint.app_context_processor
def review_helpers() -> dict:
    return {"reviews_writable": writable(), "csrf_token": csrf_token, "review_statuses": STATUSES}


def items(open_only: bool = False) -> list[ReviewItem]:
    return review_items(store(), store().watches(), current_app.config["NOTICE_DAYS"], open_only=open_only)


def item_for(name: str, number: int) -> ReviewItem | None:
    record = find_watch(name)
    found = review_items(store(), [record], current_app.config["NOTICE_DAYS"])
    return next((i for i in found if i.version.number == number), None)


@blueprint.route("/reviews")
def reviews_page():
    open_only = request.args.get("open") in ("1", "true", "on")
    return render_template("reviews.html", items=items(open_only), open_only=open_only, today=datetime.now(UTC).date())


@blueprint.route("/api/reviews")
def reviews_api():
    open_only = request.args.get("open") in ("1", "true", "on")
    today = datetime.now(UTC).date()
    return jsonify([i.to_json(today) for i in items(open_only)])


@blueprint.route("/reviews.atom")
def reviews_feed():
    """Open material changes, the nearest deadline first: a feed reader's to-do list."""
    today = datetime.now(UTC).date()
    entries = []
    for item in items(open_only=True):
        entries.append(
            {
                "title": f"{item.watch}: {item.headline}",
                "id": f"tag:policywatch,2026:review/watch-{item.version.watch_id}/v{item.version.number}",
                "updated": (item.log[-1].at if item.log else item.version.created_at),
                "link": external(
                    "views.diff", name=item.watch, **{"from": item.version.number - 1, "to": item.version.number}
                ),
                "level": item.level,
                "summary": f"{item.level} change in {item.watch} (v{item.version.number}), {item.status}"
                + (f"; {item.deadline.words(today)}" if item.deadline else ""),
            }
        )
    updated = max((e["updated"] for e in entries), default=datetime(2026, 1, 1, tzinfo=UTC))
    body = render_template(
        "reviews.atom.xml",
        entries=entries,
        updated=updated,
        self_url=external("reviews.reviews_feed"),
        alternate=external("reviews.reviews_page"),
    )
    return Response(body, mimetype="application/atom+xml")


def _refuse(status: int, why: str):
    return Response(f"{status} {why}\n", status=status, mimetype="text/plain")


def _same_origin() -> bool:
    """A browser names where a request comes from; anything but this viewer's own pages is refused."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("Origin")
    if origin == "null":  # what a browser sends under Referrer-Policy: no-referrer; its Sec-Fetch-Site decides
        return site == "same-origin"
    return origin is None or origin == f"{request.scheme}://{request.host}"


@blueprint.route("/watches/<path:name>/versions/<int:number>/review", methods=["POST"])
def post_review(name: str, number: int):
    if not writable():
        return _refuse(
            403,
            "reviews are written only in a viewer started with POLICYWATCH_VIEWER_TOKEN set "
            "(or with `policywatch review`)",
        )
    if not _same_origin():
        return _refuse(403, "refused: a review can only be posted from this viewer's own page")
    cookie, given = request.cookies.get(CSRF_COOKIE, ""), request.form.get("csrf", "")
    if not cookie or not given or not hmac.compare_digest(cookie.encode(), given.encode()):
        return _refuse(403, "refused: the CSRF token is missing or wrong (reload the page and try again)")
    record = find_watch(name)
    find_version(record, number)
    try:
        record_review(
            store(),
            record,
            number,
            status=request.form.get("status", ""),
            note=request.form.get("note", ""),
            by=request.form.get("by") or presented_user() or "",
            via="viewer",
        )
    except ReviewError as exc:
        abort(400, str(exc))
    target = url_for("views.diff", name=name, **{"from": number - 1, "to": number})
    return redirect(target + "#review", code=303)
