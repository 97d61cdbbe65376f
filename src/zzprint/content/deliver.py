"""Delivering imported articles into a folder without ever losing an editor's work.

The importer's output is a proposal; the content folder belongs to the editors (bold
lead-ins, hand corrections).  So :func:`deliver`:

* writes into a folder that holds no articles (``*.md``), or whose articles are exactly
  the ones this import produces (then nothing is rewritten);
* otherwise refuses (a :class:`UserError`, exit 2) naming the folder, the files that
  would be changed or set aside, and the way out: another ``--out``, or ``--force``;
* with ``force``, keeps every previous article it replaces or drops under
  ``OUT/.previous-YYYYmmdd-HHMMSS/`` (a hidden folder, so ``load_articles`` never reads
  it) and returns per file what changed (lines added/removed, bold lead-ins ``**…**``
  only in the previous version) so the editor can carry hand edits over.

Every file is written atomically: all new files are first written to temporary files in
the same folder and flushed to the disk (``fsync``); only when all are complete does each
replace its target with :func:`os.replace`.  A full disk or a failed write therefore
leaves every old file as it was and no temporary file behind.  Any OSError becomes a
UserError naming the path and the reason.
"""

from __future__ import annotations

import difflib
import errno
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from zzprint.errors import Problem, UserError
from zzprint.files import file_mode, sync_folder
from zzprint.i18n import _

#: Where ``zzprint import`` writes by default: a folder of its own, never the editors' content/.
DEFAULT_IMPORT_DIR = Path("build/import")
#: Folder (inside the output folder) that keeps the files ``--force`` replaced or set aside.
PREVIOUS_PREFIX = ".previous-"
#: Suffix of the temporary files; a left-over one (after a power cut) is recognisable.
PART_SUFFIX = ".part"
#: An existing article larger than this is not read for the change summary.
COMPARE_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class FileChange:
    """What delivering did to one article file of the output folder."""

    name: str
    state: str  # "new", "changed", "unchanged", "set aside" (an article this import did not produce)
    added: int = 0  # lines, by a unified diff against the previous file
    removed: int = 0
    bold_lost: int = 0  # **…** lead-ins in the previous file that the new one does not have
    kept_as: Path | None = None  # where the previous file now is
    note: str = ""

    def __str__(self) -> str:
        text = f"{self.state:<10} {self.name}"
        if self.state == "changed":
            text += f"  +{self.added} −{self.removed} lines"
        if self.bold_lost:
            text += f"; {self.bold_lost} bold lead-in(s) **…** only in the previous file"
        if self.note:
            text += f"; {self.note}"
        if self.kept_as is not None:
            text += f"  (previous: {self.kept_as})"
        return text


@dataclass(frozen=True)
class Delivery:
    folder: Path
    changes: tuple[FileChange, ...]
    previous: Path | None  # the .previous-… folder, if one was made

    @property
    def written(self) -> list[str]:
        return [c.name for c in self.changes if c.state in ("new", "changed")]

    @property
    def unchanged(self) -> int:
        return sum(c.state == "unchanged" for c in self.changes)

    def summary_lines(self) -> list[str]:
        """One line per article file, then how to compare in full."""
        lines = [f"== Output folder {self.folder}", *(f"  {change}" for change in self.changes)]
        if self.previous is not None:
            lines.append(f"  previous files kept in {self.previous}/ — compare: diff -ru {self.previous} {self.folder}")
        return lines


def deliver(folder: Path, articles: Mapping[str, str], extra: Mapping[Path, str] | None = None,
            force: bool = False) -> Delivery:
    """Write ``articles`` (``{file name: text}``) into ``folder`` and ``extra`` files (the
    report) anywhere; see the module docstring for when it refuses and what it keeps."""
    plan, problems = _plan(folder, articles)
    if problems:
        raise UserError(*problems)
    at_risk = [change for change in plan if change.state in ("changed", "set aside")]
    if at_risk and not force:
        raise UserError(_refusal(folder, at_risk))
    files = {folder / change.name: articles[change.name].encode("utf-8")
             for change in plan if change.state in ("new", "changed")}
    for path, text in (extra or {}).items():
        if _read_capped(path) != text.encode("utf-8"):
            files[path] = text.encode("utf-8")
    previous = _previous_folder(folder) if at_risk else None
    try:
        _make_folder(folder)
        for path in files:
            _make_folder(path.parent)
        staged = _stage_all(files)
        try:
            kept = _set_aside(folder, previous, at_risk) if previous is not None else {}
            _replace_all(staged)
        finally:
            for temp in staged.values():
                _remove(temp)
        for parent in {path.parent for path in files}:
            sync_folder(parent)
    except OSError as error:
        raise _write_error(error, folder) from None
    changes = tuple(FileChange(c.name, c.state, c.added, c.removed, c.bold_lost, kept.get(c.name), c.note)
                    for c in plan)
    return Delivery(folder, changes, previous)


# --------------------------------------------------------------------------- planning


def _plan(folder: Path, articles: Mapping[str, str]) -> tuple[list[FileChange], list[Problem]]:
    """Each produced article against what the folder holds now, then the folder's other articles."""
    plan: list[FileChange] = []
    problems: list[Problem] = []
    if os.path.lexists(folder) and not folder.is_dir():
        what = _kind(folder)
        return [], [Problem(_("the output folder is {what}, not a folder").format(what=what), str(folder),
                            hint=_("pass --out with a folder (it is created if missing)"))]
    for name, text in articles.items():
        path = folder / name
        kind = _kind(path)
        if kind == "missing":
            plan.append(FileChange(name, "new"))
        elif kind in ("a file", "a symbolic link"):
            plan.append(_compare(path, text.encode("utf-8"), kind))
        else:
            problems.append(Problem(_("{kind} is in the way of an imported article").format(kind=kind), str(path),
                                    hint=_("move it away, or pass another --out")))
    if folder.is_dir():
        produced = set(articles)
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".md") and entry.name not in produced and (entry.is_symlink() or entry.is_file()):
                plan.append(FileChange(entry.name, "set aside", note="not produced by this import"))
    return plan, problems


