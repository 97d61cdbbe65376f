"""Compose the page: from a template and the day's articles, frame sizes in which every article fits exactly.

Input: ``TEMPLATE.yaml`` (a spec without frames, with constraints: docs/compose.md)
and the articles of its content folder.  Output: an ordinary, editable page-grid spec
(YAML with comments) whose every frame the engine fills with 0 overset and no hole —
the whole page is built once to make sure — and the next few layouts summarised.
When no layout fits: which articles are too long or too short and by how much, with
the line-saving hints (删字/补字), and exit status 1.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, UserError
from ..i18n import _
from .search import SIDE_MOST
from .template import Template, load_template

MARK = "# Composed by `zzprint compose`"
DIGEST = "# compose digest: "
NEAREST_BUDGET = 20_000  # layouts scored to find the nearest one when none fits (the figures say how far off)


@dataclass
class Outcome:
    status: int
    text: str  # what compose says on stdout
    seconds: float
    candidates: int = 0
    checked: int = 0
    fits_run: int = 0


def run_compose(template_path: Path, out: Path, force: bool = False) -> int:
    outcome = compose(template_path, out, force)
    stream = sys.stdout if outcome.status == 0 else sys.stderr
    print(outcome.text, file=stream, flush=True)
    return outcome.status


def compose(template_path: Path, out: Path, force: bool = False) -> Outcome:
    """Search, check and write; the figures and what to print."""
    started = time.perf_counter()
    template_path, out = Path(template_path), Path(out)
    _check_out(out, force)
    template = load_template(template_path)
    project = template.file.resolve().parent.parent
    if out.resolve().parent.parent != project:
        raise UserError.at(_("the spec must go in a folder of the project {project} (its paths are relative to it)").format(project=project),
                           str(out), hint=_("write it to layout/ or build/, e.g. -o build/composed.yaml"))
    spec = _base_spec(template)
    from ..content.markdown import load_articles
    from ..flow.article import Context
    from ..flow.page_layout import paragraph_settings
    from ..fonts.roles import load_fontset
    from ..memo import Memo
    from .measure import Measure
    from .search import Search

    articles = load_articles(spec.content_dir)
    _check_articles(template, articles, spec.content_dir)
    fonts = load_fontset(spec.fonts_file, spec.root)  # font files only from inside the project, as a build reads them
    # One memo for the search and the check builds: a check sets the frames' paragraphs
    # as the search did, and each layout checked shares most of them with the one before.
    memo = Memo()
    ctx = Context(spec, fonts, paragraph_settings(spec), memo)
    templates = {a.content: a for a in template.articles}
    measure = Measure(ctx, articles, templates)
    most = template.grid_columns * template.stack * template.bands + template.stack * SIDE_MOST
    if len(template.articles) > most:
        text = _("{template}: no layout: {articles} articles, but a page cut into at most {bands} bands of {columns} "
                 "columns with stacks of {stack} holds at most {most} frames — move articles to another page, or raise "
                 "compose.bands or compose.stack").format(
            template=template.file, articles=len(template.articles), bands=template.bands,
            columns=template.grid_columns, stack=template.stack, most=most)
        return Outcome(1, text, time.perf_counter() - started)
    search = Search(template, measure)
    result = search.run(want=template.alternatives + 1)
    for index, layout in enumerate(result.layouts):
        text = spec_text(template, spec, layout, out, measure, result)
        faults = _build_check(text, out, memo)
        if faults:
            continue  # a fault only the whole page shows (a rule over text …): the next layout
        _write(out, text)
        seconds = time.perf_counter() - started
        lines = [_("wrote {out}: {articles} articles, every frame fits exactly (0 overset, every column flush) "
                   "— {scored} layouts scored, {checked} checked, {set} frames set, {seconds:.2f}s").format(
                     out=out, articles=len(layout.frames), scored=result.candidates, checked=result.checked,
                     set=measure.fits_run, seconds=seconds),
                 "  " + _("{rank}. {layout}  (score {score:.1f})").format(rank=1, layout=layout.describe(),
                                                                         score=layout.penalty)]
        for rank, other in enumerate(result.layouts[index + 1:], 2):
            lines.append("  " + _("{rank}. {layout}  (score {score:.1f})").format(rank=rank, layout=other.describe(),
                                                                                 score=other.penalty))
        return Outcome(0, "\n".join(lines), seconds, result.candidates, result.checked, measure.fits_run)
    report = _no_layout(template, ctx, measure, result)
    seconds = time.perf_counter() - started
    return Outcome(1, report, seconds, result.candidates, result.checked, measure.fits_run)


# --- inputs ------------------------------------------------------------------------------

def _check_out(out: Path, force: bool) -> None:
    """Never replace a spec an editor wrote or edited, unless --force."""
    if out.is_dir():
        raise UserError.at(_("the output is a folder"), str(out), hint=_("-o names the spec file to write, e.g. layout/page.yaml"))
    if not os.path.lexists(out) or force:
        return
    if out.is_symlink() or not out.is_file():
        raise UserError.at(_("something other than a plain file is in the way"), str(out), hint=_("remove it or give another -o"))
    try:
        text = out.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if _unedited(text):
        return
    raise UserError.at(_("the file exists and was not written by compose (or was edited since)"), str(out),
                       hint=_("give another -o, or --force to replace it"))


def _unedited(text: str) -> bool:
    body, _, digest = text.rpartition(DIGEST)
    return text.startswith(MARK) and digest.strip() == hashlib.sha256(body.encode("utf-8")).hexdigest()


def _base_spec(template: Template):
    """The template as a spec without articles, loaded by the spec loader (every check, every unit).

    The template's own text is used with ``compose:`` and ``articles:`` blanked line for
    line, so a problem the loader finds is reported at its line in the template.
    """
    from ..spec.load import load_spec

    text = template.shared_text() + "articles: []\n"
    try:
        with _scratch_spec(template.file.resolve().parent, template.file.name, text) as temp:
            try:
                return load_spec(temp)
            except UserError as err:
                raise UserError(*(Problem(p.message.replace(temp.name, template.file.name),
                                          str(template.file) if p.file == str(temp) else p.file, p.line, p.col, p.hint)
                                  for p in err.problems)) from None
    except OSError as err:
        raise UserError.at(_("cannot read the template's folder: {reason}").format(reason=err.strerror), str(template.file),
                           hint=_("compose needs to write a scratch file beside the template")) from None


@contextlib.contextmanager
def _scratch_spec(folder: Path, name: str, text: str) -> Iterator[Path]:
    """``text`` as a spec file in ``folder`` (where its relative paths resolve) while the block runs."""
    temp = folder / f".{name}.compose-{os.getpid()}.yaml"
    try:
        temp.write_text(text, encoding="utf-8")
        yield temp
    finally:
        try:
            temp.unlink()
        except OSError:
            pass


def _check_articles(template: Template, articles: dict, folder: Path) -> None:
    import difflib

    problems = []
    listed = {a.content for a in template.articles}
    for a in template.articles:
        if a.content not in articles:
            close = difflib.get_close_matches(a.content, list(articles), n=1)
            problems.append(Problem(_("article {content!r} has no content file in {folder}").format(content=a.content, folder=folder), str(template.file), *a.where,
                                    _("did you mean '{name}'?").format(name=close[0]) if close else
                                    _("known: {names}").format(names=", ".join(sorted(articles)))))
    for name, article in sorted(articles.items()):
        if name not in listed:
            problems.append(Problem(_("article {name!r} is in the content folder but not in the template").format(name=name), str(template.file),
                                    1, 1, _("list it under articles: in {name} (in order of importance), or move {file} out of {folder}/").format(name=template.file.name, file=article.path.name, folder=folder.name)))
    if problems:
        raise UserError(*problems)


# --- output ------------------------------------------------------------------------------

def spec_text(template: Template, spec, layout, out: Path, measure, result) -> str:
    """The spec as an editor would write it: the template's sections and comments, then the frames."""
    shared = template.shared_text(("compose", "articles", "fonts", "content")).splitlines()
    kept: list[str] = []
    for line in shared:
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line)
    folder = out.resolve().parent
    fonts = os.path.relpath(spec.fonts_file, folder)
    content = os.path.relpath(spec.content_dir, folder)
    heights = " + ".join(map(str, layout.bands))
    head = [f"{MARK} from {template.file.name}: an ordinary spec — edit it freely,",
            "# then check it with `zzprint fit`.  Composing again replaces this file only while it is unedited.",
            f"# Bands of {heights} lines (gap {template.gap}); {result.candidates} layouts scored, {result.checked} checked "
            "with the engine's fit.", ""]
    body = ["", f"fonts: {fonts}", f"content: {content}", "", "articles:                 # in order of importance"]
    for a in template.articles:
        frame = layout.frames[a.content]
        col, span, line, lines, split = frame.first
        placement = measure.placement(a.content, frame)
        changes = layout.changes.get(a.content, [])
        what = f"rank {a.rank}{' (lead)' if a.lead else ''}: {span} columns" + (f" set as {split} (破栏)" if split != span else "") \
            + f" × {lines} lines" + (f", an L: its leg {frame.rects[1][1]} column(s) × {frame.rects[1][3]} lines"
                                     if len(frame.rects) > 1 else "") + f"; copy-fit: {len(changes)} change(s)"
        rect = ", ".join(f"{{col: {c}, span: {n}, line: {l}, lines: {h}" + (f", split: {k}" if k != n else "") + "}"
                         for c, n, l, h, k in frame.rects)
        headline = [f"lines: {frame.head_lines}", f"style: {frame.style}", f"max_lines: {a.max_lines}"]
        for key, value, default in (("label", a.label, "left"), ("byline", a.byline, "below"), ("align", a.align, "left")):
            if value != default:
                headline.append(f"{key}: {value}")
        body += [f"  - content: {a.content}    # {what}", f"    rects: [{rect}]", f"    headline: {{{', '.join(headline)}}}"]
        if placement.summary is None:
            body.append("    summary: null")
        else:
            s = placement.summary
            body.append(f"    summary: {{col: 1, span: {s.span}" + (f", lines: {s.lines}" if s.lines else "")
                        + (f", style: {s.style}" if s.style != "summary" else "") + "}")
    for region in template.blocked:
        body.append(f"# Reserved by the template ({region.name or 'blocked'}): columns {region.col}–{region.last_col}, "
                    f"lines {region.line}–{region.last_line}; no frame covers it.")
    text = "\n".join(head + kept + body) + "\n"
    return text + DIGEST + hashlib.sha256(text.encode("utf-8")).hexdigest() + "\n"


