"""Copy-fitting: bounded, recorded changes that make an article fill its frame exactly.

Input: an article and its placement.  Output: the composed article whose fit
records every change made.  Only allowances the spec permits are used
(``copyfit:`` section); what still does not fit is reported as overset or short,
never hidden.

Order (cheapest for the reader first): a subhead gives up or takes one line of
space; a paragraph is set one line tighter or looser.
"""

from __future__ import annotations

from .article import ComposedArticle, Context, compose_article
from ..content.model import Article
from ..spec.load import Placement


def fit_article(ctx: Context, placement: Placement, article: Article) -> ComposedArticle:
    best = compose_article(ctx, placement, article)
    policy = ctx.spec.copyfit
    if not policy.subhead_space:
        return best
    subheads = [i for i, b in enumerate(article.blocks) if b.kind.startswith("subhead")]
    if not subheads:
        return best
    fit = best.fit
    if fit.overset_text:
        delta = -1  # subheads give up their extra line, last first (keeps the opening generous)
        candidates = [i for i in reversed(subheads) if ctx.style(article.blocks[i].kind).lines > 1]
    elif fit.short_lines:
        delta = +1  # spread the spare lines over the subheads, first first
        candidates = subheads
    else:
        return best
    extra: dict[int, int] = {}
    for index in candidates:
        trial_extra = {**extra, index: delta}
        trial = compose_article(ctx, placement, article, trial_extra)
        if _better(trial, best):
            extra, best = trial_extra, trial
        if not best.fit.overset_text and not best.fit.short_lines:
            break
    if extra:
        moved = ", ".join(repr(article.blocks[i].text[:10]) for i in sorted(extra))
        what = "took one more line" if delta > 0 else "gave up one line"
        best.fit.changes.insert(0, f"subheads {what} of space: {moved}")
    return best


def _better(trial: ComposedArticle, best: ComposedArticle) -> bool:
    """Less overset beats more; with nothing overset, fewer spare lines beat more."""
    t, b = trial.fit, best.fit
    if b.overset_text:
        return t.overset_chars < b.overset_chars
    return not t.overset_text and t.short_lines < b.short_lines
