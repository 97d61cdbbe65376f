"""The whole page: header (报眉), articles in their frames, rules between them.

Input: a resolved spec, the articles, the font set and the edition values
(date, page number, editors).  Output: the :class:`~zzprint.page.Page` and the
fit of every article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import text as textmod
from ..content.model import Article
from ..edition import PLACEHOLDER_PATTERN
from ..i18n import _
from ..errors import UserError
from ..fonts.roles import FontSet
from ..memo import Memo
from ..workers import Map, serial_map
from ..page import LayoutProblem, Page, PageItem, Rule
from ..spec.load import PageSpec
from .article import ArticleFit, ComposedArticle, Context
from .copyfit import fit_article
from .setter import Source, line_extent, line_runs, set_one_line


@dataclass
class ComposedPages:
    pages: list[Page]
    fits: list[ArticleFit]
    articles: dict[str, ComposedArticle]
    problems: list[LayoutProblem] = field(default_factory=list)  # of the pages themselves (the header)


def paragraph_settings(spec: PageSpec) -> textmod.Settings:
    names = {"全角": "quanjiao", "开明": "kaiming", "行末半角": "hangmo", "半角": "banjiao", "不挤压": "plain"}
    typo = spec.typography
    return textmod.Settings(kinsoku=typo.kinsoku, punctuation=names.get(typo.punctuation, typo.punctuation),
                            cjk_latin_space=spec.cjk_latin_space, indent=spec.styles["body"].indent / spec.grid.body_size,
                            hanging=typo.hanging)


def compose_pages(spec: PageSpec, articles: dict[str, Article], fonts: FontSet,
                  edition: dict[str, str], first_page: int, memo: Memo | None = None,
                  mapper: Map = serial_map) -> ComposedPages:
    """Every page of the spec; page k's header shows page number first_page + k − 1.

    ``memo``: the build's (zzprint.memo), else a fresh one.  ``mapper``: how the articles,
    each fitted in its own frame, are mapped (``zzprint build`` shares them with a second
    core, see zzprint.workers); the result is the same whoever computes it.
    """
    ctx = Context(spec, fonts, paragraph_settings(spec), memo if memo is not None else Memo())
    placements = spec.placements
    fitted = dict(zip((p.content for p in placements),
                      mapper(lambda p: fit_article(ctx, p, articles[p.content]), placements)))
    pages: list[Page] = []
    composed: dict[str, ComposedArticle] = {}
    problems: list[LayoutProblem] = []
    for number in range(1, spec.page_count + 1):
        values = {**edition, "page": f"{first_page + number - 1:02d}"}
        page = Page(spec.width, spec.height, spec.bleed, label=_page_label(spec, values), crop_marks=spec.crop_marks)
        if spec.header:
            header_items, header_problems = _header(ctx, values, number)
            page.items += header_items
            problems += header_problems
        placements = [p for p in spec.placements if p.page == number]
        for placement in placements:
            composed[placement.content] = fitted[placement.content]
            page.items += composed[placement.content].items
        for j, picture in enumerate(spec.pictures):
            if picture.page == number:
                placed = _picture_frame(ctx, picture, j)
                page.items += placed.items
                problems += placed.problems
        if spec.separators:
            page.items += _separators(spec, placements)
        pages.append(page)
    return ComposedPages(pages, [c.fit for c in composed.values()], composed, problems)


def fill_placeholders(template: str, values: dict[str, str], where: str) -> str:
    """Replace {name} from the edition; only plain names, never code (a template is data)."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise UserError.at(_("unknown placeholder {{{name}}} in {where}").format(name=name, where=where),
                               hint=_("use one of {names}").format(names=', '.join('{' + v + '}' for v in sorted(values))))
        return values[name]
    return PLACEHOLDER_PATTERN.sub(replace, template)


def _page_label(spec: PageSpec, edition: dict[str, str]) -> str:
    name = spec.page_name if len(spec.page_name) <= 40 else spec.page_name[:40] + "…"  # the slug is one short line
    return f"{edition.get('paper', '')} {edition.get('date', '')} 第{edition.get('page', '')}版 {name} — {spec.file.name}"


def _header(ctx: Context, edition: dict[str, str], page: int = 1) -> tuple[list[PageItem], list[LayoutProblem]]:
    """The page header, kept in ``ctx.memo.headers`` by the spec, fonts, edition values and page."""
    key = (ctx.key, tuple(sorted(edition.items())), page)
    items, problems = ctx.memo.headers.get_or_make(key, _set_header, ctx, edition, page)
    return list(items), list(problems)


