"""The editors' reference (docs/spec.md, docs/spec.zh.md): every key an editor writes, generated.

Input: the spec's own declarations in :mod:`zzprint.spec.schema` (each field's type, default
and bounds, walked section by section), the house styles and colours of
:mod:`zzprint.spec.load`, the units of :mod:`zzprint.units`, and the meanings below, in
English and Chinese.  Output: Markdown, one document per language.

The spec's keys are never listed here by hand: a field added to the schema appears in the
reference by itself, and :func:`missing` names it until its meaning is written below
(``MEANING``; a length also needs its units, ``LENGTHS``).  The other files an editor
writes (front matter, font manifest, edition, page template) are read by loaders above
this stage, so their keys are tabled here and tests/spec/test_reference.py holds each
table to its loader's key list and behaviour.

    python -m zzprint.spec.reference > docs/spec.md
    python -m zzprint.spec.reference --lang zh > docs/spec.zh.md
    python -m zzprint.spec.reference --write        # both, into docs/
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..edition import PLACEHOLDERS
from ..units import HAO_PT, MAX_PT, PT_PER_MM
from . import schema
from .load import HOUSE_COLORS, HOUSE_STYLES
from .validate import _REQUIRED, Strict, _number

LANGS = ("en", "zh")
T = tuple[str, str]  # (English, Chinese)

# --- meanings of the spec's keys, by path ------------------------------------------------------
# A path names a key as an editor writes it: `articles[]` is any item of the list, `<name>` any
# key of a mapping.  Newsroom terms go in the Chinese text as editors say them.

MEANING: dict[str, T] = {
    # top level
    "page": ("The printed sheet: trim size, bleed, where the type area sits.", "版面：成品尺寸、出血、版心位置。"),
    "grid": ("The basic grid: body size, columns, characters per column, line pitch, lines.",
             "基本栏网格：正文字号、基本栏数、每栏字数、行距、行数。"),
    "typography": ("Chinese line breaking: prohibitions, punctuation compression, CJK–Latin space.",
                   "中文断行：避头尾、标点挤压、中西文间距。"),
    "output": ("The print condition of the PDF/X-1a file and the picture checks.", "PDF/X-1a 输出条件与图片检查。"),
    "fonts": ("The font manifest (role → font file), relative to the spec's folder.",
              "字体配置文件（字体角色 → 字体文件），相对于本文件所在文件夹。"),
    "colors": ("Named colours for styles, in addition to the house colours.", "自定义颜色名，供样式使用（另有内置颜色）。"),
    "colors.<name>": ("A colour: [C, M, Y, K], each 0–100 %, or the name of another colour. RGB is refused (newsprint).",
                      "一种颜色：[C, M, Y, K]，各 0–100（%），或另一颜色名。不接受 RGB（新闻纸印刷）。"),
    "styles": ("Paragraph and character styles; each overrides the house style of that name field by field.",
               "段落与字符样式；同名时逐项覆盖内置样式。"),
    "header": ("The page header (报眉) at the top of the type area; null: no header.",
               "报眉（版头）：版心顶部的报名、版名、日期、版次行；null 为不设报眉。"),
    "separators": ("Thin rules between articles.", "稿件之间的细线（隔线）。"),
    "copyfit": ("What the engine may change on its own to make every frame end flush (齐底); each change is reported.",
                "为使每栏齐底，排版引擎可自行作出的调整；每项调整都会报告。"),
    "content": ("The folder of the articles (content/*.md), relative to the spec's folder.",
                "稿件文件夹（content/*.md），相对于本文件所在文件夹。"),
    "articles": ("The articles on the page and their frames, in reading order.", "本版稿件及其版框，按阅读顺序。"),
    "pictures": ("Picture frames of their own on the page grid (basic columns, grid lines); same keys as "
                 "articles[].pictures[].", "独立于稿件、直接放在基本栏网格上的图片框；键同 articles[].pictures[]。"),
    # page
    "page.name": ("The page's name (版名) for the header, e.g. 观点: {page_name}.", "版名，如“观点”，报眉中的 {page_name}。"),
    "page.width": ("Trim width.", "成品宽度（裁切后）。"),
    "page.height": ("Trim height.", "成品高度（裁切后）。"),
    "page.bleed": ("Bleed beyond the trim on every side.", "出血：成品尺寸外每边延伸的宽度。"),
    "page.top": ("Top margin of the type area (版心); none: centred vertically.", "版心上边距；不设则上下居中。"),
    "page.left": ("Left margin of the type area; none: centred horizontally.", "版心左边距；不设则左右居中。"),
    "page.crop_marks": ("Crop marks and a slug line outside the trim.", "在成品尺寸外加裁切线和版面信息行。"),
    # grid
    "grid.body_size": ("Body type size: 1 字.", "正文字号，即 1 字的大小。"),
    "grid.columns": ("Basic columns (基本栏) of the type area.", "版心的基本栏数。"),
    "grid.chars": ("Characters per basic column.", "每基本栏的字数。"),
    "grid.gutter": ("Space between columns (栏间距).", "栏间距。"),
    "grid.line_pitch": ("Baseline to baseline of body text (行距, from baseline to baseline); at least the body size.",
                        "正文行距（基线到基线）；不小于正文字号。"),
    "grid.lines": ("Body lines in the type area; the type area is lines × line_pitch tall.",
                   "版心的正文行数；版心高 = 行数 × 行距。"),
    # typography
    "typography.kinsoku": ("Line-start and line-end prohibitions (避头尾): basic, gb (GB/T 15834), strict (also no "
                           "—— or …… at a line start), none.",
                           "避头尾级别：basic 基本、gb 国标（默认）、strict 严格（破折号、省略号也不得行首）、none 不避。"),
    "typography.punctuation": ("Punctuation compression (标点挤压): quanjiao 全角, kaiming 开明, hangmo 行末半角, "
                               "banjiao 半角, plain 不挤压 (the Chinese names are accepted too).",
                               "标点挤压方式：全角（quanjiao）、开明（kaiming）、行末半角（hangmo）、半角（banjiao）、"
                               "不挤压（plain）；中英文名称均可。"),
    "typography.cjk_latin_space": ("Space between Chinese and Latin letters or digits.", "中文与西文、数字之间的间距。"),
    "typography.vertical_numbers": ("Vertical text (竖排): a number of at most this many digits stands upright side by "
                                    "side in one character square (纵中横); 0: never.",
                                    "竖排时，不超过此位数的数字横排在一个字格内（纵中横）；0 为不用。"),
    "typography.hanging": ("Let one of 、，。 hang past the line end (行末悬挂) when it helps the line.",
                           "允许 、，。 之一悬挂于行末之外（标点悬挂）。"),
    # output
    "output.condition": ("Output condition identifier of the PDF/X output intent (IFRA26: coldset newsprint).",
                         "PDF/X 输出意图的印刷条件标识（IFRA26：冷固新闻纸轮转）。"),
    "output.registry": ("Registry of the output condition.", "印刷条件的注册机构。"),
    "output.condition_info": ("The output condition in words.", "印刷条件的文字说明。"),
    "output.icc_profile": ("A CMYK ICC profile file to embed; required when the condition is not a registered one.",
                           "嵌入的 CMYK ICC 特性文件；印刷条件未注册时必须给出。"),
    "output.tac": ("Total area coverage (总墨量) limit in %: C+M+Y+K of any colour or picture.",
                   "总墨量上限（%）：任一颜色或图片的 C+M+Y+K 之和。"),
    "output.title": ("The PDF's title; none: the page name.", "PDF 文件标题；不设则用版名。"),
    "output.min_ppi": ("Least effective resolution of a picture as placed; less is a layout fault.",
                       "图片按版上尺寸计的最低有效分辨率（ppi）；低于此值为版面错误。"),
    "output.picture_profile": ("CMYK profile that RGB pictures are converted to; none: icc_profile, else Ghostscript's.",
                               "RGB 图片转换所用的 CMYK 特性文件；不设则用 icc_profile，再无则用 Ghostscript 默认。"),
    # styles
    "styles.<name>": ("One style; unset keys come from based_on, then from the house style of the same name.",
                      "一个样式；未设的项取自 based_on，再取同名内置样式。"),
    "styles.<name>.based_on": ("The style this one starts from.", "所基于的样式。"),
    "styles.<name>.font": ("A font role of fonts/fonts.yaml: 书宋, 黑体, 楷体, 仿宋.", "字体角色（见 fonts/fonts.yaml）：书宋、黑体、楷体、仿宋。"),
    "styles.<name>.size": ("Type size.", "字号。"),
    "styles.<name>.color": ("Text colour.", "文字颜色。"),
    "styles.<name>.hscale": ("Horizontal scale: below 1 narrows (长体), above 1 widens (扁体).", "横向缩放：小于 1 为长体，大于 1 为扁体。"),
    "styles.<name>.vscale": ("Vertical scale.", "纵向缩放。"),
    "styles.<name>.align": ("Alignment of the lines.", "对齐方式。"),
    "styles.<name>.lines": ("Height of a block in body lines (subheads, labels).", "块的高度（占正文行数），用于小标题、栏目头。"),
    "styles.<name>.indent": ("First-line indent (body: 2字).", "首行缩进（正文为 2 字）。"),
    "styles.<name>.fill": ("Background of a block (labels, summaries).", "块的底色（栏目头、提要）。"),
    "styles.<name>.frame": ("How a block is set off: none, box (a frame), rules (rules above and below), bar (a thick rule "
                            "on the left).", "块的边饰：none 无、box 边框、rules 上下线、bar 左侧粗线。"),
    "styles.<name>.frame_color": ("Colour of the frame or rules.", "边框或线的颜色。"),
    "styles.<name>.frame_width": ("Width of the frame or rules.", "边框或线的粗细。"),
    "styles.<name>.brackets": ("Summaries: wrap the text in 【】.", "提要：文字两端加【】。"),
    # header
    "header.lines": ("Body lines the header takes at the top of the type area.", "报眉在版心顶部占的正文行数。"),
    "header.style": ("Style of the header lines.", "报眉文字的样式。"),
    "header.left": ("Left part of the header line; {placeholders} are filled from the edition.",
                    "报眉左侧文字；{占位符} 由 edition 文件填入。"),
    "header.center": ("Middle part of the header line.", "报眉中间文字。"),
    "header.right": ("Right part of the header line.", "报眉右侧文字。"),
    "header.second_line": ("The second header line (editors).", "报眉第二行（责任编辑等）。"),
    "header.rule_width": ("Width of the rule under the header.", "报眉下横线的粗细。"),
    # copyfit
    "copyfit.subhead_space": ("A subhead may give up or take one extra line.", "小标题可少占或多占一行。"),
    "copyfit.headline_space": ("Lines of air the headline area may gain.", "标题区最多可加的空行数。"),
    "copyfit.summary_space": ("Lines of padding the summary box may gain.", "提要框最多可加的留白行数。"),
    "copyfit.paragraph_looseness": ("Lines a paragraph may gain or lose by being set looser or tighter.",
                                    "段落排松或排紧时最多可增减的行数。"),
    "copyfit.allow_overset": ("Write a marked draft even when text is overset (超版); the exit status stays 1.",
                              "即使超版也输出标记出问题的草稿；退出状态仍为 1。"),
    # jump lines
    "jump": ("Jump lines (转版) of an article continued on another page: their wording and style.",
             "转版：稿件转到他版续排时的转版行文字与样式。"),
    "jump.out_text": ("The line at the foot of the first part; {page} is the continuation's page number.",
                      "前半部分末尾的转版行；{page} 为续排所在版次。"),
    "jump.in_text": ("The line at the head of the continuation; {page} is the first part's page number.",
                     "续排部分开头的接版行；{page} 为前半部分所在版次。"),
    "jump.style": ("Style of the jump lines.", "转版行的样式。"),
    "jump.repeat_title": ("The continuation repeats the title in its headline's style (转版标题).",
                          "续排部分重复标题（转版标题），用其标题样式。"),
    # articles
    "articles[].content": ("The article's content id: its file's stem in content/.", "稿件 id：content/ 中文件名（不含扩展名）。"),
    "articles[].page": ("Which page of this spec (a spec may lay out several pages).", "本文件的第几版（一个文件可排多个版）。"),
    "articles[].rects": ("The frame: rectangles the text flows through in order.", "版框：正文依次流经的矩形。"),
    "articles[].headline": ("The headline area (标题区) at the top of the first rectangle.", "标题区：位于第一个矩形顶部。"),
    "articles[].summary": ("The 【summary】 box (提要); null: none.", "【提要】框；null 为不设。"),
    "articles[].allow_overlap": ("Allow this frame to overlap another.", "允许本版框与其他版框重叠。"),
    "articles[].direction": ("vertical: the whole frame is set top to bottom, columns read right to left (竖排).",
                             "vertical：整个版框竖排，自上而下、从右向左。"),
    "articles[].jump": ("转版: out — this frame holds the first part and ends with a jump line; in — the continuation, "
                        "which starts with one; the page numbers come from the edition.",
                        "转版：out 为前半部分，末尾加转版行；in 为续排部分，开头加接版行；版次取自 edition。"),
    "articles[].pictures": ("Picture frames inside the article's first rectangle; the body flows around them.",
                            "稿件第一个矩形内的图片框；正文绕图排。"),
    # rects
    "articles[].rects[].col": ("First basic column (1 = leftmost).", "起始基本栏（1 为最左）。"),
    "articles[].rects[].span": ("Basic columns the rectangle spans.", "跨基本栏数。"),
    "articles[].rects[].line": ("First body line (1 = top of the type area).", "起始行（1 为版心顶行）。"),
    "articles[].rects[].lines": ("Height in body lines.", "高度（正文行数）。"),
    "articles[].rects[].split": ("破栏: re-divide the spanned basic columns into this many equal columns; none: span.",
                                 "破栏：把所跨基本栏重新等分为几栏；不设则按基本栏。"),
    # headline
    "articles[].headline.lines": ("Height of the headline area in body lines.", "标题区高度（正文行数）。"),
    "articles[].headline.span": ("Basic columns the headline spans; none: the whole first rectangle.",
                                 "标题所跨基本栏数；不设则为第一个矩形全宽。"),
    "articles[].headline.align": ("Alignment of the title (主题).", "主题的对齐方式。"),
    "articles[].headline.max_lines": ("Lines the title may take; more is a headline-overflow fault.",
                                      "主题最多可占的行数；超出为标题溢出错误。"),
    "articles[].headline.style": ("Style of the title.", "主题的样式。"),
    "articles[].headline.label": ("Where the section label (栏目头) goes: left of the headline, above it, or none.",
                                  "栏目头的位置：标题左侧、上方或不设。"),
    "articles[].headline.byline": ("Where the byline (署名) goes: below the headline, at its right, or none.",
                                   "署名的位置：标题下方、右侧或不设。"),
    "articles[].headline.direction": ("vertical: the title stands top to bottom (竖排标题) in an area at the frame's "
                                      "right, span columns wide and lines tall; the body flows beside and below it.",
                                      "vertical：竖排标题，位于版框右侧（宽 span 栏、高 lines 行），正文排在其旁和其下。"),
    # summary
    "articles[].summary.style": ("Style of the summary box.", "提要框的样式。"),
    "articles[].summary.col": ("First column of the box, in the frame's own columns.", "提要框起始栏（按版框自身的栏计）。"),
    "articles[].summary.span": ("Columns the box spans.", "提要框跨栏数。"),
    "articles[].summary.line": ("First line of the box, counted below the headline area.", "提要框起始行（自标题区下方计）。"),
    "articles[].summary.lines": ("Height of the box in body lines; none: as many as its text needs.",
                                 "提要框高度（正文行数）；不设则按文字所需。"),
    # pictures
    "articles[].pictures[].file": ("The image file, relative to the spec's folder, inside the project (JPEG, PNG, TIFF).",
                                   "图片文件，相对于本文件所在文件夹，须在项目内（JPEG、PNG、TIFF）。"),
    "articles[].pictures[].col": ("First column: the first rectangle's own columns in an article, basic columns on the page.",
                                  "起始栏：稿件内按第一个矩形自身的栏计，独立图片按基本栏计。"),
    "articles[].pictures[].span": ("Columns the frame spans.", "图片框跨栏数。"),
    "articles[].pictures[].line": ("First line: below the headline area in an article, grid lines on the page.",
                                   "起始行：稿件内自标题区下方计，独立图片按版心行计。"),
    "articles[].pictures[].lines": ("Height of the frame in body lines: picture, caption (图说) and credit together.",
                                    "图片框高度（正文行数），含图片、图说和署名。"),
    "articles[].pictures[].page": ("Which page of this spec (top-level pictures only).", "第几版（仅独立图片）。"),
    "articles[].pictures[].fit": ("fill: fill the frame and crop; fit: the whole picture inside the frame.",
                                  "fill 充满并裁切；fit 完整置入。"),
    "articles[].pictures[].focus": ("fill: the point [x, y] of the image (0–1) kept in view; none: the centre.",
                                    "fill 时保留在画面中的点 [x, y]（0–1）；不设为中心。"),
    "articles[].pictures[].crop": ("Part of the image to use: [left, top, right, bottom], each 0–1.",
                                   "使用图片的部分：[左, 上, 右, 下]，各 0–1。"),
    "articles[].pictures[].caption": ("The caption (图说), set by the body's line breaker.", "图说（图片说明）。"),
    "articles[].pictures[].credit": ("The credit's name, e.g. 本报记者 王明.", "图片署名中的人名，如“本报记者 王明”。"),
    "articles[].pictures[].credit_kind": ("The credit's word: 摄影, 漫画, 制图, 图, 供图.", "署名的类别：摄影、漫画、制图、图、供图。"),
    "articles[].pictures[].border": ("A thin frame (细线框) round the picture.", "图片加细线框。"),
    "articles[].pictures[].tint": ("A K 10 % tint (底纹) behind the whole frame.", "整个图片框加 K 10% 底纹。"),
    "articles[].pictures[].style": ("Style of the caption.", "图说的样式。"),
    "articles[].pictures[].credit_style": ("Style of the credit line.", "图片署名的样式。"),
    # images (checked by the loader, not the schema)
    "images": ("Images placed by the page at a given width, checked for press (inside the project, CMYK or grey, "
               "resolution).", "按给定宽度使用的图像，供印前检查（须在项目内、CMYK 或灰度、分辨率）。"),
    "images[].file": ("The image file, relative to the spec's folder.", "图像文件，相对于本文件所在文件夹。"),
    "images[].width": ("Placed width.", "版上宽度。"),
}

# Units each length accepts: "abs" (known before the grid), "body" (also 字: after the body
# size), "all" (also 行 and 栏: after the grid).  Plus a range note where the loader checks one.
LENGTHS: dict[str, tuple[str, T]] = {
    "page.width": ("abs", ("> 0, ≤ 5080 mm", "> 0，≤ 5080 mm")),
    "page.height": ("abs", ("> 0, ≤ 5080 mm", "> 0，≤ 5080 mm")),
    "page.bleed": ("abs", ("≥ 0", "≥ 0")),
    "page.top": ("body", ("the type area inside the page", "版心须在页面内")),
    "page.left": ("body", ("the type area inside the page", "版心须在页面内")),
    "grid.body_size": ("abs", ("> 0", "> 0")),
    "grid.gutter": ("body", ("≥ 0", "≥ 0")),
    "grid.line_pitch": ("body", ("≥ body_size", "≥ body_size")),
    "typography.cjk_latin_space": ("all", ("⅛–½ 字", "⅛–½ 字")),
    "styles.<name>.size": ("all", ("> 0", "> 0")),
    "styles.<name>.indent": ("all", ("≥ 0", "≥ 0")),
    "styles.<name>.frame_width": ("all", ("≥ 0", "≥ 0")),
    "header.rule_width": ("all", ("≥ 0", "≥ 0")),
    "images[].width": ("all", ("> 0", "> 0")),
}
UNITS: dict[str, T] = {
    "abs": ("pt, mm, cm, 级/Q, 号", "pt、mm、cm、级/Q、号"),
    "body": ("pt, mm, cm, 级/Q, 号, 字", "pt、mm、cm、级/Q、号、字"),
    "all": ("pt, mm, cm, 级/Q, 号, 字, 行, 栏", "pt、mm、cm、级/Q、号、字、行、栏"),
}

#: Keys the spec loader reads itself, beside the schema: `images:` needs the grid and the disk.
EXTRA_SPEC_KEYS: dict[str, tuple[T, str]] = {
    "images": (("list of images", "图像列表"), "[]"),
    "images[].file": (("text", "文字"), "(required)"),
    "images[].width": (("length", "长度"), "(required)"),
}

# What each house style (zzprint.spec.load.HOUSE_STYLES) sets.
HOUSE_STYLE_MEANING: dict[str, T] = {
    "body": ("Body text (正文).", "正文。"),
    "subhead1": ("Subhead (## in the content file, 小标题).", "一级小标题（稿件中的 ##）。"),
    "subhead2": ("Sub-subhead (### in the content file).", "二级小标题（稿件中的 ###）。"),
    "note": ("A note such as （本文系……） (> in the content file).", "文末注，如（本文系……）（稿件中的 >）。"),
    "title": ("The title (主题); the default headline style.", "主题；默认标题样式。"),
    "kicker": ("The kicker (引题) above the title.", "引题（主题上方）。"),
    "subtitle": ("The subtitle (副题) below the title.", "副题（主题下方）。"),
    "byline": ("The byline (署名).", "署名。"),
    "summary": ("The 【summary】 box (提要).", "【提要】框。"),
    "label": ("The section label (栏目头).", "栏目头。"),
    "header": ("The page header (报眉) lines.", "报眉文字。"),
    "strong": ("Bold lead-ins (**…**): only its font is used, at the paragraph's size.", "段首加粗（**…**）：只取其字体，字号同段落。"),
    "header-paper": ("The paper's name in the header.", "报眉中的报名。"),
    "jump": ("Jump lines (转版): （下转第N版）, （上接第M版）.", "转版行：（下转第N版）、（上接第M版）。"),
    "caption": ("A picture's caption (图说).", "图说。"),
    "credit": ("A picture's credit line (摄影：…).", "图片署名（摄影：……）。"),
}

HOUSE_COLOR_MEANING: T = ("House colours, usable by name in any style (CMYK %)", "内置颜色，可在样式中直接用名（CMYK %）")

# Header placeholders (zzprint.edition.PLACEHOLDERS) and what fills them.
PLACEHOLDER_MEANING: dict[str, T] = {
    "paper": ("The paper's name (edition: paper).", "报名（edition 的 paper）。"),
    "date": ("The edition's date, e.g. 2024年12月20日.", "出版日期，如 2024年12月20日。"),
    "weekday": ("The day of the week, e.g. 星期五.", "星期，如 星期五。"),
    "page": ("The page number, two digits, e.g. 03.", "版次，两位数，如 03。"),
    "editor": ("The editor (责任编辑).", "责任编辑。"),
    "designer": ("The page designer (美术编辑).", "美术编辑。"),
    "page_name": ("The page's name (page.name).", "版名（page.name）。"),
}


@dataclass(frozen=True)
class Key:
    """One key of a file the loaders read themselves (not the spec schema)."""

    path: str
    kind: T
    default: T
    range: T
    meaning: T


def _k(path: str, kind: T, default: str | T, range_: str | T, en: str, zh: str) -> Key:
    """A key; a default given as one string is a value (set in code), as a pair it is words."""
    default = (f"`{default}`", f"`{default}`") if isinstance(default, str) else default
    return Key(path, kind, default, (range_, range_) if isinstance(range_, str) else range_, (en, zh))


TEXT: T = ("text", "文字")
WHOLE: T = ("whole number", "整数")
BOOL: T = ("true/false", "true/false")
NONE: T = ("—", "—")
REQUIRED: T = ("(required)", "（必填）")

FRONT_MATTER: tuple[Key, ...] = (
    _k("id", TEXT, ("the file's stem", "文件名（不含扩展名）"), ("ASCII letters, digits, - _ .", "ASCII 字母、数字、- _ ."),
       "The article's id, used by a spec's articles[].content.", "稿件 id，供版式文件 articles[].content 引用。"),
    _k("section", TEXT, '""', NONE, "The section label (栏目头), e.g. 经济观察.", "栏目名（栏目头），如“经济观察”。"),
    _k("kicker", TEXT, '""', NONE, "The kicker (引题) above the title.", "引题（主题上方）。"),
    _k("title", TEXT, REQUIRED, ("not empty", "不能为空"), "The title (主题).", "主题。"),
    _k("subtitle", TEXT, '""', NONE, "The subtitle (副题) below the title.", "副题（主题下方）。"),
    _k("author", TEXT, '""', NONE, "The byline (署名).", "署名（作者）。"),
    _k("summary", TEXT, '""', NONE, "The summary (提要), without the 【】; empty: no summary box.",
       "提要文字，不含【】；为空则不设提要框。"),
)

_FONT_ENTRY: tuple[tuple[str, T, str | T, str, str], ...] = (
    ("file", TEXT, REQUIRED, "The font file's name, found on the search path (.otf, .ttf, .ttc).",
     "字体文件名，在搜索路径中查找（.otf、.ttf、.ttc）。"),
    ("face", TEXT, ("the file's first face", "文件中第一个字面"),
     "In a .ttc collection: the face's full or PostScript name.", ".ttc 字体集中的字面：完整名或 PostScript 名。"),
    ("package", TEXT, NONE, "The Debian package that installs the file, named when it is missing.",
     "提供该文件的 Debian 软件包；文件缺失时在提示中给出。"),
)
FONTS: tuple[Key, ...] = (
    _k("search_path", ("list of folders", "文件夹列表"), "[]", NONE,
       "Folders searched for font files in order: relative to fonts/, or absolute system folders; fonts/ itself is "
       "searched last.", "依次查找字体文件的文件夹：相对于 fonts/，或系统文件夹的绝对路径；最后查找 fonts/ 本身。"),
    _k("roles", ("role → font entry", "角色 → 字体项"), REQUIRED, NONE,
       "Each font role (书宋 body, 黑体 headlines and labels, 楷体 summaries and bylines, 仿宋 optional) → its font.",
       "字体角色 → 字体：书宋（正文）、黑体（标题、栏目头）、楷体（提要、署名）、仿宋（可选）。"),
    _k("roles.<role>", ("font entry", "字体项"), REQUIRED, NONE, "The font of one role.", "某一角色的字体。"),
    *(_k(f"roles.<role>.{key}", kind, default, NONE, en, zh) for key, kind, default, en, zh in _FONT_ENTRY),
    _k("fallback", ("list of font entries", "字体项列表"), "[]", NONE,
       "Fonts tried in order for a character the role's font lacks (e.g. CJK Ext. A/B); a character in none stops "
       "the build.", "角色字体缺字时依次尝试的字体（如扩展 A/B 区）；都缺则停止排版并指出该字。"),
    *(_k(f"fallback[].{key}", kind, default, NONE, en, zh) for key, kind, default, en, zh in _FONT_ENTRY),
)

EDITION: tuple[Key, ...] = (
    _k("paper", TEXT, "株洲日报", NONE, "The paper's name: {paper} in the header.", "报名：报眉中的 {paper}。"),
    _k("date", ("date", "日期"), REQUIRED, ("YYYY-MM-DD", "YYYY-MM-DD"), "The day's date: {date} and {weekday}.",
       "出版日期：报眉中的 {date} 和 {weekday}。"),
    _k("editor", TEXT, '""', NONE, "The editor (责任编辑): {editor}.", "责任编辑：{editor}。"),
    _k("designer", TEXT, '""', NONE, "The page designer (美术编辑): {designer}.", "美术编辑：{designer}。"),
    _k("pages", ("list of pages", "版面列表"), "[]", NONE, "The pages of the day's paper.", "当日各版。"),
    _k("pages[].number", WHOLE, REQUIRED, ("1–999, each once", "1–999，不得重复"), "The page number (版次): {page}.",
       "版次：{page}。"),
    _k("pages[].layout", TEXT, REQUIRED, ("inside the project", "须在项目内"),
       "The page's spec, relative to the edition file's folder.", "该版的版式文件，相对于 edition 文件所在文件夹。"),
    _k("pages[].name", TEXT, '""', NONE, "A name for the desk; not printed (the header uses page.name).",
       "供编辑部辨认的名称，不印出（报眉用 page.name）。"),
)

_ONE_OF = ("one of", "选项")
_RECT = (("col", "First basic column.", "起始基本栏。"), ("span", "Basic columns.", "跨基本栏数。"),
         ("line", "First body line.", "起始行。"), ("lines", "Height in body lines.", "高度（正文行数）。"))
TEMPLATE: tuple[Key, ...] = (
    _k("compose", ("section", "节"), "{}", NONE, "The search's settings (docs/compose.md).", "自动组版的搜索设置（见 docs/compose.md）。"),
    _k("compose.gap", WHOLE, "1", "0–4", "Body lines between stacked frames and between bands (the rule between "
       "articles sits there).", "上下相叠的版框之间、各横带之间空的行数（稿件间隔线在此）。"),
    _k("compose.alternatives", WHOLE, "3", "0–10", "Runners-up summarised after the best layout.", "最佳方案之后列出的备选方案数。"),
    _k("compose.headline_air", WHOLE, "4", "0–12", "Most lines of air a headline area may have beyond what its "
       "headline needs.", "标题区在所需行数之外最多可留的空行。"),
    _k("compose.headline_styles", ("list of lists of style names", "样式名列表的列表"), "[[title]]", NONE,
       "Per rank (1 = the lead), the headline styles allowed, preferred first; the last entry serves every lower rank.",
       "按稿件主次（1 为头条）允许的标题样式，优先者在前；最后一项用于其后各篇。"),
    _k("compose.blocked", ("list of rectangles", "矩形列表"), "[]", NONE,
       "Fixed regions no frame may cover (e.g. a picture), on the basic grid.", "任何版框不得占用的固定区域（如图片），按基本栏网格。"),
    _k("compose.blocked[].name", TEXT, '""', NONE, "A name for the region, written into the spec's comment.",
       "区域名称，写入生成文件的注释。"),
    *(_k(f"compose.blocked[].{key}", WHOLE, REQUIRED, "≥ 1", en, zh) for key, en, zh in _RECT),
    _k("compose.bands", WHOLE, "3", "1–4", "Most horizontal bands the page is cut into.", "版面最多分成的横带数。"),
    _k("compose.stack", WHOLE, "2", "1–3", "Most frames stacked in one column strip.", "一个竖条中最多相叠的版框数。"),
    _k("articles", ("list of articles", "稿件列表"), REQUIRED, ("every article of the content folder", "须列出稿件文件夹中每篇"),
       "The articles in order of importance, each with constraints instead of rects:.",
       "按主次排列的稿件，每篇给出约束而不是 rects:。"),
    _k("articles[].content", TEXT, REQUIRED, ("each once", "不得重复"), "The content file's stem.", "稿件文件名（不含扩展名）。"),
    _k("articles[].lead", BOOL, ("the first article", "第一篇"), ("one article", "仅一篇"),
       "The lead (头条): the top-left strip, and no frame is wider.", "头条：占左上竖条，其他版框不得比它宽。"),
    _k("articles[].columns", ("[min, max] or a number", "[最少, 最多] 或一个数"), ("[1, grid.columns]", "[1, grid.columns]"),
       ("1–grid.columns", "1–grid.columns"), "Basic columns of its frame.", "版框的基本栏数。"),
    _k("articles[].region", ("rectangle", "矩形"), ("the page", "整版"), ("on the grid", "在网格内"),
       "{col, span, line, lines}: the frame must stay inside it.", "{col, span, line, lines}：版框须在其内。"),
    *(_k(f"articles[].region.{key}", WHOLE, REQUIRED, "≥ 1", en, zh) for key, en, zh in _RECT),
    _k("articles[].shapes", ("list of rect, L, split", "rect、L、split 的列表"), "[rect]", NONE,
       "Frame shapes allowed: rect a rectangle; L an L-shaped frame (刀把); split 破栏 (n basic columns re-divided into "
       "n − 1 wider ones).", "允许的版框形状：rect 矩形；L 刀把形；split 破栏（n 个基本栏改分为 n − 1 栏）。"),
    _k("articles[].headline", ("section", "节"), "{}", NONE, "The headline's constraints.", "标题的约束。"),
    _k("articles[].headline.styles", ("list of style names", "样式名列表"),
       ("from compose.headline_styles by rank", "按主次取自 compose.headline_styles"), NONE,
       "The headline styles allowed for this article, preferred first.", "本稿允许的标题样式，优先者在前。"),
    _k("articles[].headline.max_lines", WHOLE, "2", "1–4", "Lines the title may take.", "主题最多可占的行数。"),
    _k("articles[].headline.label", _ONE_OF, "left", ("`left`, `above`, `none`", "`left`、`above`、`none`"), "Where the section label (栏目头) goes.",
       "栏目头的位置。"),
    _k("articles[].headline.byline", _ONE_OF, "below", ("`below`, `right`, `none`", "`below`、`right`、`none`"), "Where the byline (署名) goes.", "署名的位置。"),
    _k("articles[].headline.align", _ONE_OF, "left", ("`left`, `center`, `right`", "`left`、`center`、`right`"), "Alignment of the title.", "主题的对齐方式。"),
    _k("articles[].headline.lines", WHOLE, ("as the headline needs", "按标题所需"), "1–30",
       "A fixed headline area in body lines (no air is added).", "固定的标题区高度（正文行数），不再加空行。"),
    _k("articles[].summary", ("section, or null", "节，或 null"), "{span: all}", NONE,
       "The 【summary】 box (提要); null: none. An article without a summary gets no box.",
       "【提要】框；null 为不设。稿件无提要时不设框。"),
    _k("articles[].summary.span", ("all or a number", "all 或一个数"), "all", ("1–grid.columns", "1–grid.columns"),
       "Columns of the box, in the frame's columns; all: the frame's width.", "提要框跨栏数（按版框的栏）；all 为版框全宽。"),
    _k("articles[].summary.style", TEXT, "summary", NONE, "Style of the box.", "提要框的样式。"),
    _k("articles[].summary.lines", WHOLE, ("as the text needs", "按文字所需"), "1–40", "Height of the box in body lines.",
       "提要框高度（正文行数）。"),
)

# Newsroom terms → the keys that speak of them.
TERMS: tuple[tuple[str, T, T], ...] = (
    ("版心", ("page.top, page.left, grid", "page.top、page.left、grid"),
     ("The type area: columns × lines inside the margins.", "版面上排文字的区域。")),
    ("基本栏", ("grid.columns, grid.chars", "grid.columns、grid.chars"), ("A basic column of the grid.", "网格的基本栏。")),
    ("破栏", ("articles[].rects[].split; template articles[].shapes: split", "articles[].rects[].split；模板 articles[].shapes: split"),
     ("Re-dividing joined basic columns into fewer or more equal columns.", "把若干基本栏合并后重新等分。")),
    ("齐底", ("copyfit", "copyfit"), ("Every column of a frame ends flush at its foot.", "版框各栏末行对齐到底。")),
    ("超版", ("copyfit.allow_overset", "copyfit.allow_overset"), ("Overset: text that does not fit its frame.", "文字排不下。")),
    ("缺行", ("copyfit", "copyfit"), ("A hole: a column that does not reach the frame's foot.", "某栏未排到底，留有空行。")),
    ("报眉", ("header", "header"), ("The page header: paper, page name, date, page number, editors.",
                                  "版头：报名、版名、日期、版次、编辑。")),
    ("版名", ("page.name", "page.name"), ("The page's name, e.g. 观点.", "版面名称，如“观点”。")),
    ("栏目头", ("articles[].headline.label; front matter section", "articles[].headline.label；稿件头信息 section"),
     ("The section label beside or above a headline.", "标题旁或上方的栏目名框。")),
    ("引题 / 主题 / 副题", ("front matter kicker, title, subtitle", "稿件头信息 kicker、title、subtitle"),
     ("Kicker, title, subtitle.", "标题的三部分。")),
    ("提要", ("articles[].summary; front matter summary", "articles[].summary；稿件头信息 summary"),
     ("The 【summary】 box.", "【提要】框。")),
    ("图说", ("articles[].pictures[].caption", "articles[].pictures[].caption"), ("A picture's caption.", "图片说明。")),
    ("底纹 / 细线框", ("articles[].pictures[].tint, border", "articles[].pictures[].tint、border"),
     ("A tint behind a frame / a thin frame.", "底色 / 细线边框。")),
    ("刀把", ("template articles[].shapes: L", "模板 articles[].shapes: L"), ("An L-shaped frame.", "L 形版框。")),
    ("避头尾", ("typography.kinsoku", "typography.kinsoku"), ("Line-start and line-end prohibitions.", "行首行末禁则。")),
    ("标点挤压", ("typography.punctuation", "typography.punctuation"), ("Punctuation compression.", "标点宽度的压缩。")),
    ("长体 / 扁体", ("styles.<name>.hscale", "styles.<name>.hscale"), ("Condensed / expanded type.", "字形横向压缩 / 拉宽。")),
    ("转版", ("articles[].jump, jump", "articles[].jump、jump"),
     ("An article continued on another page, with jump lines.", "稿件转到他版续排。")),
    ("竖排 / 纵中横", ("articles[].direction, articles[].headline.direction, typography.vertical_numbers",
                    "articles[].direction、articles[].headline.direction、typography.vertical_numbers"),
     ("Vertical text / upright digits side by side in vertical text.", "竖向排文 / 竖排中数字横排于一格。")),
    ("总墨量", ("output.tac", "output.tac"), ("Total area coverage of ink.", "C+M+Y+K 之和。")),
)


# --- walking the schema ----------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    path: str
    kind: T
    unit: T
    default: T
    range: T
    meaning: T


@dataclass(frozen=True)
class Table:
    path: str  # the section's path ("" for the top level)
    cls: type | None
    rows: tuple[Row, ...]
    same_as: str = ""  # a section declared once and used at several paths: where its keys are listed


def _annotation(cls: type[Strict], name: str) -> Any:
    """A field's annotation, evaluated in the module of the class that declares it."""
    owner = next(c for c in cls.__mro__ if name in c.__dict__.get("__annotations__", {}))
    annotation = cls._annotations[name]
    return eval(annotation, vars(sys.modules[owner.__module__])) if isinstance(annotation, str) else annotation


