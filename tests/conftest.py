"""Fixtures shared by every test folder: the project root, a built page, project copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/pdfread.py for every folder

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


@pytest.fixture(scope="session")
def opinion_pdf(tmp_path_factory) -> Path:
    """The seed page, built by the command line from the repository's own files."""
    out = tmp_path_factory.mktemp("opinion") / "opinion.pdf"
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)
