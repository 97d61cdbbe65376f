"""``zzprint check FILE.pdf [--condition IFRA26] [--tac 240] [--no-measure-tac|--fast] [--dpi 72] [--json]``.

Input: a path from the command line.  Output on stdout: one ``FILE: WHERE, OBJ: RULE: message``
line per finding (WHERE is ``document`` or ``page N``; a warning's rule reads ``RULE (warning)``),
then one summary line::

    OK: FILE conforms to PDF/X-1a:2001 (1 page), 0 warnings; total ink max 200 % (limit 240 %, 72 dpi)
    FAIL: FILE does not conform to PDF/X-1a:2001 (1 page): 2 errors, 1 warning

With ``--json`` a single JSON object instead (findings, counts, ink measurement).  Total ink is
measured by rendering with Ghostscript unless ``--no-measure-tac`` (``--fast``) is given.
Exit status 0 conforms (warnings allowed), 1 errors found, 2 unreadable / not a PDF / not a
regular file (one line on stderr, never a traceback; with --json also a JSON object on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from ..i18n import _, ngettext
from .model import ERROR

if TYPE_CHECKING:  # model imports pikepdf, which is loaded only once Ghostscript is rendering
    from .model import Violation


def format_violation(file: str, v: Violation) -> str:
    place = _("page {number}").format(number=v.page) if v.page else _("document")  # v.where, in the reader's language
    where = f"{place}, {v.obj}" if v.obj else place
    rule = v.rule if v.severity == ERROR else _("{rule} (warning)").format(rule=v.rule)
    return f"{file}: {where}: {rule}: {v.message}"


def summary_line(file: str, pages: int, errors: int, warnings: int, ink: dict | None = None) -> str:
    """The last line of a check: OK/FAIL, the page count and the findings by severity."""
    counts = {"file": file, "pages": ngettext("{n} page", "{n} pages", pages).format(n=pages),
              "errors": ngettext("{n} error", "{n} errors", errors).format(n=errors),
              "warnings": ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)}
    if errors:
        return _("FAIL: {file} does not conform to PDF/X-1a:2001 ({pages}): {errors}, {warnings}").format(**counts)
    line = _("OK: {file} conforms to PDF/X-1a:2001 ({pages}), {warnings}").format(**counts)
    if ink:
        line += _("; total ink max {tac:g} % (limit {limit:g} %, {dpi} dpi)").format(
            tac=ink["max_tac"], limit=ink["limit"], dpi=ink["dpi"])
    return line


def run_check(argv_path: str, condition: str, tac: float, measure_tac: bool = True, *,
              as_json: bool = False, dpi: int | None = None) -> int:
    """Check one file and print the report; the exit status (0 / 1 / 2)."""
    from . import guard
    from .inks import DEFAULT_DPI, Rendering

    try:
        if dpi is not None and not 9 <= dpi <= 300:
            raise UserError.at(_("--dpi {dpi} is out of range").format(dpi=dpi),
                               hint=_("use 9 to 300; 72 is plenty for an ink limit"))
        handle, head = guard.open_regular(Path(argv_path))
        with handle:
            rendering = None
            try:
                # Ghostscript renders on the other core while pikepdf is imported and the rules run.
                if measure_tac and guard.PDF_HEADER.search(head):
                    rendering = Rendering(argv_path, dpi or DEFAULT_DPI, fd=handle.fileno(), limit=tac)
                from .rules import preflight

                result = preflight(Path(argv_path), condition, tac, measure_tac, dpi, handle=handle, head=head,
                                   rendering=rendering)
            finally:
                if rendering is not None:
                    rendering.cancel()  # a no-op once its pages were taken
    except UserError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        if as_json:
            print(json.dumps({"file": argv_path, "status": 2, "conforms": False,
                              "problems": [str(p) for p in exc.problems]}, ensure_ascii=False))
        return 2
    status = 1 if result.errors else 0
    if as_json:
        ink = result.ink
        print(json.dumps({
            "file": argv_path,
            "status": status,
            "conforms": status == 0,
            "standard": "PDF/X-1a:2001",
            "condition": condition,
            "pages": result.pages,
            "summary": {"errors": result.errors, "warnings": result.warnings},
            "findings": [v.as_dict() for v in result.violations],
            "ink": None if ink is None else {"limit": ink["limit"], "dpi": ink["dpi"], "max_tac": ink["max_tac"],
                                             "pages": [{k: p[k] for k in ("page", "max_tac", "max_at", "over_limit_mm2", "plates")}
                                                       for p in ink["pages"]]},
        }, ensure_ascii=False, indent=2))
        return status
    for v in result.violations:
        print(format_violation(argv_path, v))
    print(summary_line(argv_path, result.pages, result.errors, result.warnings, result.ink))
    return status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``check`` sub-command's options (``python -m zzprint.preflight``)."""
    parser.add_argument("file", help=_("PDF to check"))
    parser.add_argument("--condition", default="IFRA26",
                        help=_("expected OutputConditionIdentifier ('' accepts any); default IFRA26"))
    parser.add_argument("--tac", type=float, default=240.0, help=_("total ink limit in percent (default 240, IFRA26)"))
    parser.add_argument("--no-measure-tac", "--fast", dest="measure_tac", action="store_false",
                        help=_("do not render with Ghostscript: total ink is not measured (a warning says so)"))
    parser.add_argument("--measure-tac", dest="measure_tac", action="store_true", help=_("measure total ink (the default)"))
    parser.add_argument("--dpi", type=int, default=None, help=_("resolution of the ink rendering, 9 to 300 (default 72)"))
    parser.add_argument("--json", action="store_true", help=_("one JSON object: findings, counts by severity, ink"))


def main(argv: list[str] | None = None) -> int:
    from ..i18n import set_language
    set_language()  # as the environment asks
    parser = argparse.ArgumentParser(prog="zzprint check", description=_(
        "Preflight a PDF against PDF/X-1a:2001: one line per finding, then a summary."))
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run_check(args.file, args.condition, args.tac, args.measure_tac, as_json=args.json, dpi=args.dpi)
