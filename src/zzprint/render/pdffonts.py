"""Embed the fonts a page model uses, as subset Type0 / Identity-H fonts.

Input: the glyphs a Document shows per font face (:class:`FontUsage`: glyph id
plus the source text it stands for), collected before any page is drawn.
Output: per face an :class:`EmbeddedFont` — the 2-byte code to show each glyph
with, its advance as written in ``/W`` — and its PDF objects (pydyf), each indirect:

    Type0 /Encoding /Identity-H /ToUnicode
      └ CIDFontType0 + FontDescriptor /FontFile3 /Subtype /CIDFontType0C   (CFF outlines)
      └ CIDFontType2 + FontDescriptor /FontFile2, /CIDToGIDMap /Identity  (TrueType outlines)

The code decision.  With Identity-H the code in the content stream *is* the CID.
A CID-keyed CFF (Noto CJK) looks the CID up in its charset; a TrueType CIDFont
with ``/CIDToGIDMap /Identity`` uses it as the glyph index.  We subset with
HarfBuzz without retaining glyph ids (so a 2 500-glyph subset of a 65 535-glyph
font carries no empty slots) and with ``CFF_IDENTITY_CHARSET`` (so the subset's
charset maps CID n to glyph n).  Then, for both outline kinds, code = CID = the
glyph's index in the subset, read from HarfBuzz's own old-to-new glyph map.
Without that flag HarfBuzz keeps the original CIDs in the charset, and codes
would have to be the original CIDs instead; the tests render and extract text to
prove the codes select the right glyphs.

One glyph, several texts.  A font may draw different source text with one
glyph: Noto CJK draws … and ⋯ alike, and —— (a ligature of two U+2014) like
⸺.  ToUnicode gives a code one text, so each further (glyph, text) pair gets a
code of its own after the subset's glyphs (an *alias*): in CFF a copy of the
glyph's charstring appended to the subset (CID n = glyph n still holds), in
TrueType a ``/CIDToGIDMap`` stream that sends the alias CID to the same glyph.
Both are PDF 1.2 features, so the file stays PDF/X-1a; a reader extracts what
the source said (pdfminer does not read ``/ActualText``, so that is not used).
Without such pairs the font objects are exactly what they were before aliases.

PDF/X-1a is PDF 1.3/1.4: bare CFF (``/CIDFontType0C``), never ``/OpenType``
(a PDF 1.6 feature).
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Literal, NamedTuple

import pydyf
import uharfbuzz as hb

from ..errors import UserError
from ..i18n import _
from ..memo import Memo
from ..page import FontRef, PlacedGlyph
from .numfmt import DECIMALS, num

Outlines = Literal["cff", "ttf"]

# Tables a PDF font program does not need: layout (shaping is done), vertical
# metrics (we set horizontally), cmap (codes are glyph ids).  Dropping them also
# keeps HarfBuzz from spending time subsetting them.
_DROP_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "cmap", "DSIG", "kern")

_SUBSET_FLAGS = (
    hb.SubsetFlags.NO_LAYOUT_CLOSURE  # exactly the glyphs placed, no GSUB alternates
    | hb.SubsetFlags.CFF_IDENTITY_CHARSET  # CID n = glyph n in the subset (see module doc)
    | hb.SubsetFlags.DESUBROUTINIZE  # measured faster than subroutine closure, same size
    | hb.SubsetFlags.NO_HINTING  # print RIPs do not hint; smaller programs
)

# CFF charstrings barely compress (Noto, 2 000 glyphs: 616 KB → 486 KB at level 1,
# 477 KB at level 6) and level 1 is 2.5× faster.
_FLATE_LEVEL = 1
_SYMBOLIC = 4  # FontDescriptor flag: glyphs outside the standard Latin set


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


# --------------------------------------------------------------------------- faces

# The records below are NamedTuples, not frozen dataclasses: a dataclass costs ~0.5 ms
# to create at import (its methods are generated with exec), and the import is part
# of every cold build.


class FaceKey(NamedTuple):
    """A face on disk, as far as caching is concerned: a changed file is a new key."""

    path: str
    index: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, ref: FontRef) -> FaceKey:
        try:
            st = os.stat(ref.path)
        except OSError as exc:
            raise UserError.at(_("font file not readable: {reason}").format(reason=exc.strerror), ref.path,
                               hint=_("check the font roles in the page spec")) from exc
        return cls(os.path.abspath(ref.path), ref.index, st.st_size, st.st_mtime_ns)


class PdfFace(NamedTuple):
    """A face as the PDF writer embeds it: HarfBuzz objects for subsetting and advances,
    plus descriptor metrics (layout's face is :class:`zzprint.fonts.face.Face`)."""

    key: FaceKey
    hb_face: hb.Face
    hb_font: hb.Font
    ps_name: str
    outlines: Outlines
    upem: int
    glyph_count: int
    bbox: tuple[int, int, int, int]  # font units
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    weight_class: int

    def to_1000(self, value: float) -> float:
        """Font units → PDF glyph space (1000 per em)."""
        return value * 1000.0 / self.upem

    def advance(self, gid: int) -> int:
        """Horizontal advance of a glyph, in font units."""
        return self.hb_font.get_glyph_h_advance(gid)


@lru_cache(maxsize=16)
def load_pdf_face(key: FaceKey) -> PdfFace:
    """Parse a face once per (path, index, size, mtime) in this process.

    The few descriptor values are read straight from the ``head``, ``hhea``,
    ``OS/2``, ``post`` and ``name`` tables through HarfBuzz (no fontTools: its
    import and table objects cost more than the whole subset).
    """
    blob = hb.Blob.from_file_path(key.path)
    hb_face = hb.Face(blob, key.index)
    tags = set(hb_face.table_tags)
    if "CFF " in tags:
        outlines: Outlines = "cff"
    elif "glyf" in tags:
        outlines = "ttf"
    else:
        raise UserError.at(_("face {index} has neither CFF nor TrueType outlines (CFF2 and bitmap fonts cannot go into PDF/X-1a)").format(index=key.index), key.path)
    try:
        head = _table(hb_face, "head")
        hhea = _table(hb_face, "hhea")
        upem, = struct.unpack_from(">H", head, 18)
        bbox = struct.unpack_from(">4h", head, 36)
        ascent, descent = struct.unpack_from(">2h", hhea, 4)
        cap, weight = 0, 400
        if "OS/2" in tags:
            os2 = _table(hb_face, "OS/2")
            version, = struct.unpack_from(">H", os2, 0)
            weight, = struct.unpack_from(">H", os2, 4)
            ascent, descent = struct.unpack_from(">2h", os2, 68)
            if version >= 2 and len(os2) >= 90:
                cap, = struct.unpack_from(">h", os2, 88)
        # italicAngle is a 16.16 fixed at offset 4 of 'post'.
        italic = struct.unpack_from(">i", _table(hb_face, "post"), 4)[0] / 65536.0 if "post" in tags else 0.0
        ps_name = _name_record(_table(hb_face, "name"), 6) if "name" in tags else None
    except struct.error:
        raise UserError.at(_("face {index} has a truncated head, hhea, OS/2 or post table").format(index=key.index), key.path,
                           hint=_("replace the font file: it may be damaged")) from None
    return PdfFace(
        key=key, hb_face=hb_face, hb_font=hb.Font(hb_face),
        ps_name=_pdf_name_safe(ps_name or os.path.splitext(os.path.basename(key.path))[0]),
        outlines=outlines, upem=upem, glyph_count=hb_face.glyph_count,
        bbox=bbox, ascent=ascent, descent=descent,
        cap_height=cap or ascent, italic_angle=italic, weight_class=weight,
    )


def _table(face: hb.Face, tag: str) -> bytes:
    return face.reference_table(tag).data


def _name_record(data: bytes, name_id: int) -> str | None:
    """A name, as fontTools' ``getDebugName`` picks it: English Mac or Windows first, else any."""
    count, strings = struct.unpack_from(">2H", data, 2)
    some = None
    for n in range(count):
        platform, encoding, lang, nid, length, offset = struct.unpack_from(">6H", data, 6 + 12 * n)
        if nid != name_id:
            continue
        raw = data[strings + offset:strings + offset + length]
        if platform in (0, 3) or (platform == 2 and encoding == 1):
            codec = "utf-16-be"
        elif platform == 1 and encoding == 0:
            codec = "mac_roman"
        else:
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        some = text
        if (platform, lang) in ((1, 0), (3, 0x409)):
            return text
    return some


def _pdf_name_safe(name: str) -> str:
    return "".join(c for c in name if 0x21 <= ord(c) <= 0x7E and c not in "()<>[]{}/%#") or "Font"


# --------------------------------------------------------------------------- usage


class FontUsage:
    """The glyphs one face shows in a document, with the text each stands for.

    ``text`` holds each glyph's first non-empty text (a glyph that is a later
    part of a cluster has text ''); ToUnicode gives it the glyph's own code.
    Every other text the same glyph is drawn for is in ``others``, as a
    (glyph id, text) pair that gets a code of its own (see the module doc).
    """

    def __init__(self, ref: FontRef):
        self.ref = ref
        self.text: dict[int, str] = {}
        self.others: dict[tuple[int, str], None] = {}  # ordered set

    def add(self, glyph: PlacedGlyph, where: str) -> None:
        gid, text = glyph.gid, glyph.text
        if gid == 0:
            raise UserError.at(_("no glyph for {text!r} in {font} ({where})").format(text=text, font=self.ref.name or self.ref.path, where=where),
                               hint=_("choose a font that has it, or a fallback font for this character"))
        known = self.text.get(gid)
        if known is None:
            self.text[gid] = text
        elif known == text:
            return
        elif not known:  # seen first as a later part of a cluster: the text takes the glyph's own code
            self.text[gid] = text
            self.others[(gid, "")] = None
        else:
            self.others[(gid, text)] = None

    @property
    def gids(self) -> tuple[int, ...]:
        return tuple(sorted(self.text))

    @property
    def aliases(self) -> tuple[tuple[int, str], ...]:
        """The (glyph id, text) pairs that need a code beside their glyph's own, in a fixed order."""
        return tuple(sorted(self.others))


# --------------------------------------------------------------------------- subsetting


class FontProgram(NamedTuple):
    """A subset font program, Flate-compressed, and where each old glyph went."""

    tag: str  # 'ABCDEF', from a hash of the glyph set
    data: bytes  # compressed
    length: int  # uncompressed (FontFile2 /Length1)
    new_gid: Mapping[int, int]
    hex_code: Mapping[int, str]  # old gid → 4 hex digits of its new code, for content streams
    # (old gid, text) → 4 hex digits of its alias code (see the module doc); empty without aliases
    alias_code: Mapping[tuple[int, str], str]
    cid_to_gid: bytes | None  # TrueType with aliases: the /CIDToGIDMap stream (uncompressed); else Identity

    def hex_for(self, gid: int, text: str) -> str:
        """The 4 hex digits that show ``gid`` standing for ``text``: its alias code if that pair has one."""
        return self.alias_code.get((gid, text)) or self.hex_code[gid]


def subset_tag(ps_name: str, gids: Iterable[int], aliases: Iterable[tuple[int, str]] = ()) -> str:
    """Six uppercase letters from a hash of the face, glyph set and aliases (deterministic)."""
    key = ps_name.encode() + b"\0" + ",".join(map(str, gids)).encode()
    if aliases:  # a font without aliases keeps the tag it always had
        key += b"\0" + repr(tuple(aliases)).encode()
    digest = hashlib.sha256(key).digest()
    value = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(6):
        value, r = divmod(value, 26)
        letters.append(chr(ord("A") + r))
    return "".join(letters)


def hb_subset(face: PdfFace, gids: Iterable[int]) -> tuple[bytes, dict[int, int]]:
    """Subset with HarfBuzz; return the font program (bare CFF or sfnt) and old → new glyph ids."""
    inp = hb.SubsetInput()
    inp.glyph_set.update(gids)
    inp.flags = _SUBSET_FLAGS
    for table in _DROP_TABLES:
        inp.drop_table_tag_set.add(_tag(table))
    plan = hb.SubsetPlan(face.hb_face, inp)
    sub = plan.execute()
    mapping = dict(plan.old_to_new_glyph_mapping.items())
    if face.outlines == "cff":
        return sub.reference_table("CFF ").data, mapping
    return sub.blob.data, mapping


def subset_program(key: FaceKey, gids: tuple[int, ...], aliases: tuple[tuple[int, str], ...] = (),
                   memo: Memo | None = None) -> FontProgram:
    """The subset of the face for a glyph set, compressed.

    ``memo``: the build's (zzprint.memo): a subset is kept per (face, glyph set, aliases)
    in its ``subsets`` table, so an unchanged rebuild costs nothing (and gets the very
    FontProgram it drew with, which the page writer recognises).
    """
    if memo is None:
        return _subset_program(key, gids, aliases)
    memo_key = (key, gids, aliases)
    program = memo.subsets.get(memo_key)
    if program is None:
        program = memo.subsets.put(memo_key, _subset_program(key, gids, aliases))
    return program


def _subset_program(key: FaceKey, gids: tuple[int, ...], aliases: tuple[tuple[int, str], ...]) -> FontProgram:
    face = load_pdf_face(key)
    program, mapping = hb_subset(face, gids)
    missing = [g for g in gids if g not in mapping]
    if missing:
        raise UserError.at(_("glyph ids {missing} not in {ps_name} ({glyph_count} glyphs)").format(missing=missing[:5], ps_name=face.ps_name, glyph_count=face.glyph_count),
                           key.path, hint=_("the page model was built with another font file"))
    alias_code: dict[tuple[int, str], str] = {}
    cid_to_gid = None
    if aliases:
        # alias k is code len(mapping) + k: after every glyph of the subset (new ids 0 … n-1)
        first = len(mapping)
        if first + len(aliases) > 0xFFFF:  # Identity-H codes are two bytes
            raise UserError.at(_("{ps_name}: {count} glyphs and {texts} further texts for glyphs already used need more "
                                  "than 65 535 codes").format(ps_name=face.ps_name, count=len(mapping), texts=len(aliases)), key.path,
                               hint=_("split the document: one font can show at most 65 535 (glyph, text) pairs"))
        alias_code = {pair: f"{first + k:04X}" for k, pair in enumerate(aliases)}
        targets = [mapping[gid] for gid, _ in aliases]
        if face.outlines == "cff":
            program = cff_with_copies(program, targets)
        else:
            cid_to_gid = b"".join(struct.pack(">H", g) for g in [*range(first), *targets])
    return FontProgram(subset_tag(face.ps_name, gids, aliases), zlib.compress(program, _FLATE_LEVEL),
                       len(program), mapping, {gid: f"{mapping[gid]:04X}" for gid in gids}, alias_code, cid_to_gid)


_ADVANCES: dict[FaceKey, dict[int, float]] = {}


def advances(face: PdfFace, gids: Iterable[int]) -> dict[int, float]:
    """gid → advance in glyph space (1000/em) as written in /W, for every glyph of the face asked so far.

    Kept per face (path, index, size, mtime): a rebuild asks HarfBuzz only for glyphs it has not seen.
    """
    known = _ADVANCES.get(face.key)
    if known is None:
        if len(_ADVANCES) >= 16:  # like load_pdf_face's cache: a handful of faces per process
            del _ADVANCES[next(iter(_ADVANCES))]
        known = _ADVANCES[face.key] = {}
    advance, upem = face.hb_font.get_glyph_h_advance, face.upem
    for gid in gids:
        if gid not in known:  # parsed(face.to_1000(face.advance(gid))), inlined
            known[gid] = round(advance(gid) * 1000.0 / upem, DECIMALS)
    return known


# --------------------------------------------------------------------------- the PDF font


class EmbeddedFont(NamedTuple):
    """One face as the page writer sees it (codes, advances) and as the PDF holds it."""

    resource: str  # 'F1': the name in the page's /Font resources
    face: PdfFace
    usage: FontUsage
    program: FontProgram
    widths: Mapping[int, float]  # gid → advance in glyph space (1000/em) as written in /W (at least every used gid)

    @classmethod
    def build(cls, resource: str, usage: FontUsage, memo: Memo | None = None) -> EmbeddedFont:
        key = FaceKey.of(usage.ref)
        face = load_pdf_face(key)
        too_big = [g for g in usage.text if g >= face.glyph_count]
        if too_big:
            raise UserError.at(_("glyph id {glyph!r} out of range: {ps_name} has {glyph_count} glyphs").format(glyph=too_big[0], ps_name=face.ps_name, glyph_count=face.glyph_count), usage.ref.path,
                               hint=_("the page model was built with another font file"))
        program = subset_program(key, usage.gids, usage.aliases, memo)
        # Widths are looked up once per glyph on the page: kept per glyph of the face
        # (a superset of this document's glyphs), so a rebuild asks HarfBuzz for new glyphs only.
        return cls(resource, face, usage, program, advances(face, usage.text))

    @property
    def base_font(self) -> str:
        return f"{self.program.tag}+{self.face.ps_name}"

    @property
    def hex_code(self) -> Mapping[int, str]:
        """gid → 4 hex digits of its code, for the content stream (computed once per glyph set)."""
        return self.program.hex_code

    def code(self, gid: int) -> int:
        """The 2-byte Identity-H code (= CID = subset glyph id) that shows ``gid``."""
        return self.program.new_gid[gid]

    # -- PDF objects ------------------------------------------------------------

    def embed(self, pdf: pydyf.PDF, memo: Memo | None = None) -> bytes:
        """Add the font's objects to ``pdf``; return the reference of its Type0 font dictionary.

        Every part is an indirect object (Type0 → CIDFont → FontDescriptor → font
        file, and the ToUnicode CMap): pdffonts and preflight tools expect that.
        ``memo``: the build's, where the /W array and the ToUnicode stream are kept per glyph set.
        """
        face, program = self.face, self.program
        cff = face.outlines == "cff"
        base = self.base_font
        if cff:  # bare CFF; '/OpenType' would be PDF 1.6
            file_key, file_entries = "FontFile3", {"Filter": "/FlateDecode", "Subtype": "/CIDFontType0C"}
        else:
            file_key, file_entries = "FontFile2", {"Filter": "/FlateDecode", "Length1": program.length}
        font_file = _add(pdf, pydyf.Stream([program.data], file_entries))
        x0, y0, x1, y1 = (round(face.to_1000(v)) for v in face.bbox)
        descriptor = _add(pdf, pydyf.Dictionary({
            "Type": "/FontDescriptor",
            "FontName": pydyf.name(base),
            "Flags": _SYMBOLIC,
            "FontBBox": f"[{x0} {y0} {x1} {y1}]",
            "ItalicAngle": num(face.italic_angle),
            "Ascent": round(face.to_1000(face.ascent)),
            "Descent": round(face.to_1000(face.descent)),
            "CapHeight": round(face.to_1000(face.cap_height)),
            # No font we use states StemV; this is the usual estimate from the weight class.
            "StemV": 50 + round((face.weight_class / 65.0) ** 2),
            file_key: font_file,
        }))
        cid_entries: dict[str, object] = {
            "Type": "/Font",
            "Subtype": "/CIDFontType0" if cff else "/CIDFontType2",
            "BaseFont": pydyf.name(base),
            "CIDSystemInfo": pydyf.Dictionary({"Registry": pydyf.String("Adobe"),
                                               "Ordering": pydyf.String("Identity"), "Supplement": 0}),
            "FontDescriptor": descriptor,
            "DW": 1000,
            "W": _w_array(face.key, self.usage.gids, program, self.widths, memo),
        }
        if not cff:
            if program.cid_to_gid is None:
                cid_entries["CIDToGIDMap"] = "/Identity"
            else:  # alias CIDs send to the glyph they copy (see the module doc)
                cid_to_gid = zlib.compress(program.cid_to_gid, _FLATE_LEVEL)
                cid_entries["CIDToGIDMap"] = _add(pdf, pydyf.Stream([cid_to_gid], {"Filter": "/FlateDecode"}))
        cid_font = _add(pdf, pydyf.Dictionary(cid_entries))
        new_gid = program.new_gid  # code = new glyph id (see code())
        cmap = tuple(sorted([(new_gid[g], t) for g, t in self.usage.text.items() if t]
                            + [(int(code, 16), t) for (_, t), code in program.alias_code.items() if t]))
        to_unicode = _add(pdf, pydyf.Stream([_compressed_cmap(cmap, memo)], {"Filter": "/FlateDecode"}))
        return _add(pdf, pydyf.Dictionary({
            "Type": "/Font",
            "Subtype": "/Type0",
            # The Type0 name of a CIDFontType0 is '<CIDFont name>-<CMap name>' (PDF 1.3 §5.6.5).
            "BaseFont": pydyf.name(base + "-Identity-H" if cff else base),
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font]),
            "ToUnicode": to_unicode,
        }))


