#!/usr/bin/env python3
"""Draw the demonstration page's pictures with Pillow, so no copyrighted picture enters the repository.

    python tools/make-pictures.py build/pictures

* ``cartoon.png`` — a tall greyscale line drawing (漫画): stays grey, ink on K only;
* ``author.jpg`` — an RGB JPEG "portrait" (作者像): converted to CMYK through LittleCMS;
* ``chart.png`` — an RGB bar chart (制图) in the house red and grey: converted, flat colours kept.

Same output for the same Pillow, every time (no randomness, no clock).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter


def cartoon(path: Path) -> None:
    """A man carrying a stack of files up a staircase: 1 000 × 560 px grey line art."""
    w, h = 1000, 560
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    for i in range(12):  # the staircase, climbing to the right and out of the frame
        x, y = 20 + i * 80, 540 - i * 40
        d.line([(x, y), (x + 70, y), (x + 70, y - 80)], fill=0, width=6)
        d.line([(x, y), (x, h - 40)], fill=170, width=2)
    cx, cy = 420, 300  # the figure, half way up
    d.ellipse([cx - 26, cy - 84, cx + 26, cy - 32], outline=0, width=5)  # head
    d.line([(cx, cy - 32), (cx - 5, cy + 50)], fill=0, width=6)  # body
    d.line([(cx - 5, cy + 50), (cx - 40, cy + 100)], fill=0, width=6)  # legs
    d.line([(cx - 5, cy + 50), (cx + 35, cy + 80), (cx + 40, cy + 100)], fill=0, width=6)
    d.line([(cx, cy - 12), (cx - 45, cy - 110)], fill=0, width=5)  # arms up
    d.line([(cx, cy - 12), (cx + 45, cy - 112)], fill=0, width=5)
    for n in range(6):  # the stack of files above his head, leaning more as it rises
        top = cy - 140 - n * 28
        shift = n * n * 3
        d.rectangle([cx - 90 + shift, top - 26, cx + 90 + shift, top], outline=0, width=4, fill=235 - n * 12)
        d.line([(cx - 70 + shift, top - 13), (cx + 40 + shift, top - 13)], fill=90, width=3)
    d.rectangle([10, 10, w - 10, h - 10], outline=0, width=4)
    im.save(path, optimize=False)


def author(path: Path) -> None:
    """A head-and-shoulders portrait, 600 × 760 px, in soft RGB: background, face, collar."""
    w, h = 600, 760
    im = Image.new("RGB", (w, h))
    px = im.load()
    for y in range(h):  # a blue-grey studio background, lighter to the top
        for x in range(w):
            t = y / h
            px[x, y] = (int(150 - 50 * t + 20 * x / w), int(170 - 40 * t), int(200 - 30 * t))
    d = ImageDraw.Draw(im)
    d.ellipse([60, 520, 540, 1100], fill=(40, 45, 70))  # dark suit
    d.polygon([(250, 540), (300, 660), (350, 540)], fill=(235, 235, 240))  # shirt
    d.polygon([(290, 560), (300, 700), (310, 560)], fill=(170, 20, 40))  # red tie
    d.rectangle([255, 430, 345, 560], fill=(220, 175, 140))  # neck
    d.ellipse([180, 150, 420, 470], fill=(232, 190, 155))  # face
    d.chord([170, 120, 430, 340], 180, 360, fill=(30, 25, 25))  # hair
    d.ellipse([240, 290, 270, 310], fill=(40, 30, 30))
    d.ellipse([330, 290, 360, 310], fill=(40, 30, 30))
    d.arc([265, 360, 335, 410], 20, 160, fill=(150, 70, 70), width=5)
    im = im.filter(ImageFilter.GaussianBlur(1.5))
    im.save(path, quality=90, optimize=False, progressive=False, subsampling=0)


def chart(path: Path) -> None:
    """Bars of five years, the last in house red, on a grey grid: 900 × 560 px RGB."""
    im = Image.new("RGB", (900, 560), (255, 255, 255))
    d = ImageDraw.Draw(im)
    for i in range(6):
        y = 480 - i * 80
        d.line([(80, y), (860, y)], fill=(200, 200, 200), width=2)
    values = [3.1, 3.6, 4.2, 4.9, 5.8]
    for i, v in enumerate(values):
        x = 130 + i * 150
        colour = (214, 30, 40) if i == len(values) - 1 else (110, 110, 110)
        d.rectangle([x, 480 - v * 70, x + 90, 480], fill=colour)
    d.line([(80, 480), (860, 480)], fill=(0, 0, 0), width=4)
    d.line([(80, 60), (80, 480)], fill=(0, 0, 0), width=4)
    im.save(path, optimize=False)


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "build/pictures")
    out.mkdir(parents=True, exist_ok=True)
    for make, name in ((cartoon, "cartoon.png"), (author, "author.jpg"), (chart, "chart.png")):
        make(out / name)
        print(f"drew {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
