"""Helpers: a clean, minimal PDF/X-1a:2001 file and a way to break it one rule at a time.

The page is drawn by reportlab (DejaVu Sans embedded as a TrueType subset, CMYK only) and then
given the PDF/X keys with pikepdf: header 1.3, Info keys, one IFRA26 OutputIntent, Trim and
Bleed boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfgen.canvas import Canvas

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGE = (300.0, 200.0)
BLEED = (5.0, 5.0, 295.0, 195.0)
TRIM = (10.0, 10.0, 290.0, 190.0)


def draw_clean(c: Canvas) -> None:
    """A 20 % cyan box and 100 % K text: what an opinion-page fragment looks like."""
    c.setFillColorCMYK(0.2, 0, 0, 0)
    c.rect(20, 20, 100, 60, fill=1, stroke=0)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("DejaVuSans", 14)
    c.drawString(30, 120, "Opinion page")


def make_pdfx(pdf: pikepdf.Pdf) -> None:
    """Add what PDF/X-1a:2001 needs beyond a plain PDF."""
    info = pdf.trailer.Info
    info.Title = "Opinion page test"
    info.GTS_PDFXVersion = "PDF/X-1:2001"
    info.GTS_PDFXConformance = "PDF/X-1a:2001"
    info.Trapped = Name("/False")
    pdf.Root.OutputIntents = Array([output_intent(pdf)])


def output_intent(pdf: pikepdf.Pdf, ident: str = "IFRA26") -> Dictionary:
    return pdf.make_indirect(
        Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFX,
            OutputConditionIdentifier=ident,
            RegistryName="http://www.color.org",
            OutputCondition="ISO 12647-3:2004 coldset newsprint",
        )
    )


def lzw_encode(data: bytes) -> bytes:
    """Valid LZW: clear code, each byte as a 9-bit literal, end-of-data.

    The decoder adds one table entry per code, so below ~250 bytes the code width never grows.
    """
    assert len(data) < 250
    codes = [256, *data, 257]
    bits = "".join(f"{c:09b}" for c in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


Builder = Callable[..., Path]
