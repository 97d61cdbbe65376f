"""Pictures on the page (#13): read back from the PDF with pikepdf, pdfminer and Ghostscript.

The demonstration page (layout/opinion-pictures.yaml, pictures drawn by tools/make-pictures.py)
and a made-up project whose frames are worked out here from the grid's own numbers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer
from PIL import Image
from pictures_helpers import PT_PER_MM, huge_png, placed_images, separations, trim_top_left
from projects import ROOT, made_up_project, run_zzprint

DEMO = ROOT / "layout" / "opinion-pictures.yaml"
STANDOFF = 2.0  # pt around a picture that no glyph may reach


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory) -> Path:
    subprocess.run([sys.executable, str(ROOT / "tools" / "make-pictures.py"), str(ROOT / "build" / "pictures")],
                   check=True, capture_output=True)
    out = tmp_path_factory.mktemp("pictures") / "opinion-pictures.pdf"
    result = run_zzprint("build", str(DEMO), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _chars(pdf: Path) -> list[LTChar]:
    found = []

    def walk(obj):
        if isinstance(obj, LTChar):
            found.append(obj)
        elif hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    for page in extract_pages(str(pdf), maxpages=1):
        walk(page)
    return found


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- the demonstration page -------------------------------------------------------------

def test_demo_images_are_cmyk_or_grey_8_bit_with_the_expected_filter(demo_pdf):
    images = placed_images(demo_pdf)
    assert len(images) == 3
    seen = {}
    for image in images:
        x = image["xobject"]
        assert x.BitsPerComponent == 8
        assert str(x.ColorSpace) in ("/DeviceCMYK", "/DeviceGray")
        seen[(int(x.Width), int(x.Height))] = (str(x.ColorSpace), str(x.Filter))
    # cartoon.png: grey line art stays grey; chart.png and author.jpg: RGB, converted to CMYK, lossless
    grey = [v for v in seen.values() if v[0] == "/DeviceGray"]
    assert grey == [("/DeviceGray", "/FlateDecode")]
    assert sorted(v for v in seen.values() if v[0] == "/DeviceCMYK") == [("/DeviceCMYK", "/FlateDecode")] * 2


def test_no_glyph_falls_inside_a_picture_or_its_standoff(demo_pdf):
    boxes = [p["box"] for p in placed_images(demo_pdf)]
    chars = [c for c in _chars(demo_pdf) if c.get_text().strip()]
    assert len(chars) > 5000
    for box in boxes:
        grown = (box[0] - STANDOFF, box[1] - STANDOFF, box[2] + STANDOFF, box[3] + STANDOFF)
        inside = [c.get_text() for c in chars if _overlaps(c.bbox, grown)]
        assert not inside, f"glyphs {''.join(inside)[:40]!r} inside the picture at {box}"


@pytest.mark.parametrize("caption, credit", [
    ("合肥市近五年研发投入强度（%），2024年达5.8%", "制图：本报制图"),
    ("作者近影", "摄影：李明"),
    ("层层加码，“文山”越垒越高。", "漫画：王小画"),
])
def test_caption_and_credit_extract_exactly(demo_pdf, caption, credit):
    """The 7.5 pt lines (六号) under each picture are its caption, then its credit, and nothing else."""
    chars = [c for c in _chars(demo_pdf) if abs(c.size - 7.5) < 0.2]
    images = placed_images(demo_pdf)
    lines: list[dict[float, list[LTChar]]] = [{} for _ in images]

    def distance(c, box):  # from the glyph's centre to the picture's columns
        middle = (c.bbox[0] + c.bbox[2]) / 2
        return max(box[0] - middle, middle - box[2], 0.0)

    for c in chars:  # each caption glyph belongs to the nearest picture above it
        above = [i for i, p in enumerate(images) if c.bbox[3] <= p["box"][1] + 0.5 and c.bbox[1] > p["box"][1] - 60]
        if above:
            i = min(above, key=lambda i: distance(c, images[i]["box"]))
            lines[i].setdefault(round(c.bbox[1], 0), []).append(c)
    texts = [["".join(c.get_text() for c in sorted(line, key=lambda c: c.bbox[0])) for _, line in sorted(found.items(), reverse=True)]
             for found in lines]
    assert any("".join(t[:-1]) == caption and t[-1] == credit for t in texts), texts


def test_columns_around_the_chart_end_flush(demo_pdf):
    """Article 01 (columns 1–5, lines 1–54) carries the chart: every column's last body line is line 54."""
    grid_left = (390 * PT_PER_MM - (8 * 13 * 9 + 7 * 9)) / 2
    grid_top = (550 * PT_PER_MM - 96 * 14.3) / 2
    left, top = trim_top_left(demo_pdf)
    line54_bottom = top - (grid_top + 54 * 14.3)  # PDF y of the bottom of grid line 54
    body = [c for c in _chars(demo_pdf) if abs(c.size - 9) < 0.05 and c.get_text().strip()]
    lowest = []
    for col in range(5):
        x0 = left + grid_left + col * (13 * 9 + 9)
        in_column = [c for c in body if x0 - 1 <= c.bbox[0] < x0 + 13 * 9 and c.bbox[1] > line54_bottom - 5]
        lowest.append(min(c.bbox[1] for c in in_column))
    # the last line's glyph bottoms sit in line 54's cell, all at the same height
    assert max(lowest) - min(lowest) < 0.5, lowest
    assert line54_bottom - 0.5 <= min(lowest) <= line54_bottom + 14.3, (lowest, line54_bottom)
    # and the chart is inside column 5 of that article, with body lines above and below it
    x5 = left + grid_left + 4 * (13 * 9 + 9)
    charts = [p for p in placed_images(demo_pdf) if x5 - 0.01 <= p["box"][0] and p["box"][2] <= x5 + 13 * 9 + 0.01]
    assert len(charts) == 1
    chart = charts[0]
    column5 = [c for c in body if x5 - 1 <= c.bbox[0] < x5 + 13 * 9]
    assert any(c.bbox[1] > chart["box"][3] for c in column5) and any(c.bbox[3] < chart["box"][1] for c in column5)


