"""Bounds on what a PDF can make the preflight do: a print shop checks files from anyone.

Input: a path, or a stream of an open PDF.  Output: the opened file, decoded stream data, or a
:class:`Refused` saying which bound was hit.  The bounds (why these numbers):

* only a regular file is opened (``O_NONBLOCK`` then ``fstat``): a FIFO, device or directory
  is refused at once instead of blocking or reading forever;
* at most :data:`MAX_FILE_BYTES` (1 GiB): a newspaper page with its images is 5–100 MB, a whole
  edition a few hundred;
* a stream decodes to at most :data:`MAX_STREAM_BYTES` (32 MiB; a broadsheet page's content is
  a few MB) and all the streams the check reads to :data:`MAX_DECODED_BYTES` in all: Flate
  reaches ratios of 1:1000, so 2 MB of zeros would otherwise become 2 GB in memory.  Flate is
  inflated here piece by piece (``zlib.decompressobj`` with ``max_length``), never whole;
* at most :data:`MAX_OPERATORS` of the operators the walk interprets (counted before parsing:
  pikepdf spends ~300 bytes and ~3.5 µs on each one it returns);
* forms, patterns, glyph procedures and appearances nested at most :data:`MAX_NESTING` deep,
  a page tree at most :data:`MAX_PAGES` pages and :data:`MAX_TREE_DEPTH` levels, without loops;
* at most :data:`MAX_OBJECTS` objects (the trailer's /Size), since listing them reads them all;
* qpdf's own inflation (object and cross-reference streams, read when pikepdf resolves
  objects) is capped too while a check runs, through ``Pl_Flate::memory_limit`` in libqpdf.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import UserError
from ..i18n import _

if TYPE_CHECKING:
    from pikepdf import Stream

# pikepdf is imported where streams are read, not here: opening the file and starting the ink
# rendering come first, and Ghostscript renders while pikepdf (~0.2 s) is still being imported.

#: A PDF header (``%PDF-1.3``); files without one in their first KiB are not PDF.
PDF_HEADER = re.compile(rb"%PDF-(\d+)\.(\d+)")

MAX_FILE_BYTES = 1 << 30
MAX_STREAM_BYTES = 32 << 20
MAX_DECODED_BYTES = 256 << 20
MAX_OPERATORS = 500_000
MAX_NESTING = 32
MAX_PAGES = 10_000
MAX_TREE_DEPTH = 64
MAX_OBJECTS = 2_000_000
#: qpdf's inflation cap during a check (its object streams may legitimately be larger than ours)
QPDF_INFLATE_LIMIT = 64 << 20

# The worst expansion of the filters qpdf decodes for us (bytes out per byte in): LZW emits at
# most a 4096-byte string per 9–12-bit code, RunLength 128 bytes per 2, ASCII85 4 per 'z'.
_RATIO = {"/LZWDecode": 2731, "/LZW": 2731, "/RunLengthDecode": 64, "/RL": 64, "/FlateDecode": 1032, "/Fl": 1032,
          "/ASCII85Decode": 4, "/A85": 4, "/ASCIIHexDecode": 1, "/AHx": 1}
_OWN_FILTERS = {"/FlateDecode", "/Fl", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
_MiB = 1 << 20


class Refused(Exception):
    """A bound was hit; the message says which, in the operator's terms."""


