"""Fixtures for the proof tests: a copy of the project in tmp_path (never the repository's files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from proof_helpers import copy_project


@pytest.fixture
def project_spec(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")
