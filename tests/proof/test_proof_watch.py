"""``zzprint watch`` end to end: a real server process on a copy of the project, driven by Chromium.

The browser never reloads: a marker set on ``window`` at the start must still be there at the
end, so every change seen was pushed by the server (Server-Sent Events).  What the page shows
is checked in the DOM and in the pixels Chromium painted (screenshots), against the files
edited: the content file's lines, the fault boxes the server reports, the page's size.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from proof_helpers import append_to_last_paragraph

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ZZPRINT = Path(sys.executable).parent / "zzprint"
ARTICLE = "03-jingji-guancha"
PX_PER_PT = 96 / 72


class Server:
    def __init__(self, process: subprocess.Popen, url: str, stderr: list[str]):
        self.process, self.url, self.stderr = process, url, stderr

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def state(self) -> dict:
        with urllib.request.urlopen(self.url + "state", timeout=5) as response:
            return json.load(response)


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


@contextmanager
def browser_page(server: Server):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server.url)
            page.wait_for_function("() => document.body.dataset.painted", timeout=20000)
            page.evaluate("window.__noReload = 'still here'")
            yield page
            assert page.evaluate("window.__noReload") == "still here"  # every change was pushed, never reloaded
        finally:
            browser.close()


def build_of(page) -> int:
    return int(page.evaluate("document.body.dataset.build"))


def wait_for_build_after(page, build: int, ok: bool = True, timeout: float = 15000) -> int:
    """The first build after ``build`` painted that is ``ok`` (or broken): a file written in place
    may be read between its truncation and the write, and that build shows something else."""
    found = page.wait_for_function(f"""() => {{
        for (const [b, t] of Object.entries(window.zzprintTimes))
          if (+b > {build} && t.painted && t.ok === {str(ok).lower()} && +document.body.dataset.build === +b) return +b;
        return 0; }}""", timeout=timeout)
    return found.json_value()


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
    assert server.state()["ok"]
    request = urllib.request.Request(server.url + "state", headers={"Host": f"attacker.example:{server.port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
    # An open event stream (a browser tab) must not hold the server up.
    stream = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    stream.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
    first = stream.recv(65536).decode("utf-8", "replace")
    assert "text/event-stream" in first
    started = time.monotonic()
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    stopped = time.monotonic() - started
    stream.close()
    assert stopped < 2.0, f"Ctrl-C took {stopped:.2f}s with an event stream open"  # a hang check, not a speed target
    assert "Traceback" not in "".join(server.stderr)


def _normalised(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if re.match(r"\w", ch))


def test_a_paragraph_edit_is_pushed_and_only_its_new_lines_are_drawn(server: Server, project_spec: Path) -> None:
    article = project_spec.parent.parent / "content" / f"{ARTICLE}.md"
    original = article.read_text(encoding="utf-8")
    items = "[...document.querySelectorAll('div.sheet svg.block > *')]"
    with browser_page(server) as page:
        blocks = page.evaluate("[...document.querySelectorAll('div.sheet svg.block')].map(b => b.dataset.key)")
        assert ARTICLE in blocks and "header" in blocks and len(blocks) > 20  # every article's parts, the rules
        count = page.evaluate(f"{items}.length")
        assert count > 600  # every line of the page is an element of its own
        page.evaluate(f"{items}.forEach(e => e.__kept = true)")
        before = page.screenshot(full_page=False)
        build = build_of(page)

        # One ideograph of the first paragraph changed: that paragraph is set again.
        first_paragraph = original.split("---\n", 2)[2].strip().split("\n")[0]
        changed = first_paragraph.replace("企业", "公司", 1)
        assert changed != first_paragraph
        started = time.monotonic()
        article.write_text(original.replace(first_paragraph, changed, 1), encoding="utf-8")
        new_build = wait_for_build_after(page, build)
        seconds = time.monotonic() - started
        assert new_build > build
        state = server.state()
        assert state["ok"] and state["build"] == new_build

        # Only lines of the edited article are new elements; every other element is the very one it was.
        new = page.evaluate(f"{items}.filter(e => !e.__kept).map(e => e.parentNode.dataset.key)")
        assert new and set(new) == {ARTICLE}, new
        article_lines = page.evaluate(f"document.querySelector('svg.block[data-key=\"{ARTICLE}\"]').children.length")
        assert len(new) < article_lines / 2, (len(new), article_lines)
        assert page.evaluate(f"{items}.length") == count

        # The pixels changed where the article is, and nowhere else on the page.
        after = page.screenshot(full_page=False)
        box = page.evaluate(f"""() => {{
            const b = document.querySelector('svg.block[data-key="{ARTICLE}"]').getBoundingClientRect();
            return [b.left, b.top, b.right, b.bottom]; }}""")
        sheet = page.locator("div.sheet").first.bounding_box()
        diff = _changed_pixels(before, after, sheet)
        assert diff is not None, "nothing was repainted"
        left, top, right, bottom = diff
        assert left >= box[0] - 2 and top >= box[1] - 2 and right <= box[2] + 2 and bottom <= box[3] + 2, (diff, box)

        # Clicking the edited line names the content file and the line where it is written.
        page.evaluate("document.querySelector('#zoom [data-zoom=\"2\"]').click()")
        glyph = page.locator(f'svg.block[data-key="{ARTICLE}"] use').nth(
            page.evaluate(f"[...document.querySelectorAll('svg.block[data-key=\"{ARTICLE}\"] use')]"
                          ".findIndex(u => !u.parentNode.__kept)"))
        glyph.scroll_into_view_if_needed()
        at = glyph.bounding_box()
        page.mouse.click(at["x"] + at["width"] / 2, at["y"] + at["height"] / 2)
        page.wait_for_selector("#source:not([hidden])", timeout=5000)
        where = page.locator("#source .where").inner_text()
        file, line = where.rsplit(":", 1)
        assert Path(file).name == article.name
        shown_text = page.locator("#source").inner_text().split("«", 1)[1].rsplit("»", 1)[0]
        lines = article.read_text(encoding="utf-8").splitlines()
        assert lines[int(line) - 1].startswith(changed[:4])  # the edited paragraph's line
        assert _normalised(shown_text)[:3] in _normalised(changed), shown_text
        picked = page.locator("rect.picked").bounding_box()  # the line is outlined where it was clicked
        cx, cy = at["x"] + at["width"] / 2, at["y"] + at["height"] / 2
        assert picked["x"] <= cx <= picked["x"] + picked["width"] and picked["y"] <= cy <= picked["y"] + picked["height"]
        assert build_of(page) == new_build  # a click and a zoom are no rebuild
    print(f"edit → painted: {seconds * 1000:.0f} ms")


def _changed_pixels(before: bytes, after: bytes, within: dict):
    """The box (screen px) of the pixels that differ inside ``within`` (the page), or None."""
    from PIL import ImageChops

    crop = (round(within["x"]), round(within["y"]), round(within["x"] + within["width"]),
            round(within["y"] + within["height"]))
    a = Image.open(io.BytesIO(before)).convert("RGB").crop(crop)
    b = Image.open(io.BytesIO(after)).convert("RGB").crop(crop)
    box = ImageChops.difference(a, b).getbbox()
    return box and (box[0] + crop[0], box[1] + crop[1], box[2] + crop[0], box[3] + crop[1])


def _edge_ratio(page, locator) -> float:
    """Grey (edge) pixels per black pixel of what ``locator`` shows on the screen."""
    locator.scroll_into_view_if_needed()
    shot = Image.open(io.BytesIO(page.screenshot(clip=locator.bounding_box()))).convert("L")
    values = list(shot.tobytes())
    dark = sum(1 for v in values if v < 60)
    grey = sum(1 for v in values if 60 <= v < 200)
    return grey / max(1, dark)


def test_zoom_is_sharp_and_no_rebuild(server: Server) -> None:
    with browser_page(server) as page:
        build = build_of(page)
        width_pt = float(page.evaluate("document.querySelector('div.sheet').dataset.width"))
        glyph = page.locator("svg.block use").nth(400)  # a body ideograph
        ratios = {}
        for zoom in (1, 2, 4):
            page.evaluate(f"document.querySelector('#zoom [data-zoom=\"{zoom}\"]').click()")
            css = page.evaluate("document.querySelector('div.sheet').getBoundingClientRect().width")
            assert abs(css - width_pt * PX_PER_PT * zoom) < 1, (zoom, css)
            ratios[zoom] = _edge_ratio(page, glyph)
        # Drawn again from the outline at each zoom: the antialiased edge stays a pixel wide while
        # the strokes grow, so edge pixels per black pixel fall about fourfold from 100 % to 400 %
        # (an enlarged bitmap would keep the ratio: its edges grow with it).
        assert ratios[4] < ratios[1] / 2.5 and ratios[2] < ratios[1] / 1.4, ratios
        assert glyph.bounding_box()["height"] > 20  # 小五 (9 pt) at 400 % is 48 px tall
        assert build_of(page) == build


def test_a_broken_spec_keeps_the_last_page_dimmed_under_the_error_and_recovers(server: Server,
                                                                                project_spec: Path) -> None:
    original = project_spec.read_text(encoding="utf-8")
    with browser_page(server) as page:
        blocks = page.evaluate("document.querySelectorAll('div.sheet svg.block').length")
        build = build_of(page)
        project_spec.write_text(original.replace("\ngrid:", "\ngrid: [oops", 1), encoding="utf-8")
        build = wait_for_build_after(page, build, ok=False)
        # (a build that read the file between its truncation and the write says it is empty: wait for the line)
        page.wait_for_function(r"() => /opinion\.yaml:\d+:\d+: /.test(document.getElementById('error').textContent)",
                               timeout=15000)
        build = build_of(page)
        assert page.evaluate("document.body.dataset.ok") == "false"
        error = page.locator("#error")
        assert error.is_visible()
        text = error.inner_text()
        assert re.search(r"opinion\.yaml:\d+:\d+: ", text), text
        # The page is still there, under the error, dimmed.
        assert page.evaluate("document.querySelectorAll('div.sheet svg.block').length") == blocks
        sheet = page.locator("div.sheet").first
        assert sheet.is_visible()
        assert float(page.evaluate("getComputedStyle(document.querySelector('div.sheet')).opacity")) < 0.5
        error_box, sheet_box = error.bounding_box(), sheet.bounding_box()
        assert error_box["y"] < sheet_box["y"] + sheet_box["height"] and error_box["x"] < sheet_box["x"] + sheet_box["width"]
        assert server.process.poll() is None

        project_spec.write_text(original, encoding="utf-8")
        wait_for_build_after(page, build)
        assert page.evaluate("document.body.dataset.ok") == "true"
        assert error.is_hidden()
        assert float(page.evaluate("getComputedStyle(document.querySelector('div.sheet')).opacity")) == 1
        assert page.locator("#overset").count() == 0
    assert server.process.poll() is None


def _red_pixels(page, box: dict) -> int:
    data = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB").tobytes()
    return sum(1 for n in range(0, len(data), 3) if data[n] > 200 and data[n + 1] < 60 and data[n + 2] < 60)


def test_overset_and_a_too_long_headline_are_marked_on_the_page(server: Server, project_spec: Path) -> None:
    article = project_spec.parent.parent / "content" / f"{ARTICLE}.md"
    original = article.read_text(encoding="utf-8")
    with browser_page(server) as page:
        assert page.locator("rect.fault").count() == 0
        assert page.evaluate("(() => { const s = document.querySelector('div.sheet');"
                             " return [...s.querySelectorAll('*')].length; })()") > 100
        build = build_of(page)

        append_to_last_paragraph(article, "这是编辑追加的一段很长的文字，用来测试超版提示。" * 60)
        build = wait_for_build_after(page, build)
        state = server.state()
        marks = [m for m in state["marks"] if m["kind"] == "overset"]
        assert [m["article"] for m in marks] == [ARTICLE]
        mark = page.locator(f'rect.fault[data-kind="overset"][data-article="{ARTICLE}"]')
        assert mark.count() == 1
        # Drawn where the server says the overset frame is (the box, in pt, scaled to the screen).
        x, y, w, h = marks[0]["box"]
        sheet = page.locator("div.sheet").first.bounding_box()
        scale = sheet["width"] / float(page.evaluate("document.querySelector('div.sheet').dataset.width"))
        drawn = mark.bounding_box()
        assert abs(drawn["x"] - (sheet["x"] + (x - 1.5) * scale)) < 3 and abs(drawn["width"] - (w + 3) * scale) < 3
        assert _red_pixels(page, drawn) > 50  # the red outline was painted
        assert page.locator("#overset").inner_text().startswith("overset")
        assert page.locator(f'#fits tbody tr.bad[data-article="{ARTICLE}"]').count() == 1
        # The line-saving hints follow beside the table.
        page.wait_for_function("() => [...document.querySelectorAll('#fits td.hint')]"
                               ".some(td => td.textContent.startsWith('删字'))", timeout=20000)
        assert build_of(page) == build  # the hints came with the same page

        # A title far too long for its headline area: headline overflow, marked on the headline.
        title = re.search(r"^title: (.+)$", original, re.M).group(1)
        article.write_text(original.replace(f"title: {title}", f"title: {title * 5}", 1), encoding="utf-8")
        build = wait_for_build_after(page, build)
        state = server.state()
        assert not [m for m in state["marks"] if m["kind"] == "overset"]
        heads = [m for m in state["marks"] if m["kind"] == "headline-overflow" and m["article"] == ARTICLE]
        assert heads, state["marks"]
        mark = page.locator(f'rect.fault[data-kind="headline-overflow"][data-article="{ARTICLE}"]').first
        assert _red_pixels(page, mark.bounding_box()) > 50
        assert "headline-overflow" in page.locator("#faults").inner_text()

        article.write_text(original, encoding="utf-8")
        wait_for_build_after(page, build)
        assert page.locator("rect.fault").count() == 0


def _event_data(message: bytes) -> dict:
    text = message.decode("utf-8")
    assert text.startswith("event: build\n") and text.endswith("\n\n")
    return json.loads(text.split("\ndata: ", 1)[1])


def test_a_broken_first_build_shows_the_errors_then_the_page_and_the_stream_sends_only_what_is_new(
        project_spec: Path) -> None:
    from zzprint.proof.watch import Preview, _event

    original = project_spec.read_text(encoding="utf-8")
    project_spec.write_text(original.replace("\ngrid:", "\ngrid: [oops", 1), encoding="utf-8")
    preview = Preview(project_spec)
    broken = preview.rebuild()
    assert not broken.ok and broken.pages == [] and re.match(r".*opinion\.yaml:\d+:\d+: ", broken.errors[0])
    sent_items: set[str] = set()
    sent_glyphs: set[str] = set()
    first = _event_data(_event(broken, sent_items, sent_glyphs, preview.outlines, True))
    assert first["full"] and first["new_items"] == {} and first["problems"][0]["where"].startswith(str(project_spec))

    project_spec.write_text(original, encoding="utf-8")
    good = preview.rebuild()
    assert good.ok and good.build == broken.build + 1
    data = _event_data(_event(good, sent_items, sent_glyphs, preview.outlines, False))
    items = [i for block in data["pages"][0]["blocks"] for i in block["items"]]
    assert set(data["new_items"]) == set(items)  # the whole page, once
    used = {m for svg in data["new_items"].values() for m in re.findall(r'href="#(g\d+)"', svg)}
    assert used == set(data["glyphs"])  # every outline drawn is sent, and nothing else
    assert all(d.startswith("M") and d.endswith("Z") for d in data["glyphs"].values() if d)

    # A one-character edit: only the line set again is sent, with no outline the browser has.
    article = project_spec.parent.parent / "content" / f"{ARTICLE}.md"
    text = article.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    article.write_text(text.replace(body, body.replace("企业", "公司", 1), 1), encoding="utf-8")
    edited = _event_data(_event(preview.rebuild(), sent_items, sent_glyphs, preview.outlines, False))
    assert 1 <= len(edited["new_items"]) <= 5, len(edited["new_items"])
    assert set(edited["glyphs"]) <= {m for svg in edited["new_items"].values() for m in re.findall(r'href="#(g\d+)"', svg)}
    assert not set(edited["glyphs"]) & set(data["glyphs"])
    block = next(b for b in edited["pages"][0]["blocks"] if b["key"] == ARTICLE)
    assert set(edited["new_items"]) <= set(block["items"])

    # Broken again: the last good page stays (the same items), under the errors.
    project_spec.write_text(original.replace("\ngrid:", "\ngrid: [oops", 1), encoding="utf-8")
    again = _event_data(_event(preview.rebuild(), sent_items, sent_glyphs, preview.outlines, False))
    assert not again["ok"] and again["pages"] == edited["pages"] and again["new_items"] == {}


def test_the_source_and_picture_requests_refuse_nonsense(server: Server) -> None:
    for query, status in (("page=abc&x=1&y=1", 400), ("page=1", 400), ("page=1&x=nan&y=inf", 200),
                          ("page=99999&x=10&y=10", 200), ("page=1&x=-1e308&y=1e308", 200)):
        try:
            with urllib.request.urlopen(f"{server.url}source?{query}", timeout=5) as response:
                code, body = response.status, response.read()
        except urllib.error.HTTPError as err:
            code, body = err.code, b""
        assert code == status, query
        if code == 200:
            assert json.loads(body) is None, query  # no text there
    for path in ("picture/../../etc/passwd", "picture/" + "a" * 5000, "picture/"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + path, timeout=5)
        assert refused.value.code == 404
    assert server.process.poll() is None and "Traceback" not in "".join(server.stderr)
