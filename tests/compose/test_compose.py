"""zzprint compose: a template and the day's articles → a spec whose every frame the engine fills exactly.

Every test runs the real command line on a copy of the project, builds the composed
spec with ``zzprint build`` and reads the PDF back (pdfminer): each frame's columns end
on the frame's last grid line, every article's last words are on the page, no glyph
is inside a blocked picture region.  The grid arithmetic here is the newspaper's
(docs/typesetting.md §7, §9), not the engine's code.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pdfread import read_pdf
from projects import ROOT, copy_project, run_zzprint

MM = 72 / 25.4
BODY = 9.0  # 小五
EXTRA_02 = ("着力提升融合发展质量。坚持把党建工作与生产经营深度融合，以高质量党建引领企业高质量发展，把党的政治优势、"
            "组织优势转化为企业的创新优势、竞争优势和发展优势，推动党建工作与中心工作同谋划、同部署、同推进、同考核，"
            "让党建工作成效体现在企业改革发展的实际成果上。")
EXTRA_04 = ("移风易俗非一日之功，需要久久为功。基层组织要发挥好红白理事会、村规民约的作用，党员干部要带头示范，"
            "让简约适度的新风尚在城乡蔚然成风，让人情往来回归温情本色。")
PICTURE = {"name": "picture", "col": 7, "span": 2, "line": 1, "lines": 30}


# --- made-up articles -------------------------------------------------------------------

def _append(path: Path, paragraph: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + paragraph + "\n", encoding="utf-8")


def _cut(path: Path, at_least: int) -> None:
    """Drop the last paragraphs, at least ``at_least`` characters of them."""
    parts = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    removed = 0
    while removed < at_least:
        removed += len(parts.pop())
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def _lengths(root: Path) -> dict[str, int]:
    return {p.stem: len(p.read_text(encoding="utf-8")) for p in (root / "content").glob("*.md")}


def _different_lengths(root: Path) -> Path:
    """Two articles longer than the seed's, one shorter."""
    content = root / "content"
    _append(content / "02-guoqi-dangjian.md", EXTRA_02)
    _append(content / "04-suili-yijinrou.md", EXTRA_04)
    _cut(content / "06-jiceng-zhili.md", 120)
    return root


def _template(root: Path, blocked: list[dict] | None = None) -> Path:
    path = root / "layout" / "opinion-template.yaml"
    if blocked is not None:
        text = path.read_text(encoding="utf-8")
        flow = ", ".join("{" + ", ".join(f"{k}: {v}" for k, v in b.items()) + "}" for b in blocked)
        text, n = re.subn(r"^  blocked: \[\].*$", f"  blocked: [{flow}]", text, flags=re.M)
        assert n == 1
        path.write_text(text, encoding="utf-8")
    return Path("layout") / "opinion-template.yaml"


# --- reading the page back --------------------------------------------------------------

