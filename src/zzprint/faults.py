"""Layout faults: what makes a laid-out page not deliverable, found once, from the page model.

Input: the resolved spec, the composed pages (page items with their tags, every
article's :class:`~zzprint.flow.article.ComposedArticle` with its fit, the regions its
parts may draw in, its empty lines) and the page-level problems of the flow (the header).
Output: a list of :class:`~zzprint.page.LayoutProblem` whose ``kind`` is one of
:data:`~zzprint.page.FAULT_KINDS`:

* ``overset`` — text that did not fit its frame;
* ``headline-overflow`` — a headline, label, summary, byline or header line that does
  not fit its area or ``max_lines`` (found by the flow, which does not draw the rest);
* ``off-frame`` — a glyph or rule outside its frame, its column, or the trim box;
* ``overlap`` — text of one block over another block (a run, rule or box of another tag);
* ``hole`` — a frame whose columns do not end flush, with how many lines are missing.

Every command reports the same list the same way (``zzprint build``, ``fit``, ``proof``,
``watch``, ``edition``); :func:`mark_faults` turns a document into a draft with each
fault outlined in red on the page and DRAFT in the slug.

Glyph extents are the ink boxes of the glyphs as placed (the font's glyph bounds, at
the run's size and scaling), so a compressed mark whose advance reaches past the
column but whose ink does not is no fault.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .i18n import N_, _, gettext_, language, ngettext
from .memo import Key, Memo, Table
from .page import CMYK, FAULT_KINDS, Box, Document, GlyphRun, Image, LayoutProblem, PageItem, Rule

BoxXYWH = tuple[float, float, float, float]
TOLERANCE = 0.6  # pt a glyph's ink may reach past its region (antialiasing, rounding): far below any visible fault
OVERLAP = 0.3  # pt two blocks must overlap by in both directions to count
MARK = CMYK(0, 1, 1, 0)  # the fault marks' red: a draft is never printed, so no registration concerns
MARK_WIDTH = 1.5
MARK_TAG = "fault"
LABEL_SIZE = 7.0
_SKIPPED = (":overset",)  # marks the flow adds to a draft, not page content


def find_faults(spec, pages, articles: dict, page_problems: list[LayoutProblem] = (),
                memo: Memo | None = None) -> list[LayoutProblem]:
    """Every layout fault of the composed pages, articles in the spec's order, then the pages'.

    ``memo``: a rebuilding process's (zzprint.memo); an article composed as before (the
    very value its memo kept) is not measured again.
    """
    faults: list[LayoutProblem] = []
    placements = {p.content: p for p in spec.placements}
    for placement in spec.placements:
        composed = articles.get(placement.content)
        if composed is not None:
            faults += _article_faults(spec, placement, composed)
    faults += [_at_header_line(spec, p) for p in page_problems if p.is_fault]
    seen = {(f.kind, f.article, f.page) for f in faults}
    table = memo.inked if memo is not None else None
    spec_key = Key((spec.key, language())) if table is not None else None
    for number, page in enumerate(pages, 1):
        for fault in _geometry(spec, page, number, articles, placements, table, spec_key):
            if (fault.kind, fault.article, fault.page) not in seen:  # one finding per kind and block is enough
                seen.add((fault.kind, fault.article, fault.page))
                faults.append(fault)
    return faults


# --- what the flow found -----------------------------------------------------------------

def _at_header_line(spec, problem: LayoutProblem) -> LayoutProblem:
    """A header problem at its slot's line in the spec (the flow names it first: ``header.left …``)."""
    if problem.line or not problem.message.startswith("header."):
        return problem
    slot = problem.message.split()[0].removeprefix("header.")
    line, col = _spec_position(spec.file, ("header", slot))
    return problem._replace(line=line, col=col)


