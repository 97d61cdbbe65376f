"""``zzprint check FILE.pdf [--condition IFRA26] [--tac 240] [--measure-tac]``.

Input: a path from the command line.  Output on stdout: ``OK: FILE conforms to PDF/X-1a:2001
(N pages)`` or one ``FILE: page P, OBJ: RULE: message`` line per violation (page 0 is the
document level).  Exit status 0 clean, 1 violations, 2 unreadable / not a PDF (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UserError
from .model import Violation
from .rules import inspect_pdf


def format_violation(file: str, v: Violation) -> str:
    where = f"page {v.page}, {v.obj}" if v.obj else f"page {v.page}"
    return f"{file}: {where}: {v.rule}: {v.message}"


def run_check(argv_path: str, condition: str, tac: float, measure_tac: bool = False) -> int:
    try:
        violations, npages = inspect_pdf(Path(argv_path), condition)
        if measure_tac and npages:
            from .inks import tac_violations

            violations += tac_violations(Path(argv_path), tac)
    except UserError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 2
    if not violations:
        print(f"OK: {argv_path} conforms to PDF/X-1a:2001 ({npages} page{'s' if npages != 1 else ''})")
        return 0
    violations.sort(key=lambda v: v.page)  # stable: keeps the rule order within a page
    for v in violations:
        print(format_violation(argv_path, v))
    return 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``check`` sub-command's options, for zzprint.cli to reuse."""
    parser.add_argument("file", help="PDF to check")
    parser.add_argument("--condition", default="IFRA26", help="expected OutputConditionIdentifier ('' accepts any); default IFRA26")
    parser.add_argument("--tac", type=float, default=240.0, help="total ink limit in percent; default 240 (IFRA26)")
    parser.add_argument("--measure-tac", action="store_true", help="render pages with Ghostscript and measure total ink")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zzprint check", description="Preflight a PDF against PDF/X-1a:2001.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run_check(args.file, args.condition, args.tac, args.measure_tac)
