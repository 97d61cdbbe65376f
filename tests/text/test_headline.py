"""Headline setting: one line if it fits, else balanced ragged lines at phrase breaks."""

from __future__ import annotations

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
    assert [len(ln) for ln in para.lines] == [11, 11]
    assert all(ln.stretch == 0 and ln.ratio == 0 for ln in para.lines)


def test_never_one_character_alone_nor_a_word_split():
    got = heads("株洲发布AIGC产业规划", 9)
    assert all(len(s.strip("，。")) >= 2 for s in got)
    assert any("AIGC" in s for s in got)


def test_too_many_lines_is_reported():
    para = set_headline(clusters("以高效优质的投资管理乘风破浪实现科技产业腾飞"), 6, max_lines=2)
    assert len(para.lines) == 4
    assert any("max_lines" in p for p in para.problems)
