"""Measure ink coverage by rendering pages to CMYK with Ghostscript.

Input: a PDF path (or an open file descriptor of it) and a resolution.  Output: per-page and
whole-document statistics of total area coverage (TAC, the per-pixel maximum of C+M+Y+K in
percent) and of each plate.

Why render: Ghostscript's ``inkcov`` device reports page *averages* only (docs/typesetting.md
§11 [GS-INK]), but the press limit applies to every spot.  ``pamcmyk32`` gives 8 bits per
plate, streamed page after page on a pipe, so memory stays at one strip of one page whatever
the page count; anti-aliasing stays off (the default) so a hairline renders at its full ink
value instead of a blend.  Only the BleedBox is rendered (``-dUseBleedBox``; Ghostscript falls
back to the MediaBox): registration marks in the slug are 400 % by design and are trimmed off.

Resolution: 72 dpi by default.  A pixel is then 0.35 mm, coarser than a coldset halftone cell
(100 lpi ≈ 0.25 mm) and far finer than any area where too much ink sets off or fails to dry;
the fill rule paints every pixel an object touches, so nothing is missed, small objects only
grow.  Rendering costs the same at 36 and at 72 dpi (Ghostscript spends it on fonts, not
pixels).  Pages so big that 72 dpi would exceed :data:`MAX_PIXELS` are rendered coarser.
Ghostscript runs with a time limit (:func:`_timeout`), 4 GiB of address space and 16 MiB of
messages; past them it is stopped and the ink is reported as not measured, which fails the file.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from PIL import Image, ImageMath

from ..errors import UserError
from ..i18n import _

if TYPE_CHECKING:  # model imports pikepdf; Ghostscript starts before it is loaded
    from .model import Violation

PLATES = ("C", "M", "Y", "K")
DEFAULT_DPI = 72
MAX_PIXELS = 24_000_000  # per page; ~1 s of Ghostscript (a broadsheet at 72 dpi is 1.8 million)
_STRIP_BYTES = 4 << 20
_GS_ADDRESS_SPACE = 4 << 30
_GS_MESSAGES = 16 << 20


def _hold_signals():
    """Block SIGINT/SIGTERM (main thread only); the old mask, or None where nothing was blocked."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    except ValueError:
        return None


def _release_signals(old) -> None:
    if old is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a held signal is delivered here


def _timeout(pages: int) -> float:
    """Seconds Ghostscript may take: a start-up allowance and a generous time per page."""
    return min(600.0, 20.0 + 3.0 * pages)


def resolution(dpi: int, largest_page: tuple[float, float] | None) -> int:
    """``dpi``, lowered so that the largest page (width, height in pt) stays under MAX_PIXELS."""
    if not largest_page:
        return dpi
    w, h = largest_page
    area = max(w, 1.0) * max(h, 1.0)
    return max(1, min(dpi, int(72 * math.sqrt(MAX_PIXELS / area))))


def _limit(pid: int) -> None:
    """Memory, message-file and core limits on the running Ghostscript (prlimit from outside:
    a preexec_fn is not safe while other threads run, and the first microseconds cost nothing)."""
    try:
        import resource

        for what, value in ((resource.RLIMIT_AS, _GS_ADDRESS_SPACE), (resource.RLIMIT_FSIZE, _GS_MESSAGES),
                            (resource.RLIMIT_CORE, 0)):
            resource.prlimit(pid, what, (value, value))
    except (ImportError, AttributeError, OSError):  # no prlimit (not Linux), or gs already gone
        pass


