"""Typst's incremental recompile of a one-paragraph edit, the peer of bench/warm.py.

    python bench/typst_warm.py PAGE.typ OUT.pdf RUNS

One ``typst.Compiler`` is kept, as ``typst watch`` keeps one: it compiles once, then
RUNS times changes one ideograph of the longest paragraph in the source and calls
``compile()`` again (Typst reuses what the edit did not touch).  Prints one JSON object.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from projects import FONT_PATHS  # noqa: E402


def main() -> None:
    source, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    import typst

    work = out.with_suffix(".typ")
    original = source.read_text(encoding="utf-8")
    work.write_text(original, encoding="utf-8")
    compiler = typst.Compiler(str(work), font_paths=FONT_PATHS, ignore_system_fonts=True)
    started = time.perf_counter()
    compiler.compile(output=str(out))
    first = time.perf_counter() - started
    # The longest run of ideographs stands for the longest paragraph's text.
    runs_of_han = sorted(re.finditer(r"[\u4e00-\u9fff]{12,}", original), key=lambda m: -len(m.group()))
    spot = runs_of_han[0].start() + 3
    times = []
    for n in range(runs):
        at = spot + (7 * n) % 10
        text = original[:at] + ("改" if original[at] != "改" else "新") + original[at + 1:]
        work.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        compiler.compile(output=str(out))
        times.append(time.perf_counter() - t0)
    print(json.dumps({"first_s": first, "rebuild_s": times,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
