"""The layout search: bands across the page, column strips in each band, frames stacked in a strip.

Input: the template (grid, constraints, blocked regions) and a :class:`Measure`.
Output: :class:`Layout`\\ s, best first, each frame checked with the engine's real fit.

The page is cut as a newspaper page is drawn (a guillotine layout): the articles, in
order of importance, fill horizontal bands from the top; a band is cut into column
strips, left to right; a strip holds one frame or a stack of frames.  The lead takes
the first strip of the first band, and no frame is wider.  Every frame of a strip
ends where the band ends, so every column is flush at the page's foot.

For each article and strip width the frame heights it can fill are known from its
natural lines, the headline lines its title needs, its summary box and an allowance
for the copy-fitter; they are bit sets over line counts, so a band's heights are the
AND of its strips' sets and the bands' heights must add up to the page.  Candidates
are ranked by what a designer values, and the best are checked frame by frame with
``fit_article`` (memoized per article, columns, width, lines and headline settings).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import count

from .measure import Frame, Measure
from .template import ArticleTemplate, Region, Template

MAX_CANDIDATES = 400_000  # layouts scored before the search stops (reported)
KEEP = 400  # best-scored layouts kept to be checked with the real fit
OPTIONS_KEPT = 8  # ways to fill one frame size kept, the best
OPTIONS_TRIED = 6  # headline settings tried per article and frame size before giving up on it
# What a designer values, as penalties (lower is better):
STYLE_RANK = 3.0  # per step away from the preferred headline style of the article's rank
AIR = 0.4  # per line of air in a headline area beyond one
ADJUST = 1.0  # per copy-fit adjustment (estimated, then counted)
SPLIT = 2.0  # a 破栏 frame instead of the plain columns
STACK = 1.0  # a frame stacked under another in a strip
LEAD_WIDTH = -0.5  # per column of the lead's frame
L_SHAPE = 6.0  # an L-shaped frame instead of a rectangle
UNEVEN = 0.05  # per line of difference between two frames stacked in a strip
SIDE = 1.0  # a full-height strip beside the bands
SIDE_MOST = 3  # columns a side strip (or an L's leg) may take
LEG_LEAST = 8  # lines an L's leg runs at least
ORDER = 1.0  # per pair of articles in a band read out of their order of importance
BELOW = 3.0  # per article set wholly below a less important one (a reader looks down the page first)
ORDERED_UP_TO = 5  # a band of more articles keeps them in order of importance (bounds the search)


@dataclass(frozen=True)
class Option:
    penalty: float
    split: int
    style: str
    head_lines: int
    deviation: int  # estimated cells the copy-fitter must add (+) or take away (−)


@dataclass
class Layout:
    frames: dict[str, Frame]  # article id → frame, in rank order
    penalty: float
    bands: list[int] = field(default_factory=list)  # band heights
    changes: dict[str, list[str]] = field(default_factory=dict)  # copy-fit changes of each frame's real fit

    def describe(self) -> str:
        parts = []
        for article_id, frame in self.frames.items():
            col, span, line, lines, split = frame.first
            shape = f"col {col}–{col + span - 1}" + (f" 破{split}栏" if split != span else "") + f" line {line}–{line + lines - 1}"
            for c, s, l, n, _k in frame.rects[1:]:
                shape += f" + L col {c}–{c + s - 1} line {l}–{l + n - 1}"
            parts.append(f"{article_id} {shape}")
        return "; ".join(parts)


@dataclass
class SearchResult:
    layouts: list[Layout]
    candidates: int  # layouts scored
    checked: int  # layouts checked with the real fit


class Search:
    def __init__(self, template: Template, measure: Measure, tolerance: int | None = None):
        self.t = template
        self.m = measure
        self.L = template.grid_lines
        self.C = template.grid_columns
        self.left, self.right = 1, self.C  # the columns the bands share (a side strip takes the rest)
        self.gap = template.gap
        self.mask = (1 << (self.L + 1)) - 1
        order = sorted(template.articles, key=lambda a: (not a.lead, a.rank))
        self.order = [a.content for a in order]
        self.tmpl = {a.content: a for a in template.articles}
        self.rank = {a.content: a.rank for a in template.articles}
        self.tolerance = tolerance  # None: the copy-fit allowance; a number: any deviation up to it (diagnosis)
        self._options: dict[tuple[str, int], list[list[Option]]] = {}
        self._bits: dict[tuple[str, int], int] = {}
        self._strip_bits: dict[tuple, int] = {}
        self._strip_best: dict[tuple, tuple | None] = {}
        self._verified: dict[tuple, Frame | None] = {}
        self._configs: dict[tuple, list] = {}
        self.side = None
        self.leg: tuple[str, int] | None = None  # (article, leg columns): the L-shaped frame being tried
        self.candidates = 0

    def leg_of(self, article_id: str) -> int:
        """Columns of the article's leg down the right edge while an L is tried; 0: a rectangle."""
        return self.leg[1] if self.leg and self.leg[0] == article_id else 0

    # --- one article in a strip -----------------------------------------------------------

    def options(self, article_id: str, span: int) -> list[list[Option]]:
        """For each frame height 0..L, the ways (split, style, headline lines) the article may fill it, best first."""
        leg = self.leg_of(article_id)
        key = (article_id, span, leg)
        if key in self._options:
            return self._options[key]
        t = self.tmpl[article_id]
        table: list[list[Option]] = [[] for _ in range(self.L + 1)]
        if leg:
            self._options[key] = self._leg_options(article_id, span, leg, table)
            return table
        splits = [span] + ([span - 1] if "split" in t.shapes and span >= 3 else [])
        for split in splits:
            natural = self.m.natural(article_id, span, split)
            summary = self.m.summary_cells(article_id, span, split)
            if summary is None:
                continue
            down, up = self.m.allowance(article_id, split)
            if self.tolerance is not None:
                down, up = self.tolerance, self.tolerance
            for rank, style in enumerate(t.styles):
                least = t.head_lines or self.m.head_lines(article_id, span, split, style)
                if least is None:
                    continue
                most = least if t.head_lines else least + self.t.headline_air
                for head in range(least, most + 1):
                    low = head + max(2, -(-(natural + summary - down) // split))
                    high = head + (natural + summary + up) // split
                    for h in range(max(low, head + 2), min(high, self.L) + 1):
                        d = split * (h - head) - summary - natural
                        penalty = (STYLE_RANK * rank + AIR * max(0, head - least - 1) + ADJUST * abs(d)
                                   + (SPLIT if split != span else 0.0))
                        table[h].append(Option(penalty, split, style, head, d))
        for h, row in enumerate(table):
            row.sort(key=lambda o: o.penalty)
            del row[OPTIONS_KEPT:]  # the rest would never be tried
        self._options[key] = table
        return table

    def _leg_options(self, article_id: str, span: int, leg: int, table: list[list[Option]]) -> list[list[Option]]:
        """An L: the frame's top ``h`` lines over ``span`` columns from the page's top, then a leg of ``leg``
        columns at its right edge down to the page's foot (L − h lines)."""
        t = self.tmpl[article_id]
        natural = self.m.natural(article_id, span, span)
        summary = self.m.summary_cells(article_id, span, span)
        if summary is None:
            return table
        down, up = self.m.allowance(article_id, span)
        if self.tolerance is not None:
            down, up = self.tolerance, self.tolerance
        for rank, style in enumerate(t.styles):
            least = t.head_lines or self.m.head_lines(article_id, span, span, style)
            if least is None:
                continue
            for head in range(least, (least if t.head_lines else least + self.t.headline_air) + 1):
                for h in range(head + 2, self.L - LEG_LEAST + 1):
                    d = span * (h - head) - summary + leg * (self.L - h) - natural
                    if -down <= d <= up:
                        penalty = STYLE_RANK * rank + AIR * max(0, head - least - 1) + ADJUST * abs(d) + L_SHAPE
                        table[h].append(Option(penalty, span, style, head, d))
        for row in table:
            row.sort(key=lambda o: o.penalty)
            del row[OPTIONS_KEPT:]
        return table

    def bits(self, article_id: str, span: int) -> int:
        key = (article_id, span, self.leg_of(article_id))
        if key not in self._bits:
            self._bits[key] = sum(1 << h for h, row in enumerate(self.options(article_id, span)) if row)
        return self._bits[key]

    def strip_bits(self, items: tuple[str, ...], span: int) -> int:
        """Heights a strip of ``span`` columns can have with ``items`` stacked in it, gaps between."""
        key = (items, span, tuple(map(self.leg_of, items)))
        if key not in self._strip_bits:
            first = self.bits(items[0], span)
            if len(items) > 1 and any(key[2]):
                result = 0  # an L is never stacked
            elif len(items) == 1:
                result = first
            else:
                rest = self.strip_bits(items[1:], span)
                result = 0
                h = 0
                while first >> h:
                    if first >> h & 1:
                        result |= rest << (h + self.gap)
                    h += 1
            self._strip_bits[key] = result & self.mask
        return self._strip_bits[key]

    def strip_best(self, items: tuple[str, ...], span: int, height: int) -> tuple[float, tuple[int, ...]] | None:
        """The stacked frames' heights that cost least, and their cost."""
        key = (items, span, height, tuple(map(self.leg_of, items)))
        if key in self._strip_best:
            return self._strip_best[key]
        best = None
        if len(items) == 1:
            row = self.options(items[0], span)[height] if 0 < height <= self.L else []
            best = (row[0].penalty, (height,)) if row else None
        else:
            bits = self.bits(items[0], span)
            for h in range(1, height):
                if not bits >> h & 1:
                    continue
                rest = self.strip_best(items[1:], span, height - h - self.gap)
                if rest is None:
                    continue
                first = self.options(items[0], span)[h][0].penalty
                cost = first + rest[0] + STACK + UNEVEN * abs(h - rest[1][0])
                if best is None or cost < best[0]:
                    best = (cost, (h, *rest[1]))
        self._strip_best[key] = best
        return best

    # --- bands ----------------------------------------------------------------------------

    def band_configs(self, items: tuple[str, ...], first_band: bool, lead_span: int | None, right: int | None = None):
        """Ways to cut a band into strips: tuples of (col, span, stacked items), their heights' bit set, their cost."""
        key = (items, first_band, lead_span, self.left, right or self.right, self.leg)
        if key not in self._configs:
            saved, self.right = self.right, right or self.right
            try:
                configs = self._band_configs(items, first_band, lead_span)
            finally:
                self.right = saved
            if self.leg and first_band:
                # The L's top takes the band's last strip, alone, wider than its leg, at the page's right edge.
                article, leg = self.leg
                configs = [c for c in configs if c[0][-1][2] == (article,) and c[0][-1][1] > leg
                           and c[0][-1][0] + c[0][-1][1] - 1 == self.C]
            self._configs[key] = configs
        return self._configs[key]

    def _band_configs(self, items: tuple[str, ...], first_band: bool, lead_span: int | None):
        out = []

        def walk(at: int, col: int, strips: list) -> None:
            if at == len(items):
                if col == self.right + 1:
                    out.append(tuple(strips))
                return
            for size in range(1, self.t.stack + 1):
                group = items[at:at + size]
                if len(group) < size:
                    break
                if first_band and at == 0 and size > 1:
                    break  # the lead has its strip to itself
                lo = max(self.tmpl[a].min_columns for a in group)
                hi = min(self.tmpl[a].max_columns for a in group)
                for span in range(lo, hi + 1):
                    if col + span - 1 > self.right:
                        break
                    if lead_span is not None and not (first_band and at == 0) and span > lead_span:
                        break  # no frame wider than the lead
                    if any(r.region and not (r.region.col <= col and col + span - 1 <= r.region.last_col)
                           for r in (self.tmpl[a] for a in group)):
                        continue
                    walk(at + size, col + span, strips + [(col, span, group)])

        if first_band:
            orders = [items[:1] + rest for rest in _orders(items[1:])]
        else:
            orders = _orders(items)
        for order in orders:
            items = order
            walk(0, self.left, [])
        configs = []
        seen = set()
        for strips in out:
            if strips in seen:
                continue
            seen.add(strips)
            if first_band:
                lead = strips[0][1]
                if any(s[1] > lead for s in strips[1:]):
                    continue
            bits = self.mask
            for _col, span, group in strips:
                if not self.strip_bits(group, span):
                    bits = 0
                elif not self.t.blocked:  # a blocked region shifts a strip's heights: see blocked_bits
                    bits &= self.strip_bits(group, span)
                if not bits:
                    break
            if bits:
                configs.append((strips, bits, 0.0))
        return configs

    def blocked_bits(self, strips, top: int, bits: int) -> tuple[int, dict[int, int]]:
        """The band's heights once the blocked regions are respected, and per strip the lines reserved at its top.

        A blocked region (a picture) may head a strip of exactly its columns; any other
        strip it touches must end above it (a gap between) or start below it.
        """
        reserved: dict[int, int] = {}
        if not self.t.blocked:
            return bits, reserved
        bits = self.mask
        for index, (col, span, group) in enumerate(strips):
            own = self.strip_bits(group, span)
            last = col + span - 1
            for region in self.t.blocked:
                if last < region.col or col > region.last_col:
                    continue
                if (col, span) == (region.col, region.span) and region.line == top:
                    shift = region.lines + self.gap
                    own = (own << shift) & self.mask
                    reserved[index] = shift
                elif region.line > top:
                    own &= (1 << max(0, region.line - top - self.gap + 1)) - 1  # the band ends above it
                elif region.last_line >= top:
                    own = 0
            bits &= own
        return bits, reserved

    # --- the whole page -------------------------------------------------------------------

    def run(self, keep: int = KEEP, want: int = 4, budget: int = MAX_CANDIDATES) -> SearchResult:
        ranked = self._ranked(keep, budget)
        layouts, checked = self._check(ranked, want)
        return SearchResult(layouts, self.candidates, checked)

    def nearest(self, budget: int = MAX_CANDIDATES) -> Layout | None:
        """The best-scored layout, its frames as estimated (not checked): to say what misses by how much."""
        ranked = self._ranked(1, budget)
        if not ranked:
            return None
        penalty, plan, heights = ranked[0]
        frames = {}
        for article_id, col, span, line, h, leg in plan:
            self.leg = (article_id, leg) if leg else None
            option = self.options(article_id, span)[h][0]
            frames[article_id] = _moved(self._frame(span, h, leg, option), col, line)
        self.leg = None
        return Layout({a.content: frames[a.content] for a in self.t.articles}, penalty, list(heights))

    def _sides(self):
        """No side strip, then full-height strips at the right of the page: a stack of articles (under or
        over a blocked region of exactly its columns) beside the bands."""
        yield None
        others = self.order[1:]
        for span in range(1, min(SIDE_MOST, self.C - 1) + 1):
            col = self.C - span + 1
            reserved, at_top, ok = 0, True, True
            for region in self.t.blocked:
                if region.last_col < col:
                    continue
                if (region.col, region.span) == (col, span) and (region.line == 1 or region.last_line == self.L):
                    reserved += region.lines + self.gap
                    at_top = region.line == 1
                else:
                    ok = False
            if not ok:
                continue
            for size in range(1, self.t.stack + 1):
                for group in _groups(others, size):
                    t = [self.tmpl[a] for a in group]
                    if not all(a.min_columns <= span <= a.max_columns for a in t):
                        continue
                    if not self.strip_bits(group, span) >> (self.L - reserved) & 1:
                        continue
                    yield (col, span, group, reserved if at_top else 0, self.L - reserved)

    def _ranked(self, keep: int, budget: int) -> list:
        heap: list = []
        tie = count()
        for side in self._sides():
            if self.candidates >= budget:
                break
            self.side = side
            self.left, self.right = 1, side[0] - 1 if side else self.C
            order = [a for a in self.order if not side or a not in side[2]]
            self._bands(order, heap, tie, keep, budget)
        self.side, self.left, self.right = None, 1, self.C
        for article_id in self.order[1:]:
            if "L" not in self.tmpl[article_id].shapes or self.t.bands < 2:
                continue
            for leg in range(1, SIDE_MOST + 1):
                if self.candidates >= budget or any(r.last_col > self.C - leg for r in self.t.blocked):
                    break
                self.leg = (article_id, leg)
                self._bands(self.order, heap, tie, keep, budget)
        self.leg = None
        return [entry[2] for entry in sorted(heap, key=lambda e: (-e[0], e[1]))]

    def _bands(self, order, heap, tie, keep, budget) -> None:
        for bands in _band_assignments(order, self.t.bands):
            if self.candidates >= budget:
                break
            if self.leg and (self.leg[0] not in bands[0] or len(bands) < 2):
                continue
            first_configs = self.band_configs(bands[0], True, None, self.C if self.leg else None)
            for first in first_configs:
                if self.candidates >= budget:
                    break
                lead_span = first[0][0][1]
                right = self.C - self.leg[1] if self.leg else None  # the L's leg runs down the right edge
                rest = [self.band_configs(b, False, lead_span, right) for b in bands[1:]]
                if any(not r for r in rest):
                    continue
                self._descend([first] + [None] * len(rest), rest, 0, 1, self.L, [], heap, tie, keep, budget)

    def _descend(self, chosen, rest, index, top, left, heights, heap, tie, keep, budget) -> None:
        configs = [chosen[0]] if index == 0 else rest[index - 1]
        last = index == len(rest)
        for strips, raw_bits, cost in configs:
            if self.candidates >= budget:
                return
            bits, reserved = self.blocked_bits(strips, top, raw_bits)
            if last:
                if left <= self.L and bits >> left & 1:
                    self.candidates += 1
                    self._score(heights + [(strips, top, left, reserved, cost)], heap, tie, keep)
                continue
            h = 1
            while h <= left - self.gap - 1:
                if bits >> h & 1:
                    self._descend(chosen, rest, index + 1, top + h + self.gap, left - h - self.gap,
                                  heights + [(strips, top, h, reserved, cost)], heap, tie, keep, budget)
                h += 1

    def _score(self, bands, heap, tie, keep) -> None:
        penalty = 0.0
        plan = []
        for strips, top, height, reserved, cost in bands:
            penalty += cost
            for index, (col, span, group) in enumerate(strips):
                shift = reserved.get(index, 0)
                best = self.strip_best(group, span, height - shift)
                if best is None:
                    return
                penalty += best[0]
                line = top + shift
                for article_id, h in zip(group, best[1]):
                    region = self.tmpl[article_id].region
                    leg = self.leg_of(article_id)
                    if region and not region.contains(col, span, line, h):
                        return
                    if leg and region and not region.contains(col + span - leg, leg, line + h, self.L - line - h + 1):
                        return
                    plan.append((article_id, col, span, line, h, leg))
                    line += h + self.gap
        if self.side:
            col, span, group, shift, height = self.side
            best = self.strip_best(group, span, height)
            if best is None:
                return
            penalty += best[0] + SIDE
            line = 1 + shift
            for article_id, h in zip(group, best[1]):
                region = self.tmpl[article_id].region
                if region and not region.contains(col, span, line, h):
                    return
                plan.append((article_id, col, span, line, h, 0))
                line += h + self.gap
            if span > plan[0][2]:
                return  # no frame wider than the lead
        lead = plan[0]
        penalty += LEAD_WIDTH * lead[2] + ORDER * _inversions([p[0] for p in plan], self.rank) \
            + BELOW * _below(plan, self.rank)
        entry = (-penalty, next(tie), (penalty, tuple(plan), tuple(b[2] for b in bands)))
        if len(heap) < keep:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)

    # --- checking with the real fit -------------------------------------------------------

    def _check(self, ranked, want: int) -> tuple[list[Layout], int]:
        layouts: list[Layout] = []
        checked = 0
        seen = set()
        for _estimate, plan, heights in ranked:
            checked += 1
            frames: dict[str, Frame] = {}
            penalty = _estimate
            changes: dict[str, list[str]] = {}
            for article_id, col, span, line, h, leg in plan:
                self.leg = (article_id, leg) if leg else None
                frame = self.verified(article_id, span, h)
                self.leg = None
                if frame is None:
                    break
                frames[article_id] = _moved(frame, col, line)
                fit = self.m.fit(article_id, frame)
                changes[article_id] = list(fit.changes)
                self.leg = (article_id, leg) if leg else None
                option = next(o for o in self.options(article_id, span)[h]
                              if (o.split, o.style, o.head_lines) == (frame.first[4], frame.style, frame.head_lines))
                self.leg = None
                penalty += ADJUST * len(fit.changes) - ADJUST * abs(option.deviation)
            else:
                key = tuple((a, f.rects) for a, f in frames.items())  # alternatives differ in their frames
                if key in seen:
                    continue
                seen.add(key)
                ordered = {a.content: frames[a.content] for a in self.t.articles}
                layouts.append(Layout(ordered, penalty, list(heights), changes))
                if len(layouts) >= want * 3:
                    break
        layouts.sort(key=lambda layout: layout.penalty)
        return layouts[:want], checked

    def _frame(self, span: int, height: int, leg: int, option: Option) -> Frame:
        """The frame at the page's top-left: a rectangle, or an L whose leg runs to the page's foot."""
        rects = [(1, span, 1, height, option.split)]
        if leg:
            rects.append((1 + span - leg, leg, 1 + height, self.L - height, leg))
        return Frame(tuple(rects), option.style, option.head_lines)

    def verified(self, article_id: str, span: int, height: int) -> Frame | None:
        """The best headline setting with which the article fills a span × height frame exactly (real fit)."""
        leg = self.leg_of(article_id)
        key = (article_id, span, height, leg)
        if key not in self._verified:
            found = None
            for option in self.options(article_id, span)[height][:OPTIONS_TRIED]:
                frame = self._frame(span, height, leg, option)
                if self.m.fits_exactly(article_id, frame):
                    found = frame
                    break
            self._verified[key] = found
        return self._verified[key]


def _groups(items: list[str], size: int):
    """Every ordered choice of ``size`` articles (a stack, top to bottom)."""
    from itertools import permutations
    return permutations(items, size)


def _orders(items: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The orders a band's articles may take across it: any, in a small band; else as ranked."""
    from itertools import permutations
    return list(permutations(items)) if len(items) <= ORDERED_UP_TO else [items]


def _inversions(order: list[str], rank: dict[str, int]) -> int:
    """Pairs read out of their order of importance (left to right, then top to bottom in a strip)."""
    return sum(1 for i, a in enumerate(order) for b in order[i + 1:] if rank[a] > rank[b])


def _below(plan, rank: dict[str, int]) -> int:
    """Pairs where the more important article starts below the foot of the less important one."""
    count_ = 0
    for a, _col, _span, line, _lines, *_ in plan:
        for b, _col2, _span2, line2, lines2, *_ in plan:
            if rank[a] < rank[b] and line > line2 + lines2 - 1:
                count_ += 1
    return count_


def _moved(frame: Frame, col: int, line: int) -> Frame:
    """The frame with its first rect's top-left at (col, line), every rect moved alike."""
    dx, dy = col - frame.first[0], line - frame.first[2]
    return Frame(tuple((c + dx, s, l + dy, n, k) for c, s, l, n, k in frame.rects), frame.style, frame.head_lines)


FREE_BANDS_UP_TO = 7  # articles on a page up to which any of them may go in any band (3^6 ways); more: in order


def _band_assignments(order: list[str], most: int):
    """The articles (lead first) shared out into 1..most bands, top to bottom, fewer bands first.

    On a small page any article may go in any band (the score counts articles read out of
    their order of importance); on a larger one the bands take the articles in order,
    cut at any place, and one article at a time may move up a band.
    """
    from itertools import combinations, product
    lead, others = order[0], order[1:]
    n = len(order)
    seen = set()
    for count_ in range(1, min(most, n) + 1):
        if n <= FREE_BANDS_UP_TO:
            for labels in product(range(count_), repeat=len(others)):
                if count_ > 1 and set(range(1, count_)) - set(labels):
                    continue  # every band below the first holds an article
                bands = [[lead]] + [[] for _ in range(count_ - 1)]
                for article, label in zip(others, labels):
                    bands[label].append(article)
                key = tuple(map(tuple, bands))
                if key not in seen:
                    seen.add(key)
                    yield key
            continue
        for cuts in combinations(range(1, n), count_ - 1):
            bands = [list(order[a:b]) for a, b in zip((0, *cuts), (*cuts, n))]
            variants = [bands]
            for b in range(1, count_):  # the first article of a band moved up into the band above
                if len(bands[b]) > 1:
                    moved = [list(x) for x in bands]
                    moved[b - 1].append(moved[b].pop(0))
                    variants.append(moved)
            for variant in variants:
                key = tuple(map(tuple, variant))
                if key not in seen:
                    seen.add(key)
                    yield key


__all__ = ["Search", "SearchResult", "Layout", "Option", "Region", "ArticleTemplate"]
