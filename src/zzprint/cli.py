"""The ``zzprint`` command: build, fit, check, import, proof, watch, edition.

Exit status: 0 done; 1 the page is not deliverable (a layout fault, preflight
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
from typing import NoReturn

from .errors import UserError
from .i18n import LANGUAGES, _, set_language


# Files this run has delivered (replaced at their final path), so an interrupted run
# can say truthfully what it left behind.
_DELIVERY: list[Path] = []


def run() -> NoReturn:
    """The ``zzprint`` command: :func:`main`, then leave at once.

    Everything is delivered by then (files written, fsynced and closed; child processes
    reaped; output flushed here), so the interpreter's teardown — freeing a page's million
    objects one by one, ~30 ms of a 0.4 s build — is skipped.
    """
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = status or 141
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(_language_asked(argv))  # before the parser: its help is in that language
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    _DELIVERY.clear()
    previous = _stop_on_sigterm()
    try:
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe is found here, not in the interpreter's exit
        return status
    except UserError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        if args.debug:
            raise
        return 2
    except KeyboardInterrupt as err:
        what = ", ".join(map(str, _DELIVERY))
        said = _("{files} was delivered complete").format(files=what) if what else _("nothing was delivered")
        why = _("stopped (SIGTERM)") if isinstance(err, _Terminated) else _("interrupted")
        print(_("zzprint: {why}; {said}").format(why=why, said=said), file=sys.stderr)
        return 143 if isinstance(err, _Terminated) else 130
    except BrokenPipeError:
        # The reader went away (``zzprint fit --json | head``): end quietly, as other tools do.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as err:  # noqa: BLE001 - the last line of defence: a bug, said plainly
        if args.debug:
            raise
        print(_("zzprint: internal error: {error}: {detail} — this is a bug in zzprint; "
                "run again with --debug and report the traceback").format(error=type(err).__name__, detail=err),
              file=sys.stderr)
        return 3
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, ending the run as Ctrl-C does."""


def _stop_on_sigterm():
    """SIGTERM ends the run as Ctrl-C does: cleanly, the same way, with the same message."""
    def stop(signum, frame):
        raise _Terminated()
    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a test calling main() from a thread)
        return None


