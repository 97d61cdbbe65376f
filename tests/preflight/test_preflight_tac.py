"""Total ink measured on a Ghostscript CMYK rendering: by default, bounded, and said plainly when it cannot be."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from preflight_pdfs import Builder
from reportlab.pdfgen.canvas import Canvas

from zzprint.preflight import check_pdf, ink_coverage, inks, run_check

pytestmark = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")


def draw_four_colour_box(c: Canvas) -> None:
    c.setFillColorCMYK(1, 1, 1, 1)
    c.rect(40, 40, 120, 80, fill=1, stroke=0)


def draw_black_text(c: Canvas) -> None:
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("DejaVuSans", 24)
    c.drawString(30, 100, "Body text, K only")


def zzprint_check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zzprint.preflight", *args], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


def test_400_percent_page_fails_without_any_flag(make_pdf: Builder) -> None:
    path = make_pdf(draw=draw_four_colour_box)
    done = zzprint_check(str(path))
    assert done.returncode == 1, done.stdout + done.stderr
    *findings, summary = done.stdout.splitlines()
    (tac,) = findings
    assert tac.startswith(f"{path}: page 1, rendered page: tac: total ink 400 % exceeds the 240 % limit")
    assert "(rendered at 72 dpi)" in tac
    # The box is 120 × 80 pt = 42.3 × 28.2 mm: the area over the limit is the box, to a pixel's width around it.
    area = float(tac.split(" over ")[1].split(" mm²")[0])
    assert 1194 * 0.95 < area < 1194 * 1.15
    assert summary == f"FAIL: {path} does not conform to PDF/X-1a:2001 (1 page): 1 error, 0 warnings"


def test_skipping_the_measurement_is_a_warning_and_the_old_flag_still_works(make_pdf: Builder) -> None:
    path = make_pdf(draw=draw_four_colour_box)
    for flag in ("--no-measure-tac", "--fast"):
        done = zzprint_check(str(path), flag)
        assert done.returncode == 0
        assert done.stdout.splitlines() == [
            f"{path}: document, rendered pages: tac (warning): total ink not measured (--no-measure-tac); the 240 % limit is unchecked",
            f"OK: {path} conforms to PDF/X-1a:2001 (1 page), 1 warning",
        ]
    assert zzprint_check(str(path), "--measure-tac").returncode == 1
    assert check_pdf(path, measure_tac=False) == []  # statically the file is fine; only the measurement catches it


def test_json_report(make_pdf: Builder) -> None:
    path = make_pdf(draw=draw_four_colour_box)
    done = zzprint_check(str(path), "--json", "--tac", "300")
    report = json.loads(done.stdout)
    assert done.returncode == report["status"] == 1 and report["conforms"] is False
    assert report["summary"] == {"errors": 1, "warnings": 0} and report["pages"] == 1
    (finding,) = report["findings"]
    assert finding["rule"] == "tac" and finding["severity"] == "error" and finding["page"] == 1 and finding["where"] == "page 1"
    assert report["ink"]["limit"] == 300 and report["ink"]["max_tac"] == 400.0 and report["ink"]["dpi"] == 72
    assert report["ink"]["pages"][0]["plates"]["K"]["max"] == 100.0


def test_k_text_is_on_the_k_plate_only(make_pdf: Builder) -> None:
    path = make_pdf(draw=draw_black_text)
    assert check_pdf(path) == []
    inks_found = ink_coverage(path, dpi=72)
    assert inks_found["max_tac"] == 100.0
    assert inks_found["plates"]["K"]["max"] == 100.0 and inks_found["plates"]["K"]["area"] > 0
    for plate in "CMY":
        assert inks_found["plates"][plate] == {"max": 0.0, "mean": 0.0, "area": 0.0}


def test_peak_location_and_page_list(make_pdf: Builder) -> None:
    found = ink_coverage(make_pdf(draw=draw_four_colour_box), dpi=36)
    (page,) = found["pages"]
    assert page["page"] == 1 and page["max_tac"] == 400.0
    x, y = page["max_at"]  # top-left corner of the box, from the BleedBox's lower-left (5, 5)
    assert abs(x - 35) <= 3 and abs(y - 115) <= 3


def test_missing_ghostscript_is_a_finding_not_a_crash(make_pdf: Builder, tmp_path: Path) -> None:
    path = make_pdf(draw=draw_black_text)
    bare = tmp_path / "bin"
    bare.mkdir()
    done = zzprint_check(str(path), env={**os.environ, "PATH": str(bare)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (f"{path}: document, rendered pages: tac: Ghostscript (gs) is not installed, so total ink cannot be measured"
            in done.stdout)
    assert "--no-measure-tac" in done.stdout and done.stdout.splitlines()[-1].startswith("FAIL: ")


def test_ghostscript_past_its_time_limit_is_stopped(make_pdf: Builder, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(inks, "_timeout", lambda pages: 0.05)
    path = make_pdf(draw=draw_black_text)
    assert run_check(str(path), "IFRA26", 240.0) == 1
    out = capsys.readouterr().out
    assert "tac: Ghostscript did not finish rendering within 0.05 s, so total ink was not measured" in out


def test_a_huge_page_is_rendered_coarser_not_bigger() -> None:
    assert inks.resolution(72, (1122.5, 1576.1)) == 72  # the broadsheet keeps 72 dpi
    dpi = inks.resolution(72, (14400.0, 14400.0))  # 5 m × 5 m, the largest page PDF allows
    assert (14400 / 72 * dpi) ** 2 <= inks.MAX_PIXELS < (14400 / 72 * (dpi + 1)) ** 2
