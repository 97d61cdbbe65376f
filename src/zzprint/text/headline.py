"""Items + measure → headline breaks: balanced, ragged, at phrase boundaries.

Input: :class:`Items` of a title and its measure. Output: ``list[LineBreak]`` or None
when no acceptable breaking exists (the caller falls back to the paragraph breaker).

A title is one line if it fits. Otherwise it takes a few lines that hold it without
breaking a unit or a kinsoku rule [CL-KIN] and without a line of one character. Among
the breakings into ``least`` .. ``least + 2`` lines it minimises

    Σ (ideal − line)²  +  Σ break cost  +  EXTRA_LINE · (lines − least)

where ``ideal`` is the title's width shared equally over the lines (balanced
[CL-HSTYLE], comparable across line counts) and a break's cost grows with how likely it
falls inside a word (``words``: phrases, particles such as 的 对 和, suffixes, two-character
words). A break inside a word costs more than one more line: "小区治理经/验值得总结" is
never chosen while "小区治理经验/值得总结" or a third line exists.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from .items import INF, Items
from .linebreak import EPS, LineBreak, Metrics

BREAK_COST = (0.0, 15.0, 25.0, 100.0)  # em² by quality: phrase, word edge, unsure, inside a word
EXTRA_LINE = 40.0  # em² for each line more than the fewest that could hold the title


def break_headline(items: Items, measure: float) -> list[LineBreak] | None:
    """Balanced lines at word edges (see module docstring); None if none is acceptable."""
    n = len(items)
    m = Metrics(items, 0.0, natural_only=True)  # natural widths and W are all it reads
    if n == 0 or m.natural(0, n) <= measure + EPS:
        return [LineBreak(0, n)]
    allowed = [b for b in range(1, n + 1) if b == n or items.costs[b - 1] < INF]
    least = max(2, math.ceil(m.natural(0, n) / measure - EPS))
    lines = _Lines(items, m, allowed, measure)
    best: tuple[float, list[LineBreak]] | None = None
    for count in range(least, n + 1):
        if best is not None and count > least + 2:
            break
        found = _balanced(m, lines, n, measure, count)
        if found is None:
            continue
        total = found[0] + EXTRA_LINE * (count - least)
        if best is None or total < best[0]:
            best = (total, found[1])
    return None if best is None else best[1]


class _Lines(dict):
    """Per start a, computed when first asked: every acceptable line [a, b) as
    (b, natural width, break cost), b ascending."""

    def __init__(self, items: Items, m: Metrics, allowed: list[int], measure: float) -> None:
        super().__init__()
        n = len(items)
        self.m, self.allowed, self.limit = m, allowed, measure + EPS
        self.costs = {b: _break_cost(items, b, n) for b in allowed}

    def __missing__(self, a: int) -> list[tuple[int, float, float]]:
        m, allowed, limit, costs = self.m, self.allowed, self.limit, self.costs
        T, end_nat, W = m.T, m.end_nat, m.W
        Ta, sa, Wa = T[a], m.start_nat[a], W[a]
        row = []
        for b in allowed[bisect_right(allowed, a) :]:
            natural = T[b] - Ta - sa - end_nat[b]
            if natural > limit:
                break  # natural width only grows with b
            if W[b] - Wa < 2:
                continue  # never one character alone on a line
            row.append((b, natural, costs[b]))
        self[a] = row
        return row


def _balanced(
    m: Metrics, lines: _Lines, n: int, measure: float, count: int
) -> tuple[float, list[LineBreak]] | None:
    """Best breaking into exactly ``count`` lines, by dynamic programming."""
    ideal = min(measure, m.natural(0, n) / count)
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for _ in range(count):
        layer: dict[int, tuple[float, int]] = {}
        for a, (cost, _prev) in best[-1].items():
            for b, natural, break_cost in lines[a]:
                total = cost + (ideal - natural) ** 2 + break_cost
                old = layer.get(b)
                if old is None or total < old[0]:
                    layer[b] = (total, a)
        best.append(layer)
    if n not in best[-1]:
        return None
    return best[-1][n][0], _trace(best, n)


def _break_cost(items: Items, b: int, n: int) -> float:
    if b == n:
        return 0.0
    quality = items.quality[b - 1] if items.quality else 1
    return BREAK_COST[min(quality, len(BREAK_COST) - 1)] + items.costs[b - 1] ** 2


def _trace(best: list[dict[int, tuple[float, int]]], n: int) -> list[LineBreak]:
    breaks = []
    b = n
    for layer in reversed(best[1:]):
        a = layer[b][1]
        breaks.append(LineBreak(a, b))
        b = a
    return breaks[::-1]
