"""Font embedding: Type0/Identity-H CIDFonts, subset, and codes that select the right glyphs."""

from __future__ import annotations

import io

import pikepdf
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from render_helpers import HANAMIN_B, KAI, SANS_BOLD, SERIF, document, gid_of, pdffonts, shape

from zzprint.errors import UserError
from zzprint.page import FontRef, GlyphRun, Page, PlacedGlyph
from zzprint.render import render_pdf
from zzprint.render.pdffonts import subset_tag, to_unicode_cmap


def type0_fonts(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    """Base font name (without the subset tag) → Type0 font dictionary."""
    fonts = pdf.pages[0].Resources.Font
    return {str(f.BaseFont).split("+", 1)[1]: f for _, f in fonts.items()}


def test_pdffonts_reports_cff_as_cid_type0c_and_truetype_as_cid_truetype(sample_pdf):
    """Poppler sees every font embedded, subset, with ToUnicode, as the right CID type."""
    rows = {row.name.split("+", 1)[1]: row for row in pdffonts(sample_pdf)}
    assert set(rows) == {"NotoSerifCJKsc-Regular-Identity-H", "NotoSansCJKsc-Bold-Identity-H",
                         "LXGWWenKai-Regular", "HanaMinB"}
    for name, row in rows.items():
        expected = "CID TrueType" if name in ("LXGWWenKai-Regular", "HanaMinB") else "CID Type 0C"
        assert (row.type, row.encoding, row.embedded, row.subset, row.unicode) == (
            expected, "Identity-H", "yes", "yes", "yes"), name
        assert len(row.name.split("+")[0]) == 6 and row.name[:6].isupper()


def test_cff_font_file_is_bare_cff_not_opentype(sample_pdf):
    """PDF/X-1a is PDF 1.3: FontFile3 /CIDFontType0C holding a CFF table, never /OpenType (PDF 1.6)."""
    with pikepdf.open(sample_pdf) as pdf:
        cid = type0_fonts(pdf)["NotoSerifCJKsc-Regular-Identity-H"].DescendantFonts[0]
        assert cid.Subtype == "/CIDFontType0"
        ff3 = cid.FontDescriptor.FontFile3
        assert ff3.Subtype == "/CIDFontType0C"
        data = ff3.read_bytes()
        assert data[0] == 1  # CFF major version 1 header, not an 'OTTO' sfnt
        assert cid.CIDSystemInfo.Registry == "Adobe" and cid.CIDSystemInfo.Ordering == "Identity"
        assert "/FontFile2" not in cid.FontDescriptor


def test_truetype_font_has_fontfile2_and_identity_cidtogidmap(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        cid = type0_fonts(pdf)["LXGWWenKai-Regular"].DescendantFonts[0]
        assert cid.Subtype == "/CIDFontType2"
        assert cid.CIDToGIDMap == "/Identity"
        program = cid.FontDescriptor.FontFile2.read_bytes()
        assert int(cid.FontDescriptor.FontFile2.Length1) == len(program)
        assert "glyf" in TTFont(io.BytesIO(program))


def _used_codes(pdf: pikepdf.Pdf, resource: str) -> list[int]:
    """Every 2-byte code shown with font ``resource`` on page 1, read from the content stream."""
    codes, current = [], None
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
        if operator == pikepdf.Operator("Tf"):
            current = str(operands[0])
        elif operator == pikepdf.Operator("TJ") and current == resource:
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    codes += [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
    return codes


def test_cids_select_the_placed_glyphs_after_subsetting(sample_doc, sample_pdf):
    """Each code (CID) shown must pick, via the subset CFF's charset, the outline of the gid placed.

    Compares outline bounds of glyph charset[CID] in the embedded CFF with the placed gid in the
    original font: a CID/GID mix-up (e.g. original CIDs written against a renumbered subset) fails.
    """
    original = TTFont(SERIF.path, fontNumber=SERIF.index, lazy=True)
    original_glyphs = original.getGlyphSet()
    order = original.getGlyphOrder()
    with pikepdf.open(sample_pdf) as pdf:
        name = next(n for n, f in pdf.pages[0].Resources.Font.items()
                    if "NotoSerifCJKsc-Regular" in str(f.BaseFont))
        font = pdf.pages[0].Resources.Font[name]
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()), None)
        codes = _used_codes(pdf, name)
    top = cff.topDictIndex[0]
    assert hasattr(top, "ROS"), "subset must stay CID-keyed"
    cid_to_glyph = {int(g[3:]) if g.startswith("cid") else 0: g for g in top.charset}
    placed = [g.gid for run in sample_doc.pages[0].items if isinstance(run, GlyphRun) and run.font == SERIF
              for g in run.glyphs]
    assert len(codes) == len(placed) == 19  # “城市更新”要留住烟火气。 + 长体标题文字
    for code, gid in zip(codes, placed, strict=True):
        pen = BoundsPen(None)
        top.CharStrings[cid_to_glyph[code]].draw(pen)
        ref = BoundsPen(original_glyphs)
        original_glyphs[order[gid]].draw(ref)
        assert pen.bounds == ref.bounds, (code, gid)


def test_widths_are_the_fonts_real_advances(sample_doc, sample_pdf):
    """/W gives every shown code the glyph's hmtx advance in 1000/em (HanaMinB: 1024 upem)."""
    for ref in (SERIF, HANAMIN_B, KAI):
        tt = TTFont(ref.path, fontNumber=ref.index, lazy=True)
        upem, hmtx, order = tt["head"].unitsPerEm, tt["hmtx"], tt.getGlyphOrder()
        with pikepdf.open(sample_pdf) as pdf:
            name, font = next((n, f) for n, f in pdf.pages[0].Resources.Font.items()
                              if ref.name in str(f.BaseFont))
            w = list(font.DescendantFonts[0].W)
            codes = _used_codes(pdf, name)
        widths: dict[int, float] = {}
        i = 0
        while i < len(w):
            first, values = int(w[i]), list(w[i + 1])
            widths.update({first + k: float(v) for k, v in enumerate(values)})
            i += 2
        placed = [g.gid for run in sample_doc.pages[0].items if isinstance(run, GlyphRun) and run.font == ref
                  for g in run.glyphs]
        for code, gid in zip(codes, placed, strict=True):
            assert widths[code] == pytest.approx(hmtx[order[gid]][0] * 1000 / upem, abs=1e-4), (ref.name, gid)


def test_font_descriptor_has_the_required_metrics(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        for font in type0_fonts(pdf).values():
            fd = font.DescendantFonts[0].FontDescriptor
            for key in ("/Flags", "/FontBBox", "/Ascent", "/Descent", "/CapHeight", "/ItalicAngle", "/StemV"):
                assert key in fd, (font.BaseFont, key)
            assert fd.FontName == font.DescendantFonts[0].BaseFont
            assert int(fd.Ascent) > 0 > int(fd.Descent)
        serif = type0_fonts(pdf)["NotoSerifCJKsc-Regular-Identity-H"].DescendantFonts[0].FontDescriptor
        assert [int(v) for v in serif.FontBBox] == [-997, -1049, 2929, 1809]  # head of Noto Serif CJK


def test_subset_tag_is_a_stable_hash_of_the_glyph_set():
    assert subset_tag("X", [1, 2, 3]) == subset_tag("X", [1, 2, 3])
    assert subset_tag("X", [1, 2, 3]) != subset_tag("X", [1, 2, 4])
    assert subset_tag("X", [1, 2]).isalpha() and subset_tag("X", [1, 2]).isupper()


def test_subset_holds_only_the_glyphs_used(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        cid = type0_fonts(pdf)["NotoSerifCJKsc-Regular-Identity-H"].DescendantFonts[0]
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(cid.FontDescriptor.FontFile3.read_bytes()), None)
    # 19 distinct serif glyphs shown, plus .notdef: nothing else of the 65 535
    assert len(cff.topDictIndex[0].charset) == 20


def test_tounicode_maps_a_cluster_to_all_its_characters():
    """A glyph standing for a multi-character cluster maps to the whole UTF-16 string (surrogates too)."""
    cmap = to_unicode_cmap({1: "中国", 2: "𠊎", 3: ""})
    assert b"<0001> <4E2D56FD>" in cmap
    assert b"<0002> <D840DE8E>" in cmap
    assert b"<0003>" not in cmap
    assert b"2 beginbfchar" in cmap


def test_notdef_glyph_is_refused_with_the_character_named():
    """A missing glyph is never drawn as .notdef: the build stops and names it."""
    run = GlyphRun(SERIF, 10, 20, (PlacedGlyph(gid_of(SERIF, "中"), 0, "中"), PlacedGlyph(0, 10, "\ue000")),
                   tag="a1")
    with pytest.raises(UserError, match="no glyph for '\\\\ue000'.*run 'a1'"):
        render_pdf(document(Page(100, 100, items=[run])))


def test_glyph_id_beyond_the_font_is_refused():
    run = GlyphRun(HANAMIN_B, 10, 20, (PlacedGlyph(70000, 0, "x"),))
    with pytest.raises(UserError, match="out of range"):
        render_pdf(document(Page(100, 100, items=[run])))


def test_missing_font_file_is_a_user_error():
    run = shape(SANS_BOLD, "中", 10, 0, 20)
    bad = GlyphRun(FontRef("/nonexistent/font.otf", 0, "Nope"), 10, 20, run.glyphs)
    with pytest.raises(UserError, match="font file not readable"):
        render_pdf(document(Page(100, 100, items=[bad])))
