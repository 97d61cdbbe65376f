"""The page-grid spec as written by a layout editor (YAML), before units are resolved.

Input: plain data from :mod:`zzprint.spec.yamlpos`.  Output: frozen section objects
whose lengths are still the editor's strings ("小五", "3mm", "2字"); :mod:`zzprint.spec.load`
resolves them to points once the grid is known.  Unknown keys are errors so a typo
never goes unnoticed.

The sections are checked by :mod:`zzprint.spec.validate` (pydantic's rules and
messages without its import cost): each field's annotation gives its type, ``field()``
its default and bounds; a field without a default is required.
"""

from __future__ import annotations

from typing import Literal

from ..page import MIN_PPI
from .validate import Strict, field

Length = str | int | float
ColorValue = str | list[float]


class PageSection(Strict):
    name: str = ""  # page name for the header (版名), e.g. 观点
    width: Length = "390mm"  # trim
    height: Length = "550mm"
    bleed: Length = "3mm"
    top: Length | None = None  # type area top margin; None → centred vertically
    left: Length | None = None  # type area left margin; None → centred horizontally
    crop_marks: bool = False


class GridSection(Strict):
    body_size: Length = "小五"  # 1 字
    columns: int = field(8, ge=1, le=20)  # basic columns
    chars: int = field(13, ge=4, le=60)  # characters per basic column
    gutter: Length = "1字"
    line_pitch: Length = "14pt"  # baseline-to-baseline of body text
    lines: int = field(98, ge=1, le=400)  # body lines in the type area


class TypographySection(Strict):
    kinsoku: Literal["basic", "gb", "strict", "none"] = "gb"
    punctuation: Literal["quanjiao", "kaiming", "hangmo", "banjiao", "plain", "全角", "开明", "行末半角", "半角", "不挤压"] = "quanjiao"
    cjk_latin_space: Length = "0.25字"
    hanging: bool = False
    # 竖排: a number of at most this many digits stands upright side by side in one character
    # square (纵中横); longer numbers and other Latin stand upright one character a square.
    vertical_numbers: int = field(2, ge=0, le=4)


class OutputSection(Strict):
    condition: str = "IFRA26"
    registry: str = "http://www.color.org"
    condition_info: str = "IFRA26 coldset newsprint (ISO 12647-3)"
    icc_profile: str | None = None  # required when the condition is not a registered one
    tac: float = field(240, gt=0, le=400)
    title: str | None = None
    min_ppi: float = field(MIN_PPI, gt=0, le=2400)  # pictures: least effective resolution as placed (less is a layout fault)
    picture_profile: str | None = None  # CMYK profile RGB pictures are converted to (default: icc_profile, else Ghostscript's)


class StyleSpec(Strict):
    """A paragraph/character style; unset fields inherit from ``based_on`` then house defaults."""

    based_on: str | None = None
    font: str | None = None  # a font role from fonts/fonts.yaml: 书宋, 黑体, 楷体, 仿宋
    size: Length | None = None
    color: ColorValue | None = None
    hscale: float | None = field(None, gt=0.3, le=2.0)  # 长体 < 1 < 扁体
    vscale: float | None = field(None, gt=0.3, le=2.0)
    align: Literal["left", "center", "right", "justify"] | None = None
    lines: int | None = field(None, ge=1, le=40)  # block height in body lines (subheads, labels)
    indent: Length | None = None  # first-line indent (body: 2字)
    fill: ColorValue | None = None  # box background (labels, summaries)
    frame: Literal["none", "box", "rules", "bar"] | None = None  # how a block is set off
    frame_color: ColorValue | None = None
    frame_width: Length | None = None
    brackets: bool | None = None  # summaries: wrap in 【】


class Rect(Strict):
    """A rectangle on the basic grid: columns col..col+span-1, lines line..line+lines-1 (1-based)."""

    col: int = field(ge=1)
    span: int = field(ge=1)
    line: int = field(ge=1)
    lines: int = field(ge=1)
    split: int | None = field(None, ge=1, le=12)  # 破栏: re-divide these basic columns into k


class HeadlineSpec(Strict):
    lines: int = field(4, ge=1, le=30)  # height of the headline area in body lines
    span: int | None = field(None, ge=1)  # basic columns the headline spans (default: the whole first rect)
    align: Literal["left", "center", "right"] = "left"
    max_lines: int = field(2, ge=1, le=4)  # lines the main title may take
    style: str = "title"
    label: Literal["left", "above", "none"] = "left"  # where the section label (栏目头) goes
    byline: Literal["below", "right", "none"] = "below"
    # vertical (竖排): the title stands top to bottom in columns read right to left, in an area
    # at the frame's right (span columns wide, lines tall); the body flows beside and below it.
    direction: Literal["horizontal", "vertical"] = "horizontal"


