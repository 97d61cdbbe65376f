"""Breaks → justified lines: glyph origins and adjustment statistics.

Input: :class:`Items`, one :class:`LineBreak` and its measure. Output: a :class:`Line`.

Justification follows clreq [CL-ADJL] (docs/typesetting.md §5): push in level by level (word spaces,
interpunct, bracket blanks, ，、；, CJK–Latin gap, 。？！), sharing each level equally
among its places [CL-RED]; or stretch word spaces to ½ em, CJK–Latin gaps to ⅓ em, then
every inter-character gap equally [CL-EXP] — never inside a unit, never beside CONNECT or
SOLIDUS, never against a mark's blank. A ragged last line is never stretched
[CL-ALIGN]. A glyph is drawn at its natural advance: removing the blank left of an
opening mark moves its origin left by that amount.
"""

from __future__ import annotations

from itertools import accumulate, combinations
from operator import sub

from .items import INF, Box, Glue, Items, Shrink, Stretch
from .linebreak import EPS, GAP_REFERENCE, LineBreak, uses_gaps_only
from .model import Line

_SHRINK_ORDER = tuple(range(Shrink.WORD_SPACE, Shrink.FULL_STOP + 1))


class _Work:
    """Mutable widths of one line while it is being justified."""

    __slots__ = ("boxes", "end_cut", "gaps", "glues", "lcut", "lead", "rcut", "start_cut", "widths")

    def __init__(
        self,
        boxes: tuple[Box, ...],
        glues: tuple[Glue, ...],
        lead: float,  # indent (first line) or centring offset
        lcut: list[float],
        rcut: list[float],
        gaps: list[float],
    ) -> None:
        self.boxes, self.glues, self.lead = boxes, glues, lead
        self.lcut, self.rcut, self.gaps = lcut, rcut, gaps
        self.start_cut = self.end_cut = False
        # Box widths (advance - lcut - rcut) as last measured; None once a cut changed.
        self.widths: list[float] | None = None

    def natural(self, hung: float) -> float:
        widths = [b.advance - l - r for b, l, r in zip(self.boxes, self.lcut, self.rcut)]
        self.widths = widths
        return self.lead + sum(widths) + sum(self.gaps) - hung


def set_line(
    items: Items,
    brk: LineBreak,
    width: float,
    *,
    first: bool,
    last: bool,
    indent: float,
    last_line: str,
    ragged: bool = False,
) -> Line:
    """Justify one line and place its glyphs (see module docstring).

    ``ragged`` sets the line at natural width whatever its place (headlines).
    """
    work = _edges(items, brk, indent if first else 0.0)
    hung = _hung_width(work) if brk.hang else 0.0
    natural = work.natural(hung)
    slack = width - natural
    shrink = stretch = gap_extra = overflow = offset = 0.0
    stretched = 0
    ratio = 0.0
    if slack < -EPS:
        shrink, capacity = _push_in(work, -slack)
        overflow = -slack - shrink if -slack - shrink > EPS else 0.0
        ratio = slack / capacity if capacity > EPS else float("-inf")
    elif slack > EPS and not ragged and (not last or last_line == "justify"):
        stretch, stretched, gap_extra, nominal = _stretch(work, slack)
        ratio = stretch / nominal if nominal > EPS else 0.0
    elif slack > EPS and last_line == "center":
        offset = slack / 2
        work.lead += offset
    xs, right = _origins(work, hung)
    return Line._make(  # every field, in field order
        start=brk.start,
        end=brk.end,
        x=xs,
        width=width,
        natural=natural,
        ratio=ratio,
        is_last=last,
        compressed=_compressed(work),
        shrink=shrink,
        stretch=stretch,
        stretched_gaps=stretched,
        gap_stretch=gap_extra,
        pushed_out=_pushed_out(items, brk, natural, width) if stretch > EPS else 0,
        hung=brk.end - 1 if brk.hang else None,
        overflow=overflow,
        offset=offset,
        right=right,
    )


def _edges(items: Items, brk: LineBreak, lead: float) -> _Work:
    """Widths with the line's edges applied: OPEN at start, mark ½ at end [CL-EDGE]."""
    boxes = items.boxes[brk.start : brk.end]
    glues = items.glues[brk.start : brk.end - 1]
    work = _Work(
        boxes, glues, lead, [b.lcut for b in boxes], [b.rcut for b in boxes], [g.natural for g in glues]
    )
    if boxes:
        work.start_cut = boxes[0].start_cut > 0
        work.end_cut = boxes[-1].end_cut > 0
        work.lcut[0] += boxes[0].start_cut
        work.rcut[-1] += boxes[-1].end_cut
    return work


