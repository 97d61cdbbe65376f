"""zzprint.workers: the forked map gives what a serial map gives, in order, whatever a child does."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from zzprint.workers import WorkerDied, forked_map, isolated_map, serial_map

ROOT = Path(__file__).resolve().parents[1]
ZZ = str(Path(sys.executable).parent / "zzprint")


def _children() -> set[int]:
    """This process's children, running or dead but not reaped (from /proc, per thread)."""
    found: set[int] = set()
    for thread in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            found |= {int(pid) for pid in (thread / "children").read_text().split()}
        except FileNotFoundError:  # a thread that has just ended
            pass
    return found


@pytest.fixture(autouse=True)
def one_thread_and_no_new_child():
    """forked_map forks only while this process has one thread; each test leaves no child of
    its own (children other tests left, such as multiprocessing's resource tracker, are not ours)."""
    assert threading.active_count() == 1, threading.enumerate()
    before = _children()
    yield
    new = {pid for pid in _children() - before if b"resource_tracker" not in _command_line(pid)}
    assert not new, new


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def _square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_come_back_in_order_from_two_processes():
    items = list(range(20))
    got = forked_map(2)(_square_with_pid, items)
    assert [value for value, _ in got] == [x * x for x in items]
    pids = {pid for _, pid in got}
    assert os.getpid() in pids and len(pids) == 2  # half of them really came from a child


def test_shares_follow_the_weights():
    weights = {0: 100.0, 1: 1.0, 2: 1.0, 3: 1.0}
    got = forked_map(2, weight=weights.__getitem__)(_square_with_pid, list(weights))
    heavy = got[0][1]
    assert all(pid != heavy for _, pid in got[1:])  # the heavy item alone in its share


def test_a_small_job_a_single_item_or_a_running_thread_stay_in_this_process():
    me = os.getpid()
    assert {pid for _, pid in forked_map(2, least=1000)(_square_with_pid, [1, 2, 3])} == {me}
    assert {pid for _, pid in forked_map(2)(_square_with_pid, [1])} == {me}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for _, pid in forked_map(2)(_square_with_pid, [1, 2, 3, 4])} == {me}
    finally:
        stop.set()
        thread.join()
    assert serial_map(_square_with_pid, [3]) == [(9, me)]


class _Refused(Exception):
    pass


def test_an_error_in_a_child_is_raised_as_a_serial_map_raises_it():
    parent = os.getpid()

    def task(x):
        if x == 3:
            raise _Refused(f"item {x}")  # in the child: its share is computed again here
        return x

    with pytest.raises(_Refused, match="item 3"):
        forked_map(2)(task, [0, 1, 2, 3])
    assert os.getpid() == parent


def test_a_child_that_dies_or_sends_what_does_not_pickle_has_its_share_computed_here():
    parent = os.getpid()

    def crash(x):
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)  # a crash in native code, the OOM killer
        return x, os.getpid()

    assert forked_map(2)(crash, [0, 1, 2, 3]) == [(x, parent) for x in range(4)]

    def unpicklable(x):
        return (lambda: x) if os.getpid() != parent else x

    assert forked_map(2)(unpicklable, [0, 1, 2, 3]) == [0, 1, 2, 3]


def test_an_interrupt_in_the_parent_leaves_no_child():
    parent = os.getpid()

    def task(x):
        if os.getpid() == parent:
            raise KeyboardInterrupt  # Ctrl-C while this process fits its own share
        time.sleep(30)  # the child is still busy: it must be killed, not waited for
        return x

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        forked_map(2)(task, [0, 1])
    assert time.monotonic() - started < 5


def test_zzprint_build_gives_the_same_bytes_on_one_core_and_two(tmp_path):
    outs = []
    for spec in ("layout/opinion.yaml", "layout/opinion-tabloid.yaml"):
        for jobs in ("1", "2"):
            out = tmp_path / f"{Path(spec).stem}-{jobs}.pdf"
            subprocess.run([ZZ, "build", spec, "-o", str(out), "--no-check", "-j", jobs], cwd=ROOT, check=True,
                           capture_output=True)
            outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[2] == outs[3]


def _page(number: int) -> int:
    """An edition page as isolated_map runs it: page 3 crashes its process, page 4 raises."""
    if number == 3:
        os.kill(os.getpid(), 9)
    if number == 4:
        raise _Refused("page 4")
    return number * 10


def test_isolated_map_gives_each_item_its_own_failure():
    """zzprint edition's pool: a page whose process dies, or whose task raises, fails alone;
    the pages built beside it in the broken pool are built again and delivered."""
    got: dict[int, object] = {}
    isolated_map(_page, [1, 2, 3, 4, 5, 6], 2, got.__setitem__)
    assert {n: got[n] for n in (1, 2, 5, 6)} == {1: 10, 2: 20, 5: 50, 6: 60}
    assert isinstance(got[3], WorkerDied)
    assert isinstance(got[4], _Refused) and str(got[4]) == "page 4"
    # No worker is left (the autouse fixture checks).
