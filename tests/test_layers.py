"""Imports follow the stage order (issue #18): `lint-imports` checks the contracts in pyproject.toml.

The order is docs/architecture.md's: cli → proof | edition_build | compose → build → report | faults → flow | render |
preflight → text | fonts → spec | content → edition → page | units | inputs | files → errors,
plus: the PDF writer and the preflight never import layout, the paragraph setter imports nothing
of zzprint outside zzprint.text, and the line breaker only the items it breaks.

The second test proves the check can fail: a copy of src/ with one import against a contract,
analysed in place of the real package (PYTHONPATH first), must be rejected by name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the zzprint package found in ``src`` with the repository's contracts."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_package_keeps_its_import_contracts(tmp_path):
    result = lint_imports(ROOT / "src", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout, result.stdout


@pytest.mark.parametrize(("module", "injected", "broken"), [
    # The page model is the bottom of the stack: importing the PDF writer is upward.
    ("page.py", "from .render import pdf", "Stages import only downstream stages"),
    # Two modules of one layer: layout must not reach into the writer either.
    ("flow/frames.py", "from ..render import pdffonts", "Stages import only downstream stages"),
    # Lower than render, so the layers allow it, but the writer reads the page model only.
    ("render/slug.py", "from ..spec import grid", "never layout"),
    ("text/lines.py", "from ..errors import UserError", "The paragraph setter is pure"),
    ("text/linebreak.py", "from .classes import CharClass", "The line breaker reads items and widths only"),
])
def test_an_import_against_a_contract_fails_the_check(tmp_path, module, injected, broken):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "zzprint", src / "zzprint", ignore=shutil.ignore_patterns("__pycache__"))
    target = src / "zzprint" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{injected}  # injected by the test\n",
                      encoding="utf-8")
    result = lint_imports(src, tmp_path)
    assert result.returncode != 0, result.stdout
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout, result.stdout
    dotted = "zzprint." + module.removesuffix(".py").replace("/", ".")
    assert dotted in result.stdout, result.stdout  # the offending module is named


def test_a_new_module_must_take_a_place_in_the_order(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "zzprint", src / "zzprint", ignore=shutil.ignore_patterns("__pycache__"))
    (src / "zzprint" / "sidecar.py").write_text('"""A module nobody placed in a layer."""\n', encoding="utf-8")
    result = lint_imports(src, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "zzprint.sidecar" in result.stdout, result.stdout
