"""The ``zzprint`` command: build, fit, check, import, proof, watch, edition.

Exit status: 0 done; 1 the page is not deliverable (overset text, preflight
violations); 2 bad input (one line per problem: ``FILE:LINE:COL: what — hint``).
A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import sys
import time
from pathlib import Path

from .errors import UserError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except UserError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        if args.debug:
            raise
        return 2
    except KeyboardInterrupt:
        print("zzprint: interrupted; nothing was delivered", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence: a bug, said plainly
        if args.debug:
            raise
        print(f"zzprint: internal error: {type(err).__name__}: {err} — this is a bug in zzprint; "
              f"run again with --debug and report the traceback", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zzprint", description="Typeset a Chinese newspaper page to PDF/X-1a.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("build", help="build a page PDF from a page-grid spec")
    p.add_argument("spec", type=Path)
    p.add_argument("-o", "--out", type=Path, help="PDF path (default build/NAME.pdf)")
    p.add_argument("--edition", type=Path, help="edition file (default: edition.yaml next to the spec)")
    p.add_argument("--page", type=int, help="page number (default: from the edition)")
    p.add_argument("--allow-overset", action="store_true", help="write the PDF even when text is overset")
    p.add_argument("--no-check", action="store_true", help="skip the preflight of the written PDF")
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("fit", help="report per article: capacity, used, fits / short / overset")
    p.add_argument("spec", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument("--edition", type=Path)
    p.set_defaults(run=_cmd_fit)

    p = sub.add_parser("check", help="preflight any PDF against PDF/X-1a:2001")
    p.add_argument("pdf")
    p.add_argument("--condition", default="IFRA26")
    p.add_argument("--tac", type=float, default=240.0)
    p.add_argument("--measure-tac", action="store_true", help="render separations and measure total ink")
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser("import", help="clean raw newsroom copy into content files")
    p.add_argument("raw", type=Path)
    p.add_argument("--out", type=Path, default=Path("content"))
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("proof", help="PNG proof and proof report of a page")
    p.add_argument("spec", type=Path)
    p.add_argument("--out", type=Path, default=Path("build/proof"))
    p.add_argument("--overlay", action="store_true", help="draw grid, frames and overset text")
    p.add_argument("--edition", type=Path)
    p.set_defaults(run=_cmd_proof)

    p = sub.add_parser("watch", help="live preview on http://127.0.0.1:PORT")
    p.add_argument("spec", type=Path)
    p.add_argument("--port", type=int, default=8765)
    p.set_defaults(run=_cmd_watch)

    p = sub.add_parser("edition", help="build every page of an edition")
    p.add_argument("edition", type=Path)
    p.add_argument("--out", type=Path, default=Path("build/edition"))
    p.add_argument("-j", "--jobs", type=int, default=0, help="parallel builds (default: all cores)")
    p.set_defaults(run=_cmd_edition)
    return parser


def _edition(args):
    from .edition import load_edition
    return load_edition(args.edition) if getattr(args, "edition", None) else None


def _workers() -> int:
    """Processes for a one-shot build: the articles of a page are fitted on two cores when there are two."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def _import_writer() -> None:
    """Import the PDF writer (reportlab): done while the second core finishes its articles."""
    from .render import pdf  # noqa: F401


def _cmd_build(args) -> int:
    started = time.perf_counter()
    # Fork the preflight before importing the builder, so the child stays small.
    check = None if args.no_check else _EarlyCheck()
    try:
        with _one_shot_memory():
            return _build_and_write(args, started, check)
    finally:
        if check:
            check.cancel()


