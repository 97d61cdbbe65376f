"""``zzprint watch``: a live preview of one page on http://127.0.0.1:PORT/, pushed to the browser.

Input: a page-grid spec and a port.  Output: an HTTP server bound to 127.0.0.1 only, serving

* ``/``              — the preview page (templates/watch.html + watch.js);
* ``/events``        — Server-Sent Events: every new build, as JSON (below);
* ``/state``         — the current build as JSON, without the drawings (for scripts);
* ``/source?page=N&x=X&y=Y`` — the content file and line of the text at (X, Y) pt on page N;
* ``/picture/KEY``   — a placed picture as a screen PNG.

The page is drawn by the browser as vectors: every glyph's outline, read with HarfBuzz from
the very font files the PDF embeds, is sent once as an SVG path, and every page item (a
line's glyph run, a rule, a box, a picture) as SVG that places those outlines, grouped in
blocks (the items of one tag: an article's body, its headline, the header …), each block an
``<svg>`` of its own over the area it draws in.  So the page is sharp at 100 %, 200 % and
400 % and a zoom costs no rebuild.  An item keeps its name while it is unchanged (items are
compared exactly, by value): after an edit only the new items are sent and drawn (a
one-paragraph edit: the lines set again), the browser keeps the rest.

A background thread waits for saves in the project's ``layout/``, ``content/`` and ``fonts/``
and the pictures' folders (inotify: the kernel says when a written file is closed, so the
build starts within a millisecond; watchfiles where there is no inotify) and rebuilds in
this process, which owns the caches.  Faults are drawn where they are on the page, the fit
table with its line-saving hints sits beside it (the hints follow in a second message of the
same build: they cost compositions).  A broken input keeps the last good page, dimmed, with
the errors (``FILE:LINE:COL: message — hint``) over it; the next good save brings the page
back.  Clicking a line asks ``/source``, which finds the line's text in its content file.
``document.body.dataset.build`` is the id of the build shown, ``dataset.painted`` the same
once it has been painted (bench/watch_latency.py measures from the save to that).
Ctrl-C stops the server (exit status 0).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import select
import signal
import struct
import sys
import threading
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs

from ..errors import UserError
from ..i18n import _
from ..memo import Memo

ALLOWED_HOST = "127.0.0.1"
WATCHED = ("layout", "content", "fonts")
TEMPLATES = Path(__file__).resolve().parent / "templates"
KEEPALIVE_S = 10.0  # a comment on an idle event stream, so a closed browser is noticed
BLEED = 2.0  # pt a block's drawing area reaches past its ink (antialiasing, the fault marks' tolerance)
PICTURE_PX = 1600  # longest side of a picture as the preview shows it (a screen, not the press)


# --- glyph outlines ----------------------------------------------------------------------

class Outlines:
    """SVG path data of glyphs, in font units (y up), read with HarfBuzz from the fonts the page uses.

    Each glyph gets a short name (``g17``) the page's ``<use>`` elements refer to.  Read once
    per server: a glyph costs about 0.3 ms, a whole page about 0.4 s, an edit a few new glyphs.
    """

    def __init__(self) -> None:
        self._fonts: dict[tuple[str, int], tuple[object, int]] = {}
        self._names: dict[tuple[str, int, int], str] = {}
        self.paths: dict[str, str] = {}  # name → d ("" for a blank glyph)
        self._lock = threading.Lock()

    def upem(self, path: str, index: int) -> int:
        return self._font(path, index)[1]

    def _font(self, path: str, index: int):
        key = (path, index)
        font = self._fonts.get(key)
        if font is None:
            import uharfbuzz as hb

            face = hb.Face(hb.Blob.from_file_path(path), index)
            font = self._fonts[key] = (hb.Font(face), face.upem)
        return font

    def name(self, path: str, index: int, gid: int) -> str:
        key = (path, index, gid)
        name = self._names.get(key)
        if name is None:
            with self._lock:
                name = self._names.get(key)
                if name is None:
                    pen = _PathPen()
                    self._font(path, index)[0].draw_glyph_with_pen(gid, pen)
                    name = f"g{len(self._names)}"
                    self.paths[name] = "".join(pen.parts)
                    self._names[key] = name
        return name


class _PathPen:
    """A fontTools-style pen that writes SVG path data (integers: font units are fine enough)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def moveTo(self, p) -> None:  # noqa: N802 - the pen protocol's names
        self.parts.append(f"M{p[0]:.0f} {p[1]:.0f}")

    def lineTo(self, p) -> None:  # noqa: N802
        self.parts.append(f"L{p[0]:.0f} {p[1]:.0f}")

    def qCurveTo(self, *points) -> None:  # noqa: N802
        self.parts.append("Q" + " ".join(f"{x:.0f} {y:.0f}" for x, y in points))

    def curveTo(self, *points) -> None:  # noqa: N802
        self.parts.append("C" + " ".join(f"{x:.0f} {y:.0f}" for x, y in points))

    def closePath(self) -> None:  # noqa: N802
        self.parts.append("Z")