def _split_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) < len(typing.get_args(tp)):
            rest = members[0] if len(members) == 1 else typing.Union[tuple(members)]
            return rest, True
    return tp, False


def _same(a: Any, b: Any) -> bool:
    try:
        return a == b
    except TypeError:
        return False


def _kind(tp: Any) -> T:
    """What an annotation accepts, in words."""
    inner, optional = _split_optional(tp)
    kind = _bare_kind(inner)
    return (kind[0] + ", or null", kind[1] + "，或 null") if optional else kind


def _bare_kind(tp: Any) -> T:
    if _same(tp, schema.Length):
        return ("length", "长度")
    if _same(tp, schema.ColorValue):
        return ("colour", "颜色")
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return _ONE_OF
    if origin is list:
        item = _bare_kind(args[0])
        return (f"list of {item[0]}s" if item[0] != "section" else "list of sections", f"{item[1]}列表")
    if origin is dict:
        item = _bare_kind(args[1])
        return (f"name → {item[0]}", f"名称 → {item[1]}")
    if isinstance(tp, type) and issubclass(tp, Strict):
        return ("section", "节")
    words = {str: TEXT, int: WHOLE, float: ("number", "数"), bool: BOOL}
    return words.get(tp, (str(tp), str(tp)))


def _default(value: Any) -> T:
    if value is _REQUIRED:
        return REQUIRED
    if isinstance(value, Strict):
        return ("see below", "见下")
    if value is None:
        return NONE
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = _number(value)
    elif value == "":
        text = '""'
    elif isinstance(value, (list, dict)):
        text = "[]" if isinstance(value, list) else "{}"
    else:
        text = str(value)
    return (f"`{text}`", f"`{text}`")


