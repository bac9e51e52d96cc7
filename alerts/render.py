"""Alert templates in Jinja2's immutable sandbox, autoescape set explicitly (never by file name)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from policywatch.alerts.content import AlertContent
from policywatch.monitor.textdiff import DELETE, INSERT

log = logging.getLogger(__name__)
BADGE = {
    "material": "background:#ffebe9;color:#a40e26;",
    "minor": "background:#fff8c5;color:#7d4e00;",
    "none": "background:#eaeef2;color:#59636e;",
}


RENDER_SECONDS = 2.0  # a template that takes longer is abandoned for the built-in one
RENDER_BYTES = 2_000_000  # and so is one that writes more
LONGEST_SEQUENCE = 10_000  # items a range or a repeated string may hold
_deadline = threading.local()


class RenderLimitExceeded(SecurityError):
    """A user template ran too long or wrote too much."""


def _check_deadline() -> None:
    until = getattr(_deadline, "until", None)
    if until is not None and time.monotonic() > until:
        raise RenderLimitExceeded(f"the template ran longer than {RENDER_SECONDS:.0f} s")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, plus bounds on time, output and sequence sizes: a template with
    nested loops or "x" * 10**9 cannot hold up delivery or exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        _check_deadline()
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise RenderLimitExceeded("exponent too large in a template")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(count, int)
                    and len(seq) * count > LONGEST_SEQUENCE * 100
                ):
                    raise RenderLimitExceeded("a repeated value too long in a template")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):
        _check_deadline()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        _check_deadline()
        return super().getattr(obj, attribute)


def _range(*args: int) -> range:
    _check_deadline()
    values = range(*args)
    if len(values) > LONGEST_SEQUENCE:
        raise RenderLimitExceeded(f"range() of more than {LONGEST_SEQUENCE} items in a template")
    return values


@lru_cache(maxsize=2)
def environment(html: bool) -> ImmutableSandboxedEnvironment:
    env = LimitedSandbox(autoescape=html, keep_trailing_newline=True)
    env.globals["range"] = _range
    return env


def builtin_template(name: str) -> str:
    return files("policywatch.alerts").joinpath(f"templates/{name}").read_text(encoding="utf-8")


def render(source: str, content: AlertContent, *, html: bool) -> str:
    template = environment(html).from_string(source)
    _deadline.until = time.monotonic() + RENDER_SECONDS
    try:
        out, size = [], 0
        for chunk in template.generate(c=content, INSERT=INSERT, DELETE=DELETE, badge=BADGE):
            size += len(chunk)
            if size > RENDER_BYTES:
                raise RenderLimitExceeded(f"the template wrote more than {RENDER_BYTES // 1_000_000} MB")
            _check_deadline()
            out.append(chunk)
        return "".join(out)
    finally:
        _deadline.until = None


def render_with_fallback(user_file: str | None, builtin: str | None, content: AlertContent, *, html: bool) -> str:
    """A user's template in the sandbox; if it cannot be read or rendered, the built-in one, and a log line why."""
    if user_file:
        try:
            return render(Path(user_file).read_text(encoding="utf-8"), content, html=html)
        except Exception as exc:  # TemplateError, SecurityError, OSError...: never lose the alert over a template
            log.warning(
                "alert template %s failed (%s: %s); using the built-in template", user_file, exc.__class__.__name__, exc
            )
    return render(builtin_template(builtin), content, html=html) if builtin else content.subject


def render_email(content: AlertContent, templates: Mapping[str, str] | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of the change email, from the user's templates where configured."""
    templates = templates or {}
    subject = render_with_fallback(templates.get("subject"), None, content, html=False)
    return (
        subject,
        render_with_fallback(templates.get("text"), "email.txt", content, html=False),
        render_with_fallback(templates.get("html"), "email.html", content, html=True),
    )


def render_digest(content: AlertContent) -> tuple[str, str, str]:
    return (
        content.subject,
        render(builtin_template("digest.txt"), content, html=False),
        render(builtin_template("digest.html"), content, html=True),
    )
