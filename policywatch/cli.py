"""The command line: `policywatch [--config PATH] COMMAND`."""

from __future__ import annotations

import gc
import json
import logging
import shlex
import signal
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policywatch import __version__, style
from policywatch.config import Config, ConfigError, config_path, did_you_mean, load_config
from policywatch.style import ARROW, COLOR_MODES, color_wanted

if TYPE_CHECKING:
    from policywatch.monitor.pipeline import CheckOutcome
    from policywatch.storage import Store


class UserError(click.ClickException):
    """Bad usage or bad config: a one-line message and exit code 2, never a traceback."""

    exit_code = 2


class Problem(click.ClickException):
    """The command ran and found a problem: exit code 1."""

    exit_code = 1


class AppContext:
    def __init__(self, config_option: str | None) -> None:
        import os

        self.path = config_path(config_option)
        self.explicit = bool(config_option or os.environ.get("POLICYWATCH_CONFIG"))
        self._config: Config | None = None
        self._store: Store | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(self.path)
            except ConfigError as exc:
                raise UserError(str(exc)) from None
            for warning in self._config.warnings:
                click.echo(warning, err=True)
        return self._config

    def require_secrets(self) -> None:
        """Commands that send alerts refuse to start without the secrets they would need."""
        import os

        missing = self.config.missing_secrets(os.environ)
        if missing:
            raise UserError("\n".join(missing))

    @property
    def store(self) -> Store:
        if self._store is None or self._store.read_only:
            from policywatch.app import open_store
            from policywatch.storage import StorageError

            try:
                self._store = open_store(self.config)
            except StorageError as exc:
                raise Problem(str(exc)) from None
        return self._store

    @property
    def reading_store(self) -> Store:
        """The store for commands that only read: opened read-only, so they work on a full disk or
        a read-only mount and never wait for a writer's lock. A configured watch not stored yet is
        stored first when the database can be written; when it cannot, what is stored is shown."""
        if self._store is not None:
            return self._store
        from policywatch.app import open_store
        from policywatch.storage import StorageError, Store

        try:
            store = Store(self.config.database, read_only=True)
        except StorageError as exc:
            raise Problem(str(exc)) from None
        configured = [(w.name, w.url) for w in self.config.watches]
        if not store.read_only:  # a new database, or one that needed migrating
            try:
                store.sync_watches(configured)
            except StorageError as exc:
                raise Problem(str(exc)) from None
        elif not store.watches_in_sync(configured):
            try:
                writable = open_store(self.config)
            except StorageError as exc:
                click.echo(
                    f"warning: the configured watches could not be stored ({exc}); showing what the database holds",
                    err=True,
                )
            else:
                store.close()
                store = writable
        self._store = store
        return store