def _range(tp: Any, f: Any) -> T:
    inner, _ = _split_optional(tp)
    if typing.get_origin(inner) is typing.Literal:
        choices = ", ".join(f"`{c}`" for c in typing.get_args(inner))
        return (choices, choices.replace(", ", "、"))
    parts_en, parts_zh = [], []
    if f.ge is not None and f.le is not None:
        parts_en.append(f"{_number(f.ge)}–{_number(f.le)}")
    else:
        for bound, sign in ((f.ge, "≥"), (f.gt, ">"), (f.le, "≤")):
            if bound is not None:
                parts_en.append(f"{sign} {_number(bound)}")
    if f.ge is not None and f.le is not None and f.gt is not None:
        parts_en.insert(0, f"> {_number(f.gt)}")
    parts_zh = list(parts_en)
    if f.min_length is not None:
        parts_en.append(f"at least {f.min_length} item{'s' if f.min_length != 1 else ''}")
        parts_zh.append(f"至少 {f.min_length} 项")
    if not parts_en:
        return NONE
    return (", ".join(parts_en), "，".join(parts_zh))


def _tables(cls: type[Strict], prefix: str, seen: dict[type, str], out: list[Table]) -> None:
    rows, nested = [], []
    for name, f in cls._fields.items():
        path = f"{prefix}{name}"
        tp = _annotation(cls, name)
        inner, _ = _split_optional(tp)
        unit, note = NONE, NONE
        if _same(inner, schema.Length) and path in LENGTHS:
            units, note = LENGTHS[path]
            unit = UNITS[units]
        limits = _range(tp, f)
        if note != NONE:
            limits = note if limits == NONE else (f"{limits[0]}; {note[0]}", f"{limits[1]}；{note[1]}")
        rows.append(Row(path, _kind(tp), unit, _default(f.default), limits, MEANING.get(path, ("", ""))))
        origin, args = typing.get_origin(inner), typing.get_args(inner)
        if isinstance(inner, type) and issubclass(inner, Strict):
            nested.append((inner, f"{path}."))
        elif origin is list and isinstance(args[0], type) and issubclass(args[0], Strict):
            nested.append((args[0], f"{path}[]."))
        elif origin is dict and isinstance(args[1], type) and issubclass(args[1], Strict):
            nested.append((args[1], f"{path}.<name>."))
        elif origin is dict:
            out_row = Row(f"{path}.<name>", _bare_kind(args[1]), NONE, NONE, NONE, MEANING.get(f"{path}.<name>", ("", "")))
            nested.append((out_row, path))
    out.append(Table(prefix.rstrip("."), cls, tuple(rows)))
    for target, where in nested:
        if isinstance(target, Row):
            out.append(Table(where, None, (target,)))
        elif target in seen:
            out.append(Table(where.rstrip("."), target, (), same_as=seen[target]))
        else:
            seen[target] = where.rstrip(".")
            _tables(target, where, seen, out)


