"""`policywatch demo`: the whole product offline, in one command.

A local website serves five real privacy policies as ordinary web pages, a local SMTP server catches
the alert emails, and a fresh SQLite database records the history. One check, a few realistic edits on
the site, a second check; then a summary, the emails as .eml files and an HTML report.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from policywatch.demo.mailcatcher import MailCatcher
from policywatch.demo.site import LocalSite, Page, policy_page, seed_texts


@dataclass(frozen=True)
class Edit:
    watch: str
    what: str  # what a person would say happened
    replace: tuple[tuple[str, str], ...]
    chrome: bool = False  # change only the page around the policy (footer), as redesigns do


WATCHES = {  # watch name -> seed
    "Ionect": "ionect-privacy-policy",
    "ImagePlus": "imageplus-privacy-notice",
    "iConnek": "iconnek-privacy-policy",
    "Conitro (NL)": "conitro-privacy-beleid-nl",
    "Conneqtech": "conneqtech-privacy-statement",
}

EDITS = (
    Edit(
        "iConnek",
        "the last-updated date moves to 2 March 2026",
        (("Last updated: January 30, 2025", "Last updated: March 2, 2026"),),
    ),
    Edit(
        "ImagePlus",
        "Google Analytics is added to the table of providers",
        (
            (
                "| AuthSMTP (United Kingdom) | Transactional email delivery for contact form submissions | UK adequacy decision, valid until 27 December 2031 |\n",
                "| AuthSMTP (United Kingdom) | Transactional email delivery for contact form submissions | UK adequacy decision, valid until 27 December 2031 |\n"
                "| Google Ireland Ltd (Google Analytics) | Website analytics | EU-US Data Privacy Framework |\n",
            ),
            ("- Analytics or tracking data\n", ""),
        ),
    ),
    Edit(
        "Ionect",
        "Lovable is removed from the list of processors",
        (
            (
                "  • Lovable (frontend hosting and serverless functions), which runs the website and the form-submission backend.\n",
                "",
            ),
            ("(notably Cloudflare and Lovable)", "(notably Cloudflare)"),
        ),
    ),
    Edit(
        "Conitro (NL)",
        "financial records are kept 10 years instead of 7 (in Dutch)",
        (("overige financiële gegevens 7 jaar bewaren", "overige financiële gegevens 10 jaar bewaren"),),
    ),
    Edit("Conneqtech", "cosmetic only: a new footer and doubled spaces", (), chrome=True),
)


@dataclass
class DemoResult:
    folder: Path
    changes: list[dict] = field(default_factory=list)  # per watch: name, what, level, events
    emails: list[Path] = field(default_factory=list)
    report: Path | None = None
    seconds: float = 0.0


def apply(text: str, edit: Edit) -> str:
    for old, new in edit.replace:
        if old not in text:
            raise RuntimeError(f"demo edit for {edit.watch} no longer matches its seed: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def cosmetic_page(text: str) -> bytes:
    """The same policy with a redesigned footer and sloppier spacing: nothing a reader would call a change."""
    page = policy_page(text.replace(". ", ".  ", 5))
    page = page.replace(
        "&copy; 2025 Example Company. All rights reserved.",
        "&copy; 2026 Example Company &middot; Made with care in Eindhoven",
    )
    return page.encode("utf-8")


def write_config(folder: Path, site: LocalSite, mail: MailCatcher, viewer_port: int = 8080) -> Path:
    config = {
        "database": "sqlite:///policywatch.db",
        "crawler": {"allow_private_networks": True, "retries": 0, "timeout": 10},
        "alerts": {
            "min_level": "minor",
            "viewer_url": f"http://127.0.0.1:{viewer_port}",
            "email": {
                "host": "127.0.0.1",
                "port": mail.port,
                "security": "none",
                "from": "policywatch@demo.invalid",
                "to": ["dpo@demo.invalid"],
            },
        },
        "watches": [{"name": name, "url": site.url(f"/{seed}"), "every": "6h"} for name, seed in WATCHES.items()],
    }
    path = folder / "config.yaml"
    path.write_text(
        "# Written by `policywatch demo`. The demo's website is gone once the demo ends, so checks\n"
        "# against it now fail; the history stays browsable: policywatch --config THIS serve\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def run_demo(folder: Path, progress=print, viewer_port: int = 8080) -> DemoResult:
    """Run the showcase into ``folder`` (created; must be empty or new)."""
    from policywatch.alerting import deliver_alerts
    from policywatch.app import check_pass, check_targets, open_store
    from policywatch.config import load_config
    from policywatch.crawler.runner import run_blocking

    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; give the demo a new or empty folder")
    result = DemoResult(folder=folder)
    seeds = seed_texts()
    with LocalSite() as site, MailCatcher(folder / "emails") as mail:
        site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        for seed in WATCHES.values():
            site.pages[f"/{seed}"] = Page(policy_page(seeds[seed]).encode("utf-8"))
        config = load_config(write_config(folder, site, mail, viewer_port))
        store = open_store(config)
        try:
            summaries = []

            async def both_passes() -> None:
                progress(f"1/3 first check of {len(WATCHES)} policies served on {site.url('/')}")
                summaries.append(await check_pass(config, store, check_targets(store, config.watches)))
                progress("2/3 editing the site:")
                for edit in EDITS:
                    seed = WATCHES[edit.watch]
                    text = apply(seeds[seed], edit) if not edit.chrome else seeds[seed]
                    site.pages[f"/{seed}"] = Page(
                        cosmetic_page(text) if edit.chrome else policy_page(text).encode("utf-8")
                    )
                    progress(f"      {edit.watch}: {edit.what}")
                progress("3/3 checking again and sending alerts")
                summaries.append(await check_pass(config, store, check_targets(store, config.watches)))

            run_blocking(both_passes)
            deliver_alerts(config, store)
            mail.wait_for(sum(1 for _ in _changed(store, config)), timeout=10)
            result.changes = list(_changed(store, config, all_watches=True))
            result.emails = mail.saved
            result.report = _report(folder, store, config, result.changes)
        finally:
            store.close()
    result.seconds = time.monotonic() - started
    return result


def _changed(store, config, *, all_watches: bool = False):
    """Per watch: the second version's level and events (or 'unchanged')."""
    from policywatch.monitor.wording import describe_json

    edits = {e.watch: e.what for e in EDITS}
    for watch in config.watches:
        record = store.watch(watch.name)
        versions = store.versions(record.id)
        latest = versions[0] if versions else None
        changed = latest is not None and latest.number > 1
        level = (latest.level or "none") if changed else "none"
        if not all_watches and level == "none":
            continue
        yield {
            "watch": watch.name,
            "what": edits.get(watch.name, ""),
            "level": level,
            "changed": changed,
            "versions": len(versions),
            "events": [describe_json(e) for e in (latest.events if changed else [])],
            "types": [e["type"] for e in (latest.events if changed else [])],
        }


