"""Breaks → justified lines: glyph origins and adjustment statistics.

Input: :class:`Items`, one :class:`LineBreak` and its measure. Output: a :class:`Line`.

Justification follows clreq [CL-ADJL] (docs §5): push in level by level (word spaces,
interpunct, bracket blanks, ，、；, CJK–Latin gap, 。？！), sharing each level equally
among its places [CL-RED]; or stretch word spaces to ½ em, CJK–Latin gaps to ⅓ em, then
every inter-character gap equally [CL-EXP] — never inside a unit, never beside CONNECT or
SOLIDUS, never against a mark's blank. A ragged last line is never stretched
[CL-ALIGN]. A glyph is drawn at its natural advance: removing the blank left of an
opening mark moves its origin left by that amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .items import INF, Box, Glue, Items, Shrink, Stretch
from .linebreak import EPS, GAP_REFERENCE, LineBreak, uses_gaps_only
from .model import Line

_SHRINK_ORDER = tuple(range(Shrink.WORD_SPACE, Shrink.FULL_STOP + 1))


@dataclass
class _Work:
    """Mutable widths of one line while it is being justified."""

    boxes: tuple[Box, ...]
    glues: tuple[Glue, ...]
    lead: float  # indent (first line) or centring offset
    lcut: list[float] = field(default_factory=list)
    rcut: list[float] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    start_cut: bool = False
    end_cut: bool = False

    def natural(self, hung: float) -> float:
        boxes = sum(b.advance - l - r for b, l, r in zip(self.boxes, self.lcut, self.rcut))
        return self.lead + boxes + sum(self.gaps) - hung


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
    return Line(
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
    work = _Work(boxes, items.glues[brk.start : brk.end - 1], lead)
    work.lcut = [b.lcut for b in boxes]
    work.rcut = [b.rcut for b in boxes]
    work.gaps = [g.natural for g in work.glues]
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
    """Shrink level by level, equally within a level; return (taken, capacity)."""
    slots = _shrink_slots(work)
    capacity = sum(cap for level in slots.values() for _, _, cap in level)
    taken = 0.0
    for level in _SHRINK_ORDER:
        places = slots.get(level, [])
        if need - taken <= EPS or not places:
            continue
        amount = min(need - taken, sum(cap for _, _, cap in places))
        for (kind, i, _), share in zip(places, _share([c for _, _, c in places], amount)):
            _apply_shrink(work, kind, i, share)
        taken += amount
    return taken, capacity


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
    elif kind == "r":
        work.rcut[i] += amount
    else:
        work.gaps[i] -= amount


def _stretch(work: _Work, need: float) -> tuple[float, int, float, float]:
    """Stretch level by level; return (added, gaps stretched, per-gap extra, nominal)."""
    added = [0.0] * len(work.gaps)
    rest = need
    for level in (Stretch.WORD_SPACE, Stretch.CJK_LATIN):
        caps = [sum(a.amount for a in g.stretch if a.level == level) for g in work.glues]
        rest -= _fill(added, caps, rest)
    char_gaps = [j for j, g in enumerate(work.glues) if g.gap and g.gap_cap == INF]
    if uses_gaps_only(rest, sum(1 for g in work.glues if g.gap)):
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
        sum(a.amount for a in g.stretch) + (GAP_REFERENCE if g.gap else 0.0)
        for g in work.glues
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
    xs = []
    pen = work.lead
    for i, box in enumerate(work.boxes):
        xs.append(pen - work.lcut[i])
        pen += box.advance - work.lcut[i] - work.rcut[i]
        if i < len(work.gaps):
            pen += work.gaps[i]
    return tuple(xs), pen - hung


def _compressed(work: _Work) -> int:
    return sum(
        1
        for b, left, right in zip(work.boxes, work.lcut, work.rcut, strict=True)
        if b.mark and left + right > EPS
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
