"""Delivering a file: the old one or the complete new one at its path, never a part.

The bytes go to a temporary file beside the target (same file system, so the rename
is atomic), are fsynced, and replace the target in one ``os.replace``.  SIGINT and
SIGTERM are held back while that happens (milliseconds), so an interrupted build
leaves no temporary file and knows whether the new file was delivered.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes, on_replaced: Callable[[Path], object] | None = None) -> None:
    """Replace ``path`` by ``data``; ``on_replaced(path)`` runs before a held signal is let through.

    Raises OSError (with ``path`` as its filename) and leaves the old file as it was.
    """
    path = Path(path)
    mode = file_mode(path)
    with _signals_held():
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fchmod(fh.fileno(), mode)
                os.fsync(fh.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        if on_replaced is not None:
            on_replaced(path)
    sync_folder(path.parent)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    except ValueError:  # not the main thread: signals go to the main thread anyway
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a held signal arrives here


def file_mode(path: Path) -> int:
    """The old file's permissions, else 0644: mkstemp's 0600 would hide a new file from the plate room."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return 0o644
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o644


def sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (POSIX); best effort, not every filesystem allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["file_mode", "sync_folder", "write_atomic"]
