"""One article into its frame: section label, headline area, byline, summary box, body.

Input: the article's placement (grid rects, headline and summary settings), the
article, the font set and paragraph settings.  Output: :class:`ComposedArticle`,
its page items and its :class:`ArticleFit` (capacity, used, overset text).

Body lines sit on the page-wide baseline grid; subheads and the summary box take
whole body lines so the grid is kept (docs/typesetting.md §7).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

from .. import text as textmod
from ..text.linebreak import LETTER_SPACING_LIMIT
from ..content.model import Article, Block
from ..i18n import _, language
from ..fonts.roles import FontSet
from ..page import WARNING, Box, LayoutProblem, PageItem, Rule
from ..spec.grid import Grid, centred_baseline
from ..spec.load import PageSpec, Placement, Style
from ..memo import Key, Memo
from .frames import Cell, Slot, body_slots, frame_columns
from .setter import SetText, Source, clipped_runs, line_extent, line_runs, set_headline, set_paragraph

BoxXYWH = tuple[float, float, float, float]  # (x, y, w, h) on the page, trim top-left, y down

TITLE_LEADING = 1.25  # title line pitch as a multiple of its size
HEADLINE_GAP = 0.35  # space between kicker / title / subtitle / byline, in em of the smaller size


LOOSE = f"lines letter-spaced over {LETTER_SPACING_LIMIT:g} em"


def _loose_lines(lines: list[textmod.Line], path: str, line_no: int) -> list[str]:
    """Lines whose characters are spaced past the night desk's limit (docs/typesetting.md §12):
    the breaker found no better break, so the audit names them."""
    limit = LETTER_SPACING_LIMIT + 0.005  # a rounding hair is not a finding
    return [f"{path}:{line_no}: line {k + 1} of the paragraph is letter-spaced {line.gap_stretch:.2f} em "
            f"between characters (limit {LETTER_SPACING_LIMIT:g} em)"
            for k, line in enumerate(lines) if line.gap_stretch > limit]


@dataclass
class ArticleFit:
    """What fits: the figures of ``zzprint fit`` for one article."""

    id: str
    title: str
    capacity_lines: int  # body lines the frame holds
    chars_per_line: int  # characters a body line holds
    used_lines: int
    overset_text: str = ""  # every character that did not fit, in order
    clipped_text: str = ""  # characters not drawn because their line was wider than its column (an off-frame fault)
    overset_lines: int = 0
    changes: list[str] = field(default_factory=list)  # copy-fit changes made
    problems: list[LayoutProblem] = field(default_factory=list)  # e.g. headline too tall, a line wider than its column
    overset_line: int = 0  # content line of the first block that did not fit (0: none)
    blank_lines: int = 0  # body lines left empty inside the frame (a subhead moved on to the next column)
    column_ends: list[int] = field(default_factory=list)  # last used grid line of each frame column
    subhead_shape: dict[int, tuple[int, int]] = field(default_factory=dict)  # block index → (lines used, lines its text needs)
    paragraph_shape: dict[int, tuple[int, float]] = field(default_factory=dict)  # block index → (lines, last line's fill in 字)
    lines: list[textmod.Line] = field(default_factory=list, repr=False)  # every body line as set, for the audit
    file: str = ""  # the article's content file, for messages
    continued_text: str = ""  # 转版: what did not fit a first part goes on in its continuation (never overset)
    loose_lines: list[str] = field(default_factory=list)  # FILE:LINE: lines letter-spaced past the limit

    @property
    def audit(self) -> dict[str, int]:
        """Typographic audit of the body as set: what the line breaker had to adjust."""
        lines = self.lines
        return {
            "lines": len(lines),
            "marks compressed": sum(line.compressed for line in lines),
            "lines pushed in": sum(line.shrink > 0 for line in lines),
            "lines stretched": sum(line.stretch > 0 for line in lines),
            "characters pushed out": sum(line.pushed_out for line in lines),
            "marks hung": sum(line.hung is not None for line in lines),
            "lines on the character grid": sum(line.on_grid for line in lines),
            "lines overflowing": sum(line.overflow > 0 for line in lines),
            LOOSE: len(self.loose_lines),
        }

    @property
    def capacity_chars(self) -> int:
        return self.capacity_lines * self.chars_per_line

    @property
    def overset_chars(self) -> int:
        return len(self.overset_text)

    @property
    def short_lines(self) -> int:
        return max(0, self.capacity_lines - self.used_lines) if not self.overset_text else 0

    @property
    def hole_lines(self) -> int:
        """Body lines missing for the frame's columns to end flush (缺行)."""
        return 0 if self.overset_text else self.short_lines + self.blank_lines

    @property
    def faults(self) -> list[LayoutProblem]:
        return [p for p in self.problems if p.is_fault]

    @property
    def status(self) -> str:
        if self.overset_text:
            return f"overset by {self.overset_chars} characters ({self.overset_lines} lines)"
        if self.short_lines:
            return f"short by {self.short_lines} lines"
        return "fits"

    def as_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "status": self.status,
            "capacity_lines": self.capacity_lines, "capacity_chars": self.capacity_chars,
            "used_lines": self.used_lines, "short_lines": self.short_lines,
            "overset_chars": self.overset_chars, "overset_lines": self.overset_lines,
            "overset_text": self.overset_text, "changes": list(self.changes),
            "problems": [str(p) for p in self.problems], "audit": dict(self.audit),
        }


