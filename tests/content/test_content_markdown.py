"""Content-file parser: the blocks it builds and one-line FILE:LINE:COL messages for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from zzprint.content.markdown import load_article, load_articles
from zzprint.content.model import Article, Block
from zzprint.errors import UserError

GOOD = """---
section: 经济观察
title: 创新永远是企业破局之道
author: 王娜
summary: 掌握先机，首在创新。
---
在复杂严峻的外部环境下，
企业如何突出重围，逆势增长？

## 一、合肥经验

### （一）核心驱动：确立科技创新的战略地位

> （本文系2024年度……编号：ZZSK2024026）
"""


def write(tmp_path: Path, text: str | bytes, name: str = "a.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path, text: str | bytes) -> list[str]:
    """The problems of a bad file, each as printed, with the tmp folder cut off."""
    path = write(tmp_path, text)
    with pytest.raises(UserError) as caught:
        load_article(path)
    return [str(problem).replace(str(tmp_path) + "/", "") for problem in caught.value.problems]


def test_good_file(tmp_path: Path) -> None:
    """Front matter fields, block kinds and source lines; a soft line break joins with no space."""
    article = load_article(write(tmp_path, GOOD, "03-jingji.md"))
    assert article == Article(
        id="03-jingji",
        path=tmp_path / "03-jingji.md",
        section="经济观察",
        kicker="",
        title="创新永远是企业破局之道",
        subtitle="",
        author="王娜",
        summary="掌握先机，首在创新。",
        blocks=(
            Block("para", "在复杂严峻的外部环境下，企业如何突出重围，逆势增长？", 7),
            Block("subhead1", "一、合肥经验", 10),
            Block("subhead2", "（一）核心驱动：确立科技创新的战略地位", 12),
            Block("note", "（本文系2024年度……编号：ZZSK2024026）", 14),
        ),
        front_matter_lines={"section": 2, "title": 3, "author": 4, "summary": 5},
    )
    assert article.all_text() == [
        "经济观察", "创新永远是企业破局之道", "王娜", "掌握先机，首在创新。",
        "在复杂严峻的外部环境下，企业如何突出重围，逆势增长？", "一、合肥经验",
        "（一）核心驱动：确立科技创新的战略地位", "（本文系2024年度……编号：ZZSK2024026）",
    ]


def test_id_kicker_subtitle_crlf_and_bom(tmp_path: Path) -> None:
    text = "\ufeff---\r\nid: hefei\r\nkicker: 引题\r\ntitle: 主题\r\nsubtitle: 副题\r\n---\r\n正文。\r\n"
    article = load_article(write(tmp_path, text.encode("utf-8")))
    assert (article.id, article.kicker, article.title, article.subtitle, article.author) == ("hefei", "引题", "主题", "副题", "")
    assert article.blocks == (Block("para", "正文。", 7),)


def test_block_kind_is_checked() -> None:
    with pytest.raises(ValueError, match="unknown block kind"):
        Block("quote", "x", 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: 无分隔线\n---\n正文。\n",
         "a.md:1:1: missing front matter — start the file with a line '---', then 'title: …' (and section, author, summary), then '---'"),
        ("---\ntitle: 没有结束\n正文。\n", "a.md:1:1: front matter is not closed — add a line '---' after the last 'field: value' line"),
        ("---\nsection: 经济观察\n---\n正文。\n", "a.md:1:1: front matter has no title — add a line 'title: …' between the two --- lines"),
        ("---\ntitle: 标题\n---\n\n\n", "a.md:4:1: the article has no body text — write the paragraphs after the closing --- line"),
        ("---\ntitle: \n---\n正文。\n", "a.md:2:1: title is empty — write the headline after 'title:'"),
    ],
)
def test_front_matter_errors(tmp_path: Path, text: str, expected: str) -> None:
    assert messages(tmp_path, text) == [expected]


def test_malformed_yaml_gives_the_yaml_line(tmp_path: Path) -> None:
    """The YAML error is reported at its file line (front matter starts at line 2)."""
    [message] = messages(tmp_path, "---\nsection: 经济观察\ntitle: 标题\nauthor: [王娜\n---\n正文。\n")
    assert message.startswith("a.md:4:12: malformed front matter: expected ',' or ']'")
    [message] = messages(tmp_path, "---\ntitle: 标题\nsummary: 掌握先机: 首在创新\n---\n正文。\n")
    assert message.startswith("a.md:3:14: malformed front matter: mapping values are not allowed here — ")


def test_unknown_field_suggests_the_near_one(tmp_path: Path) -> None:
    assert messages(tmp_path, "---\ntitel: 标题\nauthr: 王娜\ncolour: red\n---\n正文。\n") == [
        "a.md:2:1: unknown front-matter field 'titel' — did you mean 'title'?",
        "a.md:3:1: unknown front-matter field 'authr' — did you mean 'author'?",
        "a.md:4:1: unknown front-matter field 'colour' — allowed fields: id, section, kicker, title, subtitle, author, summary",
        "a.md:1:1: front matter has no title — add a line 'title: …' between the two --- lines",
    ]


def test_field_values_must_be_text_and_unique(tmp_path: Path) -> None:
    got = messages(tmp_path, "---\ntitle: 2024\nauthor: 王娜\nauthor: 李军\nid: 中文\n---\n正文。\n")
    assert got[0].startswith("a.md:2:1: field 'title' must be text — put the value in quotes")
    assert got[1] == "a.md:4:1: field 'author' is given twice (first on line 3) — keep one of them"
    assert got[2].startswith("a.md:5:1: id '中文' is not a plain ASCII name — ")
    assert len(got) == 3  # a bad title value is not also reported as a missing title


def test_not_utf8_reports_line_of_the_bad_byte(tmp_path: Path) -> None:
    data = "---\ntitle: 标题\n---\n".encode() + "正文".encode("gb18030") + b"\n"
    assert messages(tmp_path, data) == [
        "a.md:4:1: file is not UTF-8: byte 0xD5 at byte offset 22 (column counted in bytes) — "
        "save the file as UTF-8 (from GBK/GB18030: iconv -f GB18030 -t UTF-8 FILE)"
    ]


def test_control_characters_with_line_and_column(tmp_path: Path) -> None:
    """Every control character but newline and tab is reported where it is, all at once."""
    got = messages(tmp_path, "---\ntitle: 标\x0b题\n---\n正文\x07。\n\t第二段\x1b\n")
    assert got == [
        "a.md:2:9: control character U+000B in the text — delete it (it is invisible in most editors)",
        "a.md:4:3: control character U+0007 in the text — delete it (it is invisible in most editors)",
        "a.md:5:5: control character U+001B in the text — delete it (it is invisible in most editors)",
    ]


def test_unsupported_markdown_each_at_its_line(tmp_path: Path) -> None:
    """Lists, tables, images, HTML and other headings are refused, all in one error."""
    body = "\n".join([
        "正文。",  # 5
        "",
        "- 一项",  # 7
        "",
        "| 甲 | 乙 |",  # 9
        "|---|---|",
        "| 1 | 2 |",
        "",
        "看图 ![图](x.png) 这里",  # 13
        "",
        "<div>块</div>",  # 15
        "",
        "# 一级标题",  # 17
        "",
        "1. 编号",  # 19
        "",
        "强调 *这里*",  # 21
    ])
    got = messages(tmp_path, f"---\ntitle: 标题\n---\n\n{body}\n")
    assert [message.split(" — ")[0] for message in got] == [
        "a.md:7:1: lists are not supported",
        "a.md:9:1: tables are not supported",
        "a.md:13:4: images are not supported",
        "a.md:15:1: HTML is not supported",
        "a.md:17:1: heading level 1 ('#') is not supported",
        "a.md:19:1: numbered lists are not supported",
        "a.md:21:4: emphasis is not supported",
    ]
    assert all(" — " in message and "\n" not in message for message in got)


def test_setext_heading_is_refused(tmp_path: Path) -> None:
    [message] = messages(tmp_path, "---\ntitle: 标题\n---\n正文\n---\n")
    assert message.startswith("a.md:4:1: underlined (setext) heading is not supported — ")


def test_load_articles_collects_all_files(tmp_path: Path) -> None:
    """Problems of several files come in one error; duplicate ids are refused."""
    write(tmp_path, GOOD, "01-a.md")
    write(tmp_path, "---\nid: 01-a\ntitle: 另一篇\n---\n正文。\n", "02-b.md")
    write(tmp_path, "no front matter\n", "03-c.md")
    with pytest.raises(UserError) as caught:
        load_articles(tmp_path)
    got = [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]
    assert got == [
        "02-b.md:2:1: article id '01-a' is already used by 01-a.md — give one of them another 'id:' or rename the file",
        "03-c.md:1:1: missing front matter — start the file with a line '---', then 'title: …' (and section, author, summary), then '---'",
    ]


def test_load_articles_by_id(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "01-a.md")
    write(tmp_path, "---\ntitle: 另一篇\n---\n正文。\n", "02-b.md")
    write(tmp_path, "not an article", "IMPORT-REPORT.txt")
    assert list(load_articles(tmp_path)) == ["01-a", "02-b"]


def test_load_articles_missing_or_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="content folder not found"):
        load_articles(tmp_path / "nope")
    with pytest.raises(UserError, match=r"no article files \(\*\.md\)"):
        load_articles(tmp_path)


def test_bold_lead_ins_become_strong_ranges(tmp_path: Path) -> None:
    """**…** marks text for the 'strong' character style, also where CommonMark would not close it (。**树)."""
    write(tmp_path, "---\ntitle: 标题\n---\n**织密覆盖网。**充分发扬传统，\n**延伸**动力轴。\\*\\*字面\n", "01-a.md")
    [block] = load_article(tmp_path / "01-a.md").blocks
    assert block.text == "织密覆盖网。充分发扬传统，延伸动力轴。**字面"
    assert [block.text[a:b] for a, b in block.strong] == ["织密覆盖网。", "延伸"]


def test_unclosed_bold_is_refused(tmp_path: Path) -> None:
    [message] = messages(tmp_path, "---\ntitle: 标题\n---\n正文\n\n**没有闭合的粗体\n")
    assert message.startswith("a.md:6:1: '**' opens bold text that is never closed — ")
