"""Draw the page model into PDF/X-1a bytes, written with pydyf.

Input: a :class:`~zzprint.page.Document` — pages of glyph runs, rules and boxes
in pt, origin at the trim's top-left, y down.
Output: the bytes of a PDF/X-1a:2001 file (or another row of
:data:`zzprint.render.pdfx.VARIANTS`): DeviceCMYK only, black text and rules
overprinting, Trim/Bleed/Media boxes, every font a subset embedded in the file,
and the same bytes for the same Document, always.

The build is three passes over the page model:

1. collect — which glyphs of which face each page shows (plus the slug items);
2. subset — one HarfBuzz subset per face, which fixes the code of every glyph;
3. draw — one text object per glyph run, one path per rule or box, then the
   document objects (fonts, Info, OutputIntent) and a content-hashed /ID.

pydyf writes the objects we give it, each stream's /Length, the
cross-reference table and the trailer (with the /ID), through its public API
only (``PDF``, ``Dictionary``, ``Stream``, ``add_object``/``add_page``,
``write``).  Every operator and every other entry in the file is written here,
in ``pdffonts`` or in ``pdfx``.  pydyf imports nothing heavier than zlib and
hashlib (reportlab, used before, imported Pillow on every cold build).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

import pydyf

from ..errors import UserError
from ..i18n import _
from ..memo import Memo, Table
from ..page import CMYK, Box, Document, GlyphRun, Image, Page, PageItem, PlacedGlyph, Rule
from .numfmt import DECIMALS, num
from .pdffonts import EmbeddedFont, FontProgram, FontUsage
from .pdfx import DEFAULT_VARIANT, icc_stream, info_dict, output_intent, variant
from .slug import slug_items, slug_width

# ExtGState resource names.  Black-only text and rules overprint (no white
# hairline when the plates shift); everything else knocks out, so reversed type
# in a colour panel stays clean.
OVERPRINT = "GSop"
KNOCKOUT = "GSko"
_EXTGSTATES = {
    OVERPRINT: {"OP": "true", "op": "true", "OPM": 1},
    KNOCKOUT: {"OP": "false", "op": "false", "OPM": 0},
}
_CONTENT_FLATE_LEVEL = 6
_BLOCK_KEPT = 8  # items a block needs for its operators to be kept (memo.drawn): articles, not a lone rule


def render_pdf(doc: Document, variant_name: str = DEFAULT_VARIANT, memo: Memo | None = None) -> bytes:
    """The PDF/X file for ``doc``: deterministic, same Document → identical bytes.

    ``memo``: the build's (zzprint.memo), where each glyph run's TJ operators are kept, so
    a rebuild draws the lines it set before without working them out again; else a fresh one.
    """
    memo = memo if memo is not None else Memo()
    pdfx = variant(variant_name)
    if not doc.pages:
        raise UserError.at(_("the document has no pages"))
    # the document objects first: a missing title or a bad ICC profile fails before any work
    info = info_dict(doc, pdfx)
    profile = icc_stream(doc.output_intent.icc_profile) if doc.output_intent.icc_profile else None
    # the items of each page, plus its crop marks and slug label
    pages = [(PageBoxes.of(page), list(page.items) + slug_items(page)) for page in doc.pages]
    # collect the glyphs per face and subset: this fixes every glyph's code
    fonts = FontSet.collect((items for _, items in pages), memo)
    pdf = pydyf.PDF()  # holds the Pages tree and the Catalog
    # one /Font dictionary for the document, shared by every page
    font_dict = pydyf.Dictionary({font.resource: font.embed(pdf, memo) for font in fonts})
    vertical = any(isinstance(item, GlyphRun) and item.vertical for _, items in pages for item in items)
    if vertical:  # 竖排 columns: each face drawn so also gets an Identity-V font
        from .vertical import add_vertical_fonts, vertical_faces
        add_vertical_fonts(pdf, font_dict, fonts, vertical_faces(items for _, items in pages))
    pdf.add_object(font_dict)
    resources = page_resources(font_dict.reference)
    # pictures: one image XObject per distinct picture, named on the pages that show it
    images = None
    if any(isinstance(item, Image) for _, items in pages for item in items):
        from .images import ImageSet
        images = ImageSet.collect(pdf, (items for _, items in pages))
    # draw: one content stream per page
    for boxes, items in pages:
        xobjects = images.resources(items) if images is not None else None
        page_res = resources if xobjects is None else pydyf.Dictionary(
            {**resources, "XObject": xobjects, "ProcSet": "[/PDF /Text /ImageB /ImageC]"})
        add_page(pdf, boxes, page_res, PageWriter(boxes, fonts, images, memo).draw(items))
    # the catalog's one OutputIntent, and Info
    if profile is not None:
        pdf.add_object(profile)
    intent = output_intent(doc.output_intent, pdfx, profile.reference if profile is not None else None)
    pdf.catalog["OutputIntents"] = pydyf.Array([intent])
    pdf.info.update(info)
    out = io.BytesIO()
    # identifier=True: /ID is two copies of an MD5 of every object's bytes,
    # so it follows the content and needs no clock.
    pdf.write(out, version="{}.{}".format(*pdfx.pdf_version).encode("ascii"), identifier=True)
    return out.getvalue()


def page_resources(fonts: bytes) -> pydyf.Dictionary:
    """A page's resources: the shared fonts, the two overprint states, ProcSet for old RIPs."""
    return pydyf.Dictionary({
        "Font": fonts,
        "ExtGState": pydyf.Dictionary({name: pydyf.Dictionary({"Type": "/ExtGState", **entries})
                                       for name, entries in _EXTGSTATES.items()}),
        "ProcSet": "[/PDF /Text]",
    })