@dataclass
class ComposedArticle:
    items: list[PageItem]
    fit: ArticleFit
    frame_boxes: list[BoxXYWH]  # (x, y, w, h) of each rect, for proofs
    adjusted_lines: list[tuple[float, float, str]] = field(default_factory=list)  # (column x, baseline, "stretch"/"shrink"), for proofs
    # Where each part may draw, by the part of its items' tag (ID:head → "head", ID → "body"):
    # the layout fault check holds every glyph to its part's boxes.
    regions: dict[str, tuple[BoxXYWH, ...]] = field(default_factory=dict)
    holes: list[BoxXYWH] = field(default_factory=list)  # the empty body lines of a frame not flush


class Placed(NamedTuple):
    """What one step of composing an article put on the page."""

    items: list[PageItem]
    problems: list[LayoutProblem]
    region: BoxXYWH  # the area the step may draw in
    cells: frozenset[Cell] = frozenset()  # body cells it took


class Subhead(NamedTuple):
    """A subhead placed in the body: its items, where the body goes on, what it cost."""

    items: list[PageItem]
    cursor: int  # the next free slot
    shape: tuple[int, int] | None  # (lines used, lines its text needs); None when it did not fit
    change: str = ""  # a copy-fit change made (moved to the next column)
    blank: int = 0  # slots left empty by that move
    problems: tuple[LayoutProblem, ...] = ()


class Body(NamedTuple):
    items: list[PageItem]
    fit: ArticleFit
    adjusted: list[tuple[float, float, str]]
    column_boxes: tuple[BoxXYWH, ...]
    holes: list[BoxXYWH]


@dataclass(frozen=True)
class Adjustments:
    """Copy-fit changes applied to one article (all zero: as the spec says)."""

    subhead_extra: tuple[tuple[int, int], ...] = ()  # (block index, lines added or removed)
    headline_extra: int = 0  # lines added to the headline area
    summary_extra: int = 0  # lines added to the summary box
    looseness: tuple[tuple[int, int], ...] = ()  # (block index, lines the paragraph gains or loses)

    def subhead(self, index: int) -> int:
        return dict(self.subhead_extra).get(index, 0)

    def loose(self, index: int) -> int:
        return dict(self.looseness).get(index, 0)


@dataclass(frozen=True)
class Context:
    spec: PageSpec
    fonts: FontSet
    settings: textmod.Settings
    # Set text and slots, kept for the trials of copy-fitting and for the process's next
    # build (zzprint.memo): a long-running process passes its own.
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @cached_property
    def key(self) -> Key:
        """What an article's composition depends on besides its placement and text, by value
        (messages are worded in the process's language)."""
        return Key((self.spec.key, self.fonts.key, self.settings, language()))

    @cached_property
    def unindented(self) -> textmod.Settings:
        """The body's rules without the first-line indent: summaries, captions, a continued paragraph."""
        return replace(self.settings, indent=0.0)

    @property
    def grid(self) -> Grid:
        return self.spec.grid

    def style(self, name: str) -> Style:
        return self.spec.styles[name]


