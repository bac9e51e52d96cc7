"""config.yaml -> validated, typed configuration.

Every error names the file, the line and the key, and suggests the closest valid key, because
configs are edited by hand and read by people who are not Python programmers.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policywatch.alerts.destinations import DestinationConfig
from policywatch.alerts.destinations import kinds as destination_kinds
from policywatch.crawler.addresses import url_problem
from policywatch.crawler.settings import BrowserSettings, CrawlSettings
from policywatch.monitor.levels import LEVELS

DEFAULT_EVERY = timedelta(hours=6)
DEFAULT_CONFIG = "config.yaml"


class ConfigError(Exception):
    """A config problem, printed as one line: ``file:line: key: message``."""

    def __init__(self, file: str, line: int | None, key: str | None, message: str) -> None:
        self.file, self.line, self.key, self.message = file, line, key, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass(frozen=True)
class EmailConfig:
    host: str
    port: int = 587
    security: str = "starttls"
    username: str | None = None
    password_env: str | None = None
    sender: str = ""
    to: tuple[str, ...] = ()
    min_level: str | None = None  # overrides alerts.min_level for this destination
    ca_file: str | None = None  # extra CA certificates to trust (a corporate or test CA)
    templates: dict[str, str] = field(default_factory=dict)  # "subject" | "text" | "html" -> template file
    digest: timedelta | None = None  # None: one email per change; else one email per period
    name: str = "email"


@dataclass(frozen=True)
class WebhookConfig:
    name: str
    url: str
    format: str = "json"
    secret_env: str | None = None
    min_level: str | None = None


@dataclass(frozen=True)
class ViewerConfig:
    allowed_hosts: tuple[str, ...] = ()  # Host names the viewer answers besides loopback and its bound address


@dataclass(frozen=True)
class AlertsConfig:
    """Destinations: ``email`` and ``webhooks`` under their own keys, any registered kind under ``destinations``."""

    min_level: str = "minor"
    viewer_url: str | None = None
    email: EmailConfig | None = None
    webhooks: tuple[WebhookConfig, ...] = ()
    destinations: tuple[DestinationConfig, ...] = ()  # every other kind, from the registry in alerts.destinations
    broken_after: int = 3  # consecutive failed or suspect checks before a "watch broken" notice

    def configured(self) -> list:
        """Every destination's config, in the order they are written: email, webhooks, the others."""
        return ([self.email] if self.email else []) + list(self.webhooks) + list(self.destinations)


@dataclass(frozen=True)
class HousekeepingConfig:
    """What the daemon prunes. Versions and the snapshots they came from are always kept."""

    keep_failed_snapshots: timedelta | None = timedelta(days=90)  # raw pages of failed/suspect checks
    keep_checks: timedelta | None = timedelta(days=365)  # check rows that made no version; None: forever
    every: timedelta = timedelta(hours=6)


@dataclass(frozen=True)
class DaemonConfig:
    """How `policywatch run` claims work; matters when several workers share one database."""

    lease: timedelta | None = None  # how long a claim holds before another worker may take it (default: from timeouts)
    batch: int = 1000  # most watches one worker claims at a time (role worker)


@dataclass(frozen=True)
class ReviewsConfig:
    """Defaults for every watch: the objection period a new processor opens (none unless set), and
    how many days before it ends one reminder goes out."""

    notice_days: int | None = None
    remind_days: int = 7


@dataclass(frozen=True)
class WatchConfig:
    name: str
    url: str
    every: timedelta | None = DEFAULT_EVERY
    cron: str | None = None
    notify: tuple[str, ...] | None = None
    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    render: str = "http"  # http | browser
    wait_for: str | None = None  # render: browser only: a CSS selector to wait for
    notice_days: int | None = None  # objection period for a new processor (default: reviews.notice_days)
    remind_days: int | None = None  # remind this many days before it ends (default: reviews.remind_days)


RENDER_MODES = ("http", "browser")


