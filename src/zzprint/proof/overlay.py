"""Proof overlays drawn on the page image with Pillow.

Input: a :class:`~zzprint.proof.png.PageImage` of the trim (a copy is drawn on,
the clean image is left alone) and the :class:`~zzprint.build.BuildResult` it
was rendered from.  Output: new RGB images —

* :func:`grid_overlay`: type area, column grid and baseline grid in
  non-printing cyan, every article frame outlined; overset articles outlined in
  red with their overset text in a red box at the frame's bottom; changed
  articles outlined in orange; adjusted lines ticked in the margin when the
  build tells which lines were adjusted;
* :func:`changes_overlay`: the page with only the changed frames outlined.

Geometry is the spec's grid in pt (trim top-left origin, y down), times the
image's pixels per pt: the image is cropped to the TrimBox, so no offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from ..build import BuildResult
from .png import PageImage

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FONT_INDEX = 2  # Noto Sans CJK SC inside the collection

# Colours a plate never sees (the overlay exists only in the PNG); pure RGB primaries so a
# test, or an eye, cannot confuse them with the CMYK red of a section label.
CYAN = (0, 200, 255)
GRID = (0, 200, 255, 90)  # the baseline grid, light: the text must stay readable through it
RED = (255, 0, 0)
RED_FILL = (255, 238, 238)
ORANGE = (255, 140, 0)
TICK = {"stretch": (0, 170, 0), "shrink": (200, 0, 200)}
PICTURE = (0, 160, 0)  # a picture frame as it shows
CROPPED = (255, 0, 255)  # the whole image, where the crop cuts it away


@dataclass(frozen=True)
class AdjustedLine:
    """A body line the justifier stretched or pushed in: where to put the tick."""

    article: str
    x: float  # left edge of the line's column, pt
    baseline: float  # pt
    kind: str  # "stretch" or "shrink"


def adjusted_lines(result: BuildResult) -> list[AdjustedLine] | None:
    """The build's adjusted lines, or None when the build does not record them.

    Reads ``ComposedArticle.adjusted_lines`` — a sequence of (x, baseline, kind) — which the
    layout stage does not fill yet (see the proof report's note); until it does, no ticks.
    """
    found: list[AdjustedLine] | None = None
    for article, composed in result.articles.items():
        marks = getattr(composed, "adjusted_lines", None)
        if marks is None:
            continue
        found = found or []
        found += [AdjustedLine(article, float(x), float(baseline), str(kind)) for x, baseline, kind in marks]
    return found


@lru_cache(maxsize=8)
def cjk_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(CJK_FONT, size, index=CJK_FONT_INDEX)
    except OSError:
        # Without Noto CJK the box still shows (with tofu); the report has the text anyway.
        return ImageFont.load_default(size)


def articles_on(result: BuildResult, page_number: int) -> set[str]:
    """Articles placed on page ``page_number`` (1-based) of a multi-page spec."""
    return {p.content for p in result.spec.placements if getattr(p, "page", 1) == page_number}


def grid_overlay(page: PageImage, result: BuildResult, changed: Iterable[str] = (),
                 adjusted: list[AdjustedLine] | None = None, page_number: int = 1) -> Image.Image:
    grid = result.spec.grid
    here = articles_on(result, page_number)
    base = page.image.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    faint = ImageDraw.Draw(layer)
    left, _ = page.px(grid.x, 0)
    right, _ = page.px(grid.x + grid.width, 0)
    for line in range(1, grid.lines + 1):
        _, y = page.px(0, grid.baseline(line))
        faint.line([(left, y), (right, y)], fill=GRID, width=1)
    image = Image.alpha_composite(base, layer).convert("RGB")
    draw = ImageDraw.Draw(image)
    # Type area and the basic columns: solid, so the grid reads at a glance.
    draw.rectangle(page.box(grid.x, grid.y, grid.width, grid.height), outline=CYAN, width=2)
    _, top = page.px(0, grid.y)
    _, bottom = page.px(0, grid.y + grid.height)
    for col in range(1, grid.columns + 1):
        for x in (grid.column_left(col), grid.column_left(col) + grid.column_width):
            px, _ = page.px(x, 0)
            draw.line([(px, top), (px, bottom)], fill=CYAN, width=1)
    overset = {fit.id: fit for fit in result.fits if fit.overset_text and fit.id in here}
    for article, composed in result.articles.items():
        if article in here and article not in overset:
            for box in composed.frame_boxes:
                draw.rectangle(page.box(*box), outline=CYAN, width=3)
    for line in (a for a in adjusted or () if a.article in here):
        x, y = page.px(line.x, line.baseline)
        # A short tick in the gutter left of the column, at the baseline.
        draw.line([(x - 12, y), (x - 3, y)], fill=TICK.get(line.kind, CYAN), width=3)
    _outline_changed(draw, page, result, [a for a in changed if a in here])
    for article, fit in overset.items():
        boxes = result.articles[article].frame_boxes
        for box in boxes:
            draw.rectangle(page.box(*box), outline=RED, width=4)
        _overset_box(draw, page, boxes[-1], f"overset {fit.status[len('overset by '):]}: ", fit.overset_text)
    _pictures(draw, page, result, page_number)
    for fault in getattr(result, "faults", ()):  # every layout fault where it is (zzprint.faults)
        if fault.page == page_number and fault.box and fault.kind != "overset":
            draw.rectangle(page.box(*fault.box), outline=RED, width=4)
    return image


def _pictures(draw: ImageDraw.ImageDraw, page: PageImage, result: BuildResult, page_number: int) -> None:
    """Each picture: the part that shows (green), the whole image where a crop cuts it (magenta),
    and its effective resolution as placed, red when below the spec's minimum."""
    from ..page import Image as Picture

    pages = result.document.pages
    if page_number > len(pages):
        return
    minimum = result.spec.output.min_ppi
    size = max(12, round(7 * page.scale))
    for item in pages[page_number - 1].items:
        if not isinstance(item, Picture):
            continue
        if item.clip is not None:
            draw.rectangle(page.box(item.x, item.y, item.w, item.h), outline=CROPPED, width=2)
        box = page.box(*item.visible)
        draw.rectangle(box, outline=PICTURE, width=3)
        low = item.source.ppi < minimum - 0.5
        label = f"{item.source.ppi:.0f} ppi{' < ' + format(minimum, '.0f') if low else ''}"
        draw.rectangle((box[0], box[1], box[0] + size * len(label) * 0.6 + 8, box[1] + size + 6), fill=(255, 255, 255))
        draw.text((box[0] + 4, box[1] + 3), label, fill=RED if low else PICTURE, font=cjk_font(size))


def changes_overlay(page: PageImage, result: BuildResult, changed: Iterable[str], page_number: int = 1) -> Image.Image:
    image = page.image.copy()
    here = articles_on(result, page_number)
    _outline_changed(ImageDraw.Draw(image), page, result, [a for a in changed if a in here])
    return image


def _outline_changed(draw: ImageDraw.ImageDraw, page: PageImage, result: BuildResult, changed: Iterable[str]) -> None:
    for article in changed:
        composed = result.articles.get(article)
        for box in composed.frame_boxes if composed else ():
            l, t, r, b = page.box(*box)
            # Outside the frame line, so a changed *and* overset frame shows both colours.
            draw.rectangle((l - 8, t - 8, r + 8, b + 8), outline=ORANGE, width=5)


def _overset_box(draw: ImageDraw.ImageDraw, page: PageImage, frame: tuple[float, float, float, float],
                 heading: str, text: str) -> None:
    """The overset text in a red box over the bottom of the frame (at most a third of it)."""
    l, t, r, b = page.box(*frame)
    size = max(12, round(8 * page.scale))
    font = cjk_font(size)
    pad = size // 2
    lines = _wrap(draw, heading + text, font, r - l - 2 * pad)
    pitch = round(size * 1.3)
    room = max(1, ((b - t) // 3 - 2 * pad) // pitch)
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = lines[-1][:-1] + "…"
    top = b - 2 * pad - len(lines) * pitch
    draw.rectangle((l, top, r, b), fill=RED_FILL, outline=RED, width=4)
    for i, line in enumerate(lines):
        draw.text((l + pad, top + pad + i * pitch), line, fill=RED, font=font)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Break by character (Chinese has no spaces to break at) to fit ``width`` pixels."""
    lines, current = [], ""
    for char in text.replace("\n", " "):
        if current and draw.textlength(current + char, font=font) > width:
            lines.append(current)
            current = ""
        current += char
    return lines + ([current] if current else [])


__all__ = ["AdjustedLine", "adjusted_lines", "articles_on", "changes_overlay", "cjk_font", "grid_overlay"]