def compose_article(ctx: Context, placement: Placement, article: Article,
                    adjust: Adjustments = Adjustments(), *, draw: bool = True) -> ComposedArticle:
    """Lay one article out in its frame, with the copy-fit ``adjust``-ments.

    ``draw=False`` (a copy-fit trial): the fit alone, without page items.  Copy-fitting
    composes an article several times and keeps one; glyph runs for the others would be
    thrown away, and they are most of a composition that finds its paragraphs set.
    """
    grid = ctx.grid
    if placement.direction == "vertical":  # the whole frame top to bottom (a 编者按 strip)
        from .vertical import compose_vertical
        return compose_vertical(ctx, placement, article, draw)
    first = placement.rects[0]
    columns = frame_columns(grid, placement.rects)

    # Headline area: the top lines of the first rect, over the columns it spans (a vertical
    # headline: the rightmost columns, the body flowing beside and below it).
    head = placement.headline
    head_lines = head.lines + adjust.headline_extra
    vertical = head.direction == "vertical"
    span = min(head.span or (1 if vertical else first.span), first.span)
    area = (grid.column_left(first.col), grid.line_top(first.line), grid.span_width(span), head_lines * grid.pitch)
    if vertical:
        from .vertical import vertical_area, vertical_headline
        area = vertical_area(grid, first, span, head_lines)
    area_right = area[0] + area[2]
    head_cells = frozenset(Cell(number, line) for number, (x, _w, top_line, _last) in enumerate(columns[:first.split])
                           if area[0] - 0.01 <= x < area_right - 0.01 for line in range(top_line, top_line + head_lines))
    headline = vertical_headline(ctx, article, placement, area, draw) if vertical else _headline(ctx, article, placement, area, draw)
    steps = [headline]
    regions: dict[str, tuple[BoxXYWH, ...]] = {"head": (area,), "label": (area,)}

    body_top_line = first.line + (0 if vertical else head_lines)
    if placement.summary and article.summary:
        summary = _summary(ctx, article, placement, columns, body_top_line, adjust.summary_extra, draw)
        steps.append(summary)
        regions["summary"] = (summary.region,)
    if placement.pictures:
        pictures = [_picture(ctx, article, placement, picture, columns, body_top_line, draw)
                    for picture in placement.pictures]
        steps += pictures
        regions["picture"] = tuple(p.region for p in pictures)

    slots = body_slots(columns, set(head_cells.union(*(s.cells for s in steps))), ctx.memo)
    jump = None
    if placement.jump != "none" and slots:  # 转版: a body line holds the jump line, last (下转) or first (上接)
        from .jumps import jump_line
        jump = jump_line(ctx, article, placement, slots[-1] if placement.jump == "out" else slots[0], draw)
        regions["jump"] = (jump.region,)
        slots = slots[:-1] if placement.jump == "out" else slots[1:]
    body = _body(ctx, article, placement, slots, columns, adjust, draw)
    fit = body.fit
    if jump is not None and placement.jump == "in":  # read in order: 上接 before the text …
        steps.append(jump)
    elif jump is not None:  # … 下转 after it
        body.items.extend(jump.items)
        fit.problems += jump.problems
    if placement.jump == "out":
        fit.continued_text, fit.overset_text, fit.overset_lines, fit.overset_line = fit.overset_text, "", 0, 0
    fit.problems = [p for s in steps for p in s.problems] + fit.problems
    regions["body"] = regions["subhead"] = body.column_boxes
    items = [i for s in steps for i in s.items] + body.items
    if fit.overset_text and draw:
        items += _overset_mark(ctx, article, placement, fit)
    return ComposedArticle(items, fit, [r.box(grid) for r in placement.rects], body.adjusted, regions, body.holes)


def _overset_mark(ctx: Context, article: Article, placement: Placement, fit: ArticleFit) -> list[PageItem]:
    """A proof built with overset text says so on the page: a red tab under the frame's last column."""
    grid, style = ctx.grid, ctx.style("label")
    x, y, w, h = placement.rects[-1].box(grid)
    text = f"超版{fit.overset_chars}字"
    set_text = set_headline(text, style, w, ctx.fonts, Source(str(article.path), 1, f"article {article.id}, overset mark"),
                            memo=ctx.memo)
    line = set_text.lines[0]
    width = line_extent(set_text, line) + style.size
    top = y + h + (grid.pitch - grid.body_size) / 2
    tab = Box(x + w - width, top, width, style.size * 1.5, style.fill, None, 0.0, f"{article.id}:overset")
    baseline = centred_baseline(top, style.size * 1.5, style.size)
    return [tab, *line_runs(set_text, line, x + w - width + style.size / 2, baseline, f"{article.id}:overset")]


# --- headline area -----------------------------------------------------------------------

def _source(article: Article, what: str, line: int = 0) -> Source:
    return Source(str(article.path), line or article.front_matter_lines.get(what, 1), f"article {article.id}, {what}")


def _problem(kind: str, message: str, article: Article, placement: Placement, *, what: str = "", line: int = 0,
             hint: str = "", box: BoxXYWH | None = None) -> LayoutProblem:
    """A problem of ``article``, at the content line of ``what`` (a front-matter field) or ``line``."""
    at = line or (article.front_matter_lines.get(what, 1) if what else 1)
    return LayoutProblem(kind, message, article.id, str(article.path), at, 1, hint, box, placement.page)


