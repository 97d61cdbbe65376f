"""An article frame as a chain of line slots on the baseline grid.

Input: the frame's grid rects, the headline area and the summary box's cells.
Output: :class:`Slot` per body line in reading order (down each column, then the
next column, then the next rect), each at its page-wide grid line, so lines
align across columns and across articles (docs/typesetting.md §7).
"""

from __future__ import annotations

from typing import NamedTuple

from ..memo import Memo
from ..spec.grid import Grid, GridRect


# NamedTuples, not frozen dataclasses: copy-fitting lays a frame out several times,
# making one Slot per body line each time, and a tuple is built and hashed in C.
class Slot(NamedTuple):
    """One body line a frame can hold."""

    x: float  # column left, pt
    width: float  # column width, pt (a whole number of 字)
    line: int  # page grid line, 1-based
    column: int  # frame column number in reading order, 0-based

    @property
    def right(self) -> float:
        return self.x + self.width


class Cell(NamedTuple):
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


def body_slots(columns: list[tuple[float, float, int, int]], taken: set[Cell],
               memo: Memo | None = None) -> tuple[Slot, ...]:
    """The body lines of a frame's :func:`frame_columns` in reading order, skipping cells taken by headline or boxes.

    ``memo``: copy-fitting lays a frame out several times, mostly with the same cells
    taken (only the headline and summary levers change them): the slots are kept, immutable.
    """
    if memo is None:
        return _body_slots(tuple(columns), frozenset(taken))
    key = (tuple(columns), frozenset(taken))
    return memo.slots.get_or_make(key, _body_slots, *key)


def _body_slots(columns: tuple[tuple[float, float, int, int], ...], taken: frozenset[Cell]) -> tuple[Slot, ...]:
    taken_lines: dict[int, set[int]] = {}  # column → its taken lines: a few cells, many slots
    for cell in taken:
        taken_lines.setdefault(cell.column, set()).add(cell.line)
    slots = []
    for number, (x, width, first, last) in enumerate(columns):
        skip = taken_lines.get(number, ())
        slots += [Slot(x, width, line, number) for line in range(first, last + 1) if line not in skip]
    return tuple(slots)