# --- the page as SVG blocks ---------------------------------------------------------------

class Drawn(NamedTuple):
    """One page item as SVG: the markup, the outlines it uses, and where it puts ink (or None)."""

    svg: str
    glyphs: frozenset[str]
    box: tuple[float, float, float, float] | None


def _rgb(color) -> str:
    if color is None:
        return "none"
    c, m, y, k = color
    r, g, b = (round(255 * (1 - v) * (1 - k)) for v in (c, m, y))
    return f"#{r:02x}{g:02x}{b:02x}"


def draw_item(item, outlines: Outlines, pictures: dict) -> Drawn:
    """SVG for one page item (page-model coordinates: pt, y down)."""
    from ..faults import ink_box

    kind = type(item).__name__
    used: set[str] = set()
    if kind == "GlyphRun":
        path, index = item.font.path, item.font.index
        scale = item.size / outlines.upem(path, index)
        sx, sy = scale * item.hscale, scale * item.vscale
        parts = [f'<g fill="{_rgb(item.color)}" transform="matrix({sx:.6g} 0 0 {-sy:.6g} 0 {item.baseline:.3f})">']
        for glyph in item.glyphs:
            name = outlines.name(path, index, glyph.gid)
            if not outlines.paths[name]:
                continue  # a space
            used.add(name)
            y = f' y="{-glyph.dy / sy:.1f}"' if glyph.dy else ""
            parts.append(f'<use href="#{name}" x="{glyph.x / sx:.1f}"{y}/>')
        parts.append("</g>")
        svg = "".join(parts)
    elif kind == "Rule":
        svg = (f'<line x1="{item.x0:.3f}" y1="{item.y0:.3f}" x2="{item.x1:.3f}" y2="{item.y1:.3f}" '
               f'stroke="{_rgb(item.color)}" stroke-width="{item.width:.3f}"/>')
    elif kind == "Box":
        stroke = f' stroke="{_rgb(item.stroke)}" stroke-width="{item.stroke_width:.3f}"' if item.stroke else ""
        svg = (f'<rect x="{item.x:.3f}" y="{item.y:.3f}" width="{item.w:.3f}" height="{item.h:.3f}" '
               f'fill="{_rgb(item.fill)}"{stroke}/>')
    elif kind == "Image":
        key = hashlib.sha1(repr(item.source).encode()).hexdigest()[:16]
        pictures[key] = item.source
        svg = (f'<image href="/picture/{key}" x="{item.x:.3f}" y="{item.y:.3f}" width="{item.w:.3f}" '
               f'height="{item.h:.3f}" preserveAspectRatio="none"/>')
        if item.clip:
            cx, cy, cw, ch = item.clip
            svg = (f'<svg x="{cx:.3f}" y="{cy:.3f}" width="{cw:.3f}" height="{ch:.3f}" '
                   f'viewBox="{cx:.3f} {cy:.3f} {cw:.3f} {ch:.3f}">{svg}</svg>')
    else:
        svg = "<g/>"  # a kind of item this preview does not know yet: left out, never guessed
    return Drawn(svg, frozenset(used), ink_box(item))


class Drawings:
    """Every item of the last page shown, by the item itself (exact equality, no hash to collide),
    with the name the browser knows it by and its SVG."""

    def __init__(self) -> None:
        self.known: dict = {}  # page item → (name, Drawn)
        self._count = 0

    def new_name(self) -> str:
        self._count += 1
        return f"i{self._count:x}"