def test_rgb_photo_total_ink_is_within_the_limit_and_the_cartoon_is_k_only(demo_pdf, tmp_path):
    plates = separations(demo_pdf, tmp_path / "sep", 100)
    total = sum(plates.values())
    with pikepdf.open(demo_pdf) as pdf:
        media_h = float(pdf.pages[0].MediaBox[3])
    scale = 100 / 72
    checked = 0
    peaks = []
    for image in placed_images(demo_pdf):
        x0, y0, x1, y1 = image["box"]
        rows = slice(int((media_h - y1) * scale) + 1, int((media_h - y0) * scale) - 1)
        cols = slice(int(x0 * scale) + 1, int(x1 * scale) - 1)
        if str(image["xobject"].ColorSpace) == "/DeviceGray":
            for plate in ("Cyan", "Magenta", "Yellow"):
                assert plates[plate][rows, cols].max() == 0, plate
            assert plates["Black"][rows, cols].max() > 90  # the drawing's black lines
        else:
            assert total[rows, cols].max() <= 240 + 1.0  # tiffsep's 8-bit rounding
            peaks.append(total[rows, cols].max())
        checked += 1
    assert checked == 3
    # the photo's dark suit converts to about 285 % with default_cmyk.icc: held at the limit, not far under it
    assert max(peaks) > 230, peaks


