"""PDF/X-1a:2001 requirements, checked with pikepdf and qpdf on real output."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import time

import pikepdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer
from render_helpers import CMYK_ICC, CREATED, RGB_ICC, SERIF, document, sample_page, shape

from zzprint.errors import UserError
from zzprint.page import BLACK, CMYK, OutputIntent, Page
from zzprint.render import render_pdf
from zzprint.render.pdfx import PRODUCER
from zzprint.render.slug import MARK_WIDTH, SLUG

OP = pikepdf.Operator


def rect(array) -> tuple[float, ...]:
    return tuple(float(v) for v in array)


def contains(outer, inner) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def qdf_text(data: bytes, tmp_path) -> bytes:
    """The whole file with every stream decompressed, for scanning for forbidden names."""
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    src.write_bytes(data)
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(src), str(out)], check=True)
    return out.read_bytes()


# --------------------------------------------------------------------------- file level


def test_header_is_pdf_1_3_and_qpdf_finds_no_errors(sample_pdf):
    assert sample_pdf.read_bytes().startswith(b"%PDF-1.3\n")
    result = subprocess.run(["qpdf", "--check", str(sample_pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_info_has_the_pdfx_keys_and_dates_from_the_document(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        assert pdf.pdf_version == "1.3"
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert str(info.Title) == "观点版 测试"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20250314213000+08'00'"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Producer) == PRODUCER
        assert "/Keywords" not in info and "/Author" not in info  # no placeholders


def test_trailer_id_is_two_equal_md5_strings_bound_to_the_content(sample_doc):
    first = render_pdf(sample_doc)
    changed = render_pdf(dataclasses.replace(sample_doc, title="观点版 改"))
    ids = []
    for data in (first, render_pdf(sample_doc), changed):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            a, b = (bytes(x) for x in pdf.trailer.ID)
            assert a == b and re.fullmatch(rb"[0-9a-f]{32}", a)  # an MD5, as hex text
            ids.append(a)
    assert ids[0] == ids[1] != ids[2]


def test_info_strings_come_back_exactly_as_written():
    """Delimiters in a literal, control characters and CJK in UTF-16: a CR must not turn into LF."""
    title = "Opinion (A05) \\ back\rslash"
    for text in (title, "观点版\r第3版", "tab\there"):
        data = render_pdf(document(sample_page(), title=text, author="(株洲日报)"))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert str(pdf.docinfo.Title) == text
            assert str(pdf.docinfo.Author) == "(株洲日报)"


def test_a_title_that_is_not_unicode_text_is_a_user_error():
    with pytest.raises(UserError, match="not valid Unicode"):
        render_pdf(document(sample_page(), title="观点\ud800版"))


def test_exactly_one_registered_output_intent(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        oi = intents[0]
        assert oi.Type == "/OutputIntent" and oi.S == "/GTS_PDFX"
        assert str(oi.OutputConditionIdentifier) == "IFRA26"
        assert str(oi.RegistryName) == "http://www.color.org"
        assert str(oi.OutputCondition) == "IFRA26 coldset newsprint (ISO 12647-3)"
        assert str(oi.Info) == "IFRA26"
        assert "/DestOutputProfile" not in oi


def test_an_icc_profile_is_embedded_as_dest_output_profile_with_four_components():
    intent = OutputIntent("Custom newsprint", "", "in-house coldset", "in-house coldset", icc_profile=CMYK_ICC)
    data = render_pdf(document(sample_page(), output_intent=intent))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        assert int(profile.N) == 4
        assert profile.read_bytes() == open(CMYK_ICC, "rb").read()


def test_an_rgb_icc_profile_is_refused():
    intent = OutputIntent("x", "", "x", "x", icc_profile=RGB_ICC)
    with pytest.raises(UserError, match="not CMYK"):
        render_pdf(document(sample_page(), output_intent=intent))


def test_a_document_without_title_is_refused():
    with pytest.raises(UserError, match="no title"):
        render_pdf(document(sample_page(), title="  "))


def test_the_2003_variant_is_pdf_1_4_with_the_version_key_only():
    data = render_pdf(document(sample_page()), "PDF/X-1a:2003")
    assert data.startswith(b"%PDF-1.4\n")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert "/GTS_PDFXConformance" not in pdf.docinfo


def test_nothing_pdfx_1a_forbids_is_in_the_file(sample_doc, tmp_path):
    """No transparency, annotations, actions, outlines, RGB/ICC/Lab colour, LZW/JBIG2/JPX, encryption."""
    text = qdf_text(render_pdf(document(sample_page(crop_marks=True))), tmp_path)
    for name in (b"/Annots", b"/AA", b"/OpenAction", b"/JavaScript", b"/Outlines", b"/PageMode", b"/Trans",
                 b"/SMask", b"/CA ", b"/ca ", b"/BM", b"/Group", b"/LZWDecode", b"/JBIG2Decode", b"/JPXDecode",
                 b"/Encrypt", b"/ArtBox", b"/DeviceRGB", b"/CalRGB", b"/ICCBased", b"/Lab", b"/DeviceGray",
                 b"/ColorSpace", b"/OpenType", b"/Rotate", b"/Helvetica", b"/ASCII85Decode"):
        assert name not in text, name


def test_every_font_is_embedded(marked_pdf):
    with pikepdf.open(marked_pdf) as pdf:
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert len(fonts) == 5  # 4 on the page + the slug label's
        for font in fonts:
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert "/FontFile3" in descriptor or "/FontFile2" in descriptor


# --------------------------------------------------------------------------- colour and overprint


def paint_log(pdf: pikepdf.Pdf) -> list[tuple[str, str, tuple[float, ...], str]]:
    """(kind, ExtGState name, colour, detail) for every text object, stroke and fill on page 1."""
    log, gs, fill, stroke = [], None, None, None
    for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
        if op == OP("gs"):
            gs = str(operands[0])
        elif op == OP("k"):
            fill = tuple(float(v) for v in operands)
        elif op == OP("K"):
            stroke = tuple(float(v) for v in operands)
        elif op == OP("TJ"):
            log.append(("text", gs, fill, ""))
        elif op == OP("S"):
            log.append(("stroke", gs, stroke, ""))
        elif op in (OP("f"), OP("B")):
            log.append(("fill", gs, fill, ""))
    return log


def test_only_cmyk_colour_operators_are_used(marked_pdf):
    with pikepdf.open(marked_pdf) as pdf:
        ops = {str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])}
    assert ops & {"rg", "RG", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN", "sh", "Do", "BI"} == set()
    assert {"k", "K"} <= ops


def test_black_text_and_rules_overprint_everything_else_knocks_out(sample_pdf):
    with pikepdf.open(sample_pdf) as pdf:
        states = pdf.pages[0].Resources.ExtGState
        log = paint_log(pdf)

        def overprints(name: str) -> bool:
            state = states[name]
            return bool(state.OP) and bool(state.op) and int(state.OPM) == 1

        def knocks_out(name: str) -> bool:
            state = states[name]
            return not bool(state.OP) and not bool(state.op)

        black = (0.0, 0.0, 0.0, 1.0)
        texts = [entry for entry in log if entry[0] == "text"]
        assert len(texts) == 5
        assert knocks_out(texts[0][1]) and texts[0][2] == (0, 0, 0, 0)  # white head on the blue panel
        for _, gs, colour, _ in texts[1:]:
            assert colour == black and overprints(gs)
        rule = next(e for e in log if e[0] == "stroke" and e[2] == black)
        assert overprints(rule[1])
        frame = next(e for e in log if e[0] == "stroke" and e[2] == (0, 1, 1, 0))
        panel = next(e for e in log if e[0] == "fill")
        assert knocks_out(frame[1]) and knocks_out(panel[1])


# --------------------------------------------------------------------------- boxes and marks


def test_boxes_nest_and_match_the_page_without_marks(sample_pdf):
    page = sample_page()
    with pikepdf.open(sample_pdf) as pdf:
        p = pdf.pages[0].obj
        media, bleed, trim = rect(p.MediaBox), rect(p.BleedBox), rect(p.TrimBox)
    b = page.bleed
    assert trim[2] - trim[0] == pytest.approx(page.width, abs=1e-4)
    assert trim[3] - trim[1] == pytest.approx(page.height, abs=1e-4)
    assert bleed == pytest.approx((trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b), abs=1e-4)
    assert media == pytest.approx(bleed, abs=1e-4)  # no slug without marks
    assert contains(bleed, trim) and contains(media, bleed)


def test_zero_bleed_is_allowed():
    data = render_pdf(document(Page(100, 100, bleed=0, items=[shape(SERIF, "零", 10, 0, 10)])))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        p = pdf.pages[0].obj
        assert rect(p.MediaBox) == rect(p.BleedBox) == rect(p.TrimBox) == (0, 0, 100, 100)


def stroked_segments(pdf: pikepdf.Pdf, colour: tuple[float, ...]) -> list[tuple[float, float, float, float]]:
    segments, stroke, start, pending = [], None, None, []
    for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
        if op == OP("K"):
            stroke = tuple(float(v) for v in operands)
        elif op == OP("m"):
            start = tuple(float(v) for v in operands)
        elif op == OP("l"):
            end = tuple(float(v) for v in operands)
            pending.append((*start, *end))
        elif op == OP("S"):
            if stroke == colour:
                segments += pending
            pending = []
    return segments


def test_crop_marks_lie_in_the_slug_outside_the_bleed_box(marked_pdf):
    page = sample_page(crop_marks=True)
    with pikepdf.open(marked_pdf) as pdf:
        p = pdf.pages[0].obj
        media, bleed, trim = rect(p.MediaBox), rect(p.BleedBox), rect(p.TrimBox)
        marks = stroked_segments(pdf, (1.0, 1.0, 1.0, 1.0))
    assert media == pytest.approx((0, 0, page.width + 2 * (page.bleed + SLUG), page.height + 2 * (page.bleed + SLUG)),
                                  abs=1e-3)
    assert contains(bleed, trim) and contains(media, bleed)
    assert len(marks) == 8
    half = MARK_WIDTH / 2
    for x0, y0, x1, y1 in marks:
        lo_x, hi_x, lo_y, hi_y = min(x0, x1) - half, max(x0, x1) + half, min(y0, y1) - half, max(y0, y1) + half
        outside = hi_x <= bleed[0] or lo_x >= bleed[2] or hi_y <= bleed[1] or lo_y >= bleed[3]
        assert outside, (x0, y0, x1, y1)
        assert contains(media, (lo_x, lo_y, hi_x, hi_y))
        # each mark continues a trim edge
        assert (x0 == x1 and x0 in (trim[0], trim[2])) or (y0 == y1 and y0 in (trim[1], trim[3]))


def test_the_label_is_set_in_the_slug(marked_pdf):
    with pikepdf.open(marked_pdf) as pdf:
        bleed = rect(pdf.pages[0].obj.BleedBox)
    boxes = [(el.get_text().strip(), el.bbox) for page in extract_pages(str(marked_pdf))
             for el in page if isinstance(el, LTTextContainer)]
    label = [bbox for text, bbox in boxes if text == "观点版 A05 · 2025-03-14"]
    assert len(label) == 1
    assert label[0][3] < bleed[1]  # entirely below the bleed box


# --------------------------------------------------------------------------- determinism


def test_rendering_twice_gives_identical_bytes_whatever_the_clock(sample_doc, monkeypatch):
    first = render_pdf(sample_doc)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # any clock a writer could read
    again = render_pdf(document(sample_page()))  # an equal Document, built afresh
    assert first == again
    assert re.search(rb"CreationDate \(D:20250314213000\+08'00'\)", first)
    other = render_pdf(dataclasses.replace(sample_doc, creation_date=CREATED.replace(hour=9)))
    assert b"D:20250314093000+08'00'" in other and other != first


def test_rendering_does_not_depend_on_what_the_memo_holds(sample_doc):
    """A render with the memo of earlier renders (as ``zzprint watch`` keeps one) gives the bytes
    of a render with a fresh memo, even when another glyph set was drawn in between: the same
    runs are then drawn with other subset codes, and drawn back with the first ones."""
    from zzprint.memo import Memo

    memo = Memo()
    first = render_pdf(sample_doc, memo=memo)
    assert first == render_pdf(sample_doc, memo=Memo())
    assert memo.tj.hits == 0 and memo.subsets.misses > 0
    # The same page plus a line of new characters: every face of the line gets another subset.
    more = dataclasses.replace(sample_doc.pages[0], items=[
        *sample_doc.pages[0].items, shape(SERIF, "新增一行字：鑫淼犇", 12, 12, 225, tag="added")])
    other = render_pdf(document(more), memo=memo)
    assert memo.tj.hits > 0  # the page's runs were found again …
    assert other == render_pdf(document(more), memo=Memo())  # … and drawn with the new subset's codes
    hits = memo.subsets.hits
    assert render_pdf(sample_doc, memo=memo) == first
    assert memo.subsets.hits > hits  # the first glyph sets' subsets were kept


def test_rendering_does_not_depend_on_the_loaded_font_files(sample_doc):
    """The font files a process has parsed (kept module-level, keyed by path, size and mtime) give
    the bytes of files parsed afresh."""
    from zzprint.memo import Memo
    from zzprint.render import pdffonts

    first = render_pdf(sample_doc)
    pdffonts.load_pdf_face.cache_clear()
    pdffonts._ADVANCES.clear()
    assert render_pdf(sample_doc, memo=Memo()) == first


def test_ink_is_validated():
    with pytest.raises(UserError, match="outside 0..1"):
        render_pdf(document(Page(50, 50, items=[shape(SERIF, "墨", 10, 0, 10, color=CMYK(0, 0, 0, 1.2))])))
    assert BLACK.is_black_only
