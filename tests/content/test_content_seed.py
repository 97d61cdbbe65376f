"""The real seed page (Zhuzhou Daily opinion page, six articles) through importer and parser."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from content_helpers import CONTENT, SEED, canonical, imported, seed_lines, seed_text  # noqa: F401 (fixtures)

from zzprint.content.clean import ImportResult, normalise_punctuation, run_import
from zzprint.content.markdown import load_articles, parse_article
from zzprint.content.model import Article


#: The six paragraphs the PDF's column breaks cut in mid-sentence: (end of part 1, start of part 2).
SEED_SPLITS = [
    ("重点人", "才工程"),
    ("九郎山职教科", "城职教资源"),
    ("融资租", "赁"),
    ("更注", "重情感"),
    ("员工", "权益保障"),
    ("小区", "今年5月"),
]

#: Headline parts of the six articles as the seed prints them (title kept with its space).
SEED_HEADERS = [
    ("调查研究", "“合肥经验”对株洲科技创新的启示", "曾芬琴", ""),
    ("", "着力增强株洲国有企业党支部政治功能和组织功能", "李白", ""),
    ("经济观察", "创新永远是企业破局之道", "王娜", "掌握先机，首在创新。"),
    ("", "随礼“一斤肉” “礼”轻“祝福”重", "严兴才", "真诚的祝福和质朴的情感才是人际交往中最值得珍视与传承的瑰宝。"),
    ("民生实事", "“妈妈岗”为妈妈们就业创造更多可能", "李毅哲", "“妈妈岗”的举措是一种积极的尝试和探索，为女性提供更多的就业机会和支持。"),
    ("基层治理", "“红色物业”小区治理经验值得总结", "李军", "组织红、队伍红、阵地红、机制红和服务红。"),
]


@pytest.fixture(scope="module")
def articles(imported: ImportResult) -> list[Article]:
    return [parse_article(a.text, a.file_name) for a in imported.articles]


def test_exactly_the_six_column_breaks_are_joined(imported: ImportResult, seed_lines) -> None:
    """Each known split is joined once, at the right raw lines, and nothing else is joined."""
    by_number = dict(seed_lines)
    assert len(imported.joins) == 6
    for join, (tail, head) in zip(imported.joins, SEED_SPLITS, strict=True):
        assert by_number[join.first_line].endswith(tail) and by_number[join.second_line].startswith(head)
        assert join.second_line == join.first_line + 2  # one blank line between the parts
        assert join.reason.startswith("column break")


def test_joined_paragraphs_in_content(articles: list[Article]) -> None:
    paragraphs = [b.text for a in articles for b in a.blocks]
    for tail, head in SEED_SPLITS:
        assert sum(tail + head in text for text in paragraphs) == 1


def test_headers(articles: list[Article]) -> None:
    """Label before or after the title, author, 【summary】 without brackets."""
    assert [(a.section, a.title, a.author, a.summary) for a in articles] == SEED_HEADERS
    assert all(a.kicker == "" and a.subtitle == "" for a in articles)


def test_file_names(imported: ImportResult) -> None:
    assert [a.file_name for a in imported.articles] == [
        "01-diaocha-yanjiu.md", "02-article.md", "03-jingji-guancha.md",
        "04-article.md", "05-minsheng-shishi.md", "06-jiceng-zhili.md",
    ]


def test_subheads_and_notes(articles: list[Article]) -> None:
    """Numbered lines become subheads (level 2 even when glued to its paragraph); （本文系…） a note."""
    kinds = [[(b.kind, b.text[:6]) for b in a.blocks if b.kind != "para"] for a in articles]
    assert kinds[0] == [
        ("subhead1", "一、合肥经验"), ("subhead1", "二、启示"),
        ("subhead2", "（一）核心驱"), ("subhead2", "（二）成果转"), ("subhead2", "（三）机制改"),
        ("subhead2", "（四）科技金"), ("subhead2", "（五）人才强"),
    ]
    assert kinds[1] == [("subhead1", "一、着力提升"), ("subhead1", "二、着力提升"), ("subhead1", "三、着力提升"), ("note", "（本文系20")]
    assert kinds[2:] == [[], [], [], []]
    first = articles[0].blocks
    index = next(i for i, b in enumerate(first) if b.text.startswith("（一）"))
    assert first[index + 1].text.startswith("“抬头看”，加强顶层设计。")  # raw line directly below, no blank


def test_inline_author_unit_stays_in_its_paragraph(articles: list[Article]) -> None:
    assert articles[0].blocks[-1].text.endswith("成为“城市合伙人”。（作者单位：株洲市国投创新创业投资有限公司）")
    assert articles[1].blocks[-2].text.endswith("纳入年度考核之中。（作者单位：市委党校）")
    assert articles[1].blocks[-1].text.endswith("编号：ZZSK2024026）")


def test_report_names_every_decision(imported: ImportResult) -> None:
    """Titles, labels, authors, summaries, subheads and the note each appear with their raw line."""
    roles = Counter(d.role for d in imported.decisions)
    assert roles == Counter(title=6, author=6, section=4, summary=4, subhead1=5, subhead2=5, note=1)
    report = imported.report_text()
    assert "     5  [1] section   调查研究  (known section label)" in report
    assert "  21 + 23  …”等一系列重点人 | 才工程和定制化的…  (column break: no final punctuation)" in report
    assert [str(d) for d in imported.doubts] == [
        "5: section label '调查研究' stands between title and author; assigned to article 1",
        "122: title contains a space: kept as in the source (a two-part title? the layout may break there)",
    ]
    assert "  96:64  ':' → '：'  …分成果,编号[:→：]ZZSK20…" in report


def test_every_substitution_is_a_half_to_full_width_change(imported: ImportResult, seed_lines) -> None:
    """Each recorded substitution points at the half-width mark it changed in the raw file."""
    by_number = dict(seed_lines)
    assert len(imported.substitutions) == 326
    for s in imported.substitutions:
        assert by_number[s.line][s.col - 1] == s.before  # seed lines have no indentation
        assert (s.before, s.after) in {(",", "，"), (":", "："), (";", "；"), ("?", "？"), ("!", "！"), ("(", "（"), (")", "）")}


def _header_free_seed(seed_lines, articles: list[Article]) -> list[str]:
    """Seed lines that are not headline parts, in raw order."""
    heads = {canonical(t) for a in articles for t in (a.section, a.title, a.author)} | {canonical(f"【{a.summary}】") for a in articles}
    return [line for _, line in seed_lines if canonical(line) not in heads]


def test_no_character_lost_or_duplicated(seed_text: str, seed_lines, articles: list[Article]) -> None:
    """Multiset of all seed characters == content characters (brackets of summaries aside),
    and the body characters keep their order."""
    seed = Counter(canonical(seed_text.replace("【", "").replace("】", "")))
    content = Counter(canonical("".join("".join(a.all_text()) for a in articles)))
    assert seed == content
    body_seed = canonical("".join(_header_free_seed(seed_lines, articles)))
    body_content = canonical("".join(b.text for a in articles for b in a.blocks))
    assert body_seed == body_content


def test_round_trip_through_files(tmp_path: Path, seed_lines, capsys) -> None:
    """import -> files -> load_articles: every seed paragraph (punctuation-normalised) is shown."""
    assert run_import(SEED, tmp_path) == 0
    capsys.readouterr()
    articles = load_articles(tmp_path)
    assert len(articles) == 6
    shown = [text for a in articles.values() for text in a.all_text()]
    for number, line in seed_lines:
        line = normalise_punctuation(line).removeprefix("【").removesuffix("】")
        assert sum(line in text for text in shown) >= 1, f"seed line {number} missing"


def test_committed_content_folder_matches_the_seed(seed_lines) -> None:
    """The content/ files in the repository load and show every seed line."""
    if not CONTENT.is_dir():
        pytest.skip("content/ not present")
    articles = load_articles(CONTENT)
    assert [(a.section, a.title, a.author, a.summary) for a in articles.values()] == SEED_HEADERS
    shown = "\n".join(text for a in articles.values() for text in a.all_text())
    for number, line in seed_lines:
        line = normalise_punctuation(line).removeprefix("【").removesuffix("】")
        assert line in shown, f"seed line {number} missing from content/"
