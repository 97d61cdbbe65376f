"""PDF/X-1a:2001 rules, one small function each, and :func:`check_pdf` which runs them.

Input: the path of any PDF.  Output: a list of :class:`Violation` (empty when the file
conforms), sorted by page then by the order of :data:`RULES`.

Every rule cites the checklist in docs/typesetting.md §10 (the brackets are that
section's source keys).  Decisions where the brief left room:

* version: the header must be ``%PDF-1.0`` … ``%PDF-1.3`` at byte 0, and the catalog must not
  raise it with /Version.  PDF/X-1a:2001 is built on PDF 1.3; 1.4 is PDF/X-1a:2003, a different
  conformance level with different Info strings, so it is reported, not tolerated.
* Only objects a page *uses* are judged for colour, fonts and graphics states (see walk.py);
  filters are judged on every stream in the file, since a RIP may decode any of them.
* Image /Mask (stencil or colour-key masking) is PDF 1.3 and allowed; only /SMask is
  transparency.  An /AcroForm dictionary without fields or XFA is inert and passes.
* Annotations count as "inside" when their /Rect shares area with the BleedBox (TrimBox/ArtBox
  when there is no BleedBox); PrinterMark annotations are exempt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from ..errors import UserError
from ..i18n import _
from ..page import MIN_PPI, REGISTERED_CONDITIONS  # known by name, no DestOutputProfile needed (docs/typesetting.md §10 [PDFX-OI])
from . import guard
from .guard import Budget, Refused
from .model import (
    ERROR,
    WARNING,
    Rect,
    Violation,
    colour_space_problem,
    contains,
    fmt_rect,
    name_of,
    objref,
    overlaps,
    to_rect,
)
from .walk import PageUsage, PageWalker

if TYPE_CHECKING:
    from .inks import Rendering

PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"

_HEADER_RE = guard.PDF_HEADER
_FORBIDDEN_FILTERS = {"/LZWDecode": "LZW", "/JBIG2Decode": "JBIG2", "/JPXDecode": "JPEG 2000"}
_OK_BLEND = {"/Normal", "/Compatible"}
_ANNOT_EXEMPT = {"/PrinterMark"}


@dataclass
class PageInfo:
    number: int
    page: pikepdf.Page
    media: Rect | None
    media_present: bool
    trim: Rect | None
    art: Rect | None
    bleed: Rect | None
    trim_on_parent: bool  # TrimBox/BleedBox on a /Pages node, where they are not inherited
    usage: PageUsage


@dataclass
class Doc:
    path: Path
    pdf: pikepdf.Pdf
    head: bytes
    condition: str
    pages: list[PageInfo] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    source: str = ""  # the name qpdf knows the file by (/dev/fd/N), stripped from its messages
    limits: list[Violation] = field(default_factory=list)  # document-level bounds hit before the rules ran


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    cite: str
    check: Callable[[Doc], Iterator[Violation]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, description: str, cite: str) -> Callable[[Callable[[Doc], Iterator[Violation]]], Callable[[Doc], Iterator[Violation]]]:
    """Register a rule function under ``rule_id`` (the order of registration is report order)."""

    def register(fn: Callable[[Doc], Iterator[Violation]]) -> Callable[[Doc], Iterator[Violation]]:
        RULES[rule_id] = Rule(rule_id, description, cite, fn)
        return fn

    return register


# --- document ---------------------------------------------------------------------------


@rule("version", "header %PDF-1.0…1.3 at byte 0; no catalog /Version above 1.3", "docs/typesetting.md §10 Must: header %PDF-1.3")
def check_version(doc: Doc) -> Iterator[Violation]:
    m = _HEADER_RE.search(doc.head)
    if m is None:  # unreachable: open_doc refuses such files, kept for direct callers
        yield Violation("version", _("no %PDF- header"), 0, "file header")
        return
    if m.start() != 0:
        yield Violation("version", _("header is preceded by {count} bytes of other data").format(count=m.start()), 0, "file header")
    version = (int(m[1]), int(m[2]))
    if version > (1, 3):
        yield Violation("version", _("header is %PDF-{major}.{minor}; PDF/X-1a:2001 requires PDF 1.3").format(major=version[0], minor=version[1]), 0, "file header")
    cat_version = doc.pdf.Root.get("/Version")
    if isinstance(cat_version, Name):
        try:
            major, minor = (int(x) for x in str(cat_version)[1:].split("."))
        except ValueError:
            return
        if (major, minor) > (1, 3):
            yield Violation("version", _("catalog /Version raises the version to {major}.{minor}").format(major=major, minor=minor), 0, "Catalog /Version")


@rule("id", "trailer /ID present", "docs/typesetting.md §10 Must: trailer /ID [PDFX-ID]")
def check_id(doc: Doc) -> Iterator[Violation]:
    # pikepdf/qpdf invent an /ID when *writing*, never when reading, so this sees the file's own.
    ident = doc.pdf.trailer.get("/ID")
    if not isinstance(ident, Array) or len(ident) != 2:
        yield Violation("id", _("trailer has no /ID (two file identifiers)"), 0, "trailer")


@rule("encrypt", "no encryption", "docs/typesetting.md §10 Must not: encryption")
def check_encrypt(doc: Doc) -> Iterator[Violation]:
    if doc.pdf.is_encrypted:
        yield Violation("encrypt", _("file is encrypted"), 0, "trailer /Encrypt")


def _info_value(doc: Doc, key: str) -> pikepdf.Object | None:
    info = doc.pdf.trailer.get("/Info")
    return info.get(key) if isinstance(info, Dictionary) else None


def _info_string(doc: Doc, key: str, expected: str, rule_id: str) -> Iterator[Violation]:
    value = _info_value(doc, key)
    if value is None:
        yield Violation(rule_id, _("Info has no {key}; must be ({expected})").format(key=key, expected=expected), 0, f"Info {key}")
    elif not isinstance(value, pikepdf.String) or str(value) != expected:
        yield Violation(rule_id, _("Info {key} is {value!s}; must be ({expected})").format(key=key, value=value, expected=expected), 0, f"Info {key}")


@rule("info-version", f"Info /GTS_PDFXVersion = ({PDFX_VERSION})", "docs/typesetting.md §10 Must: Info [PDFX-ID]")
def check_info_version(doc: Doc) -> Iterator[Violation]:
    yield from _info_string(doc, "/GTS_PDFXVersion", PDFX_VERSION, "info-version")


@rule("info-conformance", f"Info /GTS_PDFXConformance = ({PDFX_CONFORMANCE})", "docs/typesetting.md §10 Must: Info [PDFX-ID]")
def check_info_conformance(doc: Doc) -> Iterator[Violation]:
    yield from _info_string(doc, "/GTS_PDFXConformance", PDFX_CONFORMANCE, "info-conformance")


@rule("info-title", "Info /Title present and not empty", "docs/typesetting.md §10 Must: Info [PDFX-ID]")
def check_info_title(doc: Doc) -> Iterator[Violation]:
    title = _info_value(doc, "/Title")
    if not isinstance(title, pikepdf.String) or not str(title).strip():
        yield Violation("info-title", _("Info /Title is missing or empty"), 0, "Info /Title")


@rule("info-dates", "Info /CreationDate and /ModDate present, as PDF dates (D:YYYY…)", "docs/typesetting.md §10 Must: Info [PDFX-ID]")
def check_info_dates(doc: Doc) -> Iterator[Violation]:
    for key in ("/CreationDate", "/ModDate"):
        value = _info_value(doc, key)
        if value is None:
            yield Violation("info-dates", _("Info has no {key}").format(key=key), 0, f"Info {key}")
        elif not re.match(r"D:\d{4}", str(value)):
            yield Violation("info-dates", _("Info {key} ({value!s}) is not a PDF date D:YYYYMMDDHHmmSS").format(key=key, value=value), 0, f"Info {key}")


@rule("info-trapped", "Info /Trapped is the name /True or /False", "docs/typesetting.md §10 Must: Info [PDFX-ID]")
def check_info_trapped(doc: Doc) -> Iterator[Violation]:
    value = _info_value(doc, "/Trapped")
    if value is None:
        yield Violation("info-trapped", _("Info has no /Trapped; must be /True or /False"), 0, "Info /Trapped")
    elif not (isinstance(value, Name) and str(value) in ("/True", "/False")):
        # /Unknown is legal PDF but not PDF/X-1a; a string (False) is a common producer slip.
        kind = "name" if isinstance(value, Name) else "string"
        yield Violation("info-trapped", _("Info /Trapped is the {kind} {value!s}; must be the name /True or /False").format(kind=kind, value=value), 0, "Info /Trapped")


#: The Info key ``zzprint build --draft`` writes on its proofs (with "DRAFT" in the slug).
DRAFT_KEY = "/ZZPrintDraft"


@rule("draft", f"no Info {DRAFT_KEY}: a draft proof (zzprint build --draft, DRAFT in the slug) is not a print file",
      "docs/typesetting.md §11 (only a final page goes to the plate)")
def check_draft(doc: Doc) -> Iterator[Violation]:
    if _info_value(doc, DRAFT_KEY) is not None:
        yield Violation("draft", _("a draft proof (zzprint build --draft), not a print file; build the page without --draft"),
                        0, f"Info {DRAFT_KEY}")


def _pdfx_intents(doc: Doc) -> list[Dictionary]:
    intents = doc.pdf.Root.get("/OutputIntents")
    if not isinstance(intents, Array):
        return []
    return [oi for oi in intents if isinstance(oi, Dictionary) and oi.get("/S") == Name.GTS_PDFX]


@rule("outputintent", "exactly one OutputIntent with /S /GTS_PDFX", "docs/typesetting.md §10 Must: one OutputIntent [PDFX-OI]")
def check_outputintent(doc: Doc) -> Iterator[Violation]:
    n = len(_pdfx_intents(doc))
    if n == 0:
        yield Violation("outputintent", _("no OutputIntent with /S /GTS_PDFX"), 0, "Catalog /OutputIntents")
    elif n > 1:
        yield Violation("outputintent", _("{n} OutputIntents with /S /GTS_PDFX; exactly one is allowed").format(n=n), 0, "Catalog /OutputIntents")


@rule("outputintent-condition", "OutputConditionIdentifier present (and equal to --condition)", "docs/typesetting.md §10 Must: /OutputConditionIdentifier [PDFX-OI]")
def check_outputintent_condition(doc: Doc) -> Iterator[Violation]:
    intents = _pdfx_intents(doc)
    if not intents:
        return  # reported by "outputintent"
    oi = intents[0]
    ident = oi.get("/OutputConditionIdentifier")
    where = f"OutputIntent {objref(oi)}"
    if not isinstance(ident, pikepdf.String) or not str(ident).strip():
        yield Violation("outputintent-condition", _("OutputIntent has no OutputConditionIdentifier"), 0, where)
    elif doc.condition and str(ident).strip().casefold() != doc.condition.strip().casefold():
        yield Violation("outputintent-condition", _("OutputConditionIdentifier is ({ident!s}); the print condition is {condition}").format(ident=ident, condition=doc.condition), 0, where)


@rule("outputintent-profile", "unregistered condition: CMYK output DestOutputProfile (/N 4) and /Info; any embedded profile must be CMYK", "docs/typesetting.md §10 Must: DestOutputProfile [PDFX-OI]")
def check_outputintent_profile(doc: Doc) -> Iterator[Violation]:
    intents = _pdfx_intents(doc)
    if not intents:
        return
    oi = intents[0]
    where = f"OutputIntent {objref(oi)}"
    ident = str(oi.get("/OutputConditionIdentifier", "")).strip()
    profile = oi.get("/DestOutputProfile")
    registered = ident.upper() in REGISTERED_CONDITIONS
    if profile is None:
        if not registered:
            yield Violation("outputintent-profile", _("({ident}) is not a registered output condition, so a DestOutputProfile must be embedded").format(ident=ident), 0, where)
    elif not isinstance(profile, Stream):
        yield Violation("outputintent-profile", _("DestOutputProfile is not a stream"), 0, where)
    else:
        where = f"DestOutputProfile {objref(profile)}"
        try:
            head = doc.budget.decode(profile)[0][:20]
        except Refused as why:
            doc.limits.append(Violation("limits", _("DestOutputProfile {why}").format(why=why), 0, where))
            return
        n = profile.get("/N")
        # ICC header: bytes 12-15 device class, 16-19 data colour space (ICC.1 §7.2).
        if n != 4 or head[16:20] != b"CMYK":
            yield Violation("outputintent-profile", _("DestOutputProfile must be a CMYK profile (/N 4); found /N {n}, data space {head!r}").format(n=n, head=head[16:20]), 0, where)
        elif head[12:16] != b"prtr":
            yield Violation("outputintent-profile", _("DestOutputProfile is not an output (prtr) profile: class {head!r}").format(head=head[12:16]), 0, where)
    if not registered and not str(oi.get("/Info", "")).strip():
        yield Violation("outputintent-profile", _("({ident}) is not a registered output condition, so the OutputIntent needs a non-empty /Info").format(ident=ident), 0, where)


# --- pages ------------------------------------------------------------------------------


@rule("box-media", "every page has a MediaBox (own or inherited)", "docs/typesetting.md §10 Must: MediaBox [PDFX-BOX]")
def check_box_media(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        if p.media is None:
            message = _("MediaBox is malformed") if p.media_present else \
                _("MediaBox is missing (not on the page nor any /Pages parent)")
            yield Violation("box-media", message, p.number, f"Page {objref(p.page.obj)}")


@rule("box-trim", "every page has a TrimBox or an ArtBox, not both", "docs/typesetting.md §10 Must: TrimBox (not ArtBox as well) [PDFX-BOX]")
def check_box_trim(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        where = f"Page {objref(p.page.obj)}"
        if p.trim is None and p.art is None:
            message = (_("page has no TrimBox (or ArtBox); a TrimBox on the /Pages node is not inherited "
                         "(ISO 32000-1 Table 30)") if p.trim_on_parent else _("page has no TrimBox (or ArtBox)"))
            yield Violation("box-trim", message, p.number, where)
        elif p.trim is not None and p.art is not None:
            yield Violation("box-trim", _("page has both TrimBox and ArtBox; only one is allowed"), p.number, where)


@rule("box-nesting", "TrimBox ⊆ BleedBox ⊆ MediaBox", "docs/typesetting.md §10 Must: Trim ⊆ Bleed ⊆ Media [PDFX-BOX]")
def check_box_nesting(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        trim = p.trim or p.art
        name = "TrimBox" if p.trim else "ArtBox"
        problems = []
        if trim and p.bleed and not contains(p.bleed, trim):
            problems.append(_("{box} {rect} is not inside BleedBox {bleed}").format(
                box=name, rect=fmt_rect(trim), bleed=fmt_rect(p.bleed)))
        if p.bleed and p.media and not contains(p.media, p.bleed):
            problems.append(_("BleedBox {bleed} is not inside MediaBox {media}").format(
                bleed=fmt_rect(p.bleed), media=fmt_rect(p.media)))
        if trim and p.media and not contains(p.media, trim):
            problems.append(_("{box} {rect} is not inside MediaBox {media}").format(
                box=name, rect=fmt_rect(trim), media=fmt_rect(p.media)))
        if problems:  # one finding per page: the boxes are one decision for the operator
            yield Violation("box-nesting", "; ".join(problems), p.number, f"Page {objref(p.page.obj)}")


# --- fonts ------------------------------------------------------------------------------


def _font_descriptor(font: Dictionary) -> Dictionary | None:
    if font.get("/Subtype") == Name.Type0:
        desc = font.get("/DescendantFonts")
        font = desc[0] if isinstance(desc, Array) and len(desc) and isinstance(desc[0], Dictionary) else Dictionary()
    fd = font.get("/FontDescriptor")
    return fd if isinstance(fd, Dictionary) else None


@rule("font-embedded", "every font shown (pages, forms, patterns, Type3 glyphs, annotation appearances) is embedded", "docs/typesetting.md §10 Must: every font embedded [PDF-FONT]")
def check_font_embedded(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.fonts:
            if used.obj.get("/Subtype") == Name.Type3:
                continue  # Type3 glyphs are content streams in the file: embedded by nature
            fd = _font_descriptor(used.obj)
            if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                subtype = name_of(used.obj.get("/Subtype", "?"))
                yield Violation("font-embedded", _("{subtype} font is not embedded").format(subtype=subtype), p.number, used.label)


@rule("font-opentype", "no FontFile3 /Subtype /OpenType (PDF 1.6)", "docs/typesetting.md §10 Must: FontFile3 /OpenType not allowed [PDF-FONT]")
def check_font_opentype(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.fonts:
            fd = _font_descriptor(used.obj)
            ff3 = fd.get("/FontFile3") if fd is not None else None
            if isinstance(ff3, Stream) and ff3.get("/Subtype") == Name.OpenType:
                yield Violation("font-opentype", _("font program is FontFile3 /OpenType (PDF 1.6); embed CFF (/CIDFontType0C, /Type1C) or "
                                                    "TrueType (FontFile2)"), p.number, used.label)


# --- colour -----------------------------------------------------------------------------


@rule("colour", "content-stream colour (rg/RG, cs/CS and the spaces they select) is CMYK, Gray, Separation/DeviceN on CMYK", "docs/typesetting.md §10 Must: colour only DeviceCMYK, DeviceGray, Separation, DeviceN [PDFX-LIST]")
def check_colour(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for cset in p.usage.colour_sets.values():
            problem = colour_space_problem(cset.space)
            if problem is None:
                continue
            side = _("stroke") if cset.op.isupper() else _("fill")
            times = f", {cset.count}×" if cset.count > 1 else ""
            what = f" {cset.operand}" if cset.operand else ""
            obj = f"{cset.where}: content stream op '{cset.op}'" if cset.where else f"content stream op '{cset.op}'"
            yield Violation("colour", _("{side} colour space{what} is {problem}{times}").format(side=side, what=what, problem=problem, times=times), p.number, obj)


@rule("image-colour", "images (XObjects and inline) are CMYK, Gray, or Separation/DeviceN/Indexed on those", "docs/typesetting.md §10 Must: colour only … [PDFX-LIST]")
def check_image_colour(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.images:
            if used.obj.get("/ImageMask") is True:
                continue  # a stencil mask paints in the current fill colour, checked as colour
            problem = colour_space_problem(used.obj.get("/ColorSpace"))
            if problem:
                yield Violation("image-colour", _("image colour space is {problem}").format(problem=problem), p.number, used.label)
        for used in p.usage.inline_images:
            if used.obj.get("/ImageMask") is True:
                continue
            problem = colour_space_problem(used.space)
            if problem:
                yield Violation("image-colour", _("inline image colour space is {problem}").format(problem=problem), p.number, used.label)


@rule("image-depth", "image samples are at most 8 bits per component (16-bit images are PDF 1.5)", "ISO 15930-1 (PDF 1.3); docs/typesetting.md §10")
def check_image_depth(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.images:
            bits = used.obj.get("/BitsPerComponent")
            if isinstance(bits, int) and bits > 8:
                yield Violation("image-depth", _("image has {bits} bits per component; PDF/X-1a:2001 (PDF 1.3) allows at most 8").format(bits=bits), p.number, used.label)


PICTURE_PIXELS = 16  # fewer pixels a side: not a picture


@rule("image-resolution", "pictures are at least 200 ppi as placed (a warning: the press prints them soft)", "docs/typesetting.md §10 Should: images ≥ 200 ppi")
def check_image_resolution(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        reported: set[str] = set()
        for used, (a, b, c, d, _e, _f) in p.usage.image_draws:
            width, height = used.obj.get("/Width"), used.obj.get("/Height")
            if used.obj.get("/ImageMask") is True or not isinstance(width, int) or not isinstance(height, int):
                continue
            across, down = (a * a + b * b) ** 0.5 / 72, (c * c + d * d) ** 0.5 / 72  # inches the image is drawn over
            if across <= 0 or down <= 0 or min(width, height) < PICTURE_PIXELS:
                continue  # a few pixels are a flat fill or a pattern, not a picture
            ppi = min(width / across, height / down)
            if ppi < MIN_PPI - 0.5 and used.label not in reported:
                reported.add(used.label)
                yield Violation("image-resolution", _("image is {ppi:.0f} ppi as placed ({width} × {height} px over {across:.1f} × {down:.1f} "
                                                       "mm), below {min_ppi:.0f}").format(ppi=ppi, width=width, height=height, across=across * 25.4, down=down * 25.4, min_ppi=MIN_PPI), p.number, used.label,
                                severity=WARNING)


@rule("shading-colour", "shadings (sh operator and shading patterns) use allowed colour spaces", "docs/typesetting.md §10 Must: colour only … [PDFX-LIST]")
def check_shading_colour(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.shadings:
            problem = colour_space_problem(used.obj.get("/ColorSpace"))
            if problem:
                yield Violation("shading-colour", _("shading colour space is {problem}").format(problem=problem), p.number, used.label)


# --- streams ----------------------------------------------------------------------------


def _filters(value: object) -> list[str]:
    if isinstance(value, Name):
        return [str(value)]
    if isinstance(value, Array):
        return [str(v) for v in value if isinstance(v, Name)]
    return []


def _forbidden_filters(value: object) -> list[str]:
    """What the forbidden filters of a /Filter entry are called in messages (LZW, JBIG2, …)."""
    return [_FORBIDDEN_FILTERS[f] for f in _filters(value) if f in _FORBIDDEN_FILTERS]


@rule("filter", "no LZWDecode, JBIG2Decode or JPXDecode in any stream (inline images too)", "docs/typesetting.md §10 Must not: LZW/JBIG2/JPX [PDFX-LIST]")
def check_filter(doc: Doc) -> Iterator[Violation]:
    first_page: dict[tuple[int, int], int] = {}
    for p in doc.pages:
        for objgen in p.usage.streams:
            first_page.setdefault(objgen, p.number)
    for obj in doc.pdf.objects:
        if not isinstance(obj, Stream):
            continue
        bad = _forbidden_filters(obj.get("/Filter"))
        if bad:
            kind = name_of(obj.get("/Subtype", obj.get("/Type", "stream")))
            page = first_page.get(obj.objgen, 0)
            yield Violation("filter", _("{names} compression is not allowed").format(names=' and '.join(bad)), page, f"{objref(obj)} ({kind})")
    for p in doc.pages:
        for used in p.usage.inline_images:
            bad = _forbidden_filters(used.obj.get("/Filter"))
            if bad:
                yield Violation("filter", _("{names} compression is not allowed").format(names=' and '.join(bad)), p.number, used.label)


# --- transparency and rendering state ---------------------------------------------------


def _below_one(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and float(value) < 1.0


@rule("transparency-smask", "no soft masks: ExtGState /SMask other than /None, image /SMask or /SMaskInData", "docs/typesetting.md §10 Must not: transparency (SMask) [PDFX-LIST]")
def check_transparency_smask(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.extgstates:
            smask = used.obj.get("/SMask")
            if smask is not None and smask != Name("/None"):
                yield Violation("transparency-smask", _("graphics state sets a soft mask (/SMask)"), p.number, used.label)
        for used in p.usage.images:
            if used.obj.get("/SMask") is not None:
                yield Violation("transparency-smask", _("image has a soft mask (/SMask)"), p.number, used.label)
            elif int(used.obj.get("/SMaskInData", 0)):
                yield Violation("transparency-smask", _("JPEG 2000 image carries its own alpha (/SMaskInData)"), p.number, used.label)


@rule("transparency-alpha", "ExtGState /CA and /ca are 1", "docs/typesetting.md §10 Must not: transparency (alpha < 1) [PDFX-LIST]")
def check_transparency_alpha(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.extgstates:
            for key, what in (("/CA", "stroke"), ("/ca", "fill")):
                if _below_one(used.obj.get(key)):
                    yield Violation("transparency-alpha", _("{what} alpha {key} {value} < 1").format(what=what, key=key, value=used.obj.get(key)), p.number, used.label)


@rule("transparency-blend", "ExtGState /BM is Normal or Compatible", "docs/typesetting.md §10 Must not: transparency (blend modes) [PDFX-LIST]")
def check_transparency_blend(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.extgstates:
            bm = used.obj.get("/BM")
            modes = _filters(bm)  # a name or an array of names
            bad = [m for m in modes if m not in _OK_BLEND]
            if bad:
                yield Violation("transparency-blend", _("blend mode {names}").format(names=', '.join(b[1:] for b in bad)), p.number, used.label)


@rule("transparency-group", "no transparency group (/Group /S /Transparency) on pages or forms", "docs/typesetting.md §10 Must not: transparency (groups) [PDFX-LIST]")
def check_transparency_group(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        holders = [(f"Page {objref(p.page.obj)}", p.page.obj)] + [(u.label, u.obj) for u in p.usage.forms]
        for label, holder in holders:
            group = holder.get("/Group")
            if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency:
                yield Violation("transparency-group", _("transparency group (/Group /S /Transparency)"), p.number, label)


def _halftones(ht: object) -> Iterator[Dictionary]:
    if isinstance(ht, Dictionary | Stream):
        yield ht
        if int(ht.get("/HalftoneType", 0)) == 5:
            for key, sub in ht.items():
                if key != "/Type" and isinstance(sub, Dictionary | Stream):
                    yield sub


@rule("transfer", "no transfer functions: ExtGState /TR, /TR2 other than /Default, halftone /TransferFunction", "docs/typesetting.md §10 Must not: transfer functions [PDFX-LIST]")
def check_transfer(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.extgstates:
            if "/TR" in used.obj:
                yield Violation("transfer", _("graphics state sets a transfer function (/TR)"), p.number, used.label)
            tr2 = used.obj.get("/TR2")
            if tr2 is not None and tr2 != Name.Default:
                yield Violation("transfer", _("graphics state sets a transfer function (/TR2)"), p.number, used.label)
            for ht in _halftones(used.obj.get("/HT")):
                if "/TransferFunction" in ht:
                    yield Violation("transfer", _("halftone has a /TransferFunction"), p.number, used.label)
                    break


@rule("halftone", "halftones are type 1 or 5", "docs/typesetting.md §10 Must not: halftone types other than 1/5 [PDFX-LIST]")
def check_halftone(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.extgstates:
            ht = used.obj.get("/HT")
            if isinstance(ht, Dictionary | Stream):
                kind = int(ht.get("/HalftoneType", 0))
                if kind not in (1, 5):
                    yield Violation("halftone", _("halftone type {kind}; only 1 and 5 are allowed").format(kind=kind), p.number, used.label)


# --- interactive and foreign content -----------------------------------------------------


@rule("annotation", "no annotation inside the BleedBox (TrimBox if no BleedBox) except PrinterMark", "docs/typesetting.md §10 Must not: annotations inside the BleedBox [PDFX-LIST], [PDFX-KODAK]")
def check_annotation(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        annots = p.page.obj.get("/Annots")
        area, area_name = (p.bleed, "BleedBox") if p.bleed else (p.trim or p.art, "TrimBox") if (p.trim or p.art) else (p.media, "MediaBox")
        if not isinstance(annots, Array) or area is None:
            continue
        for annot in annots:
            if not isinstance(annot, Dictionary) or str(annot.get("/Subtype")) in _ANNOT_EXEMPT:
                continue
            rect = to_rect(annot.get("/Rect"))
            if rect is not None and overlaps(rect, area):
                sub = name_of(annot.get("/Subtype", "?"))
                yield Violation("annotation", _("{sub} annotation {rect} lies inside the {area_name}").format(sub=sub, rect=fmt_rect(rect), area_name=area_name), p.number, f"Annot /{sub} {objref(annot)}")


def _is_javascript(action: object, depth: int = 0) -> bool:
    """True when an action, or one chained after it with /Next, runs JavaScript."""
    if depth > 16 or not isinstance(action, Dictionary):
        return False
    if action.get("/S") == Name.JavaScript:
        return True
    nxt = action.get("/Next")
    chain = list(nxt) if isinstance(nxt, Array) else [nxt]
    return any(_is_javascript(a, depth + 1) for a in chain)


@rule("actions", "no additional-actions (/AA) and no JavaScript actions (OpenAction, annotation /A)", "docs/typesetting.md §10 Must not: actions, JavaScript [PDFX-LIST]")
def check_actions(doc: Doc) -> Iterator[Violation]:
    root = doc.pdf.Root
    if "/AA" in root:
        yield Violation("actions", _("document additional-actions (/AA)"), 0, "Catalog /AA")
    if _is_javascript(root.get("/OpenAction")):
        yield Violation("actions", _("OpenAction runs JavaScript"), 0, "Catalog /OpenAction")
    for p in doc.pages:
        if "/AA" in p.page.obj:
            yield Violation("actions", _("page additional-actions (/AA)"), p.number, f"Page {objref(p.page.obj)} /AA")
        annots = p.page.obj.get("/Annots")
        for annot in annots if isinstance(annots, Array) else []:
            if not isinstance(annot, Dictionary):
                continue
            where = f"Annot /{name_of(annot.get('/Subtype', '?'))} {objref(annot)}"
            if "/AA" in annot:
                yield Violation("actions", _("annotation additional-actions (/AA)"), p.number, where)
            if _is_javascript(annot.get("/A")):
                yield Violation("actions", _("annotation action runs JavaScript"), p.number, where)


def _names(doc: Doc) -> Dictionary:
    names = doc.pdf.Root.get("/Names")
    return names if isinstance(names, Dictionary) else Dictionary()


@rule("javascript", "no document-level JavaScript (/Names /JavaScript)", "docs/typesetting.md §10 Must not: JavaScript [PDFX-LIST]")
def check_javascript(doc: Doc) -> Iterator[Violation]:
    if "/JavaScript" in _names(doc):
        yield Violation("javascript", _("document-level JavaScript"), 0, "Catalog /Names /JavaScript")


@rule("embedded-files", "no embedded files (/Names /EmbeddedFiles, FileAttachment annotations)", "docs/typesetting.md §10 Must not: embedded files [PDFX-LIST]")
def check_embedded_files(doc: Doc) -> Iterator[Violation]:
    if "/EmbeddedFiles" in _names(doc):
        yield Violation("embedded-files", _("document embeds files"), 0, "Catalog /Names /EmbeddedFiles")
    for p in doc.pages:
        annots = p.page.obj.get("/Annots")
        for annot in annots if isinstance(annots, Array) else []:
            if isinstance(annot, Dictionary) and annot.get("/Subtype") == Name.FileAttachment:
                yield Violation("embedded-files", _("file attachment annotation"), p.number, f"Annot /FileAttachment {objref(annot)}")


@rule("acroform", "no interactive form (AcroForm with fields or XFA)", "docs/typesetting.md §10 Must not: forms [PDFX-LIST]")
def check_acroform(doc: Doc) -> Iterator[Violation]:
    form = doc.pdf.Root.get("/AcroForm")
    if not isinstance(form, Dictionary):
        return
    fields = form.get("/Fields")
    if (isinstance(fields, Array) and len(fields)) or "/XFA" in form:
        yield Violation("acroform", _("document has an interactive form (AcroForm)"), 0, "Catalog /AcroForm")


@rule("postscript", "no PostScript XObjects or PS operators", "docs/typesetting.md §10 Must not: PostScript [PDFX-LIST]")
def check_postscript(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for label in p.usage.postscript:
            yield Violation("postscript", _("embedded PostScript"), p.number, label)
        for used in p.usage.forms:
            if used.obj.get("/Subtype2") == Name.PS or "/PS" in used.obj:
                yield Violation("postscript", _("form XObject carries PostScript (/Subtype2 /PS or /PS)"), p.number, used.label)


@rule("opi", "no OPI comments on images or forms", "docs/typesetting.md §10 Must not: OPI [PDFX-LIST]")
def check_opi(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for used in p.usage.images + p.usage.forms:
            if "/OPI" in used.obj:
                yield Violation("opi", _("OPI proxy (/OPI); the high-resolution original must be placed"), p.number, used.label)


@rule("content", "every content stream can be parsed", "docs/typesetting.md §11 test §10 rule by rule (a stream the checker cannot read is not checked)")
def check_content(doc: Doc) -> Iterator[Violation]:
    for p in doc.pages:
        for label, message in p.usage.errors:
            yield Violation("content", _("content stream cannot be parsed ({message}); its colours and fonts are unchecked").format(message=message), p.number, label)


def _short(label: str, keep: int = 160) -> str:
    """A label of a deeply nested object, cut to its innermost part."""
    return label if len(label) <= keep else "… " + label[-keep:]


@rule("limits", "the file stays within the checker's bounds (size, decoded bytes, operators, nesting, pages); "
      "a file that does not is refused, not passed", "docs/typesetting.md §11 (a file the checker cannot read is not checked, so not passed)")
def check_limits(doc: Doc) -> Iterator[Violation]:
    yield from doc.limits
    for p in doc.pages:
        for label, message in p.usage.limits[:5]:
            yield Violation("limits", _("{message}; the file is refused unchecked").format(message=message), p.number, _short(label))
        if len(p.usage.limits) > 5:
            yield Violation("limits", _("… and {count} more bounds hit on this page").format(count=len(p.usage.limits) - 5), p.number, "page content")


@rule("structure", "the file parses without repair (qpdf reports no damage)", "docs/typesetting.md §11 test §10 rule by rule (a repaired file may RIP differently)")
def check_structure(doc: Doc) -> Iterator[Violation]:
    # Registered last so that warnings raised while the other rules read objects are included.
    warnings = [str(w).removeprefix(f"{doc.source}: ").removeprefix(f"{doc.path}: ") for w in doc.pdf.get_warnings()]
    if warnings:
        more = f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else ""
        yield Violation("structure", _("file is damaged and had to be repaired: {names}{more}").format(names='; '.join(warnings[:3]), more=more), 0, "file structure")


# The TAC rule is measured on a rendering (inks.py), not read from objects; listed here for the table.
RULES["tac"] = Rule(
    "tac",
    "measured per-pixel C+M+Y+K ≤ the plant's limit (rendered at 72 dpi; skipped, with a warning, by --no-measure-tac)",
    "docs/typesetting.md §10 Coldset: total ink 240 % IFRA26 [IFRA]; §11 [GS-INK]",
    lambda doc: iter(()),
)


# --- running ----------------------------------------------------------------------------


def _inherited(node: Dictionary, key: str) -> pikepdf.Object | None:
    """``key`` on the page or the nearest /Pages ancestor (MediaBox and Resources inherit)."""
    for _ in range(64):  # a malformed /Parent cycle must not hang the check
        if key in node:
            return node.get(key)
        parent = node.get("/Parent")
        if not isinstance(parent, Dictionary):
            return None
        node = parent
    return None


def _page_info(number: int, page: pikepdf.Page, budget: Budget) -> PageInfo:
    obj = page.obj
    media_obj = _inherited(obj, "/MediaBox")
    parent = obj.get("/Parent")
    trim_on_parent = isinstance(parent, Dictionary) and _inherited(parent, "/TrimBox") is not None
    resources = _inherited(obj, "/Resources")
    walker = PageWalker(budget)
    walker.walk_page(page, resources)
    return PageInfo(
        number=number,
        page=page,
        media=to_rect(media_obj),
        media_present=media_obj is not None,
        # Trim/Bleed/ArtBox are not inheritable (ISO 32000-1 Table 30): read the page only.
        trim=to_rect(obj.get("/TrimBox")),
        art=to_rect(obj.get("/ArtBox")),
        bleed=to_rect(obj.get("/BleedBox")),
        trim_on_parent=trim_on_parent,
        usage=walker.usage,
    )


def _pdf_head(path: Path, head: bytes) -> bytes:
    if _HEADER_RE.search(head) is None:
        raise UserError.at(_("not a PDF (no %PDF- header in the first 1024 bytes)"), file=str(path))
    return head


def _page_tree_problem(pdf: pikepdf.Pdf) -> Violation | None:
    """Why the page tree cannot be walked safely, found before qpdf walks it.

    qpdf stops at a loop, but it also copies every page that a /Kids array repeats (200,000
    repeats cost 1.4 s and 500 MB), so pages are counted here first, without recursion.
    """
    root = pdf.Root.get("/Pages")
    stack: list[tuple[object, int]] = [(root, 0)]
    nodes: set[tuple[int, int]] = set()
    leaves = 0
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        kids = node.get("/Kids")
        if not isinstance(kids, Array) or node.get("/Type") == Name.Page:
            leaves += 1
            if leaves > guard.MAX_PAGES:
                return Violation("limits", _("more than {max_pages:,} pages (counting repeated /Kids entries); the file is refused unchecked").format(max_pages=guard.MAX_PAGES), 0, "page tree")
            continue
        where = f"page tree node {objref(node)}"
        if node.objgen in nodes:
            return Violation("structure", _("the page tree loops back on itself (a /Pages node is its own descendant or is listed "
                                             "twice); its pages cannot be counted"), 0, where)
        if node.objgen != (0, 0):
            nodes.add(node.objgen)
        if depth >= guard.MAX_TREE_DEPTH:
            return Violation("limits", _("the page tree is more than {max_tree_depth} levels deep; the file is refused unchecked").format(max_tree_depth=guard.MAX_TREE_DEPTH), 0, where)
        if len(kids) > guard.MAX_PAGES:
            return Violation("limits", _("/Kids lists {count:,} entries, more than the {max_pages:,} pages the preflight reads; the "
                                          "file is refused unchecked").format(count=len(kids), max_pages=guard.MAX_PAGES), 0, where)
        stack.extend((kid, depth + 1) for kid in reversed(list(kids)))
    return None


def _object_count_problem(pdf: pikepdf.Pdf) -> Violation | None:
    try:
        size = int(pdf.trailer.get("/Size", 0))
    except (TypeError, ValueError):
        return None
    if size > guard.MAX_OBJECTS:
        return Violation("limits", _("the trailer declares {size:,} objects, more than the {max_objects:,} the preflight reads; "
                                      "the file is refused unchecked").format(size=size, max_objects=guard.MAX_OBJECTS), 0, "trailer /Size")
    return None


@dataclass
class Inspection:
    """What the static rules found, and what the ink measurement needs to know."""

    violations: list[Violation]
    pages: int
    refused: bool = False  # nothing could be read, or a bound was hit: the file is not rendered
    largest_page: tuple[float, float] | None = None  # the biggest rendered box (pt), to choose the resolution


def _inspect_open(path: Path, pdf: pikepdf.Pdf, head: bytes, condition: str, source: str) -> Inspection:
    doc = Doc(path, pdf, head, condition, source=source)
    early = _object_count_problem(pdf) or _page_tree_problem(pdf)
    try:
        if early is None:
            doc.pages = [_page_info(i, page, doc.budget) for i, page in enumerate(pdf.pages, start=1)]
        else:
            doc.limits.append(early)
        found = [v for r in RULES.values() if early is None or r.id not in _WHOLE_FILE_RULES for v in r.check(doc)]
    except Refused as why:  # a budget shared by all pages ran out outside a page walk
        found = [Violation("limits", _("{why}; the file is refused unchecked").format(why=why), 0, "file")]
    except (RecursionError, MemoryError) as exc:  # a bound not foreseen; still a finding, not a crash
        found = [Violation("limits", _("the file exhausts the checker ({name}); it is refused unchecked").format(name=type(exc).__name__), 0, "file")]
    except pikepdf.PdfError as exc:  # a broken page tree etc. that qpdf cannot repair
        raise UserError.at(_("damaged PDF, cannot be checked: {detail}").format(detail=str(exc).splitlines()[0]), file=str(path)) from None
    _sort(found)
    boxes = [p.bleed or p.media for p in doc.pages if p.bleed or p.media]
    largest = max(((b[2] - b[0], b[3] - b[1]) for b in boxes), key=lambda wh: wh[0] * wh[1], default=None)
    refused = any(v.rule == "limits" or (v.rule == "structure" and v.obj.startswith("page tree")) for v in found)
    return Inspection(found, len(doc.pages), refused, largest)


# Rules that read every object of the file; skipped when the file was refused before its pages.
_WHOLE_FILE_RULES = {"filter"}


def inspect(path: Path, condition: str = "IFRA26", handle: object = None, head: bytes = b"") -> Inspection:
    """Run every static rule on ``path`` (or on ``handle``, already opened by guard.open_regular)."""
    path = Path(path)
    own = handle is None
    if own:
        handle, head = guard.open_regular(path)
    try:
        _pdf_head(path, head)
        with guard.qpdf_inflate_limit():
            try:
                # Not inherit_page_attributes: qpdf would walk the page tree before it is counted
                # (and copy each page a /Kids array repeats); the rules read inherited keys themselves.
                # The open descriptor by name, so the file checked is the file opened; read with
                # qpdf's own buffered reads (a Python stream is 15x slower, mmap dies if truncated).
                source = f"/dev/fd/{handle.fileno()}" if os.path.isdir("/dev/fd") else handle  # type: ignore[union-attr]
                pdf = pikepdf.open(source, inherit_page_attributes=False, access_mode=pikepdf.AccessMode.stream)
            except pikepdf.PasswordError:
                # Nothing else can be read; the encryption itself is the violation (exit 1, not 2).
                return Inspection([Violation("encrypt", _("file is encrypted with a user password; nothing else could be checked"),
                                             0, "trailer /Encrypt")], 0, refused=True)
            except (pikepdf.PdfError, OSError, ValueError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                first = re.sub(r"^.*?: ", "", first, count=1) if first.startswith(("<", "/dev/fd/", str(path))) else first
                raise UserError.at(_("damaged PDF, cannot be parsed: {first}").format(first=first), file=str(path)) from None
            with pdf:
                return _inspect_open(path, pdf, head, condition, str(source))
    finally:
        if own:
            handle.close()  # type: ignore[union-attr]


def inspect_pdf(path: Path, condition: str = "IFRA26") -> tuple[list[Violation], int]:
    """Run every static rule; return the violations and the page count."""
    found = inspect(Path(path), condition)
    return found.violations, found.pages


@dataclass
class Preflight:
    """A whole check: the findings, the page count and the ink measurement (None when skipped)."""

    violations: list[Violation]
    pages: int
    ink: dict | None = None

    @property
    def errors(self) -> int:
        return sum(v.severity == ERROR for v in self.violations)

    @property
    def warnings(self) -> int:
        return sum(v.severity != ERROR for v in self.violations)


def preflight(path: Path, condition: str = "IFRA26", tac_limit: float = 240.0, measure_tac: bool = True,
              dpi: int | None = None, *, handle: BinaryIO | None = None, head: bytes = b"",
              rendering: Rendering | None = None) -> Preflight:
    """The static rules and, unless ``measure_tac`` is False, the total ink of every page.

    Ghostscript starts rendering first (or was started by the caller: ``rendering``, on
    ``handle``, the file opened by guard.open_regular) and works on the other core while the
    rules run.  The ink is measured on the same open file (a path swapped meanwhile is not
    re-read), and only when the file was not refused: the rendering of a file past the
    checker's bounds is stopped.  Raises UserError when the file cannot be read or is not a PDF.
    """
    from .inks import DEFAULT_DPI, Rendering, tac_findings

    path = Path(path)
    own = handle is None
    if handle is None:
        handle, head = guard.open_regular(path)
    try:
        if rendering is None and measure_tac and guard.PDF_HEADER.search(head):
            rendering = Rendering(path, dpi or DEFAULT_DPI, fd=handle.fileno(), limit=tac_limit)
        found = inspect(path, condition, handle, head)
        violations = list(found.violations)
        ink = None
        if not measure_tac:
            violations.append(Violation("tac", _("total ink not measured (--no-measure-tac); the {tac_limit:g} % limit is unchecked").format(tac_limit=tac_limit), 0, "rendered pages", severity=WARNING))
        elif found.refused:
            if found.pages:
                violations.append(Violation("tac", _("total ink not measured: the file is refused"), 0, "rendered pages",
                                            severity=WARNING))
        elif found.pages:
            started, rendering = rendering, None
            more, ink = tac_findings(path, handle.fileno(), tac_limit, dpi or DEFAULT_DPI, found.largest_page,
                                     found.pages, started)
            violations += more
    finally:
        if rendering is not None:  # refused, no pages, or an error: Ghostscript's work is not wanted
            rendering.cancel()
        if own:
            handle.close()
    _sort(violations)
    return Preflight(violations, found.pages, ink)


def check_pdf(path: Path, condition: str = "IFRA26", tac_limit: float = 240.0, measure_tac: bool = True) -> list[Violation]:
    """Check ``path`` against PDF/X-1a:2001; ``[]`` means it conforms (no findings at all).

    ``condition`` is the expected OutputConditionIdentifier ("" accepts any).  Each page is
    rendered to CMYK by Ghostscript and its maximum total ink compared with ``tac_limit``
    (percent) unless ``measure_tac`` is False (the static rules only).  Raises
    :class:`~zzprint.errors.UserError` when the file cannot be read or is not a PDF.
    """
    if not measure_tac:
        return inspect(Path(path), condition).violations
    return preflight(Path(path), condition, tac_limit).violations


def _sort(violations: list[Violation]) -> None:
    """By page, then in the order of :data:`RULES` (the report order)."""
    order = {rid: i for i, rid in enumerate(RULES)}
    violations.sort(key=lambda v: (v.page, order[v.rule]))
