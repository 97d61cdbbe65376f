"""The bad-input catalogue: every case runs the real CLI on a project copy and must give
exit 2, one ``FILE:LINE:COL: what — hint`` line per problem at the right place, no
traceback and no PDF.

Cases already in tests/spec/test_spec_errors.py are not repeated here: unknown length
``14pp`` and ``小6号`` in the grid, ``colums`` (did you mean), negative bleed, ``lines: many``,
a 14-column span on 8 columns, ``kinsoku: loose``, an RGB colour, an unregistered output
condition, ``fonts:`` outside the project, unclosed ``[``, several spec problems at once,
overlapping frames, and an article placed but missing / present but placed nowhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from errors_helpers import (
    SPEC,
    Expect,
    append,
    article,
    assert_reported,
    body_line,
    col_of,
    edit,
    failing_build,
    line_of,
)

Case = Callable[[Path], list[Expect]]
CASES: dict[str, Case] = {}


def case(fn: Case) -> Case:
    CASES[fn.__name__] = fn
    return fn


# --- malformed YAML and unsafe YAML ---------------------------------------------------------

@case
def yaml_tab_indentation(p: Path) -> list[Expect]:
    edit(p, SPEC, "  columns: 8", "\tcolumns: 8")
    return [Expect("opinion.yaml", line_of(p, SPEC, "\tcolumns"), "malformed YAML", "indentation", col=1)]


@case
def yaml_duplicate_key(p: Path) -> list[Expect]:
    edit(p, SPEC, "  columns: 8", "  columns: 8\n  columns: 9")
    return [Expect("opinion.yaml", line_of(p, SPEC, "columns: 9"), "duplicate key 'columns'", "once", col=3)]


@case
def yaml_python_tag_on_scalar(p: Path) -> list[Expect]:
    edit(p, SPEC, "  name: 观点", "  name: !!python/object/apply:os.system 'touch PWNED'")
    return [Expect("opinion.yaml", line_of(p, SPEC, "PWNED"), "unsupported YAML tag '!!python/object/apply:os.system'",
                   "never run")]


@case
def yaml_python_tag_on_mapping(p: Path) -> list[Expect]:
    # A tag on a mapping used to be ignored silently (the mapping was read as plain data).
    edit(p, SPEC, "page:\n", "page: !!python/object:zzprint.page.Page\n")
    return [Expect("opinion.yaml", line_of(p, SPEC, "!!python"), "unsupported YAML tag '!!python/object:zzprint.page.Page'")]


@case
def yaml_alias_bomb(p: Path) -> list[Expect]:
    # "Billion laughs": 9^9 values from 10 lines; used to hang the build.
    bomb = "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
    append(p, SPEC, bomb)
    # 9^5 values from x0…x4 stay under the limit; x5 passes it: the message points at x5.
    return [Expect("opinion.yaml", line_of(p, SPEC, "x5:"), "more than 100000 values", "aliases")]


@case
def yaml_recursive_alias(p: Path) -> list[Expect]:
    append(p, SPEC, "loop: &loop [*loop]\n")  # used to be a RecursionError
    return [Expect("opinion.yaml", line_of(p, SPEC, "loop:"), "alias refers to a value that contains it")]


@case
def yaml_deep_nesting(p: Path) -> list[Expect]:
    append(p, SPEC, "deep: " + "[" * 3000 + "]" * 3000 + "\n")  # used to be a RecursionError
    return [Expect("opinion.yaml", line_of(p, SPEC, "deep:"), "nested more than 100 levels", "unclosed")]


@case
def spec_is_a_list(p: Path) -> list[Expect]:
    (p / SPEC).write_text("- page\n- grid\n", encoding="utf-8")
    return [Expect("opinion.yaml", 1, "spec must be a mapping", col=1)]


@case
def spec_not_utf8(p: Path) -> list[Expect]:
    path = p / SPEC
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return [Expect("opinion.yaml", 1, "spec is not UTF-8", "UTF-8")]


# --- unknown keys ---------------------------------------------------------------------------

@case
def unknown_key_in_article(p: Path) -> list[Expect]:
    edit(p, SPEC, "  - content: ", "  - contnet: ")
    line = line_of(p, SPEC, "contnet")
    return [Expect("opinion.yaml", line, "unknown key 'contnet' in articles.0", "did you mean 'content'?", col=5)]


@case
def unknown_key_in_style(p: Path) -> list[Expect]:
    # The hint used to be empty ("known keys here:") for style keys.
    edit(p, SPEC, "hscale: 0.92}", "hscale: 0.92, colour: red}")
    return [Expect("opinion.yaml", line_of(p, SPEC, "colour"), "unknown key 'colour' in styles.title",
                   "did you mean 'color'?", col=col_of(p, SPEC, "colour"))]


@case
def unknown_top_level_key(p: Path) -> list[Expect]:
    edit(p, SPEC, "colors:\n", "colours:\n")
    return [Expect("opinion.yaml", line_of(p, SPEC, "colours:"), "unknown key 'colours' in the spec", "did you mean 'colors'?", col=1)]


# --- wrong types and impossible values --------------------------------------------------------

@case
def rect_column_zero_reported_once(p: Path) -> list[Expect]:
    # Used to add a second, false "missing required key …col" after the value was dropped.
    edit(p, SPEC, "rects: [{col: 1,", "rects: [{col: 0,")
    return [Expect("opinion.yaml", line_of(p, SPEC, "col: 0"), "articles.0.rects.0.col: Input should be greater than or equal to 1")]


@case
def negative_type_size(p: Path) -> list[Expect]:
    edit(p, SPEC, "title-lead: {based_on: title, size: 26pt}", "title-lead: {based_on: title, size: -26pt}")
    return [Expect("opinion.yaml", line_of(p, SPEC, "-26pt"), "styles.title-lead.size: negative length", "accepted forms")]


@case
def zero_page_width(p: Path) -> list[Expect]:
    edit(p, SPEC, "width: 390mm", "width: 0mm")
    return [Expect("opinion.yaml", line_of(p, SPEC, "width: 0mm"), "page.width: type size must be positive")]


@case
def type_area_wider_than_page(p: Path) -> list[Expect]:
    edit(p, SPEC, "width: 390mm", "width: 200mm")
    return [Expect("opinion.yaml", line_of(p, SPEC, "  body_size:"), "does not fit the 200×550mm page", "reduce columns")]


@case
def frame_below_type_area(p: Path) -> list[Expect]:
    text = (p / SPEC).read_text(encoding="utf-8")
    start = text.rindex("rects: [{")
    frame = text[start:text.index("}", start)]
    first = int(re.search(r"\bline: (\d+)", frame)[1])
    edit(p, SPEC, frame, re.sub(r"\blines: \d+", "lines: 200", frame))
    return [Expect("opinion.yaml", line_of(p, SPEC, "lines: 200"), f"frame spans lines {first}–{first + 199}",
                   "line + lines − 1 must be at most")]


@case
def boolean_of_wrong_type(p: Path) -> list[Expect]:
    edit(p, SPEC, "  hanging: false", "  hanging: sometimes")
    return [Expect("opinion.yaml", line_of(p, SPEC, "sometimes"), "typography.hanging: Input should be a valid boolean")]


@case
def tac_out_of_range(p: Path) -> list[Expect]:
    edit(p, SPEC, "  tac: 240", "  tac: 500")
    return [Expect("opinion.yaml", line_of(p, SPEC, "tac: 500"), "output.tac: Input should be less than or equal to 400")]


# --- units ----------------------------------------------------------------------------------

@case
def style_size_unknown_unit(p: Path) -> list[Expect]:
    edit(p, SPEC, "size: 26pt", "size: 9pp")
    return [Expect("opinion.yaml", line_of(p, SPEC, "9pp"), "unknown length '9pp'", "9pt, 3mm",
                   col=col_of(p, SPEC, "9pp"))]


@case
def hao_name_typo(p: Path) -> list[Expect]:
    edit(p, SPEC, "{font: 黑体, size: 五号, lines: 2}", "{font: 黑体, size: 五 号, lines: 2}")
    return [Expect("opinion.yaml", line_of(p, SPEC, "五 号"), "unknown length '五 号'", "号 names")]


@case
def relative_unit_without_context(p: Path) -> list[Expect]:
    edit(p, SPEC, "width: 390mm", "width: 30字")
    return [Expect("opinion.yaml", line_of(p, SPEC, "30字"), "'字' needs the body size")]


# --- references inside the spec ---------------------------------------------------------------

@case
def colour_name_typo(p: Path) -> list[Expect]:
    edit(p, SPEC, "fill: label-red}", "fill: label-rad}")
    return [Expect("opinion.yaml", line_of(p, SPEC, "label-rad"), "unknown colour 'label-rad'", "did you mean 'label-red'?")]


@case
def based_on_unknown_style(p: Path) -> list[Expect]:
    edit(p, SPEC, "{based_on: title, size: 26pt}", "{based_on: titel, size: 26pt}")
    return [Expect("opinion.yaml", line_of(p, SPEC, "titel"), "based on unknown style 'titel'", "known styles")]


@case
def headline_style_unknown(p: Path) -> list[Expect]:
    edit(p, SPEC, "style: title-lead", "style: title-leed")
    return [Expect("opinion.yaml", line_of(p, SPEC, "title-leed"), "unknown style 'title-leed' in articles[0].headline",
                   "did you mean 'title-lead'?", col=col_of(p, SPEC, "title-leed"))]


@case
def style_font_role_unknown(p: Path) -> list[Expect]:
    # Used to be reported against fonts.yaml with no line; now at the style's font in the spec.
    edit(p, SPEC, "byline:   {font: 楷体", "byline:   {font: 宋体")
    return [Expect("opinion.yaml", line_of(p, SPEC, "宋体"), "style 'byline' uses font role '宋体'", "use one of 书宋",
                   col=col_of(p, SPEC, "宋体"))]


@case
def header_placeholder_typo(p: Path) -> list[Expect]:
    # Used to print "zzprint: unknown placeholder …" with no file or line.
    edit(p, SPEC, "责任编辑：{editor}", "责任编辑：{editr}")
    return [Expect("opinion.yaml", line_of(p, SPEC, "{editr}"), "unknown placeholder {editr} in header.second_line",
                   "did you mean {editor}?")]


@case
def content_folder_missing(p: Path) -> list[Expect]:
    edit(p, SPEC, "content: ../content", "content: ../contents")
    return [Expect("opinion.yaml", line_of(p, SPEC, "../contents"), "content folder '../contents' not found")]


@case
def font_manifest_missing(p: Path) -> list[Expect]:
    edit(p, SPEC, "fonts: ../fonts/fonts.yaml", "fonts: ../fonts/font.yaml")
    return [Expect("opinion.yaml", line_of(p, SPEC, "font.yaml"), "font manifest '../fonts/font.yaml' not found")]


@case
def article_placed_twice(p: Path) -> list[Expect]:
    # Would print the article's text twice.  (The displaced article, now placed nowhere, is
    # reported only once the spec is fixed: build.py checks placements after loading the spec.)
    first, second = article(p, 0).split("/")[1][:-3], article(p, 1).split("/")[1][:-3]
    edit(p, SPEC, f"- content: {second}", f"- content: {first}")
    line = [n for n, text in enumerate((p / SPEC).read_text(encoding="utf-8").split("\n"), 1)
            if f"content: {first}" in text][1]
    return [Expect("opinion.yaml", line, f"article '{first}' is placed twice", "place each article once")]


# --- content files ----------------------------------------------------------------------------

@case
def content_without_front_matter(p: Path) -> list[Expect]:
    rel = article(p)
    path = p / rel
    path.write_text(path.read_text(encoding="utf-8").split("---", 2)[2].lstrip("\n"), encoding="utf-8")
    return [Expect(rel.split("/")[1], 1, "missing front matter", "start the file with a line '---'", col=1)]


@case
def content_unknown_field(p: Path) -> list[Expect]:
    rel = article(p)
    edit(p, rel, "title:", "auther: 李白\ntitle:")
    return [Expect(rel.split("/")[1], line_of(p, rel, "auther"), "unknown front-matter field 'auther'",
                   "did you mean 'author'?", col=1)]


@case
def content_empty_body(p: Path) -> list[Expect]:
    rel = article(p)
    path = p / rel
    head = path.read_text(encoding="utf-8").split("---", 2)[1]
    path.write_text(f"---{head}---\n\n", encoding="utf-8")
    return [Expect(rel.split("/")[1], head.count("\n") + 2, "the article has no body text", "write the paragraphs")]


@case
def content_in_gb18030(p: Path) -> list[Expect]:
    rel = article(p)
    path = p / rel
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return [Expect(rel.split("/")[1], 2, "file is not UTF-8", "iconv -f GB18030 -t UTF-8")]


@case
def content_control_character(p: Path) -> list[Expect]:
    rel = article(p)
    line = body_line(p, rel)
    lines = (p / rel).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1][:5] + "\x07" + lines[line - 1][5:]
    (p / rel).write_text("\n".join(lines), encoding="utf-8")
    return [Expect(rel.split("/")[1], line, "control character U+0007", "invisible", col=6)]


@case
def content_front_matter_not_closed(p: Path) -> list[Expect]:
    rel = article(p)
    path = p / rel
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)  # drop the closing fence and the body's blank lines
    path.write_text(head + "\n" + body.replace("\n\n", "\n"), encoding="utf-8")
    return [Expect(rel.split("/")[1], 1, "front matter is not closed", "add a line '---'")]


@case
def content_list_in_body(p: Path) -> list[Expect]:
    rel = article(p)
    line = body_line(p, rel)
    lines = (p / rel).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = "- " + lines[line - 1]
    (p / rel).write_text("\n".join(lines), encoding="utf-8")
    return [Expect(rel.split("/")[1], line, "lists are not supported", "escape it")]


@case
def content_without_title(p: Path) -> list[Expect]:
    rel = article(p)
    edit(p, rel, "title:", "kicker:")
    return [Expect(rel.split("/")[1], 1, "front matter has no title", "add a line 'title: …'")]


# --- fonts ----------------------------------------------------------------------------------

FONTS = "fonts/fonts.yaml"


@case
def font_file_missing(p: Path) -> list[Expect]:
    edit(p, FONTS, "file: LXGWWenKai-Regular.ttf", "file: FZKTK.TTF")
    return [Expect("fonts.yaml", line_of(p, FONTS, "FZKTK"), "font file 'FZKTK.TTF' not found on the search path",
                   col=col_of(p, FONTS, "FZKTK"))]


@case
def font_file_garbage(p: Path) -> list[Expect]:
    (p / "fonts/files").mkdir()
    (p / "fonts/files/FZKTK.TTF").write_bytes(os.urandom(4096))
    edit(p, FONTS, "file: LXGWWenKai-Regular.ttf", "file: FZKTK.TTF")
    return [Expect("fonts.yaml", line_of(p, FONTS, "FZKTK"), "is not a font file (corrupt or wrong format)")]


@case
def font_file_truncated(p: Path) -> list[Expect]:
    # A cut-off copy of a real font used to load with no characters: every character then
    # came silently from the fallback fonts and the page built "fine".
    (p / "fonts/files").mkdir()
    source = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
    with source.open("rb") as f:
        (p / "fonts/files/FZKTK.TTF").write_bytes(f.read(20_000))
    edit(p, FONTS, "file: LXGWWenKai-Regular.ttf", "file: FZKTK.TTF")
    return [Expect("fonts.yaml", line_of(p, FONTS, "FZKTK"), "is damaged: table", "truncated")]


@case
def ttc_face_not_in_collection(p: Path) -> list[Expect]:
    edit(p, FONTS, "face: Noto Serif CJK SC\n", "face: Noto Serif CJK XX\n")
    return [Expect("fonts.yaml", line_of(p, FONTS, "CJK XX"), "face 'Noto Serif CJK XX' is not in NotoSerifCJK-Regular.ttc",
                   "available faces: Noto Serif CJK JP")]


@case
def font_entry_key_typo(p: Path) -> list[Expect]:
    edit(p, FONTS, "file: LXGWWenKai-Regular.ttf", "fil: LXGWWenKai-Regular.ttf")
    line = line_of(p, FONTS, "fil: LXGW")
    return [Expect("fonts.yaml", line, "unknown key 'fil' in font entry", "did you mean 'file'?", col=5),
            Expect("fonts.yaml", line, "a font entry needs 'file:'")]


# --- the edition file next to the spec (it fills the header) ----------------------------------

EDITION = "layout/edition.yaml"


@case
def edition_impossible_date(p: Path) -> list[Expect]:
    # 2024-13-45 matches YAML's date pattern; it used to end in "internal error: ValueError".
    text = (p / EDITION).read_text(encoding="utf-8")
    date_line = next(line for line in text.split("\n") if line.startswith("date:"))
    edit(p, EDITION, date_line, "date: 2024-13-45")
    return [Expect("edition.yaml", line_of(p, EDITION, "2024-13-45"), "bad YAML value '2024-13-45'", "YYYY-MM-DD", col=7)]


@case
def edition_unknown_key(p: Path) -> list[Expect]:
    edit(p, EDITION, "editor:", "editer:")
    return [Expect("edition.yaml", line_of(p, EDITION, "editer"), "unknown key 'editer' in edition", "did you mean 'editor'?")]


# --- a character in no font -----------------------------------------------------------------

@case
def character_in_no_font(p: Path) -> list[Expect]:
    rel = article(p)
    line = body_line(p, rel)
    lines = (p / rel).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1][:3] + "\ue000" + lines[line - 1][3:]  # Private Use Area: no font has it
    (p / rel).write_text("\n".join(lines), encoding="utf-8")
    return [Expect(rel.split("/")[1], line, "U+E000", "fallback", col=4)]


# --- several problems in one run --------------------------------------------------------------

@case
def several_problems_in_one_content_file(p: Path) -> list[Expect]:
    rel = article(p)
    edit(p, rel, "title:", "auther: 李白\ntitle:")
    line = body_line(p, rel)
    lines = (p / rel).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1][:2] + "\x0b" + lines[line - 1][2:]
    lines.append("| a | b |\n|---|---|\n| 1 | 2 |")
    (p / rel).write_text("\n".join(lines), encoding="utf-8")
    name = rel.split("/")[1]
    return [Expect(name, line_of(p, rel, "auther"), "unknown front-matter field"),
            Expect(name, line, "control character U+000B", col=3),
            Expect(name, len(lines), "tables are not supported")]


@case
def several_content_files_broken(p: Path) -> list[Expect]:
    first, second = article(p, 0), article(p, 2)
    edit(p, first, "title:", "titel: x\ntitle:")
    path = p / second
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return [Expect(first.split("/")[1], line_of(p, first, "titel"), "unknown front-matter field 'titel'"),
            Expect(second.split("/")[1], 2, "file is not UTF-8")]


@case
def several_font_problems(p: Path) -> list[Expect]:
    edit(p, FONTS, "file: LXGWWenKai-Regular.ttf", "file: FZKTK.TTF")
    edit(p, FONTS, "face: Noto Sans CJK SC Bold", "face: Noto Sans CJK SC Heavy")
    return [Expect("fonts.yaml", line_of(p, FONTS, "FZKTK"), "font file 'FZKTK.TTF' not found"),
            Expect("fonts.yaml", line_of(p, FONTS, "SC Heavy"), "face 'Noto Sans CJK SC Heavy' is not in")]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_at_its_place(project: Path, name: str) -> None:
    expected = CASES[name](project)
    found = failing_build(project)
    assert_reported(found, *expected)
    if name == "rect_column_zero_reported_once":
        assert len(found) == 1, [m.group(0) for m in found]
    assert not (project / "PWNED").exists()


def test_catalogue_is_complete() -> None:
    assert len(CASES) >= 30


def test_allowed_overlap_is_not_an_error(project: Path) -> None:
    """The counterpart of tests/spec's overlap refusal: allow_overlap: true lets frames overlap."""
    from projects import run_zzprint

    text = (project / SPEC).read_text(encoding="utf-8")
    first = text.index("rects: [{col: ", text.index("articles:"))
    second = text.index("rects: [{col: ", first + 1)
    col = int(text[second:].split("col: ")[1].split(",")[0])
    span_at = text.index("span: ", first)
    span_end = text.index(",", span_at)
    text = text[:span_at] + f"span: {col}" + text[span_end:]  # the first frame now reaches into the second's column
    text = text.replace("  - content: ", "  - allow_overlap: true\n    content: ", 1)
    (project / SPEC).write_text(text, encoding="utf-8")
    result = run_zzprint("fit", SPEC, cwd=project)
    assert result.returncode in (0, 1), result.stderr
    assert "overlaps" not in result.stderr and "Traceback" not in result.stderr
