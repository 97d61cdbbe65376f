"""The page model: what layout produced, in points, ready for any output.

Layout builds it once; the PDF writer, the proofs and the tests all read it.
Coordinates: origin at the top-left corner of the trim box, x to the right,
y downwards, in pt.  A glyph run's ``baseline`` is its y.  The PDF writer
flips y and moves the origin by the bleed and slug.

The immutable records are NamedTuples rather than frozen dataclasses: a frozen
dataclass costs about a millisecond to define, which every cold build pays at import.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import NamedTuple

from .i18n import _


class CMYK(NamedTuple):
    """A process colour, each ink 0..1."""

    c: float = 0.0
    m: float = 0.0
    y: float = 0.0
    k: float = 0.0

    @property
    def is_black_only(self) -> bool:
        """100 % K and nothing else: such text and rules overprint."""
        return self.c == 0 and self.m == 0 and self.y == 0 and self.k == 1

    @property
    def coverage(self) -> float:
        """Total area coverage in percent."""
        return 100.0 * (self.c + self.m + self.y + self.k)


BLACK = CMYK(0, 0, 0, 1)
WHITE = CMYK(0, 0, 0, 0)


class FontRef(NamedTuple):
    """A font face on disk: file path and face index inside a .ttc collection."""

    path: str
    index: int = 0
    name: str = ""  # PostScript name, for messages and the PDF BaseFont


class PlacedGlyph(NamedTuple):
    """One glyph at its pen position.

    ``text`` is the source text the glyph stands for (one cluster; '' for the
    second and later glyphs of a multi-glyph cluster), so ToUnicode and text
    extraction give back the source.  A NamedTuple, not a dataclass: a page has
    ~8 000 of them and a tuple is built in C.
    """

    gid: int
    x: float
    text: str
    dy: float = 0.0  # vertical offset from the run's baseline (pt, downwards)


class GlyphRun(NamedTuple):
    """Glyphs of one font and size on one baseline (typically one line)."""

    font: FontRef
    size: float
    baseline: float
    glyphs: tuple[PlacedGlyph, ...]
    color: CMYK = BLACK
    hscale: float = 1.0  # 长体 < 1 < 扁体: horizontal glyph scaling
    vscale: float = 1.0  # vertical glyph scaling
    tag: str = ""  # who placed it (article id, 'header', ...) for proofs/tests
    # 竖排: the glyphs stand in one column (each at its horizontal origin, as always); the PDF
    # shows them with the face's vertical (Identity-V) font, so readers take the column as a line.
    vertical: bool = False


class Rule(NamedTuple):
    """A straight line from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: CMYK = BLACK
    tag: str = ""


class Box(NamedTuple):
    """A rectangle; (x, y) is its top-left corner."""

    x: float
    y: float
    w: float
    h: float
    fill: CMYK | None = None
    stroke: CMYK | None = None
    stroke_width: float = 0.5
    tag: str = ""


class ImageSource(NamedTuple):
    """Which pixels of which image file a placed picture shows, and how they are made print-safe.

    The renderer asks :func:`zzprint.pictures.prepare` for the data with these values (a
    CMYK or grey JPEG with ``crop`` None passes through as it is).
    """

    path: str  # the image file, inside the project
    name: str  # as the spec writes it, for messages and the proof report
    root: str  # the project folder it must lie in
    stamp: tuple  # the file's size and modification time: a changed file is read again
    crop: tuple[int, int, int, int] | None  # pixel box kept (left, top, right, bottom); None: the whole file as it is
    pixels: tuple[int, int]  # pixel size drawn (after downsampling)
    ppi: float  # effective resolution as placed (before downsampling)
    tac: float  # total ink limit, % (RGB conversion and CMYK pictures are held to it)
    profile: str | None  # CMYK profile RGB is converted to
    origin: tuple[str, int, int]  # spec file, line, col of the picture's file:, for messages
    mode: str = ""  # the file's colour mode (Pillow), for the proof report


class Image(NamedTuple):
    """A picture: ``source`` drawn over (x, y, w, h), seen only inside ``clip`` when it is set (a crop)."""

    x: float
    y: float
    w: float
    h: float
    source: ImageSource
    clip: tuple[float, float, float, float] | None = None
    tag: str = ""

    @property
    def visible(self) -> tuple[float, float, float, float]:
        """The part of the page the picture covers: its box, cut by the clip."""
        if self.clip is None:
            return (self.x, self.y, self.w, self.h)
        cx, cy, cw, ch = self.clip
        left, top = max(self.x, cx), max(self.y, cy)
        right, bottom = min(self.x + self.w, cx + cw), min(self.y + self.h, cy + ch)
        return (left, top, max(0.0, right - left), max(0.0, bottom - top))


