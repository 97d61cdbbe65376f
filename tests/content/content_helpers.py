"""Shared paths and helpers for the content-stage tests (imported by conftest and tests)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
SEED = DATA / "opinion-page.txt"  # copy of /work/shared/seed/opinion-page.txt
REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"

#: Half-width form of the marks the importer converts, to compare text before and after.
TO_HALF = str.maketrans("，：；？！（）", ",:;?!()")


def canonical(text: str) -> str:
    """Text with spaces dropped and converted marks folded back to half width."""
    return "".join(char for char in text if not char.isspace()).translate(TO_HALF)
