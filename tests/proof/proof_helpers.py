"""Helpers for the proof tests: a throw-away copy of the project, edits to it, reading PDFs and PNGs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import projects
from PIL import Image

ARTICLES = ("01-diaocha-yanjiu", "02-guoqi-dangjian", "03-jingji-guancha", "04-suili-yijinrou", "05-minsheng-shishi",
            "06-jiceng-zhili")
PURE_RED = (255, 0, 0)
ORANGE = (255, 140, 0)


def copy_project(target: Path) -> Path:
    """layout/, content/, fonts/ of the repository into ``target``; returns the spec path."""
    return projects.copy_project(target) / "layout" / "opinion.yaml"


def set_frame_lines(spec: Path, article: str, lines: int) -> None:
    """Give the (single) rect of ``article`` ``lines`` body lines, editing the YAML text."""
    text = spec.read_text(encoding="utf-8")
    pattern = re.compile(rf"(- content: {re.escape(article)}\n\s+rects: \[\{{[^}}]*?lines: )(\d+)")
    new, count = pattern.subn(lambda m: m.group(1) + str(lines), text)
    assert count == 1, f"no rect for {article} in {spec}"
    spec.write_text(new, encoding="utf-8")


def append_to_last_paragraph(content: Path, text: str) -> None:
    body = content.read_text(encoding="utf-8").rstrip("\n")
    content.write_text(body + text + "\n", encoding="utf-8")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def section(text: str, start: str, end: str) -> str:
    """The report text between two headings."""
    begin = text.index(start)
    return text[begin:text.index(end, begin)]


def pixel_box(box: tuple[float, float, float, float], dpi: float = 150) -> tuple[int, int, int, int]:
    """A page-model box (pt, trim top-left) → a Pillow crop box at ``dpi``, widened by 10 px each side."""
    s = dpi / 72
    x, y, w, h = box
    return (round(x * s) - 10, round(y * s) - 10, round((x + w) * s) + 10, round((y + h) * s) + 10)


def count_colour(image: Image.Image, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> int:
    region = image.convert("RGB").crop(box)
    counts = region.getcolors(maxcolors=region.width * region.height) or []
    return next((n for n, c in counts if c == colour), 0)