def _add(pdf: pydyf.PDF, obj: pydyf.Object) -> bytes:
    """Make ``obj`` an indirect object of ``pdf``; its reference, ``N 0 R``."""
    pdf.add_object(obj)
    return obj.reference


def _w_array(key: FaceKey, gids: tuple[int, ...], program: FontProgram, widths: Mapping[int, float],
             memo: Memo | None = None) -> str:
    """The /W array: a function of the face, the glyph set and the aliases (the subset fixes every
    code), kept in ``memo.widths`` like the subset."""
    memo_key = (key, gids, tuple(program.alias_code))
    if memo is not None:
        kept = memo.widths.get(memo_key)
        if kept is not None:
            return kept
    pairs = sorted([(program.new_gid[g], widths[g]) for g in gids]
                   + [(int(code, 16), widths[g]) for (g, _), code in program.alias_code.items()])
    parts: list[str] = []
    run: list[str] = []
    prev = -2
    texts: dict[float, str] = {}  # num() per distinct width: a CJK font has few
    for code, width in pairs:
        if code != prev + 1:
            if run:
                parts.append("[" + " ".join(run) + "]")
            parts.append(str(code))
            run = []
        text = texts.get(width)
        if text is None:
            text = texts[width] = num(width)
        run.append(text)
        prev = code
    if run:
        parts.append("[" + " ".join(run) + "]")
    array = "[" + " ".join(parts) + "]"
    return memo.widths.put(memo_key, array) if memo is not None else array


