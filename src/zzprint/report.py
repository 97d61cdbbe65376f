"""The fit report as text: one line per article, then every copy-fit change.

Input: the fits of a build (and, for ``zzprint fit``, the line-saving hints).
Output: a plain-text table a layout editor reads in the terminal (``zzprint fit``)
and the proof report reuses.
"""

from __future__ import annotations

from .flow.article import ArticleFit

HINTS_SHOWN = 5  # per article in the text table; ``--json`` carries them all


def fit_line(fit: ArticleFit, faults: list | None = None) -> str:
    """``faults``: the page's layout faults (zzprint.faults); the verdict names this article's."""
    kinds = sorted({f.kind for f in faults or () if f.article == fit.id})
    verdict = f"{fit.status}; NOT DELIVERABLE: {', '.join(kinds)}" if kinds else fit.status
    return (f"{fit.id:<28} capacity {fit.capacity_lines:4d} lines / {fit.capacity_chars:5d} chars, "
            f"used {fit.used_lines:4d} lines: {verdict}")


def fit_table(fits: list[ArticleFit], hints: dict | None = None, faults: list | None = None) -> str:
    """``hints``: :func:`line_hints` by article id; shown for the overset and short articles.
    ``faults``: the page's layout faults, each listed as the build reports it."""
    lines = [fit_line(f, faults) for f in fits]
    for fit in fits:
        for change in fit.changes:
            lines.append(f"  {fit.id}: copy-fit: {change}")
        for problem in fit.problems:
            if not getattr(problem, "is_fault", False):  # faults are listed below, with their place
                lines.append(f"  {fit.id}: warning: {problem}")
        if fit.overset_text:
            lines.append(f"  {fit.id}: overset text: {fit.overset_text[:60]}{'…' if len(fit.overset_text) > 60 else ''}")
        if hints and fit.id in hints:
            lines += [f"  {fit.id}: {hint}" for hint in hint_lines(fit, hints[fit.id])]
    lines += [f"fault: {fault.report()}" for fault in faults or ()]
    overset = sum(1 for f in fits if f.overset_text)
    lines.append(f"{len(fits)} articles, {overset} overset" + (f", {len(faults)} layout fault(s)" if faults else ""))
    return "\n".join(lines)


def wanted_hints(fit: ArticleFit) -> str:
    """Which hints help this article: "savers" when overset, "gainers" when short, else ""."""
    return "savers" if fit.overset_text else "gainers" if fit.short_lines else ""


def hint_lines(fit: ArticleFit, hints) -> list[str]:
    """The 删字/补字 guide for an overset or short article, in an editor's words, fewest characters first."""
    kind = wanted_hints(fit)
    if not kind:
        return []
    found = hints.savers if kind == "savers" else hints.gainers
    if not found:
        return [f"no paragraph {'loses' if kind == 'savers' else 'gains'} a line for a cut of one line or less"]
    shown = [f"删字: cut {h.cut} character(s) before the final punctuation of the paragraph at {h.file}:{h.line} "
             f"to save a line" if kind == "savers" else
             f"补字: add {h.add} character(s) before the final punctuation of the paragraph at {h.file}:{h.line} "
             f"to gain a line" for h in found[:HINTS_SHOWN]]
    if len(found) > HINTS_SHOWN:
        shown.append(f"… {len(found) - HINTS_SHOWN} more (zzprint fit --json)")
    return shown


def line_hints(result, only: set[str] | None = None) -> dict:
    """The line-saving hints of a build's articles (those in ``only``, when given), by article id.

    Asked by ``zzprint fit``, the proof and the watch page, never by a plain build: each
    hint costs a few compositions.  The articles and fonts are read again (the font
    faces are cached, so the paragraphs set by the build are found in the memo).
    """
    from .content.markdown import load_articles
    from .flow.savers import page_hints
    from .fonts.roles import load_fontset

    if only is not None and not only:
        return {}
    spec = result.spec
    fonts = result.fonts or load_fontset(spec.fonts_file, spec.root)
    return page_hints(spec, load_articles(spec.content_dir), fonts, only)
