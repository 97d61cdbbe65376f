"""Preflight: check any PDF against PDF/X-1a:2001 and the coldset newsprint ink limit.

Input: a PDF file path (any producer, any origin: hostile files are bounded, see guard.py).
Output: a list of :class:`Violation` — rule id, message, 1-based page (0 = the document), the
offending object and a severity (only errors fail the file) — empty when the file conforms.

    preflight(path, condition="IFRA26", tac_limit=240.0, measure_tac=True, dpi=None) -> Preflight
    check_pdf(path, condition="IFRA26", tac_limit=240.0, measure_tac=True) -> list[Violation]
    run_check(path, condition, tac, measure_tac=True, as_json=False) -> exit status 0 / 1 / 2
    ink_coverage(path, dpi=50) -> dict  (max TAC and per-plate statistics of a CMYK rendering)
    RULES: rule id -> Rule(id, description, cite, check), the table cited to docs/typesetting.md §10

The rules (and pikepdf) are imported on first use, so that ``run_check`` can start Ghostscript
rendering the file before pikepdf is loaded: the two overlap on a second core.
"""

from typing import Any

from .cli import main, run_check

_FROM_RULES = {"REGISTERED_CONDITIONS", "RULES", "Preflight", "Rule", "check_pdf", "preflight"}

__all__ = ["REGISTERED_CONDITIONS", "RULES", "Preflight", "Rule", "Violation", "check_pdf", "ink_coverage", "main",
           "preflight", "run_check"]


def __getattr__(name: str) -> Any:
    if name in _FROM_RULES:
        from . import rules

        return getattr(rules, name)
    if name == "Violation":
        from .model import Violation

        return Violation
    if name == "ink_coverage":
        from .inks import ink_coverage

        return ink_coverage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
