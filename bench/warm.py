"""Warm rebuild, as ``zzprint watch`` does it: one process, edit one paragraph, rebuild.

Run by bench/run.py in a fresh process:

    python bench/warm.py SPEC CONTENT_FILE OUT.pdf RUNS [--profile FILE]

Builds once (the first build of the process: faces parsed, nothing set yet), then
RUNS times changes one character of the longest paragraph of CONTENT_FILE (a
different character each time, so the paragraph really is set again and the
article copy-fitted again), and times ``build_page`` (with the process's memo, as ``zzprint watch`` passes it) + ``render`` + writing the
PDF (``write``: temp file, fsync, rename).  Prints one JSON object.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import unicodedata
from pathlib import Path


def edits(text: str, runs: int) -> list[str]:
    """``runs`` versions of ``text``, each with one ideograph of its longest paragraph changed."""
    head, sep, body = text.partition("\n---\n")
    paragraphs = body.split("\n\n")
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]) if not paragraphs[i].startswith(("#", ">")) else 0)
    para = paragraphs[longest]
    spots = [i for i, c in enumerate(para) if unicodedata.name(c, "").startswith("CJK UNIFIED")]
    versions = []
    for n in range(runs):
        at = spots[(7 * n + 3) % len(spots)]
        new = "改" if para[at] != "改" else "新"
        changed = paragraphs[:]
        changed[longest] = para[:at] + new + para[at + 1:]
        versions.append(head + sep + "\n\n".join(changed))
    return versions


def main() -> None:
    spec, content, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    profile = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else None
    started = time.perf_counter()
    from zzprint.build import build_page, render, write
    from zzprint.memo import Memo

    imported = time.perf_counter()
    memo = Memo()  # the process's memo, as zzprint watch keeps one
    result = build_page(spec, memo=memo)
    write(render(result), out)
    first = time.perf_counter() - imported
    original = content.read_text(encoding="utf-8")
    versions = edits(original, runs)
    total, cpu, build, rendered, overset = [], [], [], [], 0
    profiler = None
    if profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.0005)
    try:
        for text in versions:
            content.write_text(text, encoding="utf-8")
            if profiler:
                profiler.start()
            c0 = time.process_time()
            t0 = time.perf_counter()
            result = build_page(spec, memo=memo)
            t1 = time.perf_counter()
            data = render(result)  # the PDF bytes (what the watch preview shows)
            t2 = time.perf_counter()
            write(data, out)  # temp file + fsync + rename
            t3 = time.perf_counter()
            c3 = time.process_time()
            if profiler:
                profiler.stop()
            build.append(t1 - t0)
            rendered.append(t2 - t1)
            total.append(t3 - t0)  # parse, set, render and write the PDF
            cpu.append(c3 - c0)
            overset += len(result.overset)
    finally:
        content.write_text(original, encoding="utf-8")
    if profiler:
        Path(profile).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    print(json.dumps({
        "import_s": imported - started, "first_build_s": first, "rebuild_s": total, "rebuild_cpu_s": cpu, "build_s": build,
        "render_s": rendered, "overset": overset,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