@dataclass(frozen=True)
class Config:
    path: Path
    database: str
    crawler: CrawlSettings = field(default_factory=CrawlSettings)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    watches: tuple[WatchConfig, ...] = ()
    housekeeping: HousekeepingConfig = field(default_factory=HousekeepingConfig)
    daemon: DaemonConfig = field(default_factory=DaemonConfig)
    viewer: ViewerConfig = field(default_factory=lambda: ViewerConfig())
    reviews: ReviewsConfig = field(default_factory=ReviewsConfig)
    warnings: tuple[str, ...] = ()  # accepted, but probably not what the user meant (shown on stderr)

    def missing_secrets(self, environ) -> list[str]:
        """Problems with the secrets the config names, found at start rather than at the first send."""
        wanted = []
        if self.alerts.email and self.alerts.email.password_env:
            wanted.append((self.alerts.email.password_env, "alerts.email.password_env"))
        wanted += [
            (w.secret_env, f"alerts.webhooks[{w.name}].secret_env") for w in self.alerts.webhooks if w.secret_env
        ]
        for d in self.alerts.destinations:
            kind = destination_kinds().get(d.kind)
            wanted += [
                (d.settings[k], f"alerts.destinations[{d.name}].{k}")
                for k in (kind.secret_keys if kind else ())
                if d.settings.get(k)
            ]
        return [
            f"{self.path}: environment variable {env} ({key}) is not set: export it, or remove {key.rsplit('.', 1)[1]}"
            for env, key in wanted
            if not environ.get(env)
        ]

    def notice_days(self) -> dict[str, tuple[int, int]]:
        """Watch name -> (notice days, remind days), for the watches that have an objection period."""
        out = {}
        for w in self.watches:
            days = w.notice_days if w.notice_days is not None else self.reviews.notice_days
            if days:
                remind = w.remind_days if w.remind_days is not None else self.reviews.remind_days
                out[w.name] = (days, remind)
        return out

    def select_watches(self, names: tuple[str, ...]) -> tuple[WatchConfig, ...]:
        if not names:
            return self.watches
        known = {w.name: w for w in self.watches}
        missing = [n for n in names if n not in known]
        if missing:
            raise ConfigError(
                str(self.path), None, None, f"no watch named {missing[0]!r}{did_you_mean(missing[0], known)}"
            )
        return tuple(known[n] for n in names)


def config_path(explicit: str | None) -> Path:
    return Path(explicit or os.environ.get("POLICYWATCH_CONFIG") or DEFAULT_CONFIG)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster on long watch lists


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
MAX_CONFIG_BYTES = 10_000_000
MAX_DURATION = timedelta(days=3660)
MAX_NAME = 200  # the stored column's length
MIN_POLITE_EVERY = timedelta(minutes=1)
MAX_SELECTOR = 2000


def load_config(path: Path | str) -> Config:
    path = Path(path)
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(name, None, None, "not a regular file (a config is a YAML file)")
        if info.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(name, None, None, f"too large for a config file ({info.st_size} bytes)")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            name, None, None, "file not found: write a starter with `policywatch init`, or pass --config PATH"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, None, None, f"cannot read: {exc}") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(name, mark.line + 1 if mark else None, None, f"YAML syntax error: {problem}") from None
    if node is None:
        raise ConfigError(name, None, None, "the file is empty")
    return _Reader(name, path).config(node)


# -- reading ---------------------------------------------------------------------------------


