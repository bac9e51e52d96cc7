"""Alert destinations as a registry: a kind is one small class that reads its settings, names its
secrets and sends one alert. Config loading, routing and the outbox loop over the registry, so a new
kind (here, or in a plugin module that calls :func:`register`) needs no edit anywhere else.

Every kind (email and webhook included) is configured under ``alerts.destinations`` with ``name``,
``kind``, and optionally ``min_level`` and ``digest``, plus the kind's own keys; ``alerts.email`` and
``alerts.webhooks`` (the contract's spellings) are read by the same kinds. Installed plugins add kinds through the
``policywatch.destinations`` entry-point group (a module that calls :func:`register`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol

from policywatch.alerts.content import AlertContent

log = logging.getLogger(__name__)
Guard = Callable[[str], "tuple[str | None, str | None]"]  # url -> (why not, the address to connect to)


@dataclass(frozen=True)
class DestinationConfig:
    name: str
    kind: str
    min_level: str | None = None
    digest: timedelta | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)  # what the kind read from its own keys


@dataclass(frozen=True)
class DeliveryContext:
    """What every destination may need from the rest of the config."""

    guard: Guard | None = None  # the address guard watches obey
    proxy: str | None = None  # crawler.proxy: outgoing HTTP goes through it


class ConfigReader(Protocol):
    """The config loader's typed readers (each error names the file, line and key)."""

    def string(self, node: Any, key: str, *, choices: tuple[str, ...] = ()) -> str: ...
    def strings(self, node: Any, key: str) -> tuple[str, ...]: ...
    def integer(self, node: Any, key: str, *, minimum: int = 0, maximum: int = 1_000_000_000) -> int: ...
    def boolean(self, node: Any, key: str) -> bool: ...
    def http_url(self, node: Any, key: str) -> str: ...
    def env_name(self, node: Any, key: str) -> str: ...
    def existing_file(self, node: Any, key: str) -> str: ...
    def mapping(self, node: Any, key: str, allowed: dict[str, bool]) -> dict[str, tuple[Any, Any]]: ...
    def error(self, node: Any, key: str, message: str) -> Exception: ...


class Destination:
    """One configured destination of some kind."""

    kind: ClassVar[str]
    keys: ClassVar[dict[str, bool]] = {}  # its own config keys -> required
    secret_keys: ClassVar[tuple[str, ...]] = ()  # keys whose value names an environment variable

    def __init__(self, config: DestinationConfig, context: DeliveryContext) -> None:
        self.config = config
        self.context = context
        self.name = config.name
        self.digest = config.digest
        self.min_level = config.min_level

    @classmethod
    def configure(cls, read: ConfigReader, fields: Mapping[str, tuple[Any, Any]], key: str) -> dict[str, Any]:
        """The kind's settings from its keys (``fields``: key -> (key node, value node))."""
        return {}

    def send(self, content: AlertContent) -> None:
        raise NotImplementedError


_KINDS: dict[str, type[Destination]] = {}


def register(kind: type[Destination]) -> type[Destination]:
    """Class decorator: the kind becomes configurable as ``kind: <name>``."""
    if kind.kind in _KINDS and _KINDS[kind.kind] is not kind:
        raise ValueError(f"destination kind {kind.kind!r} is already registered")
    _KINDS[kind.kind] = kind
    return kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def kinds() -> dict[str, type[Destination]]:
    _load_builtin()
    return dict(_KINDS)


def kind_named(name: str) -> type[Destination] | None:
    return kinds().get(name)


def build(config: DestinationConfig, context: DeliveryContext) -> Destination:
    kind = kind_named(config.kind)
    if kind is None:
        raise KeyError(f"no destination kind {config.kind!r}")
    return kind(config, context)


_loaded = False
PLUGIN_GROUP = "policywatch.destinations"  # an installed distribution's entry points add kinds


def _load_builtin() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from policywatch.alerts.destinations import apprise, email, ntfy, webhook  # noqa: F401  (they register themselves)

    for entry in entry_points(group=PLUGIN_GROUP):
        try:
            entry.load()  # the module registers its kinds
        except Exception as exc:  # one broken plugin must not take the others (or the daemon) down
            log.warning("destination plugin %s (%s) could not be loaded: %s", entry.name, entry.value, exc)


__all__ = [
    "ConfigReader",
    "DeliveryContext",
    "Destination",
    "DestinationConfig",
    "build",
    "kind_named",
    "kinds",
    "register",
    "unregister",
]
