"""Total ink measured on a Ghostscript CMYK rendering."""

from __future__ import annotations

import shutil

import pytest
from preflight_pdfs import Builder
from reportlab.pdfgen.canvas import Canvas

from zzprint.preflight import check_pdf, ink_coverage

pytestmark = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")


def draw_four_colour_box(c: Canvas) -> None:
    c.setFillColorCMYK(1, 1, 1, 1)
    c.rect(40, 40, 120, 80, fill=1, stroke=0)


def draw_black_text(c: Canvas) -> None:
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("DejaVuSans", 24)
    c.drawString(30, 100, "Body text, K only")


def test_400_percent_box_exceeds_240(make_pdf: Builder) -> None:
    path = make_pdf(draw=draw_four_colour_box)
    (found,) = check_pdf(path, measure_tac=True, tac_limit=240)
    assert found.rule == "tac" and found.page == 1
    assert "400 %" in found.message and "240 %" in found.message
    assert check_pdf(path) == []  # statically the file is fine; only the measurement catches it


def test_k_text_is_on_the_k_plate_only(make_pdf: Builder) -> None:
    path = make_pdf(draw=draw_black_text)
    assert check_pdf(path, measure_tac=True) == []
    inks = ink_coverage(path, dpi=72)
    assert inks["max_tac"] == 100.0
    assert inks["plates"]["K"]["max"] == 100.0 and inks["plates"]["K"]["area"] > 0
    for plate in "CMY":
        assert inks["plates"][plate] == {"max": 0.0, "mean": 0.0, "area": 0.0}


def test_peak_location_and_page_list(make_pdf: Builder) -> None:
    inks = ink_coverage(make_pdf(draw=draw_four_colour_box), dpi=36)
    (page,) = inks["pages"]
    assert page["page"] == 1 and page["max_tac"] == 400.0
    x, y = page["max_at"]  # top-left corner of the box, from the BleedBox's lower-left (5, 5)
    assert abs(x - 35) <= 3 and abs(y - 115) <= 3
