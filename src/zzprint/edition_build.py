"""Build every page of an edition in parallel: ``zzprint edition layout/edition.yaml``.

Input: an edition file (date, editors, pages with number + layout), an output folder
and the number of parallel builds.  Output: one PDF per page in the folder, named
``NN-LAYOUT.pdf`` (``07-opinion-tabloid.pdf``), each written atomically by
:func:`zzprint.build.write`; a progress line per page on stderr; the exit status.

Each page is built in its own worker process, so a page that fails — bad input, overset
text, even a crash in a native library — is reported and the other pages are still
delivered.  A failed page's PDF from an earlier run is removed: an old page lying next
to today's would be sent to the plate room as if it were current.

Exit status: 0 every page delivered; 1 some page not deliverable (a layout fault, preflight);
2 some page has bad input; 3 some page hit an internal error.  Every failed page is
named with its messages.
"""

from __future__ import annotations

import contextlib
import sys
import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .edition import Edition, EditionPage, load_edition
from .errors import UserError
from .i18n import N_, _, gettext_, language, set_language
from .workers import WorkerDied, cores, isolated_map

OK, NOT_DELIVERABLE, BAD_INPUT, INTERNAL = 0, 1, 2, 3
_WORDS = {OK: N_("ok"), NOT_DELIVERABLE: N_("not deliverable"), BAD_INPUT: N_("bad input"),
          INTERNAL: N_("internal error")}  # translated when shown


@dataclass
class PageOutcome:
    """What became of one page (picklable: it comes back from a worker process)."""

    number: int
    layout: str  # the layout file's name, for messages
    status: int  # OK, NOT_DELIVERABLE, BAD_INPUT or INTERNAL
    out: str = ""  # the PDF written, when status is OK
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0


def output_name(page: EditionPage) -> str:
    return f"{page.number:02d}-{page.layout.stem}.pdf"


def build_edition(edition_path: Path, out_dir: Path, jobs: int = 0) -> int:
    """Build every page of the edition into ``out_dir``; return the exit status (see module doc)."""
    edition = load_edition(Path(edition_path))  # a bad edition file is a UserError for the CLI
    if not edition.pages:
        raise UserError.at(_("the edition lists no pages"), str(edition_path), 1, 1,
                           _("add pages: [{number: 3, layout: opinion.yaml}, …]"))
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError.at(_("cannot create the output folder: {reason}").format(reason=err.strerror), str(out_dir),
                           hint=_("check the path and permissions")) from None
    workers = max(1, min(jobs if jobs > 0 else cores(), len(edition.pages)))
    total = len(edition.pages)
    started = time.perf_counter()
    outcomes = _run(edition, out_dir, workers, total)
    failed = [o for o in outcomes if o.status != OK]
    for outcome in failed:
        stale = out_dir / output_name(EditionPage(outcome.number, Path(outcome.layout)))
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            outcome.messages.append(_("removed {file} from an earlier run: it is not today's page").format(file=stale))
    elapsed = time.perf_counter() - started
    delivered = total - len(failed)
    print(_("edition {date}: {delivered} of {total} pages delivered to {folder} in {seconds:.1f}s ({workers} parallel)")
          .format(date=edition.date.isoformat(), delivered=delivered, total=total, folder=out_dir, seconds=elapsed,
                  workers=workers), file=sys.stderr)
    for outcome in sorted(failed, key=lambda o: o.number):
        print(_("page {number:02d} {layout} FAILED ({reason}):").format(
            number=outcome.number, layout=outcome.layout, reason=gettext_(_WORDS[outcome.status])), file=sys.stderr)
        for message in outcome.messages:
            print(f"  {message}", file=sys.stderr)
    return max((o.status for o in outcomes), default=OK)


def _run(edition: Edition, out_dir: Path, workers: int, total: int) -> list[PageOutcome]:
    outcomes: list[PageOutcome] = []

    def done(page: EditionPage, result: PageOutcome | BaseException) -> None:
        if isinstance(result, WorkerDied):
            result = PageOutcome(page.number, page.layout.name, INTERNAL, messages=[
                _("the build process died (crash or out of memory) — run 'zzprint --debug build {layout}' to see why")
                .format(layout=page.layout)])
        elif isinstance(result, BaseException):
            result = PageOutcome(page.number, page.layout.name, INTERNAL, messages=[f"{type(result).__name__}: {result}"])
        outcomes.append(result)
        print(_("[{count}/{total}] page {number:02d} {layout} {status} ({seconds:.1f}s)").format(
            count=len(outcomes), total=total, number=result.number, layout=result.layout,
            status=gettext_(_WORDS[result.status]), seconds=result.seconds), file=sys.stderr, flush=True)

    # A spawned worker starts a new interpreter: it is told the language (--lang) the run speaks.
    isolated_map(partial(_build_page_into, edition, str(out_dir)), edition.pages, workers, done,
                 initializer=set_language, initargs=(language(),))
    return outcomes


def _build_page_into(edition: Edition, out_dir: str, page: EditionPage) -> PageOutcome:
    """:func:`build_one` with the page's PDF in ``out_dir`` (runs in a worker process)."""
    return build_one(edition, page, str(Path(out_dir) / output_name(page)))


def build_one(edition: Edition, page: EditionPage, out: str) -> PageOutcome:
    """Build one page and write its PDF (runs in a worker process)."""
    from .build import build_page, render, write

    started = time.perf_counter()
    outcome = PageOutcome(page.number, page.layout.name, OK)
    try:
        result = build_page(page.layout, edition, page.number)
        if result.faults:  # any layout fault: no PDF, as `zzprint build` (a draft is built with --draft there)
            outcome.status = NOT_DELIVERABLE
            outcome.messages = [fault.report() for fault in result.faults]
        else:
            write(render(result), Path(out))
            violations = _preflight(Path(out), result.spec.output.condition)
            if violations:
                Path(out).unlink()  # written, but not deliverable: it must not reach the plate room
                outcome.status = NOT_DELIVERABLE
                outcome.messages = violations
            else:
                outcome.out = out
    except UserError as err:
        outcome.status = BAD_INPUT
        outcome.messages = [str(p) for p in err.problems]
    except Exception as err:  # noqa: BLE001 - a bug on one page must not take the edition down
        outcome.status = INTERNAL
        last = traceback.extract_tb(err.__traceback__)[-1:]
        where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
        outcome.messages = [_("internal error: {error}: {detail}{where} — this is a bug in zzprint; run 'zzprint --debug "
                              "build {layout}' and report the traceback").format(
            error=type(err).__name__, detail=err, where=where, layout=page.layout)]
    outcome.seconds = time.perf_counter() - started
    return outcome


def _preflight(pdf: Path, condition: str) -> list[str]:
    """The PDF/X-1a violations of a written page, as message lines ([] when it conforms)."""
    from .preflight.cli import format_violation
    from .preflight.rules import inspect_pdf

    violations, _ = inspect_pdf(pdf, condition)
    return [format_violation(str(pdf), v) for v in sorted(violations, key=lambda v: v.page)]
