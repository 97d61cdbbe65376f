"""End to end (issue 2): `zzprint build` turns content files into a PDF with real Chinese fonts.

Everything is checked on the PDF with tools that are not zzprint: pdffonts, pdfminer
(text and positions through ToUnicode), pdftoppm (pixels), Pillow (reference glyphs).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from projects import ROOT, build_made_up
from pdfread import normalise, read_pdf
from zzprint.content.markdown import load_articles

import yaml


def expected_article_text(article) -> str:
    """What the page must show for one article, in reading order: label, title, byline, 【summary】, body."""
    parts = [article.section, article.kicker, article.title, article.subtitle, article.author]
    if article.summary:
        parts.append(f"【{article.summary}】")
    parts += [block.text for block in article.blocks]
    return normalise("".join(parts))


def placed_ids(layout: Path) -> list[str]:
    return [a["content"] for a in yaml.safe_load(layout.read_text(encoding="utf-8"))["articles"]]


def test_every_font_is_embedded_and_subset_body_is_cid_type0c(opinion_pdf):
    """pdffonts: every font embedded and subset; the CJK body font is bare CFF (CID Type 0C)."""
    out = subprocess.run(["pdffonts", str(opinion_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert len(rows) >= 3
    for row in rows:
        name = row[0]
        emb, sub, uni = row[-5], row[-4], row[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert name[6] == "+" and name[:6].isupper(), f"subset tag missing: {name}"
    body = [line for line in out.splitlines() if "NotoSerifCJKsc-Regular" in line]
    assert body and "CID Type 0C" in body[0]


def test_seed_page_shows_every_character_of_every_article_in_order_and_nothing_else(opinion_pdf):
    """Text read back from the PDF = header + each article's text, in the layout's order, nothing extra."""
    page = read_pdf(opinion_pdf)[0]
    drawn = normalise(page.text)
    articles = load_articles(ROOT / "content")
    expected = "".join(expected_article_text(articles[i]) for i in placed_ids(ROOT / "layout/opinion.yaml"))
    assert drawn.endswith(expected), _first_difference(drawn[-len(expected):], expected)
    header = drawn[: len(drawn) - len(expected)]
    assert "株洲日报" in header and "观点" in header and "2024年12月20日" in header
    # Every character of every article is on the page: count them too (nothing lost, nothing doubled).
    assert len(drawn) - len(header) == sum(len(expected_article_text(a)) for a in articles.values())


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"differs at {i}: drawn …{a[max(0, i - 15):i + 15]}… expected …{b[max(0, i - 15):i + 15]}…"
    return f"lengths differ: {len(a)} vs {len(b)}"


# Frames as tall as the text: a frame whose columns do not end flush is a layout fault.
MADE_UP_LAYOUT = """
page: {name: 测试, width: 210mm, height: 297mm, bleed: 3mm}
grid: {body_size: 五号, columns: 3, chars: 15, gutter: 1字, line_pitch: 17pt, lines: 40}
output: {condition: IFRA26}
header: null
articles:
  - content: alpha
    rects: [{col: 1, span: 2, line: 1, lines: 17}]
    headline: {lines: 8}
  - content: beta
    rects: [{col: 3, span: 1, line: 1, lines: 9}]
    headline: {lines: 6, max_lines: 3}
"""

MADE_UP_ALPHA = """---
section: 测试专栏
kicker: 年终盘点
title: 2025年GDP增长5.2%，“新质生产力”见效
subtitle: 全市经济运行稳中有进
author: 张三
summary: 数字、English words 与（括号）都要一字不差。
---
据统计，2025年全市GDP达到4,567.8亿元，同比增长5.2%；其中R&D投入增长12.5%。
详见https://example.com/report/2025?id=7——这是一个很长的网址。

“重要的是……”他说，“《株洲日报》‘观点’版每天出版。”

## 一、小标题

