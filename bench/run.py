"""``make bench``: zzprint's speed and memory against peers, in one run on one machine.

    .venv/bin/python bench/run.py [--runs N] [--warm-runs N] [--no-weasyprint-8x] [--no-profile]

Cases, each run N times, interleaved (one round runs every case once, so a busy
spell on a shared machine hits all of them alike); the table shows medians:

1. cold seed page: ``zzprint build layout/opinion.yaml`` as a new process, with the
   preflight as ``make`` runs it, with ``--no-check``, and with ``--no-check -j 1`` (one
   process: no forked child fits half of the articles);
2. warm rebuild after a one-paragraph edit, in one process as ``zzprint watch``
   rebuilds (bench/warm.py): build_page + render + write the PDF;
3. the content eight times over: 48 articles on 8 pages (bench/projects.py), cold,
   per page and against one page; once with the very same text (as the issue asks)
   and once with each copy's text made different (``distinct``), which shows the
   cost of new text without zzprint's memo of set paragraphs helping across copies
   (distinct text also with ``-j 1``);
4. peers from the same content files: WeasyPrint with an equivalent 8-column
   HTML/CSS page, and Typst (the ``typst`` package, a benchmark extra) with an
   equivalent .typ source, both cold in a new process;
5. an edition of 16 pages of distinct text (``zzprint edition -j 2``) against Typst
   setting the same 16 pages' text;
6. Typst's incremental recompile of the same one-paragraph edit (bench/typst_warm.py),
   the peer of the warm rebuild;
7. one paragraph of 10,000 and of 50,000 characters (bench/long_paragraph.py): time
   and peak memory of setting it;
8. ``zzprint watch``: save → new page painted in Chromium, 30 edits (bench/watch_latency.py);
9. ``zzprint compose`` on the seed template and a 10-article page (bench/compose.py).

Wall time is from fork to exit; CPU is the child's user + system time; peak
memory is the child's maximum resident set (``wait4``).  Results go to
``build/bench.json``; generated inputs and PDFs to ``build/bench/``.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import projects  # noqa: E402

ROOT = projects.ROOT
BIN = Path(sys.executable).parent
PY = sys.executable
ZZ = str(BIN / "zzprint")
OUT = ROOT / "build" / "bench"

TYPST_COMPILE = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
                 f"font_paths={projects.FONT_PATHS!r}, ignore_system_fonts=True)")
FLOOR_IMPORTS = "import yaml, markdown_it, uharfbuzz, pydyf"
WEASY_COMPILE = "import sys; from weasyprint import HTML; HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"


# --------------------------------------------------------------------------- measuring


def measure(argv: list[str], cwd: Path) -> dict:
    """Run ``argv`` as a new process: wall s, CPU s and peak RSS MiB; fail loudly on a non-zero exit."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(argv)} exited {proc.returncode}:\n{err.read().decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def summary(samples: list[dict]) -> dict:
    return {
        "wall_s": statistics.median(s["wall"] for s in samples),
        "wall_min_s": min(s["wall"] for s in samples),
        "cpu_s": statistics.median(s["cpu"] for s in samples),
        "peak_rss_mib": max(s["rss"] for s in samples),
        "runs": len(samples),
        "wall_all_s": [round(s["wall"], 4) for s in samples],
    }


# --------------------------------------------------------------------------- setup


