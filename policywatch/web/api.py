"""The read-only JSON API: watches, versions and diffs in the contract's event format."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from policywatch import history
from policywatch.web.views import find_version, find_watch, store, vendors_for

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.route("/watches")
def watches():
    due = store().next_due()
    return jsonify([history.watch_state(store(), r, due).to_json() for r in store().watches()])


@blueprint.route("/watches/<path:name>/versions")
def versions(name: str):
    record = find_watch(name)
    return jsonify([v.to_json() for v in store().versions(record.id)])


@blueprint.route("/diff")
def diff():
    """``/api/diff?watch=NAME&from=V&to=V`` (default: the last two versions)."""
    name = request.args.get("watch")
    if not name:
        abort(400, "the watch parameter is required")
    record = find_watch(name)
    stored = store().versions(record.id)
    if len(stored) < 2 and "from" not in request.args:
        abort(404, f"{name} has fewer than two versions")
    try:
        to_v = int(request.args.get("to", stored[0].number))
        from_v = int(request.args.get("from", to_v - 1))
    except ValueError:
        abort(400, "from and to must be version numbers")
    old, new = find_version(record, from_v), find_version(record, to_v)
    return jsonify(
        {"watch": record.name, "from": old.number, "to": new.number, **history.comparison(store(), old, new).to_json()}
    )


@blueprint.route("/vendors")
def vendors():
    """``/api/vendors?since=90d&category=ai&name=TEXT&current=1&country=US&outside_eea=1&no_adequacy=1``:
    the vendor register as JSON."""
    found, _ = vendors_for(request.args)
    return jsonify([v.to_json() for v in found])


@blueprint.errorhandler(400)
@blueprint.errorhandler(404)
def error(err):
    return jsonify({"error": err.description}), err.code