最后一段：温度为-3℃，A股上涨0.5‰，iPhone 16 Pro售价5999元！
"""

MADE_UP_BETA = """---
title: 短评
author: 李四
---
这是第二篇文章，只有一段，用来检查第二个框里的文字。
"""


@pytest.fixture(scope="module")
def made_up(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("made-up")
    out = build_made_up(root, MADE_UP_LAYOUT, {"alpha": MADE_UP_ALPHA, "beta": MADE_UP_BETA})
    return root, out


def test_made_up_layout_and_content_show_every_character_in_order(made_up):
    root, pdf = made_up
    drawn = normalise(read_pdf(pdf)[0].text)
    articles = load_articles(root / "content")
    assert drawn == expected_article_text(articles["alpha"]) + expected_article_text(articles["beta"])


def test_pdftotext_also_reads_the_source_text(made_up):
    """A second, independent extractor (poppler) agrees: copied text is the source text."""
    _, pdf = made_up
    text = normalise(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for fragment in ("2025年GDP增长5.2%", "https://example.com/report/2025?id=7", "《株洲日报》", "-3℃", "0.5‰"):
        assert normalise(fragment) in text, fragment


def _ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    return float((a * b).sum() / (np.sqrt((a * a).sum() * (b * b).sum()) + 1e-9))


def test_rendered_page_shows_chinese_glyphs_not_boxes(opinion_pdf, tmp_path):
    """pdftoppm renders the title; each character matches the same character drawn by FreeType from the font file."""
    dpi = 200
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(opinion_pdf), str(tmp_path / "page")],
                   check=True)
    image = np.asarray(Image.open(tmp_path / "page.png").convert("L"), dtype=float)
    page = read_pdf(opinion_pdf)[0]
    scale = dpi / 72
    bleed = (page.trim[0] - page.media[0], page.media[3] - page.trim[3])
    title = next(g for g in page.glyphs if g.text == "肥" and g.size > 20)
    checked = 0
    for glyph in [g for g in page.glyphs if abs(g.baseline - title.baseline) < 0.5 and g.text in "合肥经验株洲科技创新"][:6]:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", round(glyph.size * scale), index=2)
        reference = Image.new("L", (round(glyph.size * scale * 1.2), round(glyph.size * scale * 1.2)), 255)
        ImageDraw.Draw(reference).text((0, 0), glyph.text, font=font, fill=0, anchor="la")
        ref = np.asarray(reference, dtype=float)
        # Search a small window: the reference is drawn from its top; the page glyph from its baseline.
        x0 = (glyph.x + bleed[0]) * scale
        y0 = (glyph.baseline + bleed[1]) * scale - font.getmetrics()[0]
        best = max(_ncc(image[int(y0) + dy:int(y0) + dy + ref.shape[0], int(x0) + dx:int(x0) + dx + ref.shape[1]][:ref.shape[0], :ref.shape[1]], ref)
                   for dy in range(-6, 7, 2) for dx in range(-12, 13, 2)
                   if image[int(y0) + dy:int(y0) + dy + ref.shape[0], int(x0) + dx:int(x0) + dx + ref.shape[1]].shape == ref.shape)
        assert best > 0.6, f"{glyph.text}: rendered glyph does not match the font's glyph (ncc {best:.2f})"
        checked += 1
    assert checked >= 4
    # And the body columns are full of ink: 8 columns of text, not empty space.
    body = image[int(image.shape[0] * 0.3):int(image.shape[0] * 0.5)]
    columns_with_ink = sum((body[:, i:i + 20] < 128).mean() > 0.02 for i in range(0, body.shape[1] - 20, 20))
    assert columns_with_ink > body.shape[1] / 20 * 0.6


def test_bold_lead_ins_are_set_in_the_strong_font_on_the_body_grid(opinion_pdf):
    """**织密覆盖网。** in the content: drawn in the 黑体 role's font, at the body size, in the paragraph's line."""
    glyphs = read_pdf(opinion_pdf)[0].glyphs
    text = "".join(g.text for g in glyphs)
    start = text.index("织密覆盖网。充分发扬")
    lead, rest = glyphs[start:start + 6], glyphs[start + 6:start + 10]
    assert all("NotoSansCJKsc-Bold" in g.font and g.size == 9 for g in lead)
    assert all("NotoSerifCJKsc-Regular" in g.font and g.size == 9 for g in rest)
    assert len({round(g.baseline, 2) for g in lead + rest}) == 1
    assert all(b.x - a.x == pytest.approx(9, abs=0.01) for a, b in zip(lead[:4], lead[1:5]))  # still one 字 apart
