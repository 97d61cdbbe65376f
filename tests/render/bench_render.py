"""Benchmark: render the 6-article opinion page (~7 000 glyphs, 3 faces + slug label).

Run by hand (not collected by pytest):  .venv/bin/python tests/render/bench_render.py
Cold = first render in the process; warm = faces parsed, the memo of earlier renders
(TJ operators and subsets found); edited = faces parsed, a fresh memo (every subset made).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from render_helpers import opinion_page  # noqa: E402

from zzprint.memo import Memo  # noqa: E402
from zzprint.render import render_pdf  # noqa: E402


def ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    doc, edited = opinion_page(0), opinion_page(1)
    glyphs = sum(len(item.glyphs) for item in doc.pages[0].items if hasattr(item, "glyphs"))
    memo = Memo()
    cold = ms(lambda: render_pdf(doc, memo=memo))
    warm = statistics.median(ms(lambda: render_pdf(doc, memo=memo)) for _ in range(7))
    misses = [ms(lambda: render_pdf(edited, memo=Memo())) for _ in range(5)]
    print(f"{glyphs} glyphs, {len(render_pdf(doc)):,} bytes")
    print(f"  cold (first in process)      : {cold:6.1f} ms")
    print(f"  warm, same glyph sets        : {warm:6.1f} ms (median of 7)")
    print(f"  warm, all glyph sets changed : {statistics.median(misses):6.1f} ms (median of 5)")


if __name__ == "__main__":
    main()