def spec_tables() -> list[Table]:
    """The spec's sections as tables, top level first, each nested section after its parent."""
    out: list[Table] = []
    _tables(schema.Spec, "", {schema.Spec: ""}, out)
    top = out[0]
    extra = tuple(Row(path, kind, UNITS[LENGTHS[path][0]] if path in LENGTHS else NONE,
                      REQUIRED if default == "(required)" else (f"`{default}`", f"`{default}`"),
                      LENGTHS[path][1] if path in LENGTHS else NONE, MEANING.get(path, ("", "")))
                  for path, (kind, default) in EXTRA_SPEC_KEYS.items())
    out[0] = Table("", top.cls, top.rows + extra[:1])
    out.append(Table("images[]", None, extra[1:]))
    return out


def missing() -> list[str]:
    """What the reference lacks: a key of the schema without its meaning, a length without its units."""
    problems = []
    for table in spec_tables():
        for row in table.rows:
            if not row.meaning[0] or not row.meaning[1]:
                problems.append(f"{row.path}: no meaning: add MEANING[{row.path!r}] = (English, 中文) "
                                f"in src/zzprint/spec/reference.py")
            if row.kind[0].startswith("length") and row.unit == NONE:
                problems.append(f"{row.path}: a length without its units: add LENGTHS[{row.path!r}] "
                                f"(\"abs\", \"body\" or \"all\", and its range) in src/zzprint/spec/reference.py")
    paths = {row.path for table in spec_tables() for row in table.rows} | {t.path for t in spec_tables()}
    problems += [f"{path}: MEANING names a key the spec does not have (remove it)" for path in MEANING if path not in paths]
    problems += [f"house style {name!r}: no meaning: add HOUSE_STYLE_MEANING[{name!r}]"
                 for name in HOUSE_STYLES if name not in HOUSE_STYLE_MEANING]
    problems += [f"HOUSE_STYLE_MEANING names {name!r}, which is not a house style"
                 for name in HOUSE_STYLE_MEANING if name not in HOUSE_STYLES]
    problems += [f"header placeholder {{{name}}}: no meaning: add PLACEHOLDER_MEANING[{name!r}]"
                 for name in PLACEHOLDERS if name not in PLACEHOLDER_MEANING]
    return problems


