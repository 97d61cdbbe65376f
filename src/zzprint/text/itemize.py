"""Clusters + settings → items: classes, units, punctuation widths, spaces, break costs.

Input: shaped clusters (text, advance in em) and resolved :class:`Settings`.
Output: :class:`Items` — one Box per cluster, a Glue and a break cost between neighbours.

Punctuation widths are decided here, before breaking, because compression moves break
points [CL-KIN]; what depends on where a line breaks (line-end ½, line-start OPEN) is
recorded as ``end_cut``/``start_cut`` for the breaker to apply.

Sources: [GB] GB/T 15834-2011 §5; clreq [CL-KIN] #prohibition_rules_for_line_start_end,
[CL-UNB] #prohibition_rules_for_unbreakable_marks, [CL-ADJ]
#h-adjustment_of_adjacent_punctuation_marks, [CL-EDGE]
#h-compression_of_punctuation_marks_at_line_start, [CL-HANG]
#hanging_punctuation_marks_at_line_end, [CL-MIX]
#handling_western_text_in_chinese_text_using_proportional_western_fonts; styles after
[FOUNDER], [CTEX] typst#2439, [XECJK], [CL-278] clreq#278.
"""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import ge, getitem, is_
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .classes import (
    ALNUM,
    CLOSE,
    CONNECT,
    HAN,
    LONG,
    MIDDLE,
    NOTE,
    OPEN,
    SOLIDUS,
    SPACE,
    STOP,
    HANGABLE_CHARS,
    JOINER_CHARS,
    LONG_RUN_CHARS,
    NO_END,
    NO_START,
    PUNCTUATION,
    CharClass,
    blanks,
    classify,
    is_full_stop,
)
from .items import INF, Adjust, Box, Glue, Items, Shrink, Stretch
from .model import Cluster, Settings
from .words import headline_qualities

