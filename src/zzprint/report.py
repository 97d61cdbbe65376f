"""The fit report as text: one line per article, then every copy-fit change.

Input: the fits of a build (and, for ``zzprint fit``, the line-saving hints).
Output: a plain-text table a layout editor reads in the terminal (``zzprint fit``)
and the proof report reuses.
"""

from __future__ import annotations

from .flow.article import ArticleFit
from .i18n import _, language
from .page import FAULT_KINDS

HINTS_SHOWN = 5  # per article in the text table; ``--json`` carries them all


def fit_line(fit: ArticleFit, faults: list | None = None) -> str:
    """``faults``: the page's layout faults (zzprint.faults); the verdict names this article's."""
    kinds = sorted({f.kind for f in faults or () if f.article == fit.id})
    status = status_text(fit)
    verdict = _("{status}; NOT DELIVERABLE: {faults}").format(
        status=status, faults=_(", ").join(fault_kind(k) for k in kinds)) if kinds else status
    return _("{article:<28} capacity {lines:4d} lines / {chars:5d} chars, used {used:4d} lines: {verdict}").format(
        article=fit.id, lines=fit.capacity_lines, chars=fit.capacity_chars, used=fit.used_lines, verdict=verdict)


def status_text(fit: ArticleFit) -> str:
    """The article's fit in the reader's language: fits, short by N lines (缺行), overset (超版)."""
    if fit.overset_text:
        return _("overset by {chars} characters ({lines} lines)").format(chars=fit.overset_chars,
                                                                          lines=fit.overset_lines)
    if fit.short_lines:
        return _("short by {lines} lines").format(lines=fit.short_lines)
    return _("fits")


def fault_kind(kind: str) -> str:
    """A layout fault's kind in the reader's language: the newsroom's word of :data:`~zzprint.page.FAULT_KINDS`
    (超版, 缺行 …) in Chinese, the kind itself (``overset``, ``hole`` …) in English."""
    return FAULT_KINDS.get(kind, kind) if language() == "zh" else kind


def fit_table(fits: list[ArticleFit], hints: dict | None = None, faults: list | None = None) -> str:
    """``hints``: :func:`line_hints` by article id; shown for the overset and short articles.
    ``faults``: the page's layout faults, each listed as the build reports it."""
    lines = [fit_line(f, faults) for f in fits]
    for fit in fits:
        for change in fit.changes:
            lines.append("  " + _("{article}: copy-fit: {change}").format(article=fit.id, change=change))
        for problem in fit.problems:
            if not problem.is_fault:  # faults are listed below, with their place
                lines.append("  " + _("{article}: warning: {problem}").format(article=fit.id, problem=problem))
        if fit.overset_text:
            lines.append("  " + _("{article}: overset text: {text}").format(
                article=fit.id, text=fit.overset_text[:60] + ("…" if len(fit.overset_text) > 60 else "")))
        if hints and fit.id in hints:
            lines += [f"  {fit.id}: {hint}" for hint in hint_lines(fit, hints[fit.id])]
    lines += [_("fault: {fault}").format(fault=fault.report()) for fault in faults or ()]
    overset = sum(1 for f in fits if f.overset_text)
    lines.append(_("{articles} articles, {overset} overset, {faults} layout fault(s)").format(
        articles=len(fits), overset=overset, faults=len(faults)) if faults else
        _("{articles} articles, {overset} overset").format(articles=len(fits), overset=overset))
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
        return [_("no paragraph loses a line for a cut of one line or less") if kind == "savers" else
                _("no paragraph gains a line for a cut of one line or less")]
    shown = [_("删字: cut {chars} character(s) before the final punctuation of the paragraph at {file}:{line} "
               "to save a line").format(chars=h.cut, file=h.file, line=h.line) if kind == "savers" else
             _("补字: add {chars} character(s) before the final punctuation of the paragraph at {file}:{line} "
               "to gain a line").format(chars=h.add, file=h.file, line=h.line) for h in found[:HINTS_SHOWN]]
    if len(found) > HINTS_SHOWN:
        shown.append(_("… {more} more (zzprint fit --json)").format(more=len(found) - HINTS_SHOWN))
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
    articles = {**load_articles(spec.content_dir), **getattr(result, "continued", {})}  # a continuation: its own text
    return page_hints(spec, articles, fonts, only)
