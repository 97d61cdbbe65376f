"""A slow, direct restatement of the line breaker's cost model, and exhaustive search.

Input: :class:`Items` (the breaker's input: boxes, glues, break costs — itemize's
kinsoku and unit rules decide which breaks are legal) and :class:`BreakOptions`.
Output: every breaking of a small paragraph with its total demerits, and the demerits
of any given breaking.

Nothing here reads the breaker's prefix sums, candidate windows or search states: a
line's width, push-in and stretch are summed box by box and glue by glue from the
items, following the model the module docstring of ``zzprint.text.linebreak``
describes (priority levels, per-level weights, the gap rule of [CL-EXP], hanging,
rescue lines, adjacency and 孤字 demerits). Only the weights themselves — design
constants, not results — are imported. ``all_breakings`` walks every sequence of legal
breaks whose lines fit (or the rescue line where none fits): no pruning, no dynamic
programming, so a paragraph of ~30 characters at a narrow measure is the limit.
"""

from __future__ import annotations

from collections.abc import Iterator

from zzprint.text import linebreak as lb
from zzprint.text.items import INF, Items, Shrink, Stretch

EPS = lb.EPS


def _gap_extra(need: float, free: float, capped: float, cap: float) -> float:
    """Extra em per gap when ``need`` is shared over free gaps and gaps capped at ``cap``."""
    if capped == 0:
        return need / free if free > 0 else INF
    if need <= (free + capped) * cap + EPS:
        return need / (free + capped)
    if free == 0:
        return INF
    return (need - capped * cap) / free