def _article_faults(spec, placement, composed) -> list[LayoutProblem]:
    fit = composed.fit
    where = (str(spec.file), placement.where[0], placement.where[1])
    faults = list(fit.faults)
    if fit.overset_text:
        text = fit.overset_text
        status = _("overset by {chars} characters ({lines} lines)").format(chars=fit.overset_chars,
                                                                            lines=fit.overset_lines)
        faults.append(LayoutProblem(
            "overset", _("{status}: «{text}»").format(status=status, text=text[:30] + ("…" if len(text) > 30 else "")),
            fit.id, fit.file or where[0], fit.overset_line or 1, 1,
            _("cut about {chars} characters, or enlarge the frame at {file}:{line}").format(
                chars=fit.overset_chars, file=Path(where[0]).name, line=where[1]),
            composed.frame_boxes[-1], placement.page))
    if fit.hole_lines:
        chars = fit.hole_lines * fit.chars_per_line
        faults.append(LayoutProblem(
            "hole", ngettext("the columns do not end flush: {n} line missing (缺行)",
                             "the columns do not end flush: {n} lines missing (缺行)", fit.hole_lines).format(n=fit.hole_lines),
            fit.id, *where,
            (_("add about {chars} characters to {file}, or make the frame {lines} lines shorter").format(
                chars=chars, file=Path(fit.file).name, lines=fit.hole_lines) if fit.file else
             _("add about {chars} characters to the article, or make the frame {lines} lines shorter").format(
                 chars=chars, lines=fit.hole_lines)),
            _union(composed.holes) or composed.frame_boxes[-1], placement.page, tuple(composed.holes)))
    return faults


# --- what the page shows ----------------------------------------------------------------

def _geometry(spec, page, number: int, articles: dict, placements: dict, table: Table | None = None,
              spec_key: Key | None = None) -> list[LayoutProblem]:
    """Off-frame and overlap faults of one page, from its items' ink boxes.

    An article's items (a run of the page's items) are measured as one block, with the
    overlaps among its own parts (a headline over its body); any other item is a block of
    its own.  Blocks are then compared pairwise where their ink extents meet.  With a memo
    ``table`` an article's findings are kept, under the spec, page and article, for as
    long as the article is the very composition they were measured on.
    """
    found: list[LayoutProblem] = []
    blocks: list[tuple[BoxXYWH, list[tuple[BoxXYWH, str, bool]]]] = []  # (extent, ink boxes)
    items = page.items
    i = 0
    while i < len(items):
        owner = items[i].tag.partition(":")[0]
        composed = articles.get(owner)
        block = composed.items if composed is not None else ()
        if block and items[i:i + len(block)] == block:
            key = (spec_key, number, owner)
            entry = table.data.get(key) if table is not None else None
            if entry is None or entry[0] is not composed:
                entry = (composed, *_measure(spec, block, number, articles, placements))
                if table is not None:
                    table.misses += 1
                    table.put(key, entry)
            else:
                table.hits += 1
            i += len(block)
        else:
            entry = (None, *_measure(spec, items[i:i + 1], number, articles, placements))
            i += 1
        found += entry[1]
        if entry[2]:
            blocks.append((entry[3], entry[2]))
    fault = _reporter(spec, number, articles, placements, found)
    for a, (extent, inked) in enumerate(blocks):
        for other_extent, other in blocks[a + 1:]:
            if _intersect(extent, other_extent):
                _overlaps(spec, inked + other, fault, across=len(inked))
    return found


def _reporter(spec, number: int, articles: dict, placements: dict, found: list[LayoutProblem]):
    """``fault(kind, tag, message, box, hint)``: add a fault of page ``number`` to ``found``."""
    def fault(kind: str, tag: str, message: str, box: BoxXYWH, hint: str) -> None:
        article = tag.split(":", 1)[0] if tag.split(":", 1)[0] in articles else ""
        found.append(_located(spec, placements, kind, article, tag, message, box, hint, number))
    return fault


