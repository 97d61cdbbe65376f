"""``make_proof`` on a copy of the project: real builds, real PDFs and PNGs, read back independently.

The report is read with pdftotext, the images pixel by pixel; expected figures come from a
separate ``build_page`` of the same files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image
from proof_helpers import (
    ARTICLES,
    ORANGE,
    PURE_RED,
    append_to_last_paragraph,
    copy_project,
    count_colour,
    pdf_text,
    pixel_box,
    section,
    set_frame_lines,
)

from zzprint.build import build_page
from zzprint.proof.make import make_proof

MM = 72 / 25.4
RARE = "𠀀"  # U+20000: in no Noto CJK face, only in HanaMinB (the fallback chain's last entry)
TEMPLATE_BAIT = "{{ 7*7 }} {% if true %}x{% endif %} <b>bold</b>"


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, Path, int]:
    """One proof of the project, with a fallback glyph and template-like text in the import report."""
    root = tmp_path_factory.mktemp("clean")
    spec = copy_project(root / "project")
    append_to_last_paragraph(spec.parent.parent / "content" / "06-jiceng-zhili.md", RARE)
    report = spec.parent.parent / "content" / "IMPORT-REPORT.txt"
    report.write_text(report.read_text(encoding="utf-8") + TEMPLATE_BAIT + "\n", encoding="utf-8")
    out = root / "proof"
    status = make_proof(spec, out)
    return spec, out, status


def test_proof_writes_png_report_and_snapshot_and_no_second_page_pdf(clean) -> None:
    spec, out, status = clean
    assert status == 0
    for name in ("opinion.png", "opinion-proof.pdf", "opinion-proof.json"):
        assert (out / name).stat().st_size > 1000, name
    assert not (out / "opinion-overlay.png").exists()  # only with overlay=True
    assert not (out / "opinion-changes.png").exists()  # first proof: nothing to compare with
    assert "合肥经验" in pdf_text(out / "opinion-proof.pdf")
    # The page PDF is build's alone: no copy in the proof folder that could drift from the sources.
    assert sorted(p.name for p in out.glob("*.pdf")) == ["opinion-proof.pdf"]


def test_a_page_pdf_left_by_an_older_proof_is_removed(tmp_path) -> None:
    spec = copy_project(tmp_path / "project")
    out = tmp_path / "proof"
    out.mkdir()
    (out / "opinion.pdf").write_bytes(b"%PDF-1.3 an old proof's page\n")
    assert make_proof(spec, out) == 0
    assert not (out / "opinion.pdf").exists()


def test_png_is_the_trim_at_150_dpi_and_not_blank(clean) -> None:
    spec, out, _ = clean
    result = build_page(spec)
    image = Image.open(out / "opinion.png")
    expected = (result.spec.width / 72 * 150, result.spec.height / 72 * 150)
    assert abs(image.width - expected[0]) <= 2 and abs(image.height - expected[1]) <= 2
    assert abs(image.width - 390 / 25.4 * 150) <= 2  # 390 mm × 550 mm trim, no bleed
    grey = image.convert("L")
    dark = sum(grey.histogram()[:100])
    assert dark > 0.03 * image.width * image.height  # a page of text, not a white sheet
    # The body of article 1 is dark somewhere inside its frame; the white margin is not.
    frame = pixel_box(result.articles["01-diaocha-yanjiu"].frame_boxes[0])
    assert sum(grey.crop(frame).histogram()[:100]) > 10000
    assert sum(grey.crop((0, 0, 30, 30)).histogram()[:241]) == 0


def test_report_has_fit_line_for_every_article_and_preflight(clean) -> None:
    spec, out, _ = clean
    text = pdf_text(out / "opinion-proof.pdf")
    fits = {f.id: f for f in build_page(spec).fits}
    assert set(fits) == set(ARTICLES)
    table = section(text, "Fit", "Changes since the last proof")
    for article, fit in fits.items():
        (line,) = [line for line in table.splitlines() if line.strip().startswith(article) and " chars" in line]
        assert f"{fit.capacity_lines} lines / {fit.capacity_chars} chars" in line
        assert f"{fit.used_lines} lines" in line
        assert fit.status in line
    assert "copy-fit:" in table  # article 1's subheads took extra space
    assert "Preflight OK" in section(text, "Preflight", "Import report")
    assert "nothing overset" in text
    assert "first proof in this folder" in text


def test_report_audit_fonts_fallbacks_inputs(clean) -> None:
    spec, out, _ = clean
    text = pdf_text(out / "opinion-proof.pdf")
    audit = section(text, "Typographic audit", "Fonts")
    assert "孤字" in audit and "pushed in" in audit
    fonts = section(text, "Fonts", "Glyphs from a fallback font")
    assert "NotoSerifCJKsc-Regular" in fonts and "LXGWWenKai-Regular" in fonts
    fallbacks = section(text, "Glyphs from a fallback font", "Preflight")
    (row,) = [line for line in fallbacks.splitlines() if "U+20000" in line]
    assert "06-jiceng-zhili" in row and RARE in row and "HanaMin" in row and "NotoSerifCJKsc" in row
    inputs = text[text.index("Inputs"):]  # the last section, may run onto the next page
    for name in ("opinion.yaml", "fonts.yaml", "03-jingji-guancha.md"):
        assert name in inputs
    assert re.search(r"build\s+\d+\.\d\d\s+s,\s+proof\s+\d+\.\d\d\s+s", text)  # build time


def test_report_shows_content_as_text_never_as_template(clean) -> None:
    _, out, _ = clean
    text = pdf_text(out / "opinion-proof.pdf")
    imported = section(text, "Import report", "Inputs")
    assert "raw lines" in imported  # the importer's real report is there
    # Printed literally: not evaluated (49, x) and not turned into markup.
    assert "{{ 7*7 }}" in imported and "{% if true %}x{% endif %}" in imported and "<b>bold</b>" in imported


def test_overlay_marks_overset_article_in_red(project_spec: Path) -> None:
    set_frame_lines(project_spec, "03-jingji-guancha", 25)  # 41 → 25 lines: the text cannot fit
    out = project_spec.parent.parent / "proof"
    assert make_proof(project_spec, out, overlay=True) == 1
    result = build_page(project_spec)
    fit = next(f for f in result.fits if f.id == "03-jingji-guancha")
    assert fit.overset_text
    frame = pixel_box(result.articles["03-jingji-guancha"].frame_boxes[0])
    overlay = Image.open(out / "opinion-overlay.png")
    clean = Image.open(out / "opinion.png")
    assert overlay.size == clean.size
    assert count_colour(overlay, frame, PURE_RED) > 5000  # outline + overset box
    assert count_colour(clean, frame, PURE_RED) == 0  # the clean PNG stays clean
    # The red is the overset box at the frame's bottom, not only the outline.
    left, top, right, bottom = frame
    bottom_third = (left + 20, bottom - (bottom - top) // 3, right - 20, bottom - 20)
    assert count_colour(overlay, bottom_third, PURE_RED) > 1000
    # A frame that fits has no red, but the cyan grid and frame lines.
    fits_frame = pixel_box(result.articles["05-minsheng-shishi"].frame_boxes[0])
    assert count_colour(overlay, fits_frame, PURE_RED) == 0
    assert count_colour(overlay, fits_frame, (0, 200, 255)) > 1000
    text = pdf_text(out / "opinion-proof.pdf")
    (line,) = [line for line in section(text, "Fit", "Changes").splitlines()
               if line.strip().startswith("03-jingji-guancha") and " chars" in line]
    assert f"overset by {fit.overset_chars} characters ({fit.overset_lines} lines)" in line
    assert "1 overset" in text and "overset text" in text


def test_changes_since_last_proof_lists_only_the_edited_article(project_spec: Path) -> None:
    out = project_spec.parent.parent / "proof"
    assert make_proof(project_spec, out) == 0
    first = json.loads((out / "opinion-proof.json").read_text(encoding="utf-8"))
    assert set(first["articles"]) == set(ARTICLES)

    append_to_last_paragraph(project_spec.parent.parent / "content" / "05-minsheng-shishi.md", "编辑改了一句话。")
    make_proof(project_spec, out, overlay=True)
    text = pdf_text(out / "opinion-proof.pdf")
    changes = section(text, "Changes since the last proof", "Typographic audit")
    listed = [a for a in ARTICLES if a in changes]
    assert listed == ["05-minsheng-shishi"]
    (row,) = [line for line in changes.splitlines() if "05-minsheng-shishi" in line]
    assert "text" in row
    assert "1 article(s) changed since the last proof" in text
    result = build_page(project_spec)
    for image_name in ("opinion-changes.png", "opinion-overlay.png"):
        image = Image.open(out / image_name)
        for article in ARTICLES:
            orange = count_colour(image, pixel_box(result.articles[article].frame_boxes[0]), ORANGE)
            assert (orange > 1000) == (article == "05-minsheng-shishi"), (image_name, article, orange)

    make_proof(project_spec, out)  # nothing edited since
    text = pdf_text(out / "opinion-proof.pdf")
    assert "No article changed since the last proof" in text
    assert not (out / "opinion-changes.png").exists()


def test_multi_page_spec_gets_one_image_per_page(project_spec: Path) -> None:
    text = project_spec.read_text(encoding="utf-8")
    project_spec.write_text(text.replace("  - content: 06-jiceng-zhili\n", "  - content: 06-jiceng-zhili\n    page: 2\n"),
                            encoding="utf-8")
    out = project_spec.parent.parent / "proof"
    assert make_proof(project_spec, out, overlay=True) == 0
    frame = pixel_box(build_page(project_spec).articles["06-jiceng-zhili"].frame_boxes[0])
    page1, page2 = Image.open(out / "opinion.png"), Image.open(out / "opinion-p2.png")
    assert page1.size == page2.size
    dark = [sum(image.convert("L").crop(frame).histogram()[:100]) for image in (page1, page2)]
    assert dark[0] < 100 < 10000 < dark[1]  # article 6 is on page 2 only
    assert (out / "opinion-p2-overlay.png").is_file()
    report = pdf_text(out / "opinion-proof.pdf")
    assert "opinion-p2.png" in report and "opinion-p2-overlay.png" in report