# --- writing ---------------------------------------------------------------------------------

WORDS: dict[str, T] = {
    "title": ("zzprint reference: every key an editor writes", "zzprint 参考：编辑可写的全部键"),
    "generated": ("Generated by `python -m zzprint.spec.reference --write` from the validator's own declarations "
                  "(src/zzprint/spec/schema.py) and the loaders' key lists; do not edit by hand. A test fails when "
                  "this file is not current. 中文版：[spec.zh.md](spec.zh.md).",
                  "由 `python -m zzprint.spec.reference --write` 根据校验器自身的声明（src/zzprint/spec/schema.py）"
                  "和各读取程序的键表生成，请勿手改；本文件不是最新时测试会失败。English: [spec.md](spec.md)。"),
    "how": ("A path names a key as it is written: `articles[].rects[].col` is `col:` in any item of `rects:` in any "
            "item of `articles:`; `styles.<name>` is any key under `styles:`. Unknown keys are errors "
            "(`FILE:LINE:COL: message — hint`, exit status 2), and so are values out of range.",
            "路径按书写方式命名键：`articles[].rects[].col` 指 `articles:` 任一项中 `rects:` 任一项的 `col:`；"
            "`styles.<name>` 指 `styles:` 下任一名称。未知的键和超出范围的值都是错误"
            "（`文件:行:列: 说明 — 提示`，退出状态 2）。"),
    "units": ("Units", "单位"),
    "units_intro": ("A length is a number with a unit; a bare number is pt. Which units a key accepts is in its "
                    "table's unit column: 字 needs the body size, 行 and 栏 the whole grid, so the keys that define the "
                    "grid take fewer. No length may exceed {max}.",
                    "长度为数值加单位；不带单位的数按 pt 计。各键接受哪些单位见表中“单位”一栏：字 依赖正文字号，"
                    "行、栏 依赖整个网格，因此定义网格的键可用的单位较少。任何长度不得超过 {max}。"),
    "unit": ("unit", "单位"), "means": ("means", "含义"), "example": ("example", "示例"),
    "hao": ("号 names (digital convention); 小五号 = 小五, 初 = 初号 are accepted too:",
            "号数（数字排版通行值）；也可写 小五号、初 等："),
    "terms": ("Newsroom terms", "术语"),
    "term": ("term", "术语"), "keys": ("keys", "相关键"),
    "spec": ("Page-grid spec (`layout/*.yaml`)", "版式文件（`layout/*.yaml`）"),
    "spec_intro": ("Every section is optional except what a page needs; each key below shows its default.",
                   "各节均可省略，省略即取下表默认值。"),
    "top": ("Top level", "顶层"),
    "same_as": ("Same keys as `{path}`.", "键同 `{path}`。"),
    "house_styles": ("House styles", "内置样式"),
    "house_styles_intro": ("Every spec has these styles; `styles:` overrides them key by key and adds new ones.",
                           "每个版式都有这些样式；`styles:` 可逐项覆盖，也可新增样式。"),
    "style": ("style", "样式"), "sets": ("sets", "设定"), "used_for": ("used for", "用途"),
    "house_colors": ("House colours", "内置颜色"),
    "name": ("name", "名称"),
    "placeholders": ("Header placeholders", "报眉占位符"),
    "placeholders_intro": ("`header.left`, `center`, `right` and `second_line` may use these; the edition "
                           "(`layout/edition.yaml`) fills them.", "`header.left`、`center`、`right`、`second_line` "
                           "中可用以下占位符，由 edition 文件（`layout/edition.yaml`）填入。"),
    "placeholder": ("placeholder", "占位符"),
    "front": ("Article front matter (`content/*.md`)", "稿件头信息（`content/*.md`）"),
    "front_intro": ("Between the two `---` lines at the top of a content file, one `key: value` per line, each value "
                    "text. In the body, `## ` and `### ` mark subheads, `> ` a note and `**…**` a bold lead-in.",
                    "位于稿件文件开头两行 `---` 之间，每行一个 `键: 值`，值均为文字。正文中 `## `、`### ` 为小标题，"
                    "`> ` 为文末注，`**…**` 为段首加粗。"),
    "fonts": ("Font manifest (`fonts/fonts.yaml`)", "字体配置（`fonts/fonts.yaml`）"),
    "fonts_intro": ("Maps each font role to a file; styles name roles, never fonts.",
                    "把字体角色对应到字体文件；样式只写角色，不写字体名。"),
    "edition": ("Edition (`layout/edition.yaml`)", "出版信息（`layout/edition.yaml`）"),
    "edition_intro": ("One day's paper: the values of every page header and the pages with their numbers.",
                      "当日报纸：各版报眉的内容，以及各版的版次。"),
    "template": ("Page template (`zzprint compose`)", "组版模板（`zzprint compose`）"),
    "template_intro": ("A page template (e.g. `layout/opinion-template.yaml`) is a spec without frames: every section "
                       "above, plus `compose:`, and `articles:` with constraints instead of `rects:`. See "
                       "[compose.md](compose.md).",
                       "组版模板（如 `layout/opinion-template.yaml`）是不含版框的版式文件：包括上文各节，另加 "
                       "`compose:`，`articles:` 中给出约束而不是 `rects:`。详见 [compose.md](compose.md)。"),
    "key": ("key", "键"), "type": ("type", "类型"), "default": ("default", "默认值"), "range": ("range", "范围"),
    "meaning": ("meaning", "含义"),
}

