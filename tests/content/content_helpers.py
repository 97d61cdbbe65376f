"""Shared paths, helpers and fixtures for the content-stage tests (the real seed page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zzprint.content.clean import ImportResult, import_raw

SEED = Path(__file__).resolve().parents[2] / "seed" / "opinion-page.txt"  # the raw page, as received
REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"

#: Half-width form of the marks the importer converts, to compare text before and after.
TO_HALF = str.maketrans("，：；？！（）", ",:;?!()")


def canonical(text: str) -> str:
    """Text with spaces dropped and converted marks folded back to half width."""
    return "".join(char for char in text if not char.isspace()).translate(TO_HALF)


# Fixtures live here, not in a conftest.py: other test folders import their shared
# helpers with ``from conftest import …``, and a second conftest module would shadow theirs.
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
