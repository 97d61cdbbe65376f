"""Print-ready output (issue 5), checked with the print shop's kind of tools: qpdf, pdffonts,
Ghostscript separations, byte comparison, and a build killed halfway."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from projects import ZZPRINT, run_zzprint


def test_preflight_qpdf_and_pdffonts_accept_the_page(opinion_pdf):
    check = run_zzprint("check", str(opinion_pdf))
    assert check.returncode == 0 and "conforms to PDF/X-1a:2001" in check.stdout, check.stdout + check.stderr
    qpdf = subprocess.run(["qpdf", "--check", str(opinion_pdf)], capture_output=True, text=True)
    assert qpdf.returncode == 0 and "No syntax or stream encoding errors" in qpdf.stdout
    fonts = subprocess.run(["pdffonts", str(opinion_pdf)], capture_output=True, text=True, check=True).stdout
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:])


def test_pdfx_keys_boxes_and_overprint(opinion_pdf):
    """Header 1.3, X keys, one registered output intent, Trim = trim size, Bleed = trim + 3 mm, black overprints."""
    assert opinion_pdf.read_bytes()[:8] == b"%PDF-1.3"
    with pikepdf.open(opinion_pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/GTS_PDFXVersion"]) == "PDF/X-1:2001" and str(info["/GTS_PDFXConformance"]) == "PDF/X-1a:2001"
        assert str(info["/Title"]) and str(info["/Trapped"]) == "/False"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and str(intents[0].OutputConditionIdentifier) == "IFRA26"
        page = pdf.pages[0]
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        assert trim[2] - trim[0] == pytest.approx(390 * 72 / 25.4, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(550 * 72 / 25.4, abs=0.01)
        assert trim[0] - bleed[0] == pytest.approx(3 * 72 / 25.4, abs=0.01)
        states = [gs for gs in page.Resources.ExtGState.values()]
        assert any(gs.get("/OP") is True and gs.get("/op") is True and gs.get("/OPM") == 1 for gs in states)
        ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
        assert not ops & {"rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"}  # DeviceCMYK k/K only


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out), "--no-check")
        assert result.returncode == 0, result.stderr
    assert a.read_bytes() == b.read_bytes()
    # The date comes from SOURCE_DATE_EPOCH when set, never from the clock.
    c = tmp_path / "c.pdf"
    assert run_zzprint("build", "layout/opinion.yaml", "-o", str(c), "--no-check",
                       env={"SOURCE_DATE_EPOCH": "1700000000"}).returncode == 0
    assert c.read_bytes() != a.read_bytes() and b"D:20231114" in c.read_bytes()


def test_a_killed_build_leaves_the_previous_pdf_untouched(project):
    """Kill builds at many moments: the delivered file is always the old PDF or a complete new one."""
    out = project / "opinion.pdf"
    started = time.perf_counter()
    assert run_zzprint("build", "layout/opinion.yaml", "-o", str(out), "--no-check", cwd=project).returncode == 0
    duration = time.perf_counter() - started  # kill moments spread over a build as long as this one
    old = out.read_bytes()
    article = project / "content" / "04-suili-yijinrou.md"
    article.write_text(article.read_text(encoding="utf-8").replace("近日，", "前几天，", 1), encoding="utf-8")
    kills = 0
    for fraction in (0.2, 0.4, 0.6, 0.75, 0.9, 1.0):
        delay = duration * fraction
        proc = subprocess.Popen([*ZZPRINT, "build", "layout/opinion.yaml", "-o", str(out), "--no-check"], cwd=project,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        data = out.read_bytes()
        assert data == old or (data.endswith(b"%%EOF\n") and subprocess.run(["qpdf", "--check", str(out)],
                                                                              capture_output=True).returncode == 0)
        out.write_bytes(old)
    assert kills >= 2  # the test really interrupted builds
    # Nothing half-written under the PDF's name; a killed run may leave only a hidden .tmp.
    assert [p.name for p in project.glob("*.pdf")] == ["opinion.pdf"]


def _separations(pdf: Path, tmp: Path, dpi: int = 36) -> dict[str, np.ndarray]:
    """Ghostscript's tiffsep: one 8-bit plate per ink (255 = no ink)."""
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}", "-dUseTrimBox",
                    f"-sOutputFile={tmp / 'sep.tif'}", str(pdf)], check=True)
    plates = {}
    for name in ("Cyan", "Magenta", "Yellow", "Black"):
        path = tmp / f"sep({name}).tif"
        plates[name] = 255 - np.asarray(Image.open(path).convert("L"), dtype=float)
    return plates


def test_ink_total_coverage_and_body_text_on_the_black_plate_only(opinion_pdf, tmp_path):
    plates = _separations(opinion_pdf, tmp_path)
    tac = sum(plates.values()) / 255 * 100
    assert tac.max() <= 240 + 1, f"total ink {tac.max():.0f} % over the IFRA26 limit"
    height, width = plates["Black"].shape
    # The body of the lead article (left half, middle of the page) is text only: K ink, no C, M, Y.
    region = (slice(int(height * 0.25), int(height * 0.5)), slice(int(width * 0.1), int(width * 0.55)))
    assert plates["Black"][region].mean() > 5
    for name in ("Cyan", "Magenta", "Yellow"):
        assert plates[name][region].max() == 0, f"{name} ink in body text"
    # The red section labels are on M and Y: colour exists on the page, just not in the text.
    assert plates["Magenta"].max() > 200 and plates["Yellow"].max() > 200


def test_crop_marks_and_slug_enlarge_the_media_box_outside_the_bleed(project):
    layout = project / "layout" / "opinion.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace("  bleed: 3mm\n", "  bleed: 3mm\n  crop_marks: true\n"),
                      encoding="utf-8")
    out = project / "marks.pdf"
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0].obj
        media, bleed, trim = ([float(v) for v in page[k]] for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
        assert media[0] < bleed[0] < trim[0] and media[2] > bleed[2] > trim[2]
