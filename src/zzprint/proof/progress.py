"""Progress lines for long runs: ``[3/6] label`` on stderr, one line per step.

Input: any iterable (a list of pages, of proof stages …) and a label — a string,
or a function of the item that returns one.  Output: the same items, in order;
as a side effect one line per item on ``stream`` (stderr by default) *before*
the item is handed out, so the line names the step that is running.  No
dependencies, no terminal tricks (no carriage returns), so the lines read the
same in a terminal, in CI logs and in a Makefile run.

    for page in progress(pages, lambda p: f"page {p.number}"):
        build(page)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], label: str | Callable[[T], str] = "", *, total: int | None = None,
             stream: TextIO | None = None, timing: bool = False) -> Iterator[T]:
    """Yield ``items``, printing ``[i/n] label`` before each (``[i] label`` when n is unknown).

    ``timing=True`` appends the seconds the previous step took to its own line once it is
    done (``[2/6] render … 0.41s``), which is what an editor waiting for a proof wants to see.
    """
    out = stream if stream is not None else sys.stderr
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None  # a generator: count up without a total
    for number, item in enumerate(items, 1):
        text = label(item) if callable(label) else label
        counter = f"[{number}/{total}]" if total is not None else f"[{number}]"
        started = time.perf_counter()
        print(f"{counter} {text}".rstrip(), file=out, flush=True, end="" if timing else "\n")
        try:
            yield item
        finally:
            # Also on an exception or an early break, so a started line is always ended.
            if timing:
                print(f" … {time.perf_counter() - started:.2f}s", file=out, flush=True)


__all__ = ["progress"]
