"""Jump lines (转版) in a frame: （下转第N版） on the last body line of a first part, （上接第M版）
on the first body line of its continuation, and the continuation's text.

Input: the placement (its ``jump`` and the ``jump_line`` text the edition filled in), the
slot the line takes.  Output: the line's glyph runs, a :class:`ContinuedBlock` list for
the continuation.  Which page a part continues on is :mod:`zzprint.jumps`' business.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Article, Block
from ..i18n import _
from ..page import LayoutProblem, PageItem
from ..spec.grid import centred_baseline
from .setter import Source, line_extent, line_runs, set_one_line

#: Drawn when the other part's page is not known (a page built without its edition).
UNKNOWN_PAGE = "？"


@dataclass(frozen=True)
class ContinuedBlock(Block):
    """A paragraph that began in the first part: it goes on without a first-line indent."""


def jump_line(ctx, article: Article, placement, slot, draw: bool = True):
    """The jump line in ``slot`` (a body line), set flush right in the jump style."""
    from .article import Placed, _problem, _where

    grid = ctx.grid
    style = ctx.style(ctx.spec.jump.style)
    region = (slot.x, grid.line_top(slot.line), slot.width, grid.pitch)
    text = placement.jump_line or _wording(ctx, placement, UNKNOWN_PAGE)
    set_text = set_one_line(text, style, ctx.fonts, Source(str(ctx.spec.file), placement.where[0],
                                                           f"article {article.id}, jump line"))
    line = set_text.lines[0]
    extent = line_extent(set_text, line)
    problems: list[LayoutProblem] = []
    if extent > slot.width + 0.01:
        problems.append(_problem("headline-overflow", _("the jump line {text!r} is wider than its column").format(text=text), article,
                                 placement, box=region, hint=_("shorten jump.out_text / jump.in_text in {where}").format(where=_where(ctx, placement))))
        return Placed([], problems, region)
    if not draw:
        return Placed([], problems, region)
    offset = {"left": 0.0, "center": (slot.width - extent) / 2}.get(style.align, slot.width - extent)
    baseline = centred_baseline(grid.line_top(slot.line), grid.pitch, style.size)
    items: list[PageItem] = line_runs(set_text, line, slot.x, baseline, f"{article.id}:jump", offset)
    return Placed(items, problems, region)


def _wording(ctx, placement, page: str) -> str:
    template = ctx.spec.jump.out_text if placement.jump == "out" else ctx.spec.jump.in_text
    return template.replace("{page}", page)


def continuation(article: Article, rest: str) -> tuple[Block, ...]:
    """The blocks of ``article`` that ``rest`` (the first part's overset text, in order) holds.

    A block cut by the jump continues as a :class:`ContinuedBlock` with the text that was
    not set; ``rest`` is always a tail of the blocks' texts joined.
    """
    blocks: list[Block] = []
    left = len(rest)
    for block in reversed(article.blocks):
        if left <= 0:
            break
        if len(block.text) <= left:
            blocks.append(block)
            left -= len(block.text)
        else:
            cut = len(block.text) - left
            strong = tuple((max(0, a - cut), b - cut) for a, b in block.strong if b > cut)
            blocks.append(ContinuedBlock(block.kind, block.text[cut:], block.line, strong))
            left = 0
    return tuple(reversed(blocks))
