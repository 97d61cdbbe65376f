"""Copy-fitting: bounded, recorded changes that make an article fill its frame exactly (齐底).

Input: an article and its placement.  Output: the composed article whose fit
records every change made.  Only the allowances of the spec's ``copyfit:``
section are used; what still does not fit is reported as overset or short, never
hidden.

The levers, cheapest for the reader first, each with the cells it moves:

=====================  ==========================================  ===========
lever                  what changes                                cells
=====================  ==========================================  ===========
subhead space          a subhead takes one line more or less        ±1
headline space         one more line of air in the headline area   −columns under it
summary space          one more line of padding in the summary box −its span
paragraph looseness    a paragraph set one line longer or shorter  ±1
=====================  ==========================================  ===========

A plan is computed from the spare (or missing) lines, applied in one composition
and checked; because a change can move a subhead to the next column, the plan is
re-made from the new figures a few times.
"""

from __future__ import annotations

from ..content.model import Article
from ..spec.load import Placement
from .article import Adjustments, ComposedArticle, Context, compose_article

MAX_ROUNDS = 4
MAX_COST_PER_LINE = 1.0  # 字 a looser/tighter paragraph may move per line: more shows as gappy or cramped text


def fit_article(ctx: Context, placement: Placement, article: Article) -> ComposedArticle:
    best = compose_article(ctx, placement, article)
    adjust = Adjustments()
    for _ in range(MAX_ROUNDS):
        if _exact(best):
            break
        plan = _plan(ctx, placement, article, best, adjust)
        if plan == adjust:
            break
        trial = compose_article(ctx, placement, article, plan)
        if not _better(trial, best):
            break
        best, adjust = trial, plan
    best.fit.changes[:0] = describe(article, adjust)
    return best


def _exact(composed: ComposedArticle) -> bool:
    return not composed.fit.overset_text and not composed.fit.short_lines


def _plan(ctx: Context, placement: Placement, article: Article, composed: ComposedArticle,
          adjust: Adjustments) -> Adjustments:
    """The next set of changes, from the current figures."""
    policy = ctx.spec.copyfit
    fit = composed.fit
    subheads = [i for i, b in enumerate(article.blocks) if b.kind.startswith("subhead")]
    paragraphs = [i for i, b in enumerate(article.blocks) if b.kind in ("para", "note")]
    subhead = dict(adjust.subhead_extra)
    loose = dict(adjust.looseness)
    headline, summary = adjust.headline_extra, adjust.summary_extra
    if fit.overset_text:
        need = fit.overset_lines  # lines to win back
        if policy.subhead_space:
            for i in reversed(subheads):
                if need and subhead.get(i, 0) > -1 and ctx.style(article.blocks[i].kind).lines + subhead.get(i, 0) > 1:
                    subhead[i] = subhead.get(i, 0) - 1
                    need -= 1
        for i in _tightest_first(paragraphs, loose, policy.paragraph_looseness, composed, -1):
            if need <= 0:
                break
            loose[i] = loose.get(i, 0) - 1
            need -= 1
    else:
        spare = fit.short_lines
        if policy.subhead_space:
            for i in subheads:
                if spare and subhead.get(i, 0) < 1:
                    subhead[i] = subhead.get(i, 0) + 1
                    spare -= 1
        head_cells = _columns_under_headline(ctx, placement)
        while headline < policy.headline_space and spare >= head_cells > 0:
            headline += 1
            spare -= head_cells
        span = placement.summary.span if placement.summary and article.summary else 0
        while summary < policy.summary_space and spare >= span > 0:
            summary += 1
            spare -= span
        for i in _tightest_first(paragraphs, loose, policy.paragraph_looseness, composed, +1):
            if spare <= 0:
                break
            loose[i] = loose.get(i, 0) + 1
            spare -= 1
    return Adjustments(tuple(sorted((k, v) for k, v in subhead.items() if v)), headline, summary,
                       tuple(sorted((k, v) for k, v in loose.items() if v)))


def _tightest_first(paragraphs: list[int], loose: dict[int, int], limit: int, composed: ComposedArticle,
                    direction: int) -> list[int]:
    """Paragraphs that can still move in ``direction``, the least visible change first.

    Gaining a line means pushing the last line's empty part plus one character back
    over the paragraph's lines; losing one means pulling the last line's characters
    into the lines above.  The cost is that amount per line, in 字.
    """
    shape = composed.fit.paragraph_shape
    measure = composed.fit.chars_per_line

    def cost(index: int) -> float:
        lines, last = shape[index]
        if direction > 0:
            return (measure - last + 1) / lines
        return last / (lines - 1) if lines > 1 else float("inf")

    usable = [i for i in paragraphs if abs(loose.get(i, 0) + direction) <= limit and i in shape]
    return sorted((i for i in usable if cost(i) <= MAX_COST_PER_LINE), key=cost)


def _columns_under_headline(ctx: Context, placement: Placement) -> int:
    first = placement.rects[0]
    span = min(placement.headline.span or first.span, first.span)
    return max(1, round(first.split * span / first.span))


def _better(trial: ComposedArticle, best: ComposedArticle) -> bool:
    """Less overset beats more; with nothing overset, fewer spare lines beat more."""
    t, b = trial.fit, best.fit
    if b.overset_text:
        return t.overset_chars < b.overset_chars
    return not t.overset_text and t.short_lines < b.short_lines


def describe(article: Article, adjust: Adjustments) -> list[str]:
    """Each change in words an editor uses."""
    changes = []
    for index, delta in adjust.subhead_extra:
        changes.append(f"subhead {article.blocks[index].text[:12]!r} {'took one more' if delta > 0 else 'gave up one'} line of space")
    if adjust.headline_extra:
        changes.append(f"headline area {adjust.headline_extra:+d} line(s)")
    if adjust.summary_extra:
        changes.append(f"summary box {adjust.summary_extra:+d} line(s) of padding")
    for index, delta in adjust.looseness:
        block = article.blocks[index]
        changes.append(f"paragraph at line {block.line} ({block.text[:8]}…) set {'one line looser' if delta > 0 else 'one line tighter'}")
    return changes


__all__ = ["fit_article"]