def open_regular(path: Path) -> tuple[BinaryIO, bytes]:
    """Open ``path`` for reading if it is a regular file of at most MAX_FILE_BYTES.

    Returns the open file and its first KiB.  A FIFO, socket, device or directory, a file too
    big, or one that cannot be opened is a :class:`UserError` (exit 2), raised without
    blocking: ``O_NONBLOCK`` makes opening a FIFO return at once, then ``fstat`` says what it is.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UserError.at(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = (_("a directory") if stat.S_ISDIR(info.st_mode) else _("a FIFO (named pipe)") if stat.S_ISFIFO(info.st_mode)
                    else _("a device") if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                    else _("a socket") if stat.S_ISSOCK(info.st_mode) else _("not a regular file"))
            raise UserError.at(_("is {kind}, not a PDF file").format(kind=kind), file=str(path), hint=_("give the path of a .pdf file"))
        if info.st_size > MAX_FILE_BYTES:
            raise UserError.at(_("file is {size:.1f} GiB; the preflight reads at most {limit} GiB").format(size=info.st_size / (1 << 30), limit=MAX_FILE_BYTES >> 30), file=str(path), hint=_("split the job into smaller PDFs"))
        os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    try:
        head = handle.read(1024)
    except OSError as exc:
        handle.close()
        raise UserError.at(_("cannot read: {reason}").format(reason=exc.strerror or exc), file=str(path)) from None
    handle.seek(0)
    return handle, head


def _libqpdf_flate_limit() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """``Pl_Flate::memory_limit(unsigned long long)`` of the libqpdf pikepdf loaded, if found."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split()[-1] for line in maps if "libqpdf" in line and "/" in line}
        for path in paths:
            fn = getattr(ctypes.CDLL(path), "_ZN8Pl_Flate12memory_limitEy", None)
            if fn is not None:
                fn.argtypes, fn.restype = [ctypes.c_ulonglong], None
                return fn
    except (OSError, AttributeError, IndexError):
        pass
    return None


@contextlib.contextmanager
def qpdf_inflate_limit(limit: int = QPDF_INFLATE_LIMIT) -> Iterator[bool]:
    """Cap qpdf's Flate output per stream during the block (then lift it again: it is global,
    and a later build in this process may decode large images).  Yields whether the cap is on;
    where libqpdf cannot be reached (not Linux) the other bounds still hold."""
    fn = _libqpdf_flate_limit()
    if fn is None:
        yield False
        return
    fn(limit)
    try:
        yield True
    finally:
        fn(0)


def filters(stream: Stream) -> tuple[list[str], list[object]]:
    """The stream's filter names and their /DecodeParms (None where absent), in order."""
    from pikepdf import Array, Name

    f = stream.get("/Filter")
    names = [str(f)] if isinstance(f, Name) else [str(n) for n in f] if isinstance(f, Array) else []
    p = stream.get("/DecodeParms")
    parms = list(p) if isinstance(p, Array) else [p] * len(names)
    parms += [None] * (len(names) - len(parms))
    return names, parms


def _predictor(parms: object) -> int:
    from pikepdf import Dictionary

    try:
        return int(parms.get("/Predictor", 1)) if isinstance(parms, Dictionary) else 1
    except (TypeError, ValueError):
        return 1


