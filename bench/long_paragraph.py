"""One very long paragraph: time and peak memory of setting it, as the flow sets it.

    .venv/bin/python bench/long_paragraph.py [--sizes 10000,50000] [--loosenesses 0,1,-1] [--runs 3]

The text is the seed page's body paragraphs (content/*.md, as zzprint reads them)
joined into one paragraph and repeated up to each size. Each case runs in a fresh
process (so one case's memory is not another's), through the public setter the flow
uses (``zzprint.flow.setter.set_paragraph``) with the real fonts of fonts/fonts.yaml,
the seed spec's body style, column measure and paragraph settings. Looseness ±1 is
what copy-fitting asks of a paragraph (one line more or fewer).

Per case: ``set_s`` — the median wall time of ``set_paragraph`` (shaping, itemizing,
breaking, justifying; the memo of set paragraphs cleared before each run, the shaper's
own cache warm after the first run), ``set_cpu_s`` its CPU time (steadier than wall
time on a shared machine); ``break_s`` — the median of ``break_lines`` alone
on the same items; ``traced_mib`` — the peak of Python allocations (tracemalloc) while
``set_paragraph`` runs, a run of its own; ``rss_mib`` — the process's peak resident
set after the timed runs (ru_maxrss: the interpreter, the fonts, the set paragraph;
before tracemalloc, which adds its own), ``rss_before_mib`` the same before the first
run (spec and fonts loaded); ``states``/``lines_tried`` —
the breaker's work counters (``Breaks.states``, ``Breaks.lines_tried``).

Output: a table, then one line ``JSON: {...}`` with every figure (for bench/run.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "layout" / "opinion.yaml"


def case(size: int, looseness: int, runs: int) -> dict:
    """Run in the child: set one paragraph of ``size`` characters; return the figures."""
    import gc
    import resource
    import time
    import tracemalloc

    from zzprint.content.markdown import load_articles
    from zzprint.flow.page_layout import paragraph_settings
    from zzprint.flow.setter import Source, set_paragraph
    from zzprint.fonts.roles import load_fontset
    from zzprint.spec.load import load_spec
    from zzprint.text.itemize import itemize_runs
    from zzprint.text.linebreak import BreakOptions, break_lines

    spec = load_spec(SPEC)
    fonts = load_fontset(spec.fonts_file)
    settings = paragraph_settings(spec)
    style = spec.styles["body"]
    measure = spec.grid.chars * spec.grid.body_size  # one column, pt
    articles = load_articles(spec.root / "content")
    body = "".join(b.text for a in articles.values() for b in a.blocks if b.kind == "para")
    text = (body * (size // len(body) + 1))[:size]
    source = Source("bench/long_paragraph.py", 0, f"one paragraph of {size} characters")

    def run():  # no memo: the paragraph is set afresh each run
        return set_paragraph(text, style, [measure], fonts, settings, source, looseness)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, cpu = [], []
    for _ in range(runs):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before tracemalloc adds its own
    # The breaker alone, on the same items the setter made.
    texts = [c.text for c in result.clusters]
    advances = [c.advance * style.hscale for c in result.clusters]
    items = itemize_runs(texts, advances, settings)
    options = BreakOptions((measure / style.size,), settings.indent, settings.last_line,
                           settings.avoid_orphans, looseness)
    break_times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        breaks = break_lines(items, options)
        break_times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    run()
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "characters": size,
        "looseness": looseness,
        "lines": len(result.lines),
        "set_s": statistics.median(times),
        "set_min_s": min(times),
        "set_cpu_s": statistics.median(cpu),
        "break_s": statistics.median(break_times),
        "traced_mib": traced / 2**20,
        "rss_mib": rss,
        "rss_before_mib": rss_before,
        "states": breaks.states,
        "lines_tried": breaks.lines_tried,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--loosenesses", default="0,1,-1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--case", help=argparse.SUPPRESS)  # SIZE,LOOSENESS,RUNS: the child
    args = parser.parse_args()
    if args.case:
        size, looseness, runs = map(int, args.case.split(","))
        print(json.dumps(case(size, looseness, runs)))
        return 0
    rows = []
    for size in map(int, args.sizes.split(",")):
        for looseness in map(int, args.loosenesses.split(",")):
            child = subprocess.run([sys.executable, __file__, "--case", f"{size},{looseness},{args.runs}"],
                                   cwd=ROOT, capture_output=True, text=True)
            if child.returncode:
                raise SystemExit(f"long_paragraph: case {size},{looseness} failed:\n{child.stderr}")
            rows.append(json.loads(child.stdout.splitlines()[-1]))
    print(f"{'chars':>7} {'loose':>5} {'lines':>6} {'set s':>7} {'cpu s':>7} {'break s':>8} {'traced MiB':>10}"
          f" {'RSS MiB':>12} {'states':>8} {'tried':>8}")
    for r in rows:
        rss = f"{r['rss_before_mib']:.0f}→{r['rss_mib']:.0f}"
        print(f"{r['characters']:>7} {r['looseness']:>+5} {r['lines']:>6} {r['set_s']:>7.3f} {r['set_cpu_s']:>7.3f}"
              f" {r['break_s']:>8.3f} {r['traced_mib']:>10.1f} {rss:>12} {r['states']:>8} {r['lines_tried']:>8}")
    print("JSON: " + json.dumps({"long_paragraph": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
