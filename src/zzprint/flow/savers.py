"""Line-saving hints (删字/补字): where a few characters less saves a line, or a few more gain one.

Input: an article, its placement and the composing context.  Output:
:class:`LineHints`: the article's natural lines (its text set with no copy-fit
change) and, per paragraph, how many characters to cut (:class:`LineSaver`) or to
add (:class:`LineGainer`) just before its final punctuation for the natural lines
to become exactly one fewer or one more.

Every hint is found by setting the edited text, never estimated: the paragraph
must lose (gain) one line and the whole article exactly one (a subhead moved to
the next column can make it two, or none).  The last line's length only tells
where to start looking.  The paragraphs are memoized (flow.setter), so an edit
re-sets one paragraph; a hint costs a few compositions that draw nothing.  Only
``zzprint fit``, the proof and the watch page ask for hints, never a plain build.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from ..content.model import Article, Block
from ..fonts.roles import FontSet
from ..spec.grid import GridRect
from ..spec.load import PageSpec, Placement
from .article import Adjustments, Context, compose_article
from .page_layout import paragraph_settings

CANDIDATES = 20  # paragraphs tried per article and direction, the likeliest first
SEARCH = 3  # characters tried beyond the first guess, each way
FILLER = "字"  # what a gainer is checked with: one body character
LONGEST_PARAGRAPH = 2000  # characters: a longer paragraph is not tried (each try sets it again)


@dataclass(frozen=True)
class LineSaver:
    """Cut ``cut`` characters before the final punctuation of the paragraph at ``file:line``: one line fewer."""

    file: str
    line: int
    cut: int

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "cut": self.cut}


@dataclass(frozen=True)
class LineGainer:
    """Add ``add`` characters before the final punctuation of the paragraph at ``file:line``: one line more."""

    file: str
    line: int
    add: int

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "add": self.add}


@dataclass(frozen=True)
class LineHints:
    natural_lines: int
    savers: tuple[LineSaver, ...] = ()
    gainers: tuple[LineGainer, ...] = ()

    def as_dict(self) -> dict:
        return {"natural_lines": self.natural_lines,
                "line_savers": [s.as_dict() for s in self.savers],
                "line_gainers": [g.as_dict() for g in self.gainers]}


def final_punctuation(text: str) -> int:
    """Length of the run of punctuation marks that ends ``text`` (``。”``, ``？）`` …)."""
    n = 0
    while n < len(text) and unicodedata.category(text[len(text) - 1 - n]).startswith("P"):
        n += 1
    return n


def edit_before_final_punctuation(block: Block, delta: int) -> Block | None:
    """``block`` with ``delta`` characters added (FILLER) or, negative, cut just before its final
    punctuation; None when it has not that many characters to cut."""
    end = len(block.text) - final_punctuation(block.text)
    if delta < 0 and -delta > end:
        return None
    start = end + min(delta, 0)
    text = block.text[:start] + FILLER * max(delta, 0) + block.text[end:]

    def moved(i: int) -> int:  # where a position of the old text is in the new one
        return i if i <= start else max(start, i + delta) if delta < 0 else i + delta

    strong = tuple((moved(a), moved(b)) for a, b in block.strong if moved(b) > moved(a))
    return replace(block, text=text, strong=strong)


def page_hints(spec: PageSpec, articles: dict[str, Article], fonts: FontSet,
               only: set[str] | None = None) -> dict[str, LineHints]:
    """:func:`line_hints` of every placed article (of those in ``only``, when given), by article id."""
    ctx = Context(spec, fonts, paragraph_settings(spec))
    return {p.content: line_hints(ctx, p, articles[p.content]) for p in spec.placements
            if (only is None or p.content in only) and p.content in articles}


def line_hints(ctx: Context, placement: Placement, article: Article) -> LineHints:
    """The article's natural lines, its line savers and its line gainers, each checked by composing."""
    # The natural lines: with no copy-fit change, every line set (none estimated); an overset
    # article goes on in a column of the frame's last width after the frame (_with_room).
    room = _with_room(placement, article)
    natural = _natural(ctx, room, article)
    # Savers: cutting a few characters makes the natural lines exactly one fewer; gainers:
    # adding a few, one more.  Fewest characters first.
    return LineHints(natural.used_lines, tuple(_hints(ctx, article, natural, room, -1)),
                     tuple(_hints(ctx, article, natural, room, +1)))