def inflate(data: bytes, cap: int) -> tuple[bytes, str]:
    """Inflate zlib ``data`` to at most ``cap`` bytes, a piece at a time.

    Returns (output, problem): problem is "" or why the data is damaged (the part decoded so
    far is kept, as qpdf does).  Raises :class:`Refused` past ``cap``.
    """
    d = zlib.decompressobj()
    out = bytearray()
    try:
        while data:
            out += d.decompress(data, cap + 1 - len(out))
            if len(out) > cap:
                raise Refused(_("decodes to more than {cap} MiB").format(cap=cap // _MiB))
            if d.eof:
                break
            data = d.unconsumed_tail
        if not d.eof:
            out += d.flush(cap + 1 - len(out))
            if len(out) > cap:
                raise Refused(_("decodes to more than {cap} MiB").format(cap=cap // _MiB))
    except zlib.error as exc:
        return bytes(out), f"Flate data is damaged ({exc})"
    return bytes(out), ""


def _ascii_hex(data: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _ascii_85(data: bytes) -> bytes:
    body = re.sub(rb"\s", b"", data).split(b"~>", 1)[0].removeprefix(b"<~")
    return base64.a85decode(body)


class Budget:
    """What one check may still decode and parse; shared by all pages of the file."""

    def __init__(self) -> None:
        self.decoded = 0
        self.operators = 0

    def _take(self, nbytes: int) -> None:
        self.decoded += nbytes
        if self.decoded > MAX_DECODED_BYTES:
            raise Refused(_("the streams read so far decode to more than {limit} MiB in all").format(limit=MAX_DECODED_BYTES // _MiB))

    def decode(self, stream: Stream, cap: int = MAX_STREAM_BYTES) -> tuple[bytes, str]:
        """The decoded data of ``stream``, bounded; returns (data, damage note or "").

        Flate, ASCIIHex and ASCII85 chains are decoded here with the cap enforced as the bytes
        come out.  Anything else (LZW, RunLength, Flate with a predictor) is left to qpdf only
        when the worst expansion of its raw length stays under the cap.
        """
        import pikepdf

        names, parms = filters(stream)
        try:
            length = int(stream.get("/Length", 0))
        except (TypeError, ValueError):
            length = 0
        if length > cap:  # stored data longer than the cap decodes to more (Flate never shrinks much below 1:1)
            raise Refused(_("is {length} MiB long; the preflight reads at most {cap} MiB of one stream").format(length=length // _MiB, cap=cap // _MiB))
        own = all(n in _OWN_FILTERS for n in names) and all(_predictor(p) <= 1 for p in parms)
        try:
            data = stream.read_raw_bytes()
        except pikepdf.PdfError as exc:
            return b"", f"stream data cannot be read ({str(exc).splitlines()[0] if str(exc) else 'error'})"
        if not own:
            bound = len(data)
            for n in names:
                bound *= _RATIO.get(n, 1 << 30)  # image codecs and unknown filters: no bound
            if bound > cap:
                raise Refused(_("is compressed with {names} and could decode to more than {cap} MiB; such a stream is not decoded").format(names=', '.join(n[1:] for n in names), cap=cap // _MiB))
            try:
                out = stream.read_bytes()
            except pikepdf.PdfError as exc:
                return b"", f"stream data cannot be decoded ({str(exc).splitlines()[0] if str(exc) else 'error'})"
            self._take(len(out))
            return out, ""
        problem = ""
        for n in names:
            if n in ("/FlateDecode", "/Fl"):
                data, problem = inflate(data, cap)
            elif n in ("/ASCIIHexDecode", "/AHx"):
                data = _ascii_hex(data)
            else:
                try:
                    data = _ascii_85(data)
                except ValueError as exc:
                    data, problem = b"", f"ASCII85 data is damaged ({exc})"
            if len(data) > cap:
                raise Refused(_("decodes to more than {cap} MiB").format(cap=cap // _MiB))
            if problem:
                break
        self._take(len(data))
        return data, problem

    def count_operators(self, data: bytes) -> None:
        """Count the operators the walk interprets, before pikepdf parses them; raise
        :class:`Refused` past MAX_OPERATORS.  Counted in 1 MiB windows so that the count itself
        stays small and stops early (a token split by a window edge is off by one, no more)."""
        window = 1 << 20
        for start in range(0, len(data), window):
            self.operators += len(_WALKED_OPS.findall(data, start, start + window))
            if self.operators > MAX_OPERATORS:
                raise Refused(_("has more than {limit:,} colour, text, XObject and state operators; the rest is not checked").format(limit=MAX_OPERATORS))


#: Operators the page walk interprets (pikepdf returns only these, with their operands).
WALKED = "q Q cm Tf Tj TJ ' \" rg RG cs CS scn SCN Do sh gs PS BI ID EI"
_WALKED_OPS = re.compile(
    rb"(?<![^\x00\t\n\x0c\r \)\]>}])(?:q|Q|cm|Tf|Tj|TJ|'|\"|rg|RG|cs|CS|scn|SCN|Do|sh|gs|PS|BI)(?![^\x00\t\n\x0c\r \(\[</%])"
)
