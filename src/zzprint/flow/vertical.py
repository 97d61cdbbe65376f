"""Vertical setting (竖排): headlines and whole frames set top to bottom, columns right to left.

Input: text, a style, a column height and the font set.  Output: glyph runs, one per
column (and per face), whose glyphs share the column's x and step down in ``dy``.

The line breaker is direction-agnostic: it is given the text as it stands in a vertical
column, where every character takes one square (a CJK font's vertical advance is 1 em),
so kinsoku and punctuation compression work down the column as they do along a line.
Latin letters stand upright one a square (their full-width forms); a number of at most
``typography.vertical_numbers`` digits stands upright side by side in one square (纵中横).
Each character is then drawn in its vertical form: HarfBuzz shapes it top to bottom with
the font's ``vert``/``vrt2`` features, and its offsets (from the font's vmtx/VORG) put the
glyph's horizontal origin where the vertical metrics say.  The text layer keeps the source
text, column after column, so a reader extracts it in logical order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import uharfbuzz as hb

from ..content.model import Article
from ..fonts.face import Face
from ..fonts.shape import LANGUAGE
from ..i18n import _
from ..memo import Memo
from ..page import GlyphRun, LayoutProblem, PageItem, PlacedGlyph
from ..spec.load import Placement, Style
from .setter import SetText, Source, set_headline, set_paragraph

BoxXYWH = tuple[float, float, float, float]

#: Stands in the breaker's text for a 纵中横 number: one ideographic square, no break inside.
NUMBER_SQUARE = "〇"
VERTICAL_FEATURES = {"vert": True, "vrt2": True, "kern": False}
TITLE_PITCH = 1.25  # a vertical title's column pitch, in em (the horizontal title's leading)
# Dashes that no CJK font turns with `vert` (a horizontal rule in a column is wrong): their
# Unicode vertical presentation form, when the face has it.
_VERTICAL_DASH = {"—": "︱", "―": "︱", "⸺": "︱︱", "–": "︲"}


class VerticalText(NamedTuple):
    """Text as set in a column, and for each of its characters the source text it stands for."""

    text: str
    sources: tuple[str, ...]


def vertical_text(text: str, numbers: int) -> VerticalText:
    """``text`` with ASCII in its upright full-width forms and short numbers as one square each."""
    out: list[str] = []
    sources: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if "0" <= char <= "9":
            j = i
            while j < n and "0" <= text[j] <= "9":
                j += 1
            if j - i <= numbers:
                out.append(NUMBER_SQUARE)
                sources.append(text[i:j])
            else:  # a longer number: its digits upright, one a square
                out += [chr(ord(c) + 0xFEE0) for c in text[i:j]]
                sources += list(text[i:j])
            i = j
            continue
        if "!" <= char <= "~":
            out.append(chr(ord(char) + 0xFEE0))  # its full-width form stands upright
        elif char == " ":
            out.append("\u3000")
        else:
            out.append(char)
        sources.append(char)
        i += 1
    return VerticalText("".join(out), tuple(sources))


def upright(style: Style) -> Style:
    """The style a column is set in: no 长体/扁体 (a square is a square down the column)."""
    return style if style.hscale == 1.0 and style.vscale == 1.0 else replace(style, hscale=1.0, vscale=1.0)


class VerticalSet(NamedTuple):
    set_text: SetText
    sources: tuple[str, ...]  # per character of the set text: the source it stands for
    offsets: tuple[int, ...]  # per cluster: index of its first character


def set_vertical_title(text: str, style: Style, height: float, fonts, source: Source, numbers: int,
                       max_lines: int | None = None, memo: Memo | None = None) -> VerticalSet:
    """A title broken into balanced columns of at most ``height`` pt.

    Only as much is set as ``max_lines + 2`` columns could show (every character takes a
    square): the rest could never be drawn, and the balancing breaker's cost grows with it.
    """
    if max_lines is not None:
        text = text[:(max_lines + 2) * (int(height // max(style.size, 0.1)) + 1)]
    vt = vertical_text(text, numbers)
    return _with_offsets(set_headline(vt.text, upright(style), height, fonts, source, max_lines, memo), vt)


def set_vertical_paragraph(text: str, style: Style, height: float, fonts, settings, source: Source,
                           numbers: int, memo: Memo | None = None) -> VerticalSet:
    """A justified paragraph in columns of ``height`` pt (kinsoku and compression down the column)."""
    vt = vertical_text(text, numbers)
    return _with_offsets(set_paragraph(vt.text, upright(style), [height], fonts, settings, source, memo=memo), vt)


def _with_offsets(set_text: SetText, vt: VerticalText) -> VerticalSet:
    offsets, at = [], 0
    for cluster in set_text.clusters:
        offsets.append(at)
        at += len(cluster.text)
    return VerticalSet(set_text, vt.sources, tuple(offsets))


def column_text(vs: VerticalSet, line) -> str:
    """The source text of one column."""
    start = vs.offsets[line.start] if line.start < len(vs.offsets) else len(vs.sources)
    end = vs.offsets[line.end] if line.end < len(vs.offsets) else len(vs.sources)
    return "".join(vs.sources[start:end])


def column_runs(vs: VerticalSet, line, centre: float, top: float, tag: str) -> list[GlyphRun]:
    """Glyph runs of one column: centred on x ``centre``, its first square's top at ``top``.

    Every glyph of a run has the column's x (plus the face's own centring offset) and
    its place down the column in ``dy``, from the run's baseline ``top``.
    """
    set_text = vs.set_text
    style = set_text.style
    size = style.size
    runs: list[GlyphRun] = []
    glyphs: list[PlacedGlyph] = []
    face = None
    key = None

    def flush() -> None:
        if glyphs:
            runs.append(GlyphRun(face.ref, size, top, tuple(glyphs), style.color, key[1], 1.0, tag, True))
            glyphs.clear()

    for index in range(line.start, line.end):
        cluster = set_text.clusters[index]
        square = line.x[index - line.start] * size  # the square's top, down the column
        first = vs.offsets[index]
        source = "".join(vs.sources[first:first + len(cluster.text)])
        if cluster.text == NUMBER_SQUARE and not source.startswith(NUMBER_SQUARE):
            placed, hscale = _number_square(cluster.face, source, size, set_text.memo)
        else:
            placed, hscale = _vertical_forms(cluster.face, cluster.text, size, set_text.memo), 1.0
        if key != (cluster.face, hscale):
            flush()
            face, key = cluster.face, (cluster.face, hscale)
        text = source
        for gid, dx, dy, own in placed:
            glyphs.append(PlacedGlyph(gid, centre + dx, own if own is not None else text, square + dy))
            text = ""
    flush()
    return runs


def _vertical_shape(face: Face, text: str, memo: Memo | None = None) -> tuple[tuple[int, float, float, float], ...]:
    """HarfBuzz top to bottom: (glyph, x offset, y offset, y advance) in em, y upwards as in fonts.

    ``memo``: the one that set the text (its shaped table, keyed by the face's file by
    value; "ttb" keeps these apart from the horizontal shapes of the same text).
    """
    if memo is None:
        return _shape_vertical(face, text)
    key = (text, (face.key,), LANGUAGE, "ttb")
    return memo.shaped.get_or_make(key, _shape_vertical, face, text)


def _shape_vertical(face: Face, text: str) -> tuple[tuple[int, float, float, float], ...]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "ttb"
    buf.language = LANGUAGE
    hb.shape(face.hb_font, buf, VERTICAL_FEATURES)
    upem = face.upem
    return tuple((info.codepoint, pos.x_offset / upem, pos.y_offset / upem, pos.y_advance / upem)
                 for info, pos in zip(buf.glyph_infos, buf.glyph_positions))


def _vertical_forms(face: Face, text: str, size: float, memo: Memo | None = None) -> list[tuple[int, float, float, None]]:
    """(glyph, x from the column's centre, y down from the square's top, None) in pt, for ``text`` in its vertical form.

    The cluster's first glyph stands for its text (None: the caller's), later ones for nothing.
    """
    turned = "".join(_VERTICAL_DASH.get(c, c) for c in text)
    if turned != text and face.covers_all(turned):
        text = turned
    pen = 0.0
    out = []
    for gid, x_offset, y_offset, y_advance in _vertical_shape(face, text, memo):
        out.append((gid, x_offset * size, pen - y_offset * size, None))
        pen -= y_advance * size
    return out


def _number_square(face: Face, digits: str, size: float,
                   memo: Memo | None = None) -> tuple[list[tuple[int, float, float, None]], float]:
    """纵中横: the digits upright side by side, centred in one square (narrowed to fit it).

    The square is one cluster: its first glyph stands for every digit, the others for
    nothing, so a reader that follows the column does not break it at the second digit.
    """
    from ..fonts.shape import shape

    clusters = shape(digits, (face,), memo)
    width = sum(c.advance for c in clusters)
    hscale = min(1.0, 0.96 / width) if width else 1.0
    # the horizontal glyphs sit on the square's baseline: where the vertical forms' origin puts it
    baseline = -_vertical_shape(face, "中", memo)[0][2] * size if face.has("中") else 0.88 * size
    x = -width * hscale * size / 2
    out = []
    for cluster in clusters:
        for glyph in cluster.glyphs:
            out.append((glyph.gid, x + glyph.dx * size * hscale, baseline - glyph.dy * size, None))
        x += cluster.advance * size * hscale
    return out, hscale


# --- a vertical headline in a horizontal article --------------------------------------------

def vertical_headline(ctx, article: Article, placement: Placement, area: BoxXYWH, draw: bool = True):
    """Label, kicker, title, subtitle and byline in columns read right to left from the area's right edge.

    Returns a :class:`~zzprint.flow.article.Placed`.  Nothing is drawn outside the area:
    a title taller than it or in more than ``max_lines`` columns is reported.
    """
    from .article import Placed, _label, _problem, _source, _where

    x, y, w, h = area
    head = placement.headline
    numbers = ctx.spec.typography.vertical_numbers
    problems: list[LayoutProblem] = []
    items: list[PageItem] = []
    right = x + w
    if article.section and head.label != "none":  # the stacked label (栏目头) stands first, at the right
        label_w = ctx.style("label").size * 1.8
        label = _label(ctx, article, placement, (right - label_w, y, label_w, h), "left", draw)
        items += label.items
        problems += label.problems
        right -= label_w + ctx.grid.body_size
    style = ctx.style(head.style)
    inset = style.size * 0.25
    height = h - 2 * inset
    # kicker (引题), title, subtitle (副题), byline: column groups read right to left
    blocks = []
    for what, name, text, most in (("kicker", "kicker", article.kicker, 2), ("title", head.style, article.title, head.max_lines),
                                   ("subtitle", "subtitle", article.subtitle, 2),
                                   ("author", "byline", article.author if head.byline != "none" else "", 2)):
        if text:
            blocks.append((set_vertical_title(text, ctx.style(name), height, ctx.fonts, _source(article, what), numbers,
                                              most, ctx.memo), what, most))
    where = _where(ctx, placement)
    for vs, what, most in blocks:
        size = vs.set_text.style.size
        pitch = size * TITLE_PITCH
        lines = vs.set_text.lines
        if len(lines) > most:
            problems.append(_problem(
                "headline-overflow", _("vertical {what} takes {count} columns, more than {most}").format(what=what, count=len(lines), most=most), article,
                placement, what=what, box=area, hint=_("shorten the {what}, or raise max_lines at {where}").format(what=what, where=where)))
        for line in lines[:most]:
            if right - pitch < x - 0.01:
                problems.append(_problem(
                    "headline-overflow", _("vertical {what} needs more columns than the headline area is wide").format(what=what),
                    article, placement, what=what, box=area,
                    hint=_("widen headline.span, or choose a smaller style at {where}").format(where=where)))
                break
            extent = (line.x[-1] + vs.set_text.clusters[line.end - 1].advance) * size if line.end > line.start else 0
            if extent > height + 0.01:
                problems.append(_problem(
                    "headline-overflow", _("a column of the vertical {what} is {extent:.1f} pt taller than the headline area").format(what=what, extent=extent - height), article, placement, what=what, box=area,
                    hint=_("give headline.lines more, or choose a smaller style at {where}").format(where=where)))
            elif draw:
                items += column_runs(vs, line, right - pitch / 2, y + inset, f"{article.id}:head")
            right -= pitch
        right -= inset  # air between one part and the next
    used = x + w - right  # the columns taken, from the area's right edge (the rest is the body's in a vertical frame)
    return Placed(items if draw else [], problems, (x + w - used, y, used, h))


def vertical_area(grid, first, span: int, lines: int) -> BoxXYWH:
    """A vertical headline's area: the first frame's ``span`` rightmost columns, ``lines`` tall."""
    col = first.col + first.span - span
    return (grid.column_left(col), grid.line_top(first.line), grid.span_width(span), lines * grid.pitch)


# --- a whole frame set vertically ------------------------------------------------------------

def compose_vertical(ctx, placement: Placement, article: Article, draw: bool = True):
    """A frame set top to bottom (a 编者按 or 短评 strip): the title in the first columns at
    the right, then the body's paragraphs, column after column to the left.

    Body columns are one grid line pitch apart and a whole number of characters tall;
    a frame whose columns are not all used is short (缺行), as a horizontal one is.
    """
    from .article import ArticleFit, ComposedArticle

    grid = ctx.grid
    numbers = ctx.spec.typography.vertical_numbers
    boxes = [r.box(grid) for r in placement.rects]
    x, y, w, h = boxes[0]
    inset = (grid.pitch - grid.body_size) / 2
    items: list[PageItem] = []
    right = x + w
    # label, kicker, title, subtitle and byline: the columns at the frame's right, as a vertical headline's
    head = vertical_headline(ctx, article, placement, boxes[0], draw)
    items += head.items
    problems: list[LayoutProblem] = list(head.problems)
    head_box = head.region if head.region[2] > 0 else None
    if head_box:
        right = head_box[0] - grid.body_size  # a square of air before the text
    # the body's columns: (centre x, top, height) right to left in each rect
    body = ctx.style("body")
    columns: list[tuple[float, float, float]] = []
    body_boxes: list[BoxXYWH] = []
    for n, (bx, by, bw, bh) in enumerate(boxes):
        edge = right if n == 0 else bx + bw
        count = max(0, int((edge - bx + 0.01) // grid.pitch))
        columns += [(edge - (k + 0.5) * grid.pitch, by + inset, bh - 2 * inset) for k in range(count)]
        if count:
            body_boxes.append((edge - count * grid.pitch, by, count * grid.pitch, bh))
    height = int((min(c[2] for c in columns) + 0.01) // body.size) * body.size if columns else body.size
    fit = ArticleFit(article.id, article.title, len(columns), int(round(height / body.size)), 0, file=str(article.path))
    cursor = 0
    overset: list[str] = []
    for block in article.blocks:
        style = ctx.style("note" if block.kind == "note" else "body")
        source = Source(str(article.path), block.line, f"article {article.id}, {block.kind}")
        settings = ctx.settings if block.kind == "para" else ctx.unindented
        vs = set_vertical_paragraph(block.text, style, height, ctx.fonts, settings, source, numbers, ctx.memo)
        for line in vs.set_text.lines:
            if cursor >= len(columns):
                overset.append(column_text(vs, line))
                fit.overset_lines += 1
                fit.overset_line = fit.overset_line or block.line
                continue
            centre, top, _ = columns[cursor]
            if draw:
                items += column_runs(vs, line, centre, top, article.id)
            cursor += 1
        fit.lines.extend(vs.set_text.lines)
    fit.used_lines = min(cursor, len(columns))
    fit.overset_text = "".join(overset)
    fit.problems = problems
    regions = {"head": (head_box,) if head_box else (), "body": tuple(body_boxes), "subhead": tuple(body_boxes)}
    empty = columns[fit.used_lines:] if not fit.overset_text else []
    holes = [(c - grid.pitch / 2, t - inset, grid.pitch, hh + 2 * inset) for c, t, hh in empty]
    return ComposedArticle(items, fit, boxes, [], regions, holes)