URL_BREAK_COST = 40.0  # a URL may break at / ? & # . but only when it must [CL-UNB]
_BRACKETS = frozenset({OPEN, CLOSE})
_FACING = frozenset({OPEN, CLOSE, STOP})  # marks whose blanks can touch [CL-ADJ]
_AFTER_MARK = frozenset({CLOSE, STOP})  # blank on the right
_GAP_SIDES = frozenset({HAN, ALNUM, LONG, NOTE})  # may be letter-spaced beside
_TIGHT = frozenset({CONNECT, SOLIDUS})  # never spaced next to [CL-ADJL]
_GB_PAIR = frozenset("？！")  # ？？ ？！ together 1 em [GB 5.1.2]
SIGN_CHARS = frozenset("-−+±")  # plus and minus signs that bind to the number after them
_URL = re.compile(r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
                  # or an e-mail address, tried only where a run starts (linear, not quadratic)
                  r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Where a web or e-mail address may break (docs/typesetting.md §12, after [CMOS-URL]):
# after / or //, = or &; before ~ _ # % = & @; never before a mark that may not start a line.
_URL_BREAK_AFTER = frozenset("/=&")
_URL_BREAK_BEFORE = frozenset("~_#%=&@")
_URL_NO_START = frozenset(".,:;?!)]}'\"-/")
# Symbols that take no CJK–Latin space beside Han (docs/typesetting.md §12): only letters and
# digits do. A sign before a digit is the number's and keeps the number's space.
_NO_SPACE_SYMBOLS = frozenset("+=×÷~<>≤≥≈≠±*^|\\&#@_")
_DIGIT_DASHES = frozenset("—–")  # GB 18030—2022, 2024—2026: one designation between digits


@dataclass(frozen=True)
class PunctuationStyle:
    """One row of the 标点挤压 style table (docs/typesetting.md §4)."""

    half_full_stop: bool  # 。？！ set ½ everywhere
    half_pause: bool  # ，、；： set ½ everywhere
    half_brackets: bool  # OPEN/CLOSE set ½ everywhere
    pairs: str  # adjacent marks: "quanjiao" 1.5 em | "earlier" earlier mark ½ | "none"
    line_end: bool  # a mark ending a line is set ½ [GB 5.1.10]
    line_start: bool  # an OPEN starting a line loses its left ½ [CL-EDGE]
    squeeze: bool  # blanks may be pushed in to justify [CL-ADJL]
    squeeze_full_stops: bool = True  # 。？！ may be pushed in (docs/typesetting.md §5 step 1, level 7; 开明 forbids it)


STYLES: dict[str, PunctuationStyle] = {
    "quanjiao": PunctuationStyle(False, False, False, "quanjiao", True, True, True),  # 全角
    # 开明 keeps 。？！ whole everywhere but at a line end: that is the style.
    "kaiming": PunctuationStyle(False, True, True, "earlier", True, True, True, False),  # 开明
    "hangmo": PunctuationStyle(False, False, False, "none", True, True, True),  # 行末半角
    "banjiao": PunctuationStyle(True, True, True, "none", True, True, True),  # 半角
    "plain": PunctuationStyle(False, False, False, "none", False, False, False),  # 不挤压
}


def itemize(clusters: Sequence[Cluster], settings: Settings, *, headline: bool = False) -> Items:
    """Build the items of one paragraph (see module docstring).

    ``headline``: also guess how good a break is between each pair (``words``), which only
    the headline breaker reads.
    """
    return itemize_runs([c.text for c in clusters], [c.advance for c in clusters], settings,
                        headline=headline)


def itemize_runs(
    texts: Sequence[str], advances: Sequence[float], settings: Settings, *, headline: bool = False
) -> Items:
    """:func:`itemize` of the clusters' texts and advances (all that it reads)."""
    texts = list(texts)
    advances = list(map(float, advances))
    urls = _url_spans(texts)
    classes = _resolve_classes(texts, urls)
    unit_of, units = _units(classes)
    url_breaks = _url_breaks(texts, urls)
    boxes = _boxes(texts, advances, classes, settings)
    glues, costs = _glues_and_costs(classes, advances, unit_of, url_breaks, settings)
    glues, costs = _western_runs(texts, classes, unit_of, glues, costs, settings.kinsoku)
    quality = headline_qualities(texts, classes) if headline else ()
    return Items(boxes, glues, costs, units, quality)


def _glues_and_costs(
    classes: list[CharClass],
    advances: list[float],
    unit_of: list[int],
    url_breaks: frozenset[int],
    settings: Settings,
) -> tuple[tuple[Glue, ...], tuple[float, ...]]:
    """``_glue`` and ``_cost`` of every neighbour pair. Outside a unit both depend on the
    two classes alone (but a word space's glue), so they come from per-settings tables."""
    glue_table, cost_table = _pair_tables(settings.cjk_latin_space, settings.kinsoku)
    # Table look-ups for every pair (in C), then the pairs inside a unit, then the glue
    # after each word space (None in the table).
    after = classes[1:]
    glues: list[Glue | None] = list(map(getitem, map(glue_table.__getitem__, classes), after))
    costs: list[float] = list(map(getitem, map(cost_table.__getitem__, classes), after))
    for i in compress(range(len(after)), map(ge, unit_of, repeat(0))):
        if unit_of[i] == unit_of[i + 1]:
            if i in url_breaks:
                glues[i], costs[i] = _LOOSE, URL_BREAK_COST
            else:
                glues[i], costs[i] = _NONE, INF
    for i in compress(range(len(after)), map(is_, glues, repeat(None))):
        glues[i] = _glue(i, i + 1, classes, advances, unit_of, url_breaks, settings)
    return tuple(glues), tuple(costs)  # type: ignore[arg-type]


def _western_runs(
    texts: list[str],
    classes: list[CharClass],
    unit_of: list[int],
    glues: tuple[Glue, ...],
    costs: tuple[float, ...],
    kinsoku: str,
) -> tuple[tuple[Glue, ...], tuple[float, ...]]:
    """Designations kept on one line, no CJK–Latin space beside a symbol, no line started
    by a two-em dash (docs/typesetting.md §12). Most paragraphs have none: set tests, in C."""
    spaced = SPACE in classes and not _SPACE_SIDES.isdisjoint(classes)
    symbols = not _NO_SPACE_SYMBOLS.isdisjoint(texts)
    dashes = kinsoku in _DASH_NO_START and LONG in classes
    if not (spaced or symbols or dashes):
        return glues, costs
    glue_list, cost_list = list(glues), list(costs)
    n = len(texts)
    if dashes:
        for i in range(1, n):
            # —— may be one cluster (the font's 2-em glyph) or two.
            if classes[i] is LONG and texts[i][:1] in _DASH_CHARS and classes[i - 1] is not LONG:
                cost_list[i - 1] = INF  # —— stays with the text before it
    if spaced:
        for i in [i for i, c in enumerate(classes) if c is SPACE]:
            if 0 < i < n - 1 and classes[i - 1] is ALNUM is classes[i + 1]:
                if _designation(_word(texts, classes, i - 1, -1), _word(texts, classes, i + 1, 1)):
                    cost_list[i] = INF  # GB 18030, iPhone 16, 30 km: the space does not break
    if symbols:
        for i in [i for i, t in enumerate(texts) if t in _NO_SPACE_SYMBOLS]:
            if classes[i] is not ALNUM or (unit_of[i] >= 0 and texts[i] in SIGN_CHARS):
                continue  # a sign that is part of a number keeps the number's space
            if i > 0 and classes[i - 1] is HAN:
                glue_list[i - 1] = _GAP
            if i < n - 1 and classes[i + 1] is HAN:
                glue_list[i] = _GAP
    return tuple(glue_list), tuple(cost_list)


_SPACE_SIDES = frozenset({ALNUM})
_DASH_CHARS = frozenset("—⸺⸻")
_DASH_NO_START = frozenset({"gb", "strict"})
# Short unit symbols after a number: 30 km, 5 G, 16 GB, 100 MHz (docs/typesetting.md §12).
_LONG_UNITS = frozenset({"kWh", "mAh", "Mbps", "Gbps", "MHz", "GHz", "kHz"})


def _word(texts: list[str], classes: list[CharClass], i: int, step: int) -> str:
    """The run of ALNUM clusters from i going backward (step -1) or forward (+1)."""
    out = []
    while 0 <= i < len(texts) and classes[i] is ALNUM:
        out.append(texts[i])
        i += step
    return "".join(reversed(out) if step < 0 else out)


def _designation(before: str, after: str) -> bool:
    """A space that must not break: a Latin word or acronym before a number (GB 18030,
    GB/T 15834, iPhone 16), or a number before its unit (30 km, 5 %)."""
    if not before or not after:
        return False
    if any(c.isalpha() for c in before) and after[0].isdigit():
        return True
    number = before[-1].isdigit() and not any(c.isalpha() for c in before)
    unit = (len(after) <= 3 and not after.isdigit()) or after in _LONG_UNITS
    return number and unit


@lru_cache(maxsize=64)
def _pair_tables(
    space: float, kinsoku: str
) -> tuple[list[list[Glue | None]], list[list[float]]]:
    """``_glue`` and ``_cost`` outside a unit, indexed [class i][class j]; a glue of None
    depends on more than the classes (after a word space)."""
    settings = Settings(kinsoku=kinsoku, cjk_latin_space=space)
    rules = (NO_END[kinsoku], NO_START[kinsoku])
    size = max(CharClass) + 1
    glue_table: list[list[Glue | None]] = [[None] * size for _ in range(size)]
    cost_table: list[list[float]] = [[INF] * size for _ in range(size)]
    for a in CharClass:
        for b in CharClass:
            classes = [a, b]
            if a is not SPACE or b is SPACE:
                glue_table[a][b] = _glue(0, 1, classes, [0.0, 0.0], [-1, -1], frozenset(), settings)
            cost_table[a][b] = _cost(0, 1, classes, [-1, -1], frozenset(), rules)
    return glue_table, cost_table


# --- classes in context (docs/typesetting.md §1, §3) -------------------------------------------------


def _resolve_classes(texts: list[str], urls: list[tuple[int, int]]) -> list[CharClass]:
    """Classes by table, then by context: URLs, joined numbers/words, long marks."""
    classes = list(map(classify, texts))
    for start, end in urls:
        classes[start:end] = [ALNUM] * (end - start)
    n = len(texts)
    # Most paragraphs have no joiner, sign or long mark: skip those scans (set tests, in C).
    if not JOINER_CHARS.isdisjoint(texts):
        for i in [i for i, t in enumerate(texts) if t in JOINER_CHARS]:
            # 3.14, 1,000, COVID-19, km/h, don’t: one unit, not a mark [CL-UNB].
            if 0 < i < n - 1 and classes[i - 1] is ALNUM is classes[i + 1]:
                classes[i] = ALNUM
    if not _DIGIT_DASHES.isdisjoint(texts):
        for i in [i for i, t in enumerate(texts) if t in _DIGIT_DASHES]:
            # GB 18030—2022: a dash between two numbers joins them (docs/typesetting.md §12).
            if 0 < i < n - 1 and texts[i - 1][-1:].isdigit() and texts[i + 1][:1].isdigit():
                classes[i] = ALNUM
    if not SIGN_CHARS.isdisjoint(texts):
        for i in [i for i, t in enumerate(texts) if t in SIGN_CHARS]:
            # −3, +5, ±2: a sign before a digit belongs to the number (docs/typesetting.md §3), unless it
            # joins two Latin words or numbers (COVID-19, 2024-2026), handled above.
            if i < n - 1 and texts[i + 1][:1].isdigit() and classes[i] is not ALNUM:
                if i == 0 or classes[i - 1] is not ALNUM:
                    classes[i] = ALNUM
    if not LONG_RUN_CHARS.isdisjoint(texts):
        for start, end in _runs_of(texts, LONG_RUN_CHARS):
            if end - start >= 2:  # —— and …… are one 2-em LONG mark [GB 5.1.5]
                classes[start:end] = [LONG] * (end - start)
    return classes


def _runs_of(texts: Sequence[str], chars: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Maximal runs [start, end) of one same cluster in ``chars``, looking only at the
    clusters in ``chars`` (a few in a paragraph), not stepping through every cluster."""
    runs: list[tuple[int, int]] = []
    start = prev = -2
    for i in [i for i, t in enumerate(texts) if t in chars]:
        if i == prev + 1 and texts[i] == texts[prev]:
            prev = i
            continue
        if start >= 0:
            runs.append((start, prev + 1))
        start = prev = i
    if start >= 0:
        runs.append((start, prev + 1))
    return runs


def _joined_runs(indices: list[int]) -> list[tuple[int, int]]:
    """Maximal runs [start, end) of consecutive ``indices`` (ascending)."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _url_spans(texts: list[str]) -> list[tuple[int, int]]:
    """Cluster spans of URLs (one unit, breakable only at / ? & # .)."""
    if _URL.search("".join(texts)) is None:
        return []  # the common case: no URL at all
    joined, owner = "", []
    for i, t in enumerate(texts):
        joined += t
        owner += [i] * len(t)
    spans = []
    for m in _URL.finditer(joined):
        url = m.group().rstrip(".,;:!?)'\"")
        spans.append((owner[m.start()], owner[m.start() + len(url) - 1] + 1))
    return spans


def _url_breaks(texts: list[str], urls: list[tuple[int, int]]) -> frozenset[int]:
    """Indices i inside a URL or e-mail address after which a break is allowed (never
    hyphenated): docs/typesetting.md §12."""
    allowed = set()
    for start, end in urls:
        for i in range(start + 1, end - 2):  # never leave one character alone
            a, b = texts[i], texts[i + 1]
            if b[:1] in _URL_NO_START or a == "/" == b:
                continue  # no line starts with . , ? ) / -, and // stays whole
            if a[-1:] in _URL_BREAK_AFTER or b[:1] in _URL_BREAK_BEFORE:
                allowed.add(i)
    return frozenset(allowed)


def _units(classes: list[CharClass]) -> tuple[list[int], tuple[tuple[int, int], ...]]:
    """Unbreakable units [CL-UNB] docs/typesetting.md §3: a unit id per cluster (-1: none) and spans."""
    # URLs are ALNUM by now, so each lies inside one ALNUM run.
    spans = _unit_runs(classes)
    if not spans and NOTE not in classes:
        return [-1] * len(classes), ()
    unit_of = [-1] * len(classes)
    for uid, (start, end) in enumerate(spans):
        unit_of[start:end] = [uid] * (end - start)
    for i in range(1, len(classes)):  # a note mark stays with what it marks
        if classes[i] is NOTE:
            if unit_of[i - 1] < 0:
                unit_of[i - 1] = len(spans)
                spans.append((i - 1, i + 1))
            unit_of[i] = unit_of[i - 1]
    merged: dict[int, list[int]] = {}
    for i, uid in enumerate(unit_of):
        if uid >= 0:
            merged.setdefault(uid, []).append(i)
    return unit_of, tuple((ix[0], ix[-1] + 1) for ix in merged.values() if len(ix) >= 2)


def _unit_runs(classes: list[CharClass]) -> list[tuple[int, int]]:
    """Runs of one same class, ALNUM or LONG, of two clusters or more, scanning only those."""
    spans = []
    start = prev = -2
    cls = None
    for i in compress(range(len(classes)), map(_UNIT_CLASSES.__contains__, classes)):
        if i == prev + 1 and classes[i] is cls:
            prev = i
            continue
        if prev - start >= 1:
            spans.append((start, prev + 1))
        start = prev = i
        cls = classes[i]
    if prev - start >= 1:
        spans.append((start, prev + 1))
    return spans


# --- boxes: punctuation widths (docs/typesetting.md §4) ------------------------------------------------


def _boxes(
    texts: list[str], advances: list[float], classes: list[CharClass], settings: Settings
) -> tuple[Box, ...]:
    style = STYLES[settings.punctuation]
    n = len(texts)
    # Most clusters are plain (Han, Latin): a shared box per advance, no blanks, nothing
    # to adjust. Only the others (marks, spaces) are looked at one by one.  A paragraph
    # has a few distinct advances (Han: one), so its plain boxes come from a small dict.
    plain = {advance: _plain_box(advance, True) for advance in set(advances)}
    boxes: list[Box | None] = [
        plain[advance] if cls in _COUNTED else _plain_box(advance, False) if cls is NOTE else None
        for cls, advance in zip(classes, advances, strict=True)
    ]
    marks = list(compress(range(n), map(is_, boxes, repeat(None))))
    geometry = [_NO_BLANKS] * n  # blanks() of a plain class or a space: none
    lcut = [0.0] * n
    rcut = [0.0] * n
    for i in marks:
        geometry[i] = blanks(classes[i], advances[i])
        if _style_halves(texts[i], classes[i], style):
            lcut[i], rcut[i] = geometry[i]
    _compress_pairs(texts, classes, geometry, lcut, rcut, style.pairs, marks)
    for i in marks:
        cls, advance = classes[i], advances[i]
        if cls is SPACE:
            boxes[i] = _space_box(advance)
        else:
            hangs = _may_hang(i, texts, classes, settings)
            level = _shrink_level(texts[i], cls)
            boxes[i] = _mark_box(
                cls, level, advance, geometry[i], lcut[i], rcut[i], hangs, settings.punctuation
            )
    return tuple(boxes)  # type: ignore[arg-type]


_NO_BLANKS = (0.0, 0.0)


def _style_halves(text: str, cls: CharClass, style: PunctuationStyle) -> bool:
    """The style sets this mark ½ em everywhere (开明, 半角 rows of the table)."""
    if cls is STOP:
        return style.half_full_stop if is_full_stop(text) else style.half_pause
    return cls in _BRACKETS and style.half_brackets


def _compress_pairs(
    texts: list[str],
    classes: list[CharClass],
    geometry: list[tuple[float, float]],
    lcut: list[float],
    rcut: list[float],
    mode: str,
    marks: list[int],
) -> None:
    """Adjacent marks whose blanks touch lose one blank [CL-ADJ], same rule everywhere.

    ``marks``: the indices of every cluster that is not plain (Han, Latin, long, note),
    ascending; only those can face each other.
    """
    if mode == "none":
        return
    gb_runs = (
        _joined_runs([i for i, t in enumerate(texts) if t in _GB_PAIR])
        if mode == "quanjiao" and not _GB_PAIR.isdisjoint(texts)
        else []
    )
    for start, end in gb_runs:  # ？！ pairs take 1 em, three marks 2 em [GB 5.1.2]
        for i in range(start, end - 1):
            rcut[i] = geometry[i][1]
        if (end - start) % 2 == 0 and end - start >= 2:
            rcut[end - 1] = geometry[end - 1][1]
    last = len(texts) - 1
    for i in marks:
        if i >= last:
            break
        a, b = classes[i], classes[i + 1]
        if a not in _FACING or b not in _FACING:
            continue
        if mode == "earlier":  # 开明: the earlier mark is set ½
            rcut[i] = geometry[i][1]
        elif texts[i] in _GB_PAIR and texts[i + 1] in _GB_PAIR:
            continue  # handled above
        elif a in _AFTER_MARK and b in _AFTER_MARK:  # 。” ”） ）。: first loses right ½
            rcut[i] = geometry[i][1]
        elif b is OPEN:  # （“ ）（ ，“: the opening mark loses its left ½
            lcut[i + 1] = geometry[i + 1][0]


# Plain boxes (no blanks): these classes and NOTE, which does not count toward a 孤字.
_COUNTED = frozenset({HAN, ALNUM, LONG})
_UNIT_CLASSES = frozenset({ALNUM, LONG})  # runs of these are units [CL-UNB]
_END_HALF = frozenset({CLOSE, STOP, MIDDLE})  # marks set ½ at a line end [GB 5.1.10]


@lru_cache(maxsize=256)
def _plain_box(advance: float, counts: bool) -> Box:
    return Box(advance, weight=int(counts))


@lru_cache(maxsize=64)
def _space_box(advance: float) -> Box:
    """A word space: shrinks to ¼ em, vanishes at a line edge [CL-ADJL]."""
    shrink = Adjust(Shrink.WORD_SPACE, advance - 0.25) if advance > 0.25 else None
    return Box(advance, rshrink=shrink, end_cut=advance, weight=0)


@lru_cache(maxsize=1024)
def _mark_box(
    cls: CharClass,
    level: Shrink | None,
    advance: float,
    geometry: tuple[float, float],
    lcut: float,
    rcut: float,
    hangs: bool,
    punctuation: str,
) -> Box:
    """A punctuation box: what the style and pairs removed, what edges and push-in may."""
    style = STYLES[punctuation]
    left, right = geometry[0] - lcut, geometry[1] - rcut
    squeeze = style.squeeze and level is not None
    if level is Shrink.FULL_STOP and not style.squeeze_full_stops:
        squeeze = False
    end_cut = right if style.line_end and cls in _END_HALF else 0.0
    ink = advance - lcut - rcut - end_cut
    return Box(
        advance,
        lcut=lcut,
        rcut=rcut,
        lshrink=Adjust(level, left) if squeeze and left > 0 else None,  # type: ignore[arg-type]
        rshrink=Adjust(level, right) if squeeze and right > 0 else None,  # type: ignore[arg-type]
        start_cut=left if style.line_start and cls is OPEN else 0.0,
        end_cut=end_cut,
        hang=ink if hangs and ink > 0 else 0.0,
        weight=0,
        mark=cls in PUNCTUATION,
    )


def _shrink_level(text: str, cls: CharClass) -> Shrink | None:
    """Push-in priority of a mark's blank [CL-ADJL] docs/typesetting.md §5 step 1."""
    if cls in (OPEN, CLOSE):
        return Shrink.BRACKET
    if cls is MIDDLE:
        return Shrink.MIDDLE
    if cls is STOP:
        return Shrink.FULL_STOP if is_full_stop(text) else Shrink.PAUSE
    return None


def _may_hang(i: int, texts: list[str], classes: list[CharClass], settings: Settings) -> bool:
    """One of 、，。 may hang at a line end, never in a run of marks [CL-HANG]."""
    if not settings.hanging or texts[i] not in HANGABLE_CHARS:
        return False
    before = classes[i - 1] if i > 0 else None
    after = classes[i + 1] if i + 1 < len(texts) else None
    return before not in PUNCTUATION and after not in PUNCTUATION


# --- glue: CJK–Latin space, inter-character gaps (docs/typesetting.md §5, §6) --------------------------


def _glue(
    i: int,
    j: int,
    classes: list[CharClass],
    advances: list[float],
    unit_of: list[int],
    url_breaks: frozenset[int],
    settings: Settings,
) -> Glue:
    a, b = classes[i], classes[j]
    if unit_of[i] >= 0 and unit_of[i] == unit_of[j]:
        # Never letter-spaced inside a unit [CL-UNB]; a URL's break points may take
        # space as a last resort, so a line that is all URL can still be justified.
        return _LOOSE if i in url_breaks else _NONE
    if b is SPACE:
        return _NONE  # the space box itself carries the word space
    if a is SPACE:  # word space stretches to ½ em first [CL-ADJL]
        stretch = max(0.0, 0.5 - advances[i])
        return Glue(stretch=(Adjust(Stretch.WORD_SPACE, stretch),), loose=True)
    if (a is HAN and b is ALNUM) or (a is ALNUM and b is HAN):
        return _cjk_latin(settings.cjk_latin_space)
    if a in _GAP_SIDES and b in _GAP_SIDES:
        return _GAP
    if a in _TIGHT or b in _TIGHT:
        return _NONE
    return _LOOSE  # beside a mark's blank or a bracket: only as a last resort


@lru_cache(maxsize=16)
def _cjk_latin(space: float) -> Glue:
    """¼ em between Han and Latin/digits, ⅛..½ when justifying [CL-MIX] docs/typesetting.md §6."""
    third = 1 / 3
    return Glue(
        natural=space,
        shrink=Adjust(Shrink.CJK_LATIN, space - 0.125) if space > 0.125 else None,
        stretch=(Adjust(Stretch.CJK_LATIN, third - space),) if space < third else (),
        gap=True,
        gap_cap=0.5 - max(space, third),
    )


_NONE = Glue()
_GAP = Glue(gap=True)
_LOOSE = Glue(loose=True)


# --- break costs (docs/typesetting.md §2, §3) -----------------------------------------------------------


def _cost(
    i: int,
    j: int,
    classes: list[CharClass],
    unit_of: list[int],
    url_breaks: frozenset[int],
    rules: tuple[frozenset[CharClass], frozenset[CharClass]],
) -> float:
    """Cost of a break between clusters i and j: 0, a URL cost, or INF (forbidden).

    ``rules`` is (no line end, no line start) of the kinsoku level [CL-KIN].
    """
    if unit_of[i] >= 0 and unit_of[i] == unit_of[j]:
        return URL_BREAK_COST if i in url_breaks else INF
    if classes[j] is SPACE:
        return INF  # break after a word space, never before it
    if classes[i] in rules[0] or classes[j] in rules[1]:
        return INF
    return 0.0
