"""Values that used to crash zzprint (exit 3, "this is a bug") or were quietly changed, now exit 2
at their FILE:LINE:COL with a hint (issue #12): non-finite lengths, front matter nested
thousands deep, a .ttc header that asks for gigabytes, spans and lines outside their frame,
a body font without Chinese, and command-line numbers out of range."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from errors_helpers import SPEC, Expect, assert_reported, col_of, edit, failing_build, line_of
from projects import run_zzprint

HANAMIN_B = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")  # CJK Ext. B–F only: none of the common characters
FONTS = "fonts/fonts.yaml"
ARTICLE = "content/03-jingji-guancha.md"


@pytest.mark.parametrize("old, new", [
    ("bleed: 3mm", "bleed: .nan"),
    ("bleed: 3mm", "bleed: .inf"),
    ("bleed: 3mm", "bleed: -.inf"),
    ("bleed: 3mm", "bleed: 1.0e+309"),  # YAML reads it as a float: infinity
    ("bleed: 3mm", "bleed: 1e309"),  # YAML 1.1 reads it as text
    ("gutter: 1字", "gutter: .NaN"),
    ("size: 26pt", "size: .nan"),
    ("size: 26pt", "size: " + "9" * 400 + "pt"),
    ("size: 26pt", "size: 1.0e+300"),
])
def test_a_length_that_is_no_number_or_boundless_is_reported_at_its_value(project: Path, old: str, new: str) -> None:
    edit(project, SPEC, old, new)
    value = new.split(": ")[-1]
    found = failing_build(project)
    assert_reported(found, Expect("opinion.yaml", line_of(project, SPEC, new), "", "accepted forms",
                                  col=col_of(project, SPEC, value)))
    assert any(word in m["what"] for m in found for word in ("not a finite number", "unknown length", "largest PDF page"))


@pytest.mark.parametrize("nesting", [
    "summary: " + "[" * 5000 + "]" * 5000,
    "summary: " + "{a: " * 5000 + "}" * 5000,
    "summary:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1200)) + " " * 1201 + "v",
])
def test_front_matter_nested_thousands_deep_is_refused_at_its_line(project: Path, nesting: str) -> None:
    path = project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace("\nsummary: ", f"\n{nesting}\nsubtitle: ", 1), encoding="utf-8")
    found = failing_build(project)
    lines = [int(m["line"]) for m in found if m["file"].endswith(ARTICLE) and "front matter" in m["what"]]
    first = line_of(project, ARTICLE, "summary:")
    assert lines and all(first <= n <= first + 1201 for n in lines), [m.group(0) for m in found]


def _ttc(count: int, offsets: list[int], size: int) -> bytes:
    head = b"ttcf" + struct.pack(">HHI", 1, 0, count) + b"".join(struct.pack(">I", o) for o in offsets)
    return head + b"\0" * (size - len(head))


@pytest.mark.parametrize("font, what", [
    (_ttc(0x40000000, [], 64), "claims 1073741824 faces"),  # would have asked for a 4 GiB read
    (_ttc(3, [12 + 12, 1 << 31, 1 << 20], 1024), "the face at byte 2147483648 is cut off"),
    (_ttc(600, [], 8192), "claims 600 faces"),
])
def test_a_crafted_collection_header_is_refused_before_it_is_read(project: Path, font: bytes, what: str) -> None:
    (project / "fonts" / "files").mkdir(exist_ok=True)
    (project / "fonts" / "files" / "Evil.ttc").write_bytes(font)
    edit(project, FONTS, "file: LXGWWenKai-Regular.ttf", "file: Evil.ttc")
    found = failing_build(project)
    assert_reported(found, Expect("fonts.yaml", line_of(project, FONTS, "Evil.ttc"), what, "replace the file",
                                  col=col_of(project, FONTS, "Evil.ttc")))


@pytest.mark.parametrize("old, new, key, what, hint", [
    ("headline: {lines: 5, style: title-lead", "headline: {lines: 5, span: 7, style: title-lead", "span: 7",
     "headline of '01-diaocha-yanjiu' spans 7 columns but its first frame spans 5", "at most 5"),
    ("line: 1, lines: 54}]\n    headline: {lines: 5,", "line: 1, lines: 20}]\n    headline: {lines: 20,", "lines: 20,",
     "headline area of '01-diaocha-yanjiu' takes 20 lines but its first frame has 20", "at most 19"),
    ("summary: {col: 1, span: 2}", "summary: {col: 3, span: 1}", "col: 3",
     "summary of '03-jingji-guancha' starts in column 3 but its first frame has 2", "1 to 2"),
    ("summary: {col: 1, span: 2}", "summary: {col: 1, span: 9}", "span: 9",
     "summary of '03-jingji-guancha' spans columns 1–9 but its first frame has 2", "at most 2"),
    ("summary: {col: 1, span: 2}", "summary: {col: 1, span: 2, line: 36}", "line: 36",
     "summary of '03-jingji-guancha' starts on line 36 below the headline, but the first frame has 35 lines there",
     "at most 35"),
    ("summary: {col: 1, span: 2}", "summary: {col: 1, span: 2, line: 30, lines: 9}", "lines: 9",
     "summary of '03-jingji-guancha' takes lines 30–38 below the headline, but the first frame has 35 lines there",
     "at most 35"),
])
def test_a_headline_or_summary_outside_its_frame_is_refused_not_clamped(project: Path, old, new, key, what, hint) -> None:
    """The page engine used to clamp these (a span to the frame's, a box past its column); now the
    spec is refused at the value."""
    edit(project, SPEC, old, new)
    found = failing_build(project)
    line = line_of(project, SPEC, new.split("\n")[-1])
    column = (project / SPEC).read_text(encoding="utf-8").split("\n")[line - 1].index(key) + key.index(": ") + 3
    assert_reported(found, Expect("opinion.yaml", line, what, hint, col=column))


def test_a_body_font_without_chinese_is_an_error_naming_role_and_file(project: Path) -> None:
    (project / "fonts" / "files").mkdir(exist_ok=True)
    shutil.copyfile(HANAMIN_B, project / "fonts" / "files" / "Body.ttf")
    edit(project, FONTS, "file: NotoSerifCJK-Regular.ttc\n    face: Noto Serif CJK SC\n", "file: Body.ttf\n")
    found = failing_build(project)
    assert_reported(found, Expect("fonts.yaml", line_of(project, FONTS, "Body.ttf"), "font role 书宋 (body text) uses Body.ttf",
                                  "Chinese font", col=col_of(project, FONTS, "Body.ttf")))
    assert any("lacks" in m["what"] or "no Chinese" in m["what"] for m in found)


@pytest.mark.parametrize("args", [
    ("build", SPEC, "--page", "-1"), ("build", SPEC, "--page", "0"), ("build", SPEC, "--page", "100000"),
    ("build", SPEC, "--page", "3.5"), ("watch", SPEC, "--port", "70000"), ("watch", SPEC, "--port", "-1"),
])
def test_command_line_numbers_out_of_range_are_refused(project: Path, args: tuple[str, ...]) -> None:
    result = run_zzprint(*args, "-o", str(project / "out.pdf"), cwd=project) if args[0] == "build" \
        else run_zzprint(*args, cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"argument {args[2]}" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (project / "out.pdf").exists()


def test_thousands_of_characters_no_font_has_are_counted_not_each_placed(project: Path) -> None:
    """Each placed problem reads the article again: the first 20 are placed, the rest counted."""
    path = project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\ue000" * 3000 + "\n", encoding="utf-8")
    found = failing_build(project)
    placed = [m for m in found if "U+E000" in m["what"]]
    line = len(path.read_text(encoding="utf-8").split("\n")) - 1
    assert len(placed) == 20 and all(int(m["line"]) == line for m in placed)
    assert [int(m["col"]) for m in placed] == list(range(1, 21))
    assert_reported(found, Expect(ARTICLE, line, "and 2980 more characters of article 03-jingji-guancha are in no font",
                                  "build again", col=20))
