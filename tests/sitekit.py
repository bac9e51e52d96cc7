"""The local website the tests and benchmarks crawl: the demo's server and page builder, re-exported."""

from __future__ import annotations

from pathlib import Path

from policywatch.demo.site import SEEDS, LocalSite, Page, policy_page, seed_texts

FIXTURES = Path(__file__).parent / "fixtures"

__all__ = ["FIXTURES", "SEEDS", "LocalSite", "Page", "policy_page", "seed_texts"]
