"""Characters are never lost: a character the role's font lacks comes from the fallback
chain of fonts/fonts.yaml; a character in no font stops the build naming the character,
its code point, the article file and its line.  Characters, not UTF-16 code units, are
counted: 𠀁 is one column."""

from __future__ import annotations

from pathlib import Path

import pytest
from mini_project import REPO, build_and_read, make_project

from zzprint.content.markdown import load_article, text_position
from zzprint.errors import UserError
from zzprint.fonts.roles import load_fontset, uncovered_problems

# Ext A in Noto; Ext B in Noto; Ext B that Noto lacks (HanaMinA has it); Ext B only in HanaMinB;
# tone-marked pinyin; the ideographic space.
RARE = {"䶮": "U+4DAE", "𠊎": "U+2028E", "𪚥": "U+2A6A5", "𠀁": "U+20001", "ǎ": "U+01CE", "\u3000": "U+3000"}


def first_face_with(char: str, role: str) -> str:
    fonts = load_fontset(REPO / "fonts" / "fonts.yaml")
    return next(face.ref.name for face in fonts.chain(role) if face.has(char))


def test_rare_characters_are_drawn_from_the_fallback_chain(tmp_path: Path) -> None:
    body = "姓名䶮与𠊎、𪚥和𠀁同列，拼音yǎn，全角\u3000空格在此。"
    _, glyphs = build_and_read(make_project(tmp_path, body, title="𪚥䶮测试"))
    drawn = "".join(g.text for g in glyphs)
    assert drawn.startswith("𪚥䶮测试") and body in drawn, drawn  # every character, once, in order
    assert len(drawn) == len("𪚥䶮测试") + len(body)  # no extra glyphs: code points, not UTF-16 units
    body_glyphs = glyphs[len("𪚥䶮测试"):]
    for char in RARE:
        [glyph] = [g for g in body_glyphs if g.text == char]
        expected = first_face_with(char, "书宋")
        assert glyph.font.split("+")[-1].startswith(expected.replace(" ", "")[:12]), (char, glyph.font, expected)
    fonts = {g.text: g.font for g in body_glyphs}
    assert "HanaMin" in fonts["𪚥"] and "HanaMinB" in fonts["𠀁"]  # Noto lacks them
    assert "HanaMin" in glyphs[0].font  # the title's role (黑体) falls back too


def test_character_in_no_font_names_code_point_article_and_line(tmp_path: Path) -> None:
    spec = make_project(tmp_path, "第一段落。\n\n𠀁𪚥\ue000在私用区。")
    with pytest.raises(UserError) as caught:
        build_and_read(spec)
    [problem] = caught.value.problems
    assert "U+E000" in problem.message and "article sample" in problem.message
    assert problem.file.endswith("content/sample.md")
    assert (problem.line, problem.col) == (6, 3)  # 𠀁 and 𪚥 are one column each


def test_character_in_no_font_on_a_later_line_of_a_paragraph(tmp_path: Path) -> None:
    spec = make_project(tmp_path, "> 第一行，\n> 第二行有\ue000。")
    with pytest.raises(UserError) as caught:
        build_and_read(spec)
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (5, 7)


def test_text_position_maps_joined_text_back_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 标题\ue000\n---\n> 第一行，\n> 第二\\*行𠀁\ue000。\n\n## 小标题\ue000\n", encoding="utf-8")
    article = load_article(path)
    note, subhead = article.blocks
    assert text_position(path, note.line, note.text, note.text.index("\ue000")) == (5, 9)
    assert text_position(path, subhead.line, subhead.text, subhead.text.index("\ue000")) == (7, 7)
    assert text_position(path, article.line_of("title"), article.title, 2) == (2, 10)


def test_every_uncovered_character_of_every_article_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 标题\ue000\n---\n第一段\ue001。\n\n第二段\n接续\U000F0000。\n", encoding="utf-8")
    problems = uncovered_problems([load_article(path)], load_fontset(REPO / "fonts" / "fonts.yaml"))
    assert [(p.line, p.col, p.message.split()[1]) for p in problems] == [
        (2, 10, "U+E000"), (4, 4, "U+E001"), (7, 3, "U+F0000")]
