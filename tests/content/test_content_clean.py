"""Importer rules on small hand-made inputs: punctuation table, joins, header reading, escaping, CLI hook."""

from __future__ import annotations

import pytest

from zzprint.content.clean import (
    escape_markdown,
    file_name,
    fix_punctuation,
    import_raw,
    normalise_punctuation,
    run_import,
    yaml_value,
)
from zzprint.content.markdown import parse_article
from zzprint.errors import UserError

# --------------------------------------------------------------------------- table A


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Chinese context: converted
        ("编号:ZZSK2024026", "编号：ZZSK2024026"),
        ("(作者单位:市委党校)", "（作者单位：市委党校）"),
        ("(一)核心驱动:确立科技创新的战略地位", "（一）核心驱动：确立科技创新的战略地位"),
        ("习近平总书记强调,要做好科技创新这篇文章", "习近平总书记强调，要做好科技创新这篇文章"),
        ("企业如何突出重围,逆势增长?", "企业如何突出重围，逆势增长？"),
        ("持续延伸产业链;依托", "持续延伸产业链；依托"),
        ("太好了!", "太好了！"),
        ("“科里科气”,合肥", "“科里科气”，合肥"),
        ("在AIGC,北斗等领域", "在AIGC，北斗等领域"),  # Latin before, Han after: Chinese sentence
        ("发展AIGC?", "发展AIGC？"),  # ends a line that contains Han
        ("生成式人工智能(AIGC)技术", "生成式人工智能（AIGC）技术"),
        ("（作者单位:市委党校)", "（作者单位：市委党校）"),  # partner already full-width
        ("中文 , 中文", "中文，中文"),  # spaces around a converted mark go
        # Latin and number contexts: kept
        ("ZZSK2024026", "ZZSK2024026"),
        ("积极融入省“4+4”科创工程", "积极融入省“4+4”科创工程"),
        ("增长3.5%", "增长3.5%"),
        ("晚上21:30开始", "晚上21:30开始"),
        ("详见http://a.b/c?d=1", "详见http://a.b/c?d=1"),
        ("在AIGC、北斗", "在AIGC、北斗"),
        ("共1,000元", "共1,000元"),
        ("函数f(x)", "函数f(x)"),
        ("Hello, world! Is it (really) you?", "Hello, world! Is it (really) you?"),
        ("a;b:c", "a;b:c"),
    ],
)
def test_punctuation_table(raw: str, expected: str) -> None:
    """Half-width marks become full-width exactly in Chinese context (table A)."""
    assert normalise_punctuation(raw) == expected


def test_punctuation_edits_record_positions_and_space_removals() -> None:
    """Each edit names its position in the original line; removed spaces are edits too."""
    text, edits = fix_punctuation("甲 , 乙:1")
    assert text == "甲，乙：1"
    assert [(e.index, e.before, e.after) for e in edits] == [(1, " ", ""), (2, ",", "，"), (3, " ", ""), (5, ":", "：")]


def test_substitution_columns_count_from_the_raw_line_start() -> None:
    """Report columns are raw columns: leading indentation and form-feed segments included."""
    raw = "标题一\n\n李四\n\n　　正文,继续。\n前文。\f后文,完。\n"
    result = import_raw(raw, "raw.txt")
    assert [(s.line, s.col, s.before, s.after) for s in result.substitutions] == [(5, 5, ",", "，"), (6, 7, ",", "，")]
    assert "5:5  ',' → '，'  …正文[,→，]继续。…" in result.report_text().splitlines()[-2]


# --------------------------------------------------------------------------- structure and joins

SMALL = """经济观察

测试标题在这里

张三

【这是摘要。】

第一段开头,在这里被分栏

打断了。

## 不是标题

一、第一部分

（一）小节标题
小节下面紧跟的段落。

第二段,结合岗位提供、员工

权益保障等情况。

(本文系测试课题的成果,编号:ZZSK2024026)

另一篇文章

李四

正文。(作者单位:市委党校)
"""