def _where(ctx: Context, placement: Placement) -> str:
    return f"{ctx.spec.file.name}:{placement.where[0]}"


# A line of a title is at least a quarter em per character (Latin, digits); a title that
# cannot fit in ``max_lines + 2`` lines even so is set only that far: the headline breaker's
# cost grows with the lines it tries, and the rest could never be shown anyway.
MIN_ADVANCE = 0.25


def _bounded(text: str, style: Style, width: float, lines: int) -> str:
    most = max(1, int(lines * width / (MIN_ADVANCE * style.size * style.hscale)))
    return text if len(text) <= most else text[:most]


def _headline(ctx: Context, article: Article, placement: Placement, area: BoxXYWH, draw: bool = True) -> Placed:
    """Label, kicker, title, subtitle and byline, stacked and centred in the headline area.

    Nothing is drawn outside the area: a title line beyond ``max_lines``, or below the
    area, or wider than it, is left out and reported (the draft marks it).
    """
    grid, head = ctx.grid, placement.headline
    x, y, w, h = area
    items: list[PageItem] = []
    problems: list[LayoutProblem] = []
    text_x, text_w, text_top = x, w, y
    if article.section and head.label != "none":
        label = _label(ctx, article, placement, area, head.label, draw)
        items += label.items
        problems += label.problems
        lx, ly, lw, lh = label.region
        if head.label == "left":
            gap = grid.body_size
            text_x, text_w = lx + lw + gap, w - lw - gap
        else:
            text_top = ly + lh
    text_w = max(text_w, 1.0)

    blocks: list[tuple[SetText, float, str]] = []  # (set text, line pitch, front-matter field)
    if article.kicker:
        style = ctx.style("kicker")
        text = _bounded(article.kicker, style, text_w, 3)
        blocks.append((set_headline(text, style, text_w, ctx.fonts, _source(article, "kicker"), memo=ctx.memo), style.size * TITLE_LEADING, "kicker"))
    title_style = ctx.style(head.style)
    title_text = _bounded(article.title, title_style, text_w, head.max_lines + 2)
    title = set_headline(title_text, title_style, text_w, ctx.fonts, _source(article, "title"), head.max_lines,
                         ctx.memo)
    where = _where(ctx, placement)
    if len(title.lines) > head.max_lines:
        many = f"{len(title.lines)}" if title_text == article.title else f"more than {len(title.lines)}"
        problems.append(_problem(
            "headline-overflow", _("title takes {many} lines, more than headline.max_lines {max_lines}").format(many=many, max_lines=head.max_lines), article,
            placement, what="title", box=area,
            hint=_("shorten the title, or raise max_lines or choose a smaller style at {where}").format(where=where)))
    blocks.append((title, title_style.size * TITLE_LEADING, "title"))
    if article.subtitle:
        style = ctx.style("subtitle")
        text = _bounded(article.subtitle, style, text_w, 3)
        blocks.append((set_headline(text, style, text_w, ctx.fonts, _source(article, "subtitle"), memo=ctx.memo), style.size * TITLE_LEADING, "subtitle"))
    if article.author and head.byline != "none":
        style = ctx.style("byline")
        text = _bounded(article.author, style, text_w, 3)
        blocks.append((set_headline(text, style, text_w, ctx.fonts, _source(article, "author"), memo=ctx.memo), style.size * 1.5, "author"))

    gaps = [HEADLINE_GAP * min(a.style.size, b.style.size) for (a, _, _), (b, _, _) in zip(blocks, blocks[1:])]
    height = sum(len(s.lines) * pitch for s, pitch, _ in blocks) + sum(gaps)
    room = y + h - text_top
    if height > room + 0.01:
        problems.append(_problem(
            "headline-overflow", _("headline needs {height:.1f} lines but the area has {room:.1f}").format(height=height / grid.pitch, room=room / grid.pitch),
            article, placement, what="title", box=area,
            hint=_("shorten the title, choose a smaller headline style, or give headline.lines more at {where}").format(where=where)))
    shown = {id(title): head.max_lines}  # lines of each block that may be drawn
    cursor = text_top + max(0.0, (room - height) / 2)
    full = False  # the area is full: what is left is reported above, never drawn over the body
    for n, (set_text, pitch, what) in enumerate(blocks):
        size = set_text.style.size
        for number, line in enumerate(set_text.lines[:shown.get(id(set_text), len(set_text.lines))]):
            extent = line_extent(set_text, line)
            full = full or cursor + pitch > y + h + 0.01
            if full:
                break
            if extent > text_w + 0.01:
                problems.append(_problem(
                    "headline-overflow", _("{what} line {number} is {extent:.1f} pt wider than the headline area").format(what=what, number=number + 1, extent=extent - text_w),
                    article, placement, what=what, box=area,
                    hint=_("choose a smaller style, or widen headline.span at {where}").format(where=where)))
            elif draw:
                baseline = centred_baseline(cursor, pitch, size)
                offset = {"center": (text_w - extent) / 2, "right": text_w - extent}.get(
                    set_text.style.align if set_text is not title else head.align, 0.0)
                items += line_runs(set_text, line, text_x, baseline, f"{article.id}:head", max(0.0, offset))
            cursor += pitch
        if n < len(gaps):
            cursor += gaps[n]
    return Placed(items if draw else [], problems, area)


