"""Collect what each page actually paints, by parsing its content streams.

Input: a page (or any content stream) and its resources.  Output: a :class:`PageUsage` listing
the colour operators, fonts shown, images, inline images, shadings, graphics states and forms
that are reached from the page, each with a label saying where it was found.

Rules judge *used* objects, not whole resource dictionaries: producers such as WeasyPrint leave
unused Lab colour spaces and reportlab an unused Helvetica in resources, and a RIP never images
those.  Recursion covers form XObjects, tiling patterns, Type3 glyph procedures and printable
annotation appearances, at most guard.MAX_NESTING deep.  Streams are decoded through a
:class:`~.guard.Budget` (bounded bytes and operators); what a bound stops is listed in
``PageUsage.limits`` and the file is then refused, not passed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..i18n import _
from .guard import MAX_NESTING, WALKED, Budget, Refused
from .model import objkey, objref, resource

_SHOW_OPS = {"Tj", "TJ", "'", '"'}
_ANNOT_PRINT_FLAG = 4  # /F bit 3: the annotation is printed (ISO 32000-1 Table 165)


@dataclass
class ColourSet:
    """A colour operator in one stream; repeated uses are counted, not listed."""

    where: str
    op: str
    operand: str  # resource name for cs/CS, "" for rg/RG
    space: pikepdf.Object
    count: int = 1


@dataclass
class Used:
    """An object reached from a page, with the label under which it is reported."""

    label: str
    obj: pikepdf.Object
    space: pikepdf.Object | None = None  # resolved colour space, for inline images


@dataclass
class PageUsage:
    colour_sets: dict[tuple[str, str, str], ColourSet] = field(default_factory=dict)
    fonts: list[Used] = field(default_factory=list)
    images: list[Used] = field(default_factory=list)
    inline_images: list[Used] = field(default_factory=list)
    shadings: list[Used] = field(default_factory=list)
    extgstates: list[Used] = field(default_factory=list)
    forms: list[Used] = field(default_factory=list)
    postscript: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (label, parser message)
    limits: list[tuple[str, str]] = field(default_factory=list)  # (label, which bound stopped the walk)
    streams: set[tuple[int, int]] = field(default_factory=set)  # for page attribution of filters
    # Every Do of an image with the transformation matrix it was drawn with (a b c d e f),
    # for its effective resolution; a form's content starts from its own space (not tracked through).
    image_draws: list[tuple[Used, tuple[float, ...]]] = field(default_factory=list)


def _concat(m: tuple[float, ...], ctm: tuple[float, ...]) -> tuple[float, ...]:
    """``m × ctm``: what ``cm`` makes of the current transformation matrix."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = ctm
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _at(where: str, what: str) -> str:
    return f"{where}: {what}" if where else what


