"""One article into its frame: section label, headline area, byline, summary box, body.

Input: the article's placement (grid rects, headline and summary settings), the
article, the font set and paragraph settings.  Output: :class:`ComposedArticle`,
its page items and its :class:`ArticleFit` (capacity, used, overset text).

Body lines sit on the page-wide baseline grid; subheads and the summary box take
whole body lines so the grid is kept (docs/typesetting.md §7).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .. import text as textmod
from ..content.model import Article, Block
from ..fonts.roles import FontSet
from ..page import Box, PageItem, Rule
from ..spec.grid import Grid, centred_baseline
from ..spec.load import PageSpec, Placement, Style
from .frames import Cell, Slot, body_slots, frame_columns
from .setter import SetText, Source, line_extent, line_runs, set_headline, set_paragraph

TITLE_LEADING = 1.25  # title line pitch as a multiple of its size
HEADLINE_GAP = 0.35  # space between kicker / title / subtitle / byline, in em of the smaller size


@dataclass
class ArticleFit:
    """What fits: the figures of ``zzprint fit`` for one article."""

    id: str
    title: str
    capacity_lines: int  # body lines the frame holds
    chars_per_line: int  # characters a body line holds
    used_lines: int
    overset_text: str = ""  # every character that did not fit, in order
    overset_lines: int = 0
    changes: list[str] = field(default_factory=list)  # copy-fit changes made
    problems: list[str] = field(default_factory=list)  # e.g. headline too tall, unit wider than the column
    column_ends: list[int] = field(default_factory=list)  # last used grid line of each frame column
    subhead_shape: dict[int, tuple[int, int]] = field(default_factory=dict)  # block index → (lines used, lines its text needs)
    paragraph_shape: dict[int, tuple[int, float]] = field(default_factory=dict)  # block index → (lines, last line's fill in 字)
    lines: list[textmod.Line] = field(default_factory=list, repr=False)  # every body line as set, for the audit

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
            "problems": list(self.problems), "audit": dict(self.audit),
        }


@dataclass
class ComposedArticle:
    items: list[PageItem]
    fit: ArticleFit
    frame_boxes: list[tuple[float, float, float, float]]  # (x, y, w, h) of each rect, for proofs
    adjusted_lines: list[tuple[float, float, str]] = field(default_factory=list)  # (column x, baseline, "stretch"/"shrink"), for proofs


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
    items: list[PageItem] = []
    first = placement.rects[0]
    columns = frame_columns(grid, placement.rects)
    taken: set[Cell] = set()
    problems: list[str] = []

    # Headline area: the top lines of the first rect, over the columns it spans.
    head = placement.headline
    head_lines = head.lines + adjust.headline_extra
    span = min(head.span or first.span, first.span)
    area_x, area_y = grid.column_left(first.col), grid.line_top(first.line)
    area_w, area_h = grid.span_width(span), head_lines * grid.pitch
    area_right = area_x + area_w
    for number, (x, _width, top_line, _last) in enumerate(columns[:first.split]):
        if x < area_right - 0.01:
            for line in range(top_line, top_line + head_lines):
                taken.add(Cell(number, line))
    items += _headline(ctx, article, placement, (area_x, area_y, area_w, area_h), problems, draw)

    body_top_line = first.line + head_lines
    if placement.summary and article.summary:
        box_items, cells = _summary(ctx, article, placement, columns, body_top_line, adjust.summary_extra, problems,
                                    draw)
        items += box_items
        taken |= cells

    slots = body_slots(columns, taken)
    adjusted: list[tuple[float, float, str]] = []
    body_items, fit = _body(ctx, article, slots, len(columns), adjust, adjusted, draw)
    fit.problems = problems + fit.problems
    items += body_items
    if fit.overset_text and draw:
        items += _overset_mark(ctx, article, placement, fit)
    return ComposedArticle(items, fit, [r.box(grid) for r in placement.rects], adjusted)


def _overset_mark(ctx: Context, article: Article, placement: Placement, fit: ArticleFit) -> list[PageItem]:
    """A proof built with overset text says so on the page: a red tab under the frame's last column."""
    grid, style = ctx.grid, ctx.style("label")
    x, y, w, h = placement.rects[-1].box(grid)
    text = f"超版{fit.overset_chars}字"
    set_text = set_headline(text, style, w, ctx.fonts, Source(str(article.path), 1, f"article {article.id}, overset mark"))
    line = set_text.lines[0]
    width = line_extent(set_text, line) + style.size
    top = y + h + (grid.pitch - grid.body_size) / 2
    tab = Box(x + w - width, top, width, style.size * 1.5, style.fill, None, 0.0, f"{article.id}:overset")
    baseline = centred_baseline(top, style.size * 1.5, style.size)
    return [tab, *line_runs(set_text, line, x + w - width + style.size / 2, baseline, f"{article.id}:overset")]