def _measure(spec, items, number: int, articles: dict, placements: dict
             ) -> tuple[list[LayoutProblem], list[tuple[BoxXYWH, str, bool]], BoxXYWH | None]:
    """The off-frame faults of ``items`` and the overlaps among them, their ink boxes (for
    the overlaps with other blocks) and the extent of those boxes."""
    grid = spec.grid
    trim = (0.0, 0.0, spec.width, spec.height)
    header_area = (grid.x, 0.0, grid.width, grid.y)
    hang = grid.body_size if spec.typography.hanging else 0.0
    found: list[LayoutProblem] = []
    inked: list[tuple[BoxXYWH, str, bool]] = []
    fault = _reporter(spec, number, articles, placements, found)
    for item in items:
        tag = item.tag
        if not tag or tag.endswith(_SKIPPED) or tag == MARK_TAG:
            continue
        box = ink_box(item)
        if box is None:
            continue
        inked.append((box, tag, isinstance(item, GlyphRun)))
        if not _inside(box, trim):
            fault("off-frame", tag, _("{what} is drawn outside the trim box").format(what=_what(item, tag)), box,
                  _("the page's paper ends there"))
            continue
        owner, _sep, part = tag.partition(":")
        composed = articles.get(owner)
        if composed is not None:
            part = part or "body"
            if not any(_inside(box, frame, right=hang) for frame in composed.frame_boxes):
                fault("off-frame", tag, _("{what} is drawn outside the article's frame").format(what=_what(item, tag)),
                      box, _("it runs into the gutter or the next article"))
            elif part in ("body", "subhead") and isinstance(item, GlyphRun):
                if not any(_inside(box, column, right=hang) for column in composed.regions.get(part, ())):
                    fault("off-frame", tag, _("{what} is drawn outside its column").format(what=_what(item, tag)), box,
                          _("it runs into the gutter"))
            elif part in composed.regions and not any(_inside(box, r) for r in composed.regions[part]):
                fault("off-frame", tag, _("{what} is drawn outside its {part} area").format(what=_what(item, tag),
                                                                                         part=part), box,
                      _("it reaches into the text below or beside it"))
        elif owner == "header" and part and not _inside(box, header_area):
            fault("off-frame", tag, _("{what} is drawn outside the header area").format(what=_what(item, tag)), box,
                  _("shorten it"))
    _overlaps(spec, inked, fault)
    return found, inked, _union([box for box, _tag, _text in inked])