class _PageStats:
    """Running statistics of one rendered page, fed strip by strip."""

    def __init__(self, width: int, height: int, dpi: int, limit: float) -> None:
        self.width, self.height, self.dpi = width, height, dpi
        self.threshold = int(limit * 2.55 + 0.5 * 2.55)  # half a percent of slack: 8-bit steps are 0.39 %
        self.peak = 0
        self.peak_at: tuple[int, int] | None = None  # top-left pixel of the region at the peak
        self.over = 0
        self.maxima = dict.fromkeys(PLATES, 0)
        self.sums = dict.fromkeys(PLATES, 0)
        self.inked = dict.fromkeys(PLATES, 0)

    def add(self, strip: Image.Image, top: int) -> None:
        bands = dict(zip(PLATES, strip.split(), strict=True))
        for name, band in bands.items():
            hist = band.histogram()
            self.maxima[name] = max(self.maxima[name], band.getextrema()[1])
            self.sums[name] += sum(i * n for i, n in enumerate(hist))
            self.inked[name] += strip.width * strip.height - hist[0]
        # Sum the plates in 32-bit integers (Pillow's 8-bit arithmetic would clip at 255).
        total = ImageMath.lambda_eval(
            lambda a: a["c"] + a["m"] + a["y"] + a["k"],
            c=bands["C"].convert("I"), m=bands["M"].convert("I"), y=bands["Y"].convert("I"), k=bands["K"].convert("I"),
        )
        peak = int(total.getextrema()[1])
        over = ImageMath.lambda_eval(lambda a: a["t"] > self.threshold, t=total).convert("L")
        self.over += over.histogram()[1]
        if peak > self.peak or (peak == self.peak and peak and self.peak_at is None):
            at_peak = ImageMath.lambda_eval(lambda a: a["t"] >= peak, t=total).convert("L").point(lambda v: 255 if v else 0)
            box = at_peak.getbbox()
            self.peak, self.peak_at = peak, (box[0], top + box[1]) if box else None

    def result(self, number: int) -> dict[str, Any]:
        pixels = self.width * self.height
        at = None
        if self.peak_at and self.peak:
            x0, y0 = self.peak_at
            at = (round(x0 * 72 / self.dpi, 1), round((self.height - y0) * 72 / self.dpi, 1))  # from lower-left
        px_mm2 = (25.4 / self.dpi) ** 2
        return {
            "page": number,
            "max_tac": round(self.peak / 2.55, 1),
            "max_at": at,
            "over_limit_mm2": round(self.over * px_mm2, 1),
            "plates": {
                name: {
                    "max": round(self.maxima[name] / 2.55, 1),
                    "mean": round(self.sums[name] / pixels / 2.55, 2) if pixels else 0.0,
                    "area": round(self.inked[name] / pixels, 4) if pixels else 0.0,  # fraction with any of this ink
                }
                for name in PLATES
            },
            "size_px": (self.width, self.height),
        }


def _read_exact(pipe: IO[bytes], n: int) -> bytes:
    data = pipe.read(n)
    if len(data) != n:
        raise EOFError
    return data


def _pam_header(pipe: IO[bytes]) -> tuple[int, int] | None:
    """Width and height of the next PAM image on ``pipe``; None at the end of the output."""
    first = pipe.readline(16)
    if not first:
        return None
    if first != b"P7\n":
        raise ValueError(f"unexpected output {first[:16]!r}")
    fields: dict[bytes, bytes] = {}
    for _ in range(16):
        line = pipe.readline(256).strip()
        if line == b"ENDHDR":
            break
        if line and not line.startswith(b"#"):
            key, _, value = line.partition(b" ")
            fields[key] = value.strip()
    else:
        raise ValueError("PAM header without ENDHDR")
    if fields.get(b"DEPTH") != b"4" or fields.get(b"MAXVAL") != b"255":
        raise ValueError(f"not 8-bit CMYK: {fields!r}")
    return int(fields[b"WIDTH"]), int(fields[b"HEIGHT"])


