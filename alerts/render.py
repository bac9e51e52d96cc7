"""Alert templates in Jinja2's immutable sandbox, autoescape set explicitly (never by file name)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment

from alerts.content import AlertContent
from monitor.textdiff import DELETE, INSERT

log = logging.getLogger(__name__)
BADGE = {
    "material": "background:#ffebe9;color:#a40e26;",
    "minor": "background:#fff8c5;color:#7d4e00;",
    "none": "background:#eaeef2;color:#59636e;",
}


@lru_cache(maxsize=2)
def environment(html: bool) -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(autoescape=html, keep_trailing_newline=True)


def builtin_template(name: str) -> str:
    return files("alerts").joinpath(f"templates/{name}").read_text(encoding="utf-8")


def render(source: str, content: AlertContent, *, html: bool) -> str:
    template = environment(html).from_string(source)
    return template.render(c=content, INSERT=INSERT, DELETE=DELETE, badge=BADGE)


def render_with_fallback(user_file: str | None, builtin: str | None, content: AlertContent, *, html: bool) -> str:
    """A user's template in the sandbox; if it cannot be read or rendered, the built-in one, and a log line why."""
    if user_file:
        try:
            return render(Path(user_file).read_text(encoding="utf-8"), content, html=html)
        except Exception as exc:  # TemplateError, SecurityError, OSError...: never lose the alert over a template
            log.warning("alert template %s failed (%s: %s); using the built-in template", user_file,
                        exc.__class__.__name__, exc)
    return render(builtin_template(builtin), content, html=html) if builtin else content.subject


def render_email(content: AlertContent, templates: Mapping[str, str] | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of the change email, from the user's templates where configured."""
    templates = templates or {}
    subject = render_with_fallback(templates.get("subject"), None, content, html=False)
    return (subject,
            render_with_fallback(templates.get("text"), "email.txt", content, html=False),
            render_with_fallback(templates.get("html"), "email.html", content, html=True))


def render_digest(content: AlertContent) -> tuple[str, str, str]:
    return (content.subject, render(builtin_template("digest.txt"), content, html=False),
            render(builtin_template("digest.html"), content, html=True))
