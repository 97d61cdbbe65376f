"""Issue #14: the importer finds the structure of raw pages it has never seen.

``tests/content/raw/`` holds eleven raw opinion pages written for this test (several
articles each, header lines in every order, titles ending in closing marks, summaries with
and without labels, subheads 一、 （一） 1. （1） 第一，, notes and author units). The files are
kept as UTF-8 text so they can be read and edited; each test writes its file in the
encoding and with the line ends a newsroom sends (GBK, GB 18030, UTF-16 with and without
BOM, CR, CRLF), runs the importer on those bytes and reads the written ``.md`` files back
with the project's own loader, field by field.
"""

from __future__ import annotations

import codecs
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from content_helpers import canonical
from projects import ZZPRINT

from zzprint.content.clean import run_import
from zzprint.content.markdown import load_articles

RAW = Path(__file__).parent / "raw"


@dataclass(frozen=True)
class Expect:
    """One article as the page must print it."""

    title: str
    author: str = ""
    section: str = ""
    summary: str = ""
    kicker: str = ""
    subtitle: str = ""
    heads: tuple[tuple[str, str], ...] = ()  # subheads and notes in order: (kind, text)
    paras: int = 1  # paragraphs
    first: str = ""  # the first paragraph starts with this


@dataclass(frozen=True)
class Raw:
    """How a corpus file is sent: codec, byte-order mark, line end; what the report must name."""

    codec: str
    bom: bytes
    newline: str
    reading: str  # "Read as …" in the report
    articles: tuple[Expect, ...]
    doubts: tuple[int, ...] = ()  # raw lines the report must list as doubts (and no others)


