"""Crop marks and the slug line, as ordinary page items.

Input: a :class:`~zzprint.page.Page` with ``crop_marks`` set.
Output: :class:`~zzprint.page.Rule` s for the eight crop marks and a
:class:`~zzprint.page.GlyphRun` for ``Page.label``, in page-model coordinates
(trim top-left origin, so they lie at negative or beyond-trim positions), in
registration colour.  The PDF writer draws and embeds them like any other item.

Every mark starts ``MARK_GAP`` beyond the bleed and ends inside the slug, so
nothing of it falls inside the BleedBox.
"""

from __future__ import annotations

import uharfbuzz as hb

from ..errors import UserError
from ..i18n import _
from ..page import CMYK, FontRef, GlyphRun, Page, PageItem, PlacedGlyph, Rule
from .pdffonts import FaceKey, load_pdf_face

MM = 72.0 / 25.4
SLUG = 10 * MM  # media beyond the bleed on each side, when marks are on
MARK_GAP = 2.0  # pt between the bleed edge and the start of a mark
MARK_LENGTH = 14.0  # pt; ends at bleed + 16 pt, inside the 28.3 pt slug
MARK_WIDTH = 0.25
REGISTRATION = CMYK(1, 1, 1, 1)  # prints on every plate
LABEL_FONT = FontRef("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "NotoSansCJKsc-Regular")
LABEL_SIZE = 6.0
LABEL_INDENT = 24.0  # pt from the trim's left edge: clear of the corner marks
LABEL_DROP = 20.0  # baseline, pt below the bleed's bottom edge: below the marks' ends' reach


def slug_width(page: Page) -> float:
    """Media beyond the bleed on each side (a draft always has a slug: it says DRAFT there)."""
    return SLUG if page.crop_marks or page.draft else 0.0


def slug_items(page: Page) -> list[PageItem]:
    """What to draw in the slug: nothing without crop marks, else marks plus the label."""
    if not (page.crop_marks or page.draft):
        return []
    items: list[PageItem] = list(crop_marks(page)) if page.crop_marks else []
    if page.label:
        items.append(label_run(page))
    return items


def crop_marks(page: Page) -> list[Rule]:
    """Two marks per trim corner, each on the line of a trim edge, outside the bleed."""
    near = page.bleed + MARK_GAP
    far = near + MARK_LENGTH
    w, h = page.width, page.height
    marks = []
    for x in (0.0, w):  # vertical marks, above and below the trim
        marks.append(Rule(x, -near, x, -far, MARK_WIDTH, REGISTRATION, "crop"))
        marks.append(Rule(x, h + near, x, h + far, MARK_WIDTH, REGISTRATION, "crop"))
    for y in (0.0, h):  # horizontal marks, left and right of the trim
        marks.append(Rule(-near, y, -far, y, MARK_WIDTH, REGISTRATION, "crop"))
        marks.append(Rule(w + near, y, w + far, y, MARK_WIDTH, REGISTRATION, "crop"))
    return marks


def label_run(page: Page) -> GlyphRun:
    """``Page.label`` shaped with HarfBuzz, set in the bottom slug."""
    face = load_pdf_face(FaceKey.of(LABEL_FONT))
    buf = hb.Buffer()
    buf.add_str(page.label)
    buf.guess_segment_properties()
    buf.language = "zh-Hans"
    hb.shape(face.hb_font, buf, {})
    scale = LABEL_SIZE / face.upem
    glyphs: list[PlacedGlyph] = []
    pen = LABEL_INDENT
    seen_clusters: set[int] = set()
    clusters = sorted({info.cluster for info in buf.glyph_infos}) + [len(page.label)]
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        if info.codepoint == 0:
            raise UserError.at(_("slug label: no glyph for {label!r} in {name}").format(label=page.label[info.cluster], name=LABEL_FONT.name),
                               hint=_("keep page labels to Chinese, Latin letters and digits"))
        text = ""
        if info.cluster not in seen_clusters:  # later glyphs of a cluster carry no text
            seen_clusters.add(info.cluster)
            text = page.label[info.cluster:clusters[clusters.index(info.cluster) + 1]]
        glyphs.append(PlacedGlyph(info.codepoint, pen + pos.x_offset * scale, text))
        pen += pos.x_advance * scale
    return GlyphRun(LABEL_FONT, LABEL_SIZE, page.height + page.bleed + LABEL_DROP, tuple(glyphs),
                    REGISTRATION, tag="slug")
