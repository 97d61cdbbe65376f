"""Text comes back out: pdftotext gives the source text, pdfminer the placed positions."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from render_helpers import HANAMIN_B, KAI, SERIF, document, gid_of, run, shape

from zzprint.page import GlyphRun, Page, PlacedGlyph
from zzprint.render import render_pdf


def chars(data: bytes) -> list[LTChar]:
    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from walk(child)

    return [c for page in extract_pages(io.BytesIO(data)) for c in walk(page)]


def pdftotext(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    return [line.strip() for line in run("pdftotext", "-layout", str(path), "-").splitlines() if line.strip()]


def test_pdftotext_gives_back_the_source_text_including_quotes_and_ext_b(sample_pdf):
    """Line by line, exactly: curly quotes, full-width punctuation, 𠊎 (U+2028E, a surrogate pair)."""
    lines = [line.strip() for line in run("pdftotext", "-layout", str(sample_pdf), "-").splitlines() if line.strip()]
    assert lines == ["今日观点", "“城市更新”要留住烟火气。", "长体标题文字", "本报评论员 楷体", "𠊎𠀋"]


def test_a_multi_character_cluster_extracts_as_all_its_characters(tmp_path):
    """One glyph standing for '中国' (a 2-char cluster), then a '' glyph overlaid as a mark would be."""
    glyphs = (PlacedGlyph(gid_of(SERIF, "中"), 0, "中国"), PlacedGlyph(gid_of(SERIF, "、"), 4, ""),
              PlacedGlyph(gid_of(SERIF, "好"), 12, "好"))
    data = render_pdf(document(Page(100, 50, items=[GlyphRun(SERIF, 12, 30, glyphs)])))
    assert pdftotext(tmp_path, data) == ["中国好"]


@pytest.mark.parametrize("hscale", [1.0, 0.8, 1.25])
def test_glyph_x_positions_read_back_within_a_hundredth_of_a_point(hscale):
    """Irregular spacing (kerning, justification, a 4 pt gap) and 长体/扁体 scaling all land exactly."""
    run_ = shape(SERIF, "城市更新，要留住“烟火气”。", 10.5, 20.123, 40, tracking=0.37, hscale=hscale)
    glyphs = list(run_.glyphs)
    glyphs[5] = PlacedGlyph(glyphs[5].gid, glyphs[5].x + 4.0, glyphs[5].text)  # a wide gap
    for i in range(6, len(glyphs)):
        glyphs[i] = PlacedGlyph(glyphs[i].gid, glyphs[i].x + 4.0 - 0.013 * i, glyphs[i].text)
    run_ = GlyphRun(SERIF, run_.size, run_.baseline, tuple(glyphs), hscale=hscale)
    page = Page(400, 100, bleed=5.0, items=[run_])
    found = chars(render_pdf(document(page)))
    assert "".join(c.get_text() for c in found) == "城市更新，要留住“烟火气”。"
    for placed, char in zip(glyphs, found, strict=True):
        assert char.matrix[4] - page.bleed == pytest.approx(placed.x, abs=0.01)
        assert char.matrix[5] == pytest.approx(page.bleed + page.height - run_.baseline, abs=0.01)


def test_positions_stay_exact_along_a_long_line():
    """200 glyphs with a 1/3 pt fraction each: rounding must not accumulate."""
    text = "评论" * 100
    run_ = shape(KAI, text, 9.5, 0, 20, tracking=1 / 3)
    found = chars(render_pdf(document(Page(3000, 40, bleed=0, items=[run_]))))
    assert len(found) == 200
    worst = max(abs(c.matrix[4] - g.x) for c, g in zip(found, run_.glyphs, strict=True))
    assert worst < 0.001


def test_dy_raises_and_lowers_single_glyphs_and_vscale_keeps_it_in_points():
    """dy is pt downwards in the page model; with vscale (扁体/长体 vertical) it still moves exactly dy pt."""
    base = shape(SERIF, "上下标准", 12, 10, 50, vscale=1.25)
    g = base.glyphs
    moved = (g[0], PlacedGlyph(g[1].gid, g[1].x, g[1].text, dy=-3.0), PlacedGlyph(g[2].gid, g[2].x, g[2].text, dy=2.5),
             g[3])
    run_ = GlyphRun(SERIF, 12, 50, moved, vscale=1.25)
    found = chars(render_pdf(document(Page(100, 100, bleed=0, items=[run_]))))
    assert "".join(c.get_text() for c in found) == "上下标准"
    y = [c.y0 for c in found]
    assert y[1] - y[0] == pytest.approx(3.0, abs=0.01)
    assert y[2] - y[0] == pytest.approx(-2.5, abs=0.01)
    assert y[3] == pytest.approx(y[0], abs=0.01)  # Ts reset after a raised glyph


def test_ext_b_glyphs_are_positioned_too():
    run_ = shape(HANAMIN_B, "𠊎𠀋𠊎", 14, 3, 20)
    found = chars(render_pdf(document(Page(100, 40, bleed=0, items=[run_]))))
    assert [c.get_text() for c in found] == ["𠊎", "𠀋", "𠊎"]
    assert [round(c.matrix[4], 2) for c in found] == [round(g.x, 2) for g in run_.glyphs]


def test_each_page_of_a_two_page_document_has_its_own_text_and_state(tmp_path):
    """Graphics state is per page: page 2 sets its colour and overprint again."""
    one = Page(200, 60, items=[shape(SERIF, "第一版", 12, 10, 30)])
    two = Page(200, 60, items=[shape(KAI, "第二版", 12, 10, 30)])
    path = tmp_path / "two.pdf"
    path.write_bytes(render_pdf(document(one, two)))
    pages = run("pdftotext", "-layout", str(path), "-").split("\f")
    assert [p.strip() for p in pages if p.strip()] == ["第一版", "第二版"]
    with pikepdf.open(path) as pdf:
        ops = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[1])]
    assert ops.index("gs") < ops.index("k") < ops.index("BT")
