"""A made-up project for the typography checks: dense punctuation, numbers, Latin, URLs."""

from __future__ import annotations

from pathlib import Path

from projects import made_up_project


DENSE_LAYOUT = """
page: {name: 测试, width: 297mm, height: 420mm, bleed: 3mm}
grid: {body_size: 小五, columns: 4, chars: 13, gutter: 1字, line_pitch: 14.3pt, lines: 22}
typography: {kinsoku: KINSOKU, punctuation: PUNCTUATION}
output: {condition: IFRA26}
header: null
articles:
  - content: dense
    rects: [{col: 1, span: 4, line: 1, lines: 22}]
    headline: {lines: 4}
"""

# Dense punctuation, numbers, Latin words, —— ……, 《》《》, ”“ pairs and URLs.
DENSE_TEXT = """---
title: 标点、数字与英文混排的压力测试
author: 测试组
---
据统计，2025年全市GDP达到4,567.8亿元，同比增长5.2%；其中R&D投入增长12.5%，“专精特新”企业新增37家。详见https://example.com/report/2025/index.html?id=7&lang=zh——这是一个很长的网址。

“重要的是……”他说，“《株洲日报》《湘江晚报》‘观点’版每天出版。”读者问：“真的吗？！”编辑答：“当然！”

最后一段：温度为-3℃，A股上涨0.5‰，iPhone 16 Pro售价5999元！有人说“性价比高”“外观好看”“续航一般”，也有人说“太贵了”。

市里提出“三个一批”——引进一批、培育一批、提升一批……目标是到2027年实现产值1,000亿元（含税），其中新材料占比不低于35%。

会议指出：要坚持“项目为王”，抓好《关于加快发展新质生产力的实施意见》《株洲市推进新型工业化三年行动方案（2024—2026年）》等文件落实；要用好AI、Big Data等技术……同时，还要关注“急难愁盼”问题。

在Smart City建设中，有关部门开发了“城市大脑”平台，接入数据超过3.6亿条，覆盖交通、医疗、教育等12个领域。市民可通过政务网站查询办事进度，平均办理时限由15个工作日压缩至5个工作日。

“我们不仅要‘走出去’，还要‘引进来’。”负责人表示，今年已赴深圳、杭州、苏州等地开展招商活动20余次，签约项目58个，总投资约320亿元。

有专家认为，株洲的经验可以概括为“三个坚持”：坚持规划引领、坚持创新驱动、坚持开放合作。这些做法，值得其他城市借鉴——当然，也要因地制宜。
"""


def build_dense(root: Path, kinsoku: str = "gb", punctuation: str = "quanjiao") -> Path:
    """A tmp project with the dense text under the given typography settings; its PDF.

    The text does not fill its frame (how many lines it takes depends on the settings),
    and `zzprint build` refuses a frame that does not end flush (a hole is a layout
    fault): the page is laid out and written as the build would, without that gate.
    """
    from zzprint.build import build_page, render, write

    layout = DENSE_LAYOUT.replace("KINSOKU", kinsoku).replace("PUNCTUATION", punctuation)
    spec = made_up_project(root, layout, {"dense": DENSE_TEXT})
    result = build_page(root / spec)
    assert {f.kind for f in result.faults} == {"hole"}, [f.report() for f in result.faults]
    out = root / "out.pdf"
    write(render(result), out)
    return out