GBK = "GB 18030 (also valid GBK)"
CORPUS: dict[str, Raw] = {
    "01-closing-quote-titles.txt": Raw("utf-8", b"", "\n", "UTF-8, line ends LF", (
        Expect("让“夜经济”既“叫好又叫座”", "□ 本报评论员 张三", "经济观察", "夜经济不只是延长营业时间，更要提升消费品质。",
               paras=3, first="入夏以来"),
        Expect("老旧小区加装电梯要跑出“加速度”", "文/李四", "民生实事", "加装电梯是群众的“急难愁盼”，需要各方协同发力。",
               heads=(("subhead1", "一、政策要更“接地气”"), ("subhead1", "二、协商要更“有温度”")), paras=3, first="截至今年6月"),
        Expect("网格员如何当好群众的“贴心人”", "王五", "基层治理", "网格虽小，连着千家万户。",
               heads=(("note", "（作者单位：市委党校）"),), first="网格化管理"),
    )),
    "02-gbk-crlf-subheads.txt": Raw("gbk", b"", "\r\n", f"{GBK}, line ends CRLF", (
        Expect("以“绣花功夫”推进城市更新", "本报评论员", "时事评论", "城市更新既要“面子”，更要“里子”。",
               heads=(("subhead1", "一、规划先行，留住城市记忆"), ("subhead2", "（一）摸清底数"), ("subhead2", "（二）问计于民"),
                      ("subhead1", "二、久久为功，把好事办实"),
                      ("note", "（本文系2024年度市社科联课题“城市更新中的公众参与研究”阶段性成果）")),
               paras=4, first="城市更新是一项系统工程"),
        Expect("让非遗在年轻人中“活”起来", "赵六", "文化评论", heads=(("note", "（作者单位：湖南工业大学）"),), first="非遗要传承"),
    )),
    "03-utf16le-bom-cr-kicker-subtitle.txt": Raw("utf-16-le", codecs.BOM_UTF16_LE, "\r", "UTF-16LE with BOM, line ends CR", (
        Expect("小区停车难 “巧”字破题", "□ 本报记者 孙七 通讯员 周八", "株洲观察", "停车难是城市治理的“老大难”，破解之道在于精细化管理。",
               kicker="坚持以人民为中心的发展思想", subtitle="——荷塘区盘活闲置空间新增车位三千余个的启示", paras=3, first="“以前下班回来"),
        Expect("书香社会从一盏灯开始", "文/钱九", "文化评论", "读书之风的养成，需要更多“家门口”的阅读空间。", first="城市书房24小时"),
    ), doubts=(3, 5)),  # the kicker (not set off like the ——subtitle); the space in the title
    "04-utf16be-nobom-arabic-subheads.txt": Raw("utf-16-be", b"", "\n", "UTF-16BE without BOM (told by its NUL bytes), line ends LF", (
        Expect("推动县域经济高质量发展的三个着力点", "吴十", "理论园地", "县域是城乡融合发展的重要切入点。",
               heads=(("subhead1", "1.做强特色产业"), ("subhead1", "2.畅通要素流动"), ("subhead1", "3.补齐公共服务短板"),
                      ("note", "（作者系市委党校经济学教研室副教授）")), paras=4, first="县域经济是"),
        Expect("“小个专”也能闯出大市场", "郑十一", "经济观察",
               heads=(("subhead1", "（1）盯住细分领域"), ("subhead1", "（2）舍得研发投入")), paras=3, first="小而专"),
    )),
    "05-utf16le-nobom-crlf-three-levels.txt": Raw("utf-16-le", b"", "\r\n", "UTF-16LE without BOM (told by its NUL bytes), line ends CRLF", (
        Expect("乡村振兴中的“人”与“地”", "冯十二", "调查研究",
               heads=(("subhead1", "一、人从哪里来"), ("subhead2", "（一）留住本土人才"), ("subhead2", "1.完善激励机制"),
                      ("subhead2", "2.搭建干事平台"), ("subhead2", "（二）引进外来人才"), ("subhead1", "二、地怎么用好")),
               paras=3, first="对扎根基层"),
        Expect("“银发族”触网需要更多耐心", "陈十三", "社会观察", "适老化改造不能只停留在“大字版”。", paras=2, first="越来越多的老年人"),
    ), doubts=(11, 15)),  # 1. under 一、 and （一）: a third level, set as level 2
    "06-gb18030-cr-rare-characters.txt": Raw("gb18030", b"", "\r", "GB 18030, line ends CR", (
        Expect("从“䶮”字说开去", "褚十四", "今日谈", paras=2, first="生僻字上不了户口"),
        Expect("外卖骑手的“安全帽”谁来戴", "卫十五", "时评", paras=2, first="外卖骑手穿梭"),
    ), doubts=(11,)),  # 时评: a label not in the known list
    "07-utf8-bom-header-orders.txt": Raw("utf-8", codecs.BOM_UTF8, "\n", "UTF-8 with BOM, line ends LF", (
        Expect("夜市“烟火气”里的城市温度", "作者：蒋十六", "经济观察", "夜市是城市活力的晴雨表。", paras=2, first="夜幕降临"),
        Expect("公园“拆围”之后", "沈十七", "民生实事", first="一座不设围墙的公园"),
        Expect("“一老一小”服务要更暖心", "文/杨十九", "基层治理", first="托育和养老"),
    ), doubts=(13, 15)),  # a name before the label and title; the label between them
    "08-crlf-ordinal-subheads.txt": Raw("utf-8", b"", "\r\n", "UTF-8, line ends CRLF", (
        Expect("为“实干”鼓劲 为“担当”撑腰", "□ 本报评论员", "时事评论", "干部敢为，地方才能有为。",
               heads=(("subhead1", "第一，树立鲜明用人导向"), ("subhead1", "第二，完善容错纠错机制"),
                      ("subhead1", "第三，坚持问题导向，强化系统思维")), paras=5, first="干事创业"),
        Expect("别让“低头族”错过身边的风景", "褚二十", "社会观察", first="第一，手机不是生活的全部。"),
    ), doubts=(3, 17, 21)),  # space in the title; a 第一， subhead with a comma; a one-sentence 第一，… paragraph
    "09-eight-articles-no-blank-lines.txt": Raw("gbk", b"", "\n", f"{GBK}, line ends LF", (
        Expect("小微企业融资要“解渴”更要“解困”", "□ 本报评论员 张一", "经济观察", "金融活水要精准滴灌到小微企业。",
               heads=(("subhead1", "一、让信用变成“真金白银”"), ("subhead1", "二、让服务跑在需求前面")), paras=3, first="小微企业是"),
        Expect("菜篮子里的“民生温度”", "文/王二", "民生实事", paras=2, first="今年以来"),
        Expect("“板凳会”开出治理新气象", "李三", "基层治理", "把会场搬到群众家门口。",
               heads=(("subhead2", "（一）议题从群众中来"), ("subhead2", "（二）结果到群众中去")), paras=2, first="村民们围坐"),
        Expect("让老街“老”得有味道", "赵四", "文化评论", "历史街区保护不能“千街一面”。",
               heads=(("subhead1", "1.留住原住民"), ("subhead1", "2.守住老手艺")), first="老街的魅力"),
        Expect("青少年近视防控需家校协同", "钱五", "社会观察", heads=(("note", "（作者单位：市疾控中心）"),), first="户外活动"),
        Expect("安全生产没有“局外人”", "本报评论员 孙六", "时事评论", "安全生产责任重于泰山。",
               heads=(("subhead1", "第一，压实企业主体责任"),), first="企业负责人"),
        Expect("从“制造”到“智造”的跨越", "周七", "株洲观察", "轨道交通装备产业集群正加速迈向世界一流。", first="株洲的轨道交通"),
        Expect("“慢”一点又何妨", "吴八", "今日谈", heads=(("note", "（本文系作者在市作家协会座谈会上的发言摘编）"),), first="生活节奏"),
    )),
    "10-notes-units-question-title.txt": Raw("utf-16-be", codecs.BOM_UTF16_BE, "\r\n", "UTF-16BE with BOM, line ends CRLF", (
        Expect("谁来守护“舌尖上的安全”？", "□ 本报评论员 马九", "", "食品安全是最基本的民生。",
               heads=(("note", "（本文系2024年度市社科基金项目“基层食品安全治理研究”的阶段性成果，项目编号：2024ZZ017）"),),
               paras=2, first="校园周边"),
        Expect("充电桩进小区 “充”出便利来", "文/刘十", "民生实事", heads=(("note", "作者单位：市发展和改革委员会"),),
               paras=2, first="新能源汽车"),
        Expect("“地摊经济”需要规范引导", "蒋十一", "经济观察", "放开不等于放任。",
               heads=(("note", "（作者系湖南省社会科学院研究员）"),), paras=2, first="地摊经济门槛低"),
    ), doubts=(1, 17)),  # the ？ title; the space in a title
    "11-unsure-lines.txt": Raw("utf-8", b"", "\r", "UTF-8, line ends CR", (
        Expect("“首店经济”带来什么", "丁一", "经济观察", heads=(("note", "（作者单位：市商务局）"),), paras=3, first="首店落地"),
        Expect("年味里的“新”与“旧”", kicker="新春走基层", paras=3, first="春节前夕"),
    ), doubts=(9, 15, 21)),  # 结语 kept as a paragraph; no author, kicker or label?; 第一，把握节奏。
    "12-question-subheads-decorated-label.txt": Raw("utf-16-be", b"", "\r", "UTF-16BE without BOM (told by its NUL bytes), line ends CR", (
        Expect("短视频时代 如何讲好“株洲故事”", "本报特约评论员 欧阳晓", "文化评论", "好故事要有好讲法。",
               heads=(("subhead1", "一、讲什么？"), ("subhead1", "二、怎么讲？")), paras=2, first="讲工业文明"),
        Expect("“以旧换新”换出消费新活力", "严十一", "经济观察", heads=(("note", "（本文作者系市统计局干部）"),), first="以旧换新政策"),
    ), doubts=(3,)),  # the space in the title
}