class PageWalker:
    """Walks one page; every object is visited once per page (shared forms are common)."""

    def __init__(self, budget: Budget | None = None) -> None:
        self.usage = PageUsage()
        self._seen: set[object] = set()
        self.budget = budget or Budget()
        # Decoded content is parsed from streams of a scratch file, never of the checked one.
        self._scratch = pikepdf.new()

    def _content(self, content: pikepdf.Page | Stream, where: str) -> bytes | None:
        """The decoded bytes of a page's content streams (joined as qpdf does) or of one stream;
        None when a bound stopped the decoding (recorded in ``usage.limits``)."""
        label = where or "page content"
        if isinstance(content, pikepdf.Page):
            c = content.obj.get("/Contents")
            streams = [s for s in (c if isinstance(c, Array) else [c]) if isinstance(s, Stream)]
        else:
            streams = [content]
        parts = []
        try:
            for s in streams:
                data, problem = self.budget.decode(s)
                if problem:
                    self.usage.errors.append((_at(label, objref(s)) if len(streams) > 1 else label, problem))
                parts.append(data)
            data = b"\n".join(parts)
            self.budget.count_operators(data)
        except Refused as why:
            self.usage.limits.append((label, _("content {reason}").format(reason=why)))
            return None
        return data

    def _first_visit(self, obj: object, label: str) -> bool:
        key = objkey(obj, label)
        if key in self._seen:
            return False
        self._seen.add(key)
        if isinstance(key, tuple):
            self.usage.streams.add(key)
        return True

    def walk_page(self, page: pikepdf.Page, resources: object) -> None:
        contents = page.obj.get("/Contents")
        for s in contents if isinstance(contents, Array) else [contents]:
            if isinstance(s, Stream):
                self.usage.streams.add(s.objgen)
        if contents is not None:
            self.walk(page, resources, "")
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            for annot in annots:
                self._walk_appearance(annot, resources, 1)

    def _walk_appearance(self, annot: object, resources: object, depth: int) -> None:
        # Only printable annotations reach the plate; their normal appearance is a form.
        if not isinstance(annot, Dictionary) or not int(annot.get("/F", 0)) & _ANNOT_PRINT_FLAG:
            return
        ap = annot.get("/AP")
        normal = ap.get("/N") if isinstance(ap, Dictionary) else None
        states = [normal] if isinstance(normal, Stream) else list(normal.values()) if isinstance(normal, Dictionary) else []
        for state in states:
            if isinstance(state, Stream):
                self._form(state, resources, f"Annot {objref(annot)} appearance {objref(state)}", depth)

    def walk(self, content: pikepdf.Page | Stream, resources: object, where: str, depth: int = 0) -> None:
        if depth > MAX_NESTING:
            self.usage.limits.append((where, _("forms, patterns or glyph procedures nested more than {limit} deep; "
                                               "the deeper content is not checked").format(limit=MAX_NESTING)))
            return
        data = self._content(content, where)
        if data is None:
            return
        try:
            # pikepdf reports a stream it had to cut short (unbalanced or too deeply nested
            # brackets) as a Python warning: that is a content error here, not noise on stderr.
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always")
                instructions = pikepdf.parse_content_stream(pikepdf.Stream(self._scratch, data), WALKED)
            if said:
                self.usage.errors.append((where or "page content", str(said[0].message).splitlines()[0]))
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            self.usage.errors.append((where or "page content", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
            return
        # Text state (the current font) is part of the graphics state, so q/Q save and restore it.
        fonts: list[object] = [None]
        ctms: list[tuple[float, ...]] = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]  # as fonts: saved by q, restored by Q
        for inst in instructions:
            if isinstance(inst, pikepdf.ContentStreamInlineImage):
                self._inline_image(inst.iimage, resources, where)
                continue
            op = str(inst.operator)
            args = inst.operands
            if op == "q":
                fonts.append(fonts[-1])
                ctms.append(ctms[-1])
            elif op == "Q":
                if len(fonts) > 1:
                    fonts.pop()
                    ctms.pop()
            elif op == "cm" and len(args) == 6:
                try:
                    ctms[-1] = _concat(tuple(float(a) for a in args), ctms[-1])
                except (TypeError, ValueError):
                    pass
            elif op == "Tf" and args:
                fonts[-1] = args[0]
            elif op in _SHOW_OPS:
                self._font_shown(fonts[-1], resources, where, depth)
            elif op in ("rg", "RG"):
                self._colour(where, op, "", Name.DeviceRGB)
            elif op in ("cs", "CS") and args and isinstance(args[0], Name):
                found = resource(resources, "/ColorSpace", args[0])
                self._colour(where, op, str(args[0]), found if found is not None else args[0])
            elif op in ("scn", "SCN") and args and isinstance(args[-1], Name):
                self._pattern(args[-1], resources, where, depth)
            elif op == "Do" and args:
                self._xobject(args[0], resources, where, depth, ctms[-1])
            elif op == "sh" and args:
                sh = resource(resources, "/Shading", args[0])
                if sh is not None:
                    self._shading(sh, _at(where, f"Shading {args[0]} {objref(sh)}"))
            elif op == "gs" and args:
                gs = resource(resources, "/ExtGState", args[0])
                label = _at(where, f"ExtGState {args[0]} {objref(gs)}")
                if isinstance(gs, Dictionary) and self._first_visit(gs, label):
                    self.usage.extgstates.append(Used(label, gs))
            elif op == "PS":
                self.usage.postscript.append(_at(where, "content stream op 'PS'"))

    def _colour(self, where: str, op: str, operand: str, space: pikepdf.Object) -> None:
        key = (where, op, operand)
        if key in self.usage.colour_sets:
            self.usage.colour_sets[key].count += 1
        else:
            self.usage.colour_sets[key] = ColourSet(where, op, operand, space)

    def _font_shown(self, font_name: object, resources: object, where: str, depth: int) -> None:
        font = resource(resources, "/Font", font_name)
        if not isinstance(font, Dictionary):
            return
        base = font.get("/BaseFont")
        label = _at(where, f"/Font {font_name} ({str(base)[1:] if base is not None else 'no BaseFont'})")
        if not self._first_visit(font, label):
            return
        self.usage.fonts.append(Used(label, font))
        if font.get("/Subtype") == Name.Type3:
            # Glyph procedures are content streams too, with the font's resources (or ours).
            procs = font.get("/CharProcs")
            glyph_res = font.get("/Resources", resources)
            if isinstance(procs, Dictionary):
                for glyph, proc in procs.items():
                    if isinstance(proc, Stream) and self._first_visit(proc, f"{label} glyph {glyph}"):
                        self.walk(proc, glyph_res, f"{label} glyph {glyph}", depth + 1)

    def _xobject(self, name: object, resources: object, where: str, depth: int,
                 ctm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)) -> None:
        xobj = resource(resources, "/XObject", name)
        if not isinstance(xobj, Stream):
            return
        subtype = xobj.get("/Subtype")
        label = _at(where, f"{name_of_subtype(subtype)} {name} {objref(xobj)}")
        if subtype == Name.Image:
            self.usage.image_draws.append((Used(label, xobj), ctm))
            if self._first_visit(xobj, label):
                self.usage.images.append(Used(label, xobj))
                smask = xobj.get("/SMask")
                if isinstance(smask, Stream):
                    self.usage.streams.add(smask.objgen)
        elif subtype == Name.Form:
            self._form(xobj, resources, label, depth)
        elif subtype == Name.PS:
            self.usage.postscript.append(label)

    def _form(self, form: Stream, resources: object, label: str, depth: int) -> None:
        if not self._first_visit(form, label):
            return
        self.usage.forms.append(Used(label, form))
        # A form without /Resources uses its parent's (PDF 1.1 practice, still seen).
        self.walk(form, form.get("/Resources", resources), label, depth + 1)

    def _pattern(self, name: Name, resources: object, where: str, depth: int) -> None:
        pat = resource(resources, "/Pattern", name)
        label = _at(where, f"Pattern {name} {objref(pat)}")
        if not isinstance(pat, Dictionary | Stream) or not self._first_visit(pat, label):
            return
        if int(pat.get("/PatternType", 0)) == 1 and isinstance(pat, Stream):
            self.walk(pat, pat.get("/Resources", resources), label, depth + 1)
        elif int(pat.get("/PatternType", 0)) == 2:
            sh = pat.get("/Shading")
            if sh is not None:
                self._shading(sh, f"{label} shading")
            gs = pat.get("/ExtGState")
            if isinstance(gs, Dictionary):
                self.usage.extgstates.append(Used(f"{label} ExtGState", gs))

    def _shading(self, sh: pikepdf.Object, label: str) -> None:
        if isinstance(sh, Dictionary | Stream) and self._first_visit(sh, label):
            self.usage.shadings.append(Used(label, sh))

    def _inline_image(self, image: pikepdf.PdfInlineImage, resources: object, where: str) -> None:
        d = image.obj  # pikepdf expands the abbreviated keys and filter names
        space = d.get("/ColorSpace")
        if isinstance(space, Name):
            # An inline image may name a /ColorSpace resource (ISO 32000-1 §8.9.7).
            found = resource(resources, "/ColorSpace", space)
            space = found if found is not None else space
        self.usage.inline_images.append(Used(_at(where, "inline image"), d, space))


def name_of_subtype(subtype: object) -> str:
    return {"/Image": "Image", "/Form": "Form", "/PS": "PostScript XObject"}.get(str(subtype), "XObject")