class Rendering:
    """Ghostscript rendering a file in the background, its pages measured as they arrive.

    Started before the static rules run (they take the other core), then either collected
    with :meth:`pages` or stopped with :meth:`cancel` (a refused file, a smaller resolution,
    an interrupted check).  ``fd``, when given, is an open descriptor of the file, read through
    /dev/fd so that the file checked is the file measured.
    """

    def __init__(self, pdf_path: Path | str, dpi: int = DEFAULT_DPI, *, fd: int | None = None, limit: float = 240.0,
                 pages_hint: int = 1) -> None:
        self.path, self.dpi, self.limit = Path(pdf_path), dpi, limit
        gs = shutil.which("gs")
        self.missing = gs is None
        self._pages: list[dict[str, Any]] = []
        self._broken = ""
        self._finished = False
        self._timed_out = threading.Event()
        if gs is None:
            return
        source, pass_fds = str(self.path), ()
        if fd is not None and os.path.isdir("/dev/fd"):
            source, pass_fds = f"/dev/fd/{fd}", (fd,)
        cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dUseBleedBox", "-sstdout=%stderr",
               "-sDEVICE=pamcmyk32", f"-r{dpi}", "-sOutputFile=-", "-f", source]
        self._messages = tempfile.TemporaryFile()
        self._started = time.monotonic()
        self.timeout = _timeout(pages_hint)
        # Ctrl-C waits until Ghostscript is started and known, so an interrupted check never
        # leaves it running: it arrives in the try below, which stops it.
        held = _hold_signals()
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._messages,
                                          pass_fds=pass_fds)
        except BaseException:
            _release_signals(held)
            raise
        try:
            _release_signals(held)
            _limit(self._proc.pid)
            self._timer = threading.Timer(self.timeout, self._stop)
            self._timer.daemon = True
            self._timer.start()
            self._reader = threading.Thread(target=self._read, name="zzprint-ink", daemon=True)
            self._reader.start()
        except BaseException:
            self._proc.kill()
            self._proc.wait()
            raise

    def _stop(self) -> None:
        self._timed_out.set()
        self._proc.kill()

    def allow(self, pages: int) -> None:
        """Give Ghostscript the time limit of ``pages`` pages (known once the file is parsed)."""
        if self.missing or self._timer.finished.is_set():
            return
        self._timer.cancel()
        self.timeout = _timeout(pages)
        left = self.timeout - (time.monotonic() - self._started)
        self._timer = threading.Timer(max(left, 0.0), self._stop)
        self._timer.daemon = True
        self._timer.start()

    def _read(self) -> None:
        out = self._proc.stdout
        assert out is not None
        try:
            while True:
                size = _pam_header(out)
                if size is None:
                    self._finished = True
                    return
                width, height = size
                stats = _PageStats(width, height, self.dpi, self.limit)
                rows = max(1, _STRIP_BYTES // (width * 4))
                for top in range(0, height, rows):
                    n = min(rows, height - top)
                    stats.add(Image.frombytes("CMYK", (width, n), _read_exact(out, width * n * 4)), top)
                self._pages.append(stats.result(len(self._pages) + 1))
        except (EOFError, ValueError, KeyError, OSError) as exc:
            self._broken = str(exc) or "output ended in the middle of a page"
        finally:
            if not self._finished:
                self._proc.kill()

    def cancel(self) -> None:
        """Stop Ghostscript now and reap it (safe to call twice, or after :meth:`pages`)."""
        if self.missing:
            return
        self._proc.kill()
        self._close()

    def _close(self) -> None:
        self._reader.join()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._proc.wait()
        self._timer.cancel()

    def pages(self) -> list[dict[str, Any]]:
        """Wait for the rendering; one statistics dict per page.  Raises UserError when
        Ghostscript is missing, fails, or does not finish within its time limit."""
        if self.missing:
            raise UserError.at(_("Ghostscript (gs) is not installed, so total ink cannot be measured"), file=str(self.path),
                               hint=_("install ghostscript (apt-get install ghostscript), or skip with --no-measure-tac"))
        try:
            self._reader.join()
        finally:  # interrupted while waiting: stop the render rather than wait for it
            if self._reader.is_alive():
                self._proc.kill()
            self._close()
        status = self._proc.returncode
        if self._timed_out.is_set():
            raise UserError.at(_("Ghostscript did not finish rendering within {timeout:g} s, so total ink was not measured").format(timeout=self.timeout), file=str(self.path))
        if status != 0 or self._broken or not self._pages:
            self._messages.seek(0)
            lines = [ln for ln in self._messages.read(1 << 16).decode("utf-8", "replace").splitlines() if ln.strip()]
            why = self._broken or (lines[-1].strip() if lines else f"exit status {status}")
            raise UserError.at(_("Ghostscript could not render the file ({why}), so total ink was not measured").format(why=why),
                               file=str(self.path))
        self._messages.close()
        return self._pages


def measure(pdf_path: Path | str, dpi: int = DEFAULT_DPI, *, fd: int | None = None, limit: float = 240.0,
            pages_hint: int = 1) -> list[dict[str, Any]]:
    """Render every page with Ghostscript at ``dpi`` and return one statistics dict per page
    (see :class:`Rendering`)."""
    return Rendering(pdf_path, dpi, fd=fd, limit=limit, pages_hint=pages_hint).pages()


def ink_coverage(pdf_path: Path | str, dpi: int = 50) -> dict[str, Any]:
    """Render ``pdf_path`` to CMYK at ``dpi`` and report ink coverage.

    Returns ``{"dpi", "max_tac", "pages": [{"page", "max_tac", "max_at", "over_limit_mm2",
    "plates", "size_px"}], "plates": {"C"|"M"|"Y"|"K": {"max", "mean", "area"}}}``, percentages
    0–100 per plate and 0–400 for TAC; ``max_at`` is the peak's (x, y) in points from the
    rendered box's lower-left; ``area`` is the fraction of pixels carrying that ink;
    ``over_limit_mm2`` the area above 240 %.  Document ``mean`` is the mean of the pages' means.
    Raises UserError when Ghostscript is missing or fails.
    """
    return summarise(measure(pdf_path, dpi), dpi)


def summarise(pages: list[dict[str, Any]], dpi: int) -> dict[str, Any]:
    doc_plates = {
        name: {
            "max": max(p["plates"][name]["max"] for p in pages),
            "mean": round(sum(p["plates"][name]["mean"] for p in pages) / len(pages), 2),
            "area": max(p["plates"][name]["area"] for p in pages),
        }
        for name in PLATES
    }
    return {"dpi": dpi, "max_tac": max(p["max_tac"] for p in pages), "pages": pages, "plates": doc_plates}


def tac_findings(pdf_path: Path, fd: int | None, limit: float, dpi: int = DEFAULT_DPI,
                 largest_page: tuple[float, float] | None = None, pages: int = 1,
                 started: Rendering | None = None) -> tuple[list[Violation], dict | None]:
    """One ``tac`` error per page whose rendered maximum exceeds ``limit`` percent, and the
    measurement (None when it could not be made: then one ``tac`` error says why).

    ``started`` is a rendering begun before the file was parsed; it is used when its
    resolution suits the largest page, else stopped and the file rendered again coarser.
    """
    from .model import ERROR, Violation

    dpi = resolution(dpi, largest_page)
    if started is not None and started.dpi != dpi:
        started.cancel()
        started = None
    rendering = started or Rendering(pdf_path, dpi, fd=fd, limit=limit, pages_hint=pages)
    rendering.allow(pages)
    try:
        measured = rendering.pages()
    except UserError as err:
        why = "; ".join(p.message + (f" — {p.hint}" if p.hint else "") for p in err.problems)
        return [Violation("tac", why, 0, "rendered pages", ERROR)], None
    found = []
    for page in measured:
        # Half a percent of slack: 8-bit plates quantise each ink to steps of 0.39 %.
        if page["max_tac"] > limit + 0.5:
            at = _(" at ≈({x:g}, {y:g}) pt").format(x=page["max_at"][0], y=page["max_at"][1]) if page["max_at"] else ""
            area = _(" over {area:g} mm²").format(area=page["over_limit_mm2"]) if page["over_limit_mm2"] else ""
            found.append(Violation("tac", _("total ink {tac:g} % exceeds the {limit:g} % limit{at}{area} (rendered at {dpi} dpi)").format(tac=page['max_tac'], limit=limit, at=at, area=area, dpi=dpi), page["page"], "rendered page"))
    return found, {**summarise(measured, dpi), "limit": limit}
