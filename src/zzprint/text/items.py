"""The paragraph as items: one Box per cluster, one Glue and one break cost between each pair.

Input: nothing of ours (built by ``itemize``). Output: the frozen :class:`Items` the
line breaker and the line setter read.

This is Knuth–Plass's box/glue/penalty model (TeX: The Program §§ 813–890) cut to fit
Chinese composition:

* a **Box** is one cluster with its natural advance. Punctuation blanks are *inside*
  the box (a full-width mark is ½ em ink + ½ em blank [CL-POS]); what the style or an
  adjacent mark removes for good is ``lcut``/``rcut``, what justification may still
  push in is ``lshrink``/``rshrink``. ``start_cut``/``end_cut`` are removed only when a
  line starts or ends at this box — TeX's discretionary pre-/post-break widths, needed
  because a line-end mark is set ½ em [GB 5.1.10] and an opening mark at line start
  loses its left ½ [CL-EDGE];
* a **Glue** sits between box *i* and *i*+1 and vanishes at a break there, like TeX's
  glue: the CJK–Latin space, stretch of an inter-character gap, nothing inside a unit.
  Its stretch and shrink carry a *priority level* (docs/typesetting.md §5) instead of TeX's single
  stretch/shrink order, because Chinese justification pushes in and stretches in a
  fixed order [CL-ADJL];
* a break **cost** between *i* and *i*+1 is TeX's penalty: 0, a positive cost, or
  ``inf`` (forbidden: kinsoku, inside a unit). A break is legal only between clusters,
  so every line is a run ``[start, end)`` of whole clusters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

INF = math.inf


class Shrink(IntEnum):
    """Push-in priority, first used first [CL-ADJL] docs/typesetting.md §5 step 1."""

    LINE_END = 1  # line-end mark → ½ (mandatory, applied as ``end_cut``)
    WORD_SPACE = 2  # Latin word spaces → ¼ em
    MIDDLE = 3  # interpunct side blanks → 0
    BRACKET = 4  # OPEN/CLOSE outer blank → mark ½
    PAUSE = 5  # ，、；： → ½
    CJK_LATIN = 6  # CJK–Latin gap → ⅛ em
    FULL_STOP = 7  # 。？！ → ½


class Stretch(IntEnum):
    """Stretch priority, first used first [CL-ADJL] docs/typesetting.md §5 step 3."""

    WORD_SPACE = 1  # Latin word spaces → ½ em
    CJK_LATIN = 2  # CJK–Latin gap → ⅓ em
    GAP = 3  # every inter-character gap equally (CJK–Latin gap up to ½ em)
    LOOSE = 4  # last resort for a line without gaps: word spaces, gaps by marks


class Adjust(NamedTuple):
    """An amount that justification may remove or add, at one priority level."""

    level: int
    amount: float


class Box(NamedTuple):
    """One cluster as set in the paragraph."""

    advance: float  # natural advance from the shaper, em
    lcut: float = 0.0  # left blank removed by the style or an adjacent mark, em
    rcut: float = 0.0  # right blank removed by the style or an adjacent mark, em
    lshrink: Adjust | None = None  # left blank justification may still push in
    rshrink: Adjust | None = None  # right blank justification may still push in
    start_cut: float = 0.0  # removed when a line starts here (OPEN loses left ½)
    end_cut: float = 0.0  # removed when a line ends here (mark ½, trailing space)
    hang: float = 0.0  # width that may hang past the edge at a line end; 0: never
    weight: int = 1  # counts toward a 孤字 last line (characters 1, marks 0)
    mark: bool = False  # punctuation (for the compressed-marks statistic)

    @property
    def width(self) -> float:
        """Width inside a line, away from both edges."""
        return self.advance - self.lcut - self.rcut


class Glue(NamedTuple):
    """Space between two boxes; vanishes at a break there."""

    natural: float = 0.0  # em
    shrink: Adjust | None = None  # how much may be pushed in, and at which level
    stretch: tuple[Adjust, ...] = ()  # capped stretch at levels WORD_SPACE / CJK_LATIN
    gap: bool = False  # an inter-character gap sharing level-GAP stretch equally
    gap_cap: float = INF  # most level-GAP stretch this glue takes (CJK–Latin: up to ½)
    loose: bool = False  # may stretch as a last resort (Stretch.LOOSE)


@dataclass(frozen=True, slots=True)
class Items:
    """A paragraph ready for breaking: ``glues[i]`` and ``costs[i]`` sit after ``boxes[i]``."""

    boxes: tuple[Box, ...]
    glues: tuple[Glue, ...]  # len(boxes) - 1
    costs: tuple[float, ...]  # break cost after box i; INF = forbidden; len(boxes) - 1
    units: tuple[tuple[int, int], ...] = ()  # unbreakable units [start, end), ≥ 2 clusters
    quality: tuple[int, ...] = ()  # headline break quality after box i (0 best), len - 1

    def __len__(self) -> int:
        return len(self.boxes)
