"""What tests share: the project root, the real command line, and project copies to edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ZZPRINT = [sys.executable, "-m", "zzprint"]


def run_zzprint(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a layout editor does."""
    return subprocess.run([*ZZPRINT, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def copy_project(dest: Path) -> Path:
    """A copy of layout/, content/ and fonts/ that a test may edit."""
    for name in ("layout", "content", "fonts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("files"))
    return dest
