"""Understanding policy pages and deciding what changed.

The analysis modules are pure (no network, no database); :mod:`monitor.pipeline` applies them to
fetch results and records the outcome through :class:`storage.Store`.
"""