def add_page(pdf: pydyf.PDF, boxes: PageBoxes, resources: pydyf.Dictionary, code: Sequence[str]) -> None:
    """One page: boxes, resources and a Flate content stream, nothing else (no /Rotate, no /Trans)."""
    content = ("\n".join(code) + "\n").encode("latin-1")
    stream = pydyf.Stream([zlib.compress(content, _CONTENT_FLATE_LEVEL)], {"Filter": "/FlateDecode"})
    pdf.add_object(stream)
    pdf.add_page(pydyf.Dictionary({
        "Type": "/Page",
        "Parent": pdf.pages.reference,
        "MediaBox": _box(boxes.media),
        "BleedBox": _box(boxes.bleed),
        "TrimBox": _box(boxes.trim),
        "Resources": resources,
        "Contents": stream.reference,
    }))


# --------------------------------------------------------------------------- fonts


class FontSet:
    """The embedded fonts of one document, keyed by face, named F1, F2, … in order of first use."""

    def __init__(self, fonts: dict[tuple[str, int], EmbeddedFont]):
        self._fonts = fonts

    @classmethod
    def collect(cls, pages: Iterable[Sequence[PageItem]], memo: Memo | None = None) -> FontSet:
        """Pass 1 and 2: record every glyph shown, then subset each face once (kept in ``memo``).

        A block of items drawn before (see :meth:`PageWriter.draw`) gives its glyphs from
        ``memo.shown``: per face, each (glyph, text) once, in the order first shown, which
        leaves each face's usage as walking every glyph would (a repeat changes nothing,
        and faces are recorded apart).
        """
        memo = memo if memo is not None else Memo()
        usages: dict[tuple[str, int], FontUsage] = {}
        for items in pages:
            for owner, block in _blocks(items):
                if not owner or len(block) < _BLOCK_KEPT:
                    shown = _shown(block)
                else:
                    entry = memo.shown.data.get(owner)
                    if entry is not None and _same_items(entry[0], block):
                        memo.shown.hits += 1
                        shown = entry[1]
                    else:
                        memo.shown.misses += 1
                        shown = memo.shown.put(owner, (block, _shown(block)))[1]
                for key, font, glyphs in shown:
                    usage = usages.get(key)
                    if usage is None:
                        usage = usages[key] = FontUsage(font)
                    known, add = usage.text, usage.add
                    for gid, text, glyph, where in glyphs:
                        if known.get(gid) != text:  # new glyph, gid 0, or another text for it
                            add(glyph, where)
        return cls({key: EmbeddedFont.build(f"F{n}", usage, memo)
                    for n, (key, usage) in enumerate(usages.items(), start=1)})

    def __iter__(self) -> Iterator[EmbeddedFont]:
        return iter(self._fonts.values())

    def of(self, run: GlyphRun) -> EmbeddedFont:
        return self._fonts[(run.font.path, run.font.index)]