class Reference:
    """Line costs of one paragraph, computed directly from the items."""

    def __init__(self, items: Items, options: lb.BreakOptions, tolerance: float) -> None:
        self.items, self.options, self.tolerance = items, options, tolerance
        self.n = len(items.boxes)
        # One CJK–Latin cap per paragraph, as the settings give one.
        caps = [g.gap_cap for g in items.glues if g.gap and g.gap_cap < INF]
        self.gap_cap = min(caps) if caps else 0.0
        self.legal = [b for b in range(1, self.n) if items.costs[b - 1] < INF] + [self.n]

    def width(self, index: int) -> float:
        measures = self.options.measures
        return measures[min(index, len(measures) - 1)]

    def cost(self, b: int) -> float:
        """The break cost after box b - 1 (none at the paragraph's end)."""
        return self.items.costs[b - 1] if b < self.n else 0.0

    def natural(self, a: int, b: int) -> float:
        """Width of line [a, b) as set: line-start and line-end cuts applied, indent on line 1."""
        boxes, glues = self.items.boxes, self.items.glues
        width = sum(box.advance - box.lcut - box.rcut for box in boxes[a:b])
        width += sum(g.natural for g in glues[a : b - 1])
        width -= boxes[a].start_cut + boxes[b - 1].end_cut
        return width + (self.options.indent if a == 0 else 0.0)

    def shrink_capacity(self, a: int, b: int, level: int) -> float:
        """What line [a, b) may push in at one level (blanks already gone at its edges excluded)."""
        boxes, glues = self.items.boxes, self.items.glues
        total = 0.0
        for i in range(a, b):
            box = boxes[i]
            if box.lshrink is not None and box.lshrink.level == level:
                if not (i == a and box.start_cut > 0):
                    total += box.lshrink.amount
            if box.rshrink is not None and box.rshrink.level == level:
                if not (i == b - 1 and box.end_cut > 0):
                    total += box.rshrink.amount
        for glue in glues[a : b - 1]:
            if glue.shrink is not None and glue.shrink.level == level:
                total += glue.shrink.amount
        return total

    def min_natural(self, a: int, b: int) -> float:
        levels = range(Shrink.WORD_SPACE, Shrink.FULL_STOP + 1)
        return self.natural(a, b) - sum(self.shrink_capacity(a, b, k) for k in levels)

    def shrink_badness(self, a: int, b: int, need: float) -> float | None:
        badness = 0.0
        for level in range(Shrink.WORD_SPACE, Shrink.FULL_STOP + 1):
            cap = self.shrink_capacity(a, b, level)
            if cap > EPS:
                take = min(cap, need)
                badness += take * lb.SHRINK_WEIGHT[level - Shrink.WORD_SPACE]
                need -= take
                if need <= EPS:
                    return badness
        return None

    def stretch_badness(self, a: int, b: int, need: float) -> float | None:
        glues = self.items.glues[a : b - 1]
        badness = 0.0
        for level, weight in ((Stretch.WORD_SPACE, lb.WORD_SPACE_STRETCH),
                              (Stretch.CJK_LATIN, lb.CJK_LATIN_STRETCH)):
            cap = sum(adj.amount for g in glues for adj in g.stretch if adj.level == level)
            if cap > EPS:
                take = min(cap, need)
                badness += take * weight
                need -= take
        if need <= EPS:
            return badness
        free = sum(1 for g in glues if g.gap and g.gap_cap == INF)
        capped = sum(1 for g in glues if g.gap and g.gap_cap < INF)
        extra = _gap_extra(need, free, capped, self.gap_cap)
        spaced = free > 0
        if extra > lb.TOLERANCES[-1] + EPS:  # too few gaps: spaces beside marks too
            free += sum(1 for g in glues if g.loose)
            extra = _gap_extra(need, free, capped, self.gap_cap)
            badness += lb.LOOSE_BADNESS
        if extra > self.tolerance + EPS:
            return None
        badness += lb.GAP_STRETCH * need + 100.0 * (extra / lb.GAP_REFERENCE) ** 3
        if spaced and extra > lb.LETTER_SPACING_LIMIT + EPS:  # past the night desk's limit
            badness = ((1.0 + badness) ** 2 + lb.OVER_LIMIT) ** 0.5 - 1.0
        return badness

    def fit(self, a: int, b: int, slack: float) -> float | None:
        last = b == self.n
        if slack > EPS:
            if last and self.options.last_line != "justify":
                return 0.0  # a ragged last line is never stretched
            badness = self.stretch_badness(a, b, slack)
            return lb.LOOSE_BADNESS if badness is None and last else badness
        if slack < -EPS:
            return self.shrink_badness(a, b, -slack)
        return 0.0

    def line(self, a: int, b: int, index: int) -> tuple[float, bool] | None:
        """(badness, hangs) of line [a, b) as line ``index``; None if it cannot fit."""
        slack = self.width(index) - self.natural(a, b)
        badness = self.fit(a, b, slack)
        hang = self.items.boxes[b - 1].hang
        if hang > 0 and b < self.n:
            hung = self.fit(a, b, slack + hang)
            if hung is not None and (badness is None or hung + lb.HANG_BADNESS < badness):
                return hung + lb.HANG_BADNESS, True
        return None if badness is None else (badness, False)

    def lines_from(self, a: int, index: int) -> list[tuple[int, float, bool, bool]]:
        """Every line from ``a`` as (end, badness, hangs, rescue): those that fit, or
        else the one rescue line (the longest that fits pushed in, else the shortest)."""
        ends = [b for b in self.legal if b > a]
        fitting = []
        for b in ends:
            fitted = self.line(a, b, index)
            if fitted is not None:
                fitting.append((b, fitted[0], fitted[1], False))
        if fitting:
            return fitting
        width = self.width(index)
        shrinkable = [b for b in ends if self.min_natural(a, b) <= width + EPS]
        if shrinkable:
            b = shrinkable[-1]
            return [(b, lb.RESCUE_LOOSE * (1.0 + max(0.0, width - self.natural(a, b))), False, True)]
        b = ends[0]
        return [(b, lb.RESCUE_OVERFULL * (1.0 + self.min_natural(a, b) - width), False, True)]

    def orphan(self, a: int) -> bool:
        weight = sum(box.weight for box in self.items.boxes[a:])
        return self.options.avoid_orphans and a > 0 and weight <= 1.5

    def all_breakings(self) -> Iterator[tuple[float, list[tuple[int, int, bool]], bool]]:
        """Every breaking: (total demerits, lines as (start, end, hangs), failed) —
        failed: it needs a rescue line, or its last line is a 孤字."""

        def walk(a: int, index: int, heavy_before: bool, total: float, lines: list, rescued: bool):
            if a == self.n:
                yield total, lines, rescued or self.orphan(lines[-1][0])
                return
            for b, badness, hangs, rescue in self.lines_from(a, index):
                demerits = (1.0 + badness) ** 2 + self.cost(b) ** 2
                heavy = rescue or badness > lb.HEAVY
                if not rescue:
                    if heavy and heavy_before:
                        demerits += lb.ADJACENT_HEAVY
                    if b == self.n and self.orphan(a):
                        demerits += lb.ORPHAN
                yield from walk(b, index + 1, heavy, total + demerits, [*lines, (a, b, hangs)],
                                rescued or rescue)

        yield from walk(0, 0, False, 0.0, [], False)


def breakings(items: Items, options: lb.BreakOptions) -> tuple[list, float]:
    """Every breaking (as :meth:`Reference.all_breakings`) in the pass the breaker ends
    in, and that pass's tolerance: the strict pass, or the loose one if the strict
    pass's best breaking needs a rescue line or ends in a 孤字 (TeX's second pass);
    looseness searches the loose pass only."""
    passes = lb.TOLERANCES if options.looseness == 0 else lb.TOLERANCES[-1:]
    for tolerance in passes:
        every = list(Reference(items, options, tolerance).all_breakings())
        if not min(every, key=lambda e: e[0])[2]:
            break
    return every, tolerance


def wanted(every: list, looseness: int) -> list:
    """The breakings the breaker may return: the least demerits (within rounding) —
    among those whose line count is nearest the best count + ``looseness``."""
    best = min(e[0] for e in every)
    if looseness:
        counts = {len(e[1]) for e in every if close(e[0], best)}
        assert len(counts) == 1, "a tie between line counts: the example is ambiguous"
        target = counts.pop() + looseness
        distance = min(abs(len(e[1]) - target) for e in every)
        every = [e for e in every if abs(len(e[1]) - target) == distance]
        best = min(e[0] for e in every)
    return [e for e in every if close(e[0], best)]


def close(x: float, y: float) -> bool:
    """Equal but for the order the demerits were added in."""
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
