"""The fact kinds policywatch ships; importing this module registers them."""

from policywatch.monitor.facts import concepts, contacts, dates, processors, retention, sections, transfers  # noqa: F401