def _report(folder: Path, store, config, changes: list[dict]) -> Path:
    """One self-contained HTML page: the summary, then each change as the viewer would show it."""
    from policywatch.history import comparison
    from policywatch.render import render_html

    parts = []
    for change in changes:
        record = store.watch(change["watch"])
        versions = store.versions(record.id)
        if len(versions) < 2:
            continue
        page = render_html(comparison(store, versions[1], versions[0]), title=change["watch"])
        name = f"diff-{''.join(c if c.isalnum() else '-' for c in change['watch'].lower())}.html"
        (folder / name).write_text(page, encoding="utf-8")
        parts.append(
            f'<li><span class="badge {change["level"]}">{change["level"]}</span> '
            f'<a href="{html.escape(name)}">{html.escape(change["watch"])}</a>: '
            f"{html.escape(change['what'])}<ul>"
            + "".join(f"<li>{html.escape(e)}</li>" for e in change["events"])
            + ("<li>no events: nothing a reader would call a change, so no alert</li>" if not change["events"] else "")
            + "</ul></li>"
        )
    report = folder / "report.html"
    report.write_text(
        f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>policywatch demo report</title>
<style>body{{font:15px/1.55 system-ui,sans-serif;max-width:860px;margin:24px auto;padding:0 16px;color:#1f2328}}
.badge{{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;font-weight:600;text-transform:uppercase}}
.material{{background:#ffebe9;color:#a40e26}}.minor{{background:#fff8c5;color:#7d4e00}}.none{{background:#eaeef2;color:#59636e}}
li{{margin:4px 0}}</style></head><body><h1>policywatch demo</h1>
<p>Five privacy policies were checked, edited on a local website, and checked again. Each link opens the
section-by-section diff.</p><ul>{"".join(parts)}</ul></body></html>
""",
        encoding="utf-8",
    )
    return report