def _shown(items: Sequence[PageItem]) -> list[tuple[tuple[str, int], object, list[tuple[int, str, PlacedGlyph, str]]]]:
    """Per face, first shown first: (face key, face, [(gid, text, glyph, where)]) with each
    (glyph id, text) of ``items`` once, in the order first shown."""
    faces: dict[tuple[str, int], tuple[tuple[str, int], object, list]] = {}
    seen: set[tuple[tuple[str, int], int, str]] = set()
    for item in items:
        if isinstance(item, GlyphRun):
            key = (item.font.path, item.font.index)
            face = faces.get(key)
            if face is None:
                face = faces[key] = (key, item.font, [])
            glyphs = face[2]
            where = ""
            for glyph in item.glyphs:  # ~7 000 glyphs a page
                pair = (key, glyph.gid, glyph.text)
                if pair not in seen:
                    seen.add(pair)
                    where = where or (f"run {item.tag!r}" if item.tag else "a glyph run")
                    glyphs.append((glyph.gid, glyph.text, glyph, where))
    return list(faces.values())


def _blocks(items: Sequence[PageItem]) -> Iterator[tuple[str, Sequence[PageItem]]]:
    """Runs of items of one tag owner (an article's, the header's), with the owner."""
    start = 0
    while start < len(items):
        owner = items[start].tag.partition(":")[0]
        end = start + 1
        while end < len(items) and items[end].tag.partition(":")[0] == owner:
            end += 1
        yield owner, items[start:end]
        start = end


def _same_items(kept: Sequence[PageItem], items: Sequence[PageItem]) -> bool:
    """The items drawn before, by value: usually the very objects (the flow's memo gives an
    unedited article's again), else compared field by field (the glyph tuples of lines set
    before are shared too, so that stays cheap)."""
    return len(kept) == len(items) and all(a is b or a == b for a, b in zip(kept, items))


# --------------------------------------------------------------------------- page geometry


class PageBoxes(NamedTuple):  # not a dataclass: see pdffonts' records
    """The page boxes in PDF user space (origin bottom-left of the MediaBox), in pt."""

    media: tuple[float, float, float, float]
    bleed: tuple[float, float, float, float]
    trim: tuple[float, float, float, float]

    @classmethod
    def of(cls, page: Page) -> PageBoxes:
        if page.bleed < 0 or page.width <= 0 or page.height <= 0:
            raise UserError.at(_("impossible page size {width} × {height} pt, bleed {bleed} pt").format(width=page.width, height=page.height, bleed=page.bleed))
        o = page.bleed + slug_width(page)  # trim's distance from the media edge
        w, h, b = page.width, page.height, page.bleed
        return cls(media=(0.0, 0.0, w + 2 * o, h + 2 * o),
                   bleed=(o - b, o - b, o + w + b, o + h + b),
                   trim=(o, o, o + w, o + h))


def _box(rect: tuple[float, float, float, float]) -> str:
    return "[" + " ".join(num(v) for v in rect) + "]"


# --------------------------------------------------------------------------- drawing


