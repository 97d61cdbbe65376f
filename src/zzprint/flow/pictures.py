"""A picture frame on the grid: the picture, its caption (图说), its credit line, border and tint.

Input: a :class:`~zzprint.spec.load.Picture` (file header read, not decoded) and the
frame's place: its left edge and width, first grid line and height in body lines.
Output: page items (tint box, :class:`~zzprint.page.Image`, border, caption and
credit runs), the frame's region and the layout problems (a picture below the
minimum resolution as placed is a ``low-resolution`` fault, with its ppi).

The frame takes whole body lines, so the body text around it stays on the grid; the
picture keeps a standoff from the lines above and below (half the line gap, as the
summary box does), and the caption is set by the body's Chinese line breaker.
"""

from __future__ import annotations

from typing import NamedTuple

from ..page import BLACK, CMYK, Box, Image, ImageSource, LayoutProblem, PageItem
from ..pictures import CEILING
from ..spec.grid import centred_baseline
from ..spec.load import Picture
from .setter import Source, line_extent, line_runs, set_headline, set_paragraph

TINT = CMYK(0, 0, 0, 0.10)  # 底纹 K 10 %
BORDER_WIDTH = 0.3  # 细线框, pt
CAPTION_LEADING = 1.45  # caption line pitch as a multiple of its size
BoxXYWH = tuple[float, float, float, float]


class PlacedPicture(NamedTuple):
    items: list[PageItem]
    problems: list[LayoutProblem]
    region: BoxXYWH  # the frame: where its items may draw