def _compare(path: Path, new: bytes, kind: str) -> FileChange:
    if kind == "a symbolic link":  # never follow: the link itself is replaced (and kept)
        return FileChange(path.name, "changed", note=f"was a link to {os.readlink(path)}")
    old = _read_capped(path)
    if old == new:
        return FileChange(path.name, "unchanged")
    if old is None:
        return FileChange(path.name, "changed", note=f"previous file over {COMPARE_MAX_BYTES >> 20} MiB or unreadable: not compared")
    old_text = old.decode("utf-8", errors="replace")
    new_text = new.decode("utf-8")
    added = removed = 0
    for line in difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    bold_lost = max(0, old_text.count("**") // 2 - new_text.count("**") // 2)
    return FileChange(path.name, "changed", added, removed, bold_lost)


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "missing"  # a parent is a file: reported when the folder is checked
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a device or socket"


def _read_capped(path: Path) -> bytes | None:
    """A regular file's bytes (not through a link, never blocking); None if absent, not a file or too large."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > COMPARE_MAX_BYTES:
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _refusal(folder: Path, at_risk: list[FileChange]) -> Problem:
    listed = ", ".join(f"{c.name} ({'differs from this import' if c.state == 'changed' else 'not from this import'})"
                       for c in at_risk[:6])
    if len(at_risk) > 6:
        listed += f" and {len(at_risk) - 6} more"
    return Problem(_("folder already holds articles, which may carry an editor's work; importing would replace "
                      "or set aside {listed}").format(listed=listed), str(folder),
                   hint=_("import into a new folder (--out), or pass --force: the previous files are then kept in "
                           "{folder}/{prefix}YYYYmmdd-HHMMSS/ and the changes listed").format(folder=folder, prefix=PREVIOUS_PREFIX))


def _previous_folder(folder: Path) -> Path:
    """``.previous-<local time>``; a second run within the same second gets ``-2``, ``-3`` …"""
    base = folder / f"{PREVIOUS_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}"
    candidate, number = base, 1
    while os.path.lexists(candidate):
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


# --------------------------------------------------------------------------- writing


def _make_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)


def _stage_all(files: Mapping[Path, bytes]) -> dict[Path, Path]:
    """Every file written to a temporary file beside it and flushed; on error none is left."""
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _stage(path, data)
    except BaseException:
        for temp in staged.values():
            _remove(temp)
        raise
    return staged


def _stage(path: Path, data: bytes) -> Path:
    fd, name = _naming(path, tempfile.mkstemp, dir=path.parent, prefix=f".{path.name}.", suffix=PART_SUFFIX)
    temp = Path(name)
    try:
        try:
            _naming(path, _write_all, fd, data, file_mode(path))
        finally:
            _naming(path, os.close, fd)  # close can report a delayed write error
    except BaseException:
        _remove(temp)
        raise
    return temp


def _write_all(fd: int, data: bytes, mode: int) -> None:
    os.fchmod(fd, mode)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # a device that takes nothing: never loop forever
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]
    os.fsync(fd)


def _set_aside(folder: Path, previous: Path, at_risk: list[FileChange]) -> dict[str, Path]:
    """Keep each article about to be replaced (a hard link, so no moment without it) or
    dropped (moved) in ``previous``; ``{name: where it is kept}``."""
    _naming(previous, os.mkdir, previous)
    kept: dict[str, Path] = {}
    for change in at_risk:
        source, target = folder / change.name, previous / change.name
        if change.state == "set aside" or os.path.islink(source):
            _naming(source, os.rename, source, target)
        else:
            try:
                os.link(source, target, follow_symlinks=False)
            except OSError:  # a filesystem without hard links: a flushed copy
                _naming(source, shutil.copy2, source, target, follow_symlinks=False)
        kept[change.name] = target
    sync_folder(previous)
    return kept


def _replace_all(staged: dict[Path, Path]) -> None:
    for path, temp in list(staged.items()):
        _naming(path, os.replace, temp, path)
        del staged[path]


def _naming(path: Path, function, *args, **kwargs):
    """Call ``function``; its OSError names ``path`` (what the user knows), not a temporary name."""
    try:
        return function(*args, **kwargs)
    except OSError as error:
        raise OSError(error.errno, error.strerror or str(error), str(path)) from error


def _remove(temp: Path) -> None:
    try:
        os.unlink(temp)
    except FileNotFoundError:
        pass


def _write_error(error: OSError, folder: Path) -> UserError:
    hints = {
        errno.ENOSPC: "the disk is full: free space and import again (every old file is still whole)",
        errno.EDQUOT: "the disk quota is used up: free space and import again (every old file is still whole)",
        errno.EROFS: "the filesystem is read-only: pass --out with a writable folder",
        errno.EACCES: "no permission to write there: pass --out with a folder you may write to",
        errno.EPERM: "no permission to write there: pass --out with a folder you may write to",
        errno.EISDIR: "a folder is in the way: move it, or pass another --out",
        errno.ENOTDIR: "a file is in the way of a folder: pass --out with a folder",
        errno.EEXIST: "a file is in the way of a folder: pass --out with a folder",
    }
    reason = error.strerror or str(error)
    return UserError.at(_("cannot write: {reason}").format(reason=reason), str(error.filename or folder),
                        hint=hints.get(error.errno, "check the folder and the disk, then import again"))