def page_blocks(pages, outlines: Outlines, drawings: Drawings, pictures: dict) -> tuple[list[dict], dict]:
    """Each page's blocks in paint order, and the SVG of each item by its name, reusing known ones.

    A block is the items of one tag (an article's body, its headline, the header …): the browser
    draws each in its own layer.  An unchanged item (a line not set again, a rule) keeps its name,
    and the browser its drawing, from build to build: after a one-paragraph edit only the lines
    that were set again are new.
    """
    known, current = drawings.known, {}
    drawn: dict[str, Drawn] = {}
    shown = []
    for page in pages:
        groups: dict[str, list] = {}
        for item in page.items:
            groups.setdefault(item.tag, []).append(item)
        blocks = []
        for tag, items in groups.items():
            names = []
            for item in items:
                try:
                    entry = current.get(item) or known.get(item)
                except TypeError:  # an item that does not hash: drawn anew each time
                    entry = None
                if entry is None or entry[0] in drawn:  # new, or the very same item again
                    entry = (drawings.new_name(), draw_item(item, outlines, pictures))
                try:
                    current.setdefault(item, entry)
                except TypeError:
                    pass
                drawn[entry[0]] = entry[1]
                names.append(entry[0])
            boxes = [drawn[n].box for n in names if drawn[n].box is not None]
            if boxes:
                x0, y0 = min(b[0] for b in boxes) - BLEED, min(b[1] for b in boxes) - BLEED
                x1, y1 = max(b[0] + b[2] for b in boxes) + BLEED, max(b[1] + b[3] for b in boxes) + BLEED
                box = [round(x0, 2), round(y0, 2), round(x1 - x0, 2), round(y1 - y0, 2)]
            else:
                box = [0.0, 0.0, 1.0, 1.0]
            blocks.append({"key": tag or "-", "box": box, "items": names})
        shown.append({"width": page.width, "height": page.height, "blocks": blocks})
    drawings.known = current
    return shown, drawn


# --- one build as the browser sees it -----------------------------------------------------

@dataclass
class Shown:
    """What the preview shows: one build (or an error over the last good one); never changed once published."""

    build: int = 0
    revision: int = 0  # the same build with more to say (the line-saving hints came)
    ok: bool = False
    errors: list[str] = field(default_factory=list)  # FILE:LINE:COL: message — hint
    problems: list[dict] = field(default_factory=list)  # the same, in parts
    faults: list[str] = field(default_factory=list)  # layout faults, as `zzprint build` prints them
    marks: list[dict] = field(default_factory=list)  # the same faults, with where they are on the page
    fits: list[dict] = field(default_factory=list)
    overset: list[str] = field(default_factory=list)
    hints_pending: bool = False
    pages: list[dict] = field(default_factory=list)  # {"width", "height", "blocks": [{key, box, items}, …]}
    drawn: dict[str, Drawn] = field(default_factory=dict)  # item id → its SVG
    inputs: dict[str, str] = field(default_factory=dict)  # file → sha256[:16] of the bytes the page was built from
    build_seconds: float = 0.0
    built_at: str = ""
    spec: str = ""

    def summary(self) -> dict:
        """Everything but the drawings."""
        return {"build": self.build, "revision": self.revision, "ok": self.ok,
                "errors": self.errors, "problems": self.problems, "faults": self.faults, "marks": self.marks,
                "fits": self.fits, "overset": self.overset, "hints_pending": self.hints_pending,
                "pages": self.pages, "inputs": self.inputs, "build_seconds": self.build_seconds, "built_at": self.built_at,
                "spec": self.spec}


def _problem(problem) -> dict:
    where = problem.file or "zzprint"
    if problem.line:
        where += f":{problem.line}:{problem.col or 1}"
    return {"where": where, "message": problem.message, "hint": problem.hint, "text": str(problem)}


def _fault(fault) -> dict:
    from ..page import FAULT_KINDS

    where = fault.file or "zzprint"
    if fault.line:
        where += f":{fault.line}:{fault.col or 1}"
    return {"kind": fault.kind, "name": FAULT_KINDS.get(fault.kind, fault.kind), "article": fault.article,
            "page": fault.page, "where": where, "message": fault.message, "hint": fault.hint,
            "report": fault.report(), "box": [round(v, 2) for v in fault.box] if fault.box else None,
            "parts": [[round(v, 2) for v in part] for part in fault.parts]}


def _fit(fit, hints: list[str]) -> dict:
    from ..report import status_text  # the status as the fit table words it, in the reader's language

    return {**{k: v for k, v in fit.as_dict().items() if k != "overset_text"}, "status": status_text(fit), "hints": hints}