def sent_bytes(name: str) -> bytes:
    """The corpus file's bytes as the newsroom sends it: its codec, BOM and line ends."""
    spec = CORPUS[name]
    text = (RAW / name).read_text(encoding="utf-8")
    data = spec.bom + text.replace("\n", spec.newline).encode(spec.codec)
    assert data[len(spec.bom):].decode(spec.codec).replace(spec.newline, "\n") == text  # the codec holds every character
    return data


def send(name: str, folder: Path) -> tuple[Path, str]:
    """Write the corpus file as sent into ``folder``; return its path and its text."""
    path = folder / name
    path.write_bytes(sent_bytes(name))
    return path, (RAW / name).read_text(encoding="utf-8")


def test_the_corpus_is_big_enough() -> None:
    files = sorted(RAW.glob("*.txt"))
    assert [f.name for f in files] == sorted(CORPUS)
    assert len(files) >= 10
    assert sum(len(spec.articles) for spec in CORPUS.values()) >= 25
    assert all(len(spec.articles) >= 2 for spec in CORPUS.values())  # several articles per file
    codecs_sent = {(spec.codec, bool(spec.bom)) for spec in CORPUS.values()}
    assert {("gbk", False), ("gb18030", False), ("utf-16-le", True), ("utf-16-le", False), ("utf-16-be", False),
            ("utf-16-be", True), ("utf-8", True), ("utf-8", False)} <= codecs_sent
    assert {spec.newline for spec in CORPUS.values()} == {"\n", "\r\n", "\r"}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_field_lands_where_it_belongs(name: str, tmp_path: Path, capsys) -> None:
    spec = CORPUS[name]
    path, text = send(name, tmp_path)
    out = tmp_path / "out"
    assert run_import(path, out) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    report = (out / "IMPORT-REPORT.txt").read_text(encoding="utf-8")
    assert f"Read as {spec.reading}." in report.splitlines()[1]
    assert f"Read as {spec.reading}." in printed
    for written in out.glob("*.md"):
        assert b"\r" not in written.read_bytes()  # content files end lines with LF whatever came in
    articles = list(load_articles(out).values())
    assert len(articles) == len(spec.articles), [a.title for a in articles]
    for number, (article, expect) in enumerate(zip(articles, spec.articles, strict=True), start=1):
        where = f"{name} article {number}"
        assert article.title == expect.title, where
        assert article.author == expect.author, where
        assert article.section == expect.section, where
        assert article.summary == expect.summary, where
        assert article.kicker == expect.kicker, where
        assert article.subtitle == expect.subtitle, where
        assert tuple((b.kind, b.text) for b in article.blocks if b.kind != "para") == expect.heads, where
        paragraphs = [b.text for b in article.blocks if b.kind == "para"]
        assert len(paragraphs) == expect.paras, where
        assert paragraphs[0].startswith(expect.first), where
    # Uncertain lines are named at their raw line, and nothing else is reported as uncertain.
    doubts = _report_section(report, "Doubts")
    assert sorted({int(line.split(":")[0]) for line in doubts}) == sorted(spec.doubts), doubts
    # Nothing lost or doubled: the raw characters are the printed ones, but for the summary
    # labels and 【】 (the page sets its own) and the decoration of a ■section or 【section】 label.
    sent = re.sub(r"【(?:内容提要|摘要|核心提示)】|(?:内容提要|摘要)：|[【】]|^■", "", text, flags=re.MULTILINE)
    shown = "".join("".join(a.all_text()) for a in articles)
    assert sorted(canonical(sent)) == sorted(canonical(shown))


