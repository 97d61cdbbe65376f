"""Items + measures → breaks: a total-fit line breaker for Chinese (Knuth–Plass style).

Input: :class:`~zzprint.text.items.Items` and :class:`BreakOptions` (measure per line,
first-line indent, last-line mode, orphan avoidance). Output: ``list[LineBreak]``, the
lines ``[start, end)`` in order, partitioning ``[0, n)``; never empty. Pure: no fonts.

Model. Knuth & Plass, "Breaking paragraphs into lines" (1981), as in TeX §§ 813–890
and bramstein/typeset: choose the breaks that minimise the paragraph's total demerits
``Σ (1 + badness)² + cost²`` (+ extra demerits), by dynamic programming over break
positions. Two things differ from TeX, both because Chinese justification is not a
single stretch/shrink ratio [CL-ADJL]:

* **Badness by priority.** Pushing in is tried level by level (line-end mark, word
  spaces, interpunct, brackets, ，、；, CJK–Latin gap, 。？！) and stretching likewise
  (word spaces, CJK–Latin gap, then every inter-character gap equally). A line's badness
  is the amount taken at each level times that level's weight; all push-in weights are
  below the stretch weights, so the optimum pushes in before it stretches or pushes out
  (docs §5: "natural < shrink < push-out + stretch"). Stretching inter-character gaps
  adds TeX's cubic term in the per-gap amount, so looseness is spread over lines.
* **Line-dependent widths.** A mark ending a line is set ½ em and an opening mark
  starting one loses its left ½; such widths are TeX's discretionary pre-/post-break
  material and enter as corrections at the two break positions (see ``items``).

Extra demerits: a 孤字 last line [CL-ORPH]; two heavily adjusted lines in a row (TeX's
adjacent demerits, reduced to two fitness classes); a hanging mark. A state is (break
position, line number capped at the length of the measure list, last line heavy?), so
a measure sequence is exact. Prefix sums make each candidate line O(1), and bisection
on monotone prefix sums limits candidates to lines that can fit; a state with no
feasible line gets a rescue line (over-loose or overfull), so a path always exists.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections.abc import Iterable
from dataclasses import dataclass

from .items import INF, Adjust, Items, Shrink, Stretch

EPS = 1e-9
GAP_REFERENCE = 0.25  # em of extra per inter-character gap at ratio 1
TOLERANCES = (0.125, 0.5)  # most extra em per gap, first and second pass; beyond: rescue
# Badness per em taken at each push-in level, Shrink.WORD_SPACE .. Shrink.FULL_STOP.
SHRINK_WEIGHT = (10.0, 15.0, 20.0, 25.0, 30.0, 40.0)
WORD_SPACE_STRETCH = 15.0  # per em
CJK_LATIN_STRETCH = 20.0  # per em
GAP_STRETCH = 45.0  # per em, plus the cubic term
LOOSE_BADNESS = 100.0  # a line stretched only beside marks or at word spaces beyond ½ em
HEAVY = 60.0  # badness above which a line is heavily adjusted
ADJACENT_HEAVY = 3000.0  # demerits for two heavy lines in a row
ORPHAN = 1e6  # demerits for a 孤字 last line
HANG_BADNESS = 5.0  # a hanging mark costs a little: hang only when it helps
RESCUE_LOOSE = 1e4  # badness of a line stretched past tolerance (no better break)
RESCUE_OVERFULL = 1e5  # badness of a line wider than the measure, per em over + 1
_LEVELS = tuple(range(Shrink.WORD_SPACE, Shrink.FULL_STOP + 1))
_FIRST = int(Shrink.WORD_SPACE)


@dataclass(frozen=True)
class BreakOptions:
    """What the breaker needs besides the items."""

    measures: tuple[float, ...]  # line i is measures[min(i, len - 1)] em wide
    indent: float = 0.0  # first-line indent, em
    last_line: str = "start"  # "justify" stretches the last line too
    avoid_orphans: bool = True  # 孤字 demerits
    looseness: int = 0  # TeX's \looseness: lines to gain (+) or lose (−), if possible


@dataclass(frozen=True)
class LineBreak:
    """One line chosen by the breaker."""

    start: int
    end: int
    hang: bool = False  # the last mark hangs past the edge


def break_lines(items: Items, options: BreakOptions) -> list[LineBreak]:
    """Total-fit breaks of one paragraph (see module docstring)."""
    if len(items) == 0:
        return [LineBreak(0, 0)]
    metrics = Metrics(items, options.indent)
    # TeX's two passes: strict first, looser if it must; looseness needs the loose pass.
    for tolerance in TOLERANCES if options.looseness == 0 else TOLERANCES[-1:]:
        breaks, rescued = _Search(metrics, options, tolerance).run()
        if not rescued:
            break
    return breaks


def gap_extra(need: float, free: float, capped: float, cap: float) -> float:
    """Extra em per uncapped gap when ``need`` is shared equally over the gaps [CL-EXP].

    ``free`` gaps take any amount; ``capped`` gaps (CJK–Latin, already stretched to ⅓ em)
    take at most ``cap`` each, so once they are full the rest falls on the free gaps
    alone. Returns ``INF`` when there is no room. Without this a line such as
    ``市GDP达到4,567.8亿`` looked fine to the breaker (need / 5 gaps) but was set with
    one 1.45-em hole between 达 and 到.
    """
    if capped < 0.5:
        return need / free if free >= 0.5 else INF
    if need <= (free + capped) * cap + EPS:
        return need / (free + capped)
    if free < 0.5:
        return INF
    return (need - capped * cap) / free


def uses_gaps_only(need: float, free: float, capped: float = 0.0, cap: float = 0.0) -> bool:
    """Stretch goes to inter-character gaps alone while they can take it within the
    loosest tolerance; past that, gaps beside marks and word spaces share it too."""
    return gap_extra(need, free, capped, cap) <= TOLERANCES[-1] + EPS


def _prefix(values: Iterable[float]) -> list[float]:
    return list(accumulate(values, initial=0.0))


class Metrics:
    """Prefix sums over the items, so that any line [a, b) costs O(1) to measure.

    Sums over ``T``-style arrays at index i cover boxes < i and glues < i - 1, so a line
    [a, b) is ``T[b] - T[a]`` minus the glue before ``a`` (the break glue) and the
    start/end corrections: ``start_*[a]`` and ``end_*[b]``. Glue-only sums (``G*``)
    cover glues < i, so a line's glues are ``G[b - 1] - G[a]``.
    """

    def __init__(self, items: Items, indent: float) -> None:
        boxes, glues = items.boxes, items.glues
        self.n = len(boxes)
        glue_before = [0.0] + [g.natural for g in glues]
        self.T = _prefix(b.width + g for b, g in zip(boxes, glue_before, strict=True))
        self.start_nat = [b.start_cut + g for b, g in zip(boxes, glue_before, strict=True)]
        self.start_nat.append(0.0)
        self.start_nat[0] -= indent  # the indent is part of the first line
        self.end_nat = [0.0] + [b.end_cut for b in boxes]
        self._shrink_sums(items)
        self.G1 = _prefix(_stretch_at(g.stretch, Stretch.WORD_SPACE) for g in glues)
        self.G2 = _prefix(_stretch_at(g.stretch, Stretch.CJK_LATIN) for g in glues)
        # Level-GAP stretch: gaps that take any amount (Han–Han …) and capped gaps
        # (CJK–Latin, at most ``gap_cap`` each); one cap per paragraph (one setting).
        self.G3 = _prefix(float(g.gap and g.gap_cap == INF) for g in glues)
        self.G3C = _prefix(float(g.gap and g.gap_cap < INF) for g in glues)
        self.gap_cap = min((g.gap_cap for g in glues if g.gap and g.gap_cap < INF), default=0.0)
        self.GL = _prefix(float(g.loose) for g in glues)
        self.W = _prefix(float(b.weight) for b in boxes)
        self.hang = [0.0] + [b.hang for b in boxes]  # hang[b]: last box of a line ending at b
        self.costs = [0.0, *items.costs, 0.0]  # costs[b]: break cost at position b
        shrink_total = [sum(col) for col in zip(*self.S, strict=True)]
        self.Q = [t - s for t, s in zip(self.T, shrink_total, strict=True)]
        self.start_q = [nat - sum(s) for nat, s in zip(self.start_nat, self.start_shr, strict=True)]
        self.end_q = [nat - sum(s) for nat, s in zip(self.end_nat, self.end_shr, strict=True)]
        self.max_end_q = max(e + h for e, h in zip(self.end_q, self.hang, strict=True))

    def _shrink_sums(self, items: Items) -> None:
        """Per push-in level: prefix sums ``S`` and what a line edge removes."""
        boxes, glues = items.boxes, items.glues
        n = len(boxes)
        cols = [[0.0] * n for _ in _LEVELS]
        start = [[0.0] * (n + 1) for _ in _LEVELS]
        end = [[0.0] * (n + 1) for _ in _LEVELS]
        for i, box in enumerate(boxes):
            adj = box.lshrink
            if adj is not None:
                cols[adj.level - _FIRST][i] += adj.amount
                if box.start_cut > 0:  # the blank is already gone at a line start
                    start[adj.level - _FIRST][i] += adj.amount
            adj = box.rshrink
            if adj is not None:
                cols[adj.level - _FIRST][i] += adj.amount
                if box.end_cut > 0:  # the blank is already gone at a line end
                    end[adj.level - _FIRST][i + 1] += adj.amount
            adj = glues[i - 1].shrink if i else None
            if adj is not None:  # counted with box i, dropped if a line starts at i
                cols[adj.level - _FIRST][i] += adj.amount
                start[adj.level - _FIRST][i] += adj.amount
        self.S = [_prefix(col) for col in cols]
        self.start_shr = list(zip(*start, strict=True))
        self.end_shr = list(zip(*end, strict=True))

    def window(self, tolerance: float) -> list[float]:
        """Monotone prefix sums bounding a line's fully stretched width from above."""
        capped = min(tolerance, self.gap_cap)
        stretch = [
            g1 + g2 + tolerance * (g3 + gl) + capped * g3c
            for g1, g2, g3, gl, g3c in zip(self.G1, self.G2, self.G3, self.GL, self.G3C, strict=True)
        ]
        return [t + s for t, s in zip(self.T, [0.0, *stretch], strict=False)]

    def natural(self, a: int, b: int) -> float:
        return self.T[b] - self.T[a] - self.start_nat[a] - self.end_nat[b]

    def min_natural(self, a: int, b: int) -> float:
        return self.Q[b] - self.Q[a] - self.start_q[a] - self.end_q[b]


