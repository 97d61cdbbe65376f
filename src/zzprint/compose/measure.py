"""What each article needs in a frame, measured with the engine itself and memoized.

Input: the composing context (the template's spec without frames), the articles and
their templates.  Output, per article: its natural body lines at a column width, the
headline lines its title needs at a width and style, the cells its summary box takes,
and :meth:`Measure.fit` — the real copy-fit (``flow.copyfit.fit_article``) of one
frame, set once per (article, columns, column width, lines, headline settings).

Every figure comes from composing (draw=False); nothing is estimated from character
counts except the copy-fit allowance used to pick which frames to try first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Article
from ..flow.article import Adjustments, ArticleFit, Context, compose_article
from ..flow.copyfit import fit_article
from ..spec import schema
from ..spec.grid import GridRect
from ..spec.load import Placement
from .template import ArticleTemplate

HEADLINE_MOST = 24  # lines a headline area may take before compose gives up on a width


@dataclass(frozen=True)
class Frame:
    """One article's frame as compose places it: rects (col, span, line, lines, split) and its headline area."""

    rects: tuple[tuple[int, int, int, int, int], ...]
    style: str
    head_lines: int

    @property
    def first(self) -> tuple[int, int, int, int, int]:
        return self.rects[0]


class Measure:
    def __init__(self, ctx: Context, articles: dict[str, Article], templates: dict[str, ArticleTemplate]):
        self.ctx = ctx
        self.articles = articles
        self.templates = templates
        self._natural: dict[tuple, int] = {}
        self._head: dict[tuple, int | None] = {}
        self._summary: dict[tuple, int] = {}
        self._fits: dict[tuple, ArticleFit] = {}
        self.fits_run = 0

    # --- placements -----------------------------------------------------------------------

    def placement(self, article_id: str, frame: Frame, *, summary: bool = True) -> Placement:
        t = self.templates[article_id]
        first = frame.first
        head = schema.HeadlineSpec(lines=frame.head_lines, max_lines=t.max_lines, style=frame.style, label=t.label,
                                   byline=t.byline, align=t.align)
        box = None
        if summary and t.summary_span is not None:
            own = first[4]  # the first rect's own columns
            span = own if t.summary_span == "all" else min(t.summary_span, own)
            box = schema.SummarySpec(style=t.summary_style, col=1, span=span, line=1, lines=t.summary_lines)
        rects = tuple(GridRect(*r) for r in frame.rects)
        return Placement(article_id, 1, rects, head, box, t.where)

    # --- measures -------------------------------------------------------------------------

    def natural(self, article_id: str, span: int, split: int) -> int:
        """Body lines of the text at the column width of ``span`` columns re-divided into ``split``."""
        width = GridRect(1, span, 1, 1, split).columns(self.ctx.grid)[0][1]
        key = (article_id, round(width, 3))  # the same column width, whatever the frame: set once
        if key not in self._natural:
            article = self.articles[article_id]
            if split == span:
                span = split = 1
            # A headline-only first rect, then one column as long as the whole text: every line is set.
            tall = sum(len(b.text) for b in article.blocks) + 4 * len(article.blocks) + 8
            frame = Frame(((1, span, 1, 1, split), (1, span, 2, tall, split)), "title", 1)
            placement = self.placement(article_id, frame, summary=False)
            self._natural[key] = compose_article(self.ctx, placement, article, Adjustments(), draw=False).fit.used_lines
        return self._natural[key]

    def head_lines(self, article_id: str, span: int, split: int, style: str) -> int | None:
        """The fewest lines of headline area in which the title, kicker, subtitle, byline and label fit; None: none do."""
        key = (article_id, span, split, style)
        if key not in self._head:
            article = self.articles[article_id]

            def fits(lines: int) -> bool:
                # The headline area is the whole frame: no body to set, only the headline.
                frame = Frame(((1, span, 1, lines, split),), style, lines)
                fit = compose_article(self.ctx, self.placement(article_id, frame, summary=False), article,
                                      Adjustments(), draw=False).fit
                return not fit.faults

            # More lines never hurt a headline: the fewest that fit, by halving.
            low, high = 1, HEADLINE_MOST
            if not fits(high):
                found = None  # too many title lines for max_lines, or a line wider than the area
            else:
                while high - low > 1:
                    middle = (low + high) // 2
                    low, high = (low, middle) if fits(middle) else (middle, high)
                found = high
            self._head[key] = found
        return self._head[key]

    def summary_cells(self, article_id: str, span: int, split: int) -> int | None:
        """Body cells the summary box takes in a frame of this width (0: none); None: it does not fit there."""
        t = self.templates[article_id]
        article = self.articles[article_id]
        if t.summary_span is None or not article.summary:
            return 0
        key = (article_id, span, split)
        if key not in self._summary:
            tall = 80
            bare = Frame(((1, span, 1, tall, split),), "title", 1)
            without = compose_article(self.ctx, self.placement(article_id, bare, summary=False), article,
                                      Adjustments(), draw=False).fit
            fit = compose_article(self.ctx, self.placement(article_id, bare), article, Adjustments(), draw=False).fit
            bad = bool(fit.faults) and not without.faults
            self._summary[key] = None if bad else without.capacity_lines - fit.capacity_lines
        return self._summary[key]

    # --- the real fit ---------------------------------------------------------------------

    def fit(self, article_id: str, frame: Frame) -> ArticleFit:
        key = (article_id, frame)
        if key not in self._fits:
            self.fits_run += 1
            self._fits[key] = fit_article(self.ctx, self.placement(article_id, frame), self.articles[article_id]).fit
        return self._fits[key]

    def fits_exactly(self, article_id: str, frame: Frame) -> bool:
        fit = self.fit(article_id, frame)
        return not fit.overset_text and not fit.hole_lines and not fit.faults  # hole_lines counts the short lines

    def allowance(self, article_id: str, columns: int) -> tuple[int, int]:
        """(lines the copy-fit can probably take away, lines it can probably add) — to order the frames tried.

        Subheads give or take a line each; about every second long paragraph can be set a line
        tighter or looser; the summary box takes a line of padding.  The real fit decides.
        """
        article = self.articles[article_id]
        policy = self.ctx.spec.copyfit
        chars = self.ctx.spec.grid.chars
        subheads = sum(b.kind.startswith("subhead") for b in article.blocks) if policy.subhead_space else 0
        long = sum(1 for b in article.blocks if b.kind in ("para", "note") and len(b.text) >= 5 * chars)
        paragraphs = (long + 1) // 2 if policy.paragraph_looseness else 0
        up = subheads + paragraphs + (columns if policy.summary_space and self.summary_cells(article_id, columns, columns) else 0)
        return paragraphs, up + 1
