"""Spec validation: a bad page-grid spec gives exit 2 and `FILE:LINE:COL: what — hint`, never a traceback."""

from __future__ import annotations

import re

import pytest

from projects import run_zzprint

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<what>.+?) — (?P<hint>.+)$")


def edit(project, old: str, new: str, name: str = "opinion.yaml") -> None:
    path = project / "layout" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, needle: str, name: str = "opinion.yaml") -> int:
    for number, line in enumerate((project / "layout" / name).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def problems(project) -> list[re.Match]:
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(project / "out.pdf"), cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out.pdf").exists()
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    matches = [LINE.match(l) for l in lines]
    assert all(matches), lines
    return matches


@pytest.mark.parametrize("old, new, needle, message, hint", [
    ("line_pitch: 14.3pt", "line_pitch: 14pp", "line_pitch", "unknown length '14pp'", "accepted forms"),
    ("body_size: 小五", "body_size: 小6号", "body_size", "unknown length '小6号'", "号"),
    ("  columns: 8", "  colums: 8", "colums", "unknown key 'colums'", "did you mean 'columns'"),
    ("bleed: 3mm", "bleed: -3mm", "bleed", "negative length", "accepted forms"),
    ("  lines: 96", "  lines: many", "lines: many", "grid.lines", "accepted values"),
    ("rects: [{col: 1, span: 5,", "rects: [{col: 1, span: 14,", "span: 14", "spans columns 1–14 but the grid has 8", "at most 8"),
    ("rects: [{col: 1, span: 5,", "rects: [{col: 1, span: 99999999999999999999,", "span: 9999",
     "spans columns 1–99999999999999999999 but the grid has 8", "at most 8"),
    ("kinsoku: gb ", "kinsoku: loose ", "kinsoku", "typography.kinsoku", "accepted values"),
    ("label-red: [0, 100, 100, 0]", "label-red: [255, 0, 0]", "label-red", "bad colour", "CMYK"),
    ("condition: IFRA26 ", "condition: MYPRESS ", "condition:", "not a registered one", "icc_profile"),
    ("fonts: ../fonts/fonts.yaml", "fonts: ../../../etc/passwd", "fonts:", "outside the project", "inside the project"),
    ('  left: "{paper}"', '  rule_width: 1pp\n  left: "{paper}"', "rule_width", "header.rule_width: unknown length '1pp'",
     "accepted forms"),
])
def test_bad_value_is_reported_at_its_line(project, old, new, needle, message, hint):
    edit(project, old, new)
    found = problems(project)
    assert any(message in m["what"] and hint in m["hint"] and int(m["line"]) == line_of(project, needle)
               and m["file"].endswith("opinion.yaml") for m in found), [m.group(0) for m in found]


def test_malformed_yaml_names_the_line(project):
    edit(project, "  columns: 8", "  columns: [8")
    found = problems(project)
    assert "malformed YAML" in found[0]["what"]
    assert int(found[0]["line"]) >= line_of(project, "columns: [8")


def test_several_problems_are_all_reported(project):
    edit(project, "line_pitch: 14.3pt", "line_pitch: 14pp")
    edit(project, "  columns: 8", "  colums: 8")
    edit(project, "bleed: 3mm", "bleed: 3km")
    assert len(problems(project)) >= 3


def test_overlapping_frames_are_refused(project):
    edit(project, "rects: [{col: 6, span: 3, line: 1,", "rects: [{col: 5, span: 3, line: 1,")
    found = problems(project)
    assert any("overlaps" in m["what"] and "allow_overlap" in m["hint"] for m in found)


def test_article_placed_but_missing_and_article_placed_nowhere(project):
    edit(project, "content: 06-jiceng-zhili", "content: 06-jiceng-zhil")
    found = problems(project)
    assert any("'06-jiceng-zhil' is placed but has no content file" in m["what"] and "did you mean '06-jiceng-zhili'" in m["hint"]
               for m in found)
    assert any("'06-jiceng-zhili' is placed nowhere" in m["what"] and m["file"].endswith("06-jiceng-zhili.md") for m in found)


@pytest.mark.parametrize("old, new, message", [
    ("label:    {font: 黑体, size: 四号, color: white, fill: label-red}",
     "label:    {font: 黑体, size: 小五, color: white, fill: label-red}", "reversed type 9pt out of a 2-ink panel is below 14pt"),
    ("byline:   {font: 楷体, size: 五号}", "byline:   {font: 楷体, size: 五号, color: label-red}", "colour type 10.5pt is below 14pt"),
    ("label-red: [0, 100, 100, 0]", "label-red: [100, 100, 100, 0]", "300 % total ink, over the 240 % limit"),
])
def test_what_newsprint_cannot_print_is_refused(project, old, new, message):
    """Reversed and colour type below the checklist's minimum sizes, and colours over the ink limit (§10)."""
    edit(project, old, new)
    assert any(message in m["what"] for m in problems(project))


def test_spec_font_and_content_problems_are_reported_together(project):
    """One run names every broken input: the spec, the font manifest and an article."""
    edit(project, "line_pitch: 14.3pt", "line_pitch: 14pp")
    manifest = project / "fonts" / "fonts.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("file: LXGWWenKai-Regular.ttf", "file: NoSuchKai.ttf"),
                        encoding="utf-8")
    article = project / "content" / "03-jingji-guancha.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    files = {m["file"].rsplit("/", 1)[-1] for m in problems(project)}
    assert {"opinion.yaml", "fonts.yaml", "03-jingji-guancha.md"} <= files
