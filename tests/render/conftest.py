"""Fixtures for the render tests: sample documents rendered once per session, as files."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_helpers import document, sample_page

from zzprint.render import render_pdf


@pytest.fixture(scope="session")
def sample_doc():
    return document(sample_page(crop_marks=False))


@pytest.fixture(scope="session")
def sample_pdf(sample_doc, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("render") / "sample.pdf"
    path.write_bytes(render_pdf(sample_doc))
    return path


@pytest.fixture(scope="session")
def marked_doc():
    return document(sample_page(crop_marks=True))


@pytest.fixture(scope="session")
def marked_pdf(marked_doc, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("render") / "marked.pdf"
    path.write_bytes(render_pdf(marked_doc))
    return path