def _hung_width(work: _Work) -> float:
    box = work.boxes[-1]
    return box.advance - work.lcut[-1] - work.rcut[-1]


def _push_in(work: _Work, need: float) -> tuple[float, float]:
    """Shrink level by level, equally within a level; return (taken, capacity).

    On the character grid first: when the line needs a whole number of ½ em and some
    choice of whole ½-em blanks puts every glyph back on a whole em (a pair such as
    ，“ pushed to 1 em, or two marks ½ each), that choice is taken, whatever the levels.
    Otherwise a level that must give a whole number of ½ em gives it as whole blanks,
    chosen to keep the most glyphs on the grid, rather than sharing fractions [CL-RED]
    that would put every later glyph off the grid.
    """
    slots = _shrink_slots(work)
    capacity = sum(cap for level in slots.values() for _, _, cap in level)
    halves = _halves(need)
    if halves:
        every = [p for level in _SHRINK_ORDER for p in slots.get(level, []) if p[0] != "g"]
        best = _best_halves(work, every, halves)
        if best is not None and best[0] == 0:
            for kind, i, _ in best[1]:
                _apply_shrink(work, kind, i, 0.5)
            return need, capacity
    taken = 0.0
    for level in _SHRINK_ORDER:
        places = slots.get(level, [])
        if need - taken <= EPS or not places:
            continue
        amount = min(need - taken, sum(cap for _, _, cap in places))
        whole = all(abs(cap - 0.5) < 1e-6 for _, _, cap in places)
        best = _best_halves(work, places, _halves(amount)) if whole else None
        if best is not None:
            for kind, i, _ in best[1]:
                _apply_shrink(work, kind, i, 0.5)
        else:
            for (kind, i, _), share in zip(places, _share([c for _, _, c in places], amount)):
                _apply_shrink(work, kind, i, share)
        taken += amount
    return taken, capacity


_MAX_HALVES = 3  # at most three ½-em blanks are chosen as a set; beyond, share equally
_MAX_COMBINATIONS = 120


def _halves(amount: float) -> int:
    """How many ½-em blanks make ``amount`` exactly (0: not a whole number of halves)."""
    k = round(amount * 2)
    return k if 0 < k <= _MAX_HALVES and abs(amount - k / 2) < 1e-6 else 0


def _best_halves(
    work: _Work, places: list[tuple[str, int, float]], k: int
) -> tuple[int, tuple[tuple[str, int, float], ...]] | None:
    """The ``k`` whole ½-em blanks that leave the fewest glyphs off the grid, or None."""
    full = [p for p in places if abs(p[2] - 0.5) < 1e-6]
    if not k or len(full) < k:
        return None
    best = None
    for count, chosen in enumerate(combinations(full, k)):
        if count >= _MAX_COMBINATIONS:
            break
        off = _off_grid(work, chosen)
        if best is None or off < best[0]:
            best = (off, chosen)
            if off == 0:
                break
    return best


def _off_grid(work: _Work, chosen: tuple[tuple[str, int, float], ...]) -> int:
    """Glyphs whose origin is not on a whole em once ``chosen`` blanks are pushed in."""
    # Adding or taking 0.0 (a blank not chosen) changes no value: only chosen ones are.
    lcuts = list(work.lcut)
    for kind, i, _ in chosen:
        if kind == "l":
            lcuts[i] += 0.5
    widths = [b.advance - l - r for b, l, r in zip(work.boxes, lcuts, work.rcut)]
    for kind, i, _ in chosen:
        if kind == "r":
            widths[i] -= 0.5
    xs = map(sub, _pens(work.lead, widths, work.gaps)[::2], lcuts)
    return sum([abs(x - round(x)) > 1e-6 for x in xs])


def _shrink_slots(work: _Work) -> dict[int, list[tuple[str, int, float]]]:
    """Every place that may be pushed in, by level: ('l'|'r'|'g', index, capacity)."""
    slots: dict[int, list[tuple[str, int, float]]] = {}
    last = len(work.boxes) - 1
    for i, box in enumerate(work.boxes):
        if box.lshrink is not None and not (i == 0 and work.start_cut):
            slots.setdefault(box.lshrink.level, []).append(("l", i, box.lshrink.amount))
        if box.rshrink is not None and not (i == last and work.end_cut):
            slots.setdefault(box.rshrink.level, []).append(("r", i, box.rshrink.amount))
    for j, glue in enumerate(work.glues):
        if glue.shrink is not None:
            slots.setdefault(glue.shrink.level, []).append(("g", j, glue.shrink.amount))
    return slots