class Grid:
    """The broadsheet grid from the spec's numbers: 8 columns × 13 小五, 1字 gutters, 96 lines of 14.3pt, centred."""

    def __init__(self, spec: dict):
        page, grid = spec["page"], spec["grid"]
        self.width = float(page["width"].removesuffix("mm")) * MM
        self.height = float(page["height"].removesuffix("mm")) * MM
        self.columns, self.chars, self.lines = grid["columns"], grid["chars"], grid["lines"]
        self.pitch = float(grid["line_pitch"].removesuffix("pt"))
        self.column = self.chars * BODY
        self.area_w = self.columns * self.column + (self.columns - 1) * BODY
        self.x0 = (self.width - self.area_w) / 2
        self.y0 = (self.height - self.lines * self.pitch) / 2

    def col_left(self, col: int) -> float:
        return self.x0 + (col - 1) * (self.column + BODY)

    def line_of(self, baseline: float) -> int:
        return int((baseline - self.y0) // self.pitch) + 1

    def box(self, col: int, span: int, line: int, lines: int) -> tuple[float, float, float, float]:
        x = self.col_left(col)
        return x, self.y0 + (line - 1) * self.pitch, x + span * self.column + (span - 1) * BODY, \
            self.y0 + (line + lines - 1) * self.pitch


def _check_page(root: Path, spec_path: Path, pdf: Path) -> tuple[Grid, list]:
    """Every frame flush at its foot (each of its columns' last body line is the frame's last line), frames
    inside the grid and apart, every article's last words on the page."""
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    grid = Grid(spec)
    glyphs = read_pdf(pdf)[0].glyphs
    page_text = "".join(g.text for g in glyphs)
    cells: dict[tuple[int, int], str] = {}
    for article in spec["articles"]:
        for rect in article["rects"]:
            assert rect["col"] + rect["span"] - 1 <= grid.columns and rect["line"] + rect["lines"] - 1 <= grid.lines
            for col in range(rect["col"], rect["col"] + rect["span"]):
                for line in range(rect["line"], rect["line"] + rect["lines"]):
                    assert (col, line) not in cells, f"{article['content']} overlaps {cells[(col, line)]}"
                    cells[(col, line)] = article["content"]
            split = rect.get("split", rect["span"])
            assert split == rect["span"], "these tests compose without 破栏"
            for col in range(rect["col"], rect["col"] + rect["span"]):
                x0, _top, x1, _bottom = grid.box(col, 1, 1, 1)
                body = [g for g in glyphs if abs(g.size - BODY) < 0.1  # body, notes (楷体), subheads of 小五
                        and x0 - 0.5 <= g.x < x1 and rect["line"] <= grid.line_of(g.baseline) < rect["line"] + rect["lines"]]
                assert body, f"{article['content']}: column {col} is empty"
                last = max(grid.line_of(g.baseline) for g in body)
                assert last == rect["line"] + rect["lines"] - 1, \
                    f"{article['content']}: column {col} ends on line {last}, its frame on {rect['line'] + rect['lines'] - 1}"
        text = (root / "content" / f"{article['content']}.md").read_text(encoding="utf-8").rstrip()
        tail = re.sub(r"[*#>\s]", "", text.split("\n\n")[-1])[-8:]
        assert tail in page_text, f"{article['content']}: its last words {tail!r} are not on the page (overset)"
    # Every column of the page is taken down to its foot: the page has no hole.
    for col in range(1, grid.columns + 1):
        assert max(line for (c, line) in cells if c == col) == grid.lines
    return grid, glyphs


def _compose_and_build(root: Path) -> tuple[Grid, list, Path]:
    result = run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/composed.yaml", cwd=root)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "wrote build/composed.yaml" in result.stdout
    spec = root / "build" / "composed.yaml"
    built = run_zzprint("build", "build/composed.yaml", "-o", "build/composed.pdf", cwd=root)
    assert built.returncode == 0, built.stderr + built.stdout
    assert "0 characters overset" in built.stdout and "conforms to PDF/X-1a" in built.stdout
    grid, glyphs = _check_page(root, spec, root / "build" / "composed.pdf")
    return grid, glyphs, spec


# --- the tests --------------------------------------------------------------------------

def test_seed_template_composes_a_page_that_builds(tmp_path):
    root = copy_project(tmp_path)
    _grid, _glyphs, spec = _compose_and_build(root)
    text = spec.read_text(encoding="utf-8")
    assert text.startswith("# Composed by `zzprint compose`")
    assert "fonts: ../fonts/fonts.yaml" in text and "content: ../content" in text  # relative to build/
    data = yaml.safe_load(text)
    lead = data["articles"][0]
    assert lead["content"] == "01-diaocha-yanjiu" and lead["rects"][0]["line"] == 1
    assert lead["rects"][0]["span"] == max(r["span"] for a in data["articles"] for r in a["rects"])  # widest


def test_articles_of_other_lengths_compose_and_build(tmp_path):
    root = _different_lengths(copy_project(tmp_path))
    seed, now = _lengths(Path(ROOT)), _lengths(root)
    longer = [k for k in now if now[k] > seed[k]]
    shorter = [k for k in now if now[k] < seed[k]]
    assert len(longer) == 2 and len(shorter) == 1
    _grid, _glyphs, spec = _compose_and_build(root)
    frames = {a["content"]: a["rects"] for a in yaml.safe_load(spec.read_text(encoding="utf-8"))["articles"]}
    seed_frames = {a["content"]: a["rects"] for a in yaml.safe_load((ROOT / "layout" / "opinion.yaml").read_text(encoding="utf-8"))["articles"]}
    assert frames != seed_frames  # other lengths, other frames


def test_a_fixed_picture_region_stays_empty(tmp_path):
    root = _different_lengths(copy_project(tmp_path))
    _cut(root / "content" / "01-diaocha-yanjiu.md", 600)  # room for the picture
    _template(root, [PICTURE])
    grid, glyphs, spec = _compose_and_build(root)
    x0, y0, x1, y1 = grid.box(PICTURE["col"], PICTURE["span"], PICTURE["line"], PICTURE["lines"])
    inside = [g.text for g in glyphs if g.x < x1 and g.right > x0 and y0 < g.baseline < y1 + g.size]
    assert not inside, f"glyphs in the picture region: {''.join(inside)[:40]}"
    assert any(g.x < x1 and g.right > x0 for g in glyphs)  # the columns beside it are used below it
    assert "Reserved by the template (picture): columns 7–8, lines 1–30" in spec.read_text(encoding="utf-8")


def test_no_layout_names_the_article_and_by_how_much(tmp_path):
    root = copy_project(tmp_path)
    article = root / "content" / "03-jingji-guancha.md"
    text = article.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    article.write_text(text + "\n" + body + "\n" + body, encoding="utf-8")  # three times its text
    result = run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/composed.yaml", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not (root / "build" / "composed.yaml").exists()
    report = result.stderr
    assert "no layout fits every article exactly" in report
    found = re.search(r"03-jingji-guancha\.md: article 03-jingji-guancha is too long by (\d+) line\(s\)", report)
    assert found and int(found.group(1)) > 10, report
    assert re.search(r"03-jingji-guancha\.md:\d+: cut \d+ character\(s\)", report), report  # a line-saving hint


def test_an_editors_spec_is_not_replaced_without_force(tmp_path):
    root = copy_project(tmp_path)
    target = root / "layout" / "opinion.yaml"
    before = target.read_bytes()
    result = run_zzprint("compose", "layout/opinion-template.yaml", "-o", "layout/opinion.yaml", cwd=root)
    assert result.returncode == 2 and target.read_bytes() == before
    assert re.match(r"layout/opinion\.yaml: the file exists .* — give another -o, or --force", result.stderr)
    # compose's own output, unedited, is replaced; once edited, it is not.
    assert run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/c.yaml", cwd=root).returncode == 0
    assert run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/c.yaml", cwd=root).returncode == 0
    edited = root / "build" / "c.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("max_lines: 2", "max_lines: 3", 1), encoding="utf-8")
    assert run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/c.yaml", cwd=root).returncode == 2
    assert run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/c.yaml", "--force", cwd=root).returncode == 0


def test_template_problems_are_reported_at_their_line(tmp_path):
    root = copy_project(tmp_path)
    path = root / "layout" / "opinion-template.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    columns: [2, 4]\n", "    colums: [2, 4]\n", 1).replace("  gap: 1 ", "  gap: 9 ", 1)
    text = text.replace("  body_size: 小五", "  body_size: 小七", 1)
    path.write_text(text, encoding="utf-8")
    result = run_zzprint("compose", "layout/opinion-template.yaml", "-o", "build/c.yaml", cwd=root)
    assert result.returncode == 2, result.stderr
    lines = text.splitlines()
    for message, needle in (("unknown key 'colums'", "colums:"), ("compose.gap: 9", "gap: 9")):
        number = next(i for i, line in enumerate(lines, 1) if needle in line)
        assert re.search(rf"layout/opinion-template\.yaml:{number}:\d+: .*{re.escape(message)}", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
