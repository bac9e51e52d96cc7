"""The SQL store (SQLite or PostgreSQL), one module per concern; storage.store.Store joins them."""