@contextlib.contextmanager
def _one_shot_memory():
    """No cyclic garbage collection during a one-shot build.

    A page makes hundreds of thousands of small objects and almost no cycles; the
    collector's ~150 passes over them cost ~40 ms of a cold build and free nothing
    that exit would not.  Long-lived processes (watch, proof server) keep collecting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_and_write(args, started: float, check: _EarlyCheck | None) -> int:
    from .build import build_page, write
    from .report import fit_table

    result = build_page(args.spec, _edition(args), args.page, workers=_workers(), while_waiting=_import_writer)
    out = args.out or Path("build") / f"{args.spec.stem}.pdf"
    overset = result.overset
    allow = args.allow_overset or result.spec.copyfit.allow_overset
    if overset and not allow:
        print(fit_table(result.fits), file=sys.stderr)
        names = ", ".join(f"{f.id} ({f.status})" for f in overset)
        print(f"{args.spec}: overset text in {names} — no PDF written; shorten the text, enlarge the frame, "
              f"or build a proof with --allow-overset", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    write(result, out)
    elapsed = time.perf_counter() - started
    print(f"wrote {out} ({len(result.document.pages)} page, {len(result.fits)} articles, "
          f"{sum(f.overset_chars for f in result.fits)} characters overset) in {elapsed:.2f}s")
    if check:
        return check.run(str(out), result.spec.output.condition, result.spec.output.tac)
    return 0


class _EarlyCheck:
    """The preflight of ``zzprint build``, started in a forked process before the build.

    Importing the checker (pikepdf) takes about as long as writing the page, so the
    child does it on the second core while the parent sets the page; then it checks
    the written file and exits with the check's status.  Where fork is missing, or
    the child could not check (it died, or failed outside the check), the check runs
    in this process: the result, and any error, are the same.
    """

    COULD_NOT_CHECK = 70  # the child's status when it never got to give the check's own

    def __init__(self):
        self.pid = 0
        if not hasattr(os, "fork"):
            return
        sys.stdout.flush()
        sys.stderr.flush()
        read_end, self.write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            status = self.COULD_NOT_CHECK
            try:
                os.close(self.write_end)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
                from .preflight import run_check
                with os.fdopen(read_end) as pipe:
                    request = pipe.read()
                if request:  # empty: the build failed or was cancelled, nothing to check
                    path, condition, tac = json.loads(request)
                    status = run_check(path, condition, tac)
                else:
                    status = 0
                sys.stdout.flush()
            finally:
                os._exit(status)
        os.close(read_end)

    def run(self, path: str, condition: str, tac: float) -> int:
        """Check ``path`` (already written); the exit status of the preflight."""
        if self.pid:
            sys.stdout.flush()  # our "wrote …" line comes before the child's report
            try:
                with os.fdopen(self.write_end, "w") as pipe:
                    pipe.write(json.dumps([path, condition, tac]))
            except BrokenPipeError:
                pass  # the child is gone: see its status
            pid, self.pid = self.pid, 0
            _, status = os.waitpid(pid, 0)
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) != self.COULD_NOT_CHECK:
                return os.WEXITSTATUS(status)
        from .preflight import run_check
        return run_check(path, condition, tac)

    def cancel(self) -> None:
        """Stop the child if the build ended without a file to check."""
        if self.pid:
            os.close(self.write_end)
            os.waitpid(self.pid, 0)
            self.pid = 0


def _cmd_fit(args) -> int:
    from .build import build_page
    from .report import fit_table

    with _one_shot_memory():
        result = build_page(args.spec, _edition(args), workers=_workers())
    if args.json:
        print(json.dumps({"spec": str(args.spec), "articles": [f.as_dict() for f in result.fits],
                          "overset": len(result.overset)}, ensure_ascii=False, indent=2))
    else:
        print(fit_table(result.fits))
    return 1 if result.overset else 0


def _cmd_check(args) -> int:
    from .preflight import run_check
    return run_check(args.pdf, args.condition, args.tac, args.measure_tac)


def _cmd_import(args) -> int:
    from .content.clean import run_import
    return run_import(args.raw, args.out)


def _cmd_proof(args) -> int:
    from .proof.make import make_proof
    return make_proof(args.spec, args.out, overlay=args.overlay, edition=_edition(args))


def _cmd_watch(args) -> int:
    from .proof.watch import serve
    return serve(args.spec, args.port)


def _cmd_edition(args) -> int:
    from .editions import build_edition
    return build_edition(args.edition, args.out, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