def _build_check(text: str, out: Path, memo=None) -> list:
    """Build the whole page from the spec text, in the output's folder (where its paths resolve): its faults."""
    from ..build import build_page

    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    with _scratch_spec(out.resolve().parent, out.name, text) as temp:
        return build_page(temp, memo=memo).faults


def _write(out: Path, text: str) -> None:
    from ..files import write_atomic

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, text.encode("utf-8"))
    except OSError as err:
        raise UserError.at(_("cannot write the spec: {reason}").format(reason=err.strerror or err), str(out), hint=_("check the output path")) from None


# --- no layout ---------------------------------------------------------------------------

def _page_need(template: Template, ctx, measure) -> str:
    """The whole page's balance, in body lines of one column: what the articles need against what it holds.

    Each article counted at its fewest columns with its preferred headline style: its
    natural lines, its headline area over those columns and its summary box.
    """
    grid = ctx.spec.grid
    need = 0
    for a in template.articles:
        span = a.min_columns
        head = a.head_lines or measure.head_lines(a.content, span, span, a.styles[0]) or 0
        need += measure.natural(a.content, span, span) + head * span + (measure.summary_cells(a.content, span, span) or 0)
    holds = grid.columns * grid.lines - sum(r.span * (r.lines + template.gap) for r in template.blocked)
    holds -= grid.columns * template.gap  # at least one gap line across the page between bands or stacked frames
    balance = need - holds
    if balance > 0:
        return "  " + _("the articles need about {need} column lines (text, headlines, summaries) and the page holds "
                        "about {holds}: about {lines} lines ({chars} characters) too many in all").format(
            need=need, holds=holds, lines=balance, chars=balance * grid.chars)
    return "  " + _("the articles need about {need} column lines (text, headlines, summaries) and the page holds "
                    "about {holds}: about {lines} lines to spare in all (more headline air, a picture, or more text)").format(
        need=need, holds=holds, lines=-balance)


