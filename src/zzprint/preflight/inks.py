"""Measure ink coverage by rendering pages to CMYK with Ghostscript.

Input: a PDF path and a resolution.  Output: per-page and whole-document statistics of total
area coverage (TAC, the per-pixel maximum of C+M+Y+K in percent) and of each plate.

Why render: Ghostscript's ``inkcov`` device reports page *averages* only (docs/typesetting.md §11 [GS-INK]), but the
press limit applies to every spot.  ``tiff32nc`` gives 8 bits per plate; anti-aliasing stays off
(the tiff devices' default) so a hairline renders at its full ink value instead of a blend.
Only the BleedBox is rendered (``-dUseBleedBox``; Ghostscript falls back to the MediaBox): the
registration marks in the slug are 400 % by design and are trimmed off.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageMath, ImageStat

from ..errors import UserError
from .model import Violation

PLATES = ("C", "M", "Y", "K")
_TIMEOUT_S = 600


def _render(pdf_path: Path, dpi: int, out_dir: Path) -> list[Path]:
    gs = shutil.which("gs")
    if gs is None:
        raise UserError.at("Ghostscript (gs) is needed to measure ink coverage", file=str(pdf_path), hint="apt-get install ghostscript")
    cmd = [
        gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dUseBleedBox",
        "-sDEVICE=tiff32nc", f"-r{dpi}", f"-sOutputFile={out_dir / 'p%05d.tif'}", str(pdf_path),
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise UserError.at(f"Ghostscript did not finish rendering within {_TIMEOUT_S} s", file=str(pdf_path)) from None
    pages = sorted(out_dir.glob("p*.tif"))
    if done.returncode != 0 or not pages:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise UserError.at(f"Ghostscript could not render the file: {lines[-1] if lines else f'exit {done.returncode}'}", file=str(pdf_path))
    return pages


def _page_stats(tif: Path, dpi: int) -> dict[str, Any]:
    with Image.open(tif) as img:
        img.load()
        if img.mode != "CMYK":
            raise UserError.at(f"Ghostscript rendered {img.mode}, expected CMYK", file=str(tif))
        plates = dict(zip(PLATES, img.split(), strict=True))
        width, height = img.size
    # Sum the plates in 32-bit integers (Pillow's 8-bit arithmetic would clip at 255).
    total = ImageMath.lambda_eval(
        lambda a: a["c"] + a["m"] + a["y"] + a["k"],
        c=plates["C"].convert("I"), m=plates["M"].convert("I"), y=plates["Y"].convert("I"), k=plates["K"].convert("I"),
    )
    peak = int(total.getextrema()[1])
    # Where the peak is: bounding box of the pixels that reach it, reported in points.
    at_peak = ImageMath.lambda_eval(lambda a: a["t"] >= peak, t=total).convert("L").point(lambda v: 255 if v else 0)
    bbox = at_peak.getbbox() if peak else None
    pixels = width * height
    per_plate = {}
    for name, band in plates.items():
        hist = band.histogram()
        per_plate[name] = {
            "max": round(band.getextrema()[1] / 2.55, 1),
            "mean": round(ImageStat.Stat(band).mean[0] / 2.55, 2),
            "area": round(1 - hist[0] / pixels, 4),  # fraction of the page with any of this ink
        }
    at = None
    if bbox:
        x0, y0 = bbox[0], bbox[1]
        at = (round(x0 * 72 / dpi, 1), round((height - y0) * 72 / dpi, 1))  # from lower-left
    return {"max_tac": round(peak / 2.55, 1), "max_at": at, "plates": per_plate, "size_px": (width, height)}


def ink_coverage(pdf_path: Path | str, dpi: int = 50) -> dict[str, Any]:
    """Render ``pdf_path`` to CMYK at ``dpi`` and report ink coverage.

    Returns ``{"dpi", "max_tac", "pages": [{"page", "max_tac", "max_at", "plates", "size_px"}],
    "plates": {"C"|"M"|"Y"|"K": {"max", "mean", "area"}}}``, percentages 0–100 per plate and
    0–400 for TAC; ``max_at`` is the peak's (x, y) in points from the rendered box's lower-left;
    ``area`` is the fraction of pixels carrying that ink.  Document ``mean`` is the mean of the
    pages' means.  Raises UserError when Ghostscript is missing or fails.
    """
    pdf_path = Path(pdf_path)
    with tempfile.TemporaryDirectory(prefix="zzprint-tac-") as tmp:
        pages = [{"page": i, **_page_stats(tif, dpi)} for i, tif in enumerate(_render(pdf_path, dpi, Path(tmp)), start=1)]
    doc_plates = {
        name: {
            "max": max(p["plates"][name]["max"] for p in pages),
            "mean": round(sum(p["plates"][name]["mean"] for p in pages) / len(pages), 2),
            "area": max(p["plates"][name]["area"] for p in pages),
        }
        for name in PLATES
    }
    return {"dpi": dpi, "max_tac": max(p["max_tac"] for p in pages), "pages": pages, "plates": doc_plates}


def tac_violations(pdf_path: Path, limit: float, dpi: int = 50) -> list[Violation]:
    """One ``tac`` violation per page whose rendered maximum exceeds ``limit`` percent."""
    found = []
    for page in ink_coverage(pdf_path, dpi)["pages"]:
        # Half a percent of slack: 8-bit plates quantise each ink to steps of 0.39 %.
        if page["max_tac"] > limit + 0.5:
            at = f" at ≈({page['max_at'][0]:g}, {page['max_at'][1]:g}) pt" if page["max_at"] else ""
            found.append(
                Violation("tac", f"total ink {page['max_tac']:g} % exceeds the {limit:g} % limit{at} (rendered at {dpi} dpi)", page["page"], "rendered page")
            )
    return found
