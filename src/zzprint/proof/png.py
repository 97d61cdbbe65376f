"""PDF page → PNG image of the trim, with pypdfium2.

Input: a PDF (bytes in memory or a file path) and a resolution in dpi.
Output: :class:`PageImage` — a Pillow RGB image of one page cropped to its
TrimBox (what the reader of the paper sees; bleed and slug are cut off), and
the scale that turns page-model points (trim top-left origin, y down, see
:mod:`zzprint.page`) into pixels of that image.  The crop is read from the
PDF's own TrimBox, so the mapping holds whatever bleed or slug the writer used.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

PROOF_DPI = 150


@dataclass
class PageImage:
    image: Image.Image  # RGB, the trim box only
    dpi: float

    @property
    def scale(self) -> float:
        """Pixels per pt."""
        return self.dpi / 72.0

    def px(self, x: float, y: float) -> tuple[int, int]:
        """Page-model point (pt from the trim's top-left, y down) → pixel."""
        return round(x * self.scale), round(y * self.scale)

    def box(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        """Page-model rectangle → pixel box (left, top, right, bottom), inclusive."""
        left, top = self.px(x, y)
        right, bottom = self.px(x + w, y + h)
        return left, top, right - 1, bottom - 1

    def png_bytes(self, fast: bool = False) -> bytes:
        buffer = io.BytesIO()
        # compress_level 1 is ~5x faster than the default 6 for a page this size; the
        # live preview wants speed, the proof on disk wants a smaller file.
        self.image.save(buffer, "PNG", compress_level=1 if fast else 6)
        return buffer.getvalue()


def render_page(pdf: bytes | Path | str, dpi: float = PROOF_DPI, page_index: int = 0) -> PageImage:
    """Render one page at ``dpi``, cropped to its TrimBox."""
    source = pdf if isinstance(pdf, bytes) else str(pdf)
    document = pdfium.PdfDocument(source)
    try:
        page = document[page_index]
        try:
            left, bottom, right, top = page.get_mediabox()
            t_left, t_bottom, t_right, t_top = page.get_trimbox()  # falls back to the CropBox/MediaBox
            # pypdfium2's crop is the amount cut from each side (left, bottom, right, top), in pt.
            crop = (t_left - left, t_bottom - bottom, right - t_right, top - t_top)
            bitmap = page.render(scale=dpi / 72.0, crop=crop)
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    return PageImage(image, dpi)


def write_png(image: PageImage, path: Path) -> None:
    """Write atomically: a watcher or browser never sees half a PNG."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(image.png_bytes())
    tmp.replace(path)


__all__ = ["PROOF_DPI", "PageImage", "render_page", "write_png"]
