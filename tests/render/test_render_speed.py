"""Render speed of a full opinion page, as a regression guard (numbers: bench_render.py)."""

from __future__ import annotations

import statistics
import time

from render_helpers import opinion_page

from zzprint.render import render_pdf


def test_the_opinion_page_renders_fast_when_fonts_are_warm():
    """~7 000 glyphs, 3 faces + slug font.  Target < 150 ms warm; the bound here is 3× that, for busy CI."""
    doc = opinion_page()
    glyphs = sum(len(item.glyphs) for item in doc.pages[0].items if hasattr(item, "glyphs"))
    assert glyphs > 6500
    render_pdf(doc)  # parse faces, subset
    times = []
    for _ in range(3):
        start = time.perf_counter()
        render_pdf(doc)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.45