def _set_header(ctx: Context, edition: dict[str, str], page: int = 1) -> tuple[tuple[PageItem, ...], tuple[LayoutProblem, ...]]:
    """报眉 above the type area: paper name, page name, date and page number, editors; a rule under it.

    Each slot is one line: one wider than the type area is drawn only as far as the type
    area goes and reported; slots that run into each other are found by the fault check
    (each slot has its own tag, ``header:left`` …).
    """
    spec, grid = ctx.spec, ctx.grid
    header = spec.header
    values = {**edition, "page_name": spec.page_name}
    source = Source(str(spec.file), 0, "page header")
    items: list[PageItem] = []
    problems: list[LayoutProblem] = []
    rule_y = grid.y - grid.pitch / 2
    first_baseline = rule_y - grid.pitch * (header.lines - 1) - grid.body_size * 0.3
    second_baseline = rule_y - grid.body_size * 0.5
    slots = [("left", header.left, "header-paper", first_baseline), ("center", header.center, "header-paper", first_baseline),
             ("right", header.right, "header", first_baseline), ("second_line", header.second_line, "header", second_baseline)]
    for align, template, style_name, baseline in slots:
        if align == "second_line" and not template:
            continue
        text = fill_placeholders(template, values, f"{spec.file.name} header.{align}")
        if not text.strip():
            continue  # none when the edition leaves the names empty
        style = ctx.style(style_name)
        set_text = set_one_line(text, style, ctx.fonts, source)
        line = set_text.lines[0]
        extent = line_extent(set_text, line)
        tag = f"header:{align}"
        if extent > grid.width + 0.01:
            problems.append(LayoutProblem(
                "headline-overflow", _("header.{align} is {extent:.1f} pt wider than the type area ({text})").format(align=align, extent=extent - grid.width, text=text[:20] + ("…" if len(text) > 20 else "")), "", str(spec.file), 0, 0,
                (_("shorten header.{align} or page.name") if "{page_name}" in template else
                 _("shorten header.{align}")).format(align=align),
                (grid.x, baseline - style.size, grid.width, style.size * 1.2), page))
            continue  # not drawn: cut anywhere, it would still run over the other slots
        x = {"left": grid.x, "center": grid.x + (grid.width - extent) / 2}.get(align, grid.x + grid.width - extent)
        items += line_runs(set_text, line, x, baseline, tag)
    items.append(Rule(grid.x, rule_y, grid.x + grid.width, rule_y, spec.header_rule_width, tag="header"))
    return tuple(items), tuple(problems)


def _picture_frame(ctx: Context, picture, index: int):
    """A picture frame of its own on the page grid (columns × lines), tagged ``picture1`` …: its
    :class:`~zzprint.flow.pictures.PlacedPicture` (items and problems)."""
    from .pictures import place_picture

    grid, spec = ctx.grid, picture.spec
    return place_picture(ctx, picture, grid.column_left(spec.col), grid.span_width(spec.span), spec.line, spec.lines,
                         f"picture{index + 1}", "", picture.page)


def _separators(spec: PageSpec, placements) -> list[PageItem]:
    """Thin rules between neighbouring frames: in the gutter, or in the gap line between stacked frames."""
    grid = spec.grid
    rules: list[PageItem] = []
    boxes = [(p.content, r) for p in placements for r in p.rects]
    for name, rect in boxes:
        x, y, w, h = rect.box(grid)
        for other_name, other in boxes:
            if other_name == name:
                continue
            ox, oy, ow, oh = other.box(grid)
            # Neighbour to the right, separated by one gutter.
            if abs(ox - (x + w + grid.gutter)) < 0.5:
                top, bottom = max(y, oy), min(y + h, oy + oh)
                if bottom - top > grid.pitch:
                    mid = x + w + grid.gutter / 2
                    rules.append(Rule(mid, top + (grid.pitch - grid.body_size) / 2, mid,
                                      bottom - (grid.pitch - grid.body_size) / 2, 0.5, tag="separator"))
            # Neighbour below, after a gap of whole lines: the rule sits in the middle of the gap.
            gap = oy - (y + h)
            if -0.5 < gap <= 2 * grid.pitch + 0.5:
                left, right = max(x, ox), min(x + w, ox + ow)
                if right - left > grid.body_size:
                    mid = y + h + gap / 2 if gap > 0.5 else y + h
                    rules.append(Rule(left, mid, right, mid, 0.5, tag="separator"))
    return rules


__all__ = ["compose_pages", "ComposedPages", "paragraph_settings", "fill_placeholders"]
