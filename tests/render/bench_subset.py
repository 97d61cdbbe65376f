"""Benchmark: HarfBuzz vs fontTools subsetting of Noto Serif CJK SC, ~2 500 glyphs.

Run by hand (not collected by pytest):  .venv/bin/python tests/render/bench_subset.py
Both subset the same glyph ids with the same intent: no layout closure, layout
and vertical tables dropped, CFF program out.
"""

from __future__ import annotations

import statistics
import time

import uharfbuzz as hb
from fontTools import subset
from fontTools.ttLib import TTFont

from zzprint.render.pdffonts import FaceKey, hb_subset, load_pdf_face

PATH, INDEX = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2
DROP = ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]


def glyph_ids(n: int = 2500) -> list[int]:
    font = hb.Font(hb.Face(hb.Blob.from_file_path(PATH), INDEX))
    gids = sorted({font.get_nominal_glyph(cp) for cp in range(0x4E00, 0x9FFF, 8)} - {None, 0})
    return gids[:n]


def with_harfbuzz(gids: list[int]) -> int:
    face = load_pdf_face(FaceKey(PATH, INDEX, 0, 0))  # parsed once, as in a build
    program, _ = hb_subset(face, gids)
    return len(program)


def with_fonttools(gids: list[int]) -> int:
    font = TTFont(PATH, fontNumber=INDEX, lazy=True)
    options = subset.Options()
    options.layout_closure = False
    options.notdef_outline = True
    options.prune_unicode_ranges = False
    options.drop_tables += DROP
    options.hinting = False  # as the hb flags: NO_HINTING, DESUBROUTINIZE
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=gids)
    subsetter.subset(font)
    return len(font["CFF "].compile(font))


def timed(fn, gids: list[int], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = fn(gids)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, size


def main() -> None:
    gids = glyph_ids()
    with_harfbuzz(gids)  # warm the face cache and HarfBuzz's accelerators
    hb_ms, hb_size = timed(with_harfbuzz, gids, 5)
    ft_ms, ft_size = timed(with_fonttools, gids, 2)
    print(f"{len(gids)} glyphs of Noto Serif CJK SC")
    print(f"  HarfBuzz  hb.subset : {hb_ms:8.1f} ms  CFF {hb_size:>9,} bytes")
    print(f"  fontTools subset    : {ft_ms:8.1f} ms  CFF {ft_size:>9,} bytes")
    print(f"  HarfBuzz is {ft_ms / hb_ms:.0f}× faster")


if __name__ == "__main__":
    main()
