"""Time the paragraph setter on a 3 000-character paragraph (run by hand, not by pytest).

    .venv/bin/python tests/text/bench_breaker.py

Input: the seed article, concatenated and cut to 3 000 characters; measure 13 em.
Output: best and median time of itemize, break and set, and the share of lines on grid.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from text_helpers import clusters, seed_paragraphs  # noqa: E402

from zzprint.text import Settings, set_paragraph  # noqa: E402
from zzprint.text.itemize import itemize  # noqa: E402
from zzprint.text.linebreak import BreakOptions, break_lines  # noqa: E402


def main(size: int = 3000, runs: int = 20) -> None:
    text = "".join(seed_paragraphs())
    while len(text) < size:
        text += text
    cl = clusters(text[:size])
    settings = Settings()
    times: dict[str, list[float]] = {"itemize": [], "break": [], "total": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        items = itemize(cl, settings)
        t1 = time.perf_counter()
        break_lines(items, BreakOptions((13.0,), 2.0))
        t2 = time.perf_counter()
        para = set_paragraph(cl, 13.0, settings)
        t3 = time.perf_counter()
        times["itemize"].append(t1 - t0)
        times["break"].append(t2 - t1)
        times["total"].append(t3 - t2)
    for name, values in times.items():
        print(f"{name:8s} best {min(values) * 1e3:6.1f} ms   median "
              f"{statistics.median(values) * 1e3:6.1f} ms")
    print(f"{size} clusters, {len(para.lines)} lines, on grid {para.grid_share:.0%},"
          f" problems {len(para.problems)}")


if __name__ == "__main__":
    main()
