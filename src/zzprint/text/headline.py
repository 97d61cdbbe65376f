"""Items + measure → headline breaks: balanced, ragged, at phrase boundaries.

Input: :class:`Items` of a title and its measure. Output: ``list[LineBreak]`` or None
when no acceptable breaking exists (the caller falls back to the paragraph breaker).

A title is one line if it fits. Otherwise it takes the fewest lines that can hold it
without breaking a unit or a kinsoku rule [CL-KIN] and without a line of one character;
among those breakings it minimises ``Σ (measure − line)²`` (equal slack on every line,
i.e. balanced [CL-HSTYLE]) plus a cost per break that is not between phrases (after a
mark or space, before an opening mark): a dictionary-free stand-in for word boundaries.
"""

from __future__ import annotations

import math

from .items import INF, Items
from .linebreak import EPS, LineBreak, Metrics

BREAK_WEIGHT = 10.0  # em² per quality step: a break between two Han costs ~3 em of balance


def break_headline(items: Items, measure: float) -> list[LineBreak] | None:
    """Fewest balanced lines (see module docstring); None if none is acceptable."""
    n = len(items)
    m = Metrics(items, 0.0)
    if n == 0 or m.natural(0, n) <= measure + EPS:
        return [LineBreak(0, n)]
    allowed = [b for b in range(1, n + 1) if b == n or items.costs[b - 1] < INF]
    least = max(2, math.ceil(m.natural(0, n) / measure - EPS))
    for count in range(least, n + 1):
        breaks = _balanced(items, m, allowed, measure, count)
        if breaks is not None:
            return breaks
    return None


def _balanced(
    items: Items, m: Metrics, allowed: list[int], measure: float, count: int
) -> list[LineBreak] | None:
    """Best breaking into exactly ``count`` lines, by dynamic programming."""
    n = len(items)
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for _ in range(count):
        layer: dict[int, tuple[float, int]] = {}
        for a, (cost, _prev) in best[-1].items():
            for b in allowed:
                if b <= a:
                    continue
                natural = m.natural(a, b)
                if natural > measure + EPS:
                    break  # natural width only grows with b
                if m.W[b] - m.W[a] < 2:
                    continue  # never one character alone on a line
                total = cost + (measure - natural) ** 2 + _break_cost(items, b, n)
                if b not in layer or total < layer[b][0]:
                    layer[b] = (total, a)
        best.append(layer)
    if n not in best[-1]:
        return None
    return _trace(best, n)


def _break_cost(items: Items, b: int, n: int) -> float:
    if b == n:
        return 0.0
    return BREAK_WEIGHT * items.quality[b - 1] + items.costs[b - 1] ** 2


def _trace(best: list[dict[int, tuple[float, int]]], n: int) -> list[LineBreak]:
    breaks = []
    b = n
    for layer in reversed(best[1:]):
        a = layer[b][1]
        breaks.append(LineBreak(a, b))
        b = a
    return breaks[::-1]