def _overlaps(spec, inked: list[tuple[BoxXYWH, str, bool]], fault, across: int = 0) -> None:
    """Report text of one block over any item of another block.  Items are bucketed by grid
    rows and swept left to right in each, so each run is compared with its neighbours only.
    ``across``: the items are two blocks, ``inked[:across]`` and the rest; only pairs from
    different ones are compared (each block's own pairs were compared when it was measured)."""
    pitch = spec.grid.pitch
    rows: dict[int, list[int]] = {}
    for i, (box, _tag, _text) in enumerate(inked):
        for row in range(int(box[1] // pitch), int((box[1] + box[3]) // pitch) + 1):
            rows.setdefault(row, []).append(i)
    reported: set[tuple[str, str]] = set()
    for members in rows.values():
        members.sort(key=lambda i: inked[i][0][0])
        for n, i in enumerate(members):
            box, tag, text = inked[i]
            right = box[0] + box[2] - OVERLAP
            for j in members[n + 1:]:
                other_box, other_tag, other_text = inked[j]
                if other_box[0] >= right:
                    break  # sorted by left edge: nothing further on reaches this item
                if across and (i < across) == (j < across):
                    continue
                if other_tag == tag or not (text or other_text):  # one tag is one block; marks were left out
                    continue
                pair = (tag, other_tag) if tag < other_tag else (other_tag, tag)
                if pair in reported or not _intersect(box, other_box):
                    continue
                reported.add(pair)
                first, second = (tag, other_tag) if text else (other_tag, tag)  # the text is what is drawn over
                fault("overlap", first, _("{what} is drawn over {other}").format(what=_part_name(first),
                                                                                other=_part_name(second)),
                      _intersection(box, other_box), _("one of them does not fit its place"))


def _located(spec, placements: dict, kind: str, article: str, tag: str, message: str, box: BoxXYWH, hint: str,
             page: int) -> LayoutProblem:
    """A geometric fault at the place in the spec that put the block there."""
    file = str(spec.file)
    if article:
        line, col = placements[article].where
    elif tag.startswith("header:"):
        line, col = _spec_position(spec.file, ("header", tag.split(":", 1)[1]))
    else:
        line, col = 0, 0
    return LayoutProblem(kind, message, article, file, line, col, hint, box, page)


def _spec_position(file: Path, path: tuple) -> tuple[int, int]:
    """Where ``path`` is written in the spec (only asked for when there is a fault to report)."""
    try:
        from .spec.yamlpos import load_yaml_file, position
        _, positions = load_yaml_file(Path(file), "spec")
        return position(positions, path)
    except Exception:  # noqa: BLE001 - the spec was read a moment ago; at worst the fault has no line
        return (0, 0)


def _what(item: PageItem, tag: str) -> str:
    if isinstance(item, GlyphRun):
        text = "".join(g.text for g in item.glyphs)
        return _("{part} text «{text}»").format(part=_part_name(tag), text=text[:16] + ("…" if len(text) > 16 else ""))
    return (_("{part} rule") if isinstance(item, Rule) else _("{part} box")).format(part=_part_name(tag))


#: The parts of an article as fault messages name them (translated when shown).
_PARTS = {"": N_("the body of {article}"), "head": N_("the headline of {article}"),
          "label": N_("the section label of {article}"), "summary": N_("the summary of {article}"),
          "subhead": N_("a subhead of {article}")}


def _part_name(tag: str) -> str:
    owner, _sep, part = tag.partition(":")
    if owner == "header":
        return f"header.{part}" if part else _("the header rule")
    if owner == "separator":
        return _("a column rule")
    if part in _PARTS:
        return gettext_(_PARTS[part]).format(article=owner)
    return _("{part} of {article}").format(part=part, article=owner)


# --- ink boxes ---------------------------------------------------------------------------

def ink_box(item: PageItem) -> BoxXYWH | None:
    """Where an item puts ink, (x, y, w, h); None for a run of blank glyphs."""
    if isinstance(item, GlyphRun):
        return _run_box(item)
    if isinstance(item, Rule):
        half = item.width / 2
        x0, x1 = sorted((item.x0, item.x1))
        y0, y1 = sorted((item.y0, item.y1))
        return (x0 - half, y0 - half, x1 - x0 + 2 * half, y1 - y0 + 2 * half)
    if isinstance(item, Box):
        half = item.stroke_width / 2 if item.stroke is not None else 0.0
        return (item.x - half, item.y - half, item.w + 2 * half, item.h + 2 * half)
    if isinstance(item, Image):  # a picture inks what shows of it (its crop)
        return item.visible
    return None


def _run_box(run: GlyphRun) -> BoxXYWH | None:
    """The ink box of a run: its glyphs' bounds, scaled, at their origins.

    Origins go left to right, so the first and last inked glyphs give the sides (a
    neighbour is looked at too, for a mark whose ink starts in its advance's right half);
    the top and bottom are the extremes over every glyph.
    """
    table = _extents(run.font.path, run.font.index).scaled(run.size, run.hscale, run.vscale)
    inked = [(g, table[g.gid]) for g in run.glyphs]
    inked = [(g, t) for g, t in inked if t is not None]
    if not inked:
        return None
    ends = inked[:2] + inked[-2:]
    left = min(g.x + t[0] for g, t in ends)
    right = max(g.x + t[1] for g, t in ends)
    if any(g.dy for g, _ in inked):
        top = min(g.dy + t[2] for g, t in inked)
        bottom = max(g.dy + t[3] for g, t in inked)
    else:
        top = min(t[2] for _, t in inked)
        bottom = max(t[3] for _, t in inked)
    return (left, run.baseline + top, right - left, bottom - top)


class _Extents:
    """Glyph bounds of one face, in font units, asked per glyph id and kept."""

    def __init__(self, path: str, index: int):
        import uharfbuzz as hb

        face = hb.Face(hb.Blob.from_file_path(path), index)
        self.font = hb.Font(face)
        self.upem = face.upem
        self._scaled: dict[tuple[float, float, float], _Scaled] = {}

    def scaled(self, size: float, hscale: float, vscale: float) -> _Scaled:
        key = (size, hscale, vscale)
        table = self._scaled.get(key)
        if table is None:
            scale = size / self.upem
            table = self._scaled[key] = _Scaled(self.font, scale * hscale, scale * vscale)
        return table


class _Scaled(dict):
    """gid → (left, right, top, bottom) of its ink in pt from the origin (y down); None for a blank glyph."""

    def __init__(self, font, sx: float, sy: float):
        super().__init__()
        self.font, self.sx, self.sy = font, sx, sy

    def __missing__(self, gid: int):
        e = self.font.get_glyph_extents(gid)
        if not e or e.width == 0 or e.height == 0:
            value = None
        else:
            x0 = e.x_bearing * self.sx
            top = -e.y_bearing * self.sy
            value = (x0, x0 + e.width * self.sx, top, top - e.height * self.sy)
        self[gid] = value
        return value


@lru_cache(maxsize=32)
def _extents(path: str, index: int) -> _Extents:
    return _Extents(path, index)


def _inside(box: BoxXYWH, region: BoxXYWH, right: float = 0.0) -> bool:
    x, y, w, h = box
    rx, ry, rw, rh = region
    return (x >= rx - TOLERANCE and y >= ry - TOLERANCE and x + w <= rx + rw + right + TOLERANCE
            and y + h <= ry + rh + TOLERANCE)


def _intersect(a: BoxXYWH, b: BoxXYWH) -> bool:
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > OVERLAP
            and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > OVERLAP)


def _intersection(a: BoxXYWH, b: BoxXYWH) -> BoxXYWH:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    return (x0, y0, max(0.0, min(a[0] + a[2], b[0] + b[2]) - x0), max(0.0, min(a[1] + a[3], b[1] + b[3]) - y0))


def _union(boxes) -> BoxXYWH | None:
    boxes = list(boxes)
    if not boxes:
        return None
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    return (x0, y0, max(b[0] + b[2] for b in boxes) - x0, max(b[1] + b[3] for b in boxes) - y0)


# --- the draft ---------------------------------------------------------------------------

def mark_faults(document: Document, faults: list[LayoutProblem], spec, fonts) -> Document:
    """The document as a draft: each fault outlined in red with a short label, DRAFT in the slug
    and in the Info (``/ZZPrintDraft``), so that ``zzprint check`` refuses it as a print file."""
    from .flow.setter import Source, line_runs, set_one_line

    style = replace(spec.styles["label"], size=LABEL_SIZE, color=CMYK(0, 0, 0, 0), hscale=1.0, vscale=1.0)
    pages = []
    for number, page in enumerate(document.pages, 1):
        marks: list[PageItem] = []
        here = [f for f in faults if f.page == number]
        for fault in here:
            for part in fault.parts[1:]:
                px, py, pw, ph = _on_page(part, page)
                marks.append(Box(px - 1.5, py - 1.5, pw + 3, ph + 3, None, MARK, MARK_WIDTH, MARK_TAG))
            x, y, w, h = _on_page((fault.parts or [fault.box])[0] or (0.0, 0.0, page.width, page.height), page)
            marks.append(Box(x - 1.5, y - 1.5, w + 3, h + 3, None, MARK, MARK_WIDTH, MARK_TAG))
            text = f"{FAULT_KINDS.get(fault.kind, fault.kind)} {fault.kind} · {fault.article or f'page {number}'}"[:60]
            set_text = set_one_line(text, style, fonts, Source(str(spec.file), 0, "fault mark"))
            line = set_text.lines[0]
            width = (line.x[-1] + set_text.clusters[line.end - 1].advance) * LABEL_SIZE + 4 if line.x else 4
            tab_h = LABEL_SIZE * 1.5
            tab_y = y - 1.5 - tab_h if y - 1.5 - tab_h >= 0 else y + 1.5
            tab_x = min(max(0.0, x - 1.5), max(0.0, page.width - width))
            marks.append(Box(tab_x, tab_y, width, tab_h, MARK, None, 0.0, MARK_TAG))
            marks += line_runs(set_text, line, tab_x + 2, tab_y + LABEL_SIZE * 1.12, MARK_TAG)
        label = f"DRAFT — {len(here)} layout fault(s) marked, not for print — {page.label}"
        pages.append(replace(page, items=[*page.items, *marks], label=label, draft=True))
    return replace(document, pages=pages, draft=True)


def _on_page(box: BoxXYWH, page) -> BoxXYWH:
    """The box clipped to the trim, so that a mark for text below the page is seen on it."""
    x, y, w, h = box
    x0, y0 = min(max(x, 0.0), page.width - 4), min(max(y, 0.0), page.height - 4)
    x1, y1 = max(min(x + w, page.width), x0 + 4), max(min(y + h, page.height), y0 + 4)
    return (x0, y0, x1 - x0, y1 - y0)


__all__ = ["find_faults", "ink_box", "mark_faults"]