def _apply_shrink(work: _Work, kind: str, i: int, amount: float) -> None:
    if kind == "l":
        work.lcut[i] += amount
        work.widths = None
    elif kind == "r":
        work.rcut[i] += amount
        work.widths = None
    else:
        work.gaps[i] -= amount


def _stretch(work: _Work, need: float) -> tuple[float, int, float, float]:
    """Stretch level by level; return (added, gaps stretched, per-gap extra, nominal)."""
    added = [0.0] * len(work.gaps)
    rest = need
    for level in (Stretch.WORD_SPACE, Stretch.CJK_LATIN):
        caps = [
            sum(a.amount for a in g.stretch if a.level == level) if g.stretch else 0
            for g in work.glues
        ]
        rest -= _fill(added, caps, rest)
    char_gaps = [j for j, g in enumerate(work.glues) if g.gap and g.gap_cap == INF]
    free = sum(1 for g in work.glues if g.gap and g.gap_cap == INF)
    capped = [g.gap_cap for g in work.glues if g.gap and g.gap_cap < INF]
    if uses_gaps_only(rest, free, len(capped), min(capped, default=0.0)):
        gap_caps = [g.gap_cap if g.gap else 0.0 for g in work.glues]
    else:  # too few gaps: word spaces and gaps beside marks take an equal share
        gap_caps = [g.gap_cap if g.gap else INF if g.loose else 0.0 for g in work.glues]
    before = added[char_gaps[0]] if char_gaps else 0.0
    rest -= _fill(added, gap_caps, rest)
    per_gap = added[char_gaps[0]] - before if char_gaps else 0.0
    rest -= _fill(added, [INF if g.loose else 0.0 for g in work.glues], rest)
    for j, extra in enumerate(added):
        work.gaps[j] += extra
    nominal = sum(
        [
            (sum(a.amount for a in g.stretch) if g.stretch else 0)
            + (GAP_REFERENCE if g.gap else 0.0)
            for g in work.glues
        ]
    )
    return need - rest, sum(1 for a in added if a > EPS), per_gap, nominal


def _fill(added: list[float], caps: list[float], amount: float) -> float:
    """Add up to ``amount`` over glues with room (caps), equally; return what was added."""
    places = [j for j, cap in enumerate(caps) if cap > EPS]
    if amount <= EPS or not places:
        return 0.0
    amount = min(amount, sum(caps[j] for j in places))
    for j, share in zip(places, _share([caps[j] for j in places], amount)):
        added[j] += share
    return amount


def _share(caps: list[float], amount: float) -> list[float]:
    """Split ``amount`` equally, capped per place (water-filling) [CL-RED], [CL-EXP]."""
    out = [0.0] * len(caps)
    rest = amount
    order = sorted(range(len(caps)), key=caps.__getitem__)
    for done, i in enumerate(order):
        take = min(rest / (len(caps) - done), caps[i])
        out[i] = take
        rest -= take
    return out


def _origins(work: _Work, hung: float) -> tuple[tuple[float, ...], float]:
    """Glyph origin per cluster (pen less any blank removed on its left), and line end."""
    widths = work.widths
    if widths is None:
        widths = [b.advance - l - r for b, l, r in zip(work.boxes, work.lcut, work.rcut)]
    pens = _pens(work.lead, widths, work.gaps)
    return tuple(map(sub, pens[::2], work.lcut)), pens[-1] - hung


def _pens(lead: float, widths: list[float], gaps: list[float]) -> list[float]:
    """The pen as a line is set: ``lead``, + box 0, + gap 0, + box 1, …, + the last box.

    Even entries are where each box starts, the last is where the line ends: the same
    additions in the same order as a loop doing ``pen += width; pen += gap``.
    """
    steps: list[float] = [0.0] * (2 * len(widths) - 1) if widths else []
    steps[0::2] = widths
    steps[1::2] = gaps  # one gap fewer than boxes
    return list(accumulate(steps, initial=lead))


def _compressed(work: _Work) -> int:
    return len(
        [
            None
            for b, left, right in zip(work.boxes, work.lcut, work.rcut, strict=True)
            if b.mark and left + right > EPS
        ]
    )


def _pushed_out(items: Items, brk: LineBreak, natural: float, width: float) -> int:
    """Clusters after the line that would still fit at natural width (push-out count)."""
    boxes, glues = items.boxes, items.glues
    last = boxes[brk.end - 1]
    run = natural + last.end_cut  # the last box back at full width
    count = 0
    for j in range(brk.end, len(boxes)):
        run += glues[j - 1].natural + boxes[j].width
        if run - boxes[j].end_cut > width + EPS:
            break
        count += 1
    return count
