"""``zzprint proof``: the page as the editor checks it.

Input: a page-grid spec (and optionally the edition), an output folder.
Output, in ``out_dir`` (NAME = the spec's stem):

* no page PDF: the one the print shop gets is ``zzprint build``'s, and a second copy
  here could drift from the sources (an old one is removed);
* ``NAME.png`` — the trim at 150 dpi, with any fault marked as in a draft (a spec of several pages adds
  ``NAME-p2.png`` …, and the same ``-pN`` for the overlay and changes images);
* ``NAME-overlay.png`` (``overlay=True``) — grid, frames, overset text and
  changed frames drawn over the page (:mod:`zzprint.proof.overlay`);
* ``NAME-changes.png`` — changed frames outlined, when an earlier proof exists
  and something changed;
* ``NAME-proof.pdf`` — the proof report (Jinja2 template → WeasyPrint): page
  image, fit per article with copy-fit changes and overset text, typographic
  audit, fonts and fallback glyphs, preflight, changes since the last proof,
  the importer's report, build time and input checksums;
* ``NAME-proof.json`` — the snapshot the next proof compares with.

Returns 0, or 1 when some text is overset (after writing everything).  Bad
input raises :class:`~zzprint.errors.UserError` like every other command.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..build import BuildResult, build_page, render
from ..edition import Edition
from ..errors import UserError
from ..i18n import N_, _, gettext_, ngettext
from ..inputs import read_input
from ..report import fault_kind, fit_table, hint_lines, line_hints, status_text, wanted_hints
from . import snapshot
from .audit import ORPHAN, ArticleAudit, audit_page
from .overlay import adjusted_lines, articles_on, changes_overlay, grid_overlay
from .png import PROOF_DPI, PageImage, render_page, write_png
from .progress import progress

TEMPLATES = Path(__file__).parent / "templates"
AUDIT_KEYS = ("lines", "marks compressed", "lines pushed in", "lines stretched", "characters pushed out",
              "lines on the character grid", ORPHAN)
MM = 72 / 25.4
#: The audit's column heads in the reader's language (the counters keep their English keys).
_AUDIT_HEADS = {"lines": N_("lines"), "marks compressed": N_("marks compressed"), "lines pushed in": N_("lines pushed in"),
                "lines stretched": N_("lines stretched"), "characters pushed out": N_("characters pushed out"),
                "lines on the character grid": N_("lines on the character grid"), ORPHAN: N_("孤字 lines")}


def audit_key(key: str) -> str:
    """An audit column's head in the reader's language."""
    return gettext_(_AUDIT_HEADS[key]) if key in _AUDIT_HEADS else key


@dataclass
class Preflight:
    ok: bool
    lines: list[str] = field(default_factory=list)
    condition: str = ""
    tac: float = 0.0


@dataclass
class _Run:
    """What the proof stages hand each other."""

    spec: Path
    out_dir: Path
    edition: Edition | None
    overlay: bool
    started: float = field(default_factory=time.perf_counter)
    result: BuildResult | None = None
    build_seconds: float = 0.0
    pages: list[PageImage] = field(default_factory=list)
    pdf: bytes = b""  # the page as rendered for the images: with the faults marked, if any
    preflight: Preflight | None = None
    previous: dict | None = None
    current: dict | None = None  # this proof's snapshot, saved by the last stage
    changes: list[snapshot.Change] | None = None
    changes_png: list[str] = field(default_factory=list)
    ticks: bool = False
    hints: dict = field(default_factory=dict)  # 删字/补字 hints of the overset and short articles, by id

    @property
    def name(self) -> str:
        return self.spec.stem

    def path(self, suffix: str, page: int = 1) -> Path:
        """``NAME{suffix}`` for page 1, ``NAME-pN{suffix}`` for page N of a multi-page spec."""
        return self.out_dir / (f"{self.name}{suffix}" if page == 1 else f"{self.name}-p{page}{suffix}")


def make_proof(spec: str | Path, out_dir: str | Path, overlay: bool = False, edition: Edition | None = None) -> int:
    run = _Run(Path(spec), Path(out_dir), edition, overlay)
    run.out_dir.mkdir(parents=True, exist_ok=True)
    stages: list[tuple[str, Callable[[_Run], None]]] = [
        (_("build {spec}").format(spec=run.spec), _build),
        (_("render {png} at {dpi} dpi").format(png=run.path(".png"), dpi=PROOF_DPI), _render),
        (_("preflight"), _preflight),
        (_("compare with the last proof and draw the overlay") if overlay else _("compare with the last proof"), _images),
        (_("write the report {report}").format(report=run.path("-proof.pdf")), _report),
    ]
    for _label, stage in progress(stages, lambda s: s[0], timing=True):
        stage(run)
    result = run.result
    assert result is not None
    print(fit_table(result.fits, run.hints, result.faults))
    overset = result.overset
    print((_("proof: {report} ({articles} articles, {overset} overset, preflight OK) in {seconds:.2f}s")
           if run.preflight and run.preflight.ok else
           _("proof: {report} ({articles} articles, {overset} overset, preflight FAILED) in {seconds:.2f}s")).format(
        report=run.path("-proof.pdf"), articles=len(result.fits), overset=len(overset),
        seconds=time.perf_counter() - run.started))
    if overset:
        print(_("{spec}: overset text in {articles}").format(
            spec=run.spec, articles=_(", ").join(f"{f.id} ({status_text(f)})" for f in overset)), file=sys.stderr)
    for fault in result.faults:  # the same lines as `zzprint build`; the proof PDF has them marked
        print(fault.report(), file=sys.stderr)
    return 1 if result.faults else 0


# --- stages ------------------------------------------------------------------------------

def _build(run: _Run) -> None:
    started = time.perf_counter()
    # build_page never refuses overset text (only `zzprint build` does), so the proof shows it.
    run.result = build_page(run.spec, run.edition)
    run.build_seconds = time.perf_counter() - started
    run.hints = line_hints(run.result, {f.id for f in run.result.fits if wanted_hints(f)})


def _render(run: _Run) -> None:
    assert run.result is not None
    run.path(".pdf").unlink(missing_ok=True)  # an older proof's page PDF: it would drift from the sources
    run.pdf = render(run.result, draft=True)  # faults marked: a proof shows them
    run.pages = [render_page(run.pdf, PROOF_DPI, index) for index in range(len(run.result.document.pages))]
    for number, page in enumerate(run.pages, 1):
        write_png(page, run.path(".png", number))


def _preflight(run: _Run) -> None:
    assert run.result is not None
    from ..preflight import check_pdf
    from ..preflight.cli import format_violation

    output = run.result.spec.output
    # The page as `zzprint build` would deliver it, checked in a scratch folder and removed.
    with tempfile.TemporaryDirectory(prefix="zzprint-proof-") as scratch:
        pdf = Path(scratch) / f"{run.name}.pdf"
        pdf.write_bytes(run.pdf if not run.result.faults else render(run.result))  # without faults: the same bytes
        try:
            violations = check_pdf(pdf, output.condition, output.tac)
        except UserError as err:
            run.preflight = Preflight(False, [str(p) for p in err.problems], output.condition, output.tac)
            return
    run.preflight = Preflight(not violations, [format_violation(pdf.name, v) for v in violations],
                              output.condition, output.tac)


def _images(run: _Run) -> None:
    result = run.result
    assert result is not None
    run.previous = snapshot.load(run.path("-proof.json"))
    run.current = snapshot.take(result)
    run.changes = snapshot.compare(run.previous, run.current) if run.previous is not None else None
    changed = [c.article for c in run.changes or () if "removed" not in c.what]
    ticks = adjusted_lines(result)
    run.ticks = ticks is not None
    for number, page in enumerate(run.pages, 1):
        changes_png = run.path("-changes.png", number)
        if set(changed) & articles_on(result, number):
            write_png(PageImage(changes_overlay(page, result, changed, number), page.dpi), changes_png)
            run.changes_png.append(changes_png.name)
        else:
            changes_png.unlink(missing_ok=True)  # a stale one would show old changes as new
        overlay_png = run.path("-overlay.png", number)
        if run.overlay:
            write_png(PageImage(grid_overlay(page, result, changed, ticks, number), page.dpi), overlay_png)
        else:
            overlay_png.unlink(missing_ok=True)


def _report(run: _Run) -> None:
    assert run.result is not None and run.preflight is not None and run.current is not None
    result = run.result
    audits = audit_page(result, result.fonts)
    html = render_report_html(run, list(audits.values()))
    import weasyprint  # slow to import (~1 s) and only proofs need it

    target = run.path("-proof.pdf")
    tmp = target.with_name(target.name + ".tmp")
    weasyprint.HTML(string=html, base_url=str(run.out_dir.resolve()) + "/").write_pdf(tmp)
    tmp.replace(target)
    snapshot.save({**run.current, "made_at": _now()}, run.path("-proof.json"))


def render_report_html(run: _Run, audits: list[ArticleAudit]) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    # autoescape on for everything: article text, titles and messages are data, never markup.
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      extensions=["jinja2.ext.i18n"])
    # The report's words come from the catalogue (Babel extracts the template's _() calls too).
    env.install_gettext_callables(gettext_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(status_text=status_text, fault_kind=fault_kind, audit_key=audit_key)
    result = run.result
    assert result is not None and run.pages
    spec = result.spec
    import_report = spec.content_dir / "IMPORT-REPORT.txt"
    return env.get_template("report.html").render(
        name=run.name, page_name=spec.page_name, spec=str(run.spec), made_at=_now(),
        build_seconds=run.build_seconds, total_seconds=time.perf_counter() - run.started,
        page_pngs=[run.path(".png", n).name for n in range(1, len(run.pages) + 1)],
        overlay_pngs=[run.path("-overlay.png", n).name for n in range(1, len(run.pages) + 1)] if run.overlay else [],
        dpi=PROOF_DPI,
        width_mm=spec.width / MM, height_mm=spec.height / MM,
        fits=result.fits, overset_count=len(result.overset), faults=result.faults,
        hints={f.id: hint_lines(f, run.hints[f.id]) for f in result.fits if f.id in run.hints},
        audits=audits, audit_keys=AUDIT_KEYS, ticks_available=run.ticks,
        fallbacks=[f for a in audits for f in a.fallbacks],
        preflight=run.preflight, pdf_name=run.path(".pdf").name,
        changes=run.changes, changes_png=run.changes_png,
        previous_made_at=(run.previous or {}).get("made_at", ""),
        import_report=_import_report(import_report, spec.root),
        import_report_path=str(import_report),
        inputs=result.inputs,
        pictures=picture_rows(result),
    )


def picture_rows(result) -> list[dict]:
    """Each picture of the pages: source, effective ppi, colour space and what was done to it."""
    from ..page import Image
    from ..render.images import prepared

    rows = []
    for number, page in enumerate(result.document.pages, 1):
        for item in page.items:
            if not isinstance(item, Image):
                continue
            data = prepared(item.source)  # cached: the PDF was just rendered from the same sources
            _x, _y, w, h = item.visible
            rows.append({"page": number, "source": item.source.name, "mode": item.source.mode,
                         "ppi": round(item.source.ppi), "low": item.source.ppi < result.spec.output.min_ppi - 0.5,
                         "placed": f"{w / MM:.1f} × {h / MM:.1f} mm", "pixels": f"{data.width} × {data.height}",
                         "space": data.colorspace, "filter": data.filter, "conversion": data.conversion})
    return rows


def _import_report(path: Path, project: Path) -> str:
    """The importer's report beside the articles, if any: a plain file inside the project, at most 4 MiB."""
    if not os.path.lexists(path):
        return ""
    return read_input(path, kind="import report", root=project).decode("utf-8", errors="replace")


def _now() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")


__all__ = ["make_proof", "render_report_html"]
