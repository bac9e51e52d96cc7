"""Storage errors, typed by what the caller should do next."""


class StorageError(Exception):
    """The database could not do what was asked; nothing was half-written."""


class CorruptBlobError(StorageError):
    """Stored bytes no longer match their hash: report it, never serve them."""


class UnknownWatchError(StorageError, LookupError):
    """No watch of that name is stored."""


class DuplicateVersionError(StorageError):
    """Another process stored this very text as the newest version meanwhile: record the check as unchanged."""
