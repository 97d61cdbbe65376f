"""Preflight: check any PDF against PDF/X-1a:2001 and the coldset newsprint ink limit.

Input: a PDF file path (any producer).  Output: a list of :class:`Violation` — rule id, message,
1-based page (0 = document level) and the offending object — empty when the file conforms.

    check_pdf(path, condition="IFRA26", tac_limit=240.0, measure_tac=False) -> list[Violation]
    run_check(path, condition, tac, measure_tac=False) -> exit status 0 / 1 / 2 (CLI front end)
    ink_coverage(path, dpi=50) -> dict  (max TAC and per-plate statistics of a CMYK rendering)
    RULES: rule id -> Rule(id, description, cite, check), the table cited to docs/typesetting.md §10
"""

from .cli import main, run_check
from .inks import ink_coverage
from .model import Violation
from .rules import REGISTERED_CONDITIONS, RULES, Rule, check_pdf

__all__ = ["REGISTERED_CONDITIONS", "RULES", "Rule", "Violation", "check_pdf", "ink_coverage", "main", "run_check"]
