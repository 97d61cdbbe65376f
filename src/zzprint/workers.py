"""Maps over independent tasks in other processes: the pipeline's process plumbing, at its edge.

Two maps, for two needs:

* :func:`forked_map` — a second core for one build: ``zzprint build`` passes it down as
  the ``mapper`` that fits a page's articles (each in its own frame, independent of the
  others); layout code only calls the map it is given and never sees a process, a pipe
  or a pickle.  ``zzprint watch`` (which has threads, and keeps its memo) maps serially.
* :func:`isolated_map` — ``zzprint edition``'s pages, each in a worker process of a pool,
  so that a page that crashes is that page's failure alone.

Why the forked map is safe:

* a child is forked only while the process has a single thread, and leaves only by
  ``os._exit``: it never runs the parent's code after the map, nor flushes its buffers;
* a child's SIGINT and SIGTERM do their default (end it at once; ignored if the parent
  ignores them): the parent, which gets the signal too (Ctrl-C goes to the whole group)
  or alone (``kill``), kills and reaps every child before the signal's exception goes
  on, so nothing is left;
* whatever goes wrong in a child (an exception, a crash, a result that does not
  pickle) makes the parent compute that share itself, so errors surface exactly as in
  a serial build; the results come back in the order of ``items`` whoever computed
  them, and the tasks are pure, so the PDF is the same bytes (tests/test_workers.py).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Map = Callable[[Callable[[T], R], Sequence[T]], list[R]]
_CHILD_HANDICAP = 0.1


def serial_map(task: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[task(x) for x in items]``: the map of a build that does not fork."""
    return [task(item) for item in items]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def forked_map(jobs: int, weight: Callable[[Any], float] = lambda item: 1.0, least: float = 0.0) -> Map:
    """A map that shares the items among ``jobs`` processes (this one and ``jobs - 1`` forked).

    Items are dealt by ``weight`` (heaviest first, each to the lightest share) so the
    shares end together.  Fewer than two items, a total weight under ``least`` (forking
    and sending results back cost a few ms) or a second thread running: serial.
    """
    def parallel(task: Callable[[T], R], items: Sequence[T]) -> list[R]:
        weights = [weight(item) for item in items]
        if jobs < 2 or len(items) < 2 or sum(weights) < least or threading.active_count() > 1:
            return serial_map(task, items)
        shares = _deal(weights, min(jobs, len(items)))
        results: dict[int, R] = {}
        children: list[tuple[int, int, list[int]]] = []  # (pid, read end, share)
        try:
            own = list(shares[0])
            for share in shares[1:]:
                if not share:
                    continue
                child = _fork(task, items, share)
                if child is None:  # no fork (out of processes): this process computes the share
                    own += share
                else:
                    children.append(child)
            for i in own:
                results[i] = task(items[i])
            while children:
                pid, fd, share = children.pop(0)
                got = _collect(pid, fd)
                if got is None:  # the child failed: this share is computed here, as a serial build would
                    got = [(i, task(items[i])) for i in share]
                results.update(got)
        finally:
            for pid, fd, _share in children:  # interrupted, or a task raised: no child is left behind
                _stop(pid, fd)
        return [results[i] for i in range(len(items))]

    return parallel


def _deal(weights: list[float], jobs: int) -> list[list[int]]:
    """Item indices in ``jobs`` shares of about equal weight (longest processing time first).

    A forked share starts with a handicap of a tenth of an even share: a child also
    sends its results (measured: pickling and the parent's unpickling cost it about that).
    """
    shares: list[list[int]] = [[] for _ in range(jobs)]
    loads = [0.0] + [sum(weights) / jobs * _CHILD_HANDICAP] * (jobs - 1)
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        lightest = loads.index(min(loads))
        shares[lightest].append(i)
        loads[lightest] += weights[i]
    return [sorted(share) for share in shares]


def _fork(task: Callable[[T], R], items: Sequence[T], share: list[int]) -> tuple[int, int, list[int]] | None:
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: compute the share, send it, and leave without running anything else
        status = 1
        try:
            for stop in (signal.SIGINT, signal.SIGTERM):  # as the parent's, unless it ignores them
                if signal.getsignal(stop) is not signal.SIG_IGN:
                    signal.signal(stop, signal.SIG_DFL)
            os.close(read)
            data = pickle.dumps([(i, task(items[i])) for i in share], pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(write, view):]
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read, share


def _collect(pid: int, fd: int) -> list | None:
    """The child's results, or None if it did not deliver them whole.  The pipe is closed
    and the child reaped whatever happens (killed first if this is interrupted)."""
    chunks = []
    try:
        try:
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
    except BaseException:
        _kill(pid)
        raise
    if status != 0:
        return None
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - a result that does not come back whole is computed again
        return None


def _stop(pid: int, fd: int) -> None:
    os.close(fd)
    _kill(pid)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


class WorkerDied(Exception):
    """The process running a task ended without its result (a signal, out of memory, a crash in native code)."""


def isolated_map(task: Callable[[T], R], items: Iterable[T], jobs: int, done: Callable[[T, R | BaseException], None],
                 initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> None:
    """``task(item)`` for every item in a pool of ``jobs`` worker processes; ``done(item, result)``
    is called here as each one ends (in the order they end), with the exception instead of
    the result if the task raised or its result could not be sent back.

    A worker that dies breaks the pool, failing the items that ran beside it too: those
    are run again one at a time, each in a fresh process, so that only an item whose own
    process dies gets :class:`WorkerDied`.  ``task`` and the items go to the workers by
    pickle (a module-level function, or a ``functools.partial`` of one).
    """
    for item in _pool(task, list(items), jobs, done, initializer, initargs):
        if _pool(task, [item], 1, done, initializer, initargs):
            done(item, WorkerDied())


def _pool(task, items: list, jobs: int, done, initializer, initargs) -> list:
    """Run ``items`` in a pool, reporting each to ``done``; return the items lost to a broken pool."""
    # spawn, not fork: a forked child inherits the parent's threads' locks (and, under
    # `zzprint watch`, its server), which can deadlock; a fresh interpreter costs ~0.3 s.
    context = multiprocessing.get_context("spawn")
    broken = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer,
                             initargs=initargs) as pool:
        futures = {pool.submit(task, item): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                broken.append(item)
                continue
            except Exception as err:  # noqa: BLE001 - e.g. a result that could not be pickled: that item's failure
                done(item, err)
                continue
            done(item, result)
    return broken


__all__ = ["Map", "WorkerDied", "cores", "forked_map", "isolated_map", "serial_map"]
