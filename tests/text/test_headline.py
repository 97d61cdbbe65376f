"""Headline setting: one line if it fits, else balanced ragged lines at phrase breaks."""

from __future__ import annotations

import unicodedata

import pytest
from text_helpers import clusters, line_texts

from zzprint.text import set_headline


def heads(text: str, measure: float, max_lines=None) -> list[str]:
    return line_texts(text, set_headline(clusters(text), measure, max_lines))


def test_fits_on_one_line():
    assert heads("株洲科技创新的启示", 12) == ["株洲科技创新的启示"]


def test_breaks_between_phrases_not_inside():
    assert heads("“合肥经验”对株洲科技创新的启示", 10) == ["“合肥经验”", "对株洲科技创新的启示"]
    assert heads("加强顶层设计，优化产业布局", 8) == ["加强顶层设计，", "优化产业布局"]


def test_lines_are_balanced_and_ragged():
    text = "以高效优质的投资管理乘风破浪实现科技产业腾飞"  # 22 Han, no phrase marks
    para = set_headline(clusters(text), 12)
    # 11 + 11 would split 乘风: the nearest word edge wins (…管理 / 乘风…).
    assert [len(ln) for ln in para.lines] == [10, 12]
    assert all(ln.stretch == 0 and ln.ratio == 0 for ln in para.lines)


def test_never_one_character_alone_nor_a_word_split():
    got = heads("株洲发布AIGC产业规划", 9)
    assert all(len(s.strip("，。")) >= 2 for s in got)
    assert any("AIGC" in s for s in got)


def test_too_many_lines_is_reported():
    para = set_headline(clusters("以高效优质的投资管理乘风破浪实现科技产业腾飞"), 6, max_lines=2)
    assert len(para.lines) == 4
    assert any("max_lines" in p for p in para.problems)


# The seed's six titles, segmented by hand into words and phrases: a line may break only
# between two of these pieces (issue 3: "小区治理经/验值得总结" must never happen).
SEED_TITLES = {
    "“合肥经验”对株洲科技创新的启示": ["“合肥经验”", "对", "株洲", "科技", "创新", "的", "启示"],
    "着力增强株洲国有企业党支部政治功能和组织功能": [
        "着力", "增强", "株洲", "国有", "企业", "党支部", "政治", "功能", "和", "组织", "功能"],
    "创新永远是企业破局之道": ["创新", "永远", "是", "企业", "破局", "之道"],
    "随礼“一斤肉” “礼”轻“祝福”重": ["随礼", "“一斤肉” ", "“礼”轻", "“祝福”重"],
    "“妈妈岗”为妈妈们就业创造更多可能": ["“妈妈岗”", "为", "妈妈们", "就业", "创造", "更多", "可能"],
    "“红色物业”小区治理经验值得总结": ["“红色物业”", "小区", "治理", "经验", "值得", "总结"],
}


def _edges(pieces: list[str]) -> set[int]:
    out, at = set(), 0
    for piece in pieces:
        at += len(piece)
        out.add(at)
    return out


@pytest.mark.parametrize("title", list(SEED_TITLES))
@pytest.mark.parametrize("measure", range(8, 15))
def test_seed_titles_break_only_between_words(title, measure):
    """Every break at a word edge; every line fits; no line of one character; balanced."""
    assert "".join(SEED_TITLES[title]) == title
    para = set_headline(clusters(title), measure)
    edges = _edges(SEED_TITLES[title])
    lines = line_texts(title, para)
    assert "".join(lines) == title
    for line in para.lines[:-1]:
        assert line.end in edges, f"{' / '.join(lines)}: break inside a word at {title[line.end - 1:line.end + 1]}"
    for line in para.lines:
        assert line.right <= measure + 1e-6 and line.overflow == 0
        assert sum(not unicodedata.category(ch).startswith(("P", "Z")) for ch in title[line.start:line.end]) >= 2
    widths = [line.right for line in para.lines]
    if len(widths) > 1:
        assert min(widths) >= 0.4 * max(widths), f"unbalanced: {' / '.join(lines)}"
    assert len(para.lines) <= 3
    assert not para.problems


def test_red_property_title_from_the_issue():
    """Issue 3's example: never “红色物业”小区治理经 / 验值得总结."""
    for measure in range(8, 15):
        got = heads("“红色物业”小区治理经验值得总结", measure)
        assert "小区治理经" not in got and all(not s.startswith("验") for s in got)
