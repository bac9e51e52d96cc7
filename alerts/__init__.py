"""Alert delivery (email, webhooks, outbox). Built in a later step."""
