"""A made-up page of Western runs in Chinese news copy (issue #14): web and e-mail
addresses, standard numbers, model names, number–unit pairs, + between words, ——.

The copy and the frame are written so that the page ends flush with no fault: it is
built by the real command line, which refuses a page with a fault.
"""

from __future__ import annotations

from pathlib import Path

from projects import build_made_up, made_up_project

WESTERN_LAYOUT = """
page: {name: 测试, width: 297mm, height: 420mm, bleed: 3mm}
grid: {body_size: 小五, columns: 2, chars: 13, gutter: 1字, line_pitch: 14.3pt, lines: 25}
typography: {kinsoku: gb, punctuation: quanjiao}
output: {condition: IFRA26}
header: null
articles:
  - content: western
    rects: [{col: 1, span: 2, line: 1, lines: 25}]
    headline: {lines: 4}
"""

WESTERN_TEXT = """---
title: 网址、标准号与型号混排的版面测试
author: 本报记者 测试组
---
市政务服务中心昨日发布通知，自下月起，全市不动产登记可在网上办理。市民登录https://www.zzrb.cn/zt/2025/bdcdj/index.html?id=18&from=app即可查询办理进度，也可发送材料至zzrb_news@163.com咨询。

新版身份证阅读器须符合GB 18030—2022《信息技术 中文编码字符集》的要求，公文中的标点则按GB/T 15834—2011《标点符号用法》处理。据介绍，手写+扫描两种方式均可提交材料，“线上+线下”同步受理。

记者在现场看到，不少市民用iPhone 16、Mate 70等手机扫码办理，5G信号覆盖大厅各个角落。工作人员说，COVID-19疫情期间开通的“不见面审批”已全面升级，平均办理时限由15个工作日压缩至3个工作日。

“过去要跑30 km，现在在家就能办！”家住渌口区的李女士说。她的邮箱是li-xh_2024@zzrb.cn，几分钟后就收到了办结通知——这是她第一次体验“掌上办”。

有关负责人表示，下一步将推动“一网通办”向基层延伸，并在www.hnzwfw.cn/zn/1/2/index.html公开办事指南。读者如有意见建议，可拨打12345热线，或致信duzhe@zzrb.com.cn。
"""

# The same copy with a paragraph a night desk would send back: two long standard numbers
# close together leave no breaking of it within the letter-spacing limit.
TIGHT_PARAGRAPH = (
    "新版身份证阅读器须符合GB 18030—2022《信息技术 中文编码字符集》的要求，公文排版则执行"
    "GB/T 15834—2011和GB/T 15835—2011。据介绍，手写+扫描两种方式均可提交材料，“线上+线下”同步受理。"
)


def build_western(root: Path) -> Path:
    """The made-up page, built by ``zzprint build`` (no --draft: it must have no fault)."""
    return build_made_up(root, WESTERN_LAYOUT, {"western": WESTERN_TEXT})


def tight_project(root: Path) -> Path:
    """The copy with :data:`TIGHT_PARAGRAPH` as its second paragraph; the spec's path."""
    start = WESTERN_TEXT.index("新版身份证")
    end = WESTERN_TEXT.index("\n", start)
    text = WESTERN_TEXT[:start] + TIGHT_PARAGRAPH + WESTERN_TEXT[end:]
    return root / made_up_project(root, WESTERN_LAYOUT, {"western": text})
