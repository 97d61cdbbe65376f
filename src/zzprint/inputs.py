"""Reading the project's input files: inside the project, plain files only, bounded in size.

Every file zzprint reads (spec, edition, articles, font manifest and fonts, ICC
profile, images, the import report) goes through :func:`open_input` or
:func:`read_input`, which

* follow links first and refuse a file whose real place is outside the allowed
  folders (the project, or a system font folder the font manifest names), so a
  ``content/x.md`` linked to ``~/.ssh/id_rsa`` or a ``../../`` path never reaches a page;
* open without following a last link and without blocking, then look at what was
  opened (``fstat``): a FIFO, a device such as ``/dev/zero``, a socket or a folder is
  refused before a byte is read, so nothing hangs or fills the memory;
* refuse a file larger than the limit of its kind before reading it, and read at most
  the limit plus one byte, so a file that grows while it is read is caught too.

A refusal is a :class:`InputError` (a :class:`~zzprint.errors.UserError`, exit 2) at
the file's line 1; a caller that knows where the file was named (a ``file:`` line of
the font manifest, ``output.icc_profile:`` of a spec) moves it there with :meth:`InputError.at`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Problem, UserError
from .i18n import N_, _, gettext_

KIB = 1024
MIB = 1024 * KIB

#: Largest file of each kind zzprint reads.  Ten to a hundred times the largest real one:
#: a spec is ~5 KB, an article ~10 KB, a CJK collection ~30 MB, an ICC profile ≤ 4 MB.
LIMITS: dict[str, int] = {
    "spec": 1 * MIB,
    "edition file": 1 * MIB,
    "font manifest": 1 * MIB,
    "article": 2 * MIB,
    "raw copy": 8 * MIB,
    "import report": 4 * MIB,
    "font file": 64 * MIB,
    "ICC profile": 16 * MIB,
    "image": 256 * MIB,
    "proof snapshot": 16 * MIB,
}

#: The kinds as messages name them (translated when shown).
_KIND_NAMES = {"spec": N_("spec"), "edition file": N_("edition file"), "font manifest": N_("font manifest"),
               "article": N_("article"), "raw copy": N_("raw copy"), "import report": N_("import report"),
               "font file": N_("font file"), "ICC profile": N_("ICC profile"), "image": N_("image"),
               "proof snapshot": N_("proof snapshot")}

_KINDS_OF_FILE = ((stat.S_ISFIFO, N_("a FIFO (named pipe)")), (stat.S_ISCHR, N_("a character device")),
                  (stat.S_ISBLK, N_("a block device")), (stat.S_ISSOCK, N_("a socket")), (stat.S_ISDIR, N_("a folder")))


def kind_name(kind: str) -> str:
    """A kind of input file (``spec``, ``article`` …) in the reader's language."""
    return gettext_(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class InputError(UserError):
    """A file that may not or cannot be read; ``reason`` and ``hint`` let a caller place it elsewhere."""

    def __init__(self, kind: str, path: Path, reason: str, hint: str, name: str | None = None):
        self.kind, self.path, self.reason, self.hint = kind, path, reason, hint
        self.name = str(path) if name is None else name  # the file as the place that named it wrote it
        super().__init__(Problem(_("the {kind} {reason}").format(kind=kind_name(kind), reason=reason), str(path), 1, 1,
                                 hint))

    def at(self, file: str | Path, line: int, col: int) -> Problem:
        """The same problem, reported where the file was named (the message then names the file)."""
        return Problem(_("{kind} {name!r} {reason}").format(kind=kind_name(self.kind), name=self.name, reason=self.reason),
                       str(file), line, col, self.hint)


def named_project(path: str | Path) -> Path:
    """The project a file belongs to as it was named: its folder's parent, before any link is followed
    (``layout/opinion.yaml`` → the project), as :attr:`PageSpec.root` is the spec folder's parent."""
    return Path(os.path.abspath(path)).parent.parent


def in_words(size: int) -> str:
    """A size as people say it: 1 MiB, 64 MiB, 512 KiB, 100 bytes."""
    for unit, name in ((MIB, "MiB"), (KIB, "KiB")):
        if size >= unit:
            return f"{size / unit:.3g} {name}"
    return f"{size} bytes"


def inside(target: Path, roots: Iterable[Path]) -> bool:
    """Whether the real path ``target`` lies in (or is) one of the real folders ``roots``."""
    return any(target == root or root in target.parents for root in roots)


@contextmanager
def open_input(path: str | Path, *, kind: str, root: Path | Iterable[Path] | None = None,
               limit: int | None = None, name: str | None = None) -> Iterator[tuple[int, os.stat_result]]:
    """An open file descriptor of ``path`` and its ``fstat``, after every check; closed on leaving.

    ``root``: the folder (or folders) the file must really lie in; None: :func:`named_project`.
    ``limit``: the most bytes the file may have; None: the limit of its ``kind``.
    ``name``: the file as messages name it when moved to where it was named (:meth:`InputError.at`).
    """
    path = Path(path)
    limit = LIMITS[kind] if limit is None else limit
    roots = [named_project(path)] if root is None else [root] if isinstance(root, (str, Path)) else list(root)
    try:
        real = Path(os.path.realpath(path))
        allowed = [Path(os.path.realpath(r)) for r in roots]
    except (ValueError, OSError) as err:  # a NUL byte, a name too long …
        raise InputError(kind, path, _("is not a usable file name ({reason})").format(reason=err),
                         _("use a plain file name"), name) from None
    if not inside(real, allowed):
        linked = os.path.islink(path)
        where = " or ".join(str(r) for r in allowed)
        raise InputError(kind, path, (_("is a link to {real}, outside {where}") if linked else
                                      _("is {real}, outside {where}")).format(real=real, where=where),
                         _("copy the file into the project instead of linking to it") if linked
                         else _("keep the project's files inside the project folder"), name)
    try:
        fd = os.open(real, _FLAGS)
    except FileNotFoundError:
        raise InputError(kind, path, _("was not found"), _("check the path"), name) from None
    except OSError as err:
        raise InputError(kind, path, _("cannot be opened: {reason}").format(reason=err.strerror),
                         _("check the file exists, is a plain file and is readable"), name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = next((gettext_(label) for test, label in _KINDS_OF_FILE if test(info.st_mode)), _("not a plain file"))
            raise InputError(kind, path, _("is {what}, not a regular file").format(what=what),
                             _("name a plain file as the {kind}; zzprint reads no pipes or devices").format(
                                 kind=kind_name(kind)), name)
        if info.st_size > limit:
            raise _too_large(kind, path, limit, name)
        yield fd, info
    finally:
        os.close(fd)


def read_input(path: str | Path, *, kind: str, root: Path | Iterable[Path] | None = None,
               limit: int | None = None, name: str | None = None) -> bytes:
    """The bytes of ``path`` after :func:`open_input`'s checks (see there for ``root`` and ``limit``)."""
    limit = LIMITS[kind] if limit is None else limit
    with open_input(path, kind=kind, root=root, limit=limit, name=name) as (fd, info):
        return read_capped(fd, kind, Path(path), limit, info.st_size, name)


def read_capped(fd: int, kind: str, path: Path, limit: int, expected: int = 0, name: str | None = None) -> bytes:
    """At most ``limit`` bytes of ``fd``; one more means the file grew past it while being read."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        try:
            chunk = os.read(fd, min(left, max(expected + 1, 64 * KIB)))
        except OSError as err:
            raise InputError(kind, path, _("cannot be read: {reason}").format(reason=err.strerror),
                             _("check the file and the disk"), name) from None
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    if left <= 0:
        raise _too_large(kind, path, limit, name)
    return b"".join(chunks)


def _too_large(kind: str, path: Path, limit: int, name: str | None = None) -> InputError:
    return InputError(kind, path, _("is larger than {size}, the {kind} limit").format(size=in_words(limit), kind=kind_name(kind)),
                      _("check it is the right file; a real {kind} is far smaller").format(kind=kind_name(kind)), name)