class Preview:
    """The current build of one page, rebuilt on demand; safe to read from any thread."""

    def __init__(self, spec: Path):
        self.spec = spec
        self.outlines = Outlines()
        self.drawings = Drawings()
        self.pictures: dict[str, object] = {}  # picture key → ImageSource
        self.memo = Memo()  # the server owns the memo: a rebuild sets again only what changed
        self._building = threading.Lock()  # one build at a time
        self._changed = threading.Condition()
        self._shown = Shown(spec=str(spec))
        self._result = None  # the last good BuildResult, for /source

    @property
    def shown(self) -> Shown:
        return self._shown

    def state(self) -> dict:
        return self._shown.summary()

    def wait(self, seen: tuple[int, int], timeout: float) -> Shown | None:
        """The shown build once it differs from ``seen`` (build, revision); None after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: (self._shown.build, self._shown.revision) != seen, timeout)
            shown = self._shown
        return shown if (shown.build, shown.revision) != seen else None

    def _publish(self, shown: Shown) -> None:
        with self._changed:
            self._shown = shown
            self._changed.notify_all()

    def rebuild(self, hints: bool = True) -> Shown:
        """Build the page and publish it; then its line-saving hints, unless ``hints`` is False
        (the watcher asks for them itself once the editor pauses: see :meth:`watch`)."""
        with self._building:
            pending = self._rebuild()
            if hints and pending:
                pending()
            return self._shown

    def _hints_now(self, pending) -> None:
        with self._building:
            pending()

    def _rebuild(self):
        """Build and publish; returns what finds the hints of an overset or short article, or None."""
        from ..build import build_page

        started = time.perf_counter()
        previous = self._shown
        result = None
        errors: list[dict] = []
        try:
            result = build_page(self.spec, memo=self.memo)
        except UserError as err:
            errors = [_problem(p) for p in err.problems]
        except Exception as err:  # noqa: BLE001 - a bug must not stop the server; show it and keep going
            traceback.print_exc(file=sys.stderr)
            message = _("internal error: {error}: {detail}").format(error=type(err).__name__, detail=err)
            hint = _("this is a bug in zzprint; the traceback is on the terminal")
            errors = [{"where": "zzprint", "message": message, "hint": hint, "text": f"{message} — {hint}"}]
        common = {"build": previous.build + 1, "built_at": time.strftime("%H:%M:%S"), "spec": str(self.spec)}
        if errors:
            # The last good page stays (dimmed by the browser) under the errors.
            shown = Shown(ok=False, errors=[e["text"] for e in errors], problems=errors, faults=previous.faults,
                          marks=previous.marks, fits=previous.fits, overset=previous.overset,
                          pages=previous.pages, drawn=previous.drawn, inputs=previous.inputs,
                          build_seconds=round(time.perf_counter() - started, 3), **common)
            self._publish(shown)
            print(_("zzprint watch: build failed in {seconds:.2f}s:").format(seconds=shown.build_seconds), *shown.errors,
                  sep="\n  ", file=sys.stderr, flush=True)
            return None

        from ..report import wanted_hints

        pages, drawn = page_blocks(result.document.pages, self.outlines, self.drawings, self.pictures)
        wanted = {f.id for f in result.fits if wanted_hints(f)}
        faults = [f.report() for f in result.faults]
        overset = [f"{f.id} {f.status.removeprefix('overset ')}" for f in result.overset]
        shown = Shown(ok=True, faults=faults, marks=[_fault(f) for f in result.faults], fits=[_fit(f, []) for f in result.fits], overset=overset,
                      hints_pending=bool(wanted), pages=pages, drawn=drawn, inputs=result.inputs,
                      build_seconds=round(time.perf_counter() - started, 3), **common)
        self._result = result
        self._publish(shown)
        print((_("zzprint watch: built in {seconds:.2f}s, {overset} overset ({articles}), {faults} layout fault(s)")
               if overset else _("zzprint watch: built in {seconds:.2f}s, {overset} overset, {faults} layout fault(s)"))
              .format(seconds=shown.build_seconds, overset=len(overset), articles="; ".join(overset), faults=len(faults)),
              *faults, sep="\n  " if faults else "", file=sys.stderr, flush=True)
        return (lambda: self._add_hints(shown, result, wanted)) if wanted else None

    def _add_hints(self, shown: Shown, result, wanted: set[str]) -> None:
        """The 删字/补字 hints after the page is out: each costs a few compositions."""
        from ..report import hint_lines, line_hints

        try:
            hints = line_hints(result, wanted)
        except Exception:  # noqa: BLE001 - hints are a help; a failure must not take the page away
            traceback.print_exc(file=sys.stderr)
            hints = {}
        fits = [_fit(f, hint_lines(f, hints[f.id]) if f.id in hints else []) for f in result.fits]
        with self._changed:
            if self._shown is not shown:
                return  # a newer build is out already
        self._publish(Shown(**{**shown.__dict__, "fits": fits, "hints_pending": False, "revision": shown.revision + 1}))

    def source_at(self, page: int, x: float, y: float) -> dict | None:
        """The content file and line of the text drawn at (x, y) pt on page ``page`` (1-based)."""
        result = self._result
        if result is None or not 1 <= page <= len(result.document.pages):
            return None
        return find_source(result, result.document.pages[page - 1], x, y)

    def watched_folders(self) -> list[Path]:
        # The spec may be unreadable right now, so take the project from the path, not from the spec.
        layout = self.spec.resolve().parent
        root = layout.parent
        folders = {root / name for name in WATCHED if (root / name).is_dir()} | {layout}
        return sorted(folders)

    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every save until ``stop``: inotify on Linux, else watchfiles."""
        try:
            notifier = Inotify()
        except OSError:
            return self._watch_with_watchfiles(stop)
        with notifier:
            for folder in self.watched_folders():
                notifier.add_tree(folder)
            pending = None  # the hints of the page shown, found once the editor pauses
            while not stop.is_set():
                names = notifier.saved(timeout=HINTS_AFTER_S if pending else 0.25)
                if not names or stop.is_set():
                    if pending and not stop.is_set():
                        self._hints_now(pending)
                        pending = None
                    continue
                print(_("zzprint watch: changed {files}").format(files=", ".join(sorted(names))), file=sys.stderr, flush=True)
                with self._building:
                    pending = self._rebuild()
                for picture in list(self.pictures.values()):  # pictures may live outside the watched folders
                    notifier.add(Path(picture.path).parent)

    def _watch_with_watchfiles(self, stop: threading.Event) -> None:
        import watchfiles

        # step 10 ms: the changes of one save (an editor's write, rename, chmod) come within a
        # few ms of each other, so the build starts ~10 ms after the last of them.
        for changes in watchfiles.watch(*self.watched_folders(), stop_event=stop, step=10, debounce=400,
                                        rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
            if stop.is_set():
                break
            names = sorted({Path(p).name for _, p in changes})
            print(_("zzprint watch: changed {files}").format(files=", ".join(names)), file=sys.stderr, flush=True)
            self.rebuild()


# --- noticing a save -----------------------------------------------------------------------

_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF, _IN_Q_OVERFLOW, _IN_ISDIR = 0x400, 0x800, 0x4000, 0x40000000
_DONE = _IN_CLOSE_WRITE | _IN_MOVED_TO | _IN_MOVED_FROM | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF | _IN_ATTRIB
_MASK = _DONE | _IN_MODIFY | _IN_CREATE
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then len bytes of name
SETTLE_S = 0.002  # after a file is closed or renamed: the rest of the same save (a rename after the write)
UNCLOSED_S = 0.05  # a file written but not closed yet: wait this long for its close before building anyway
HINTS_AFTER_S = 0.15  # the line-saving hints (~0.1 s) wait for a pause in the saves, so they never delay a page
MAX_FOLDERS = 256  # watched folders (a project has a handful; a symlink loop must not exhaust inotify)


def _editor_scratch(name: str) -> bool:
    """Files editors write beside the real one (swap, backup, lock, vim's write test): not a save."""
    return (name.startswith((".#", ".~")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part"))
            or name == "4913")


class Inotify:
    """Linux inotify through the C library: the kernel tells the moment a file is closed after a
    write, so a save is seen within a millisecond and nothing is polled."""

    def __init__(self) -> None:
        import ctypes
        import ctypes.util

        if not sys.platform.startswith("linux"):
            raise OSError("inotify is Linux only")
        self._libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self.fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._folders: dict[int, Path] = {}

    def __enter__(self) -> Inotify:
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)

    def add(self, folder: Path) -> None:
        folder = Path(folder).resolve()
        if folder in self._folders.values() or len(self._folders) >= MAX_FOLDERS or not folder.is_dir():
            return
        wd = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), _MASK)
        if wd >= 0:
            self._folders[wd] = folder

    def add_tree(self, folder: Path) -> None:
        """``folder`` and the folders in it (links not followed: a loop must not run away)."""
        visited = 0
        for top, dirs, _files in os.walk(folder, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            self.add(Path(top))
            visited += 1
            if visited >= MAX_FOLDERS:
                break

    def _read(self, timeout: float) -> list[tuple[int, int, str]]:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return []
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return []
        events, at = [], 0
        while at + _EVENT.size <= len(data):
            wd, mask, _cookie, length = _EVENT.unpack_from(data, at)
            name = data[at + _EVENT.size:at + _EVENT.size + length].split(b"\0", 1)[0]
            events.append((wd, mask, os.fsdecode(name)))
            at += _EVENT.size + length
        return events

    def saved(self, timeout: float) -> set[str]:
        """Names of the files saved (written and closed, renamed, created, deleted), waiting up to
        ``timeout`` for the first; empty when nothing was."""
        events = self._read(timeout)
        if not events:
            return set()
        names: set[str] = set()
        unclosed: set[str] = set()
        deadline = time.monotonic() + UNCLOSED_S
        latest = time.monotonic() + 0.4  # a file written without pause is built at least this often
        while events:
            for wd, mask, name in events:
                if mask & _IN_Q_OVERFLOW:
                    names.add("(many files)")
                    continue
                if _editor_scratch(name):
                    continue
                if mask & _IN_ISDIR:
                    if mask & (_IN_CREATE | _IN_MOVED_TO) and wd in self._folders:
                        self.add(self._folders[wd] / name)
                    continue
                label = name or self._folders.get(wd, Path("?")).name
                if mask & (_IN_MODIFY | _IN_CREATE) and not mask & _DONE:
                    unclosed.add(label)
                else:
                    unclosed.discard(label)
                    names.add(label)
            wait = min(deadline - time.monotonic() if unclosed else SETTLE_S, latest - time.monotonic())
            events = self._read(wait) if wait > 0 else []
        return names | unclosed


# --- click → source ----------------------------------------------------------------------

_WORD = re.compile(r"\w", re.UNICODE)


def _normalised(text: str) -> str:
    """Letters and digits only, full-width folded: the content file may write punctuation another way."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if _WORD.match(ch))


def find_source(result, page, x: float, y: float) -> dict | None:
    """The line of text at (x, y) and where it was written: its content file (or the spec) and line."""
    from ..faults import ink_box

    best = None
    for index, item in enumerate(page.items):
        if type(item).__name__ != "GlyphRun" or not item.tag or item.tag == "fault":
            continue
        box = ink_box(item)
        if box is None:
            continue
        bx, by, bw, bh = box
        slack = max(1.0, item.size * 0.25)
        if bx - slack <= x <= bx + bw + slack and by - slack <= y <= by + bh + slack:
            distance = abs(y - (by + bh / 2))
            if best is None or distance < best[0]:
                best = (distance, index, item)
    if best is None:
        return None
    _, index, run = best
    # The whole line: the runs placed with it (one per face), same tag and baseline, each
    # starting where the one before ends (the next column's line shares the baseline too).
    items = page.items

    def joins(i: int, j: int) -> bool:
        a, b = items[i], items[j]
        if type(b).__name__ != "GlyphRun" or b.tag != a.tag or abs(b.baseline - a.baseline) > 0.01:
            return False
        left, right = (a, b) if i < j else (b, a)
        end = max(g.x for g in left.glyphs) + left.size * left.hscale * 1.6
        return bool(right.glyphs) and left.glyphs[0].x <= right.glyphs[0].x <= end
    first = last = index
    while first > 0 and joins(first, first - 1):
        first -= 1
    while last + 1 < len(items) and joins(last, last + 1):
        last += 1
    text = "".join(g.text for i in items[first:last + 1] for g in i.glyphs)
    owner, _, part = run.tag.partition(":")
    composed = result.articles.get(owner)
    file = (composed.fit.file if composed is not None and composed.fit.file else str(result.spec.file))
    found = _line_of(Path(file), text)
    boxes = [b for b in map(ink_box, items[first:last + 1]) if b is not None]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    box = [round(x0, 2), round(y0, 2), round(max(b[0] + b[2] for b in boxes) - x0, 2),
           round(max(b[1] + b[3] for b in boxes) - y0, 2)]
    return {"file": file, "line": found or 1, "text": text, "tag": run.tag, "box": box,
            "what": f"article {owner}" + (f", {part}" if part else "") if composed is not None else owner or "page",
            "exact": found is not None}


def _line_of(file: Path, text: str) -> int | None:
    """The line of ``file`` where ``text`` (a set line, maybe split over source lines) starts."""
    wanted = _normalised(text)
    if not wanted:
        return None
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return None
    flat: list[str] = []
    line_at: list[int] = []
    for number, line in enumerate(lines, 1):
        norm = _normalised(line)
        flat.append(norm)
        line_at += [number] * len(norm)
    joined = "".join(flat)
    for length in (len(wanted), 12, 6, 3):
        at = joined.find(wanted[:length])
        if at >= 0:
            return line_at[at]
    return None


# --- pictures ----------------------------------------------------------------------------

def picture_png(source) -> bytes:
    """A placed picture's pixels (its crop) as an sRGB PNG for the screen."""
    import io

    from PIL import Image as PILImage

    with PILImage.open(source.path) as image:
        image.draft("RGB", (PICTURE_PX, PICTURE_PX))
        if source.crop:
            image = image.crop(source.crop)
        image = image.convert("RGB")
        image.thumbnail((PICTURE_PX, PICTURE_PX))
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)
    return out.getvalue()