def _no_layout(template: Template, ctx, measure, result) -> str:
    """Which articles are too long or too short for any layout, and by how much, with the hints."""
    from ..flow.savers import line_hints
    from .search import Search

    chars = ctx.spec.grid.chars
    # The nearest layout: the same search, any article allowed to miss its frame; the one missing least.
    nearest = Search(template, measure, tolerance=ctx.spec.grid.lines)
    plan = nearest.nearest(budget=NEAREST_BUDGET)
    lines = [_("{template}: no layout fits every article exactly ({scored} layouts scored, {checked} checked with "
               "the engine's fit).").format(template=template.file, scored=result.candidates, checked=result.checked)]
    if plan is None:
        lines.append("  " + _("no layout meets the template's constraints at all (columns, regions, blocked areas): "
                              "loosen columns: or region:, or allow more bands (compose.bands)"))
        return "\n".join(lines)
    lines.append(_page_need(template, ctx, measure))
    lines.append("  " + _("nearest layout: {layout}").format(layout=plan.describe()))
    named = 0
    for article_id, frame in plan.frames.items():
        fit = measure.fit(article_id, frame)
        article = measure.articles[article_id]
        if fit.overset_text:
            named += 1
            lines.append("  " + _("{file}: article {article} is too long by {lines} line(s) ({chars} characters) in "
                                  "the nearest layout — cut about {cut} characters").format(
                file=article.path, article=article_id, lines=fit.overset_lines, chars=fit.overset_chars,
                cut=fit.overset_lines * chars))
        elif fit.hole_lines:  # short lines and blank ones
            named += 1
            short = fit.hole_lines
            lines.append("  " + _("{file}: article {article} is too short by {lines} line(s) in the nearest layout "
                                  "— add about {add} characters").format(
                file=article.path, article=article_id, lines=short, add=short * chars))
        else:
            continue
        hints = line_hints(ctx, measure.placement(article_id, frame), article)
        picks = hints.savers if fit.overset_text else hints.gainers
        for hint in picks[:3]:
            lines.append("      " + (_("{file}:{line}: cut {chars} character(s) before the paragraph's final "
                                         "punctuation for one line less").format(file=hint.file, line=hint.line, chars=hint.cut)
                                       if fit.overset_text else
                                       _("{file}:{line}: add {chars} character(s) before the paragraph's final "
                                         "punctuation for one line more").format(file=hint.file, line=hint.line, chars=hint.add)))
    if not named:
        lines.append("  " + _("every article fits its frame of the nearest layout alone, but not all at once with "
                              "the template's constraints: loosen columns: or region:"))
    return "\n".join(lines)


__all__ = ["compose", "run_compose", "Outcome", "spec_text"]