# --- headline area -----------------------------------------------------------------------

def _source(article: Article, what: str, line: int = 0) -> Source:
    return Source(str(article.path), line or article.front_matter_lines.get(what, 1), f"article {article.id}, {what}")


def _headline(ctx: Context, article: Article, placement: Placement, area: tuple[float, float, float, float],
              problems: list[str], draw: bool = True) -> list[PageItem]:
    """Label, kicker, title, subtitle and byline, stacked and centred in the headline area."""
    grid, head = ctx.grid, placement.headline
    x, y, w, h = area
    items: list[PageItem] = []
    text_x, text_w, text_top = x, w, y
    if article.section and head.label != "none":
        label_items, (lx, ly, lw, lh) = _label(ctx, article, x, y, h, head.label, problems, draw)
        items += label_items
        if head.label == "left":
            gap = grid.body_size
            text_x, text_w = lx + lw + gap, w - lw - gap
        else:
            text_top = ly + lh

    blocks: list[tuple[SetText, float]] = []  # (set text, line pitch)
    if article.kicker:
        style = ctx.style("kicker")
        blocks.append((set_headline(article.kicker, style, text_w, ctx.fonts, _source(article, "kicker")), style.size * TITLE_LEADING))
    title_style = ctx.style(head.style)
    title = set_headline(article.title, title_style, text_w, ctx.fonts, _source(article, "title"), head.max_lines)
    if len(title.lines) > head.max_lines:
        problems.append(f"title takes {len(title.lines)} lines, more than headline.max_lines {head.max_lines}")
    blocks.append((title, title_style.size * TITLE_LEADING))
    if article.subtitle:
        style = ctx.style("subtitle")
        blocks.append((set_headline(article.subtitle, style, text_w, ctx.fonts, _source(article, "subtitle")), style.size * TITLE_LEADING))
    if article.author and head.byline != "none":
        style = ctx.style("byline")
        blocks.append((set_headline(article.author, style, text_w, ctx.fonts, _source(article, "author")), style.size * 1.5))

    gaps = [HEADLINE_GAP * min(a.style.size, b.style.size) for (a, _), (b, _) in zip(blocks, blocks[1:])]
    height = sum(len(s.lines) * pitch for s, pitch in blocks) + sum(gaps)
    room = y + h - text_top
    if height > room + 0.01:
        problems.append(f"headline needs {height / grid.pitch:.1f} lines but the area has {room / grid.pitch:.1f}")
    if not draw:
        return items
    cursor = text_top + max(0.0, (room - height) / 2)
    for n, (set_text, pitch) in enumerate(blocks):
        size = set_text.style.size
        for line in set_text.lines:
            baseline = centred_baseline(cursor, pitch, size)
            extent = line_extent(set_text, line)
            offset = {"center": (text_w - extent) / 2, "right": text_w - extent}.get(
                set_text.style.align if set_text is not title else head.align, 0.0)
            items += line_runs(set_text, line, text_x, baseline, f"{article.id}:head", max(0.0, offset))
            cursor += pitch
        if n < len(gaps):
            cursor += gaps[n]
    return items