def _report_section(report: str, heading: str) -> list[str]:
    lines = report.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"== {heading}"))
    body = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        if line.strip() != "(none)":
            body.append(line.strip())
    return body


def test_unsure_lines_are_said_with_their_line_and_choice(tmp_path: Path, capsys) -> None:
    """The importer says what it chose where it was unsure, on stdout and in the report."""
    path, _ = send("11-unsure-lines.txt", tmp_path)
    assert run_import(path, tmp_path / "out") == 0
    printed = capsys.readouterr().out
    report = (tmp_path / "out" / "IMPORT-REPORT.txt").read_text(encoding="utf-8")
    for text in ("9: short line without final punctuation inside article 1: '结语' kept as a paragraph",
                 "15: article 2: no author line found",
                 "15: '新春走基层' taken as the kicker of article 2; check",
                 "21: '第一，把握节奏。' starts like a 第一， subhead but is a sentence: kept as a paragraph"):
        assert f"  {text}" in report and f"  {text}" in printed


def test_a_labelled_summary_prints_once_bracketed(tmp_path: Path, capsys) -> None:
    """【内容提要】…: the front matter holds the text alone (the page adds 【】), not 【【内容提要】…】."""
    path, _ = send("01-closing-quote-titles.txt", tmp_path)
    assert run_import(path, tmp_path / "out") == 0
    front = (tmp_path / "out" / "01-jingji-guancha.md").read_text(encoding="utf-8").split("---")[1]
    assert "summary: 夜经济不只是延长营业时间，更要提升消费品质。\n" in front
    assert "内容提要" not in front and "【" not in front