def prepare(args) -> tuple[dict, dict]:
    """Generate every input; return the cases {name: (argv, cwd)} and facts for the report."""
    OUT.mkdir(parents=True, exist_ok=True)
    # An installed package ships bytecode; this tree may not have it (PYTHONDONTWRITEBYTECODE),
    # and compiling ~9 000 lines on every start would be measured as zzprint's start-up.
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    one = projects.copy_project(OUT / "one")
    eight = projects.eightfold_project(OUT / "eight")
    distinct = projects.eightfold_project(OUT / "eight-distinct", distinct=True)
    edition = projects.edition_project(OUT / "edition16", pages=16)
    cases: dict[str, tuple[list[str], Path]] = {
        "zz_cold": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "cold.pdf")], ROOT),
        "zz_cold_nocheck": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "cold-nocheck.pdf"), "--no-check"], ROOT),
        # One process: no forked child fits half of the articles (zzprint.workers).
        "zz_cold_nocheck_j1": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "cold-nocheck-j1.pdf"), "--no-check",
                                "-j", "1"], ROOT),
        "zz_8x": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "eight.pdf")], eight.parent.parent),
        "zz_8x_nocheck": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "eight-nocheck.pdf"), "--no-check"],
                          eight.parent.parent),
        "zz_8x_distinct_nocheck": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "eight-distinct.pdf"), "--no-check"],
                                   distinct.parent.parent),
        "zz_8x_distinct_nocheck_j1": ([ZZ, "build", projects.SPEC, "-o", str(OUT / "eight-distinct-j1.pdf"),
                                       "--no-check", "-j", "1"], distinct.parent.parent),
        "zz_edition16": ([ZZ, "edition", str(edition), "--out", str(OUT / "edition16-out"), "-j", "2"],
                         edition.parent.parent),
    }
    # The floor under any zzprint build: the interpreter starting and importing the libraries
    # the pipeline cannot do without (YAML, Markdown, HarfBuzz, pydyf), nothing of ours.
    cases["python_floor"] = ([PY, "-c", FLOOR_IMPORTS], ROOT)
    facts: dict = {"typst": None, "weasyprint": None}
    arts1 = projects.load_articles(one.parent.parent / "content")
    arts8 = projects.load_articles(eight.parent.parent / "content")
    arts8d = projects.load_articles(distinct.parent.parent / "content")
    facts["characters_1x"] = sum(len("".join(a.all_text())) for a in arts1)
    paragraphs = [b.text for a in arts8d for b in a.blocks]
    facts["distinct_paragraphs_8x_distinct"] = f"{len(set(paragraphs))} of {len(paragraphs)}"
    arts16 = [a for k in range(1, 17) for a in _page_articles(edition.parent / f"page-{k:02d}.yaml")]
    for name, arts in (("1x", arts1), ("8x", arts8), ("8x_distinct", arts8d), ("16_distinct", arts16)):
        (OUT / f"peer-{name}.html").write_text(projects.html_source(arts), encoding="utf-8")
        (OUT / f"peer-{name}.typ").write_text(projects.typst_source(arts), encoding="utf-8")
    if importlib.util.find_spec("weasyprint"):
        import weasyprint
        facts["weasyprint"] = weasyprint.__version__
        cases["weasy_1x"] = ([PY, "-c", WEASY_COMPILE, str(OUT / "peer-1x.html"), str(OUT / "weasy-1x.pdf")], OUT)
        if not args.no_weasyprint_8x:
            cases["weasy_8x"] = ([PY, "-c", WEASY_COMPILE, str(OUT / "peer-8x.html"), str(OUT / "weasy-8x.pdf")], OUT)
    if importlib.util.find_spec("typst"):
        from importlib.metadata import version
        facts["typst"] = version("typst")
        for name in ("1x", "8x", "8x_distinct", "16_distinct"):
            cases[f"typst_{name}"] = ([PY, "-c", TYPST_COMPILE, str(OUT / f"peer-{name}.typ"),
                                       str(OUT / f"typst-{name}.pdf")], OUT)
    return cases, facts


def _page_articles(spec: Path) -> list:
    """One page's articles in placement order, as zzprint reads them."""
    import yaml

    from zzprint.content.markdown import load_articles as load

    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    articles = load((spec.parent / data["content"]).resolve())
    return [articles[p["content"]] for p in data["articles"]]


