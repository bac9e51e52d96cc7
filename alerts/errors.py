class DeliveryError(Exception):
    """This attempt failed; the outbox retries later (``permanent`` means retrying cannot help)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
