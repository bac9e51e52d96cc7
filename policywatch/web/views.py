"""The pages: overview, a watch's timeline and facts, version diffs, stored texts."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from policywatch import history
from policywatch.difflayout import Table, layout
from policywatch.monitor.textdiff import DELETE, EQUAL, INSERT
from policywatch.monitor.wording import describe
from policywatch.storage import Store
from policywatch.storage.errors import UnknownWatchError
from policywatch.storage.records import VersionRecord, WatchRecord
from policywatch.web.auth import presented_user

blueprint = Blueprint("views", __name__, template_folder="templates", static_folder="static", static_url_path="/static")


def store() -> Store:
    return current_app.config["STORE"]


def find_watch(name: str) -> WatchRecord:
    try:
        return store().watch(name)
    except UnknownWatchError:
        abort(404, f"no watch named {name!r}")


def find_version(record: WatchRecord, number: int) -> VersionRecord:
    version = store().version(record.id, number)
    if version is None:
        abort(404, f"{record.name} has no version {number}")
    return version


@blueprint.app_template_filter("when")
def when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


@blueprint.app_template_filter("day")
def day(moment) -> str:
    return moment.strftime("%-d %b %Y") if moment else ""


@blueprint.app_context_processor
def helpers() -> dict:
    return {
        "site_title": current_app.config["SITE_TITLE"],
        "EQUAL": EQUAL,
        "INSERT": INSERT,
        "DELETE": DELETE,
        "describe": describe,
        "Table": Table,
    }


@blueprint.route("/")
def overview():
    level = request.args.get("level") or ""
    text = request.args.get("q") or ""
    states = history.overview(store(), level=level or None, text=text)
    return render_template("overview.html", states=states, level=level, q=text, total=len(store().watches()))


def vendors_for(args) -> tuple[list, dict]:
    """The register filtered as the query asks (since, name, category, country, current, outside_eea,
    no_adequacy), and the filters."""

    from policywatch.config import parse_duration
    from policywatch.vendors import select, vendor_register

    filters = {k: (args.get(k) or "").strip() for k in ("since", "name", "category", "country")}
    for flag in ("current", "outside_eea", "no_adequacy"):
        filters[flag] = args.get(flag) in ("1", "true", "on")
    try:
        after = datetime.now(UTC) - parse_duration(filters["since"]) if filters["since"] else None
    except ValueError as exc:
        abort(400, f"since: {exc}")
    register = vendor_register(store(), store().watches())
    found = select(
        register,
        since=after,
        name=filters["name"] or None,
        category=filters["category"] or None,
        removed=not filters["current"],
        country=filters["country"] or None,
        outside_eea=bool(filters["outside_eea"]),
        no_adequacy=bool(filters["no_adequacy"]),
    )
    return found, filters


@blueprint.route("/vendors")
def vendors():
    found, filters = vendors_for(request.args)
    return render_template("vendors.html", vendors=found, filters=filters)


@blueprint.route("/vendors/<path:key>")
def vendor(key: str):
    from policywatch.vendors import vendor_register

    found = next((v for v in vendor_register(store(), store().watches()) if v.key == key), None)
    if found is None:
        abort(404, f"no vendor {key!r}")
    return render_template("vendor.html", vendor=found)


@blueprint.route("/watches/<path:name>")
def watch(name: str):
    record = find_watch(name)
    entries = history.timeline(store(), record)
    return render_template(
        "watch.html",
        record=record,
        entries=entries,
        state=history.watch_state(store(), record, store().next_due()),
        facts=history.current_facts(store(), record, [e.version for e in entries]),
        failures=history.failed_checks(store(), record),
    )


@blueprint.route("/watches/<path:name>/diff")
def diff(name: str):
    record = find_watch(name)
    versions = store().versions(record.id)
    if not versions:
        abort(404, f"{name} has no versions yet")
    latest = versions[0].number
    try:
        to_v = int(request.args.get("to", latest))
        from_v = int(request.args.get("from", to_v - 1))
    except ValueError:
        abort(400, "from and to must be version numbers")
    if to_v == 1 and from_v == 0:
        return redirect(url_for("views.version", name=name, number=1))
    old, new = find_version(record, from_v), find_version(record, to_v)
    side = request.args.get("view") == "side"
    c = history.comparison(store(), old, new)
    shown = [s for s in c.sections if s.status in ("changed", "added", "removed")]
    anchors: dict[str, str] = {}
    for i, s in enumerate(shown, 1):  # the ids diff.html gives the sections it shows
        for title in (s.new_title, s.old_title):
            if title:
                anchors.setdefault(title.casefold(), f"section-{i}")
    rows = history.event_rows(c.events)
    for row in rows:
        row.anchor = anchors.get((row.section or "").casefold())
    return render_template(
        "diff.html",
        review=_review_of(record, new) if new.number == old.number + 1 else None,
        reviewer=presented_user(),
        today=datetime.now(UTC).date(),
        record=record,
        old=old,
        new=new,
        versions=versions,
        side=side,
        c=c,
        rows=rows,
        layout=lambda s: layout(s.diffs, history.table_lines(c, s)),
        permalink=url_for("views.diff", name=name, **{"from": old.number, "to": new.number}),
        toggle=url_for(
            "views.diff", name=name, **{"from": old.number, "to": new.number}, **({} if side else {"view": "side"})
        ),
    )


def _review_of(record: WatchRecord, version: VersionRecord):
    from policywatch.reviews import review_items

    found = review_items(store(), [record], current_app.config.get("NOTICE_DAYS") or {})
    return next((i for i in found if i.version.id == version.id), None)


@blueprint.route("/watches/<path:name>/versions/<int:number>")
def version(name: str, number: int):
    record = find_watch(name)
    v = find_version(record, number)
    if number > 1:
        return redirect(url_for("views.diff", name=name, **{"from": number - 1, "to": number}))
    return render_template("version.html", record=record, v=v, policy=history.policy_of(store(), v))


@blueprint.route("/watches/<path:name>/versions/<int:number>/text")
def version_text(name: str, number: int):
    record = find_watch(name)
    return _plain(store().version_text(find_version(record, number)))


@blueprint.route("/watches/<path:name>/versions/<int:number>/snapshot")
def version_snapshot(name: str, number: int):
    """The raw page as fetched, shown as text: never rendered, so nothing in it can run."""
    record = find_watch(name)
    snapshot = store().snapshot(find_version(record, number).snapshot_id)
    return _plain(snapshot.body.decode("utf-8", "replace"))


@blueprint.route("/watches/<path:name>/versions/<int:number>/evidence")
def version_evidence(name: str, number: int):
    """The evidence record of a version, as a download (`policywatch evidence verify` checks it)."""
    from policywatch.evidence import CSP, build

    record = find_watch(name)
    made = build(store(), record, find_version(record, number))
    return Response(
        made.html,
        mimetype="text/html",
        headers={
            "Content-Disposition": f'attachment; filename="{made.filename}"',
            "Content-Security-Policy": CSP + "; sandbox",
        },
    )


def _plain(text: str) -> Response:
    return Response(text, mimetype="text/plain", headers={"Content-Security-Policy": "sandbox; default-src 'none'"})


@blueprint.app_errorhandler(404)
@blueprint.app_errorhandler(400)
def not_found(error):
    return render_template("error.html", error=error), error.code