PageItem = GlyphRun | Rule | Box | Image


@dataclass
class Page:
    """One page: trim size, bleed, and what to draw, in paint order."""

    width: float
    height: float
    bleed: float = 8.5039  # 3 mm
    items: list[PageItem] = field(default_factory=list)
    label: str = ""  # page information for the slug
    crop_marks: bool = False
    draft: bool = False  # a proof with its layout faults marked: the slug says DRAFT


#: What stops a page (a layout fault), in the newsroom's terms.  Anything else a stage
#: reports (a loose line, an unbalanced title) is a warning: shown, never blocking.
FAULT_KINDS = {
    "overset": "超版",  # text that did not fit its frame
    "headline-overflow": "标题排不下",  # headline, label, summary, byline or header line too big for its area or max_lines
    "off-frame": "出框",  # a glyph or rule outside its frame, its column or the trim box
    "overlap": "压字",  # text of one block over another block
    "hole": "缺行",  # a frame whose columns do not end flush
    "low-resolution": "图片精度不足",  # a picture below the minimum effective ppi as placed
    "jump": "转版",  # a jump line whose page number the build cannot know (the page built without its edition)
}
WARNING = "warning"


class LayoutProblem(NamedTuple):
    """One thing wrong with a laid-out page, where it is and where it came from.

    ``kind`` is one of :data:`FAULT_KINDS` (the page is not deliverable) or ``warning``.
    ``box`` is where it is on the page, (x, y, w, h) in page-model coordinates.
    ``str()`` is the message alone, as the fit table prints it; :meth:`report` is the
    line the command line prints: ``FILE:LINE:COL: article ID: message — hint``.
    """

    kind: str
    message: str
    article: str = ""  # article id; "" for the page itself (header)
    file: str = ""
    line: int = 0
    col: int = 0
    hint: str = ""
    box: tuple[float, float, float, float] | None = None
    page: int = 1  # 1-based page of the spec
    parts: tuple[tuple[float, float, float, float], ...] = ()  # the pieces of ``box``, when it is several (a hole's columns)

    def __str__(self) -> str:
        return self.message

    @property
    def is_fault(self) -> bool:
        return self.kind in FAULT_KINDS

    def report(self) -> str:
        where = self.file or "zzprint"
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        who = _("article {article}").format(article=self.article) if self.article else \
            _("page {number}").format(number=self.page)
        text = f"{where}: {who}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def as_dict(self) -> dict:
        return {"kind": self.kind, "article": self.article, "file": self.file, "line": self.line, "col": self.col,
                "message": self.message, "hint": self.hint, "page": self.page,
                "box": [round(v, 2) for v in self.box] if self.box else None}


#: Output conditions of the ICC characterization-data registry (color.org) that a RIP knows by
#: name, so an OutputIntent naming one needs no embedded DestOutputProfile (ISO 15930-1;
#: docs/typesetting.md §10).  One table for the spec check (a page names one of these or gives
#: an ICC profile) and the preflight (any other identifier must carry a CMYK profile).
#: Deliberately small: a condition missing here only asks for a profile, the strict side.
#: Least effective resolution of a picture as placed on newsprint, ppi: the spec's
#: output.min_ppi default and the preflight's check of any PDF.
MIN_PPI = 200.0

REGISTERED_CONDITIONS = (
    "IFRA26", "IFRA30",  # ISO 12647-3 coldset newsprint
    "FOGRA27", "FOGRA28", "FOGRA29", "FOGRA39", "FOGRA40", "FOGRA45", "FOGRA47",
    "FOGRA51", "FOGRA52",
    "CGATS TR 001", "CGATS TR 003", "CGATS TR 005", "CGATS TR 006",
    "JC200103", "JCN2002", "JCW2003",
)


class OutputIntent(NamedTuple):
    """The PDF/X output condition (registered, or with an ICC profile)."""

    identifier: str = "IFRA26"
    registry: str = "http://www.color.org"
    condition: str = "IFRA26 coldset newsprint (ISO 12647-3)"
    info: str = "IFRA26"
    icc_profile: str | None = None  # path; required when not registered


@dataclass
class Document:
    """Pages plus what the PDF's Info and OutputIntent need."""

    pages: list[Page]
    title: str
    creation_date: _dt.datetime
    author: str = ""
    subject: str = ""
    output_intent: OutputIntent = field(default_factory=OutputIntent)
    draft: bool = False  # faults marked, not for print: the Info says /ZZPrintDraft (true)
