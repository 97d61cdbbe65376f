"""A page template: a spec whose frames are left open, with the editor's constraints.

Input: ``TEMPLATE.yaml`` — every section of a page-grid spec (page, grid, styles,
header, copyfit, separators, fonts, content …) plus ``compose:`` and ``articles:``
in order of importance, each with constraints instead of ``rects:`` (docs/compose.md).
Output: :class:`Template`: the constraints, checked, every problem at its
FILE:LINE:COL; and the template's own text with ``compose:`` and ``articles:`` cut
out (:meth:`Template.shared_text`), so the spec that compose writes keeps the
editor's sections and comments as written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, UserError
from ..i18n import _
from ..inputs import read_input
from ..spec.yamlpos import load_yaml, position

SHAPES = ("rect", "L", "split")  # rectangle; L (a leg in the band below); 破栏 (fewer, wider columns)
ARTICLE_KEYS = ("content", "lead", "columns", "region", "shapes", "headline", "summary")
HEADLINE_KEYS = ("styles", "max_lines", "label", "byline", "align", "lines")
SUMMARY_KEYS = ("span", "style", "lines")
COMPOSE_KEYS = ("gap", "alternatives", "headline_air", "headline_styles", "blocked", "bands", "stack")
RECT_KEYS = ("col", "span", "line", "lines")
BLOCKED_KEYS = RECT_KEYS + ("name",)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Region:
    """A rectangle on the basic grid (1-based, inclusive spans as in a spec's rects)."""

    col: int
    span: int
    line: int
    lines: int
    name: str = ""

    @property
    def last_col(self) -> int:
        return self.col + self.span - 1

    @property
    def last_line(self) -> int:
        return self.line + self.lines - 1

    def contains(self, col: int, span: int, line: int, lines: int) -> bool:
        return self.col <= col and col + span - 1 <= self.last_col and self.line <= line and line + lines - 1 <= self.last_line


@dataclass(frozen=True)
class ArticleTemplate:
    content: str
    rank: int  # 1 = most important
    lead: bool
    min_columns: int
    max_columns: int
    region: Region | None
    shapes: tuple[str, ...]
    styles: tuple[str, ...]  # headline styles allowed, the preferred first
    max_lines: int
    label: str
    byline: str
    align: str
    head_lines: int | None  # a fixed headline area; None: as the title needs (plus air)
    summary_span: int | str | None  # columns of the summary box, "all", or None: no box
    summary_style: str
    summary_lines: int | None
    where: tuple[int, int]


@dataclass
class Template:
    file: Path
    text: str
    grid_columns: int
    grid_lines: int
    gap: int
    alternatives: int
    headline_air: int
    bands: int
    stack: int
    blocked: tuple[Region, ...]
    articles: tuple[ArticleTemplate, ...]
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # top-level key → (first, last) 0-based line

    def shared_text(self, drop: tuple[str, ...] = ("compose", "articles")) -> str:
        """The template's text with the ``drop`` sections blanked (lines kept, so positions stay right)."""
        lines = self.text.splitlines()
        for key in drop:
            if key in self.sections:
                first, last = self.sections[key]
                for i in range(first, min(last, len(lines) - 1) + 1):
                    lines[i] = ""
        return "\n".join(lines) + "\n"


def load_template(path: Path) -> Template:
    file = str(path)
    raw = read_input(path, kind="spec")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UserError.at(_("template is not UTF-8"), file, raw[: err.start].count(b"\n") + 1, 1, _("save the file as UTF-8")) from None
    data, positions = load_yaml(text, file)
    if not isinstance(data, dict):
        raise UserError.at(_("a template is a mapping of sections (page:, grid:, compose:, articles: …)"), file, 1, 1,
                           _("see layout/opinion-template.yaml"))
    problems: list[Problem] = []

    def fail(where: tuple, message: str, hint: str, value: bool = True) -> None:
        problems.append(Problem(message, file, *position(positions, where, value), hint))

    grid = data.get("grid") if isinstance(data.get("grid"), dict) else {}
    columns = grid.get("columns", 8) if isinstance(grid.get("columns", 8), int) else 8
    lines = grid.get("lines", 98) if isinstance(grid.get("lines", 98), int) else 98
    compose = data.get("compose") or {}
    if not isinstance(compose, dict):
        fail(("compose",), _("compose: must be a mapping"), _("e.g. compose: {gap: 1, alternatives: 3}"))
        compose = {}
    _unknown(compose, COMPOSE_KEYS, ("compose",), fail)

    def number(where: tuple, value: Any, low: int, high: int, default: int) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            fail(where, _("{key}: {value!r} is not a whole number from {low} to {high}").format(key='.'.join(map(str, where)), value=value, low=low, high=high),
                 _("use a whole number from {low} to {high}").format(low=low, high=high))
            return default
        return value

    gap = number(("compose", "gap"), compose.get("gap"), 0, 4, 1)
    alternatives = number(("compose", "alternatives"), compose.get("alternatives"), 0, 10, 3)
    air = number(("compose", "headline_air"), compose.get("headline_air"), 0, 12, 4)
    bands = number(("compose", "bands"), compose.get("bands"), 1, 4, 3)
    stack = number(("compose", "stack"), compose.get("stack"), 1, 3, 2)
    blocked = []
    raw_blocked = compose.get("blocked") or []
    if not isinstance(raw_blocked, list):
        fail(("compose", "blocked"), _("compose.blocked must be a list of rectangles"),
             _("e.g. blocked: [{name: picture, col: 7, span: 2, line: 1, lines: 30}]"))
        raw_blocked = []
    for i, entry in enumerate(raw_blocked):
        region = _rect(entry, ("compose", "blocked", i), columns, lines, fail, BLOCKED_KEYS)
        if region:
            blocked.append(region)
    by_rank = compose.get("headline_styles") or []
    if not isinstance(by_rank, list) or not all(isinstance(s, list) and s and all(isinstance(x, str) for x in s)
                                                for s in by_rank):
        fail(("compose", "headline_styles"), _("compose.headline_styles must be a list (one entry per rank) of lists of style names"),
             _("e.g. headline_styles: [[title-lead], [title, title-feature]] — the last entry serves "
                "every lower rank"))
        by_rank = []
    styles_known = set(data.get("styles") or {}) | {"title"} if isinstance(data.get("styles") or {}, dict) else {"title"}

    articles: list[ArticleTemplate] = []
    raw_articles = data.get("articles")
    if not isinstance(raw_articles, list) or not raw_articles:
        fail(("articles",), _("a template lists its articles, in order of importance, under articles:"),
             _("e.g. articles: [{content: 01-lead}, {content: 02-second}]"))
        raw_articles = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw_articles):
        where = ("articles", i)
        if not isinstance(entry, dict) or not isinstance(entry.get("content"), str):
            fail(where, _("each article needs content: (the content file's stem)"), _("e.g. - content: 01-diaocha-yanjiu"))
            continue
        if "rects" in entry:
            fail(where + ("rects",), _("a template leaves the frames open: rects: is what compose finds"),
                 _("remove rects:, or give columns:/region: as constraints"), value=False)
        _unknown(entry, ARTICLE_KEYS + ("rects",), where, fail)
        content = entry["content"]
        if content in seen:
            fail(where + ("content",), _("article {content!r} is listed twice (first as articles[{seen}])").format(content=content, seen=seen[content]),
                 _("list each article once"))
        seen.setdefault(content, i)
        lo, hi = 1, columns
        cols = entry.get("columns")
        if cols is not None:
            if isinstance(cols, int) and not isinstance(cols, bool):
                cols = [cols, cols]
            if not (isinstance(cols, list) and len(cols) == 2 and all(isinstance(c, int) and not isinstance(c, bool) for c in cols)
                    and 1 <= cols[0] <= cols[1] <= columns):
                fail(where + ("columns",), _("columns: {cols!r} is not [min, max] within 1–{columns}").format(cols=cols, columns=columns),
                     _("e.g. columns: [2, 4], or one number for a fixed width"))
            else:
                lo, hi = cols
        region = None
        if entry.get("region") is not None:
            region = _rect(entry["region"], where + ("region",), columns, lines, fail, RECT_KEYS)
        shapes = entry.get("shapes", ["rect"])
        if isinstance(shapes, str):
            shapes = [shapes]
        if not isinstance(shapes, list) or not shapes or any(s not in SHAPES for s in shapes):
            fail(where + ("shapes",), _("shapes: {shapes!r}: use a list of {names}").format(shapes=shapes, names=', '.join(SHAPES)),
                 _("rect: a rectangle; L: it may take a leg in the band below; split: 破栏 (fewer, wider columns)"))
            shapes = ["rect"]
        head = entry.get("headline") or {}
        if not isinstance(head, dict):
            fail(where + ("headline",), _("headline: must be a mapping"), _("e.g. headline: {styles: [title], max_lines: 2}"))
            head = {}
        _unknown(head, HEADLINE_KEYS, where + ("headline",), fail)
        styles = head.get("styles")
        if styles is None:
            styles = by_rank[min(i, len(by_rank) - 1)] if by_rank else ["title"]
        if isinstance(styles, str):
            styles = [styles]
        if not isinstance(styles, list) or not styles or not all(isinstance(s, str) for s in styles):
            fail(where + ("headline", "styles"), _("headline.styles must be a list of style names"), _("e.g. styles: [title, title-feature]"))
            styles = ["title"]
        for s in styles:
            if s not in styles_known:
                close = difflib.get_close_matches(s, sorted(styles_known), n=1)
                fail(where + ("headline", "styles") if "styles" in head else ("compose", "headline_styles"),
                     _("unknown headline style {style!r} for {content!r}").format(style=s, content=content),
                     _("did you mean '{name}'?").format(name=close[0]) if close else _("define it under styles: ({names})").format(names=', '.join(sorted(styles_known))))
        choice = {"label": ("left", "above", "none"), "byline": ("below", "right", "none"), "align": ("left", "center", "right")}
        picked = {}
        for key, allowed in choice.items():
            value = head.get(key, allowed[0])
            if value not in allowed:
                fail(where + ("headline", key), _("headline.{key}: {value!r} is not one of {names}").format(key=key, value=value, names=', '.join(allowed)), _("use one of {names}").format(names=', '.join(allowed)))
                value = allowed[0]
            picked[key] = value
        max_lines = number(where + ("headline", "max_lines"), head.get("max_lines"), 1, 4, 2)
        head_lines = number(where + ("headline", "lines"), head.get("lines"), 1, 30, 0) or None
        summary = entry.get("summary", {})
        summary_span: int | str | None = None
        summary_style, summary_lines = "summary", None
        if summary is not None:
            if not isinstance(summary, dict):
                fail(where + ("summary",), _("summary: must be a mapping or null"), _("e.g. summary: {span: 2}, or summary: null for none"))
                summary = {}
            _unknown(summary, SUMMARY_KEYS, where + ("summary",), fail)
            span = summary.get("span", "all")
            if span != "all" and (isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= columns):
                fail(where + ("summary", "span"), _("summary.span: {span!r} is not 'all' or a number of columns").format(span=span),
                     _("give all (the frame's width) or a number of columns"))
                span = "all"
            summary_span = span
            summary_style = summary.get("style", "summary") if isinstance(summary.get("style", "summary"), str) else "summary"
            summary_lines = number(where + ("summary", "lines"), summary.get("lines"), 1, 40, 0) or None
        articles.append(ArticleTemplate(
            content=content, rank=i + 1, lead=bool(entry.get("lead", False)), min_columns=lo, max_columns=hi,
            region=region, shapes=tuple(shapes), styles=tuple(styles), max_lines=max_lines, label=picked["label"],
            byline=picked["byline"], align=picked["align"], head_lines=head_lines, summary_span=summary_span,
            summary_style=summary_style, summary_lines=summary_lines, where=position(positions, where)))
    leads = [a for a in articles if a.lead]
    if len(leads) > 1:
        fail(("articles",), _("{count} articles say lead: true ({names})").format(count=len(leads), names=', '.join(a.content for a in leads)),
             _("one article leads the page"), value=False)
    if problems:
        raise UserError(*problems)
    if not leads and articles:
        articles[0] = _replace_lead(articles[0])
    return Template(file=path, text=text, grid_columns=columns, grid_lines=lines, gap=gap, alternatives=alternatives,
                    headline_air=air, bands=bands, stack=stack, blocked=tuple(blocked), articles=tuple(articles),
                    sections=_sections(text))


