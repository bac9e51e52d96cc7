"""The vendor register: every processor or recipient seen on any watch, merged by who it is.

A privacy team asks across suppliers ("which of them added an AI provider this quarter?"), so each
watch's processor history (policywatch.history.current_facts: when each appeared and disappeared)
is merged by catalogue identity (aliases and rebrands are one vendor), else by normalised name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from policywatch.history import current_facts
from policywatch.monitor.adequacy import adequacy, countries_in
from policywatch.monitor.catalogue import catalogue, normalise_name
from policywatch.storage import Store
from policywatch.storage.records import WatchRecord


@dataclass
class Listing:
    """One vendor on one watch."""

    watch: str
    name: str  # as that policy writes it
    since_version: int
    since: datetime
    removed_version: int | None = None
    removed_at: datetime | None = None
    location: str | None = None
    moves: list[tuple[int, datetime, str, str]] = field(default_factory=list)  # (version, when, from, to)

    @property
    def current(self) -> bool:
        return self.removed_version is None

    def to_json(self) -> dict:
        return {
            "watch": self.watch,
            "name": self.name,
            "since_version": self.since_version,
            "since": self.since.isoformat(),
            "removed_version": self.removed_version,
            "removed_at": self.removed_at.isoformat() if self.removed_at else None,
            "location": self.location,
            "moves": [
                {"version": number, "at": at.isoformat(), "from": old, "to": new} for number, at, old, new in self.moves
            ],
        }


@dataclass
class Vendor:
    key: str  # catalogue identity ("cat:hubspot") or "name:<normalised name>"
    name: str
    category: str | None = None
    listings: list[Listing] = field(default_factory=list)

    @property
    def first_seen(self) -> datetime:
        return min(item.since for item in self.listings)

    @property
    def current(self) -> bool:
        return any(item.current for item in self.listings)

    @property
    def locations(self) -> list[str]:
        return sorted({item.location for item in self.listings if item.location})

    @property
    def countries(self) -> list[str]:
        """ISO codes of the countries its listings place it in."""
        return sorted({iso for place in self.locations for iso in countries_in(place)})

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "category": self.category,
            "current": self.current,
            "first_seen": self.first_seen.isoformat(),
            "locations": self.locations,
            "countries": [{"code": iso, "status": adequacy().status(iso)} for iso in self.countries],
            "watches": [item.to_json() for item in self.listings],
        }


def identity(name: str) -> tuple[str, str, str | None]:
    """(key, display name, category) of a processor as named by one policy."""
    entity = catalogue().lookup(name)
    if entity is not None:
        return entity.key, entity.name, entity.category
    return f"name:{normalise_name(name)}", name, None


def vendor_register(store: Store, watches: list[WatchRecord]) -> list[Vendor]:
    """Every vendor of every watch, those still listed somewhere first, then by name."""
    vendors: dict[str, Vendor] = {}
    for record in watches:
        facts = current_facts(store, record)
        if facts is None:
            continue
        for life in facts.processors:
            key, display, category = identity(life.name)
            vendor = vendors.setdefault(key, Vendor(key, display, category))
            vendor.category = vendor.category or life.category or category
            vendor.listings.append(
                Listing(
                    record.name,
                    life.name,
                    life.first_version,
                    life.first_seen,
                    life.removed_version,
                    life.removed_at,
                    life.location,
                    list(life.moves),
                )
            )
    return sorted(vendors.values(), key=lambda v: (not v.current, v.name.casefold()))


def select(
    vendors: list[Vendor],
    *,
    since: datetime | None = None,
    name: str | None = None,
    category: str | None = None,
    removed: bool = True,
    country: str | None = None,
    outside_eea: bool = False,
    no_adequacy: bool = False,
) -> list[Vendor]:
    """``since``: first listed (on any watch) at or after it; ``name``: in its name or as written;
    ``category``: its catalogue category; ``removed``: keep vendors no watch lists any more;
    ``country``: placed in it (ISO code); ``outside_eea``: placed in a country outside the EEA;
    ``no_adequacy``: placed in a country with no adequacy decision (monitor/data/adequacy.yaml)."""
    out = []
    judge = adequacy()
    for vendor in vendors:
        places = vendor.countries
        if country and country.upper() not in places:
            continue
        if outside_eea and not any(judge.status(iso) != "eea" for iso in places):
            continue
        if no_adequacy and not any(judge.status(iso) == "none" for iso in places):
            continue
        if since is not None and vendor.first_seen < since:
            continue
        if name and not any(name.casefold() in n.casefold() for n in (vendor.name, *(i.name for i in vendor.listings))):
            continue
        if category and (vendor.category or "").casefold() != category.casefold():
            continue
        if not removed and not vendor.current:
            continue
        out.append(vendor)
    return out
