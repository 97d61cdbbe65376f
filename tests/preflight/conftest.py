"""Fixture ``make_pdf``: build the clean PDF/X-1a:2001 test file, optionally broken one way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from preflight_pdfs import BLEED, DEJAVU, PAGE, TRIM, Builder, draw_clean, make_pdfx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas


@pytest.fixture
def make_pdf(tmp_path: Path) -> Builder:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))

    def build(
        name: str = "clean",
        *,
        draw: Callable[[Canvas], None] = draw_clean,
        edit: Callable[[pikepdf.Pdf], None] | None = None,
        version: str = "1.3",
        encryption: pikepdf.Encryption | None = None,
        keep_filters: bool = False,
    ) -> Path:
        raw = tmp_path / f"{name}.reportlab.pdf"
        c = Canvas(str(raw), pagesize=PAGE, initialFontName="DejaVuSans", trimBox=TRIM, bleedBox=BLEED)
        draw(c)
        c.showPage()
        c.save()
        out = tmp_path / f"{name}.pdf"
        with pikepdf.open(raw) as pdf:
            make_pdfx(pdf)
            if edit is not None:
                edit(pdf)
            pdf.save(
                out,
                force_version=version,
                encryption=encryption or False,
                # qpdf would otherwise re-encode an LZW stream as Flate on the way out.
                stream_decode_level=pikepdf.StreamDecodeLevel.none if keep_filters else None,
                compress_streams=not keep_filters,
            )
        return out

    return build
