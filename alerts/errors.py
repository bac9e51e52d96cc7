class DeliveryError(Exception):
    """This attempt failed; the outbox retries later (``permanent`` means retrying cannot help)."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after  # seconds the receiver asked us to wait (Retry-After)
