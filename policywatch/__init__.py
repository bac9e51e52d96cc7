"""policywatch: watches privacy-policy pages and says what changed in words people care about."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("policywatch")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+dev"
