"""``zzprint watch``: a live preview of one page on http://127.0.0.1:PORT/.

Input: a page-grid spec and a port.  Output: an HTTP server bound to
127.0.0.1 only, serving

* ``/``          — the preview page (image, fit table, overset warning, errors);
* ``/state``     — JSON ``{version, ok, errors, overset, fits, build_seconds, …}``;
* ``/page.png``  — the current page image (trim, PREVIEW_DPI), absent while the
  input is broken.

A background thread watches the project's ``layout/``, ``content/`` and
``fonts/`` folders (watchfiles) and rebuilds in this process — fonts and
shaping stay cached, so a warm rebuild is about a second.  The page polls
``/state`` every 300 ms and swaps in the new image when the version changes,
so it refreshes by itself.  A broken spec or content file replaces the image
with the error lines (``FILE:LINE:COL: message — hint``); the server keeps
running and recovers on the next good save.  Ctrl-C stops it (exit status 0).
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import UserError
from .png import PageImage, render_page

ALLOWED_HOST = "127.0.0.1"
PREVIEW_DPI = 100  # enough to read 小五 on a screen; 150 would make each rebuild ~0.3 s slower
WATCHED = ("layout", "content", "fonts")


@dataclass
class State:
    version: int = 0
    ok: bool = False
    errors: list[str] = field(default_factory=list)
    overset: list[str] = field(default_factory=list)  # "ID by N characters (M lines)"
    faults: list[str] = field(default_factory=list)  # layout faults, as `zzprint build` prints them
    fits: list[dict] = field(default_factory=list)
    build_seconds: float = 0.0
    built_at: str = ""
    spec: str = ""


class Preview:
    """The current build of one page, rebuilt on demand; safe to read from any thread."""

    def __init__(self, spec: Path, dpi: float = PREVIEW_DPI):
        self.spec = spec
        self.dpi = dpi
        self._lock = threading.Lock()  # guards _state and _png
        self._building = threading.Lock()  # one build at a time
        self._state = State(spec=str(spec))
        self._png: bytes | None = None

    def state(self) -> dict:
        with self._lock:
            return asdict(self._state)

    def png(self) -> bytes | None:
        with self._lock:
            return self._png

    def rebuild(self) -> State:
        from ..build import build_page
        from ..render.pdf import render_pdf
        from ..report import hint_lines, line_hints, wanted_hints

        with self._building:
            started = time.perf_counter()
            png: bytes | None = None
            fits: list[dict] = []
            overset: list[str] = []
            faults: list[str] = []
            try:
                result = build_page(self.spec)
                # In memory: the preview never writes a PDF anyone could mistake for the page.
                # With layout faults it shows the draft: each fault marked where it is.
                document = result.draft() if result.faults else result.document
                png = _side_by_side(render_pdf(document), len(result.document.pages), self.dpi)
                faults = [fault.report() for fault in result.faults]
                hints = line_hints(result, {f.id for f in result.fits if wanted_hints(f)})  # 删字/补字, beside the fault
                fits = [{**{k: v for k, v in f.as_dict().items() if k != "overset_text"},
                         "hints": hint_lines(f, hints[f.id]) if f.id in hints else []} for f in result.fits]
                overset = [f"{f.id} {f.status.removeprefix('overset ')}" for f in result.overset]
                errors: list[str] = []
            except UserError as err:
                errors = [str(p) for p in err.problems]
            except Exception as err:  # noqa: BLE001 - a bug must not stop the server; show it and keep going
                traceback.print_exc(file=sys.stderr)
                errors = [f"internal error: {type(err).__name__}: {err} — this is a bug in zzprint; "
                          f"the traceback is on the terminal"]
            seconds = time.perf_counter() - started
            with self._lock:
                self._png = png
                self._state = State(self._state.version + 1, not errors, errors, overset, faults, fits,
                                    round(seconds, 3), time.strftime("%H:%M:%S"), str(self.spec))
                state = self._state
        if errors:
            print(f"zzprint watch: build failed in {seconds:.2f}s:", *errors, sep="\n  ", file=sys.stderr, flush=True)
        else:
            print(f"zzprint watch: built in {seconds:.2f}s, {len(overset)} overset"
                  + (f" ({'; '.join(overset)})" if overset else "") + f", {len(faults)} layout fault(s)",
                  *faults, sep="\n  " if faults else "", file=sys.stderr, flush=True)
        return state

    def watched_folders(self) -> list[Path]:
        # The spec may be unreadable right now, so take the project from the path, not from the spec.
        layout = self.spec.resolve().parent
        root = layout.parent
        folders = {root / name for name in WATCHED if (root / name).is_dir()} | {layout}
        return sorted(folders)

    def watch(self, stop: threading.Event) -> None:
        import watchfiles

        # step 50 ms: a save is picked up within ~50 ms of the last write, then one rebuild.
        for changes in watchfiles.watch(*self.watched_folders(), stop_event=stop, step=50, debounce=800,
                                        rust_timeout=500, yield_on_timeout=False, raise_interrupt=False):
            if stop.is_set():
                break
            names = sorted({Path(p).name for _, p in changes})
            print(f"zzprint watch: changed {', '.join(names)}", file=sys.stderr, flush=True)
            self.rebuild()


def _side_by_side(pdf: bytes, pages: int, dpi: float) -> bytes:
    """PNG of every page of a (multi-page) spec next to each other, page 1 left."""
    images = [render_page(pdf, dpi, index) for index in range(pages)]
    if len(images) == 1:
        return images[0].png_bytes(fast=True)
    from PIL import Image

    gap = 20
    width = sum(i.image.width for i in images) + gap * (len(images) - 1)
    sheet = Image.new("RGB", (width, max(i.image.height for i in images)), (200, 200, 200))
    x = 0
    for image in images:
        sheet.paste(image.image, (x, 0))
        x += image.image.width + gap
    return PageImage(sheet, dpi).png_bytes(fast=True)


def make_handler(preview: Preview, port_holder: list[int]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "zzprint-watch"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if not self._host_ok():
                self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain; charset=utf-8")
                return
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._send(HTTPStatus.OK, PAGE.encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/state":
                body = json.dumps(preview.state(), ensure_ascii=False).encode("utf-8")
                self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
            elif path == "/page.png":
                png = preview.png()
                if png is None:
                    self._send(HTTPStatus.NOT_FOUND, b"no page: the last build failed\n", "text/plain; charset=utf-8")
                else:
                    self._send(HTTPStatus.OK, png, "image/png")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

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
            pass  # 3 requests a second from the poll would drown the rebuild lines

    return Handler


def serve(spec: str | Path, port: int, host: str = ALLOWED_HOST, *, dpi: float = PREVIEW_DPI) -> int:
    """Serve the preview until Ctrl-C; 0 on a clean stop.  ``port`` 0 picks a free port."""
    if host != ALLOWED_HOST:
        raise UserError.at(f"the preview server listens on {ALLOWED_HOST} only, not {host!r}",
                           hint="to look from another machine, use an SSH tunnel (ssh -L PORT:127.0.0.1:PORT)")
    spec = Path(spec)
    preview = Preview(spec, dpi)
    port_holder = [port]
    try:
        server = ThreadingHTTPServer((ALLOWED_HOST, port), make_handler(preview, port_holder))
    except OSError as err:
        raise UserError.at(f"cannot listen on {ALLOWED_HOST}:{port}: {err.strerror}",
                           hint="another zzprint watch may be running; pick another --port") from None
    server.daemon_threads = True  # a browser holding a connection must not block Ctrl-C
    port_holder[0] = server.server_address[1]
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), name="zzprint-watch", daemon=True)
    previous = _stop_on_signals()
    try:
        preview.rebuild()  # the first page is there before anyone opens the URL
        watcher.start()
        print(f"zzprint watch: {spec} at http://{ALLOWED_HOST}:{port_holder[0]}/ — Ctrl-C to stop", flush=True)
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        print("zzprint watch: stopped", file=sys.stderr, flush=True)
    finally:
        stop.set()
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=2)
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


PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>zzprint watch</title>
<style>
 body { font-family: "Noto Sans CJK SC", sans-serif; margin: 0; background: #ddd; color: #111; }
 header { position: sticky; top: 0; background: #222; color: #eee; padding: 6px 12px; font-size: 14px; z-index: 1; }
 main { display: flex; gap: 12px; padding: 12px; align-items: flex-start; }
 #page { max-height: calc(100vh - 60px); max-width: 60vw; background: white; box-shadow: 0 0 6px #888; }
 #side { flex: 1; min-width: 320px; font-size: 13px; }
 .overset { background: #c00; color: white; font-weight: bold; padding: 8px 12px; margin-bottom: 8px; }
 #error { background: #fee; color: #900; border: 2px solid #c00; padding: 10px; white-space: pre-wrap;
          font-family: monospace; font-size: 13px; flex: 1; }
 table { border-collapse: collapse; background: white; width: 100%; }
 td, th { border-bottom: 1px solid #ccc; padding: 3px 6px; text-align: left; }
 tr.bad td { color: #c00; font-weight: bold; }
 td.hint { color: #555; padding-left: 18px; }
 #status { float: right; color: #aaa; }
</style></head>
<body>
<header>zzprint watch · <span id="spec"></span><span id="status">connecting…</span></header>
<main>
 <img id="page" alt="page" hidden>
 <pre id="error" hidden></pre>
 <div id="side">
  <div id="warnings"></div>
  <table id="fits"><thead><tr><th>article</th><th>capacity</th><th>used</th><th>status</th></tr></thead>
   <tbody></tbody></table>
 </div>
</main>
<script>
"use strict";
// Every value from the server is set with textContent: article text is data, never markup.
let version = -1;
const $ = (id) => document.getElementById(id);
function show(s) {
  $("spec").textContent = s.spec;
  const page = $("page"), error = $("error");
  if (s.ok) {
    const next = new Image();
    // Swap only if no newer state arrived while the image loaded (a broken build must stay shown).
    next.onload = () => { if (version === s.version) { page.src = next.src; page.hidden = false; error.hidden = true; } };
    next.src = "/page.png?v=" + s.version;
    error.textContent = "";
  } else {
    page.hidden = true; page.removeAttribute("src");
    error.textContent = s.errors.join("\\n"); error.hidden = false;
  }
  let overset = $("overset");
  if (s.ok && s.overset.length) {
    if (!overset) {
      overset = document.createElement("div"); overset.id = "overset"; overset.className = "overset";
      $("warnings").append(overset);
    }
    overset.textContent = "overset: " + s.overset.join("; ");
  } else if (overset) {
    overset.remove();
  }
  let faults = $("faults");
  if (s.ok && s.faults.length) {
    if (!faults) {
      faults = document.createElement("div"); faults.id = "faults"; faults.className = "overset";
      $("warnings").append(faults);
    }
    faults.textContent = "layout faults (not deliverable):\n" + s.faults.join("\n");
    faults.style.whiteSpace = "pre-wrap";
  } else if (faults) {
    faults.remove();
  }
  const body = $("fits").tBodies[0];
  body.replaceChildren();
  for (const f of s.fits) {
    const row = body.insertRow();
    if (f.overset_chars) row.className = "bad";
    for (const text of [f.id, f.capacity_lines + " lines / " + f.capacity_chars + " chars",
                        f.used_lines + " lines", f.status]) {
      row.insertCell().textContent = text;
    }
    for (const hint of f.hints) {
      const cell = body.insertRow().insertCell();
      cell.colSpan = 4; cell.className = "hint"; cell.textContent = hint;
    }
  }
  $("status").textContent = (s.ok ? "built " : "failed ") + s.built_at + " in " + s.build_seconds.toFixed(2) + " s";
}
async function poll() {
  try {
    const response = await fetch("/state", {cache: "no-store"});
    const s = await response.json();
    if (s.version !== version) { version = s.version; show(s); }
  } catch (e) {
    $("status").textContent = "server not reachable";
  }
  setTimeout(poll, 300);
}
poll();
</script>
</body></html>
"""

__all__ = ["ALLOWED_HOST", "PREVIEW_DPI", "Preview", "State", "serve"]
