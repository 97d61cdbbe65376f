"""What the picture tests share: images drawn for a test, placed images read back from a PDF."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image

PT_PER_MM = 72 / 25.4


def placed_images(pdf_path: Path) -> list[dict]:
    """Every image drawn on page 1: its XObject and the part of the page it shows, from the content
    stream's cm matrices and clips ``re W n`` (PDF user space: x0, y0, x1, y1, y up)."""
    pdf = pikepdf.open(pdf_path)  # kept open: the records hold its XObjects
    page = pdf.pages[0]
    xobjects = page.Resources.get("/XObject", {})
    found = []
    ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    clip: list[tuple | None] = [None]
    pending_rect = None
    for inst in pikepdf.parse_content_stream(page):
        op = str(inst.operator)
        args = [a if isinstance(a, pikepdf.Name) else float(a) for a in inst.operands] if op in ("cm", "re") else []
        if op == "q":
            ctm.append(ctm[-1])
            clip.append(clip[-1])
        elif op == "Q":
            ctm.pop()
            clip.pop()
        elif op == "cm":
            a, b, c, d, e, f = args
            A, B, C, D, E, F = ctm[-1]
            ctm[-1] = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
        elif op == "re":
            x, y, w, h = args
            pending_rect = (x, y, x + w, y + h)
        elif op == "W" and pending_rect is not None:
            clip[-1] = pending_rect
        elif op == "Do":
            name = str(inst.operands[0])
            xobj = xobjects[name]
            if xobj.Subtype != "/Image":
                continue
            a, _b, _c, d, e, f = ctm[-1]
            box = (e, f, e + a, f + d)
            if clip[-1] is not None:
                cx0, cy0, cx1, cy1 = clip[-1]
                box = (max(box[0], cx0), max(box[1], cy0), min(box[2], cx1), min(box[3], cy1))
            found.append({"name": name, "xobject": xobj, "pdf": pdf, "box": box, "drawn": (e, f, e + a, f + d),
                          "clipped": clip[-1] is not None})
        if op not in ("re", "W", "n"):
            pending_rect = None
    return found


def trim_top_left(pdf_path: Path) -> tuple[float, float]:
    """PDF x of the trim's left edge and y of its top edge (page model → PDF: x + left, top − y)."""
    with pikepdf.open(pdf_path) as pdf:
        x0, _y0, _x1, y1 = (float(v) for v in pdf.pages[0].TrimBox)
    return x0, y1


def separations(pdf_path: Path, out: Path, dpi: int) -> dict[str, np.ndarray]:
    """Ghostscript tiffsep: the ink of each plate in % (0–100), rows from the top of the MediaBox."""
    import subprocess

    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}",
                    "-o", str(out / "sep.tif"), str(pdf_path)], check=True, timeout=300)
    plates = {}
    for plate in ("Cyan", "Magenta", "Yellow", "Black"):
        grey = np.asarray(Image.open(out / f"sep({plate}).tif"), dtype=np.float64)
        plates[plate] = (255 - grey) * 100 / 255  # tiffsep: 255 is no ink
    return plates


def huge_png(path: Path, width: int, height: int) -> None:
    """A valid greyscale PNG of width × height white pixels, written row by row (a few MB, never the pixels)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    packer = zlib.compressobj(9)
    row = b"\0" + b"\xff" * width
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
        data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
        fh.write(chunk(b"IDAT", data) + chunk(b"IEND", b""))