pass_app = click.make_pass_decorator(AppContext)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_option",
    metavar="PATH",
    help="Config file (default: $POLICYWATCH_CONFIG, else ./config.yaml).",
)
@click.option(
    "--log-level",
    default="warning",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="How much to log to stderr.",
)
@click.option(
    "--color",
    "color_mode",
    type=click.Choice(COLOR_MODES),
    default="auto",
    show_default=True,
    help="Colour levels and changes: on a terminal (auto, unless NO_COLOR is set), always, never.",
)
@click.version_option(__version__, prog_name="policywatch")
@click.pass_context
def cli(ctx: click.Context, config_option: str | None, log_level: str, color_mode: str) -> None:
    """Watch privacy-policy pages and report what changed.

    \b
    Example:
      policywatch check            # check every watch in ./config.yaml once
      policywatch history Ionect   # the versions stored for one watch
      policywatch diff Ionect      # what changed between its last two versions
    """
    logging.basicConfig(
        level=getattr(logging, log_level.upper()),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("scrapy", "apscheduler"):  # their per-request and per-job lines drown ours
        logging.getLogger(noisy).setLevel(max(logging.WARNING, getattr(logging, log_level.upper())))
    ctx.color = color_wanted(color_mode)
    ctx.obj = AppContext(config_option)


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: the summary and each watch's result.")
@pass_app
def check(app: AppContext, names: tuple[str, ...], as_json: bool) -> None:
    """Check all watches (or the NAMES given) once now, then exit.

    Prints one line per failure and a summary line; exits 1 if any check failed or was suspect
    (an error page, another language or another document where the policy was: not stored).

    \b
    Example:
      policywatch check
      policywatch check Ionect "ImagePlus sub-processors"
    """
    from policywatch.app import run_check_pass
    from policywatch.progress import Progress

    app.require_secrets()
    config, store = app.config, app.store
    try:
        total = len(config.select_watches(names))
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    progress = Progress(total, enabled=sys.stderr.isatty())
    results: list[dict] = []

    def on_outcome(outcome: CheckOutcome) -> None:
        progress.advance(f"{outcome.name}: {style.outcome(outcome.outcome, stream=sys.stderr)}")
        results.append(
            {
                "watch": outcome.name,
                "outcome": outcome.outcome,
                "error": outcome.error,
                "version": outcome.version_number,
            }
        )

    summary = run_check_pass(config, store, names, on_outcome)
    progress.done()
    for name, error in summary.failures:
        click.echo(f"{style.outcome('failed', stream=sys.stderr)}: {name}: {error}", err=True)
    if summary.unstored:
        click.echo(
            f"not stored: {summary.unstored} unchanged checks ({summary.storage_error}); "
            "they are checked again next time",
            err=True,
        )
    report = _deliver(config, store, quiet=as_json)
    if as_json:
        urls = {w.name: w.url for w in config.watches}
        click.echo(
            json.dumps(
                {
                    "summary": {"checked": summary.checked, **summary.counts, "line": summary.line()},
                    "alerts": {"sent": report.sent, "retrying": report.retrying, "failed": report.failed},
                    "watches": [{**r, "url": urls.get(r["watch"])} for r in sorted(results, key=lambda r: r["watch"])],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(summary.line())
    store.close()
    # Everything is written; the collector's last walk over this heap at exit would take ~0.3 s.
    gc.freeze()
    if summary.counts["failed"] or summary.counts["suspect"] or summary.unstored or report.retrying or report.failed:
        sys.exit(1)


def _deliver(config: Config, store: Store, *, everything_pending: bool = False, quiet: bool = False):
    """One delivery run; problems on stderr, the tally on stdout when anything was due."""
    from policywatch.alerting import deliver_alerts, remind_deadlines

    remind_deadlines(config, store)
    report = deliver_alerts(config, store, everything_pending=everything_pending)
    for watch, destination, error in report.errors:
        click.echo(f"alert not delivered: {watch} {ARROW} {destination}: {error}", err=True)
    if (report.sent or report.retrying or report.failed) and not quiet:
        click.echo(report.line())
    return report


@cli.command()
@click.option(
    "--role",
    type=click.Choice(["all", "worker", "scheduler"]),
    default="all",
    show_default=True,
    help="all: one machine does everything; worker: only checks (run several on one database); "
    "scheduler: only alert delivery and housekeeping (run one).",
)
@click.pass_context
def run(ctx: click.Context, role: str) -> None:
    """Run the daemon: scheduled checks, alert delivery, until SIGTERM or Ctrl-C.

    Each watch is checked on its own `every:` (with a little jitter) or `cron:` schedule.
    config.yaml is reloaded when it changes or on SIGHUP; SIGTERM finishes the pass in flight
    (for a few seconds at most) and exits cleanly. Logs one line per event on stderr.

    At scale (PostgreSQL), run several `--role worker` processes, on one or more machines, and one
    `--role scheduler`. Workers claim due watches with leases that expire, one site per worker at a time.

    \b
    Example:
      policywatch run
      policywatch run --role worker      # as many as you like, same config
      policywatch run --role scheduler   # exactly one
    """
    from policywatch.daemon import Daemon

    if ctx.parent.get_parameter_source("log_level").name == "DEFAULT":
        logging.getLogger().setLevel(logging.INFO)
    app: AppContext = ctx.obj
    app.require_secrets()  # validates the config too, with the usual one-line errors
    try:
        code = Daemon(app.path, role=role).run()
    except Exception as exc:  # storage or reactor failure at start: say so plainly
        raise Problem(f"the daemon could not run: {exc}") from None
    sys.exit(code)


@cli.command()
@click.argument("names", nargs=-1)
@pass_app
def reextract(app: AppContext, names: tuple[str, ...]) -> None:
    """Re-read stored snapshots with this version's extractor (after an upgrade); never alerts.

    For each watch whose latest version came from an older extractor, the stored snapshot is read
    again; if the text differs, a version labelled "reextracted" is stored. Checks do this by
    themselves when needed, so this command only brings the history up to date in advance.

    \b
    Example:
      policywatch reextract
      policywatch reextract Ionect
    """
    from policywatch.app import check_targets
    from policywatch.monitor.reextract import reextract_latest

    try:
        targets = check_targets(app.store, app.config.select_watches(names))
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    upgraded = 0
    for target in targets:
        version = reextract_latest(app.store, target)
        if version is not None:
            upgraded += 1
            click.echo(f"{target.name}: v{version.number} reextracted")
    click.echo(f"{len(targets)} watches looked at, {upgraded} reextracted")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--since", metavar="DURATION", help="Only vendors first listed within this time (30d, 12w).")
@click.option("--name", "name_part", metavar="TEXT", help="Only vendors whose name holds TEXT.")
@click.option("--category", metavar="NAME", help="Only vendors of this catalogue category (e.g. ai, analytics).")
@click.option("--current", is_flag=True, help="Leave out vendors that no watch lists any more.")
@click.option("--country", metavar="CC", help="Only vendors placed in this country (ISO code, e.g. US).")
@click.option("--outside-eea", is_flag=True, help="Only vendors placed in a country outside the EEA.")
@click.option("--no-adequacy", is_flag=True, help="Only vendors placed in a country without an EU adequacy decision.")
@pass_app
def vendors(
    app: AppContext,
    as_json: bool,
    since: str | None,
    name_part: str | None,
    category: str | None,
    current: bool,
    country: str | None,
    outside_eea: bool,
    no_adequacy: bool,
) -> None:
    """The vendor register: every processor or recipient on any watch, merged by identity.

    Each vendor shows the watches that list it, since which version, and (if) when it was
    removed; aliases and rebrands the catalogue knows are one vendor. Countries come from the
    location columns of sub-processor tables, judged against the EEA and the EU's adequacy
    decisions (the list ships as data, with its date).

    \b
    Example:
      policywatch vendors
      policywatch vendors --since 90d --category ai     # who added an AI provider this quarter?
      policywatch vendors --name hubspot --json
      policywatch vendors --no-adequacy --current      # still sent where no adequacy decision covers it
    """
    from datetime import UTC, datetime

    from policywatch.config import parse_duration
    from policywatch.vendors import select, vendor_register

    try:
        after = datetime.now(UTC) - parse_duration(since) if since else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    store = app.reading_store
    register = vendor_register(store, store.watches([w.name for w in app.config.watches]))
    found = select(
        register,
        since=after,
        name=name_part,
        category=category,
        removed=not current,
        country=country,
        outside_eea=outside_eea,
        no_adequacy=no_adequacy,
    )
    if as_json:
        click.echo(json.dumps([v.to_json() for v in found], indent=2))
        return
    if not found:
        filtered = since or name_part or category or current or country or outside_eea or no_adequacy
        click.echo("no vendors" + (" match" if filtered else " named yet"))
        return
    rows = [("VENDOR", "CATEGORY", "LOCATION", "WATCHES")]
    for v in found:
        listed = ", ".join(
            f"{i.watch} (since v{i.since_version}, {_when(i.since)})"
            if i.current
            else f"{i.watch} (removed in v{i.removed_version}, {_when(i.removed_at)})"
            for i in v.listings
        )
        moved = [f"{was} {ARROW} {now} (v{number}, {i.watch})" for i in v.listings for number, _, was, now in i.moves]
        place = ", ".join(v.locations) or "-"
        rows.append((v.name, v.category or "-", place + (f"; moved: {'; '.join(moved)}" if moved else ""), listed))
    click.echo(_table(rows))


@cli.command()
@click.argument("name")
@click.argument("number", metavar="V", type=int)
@click.option(
    "--status",
    required=True,
    type=click.Choice(["acknowledged", "assessed", "objected", "no-action"]),
    help="acknowledged keeps the change open; assessed, objected and no-action settle it.",
)
@click.option("--note", default="", metavar="TEXT", help="What was decided and why (kept in the review log).")
@click.option("--by", "by", metavar="NAME", help="Who reviewed it (default: the login name).")
@pass_app
def review(app: AppContext, name: str, number: int, status: str, note: str, by: str | None) -> None:
    """Record a review of version V of a watch: an entry in the append-only review log.

    Every material change starts open; the overview, the digest and `reviews --open` list open ones
    first, and an open change that added a processor gets one reminder before its objection
    deadline (`notice_days`).

    \b
    Example:
      policywatch review Ionect 3 --status assessed --note "HubSpot covered by our DPA" --by "A. Jansen"
      policywatch review Ionect 3 --status objected --note "objection sent 4 Dec"
    """
    import getpass

    from policywatch.reviews import ReviewError, record_review

    record = _watch(app, name)
    try:
        entry = record_review(
            app.store, record, number, status=status, note=note, by=by or getpass.getuser(), via="cli"
        )
    except ReviewError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{name} v{number}: {entry.status} by {entry.by} ({_when(entry.at)})")


@cli.command()
@click.option("--open", "open_only", is_flag=True, help="Only the changes nobody has decided on yet.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: each change with its deadline and review log.")
@pass_app
def reviews(app: AppContext, open_only: bool, as_json: bool) -> None:
    """Material changes and their reviews: open ones first (nearest objection deadline first).

    \b
    Example:
      policywatch reviews --open
      policywatch reviews --json
    """
    from datetime import UTC, datetime

    from policywatch.reviews import review_items

    store = app.reading_store
    items = review_items(
        store, store.watches([w.name for w in app.config.watches]), app.config.notice_days(), open_only=open_only
    )
    today = datetime.now(UTC).date()
    if as_json:
        click.echo(json.dumps([i.to_json(today) for i in items], ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("no open material changes" if open_only else "no material changes yet")
        return
    rows = [("STATUS", "WATCH", "VERSION", "CHANGE", "DEADLINE / LAST REVIEW")]
    for item in items:
        last = item.log[-1] if item.log else None
        extra = item.deadline.words(today) if item.deadline and item.open else ""
        if last:
            extra = (extra + "; " if extra else "") + f"{last.status} by {last.by} {_when(last.at)}"
        rows.append((item.status, item.watch, f"v{item.version.number}", _one_line(item.headline, 60), extra or "-"))
    click.echo(_table(rows))


class _DefaultCommandGroup(click.Group):
    """A group whose first argument, when it names no subcommand, goes to ``default_command``:
    `policywatch evidence NAME` and `policywatch evidence verify FILE` side by side."""

    default_command = "make"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@cli.group(cls=_DefaultCommandGroup)
def evidence() -> None:
    """Evidence records to hand an auditor: `evidence NAME` writes one, `evidence verify FILE` checks one.

    `evidence NAME` takes --version V (default: the newest) and --out FILE (default:
    NAME-vV-evidence.html here; - prints it); `policywatch evidence NAME --help` shows them.

    \b
    Example:
      policywatch evidence Ionect                 # the newest version, to ./Ionect-v3-evidence.html
      policywatch evidence Ionect --version 2 --out v2.html
      policywatch evidence verify v2.html         # every hash, against the file and the database
    """


@evidence.command("make", hidden=True)
@click.argument("name")
@click.option("--version", "number", type=int, metavar="V", help="The version (default: the newest).")
@click.option(
    "--out", "out", metavar="FILE", help="Where to write it (default: NAME-vV-evidence.html here; - for stdout)."
)
@pass_app
def evidence_make(app: AppContext, name: str, number: int | None, out: str | None) -> None:
    """One self-contained HTML file for a version: what was fetched (URL, final URL, time, status,
    headers), the raw snapshot and the extracted text attached byte for byte, the events, the word
    diff against the previous version and a manifest of SHA-256 hashes. Nothing in it can run."""
    from policywatch.evidence import build

    record = _watch(app, name)
    store = app.reading_store
    version = store.version(record.id, number) if number is not None else store.latest_version(record.id)
    if version is None:
        raise UserError(f"{name} has no version {number}" if number is not None else f"{name} has no versions yet")
    made = build(store, record, version)
    if out == "-":
        click.echo(made.html, nl=False)
        return
    path = Path(out or made.filename)
    path.write_text(made.html, encoding="utf-8")
    click.echo(
        f"{path}: evidence of {name} v{version.number} (text sha256 {made.manifest['text']['sha256'][:16]}…, "
        f"snapshot sha256 {made.manifest['snapshot']['sha256'][:16]}…)"
    )


@evidence.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-store", is_flag=True, help="Check the file alone, not against the database.")
@pass_app
def evidence_verify(app: AppContext, file: Path, no_store: bool) -> None:
    """Recompute every hash in an evidence file (the text, the snapshot, the manifest) and, with the
    database at hand, compare the version with what the database holds. Exit code 1 names each
    part that does not match."""
    from policywatch.evidence import EvidenceError, verify

    store = None
    if not no_store:
        try:
            store = app.reading_store
        except click.ClickException as exc:
            click.echo(f"warning: checking the file alone, the database is not at hand ({exc.message})", err=True)
    try:
        findings = verify(file.read_text(encoding="utf-8", errors="replace"), store)
    except EvidenceError as exc:
        raise UserError(f"{file}: {exc}") from None
    if findings:
        for finding in findings:
            click.echo(f"{file}: {finding}", err=True)
        raise Problem(f"{file}: {len(findings)} mismatch{'es' if len(findings) != 1 else ''}")
    click.echo(f"{file}: verified" + (" against the file and the database" if store is not None else " (file only)"))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def watches(app: AppContext, as_json: bool) -> None:
    """List the configured watches with their state.

    \b
    Example:
      policywatch watches
      policywatch watches --json
    """
    records = app.reading_store.watches([w.name for w in app.config.watches])
    due = app.reading_store.next_due()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {**r.to_json(), "next_check_at": due[r.name].isoformat() if due.get(r.name) else None}
                    for r in records
                ],
                indent=2,
            )
        )
        return
    rows = [("NAME", "VERSIONS", "LAST CHECK", "OUTCOME", "LAST CHANGE", "NEXT CHECK", "URL / ERROR")]
    for r in records:
        rows.append(
            (
                r.name,
                str(r.versions),
                _when(r.last_checked_at),
                style.OUTCOME_WORDS.get(r.last_outcome or "", r.last_outcome or "-"),
                _when(r.last_changed_at),
                _when(due.get(r.name)) if due.get(r.name) else "now",
                r.last_error if r.last_outcome == "failed" and r.last_error else r.url,
            )
        )
    click.echo(_table(rows, paint={3: lambda cell: style.outcome(cell.strip(), width=len(cell))}))


@cli.command()
@click.argument("name")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the watch, its versions with their events, and recent failed checks as JSON.",
)
@pass_app
def history(app: AppContext, name: str, as_json: bool) -> None:
    """Show what the policy says now (contacts by role, processors with their locations, retention
    by subject, ...) and the stored versions of one watch, newest first.

    \b
    Example:
      policywatch history Ionect
    """
    from policywatch.history import current_facts
    from policywatch.monitor.wording import describe_json

    record = _watch(app, name)
    versions = app.reading_store.versions(record.id)
    if as_json:
        checks = [c for c in app.reading_store.checks(record.id, limit=20) if c.outcome in ("failed", "suspect")]
        click.echo(
            json.dumps(
                {
                    "watch": record.name,
                    "url": record.url,
                    "versions": [
                        {
                            "number": v.number,
                            "created_at": v.created_at.isoformat(),
                            "level": v.level,
                            "title": v.title,
                            "kind": v.kind,
                            "events": v.events,
                        }
                        for v in versions
                    ],
                    "failed_checks": [
                        {"at": c.started_at.isoformat(), "outcome": c.outcome, "error": c.error} for c in checks
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not versions:
        failures = [c for c in app.reading_store.checks(record.id, limit=5) if c.outcome in ("failed", "suspect")]
        if failures:
            click.echo(f"{name}: no versions stored yet; its last checks {failures[0].outcome}:")
            for c in failures:
                click.echo(f"         {_when(c.started_at)}  {c.outcome}: {c.error}")
        else:
            click.echo(f"{name}: no versions stored yet (run `policywatch check {shlex.quote(name)}`)")
        return
    click.echo(f"{name}  {record.url}")
    now = current_facts(app.reading_store, record, versions)
    if now is not None:
        click.echo(f"  now (v{now.version.number}):")
        for label, lines in _glance_lines(now):
            click.echo(f"    {label}:")
            for line in lines[:12]:
                click.echo(f"      {_one_line(line, 150)}")
            if len(lines) > 12:
                click.echo(f"      ... and {len(lines) - 12} more")
        click.echo("  versions:")
    for v in versions:
        shown = style.level(v.level, width=9) if v.level else ("first" if v.number == 1 else "-").ljust(9)
        kind = "" if v.kind == "fetched" else f"  [{v.kind}]"
        click.echo(f"  v{v.number:<4} {_when(v.created_at)}  {shown} {v.title or ''}{kind}")
        for event in v.events:
            click.echo(f"         [{style.level(event.get('level'))}] {describe_json(event)}")
    failures = [c for c in app.reading_store.checks(record.id, limit=5) if c.outcome == "failed"]
    if failures:
        click.echo("  recent failed checks:")
        for c in failures:
            click.echo(f"         {_when(c.started_at)}  {c.error}")


def _glance_lines(now) -> list[tuple[str, list[str]]]:
    """The viewer's "at a glance" card as text: the same facts, current processors first."""
    own = now.policy.facts.get("last_updated")
    out = [("Last updated", [f"{own.iso} (\u201c{own.text}\u201d)" if own else "not stated"])]
    current = [p for p in now.processors if p.removed_version is None]
    out.append(
        (
            "Processors and recipients",
            [
                p.name
                + (f" ({p.category})" if p.category else "")
                + (f", {p.location}" if p.location else "")
                + f" [since v{p.first_version}]"
                for p in current
            ]
            or ["none named"],
        )
    )
    out += [(label, lines) for _, label, lines in now.glance if lines]
    return out


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@cli.command()
@click.argument("name")
@click.option("--raw", "mode", flag_value="raw", help="The stored page as it was fetched (its HTML).")
@click.option("--text", "mode", flag_value="text", help="The text policywatch extracted and compares (Markdown).")
@click.option(
    "--sections",
    "mode",
    flag_value="sections",
    default=True,
    help="Its sections with word counts, then the facts found (the default).",
)
@pass_app
def show(app: AppContext, name: str, mode: str) -> None:
    """What policywatch read from a watch's newest version: raw page, extracted text, or sections and facts.

    \b
    Example:
      policywatch show Ionect               # sections and facts
      policywatch show Ionect --text | less
    """
    from policywatch.reading_view import outline

    record = _watch(app, name)
    latest = app.reading_store.latest_version(record.id)
    if latest is None:
        raise UserError(f"no version of {name!r} stored yet: run `policywatch check {shlex.quote(name)}` first")
    if mode == "raw":
        body = app.reading_store.snapshot(latest.snapshot_id).body
        sys.stdout.buffer.write(body)
        return
    text = app.reading_store.version_text(latest)
    if mode == "text":
        click.echo(text)
        return
    from policywatch.monitor.compare import build_policy

    click.echo(f"{name} v{latest.number} ({_when(latest.created_at)}), {record.url}")
    for line in outline(build_policy(text, latest.title)):
        click.echo(line)


@cli.command()
@click.argument("source")
@click.option("--select", "select", multiple=True, help="CSS selector of the part to read (repeatable).")
@click.option("--remove", "remove", multiple=True, help="CSS selector of parts to drop (repeatable).")
@click.option("--text", "as_text", is_flag=True, help="Print the extracted text instead of sections and facts.")
@click.pass_context
def extract(ctx: click.Context, source: str, select: tuple[str, ...], remove: tuple[str, ...], as_text: bool) -> None:
    """Read a saved page (.html, .md, .txt; - for standard input) or a URL the way a watch would,
    and print its sections and facts: for trying `select:` and `remove:` before adding a watch.
    Needs no database; a URL is fetched once, through the same guard and robots.txt rules.

    \b
    Example:
      policywatch extract saved-privacy.html --select main --remove .cookie-banner
      policywatch extract https://example.org/privacy --text
    """
    from policywatch.monitor.compare import build_policy
    from policywatch.monitor.documents import SUFFIX_TYPES
    from policywatch.monitor.extract import ExtractionError
    from policywatch.monitor.extract import extract as extract_page
    from policywatch.reading_view import outline

    if source.startswith(("http://", "https://")):
        body, content_type = _fetch_once(ctx, source)
    elif source == "-":
        body, content_type = sys.stdin.buffer.read(), None
    else:
        path = Path(source)
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read {source}: {exc.strerror or exc}") from None
        content_type = SUFFIX_TYPES.get(path.suffix.lower())
    try:
        extracted = extract_page(body, content_type, select=select, remove=remove)
    except (ExtractionError, ValueError) as exc:  # ValueError: an invalid CSS selector
        raise UserError(f"{source}: {exc}") from None
    if not extracted.text.strip():
        raise UserError(f"{source}: no readable text" + (" (check --select/--remove)" if select or remove else ""))
    if as_text:
        click.echo(extracted.text)
        return
    for line in outline(build_policy(extracted.text, extracted.title if extracted.format == "html" else None)):
        click.echo(line)


def _fetch_once(ctx: click.Context, url: str) -> tuple[bytes, str | None]:
    """One guarded, polite fetch through the crawler, with the config's crawler settings when there is one."""
    from policywatch.crawler.addresses import url_problem
    from policywatch.crawler.runner import run_blocking
    from policywatch.crawler.settings import CrawlSettings
    from policywatch.monitor.fetch import CheckTarget

    settings = CrawlSettings()
    app: AppContext = ctx.obj
    if app.path.exists():
        settings = app.config.crawler
    problem = url_problem(url, allow_private=settings.allow_private_networks, allowed_networks=settings.allow_networks)
    if problem:
        raise UserError(f"{url}: {problem}")
    got: list = []

    async def main() -> None:
        from policywatch.crawler.runner import crawl

        target = CheckTarget(watch_id=0, name="extract", url=url)
        await crawl([target], settings, lambda t, result: got.append(result))

    run_blocking(main)
    if not got:
        raise UserError(f"{url}: nothing was fetched")
    result = got[0]
    if result.error:
        raise UserError(f"{url}: {result.error}")
    if result.status is None or not 200 <= result.status < 300:
        raise UserError(f"{url}: HTTP {result.status}")
    return result.body, result.content_type


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the outbox as a JSON list.")
@click.pass_context
def alerts(ctx: click.Context, as_json: bool) -> None:
    """List alerts (pending, failed, sent) with their errors; send, retry or test them.

    \b
    Example:
      policywatch alerts                 # the outbox: pending and failed first
      policywatch alerts send            # deliver everything pending now
      policywatch alerts retry           # give failed alerts another go
      policywatch alerts test email      # send a sample alert to one destination
    """
    if ctx.invoked_subcommand is not None:
        return
    app: AppContext = ctx.obj
    rows = app.reading_store.alerts(limit=10_000)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": a.id,
                        "key": a.key,
                        "watch": a.watch_name,
                        "destination": a.destination,
                        "kind": a.kind,
                        "level": a.level,
                        "status": a.status,
                        "attempts": a.attempts,
                        "created_at": a.created_at.isoformat(),
                        "next_attempt_at": a.next_attempt_at.isoformat(),
                        "sent_at": a.sent_at.isoformat() if a.sent_at else None,
                        "last_error": a.last_error,
                    }
                    for a in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not rows:
        click.echo("no alerts yet")
        return
    order = {"failed": 0, "pending": 1, "sending": 1, "sent": 2}
    for a in sorted(rows, key=lambda a: (order.get(a.status, 3), -a.id)):
        when = _when(a.sent_at or a.next_attempt_at)
        extra = f"  last error: {a.last_error}" if a.last_error and a.status != "sent" else ""
        click.echo(
            f"{a.status:<8} {style.level(a.level, width=9)} {a.watch_name} {ARROW} {a.destination}  "
            f"({a.attempts} attempt{'s' if a.attempts != 1 else ''}, {when}){extra}"
        )


@alerts.command("send")
@pass_app
def alerts_send(app: AppContext) -> None:
    """Deliver every pending alert now, without waiting for its retry time.

    \b
    Example:
      policywatch alerts send
    """
    report = _deliver(app.config, app.store, everything_pending=True)
    click.echo(report.line())
    if report.retrying or report.failed:
        sys.exit(1)


@alerts.command("retry")
@pass_app
def alerts_retry(app: AppContext) -> None:
    """Put failed alerts back in the queue and deliver them now (after fixing what made them fail).

    \b
    Example:
      policywatch alerts retry
    """
    count = app.store.retry_failed_alerts()
    click.echo(f"{count} failed alert{'s' if count != 1 else ''} queued again")
    report = _deliver(app.config, app.store, everything_pending=True)
    click.echo(report.line())
    if report.retrying or report.failed:
        sys.exit(1)


@alerts.command("test")
@click.argument("destination")
@pass_app
def alerts_test(app: AppContext, destination: str) -> None:
    """Send a sample alert to DESTINATION (email, or a webhook's name), to try the settings.

    \b
    Example:
      policywatch alerts test email
      policywatch alerts test team-chat
    """
    import uuid

    from policywatch.alerting import destinations

    known = destinations(app.config)
    if destination not in known:
        raise UserError(
            f"no destination named {destination!r}{did_you_mean(destination, known)}"
            + ("" if known else " (configure alerts.email, alerts.webhooks or alerts.destinations first)")
        )
    app.store.add_alert(destination, kind="test", level="material", key=f"policywatch-test-{uuid.uuid4().hex}")
    report = _deliver(app.config, app.store, quiet=True)
    click.echo(report.line())
    if report.retrying or report.failed:
        sys.exit(1)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback needs $POLICYWATCH_VIEWER_TOKEN.",
)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Browse the diff history in a web browser (and, with a token, record reviews).

    Pages: every watch with its state; a watch's timeline of versions and its facts (last-updated
    date, processors with when each appeared, retention, contacts); each change section by section
    with highlighted words, inline or side by side; Atom feeds; a JSON API under /api/.

    On 127.0.0.1 it needs no login. Bound to any other address it refuses to start unless
    $POLICYWATCH_VIEWER_TOKEN is set; then every request needs that token, as a bearer token or as
    the password of HTTP Basic auth (the user name is recorded as the reviewer). Reviews can be
    written in the viewer only when the token is set, also on 127.0.0.1: a web page open in the
    same browser must not be able to post one.

    \b
    Example:
      policywatch serve                       # http://127.0.0.1:8080
      POLICYWATCH_VIEWER_TOKEN=... policywatch serve --host 0.0.0.0
    """
    import os

    from werkzeug.serving import make_server

    from policywatch.web import AuthError, create_app, token_for

    try:
        token = token_for(host, os.environ)
    except AuthError as exc:
        raise UserError(str(exc)) from None
    _check_listen(host, port)  # werkzeug would print its own text and exit on a busy port
    try:
        server = make_server(host, port, None, threaded=True)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None

    def stop(signum, frame):  # also after a crawl, whose reactor may have left its own handlers behind
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM):  # before the address is announced: a signal may follow at once
        signal.signal(signum, stop)
    shown = f"[{host}]" if ":" in host else host
    server.app = create_app(
        app.store if token else app.reading_store,  # reviews are written only with the token
        token=token,
        notice_days=app.config.notice_days(),
        bound=host,
        allowed_hosts=app.config.viewer.allowed_hosts,
        base_url=app.config.alerts.viewer_url or f"http://{shown}:{server.server_port}",
    )
    click.echo(
        f"policywatch viewer on http://{shown}:{server.server_port}/ "
        f"({'token required' if token else 'no login: loopback only'}); Ctrl-C stops it",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option(
    "--systemd",
    is_flag=True,
    help="Print a systemd unit for this installation instead (its header says how to install it).",
)
@click.pass_context
def init(ctx: click.Context, target: Path | None, force: bool, systemd: bool) -> None:
    """Write a commented starter config.yaml to edit: TARGET (a folder to put config.yaml in, made
    if missing, or a file ending in .yaml), else the --config path, else ./config.yaml.

    With --systemd, print a systemd unit that runs this installation's `policywatch run` (the venv
    it is installed in) with the config at --config (default /etc/policywatch/config.yaml).

    \b
    Example:
      policywatch init && $EDITOR config.yaml && policywatch check
      policywatch init ~/policies          # ~/policies/config.yaml
      policywatch --config /etc/policywatch/config.yaml init --systemd | sudo tee /etc/systemd/system/policywatch.service
    """
    from importlib.resources import files

    if systemd:
        _print_unit(ctx.obj)
        return
    path: Path = ctx.obj.path
    if target is not None:  # a folder (made if missing), unless it names a YAML file
        path = target if target.suffix.lower() in (".yaml", ".yml") and not target.is_dir() else target / "config.yaml"
    if path.exists() and not force:
        raise UserError(
            f"{path} already exists. Edit it, write a new one elsewhere with `policywatch init FOLDER` "
            f"(then use --config FOLDER/config.yaml), or replace it with `policywatch init --force`"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        files("policywatch").joinpath("templates/starter-config.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    if path.resolve() == Path("config.yaml").resolve():
        then = "policywatch check"
    elif path.name == "config.yaml":
        then = f"cd {shlex.quote(str(path.parent))} && policywatch check"
    else:
        then = f"policywatch --config {shlex.quote(str(path))} check"
    click.echo(f"wrote {path}: add your pages under watches:, then run `{then}`")


def _check_listen(host: str, port: int) -> None:
    import errno

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself will
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise Problem(
                    f"cannot listen on {host}:{port}: another program uses that port (another "
                    "`policywatch serve`?); stop it, or choose a port with --port (0: any free one)"
                ) from None
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _print_unit(app: AppContext) -> None:
    from sqlalchemy.engine import make_url

    from policywatch.service import UnitSettings, installed_executable, render_unit

    settings = UnitSettings(executable=installed_executable())
    if app.explicit:  # the unit names the config it was asked for, and may write where its SQLite file is
        writable: tuple[Path, ...] = ()
        if app.path.is_file():
            try:
                url = make_url(load_config(app.path).database)
            except ConfigError as exc:
                raise UserError(str(exc)) from None
            if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
                writable = (Path(url.database).resolve().parent,)
        settings = UnitSettings(executable=settings.executable, config=app.path.resolve(), writable=writable)
    click.echo(render_unit(settings), nl=False)


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the demo's database, emails and report (default: a new temp folder).",
)
@click.option("--serve", "serve_after", is_flag=True, help="Then open the history viewer on the demo's database.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Viewer port for --serve.")
def demo(out: Path | None, serve_after: bool, port: int) -> None:
    """See policywatch work in one command: offline, no mail server, nothing to configure.

    A local website serves five real privacy policies; policywatch checks them, the site then gets a
    few realistic edits (a last-updated date, a processor added to a table, one removed from a list,
    a retention period in Dutch, a cosmetic-only redesign), and policywatch checks again. It prints
    what it detected, saves the alert emails a local mail server caught as .eml files, and writes an
    HTML report. Takes a few seconds.

    \b
    Example:
      policywatch demo
      policywatch demo --out ./demo --serve
    """
    import tempfile

    from policywatch.demo import run_demo

    folder = out or Path(tempfile.mkdtemp(prefix="policywatch-demo-"))
    if serve_after and port == 0:  # the emails link to the viewer: choose its port before they are written
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    try:
        result = run_demo(folder, progress=lambda line: click.echo(line), viewer_port=port)
    except FileExistsError as exc:
        raise UserError(str(exc)) from None
    click.echo("")
    click.echo("What policywatch detected:")
    for change in result.changes:
        level = change["level"]
        styled = click.style(
            f"{level:<8}", fg={"material": "red", "minor": "yellow"}.get(level), bold=level == "material"
        )
        click.echo(f"  {change['watch']:<13} {styled} {change['what']}")
        for sentence in change["events"]:
            click.echo(f"      - {sentence}")
        if change["changed"] and not change["events"]:
            click.echo("      - nothing a reader would call a change: stored, no alert")
        elif not change["changed"]:
            click.echo("      - the policy's text is the same: no new version, no alert")
    click.echo("")
    click.echo(f"{len(result.emails)} alert emails caught: {folder / 'emails'} (.eml, open with any mail client)")
    click.echo(f"report: {result.report}")
    click.echo(f"history: policywatch --config {folder / 'config.yaml'} history Ionect")
    click.echo(f"done in {result.seconds:.1f} s")
    if serve_after:
        click.echo("")
        ctx = click.get_current_context()
        ctx.obj = AppContext(str(folder / "config.yaml"))
        ctx.invoke(serve, host="127.0.0.1", port=port)


@cli.group()
def db() -> None:
    """Look after the database: upgrade, copy from SQLite, verify, prune.

    \b
    Example:
      policywatch db upgrade
      policywatch db migrate-from sqlite:///policywatch.db
      policywatch db check
      policywatch db prune
    """


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Bring the database to the newest schema (every command does this on first use; this does only that).

    \b
    Example:
      policywatch db upgrade
    """
    store = app.store  # opening migrates
    click.echo(f"database at schema {store.schema_version()}")


@db.command("migrate-from")
@click.argument("source")
@pass_app
def db_migrate_from(app: AppContext, source: str) -> None:
    """Copy a whole history from SOURCE (e.g. the old SQLite file) into the configured database.

    The target must be empty. Every table is copied in order, then verified: row counts per table
    and a hash over every stored body, version and alert must match.

    \b
    Example:
      policywatch db migrate-from sqlite:///policywatch.db
    """
    from policywatch.storage import StorageError
    from policywatch.storage.copy import copy_database

    if "://" not in source:
        raise UserError(f"SOURCE must be a database URL like sqlite:///policywatch.db, not {source!r}")
    try:
        report = copy_database(
            source, app.store, progress=lambda table, n: click.echo(f"  {table}: {n} rows", err=True)
        )
    except StorageError as exc:
        raise Problem(str(exc)) from None
    click.echo(
        f"copied {sum(report.rows.values())} rows in {len(report.rows)} tables; verified: counts and "
        f"content hashes match ({report.digest[:16]})"
    )


@db.command("check")
@pass_app
def db_check(app: AppContext) -> None:
    """Verify the database: every stored page and text against its SHA-256, and every reference.

    Exits 1 and names each damaged or missing item (which watch and version use it) if any.

    \b
    Example:
      policywatch db check
    """
    from policywatch.progress import Progress

    bar: list[Progress] = []

    def progress(checked: int, total: int) -> None:
        if not bar:
            bar.append(Progress(total, enabled=sys.stderr.isatty()))
        bar[0].set(checked, "blobs")

    checked, problems = app.reading_store.verify(progress=progress)
    if bar:
        bar[0].done()
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise Problem(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in {checked} stored blobs")
    click.echo(f"ok: {checked} stored blobs verified, references complete")


@db.command("prune")
@pass_app
def db_prune(app: AppContext) -> None:
    """Drop old records as the config's `housekeeping:` section says (the daemon does this by itself).

    Versions, and the snapshots they were read from, are always kept. Raw pages of failed or suspect
    checks go after `keep_failed_snapshots` (default 90d), check rows that made no version after
    `keep_checks` (default 365d).

    \b
    Example:
      policywatch db prune
    """
    from policywatch.app import housekeep

    report = housekeep(app.config, app.store)
    click.echo(
        f"pruned {report.snapshots} snapshots, {report.checks} checks, {report.blobs} stored bodies "
        f"({report.bytes / 1e6:.1f} MB)"
    )


FORMATS = click.Choice(["text", "json", "html"])


def _emit(
    comparison,
    fmt: str,
    *,
    header: str | None = None,
    context: int = 1,
    about: dict | None = None,
    heading: str | None = None,
    facts: list[tuple[str, str]] | None = None,
) -> None:
    from policywatch.render import render_html, render_text

    if fmt == "json":
        click.echo(json.dumps({**(about or {}), **comparison.to_json()}, indent=2, ensure_ascii=False))
    elif fmt == "html":
        written = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        click.echo(
            render_html(
                comparison,
                title=header or heading or "policywatch comparison",
                heading=heading,
                facts=[*(facts or []), ("Written", f"{written} by policywatch {__version__}")],
            )
        )
    else:
        if header:
            click.echo(header)
        click.echo(render_text(comparison, color=style.use_color(), context=context), nl=False)


def _exit_for(comparison, exit_code: bool) -> None:
    """With --exit-code, like diff(1): 1 when the change is minor or material, 0 when not."""
    if exit_code and comparison.level != "none":
        sys.exit(1)


def _format_options(command):
    """--format, its --json shorthand and --exit-code, shared by `compare` and `diff`."""
    command = click.option(
        "--exit-code", is_flag=True, help="Exit 1 when the change is minor or material, 0 when there is none."
    )(command)
    command = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(command)
    return click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")(
        command
    )


@cli.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, readable=True))
@_format_options
@click.option("--select", multiple=True, metavar="CSS", help="Only this part of HTML pages (repeatable).")
@click.option("--remove", multiple=True, metavar="CSS", help="Drop this part of HTML pages (repeatable).")
def compare(
    old: str, new: str, fmt: str, as_json: bool, exit_code: bool, select: tuple[str, ...], remove: tuple[str, ...]
) -> None:
    """Semantic diff of two files (HTML, Markdown or plain text); no config or database needed.

    Prints the level (none / minor / material), the events (processor added, retention changed,
    last-updated date moved, ...) and then the changed sections word by word.

    Exits 0, or with --exit-code 1 when the change is minor or material (2: bad usage).

    \b
    Example:
      policywatch compare old.html new.html
      policywatch compare old.md new.md --json
      policywatch compare v1.txt v2.txt --format html > diff.html
    """
    from pathlib import Path

    from policywatch.monitor.compare import compare as compare_policies
    from policywatch.monitor.documents import policy_from_file
    from policywatch.monitor.extract import ExtractionError

    try:
        policies = [policy_from_file(Path(p), select=select, remove=remove) for p in (old, new)]
    except ExtractionError as exc:
        raise UserError(f"cannot read a policy from the file: {exc}") from None
    comparison = compare_policies(*policies)
    _emit(
        comparison,
        "json" if as_json else fmt,
        about={"files": {"old": old, "new": new}},
        heading=f"{Path(old).name} {ARROW} {Path(new).name}",
        facts=[("Old file", str(Path(old).resolve())), ("New file", str(Path(new).resolve()))],
    )
    _exit_for(comparison, exit_code)


