"""``zzprint watch`` end to end: a real server process on a copy of the project, driven by Chromium.

The browser never reloads: a marker set on ``window`` at the start must still be there at the
end, so every change seen came from the page polling ``/state``.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from proof_helpers import append_to_last_paragraph

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ZZPRINT = Path(sys.executable).parent / "zzprint"


class Server:
    def __init__(self, process: subprocess.Popen, url: str, stderr: list[str]):
        self.process, self.url, self.stderr = process, url, stderr

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])


@pytest.fixture
def server(project_spec: Path) -> Iterator[Server]:
    process = subprocess.Popen([str(ZZPRINT), "watch", "layout/opinion.yaml", "--port", "0"],
                               cwd=project_spec.parent.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str] = queue.Queue()
    stderr: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    threading.Thread(target=lambda: [stderr.append(line) for line in process.stderr], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=30)
        except queue.Empty:
            pytest.fail(f"zzprint watch printed no URL; stderr: {''.join(stderr)}")
        assert "http://127.0.0.1:" in first, first
        url = first[first.index("http://"):].split()[0]
        yield Server(process, url, stderr)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        print("zzprint watch stderr:\n" + "".join(stderr))  # shown by pytest when a test fails


def _listening(port: int) -> list[str]:
    """Local addresses of LISTEN sockets on ``port``, from /proc/net/tcp and tcp6 (hex as the kernel writes it)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_server_listens_on_loopback_only_and_stops_on_ctrl_c(server: Server) -> None:
    assert _listening(server.port) == ["0100007F"]  # 127.0.0.1, and nothing on :: or 0.0.0.0
    with urllib.request.urlopen(server.url + "state", timeout=5) as response:
        assert response.status == 200
    request = urllib.request.Request(server.url + "state", headers={"Host": f"attacker.example:{server.port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    assert "Traceback" not in "".join(server.stderr)


def _wait(condition, timeout: float = 10.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError("timed out")
        time.sleep(0.05)
    return time.monotonic() - started


def test_browser_follows_edits_without_reloading(server: Server, project_spec: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    root = project_spec.parent.parent
    article = root / "content" / "03-jingji-guancha.md"
    original_article = article.read_text(encoding="utf-8")
    original_spec = project_spec.read_text(encoding="utf-8")
    image_ready = ("() => { const i = document.getElementById('page');"
                   " return i && !i.hidden && i.complete && i.naturalWidth > 1000; }")
    timings: dict[str, float] = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server.url)
            page.wait_for_function(image_ready, timeout=15000)
            assert page.locator("#overset").count() == 0
            assert page.locator("#fits tbody tr").count() == 6
            assert page.locator("#error").is_hidden()
            page.evaluate("window.__noReload = 'still here'")

            # Overset: a lot more text in article 3 → the warning appears by itself.
            started = time.monotonic()
            append_to_last_paragraph(article, "这是编辑追加的一段很长的文字，用来测试超版提示。" * 60)
            page.wait_for_selector("#overset", timeout=10000)
            timings["overset shown"] = time.monotonic() - started
            warning = page.locator("#overset").inner_text()
            assert "03-jingji-guancha" in warning and "characters" in warning
            assert page.locator("#fits tbody tr.bad").count() == 1

            article.write_text(original_article, encoding="utf-8")
            started = time.monotonic()
            page.wait_for_selector("#overset", state="detached", timeout=10000)
            timings["overset cleared"] = time.monotonic() - started

            # A broken spec: the error lines replace the image; the server keeps running.
            project_spec.write_text(original_spec.replace("\ngrid:", "\ngrid: [oops", 1), encoding="utf-8")
            page.wait_for_selector("#error", state="visible", timeout=10000)
            error = page.locator("#error").inner_text()
            assert "opinion.yaml:" in error
            assert page.locator("#page").is_hidden()
            assert server.process.poll() is None

            project_spec.write_text(original_spec, encoding="utf-8")
            started = time.monotonic()
            page.wait_for_function(image_ready, timeout=10000)
            timings["image back"] = time.monotonic() - started
            assert page.locator("#error").is_hidden()
            assert page.locator("#overset").count() == 0
            assert page.evaluate("window.__noReload") == "still here"
        finally:
            browser.close()
    print("watch timings:", {k: f"{v:.2f}s" for k, v in timings.items()})
    assert server.process.poll() is None