def test_check_passes_the_demo_page_and_fails_an_rgb_image(demo_pdf, tmp_path):
    ok = run_zzprint("check", str(demo_pdf))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    rgb = tmp_path / "rgb.pdf"
    with pikepdf.open(demo_pdf) as pdf:
        xobjects = pdf.pages[0].Resources.XObject
        name = next(n for n, x in xobjects.items() if x.ColorSpace == "/DeviceCMYK")
        old = xobjects[name]
        w, h = int(old.Width), int(old.Height)
        xobjects[name] = pikepdf.Stream(pdf, b"\x80" * (w * h * 3), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                                        Width=w, Height=h, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
        pdf.save(rgb)
    bad = run_zzprint("check", str(rgb), "--no-measure-tac")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "DeviceRGB" in bad.stdout + bad.stderr


# --- a made-up project: frames worked out from the grid ---------------------------------

LAYOUT = """
page: {{width: 200mm, height: 280mm, bleed: 3mm}}
grid: {{body_size: 9pt, columns: 4, chars: 10, gutter: 9pt, line_pitch: 14pt, lines: 40}}
header: null
output: {{tac: 240}}
copyfit: {{headline_space: 0, summary_space: 0, paragraph_looseness: 0, subhead_space: false}}
articles:
  - content: a1
    rects: [{{col: 1, span: 2, line: 1, lines: 40}}]
    headline: {{lines: 4, max_lines: 1}}
    summary: null
    pictures:
      - {{file: ../pics/grey.jpg, col: 2, line: 3, lines: 8}}
pictures:
  - {{file: ../pics/{page_picture}, col: 3, span: 2, line: 1, lines: 12{extra}}}
"""
ARTICLE = "---\ntitle: 试验\n---\n" + "这是一段试验用的正文，用来排满栏目。" * 120 + "\n"
AREA_W, AREA_H = 4 * 10 * 9 + 3 * 9, 40 * 14
LEFT, TOP = (200 * PT_PER_MM - AREA_W) / 2, (280 * PT_PER_MM - AREA_H) / 2
INSET = (14 - 9) / 2


def _project(root: Path, page_picture: str = "cmyk.jpg", extra: str = ", focus: [0.3, 0.5]") -> Path:
    spec = made_up_project(root, LAYOUT.format(page_picture=page_picture, extra=extra), {"a1": ARTICLE})
    (root / "pics").mkdir(exist_ok=True)
    grey = Image.linear_gradient("L").resize((400, 480))
    grey.save(root / "pics" / "grey.jpg", quality=90)
    Image.new("CMYK", (800, 1000), (150, 100, 100, 50)).save(root / "pics" / "cmyk.jpg", quality=90)
    return spec


def test_made_up_frames_are_on_the_grid_and_jpegs_pass_through(tmp_path):
    spec = _project(tmp_path)
    out = tmp_path / "out.pdf"
    result = run_zzprint("build", str(spec), "-o", str(out), "--draft", cwd=tmp_path)  # the text need not fit
    assert result.returncode in (0, 1), result.stderr
    left, top = trim_top_left(out)
    images = {int(p["xobject"].Width): p for p in placed_images(out)}
    # in the article: column 2, body lines 3–10 below a 4-line headline (grid lines 7–14), half a line gap inset
    grey = images[400]
    col2 = LEFT + 10 * 9 + 9
    want = (left + col2, top - (TOP + 6 * 14 + INSET + 8 * 14 - 2 * INSET), left + col2 + 90, top - (TOP + 6 * 14 + INSET))
    assert grey["box"] == pytest.approx(want, abs=0.01)
    # on the page: columns 3–4 from line 1, filled and cropped (a clip), the bytes as the file has them
    cmyk = images[800]
    col3 = LEFT + 2 * (10 * 9 + 9)
    assert cmyk["clipped"]
    assert cmyk["box"][0] == pytest.approx(left + col3, abs=0.01)
    assert cmyk["box"][2] == pytest.approx(left + col3 + 2 * 90 + 9, abs=0.01)
    assert cmyk["box"][3] == pytest.approx(top - (TOP + INSET), abs=0.01)
    for picture, file, space in ((grey, "grey.jpg", "/DeviceGray"), (cmyk, "cmyk.jpg", "/DeviceCMYK")):
        x = picture["xobject"]
        assert (str(x.ColorSpace), str(x.Filter), int(x.BitsPerComponent)) == (space, "/DCTDecode", 8)
        assert x.read_raw_bytes() == (tmp_path / "pics" / file).read_bytes()  # no recompression


def test_a_150_ppi_photo_is_a_layout_fault_with_its_ppi(tmp_path):
    # 394 px over two columns (189 pt = 2.625 in), fitted by its width: 150 ppi
    spec = _project(tmp_path, "low.png", ", fit: fit")
    Image.new("RGB", (394, 100), (120, 140, 160)).save(tmp_path / "pics" / "low.png")
    result = run_zzprint("build", str(spec), "-o", str(tmp_path / "out.pdf"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "low.png" in line]
    assert lines and "150 ppi" in lines[0] and "below the 200 ppi" in lines[0], result.stdout + result.stderr


def _build_measured(tmp_path: Path, spec: Path) -> tuple[subprocess.CompletedProcess, int]:
    """Build in a child that reports its children's peak RSS (KiB): the build's own memory, nothing else."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
             "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
             "sys.exit(r.returncode)\n")
    result = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "zzprint", "build", str(spec),
                             "-o", str(tmp_path / "out.pdf")], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    peak = int(result.stdout.rsplit("PEAK", 1)[1])
    return result, peak


def test_a_20000_pixel_png_is_refused_by_name_within_bounded_memory(tmp_path):
    spec = _project(tmp_path, "huge.png")
    huge_png(tmp_path / "pics" / "huge.png", 20_000, 20_000)
    result, peak = _build_measured(tmp_path, spec)
    assert result.returncode == 2, result.stdout + result.stderr
    line = next(line for line in result.stderr.splitlines() if "huge.png" in line)
    assert line.startswith("layout/test.yaml:") and "20000 × 20000 pixels" in line
    assert "Traceback" not in result.stderr
    assert peak < 300 * 1024, f"peak RSS {peak} KiB"  # decoding it would take 400 MB


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_truncated_jpeg_is_exit_2_with_the_file_named(tmp_path, mode):
    spec = _project(tmp_path, "cut.jpg")
    Image.linear_gradient("L").resize((900, 700)).convert(mode).save(tmp_path / "pics" / "whole.jpg", quality=95)
    data = (tmp_path / "pics" / "whole.jpg").read_bytes()
    (tmp_path / "pics" / "cut.jpg").write_bytes(data[: len(data) // 2])
    result, peak = _build_measured(tmp_path, spec)
    assert result.returncode == 2, result.stdout + result.stderr
    line = next(line for line in result.stderr.splitlines() if "cut.jpg" in line)
    assert line.startswith("layout/test.yaml:") and ("truncated" in line or "broken" in line), line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.pdf").exists()
    assert peak < 300 * 1024


def test_proof_lists_each_picture_and_the_overlay_shows_their_frames(demo_pdf, tmp_path):
    result = run_zzprint("proof", str(DEMO), "--overlay", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    report = subprocess.run(["pdftotext", str(tmp_path / "opinion-pictures-proof.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    table = "".join(report[report.index("Pictures"):].split())  # table cells wrap: compare without spaces
    for source in ("chart.png", "author.jpg", "cartoon.png"):
        assert source in table
    assert "DeviceGray,8bit,FlateDecode" in table and "greykeptgrey" in table  # the cartoon
    assert table.count("DeviceCMYK,8bit,FlateDecode") == 2 and "LittleCMS" in table  # the RGB chart and photo
    assert "cutto240%" in table  # the conversion went over the limit and says what was done
    overlay = np.asarray(Image.open(tmp_path / "opinion-pictures-overlay.png").convert("RGB")).astype(int)
    green = (overlay[..., 0] == 0) & (overlay[..., 1] == 160) & (overlay[..., 2] == 0)
    assert green.sum() > 1000  # three frames outlined in the overlay's picture green


def test_the_same_pictures_give_the_same_bytes(demo_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    result = run_zzprint("build", str(DEMO), "-o", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == demo_pdf.read_bytes()


def _swap_image(demo_pdf: Path, out: Path, **entries) -> None:
    """The demo page with its first CMYK picture replaced by another image stream."""
    with pikepdf.open(demo_pdf) as pdf:
        xobjects = pdf.pages[0].Resources.XObject
        name = next(n for n, x in xobjects.items() if x.ColorSpace == "/DeviceCMYK")
        data = entries.pop("data")
        xobjects[name] = pikepdf.Stream(pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, **entries)
        pdf.save(out)


def test_check_reports_16_bit_and_low_resolution_images(demo_pdf, tmp_path):
    deep = tmp_path / "deep.pdf"
    _swap_image(demo_pdf, deep, data=b"\x10\x00" * 4 * 400 * 300, Width=400, Height=300,
                ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=16)
    found = run_zzprint("check", str(deep), "--no-measure-tac", "--json")
    assert found.returncode == 1
    assert "image-depth" in found.stdout and "16 bits per component" in found.stdout
    coarse = tmp_path / "coarse.pdf"  # 40 × 30 px over the chart's 38 mm: about 27 ppi
    _swap_image(demo_pdf, coarse, data=b"\x20" * 4 * 40 * 30, Width=40, Height=30,
                ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)
    found = run_zzprint("check", str(coarse), "--no-measure-tac")
    assert "image-resolution" in found.stdout + found.stderr and " ppi as placed" in found.stdout + found.stderr


@pytest.mark.parametrize("extra, message", [
    (", crop: [0.8, 0, 0.2, 1]", "crop's right must be past its left"),
    (", style: nosuch", "unknown style 'nosuch'"),
    (", focus: [2, 0.5]", "focus needs 2 numbers from 0 to 1"),
])
def test_a_bad_picture_entry_is_reported_at_its_line(tmp_path, extra, message):
    spec = _project(tmp_path, "cmyk.jpg", extra)
    result = run_zzprint("build", str(spec), "-o", str(tmp_path / "out.pdf"), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    line = next(line for line in result.stderr.splitlines() if message in line)
    written = (tmp_path / spec).read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(written, 1) if "../pics/cmyk.jpg" in text)
    assert line.startswith(f"layout/test.yaml:{at}:"), line  # the page-level picture's line


def test_a_picture_linked_from_outside_the_project_is_refused(tmp_path):
    spec = _project(tmp_path / "p", "outside.jpg")
    Image.new("CMYK", (800, 1000), (10, 10, 10, 10)).save(tmp_path / "secret.jpg")
    (tmp_path / "p" / "pics" / "outside.jpg").symlink_to(tmp_path / "secret.jpg")
    result = run_zzprint("build", str(spec), "-o", str(tmp_path / "out.pdf"), cwd=tmp_path / "p")
    assert result.returncode == 2, result.stdout + result.stderr
    assert any("outside.jpg" in line and "outside" in line for line in result.stderr.splitlines())
