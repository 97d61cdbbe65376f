"""Each composition rule of docs §1–§7 on a small hand-made paragraph.

Advances: Han and full-width marks 1.0, ASCII letters and digits 0.5, space 0.3.
"""

from __future__ import annotations

import pytest
from text_helpers import clusters, line_texts

from zzprint.text import Cluster, Line, Settings, set_paragraph
from zzprint.text.classes import CharClass, classify

NO_INDENT = Settings(indent=0.0)
HAN = "一二三四五六七八九十百千万亿兆京"


def lines_of(text: str, measure, settings: Settings = NO_INDENT) -> list[str]:
    return line_texts(text, set_paragraph(clusters(text), measure, settings))


def one_line(text: str, settings: Settings = NO_INDENT) -> Line:
    """Set on a wide measure: one ragged last line at natural widths."""
    para = set_paragraph(clusters(text), 100.0, settings)
    assert len(para.lines) == 1
    return para.lines[0]


def advance_after(text: str, i: int, settings: Settings = NO_INDENT) -> float:
    """Distance from cluster i's origin to cluster i+1's origin on one natural line."""
    x = one_line(text, settings).x
    return x[i + 1] - x[i]


# --- §1 classes ---------------------------------------------------------------------------


def test_curly_quotes_in_chinese_are_open_and_close_full_width():
    """“ ” ‘ ’ are OPEN/CLOSE, and at advance 1.0 they carry a ½-em blank [I18N-Q]."""
    assert [classify(q) for q in "“‘”’"] == [CharClass.OPEN] * 2 + [CharClass.CLOSE] * 2
    # 字“字 — the quote's blank is on its left: nothing removed mid-line.
    assert advance_after("字“字”字", 1) == pytest.approx(1.0)
    assert advance_after("字“字”字", 3) == pytest.approx(1.0)


# --- §2 kinsoku ------------------------------------------------------------------------------


def test_stop_never_starts_a_line_even_when_the_line_would_fit_exactly():
    """一二三四|，五六七 would fit 4 em exactly; the comma must not start line 2."""
    for level in ("basic", "gb", "strict"):
        got = lines_of("一二三四，五六七八", 4, Settings(indent=0, kinsoku=level))
        assert all(not line.startswith("，") for line in got), (level, got)


def test_level_none_lets_a_mark_start_a_line():
    assert lines_of("一二三四，五六七", 4, Settings(indent=0, kinsoku="none"))[1][0] == "，"


def test_solidus_may_end_a_line_at_basic_but_not_at_gb():
    text = "一二三四/五六七八九"
    assert lines_of(text, 4.5, Settings(indent=0, kinsoku="basic"))[0] == "一二三四/"
    assert all(not s.endswith("/") for s in lines_of(text, 4.5, NO_INDENT))


def test_two_em_dash_starts_a_line_only_below_gb():
    """docs/typesetting.md §12: —— stays with the text before it at gb and strict."""
    text = "一二三四——五六"
    assert lines_of(text, 4, Settings(indent=0, kinsoku="basic"))[1].startswith("——")
    for level in ("gb", "strict"):
        got = lines_of(text, 4, Settings(indent=0, kinsoku=level))
        assert all(not s.startswith("——") for s in got), (level, got)
        assert all("——" in s or "—" not in s for s in got)  # and never split
    # An ellipsis may still start a line at gb.
    assert lines_of("一二三四……五六", 4, NO_INDENT)[1].startswith("……")


def test_closing_run_stays_with_the_character_before():
    """。”） as a whole run follows 四: no line starts with any of them."""
    got = lines_of("一二三四。”）五六七八", 4, NO_INDENT)
    assert all(s[0] not in "。”）" for s in got)
    assert any("四。”）" in s for s in got)


def test_opening_run_stays_with_the_character_after():
    got = lines_of("一二三（“四五六七", 4, NO_INDENT)
    assert all(not s.endswith(("（", "“")) for s in got[:-1])
    assert any(s.startswith("（“四") or "（“四" in s for s in got)


