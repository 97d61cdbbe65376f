"""The page grid: character cells and body lines → rectangles in pt.

Input: the grid numbers of a spec (columns × characters, gutter, line pitch).
Output: x/y positions of columns, lines and baselines on the trim, in pt.
Sources: docs/typesetting.md §7 and §9 (n columns joined = n·c + (n−1)·g; 破栏 into k
columns = (joined − (k−1)·g)/k).
"""

from __future__ import annotations

from dataclasses import dataclass

# Where a CJK em box sits on its baseline (ideographic em box: 0.88 above, 0.12 below),
# as in Noto CJK and most Chinese fonts; used to centre text in a line cell.
EM_ASCENT = 0.88


def centred_baseline(top: float, height: float, size: float) -> float:
    """Baseline of type of ``size`` whose em box is centred in a band ``height`` tall starting at ``top``."""
    return top + (height - size) / 2 + EM_ASCENT * size


@dataclass(frozen=True)
class Grid:
    x: float  # type area left, from trim left
    y: float  # type area top, from trim top
    body_size: float
    columns: int
    chars: int
    gutter: float
    pitch: float
    lines: int

    @property
    def column_width(self) -> float:
        return self.chars * self.body_size

    @property
    def width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def height(self) -> float:
        return self.lines * self.pitch

    def column_left(self, col: int) -> float:
        """Left edge of basic column ``col`` (1-based)."""
        return self.x + (col - 1) * (self.column_width + self.gutter)

    def span_width(self, span: int) -> float:
        return span * self.column_width + (span - 1) * self.gutter

    def line_top(self, line: float) -> float:
        """Top of body line cell ``line`` (1-based; a fraction for blocks centred between lines)."""
        return self.y + (line - 1) * self.pitch

    def baseline(self, line: float, size: float | None = None) -> float:
        """Baseline of body line ``line`` for type of ``size``: the em box centred in the cell."""
        size = size or self.body_size
        return centred_baseline(self.line_top(line), self.pitch, size)


@dataclass(frozen=True)
class GridRect:
    """Part of an article frame on the basic grid, re-divided into ``split`` columns."""

    col: int
    span: int
    line: int
    lines: int
    split: int

    def columns(self, grid: Grid) -> list[tuple[float, float]]:
        """(left, width) of each of this rect's own columns, in pt, widths a whole number of 字.

        破栏: the joined width is shared out in whole characters; the remainder of
        characters goes to the gutters so every column keeps the character grid.
        """
        left = grid.column_left(self.col)
        k = self.split
        width = int(_text_chars(grid, self.span, k) // k) * grid.body_size
        gutter = (grid.span_width(self.span) - k * width) / (k - 1) if k > 1 else 0.0
        return [(left + i * (width + gutter), width) for i in range(k)]

    def box(self, grid: Grid) -> tuple[float, float, float, float]:
        """(x, y, w, h) of the whole rect."""
        return (grid.column_left(self.col), grid.line_top(self.line), grid.span_width(self.span), self.lines * grid.pitch)


def _text_chars(grid: Grid, span: int, split: int) -> float:
    """破栏: the width in 字 that ``split`` columns over ``span`` basic columns share, less their ``split`` − 1 gutters."""
    joined_chars = span * grid.chars + (span - 1) * grid.gutter / grid.body_size
    return joined_chars - (split - 1) * grid.gutter / grid.body_size


def check_rect(grid: Grid, rect) -> tuple[str, str] | None:
    """Why a rect does not fit the grid, as (message, hint), or None."""
    if rect.col + rect.span - 1 > grid.columns:
        return (f"frame spans columns {rect.col}–{rect.col + rect.span - 1} but the grid has {grid.columns}",
                f"col + span − 1 must be at most {grid.columns}")
    if rect.line + rect.lines - 1 > grid.lines:
        return (f"frame spans lines {rect.line}–{rect.line + rect.lines - 1} but the type area has {grid.lines} lines",
                f"line + lines − 1 must be at most {grid.lines}")
    split = rect.split or rect.span
    if _text_chars(grid, rect.span, split) / split < 4:
        return (f"破栏 into {split} columns leaves fewer than 4 characters a column",
                "use fewer columns (split) or a wider span")
    return None
