"""Fixtures for the typography checks: the dense made-up text, and its settings variants."""

from __future__ import annotations

from pathlib import Path

import pytest
from dense_project import build_dense


@pytest.fixture(scope="session")
def made_up_pdf(tmp_path_factory) -> Path:
    """The dense made-up text, house settings (GB kinsoku, 全角)."""
    return build_dense(tmp_path_factory.mktemp("dense"))


@pytest.fixture(scope="session")
def variant_pdf(tmp_path_factory):
    """Build (and cache) the dense text under other kinsoku / punctuation settings."""
    cache: dict[tuple[str, str], Path] = {}

    def build(kinsoku: str = "gb", punctuation: str = "quanjiao") -> Path:
        key = (kinsoku, punctuation)
        if key not in cache:
            cache[key] = build_dense(tmp_path_factory.mktemp(f"dense-{kinsoku}-{punctuation}"), *key)
        return cache[key]

    return build