# --- §3 unbreakable units --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("一二三四——五六七", "——"),
        ("一二三四……五六七", "……"),
        ("一二三长3.14米四", "3.14"),
        ("一二三共1,000元", "1,000"),
        ("一二三增长12.5％了", "12.5％"),
        ("一二三气温25℃了", "25℃"),
        ("一二用Python语言写", "Python"),
        ("一二三四km/h五", "km/h"),
    ],
)
def test_unit_is_never_split_nor_letter_spaced(text, unit):
    start = text.index(unit)
    for measure in (3, 3.5, 4, 4.5, 5, 6):
        para = set_paragraph(clusters(text), measure, NO_INDENT)
        holder = [ln for ln in para.lines if ln.start <= start < ln.end]
        assert len(holder) == 1
        line = holder[0]
        if para.problems:
            continue  # a unit wider than the measure is reported instead
        assert line.end >= start + len(unit), (measure, line_texts(text, para))
        xs = line.x[start - line.start : start - line.start + len(unit)]
        widths = [clusters(unit)[k].advance for k in range(len(unit) - 1)]
        assert [b - a for a, b in zip(xs, xs[1:])] == pytest.approx(widths)


def test_unit_longer_than_the_measure_is_reported_and_set():
    text = "一二ABCDEFGHIJKLMNOPQRSTUVWXYZ三四"
    para = set_paragraph(clusters(text), 6, NO_INDENT)
    assert any("ABCDEFGHIJKLMNOPQRSTUVWXYZ" in p for p in para.problems)
    assert [i for ln in para.lines for i in range(ln.start, ln.end)] == list(range(len(text)))


def test_url_breaks_only_after_a_slash_and_is_reported_when_too_long():
    url = "https://www.example.com/news/2024/opinion/zhuzhou-science-park"
    text = "详见" + url + "。"
    para = set_paragraph(clusters(text), 8, NO_INDENT)
    start = text.index(url)
    for ln in para.lines:
        if start < ln.end < start + len(url):  # a break inside the URL
            assert text[ln.end - 1] == "/" or text[ln.end] in "?&#.", line_texts(text, para)
    assert any("unit" in p for p in para.problems)
    assert sum(len(ln) for ln in para.lines) == len(text)


# --- §4 punctuation compression -----------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "text", "i", "span"),
    [
        # span: room the marks take, from the end of 字 before to the origin of 字 after
        ("quanjiao", "字。”字", 1, 1.5),  # STOP + CLOSE: first loses right ½
        ("quanjiao", "字）。字", 1, 1.5),  # CLOSE + STOP
        ("quanjiao", "字”）字", 1, 1.5),  # CLOSE + CLOSE
        ("quanjiao", "字（“字", 1, 1.5),  # OPEN + OPEN: second loses left ½
        ("quanjiao", "字，“字", 1, 1.5),  # STOP + OPEN: one facing blank removed
        ("quanjiao", "字）（字", 1, 1.5),  # CLOSE + OPEN
        ("quanjiao", "字？！字", 1, 1.0),  # ？！ together 1 em [GB 5.1.2]
        ("quanjiao", "字？！？字", 1, 2.0),  # three marks 2 em
        ("quanjiao", "字，字", 1, 1.0),  # a lone mark mid-line stays full
        ("kaiming", "字，字", 1, 0.5),  # ，、；： ½
        ("kaiming", "字。字", 1, 1.0),  # 。？！ whole
        ("kaiming", "字。”字", 1, 1.0),  # earlier mark ½, ” already ½
        ("kaiming", "字（字", 1, 0.5),  # brackets ½
        ("banjiao", "字。字", 1, 0.5),  # everything ½
        ("banjiao", "字，“字", 1, 1.0),
        ("hangmo", "字。”字", 1, 2.0),  # no pair compression
        ("plain", "字。”字", 1, 2.0),
    ],
)
def test_compression_of_marks_by_style(style, text, i, span):
    settings = Settings(indent=0, punctuation=style)
    x = one_line(text, settings).x
    j = i + 1
    while text[j] in "。，、；：？！“”（）":
        j += 1
    assert x[j] - (x[i - 1] + 1.0) == pytest.approx(span)


def test_opening_mark_after_an_open_loses_its_left_half_by_moving_its_origin():
    x = one_line("字（“字").x
    assert x[2] == pytest.approx(1.5)  # “ drawn at its natural advance, origin ½ em left
    assert x[3] == pytest.approx(2.5)


