"""The page renders (pdftoppm) with the real glyphs where they were placed — not .notdef boxes.

Each glyph's ink is compared with the outline extents HarfBuzz reports for the placed
glyph id in the original font: a wrong CID, a wrong font or a .notdef box gives a
different ink box.
"""

from __future__ import annotations

import pytest
from render_helpers import HANAMIN_B, KAI, SERIF, document, hb_font, render_gray, shape

from zzprint.page import Page
from zzprint.render import render_pdf

DPI = 144
PX = DPI / 72.0  # pixels per pt
LINES = [(SERIF, "一藏“中”。"), (KAI, "一藏评论"), (HANAMIN_B, "𠊎𠀋")]
SIZE = 36.0


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    runs = [shape(font, text, SIZE, 20, 50 + 50 * i, tracking=6) for i, (font, text) in enumerate(LINES)]
    page = Page(300, 200, bleed=0, items=runs)
    folder = tmp_path_factory.mktemp("pixels")
    pdf = folder / "glyphs.pdf"
    pdf.write_bytes(render_pdf(document(page)))
    width, height, pixels = render_gray(pdf, DPI, folder / "glyphs")
    return runs, width, height, pixels


def ink_box(pixels: bytes, width: int, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    x0, y0, x1, y1 = box
    xs, ys = [], []
    for y in range(y0, y1):
        row = pixels[y * width + x0:y * width + x1]
        dark = [i for i, v in enumerate(row) if v < 128]
        if dark:
            xs += [x0 + dark[0], x0 + dark[-1]]
            ys.append(y)
    return (min(xs), min(ys), max(xs) + 1, max(ys) + 1) if xs else None


def test_page_renders_at_the_trim_size(rendered):
    _, width, height, _ = rendered
    assert (width, height) == (round(300 * PX), round(200 * PX))


@pytest.mark.parametrize("line", range(len(LINES)))
def test_each_glyph_inks_exactly_its_own_outline_at_its_position(rendered, line):
    runs, width, _, pixels = rendered
    run = runs[line]
    font = hb_font(run.font)
    scale = run.size / font.face.upem
    for glyph in run.glyphs:
        ext = font.get_glyph_extents(glyph.gid)
        # expected ink box in pixels: x right from the pen, y_bearing up from the baseline
        ex0 = (glyph.x + ext.x_bearing * scale) * PX
        ex1 = (glyph.x + (ext.x_bearing + ext.width) * scale) * PX
        ey0 = (run.baseline - ext.y_bearing * scale) * PX
        ey1 = (run.baseline - (ext.y_bearing + ext.height) * scale) * PX
        search = (int(ex0) - 6, int(ey0) - 6, int(ex1) + 7, int(ey1) + 7)
        found = ink_box(pixels, width, search)
        assert found is not None, f"no ink for {glyph.text!r}"
        assert found == pytest.approx((ex0, ey0, ex1, ey1), abs=2.0), glyph.text


def test_a_one_stroke_glyph_inks_far_less_than_a_dense_one(rendered):
    """一 and 藏 differ hugely in ink; two .notdef boxes would not."""
    runs, width, _, pixels = rendered

    def ink(run, i):
        g, nxt = run.glyphs[i], run.glyphs[i + 1]
        box = (int(g.x * PX), int((run.baseline - SIZE) * PX), int(nxt.x * PX) - 2, int((run.baseline + 8) * PX))
        return sum(1 for y in range(box[1], box[3]) for v in pixels[y * width + box[0]:y * width + box[2]] if v < 128)

    for run in runs[:2]:
        one, dense = ink(run, 0), ink(run, 1)
        assert one > 50 and dense > 5 * one
