"""Helpers for the render tests: shape strings into page-model runs, read PDFs back.

Shaping uses uharfbuzz directly (language zh-Hans, script guessed from the text),
so these tests do not depend on zzprint's own shaper.  Reading back uses tools
independent of the writer: poppler (pdffonts, pdftotext, pdftoppm), qpdf,
pikepdf and pdfminer.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from zzprint.page import BLACK, CMYK, Box, Document, FontRef, GlyphRun, Page, PlacedGlyph, Rule

SERIF = FontRef("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, "NotoSerifCJKsc-Regular")
SANS_BOLD = FontRef("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2, "NotoSansCJKsc-Bold")
KAI = FontRef("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, "LXGWWenKai-Regular")
HANAMIN_B = FontRef("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0, "HanaMinB")
CMYK_ICC = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
RGB_ICC = "/usr/share/color/icc/ghostscript/srgb.icc"

CREATED = dt.datetime(2025, 3, 14, 21, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@lru_cache(maxsize=8)
def hb_font(ref: FontRef) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(ref.path), ref.index))


def shape(ref: FontRef, text: str, size: float, x: float, baseline: float, *, tracking: float = 0.0,
          color: CMYK = BLACK, hscale: float = 1.0, vscale: float = 1.0, tag: str = "") -> GlyphRun:
    """Shape ``text`` and place its glyphs from ``x``, each advance scaled by hscale, plus ``tracking`` pt."""
    font = hb_font(ref)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = "zh-Hans"
    hb.shape(font, buf, {})
    scale = size / font.face.upem
    starts = sorted({info.cluster for info in buf.glyph_infos}) + [len(text)]
    glyphs, pen, seen = [], x, set()
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        cluster_text = ""
        if info.cluster not in seen:
            seen.add(info.cluster)
            cluster_text = text[info.cluster:starts[starts.index(info.cluster) + 1]]
        glyphs.append(PlacedGlyph(info.codepoint, pen + pos.x_offset * scale * hscale, cluster_text))
        pen += pos.x_advance * scale * hscale + tracking
    return GlyphRun(ref, size, baseline, tuple(glyphs), color, hscale, vscale, tag)


def gid_of(ref: FontRef, char: str) -> int:
    gid = hb_font(ref).get_nominal_glyph(ord(char))
    assert gid, f"{ref.name} has no {char!r}"
    return gid


def document(*pages: Page, title: str = "观点版 测试", **kw) -> Document:
    return Document(list(pages), title, CREATED, **kw)


def sample_page(crop_marks: bool = False) -> Page:
    """A small page: quotes, a reversed line in a colour panel, 长体, 楷体, Ext-B, a rule."""
    return Page(
        width=360, height=240, label="观点版 A05 · 2025-03-14", crop_marks=crop_marks,
        items=[
            Box(0, 0, 360, 44, fill=CMYK(1, 0.4, 0, 0)),
            shape(SANS_BOLD, "今日观点", 20, 12, 30, color=CMYK(0, 0, 0, 0), tag="head"),
            shape(SERIF, "“城市更新”要留住烟火气。", 12, 12, 70, tracking=0.6, tag="body"),
            shape(SERIF, "长体标题文字", 16, 12, 100, hscale=0.8, tag="long"),
            shape(KAI, "本报评论员 楷体", 11, 12, 130, tag="byline"),
            shape(HANAMIN_B, "𠊎𠀋", 14, 12, 160, tag="extb"),
            Rule(12, 175, 348, 175, 0.5, tag="rule"),
            Box(12, 185, 100, 30, stroke=CMYK(0, 1, 1, 0), stroke_width=1, tag="frame"),
        ])


def opinion_page(seed: int = 0) -> Document:
    """A 6-article opinion page, ~7 000 glyphs, 3 faces (serif body, sans headlines, kai bylines).

    Body text cycles through 2 000 distinct CJK ideographs, about what a real page uses.
    """
    chars = [chr(0x4E00 + (i * 7919 + seed) % 6000) for i in range(2000)]
    items: list = []
    n = 0
    for article in range(6):
        col_x = 20 + (article % 3) * 260
        top = 60 + (article // 3) * 580
        items.append(shape(SANS_BOLD, "".join(chars[article * 12:(article + 1) * 12]), 18, col_x, top, tag=f"a{article}"))
        items.append(shape(KAI, "本报评论员 " + "".join(chars[300 + article * 20:320 + article * 20]), 9, col_x,
                           top + 22, tag=f"a{article}"))
        for line in range(46):
            text = "".join(chars[(n + k) % len(chars)] for k in range(24))
            n += 24
            items.append(shape(SERIF, text, 9.5, col_x, top + 44 + line * 11.4, tracking=0.2, tag=f"a{article}"))
    return document(Page(800, 1240, items=items, label="观点 A05", crop_marks=True), title="观点版")


# --------------------------------------------------------------------------- reading back


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    encoding: str
    embedded: str
    subset: str
    unicode: str


_PDFFONTS_ROW = re.compile(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$")


def pdffonts(path: Path) -> list[FontRow]:
    """``pdffonts`` rows.  Long names push the columns right, so parse by pattern, not width."""
    rows = []
    for line in run("pdffonts", str(path)).splitlines()[2:]:
        match = _PDFFONTS_ROW.match(line)
        assert match, line
        rows.append(FontRow(*match.groups()))
    return rows


def render_gray(path: Path, dpi: int, out_prefix: Path) -> tuple[int, int, bytes]:
    """Render page 1 with pdftoppm to 8-bit gray; return (width, height, pixels)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", str(path), str(out_prefix)], check=True)
    data = out_prefix.with_suffix(".pgm").read_bytes()
    fields = data.split(maxsplit=4)  # P5 width height maxval pixels
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, fields[4][-width * height:]
