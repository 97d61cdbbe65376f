"""An article frame as a chain of line slots on the baseline grid.

Input: the frame's grid rects, the headline area and the summary box's cells.
Output: :class:`Slot` per body line in reading order (down each column, then the
next column, then the next rect), each at its page-wide grid line, so lines
align across columns and across articles (chinese-typesetting.md §7).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..spec.grid import Grid, GridRect


@dataclass(frozen=True)
class Slot:
    """One body line a frame can hold."""

    x: float  # column left, pt
    width: float  # column width, pt (a whole number of 字)
    line: int  # page grid line, 1-based
    column: int  # frame column number in reading order, 0-based

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class Cell:
    """A (frame column, grid line) taken by something other than body text."""

    column: int
    line: int


def frame_columns(grid: Grid, rects: tuple[GridRect, ...]) -> list[tuple[float, float, int, int]]:
    """Every column of the frame in reading order: (x, width, first line, last line)."""
    columns = []
    for rect in rects:
        for x, width in rect.columns(grid):
            columns.append((x, width, rect.line, rect.line + rect.lines - 1))
    return columns


def body_slots(columns: list[tuple[float, float, int, int]], taken: set[Cell]) -> list[Slot]:
    """The body lines of a frame's :func:`frame_columns` in reading order, skipping cells taken by headline or boxes."""
    slots = []
    for number, (x, width, first, last) in enumerate(columns):
        for line in range(first, last + 1):
            if Cell(number, line) not in taken:
                slots.append(Slot(x, width, line, number))
    return slots