def _replace_lead(article: ArticleTemplate) -> ArticleTemplate:
    from dataclasses import replace
    return replace(article, lead=True)


def _unknown(mapping: dict, known: tuple[str, ...], where: tuple, fail) -> None:
    for key in mapping:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            fail(where + (key,), _("unknown key '{key}' in {section}").format(key=key, section='.'.join(map(str, where))),
                 _("did you mean '{name}'?").format(name=close[0]) if close else _("known keys here: {names}").format(names=', '.join(known)), value=False)


def _rect(entry: Any, where: tuple, columns: int, lines: int, fail, keys: tuple[str, ...]) -> Region | None:
    if not isinstance(entry, dict):
        fail(where, _("a rectangle is {col, span, line, lines}"), _("e.g. {col: 7, span: 2, line: 1, lines: 30}"))
        return None
    _unknown(entry, keys, where, fail)
    values = {}
    for key in RECT_KEYS:
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            fail(where + (key,), _("{key}: {value!r} is not a whole number ≥ 1").format(key='.'.join(map(str, where + (key,))), value=value),
                 _("col/line are 1-based; span/lines count columns and body lines"))
            return None
        values[key] = value
    region = Region(values["col"], values["span"], values["line"], values["lines"], str(entry.get("name", "")))
    if region.last_col > columns or region.last_line > lines:
        fail(where, _("rectangle columns {col}–{last_col}, lines {line}–{last_line} is off the {columns} × {lines} grid").format(col=region.col, last_col=region.last_col, line=region.line, last_line=region.last_line, columns=columns, lines=lines), _("keep col + span − 1 ≤ {columns} and line + lines − 1 ≤ {lines}").format(columns=columns, lines=lines))
        return None
    return region


def _sections(text: str) -> dict[str, tuple[int, int]]:
    """Top-level key → (first line of its key, last line of its value), 0-based, comments after a section excluded."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    found = {}
    for key, value in node.value:
        end = value.end_mark
        last = end.line if end.column > 0 else end.line - 1  # a block value ends at column 0 of the next line
        found[str(key.value)] = (key.start_mark.line, max(key.start_mark.line, last))
    return found