def place_picture(ctx, picture: Picture, x: float, width: float, top_line: int, lines: int, tag: str,
                  article: str = "", page: int = 1, draw: bool = True) -> PlacedPicture:
    """The picture frame over ``lines`` grid lines from ``top_line``, ``width`` pt wide from ``x``."""
    grid, spec = ctx.grid, picture.spec
    where = (str(ctx.spec.file), *picture.where)
    inset = (grid.pitch - grid.body_size) / 2
    top = grid.line_top(top_line) + inset
    height = lines * grid.pitch - 2 * inset
    region = (x, top, width, height)
    pad = grid.body_size / 2 if spec.tint else 0.0
    inner_x, inner_w = x + pad, width - 2 * pad
    problems: list[LayoutProblem] = []

    def problem(kind: str, message: str, hint: str) -> None:
        problems.append(LayoutProblem(kind, message, article, where[0], where[1], where[2], hint, region, page))

    # Caption and credit, from the bottom of the frame up.
    settings = ctx.unindented
    source = Source(where[0], where[1], f"picture {picture.name!r}, caption")
    caption_style, credit_style = ctx.style(spec.style), ctx.style(spec.credit_style)
    caption = None
    if spec.caption:
        measure = max(1, int(inner_w // caption_style.size)) * caption_style.size
        caption = set_paragraph(spec.caption, caption_style, [measure], ctx.fonts, settings, source, memo=ctx.memo)
    credit = None
    if spec.credit:
        credit = set_headline(f"{spec.credit_kind}：{spec.credit}", credit_style, inner_w, ctx.fonts,
                              source._replace(what=f"picture {picture.name!r}, credit"), memo=ctx.memo)
    caption_lead, credit_lead = caption_style.size * CAPTION_LEADING, credit_style.size * CAPTION_LEADING
    text_h = (len(caption.lines) * caption_lead if caption else 0.0) + (len(credit.lines) * credit_lead if credit else 0.0)
    gap = caption_style.size / 2 if text_h else 0.0
    box = (inner_x, top + pad, inner_w, height - 2 * pad - text_h - gap)
    if box[3] < grid.pitch:
        problem("headline-overflow", f"caption and credit of picture {picture.name!r} leave "
                f"{max(0.0, box[3]) / grid.pitch:.1f} lines for the picture", "shorten the caption or give the frame more lines")
        box = (box[0], box[1], box[2], max(box[3], 1.0))

    image, shown, ppi = _image(ctx, picture, box, tag)
    min_ppi = ctx.spec.output.min_ppi
    if ppi < min_ppi - 0.5:
        most = picture.header.width * _kept(spec)[0] / min_ppi * 25.4
        problem("low-resolution", f"picture {picture.name!r} is {ppi:.0f} ppi as placed, below the {min_ppi:.0f} ppi "
                f"newsprint needs ({picture.header.width} × {picture.header.height} px over {shown[2] / 72 * 25.4:.1f} mm)",
                f"place it at most {most:.0f} mm wide, crop less, or use a larger original")
    if not draw:
        return PlacedPicture([], problems, region)
    items: list[PageItem] = []
    if spec.tint:
        items.append(Box(x, top, width, height, TINT, None, 0.0, tag))
    items.append(image)
    if spec.border:
        items.append(Box(*shown, None, BLACK, BORDER_WIDTH, tag))
    cursor = box[1] + box[3] + gap
    if caption:
        for line in caption.lines:
            items += line_runs(caption, line, inner_x, centred_baseline(cursor, caption_lead, caption_style.size), tag)
            cursor += caption_lead
    if credit:
        for line in credit.lines:
            extent = line_extent(credit, line)
            baseline = centred_baseline(cursor, credit_lead, credit_style.size)
            items += line_runs(credit, line, inner_x + max(0.0, inner_w - extent), baseline, tag)
            cursor += credit_lead
    return PlacedPicture(items, problems, region)


def _kept(spec) -> tuple[float, float, float, float]:
    """The part of the image the editor keeps, as fractions: (width, height, left, top)."""
    left, top, right, bottom = spec.crop or (0.0, 0.0, 1.0, 1.0)
    return (right - left, bottom - top, left, top)


def _image(ctx, picture: Picture, box: BoxXYWH, tag: str) -> tuple[Image, BoxXYWH, float]:
    """The Image item for ``box``: fill (cover and crop at the focus) or fit (whole, centred).

    A CMYK or grey JPEG at or under the ceiling is drawn whole and clipped to the frame,
    so its bytes pass through; any other picture is cut to what shows and resampled.
    """
    spec, header = picture.spec, picture.header
    bx, by, bw, bh = box
    kw, kh, kl, kt = _kept(spec)
    sx0, sy0 = kl * header.width, kt * header.height  # the kept part, in pixels
    sw, sh = kw * header.width, kh * header.height
    if spec.fit == "fit":
        scale = min(bw / sw, bh / sh)  # pt per pixel
        vw, vh = sw, sh
        left, top = sx0, sy0
        shown = (bx + (bw - sw * scale) / 2, by + (bh - sh * scale) / 2, sw * scale, sh * scale)
    else:
        scale = max(bw / sw, bh / sh)
        vw, vh = bw / scale, bh / scale  # the window of the image that shows
        fx, fy = spec.focus or (0.5, 0.5)
        left = min(max(sx0 + fx * sw - vw / 2, sx0), sx0 + sw - vw)
        top = min(max(sy0 + fy * sh - vh / 2, sy0), sy0 + sh - vh)
        shown = box
    ppi = 72.0 / scale
    ceiling = CEILING * ctx.spec.output.min_ppi
    common = dict(path=str(picture.file), name=picture.name, root=str(ctx.spec.root), stamp=picture.stamp,
                  ppi=ppi, tac=ctx.spec.output.tac, profile=ctx.spec.picture_profile_path,
                  origin=(str(ctx.spec.file), *picture.where), mode=picture.header.mode)
    whole = (left, top, vw, vh) == (0, 0, header.width, header.height)
    if header.passes_through and ppi <= ceiling + 0.5:
        source = ImageSource(crop=None, pixels=(header.width, header.height), **common)
        ox, oy = shown[0] - left * scale, shown[1] - top * scale
        clip = None if whole else shown
        return Image(ox, oy, header.width * scale, header.height * scale, source, clip, tag), shown, ppi
    crop = (int(round(left)), int(round(top)), int(round(left + vw)), int(round(top + vh)))
    crop = (crop[0], crop[1], max(crop[2], crop[0] + 1), max(crop[3], crop[1] + 1))
    pixels = (crop[2] - crop[0], crop[3] - crop[1])
    if ppi > ceiling:
        pixels = (max(1, round(shown[2] / 72 * ceiling)), max(1, round(shown[3] / 72 * ceiling)))
    source = ImageSource(crop=crop, pixels=pixels, **common)
    return Image(*shown, source, None, tag), shown, ppi


__all__ = ["place_picture", "PlacedPicture"]
