"""Atom feeds of changes, for all watches and per watch (feed readers are how many analysts keep up)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, render_template, request, url_for

from policywatch import history
from policywatch.web.views import find_watch, store

blueprint = Blueprint("feeds", __name__)
ENTRIES = 50


def _entries(records) -> list[dict]:
    items = []
    for record in records:
        for v in store().versions(record.id):
            if v.number == 1 or v.kind != "fetched":
                continue
            items.append(
                {
                    "watch": record.name,
                    "version": v,
                    "level": v.level or "none",
                    "title": f"{record.name}: {history.version_headline(v)}",
                    "sentences": history.sentences(v),
                    "link": external("views.diff", name=record.name, **{"from": v.number - 1, "to": v.number}),
                    "id": f"tag:policywatch,2026:watch-{record.id}/v{v.number}",
                }
            )
    items.sort(key=lambda item: item["version"].created_at, reverse=True)
    return items[:ENTRIES]


def _feed(title: str, records, self_url: str, alternate: str) -> Response:
    entries = _entries(records)
    updated = entries[0]["version"].created_at if entries else datetime(2026, 1, 1, tzinfo=UTC)
    body = render_template(
        "feed.atom.xml",
        title=title,
        entries=entries,
        updated=updated,
        self_url=self_url,
        alternate=alternate,
        feed_id=f"tag:policywatch,2026:{request.path}",
    )
    return Response(body, mimetype="application/atom+xml")


@blueprint.route("/feed.atom")
def all_changes():
    return _feed(
        "policywatch: all changes", store().watches(), external("feeds.all_changes"), external("views.overview")
    )


@blueprint.route("/watches/<path:name>/feed.atom")
def watch_changes(name: str):
    record = find_watch(name)
    return _feed(
        f"policywatch: {record.name}",
        [record],
        external("feeds.watch_changes", name=name),
        external("views.watch", name=name),
    )


def external(endpoint: str, **values) -> str:
    """An absolute link: on the configured base URL when there is one, else on the request's Host
    (which the host check has already matched against the names this viewer serves)."""
    base = current_app.config.get("BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
