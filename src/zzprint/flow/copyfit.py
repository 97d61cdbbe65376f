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
headline space         a line of air more (or, when overset, less)  ∓columns under it
summary space          a line of padding more or less in the box    ∓its span
paragraph looseness    a paragraph set one line longer or shorter  ±1
=====================  ==========================================  ===========

Each step tries the levers in that order and keeps the first that makes the fit
better (less overset, then fewer spare lines) without a new layout problem; a change
can move a subhead to the next column, so every step is checked by composing.
"""

from __future__ import annotations

from dataclasses import replace

from ..content.model import Article
from ..i18n import _
from ..memo import Key
from ..spec.load import Placement
from .article import Adjustments, ComposedArticle, Context, compose_article

MAX_STEPS = 40  # one line at a time; a frame is rarely more than a few lines off
MAX_COST_PER_LINE = 1.0  # 字 a looser/tighter paragraph may move per line: more shows as gappy or cramped text
PARAGRAPH_CANDIDATES = 3  # paragraphs tried per step, cheapest first


def fit_article(ctx: Context, placement: Placement, article: Article) -> ComposedArticle:
    """The article copy-fitted in its frame and drawn.

    Kept in ``ctx.memo.fitted`` by the spec, fonts, settings, placement and article, all
    by value: a rebuild after an edit composes again only the articles the edit touched
    (and the value kept is shared by the builds, so nothing downstream changes it).
    """
    return ctx.memo.fitted.get_or_make(Key((ctx.key, placement, article)), _fit, ctx, placement, article)


def _fit(ctx: Context, placement: Placement, article: Article) -> ComposedArticle:
    """Greedy, one line per step: take the cheapest lever that makes the fit better."""
    # Trials are measured, not drawn (most articles take a few steps, and drawing is
    # most of a composition whose paragraphs are already set): the one kept is
    # composed once more at the end, drawn, from the memoized set paragraphs.
    best = compose_article(ctx, placement, article, draw=False)
    adjust = Adjustments()
    for _ in range(MAX_STEPS):
        if _exact(best):
            break
        for candidate in _candidates(ctx, placement, article, best, adjust):
            trial = compose_article(ctx, placement, article, candidate, draw=False)
            # A lever never buys fit with a layout problem (a cramped headline or summary box),
            # nor with a line spaced past the letter-spacing limit (docs/typesetting.md §12).
            if (len(trial.fit.problems) <= len(best.fit.problems) and _score(trial) < _score(best)
                    and len(trial.fit.loose_lines) <= len(best.fit.loose_lines)):
                best, adjust = trial, candidate
                break
        else:
            break  # no lever helps any more: report what is left
    best = compose_article(ctx, placement, article, adjust)
    best.fit.changes[:0] = describe(article, adjust)
    return best


def _exact(composed: ComposedArticle) -> bool:
    return not composed.fit.overset_text and not composed.fit.short_lines


def _score(composed: ComposedArticle) -> tuple[int, int]:
    """Lower is better: overset characters, then spare lines."""
    return (composed.fit.overset_chars, composed.fit.short_lines)


def _candidates(ctx: Context, placement: Placement, article: Article, composed: ComposedArticle,
                adjust: Adjustments):
    """Single-step changes from ``adjust``, cheapest for the reader first."""
    policy = ctx.spec.copyfit
    fit = composed.fit
    subhead = dict(adjust.subhead_extra)
    loose = dict(adjust.looseness)
    paragraphs = [i for i, b in enumerate(article.blocks) if b.kind in ("para", "note")]
    direction = -1 if fit.overset_text else +1
    if policy.subhead_space:
        for i, (used, needed) in fit.subhead_shape.items():
            can = subhead.get(i, 0) < 1 if direction > 0 else used > needed
            if can:
                yield replace(adjust, subhead_extra=_set(subhead, i, subhead.get(i, 0) + direction))
    if direction > 0 and adjust.headline_extra < policy.headline_space:
        yield replace(adjust, headline_extra=adjust.headline_extra + 1)
    if direction < 0 and adjust.headline_extra > -1 and policy.headline_space:
        yield replace(adjust, headline_extra=adjust.headline_extra - 1)  # one line of headline space
    if placement.summary and article.summary:
        if direction > 0 and adjust.summary_extra < policy.summary_space:
            yield replace(adjust, summary_extra=adjust.summary_extra + 1)
        if direction < 0 and adjust.summary_extra > -1 and policy.summary_space:
            yield replace(adjust, summary_extra=adjust.summary_extra - 1)
    for i in _tightest_first(paragraphs, loose, policy.paragraph_looseness, composed, direction)[:PARAGRAPH_CANDIDATES]:
        yield replace(adjust, looseness=_set(loose, i, loose.get(i, 0) + direction))


def _set(values: dict[int, int], key: int, value: int) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((k, v) for k, v in {**values, key: value}.items() if v))


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


def describe(article: Article, adjust: Adjustments) -> list[str]:
    """Each change in words an editor uses."""
    changes = []
    for index, delta in adjust.subhead_extra:
        changes.append((_("subhead {subhead!r} took one more line of space") if delta > 0 else
                        _("subhead {subhead!r} gave up one line of space")).format(subhead=article.blocks[index].text[:12]))
    if adjust.headline_extra:
        changes.append(_("headline area {lines:+d} line(s)").format(lines=adjust.headline_extra))
    if adjust.summary_extra:
        changes.append(_("summary box {lines:+d} line(s) of padding").format(lines=adjust.summary_extra))
    for index, delta in adjust.looseness:
        block = article.blocks[index]
        changes.append((_("paragraph at line {line} ({text}…) set one line looser") if delta > 0 else
                        _("paragraph at line {line} ({text}…) set one line tighter")).format(line=block.line,
                                                                                             text=block.text[:8]))
    return changes


__all__ = ["fit_article"]
