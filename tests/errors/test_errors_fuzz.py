"""The short fuzz run of bench/fuzz.py (the long one: `.venv/bin/python bench/fuzz.py`):
mutated specs, content files and raw import text never raise anything but UserError."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("zzprint_bench_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("target, inputs", [("spec", 100), ("article", 60), ("import", 60)])
def test_loaders_raise_only_user_errors(target: str, inputs: int) -> None:
    assert _fuzz_module().fuzz(target, inputs, random_seed=7) == inputs