def test_small_page_structure() -> None:
    """Header lines become fields, numbered lines subheads, （本文系…） a note; two articles."""
    result = import_raw(SMALL, "small.txt")
    assert [a.file_name for a in result.articles] == ["01-jingji-guancha.md", "02-article.md"]
    first = parse_article(result.articles[0].text, "01-jingji-guancha.md")
    assert (first.section, first.title, first.author, first.summary) == ("经济观察", "测试标题在这里", "张三", "这是摘要。")
    assert [(b.kind, b.text) for b in first.blocks] == [
        ("para", "第一段开头，在这里被分栏打断了。"),
        ("para", "## 不是标题"),  # a literal '##' in raw text stays text
        ("subhead1", "一、第一部分"),
        ("subhead2", "（一）小节标题"),
        ("para", "小节下面紧跟的段落。"),
        ("para", "第二段，结合岗位提供、员工权益保障等情况。"),
        ("note", "（本文系测试课题的成果，编号：ZZSK2024026）"),
    ]
    second = parse_article(result.articles[1].text, "02-article.md")
    assert (second.section, second.title, second.author) == ("", "另一篇文章", "李四")
    assert [b.text for b in second.blocks] == ["正文。（作者单位：市委党校）"]  # inline unit stays inline


def test_small_page_joins_and_no_header_joins() -> None:
    """Exactly the two mid-sentence splits are joined; header lines and subheads never are."""
    result = import_raw(SMALL, "small.txt")
    assert [(j.first_line, j.second_line, j.tail, j.head) for j in result.joins] == [
        (9, 11, "头，在这里被分栏", "打断了。"),
        (20, 22, "合岗位提供、员工", "权益保障等情况。"),
    ]
    assert "first part is only" in result.joins[1].reason  # the short fragment is flagged for a check


def test_line_wrap_and_no_line_start_mark() -> None:
    """A paragraph continued on the next line (no blank) and a part starting with '，' are joined."""
    raw = "标题\n\n作者\n\n这是一个很长的段落，它在行尾没有句号\n而是在下一行继续。\n\n上一段完整。\n\n，这一段以逗号开头。\n"
    result = import_raw(raw, "raw.txt")
    assert [(j.first_line, j.second_line) for j in result.joins] == [(5, 6), (8, 10)]
    assert result.joins[0].reason.startswith("line wrap")
    assert "starts with '，'" in result.joins[1].reason


def test_label_after_title_and_kicker_subtitle_doubts() -> None:
    """A known label is found wherever it stands; extra header lines become kicker/subtitle with a doubt."""
    raw = "引题在这里\n\n主标题比较长一些的样子\n\n副题\n\n调查研究\n\n王五\n\n正文。\n"
    result = import_raw(raw, "raw.txt")
    article = parse_article(result.articles[0].text, "a.md")
    assert (article.kicker, article.title, article.subtitle, article.section, article.author) == (
        "引题在这里", "主标题比较长一些的样子", "副题", "调查研究", "王五")
    doubts = "\n".join(str(d) for d in result.doubts)
    assert "taken as the kicker" in doubts and "taken as the subtitle" in doubts


def test_lone_short_line_in_body_is_a_doubt_not_a_join() -> None:
    """A short line without punctuation inside a body is kept apart and reported."""
    raw = "标题\n\n作者\n\n第一段。\n\n结语\n\n最后一段。\n"
    result = import_raw(raw, "raw.txt")
    assert result.joins == ()
    assert any(d.line == 7 and "short line" in d.message for d in result.doubts)


def test_text_without_header_is_a_user_error() -> None:
    """A raw text starting with a long paragraph has no title: one-line UserError at its line."""
    with pytest.raises(UserError) as caught:
        import_raw("\n\n这是一个很长的段落，它不是标题，因为它有句号而且很长很长很长很长很长很长。\n", "raw.txt")
    assert str(caught.value).startswith("raw.txt:3:1: the raw text does not start with an article header — ")


def test_control_character_in_raw_text() -> None:
    with pytest.raises(UserError) as caught:
        import_raw("标题\n作者\n正文\x07。\n", "raw.txt")
    assert str(caught.value).startswith("raw.txt:3:3: control character U+0007 in the raw text — ")


def test_empty_raw_text() -> None:
    with pytest.raises(UserError, match="raw text is empty"):
        import_raw(" \n\n\t\n", "raw.txt")


# --------------------------------------------------------------------------- writing content files


@pytest.mark.parametrize(
    "text",
    ["- 不是列表", "1. 不是编号列表", "*不是强调*", "<b>不是HTML</b>", "# 不是标题", "> 不是注释", "[不是链接](x)",
     "`不是代码`", "&amp;不是实体", "末尾反斜杠\\", "---", "+ 加号", "=== 等号", "| 竖线 |", "2024) 年"],
)
def test_markdown_escaping_round_trips(text: str) -> None:
    """Raw text that looks like Markdown comes back from the parser unchanged."""
    content = f"---\ntitle: 标题\n---\n{escape_markdown(text)}\n"
    assert [b.text for b in parse_article(content, "a.md").blocks] == [text]