@cli.command()
@click.argument("name")
@click.option("--from", "from_v", type=int, metavar="V", help="Older version number (default: the one before --to).")
@click.option("--to", "to_v", type=int, metavar="V", help="Newer version number (default: the latest).")
@_format_options
@click.option("--context", default=1, show_default=True, help="Unchanged lines shown around each change.")
@pass_app
def diff(
    app: AppContext,
    name: str,
    from_v: int | None,
    to_v: int | None,
    fmt: str,
    as_json: bool,
    exit_code: bool,
    context: int,
) -> None:
    """Show what changed between two stored versions of a watch (default: the last two).

    Events first (with their level), then the changed sections, with removed words as [-old-] and
    added words as {+new+} (in colour on a terminal). Exits 0, or with --exit-code 1 when the
    change is minor or material (2: bad usage).

    \b
    Example:
      policywatch diff Ionect
      policywatch diff Ionect --from 1 --to 3 --json
    """
    from policywatch.monitor.stored import compare_stored

    record = _watch(app, name)
    store = app.reading_store
    latest = store.versions(record.id)
    if not latest:
        raise Problem(f"{name}: no versions stored yet")
    to_v = to_v if to_v is not None else latest[0].number
    from_v = from_v if from_v is not None else to_v - 1
    new, old = store.version(record.id, to_v), store.version(record.id, from_v)
    for number, found in ((to_v, new), (from_v, old)):
        if found is None:
            if number == 0 and to_v == 1:
                click.echo(f"{name}: only one version is stored; nothing to compare yet", err=as_json or fmt == "json")
                return
            raise UserError(f"{name} has no version {number} (versions 1 to {latest[0].number})")
    comparison = compare_stored(store, old, new)
    header = f"{name}: v{old.number} ({_when(old.created_at)}) {ARROW} v{new.number} ({_when(new.created_at)})"
    about = {
        "watch": record.name,
        "url": record.url,
        "from_version": {"number": old.number, "created_at": old.created_at.isoformat()},
        "to_version": {"number": new.number, "created_at": new.created_at.isoformat()},
    }
    _emit(
        comparison,
        "json" if as_json else fmt,
        header=header,
        context=context,
        about=about,
        heading=name,
        facts=[
            ("Page", record.url),
            ("From", f"v{old.number}, fetched {_when(old.created_at)}"),
            ("To", f"v{new.number}, fetched {_when(new.created_at)}"),
        ],
    )
    _exit_for(comparison, exit_code)


def _watch(app: AppContext, name: str):
    from policywatch.storage.errors import UnknownWatchError

    try:
        return app.reading_store.watch(name)
    except UnknownWatchError:
        known = [w.name for w in app.config.watches]
        raise UserError(f"no watch named {name!r}{did_you_mean(name, known)}") from None


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def _table(rows: list[tuple[str, ...]], paint: dict | None = None) -> str:
    """Columns padded to their widest cell; ``paint`` colours a column's cells (not the header) after
    padding, so that colour codes never count towards a width."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    paint = paint or {}
    return "\n".join(
        "  ".join(
            paint[i](cell.ljust(width)) if i in paint and n else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths))
        )
        + "  "
        + row[-1]
        for n, row in enumerate(rows)
    )


def main() -> None:
    try:
        cli(prog_name="policywatch")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
