"""竖排 on the demonstration edition (layout/edition-jump.yaml): a vertical main headline and a
vertical 编者按 strip, read back from the PDF and checked against HarfBuzz and the fonts."""

from __future__ import annotations

import io
import subprocess
from functools import lru_cache
from pathlib import Path

import pikepdf
import pytest
import uharfbuzz as hb
from fontTools.cffLib import CFFFontSet
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from pdfread import normalise, read_pdf
from projects import ROOT, run_zzprint
from zzprint.content.markdown import load_articles
from zzprint.fonts.roles import load_fontset

TITLE_SIZE = 24.0  # title-vertical in layout/jump-front.yaml: 小一
# Marks a column may not start with, and marks it may not end with (GB/T 15834, 避头尾).
NOT_AT_TOP = set("，。、：；？！）》」』】〕〉”’…—·")
NOT_AT_FOOT = set("（《「『【〔〈“‘")


@pytest.fixture(scope="module")
def front(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition-jump")
    result = run_zzprint("edition", "layout/edition-jump.yaml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "01-jump-front.pdf"


def _articles():
    return load_articles(ROOT / "content" / "edition-jump" / "front")


def _title_glyphs(pdf: Path):
    return [g for g in read_pdf(pdf)[0].glyphs if abs(g.size - TITLE_SIZE) < 0.01]


def _columns(glyphs):
    """Vertically drawn glyphs (pdfminer gives them a negative, vertical advance) by column x, right to left."""
    columns: dict[float, list] = {}
    for glyph in glyphs:
        if glyph.right - glyph.x < 0:
            # a 纵中横 square's digits stand left and right of the column's line: the nearest column
            x = next((x for x in columns if abs(x - glyph.x) < glyph.size * 0.5), round(glyph.x, 2))
            columns.setdefault(x, []).append(glyph)
    return [sorted(columns[x], key=lambda g: g.baseline) for x in sorted(columns, reverse=True)]


def _vertical_shape(text: str):
    """HarfBuzz's vertical shaping of ``text`` in the title's face: (glyph id, y advance in em) per character."""
    face = load_fontset(ROOT / "fonts" / "fonts.yaml").chain("黑体")[0]
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "ttb"
    buf.language = "zh-Hans"
    hb.shape(face.hb_font, buf, {"vert": True, "vrt2": True})
    horizontal = hb.Buffer()
    horizontal.add_str(text)
    horizontal.guess_segment_properties()
    hb.shape(face.hb_font, horizontal, {})
    return face, [(i.codepoint, p.y_advance / face.upem) for i, p in zip(buf.glyph_infos, buf.glyph_positions)], \
        [i.codepoint for i in horizontal.glyph_infos]


def test_headline_columns_share_one_x_and_step_down_by_the_vertical_advance(front):
    title = _articles()["04-suili-yijinrou"].title
    columns = _columns(_title_glyphs(front))
    assert len(columns) == 2  # max_lines: 2, read right to left
    assert normalise("".join(g.text for c in columns for g in c)) == normalise(title)
    _, shaped, _ = _vertical_shape(title.replace(" ", "　"))
    advance = -shaped[0][1] * TITLE_SIZE
    assert advance == pytest.approx(TITLE_SIZE)
    steps = 0
    for column in columns:
        assert len({g.x for g in column}) == 1  # one x per column
        for a, b in zip(column, column[1:]):
            assert a.right - a.x == pytest.approx(-advance, abs=0.01)  # the PDF's vertical advance is HarfBuzz's
            if a.text not in NOT_AT_FOOT | NOT_AT_TOP and b.text not in NOT_AT_FOOT | NOT_AT_TOP:
                assert b.baseline - a.baseline == pytest.approx(advance, abs=0.01)
                steps += 1
            else:  # a mark may be set in half a square (标点挤压), never more than a square
                assert advance / 2 - 0.01 <= b.baseline - a.baseline <= advance + 0.01
    assert steps >= 4


@lru_cache(maxsize=1)
def _original_bounds(path: str, index: int):
    font = TTFont(path, fontNumber=index, lazy=True)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()

    def bounds(gid: int):
        pen = BoundsPen(glyphs)
        glyphs[order[gid]].draw(pen)
        return pen.bounds
    return bounds


def _drawn_title_codes(pdf: Path):
    """The codes shown at the title's size with a vertical (Identity-V) font, and that font's CFF program."""
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0]
        fonts = page.Resources.Font
        codes, font_name, size, program = [], None, None, None
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "Tf":
                font_name, size = str(operands[0]), float(operands[1])
            elif str(op) == "TJ" and size == TITLE_SIZE:
                font = fonts[font_name]
                assert str(font.Encoding) == "/Identity-V"
                program = font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()
                for part in operands[0]:
                    if isinstance(part, pikepdf.String):
                        raw = bytes(part)
                        codes += [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(program), None)
    return codes, cff.topDictIndex[0]


def test_every_punctuation_mark_of_the_headline_is_drawn_in_its_vertical_form(front):
    title = _articles()["04-suili-yijinrou"].title
    face, shaped, horizontal = _vertical_shape(title.replace(" ", "　"))
    codes, top = _drawn_title_codes(front)
    assert len(codes) == len(shaped)
    original = _original_bounds(face.ref.path, face.ref.index)
    marks = 0
    for char, code, (gid, _), flat in zip(title.replace(" ", "　"), codes, shaped, horizontal):
        pen = BoundsPen(None)
        top.CharStrings[top.charset[code]].draw(pen)
        assert pen.bounds == original(gid), f"{char!r} is not HarfBuzz's vertical glyph {gid}"
        if char in "“”《》（），。、：；——……":
            marks += 1
            assert gid != flat and pen.bounds != original(flat), f"{char!r} drawn in its horizontal form"
    assert marks == sum(title.count(c) for c in "“”")  # every mark of this title


def test_pdftotext_reads_the_vertical_headline_and_strip_in_order(front):
    articles = _articles()
    text = normalise(subprocess.run(["pdftotext", str(front), "-"], capture_output=True, text=True, check=True).stdout)
    assert normalise(articles["04-suili-yijinrou"].title) in text
    note = articles["00-bianzhean"]
    assert normalise("".join(b.text for b in note.blocks)) in text
    # pdfminer, in drawing order: column after column (a 纵中横 square's second digit has no text of its own)
    drawn = "".join(g.text for g in read_pdf(front)[0].glyphs if not g.text.startswith("(cid:"))
    assert normalise(drawn).count(normalise(note.blocks[0].text)) == 1
    assert normalise(drawn).count(normalise(articles["04-suili-yijinrou"].title)) == 1


def test_no_column_of_the_strip_starts_or_ends_with_a_forbidden_mark(front):
    note = _articles()["00-bianzhean"]
    # body 小五; a 纵中横 square's second digit stands for no text of its own (the first says "12")
    glyphs = [g for g in read_pdf(front)[0].glyphs if 8.0 < g.size < 9.01 and not g.text.startswith("(cid:")]
    columns = [c for c in _columns(glyphs) if len(c) > 3]
    assert len(columns) >= 5
    assert normalise("".join(g.text for c in columns for g in c)) == normalise(note.blocks[0].text)
    tops = [c[0].text for c in columns]
    feet = [c[-1].text for c in columns]
    assert not set(tops) & NOT_AT_TOP, tops
    assert not set(feet) & NOT_AT_FOOT, feet
    # every column but the last is full: the breaker justified it down the column's height
    feet = [c[-1].baseline for c in columns[:-1]]
    assert max(feet) - min(feet) <= 9.0 * 0.5 + 0.01  # a mark at the foot may take half a square
    assert columns[0][0].baseline - columns[1][0].baseline == pytest.approx(2 * 9.0, abs=0.01)  # indent: 2字


def test_two_digit_numbers_stand_side_by_side_in_one_square(front):
    glyphs = [g for g in read_pdf(front)[0].glyphs if 8.0 < g.size < 9.01]  # a narrowed 纵中横 square reads smaller
    squares = [(a, b) for a, b in zip(glyphs, glyphs[1:]) if a.text == "12"]
    assert len(squares) == 1  # 12 (纵中横); 2025 has four digits, upright one a square
    a, b = squares[0]
    assert abs(a.baseline - b.baseline) < 0.01 and 0 < b.x - a.x < 9.0 * 0.6  # side by side, in one square
    assert [g.text for g in glyphs if g.text in "２０５"] == list("２０２５") or "2025" in "".join(g.text for g in glyphs)
    column = [g for g in glyphs if g.right - g.x < 0 and abs(g.x - (a.x + b.x) / 2) < 9.0]
    assert column, "the digits stand inside a vertical column"


def test_a_vertical_headline_shows_label_title_and_byline_in_reading_order(tmp_path):
    """03-jingji-guancha of the seed page with a vertical headline: nothing of its head is left out."""
    from projects import copy_project

    project = copy_project(tmp_path)
    spec = project / "layout" / "opinion.yaml"
    text = spec.read_text(encoding="utf-8")
    old = "    headline: {lines: 6, max_lines: 2}\n    summary: {col: 1, span: 2}"
    assert old in text
    spec.write_text(text.replace(old, "    headline: {lines: 30, max_lines: 2, direction: vertical, span: 1}\n"
                                      "    summary: null"), encoding="utf-8")
    out = tmp_path / "page.pdf"
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out), "--draft", cwd=project)
    assert out.exists(), result.stderr
    article = load_articles(project / "content")["03-jingji-guancha"]
    shown = normalise(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
    # each part whole (pdftotext orders the blocks by its own guess: the byline's column may come first)
    assert article.title in shown and article.author in shown
    glyphs = read_pdf(out)[0].glyphs
    columns = _columns([g for g in glyphs if abs(g.size - 24.0) < 0.01])  # style title: 小一, set square (no 长体)
    assert "".join(g.text for c in columns for g in c) == article.title
    drawn = "".join(g.text for g in glyphs)
    assert drawn.find(article.section) < drawn.find(article.title) < drawn.find(article.author)  # label first


def test_a_vertical_strip_with_ten_times_its_text_and_a_huge_title_is_reported(tmp_path):
    from projects import copy_project

    project = copy_project(tmp_path)
    note = project / "content" / "edition-jump" / "front" / "00-bianzhean.md"
    head, body = note.read_text(encoding="utf-8").split("---\n", 2)[1:]
    note.write_text("---\n" + head.replace("title: 编者按", "title: " + "编者按" * 2000) + "---\n" + body.strip() * 10 + "\n",
                    encoding="utf-8")
    result = run_zzprint("build", "layout/jump-front.yaml", "--edition", "layout/edition-jump.yaml",
                         "-o", str(tmp_path / "x.pdf"), cwd=project)
    assert result.returncode == 1
    assert "article 00-bianzhean: overset by" in result.stderr
    assert "article 00-bianzhean: vertical title takes" in result.stderr
