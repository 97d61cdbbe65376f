"""Fixtures for the content stage: the real seed page and its import."""

from __future__ import annotations

import pytest

from content_helpers import SEED

from zzprint.content.clean import ImportResult, import_raw

@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_lines(seed_text: str) -> list[tuple[int, str]]:
    """Non-blank seed lines with their 1-based numbers."""
    return [(number, line.strip()) for number, line in enumerate(seed_text.split("\n"), 1) if line.strip()]


@pytest.fixture(scope="session")
def imported(seed_text: str) -> ImportResult:
    return import_raw(seed_text, "opinion-page.txt")
