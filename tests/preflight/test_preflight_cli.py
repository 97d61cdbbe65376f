"""``run_check``: output lines and exit status 0 / 1 / 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from preflight_pdfs import Builder
from reportlab.pdfgen.canvas import Canvas

from zzprint.preflight import check_pdf, run_check


def test_clean_file_prints_ok(make_pdf: Builder, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_pdf()
    assert run_check(str(path), "IFRA26", 240.0, measure_tac=False) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: document, rendered pages: tac (warning): total ink not measured (--no-measure-tac); the 240 % limit is unchecked",
        f"OK: {path} conforms to PDF/X-1a:2001 (1 page), 1 warning",
    ]


def test_violations_one_per_line(make_pdf: Builder, capsys: pytest.CaptureFixture[str]) -> None:
    def draw(c: Canvas) -> None:
        c.setFillColorRGB(1, 0, 0)
        c.rect(20, 20, 50, 50, fill=1, stroke=0)

    path = make_pdf(draw=draw, version="1.4")
    assert run_check(str(path), "IFRA26", 240.0, measure_tac=False) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{path}: document, file header: version: header is %PDF-1.4; PDF/X-1a:2001 requires PDF 1.3",
        f"{path}: document, rendered pages: tac (warning): total ink not measured (--no-measure-tac); the 240 % limit is unchecked",
        f"{path}: page 1, content stream op 'rg': colour: fill colour space is DeviceRGB",
        f"FAIL: {path} does not conform to PDF/X-1a:2001 (1 page): 2 errors, 1 warning",
    ]


def test_not_a_pdf_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert run_check(str(path), "IFRA26", 240.0) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"{path}: not a PDF (no %PDF- header in the first 1024 bytes)\n"


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(str(tmp_path / "nope.pdf"), "IFRA26", 240.0) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read" in err


def test_truncated_pdf_is_repaired_or_refused_without_traceback(make_pdf: Builder, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf().read_bytes()[:300])
    done = subprocess.run([sys.executable, "-m", "zzprint.preflight", str(broken)], capture_output=True, text=True, check=False)
    assert done.returncode in (1, 2)
    assert "Traceback" not in done.stderr + done.stdout


def test_module_entry_point(make_pdf: Builder) -> None:
    done = subprocess.run([sys.executable, "-m", "zzprint.preflight", str(make_pdf())], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("OK: ") and "total ink max 100 %" in done.stdout


def test_repaired_file_is_reported(make_pdf: Builder, tmp_path: Path) -> None:
    data = make_pdf().read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) - 150])  # loses startxref and the trailer
    found = check_pdf(cut)
    assert "structure" in [v.rule for v in found]
    assert any("startxref" in v.message for v in found if v.rule == "structure")