def _label(ctx: Context, article: Article, placement: Placement, area: BoxXYWH, where: str, draw: bool = True) -> Placed:
    """The section label (栏目头): reversed text in a filled box, or text between rules.

    It never leaves the headline area: a box reaching into the body would put text on colour.
    The returned region is the label's box.
    """
    grid, style = ctx.grid, ctx.style("label")
    x, y, area_w, area_h = area
    inset = (grid.pitch - grid.body_size) / 2
    problems: list[LayoutProblem] = []
    hint = f"shorten the section name, or give headline.lines more at {_where(ctx, placement)}"
    if where == "left":
        # A vertical label: one character a line, centred in a box as tall as the headline area.
        chars = list(article.section)
        box_w = style.size * 1.8
        box_h = area_h - 2 * inset
        pitch = min(style.size * 1.15, (box_h - 0.5 * style.size) / max(1, len(chars)))
        if pitch < style.size:
            problems.append(_problem(
                "headline-overflow", _("section label {section!r} needs {count:.1f} lines but the headline area has {area_h:.0f}").format(section=article.section, count=len(chars) * style.size * 1.05 / grid.pitch, area_h=area_h / grid.pitch),
                article, placement, what="section", box=area, hint=hint))
        box_y = y + inset
        if not draw:
            return Placed([], problems, (x, box_y, box_w, box_h))
        items: list[PageItem] = set_off(style, x, box_y, box_w, box_h, f"{article.id}:label")
        top = box_y + (box_h - len(chars) * pitch) / 2
        for i, char in enumerate(chars if pitch >= style.size else ()):  # squeezed glyphs would print over each other
            set_text = set_headline(char, style, box_w, ctx.fonts, _source(article, "section"), memo=ctx.memo)
            for line in set_text.lines:
                extent = line_extent(set_text, line)
                baseline = centred_baseline(top + i * pitch, pitch, style.size)
                items += line_runs(set_text, line, x + (box_w - extent) / 2, baseline, f"{article.id}:label")
        return Placed(items, problems, (x, box_y, box_w, box_h))
    text = _bounded(article.section, style, area_w, 1)
    set_text = set_headline(text, style, max(area_w, style.size), ctx.fonts, _source(article, "section"), memo=ctx.memo)
    line = set_text.lines[0]
    extent = line_extent(set_text, line)
    box_w, box_h = extent + style.size, 2 * grid.pitch - (grid.pitch - grid.body_size)
    box_y = y + (grid.pitch - grid.body_size) / 2
    fits = len(set_text.lines) == 1 and box_w <= area_w + 0.01 and box_y + box_h <= y + area_h + 0.01
    if not fits:
        problems.append(_problem("headline-overflow", _("section label {section!r} does not fit the headline area").format(section=article.section),
                                 article, placement, what="section", box=area, hint=hint))
    if not draw or not fits:
        return Placed([], problems, (x, box_y, min(box_w, area_w), box_h))
    items = set_off(style, x, box_y, box_w, box_h, f"{article.id}:label")
    baseline = centred_baseline(box_y, box_h, style.size)
    items += line_runs(set_text, line, x + style.size / 2, baseline, f"{article.id}:label")
    return Placed(items, problems, (x, box_y, box_w, box_h))


