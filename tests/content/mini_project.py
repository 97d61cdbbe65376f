"""A one-article project for content tests that read the PDF back: small page, no header,
one frame, the house fonts.yaml.  Built in-process (build_page + render_pdf)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pdfread import Glyph, read_pdf

from zzprint.build import BuildResult, build_page
from zzprint.render.pdf import render_pdf

REPO = Path(__file__).resolve().parents[2]

SPEC = """\
page: {name: 测试, width: 200mm, height: 300mm, bleed: 3mm}
grid: {body_size: 小五, columns: 4, chars: 13, gutter: 1字, line_pitch: 14.3pt, lines: %(lines)d}
header: null
separators: false
copyfit: {allow_overset: true}
articles:
  - content: sample
    rects: [{col: 1, span: 4, line: 1, lines: %(lines)d}]
    headline: {lines: 4, max_lines: 2, label: none, byline: none}
    summary: null
"""


def make_project(root: Path, body: str, title: str = "测试", lines: int = 40) -> Path:
    """Write the project under ``root``; return the spec path.  ``body`` is Markdown (already escaped)."""
    (root / "layout").mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    if not (root / "fonts").exists():
        shutil.copytree(REPO / "fonts", root / "fonts", ignore=shutil.ignore_patterns("files"))
    (root / "layout" / "mini.yaml").write_text(SPEC % {"lines": lines}, encoding="utf-8")
    (root / "content" / "sample.md").write_text(f"---\ntitle: {title}\n---\n{body}\n", encoding="utf-8")
    return root / "layout" / "mini.yaml"


def build_and_read(spec: Path) -> tuple[BuildResult, list[Glyph]]:
    """Build in-process, render to bytes, and read every drawn glyph back with pdfminer."""
    result = build_page(spec)
    pdf = spec.parent.parent / "mini.pdf"
    pdf.write_bytes(render_pdf(result.document))
    return result, [g for page in read_pdf(pdf) for g in page.glyphs]