@pytest.mark.parametrize("text", ["“合肥经验”对株洲", "#号", "- 横线", "2024", "true", "a: b", "随礼“一斤肉” “礼”轻", "a\u2028b", '引号"和\\'])
def test_yaml_value_round_trips(text: str) -> None:
    content = f"---\ntitle: {yaml_value(text)}\n---\n正文。\n"
    assert parse_article(content, "a.md").title == text.strip()


def test_file_names_are_ascii() -> None:
    assert file_name(1, "调查研究") == "01-diaocha-yanjiu.md"
    assert file_name(12, "") == "12-article.md"
    assert file_name(3, "不认识的栏目") == "03-article.md"


# --------------------------------------------------------------------------- CLI hook


def test_run_import_writes_only_changed_files(tmp_path, capsys) -> None:
    """Files and report are written, the report printed; a second run rewrites nothing."""
    raw = tmp_path / "raw.txt"
    raw.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "content"
    assert run_import(raw, out) == 0
    printed = capsys.readouterr().out
    assert "== Joins (2)" in printed and "wrote 2 file(s)" in printed
    report = (out / "IMPORT-REPORT.txt").read_text(encoding="utf-8")
    assert report.startswith(f"zzprint import report: {raw} (")
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert run_import(raw, out) == 0
    assert "wrote 0 file(s)" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


def test_run_import_custom_report_path(tmp_path, capsys) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(SMALL, encoding="utf-8")
    assert run_import(raw, tmp_path / "out", tmp_path / "report.txt") == 0
    assert (tmp_path / "report.txt").exists() and not (tmp_path / "out" / "IMPORT-REPORT.txt").exists()


def test_run_import_user_error_exit_2(tmp_path, capsys) -> None:
    """A raw file in two encodings at once (UTF-8, then GBK): exit 2, one-line FILE:LINE:COL
    message on stderr at the first byte UTF-8 cannot read, nothing written."""
    raw = tmp_path / "raw.txt"
    raw.write_bytes("标题\n作者\n".encode() + "正文".encode("gbk"))
    assert run_import(raw, tmp_path / "out") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{raw}:3:1: the raw copy is neither UTF-8, UTF-16 nor GB 18030 text: "
                          "byte 0xD5 at byte offset 14 cannot be read as UTF-8")
    assert "\n" not in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_run_import_missing_file(tmp_path, capsys) -> None:
    assert run_import(tmp_path / "nope.txt", tmp_path / "out") == 2
    assert "nope.txt: file not found — check the path" in capsys.readouterr().err


def test_kept_marks_and_unmatched_brackets_are_doubts() -> None:
    """Half-width marks left in a Chinese line and unmatched brackets are listed for the editor."""
    raw = "标题\n\n作者\n\n会议定于21:30开始，详见http://a.b/c?d=1网站。\n\n这里有一个没配对的括号(注意。\n"
    doubts = [str(d) for d in import_raw(raw, "raw.txt").doubts]
    assert doubts == [
        "5: col 7: half-width ':' kept (Latin/number context) …会议定于21:30开始，详…",
        "5: col 19: half-width ':' kept (Latin/number context) …详见http://a.b/…",
        "5: col 27: half-width '?' kept (Latin/number context) …/a.b/c?d=1网站。…",
        "7: col 12: unmatched '(' (converted by its neighbours) …没配对的括号(注意。…",
    ]


def test_label_without_title_is_a_user_error() -> None:
    with pytest.raises(UserError) as caught:
        import_raw("正文之前\n\n作者\n\n正文。\n\n经济观察\n\n【摘要。】\n\n正文。\n", "raw.txt")
    assert str(caught.value) == "raw.txt:7:1: section label '经济观察' is not followed by a title — put the article's title on its own line next to the label"


def test_header_without_body_is_a_user_error() -> None:
    with pytest.raises(UserError) as caught:
        import_raw("标题一\n\n作者\n\n正文。\n\n标题二\n\n作者二\n", "raw.txt")
    assert str(caught.value).startswith("raw.txt:7:1: article 2 ('标题二') has no body text — ")