def _stretch_at(stretch: tuple[Adjust, ...], level: int) -> float:
    if not stretch:
        return 0.0
    return sum(adj.amount for adj in stretch if adj.level == level)


class _Search:
    """The dynamic programme over (break position, line number, heavy) states."""

    def __init__(self, metrics: Metrics, options: BreakOptions, tolerance: float) -> None:
        self.m = metrics
        self.options = options
        self.tolerance = tolerance
        self.justify_last = options.last_line == "justify"
        self.widths = options.measures
        # State keys count lines: capped at the measure list unless looseness needs counts.
        self.max_line = len(self.widths) - 1 if options.looseness == 0 else metrics.n
        n = metrics.n
        self.allowed = [b for b in range(1, n + 1) if metrics.costs[b] < INF or b == n]
        self.q_allowed = [metrics.Q[b] for b in self.allowed]
        self.R = metrics.window(tolerance)
        self.r_allowed = [self.R[b] for b in self.allowed]

    def run(self) -> tuple[list[LineBreak], bool]:
        """Best breaks, and whether the pass failed (a rescue line or a 孤字)."""
        best: list[dict[int, _Node] | None] = [None] * (self.m.n + 1)
        best[0] = {0: (0.0, -1, -1, False, 0.0)}
        # allowed[first] is the first break after start position a.
        for first, a in enumerate([0, *self.allowed[:-1]]):
            states = best[a]
            if states:
                for key, node in list(states.items()):
                    self._expand(best, a, first, key, node[0])
        return self._trace(best)

    def _expand(self, best: list, a: int, first: int, key: int, demerits: float) -> None:
        """Relax every line from state (a, key). The hot loop: kept flat on purpose."""
        m = self.m
        width = self.widths[min(key >> 1, len(self.widths) - 1)]
        next_key = min((key >> 1) + 1, self.max_line) * 2
        T, end_nat, costs, n = m.T, m.end_nat, m.costs, m.n
        origin = T[a] + m.start_nat[a]
        found = False
        for b in self._candidates(a, first, width):
            slack = width - (T[b] - origin - end_nat[b])
            if -EPS < slack < EPS:  # the common case: a full line, nothing to adjust
                badness, hang = 0.0, False
            else:
                fit = self._line(a, b, slack)
                if fit is None:
                    continue
                badness, hang = fit
            found = True
            heavy = badness > HEAVY
            total = demerits + (1.0 + badness) ** 2 + costs[b] ** 2
            if heavy and key & 1:
                total += ADJACENT_HEAVY  # avoid runs of heavily adjusted lines
            if b == n and self._orphan(a):
                total += ORPHAN
            states = best[b]
            if states is None:
                states = best[b] = {}
            new_key = next_key + heavy
            old = states.get(new_key)
            if old is None or total < old[0]:
                states[new_key] = (total, a, key, hang, badness)
        if not found:
            self._rescue(best, a, first, key, demerits, width)

    def _candidates(self, a: int, first: int, width: float) -> list[int]:
        """Allowed ends b whose line can possibly reach ``width`` (bisection on bounds)."""
        m = self.m
        upper = width + m.Q[a] + m.start_q[a] + m.max_end_q + EPS
        lower = width + self.R[a] + m.start_nat[a] - EPS
        hi = bisect_right(self.q_allowed, upper, first)
        lo = bisect_left(self.r_allowed, lower, first, hi)
        if hi == len(self.allowed) and lo == hi:
            return [m.n]  # the rest fits: a short last line
        return self.allowed[lo:hi]

    def _line(self, a: int, b: int, slack: float) -> tuple[float, bool] | None:
        """Badness of line [a, b) and whether its last mark hangs; None: cannot fit."""
        last = b == self.m.n
        badness = self._fit(a, b, slack, last)
        hang = self.m.hang[b]
        if hang > 0 and not last:
            hung = self._fit(a, b, slack + hang, last)
            if hung is not None and (badness is None or hung + HANG_BADNESS < badness):
                return hung + HANG_BADNESS, True
        return None if badness is None else (badness, False)

    def _fit(self, a: int, b: int, slack: float, last: bool) -> float | None:
        if slack > EPS:
            if last and not self.justify_last:
                return 0.0  # a ragged last line is never stretched [CL-ALIGN]
            badness = self._stretch(a, b, slack)
            return badness if badness is not None or not last else LOOSE_BADNESS
        if slack < -EPS:
            return self._shrink(a, b, -slack)
        return 0.0

    def _shrink(self, a: int, b: int, need: float) -> float | None:
        """Push in level by level [CL-ADJL] §5 step 1; None if it cannot be done."""
        m = self.m
        start, end = m.start_shr[a], m.end_shr[b]
        badness = 0.0
        for k, col in enumerate(m.S):
            cap = col[b] - col[a] - start[k] - end[k]
            if cap > EPS:
                take = cap if cap < need else need
                badness += take * SHRINK_WEIGHT[k]
                need -= take
                if need <= EPS:
                    return badness
        return None

    def _stretch(self, a: int, b: int, need: float) -> float | None:
        """Stretch level by level [CL-ADJL] §5 step 3; None beyond tolerance."""
        m = self.m
        badness = 0.0
        for col, weight in ((m.G1, WORD_SPACE_STRETCH), (m.G2, CJK_LATIN_STRETCH)):
            cap = col[b - 1] - col[a]
            if cap > EPS:
                take = cap if cap < need else need
                badness += take * weight
                need -= take
        if need <= EPS:
            return badness
        free = m.G3[b - 1] - m.G3[a]
        capped = m.G3C[b - 1] - m.G3C[a]
        extra = gap_extra(need, free, capped, m.gap_cap)
        if extra > TOLERANCES[-1] + EPS:  # too few gaps: also space beside the marks
            free += m.GL[b - 1] - m.GL[a]
            extra = gap_extra(need, free, capped, m.gap_cap)
            badness += LOOSE_BADNESS
        if extra > self.tolerance + EPS:
            return None
        ratio = extra / GAP_REFERENCE
        return badness + GAP_STRETCH * need + 100.0 * ratio**3

    def _rescue(
        self, best: list, a: int, first: int, key: int, demerits: float, width: float
    ) -> None:
        """No line from ``a`` fits: take the longest that fits pushed in, else the shortest."""
        m = self.m
        idx = bisect_right(self.q_allowed, width + m.Q[a] + m.start_q[a] + m.max_end_q) - 1
        while idx >= first and m.min_natural(a, self.allowed[idx]) > width + EPS:
            idx -= 1
        if idx >= first:
            # The shorter the rescued line, the bigger its holes: prefer paths whose
            # rescue line is fuller (an all-URL line of 12 em, not one of 8).
            b = self.allowed[idx]
            badness = RESCUE_LOOSE * (1.0 + max(0.0, width - m.natural(a, b)))
        else:
            b = self.allowed[first]
            badness = RESCUE_OVERFULL * (1.0 + m.min_natural(a, b) - width)
        total = demerits + (1.0 + badness) ** 2 + m.costs[b] ** 2
        new_key = min((key >> 1) + 1, self.max_line) * 2 + 1
        states = best[b]
        if states is None:
            states = best[b] = {}
        if new_key not in states or total < states[new_key][0]:
            states[new_key] = (total, a, key, False, badness)

    def _orphan(self, a: int) -> bool:
        """Last line [a, n) is one character, or one character plus marks [CL-ORPH]."""
        m = self.m
        return self.options.avoid_orphans and a > 0 and m.W[m.n] - m.W[a] <= 1.5

    def _trace(self, best: list) -> tuple[list[LineBreak], bool]:
        """Breaks of the best path; True if it needed a rescue line or kept a 孤字."""
        states = best[self.m.n]
        key = min(states, key=lambda k: states[k][0])
        if self.options.looseness:  # the line count nearest best + looseness, then best
            target = (key >> 1) + self.options.looseness
            key = min(states, key=lambda k: (abs((k >> 1) - target), states[k][0]))
        breaks: list[LineBreak] = []
        rescued = False
        b = self.m.n
        while b > 0:
            _, a, prev_key, hang, badness = best[b][key]
            rescued = rescued or badness >= RESCUE_LOOSE
            breaks.append(LineBreak(a, b, hang))
            b, key = a, prev_key
        return breaks[::-1], rescued or self._orphan(breaks[0].start)


# A DP state's best path: (demerits, previous break, previous key, hang, line badness).
_Node = tuple[float, int, int, bool, float]
