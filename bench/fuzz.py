"""Fuzz the spec loader, the content parser and the importer: no exception but UserError.

    .venv/bin/python bench/fuzz.py                     # 100 000 inputs per target, all cores
    .venv/bin/python bench/fuzz.py --inputs 2000 -j 1  # a quick look

Inputs are the project's own files (layout/*.yaml, content/*.md, seed/opinion-page.txt)
mutated by hypothesis: splices of YAML/Markdown syntax, aliases and tags, units, odd
Unicode (NUL, BOM, U+2028, PUA, Ext B), deleted and duplicated ranges, swapped lines
and, for the spec, bytes that are not UTF-8.  Any exception other than
:class:`zzprint.errors.UserError` is a bug: hypothesis shrinks it and it is printed.

tests/errors/test_errors_fuzz.py runs a short version (~200 inputs) in ``make test``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zzprint.content.clean import import_raw
from zzprint.content.markdown import parse_article
from zzprint.errors import UserError
from zzprint.spec.load import load_spec

TOKENS = [
    ": ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b [*b]", "!!python/object/apply:os.system ['true']",
    "!!binary ", "!!timestamp ", "!!int ", "!custom ", "? ", "|\n", ">\n", "'", '"', "#", "\n", "  ", "\t",
    "<<: *a", "~", "null", "true", "1e9999", "-1", "0", "2024-13-45", "99999999999999999999", ".nan", ".inf",
    "小五", "9pp", "小6号", "2字", "3栏", "-3mm", "0mm", "../../etc/passwd", "/etc", "\x00", "\ufeff", "\u2028",
    "\x07", "𠀁", "\ue000", "%", "@", "`", "---\n", "...\n", "## ", "> ", "1. ", "* ", "<b>", "![x](y)", "&amp;",
    "\\", "【", "】", "（", "）", "，", "。", "\r\n", "col: 99", "span: 0", "lines: 400", "page: 17",
]


def seeds(pattern: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob(pattern))]


@st.composite
def mutated(draw: st.DrawFn, corpus: list[str]) -> str:
    """One seed file with 1–8 random edits."""
    text = draw(st.sampled_from(corpus))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 5))
        if kind == 0:  # splice a syntax token
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif kind == 1:  # random characters
            text = text[:at] + draw(st.text(max_size=8)) + text[at:]
        elif kind == 2:  # delete a range
            text = text[:at] + text[at + draw(st.integers(1, 200)):]
        elif kind == 3:  # duplicate a range
            text = text[:at] + text[at:at + draw(st.integers(1, 200))] * 2 + text[at + 200:]
        elif kind == 4:  # swap two lines
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:  # replace one character
            text = text[:at] + draw(st.characters()) + text[at + 1:]
    return text


def spec_bytes(corpus: list[str]) -> st.SearchStrategy[bytes]:
    """Mutated spec text, sometimes with a byte that is not UTF-8."""
    def corrupt(text: str, where: int, byte: int | None) -> bytes:
        data = text.encode("utf-8", "surrogatepass")
        if byte is None:
            return data
        where %= len(data) + 1
        return data[:where] + bytes([byte]) + data[where:]
    return st.builds(corrupt, mutated(corpus), st.integers(0, 10 ** 6), st.none() | st.integers(0x80, 0xFF))


class Targets:
    """The three loaders, each fed one input; a project copy so that spec references resolve."""

    def __init__(self, folder: Path):
        for name in ("layout", "content", "fonts"):
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("files"))
        self.spec = folder / "layout" / "fuzz.yaml"
        self.article = folder / "content" / "fuzz.md"
        self.count = 0

    def load_spec(self, data: bytes) -> None:
        self.count += 1
        self.spec.write_bytes(data)
        try:
            load_spec(self.spec)
        except UserError:
            pass

    def parse_article(self, text: str) -> None:
        self.count += 1
        try:
            parse_article(text, self.article)
        except UserError:
            pass

    def import_raw(self, text: str) -> None:
        self.count += 1
        try:
            result = import_raw(text, "fuzz.txt")
        except UserError:
            return
        for article in result.articles:  # what the importer writes must load again, or fail cleanly
            try:
                parse_article(article.text, self.article)
            except UserError:
                pass


def strategies() -> dict[str, tuple[st.SearchStrategy, Callable[[Targets], Callable]]]:
    return {
        "spec": (spec_bytes(seeds("layout/*.yaml")), lambda t: t.load_spec),
        "article": (mutated(seeds("content/*.md")), lambda t: t.parse_article),
        "import": (mutated(seeds("seed/*.txt") + seeds("content/*.md")), lambda t: t.import_raw),
    }


def fuzz(target: str, inputs: int, random_seed: int = 0) -> int:
    """Feed ``inputs`` generated inputs to one target; return how many ran.  Raises on a bug."""
    strategy, pick = strategies()[target]
    with tempfile.TemporaryDirectory() as folder:
        targets = Targets(Path(folder))
        call = pick(targets)

        @seed(random_seed)
        @settings(max_examples=inputs, deadline=None, database=None, derandomize=False,
                  phases=[Phase.generate, Phase.shrink],
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def run(value) -> None:
            call(value)

        run()
        return targets.count


def _job(args: tuple[str, int, int]) -> tuple[str, int, float, str]:
    target, inputs, random_seed = args
    started = time.perf_counter()
    try:
        count = fuzz(target, inputs, random_seed)
        return target, count, time.perf_counter() - started, ""
    except Exception as err:  # noqa: BLE001 - report the bug hypothesis found and shrank
        import traceback
        report = "".join(traceback.format_exception(err))
        return target, inputs, time.perf_counter() - started, report[:6000]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs per target")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="processes (default: all cores)")
    parser.add_argument("--targets", default="spec,article,import")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    jobs = args.jobs or multiprocessing.cpu_count()
    targets = args.targets.split(",")
    # Each target's inputs are split over the processes, each with its own random seed.
    chunks = [(t, args.inputs // jobs + (k < args.inputs % jobs), args.seed * 1000 + k)
              for t in targets for k in range(jobs)]
    started = time.perf_counter()
    totals: dict[str, int] = {t: 0 for t in targets}
    failures = []
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for target, count, seconds, failure in pool.imap_unordered(_job, chunks):
            totals[target] += count
            print(f"{target}: {count} inputs in {seconds:.0f}s{' — FAILED' if failure else ''}", flush=True)
            if failure:
                failures.append(f"--- {target}\n{failure}")
    elapsed = time.perf_counter() - started
    print(f"total: {sum(totals.values())} inputs ({', '.join(f'{t} {n}' for t, n in totals.items())}) "
          f"in {elapsed:.0f}s on {jobs} processes; {len(failures)} failing chunk(s)")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