def _label(ctx: Context, article: Article, x: float, y: float, area_h: float, where: str,
           problems: list[str], draw: bool = True) -> tuple[list[PageItem], tuple]:
    """The section label (栏目头): reversed text in a filled box, or text between rules.

    It never leaves the headline area: a box reaching into the body would put text on colour.
    """
    grid, style = ctx.grid, ctx.style("label")
    inset = (grid.pitch - grid.body_size) / 2
    if where == "left":
        # A vertical label: one character a line, centred in a box as tall as the headline area.
        chars = list(article.section)
        box_w = style.size * 1.8
        box_h = area_h - 2 * inset
        pitch = min(style.size * 1.15, (box_h - 0.5 * style.size) / max(1, len(chars)))
        if pitch < style.size:
            problems.append(f"section label {article.section!r} needs {len(chars) * style.size * 1.05 / grid.pitch:.1f} "
                            f"lines but the headline area has {area_h / grid.pitch:.0f}")
        box_y = y + inset
        if not draw:
            return [], (x, box_y, box_w, box_h)
        items: list[PageItem] = set_off(style, x, box_y, box_w, box_h, f"{article.id}:label")
        top = box_y + (box_h - len(chars) * pitch) / 2
        for i, char in enumerate(chars):
            set_text = set_headline(char, style, box_w, ctx.fonts, _source(article, "section"))
            for line in set_text.lines:
                extent = line_extent(set_text, line)
                baseline = centred_baseline(top + i * pitch, pitch, style.size)
                items += line_runs(set_text, line, x + (box_w - extent) / 2, baseline, f"{article.id}:label")
        return items, (x, box_y, box_w, box_h)
    set_text = set_headline(article.section, style, grid.span_width(1), ctx.fonts, _source(article, "section"))
    line = set_text.lines[0]
    extent = line_extent(set_text, line)
    box_w, box_h = extent + style.size, 2 * grid.pitch - (grid.pitch - grid.body_size)
    box_y = y + (grid.pitch - grid.body_size) / 2
    if not draw:
        return [], (x, box_y, box_w, box_h)
    items = set_off(style, x, box_y, box_w, box_h, f"{article.id}:label")
    baseline = centred_baseline(box_y, box_h, style.size)
    items += line_runs(set_text, line, x + style.size / 2, baseline, f"{article.id}:label")
    return items, (x, box_y, box_w, box_h)


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
             extra: int, problems: list[str], draw: bool = True) -> tuple[list[PageItem], set[Cell]]:
    """The 【summary】 box: 楷体 on whole body lines; the body flows around it."""
    grid, spec = ctx.grid, placement.summary
    style = ctx.style(spec.style)
    first_col = spec.col - 1
    last_col = min(first_col + spec.span, len(columns)) - 1
    x = columns[first_col][0]
    w = columns[last_col][0] + columns[last_col][1] - x
    pad = style.size
    measure = int((w - 2 * pad) // style.size) * style.size
    text = f"【{article.summary}】" if style.brackets else article.summary
    settings = replace(ctx.settings, indent=0.0)  # the body's rules, without the first-line indent
    set_text = set_paragraph(text, style, [measure], ctx.fonts, settings, _source(article, "summary"))
    text_lines = len(set_text.lines)
    box_lines = (spec.lines or text_lines + 1) + extra
    if text_lines + 1 > box_lines:
        problems.append(f"summary needs {text_lines + 1} lines but its box has {box_lines}")
    top_line = body_top_line + spec.line - 1
    cells = {Cell(c, line) for c in range(first_col, last_col + 1) for line in range(top_line, top_line + box_lines)}
    if not draw:
        return [], cells
    inset = (grid.pitch - grid.body_size) / 2
    items = set_off(style, x, grid.line_top(top_line) + inset, w, box_lines * grid.pitch - 2 * inset, f"{article.id}:summary")
    first_text_line = top_line + (box_lines - text_lines) / 2  # centred: half a line of padding each side
    text_x = x + (w - measure) / 2
    for i, line in enumerate(set_text.lines):
        items += line_runs(set_text, line, text_x, grid.baseline(first_text_line + i, style.size), f"{article.id}:summary")
    return items, cells


# --- body --------------------------------------------------------------------------------

def _body(ctx: Context, article: Article, slots: tuple[Slot, ...], n_columns: int, adjust: Adjustments,
          adjusted: list[tuple[float, float, str]], draw: bool = True) -> tuple[list[PageItem], ArticleFit]:
    grid = ctx.grid
    items: list[PageItem] = []
    fit = ArticleFit(article.id, article.title, len(slots), int(round(slots[0].width / grid.body_size)) if slots else 0, 0)
    cursor = 0
    overset: list[str] = []
    path = str(article.path)
    loose = dict(adjust.looseness)
    changes = _width_changes(slots)
    for index, block in enumerate(article.blocks):
        source = Source(path, block.line, f"article {article.id}, {block.kind}")
        if cursor >= len(slots):
            overset.append(block.text)
            fit.overset_lines += _estimate_lines(block, fit.chars_per_line)
            continue
        if block.kind.startswith("subhead"):
            cursor = _subhead(ctx, article, index, slots, cursor, adjust.subhead(index), items, fit, source, draw)
            continue
        style = ctx.style("note" if block.kind == "note" else "body")
        measures = _measures(slots, cursor, changes)
        spans = tuple((start, end, ctx.style("strong")) for start, end in block.strong)  # **bold** lead-ins
        set_text = set_paragraph(block.text, style, measures, ctx.fonts, ctx.settings, source, loose.get(index, 0), spans)
        lines = set_text.lines
        fit.paragraph_shape[index] = (len(lines), line_extent(set_text, lines[-1]) / style.size)
        fit.problems += [f"{source.what} (line {block.line}): {p}" for p in set_text.paragraph.problems]
        fit.lines.extend(lines)
        placed = min(len(lines), len(slots) - cursor)  # the rest is overset
        if draw:
            for line, slot in zip(lines[:placed], slots[cursor:cursor + placed]):
                baseline = grid.baseline(slot.line, style.size)
                items += line_runs(set_text, line, slot.x, baseline, article.id)
                if line.stretch > 0 or line.shrink > 0:
                    adjusted.append((slot.x, baseline, "stretch" if line.stretch > 0 else "shrink"))
        for line in lines[placed:]:
            overset.append(set_text.line_text(line))
            fit.overset_lines += 1
        cursor += placed
    fit.used_lines = min(cursor, len(slots))
    fit.overset_text = "".join(overset)
    ends: dict[int, int] = {}
    for slot in slots[:fit.used_lines]:
        ends[slot.column] = max(ends.get(slot.column, 0), slot.line)
    fit.column_ends = [ends.get(c, 0) for c in range(n_columns)]
    return items, fit


def _subhead(ctx: Context, article: Article, index: int, slots: tuple[Slot, ...], cursor: int, extra: int,
             items: list[PageItem], fit: ArticleFit, source: Source, draw: bool = True) -> int:
    """A subhead takes whole body lines in one column and keeps with the next line."""
    grid = ctx.grid
    block = article.blocks[index]
    style = ctx.style(block.kind)
    slot = slots[cursor]
    set_text = set_headline(block.text, style, slot.width, ctx.fonts, source)
    needed = len(set_text.lines)
    lines = max(max(style.lines, needed) + extra, needed)
    run = _lines_left_in_column(slots, cursor)
    if run < lines + 1 and cursor + run < len(slots):
        # Not enough room for the subhead and one line after it: start it in the next column.
        fit.changes.append(f"subhead {block.text[:12]!r} moved to the next column ({run} line(s) left blank)")
        cursor += run
        slot = slots[cursor]
    if cursor + lines > len(slots):
        fit.overset_lines += cursor + lines - len(slots)
        fit.overset_text += block.text
        return len(slots)
    fit.subhead_shape[index] = (lines, needed)
    if not draw:
        return cursor + lines
    first_line = slot.line
    block_top = grid.line_top(first_line)
    text_h = len(set_text.lines) * grid.pitch
    top = block_top + (lines * grid.pitch - text_h) / 2
    for i, line in enumerate(set_text.lines):
        baseline = centred_baseline(top + i * grid.pitch, grid.pitch, style.size)
        extent = line_extent(set_text, line)
        offset = {"center": (slot.width - extent) / 2, "right": slot.width - extent}.get(style.align, 0.0)
        items += line_runs(set_text, line, slot.x + style.indent, baseline, f"{article.id}:subhead", max(0.0, offset))
    return cursor + lines


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