class PageWriter:
    """Draws one page's items as content-stream operators: one small method per operation.

    Keeps the graphics state it has set (colours, line width, overprint) so each
    operator is written only when its value changes.
    """

    def __init__(self, boxes: PageBoxes, fonts: FontSet, images=None, memo: Memo | None = None):
        self._code: list[str] = []  # the page's operators, one or more lines each
        self.fonts = fonts
        self.memo = memo if memo is not None else Memo()  # the TJ operators of runs drawn before
        self.images = images  # render.images.ImageSet of the document, when it has pictures
        self.left = boxes.trim[0]  # PDF x of the trim's left edge
        self.top = boxes.trim[3]  # PDF y of the trim's top edge
        self._fill_color: CMYK | None = None
        self._stroke_color: CMYK | None = None
        self._line_w: float | None = None
        self._gstate: str | None = None
        self._heads: dict[tuple, str] = {}  # text object openings, per font and size (see glyph_run)

    # -- coordinates ------------------------------------------------------------

    def x(self, x: float) -> float:
        return self.left + x

    def y(self, y: float) -> float:
        return self.top - y  # page model y runs down, PDF y runs up

    # -- items ------------------------------------------------------------------

    def draw(self, items: Sequence[PageItem]) -> list[str]:
        """The page's operators, in order, one or more lines per string.

        Each block of items (an article's, the header's: a run of one tag owner) is kept in
        ``memo.drawn`` with the graphics state it began and ended in; a rebuild copies the
        operators of a block whose items equal those drawn before (the flow's memo gives
        an unedited article's very items again), in the same state, with the same font
        subsets.  Anything else is drawn afresh.
        """
        fonts = tuple((font.resource, font.program) for font in self.fonts)
        table = self.memo.drawn
        for owner, block in _blocks(items):
            if not owner or len(block) < _BLOCK_KEPT or any(isinstance(item, Image) for item in block):
                self._draw(block)
                continue
            state = (self._fill_color, self._stroke_color, self._line_w, self._gstate)
            key = (owner, self.left, self.top, state)
            entry = table.data.get(key)
            if (entry is not None and _same_items(entry[0], block) and len(entry[1]) == len(fonts)
                    and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(entry[1], fonts))):
                table.hits += 1
                self._code += entry[2]
                self._fill_color, self._stroke_color, self._line_w, self._gstate = entry[3]
            else:
                table.misses += 1
                first = len(self._code)
                self._draw(block)
                table.put(key, (block, fonts, self._code[first:],
                                (self._fill_color, self._stroke_color, self._line_w, self._gstate)))
        return self._code

    def _draw(self, items: Iterable[PageItem]) -> None:
        for item in items:
            if isinstance(item, GlyphRun):
                self.glyph_run(item)
            elif isinstance(item, Rule):
                self.rule(item)
            elif isinstance(item, Box):
                self.box(item)
            elif isinstance(item, Image):
                self.image(item)
            else:
                raise TypeError(f"not a page item: {item!r}")

    def glyph_run(self, run: GlyphRun) -> None:
        """One text object; TJ displacements put each glyph at its x (see :func:`tj_arrays`)."""
        if not run.glyphs:
            return
        size, hscale, vscale = run.size, run.hscale, run.vscale
        if min(size, hscale, vscale) <= 0:
            raise UserError.at(_("glyph run {tag!r}: size {size}, hscale {hscale}, vscale {vscale} must all be positive").format(tag=run.tag, size=size, hscale=hscale, vscale=vscale))
        font = self.fonts.of(run)
        color = run.color
        self.overprint(color.is_black_only)
        self.fill(color)
        if run.vertical:
            from .vertical import vertical_run
            self.emit(vertical_run(run, font, font.resource + "V", self.left, self.top))
            return
        # One literal for the text object: the page joins literals with newlines, so
        # the stream is the same as emitting each operator on its own.  The part up
        # to Tm's translation is the same for every run of a style.
        head_key = (font.resource, size, hscale, vscale)
        head = self._heads.get(head_key)
        if head is None:
            head = self._heads[head_key] = f"BT\n/{font.resource} {num(size)} Tf\n{num(hscale)} 0 0 {num(vscale)} "
        self.emit(f"{head}{num(self.left + run.glyphs[0].x)} {num(self.top - run.baseline)} Tm\n"
                  f"{tj_arrays(run, font, self.memo)}\nET")

    def rule(self, rule: Rule) -> None:
        self.overprint(rule.color.is_black_only)
        self.stroke(rule.color)
        self.line_width(rule.width)
        self.emit(f"{num(self.x(rule.x0))} {num(self.y(rule.y0))} m "
                  f"{num(self.x(rule.x1))} {num(self.y(rule.y1))} l S")

    def box(self, box: Box) -> None:
        """Boxes knock out: a panel is a background, never ink on top of ink."""
        if box.fill is None and box.stroke is None:
            return
        self.overprint(False)
        if box.fill is not None:
            self.fill(box.fill)
        if box.stroke is not None:
            self.stroke(box.stroke)
            self.line_width(box.stroke_width)
        paint = "B" if box.fill is not None and box.stroke is not None else "f" if box.fill is not None else "S"
        self.emit(f"{num(self.x(box.x))} {num(self.y(box.y + box.h))} {num(box.w)} {num(box.h)} re {paint}")

    def image(self, image: Image) -> None:
        """Pictures knock out (a photo is opaque): drawn in q … Q with their crop as a clip."""
        from .images import draw_image

        self.overprint(False)
        self.emit(draw_image(image, self.images.names[image.source], self.left, self.top))

    # -- graphics state ---------------------------------------------------------

    def fill(self, color: CMYK) -> None:
        if color is not self._fill_color and color != self._fill_color:
            self.emit(f"{_cmyk(color)} k")
            self._fill_color = color

    def stroke(self, color: CMYK) -> None:
        if color is not self._stroke_color and color != self._stroke_color:
            self.emit(f"{_cmyk(color)} K")
            self._stroke_color = color

    def line_width(self, width: float) -> None:
        if width != self._line_w:
            self.emit(f"{num(width)} w")
            self._line_w = width

    def overprint(self, on: bool) -> None:
        name = OVERPRINT if on else KNOCKOUT
        if name != self._gstate:
            self.emit(f"/{name} gs")
            self._gstate = name

    def emit(self, operators: str) -> None:
        self._code.append(operators)


