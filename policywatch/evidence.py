"""Evidence records: one self-contained HTML file per version that an auditor can keep and check.

The file holds what was fetched (URL, final URL, time, status, the headers that matter), the raw
snapshot and the extracted text (each shown as escaped text and attached in base64, so their bytes
hash exactly), the events and a word diff against the previous version, and a JSON manifest with
every SHA-256. Nothing in it can run: page text is escaped, and a Content-Security-Policy in the
file forbids scripts anyway. :func:`verify` recomputes every hash from the file alone and, when a
store is at hand, against what the store holds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from policywatch import __version__
from policywatch.monitor.textdiff import Markers, render_inline, word_diff
from policywatch.monitor.wording import describe_json
from policywatch.storage.errors import UnknownWatchError
from policywatch.storage.interfaces import History
from policywatch.storage.records import SnapshotData, VersionRecord, WatchRecord

FORMAT = "policywatch-evidence/1"
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-language",
    "date",
    "last-modified",
    "etag",
    "cache-control",
    "expires",
    "age",
    "server",
    "x-robots-tag",
)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
SUMMARY_FIELDS = (
    ("watch", "Watch"),
    ("version", "Version"),
    ("url", "URL"),
    ("final_url", "Final URL"),
    ("fetched_at", "Fetched (UTC)"),
    ("http_status", "HTTP status"),
    ("level", "Level"),
)
_DEL, _DEL_END, _INS, _INS_END = "\ue100", "\ue101", "\ue102", "\ue103"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Evidence:
    html: str
    manifest: dict

    @property
    def filename(self) -> str:
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", self.manifest["watch"]).strip("-") or "watch"
        return f"{name}-v{self.manifest['version']}-evidence.html"


@dataclass(frozen=True)
class Finding:
    """One thing that does not match: ``field`` names the part (text, snapshot, manifest, store, ...)."""

    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


class EvidenceError(Exception):
    """The file is no evidence record this version can read."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_digest(manifest: dict) -> str:
    """The manifest's SHA-256 over its canonical JSON (sorted keys, no spaces, UTF-8)."""
    return sha256(json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def shown(text: str) -> str:
    """Text as the file shows it: line ends as HTML parsing leaves them, no control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")


def build(store: History, record: WatchRecord, version: VersionRecord, *, now: datetime | None = None) -> Evidence:
    snapshot = store.snapshot(version.snapshot_id)
    text = store.version_text(version)
    previous = store.version(record.id, version.number - 1) if version.number > 1 else None
    previous_text = store.version_text(previous) if previous else None
    text_bytes = text.encode("utf-8")
    manifest = {
        "format": FORMAT,
        "generator": f"policywatch {__version__}",
        "generated_at": _iso(now or datetime.now(UTC)),
        "watch": record.name,
        "version": version.number,
        "version_created_at": _iso(version.created_at),
        "kind": version.kind,
        "title": version.title,
        "level": version.level or "none",
        "events": version.events,
        "url": snapshot.url,
        "final_url": snapshot.final_url,
        "redirects": list(snapshot.redirects),
        "fetched_at": _iso(snapshot.fetched_at or version.created_at),
        "http_status": snapshot.status,
        "headers": _kept_headers(snapshot),
        "snapshot": {
            "sha256": sha256(snapshot.body),
            "size": len(snapshot.body),
            "content_type": snapshot.content_type,
        },
        "text": {"sha256": sha256(text_bytes), "size": len(text_bytes), "extractor": version.extractor},
        "previous_version": (
            {"number": previous.number, "text_sha256": previous.text_sha256} if previous is not None else None
        ),
    }
    diff_html = _diff_html(previous_text, text) if previous_text is not None else ""
    return Evidence(_render(manifest, text, snapshot, diff_html), manifest)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def _kept_headers(snapshot: SnapshotData) -> dict[str, str]:
    lowered = {str(k).lower(): str(v) for k, v in (snapshot.headers or {}).items()}
    return {k: lowered[k] for k in KEPT_HEADERS if k in lowered}


def _diff_html(old: str, new: str) -> str:
    markers = Markers(_DEL, _DEL_END, _INS, _INS_END)
    rendered = render_inline(word_diff(old, new), markers=markers, context=1)
    if not rendered:
        return ""
    out = escape(rendered, quote=False)
    for marker, tag in ((_DEL, "<del>"), (_DEL_END, "</del>"), (_INS, "<ins>"), (_INS_END, "</ins>")):
        out = out.replace(marker, tag)
    return out


def _b64(data: bytes) -> str:
    return "\n".join(textwrap.wrap(base64.b64encode(data).decode("ascii"), 76))


def _render(manifest: dict, text: str, snapshot: SnapshotData, diff_html: str) -> str:
    e = escape
    rows = "".join(
        f'<tr><th>{label}</th><td data-field="{key}">{e(str(manifest.get(key) or "-"))}</td></tr>'
        for key, label in SUMMARY_FIELDS
    )
    hashes = (
        f"<tr><th>Snapshot SHA-256</th><td><code>{manifest['snapshot']['sha256']}</code> "
        f"({manifest['snapshot']['size']} bytes)</td></tr>"
        f"<tr><th>Text SHA-256</th><td><code>{manifest['text']['sha256']}</code> "
        f"({manifest['text']['size']} bytes)</td></tr>"
    )
    events = "".join(
        f"<li><b>{e(ev.get('level', 'none'))}</b> {e(describe_json(ev))}</li>" for ev in manifest["events"]
    )
    previous = manifest["previous_version"]
    diff_part = (
        f"<h2>Changes against version {previous['number']}</h2><pre class=diff>{diff_html}</pre>"
        if previous and diff_html
        else ("<h2>Changes</h2><p>The first version: nothing to compare with.</p>" if not previous else "")
    )
    headers = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in manifest["headers"].items())
    body_text = shown(snapshot.body.decode("utf-8", "replace"))
    digest = manifest_digest(manifest)
    title = f"Evidence: {manifest['watch']}, version {manifest['version']}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="policywatch-evidence" content="{FORMAT}">
<meta name="policywatch-manifest-sha256" content="{digest}">
<title>{e(title)}</title>
<style>{STYLE}</style></head>
<body><main>
<h1>{e(title)}</h1>
<p class=note>A record made by {e(manifest["generator"])} on {e(manifest["generated_at"])}.
Check it with <code>policywatch evidence verify FILE</code>: every hash below is recomputed from
this file (and from the database, when it is at hand).</p>
<table class=summary>{rows}{hashes}</table>
<h2>Events</h2>
{f"<ul>{events}</ul>" if events else "<p>No events: the first version, or nothing that changed the meaning.</p>"}
{diff_part}
<h2>Response headers</h2>
<table class=summary>{headers or "<tr><td>none kept</td></tr>"}</table>
<h2>Extracted text</h2>
<pre id="text">
{e(shown(text), quote=False)}</pre>
<details><summary>The page as fetched (the raw snapshot, shown as text, never rendered)</summary>
<pre id="snapshot-text">
{e(body_text, quote=False)}</pre></details>
<h2>Manifest</h2>
<pre id="manifest">
{e(json.dumps(manifest, indent=2, ensure_ascii=False), quote=False)}</pre>
<details><summary>Attachments (base64): the extracted text and the snapshot byte for byte</summary>
<pre id="text-base64">
{_b64(text.encode("utf-8"))}</pre>
<pre id="snapshot-base64">
{_b64(snapshot.body)}</pre></details>
</main></body></html>
"""


STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
table.summary{border-collapse:collapse;width:100%;table-layout:fixed}
.summary th{text-align:left;width:11rem;vertical-align:top;padding:.2rem .5rem .2rem 0}
.summary td{overflow-wrap:anywhere;padding:.2rem 0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f6f7;padding:.6rem;border-radius:4px;
max-height:40rem;overflow:auto}
code{overflow-wrap:anywhere}
del{background:#fbe2e2;color:#8a1c1c}ins{background:#dcf5e0;color:#14532d;text-decoration:none}
.note{color:#4b5563}
@media (max-width:40rem){.summary th{width:7rem}}
"""


def _parts(html_text: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(meta name -> content, element id -> text, summary field -> text) of an evidence file."""
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        root = lxml_html.fromstring(html_text.encode("utf-8"), parser=parser)
    except Exception as exc:  # lxml raises several types for unreadable input
        raise EvidenceError(f"the file is not readable HTML ({exc})") from None
    metas = {m.get("name"): m.get("content") or "" for m in root.iter("meta") if m.get("name")}
    ids = {el.get("id"): el.text_content() for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    fields = {el.get("data-field"): el.text_content() for el in root.iter("td") if el.get("data-field")}
    return metas, ids, fields


def verify(html_text: str, store: object | None = None) -> list[Finding]:
    """Everything in an evidence file that does not match (empty: it verifies). With ``store``
    (a History and Watches), the version it names is compared with what the store holds."""
    metas, ids, fields = _parts(html_text)
    if metas.get("policywatch-evidence") != FORMAT:
        raise EvidenceError(f"not a policywatch evidence record (no {FORMAT} marker)")
    findings: list[Finding] = []
    try:
        manifest = json.loads(ids.get("manifest", ""))
    except json.JSONDecodeError as exc:
        return [Finding("manifest", f"is not valid JSON ({exc.msg} at line {exc.lineno})")]
    if manifest_digest(manifest) != metas.get("policywatch-manifest-sha256"):
        findings.append(
            Finding("manifest", "its SHA-256 differs from the one recorded in the file: the manifest was changed")
        )
    for key, _ in SUMMARY_FIELDS:
        if fields.get(key) is not None and fields[key] != str(manifest.get(key) or "-"):
            findings.append(Finding(key, f"the file shows {fields[key]!r}, the manifest says {manifest.get(key)!r}"))
    for part, shown_id in (("text", "text"), ("snapshot", "snapshot-text")):
        attached = _unbase64(ids.get(f"{part}-base64"))
        expected = (manifest.get(part) or {}).get("sha256")
        if attached is None:
            findings.append(Finding(part, "the base64 attachment is missing or damaged"))
            continue
        if sha256(attached) != expected:
            findings.append(
                Finding(part, f"the attachment's SHA-256 is {sha256(attached)}, the manifest says {expected}")
            )
        if shown(ids.get(shown_id, "")) != shown(attached.decode("utf-8", "replace")):
            findings.append(Finding(part, "the text shown in the file differs from the attachment"))
    if store is not None:
        findings += _against_store(manifest, store)
    return findings


def _unbase64(value: str | None) -> bytes | None:
    if value is None:
        return None
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except ValueError:
        return None


def _against_store(manifest: dict, store) -> list[Finding]:
    name, number = manifest.get("watch"), manifest.get("version")
    try:
        record: WatchRecord = store.watch(name)
    except UnknownWatchError:
        return [Finding("store", f"the database has no watch named {name!r}")]
    version = store.version(record.id, number) if isinstance(number, int) else None
    if version is None:
        return [Finding("store", f"the database has no version {number} of {name}")]
    found: list[Finding] = []
    snapshot = store.snapshot(version.snapshot_id)
    checks = (
        ("text", version.text_sha256, (manifest.get("text") or {}).get("sha256")),
        ("snapshot", sha256(snapshot.body), (manifest.get("snapshot") or {}).get("sha256")),
        ("url", snapshot.url, manifest.get("url")),
        ("final_url", snapshot.final_url, manifest.get("final_url")),
        ("level", version.level or "none", manifest.get("level")),
        ("events", version.events, manifest.get("events")),
    )
    for field, stored, claimed in checks:
        if stored != claimed:
            found.append(
                Finding(
                    "store", f"{field} of {name} v{number} in the database is {stored!r}, the file says {claimed!r}"
                )
            )
    return found