def test_gbk_through_the_command_line(tmp_path: Path) -> None:
    """The CLI as an editor types it, on a GBK file with CRLF line ends (no iconv needed)."""
    (tmp_path / "page.txt").write_bytes(sent_bytes("02-gbk-crlf-subheads.txt"))
    result = subprocess.run([*ZZPRINT, "import", "page.txt", "--out", "out"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Read as GB 18030 (also valid GBK), line ends CRLF." in result.stdout
    assert "iconv" not in result.stdout + result.stderr
    assert [a.title for a in load_articles(tmp_path / "out").values()] == ["以“绣花功夫”推进城市更新", "让非遗在年轻人中“活”起来"]


# --------------------------------------------------------------------------- junk


def _junk_cli(data: bytes, folder: Path) -> subprocess.CompletedProcess:
    (folder / "junk.txt").write_bytes(data)
    return subprocess.run([*ZZPRINT, "import", "junk.txt", "--out", "out"], cwd=folder,
                          capture_output=True, text=True, timeout=120)


def test_a_binary_file_is_one_short_message(tmp_path: Path) -> None:
    """Random bytes (NULs among them, 300 KB): exit 2, a few lines at most, nothing written."""
    data = random.Random(14).randbytes(300_000)
    result = _junk_cli(data, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().split("\n")
    assert len(lines) <= 25 and "Traceback" not in result.stderr
    assert lines[0].startswith("junk.txt:") and "not text" in lines[0]
    assert not (tmp_path / "out").exists()


def test_junk_without_nul_bytes_is_one_short_message(tmp_path: Path) -> None:
    """Bytes no encoding reads (no NULs, so no UTF-16 either): one line naming what was tried."""
    data = bytes(random.Random(15).randrange(0x80, 0x100) for _ in range(100_000))
    result = _junk_cli(data, tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().split("\n")
    assert line.startswith("junk.txt:1:") and "neither UTF-8, UTF-16 nor GB 18030 text" in line


def test_thousands_of_problems_are_capped(tmp_path: Path) -> None:
    """Text full of control characters (the tester's 60,245 lines of problems): the first 20 and a count."""
    data = "标题\n作者\n".encode() + b"\x01" * 60_245
    result = _junk_cli(data, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 21
    assert all(line.startswith("junk.txt:3:") and "control character U+0001" in line for line in lines[:20])
    assert lines[20].startswith("junk.txt: … and 60,225 more control characters — ")


def test_a_long_report_is_capped_on_screen_but_whole_in_the_file(tmp_path: Path, capsys) -> None:
    """600 doubts (a kept half-width ':' on each line): the screen shows 500 and the count, the file all."""
    raw = tmp_path / "raw.txt"
    raw.write_text("经济观察\n会议通知\n张三\n" + "会议定于21:30开始。\n" * 600, encoding="utf-8")
    assert run_import(raw, tmp_path / "out") == 0
    printed = capsys.readouterr().out
    report = (tmp_path / "out" / "IMPORT-REPORT.txt").read_text(encoding="utf-8")
    assert len(_report_section(report, "Doubts")) == 600
    assert f"  … and 100 more in {tmp_path / 'out' / 'IMPORT-REPORT.txt'}" in printed
    assert len(_report_section(printed, "Doubts")) == 500 + 1  # 500 entries and the count
