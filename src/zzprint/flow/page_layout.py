"""The whole page: header (报眉), articles in their frames, rules between them.

Input: a resolved spec, the articles, the font set and the edition values
(date, page number, editors).  Output: the :class:`~zzprint.page.Page` and the
fit of every article.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import text as textmod
from ..content.model import Article
from ..edition import PLACEHOLDER_PATTERN
from ..errors import UserError
from ..fonts.roles import FontSet
from ..page import Page, PageItem, Rule
from ..spec.load import PageSpec
from .article import ArticleFit, ComposedArticle, Context
from .copyfit import fit_article
from .setter import Source, line_extent, line_runs, set_headline


@dataclass
class ComposedPages:
    pages: list[Page]
    fits: list[ArticleFit]
    articles: dict[str, ComposedArticle]


# The parent's part of the text when it has other work while the child finishes: importing
# the PDF writer costs about what setting a fifth of the seed page does.
MY_SHARE_WHILE_WAITING = 0.4


def paragraph_settings(spec: PageSpec) -> textmod.Settings:
    names = {"全角": "quanjiao", "开明": "kaiming", "行末半角": "hangmo", "半角": "banjiao", "不挤压": "plain"}
    typo = spec.typography
    return textmod.Settings(kinsoku=typo.kinsoku, punctuation=names.get(typo.punctuation, typo.punctuation),
                            cjk_latin_space=spec.cjk_latin_space, indent=spec.styles["body"].indent / spec.grid.body_size,
                            hanging=typo.hanging)


def compose_pages(spec: PageSpec, articles: dict[str, Article], fonts: FontSet,
                  edition: dict[str, str], first_page: int, workers: int = 1,
                  while_waiting: Callable[[], object] | None = None) -> ComposedPages:
    """Every page of the spec; page k's header shows page number first_page + k − 1.

    ``workers`` = 2 fits the articles in two processes (a one-shot build on a machine
    with two cores); the pages are the same either way.  ``while_waiting``: work for
    this process once its share is done (the command line imports the PDF writer), for
    which it takes a smaller share.
    """
    ctx = Context(spec, fonts, paragraph_settings(spec))
    fitted = _fit_articles(ctx, spec.placements, articles, workers, while_waiting)
    pages: list[Page] = []
    composed: dict[str, ComposedArticle] = {}
    for number in range(1, spec.page_count + 1):
        values = {**edition, "page": f"{first_page + number - 1:02d}"}
        page = Page(spec.width, spec.height, spec.bleed, label=_page_label(spec, values), crop_marks=spec.crop_marks)
        if spec.header:
            page.items += _header(ctx, values)
        placements = [p for p in spec.placements if p.page == number]
        for placement in placements:
            composed[placement.content] = fitted[placement.content]
            page.items += composed[placement.content].items
        if spec.separators:
            page.items += _separators(spec, placements)
        pages.append(page)
    return ComposedPages(pages, [c.fit for c in composed.values()], composed)


def _fit_articles(ctx: Context, placements, articles: dict[str, Article], workers: int,
                  while_waiting: Callable[[], object] | None) -> dict[str, ComposedArticle]:
    """Copy-fit every placed article; with two workers, a forked child fits about half.

    Articles are independent once the spec and fonts are loaded, so a cold build can
    use the second core.  The child returns its articles pickled through a pipe; if it
    fails for any reason the parent fits them itself, so an error is raised (and
    reported) exactly as in a one-process build.
    """
    jobs = [(p, articles[p.content]) for p in placements]
    if workers < 2 or len(jobs) < 2 or not hasattr(os, "fork"):
        return {p.content: fit_article(ctx, p, a) for p, a in jobs}
    mine, theirs = _split_by_length(jobs, MY_SHARE_WHILE_WAITING if while_waiting else 0.5)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: fit its share, send it, leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read_end)
            result = {p.content: fit_article(ctx, p, a) for p, a in theirs}
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    result = {p.content: fit_article(ctx, p, a) for p, a in mine}
    if while_waiting:
        while_waiting()
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0 and data:
        result.update(pickle.loads(data))
    else:
        result.update({p.content: fit_article(ctx, p, a) for p, a in theirs})
    return result


def _split_by_length(jobs: list, mine: float) -> tuple[list, list]:
    """Two shares of the text, the parent's (about ``mine`` of it) first: longest article
    first, each to the share furthest below its part."""
    shares: tuple[list, list] = ([], [])
    loads = [0, 0]
    parts = (mine, 1.0 - mine)
    sized = sorted(((sum(len(b.text) for b in job[1].blocks), n, job) for n, job in enumerate(jobs)),
                   key=lambda item: (-item[0], item[1]))
    for size, _, job in sized:
        lighter = 0 if loads[0] / parts[0] <= loads[1] / parts[1] else 1
        shares[lighter].append(job)
        loads[lighter] += size
    return shares


def fill_placeholders(template: str, values: dict[str, str], where: str) -> str:
    """Replace {name} from the edition; only plain names, never code (a template is data)."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise UserError.at(f"unknown placeholder {{{name}}} in {where}",
                               hint=f"use one of {', '.join('{' + v + '}' for v in sorted(values))}")
        return values[name]
    return PLACEHOLDER_PATTERN.sub(replace, template)


def _page_label(spec: PageSpec, edition: dict[str, str]) -> str:
    return f"{edition.get('paper', '')} {edition.get('date', '')} 第{edition.get('page', '')}版 {spec.page_name} — {spec.file.name}"


def _header(ctx: Context, edition: dict[str, str]) -> list[PageItem]:
    """报眉 above the type area: paper name, page name, date and page number, editors; a rule under it."""
    spec, grid = ctx.spec, ctx.grid
    header = spec.header
    values = {**edition, "page_name": spec.page_name}
    source = Source(str(spec.file), 0, "page header")
    items: list[PageItem] = []
    rule_y = grid.y - grid.pitch / 2
    first_baseline = rule_y - grid.pitch * (header.lines - 1) - grid.body_size * 0.3
    second_baseline = rule_y - grid.body_size * 0.5
    slots = [("left", header.left, "header-paper"), ("center", header.center, "header-paper"), ("right", header.right, "header")]
    for align, template, style_name in slots:
        text = fill_placeholders(template, values, f"{spec.file.name} header.{align}")
        if not text.strip():
            continue
        style = ctx.style(style_name)
        set_text = set_headline(text, style, grid.width, ctx.fonts, source)
        for line in set_text.lines[:1]:
            extent = line_extent(set_text, line)
            x = {"left": grid.x, "center": grid.x + (grid.width - extent) / 2, "right": grid.x + grid.width - extent}[align]
            items += line_runs(set_text, line, x, first_baseline, "header")
    if header.second_line:
        text = fill_placeholders(header.second_line, values, f"{spec.file.name} header.second_line")
        style = ctx.style("header")
        set_text = set_headline(text, style, grid.width, ctx.fonts, source)
        for line in set_text.lines[:1]:  # none when the edition leaves the names empty
            items += line_runs(set_text, line, grid.x + grid.width - line_extent(set_text, line), second_baseline, "header")
    items.append(Rule(grid.x, rule_y, grid.x + grid.width, rule_y, spec.header_rule_width, tag="header"))
    return items


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