def test_opening_mark_at_line_start_loses_its_left_half_also_after_the_indent():
    text = "“一二三四五六”七八九十百千万"
    para = set_paragraph(clusters(text), 6, Settings(indent=2))
    assert para.lines[0].x[0] == pytest.approx(1.5)  # ink starts right at the indent
    assert para.lines[0].x[1] == pytest.approx(2.5)
    later = "一二三四五六“七八九十百千万亿"
    para = set_paragraph(clusters(later), 6, NO_INDENT)
    second = para.lines[1]
    assert later[second.start] == "“"
    assert second.x[0] == pytest.approx(-0.5)
    assert second.x[1] == pytest.approx(0.5)


def test_plain_style_keeps_the_left_half_at_line_start():
    para = set_paragraph(clusters("“一二三”"), 10, Settings(indent=2, punctuation="plain"))
    assert para.lines[0].x[0] == pytest.approx(2.0)


def test_mark_ending_a_line_is_set_half_and_the_line_is_flush():
    text = "一二三四。五六七八九"
    para = set_paragraph(clusters(text), 4.5, NO_INDENT)
    first = para.lines[0]
    assert line_texts(text, para)[0] == "一二三四。"
    assert first.x[-1] == pytest.approx(4.0)
    assert first.right == pytest.approx(4.5) and first.natural == pytest.approx(4.5)


def test_plain_style_keeps_a_full_em_at_line_end():
    para = set_paragraph(clusters("一二三四。五六七八九"), 5, Settings(indent=0, punctuation="plain"))
    assert para.lines[0].natural == pytest.approx(5.0)
    assert para.lines[0].ratio == pytest.approx(0.0)


def test_same_pair_is_treated_the_same_on_every_line():
    """。” is 1.5 em wherever it falls: consistent across the paragraph."""
    text = ("一二三四五六七。”八九" * 4)
    para = set_paragraph(clusters(text), 9, NO_INDENT)
    spans = []
    for ln in para.lines:
        for k in range(ln.start, ln.end - 2):
            if text[k : k + 2] == "。”":
                spans.append(ln.x[k + 1 - ln.start] - ln.x[k - ln.start])
    assert spans and all(s == pytest.approx(spans[0]) for s in spans)


# --- §5 adjustment ---------------------------------------------------------------------------


def test_push_in_before_push_out():
    """一二，三四。 fits 5 em by setting ， ½; pushing 四 down would stretch instead."""
    text = "一二，三四。五六七八九十"
    para = set_paragraph(clusters(text), 5, NO_INDENT)
    assert line_texts(text, para)[0] == "一二，三四。"
    assert para.lines[0].shrink == pytest.approx(0.5)
    assert para.lines[0].x[3] == pytest.approx(2.5)  # 三 follows a ½-em comma


def test_stretch_is_equal_between_characters_and_never_beside_marks_or_in_units():
    text = "一二三四五六七，八九十12345百千万亿兆京"
    para = set_paragraph(clusters(text), 11, NO_INDENT)
    for ln in para.lines[:-1]:
        assert ln.right == pytest.approx(ln.width, abs=1e-6)
        gaps = [b - a for a, b in zip(ln.x, ln.x[1:])]
        segment = text[ln.start : ln.end]
        han_gaps = [g for k, g in enumerate(gaps) if segment[k] in HAN and segment[k + 1] in HAN]
        assert max(han_gaps) - min(han_gaps) < 1e-9
        for k, g in enumerate(gaps):
            if segment[k].isdigit() and segment[k + 1].isdigit():
                assert g == pytest.approx(0.5)  # never letter-spaced inside a number
            if segment[k] == "，":
                assert g == pytest.approx(1.0)  # no stretch against the comma's blank


def test_cjk_latin_space_is_quarter_em_none_at_edges_none_by_stop_marks():
    x = one_line("中文AB中文").x
    assert x[2] - x[1] == pytest.approx(1.25)
    assert x[4] - x[3] == pytest.approx(0.75)
    x = one_line("中文，AB。").x
    assert x[3] - x[2] == pytest.approx(1.0)
    assert x[5] - x[4] == pytest.approx(0.5)
    para = set_paragraph(clusters("一二三四AB五六七八"), 4, NO_INDENT)
    assert all(ln.x[0] == pytest.approx(0.0) for ln in para.lines)


