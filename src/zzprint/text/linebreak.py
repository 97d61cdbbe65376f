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
  (docs/typesetting.md §5: "natural < shrink < push-out + stretch"). Stretching inter-character gaps
  adds TeX's cubic term in the per-gap amount, so looseness is spread over lines.
* **Line-dependent widths.** A mark ending a line is set ½ em and an opening mark
  starting one loses its left ½; such widths are TeX's discretionary pre-/post-break
  material and enter as corrections at the two break positions (see ``items``).

Extra demerits: a 孤字 last line [CL-ORPH]; two heavily adjusted lines in a row (TeX's
adjacent demerits, reduced to two fitness classes); a hanging mark. A state is (break
position, line number capped at the length of the measure list, last line heavy?), so
a measure sequence is exact. Prefix sums make each candidate line O(1), and bisection
on monotone prefix sums limits candidates to lines that can fit (TeX's active list: a
break too far back to reach the line's end even fully stretched is never tried); a
state with no feasible line gets a rescue line (over-loose or overfull), so a path
always exists. Looseness needs the line count in the state; the breaks with the wanted
count are then found by a bounded search (``_Search.run_loose``), so the work stays
linear in the paragraph: a few states per break, not one per line count.
"""

from __future__ import annotations

from array import array
from math import sqrt
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, repeat
from operator import add, eq, is_not, lt, mul, sub
from collections.abc import Callable, Iterable
from typing import NamedTuple

from .items import INF, Adjust, Box, Glue, Items, Shrink, Stretch

EPS = 1e-9
GAP_REFERENCE = 0.25  # em of extra per inter-character gap at ratio 1
TOLERANCES = (0.125, 0.5)  # most extra em per gap, first and second pass; beyond: rescue
# The night desk's limit on letter-spacing (docs/typesetting.md §12): a line whose gaps
# between characters take more than this costs OVER_LIMIT demerits more, so the breaker
# takes any other breaking first — a 孤字 (ORPHAN) or a rescue line aside.
LETTER_SPACING_LIMIT = 0.25
OVER_LIMIT = 5e5
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
# Looseness (``_Search.run_loose``): the first guess at how much more than the best
# breaking a breaking with one line more or fewer costs, and how fast the guess grows
# when no path with the wanted count is within it; past MAX_MARGIN, no bound at all.
FIRST_MARGIN = 1024.0
MARGIN_GROWTH = 2.0
SLOPES = (-2048.0, -256.0, 256.0, 2048.0)  # demerits per line for the Lagrangian bounds
# Below this many clusters the unbounded search (a state per line count) is quicker.
BOUNDED_FROM = 400
MAX_MARGIN = 1e18
_LEVELS = tuple(range(Shrink.WORD_SPACE, Shrink.FULL_STOP + 1))
_FIRST = int(Shrink.WORD_SPACE)


class BreakOptions(NamedTuple):
    """What the breaker needs besides the items."""

    measures: tuple[float, ...]  # line i is measures[min(i, len - 1)] em wide
    indent: float = 0.0  # first-line indent, em
    last_line: str = "start"  # "justify" stretches the last line too
    avoid_orphans: bool = True  # 孤字 demerits
    looseness: int = 0  # TeX's \looseness: lines to gain (+) or lose (−), if possible


class LineBreak(NamedTuple):
    """One line chosen by the breaker."""

    start: int
    end: int
    hang: bool = False  # the last mark hangs past the edge


class Breaks(list):
    """The lines chosen (a list of :class:`LineBreak`), and what finding them took.

    ``states``: search states (break position, line count, heavy) whose lines were
    tried, all passes together — TeX's active breakpoints, one per line class;
    ``lines_tried``: candidate lines measured. Both grow with the paragraph's length,
    not its square: the growth tests and ``bench/long_paragraph.py`` read them.
    """

    states: int = 0
    lines_tried: int = 0


def break_lines(items: Items, options: BreakOptions) -> Breaks:
    """Total-fit breaks of one paragraph (see module docstring)."""
    if len(items) == 0:
        return Breaks([LineBreak(0, 0)])
    metrics = Metrics(items, options.indent)
    states = tried = 0
    # TeX's two passes: strict first, looser if it must; looseness needs the loose pass.
    for tolerance in TOLERANCES if options.looseness == 0 else TOLERANCES[-1:]:
        search = _Search(metrics, options, tolerance)
        breaks, rescued = search.run() if options.looseness == 0 else search.run_loose()
        states += search.states
        tried += search.tried[0]
        if not rescued:
            break
    out = Breaks(breaks)
    out.states, out.lines_tried = states, tried
    return out


def _relax(best: list, fits: list[tuple], a: int, key: int, demerits: float, next_key: int, orphan_end: int) -> None:
    """Extend the state ``key`` at break ``a`` (its ``demerits`` so far) by each line of
    ``fits``: the state the line ends in at ``b`` keeps the cheapest way to it.  ``next_key``:
    the key's line count after the line (×2; + 1 for a heavy line); ``orphan_end``: the end
    whose last line would be a 孤字 (-1: none)."""
    heavy_before = key & 1
    for b, line_demerits, cost_demerits, heavy, hang, badness in fits:
        total = demerits + line_demerits + cost_demerits
        if heavy and heavy_before:
            total += ADJACENT_HEAVY  # avoid runs of heavily adjusted lines
        if b == orphan_end:
            total += ORPHAN
        states_b = best[b]
        if states_b is None:
            states_b = best[b] = {}
        new_key = next_key + heavy
        old = states_b.get(new_key)
        if old is None or total < old[0]:
            states_b[new_key] = (total, a, key, hang, badness)


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

    Built once per paragraph and read in the breaker's inner loop, so it is built from
    columns: ``zip(*boxes)`` turns the boxes into one tuple per field in C (cheaper than
    a comprehension per field once more than four fields are read), then comprehensions
    or ``map`` over the columns and C-level prefix sums; arrays that would be all zeros
    (no Latin, no push-in at a level) are flagged so the search can skip them.
    """

    def __init__(self, items: Items, indent: float, *, natural_only: bool = False) -> None:
        """``natural_only``: only what :meth:`natural` and ``W`` need (the headline breaker)."""
        boxes, glues = items.boxes, items.glues
        n = self.n = len(boxes)
        box = _columns(boxes, Box._fields)
        glue = _columns(glues, Glue._fields)
        # The same operations in the same order as ``b.width + g`` (box width, then the
        # glue before it).
        glue_before = [0.0, *glue["natural"]]
        self.T = _prefix([a - l - r + g for a, l, r, g in zip(box["advance"], box["lcut"], box["rcut"], glue_before)])
        start_nat = list(map(add, box["start_cut"], glue_before))
        start_nat.append(0.0)
        start_nat[0] -= indent  # the indent is part of the first line
        self.start_nat = start_nat
        self.end_nat = [0.0, *box["end_cut"]]
        self.W = _prefix(map(float, box["weight"]))
        if natural_only:
            return
        self._shrink_sums(items, box["lshrink"], box["rshrink"], glue["shrink"])
        # Stretch at WORD_SPACE / CJK_LATIN: only glues with a stretch tuple (rare).
        stretches = glue["stretch"]
        self.G1 = self.G2 = zeros = [0.0] * n if n else [0.0]
        self.has_g1 = self.has_g2 = False
        if any(stretches):
            stretchy = [(j, st) for j, st in enumerate(stretches) if st]
            for level in (Stretch.WORD_SPACE, Stretch.CJK_LATIN):
                col = [0.0] * len(glues)
                for j, stretch in stretchy:
                    col[j] = _stretch_at(stretch, level)
                if any(col):
                    if level == Stretch.WORD_SPACE:
                        self.G1, self.has_g1 = _prefix(col), True
                    else:
                        self.G2, self.has_g2 = _prefix(col), True
        # Level-GAP stretch: gaps that take any amount (Han–Han …) and capped gaps
        # (CJK–Latin, at most ``gap_cap`` each); one cap per paragraph (one setting).
        # Flags are bools: a prefix sum adds ``gap * (cap == INF)`` (0 or 1) to a float,
        # the same as adding its float.
        gaps, caps = glue["gap"], glue["gap_cap"]
        lowest = min(compress(caps, gaps), default=INF)  # the cap of a capped gap, if any
        self.has_g3c = lowest < INF
        if self.has_g3c:
            self.G3 = _prefix(map(mul, gaps, map(eq, caps, repeat(INF))))
            self.G3C = _prefix(map(mul, gaps, map(lt, caps, repeat(INF))))
            self.gap_cap = lowest  # the least cap of a gap, and some gap's cap is finite
        else:  # every gap takes any amount: gap and cap == INF is gap
            self.G3 = _prefix(gaps)
            self.G3C = zeros
            self.gap_cap = 0.0  # min((), default=0.0)
        self.GL = _prefix(glue["loose"])
        self.hang = [0.0, *box["hang"]]  # hang[b]: last box of a line ending at b
        self.costs = [0.0, *items.costs, 0.0]  # costs[b]: break cost at position b
        # Push-in totals, summed over the levels in level order (all-zero levels add
        # exactly nothing, so only the used ones are summed).
        # What a line edge removes is zero but at a few places: there ``nat - sum(…)``,
        # elsewhere ``nat - 0.0``, which is ``nat``.
        used = self.shrink_levels
        if not used:
            self.Q = list(self.T)
        else:
            # ``t - sum(qs)`` level by level, one column at a time: sum() adds to 0 in the
            # same order, and 0 + q is q (a prefix sum from 0.0 is never -0.0).
            pushed = used[0][0]
            for sums, *_ in used[1:]:
                pushed = list(map(add, pushed, sums))
            self.Q = list(map(sub, self.T, pushed))
        self.start_q = start_q = list(start_nat)
        for i in self._start_at:
            start_q[i] = start_nat[i] - sum([u[1][i] for u in used])
        self.end_q = end_q = list(self.end_nat)
        for i in self._end_at:
            end_q[i] = self.end_nat[i] - sum([u[2][i] for u in used])
        self.max_end_q = max(map(add, end_q, self.hang))

    def _shrink_sums(self, items: Items, lshrink: tuple, rshrink: tuple, glue_shrink: tuple) -> None:
        """Per push-in level: prefix sums and what a line edge removes.

        ``shrink_levels``: (prefix sums, removed at a line start, removed at a line end,
        badness weight) for each level that has any push-in, in level order.
        """
        boxes, glues = items.boxes, items.glues
        n = len(boxes)
        # Boxes with push-in, and boxes after a glue with push-in.
        places = {
            *compress(range(n), map(is_not, lshrink, repeat(None))),
            *compress(range(n), map(is_not, rshrink, repeat(None))),
            *compress(range(1, n), map(is_not, glue_shrink, repeat(None))),  # the glue before box j + 1
        }
        cols: dict[int, list[float]] = {}
        start: dict[int, list[float]] = {}
        end: dict[int, list[float]] = {}
        start_at, end_at = set(), set()
        for i in sorted(places):
            box = boxes[i]
            adj = box.lshrink
            if adj is not None:
                k = adj.level - _FIRST
                col = cols.get(k) or cols.setdefault(k, [0.0] * n)
                col[i] += adj.amount
                if box.start_cut > 0:  # the blank is already gone at a line start
                    col = start.get(k) or start.setdefault(k, [0.0] * (n + 1))
                    col[i] += adj.amount
                    start_at.add(i)
            adj = box.rshrink
            if adj is not None:
                k = adj.level - _FIRST
                col = cols.get(k) or cols.setdefault(k, [0.0] * n)
                col[i] += adj.amount
                if box.end_cut > 0:  # the blank is already gone at a line end
                    col = end.get(k) or end.setdefault(k, [0.0] * (n + 1))
                    col[i + 1] += adj.amount
                    end_at.add(i + 1)
            adj = glues[i - 1].shrink if i else None
            if adj is not None:  # counted with box i, dropped if a line starts at i
                k = adj.level - _FIRST
                col = cols.get(k) or cols.setdefault(k, [0.0] * n)
                col[i] += adj.amount
                col = start.get(k) or start.setdefault(k, [0.0] * (n + 1))
                col[i] += adj.amount
                start_at.add(i)
        self._start_at, self._end_at = start_at, end_at
        zeros = [0.0] * (n + 1)
        self.shrink_levels = [
            (_prefix(cols[k]), start.get(k, zeros), end.get(k, zeros), SHRINK_WEIGHT[k])
            for k in sorted(cols)
        ]

    def window(self, tolerance: float) -> list[float]:
        """Monotone prefix sums bounding a line's fully stretched width from above."""
        if not (self.has_g1 or self.has_g2 or self.has_g3c):
            # G1, G2, G3C all zero: 0.0 + 0.0 + x + 0.0 * 0.0 is x (x >= 0).
            stretch = map(mul, repeat(tolerance), map(add, self.G3, self.GL))
            return list(map(add, self.T, [0.0, *stretch]))
        capped = min(tolerance, self.gap_cap)
        # g1 + g2 + tolerance * (g3 + gl) + capped * g3c, column by column in C (the
        # arrays are all one length: prefix sums over the glues).
        stretch = map(
            add,
            map(add, map(add, self.G1, self.G2), map(mul, repeat(tolerance), map(add, self.G3, self.GL))),
            map(mul, repeat(capped), self.G3C),
        )
        return list(map(add, self.T, [0.0, *stretch]))

    def natural(self, a: int, b: int) -> float:
        return self.T[b] - self.T[a] - self.start_nat[a] - self.end_nat[b]

    def min_natural(self, a: int, b: int) -> float:
        return self.Q[b] - self.Q[a] - self.start_q[a] - self.end_q[b]


def _columns(rows: tuple, fields: tuple[str, ...]) -> dict[str, tuple]:
    """One tuple per field of ``rows`` (NamedTuples), by field name."""
    if not rows:
        return {name: () for name in fields}
    return dict(zip(fields, zip(*rows), strict=True))


def _stretch_at(stretch: tuple[Adjust, ...], level: int) -> float:
    if not stretch:
        return 0.0
    return sum(adj.amount for adj in stretch if adj.level == level)


_LOOSEST = TOLERANCES[-1] + EPS
_OVER_LIMIT = LETTER_SPACING_LIMIT + EPS


def over_limit(badness: float) -> float:
    """The badness whose demerits are ``badness``'s plus OVER_LIMIT: (1 + b')² = (1 + b)² + D."""
    return sqrt((1.0 + badness) ** 2 + OVER_LIMIT) - 1.0


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
        costs = metrics.costs
        self.allowed = [b for b in range(1, n + 1) if costs[b] < INF or b == n]
        Q = metrics.Q
        self.q_allowed = list(map(Q.__getitem__, self.allowed))
        self.R = R = metrics.window(tolerance)
        self.r_allowed = list(map(R.__getitem__, self.allowed))
        self._stretch = self._stretcher()
        self._shrink = self._shrinker()
        self.states = 0  # states whose lines were tried
        self.tried = [0]  # candidate lines measured (a cell: the fits closure adds to it)

    def run(self) -> tuple[list[LineBreak], bool]:
        """Best breaks, and whether the pass failed (a rescue line or a 孤字)."""
        m = self.m
        n = m.n
        best: list[dict[int, _Node] | None] = [None] * (n + 1)
        best[0] = {0: (0.0, -1, -1, False, 0.0)}
        widths = self.widths
        last_width = len(widths) - 1
        max_line = self.max_line
        W = m.W
        orphans = self.options.avoid_orphans
        fits_of = self._fits_function()
        # allowed[first] is the first break after start position a.
        for first, a in enumerate([0, *self.allowed[:-1]]):
            states = best[a]
            if not states:
                continue
            self.states += len(states)
            orphan = orphans and a > 0 and W[n] - W[a] <= 1.5  # a last line [a, n) is a 孤字
            # The lines from ``a`` depend on the key only through its measure: fit them
            # once per measure, then relax every state at ``a``.
            fits: list[tuple] | None
            if last_width:
                fitted: dict[int, list] = {}
            else:  # one measure for every line (nearly every paragraph)
                fits = fits_of(a, first, widths[0])
                index = 0
            # Lines end after ``a`` (rescue lines too): ``states`` is not changed meanwhile.
            for key, node in states.items():
                line = key >> 1
                if last_width:
                    index = min(line, last_width)
                    fits = fitted.get(index)
                    if fits is None:
                        fits = fitted[index] = fits_of(a, first, widths[index])
                if not fits:
                    self._rescue(best, a, first, key, node[0], widths[index])
                    continue
                next_key = (line + 1 if line < max_line else max_line) * 2
                _relax(best, fits, a, key, node[0], next_key, n if orphan else -1)
        return self._trace(best)

    def run_loose(self) -> tuple[list[LineBreak], bool]:
        """Looseness: the best breaks whose line count is nearest the best count +
        ``looseness``, exactly as :meth:`run` finds them, in time linear in the paragraph.

        :meth:`run` with looseness keeps one state per line count at each break, and the
        counts that reach a break spread with its distance from the start: quadratic
        time and memory (a 10 000-character paragraph had 100+ states per break). Here
        a state at the last measure is not extended (TeX would deactivate it) when

        * the wanted count cannot be reached from it (``fewest``/``most`` lines to the
          end), or
        * its demerits plus a lower bound on the demerits still to come exceed
          ``bound``. The bounds (:meth:`_to_go`): the cheapest way to the end whatever
          the count, and Lagrangian ones that charge a state whose count is far from
          the wanted one for the lines it must still gain or lose.

        A first pass with ``bound`` = the best breaking's demerits finds its line count
        (and so the wanted one) with little more than the best path's states. Every path
        whose demerits are within ``bound`` keeps all its states, so once the best path
        with the wanted count is within ``bound`` it is exact; until then the bound grows
        (never past a path with the count already found) and the search runs again: a
        bound too low costs a pass, never the answer. A count inside the attainable range
        that no path has (rare) ends in the unbounded search, which decides as before.
        """
        n = self.m.n
        if n < BOUNDED_FROM:
            return self.run()
        starts = [0, *self.allowed[:-1]]
        fits_of = self._fits_function()
        lines_last, special, fewest, most = self._lines_last(starts, fits_of)
        first_lines: dict[tuple[int, int], list] = {}  # lines at measures before the last
        rests = [(0.0, *self._to_go(starts, lines_last, special, 0.0))]
        low, high, early = self._first_lines(fits_of, first_lines, fewest, most, rests[0][1:])
        optimum = early[0][0][0] if early else rests[0][1][0]  # the best breaking's demerits
        bound = optimum  # first pass: the best breaking alone, for its line count
        margin = FIRST_MARGIN
        target: int | None = None  # the line count sought, once the best one is known
        while bound < INF:
            best = None  # the last pass's states go before the next pass makes its own
            best = self._bounded(bound, target, starts, fits_of, lines_last, first_lines, rests, early,
                                 fewest, most)
            finals = best[n] or {}
            if target is None:
                if not finals:  # a measure list: the bound was too low
                    bound = optimum = optimum + margin
                    margin *= MARGIN_GROWTH
                    continue
                key = min(finals, key=lambda k: finals[k][0])
                if not _within(finals[key][0], bound):  # a real path: the next pass finds the best
                    bound = finals[key][0]
                    continue
                optimum = finals[key][0]
                # The nearest attainable count: beyond the range, its end.
                target = min(max((key >> 1) + self.options.looseness, low), high)
                if target == key >> 1:
                    return self._path(best, key)
                # What a state's count costs the lines after it (Lagrangian bounds).
                rests += [(lam, *self._to_go(starts, lines_last, special, lam)) for lam in SLOPES]
                bound = optimum + margin
                continue
            matches = [k for k in finals if k >> 1 == target]
            if matches:
                key = min(matches, key=lambda k: finals[k][0])
                if _within(finals[key][0], bound):
                    return self._path(best, key)
            # Widen the bound, never past a real path with the count (the next pass is exact).
            margin *= MARGIN_GROWTH
            bound = optimum + margin if margin < MAX_MARGIN else INF
            if matches:
                bound = min(bound, finals[key][0])
        return self.run()

    def _lines_last(self, starts: list[int], fits_of: Callable) -> tuple[list, dict, array, array]:
        """From each start, at the last measure: the lines that fit, or the rescue line
        as ``(end, badness)`` when none does; the starts whose lines :meth:`_to_go` must
        read otherwise (a rescue line: ``(end, demerits, 2)``; a last line that is a
        孤字: its lines as ``(end, demerits, kind)``); and the fewest and most lines to
        the end (one pass from the end, so each start reads finished values). Kinds of
        line: 0 light, 1 heavy, 2 rescue (heavy, never charged adjacency)."""
        m = self.m
        n = m.n
        width = self.widths[-1]
        fewest = array("l", bytes(8 * (n + 1)))
        most = array("l", bytes(8 * (n + 1)))
        lines: list = [None] * len(starts)
        special: dict[int, list] = {}
        for first in range(len(starts) - 1, -1, -1):
            a = starts[first]
            fits = fits_of(a, first, width)
            if fits:
                lines[first] = fits
                if self._orphan(a) and fits[-1][0] == n:
                    special[first] = [(f[0], f[1] + f[2] + (ORPHAN if f[0] == n else 0.0), f[3]) for f in fits]
                lo = min([fewest[f[0]] for f in fits])
                hi = max([most[f[0]] for f in fits])
            else:
                b, badness = lines[first] = self._rescue_line(a, first, width)
                special[first] = [(b, self._rescue_cost(b, badness), 2)]
                lo, hi = fewest[b], most[b]
            fewest[a], most[a] = lo + 1, hi + 1
        return lines, special, fewest, most

    def _to_go(self, starts: list[int], lines: list, special: dict, lam: float) -> tuple[array, array]:
        """Least demerits + ``lam`` per line from each start to the end at the last
        measure, whatever the count, after a light line and after a heavy one.

        ``lam`` = 0: a lower bound on what any path still costs. Otherwise, for a path
        that must still set r lines, ``to_go − lam × r`` is one too (Lagrange), and it
        grows as r moves away from the count the lines would take of themselves."""
        n = self.m.n
        light, heavy = array("d", bytes(8 * (n + 1))), array("d", bytes(8 * (n + 1)))
        after = (light, heavy, heavy)  # by kind of line: light, heavy, rescue
        for first in range(len(starts) - 1, -1, -1):
            after_light = after_heavy = INF
            if first in special:
                for b, cost, kind in special[first]:
                    value = cost + lam + after[kind][b]
                    after_light = min(after_light, value)
                    after_heavy = min(after_heavy, value + ADJACENT_HEAVY if kind == 1 else value)
            else:
                for b, line_demerits, cost_demerits, kind, _, _ in lines[first]:
                    value = line_demerits + cost_demerits + lam + after[kind][b]
                    if value < after_light:
                        after_light = value
                    if kind:
                        value += ADJACENT_HEAVY
                    if value < after_heavy:
                        after_heavy = value
            a = starts[first]
            light[a] = after_light
            heavy[a] = after_heavy
        return light, heavy

    def _edges(self, a: int, first: int, index: int, fits_of: Callable, first_lines: dict) -> list:
        """The lines from ``a`` at measure ``index`` (before the last) as :meth:`_to_go`
        reads them: (end, demerits, kind)."""
        fits = first_lines.get((first, index))
        if fits is None:
            fits = first_lines[first, index] = fits_of(a, first, self.widths[index])
        if not fits:
            b, badness = self._rescue_line(a, first, self.widths[index])
            return [(b, self._rescue_cost(b, badness), 2)]
        orphan_end = self.m.n if self._orphan(a) else -1
        return [(b, d + c + (ORPHAN if b == orphan_end else 0.0), h) for b, d, c, h, *_ in fits]

    def _first_lines(
        self, fits_of: Callable, first_lines: dict, fewest: array, most: array, rest: tuple
    ) -> tuple[int, int, list[dict[int, tuple[float, float]]]]:
        """Fewest and most lines any breaking has, and for the lines before the last
        measure (a measure list), the least demerits to the end from each place a line
        may start there, after a light and after a heavy line (``early[index][a]``).

        Every count between the fewest and the most is nearly always possible too;
        :meth:`run_loose` copes when one is not."""
        last = len(self.widths) - 1
        if last == 0:
            return fewest[0], most[0], []
        # The first ``last`` lines have their own measures: walk them forwards, then
        # count back from where the last measure starts.
        n, allowed = self.m.n, self.allowed
        first_of = {0: 0, **{b: i + 1 for i, b in enumerate(allowed[:-1])}}
        layers: list[list[int]] = []
        layer = [0]
        for index in range(last):
            layers.append(layer)
            ahead = {b for a in layer for b, *_ in self._edges(a, first_of[a], index, fits_of, first_lines)}
            ahead.discard(n)
            layer = sorted(ahead)
        lo = {a: fewest[a] for a in layer}
        hi = {a: most[a] for a in layer}
        light, heavy = rest
        after = {a: (light[a], heavy[a]) for a in layer}
        early: list[dict[int, tuple[float, float]]] = [{}] * last
        for index in range(last - 1, -1, -1):
            lo_at, hi_at, after_at = {}, {}, {}
            for a in layers[index]:
                edges = self._edges(a, first_of[a], index, fits_of, first_lines)
                lo_at[a] = 1 + min([0 if b == n else lo[b] for b, *_ in edges])
                hi_at[a] = 1 + max([0 if b == n else hi[b] for b, *_ in edges])
                after_light = after_heavy = INF
                for b, cost, kind in edges:
                    value = cost + (0.0 if b == n else after[b][kind > 0])
                    after_light = min(after_light, value)
                    after_heavy = min(after_heavy, value + ADJACENT_HEAVY if kind == 1 else value)
                after_at[a] = (after_light, after_heavy)
            lo, hi, after = lo_at, hi_at, after_at
            early[index] = after
        return lo[0], hi[0], early

    def _bounded(
        self,
        bound: float,
        target: int | None,
        starts: list[int],
        fits_of: Callable,
        lines_last: list,
        first_lines: dict,
        rests: list[tuple[float, array, array]],
        early: list[dict[int, tuple[float, float]]],
        fewest: array,
        most: array,
    ) -> list:
        """:meth:`run`'s programme with line counts in the keys, extending only the
        states that can still be on a path within ``bound`` with ``target`` lines (None:
        any count). The relaxations kept are made in :meth:`run`'s order."""
        m = self.m
        n = m.n
        best: list[dict[int, _Node] | None] = [None] * (n + 1)
        best[0] = {0: (0.0, -1, -1, False, 0.0)}
        widths = self.widths
        last = len(widths) - 1
        W = m.W
        orphans = self.options.avoid_orphans
        limit = bound + 2 * _slack(bound)  # twice what a pass accepts (``_within``)
        expanded = 0
        _, light, heavy_ = rests[0]
        slopes = rests[1:] if target is not None else []
        for first, a in enumerate(starts):
            states = best[a]
            if not states:
                continue
            orphan = orphans and a > 0 and W[n] - W[a] <= 1.5  # a last line [a, n) is a 孤字
            ahead = (light[a], heavy_[a])
            if target is not None:  # line counts at ``a`` from which ``target`` is reachable
                lo, hi = target - most[a], target - fewest[a]
            for key, node in states.items():
                line = key >> 1
                demerits = node[0]
                if line >= last:
                    if demerits + ahead[key & 1] > limit:
                        continue
                    if target is not None:
                        if not lo <= line <= hi:
                            continue
                        to_come = target - line  # lines still to set
                        exceeded = False
                        for lam, after_light, after_heavy in slopes:
                            to_go = (after_heavy[a] if key & 1 else after_light[a]) - lam * to_come
                            if demerits + to_go > limit:
                                exceeded = True
                                break
                        if exceeded:
                            continue
                    fits = lines_last[first]
                    width = widths[last]
                    if type(fits) is tuple:  # the rescue line
                        fits = []
                else:  # before the last measure: its own demerits to go
                    if demerits + early[line][a][key & 1] > limit:
                        continue
                    width = widths[line]
                    fits = first_lines.get((first, line))
                    if fits is None:
                        fits = first_lines[first, line] = fits_of(a, first, width)
                expanded += 1
                if not fits:
                    self._rescue(best, a, first, key, demerits, width)
                    continue
                # looseness: every count is its own state
                _relax(best, fits, a, key, demerits, (line + 1) * 2, n if orphan else -1)
        self.states += expanded
        return best

    def _fits_function(self) -> Callable[[int, int, float], list[tuple]]:
        """``fits(a, first, width)``: every line from ``a`` that fits ``width``, as (end,
        (1 + badness)², cost², heavy, hang, badness). The hot loop: kept flat on purpose,
        with every array a local of the closure."""
        m = self.m
        T, end_nat, start_nat, n = m.T, m.end_nat, m.start_nat, m.n
        Q, start_q, max_end_q = m.Q, m.start_q, m.max_end_q
        R, allowed, q_allowed, r_allowed = self.R, self.allowed, self.q_allowed, self.r_allowed
        n_allowed = len(allowed)
        hangs = m.hang
        squares = [cost**2 for cost in m.costs]  # each line's cost², squared once per break
        stretch, shrink, fit = self._stretch, self._shrink, self._fit
        ragged_last = not self.justify_last
        tried = self.tried

        def fits(a: int, first: int, width: float) -> list[tuple]:
            origin = T[a] + start_nat[a]
            # Allowed ends b whose line can possibly reach ``width`` (bisection on bounds).
            upper = width + Q[a] + start_q[a] + max_end_q + EPS
            lower = width + R[a] + start_nat[a] - EPS
            hi = bisect_right(q_allowed, upper, first)
            lo = bisect_left(r_allowed, lower, first, hi)
            candidates = (n,) if hi == n_allowed and lo == hi else allowed[lo:hi]
            tried[0] += len(candidates)
            out = []
            for b in candidates:
                slack = width - (T[b] - origin - end_nat[b])
                if -EPS < slack < EPS:  # the common case: a full line, nothing to adjust
                    out.append((b, 1.0, squares[b], False, False, 0.0))
                    continue
                # Badness of line [a, b) and whether its last mark hangs; skip: cannot fit.
                last = b == n
                badness: float | None
                if slack > EPS:  # self._fit, inlined
                    if last and ragged_last:
                        badness = 0.0  # a ragged last line is never stretched [CL-ALIGN]
                    else:
                        badness = stretch(a, b, slack)
                        if badness is None and last:
                            badness = LOOSE_BADNESS
                elif slack < -EPS:
                    badness = shrink(a, b, -slack)
                else:  # slack is ±EPS exactly
                    badness = 0.0
                hang = hangs[b]
                if hang > 0 and not last:
                    hung = fit(a, b, slack + hang, last)
                    if hung is not None and (badness is None or hung + HANG_BADNESS < badness):
                        badness = hung + HANG_BADNESS
                        out.append(
                            (b, (1.0 + badness) ** 2, squares[b], badness > HEAVY, True, badness)
                        )
                        continue
                if badness is None:
                    continue
                out.append((b, (1.0 + badness) ** 2, squares[b], badness > HEAVY, False, badness))
            return out

        return fits

    def _fit(self, a: int, b: int, slack: float, last: bool) -> float | None:
        if slack > EPS:
            if last and not self.justify_last:
                return 0.0  # a ragged last line is never stretched [CL-ALIGN]
            badness = self._stretch(a, b, slack)
            return badness if badness is not None or not last else LOOSE_BADNESS
        if slack < -EPS:
            return self._shrink(a, b, -slack)
        return 0.0

    def _stretcher(self) -> Callable[[int, int, float], float | None]:
        """``stretch(a, b, need)``: badness of stretching line [a, b) by ``need``, level
        by level [CL-ADJL] docs/typesetting.md §5 step 3; None beyond tolerance."""
        m = self.m
        has_g1, has_g2, has_g3c = m.has_g1, m.has_g2, m.has_g3c
        G1, G2, G3, G3C, GL, gap_cap = m.G1, m.G2, m.G3, m.G3C, m.GL, m.gap_cap
        limit = self.tolerance + EPS

        def stretch(a: int, b: int, need: float) -> float | None:
            badness = 0.0
            if has_g1:
                cap = G1[b - 1] - G1[a]
                if cap > EPS:
                    take = cap if cap < need else need
                    badness += take * WORD_SPACE_STRETCH
                    need -= take
            if has_g2:
                cap = G2[b - 1] - G2[a]
                if cap > EPS:
                    take = cap if cap < need else need
                    badness += take * CJK_LATIN_STRETCH
                    need -= take
            if need <= EPS:
                return badness
            free = G3[b - 1] - G3[a]
            capped = G3C[b - 1] - G3C[a] if has_g3c else 0.0
            if capped < 0.5:  # gap_extra with no capped gaps, inlined: most lines
                extra = need / free if free >= 0.5 else INF
            else:
                extra = gap_extra(need, free, capped, gap_cap)
            spaced = free >= 0.5  # the line has gaps between characters
            if extra > _LOOSEST:  # too few gaps: also space beside the marks
                free += GL[b - 1] - GL[a]
                extra = gap_extra(need, free, capped, gap_cap)
                badness += LOOSE_BADNESS
            if extra > limit:
                return None
            ratio = extra / GAP_REFERENCE
            badness += GAP_STRETCH * need + 100.0 * ratio**3
            return over_limit(badness) if spaced and extra > _OVER_LIMIT else badness

        return stretch

    def _shrinker(self) -> Callable[[int, int, float], float | None]:
        """``shrink(a, b, need)``: badness of pushing line [a, b) in by ``need``, level by
        level [CL-ADJL] docs/typesetting.md §5 step 1; None if it cannot be done."""
        levels = self.m.shrink_levels

        def shrink(a: int, b: int, need: float) -> float | None:
            badness = 0.0
            for col, start, end, weight in levels:
                cap = col[b] - col[a] - start[a] - end[b]
                if cap > EPS:
                    take = cap if cap < need else need
                    badness += take * weight
                    need -= take
                    if need <= EPS:
                        return badness
            return None

        return shrink

    def _rescue(
        self, best: list, a: int, first: int, key: int, demerits: float, width: float
    ) -> None:
        """No line from ``a`` fits: relax the state ``key`` at ``a`` by the rescue line."""
        m = self.m
        b, badness = self._rescue_line(a, first, width)
        total = demerits + (1.0 + badness) ** 2 + m.costs[b] ** 2
        new_key = min((key >> 1) + 1, self.max_line) * 2 + 1
        states = best[b]
        if states is None:
            states = best[b] = {}
        if new_key not in states or total < states[new_key][0]:
            states[new_key] = (total, a, key, False, badness)

    def _rescue_line(self, a: int, first: int, width: float) -> tuple[int, float]:
        """No line from ``a`` fits: the longest that fits pushed in, else the shortest;
        (end, badness)."""
        m = self.m
        idx = bisect_right(self.q_allowed, width + m.Q[a] + m.start_q[a] + m.max_end_q) - 1
        while idx >= first and m.min_natural(a, self.allowed[idx]) > width + EPS:
            idx -= 1
        if idx >= first:
            # The shorter the rescued line, the bigger its holes: prefer paths whose
            # rescue line is fuller (an all-URL line of 12 em, not one of 8).
            b = self.allowed[idx]
            return b, RESCUE_LOOSE * (1.0 + max(0.0, width - m.natural(a, b)))
        b = self.allowed[first]
        return b, RESCUE_OVERFULL * (1.0 + m.min_natural(a, b) - width)

    def _rescue_cost(self, b: int, badness: float) -> float:
        """A rescue line's demerits to ``b``: its badness and its end's cost, squared."""
        return (1.0 + badness) ** 2 + self.m.costs[b] ** 2

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
        return self._path(best, key)

    def _path(self, best: list, key: int) -> tuple[list[LineBreak], bool]:
        """Breaks of the path ending in state ``key`` at the paragraph's end; True if it
        needed a rescue line or kept a 孤字."""
        breaks: list[LineBreak] = []
        rescued = False
        b = self.m.n
        while b > 0:
            _, a, prev_key, hang, badness = best[b][key]
            rescued = rescued or badness >= RESCUE_LOOSE
            breaks.append(LineBreak(a, b, hang))
            b, key = a, prev_key
        return breaks[::-1], rescued or self._orphan(breaks[0].start)


def _slack(bound: float) -> float:
    """Rounding: a path's demerits summed in another order differ in the last bits."""
    return abs(bound) * 1e-9 + 1e-9


def _within(demerits: float, bound: float) -> bool:
    """A pass's answer is exact if within its bound; it pruned only states beyond
    twice the slack, so every path within the bound and the slack kept its states."""
    return demerits <= bound + _slack(bound)


# A DP state's best path: (demerits, previous break, previous key, hang, line badness).
_Node = tuple[float, int, int, bool, float]
