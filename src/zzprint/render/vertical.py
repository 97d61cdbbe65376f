"""Vertical glyph runs (竖排) in the PDF: an Identity-V font per face, with vertical metrics.

Input: the document's embedded fonts and the glyph runs marked ``vertical``.  Output: for
each face such runs use, a second Type0 font (``/Encoding /Identity-V``, resource ``FnV``)
sharing the face's CIDFont, whose ``/DW2`` and ``/W2`` give each glyph's vertical advance
and the position of its vertical origin (from the font's vmtx/VORG, as HarfBuzz reads them);
and the text operators of a vertical run.

In vertical writing mode a reader moves the pen down by the glyph's vertical advance and
puts the glyph's vertical origin on the pen, so a column is one TJ array whose numbers
are only the differences from the natural advances (compressed marks).  pdftotext and
pdfminer know the writing mode and read a column as a line, columns in drawing order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import pydyf

from ..page import GlyphRun
from .numfmt import DECIMALS, num
from .pdffonts import FaceKey, load_pdf_face


def vertical_faces(pages: Iterable[Sequence]) -> dict[tuple[str, int], set[int]]:
    """The faces drawn vertically, each with the glyphs it shows so."""
    faces: dict[tuple[str, int], set[int]] = {}
    for items in pages:
        for item in items:
            if isinstance(item, GlyphRun) and item.vertical:
                faces.setdefault((item.font.path, item.font.index), set()).update(g.gid for g in item.glyphs)
    return faces


def add_vertical_fonts(pdf: pydyf.PDF, font_dict: pydyf.Dictionary, fonts, faces: Mapping) -> None:
    """Give every face in ``faces`` its Identity-V Type0 font, named ``<resource>V`` in ``font_dict``."""
    objects = {obj.reference: obj for obj in pdf.objects if hasattr(obj, "reference") and isinstance(obj, dict)}
    for font in fonts:
        gids = faces.get((font.usage.ref.path, font.usage.ref.index))
        if not gids:
            continue
        type0 = objects[font_dict[font.resource]]
        cid_ref = type0["DescendantFonts"][0]
        cid_font = objects[cid_ref]
        cid_font["DW2"] = "[880 -1000]"
        cid_font["W2"] = _w2(font, sorted(gids))
        base = type0["BaseFont"]
        base = base.decode() if isinstance(base, bytes) else str(base)
        vertical = pydyf.Dictionary({
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": base.replace("-Identity-H", "-Identity-V") if base.endswith("-Identity-H") else base,
            "Encoding": "/Identity-V",
            "DescendantFonts": pydyf.Array([cid_ref]),
            "ToUnicode": type0["ToUnicode"],
        })
        pdf.add_object(vertical)
        font_dict[font.resource + "V"] = vertical.reference


def _w2(font, gids: list[int]) -> str:
    """``/W2``: ``c [w1y vx vy]`` for every code of the vertically drawn glyphs (alias codes too)."""
    program = font.program
    codes: list[tuple[int, int]] = [(program.new_gid[g], g) for g in gids]
    drawn = set(gids)
    codes += [(int(code, 16), g) for (g, _), code in program.alias_code.items() if g in drawn]
    parts = []
    for code, gid in sorted(codes):
        w1y, vx, vy = metrics(font.face.key, gid)
        parts.append(f"{code} [{num(w1y)} {num(vx)} {num(vy)}]")
    return "[" + " ".join(parts) + "]"


@lru_cache(maxsize=65536)
def metrics(key: FaceKey, gid: int) -> tuple[float, float, float]:
    """(vertical advance w1y, vertical origin vx, vy) of a glyph, in 1/1000 em, y up (PDF glyph
    space), from the face the PDF embeds (``key``: its file by path, size and mtime)."""
    face = load_pdf_face(key)
    font, upem = face.hb_font, face.upem
    vx, vy = font.get_glyph_v_origin(gid) or (0, 0)
    scale = 1000.0 / upem
    return (round(font.get_glyph_v_advance(gid) * scale, DECIMALS), round(vx * scale, DECIMALS),
            round(vy * scale, DECIMALS))


def vertical_run(run: GlyphRun, font, resource: str, left: float, top: float) -> str:
    """The operators of one vertical run (BT … ET), each glyph's vertical origin on its place.

    A glyph at (x, baseline + dy), its horizontal origin, has its vertical origin at
    (x + vx, baseline + dy − vy); glyphs whose vertical origins share an x form one TJ.
    """
    size = run.size
    key = font.face.key
    hex_for = font.program.hex_for
    unit = size / 1000.0
    out = [f"BT\n/{resource} {num(size)} Tf"]
    column_x = None
    pen = 0.0  # the reader's pen, PDF y
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append("[" + " ".join(items) + "] TJ")
            items.clear()

    for glyph in run.glyphs:
        w1y, vx, vy = metrics(key, glyph.gid)
        x = left + glyph.x + vx * unit * run.hscale
        y = top - (run.baseline + glyph.dy) + vy * unit
        if column_x is None or abs(x - column_x) > 0.005:
            flush()
            out.append(f"{num(run.hscale)} 0 0 1 {num(x)} {num(y)} Tm")
            column_x, pen = x, y
        else:
            adjust = round((pen - y) / unit, DECIMALS)  # TJ numbers move the pen down in vertical mode
            if adjust:
                items.append(num(adjust))
                pen -= adjust * unit
        items.append("<" + hex_for(glyph.gid, glyph.text) + ">")
        pen += w1y * unit
    flush()
    out.append("ET")
    return "\n".join(out)
