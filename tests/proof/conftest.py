"""Fixtures for the proof tests: a copy of the project in tmp_path (never the repository's files)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from proof_helpers import copy_project  # noqa: E402


@pytest.fixture
def project_spec(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")
