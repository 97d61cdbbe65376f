"""Read what was drawn back out of a PDF, independently of the engine.

Uses pdfminer.six: every glyph with its text (via the font's ToUnicode), font,
size and position, in content-stream order.  Positions are converted to the
page model's frame: pt from the trim box's top-left, y down, so tests can
compare them with the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTComponent, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage


@dataclass(frozen=True)
class Glyph:
    text: str
    x: float  # glyph origin, pt from trim left
    right: float  # origin + advance as drawn
    baseline: float  # pt from trim top, downwards
    size: float
    font: str

    @property
    def width(self) -> float:
        return self.right - self.x


@dataclass(frozen=True)
class Page:
    glyphs: tuple[Glyph, ...]
    trim: tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF user space
    media: tuple[float, float, float, float]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


def read_pdf(path: str | Path) -> list[Page]:
    return list(_read(str(path), Path(path).stat().st_mtime_ns))


@lru_cache(maxsize=8)
def _read(path: str, _mtime: int) -> tuple[Page, ...]:
    pages = []
    manager = PDFResourceManager()
    # No layout analysis (laparams=None): glyphs stay in content-stream order.
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    with open(path, "rb") as f:
        for pdf_page in PDFPage.get_pages(f):
            interpreter.process_page(pdf_page)
            trim = tuple(map(float, pdf_page.attrs.get("TrimBox", pdf_page.mediabox)))
            pages.append(_page(device.get_result(), trim, tuple(map(float, pdf_page.mediabox))))
    return tuple(pages)


def _page(layout, trim, media) -> Page:
    glyphs = []
    for char in _chars(layout):
        a, b, c, d, e, f = char.matrix
        glyphs.append(Glyph(char.get_text(), e - trim[0], e - trim[0] + char.adv, trim[3] - f,
                            char.size, char.fontname))
    return Page(tuple(glyphs), trim, media)


def _chars(node: LTComponent):
    if isinstance(node, LTChar):
        yield node
    elif isinstance(node, LTContainer):
        for child in node:
            yield from _chars(child)


def lines(glyphs: list[Glyph] | tuple[Glyph, ...], tolerance: float = 0.5) -> list[list[Glyph]]:
    """Group glyphs that share a baseline and follow each other left to right into lines."""
    result: list[list[Glyph]] = []
    for glyph in glyphs:
        if result:
            last = result[-1][-1]
            if abs(last.baseline - glyph.baseline) < tolerance and -0.5 < glyph.x - last.right < last.size * 1.5:
                result[-1].append(glyph)
                continue
        result.append([glyph])
    return result


def normalise(text: str) -> str:
    """Text without whitespace, for comparing what was drawn with the source."""
    return "".join(ch for ch in text if not ch.isspace())
