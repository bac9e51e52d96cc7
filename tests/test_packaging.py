"""Installing policywatch puts one top-level name into site-packages: the layers at the repository
root (crawler/, monitor/, storage/, alerts/) are installed as policywatch.crawler, ... and never as
generic top-level modules that could collide with another distribution's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_regular_install_has_one_top_level_name(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    target = tmp_path / "site-packages"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(clone)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    names = sorted(p.name for p in target.iterdir() if not p.name.endswith(".dist-info") and p.name != "bin")
    assert names == ["policywatch"], names
    for layer in ("crawler", "monitor", "storage", "alerts"):
        installed = target / "policywatch" / layer
        assert installed.is_dir() and not installed.is_symlink() and (installed / "__init__.py").is_file(), layer
    assert (target / "policywatch" / "storage" / "migrations" / "versions" / "0010_persistent_failures.py").is_file()
    assert (target / "policywatch" / "monitor" / "lang" / "fr.yaml").is_file()
    check = subprocess.run(
        [sys.executable, "-c", "import policywatch.monitor.lang as l; print(sorted(l.languages()))"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert check.returncode == 0 and "'fr'" in check.stdout, check.stderr[-2000:]
