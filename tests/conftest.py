"""Fixtures shared by every test folder: a built page and project copies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs with HYPOTHESIS_PROFILE=ci: the same examples every run, so a red CI is a
# change's doing, not chance.  Local runs keep drawing new examples to find bugs.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Tests read the program's English messages, whatever the machine's locale: this process and every
# zzprint it starts speak English unless a test asks for Chinese (LANG=zh_CN.UTF-8 or --lang zh).
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/projects.py and tests/pdfread.py for every folder

from projects import copy_project, run_zzprint  # noqa: E402


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
