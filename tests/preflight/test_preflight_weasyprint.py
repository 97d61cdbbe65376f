"""A PDF from another producer: WeasyPrint 70's ``--pdf-variant pdf/x-1a``.

WeasyPrint's "pdf/x-1a" writes PDF/X-1a:2003 (PDF 1.4, the 2003 Info strings), adds no
OutputIntent unless the CSS declares a ``device-cmyk`` colour profile, and writes CSS colours
other than ``device-cmyk()`` as RGB ``rg``.  The checker must run on it and report exactly those
real violations.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zzprint.preflight import Violation
from zzprint.preflight import check_pdf as _check_pdf

weasyprint = pytest.importorskip("weasyprint")

CMYK_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


def check_pdf(path: Path, **options: object) -> list[Violation]:
    """The static rules only: ink is measured by rendering, tested in test_preflight_tac.py."""
    return _check_pdf(path, measure_tac=False, **options)  # type: ignore[arg-type]


def render(tmp_path: Path, html: str) -> Path:
    out = tmp_path / "weasy.pdf"
    weasyprint.HTML(string=html).write_pdf(out, pdf_variant="pdf/x-1a")
    return out


def test_plain_html(tmp_path: Path) -> None:
    html = """<html><head><title>评论</title><style>@page { size: 120mm 80mm; margin: 10mm }
        body { font-family: DejaVu Sans; color: black } .box { background: #c00; height: 10mm }</style></head>
        <body><p>Opinion page</p><div class="box"></div></body></html>"""
    found = check_pdf(render(tmp_path, html))
    assert sorted({v.rule for v in found}) == ["colour", "info-conformance", "info-version", "outputintent", "version"]
    assert {v.message for v in found if v.rule == "info-version"} == {"Info /GTS_PDFXVersion is PDF/X-1a:2003; must be (PDF/X-1:2001)"}
    (colour,) = [v for v in found if v.rule == "colour"]
    assert colour.page == 1 and "DeviceRGB" in colour.message


@pytest.mark.skipif(not CMYK_ICC.exists(), reason="Ghostscript's CMYK ICC profile is not installed")
def test_device_cmyk_html_with_profile(tmp_path: Path) -> None:
    # Everything in device-cmyk() and an output profile: what WeasyPrint can do at best.
    html = f"""<html><head><title>评论</title><style>
        @color-profile device-cmyk {{ src: url({CMYK_ICC.as_uri()}); components: c, m, y, k }}
        @page {{ size: 120mm 80mm; margin: 10mm }}
        body {{ font-family: DejaVu Sans; color: device-cmyk(0 0 0 1) }}
        .box {{ background: device-cmyk(0 0.2 1 0); height: 10mm }}</style></head>
        <body><p>Opinion page</p><div class="box"></div></body></html>"""
    found = check_pdf(render(tmp_path, html))
    rules = sorted({v.rule for v in found})
    # Colour is clean and the OutputIntent carries the CMYK profile; left over are the
    # X-1a:2003 version/Info strings and an OutputConditionIdentifier taken from the profile's
    # description (Artifex CMYK SWOP Profile), not IFRA26.
    assert rules == ["info-conformance", "info-version", "outputintent-condition", "version"]
    # Accepting any condition leaves only what WeasyPrint cannot be told to write.
    assert sorted(v.rule for v in check_pdf(render(tmp_path, html), condition="")) == ["info-conformance", "info-version", "version"]
