"""`make` installs what building a page needs and nothing of the test or bench tools;
every library the package imports is in that runtime set."""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pins(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {line.split("==")[0].lower() for line in lines if line.strip() and not line.startswith("#")}


def test_the_runtime_lock_holds_no_test_or_bench_tool():
    runtime, test, bench = _pins("requirements.lock"), _pins("requirements-test.lock"), _pins("requirements-bench.lock")
    assert not runtime & test and not runtime & bench and not test & bench
    assert {"pytest", "hypothesis", "playwright", "pdfminer.six"} <= test
    assert {"typst", "pyinstrument"} <= bench


def test_every_library_the_package_imports_is_in_the_runtime_lock():
    runtime = _pins("requirements.lock")
    owners = packages_distributions()
    missing = {}
    for file in (ROOT / "src" / "zzprint").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                top = name.split(".")[0]
                if top == "zzprint" or top in sys.stdlib_module_names:
                    continue
                dists = {d.lower() for d in owners.get(top, [])}
                if not dists & runtime:
                    missing.setdefault(top, []).append(file.relative_to(ROOT).as_posix())
    assert not missing, f"imported by src/ but not installed by make: {missing}"


def test_the_makefile_installs_test_tools_only_for_test_and_bench():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    build_rule = makefile.split("$(BIN)/.installed:", 1)[1].split("\n\n", 1)[0]
    assert "requirements.lock" in build_rule and "requirements-test.lock" not in build_rule
    assert "test: $(BIN)/.installed-test" in makefile