def set_off(style: Style, x: float, y: float, w: float, h: float, tag: str) -> list[PageItem]:
    """How a block is set off from the body, by the style's ``frame``: box, rules above and below, bar, or nothing."""
    items: list[PageItem] = []
    if style.fill is not None:
        items.append(Box(x, y, w, h, style.fill, None, 0.0, tag))
    if style.frame == "box":
        items.append(Box(x, y, w, h, None, style.frame_color, style.frame_width, tag))
    elif style.frame == "rules":
        items += [Rule(x, y, x + w, y, style.frame_width, style.frame_color, tag),
                  Rule(x, y + h, x + w, y + h, style.frame_width, style.frame_color, tag)]
    elif style.frame == "bar":  # a thick rule down the left side, as for pull quotes
        items.append(Rule(x, y, x, y + h, 3 * style.frame_width, style.frame_color, tag))
    return items


# --- summary box -------------------------------------------------------------------------

def _summary(ctx: Context, article: Article, placement: Placement, columns, body_top_line: int,
             extra: int, draw: bool = True) -> Placed:
    """The 【summary】 box: 楷体 on whole body lines; the body flows around it."""
    grid, spec = ctx.grid, placement.summary
    style = ctx.style(spec.style)
    first_col = min(spec.col, len(columns)) - 1
    last_col = max(first_col, min(first_col + spec.span, len(columns)) - 1)
    x = columns[first_col][0]
    w = columns[last_col][0] + columns[last_col][1] - x
    pad = style.size
    measure = max(1, int((w - 2 * pad) // style.size)) * style.size
    text = f"【{article.summary}】" if style.brackets else article.summary
    settings = ctx.unindented
    set_text = set_paragraph(text, style, [measure], ctx.fonts, settings, _source(article, "summary"), memo=ctx.memo)
    text_lines = len(set_text.lines)
    box_lines = (spec.lines or text_lines + 1) + extra
    top_line = body_top_line + spec.line - 1
    inset = (grid.pitch - grid.body_size) / 2
    region = (x, grid.line_top(top_line), w, box_lines * grid.pitch)
    problems = []
    if text_lines + 1 > box_lines:
        problems.append(_problem("headline-overflow", _("summary needs {text_lines} lines but its box has {box_lines}").format(text_lines=text_lines + 1, box_lines=box_lines),
                                 article, placement, what="summary", box=region,
                                 hint=_("shorten the summary, or give summary.lines more at {where}").format(where=_where(ctx, placement))))
    cells = frozenset(Cell(c, line) for c in range(first_col, last_col + 1) for line in range(top_line, top_line + box_lines))
    if not draw:
        return Placed([], problems, region, cells)
    items = set_off(style, x, grid.line_top(top_line) + inset, w, box_lines * grid.pitch - 2 * inset, f"{article.id}:summary")
    first_text_line = top_line + max(0.0, (box_lines - text_lines) / 2)  # centred: half a line of padding each side
    text_x = x + (w - measure) / 2
    for i, line in enumerate(set_text.lines):
        if first_text_line + i > top_line + box_lines - 1:
            break  # below the box: reported, never drawn over the body
        items += line_runs(set_text, line, text_x, grid.baseline(first_text_line + i, style.size), f"{article.id}:summary")
    return Placed(items, problems, region, cells)


# --- picture frames ----------------------------------------------------------------------

def _picture(ctx: Context, article: Article, placement: Placement, picture, columns, body_top_line: int,
             draw: bool = True) -> Placed:
    """A picture frame in the first frame's columns, below the headline area; the body flows around it."""
    from .pictures import place_picture

    spec = picture.spec
    first_col = min(spec.col, len(columns)) - 1
    last_col = max(first_col, min(first_col + spec.span, len(columns)) - 1)
    x = columns[first_col][0]
    w = columns[last_col][0] + columns[last_col][1] - x
    top_line = body_top_line + spec.line - 1
    placed = place_picture(ctx, picture, x, w, top_line, spec.lines, f"{article.id}:picture", article.id,
                           placement.page, draw)
    cells = frozenset(Cell(c, line) for c in range(first_col, last_col + 1)
                      for line in range(top_line, top_line + spec.lines))
    return Placed(placed.items, placed.problems, placed.region, cells)


# --- body --------------------------------------------------------------------------------

def _body(ctx: Context, article: Article, placement: Placement, slots: tuple[Slot, ...], columns,
          adjust: Adjustments, draw: bool = True) -> Body:
    grid = ctx.grid
    items: list[PageItem] = []
    adjusted: list[tuple[float, float, str]] = []
    path = str(article.path)
    fit = ArticleFit(article.id, article.title, len(slots), int(round(slots[0].width / grid.body_size)) if slots else 0, 0,
                     file=path)
    cursor = 0
    overset: list[str] = []
    loose = dict(adjust.looseness)
    changes = _width_changes(slots)
    blank: list[Slot] = []  # slots a moved subhead left empty
    for index, block in enumerate(article.blocks):
        source = Source(path, block.line, f"article {article.id}, {block.kind}")
        if cursor >= len(slots):
            overset.append(block.text)
            fit.overset_lines += _estimate_lines(block, fit.chars_per_line)
            fit.overset_line = fit.overset_line or block.line
            continue
        if block.kind.startswith("subhead"):
            subhead = _subhead(ctx, article, placement, index, slots, cursor, adjust.subhead(index), draw)
            items += subhead.items
            fit.problems += subhead.problems
            if subhead.change:
                fit.changes.append(subhead.change)
                blank += slots[cursor:cursor + subhead.blank]
            if subhead.shape is None:  # no room left for it
                fit.overset_lines += subhead.cursor - len(slots)
                overset.append(block.text)  # fit.overset_text is made of these at the end
                fit.overset_line = fit.overset_line or block.line
                cursor = len(slots)
                continue
            fit.subhead_shape[index] = subhead.shape
            cursor = subhead.cursor
            continue
        style = ctx.style("note" if block.kind == "note" else "body")
        measures = _measures(slots, cursor, changes)
        spans = tuple((start, end, ctx.style("strong")) for start, end in block.strong)  # **bold** lead-ins
        settings = ctx.settings if type(block) is Block else ctx.unindented  # a jump's continued paragraph
        set_text = set_paragraph(block.text, style, measures, ctx.fonts, settings, source, loose.get(index, 0), spans,
                                 ctx.memo)
        lines = set_text.lines
        fit.paragraph_shape[index] = (len(lines), line_extent(set_text, lines[-1]) / style.size)
        fit.problems += [_paragraph_problem(p, article, placement, block) for p in set_text.paragraph.problems
                         if "overflows the measure" not in p]  # an overflowing line is reported where it is placed
        fit.lines.extend(lines)
        fit.loose_lines += _loose_lines(lines, path, block.line)
        placed = min(len(lines), len(slots) - cursor)  # the rest is overset
        for line, slot in zip(lines[:placed], slots[cursor:cursor + placed]):
            baseline = grid.baseline(slot.line, style.size)
            if line.overflow > 1e-6:
                # Wider than the column (an unbreakable URL): drawn only as far as the column goes.
                runs, dropped = clipped_runs(set_text, line, slot.x, baseline, article.id, slot.right)
                fit.clipped_text += dropped
                fit.problems.append(_problem(
                    "off-frame", (_("a line of the paragraph is {overflow:.1f} 字 wider than its column; {count} characters "
                                    "not drawn ({dropped})") if block.kind == "para" else
                                  _("a line of the {kind} is {overflow:.1f} 字 wider than its column; {count} characters "
                                    "not drawn ({dropped})")).format(
                        kind=block.kind, overflow=line.overflow, count=len(dropped),
                        dropped=dropped[:24] + ("…" if len(dropped) > 24 else "")),
                    article, placement, line=block.line, box=(slot.x, grid.line_top(slot.line), slot.width, grid.pitch),
                    hint=_("break the long word or URL (a space or a line break), or shorten it")))
                if draw:
                    items += runs
            elif draw:
                items += line_runs(set_text, line, slot.x, baseline, article.id)
            if draw and (line.stretch > 0 or line.shrink > 0):
                adjusted.append((slot.x, baseline, "stretch" if line.stretch > 0 else "shrink"))
        for line in lines[placed:]:
            overset.append(set_text.line_text(line))
            fit.overset_lines += 1
            fit.overset_line = fit.overset_line or block.line
        cursor += placed
    fit.used_lines = min(cursor, len(slots))
    fit.overset_text = "".join(overset)
    fit.blank_lines = len(blank)
    ends: dict[int, int] = {}
    for slot in slots[:fit.used_lines]:
        ends[slot.column] = max(ends.get(slot.column, 0), slot.line)
    fit.column_ends = [ends.get(c, 0) for c in range(len(columns))]
    column_boxes = tuple((x, grid.line_top(first), width, (last - first + 1) * grid.pitch)
                         for x, width, first, last in columns)
    empty = blank + (list(slots[fit.used_lines:]) if not fit.overset_text else [])
    return Body(items, fit, adjusted, column_boxes, _slot_boxes(grid, empty))


def _paragraph_problem(message: str, article: Article, placement: Placement, block: Block) -> LayoutProblem:
    """What the paragraph setter found (a loose line, a long unit): a warning at the block's line."""
    return _problem(WARNING, _("article {id}, {kind} (line {line}): {message}").format(id=article.id, kind=block.kind, line=block.line, message=message), article, placement,
                    line=block.line)


def _slot_boxes(grid: Grid, slots: list[Slot]) -> list[BoxXYWH]:
    """Runs of consecutive slots of one column as boxes (top to bottom)."""
    boxes: list[BoxXYWH] = []
    run: list[Slot] = []
    for slot in sorted(slots, key=lambda s: (s.column, s.line)):
        if run and (slot.column != run[-1].column or slot.line != run[-1].line + 1):
            boxes.append((run[0].x, grid.line_top(run[0].line), run[0].width, len(run) * grid.pitch))
            run = []
        run.append(slot)
    if run:
        boxes.append((run[0].x, grid.line_top(run[0].line), run[0].width, len(run) * grid.pitch))
    return boxes


def _subhead(ctx: Context, article: Article, placement: Placement, index: int, slots: tuple[Slot, ...], cursor: int,
             extra: int, draw: bool = True) -> Subhead:
    """A subhead takes whole body lines in one column and keeps with the next line."""
    grid = ctx.grid
    block = article.blocks[index]
    style = ctx.style(block.kind)
    source = Source(str(article.path), block.line, f"article {article.id}, {block.kind}")
    slot = slots[cursor]
    set_text = set_headline(_bounded(block.text, style, slot.width, 4), style, slot.width, ctx.fonts, source,
                            memo=ctx.memo)
    needed = len(set_text.lines)
    lines = max(max(style.lines, needed) + extra, needed)
    run = _lines_left_in_column(slots, cursor)
    change, blank = "", 0
    if run < lines + 1 and cursor + run < len(slots):
        # Not enough room for the subhead and one line after it: start it in the next column.
        change = _("subhead {subhead!r} moved to the next column ({lines} line(s) left blank)").format(
            subhead=block.text[:12], lines=run)
        blank = run
        cursor += run
        slot = slots[cursor]
    if cursor + lines > len(slots):
        return Subhead([], cursor + lines, None, change, blank)
    items: list[PageItem] = []
    problems: list[LayoutProblem] = []
    first_line = slot.line
    block_top = grid.line_top(first_line)
    text_h = len(set_text.lines) * grid.pitch
    top = block_top + (lines * grid.pitch - text_h) / 2
    for i, line in enumerate(set_text.lines):
        extent = line_extent(set_text, line)
        if extent > slot.width + 0.01:
            problems.append(_problem(
                "off-frame", _("a line of the {kind} is {extent:.1f} pt wider than its column").format(kind=block.kind, extent=extent - slot.width),
                article, placement, line=block.line, box=(slot.x, grid.line_top(first_line + i), slot.width, grid.pitch),
                hint=_("shorten the subhead, or break its long word")))
        if not draw:
            continue
        baseline = centred_baseline(top + i * grid.pitch, grid.pitch, style.size)
        offset = {"center": (slot.width - extent) / 2, "right": slot.width - extent}.get(style.align, 0.0)
        if extent > slot.width + 0.01:
            items += clipped_runs(set_text, line, slot.x + style.indent, baseline, f"{article.id}:subhead", slot.right)[0]
        else:
            items += line_runs(set_text, line, slot.x + style.indent, baseline, f"{article.id}:subhead", max(0.0, offset))
    return Subhead(items, cursor + lines, (lines, needed), change, blank, tuple(problems))


def _width_changes(slots: tuple[Slot, ...]) -> list[int]:
    """Indices of the slots whose width differs from the slot before (ascending)."""
    return [i for i in range(1, len(slots)) if abs(slots[i].width - slots[i - 1].width) > 0.01]


def _measures(slots: tuple[Slot, ...], cursor: int, changes: list[int]) -> list[float]:
    """Line widths from ``cursor`` on, cut after the last change of width (the last one repeats).

    Most frames have one width; keeping the list short keeps the breaker's state small.
    ``changes``: :func:`_width_changes` of ``slots``, found once per frame, not per paragraph.
    """
    if cursor >= len(slots):
        return [slots[-1].width]
    end = changes[-1] + 1 if changes and changes[-1] > cursor else cursor + 1
    return [s.width for s in slots[cursor:end]]


def _lines_left_in_column(slots: tuple[Slot, ...], cursor: int) -> int:
    column = slots[cursor].column
    n = 0
    while cursor + n < len(slots) and slots[cursor + n].column == column:
        n += 1
    return n


def _estimate_lines(block: Block, chars: int) -> int:
    return max(1, -(-(len(block.text) + 2) // max(1, chars)))