def test_cjk_latin_space_is_clamped_to_an_eighth_and_a_half():
    assert Settings(cjk_latin_space=1.0).cjk_latin_space == 0.5
    assert Settings(cjk_latin_space=0.0).cjk_latin_space == 0.125
    x = one_line("中A", Settings(indent=0, cjk_latin_space=2)).x
    assert x[1] == pytest.approx(1.5)


def test_last_line_is_start_aligned_and_never_stretched():
    text = HAN + "一二三四"
    para = set_paragraph(clusters(text), 8, NO_INDENT)
    last = para.lines[-1]
    assert last.is_last and last.stretch == 0 and last.ratio == 0
    assert [b - a for a, b in zip(last.x, last.x[1:])] == pytest.approx([1.0] * (len(last) - 1))


def test_centred_last_line_for_labels():
    para = set_paragraph(clusters("经济观察"), 10, Settings(indent=0, last_line="center"))
    assert para.lines[0].x[0] == pytest.approx(3.0)


def test_justified_last_line():
    para = set_paragraph(clusters("经济观察"), 7, Settings(indent=0, last_line="justify"))
    assert para.lines[0].right == pytest.approx(7.0)


def test_first_line_indent_is_two_em_and_lines_are_flush():
    text = HAN * 3
    para = set_paragraph(clusters(text), 13, Settings())
    assert para.lines[0].x[0] == pytest.approx(2.0)
    for ln in para.lines[:-1]:
        assert ln.right == pytest.approx(13.0, abs=1e-6)
    assert all(ln.on_grid for ln in para.lines)


# --- 孤字 ----------------------------------------------------------------------------------------


def test_single_character_last_line_is_avoided():
    text = HAN[:14]
    assert lines_of(text, 13, Settings(indent=0, avoid_orphans=False))[-1] == HAN[13]
    got = lines_of(text, 13, NO_INDENT)
    assert len(got[-1]) >= 2


def test_character_plus_mark_last_line_is_avoided():
    text = HAN[:13] + "。"
    got = lines_of(text, 13, NO_INDENT)
    assert len(got[-1].rstrip("。")) >= 2, got


# --- measures, hanging, empty ---------------------------------------------------------------


def test_measure_sequence_sets_each_line_to_its_width():
    text = HAN * 3
    para = set_paragraph(clusters(text), [6, 4], NO_INDENT)
    assert [ln.width for ln in para.lines[:3]] == [6, 4, 4]
    assert [len(ln) for ln in para.lines[:3]] == [6, 4, 4]


def test_hanging_comma_goes_past_the_edge_only_when_enabled():
    text = "一二三四五，六七八九十"
    para = set_paragraph(clusters(text), 5, Settings(indent=0, hanging=True))
    first = para.lines[0]
    assert line_texts(text, para)[0] == "一二三四五，"
    assert first.hung == 5 and first.x[-1] == pytest.approx(5.0)
    plain = set_paragraph(clusters(text), 5, NO_INDENT)
    assert all(ln.hung is None for ln in plain.lines)
    assert all(max(ln.x) < 5.0 for ln in plain.lines)


def test_empty_paragraph_gives_one_empty_line():
    para = set_paragraph([], 13)
    assert len(para.lines) == 1 and para.lines[0].x == ()


def test_latin_text_breaks_at_spaces_and_drops_the_space_at_the_edge():
    text = "the quick brown fox jumps over the lazy dog"
    para = set_paragraph(clusters(text), 6, NO_INDENT)
    for ln in para.lines[:-1]:
        assert text[ln.end - 1] == " " and text[ln.end] != " "
        assert ln.right == pytest.approx(6.0)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        Settings(kinsoku="loose")
    with pytest.raises(ValueError):
        set_paragraph([Cluster("一", 1.0)], 0)


def test_looseness_gains_or_loses_a_line_when_the_text_allows():
    """Copy-fitting: +1 spreads the paragraph over one more line, −1 over one fewer."""
    text = ("株洲工业底蕴深厚，创新优势明显，产业体系完整。" * 4)
    base = set_paragraph(clusters(text), 13)
    longer = set_paragraph(clusters(text), 13, looseness=1)
    shorter = set_paragraph(clusters(text), 13, looseness=-1)
    assert len(longer.lines) == len(base.lines) + 1
    assert len(shorter.lines) == len(base.lines) - 1
    for para in (longer, shorter):
        assert all(abs(ln.right - 13) < 1e-6 for ln in para.lines[:-1])
