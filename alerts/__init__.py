"""Alerts: what a stored change looks like as an email or a webhook post, and the outbox that
delivers each one with retries and never loses it."""
