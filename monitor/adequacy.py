"""Where a vendor's data goes, judged against the EEA and the EU's adequacy decisions.

The list is data (monitor/data/adequacy.yaml) with the date it was last checked, so an update is an
edit of one file; a country's status is "eea", "adequate", "partial" (the decision covers only some
recipients there) or "none".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from policywatch.monitor.facts.transfers import country_name, country_names


@dataclass(frozen=True)
class AdequacyList:
    as_of: str
    eea: frozenset[str]
    adequate: dict[str, str | None]  # ISO code -> what a partial decision covers, None when whole

    def status(self, iso: str) -> str:
        iso = iso.upper()
        if iso in self.eea:
            return "eea"
        if iso in self.adequate:
            return "partial" if self.adequate[iso] else "adequate"
        return "none"


@cache
def adequacy() -> AdequacyList:
    data = yaml.safe_load(files("policywatch.monitor").joinpath("data/adequacy.yaml").read_text(encoding="utf-8"))
    adequate = {str(k).upper(): (v or {}).get("partial") for k, v in (data.get("adequate") or {}).items()}
    return AdequacyList(str(data["as_of"]), frozenset(str(c).upper() for c in data["eea"]), adequate)


def countries_in(location: str) -> list[str]:
    """ISO codes of the countries a location names ("United States, Ireland", "USA", "DE")."""
    names = country_names("en")
    found: list[str] = []
    for part in location.replace(";", ",").replace("/", ",").split(","):
        part = part.strip()
        iso = names.get(part.lower()) or (
            part if len(part) == 2 and part.isupper() and country_name(part) != part else None
        )
        if iso and iso not in found:
            found.append(iso)
    return found