_UNIT_ROWS: tuple[tuple[str, T, str], ...] = (
    ("pt", ("point, 1/72 inch (0.3528 mm); a bare number is pt", "点（1/72 英寸，0.3528 mm）；不带单位的数即 pt"), "9pt, 9"),
    ("mm, cm", ("millimetre, centimetre", "毫米、厘米"), "3mm"),
    ("级, Q", ("0.25 mm (H is accepted too)", "0.25 mm（也可写 H）"), "36级, 36Q"),
    ("号", ("a named size, see below", "号数，见下"), "小五, 五号"),
    ("字", ("body characters: grid.body_size", "正文字：grid.body_size"), "2字, 0.25字"),
    ("行", ("body lines: grid.line_pitch", "正文行：grid.line_pitch"), "3行"),
    ("栏", ("basic columns: n 栏 = n columns and their n − 1 gutters", "基本栏：n 栏 = n 栏宽加 n − 1 个栏间距"), "2栏"),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(*cells: str) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _key_table(rows: list[Row] | tuple[Row, ...], i: int) -> list[str]:
    head = [WORDS[w][i] for w in ("key", "type", "unit", "default", "range", "meaning")]
    lines = [_row(*head), "|" + "---|" * len(head)]
    lines += [_row(f"`{r.path}`", r.kind[i], r.unit[i], r.default[i], r.range[i], r.meaning[i]) for r in rows]
    return lines


def _rows(keys: tuple[Key, ...]) -> list[Row]:
    return [Row(k.path, k.kind, NONE, k.default, k.range, k.meaning) for k in keys]


def render(lang: str = "en") -> str:
    """The reference in ``lang`` ("en" or "zh"), as Markdown."""
    i = LANGS.index(lang)
    w = {key: value[i] for key, value in WORDS.items()}
    out = [f"# {w['title']}", "", w["generated"], "", w["how"], ""]

    max_len = f"{MAX_PT:.0f} pt ({MAX_PT / PT_PER_MM:.0f} mm)"
    out += [f"## {w['units']}", "", w["units_intro"].replace("{max}", max_len), "",
            _row(w["unit"], w["means"], w["example"]), "|---|---|---|"]
    out += [_row(unit, means[i], example) for unit, means, example in _UNIT_ROWS]
    out += ["", w["hao"], "", _row("号", *HAO_PT), "|" + "---|" * (len(HAO_PT) + 1),
            _row("pt", *(_number(float(v)) for v in HAO_PT.values())),
            _row("mm", *(f"{v / PT_PER_MM:.2f}" for v in HAO_PT.values())), ""]
    for name, text in UNITS.items():
        out.append(f"- {_unit_group(name, i)}{(': ', '：')[i]}{text[i]}")
    out += ["", f"## {w['terms']}", "", _row(w["term"], w["keys"], w["meaning"]), "|---|---|---|"]
    out += [_row(term, keys[i], meaning[i]) for term, keys, meaning in TERMS]

    out += ["", f"## {w['spec']}", "", w["spec_intro"], ""]
    for table in spec_tables():
        title = f"`{table.path}:`" if table.path else w["top"]
        out += [f"### {title}", ""]
        intro = MEANING.get(table.path.removesuffix("[]"))
        if intro:
            out += [intro[i], ""]
        if table.same_as:
            out += [w["same_as"].replace("{path}", table.same_as), ""]
            continue
        out += _key_table(table.rows, i) + [""]

    out += [f"### {w['house_styles']}", "", w["house_styles_intro"], "",
            _row(w["style"], w["sets"], w["used_for"]), "|---|---|---|"]
    for name, values in HOUSE_STYLES.items():
        sets = ", ".join(f"{k}: {_plain(v)}" for k, v in values.items())
        out.append(_row(f"`{name}`", sets, HOUSE_STYLE_MEANING.get(name, ("", ""))[i]))
    out += ["", f"### {w['house_colors']}", "", HOUSE_COLOR_MEANING[i] + ":", "",
            _row(w["name"], "C, M, Y, K"), "|---|---|"]
    out += [_row(f"`{name}`", ", ".join(_number(float(v)) for v in cmyk)) for name, cmyk in HOUSE_COLORS.items()]
    out += ["", f"### {w['placeholders']}", "", w["placeholders_intro"], "",
            _row(w["placeholder"], w["meaning"]), "|---|---|"]
    out += [_row(f"`{{{name}}}`", PLACEHOLDER_MEANING.get(name, ("", ""))[i]) for name in PLACEHOLDERS]

    for part, keys in (("front", FRONT_MATTER), ("fonts", FONTS), ("edition", EDITION), ("template", TEMPLATE)):
        out += ["", f"## {w[part]}", "", w[f"{part}_intro"], ""] + _key_table(_rows(keys), i)
    return "\n".join(out) + "\n"


def _unit_group(name: str, i: int) -> str:
    return {"abs": ("lengths that define the page and the body size", "定义页面与正文字号的长度"),
            "body": ("lengths that define the grid", "定义网格的长度"),
            "all": ("every other length", "其余长度")}[name][i]


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zzprint.spec.reference",
                                     description="Write the editors' reference of every key (docs/spec.md).")
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the reference printed on stdout")
    parser.add_argument("--write", nargs="?", const="docs", metavar="DOCS",
                        help="write spec.md and spec.zh.md into DOCS (default: docs) instead of printing")
    args = parser.parse_args(argv)
    problems = missing()
    if problems:
        for problem in problems:
            print(f"zzprint.spec.reference: {problem}", file=sys.stderr)
        return 1
    if args.write:
        folder = Path(args.write)
        for lang, name in (("en", "spec.md"), ("zh", "spec.zh.md")):
            (folder / name).write_text(render(lang), encoding="utf-8")
        return 0
    sys.stdout.write(render(args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