def _compressed_cmap(entries: tuple[tuple[int, str], ...], memo: Memo | None = None) -> bytes:
    """The ToUnicode CMap, compressed; an unchanged rebuild reuses it from ``memo.cmaps``, like the subset."""
    if memo is None:
        return zlib.compress(to_unicode_cmap(dict(entries)))
    kept = memo.cmaps.get(entries)
    if kept is None:
        kept = memo.cmaps.put(entries, zlib.compress(to_unicode_cmap(dict(entries))))
    return kept


_CMAP_HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
"""
_CMAP_TAIL = b"""endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def to_unicode_cmap(text_of: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap: each 2-byte code → its UTF-16BE text (clusters may be several chars)."""
    entries = sorted((code, text) for code, text in text_of.items() if text)
    out = [_CMAP_HEAD]
    for start in range(0, len(entries), 100):  # at most 100 entries per bfchar block
        block = entries[start:start + 100]
        out.append(b"%d beginbfchar\n" % len(block))
        out.append("".join([f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>\n"
                            for code, text in block]).encode("ascii"))
        out.append(b"endbfchar\n")
    out.append(_CMAP_TAIL)
    return b"".join(out)


# --------------------------------------------------------------------------- CFF glyph copies
#
# Adobe TN #5176 (CFF) and #5177 (Type 2 charstrings).  The subset is laid out again,
# not patched: header, Name, Top DICT, String and Global Subr INDEXes, then charset,
# FDSelect, CharStrings, FDArray and the Private DICTs (each with its local Subrs, whose
# offset is relative to its Private DICT).  Every offset in a DICT is written as a 5-byte
# integer, so the DICT sizes, and with them all offsets, are known before any is filled in.

_CHARSET, _ENCODING, _CHARSTRINGS, _PRIVATE, _SUBRS = 15, 16, 17, 18, 19
_ROS, _CIDCOUNT, _FDARRAY, _FDSELECT = 1230, 1234, 1236, 1237  # 12 x operators as 1200 + x

_DictEntries = list[tuple[int, list[bytes]]]  # (operator, raw operand tokens) in order


def cff_with_copies(cff: bytes, sources: list[int]) -> bytes:
    """``cff`` (one font, as HarfBuzz subsets it) with a copy of glyph ``sources[k]`` appended as glyph n + k.

    A CID-keyed font keeps CID = glyph index (the copies get CIDs n, n+1, …) and each
    copy keeps its source's Font DICT (its Private DICT, so its width and hints); a
    name-keyed font gets a new glyph name per copy.  The charstrings are copied byte
    for byte: the subset is desubroutinized, and a subroutine call would still resolve
    against the same Subrs.
    """
    try:
        return _cff_with_copies(cff, sources)
    except (IndexError, ValueError, struct.error) as exc:  # not a layout HarfBuzz writes
        raise UserError.at(_("cannot add glyph copies to this CFF font program ({reason})").format(reason=exc),
                           hint=_("report it with the font: the text layer needs each shared glyph twice")) from None


def _cff_with_copies(cff: bytes, sources: list[int]) -> bytes:
    header = cff[:cff[2]]
    _, pos = _read_index(cff, cff[2])
    name_index = cff[cff[2]:pos]
    tops, pos = _read_index(cff, pos)
    if len(tops) != 1:
        raise ValueError(f"{len(tops)} fonts in one CFF")
    strings, pos = _read_index(cff, pos)
    start = pos
    _, pos = _read_index(cff, pos)
    global_subrs = cff[start:pos]
    top = _read_dict(tops[0])
    ops = {op: operands for op, operands in top}
    charstrings, _ = _read_index(cff, _int(ops[_CHARSTRINGS][0]))
    n = len(charstrings)
    cid_keyed = _ROS in ops
    charset = _read_charset(cff, _int(ops[_CHARSET][0]) if _CHARSET in ops else 0, n)
    if cid_keyed and charset != list(range(n)):
        raise ValueError("charset is not CID = glyph index")
    total = n + len(sources)
    charstrings = charstrings + [charstrings[g] for g in sources]
    if cid_keyed:
        charset += range(n, total)
        fds = _read_fdselect(cff, _int(ops[_FDSELECT][0]), n)
        fds += [fds[g] for g in sources]
        fd_dicts = [_read_dict(d) for d in _read_index(cff, _int(ops[_FDARRAY][0]))[0]]
    else:  # new names zz.N, after the font's own strings (SIDs from 391 on)
        charset += [391 + len(strings) + k for k in range(len(sources))]
        strings = strings + [b"zz.%d" % (n + k) for k in range(len(sources))]
        fd_dicts = [top]  # the Top DICT holds the one Private DICT
    privates = [_private_block(cff, d) for d in fd_dicts]

    top = [(op, operands) for op, operands in top if op != _ENCODING]  # a CIDFont does not use it
    if cid_keyed and _CIDCOUNT in ops and _int(ops[_CIDCOUNT][0]) < total:
        top = [(op, [_int5(total)] if op == _CIDCOUNT else operands) for op, operands in top]
    placeholders = {_CHARSET: 1, _CHARSTRINGS: 1, _PRIVATE: 2, _FDARRAY: 1, _FDSELECT: 1}

    def fill(entries: _DictEntries, values: dict[int, list[int]]) -> bytes:
        return _dict_bytes([(op, [_int5(v) for v in values[op]] if op in values else operands)
                            for op, operands in entries])

    zero = {op: [0] * k for op, k in placeholders.items()}
    blocks_before = len(header) + len(name_index) + len(_index([fill(top, zero)])) + len(_index(strings)) \
        + len(global_subrs)
    charset_data = _charset_bytes(charset)
    fdselect_data = _fdselect_bytes(fds) if cid_keyed else b""
    charstrings_data = _index(charstrings)
    at_charset = blocks_before
    at_fdselect = at_charset + len(charset_data)
    at_charstrings = at_fdselect + len(fdselect_data)
    at_fdarray = at_charstrings + len(charstrings_data)
    fd_array_size = len(_index([fill(d, zero) for d in fd_dicts])) if cid_keyed else 0
    at = at_fdarray + fd_array_size
    private_values = []
    for block, size in privates:
        private_values.append([size, at])
        at += len(block)
    if cid_keyed:
        fd_array = _index([fill(d, {_PRIVATE: v}) for d, v in zip(fd_dicts, private_values, strict=True)])
        top_values = {_CHARSET: [at_charset], _CHARSTRINGS: [at_charstrings], _FDSELECT: [at_fdselect],
                      _FDARRAY: [at_fdarray]}
    else:
        fd_array = b""
        top_values = {_CHARSET: [at_charset], _CHARSTRINGS: [at_charstrings], _PRIVATE: private_values[0]}
    out = b"".join([header, name_index, _index([fill(top, top_values)]), _index(strings), global_subrs,
                    charset_data, fdselect_data, charstrings_data, fd_array, *(block for block, _ in privates)])
    if len(out) != at:
        raise ValueError("layout mismatch")
    return out


def _read_index(data: bytes, pos: int) -> tuple[list[bytes], int]:
    """The items of the INDEX at ``pos`` and the position after it."""
    count, = struct.unpack_from(">H", data, pos)
    if count == 0:
        return [], pos + 2
    size = data[pos + 2]
    if not 1 <= size <= 4:
        raise ValueError(f"INDEX offSize {size}")
    raw = data[pos + 3:pos + 3 + (count + 1) * size]
    offsets = [int.from_bytes(raw[i:i + size], "big") for i in range(0, len(raw), size)]
    base = pos + 2 + (count + 1) * size  # offsets count from the byte before the data
    if len(offsets) != count + 1 or base + offsets[-1] > len(data):
        raise ValueError("INDEX runs past the end")
    return [data[base + a:base + b] for a, b in zip(offsets, offsets[1:])], base + offsets[-1]


def _index(items: list[bytes]) -> bytes:
    if not items:
        return b"\0\0"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    size = next(k for k in (1, 2, 3, 4) if offsets[-1] < 1 << (8 * k))
    return b"".join([struct.pack(">HB", len(items), size), *(o.to_bytes(size, "big") for o in offsets), *items])


def _read_dict(data: bytes) -> _DictEntries:
    entries: _DictEntries = []
    operands: list[bytes] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b <= 21:  # an operator; 12 escapes a second byte
            op, i = (1200 + data[i + 1], i + 2) if b == 12 else (b, i + 1)
            entries.append((op, operands))
            operands = []
            continue
        if b == 30:  # real: nibbles up to one that is 0xf
            j = i + 1
            while data[j] >> 4 != 0xF and data[j] & 0xF != 0xF:
                j += 1
            end = j + 1
        else:
            end = i + {28: 3, 29: 5}.get(b, 1 if 32 <= b <= 246 else 2 if 247 <= b <= 254 else 0)
            if end == i:
                raise ValueError(f"DICT byte {b}")
        operands.append(data[i:end])
        i = end
    return entries


def _int(token: bytes) -> int:
    b0 = token[0]
    if 32 <= b0 <= 246:
        return b0 - 139
    if 247 <= b0 <= 250:
        return (b0 - 247) * 256 + token[1] + 108
    if 251 <= b0 <= 254:
        return -(b0 - 251) * 256 - token[1] - 108
    if b0 in (28, 29):
        return int.from_bytes(token[1:], "big", signed=True)
    raise ValueError("DICT operand is not an integer")


def _int5(value: int) -> bytes:
    return b"\x1d" + value.to_bytes(4, "big", signed=True)


def _dict_bytes(entries: _DictEntries) -> bytes:
    return b"".join(b"".join(operands) + (bytes((12, op - 1200)) if op >= 1200 else bytes((op,)))
                    for op, operands in entries)


def _read_charset(data: bytes, pos: int, n: int) -> list[int]:
    """SID (or CID) per glyph, glyph 0 (.notdef) included."""
    if pos == 0:  # ISOAdobe: SID = glyph index
        return list(range(n))
    if pos < 3:
        raise ValueError("predefined Expert charset")
    ids, fmt, p = [0], data[pos], pos + 1
    if fmt == 0:
        ids += struct.unpack_from(f">{n - 1}H", data, p)
    elif fmt in (1, 2):
        while len(ids) < n:
            first, left = struct.unpack_from(">HB" if fmt == 1 else ">HH", data, p)
            p += 3 if fmt == 1 else 4
            ids.extend(range(first, first + left + 1))
    else:
        raise ValueError(f"charset format {fmt}")
    return ids[:n]


def _charset_bytes(ids: list[int]) -> bytes:
    """Format 2: ranges of consecutive ids (an identity charset is one range)."""
    out = [b"\x02"]
    i = 1
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1 and j - i < 0xFFFF:
            j += 1
        out.append(struct.pack(">HH", ids[i], j - i))
        i = j + 1
    return b"".join(out)


def _read_fdselect(data: bytes, pos: int, n: int) -> list[int]:
    fmt = data[pos]
    if fmt == 0:
        return list(data[pos + 1:pos + 1 + n])
    if fmt != 3:
        raise ValueError(f"FDSelect format {fmt}")
    count, = struct.unpack_from(">H", data, pos + 1)
    ranges = [struct.unpack_from(">HB", data, pos + 3 + 3 * k) for k in range(count)]
    sentinel, = struct.unpack_from(">H", data, pos + 3 + 3 * count)
    fds: list[int] = []
    for (first, fd), (nxt, _) in zip(ranges, [*ranges[1:], (sentinel, 0)]):
        fds.extend([fd] * (nxt - first))
    if len(fds) != n:
        raise ValueError("FDSelect does not cover every glyph")
    return fds


def _fdselect_bytes(fds: list[int]) -> bytes:
    ranges = [(i, fd) for i, fd in enumerate(fds) if i == 0 or fds[i - 1] != fd]
    return b"".join([struct.pack(">BH", 3, len(ranges)), *(struct.pack(">HB", *r) for r in ranges),
                     struct.pack(">H", len(fds))])


def _private_block(data: bytes, owner: _DictEntries) -> tuple[bytes, int]:
    """A Private DICT with its local Subrs (which it finds by an offset from its own start); and its size."""
    operands = dict(owner)[_PRIVATE]
    size, pos = _int(operands[0]), _int(operands[1])
    end = pos + size
    subrs = dict(_read_dict(data[pos:end])).get(_SUBRS)
    if subrs:
        start = pos + _int(subrs[0])
        if start < end:
            raise ValueError("local Subrs inside the Private DICT")
        _, end = _read_index(data, start)
    return data[pos:end], size
