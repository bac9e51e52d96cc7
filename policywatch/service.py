"""The systemd unit for the daemon, rendered for the installation that runs it: the unit must name
the `policywatch` of the venv it was installed into, and a venv in a home folder needs the home
folders readable (``ProtectHome=read-only``), which a fixed unit file cannot know."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

HOME_ROOTS = (Path("/home"), Path("/root"), Path("/run/user"))


@dataclass(frozen=True)
class UnitSettings:
    executable: Path
    config: Path = Path("/etc/policywatch/config.yaml")
    state_dir: Path = Path("/var/lib/policywatch")
    user: str = "policywatch"
    writable: tuple[Path, ...] = ()  # more folders the daemon writes (an SQLite database elsewhere)


def installed_executable() -> Path:
    """The `policywatch` script beside the running interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / "policywatch"
    if beside.exists():
        return beside
    found = shutil.which("policywatch")
    return Path(found) if found else beside


def render_unit(settings: UnitSettings) -> str:
    template = files("policywatch").joinpath("templates/policywatch.service").read_text(encoding="utf-8")
    in_home = any(
        _under(p, root) for p in (settings.executable, settings.config, *settings.writable) for root in HOME_ROOTS
    )
    writable = [settings.state_dir, *(p for p in settings.writable if not _under(p, settings.state_dir))]
    return template.format(
        executable=settings.executable,
        config=settings.config,
        config_dir=settings.config.parent,
        state_dir=settings.state_dir,
        user=settings.user,
        protect_home="read-only" if in_home else "true",
        writable=" ".join(str(p) for p in writable),
    )


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