def _cmyk(color: CMYK) -> str:
    for ink in (color.c, color.m, color.y, color.k):
        if not 0 <= ink <= 1:
            raise UserError.at(_("ink value {ink} outside 0..1 in {color}").format(ink=ink, color=color))
    return f"{num(color.c)} {num(color.m)} {num(color.y)} {num(color.k)}"


def tj_arrays(run: GlyphRun, font: EmbeddedFont, memo: Memo) -> str:
    """TJ arrays (and Ts for ``dy``) that put every glyph of ``run`` at its x.

    After each glyph a reader moves the pen by the glyph's /W width; the number
    before the next glyph is the displacement from there to the placed x, in
    thousandths of the (horizontally scaled) font size.  The pen is tracked as the
    reader will parse it, so rounding never accumulates along the line.

    The operators are kept in ``memo.tj``, keyed by value: the run's glyphs (ids, places,
    texts), size, scaling and face (whose advances give the widths).  An entry is
    ``[template, program, text]``: the template has each ``<…>`` string as a tuple of
    glyph ids, since codes depend on the document's subset; ``text`` is the template
    filled in for the subset ``program``.  So a rebuild fills in the codes of a line it
    drew before only when the face's subset changed (an unchanged glyph set gives the
    same FontProgram, kept per glyph set; any other program is filled in afresh).
    """
    key = (run.glyphs, run.size, run.hscale, run.vscale, font.face.key)
    table = memo.tj
    # Looked up without moving the entry (every run of every build: hashing the glyphs
    # once is the cost; the table holds many pages' runs, so first-in first-out is enough).
    entry = table.data.get(key)
    if entry is None:
        table.misses += 1
        entry = table.put(key, [_tj_compute(run, font.widths, memo.displacements), None, ""])
    else:
        table.hits += 1
    program = font.program
    if entry[1] is not program:
        if program.alias_code:
            entry[2] = _fill_aliased(entry[0], run.glyphs, program)
        else:
            code = program.hex_code.__getitem__
            entry[2] = "".join([piece if piece.__class__ is str else "".join(map(code, piece)) for piece in entry[0]])
        entry[1] = program
    return entry[2]


