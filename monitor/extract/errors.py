class ExtractionError(Exception):
    """The body cannot be read as a policy (wrong type, no text, unparseable)."""
