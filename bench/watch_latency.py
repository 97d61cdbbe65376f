"""``zzprint watch`` latency: from saving a one-paragraph edit to the new page painted in Chromium.

    .venv/bin/python bench/watch_latency.py [--runs 30] [--warmup 3] [--pause 0.3]

Starts ``zzprint watch`` (a new process, as an editor would) on a copy of the project in
build/bench/watch/, opens the preview in headless Chromium (Playwright, Debian's chromium)
and RUNS times changes one ideograph of the longest paragraph of CONTENT_FILE (a different
one each time, bench/warm.py's edits), saved as an editor saves: the whole file rewritten.

Per edit, from the moment the file was written (wall clock, read just before the write):

* ``pushed``  — the browser received the build (the SSE message arrived);
* ``shown``   — the new page is in the DOM and ``document.body.dataset.build`` changed;
* ``painted`` — the frame showing it was painted (a task after its animation frame);

the page counted is the first one built from the saved bytes (its input checksum says so).
* ``build``   — the server's own build time for it (watch's /state), and ``painted − build``:
  what the preview adds to the build (noticing the save, drawing, pushing, painting).

The browser stamps its times with Date.now(), the same system clock Python's time.time()
reads.  Prints a table (median, 95th percentile, max) and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import projects  # noqa: E402
from warm import edits  # noqa: E402

ROOT = projects.ROOT
ZZ = Path(sys.executable).parent / "zzprint"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CONTENT_FILE = "content/03-jingji-guancha.md"
TARGET_MEDIAN_MS, TARGET_P95_MS = 150, 300  # issue #15


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile, linear between the two nearest ranks (as numpy's default)."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * q / 100
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def start_server(project: Path) -> tuple[subprocess.Popen, str, list[str]]:
    process = subprocess.Popen([str(ZZ), "watch", "layout/opinion.yaml", "--port", "0"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str] = queue.Queue()
    stderr: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    threading.Thread(target=lambda: [stderr.append(line) for line in process.stderr], daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        process.kill()
        raise SystemExit("watch_latency: zzprint watch printed no URL:\n" + "".join(stderr)) from None
    return process, first[first.index("http://"):].split()[0], stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3, help="edits before the measured ones (not counted)")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between edits (an editor's typing pause)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"watch_latency: {CHROMIUM} is not installed (make deps-test)")
    from playwright.sync_api import sync_playwright

    project = projects.copy_project(ROOT / "build" / "bench" / "watch").parent.parent
    content = project / CONTENT_FILE
    original = content.read_text(encoding="utf-8")
    versions = edits(original, args.warmup + args.runs)
    process, url, stderr = start_server(project)
    rows: list[dict] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_function("() => document.body.dataset.painted", timeout=60000)
            for n, text in enumerate(versions):
                before = int(page.evaluate("document.body.dataset.painted"))
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
                written = time.time()
                content.write_text(text, encoding="utf-8")  # in place, as most editors save
                # The page built from the saved bytes (a build may start between the truncation
                # and the write: it shows an older or broken page, and does not count).
                found = page.wait_for_function(f"""() => {{
                    for (const [build, t] of Object.entries(window.zzprintTimes))
                      if (+build > {before} && t.painted && t.ok && Object.entries(t.inputs).some(
                          ([file, hash]) => file.endsWith("/{content.name}") && hash === "{digest}")) return +build;
                    return 0; }}""", timeout=30000)
                seen = time.time()
                build = found.json_value()
                times = page.evaluate(f"window.zzprintTimes[{build}]")
                with urllib.request.urlopen(url + "state", timeout=10) as response:
                    state = json.load(response)
                if n >= args.warmup:
                    build_ms = state["build_seconds"] * 1000 if state["build"] == build else None
                    rows.append({"beyond_ms": times["painted"] - written * 1000 - build_ms if build_ms else None,
"pushed_ms": times["arrived"] - written * 1000, "shown_ms": times["shown"] - written * 1000,
                                 "painted_ms": times["painted"] - written * 1000, "seen_ms": (seen - written) * 1000,
                                 "build_ms": build_ms,
                                 "builds": build - before})
                time.sleep(args.pause)
            browser.close()
    finally:
        content.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=10)
    if "Traceback" in "".join(stderr):
        raise SystemExit("watch_latency: the server failed:\n" + "".join(stderr))

    columns = [("pushed_ms", "SSE arrived"), ("shown_ms", "dataset.build"), ("painted_ms", "painted"),
               ("seen_ms", "seen by Playwright"), ("build_ms", "server build"),
               ("beyond_ms", "painted − build")]
    figures = {}
    load = os.getloadavg()[0]
    print(f"zzprint watch: save → new page, one-paragraph edit of {CONTENT_FILE}, {len(rows)} edits (ms); "
          f"{os.cpu_count()} cores, load average {load:.1f}")
    print(f"{'from the write to':<22} {'median':>8} {'p95':>8} {'max':>8}")
    for key, name in columns:
        values = [r[key] for r in rows if r[key] is not None]
        median, p95 = statistics.median(values), percentile(values, 95)
        figures[key.removesuffix("_ms")] = {"median_ms": round(median, 1), "p95_ms": round(p95, 1),
                                            "max_ms": round(max(values), 1)}
        print(f"{name:<22} {median:>8.1f} {p95:>8.1f} {max(values):>8.1f}")
    painted = figures["painted"]
    met = painted["median_ms"] <= TARGET_MEDIAN_MS and painted["p95_ms"] <= TARGET_P95_MS
    print(f"target: painted median ≤ {TARGET_MEDIAN_MS} ms, p95 ≤ {TARGET_P95_MS} ms — {'met' if met else 'NOT met'}"
          f"; {sum(r['builds'] > 1 for r in rows)} edit(s) took more than one build")
    print(json.dumps({"watch_latency": {"runs": len(rows), "content_file": CONTENT_FILE, "load_average": round(load, 2),
                                        **figures,
                                        "median_ms": painted["median_ms"], "p95_ms": painted["p95_ms"],
                                        "target_met": met}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
