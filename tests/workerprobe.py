"""What a worker process has loaded, asked from inside it (this module imports nothing of policywatch)."""

import sys


def loaded(*names: str) -> dict[str, bool]:
    return {name: name in sys.modules for name in names}