def _number_in(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high`` (argparse exits 2 with its message otherwise)."""
    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(_("{value} is out of range: use {low} to {high}").format(
                value=value, low=low, high=high))
        return value
    return number


def _language_asked(argv: list[str]) -> str | None:
    """The ``--lang`` of a command line, read before argparse (whose help must speak it); None if not given."""
    for at, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and at + 1 < len(argv):
            return argv[at + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


class _Version(argparse._VersionAction):
    """``zzprint --version``: the version from the package metadata, read only when asked (the import costs ~90 ms)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import version
        self.version = f"zzprint {version('zzprint')}"
        super().__call__(parser, namespace, values, option_string)


def _parser() -> argparse.ArgumentParser:
    spec_help = _("the page-grid spec (YAML), e.g. layout/opinion.yaml")
    edition_help = _("edition file (default: edition.yaml next to the spec)")
    parser = argparse.ArgumentParser(prog="zzprint", description=_(
        "Typeset a Chinese newspaper page to PDF/X-1a: a page-grid spec (layout/*.yaml) and its articles "
        "(content/*.md) become a print-ready PDF. Exit status: 0 done; 1 not deliverable (layout faults, "
        "preflight errors); 2 bad input, one line per problem: FILE:LINE:COL: message — hint."))
    parser.add_argument("--debug", action="store_true", help=_("show the traceback of an internal error"))
    parser.add_argument("--version", action=_Version, help=_("show program's version number and exit"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_(
        "language of messages, help and reports: zh (Simplified Chinese) or en; default: from "
        "LANGUAGE, LC_ALL, LC_MESSAGES or LANG"))
    sub = parser.add_subparsers(dest="command", title=_("commands"),
                                help=_("the command; zzprint COMMAND --help explains it"))

    p = sub.add_parser("build", help=_("build a page PDF from a page-grid spec"),
                       description=_("Build a page PDF (PDF/X-1a) from a page-grid spec and preflight it."))
    p.add_argument("spec", type=Path, help=spec_help)
    p.add_argument("-o", "--out", type=Path, help=_("PDF path (default build/NAME.pdf)"))
    p.add_argument("--edition", type=Path, help=edition_help)
    p.add_argument("--page", type=_number_in(1, 999), help=_("page number (default: from the edition)"))
    p.add_argument("--draft", "--allow-overset", dest="draft", action="store_true",
                   help=_("with layout faults, write a proof PDF with each fault marked (DRAFT, not for print)"))
    p.add_argument("--no-check", action="store_true", help=_("skip the preflight of the written PDF"))
    p.add_argument("-j", "--jobs", type=_number_in(1, 64), default=None,
                   help=_("processes that fit the articles (default: 2 on a machine with two cores or more)"))
    p.set_defaults(run=_cmd_build)

    p = sub.add_parser("fit", help=_("report per article: capacity, used, fits / short / overset"),
                       description=_("Fit table: per article its capacity and the lines used, whether it fits, is "
                                     "short (缺行) or overset (超版), with hints where to cut or add characters."))
    p.add_argument("spec", type=Path, help=spec_help)
    p.add_argument("--json", action="store_true", help=_("one JSON object: every article's fit and hints, the faults"))
    p.add_argument("--edition", type=Path, help=edition_help)
    p.set_defaults(run=_cmd_fit)

    p = sub.add_parser("check", help=_("preflight any PDF against PDF/X-1a:2001"),
                       description=_("Preflight a PDF against PDF/X-1a:2001: one line per finding, then a summary."))
    from .preflight.cli import add_arguments as check_arguments  # one set of options, also for python -m zzprint.preflight
    check_arguments(p)
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser("import", help=_("clean raw newsroom copy into content files (a new folder by default)"),
                       description=_("Clean raw newsroom copy (UTF-8, UTF-16 or GB 18030) into one content file "
                                     "per article, with a report of every change and doubt."))
    p.add_argument("raw", type=Path, help=_("the raw copy: a text file of one or more articles"))
    p.add_argument("--out", type=Path, default=Path("build/import"),
                   help=_("folder for the articles and IMPORT-REPORT.txt (default: build/import)"))
    p.add_argument("--force", action="store_true",
                   help=_("replace articles already in --out; the previous files are kept in OUT/.previous-<time>/"))
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("proof", help=_("PNG proof and proof report of a page"),
                       description=_("A PNG proof of the page and a proof report (faults, fit table, audit)."))
    p.add_argument("spec", type=Path, help=spec_help)
    p.add_argument("--out", type=Path, default=Path("build/proof"),
                   help=_("folder for the proof (default: build/proof)"))
    p.add_argument("--overlay", action="store_true", help=_("draw grid, frames and overset text"))
    p.add_argument("--edition", type=Path, help=edition_help)
    p.set_defaults(run=_cmd_proof)

    p = sub.add_parser("watch", help=_("live preview on http://127.0.0.1:PORT"),
                       description=_("A live preview in the browser, rebuilt on every saved change."))
    p.add_argument("spec", type=Path, help=spec_help)
    p.add_argument("--port", type=_number_in(0, 65535), default=8765,  # 0: any free port
                   help=_("port to serve on, 0 for any free one (default 8765)"))
    p.set_defaults(run=_cmd_watch)

    p = sub.add_parser("edition", help=_("build every page of an edition"),
                       description=_("Build every page of an edition file, in parallel."))
    p.add_argument("edition", type=Path, help=_("the edition file (YAML): date, number and pages"))
    p.add_argument("--out", type=Path, default=Path("build/edition"),
                   help=_("folder for the pages' PDFs (default: build/edition)"))
    p.add_argument("-j", "--jobs", type=int, default=0, help=_("parallel builds (default: all cores)"))
    p.set_defaults(run=_cmd_edition)

    p = sub.add_parser("compose", help=_("find frame sizes in which every article fits: page template → spec"),
                       description=_("Find frame sizes in which every article fits and write the page-grid spec."))
    p.add_argument("template", type=Path, help=_("the page template (YAML): grid, bands and articles"))
    p.add_argument("-o", "--out", type=Path,
                   help=_("spec to write (default build/NAME.yaml, NAME without -template)"))
    p.add_argument("--force", action="store_true", help=_("replace an output spec an editor wrote or edited"))
    p.set_defaults(run=_cmd_compose)
    for command in sub.choices.values():  # --lang after the command too; SUPPRESS keeps the one given before it
        command.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                             help=_("language of messages and reports: zh or en"))
    return parser


def _edition(args):
    from .edition import load_edition
    return load_edition(args.edition) if getattr(args, "edition", None) else None


def _cmd_build(args) -> int:
    started = time.perf_counter()
    with _one_shot_memory():
        return _build_and_write(args, started)


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


def _build_and_write(args, started: float) -> int:
    from .build import build_page, render, set_aside, write

    out = args.out or Path("build") / f"{args.spec.stem}.pdf"
    try:
        result = build_page(args.spec, _edition(args), args.page, mapper=_article_map(args.jobs))
    except UserError:
        set_aside(out)  # the PDF there no longer matches the sources
        raise
    faults = result.faults
    if faults:
        set_aside(out)  # the PDF there no longer matches the sources
        for fault in faults:
            print(fault.report(), file=sys.stderr)
        # copyfit.allow_overset: overset text alone gives the marked draft without asking for it.
        if not (args.draft or (result.spec.copyfit.allow_overset and all(f.kind == "overset" for f in faults))):
            print(_("{spec}: {faults} layout fault(s) — no PDF written; fix them, or build a proof "
                    "with every fault marked with --draft").format(spec=args.spec, faults=len(faults)),
                  file=sys.stderr)
            return 1
        write(render(result, draft=True), out, _DELIVERY)
        print(_("wrote DRAFT {out} with {faults} layout fault(s) marked — a proof, not for print "
                "('zzprint check' refuses it)").format(out=out, faults=len(faults)), file=sys.stderr, flush=True)
        return 1
    data = render(result)
    write(data, out, _DELIVERY)
    elapsed = time.perf_counter() - started
    print(_("wrote {out} ({pages} page, {articles} articles, {overset} characters overset) in {seconds:.2f}s").format(
        out=out, pages=len(result.document.pages), articles=len(result.fits),
        overset=sum(f.overset_chars for f in result.fits), seconds=elapsed), flush=True)
    if args.no_check:
        return 0
    from .preflight import run_check
    return run_check(str(out), result.spec.output.condition, result.spec.output.tac)


def _article_map(jobs: int | None):
    """How ``zzprint build`` fits a page's articles: shared with a second core (zzprint.workers)
    when the page has enough text to pay for the fork, weighed by frame size (text fills its frame)."""
    from .workers import cores, forked_map, serial_map

    jobs = min(cores(), 2) if jobs is None else jobs
    if jobs < 2:
        return serial_map
    return forked_map(jobs, weight=lambda p: sum(r.span * r.lines for r in p.rects), least=_FORK_CELLS)


# Grid cells (columns × lines) a page's frames must have for a second process to pay (forking
# and sending the articles back cost 10–15 ms).  Measured cold, 8 builds each, forked vs -j 1:
# 164 and 328 cells 0.26/0.26 and 0.295/0.29 s (no gain); 432 cells 0.32/0.33 s; the seed page,
# 760 cells, 0.37/0.41 s; eight pages of new text, 6 080 cells, 1.03/1.37 s.
_FORK_CELLS = 400


def _cmd_fit(args) -> int:
    from .build import build_page
    from .report import fit_table, line_hints, wanted_hints

    with _one_shot_memory():
        result = build_page(args.spec, _edition(args), mapper=_article_map(None))
        # 删字/补字 hints: every article's in --json, the overset and short ones' in the table.
        hints = line_hints(result, None if args.json else {f.id for f in result.fits if wanted_hints(f)})
    if args.json:
        print(json.dumps({"spec": str(args.spec), "articles": [{**f.as_dict(), **hints[f.id].as_dict()} for f in result.fits],
                          "overset": len(result.overset), "faults": [f.as_dict() for f in result.faults]},
                         ensure_ascii=False, indent=2))
    else:
        print(fit_table(result.fits, hints, result.faults))
    return 1 if result.faults else 0


def _cmd_check(args) -> int:
    from .preflight import run_check
    return run_check(args.file, args.condition, args.tac, args.measure_tac, as_json=args.json, dpi=args.dpi)


def _cmd_import(args) -> int:
    from .content.clean import run_import
    return run_import(args.raw, args.out, force=args.force)


def _cmd_proof(args) -> int:
    from .proof.make import make_proof
    return make_proof(args.spec, args.out, overlay=args.overlay, edition=_edition(args))


def _cmd_watch(args) -> int:
    from .proof.watch import serve
    return serve(args.spec, args.port)


def _cmd_edition(args) -> int:
    from .edition_build import build_edition
    return build_edition(args.edition, args.out, args.jobs)


def _cmd_compose(args) -> int:
    from .compose import run_compose
    name = args.template.stem.removesuffix("-template")
    with _one_shot_memory():
        return run_compose(args.template, args.out or Path("build") / f"{name}.yaml", force=args.force)


if __name__ == "__main__":
    sys.exit(main())