def typst_warm(runs: int) -> dict | None:
    """Typst's incremental recompile of a one-paragraph edit, in one process (bench/typst_warm.py)."""
    if not importlib.util.find_spec("typst"):
        return None
    argv = [PY, str(Path(__file__).parent / "typst_warm.py"), str(OUT / "peer-1x.typ"), str(OUT / "typst-warm.pdf"), str(runs)]
    done = subprocess.run(argv, cwd=OUT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench: typst warm failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_bench(script: str, *args: str) -> dict:
    """Run one of the bench/ scripts that print a table and, last, one JSON line; both."""
    done = subprocess.run([PY, str(Path(__file__).parent / script), *args], cwd=ROOT, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[-1].removeprefix("JSON: ").startswith("{"):
        raise SystemExit(f"bench: {script} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return {"table": lines[:-1], "figures": json.loads(lines[-1].removeprefix("JSON: "))}


def long_paragraphs() -> dict:
    """One paragraph of 10,000 and of 50,000 characters, set alone (bench/long_paragraph.py)."""
    out = side_bench("long_paragraph.py", "--loosenesses", "0,1")
    rows = out["figures"]["long_paragraph"]
    out["by_size"] = {str(r["characters"]): {"seconds": r["set_s"], "cpu_s": r["set_cpu_s"], "peak_mib": r["rss_mib"]}
                      for r in rows if r["looseness"] == 0}
    return out


def warm(spec: Path, runs: int, profile: Path | None = None) -> dict:
    content = spec.parent.parent / "content" / "03-jingji-guancha.md"
    argv = [PY, str(Path(__file__).parent / "warm.py"), str(spec), str(content), str(OUT / "warm.pdf"), str(runs)]
    if profile:
        argv += ["--profile", str(profile)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench: warm rebuild failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pages_of(pdf: Path) -> int:
    import pikepdf
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


# --------------------------------------------------------------------------- report


def ratio(a: float, b: float | None) -> float | None:
    return a / b if b else None


def report(results: dict, facts: dict, warm_result: dict, typst_w: dict | None, longp: dict, side: dict) -> dict:
    r = {k: v["wall_s"] for k, v in results.items()}
    rebuild = statistics.median(warm_result["rebuild_s"])
    typst_rebuild = statistics.median(typst_w["rebuild_s"]) if typst_w else None
    para = longp["by_size"]
    latency = side["watch"]["figures"]["watch_latency"]
    compose = side["compose"]["figures"]["compose"]
    typst1, weasy1 = r.get("typst_1x"), r.get("weasy_1x")
    figures = {
        "cold_s": r["zz_cold"],
        "cold_nocheck_s": r["zz_cold_nocheck"],
        "cold_nocheck_j1_s": r["zz_cold_nocheck_j1"],
        "eight_distinct_nocheck_j1_s": r["zz_8x_distinct_nocheck_j1"],
        "warm_rebuild_s": rebuild,
        "warm_build_page_s": statistics.median(warm_result["build_s"]),
        "warm_render_s": statistics.median(warm_result["render_s"]),
        "eight_s": r["zz_8x"],
        "eight_nocheck_s": r["zz_8x_nocheck"],
        "eight_distinct_nocheck_s": r["zz_8x_distinct_nocheck"],
        "eight_per_page_s": r["zz_8x_nocheck"] / facts["pages_8x"],
        "eight_over_one": r["zz_8x_nocheck"] / r["zz_cold_nocheck"],
        "eight_distinct_over_one": r["zz_8x_distinct_nocheck"] / r["zz_cold_nocheck"],
        "eight_with_check_over_one": r["zz_8x"] / r["zz_cold"],
        "python_floor_s": r["python_floor"],
        "peak_rss_cold_mib": results["zz_cold"]["peak_rss_mib"],
        "peak_rss_warm_mib": warm_result["peak_rss_mib"],
        "peak_rss_8x_mib": results["zz_8x"]["peak_rss_mib"],
        "edition16_s": r["zz_edition16"],
        "watch_latency_median_ms": latency["median_ms"],
        "watch_latency_p95_ms": latency["p95_ms"],
        "compose_seed_s": compose["seed_s"],
        "compose_ten_s": compose["ten_s"],
        "typst_incremental_s": typst_rebuild,
    }
    ratios = {
        "cold_vs_typst": ratio(r["zz_cold"], typst1),
        "cold_nocheck_vs_typst": ratio(r["zz_cold_nocheck"], typst1),
        "cold_nocheck_j1_vs_typst": ratio(r["zz_cold_nocheck_j1"], typst1),
        "cold_vs_weasyprint": ratio(r["zz_cold"], weasy1),
        "cold_nocheck_vs_weasyprint": ratio(r["zz_cold_nocheck"], weasy1),
        "warm_vs_typst_cold": ratio(rebuild, typst1),
        "eight_vs_typst_8x": ratio(r["zz_8x_nocheck"], r.get("typst_8x")),
        "eight_vs_weasyprint_8x": ratio(r["zz_8x_nocheck"], r.get("weasy_8x")),
        "eight_distinct_vs_typst_8x_distinct": ratio(r["zz_8x_distinct_nocheck"], r.get("typst_8x_distinct")),
        "eight_distinct_j1_vs_typst_8x_distinct": ratio(r["zz_8x_distinct_nocheck_j1"], r.get("typst_8x_distinct")),
        "python_floor_vs_typst": ratio(r["python_floor"], typst1),
        "edition16_vs_typst_16_distinct": ratio(r["zz_edition16"], r.get("typst_16_distinct")),
        "warm_vs_typst_incremental": ratio(rebuild, typst_rebuild),
    }

    def at_most(key: str, limit: float) -> bool:
        return ratios[key] is not None and ratios[key] <= limit

    p10, p50 = para.get("10000", {}), para.get("50000", {})
    targets = {
        # issue 18
        "8 pages of distinct text <= 2.0x Typst": at_most("eight_distinct_vs_typst_8x_distinct", 2.0),
        "edition of 16 distinct pages (-j 2) <= 1.5x Typst": at_most("edition16_vs_typst_16_distinct", 1.5),
        # Typst has no preflight: the page as built, in one process (no forked child), -j 1 --no-check
        "cold page <= 1.3x Typst without forked children": at_most("cold_nocheck_j1_vs_typst", 1.3),
        "warm rebuild <= Typst incremental recompile": at_most("warm_vs_typst_incremental", 1.0),
        # the process that sets the page; with the preflight, Ghostscript's rendering adds its own
        "peak memory, seed page build (--no-check) <= 100 MiB": results["zz_cold_nocheck"]["peak_rss_mib"] <= 100,
        # issue 15 and 17
        "watch: save → painted ≤ 150 ms median, ≤ 300 ms p95": latency["median_ms"] <= 150 and latency["p95_ms"] <= 300,
        "compose the seed page ≤ 2 s": compose["seed_exit"] == 0 and compose["seed_s"] <= 2.0,
        # issue 12
        "10,000-character paragraph < 0.1 s": p10.get("seconds", 1e9) < 0.1,
        "50,000-character paragraph < 1 s and < 200 MB": p50.get("seconds", 1e9) < 1.0 and p50.get("peak_mib", 1e9) < 200,
        # issue 8, kept
        "cold <= typst (ratio <= 1.0)": ratios["cold_vs_typst"] is not None and ratios["cold_vs_typst"] <= 1.0,
        # WeasyPrint, like Typst, has no preflight: the page as built (--no-check) against its page
        "cold >= 4x faster than weasyprint": (ratios["cold_nocheck_vs_weasyprint"] is not None
                                              and ratios["cold_nocheck_vs_weasyprint"] <= 0.25),
        "warm rebuild <= 0.1 s": rebuild <= 0.1,
        "warm >= 3x faster than typst cold": ratios["warm_vs_typst_cold"] is not None and ratios["warm_vs_typst_cold"] <= 1 / 3,
        "8x text <= 2x one page": figures["eight_over_one"] <= 2.0,
        "8x distinct text <= 2x one page": figures["eight_distinct_over_one"] <= 2.0,
    }
    return {"figures": figures, "ratios": ratios, "targets": targets}


def table(results: dict, facts: dict, warm_result: dict, rep: dict, longp: dict, side: dict) -> str:
    f, q = rep["figures"], rep["ratios"]

    def row(label: str, key: str, peer: str | None = None) -> str:
        s = results.get(key)
        if not s:
            return f"{label:<56} {'—':>8}"
        line = f"{label:<56} {s['wall_s']:8.3f} {s['cpu_s']:8.3f} {s['peak_rss_mib']:8.1f}"
        return line + (f"   {peer}" if peer else "")

    def x(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.2f}"

    lines = [
        f"zzprint bench — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"WeasyPrint {facts['weasyprint'] or 'absent'}, typst {facts['typst'] or 'absent'}",
        f"seed page: {facts['characters_1x']} characters, 6 articles, 1 page; 8x: 48 articles, {facts['pages_8x']} pages",
        "",
        f"{'case (median of runs, cold = new process)':<56} {'wall s':>8} {'cpu s':>8} {'peak MiB':>8}",
        row("zzprint build, seed page (with preflight)", "zz_cold"),
        row("zzprint build, seed page --no-check", "zz_cold_nocheck"),
        row("zzprint build, seed page --no-check -j 1 (one process)", "zz_cold_nocheck_j1"),
        row("zzprint build, 8x text (with preflight)", "zz_8x"),
        row("zzprint build, 8x text --no-check", "zz_8x_nocheck"),
        row("zzprint build, 8x distinct text --no-check", "zz_8x_distinct_nocheck"),
        row("zzprint build, 8x distinct text --no-check -j 1", "zz_8x_distinct_nocheck_j1"),
        row("WeasyPrint, seed page", "weasy_1x"),
        row("WeasyPrint, 8x text", "weasy_8x"),
        row("Typst, seed page", "typst_1x"),
        row("Typst, 8x text", "typst_8x"),
        row("Typst, 8x distinct text", "typst_8x_distinct"),
        row("zzprint edition -j 2, 16 pages of distinct text", "zz_edition16"),
        row("Typst, the same 16 pages' text", "typst_16_distinct"),
        row("Python start + yaml, markdown_it, uharfbuzz, pydyf", "python_floor"),
        "",
        f"warm rebuild after a one-paragraph edit (in-process, {len(warm_result['rebuild_s'])} edits): "
        f"{f['warm_rebuild_s'] * 1000:.1f} ms median "
        f"(build_page {f['warm_build_page_s'] * 1000:.1f} ms, render {f['warm_render_s'] * 1000:.1f} ms, "
        f"+ write with fsync), peak {f['peak_rss_warm_mib']:.1f} MiB; first build in the process "
        f"{warm_result['first_build_s'] * 1000:.0f} ms; Typst's incremental recompile of the same edit "
        f"{(f['typst_incremental_s'] or 0) * 1000:.1f} ms median",
        f"8x text: {f['eight_per_page_s'] * 1000:.0f} ms per page; 8x / 1x = {f['eight_over_one']:.2f} "
        f"(distinct text {f['eight_distinct_over_one']:.2f}; with preflight {f['eight_with_check_over_one']:.2f}); "
        f"distinct paragraphs in the distinct 8x: {facts['distinct_paragraphs_8x_distinct']}",
        "",
        "ratios zzprint / peer (< 1: zzprint faster)",
        f"  cold vs Typst cold            {x(q['cold_vs_typst'])}  (--no-check {x(q['cold_nocheck_vs_typst'])}, "
        f"--no-check -j 1 {x(q['cold_nocheck_j1_vs_typst'])})",
        f"  cold vs WeasyPrint cold       {x(q['cold_vs_weasyprint'])}  (--no-check {x(q['cold_nocheck_vs_weasyprint'])})",
        f"  warm rebuild vs Typst cold    {x(q['warm_vs_typst_cold'])}",
        f"  8x vs Typst 8x                {x(q['eight_vs_typst_8x'])}  (distinct text {x(q['eight_distinct_vs_typst_8x_distinct'])}, "
        f"-j 1 {x(q['eight_distinct_j1_vs_typst_8x_distinct'])})",
        f"  8x vs WeasyPrint 8x           {x(q['eight_vs_weasyprint_8x'])}",
        f"  Python + library imports alone vs Typst cold  {x(q['python_floor_vs_typst'])}",
        f"  edition 16 pages vs Typst     {x(q['edition16_vs_typst_16_distinct'])}",
        f"  warm rebuild vs Typst incremental  {x(q['warm_vs_typst_incremental'])}",
        "",
        "one long paragraph, set alone (bench/long_paragraph.py)",
        *[f"  {line}" for line in longp["table"]],
        "",
        "zzprint watch: from saving a one-paragraph edit to the new page painted in Chromium (bench/watch_latency.py)",
        *[f"  {line}" for line in side["watch"]["table"]],
        "",
        "zzprint compose (bench/compose.py)",
        *[f"  {line}" for line in side["compose"]["table"]],
        "",
        "targets",
        *[f"  [{'met' if ok else 'NOT MET'}] {name}" for name, ok in rep["targets"].items()],
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each cold case (default 5)")
    parser.add_argument("--warm-runs", type=int, default=15, help="one-paragraph edits in the warm process")
    parser.add_argument("--no-weasyprint-8x", action="store_true", help="skip WeasyPrint on 8x text (slow)")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="skip the pyinstrument profiles of the cold build and warm rebuilds (build/bench/)")
    args = parser.parse_args()

    cases, facts = prepare(args)
    print(f"bench: {len(cases)} cold cases x {args.runs} runs, interleaved; warm: {args.warm_runs} edits", file=sys.stderr)
    samples: dict[str, list[dict]] = {name: [] for name in cases}
    for name, (argv, cwd) in cases.items():  # one untimed run each: page cache, font cache, bytecode
        measure(argv, cwd)
    for round_ in range(args.runs):
        for name, (argv, cwd) in cases.items():
            samples[name].append(measure(argv, cwd))
        print(f"bench: round {round_ + 1}/{args.runs} done", file=sys.stderr)
    warm_result = warm(OUT / "one" / projects.SPEC, args.warm_runs)
    typst_w = typst_warm(args.warm_runs)
    longp = long_paragraphs()
    side = {"watch": side_bench("watch_latency.py", "--runs", "30"), "compose": side_bench("compose.py")}
    facts["pages_8x"] = pages_of(OUT / "eight-nocheck.pdf")
    results = {name: summary(s) for name, s in samples.items()}
    rep = report(results, facts, warm_result, typst_w, longp, side)
    text = table(results, facts, warm_result, rep, longp, side)
    print(text)
    if args.profile:
        # One process (-j 1): a forked child's work would not be in the profile.
        measure([PY, "-m", "pyinstrument", "-i", "0.001", "-o", str(OUT / "profile-cold.txt"),
                 str(Path(__file__).parent / "zz_main.py"), "build", projects.SPEC, "-o", str(OUT / "profiled.pdf"),
                 "--no-check", "-j", "1"], ROOT)
        warm(OUT / "one" / projects.SPEC, 5, OUT / "profile-warm.txt")
        print("\nwhat remains of a cold build (pyinstrument, top of the call tree):")
        print("\n".join((OUT / "profile-cold.txt").read_text(encoding="utf-8").splitlines()[:45]))
        print(f"profiles: {OUT / 'profile-cold.txt'}, {OUT / 'profile-warm.txt'}")
    out = ROOT / "build" / "bench.json"
    out.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": platform.node(), "cores": os.cpu_count(),
        "load_average": os.getloadavg(), "python": platform.python_version(), "facts": facts,
        "cases": results, "warm": warm_result, "typst_warm": typst_w, "long_paragraphs": longp["figures"],
        "watch_latency": side["watch"]["figures"], "compose": side["compose"]["figures"], **rep,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