def _hints(ctx: Context, article: Article, natural, room: Placement, direction: int) -> list:
    found = []
    for index, guess, longest in _candidates(article, natural, direction)[:CANDIDATES]:
        amount = _smallest(ctx, room, article, natural, index, guess, longest, direction)
        if amount:
            block = article.blocks[index]
            hint = LineSaver(str(article.path), block.line, amount) if direction < 0 else \
                LineGainer(str(article.path), block.line, amount)
            found.append(hint)
    return sorted(found, key=lambda h: (h.cut if direction < 0 else h.add, h.line))


def _candidates(article: Article, natural, direction: int) -> list[tuple[int, int, int]]:
    """(block index, first guess of characters, longest line in characters) per paragraph, likeliest first.

    Cutting: the characters on the last line before its final punctuation should pull
    it up.  Adding: the room left on the last line, plus one, should push a line out.
    """
    lines_of: dict[int, list] = {}
    at = 0
    for index, (count, _fill) in natural.paragraph_shape.items():  # natural.lines: each paragraph's, in order
        lines_of[index] = natural.lines[at:at + count]
        at += count
    found = []
    for index, lines in lines_of.items():
        block = article.blocks[index]
        if block.kind not in ("para", "note") or not lines or len(block.text) > LONGEST_PARAGRAPH:
            continue
        longest = max(len(line) for line in lines)
        last = len(lines[-1])
        if direction < 0:
            if len(lines) < 2:
                continue  # cutting a one-line paragraph saves a line only by deleting it
            guess = max(1, last - final_punctuation(block.text))
        else:
            guess = max(1, longest - last + 1)
        if guess <= longest:
            found.append((index, guess, longest))
    return sorted(found, key=lambda c: (c[1], c[0]))


def _smallest(ctx: Context, room: Placement, article: Article, natural, index: int, guess: int,
              longest: int, direction: int) -> int:
    """The fewest characters (at most one line's worth) that move the paragraph and the article one line; 0: none."""
    lines_before = natural.paragraph_shape[index][0]

    def works(amount: int) -> bool:
        block = edit_before_final_punctuation(article.blocks[index], direction * amount)
        if block is None:
            return False
        edited = replace(article, blocks=article.blocks[:index] + (block,) + article.blocks[index + 1:])
        fit = _natural(ctx, room, edited)
        shape = fit.paragraph_shape.get(index)
        return (shape is not None and shape[0] == lines_before + direction
                and fit.used_lines == natural.used_lines + direction)

    if works(guess):
        amount = guess
        while amount > 1 and works(amount - 1):  # compressed punctuation can make fewer do
            amount -= 1
        return amount
    for amount in range(guess + 1, min(guess + SEARCH, longest) + 1):
        if works(amount):
            return amount
    return 0


def _natural(ctx: Context, room: Placement, article: Article):
    return compose_article(ctx, room, article, Adjustments(), draw=False).fit


def _with_room(placement: Placement, article: Article) -> Placement:
    """The placement with one more column after the frame, of its last column's width, long enough for any text.

    The frame's own lines are unchanged; text past them is set there instead of
    being counted as overset.
    """
    last = placement.rects[-1]
    lines = sum(len(b.text) for b in article.blocks) + 4 * len(article.blocks) + 8
    # Only the first column of the added rect is ever reached: it is as long as the whole text.
    extra = GridRect(last.col, last.span, last.line + last.lines, lines, last.split)
    return replace(placement, rects=(*placement.rects, extra))


__all__ = ["page_hints", "LineHints", "LineSaver", "LineGainer", "line_hints",
           "final_punctuation", "edit_before_final_punctuation"]