class SummarySpec(Strict):
    style: str = "summary"
    col: int = field(1, ge=1)  # first column of the frame's body (in the frame's own columns)
    span: int = field(1, ge=1)
    line: int = field(1, ge=1)  # first line below the headline area
    lines: int | None = field(None, ge=1)  # height; None → as many as the text needs


class PictureSpec(Strict):
    """A picture frame: an image, how it fills the frame, its caption (图说) and credit.

    In an article: ``col``/``span`` count the first frame's own columns and ``line`` the
    body lines below the headline area, as for the summary box; the body flows around it.
    On the page (top-level ``pictures:``): basic columns and grid lines, like a rect.
    """

    file: str  # relative to the spec's folder, inside the project
    col: int = field(1, ge=1)
    span: int = field(1, ge=1)
    line: int = field(1, ge=1)
    lines: int = field(ge=2, le=400)  # the frame's height in body lines: picture, caption and credit
    page: int = field(1, ge=1, le=16)  # top-level pictures only
    fit: Literal["fill", "fit"] = "fill"  # fill the frame and crop, or fit inside it whole
    focus: list[float] | None = None  # fill: [x, y] of the image (0–1) kept in view, default the centre
    crop: list[float] | None = None  # [left, top, right, bottom] of the image (0–1) to use
    caption: str = ""  # 图说
    credit: str = ""  # the name
    credit_kind: Literal["摄影", "漫画", "制图", "图", "供图"] = "摄影"
    border: bool = False  # 细线框 round the picture
    tint: bool = False  # 底纹 (K 10 %) behind the whole frame
    style: str = "caption"
    credit_style: str = "credit"


class ArticlePlacement(Strict):
    content: str  # content id (file stem in content/)
    page: int = field(1, ge=1, le=16)  # which page of this spec (a spec may lay out several pages)
    rects: list[Rect] = field(min_length=1)  # text flows through the rects in order
    headline: HeadlineSpec = HeadlineSpec()
    summary: SummarySpec | None = SummarySpec()
    allow_overlap: bool = False
    pictures: list[PictureSpec] = field([])  # picture frames inside the article's first frame
    direction: Literal["horizontal", "vertical"] = "horizontal"  # vertical: the whole frame is set top to bottom (竖排)
    # 转版: "out" — this frame holds the first part and ends with a jump line (下转第N版);
    # "in" — the continuation, which starts with one (上接第M版).  The numbers come from the edition.
    jump: Literal["none", "out", "in"] = "none"


class HeaderSection(Strict):
    lines: int = field(3, ge=1, le=10)  # body lines the header takes at the top of the type area
    style: str = "header"
    left: str = "{paper}"
    center: str = "{page_name}"
    right: str = "{date}  {weekday}  第{page}版"
    second_line: str = "责任编辑：{editor}    美术编辑：{designer}"
    rule_width: Length = "1.5pt"


class JumpSection(Strict):
    """The house wording and styles of jump lines (转版); {page} is the other part's page number."""

    out_text: str = "（下转第{page}版）"
    in_text: str = "（上接第{page}版）"
    style: str = "jump"  # the jump lines' style
    repeat_title: bool = True  # the continuation repeats the title, in its headline's style (转版标题)


class CopyfitSection(Strict):
    """What the engine may change on its own to make text fit (each change is reported)."""

    subhead_space: bool = True  # a subhead may give up or take one extra line
    headline_space: int = field(2, ge=0, le=6)  # lines of air the headline area may gain
    summary_space: int = field(1, ge=0, le=4)  # lines of padding the summary box may gain
    paragraph_looseness: int = field(1, ge=0, le=3)  # lines a paragraph may gain or lose
    allow_overset: bool = False  # build a proof even when text is overset (marked on the page)


class Spec(Strict):
    page: PageSection = PageSection()
    grid: GridSection = GridSection()
    typography: TypographySection = TypographySection()
    output: OutputSection = OutputSection()
    fonts: str = "../fonts/fonts.yaml"
    colors: dict[str, ColorValue] = field({})
    styles: dict[str, StyleSpec] = field({})
    header: HeaderSection | None = HeaderSection()
    separators: bool = True  # thin rules between articles
    copyfit: CopyfitSection = CopyfitSection()
    jump: JumpSection = JumpSection()
    content: str = "../content"
    articles: list[ArticlePlacement] = field([])
    pictures: list[PictureSpec] = field([])  # picture frames of their own on the page grid
