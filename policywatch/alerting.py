"""Wiring alerts to the config: destinations, routing, and one delivery run."""

from __future__ import annotations

from datetime import datetime

from policywatch.alerts.destinations import DeliveryContext, build
from policywatch.alerts.email import EmailDestination
from policywatch.alerts.outbox import DeliveryReport, deliver
from policywatch.alerts.routing import destinations_for
from policywatch.alerts.webhooks import WebhookDestination
from policywatch.config import Config
from policywatch.storage import Store


def destinations(config: Config) -> dict[str, object]:
    found: dict[str, object] = {}
    if config.alerts.email:
        found[config.alerts.email.name] = EmailDestination(config.alerts.email)
    for hook in config.alerts.webhooks:
        found[hook.name] = WebhookDestination(hook, guard=webhook_guard(config), proxy=config.crawler.proxy)
    context = DeliveryContext(guard=webhook_guard(config), proxy=config.crawler.proxy)
    for destination in config.alerts.destinations:
        found[destination.name] = build(destination, context)
    return found


def webhook_guard(config: Config):
    """Webhooks obey the same SSRF policy as watches: no private addresses unless the crawler allows them."""
    from policywatch.crawler.addresses import resolve_guarded

    def guard(url: str) -> tuple[str | None, str | None]:
        return resolve_guarded(
            url, allow_private=config.crawler.allow_private_networks, allowed_networks=config.crawler.allow_networks
        )

    return guard


def router(config: Config):
    watches = {w.name: w for w in config.watches}

    def route(name: str, level: str | None) -> list[str]:
        return destinations_for(config.alerts, watches.get(name), level)

    return route


def notice_router(config: Config):
    """Notices (watch broken, recovered, unstable) go to the watch's destinations whatever their level."""
    watches = {w.name: w for w in config.watches}

    def route(name: str) -> list[str]:
        watch = watches.get(name)
        wanted = None if watch is None or watch.notify is None else set(watch.notify)
        return [d for d in destinations(config) if wanted is None or d in wanted]

    return route


def deliver_alerts(config: Config, store: Store, *, everything_pending: bool = False) -> DeliveryReport:
    return deliver(
        store,
        destinations(config),
        urls={w.name: w.url for w in config.watches},
        viewer_url=config.alerts.viewer_url,
        everything_pending=everything_pending,
        notice_days=config.notice_days(),
    )


def remind_deadlines(config: Config, store: Store, now: datetime | None = None) -> int:
    """Queue the reminders of objection deadlines that are near (each once): see :func:`reviews.remind`."""
    from policywatch.reviews import remind

    periods = config.notice_days()
    if not periods:
        return 0
    return remind(store, store.watches(list(periods)), periods, notice_router(config), now=now)