# --- the server --------------------------------------------------------------------------

def _event(shown: Shown, sent_items: set[str], sent_glyphs: set[str], outlines: Outlines, full: bool) -> bytes:
    """One SSE message: the build, and the drawings this browser does not have yet."""
    wanted = [i for page in shown.pages for block in page["blocks"] for i in block["items"]]
    new_items = {i: shown.drawn[i].svg for i in wanted if i not in sent_items}
    glyphs: dict[str, str] = {}
    for i in new_items:
        for name in shown.drawn[i].glyphs:
            if name not in sent_glyphs:
                glyphs[name] = outlines.paths[name]
    sent_items.clear()
    sent_items.update(wanted)  # the browser drops the items the build does not use
    sent_glyphs.update(glyphs)
    data = json.dumps({**shown.summary(), "full": full, "new_items": new_items, "glyphs": glyphs},
                      ensure_ascii=False, separators=(",", ":"))
    return f"event: build\nid: {shown.build}.{shown.revision}\ndata: {data}\n\n".encode("utf-8")


def _page_html() -> bytes:
    """templates/watch.html in the reader's language (Jinja2's i18n extension), with the words watch.js shows."""
    from jinja2 import Environment, FileSystemLoader

    from ..i18n import gettext_, ngettext

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(gettext_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    words = {"page": _("page {number}"), "lines": _("{lines} lines"), "capacity": _("{lines} lines / {chars} chars"),
             "overset": _("overset 超版: {articles}"), "faults": _("layout faults (not deliverable):"),
             "finding": _("finding line-saving hints…"), "built": _("built {time} in {seconds} s · build {build}"),
             "failed": _("failed {time} in {seconds} s · build {build}"),
             "unreachable": _("server not reachable — retrying…")}
    return env.get_template("watch.html").render(words=words).encode("utf-8")


def make_handler(preview: Preview, port_holder: list[int], stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    page_html = _page_html()
    script = (TEMPLATES / "watch.js").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        server_version = "zzprint-watch"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if not self._host_ok():
                self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain; charset=utf-8")
                return
            path, _, query = self.path.partition("?")
            if path == "/":
                self._send(HTTPStatus.OK, page_html, "text/html; charset=utf-8")
            elif path == "/watch.js":
                self._send(HTTPStatus.OK, script, "text/javascript; charset=utf-8")
            elif path == "/events":
                self._events()
            elif path == "/state":
                body = json.dumps(preview.state(), ensure_ascii=False).encode("utf-8")
                self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
            elif path == "/source":
                self._source(parse_qs(query))
            elif path.startswith("/picture/"):
                self._picture(path.removeprefix("/picture/"))
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            sent_items: set[str] = set()
            sent_glyphs: set[str] = set()
            seen = (-1, -1)
            full = True  # a new connection starts from nothing (the browser drops what it had)
            try:
                while not stop.is_set():
                    shown = preview.wait(seen, KEEPALIVE_S)
                    if shown is None:
                        self.wfile.write(b": idle\n\n")
                        continue
                    seen = (shown.build, shown.revision)
                    self.wfile.write(_event(shown, sent_items, sent_glyphs, preview.outlines, full))
                    full = False
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass  # the browser went away

        def _source(self, query: dict) -> None:
            try:
                page = int(query.get("page", ["1"])[0])
                x, y = float(query["x"][0]), float(query["y"][0])
            except (KeyError, ValueError):
                self._send(HTTPStatus.BAD_REQUEST, b"page, x and y wanted\n", "text/plain; charset=utf-8")
                return
            found = preview.source_at(page, x, y)
            self._send(HTTPStatus.OK, json.dumps(found, ensure_ascii=False).encode("utf-8"),
                       "application/json; charset=utf-8")

        def _picture(self, key: str) -> None:
            source = preview.pictures.get(key)
            if source is None:
                self._send(HTTPStatus.NOT_FOUND, b"no such picture\n", "text/plain; charset=utf-8")
                return
            try:
                body = picture_png(source)
            except Exception as err:  # noqa: BLE001 - a broken picture is shown as missing; the build reports it
                self._send(HTTPStatus.NOT_FOUND, f"{err}\n".encode(), "text/plain; charset=utf-8")
                return
            self._send(HTTPStatus.OK, body, "image/png")

        def _host_ok(self) -> bool:
            # Refuse other Host names (DNS rebinding: a web page must not read the preview).
            host = (self.headers.get("Host") or "").strip()
            return host in {f"127.0.0.1:{port_holder[0]}", f"localhost:{port_holder[0]}"}

        def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the rebuild lines are what the terminal is for

    return Handler


def serve(spec: str | Path, port: int, host: str = ALLOWED_HOST) -> int:
    """Serve the preview until Ctrl-C; 0 on a clean stop.  ``port`` 0 picks a free port."""
    if host != ALLOWED_HOST:
        raise UserError.at(_("the preview server listens on {allowed} only, not {host!r}").format(allowed=ALLOWED_HOST, host=host),
                           hint=_("to look from another machine, use an SSH tunnel (ssh -L PORT:127.0.0.1:PORT)"))
    spec = Path(spec)
    preview = Preview(spec)
    port_holder = [port]
    stop = threading.Event()
    try:
        server = ThreadingHTTPServer((ALLOWED_HOST, port), make_handler(preview, port_holder, stop))
    except OSError as err:
        raise UserError.at(_("cannot listen on {host}:{port}: {reason}").format(host=ALLOWED_HOST, port=port, reason=err.strerror),
                           hint=_("another zzprint watch may be running; pick another --port")) from None
    server.daemon_threads = True  # an open event stream must not hold up Ctrl-C
    port_holder[0] = server.server_address[1]
    watcher = threading.Thread(target=preview.watch, args=(stop,), name="zzprint-watch", daemon=True)
    previous = _stop_on_signals()
    try:
        preview.rebuild()  # the first page is there before anyone opens the URL
        # Fonts, modules and the first page's memo live as long as the server: out of the
        # collector's sight, so a full collection during a rebuild does not walk them.
        gc.collect()
        gc.freeze()
        watcher.start()
        print(_("zzprint watch: {spec} at {url} — Ctrl-C to stop").format(
            spec=spec, url=f"http://{ALLOWED_HOST}:{port_holder[0]}/"), flush=True)
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        print(_("zzprint watch: stopped"), file=sys.stderr, flush=True)
    finally:
        stop.set()
        with preview._changed:
            preview._changed.notify_all()  # the event streams see the stop
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=0.6)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0


def _stop_on_signals() -> dict[int, object]:
    """Ctrl-C and SIGTERM both stop the server cleanly (the previous handlers are returned).

    SIGINT is set explicitly because a process started in the background by a shell inherits
    SIGINT as *ignored*, and a preview started from a script must still stop on Ctrl-C / kill -INT.
    """
    if threading.current_thread() is not threading.main_thread():
        return {}

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return {signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}


__all__ = ["ALLOWED_HOST", "Drawings", "Outlines", "Preview", "Shown", "find_source", "page_blocks", "serve"]