def did_you_mean(word: str, choices) -> str:
    """' (did you mean X?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(raw: str) -> timedelta:
    """30s, 15m, 6h, 1d, 2w: the one spelling of a duration in the config and on the command line."""
    match = _DURATION.match(raw)
    if not match:
        raise ValueError(f"expected a duration like 30s, 15m, 6h or 1d, not {raw!r}")
    try:
        value = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    except (OverflowError, ValueError):
        value = timedelta.max
    if value > MAX_DURATION:
        raise ValueError(f"must be at most {MAX_DURATION.days} days, not {raw[:40]!r}")
    if value < timedelta(seconds=1):
        raise ValueError("must be at least 1s")
    return value


class _Reader:
    def __init__(self, file: str, path: Path) -> None:
        self.file = file
        self.path = path
        self.warnings: list[str] = []
        self._warned: dict[str, list[int]] = {}  # kind -> [index of its line, how many more]

    def error(self, node: Node | None, key: str | None, message: str) -> ConfigError:
        return ConfigError(self.file, node.start_mark.line + 1 if node is not None else None, key, message)

    def mapping(self, node: Node, key: str, allowed: dict[str, bool]) -> dict[str, tuple[Node, Node]]:
        """Keys of a mapping node -> (key node, value node); unknown and missing keys are errors."""
        if not isinstance(node, MappingNode):
            raise self.error(node, key or None, "expected a mapping of keys to values")
        out: dict[str, tuple[Node, Node]] = {}
        for k, v in node.value:
            name = k.value if isinstance(k, ScalarNode) else "?"
            full = f"{key}.{name}" if key else name
            if name not in allowed:
                raise self.error(k, full, f"unknown key{did_you_mean(name, allowed)}")
            if name in out:
                raise self.error(k, full, "key given twice")
            out[name] = (k, v)
        for name, required in allowed.items():
            if required and name not in out:
                raise self.error(node, f"{key}.{name}" if key else name, "required key is missing")
        return out

    def scalar(self, node: Node, key: str) -> Any:
        if not isinstance(node, ScalarNode):
            raise self.error(node, key, "expected a single value")
        if node.tag not in _PLAIN_TAGS:
            raise self.error(node, key, f"YAML tags such as {node.tag!r} are not supported in a config file")
        try:
            return yaml.constructor.SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.error(node, key, f"not a valid value: {str(exc)[:120]}") from None

    def string(self, node: Node, key: str, *, choices: tuple[str, ...] = ()) -> str:
        value = self.scalar(node, key)
        if value is None or isinstance(value, (dict, list)):
            raise self.error(node, key, "expected text")
        value = str(value).strip()
        if not value:
            raise self.error(node, key, "must not be empty")
        if choices and value not in choices:
            raise self.error(
                node, key, f"must be one of {', '.join(choices)}, not {value!r}{did_you_mean(value, choices)}"
            )
        return value

    def integer(self, node: Node, key: str, *, minimum: int = 0, maximum: int = 1_000_000_000) -> int:
        value = self.scalar(node, key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(node, key, f"expected a whole number, not {str(node.value)[:40]!r}")
        if value < minimum:
            raise self.error(node, key, f"must be at least {minimum}")
        if value > maximum:
            raise self.error(node, key, f"must be at most {maximum}")
        return value

    def number(self, node: Node, key: str, *, maximum: float = 1e7) -> float:
        value = self.scalar(node, key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= maximum:
            raise self.error(node, key, f"expected a positive number up to {maximum:g}, not {str(node.value)[:40]!r}")
        return float(value)

    def boolean(self, node: Node, key: str) -> bool:
        value = self.scalar(node, key)
        if not isinstance(value, bool):
            raise self.error(node, key, f"expected true or false, not {node.value!r}")
        return value

    def strings(self, node: Node, key: str) -> tuple[str, ...]:
        if isinstance(node, ScalarNode):
            return (self.string(node, key),)
        if not isinstance(node, SequenceNode):
            raise self.error(node, key, "expected a list")
        return tuple(self.string(item, f"{key}[{i}]") for i, item in enumerate(node.value))

    def name(self, node: Node, key: str) -> str:
        """A watch or destination name: it goes into headers, subjects and a 200-character column."""
        value = self.string(node, key)
        if not value.strip():
            raise self.error(node, key, "a name cannot be empty")
        if len(value) > MAX_NAME:
            raise self.error(node, key, f"longer than {MAX_NAME} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise self.error(node, key, f"control characters (line breaks, tabs) are not allowed in a name: {value!r}")
        return value

    def env_name(self, node: Node, key: str) -> str:
        value = self.string(node, key)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise self.error(
                node, key, f"must name an environment variable (the secret itself never goes here), not {value!r}"
            )
        return value

    def http_url(self, node: Node, key: str) -> str:
        url = self.string(node, key)
        try:
            parts = urlsplit(url)
            credentials = parts.username is not None or parts.password is not None
        except ValueError:
            credentials = False
        if credentials:  # never echo the URL: it holds a secret
            raise self.error(
                node,
                key,
                "a user name or password in the URL is not supported: it would be stored and "
                "shown in logs, alerts and the viewer (remove the user:password@ part)",
            )
        problem = url_problem(url, allow_private=True)
        if problem:
            raise self.error(node, key, f"{problem}: {url!r}")
        return url

    # -- sections ------------------------------------------------------------------------

    def config(self, root: Node) -> Config:
        top = self.mapping(
            root,
            "",
            {
                "database": False,
                "crawler": False,
                "alerts": False,
                "housekeeping": False,
                "daemon": False,
                "viewer": False,
                "reviews": False,
                "watches": True,
            },
        )
        database = "sqlite:///policywatch.db"
        if "database" in top:
            database = self.string(top["database"][1], "database")
        crawl = self.crawler(top["crawler"][1]) if "crawler" in top else CrawlSettings()
        alerts = self.alerts(top["alerts"][1]) if "alerts" in top else AlertsConfig()
        watches = self.watches(top["watches"][1], alerts)
        housekeeping = self.housekeeping(top["housekeeping"][1]) if "housekeeping" in top else HousekeepingConfig()
        daemon = self.daemon(top["daemon"][1]) if "daemon" in top else DaemonConfig()
        viewer = self.viewer(top["viewer"][1]) if "viewer" in top else ViewerConfig()
        reviews = self.reviews(top["reviews"][1]) if "reviews" in top else ReviewsConfig()
        return Config(
            path=self.path,
            database=self.database_url(database, top.get("database", (None, root))[1]),
            crawler=crawl,
            alerts=alerts,
            watches=watches,
            housekeeping=housekeeping,
            daemon=daemon,
            viewer=viewer,
            reviews=reviews,
            warnings=self.finished_warnings(),
        )

    def reviews(self, node: Node) -> ReviewsConfig:
        m = self.mapping(node, "reviews", {"notice_days": False, "remind_days": False})
        kw = {
            name: self.integer(value, f"reviews.{name}", minimum=1 if name == "notice_days" else 0, maximum=3650)
            for name, (_, value) in m.items()
        }
        return ReviewsConfig(**kw)

    def viewer(self, node: Node) -> ViewerConfig:
        m = self.mapping(node, "viewer", {"allowed_hosts": False})
        hosts = self.strings(m["allowed_hosts"][1], "viewer.allowed_hosts") if "allowed_hosts" in m else ()
        for i, host in enumerate(hosts):
            if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", host):
                raise self.error(
                    m["allowed_hosts"][1],
                    f"viewer.allowed_hosts[{i}]",
                    f"a host name without scheme or port, not {host!r}",
                )
        return ViewerConfig(allowed_hosts=tuple(h.lower() for h in hosts))

    def database_url(self, url: str, node: Node) -> str:
        """Relative SQLite paths are relative to the config file, not to the working directory."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except ArgumentError:
            raise self.error(node, "database", f"not a database URL: {url!r} (e.g. sqlite:///policywatch.db)") from None
        if parsed.get_backend_name() == "postgres":
            raise self.error(
                node,
                "database",
                "write postgresql+psycopg://USER@HOST/NAME (SQLAlchemy does not know the postgres:// spelling)",
            )
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise self.error(
                node,
                "database",
                f"unsupported database {parsed.get_backend_name()!r}: policywatch "
                "stores in sqlite:///FILE or postgresql+psycopg://USER@HOST/NAME",
            )
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            db = Path(parsed.database)
            if not db.is_absolute():
                return parsed.set(database=str((self.path.parent / db).resolve())).render_as_string(hide_password=False)
        return url

    def crawler(self, node: Node) -> CrawlSettings:
        fields = {
            "allow_private_networks": False,
            "allow_networks": False,
            "concurrency": False,
            "per_host": False,
            "timeout": False,
            "max_size": False,
            "retries": False,
            "user_agent": False,
            "obey_robots": False,
            "robots_cache": False,
            "read_processes": False,
            "proxy": False,
            "browser": False,
        }
        m = self.mapping(node, "crawler", fields)
        kw: dict[str, Any] = {}
        for name, (_, value) in m.items():
            key = f"crawler.{name}"
            if name in ("allow_private_networks", "obey_robots"):
                kw[name] = self.boolean(value, key)
            elif name in ("concurrency", "per_host"):
                kw[name] = self.integer(value, key, minimum=1)
            elif name in ("max_size", "retries", "read_processes"):
                kw[name] = self.integer(value, key, minimum=1024 if name == "max_size" else 0)
            elif name == "timeout":
                kw[name] = self.number(value, key)
            elif name == "allow_networks":
                kw[name] = self.networks(value, key)
            elif name == "proxy":
                kw[name] = self.http_url(value, key)
            elif name == "browser":
                kw[name] = self.browser(value)
            elif name == "robots_cache":
                kw[name] = self.robots_cache(value, key)
            else:
                kw[name] = self.string(value, key)
        return CrawlSettings(**kw)

    def robots_cache(self, node: Node, key: str) -> str | None:
        """A file (relative to the config file), or false: rules kept only while the process runs."""
        if self.scalar(node, key) is False:
            return None
        path = Path(self.string(node, key)).expanduser()
        return str(path if path.is_absolute() else (self.path.parent / path).resolve())

    def browser(self, node: Node) -> BrowserSettings:
        m = self.mapping(
            node, "crawler.browser", {"pages": False, "timeout": False, "wait_for": False, "executable": False}
        )
        kw: dict[str, Any] = {}
        if "pages" in m:
            kw["pages"] = self.integer(m["pages"][1], "crawler.browser.pages", minimum=1, maximum=32)
        if "timeout" in m:
            kw["timeout"] = self.number(m["timeout"][1], "crawler.browser.timeout")
        if "wait_for" in m:
            kw["wait_for"] = self.selector(m["wait_for"][1], "crawler.browser.wait_for")
        if "executable" in m:
            kw["executable"] = self.string(m["executable"][1], "crawler.browser.executable")
        return BrowserSettings(**kw)

    def daemon(self, node: Node) -> DaemonConfig:
        m = self.mapping(node, "daemon", {"lease": False, "batch": False})
        kw: dict[str, Any] = {}
        if "lease" in m:
            kw["lease"] = self.duration(m["lease"][1], "daemon.lease")
        if "batch" in m:
            kw["batch"] = self.integer(m["batch"][1], "daemon.batch", minimum=1)
        return DaemonConfig(**kw)

    def housekeeping(self, node: Node) -> HousekeepingConfig:
        m = self.mapping(node, "housekeeping", {"keep_failed_snapshots": False, "keep_checks": False, "every": False})
        kw: dict[str, Any] = {}
        for name, (_, value) in m.items():
            key = f"housekeeping.{name}"
            if name == "every":
                kw[name] = self.duration(value, key)
            elif self.scalar(value, key) == "forever":
                kw[name] = None
            else:
                try:
                    kw[name] = self.duration(value, key)
                except ConfigError as exc:
                    raise self.error(value, key, f"{exc.message}, or forever") from None
        return HousekeepingConfig(**kw)

    def alerts(self, node: Node) -> AlertsConfig:
        m = self.mapping(
            node,
            "alerts",
            {
                "min_level": False,
                "viewer_url": False,
                "email": False,
                "webhooks": False,
                "destinations": False,
                "broken_after": False,
            },
        )
        kw: dict[str, Any] = {}
        if "broken_after" in m:
            kw["broken_after"] = self.integer(m["broken_after"][1], "alerts.broken_after", minimum=1)
        if "min_level" in m:
            kw["min_level"] = self.string(m["min_level"][1], "alerts.min_level", choices=LEVELS)
        if "viewer_url" in m:
            kw["viewer_url"] = self.http_url(m["viewer_url"][1], "alerts.viewer_url")
        if "email" in m:
            kw["email"] = self.email(m["email"][1])
        if "webhooks" in m:
            kw["webhooks"] = self.webhooks(m["webhooks"][1])
        if "destinations" in m:
            taken = {"email"} | {h.name for h in kw.get("webhooks", ())}
            kw["destinations"] = self.destinations(m["destinations"][1], taken)
        return AlertsConfig(**kw)

    def destinations(self, node: Node, taken: set[str]) -> tuple[DestinationConfig, ...]:
        if not isinstance(node, SequenceNode):
            raise self.error(node, "alerts.destinations", "expected a list of destinations (each with name and kind)")
        registry = destination_kinds()
        out: list[DestinationConfig] = []
        for i, item in enumerate(node.value):
            key = f"alerts.destinations[{i}]"
            if not isinstance(item, MappingNode):
                raise self.error(item, key, "expected a mapping with name and kind")
            kind_node = next((v for k, v in item.value if isinstance(k, ScalarNode) and k.value == "kind"), None)
            if kind_node is None:
                raise self.error(item, f"{key}.kind", f"missing (one of {', '.join(sorted(registry))})")
            kind_name = self.string(kind_node, f"{key}.kind")
            kind = registry.get(kind_name)
            if kind is None:
                hint = did_you_mean(kind_name, registry)
                raise self.error(kind_node, f"{key}.kind", f"unknown destination kind {kind_name!r}{hint}")
            m = self.mapping(item, key, {"name": True, "kind": True, "min_level": False, "digest": False, **kind.keys})
            name = self.name(m["name"][1], f"{key}.name")
            if name in taken:
                raise self.error(m["name"][1], f"{key}.name", f"destination name {name!r} is already used")
            taken.add(name)
            own = {k: v for k, v in m.items() if k in kind.keys}
            out.append(
                DestinationConfig(
                    name=name,
                    kind=kind_name,
                    min_level=self.string(m["min_level"][1], f"{key}.min_level", choices=LEVELS)
                    if "min_level" in m
                    else None,
                    digest=self.digest(m["digest"][1], f"{key}.digest") if "digest" in m else None,
                    settings=kind.configure(self, own, key),
                )
            )
        return tuple(out)

    def email(self, node: Node) -> EmailConfig:
        from policywatch.alerts.destinations.email import EmailKind

        m = self.mapping(node, "alerts.email", {**EmailKind.keys, "min_level": False, "digest": False})
        settings = EmailKind.configure(self, {k: v for k, v in m.items() if k in EmailKind.keys}, "alerts.email")
        return EmailConfig(
            **settings,
            min_level=self.string(m["min_level"][1], "alerts.email.min_level", choices=LEVELS)
            if "min_level" in m
            else None,
            digest=self.digest(m["digest"][1]) if "digest" in m else None,
        )

    def digest(self, node: Node, key: str = "alerts.email.digest") -> timedelta | None:
        raw = str(self.scalar(node, key)).strip()
        named = {
            "immediate": None,
            "hourly": timedelta(hours=1),
            "daily": timedelta(days=1),
            "weekly": timedelta(weeks=1),
        }
        if raw in named:
            return named[raw]
        return self.duration(node, key)

    def existing_file(self, node: Node, key: str) -> str:
        path = Path(self.string(node, key)).expanduser()
        if not path.is_absolute():
            path = self.path.parent / path
        if not path.is_file():
            raise self.error(node, key, f"no such file: {path}")
        return str(path)

    def webhooks(self, node: Node) -> tuple[WebhookConfig, ...]:
        from policywatch.alerts.destinations.webhook import WebhookKind

        if not isinstance(node, SequenceNode):
            raise self.error(node, "alerts.webhooks", "expected a list of webhooks")
        hooks: list[WebhookConfig] = []
        for i, item in enumerate(node.value):
            key = f"alerts.webhooks[{i}]"
            m = self.mapping(item, key, {"name": True, **WebhookKind.keys, "min_level": False})
            name = self.name(m["name"][1], f"{key}.name")
            if name == "email" or any(h.name == name for h in hooks):
                raise self.error(m["name"][1], f"{key}.name", f"destination name {name!r} is already used")
            settings = WebhookKind.configure(self, {k: v for k, v in m.items() if k in WebhookKind.keys}, key)
            min_level = self.string(m["min_level"][1], f"{key}.min_level", choices=LEVELS) if "min_level" in m else None
            hooks.append(WebhookConfig(name=name, min_level=min_level, **settings))
        return tuple(hooks)

    def watches(self, node: Node, alerts: AlertsConfig) -> tuple[WatchConfig, ...]:
        if isinstance(node, ScalarNode) and node.value in ("", "~", "null"):
            return ()
        if not isinstance(node, SequenceNode):
            raise self.error(node, "watches", "expected a list of watches (each with name and url)")
        destinations = {"email"} | {d.name for d in alerts.configured()}
        seen: dict[str, int] = {}
        out: list[WatchConfig] = []
        for i, item in enumerate(node.value):
            key = f"watches[{i}]"
            allowed = {
                "name": True,
                "url": True,
                "every": False,
                "cron": False,
                "notify": False,
                "select": False,
                "remove": False,
                "render": False,
                "wait_for": False,
                "notice_days": False,
                "remind_days": False,
            }
            m = self.mapping(item, key, allowed)
            name_node = m["name"][1]
            name = self.name(name_node, f"{key}.name")
            if name in seen:
                raise self.error(
                    name_node, f"{key}.name", f"duplicate watch name {name!r} (first used on line {seen[name]})"
                )
            seen[name] = name_node.start_mark.line + 1
            url = self.http_url(m["url"][1], f"{key}.url")
            every, cron = DEFAULT_EVERY, None
            if "every" in m and "cron" in m:
                raise self.error(m["cron"][0], f"{key}.cron", "give either every or cron, not both")
            if "every" in m:
                every = self.duration(m["every"][1], f"{key}.every")
            if "cron" in m:
                cron, every = self.cron(m["cron"][1], f"{key}.cron"), None
            notify = None
            if "notify" in m:
                notify = self.strings(m["notify"][1], f"{key}.notify")
                for dest in notify:
                    if dest not in destinations:
                        raise self.error(
                            m["notify"][1],
                            f"{key}.notify",
                            f"unknown destination {dest!r}{did_you_mean(dest, destinations)}",
                        )
            select = self.selectors(m, "select", key)
            remove = self.selectors(m, "remove", key)
            render = self.string(m["render"][1], f"{key}.render", choices=RENDER_MODES) if "render" in m else "http"
            wait_for = self.selector(m["wait_for"][1], f"{key}.wait_for") if "wait_for" in m else None
            if wait_for and render != "browser":
                raise self.error(
                    m["wait_for"][0], f"{key}.wait_for", "only a rendered page can be waited for: add render: browser"
                )
            days = {
                k: self.integer(m[k][1], f"{key}.{k}", minimum=1 if k == "notice_days" else 0, maximum=3650)
                for k in ("notice_days", "remind_days")
                if k in m
            }
            line = name_node.start_mark.line + 1
            if every is not None and every < MIN_POLITE_EVERY:
                self.warn(
                    line,
                    f"{key}.every",
                    f"every {every.total_seconds():.0f}s checks {name!r} more than once a "
                    "minute: fine for a test, impolite to a real site",
                    kind="every",
                )
            if any(c.isspace() for c in url):
                fetched = re.sub(r"\s", lambda m: f"%{ord(m.group()):02X}", url)
                self.warn(
                    line,
                    f"{key}.url",
                    f"the URL of {name!r} contains white space: it is fetched as {fetched} "
                    "(write it that way to silence this)",
                    kind="space",
                )
            same_url = next(
                (
                    w.name
                    for w in out
                    if w.url == url and w.select == select and w.remove == remove and w.render == render
                ),
                None,
            )
            if same_url:
                self.warn(
                    line,
                    f"{key}.url",
                    f"{name!r} watches the same URL as {same_url!r}: every change will alert twice",
                    kind="url",
                )
            same_name = next((w.name for w in out if w.name.casefold() == name.casefold()), None)
            if same_name:
                self.warn(
                    line,
                    f"{key}.name",
                    f"{name!r} and {same_name!r} differ only in case: easy to mix up in commands and alerts",
                    kind="case",
                )
            out.append(
                WatchConfig(
                    name=name,
                    url=url,
                    every=every,
                    cron=cron,
                    notify=notify,
                    select=select,
                    remove=remove,
                    render=render,
                    wait_for=wait_for,
                    **days,
                )
            )
        return tuple(out)

    def warn(self, line: int | None, key: str, message: str, kind: str | None = None) -> None:
        """One line per kind of warning: a list of 5,000 watches every 30 s is one warning, not 5,000."""
        kind = kind or message
        if kind in self._warned:
            self._warned[kind][1] += 1
            return
        self._warned[kind] = [len(self.warnings), 0]
        self.warnings.append(f"{self.file}{f':{line}' if line else ''}: {key}: warning: {message}")

    def finished_warnings(self) -> tuple[str, ...]:
        out = list(self.warnings)
        for index, more in self._warned.values():
            if more:
                out[index] += f" (and {more} more like it)"
        return tuple(out)

    def selectors(self, m: dict[str, tuple[Node, Node]], name: str, key: str) -> tuple[str, ...]:
        if name not in m:
            return ()
        return tuple(
            self._checked_selector(m[name][1], f"{key}.{name}", sel)
            for sel in self.strings(m[name][1], f"{key}.{name}")
        )

    def selector(self, node: Node, key: str) -> str:
        return self._checked_selector(node, key, self.string(node, key))

    def _checked_selector(self, node: Node, key: str, sel: str) -> str:
        from cssselect import SelectorError
        from lxml.cssselect import CSSSelector

        if len(sel) > MAX_SELECTOR:
            raise self.error(node, key, f"a CSS selector longer than {MAX_SELECTOR} characters")
        try:
            CSSSelector(sel)
        except (SelectorError, RecursionError) as exc:
            raise self.error(node, key, f"invalid CSS selector {sel!r}: {exc}") from None
        return sel

    def networks(self, node: Node, key: str) -> tuple[str, ...]:
        import ipaddress

        nets = self.strings(node, key)
        for i, net in enumerate(nets):
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise self.error(node, f"{key}[{i}]", f"not a network like 10.1.2.0/24: {net!r}") from None
        return nets

    def duration(self, node: Node, key: str) -> timedelta:
        try:
            return parse_duration(str(self.scalar(node, key)))
        except ValueError as exc:
            raise self.error(node, key, str(exc)) from None

    def cron(self, node: Node, key: str) -> str:
        expr = self.string(node, key)
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(expr)
        except ValueError as exc:
            raise self.error(node, key, f"invalid cron expression {expr!r}: {exc}") from None
        return expr
