"""Alert templates in Jinja2's immutable sandbox, autoescape set explicitly (never by file name)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from jinja2.sandbox import ImmutableSandboxedEnvironment

from alerts.content import AlertContent
from monitor.textdiff import DELETE, INSERT

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


def render_email(content: AlertContent) -> tuple[str, str]:
    """(text, html) bodies of the change email."""
    return (render(builtin_template("email.txt"), content, html=False),
            render(builtin_template("email.html"), content, html=True))