def _fill_aliased(template: tuple, glyphs: Sequence[PlacedGlyph], program: FontProgram) -> str:
    """The template filled in when some (glyph, text) pairs have alias codes (see pdffonts' module doc).

    The template's glyph-id tuples, read in order, are the run's glyphs one for one,
    so each id is paired with its glyph's text to pick the code.
    """
    hex_for = program.hex_for
    texts = iter(glyphs)
    out = []
    for piece in template:
        if piece.__class__ is str:
            out.append(piece)
            continue
        for gid in piece:
            out.append(hex_for(gid, next(texts).text))
    return "".join(out)


def _tj_compute(run: GlyphRun, widths: Mapping[int, float], displacements: Table) -> tuple:
    """The run's TJ template (see :func:`tj_arrays`); ``displacements``: num() of each
    displacement seen so far, keyed by float only (an int 1 would share the key of 1.0;
    num(-0.0) and num(0.0) are both '0', and zero is never written anyway)."""
    unit = run.size * run.hscale / 1000.0  # user-space pt per TJ unit
    x0 = run.glyphs[0].x
    pen = 0.0  # reader's pen, relative to x0
    rise = 0.0
    out: list = []  # pieces: str, or a tuple of glyph ids for one <…> string
    items: list = []  # the current TJ array: numbers (str) and glyph-id tuples
    codes: list[int] = []

    def flush_codes() -> None:
        if codes:
            items.append(tuple(codes))
            codes.clear()

    def flush_array() -> None:
        flush_codes()
        if items:
            if out:
                out.append("\n")
            out.append("[")
            for n, item in enumerate(items):
                if n:
                    out.append(" ")
                if item.__class__ is str:
                    out.append(item)
                else:
                    out.extend(("<", item, ">"))
            out.append("] TJ")
            items.clear()

    def line(text: str) -> None:
        if out:
            out.append("\n")
        out.append(text)

    # ~7 000 glyphs a page: the first glyph is handled apart (no displacement before
    # it), parsed() and flush_codes() are inlined, and displacements, which repeat
    # along a justified line, are formatted once each.
    vscale = run.vscale
    known = displacements.data
    looked = formatted = 0
    first = True
    for glyph in run.glyphs:
        gid = glyph.gid
        if glyph.dy or rise:
            glyph_rise = -glyph.dy / vscale  # Ts is in text space, which Tm scales by vscale
            if glyph_rise != rise:
                flush_array()
                line(f"{num(glyph_rise)} Ts")
                rise = glyph_rise
        if first:
            first = False
        else:
            adjust = round(-(glyph.x - x0 - pen) / unit, DECIMALS)  # = parsed(): what a reader sees
            if adjust:
                if codes:
                    items.append(tuple(codes))
                    codes.clear()
                looked += 1
                text = known.get(adjust)
                if text is None:
                    text = known[adjust] = num(adjust)
                    formatted += 1
                items.append(text)
                pen -= adjust * unit
        codes.append(gid)
        pen += widths[gid] * unit
    displacements.hits += looked - formatted
    displacements.misses += formatted
    while len(known) > displacements.size:  # bounded for long-running processes (watch, edition)
        del known[next(iter(known))]
    flush_array()
    if rise:
        line("0 Ts")  # Ts is graphics state: it would outlive ET
    return tuple(out)
