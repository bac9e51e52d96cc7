"""JSON Schemas of the `--json` outputs (watches, check, history, alerts, diff, compare), shipped so
that scripts can validate what they parse; ``common.schema.json`` holds the shared shapes."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

NAMES = ("watches", "check", "history", "alerts", "diff", "compare", "vendors", "reviews")


@cache
def schema(name: str) -> dict:
    """The schema of one command's --json output (or ``common``)."""
    return json.loads(files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


def validator(name: str):
    """A jsonschema validator for one command's output, with the shared shapes resolvable.

    jsonschema is needed only here (tests and scripts that validate), not to run policywatch."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (schema(n)["$id"], Resource.from_contents(schema(n))) for n in (*NAMES, "common")
    )
    return Draft202012Validator(schema(name), registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
