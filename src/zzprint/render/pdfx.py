"""PDF/X variants as data, and the document-level objects each one asks for.

Input: a :class:`~zzprint.page.Document` (title, dates, output intent) and a
variant name.
Output: pydyf objects — the Info entries and the OutputIntent (with the
embedded ICC profile when one is given) — and the PDF version the variant
pins.  One table row per variant, as WeasyPrint's ``pdf/pdfx.py`` ``VARIANTS``;
only the rows' data differ.
"""

from __future__ import annotations

import codecs
import datetime as dt
import zlib
from typing import NamedTuple

import pydyf

from .. import __version__
from ..errors import UserError
from ..i18n import _
from ..inputs import read_input
from ..page import Document, OutputIntent

PRODUCER = f"zzprint {__version__}"  # fixed: no clock, no host, no library build string


class PDFXVariant(NamedTuple):  # not a dataclass: see pdffonts' records
    """What one PDF/X conformance level pins."""

    name: str
    pdf_version: tuple[int, int]
    info: tuple[tuple[str, str], ...]  # extra Info keys, as ISO 15930 names them
    output_intent: str = "GTS_PDFX"  # the OutputIntent /S


VARIANTS: dict[str, PDFXVariant] = {
    v.name: v
    for v in (
        # ISO 15930-1:2001: PDF 1.3, version and conformance keys.
        PDFXVariant("PDF/X-1a:2001", (1, 3),
                    (("GTS_PDFXVersion", "PDF/X-1:2001"), ("GTS_PDFXConformance", "PDF/X-1a:2001"))),
        # ISO 15930-4:2003: PDF 1.4, the version key alone.
        PDFXVariant("PDF/X-1a:2003", (1, 4), (("GTS_PDFXVersion", "PDF/X-1a:2003"),)),
    )
}
DEFAULT_VARIANT = "PDF/X-1a:2001"


def variant(name: str = DEFAULT_VARIANT) -> PDFXVariant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise UserError.at(_("unknown PDF/X variant {name!r}").format(name=name), hint=_("one of: {names}").format(names=", ".join(VARIANTS))) from None


def pdf_date(when: dt.datetime) -> str:
    """``D:YYYYMMDDHHmmSS+HH'mm'``; a naive datetime is written without an offset."""
    text = when.strftime("D:%Y%m%d%H%M%S")
    offset = when.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}'{mins:02d}'" if minutes else f"{text}Z"


def text_string(text: str) -> bytes:
    """A PDF text string: a literal for printable ASCII, else UTF-16BE with its BOM, in hex.

    pydyf's String writes any ASCII as a literal, and a reader turns a CR inside a
    literal into LF; hex keeps every character as written.
    """
    if text.isascii() and text.isprintable():
        return pydyf.String(text).data
    try:
        encoded = text.encode("utf-16-be")
    except UnicodeEncodeError:  # a lone surrogate: no PDF reader could show it
        raise UserError.at(_("{text!r} is not valid Unicode text").format(text=text),
                           hint=_("retype the text: it holds a broken character")) from None
    return b"<" + (codecs.BOM_UTF16_BE + encoded).hex().upper().encode("ascii") + b">"


def info_dict(doc: Document, pdfx: PDFXVariant) -> pydyf.Dictionary:
    """The Info dictionary: Title, Creator, Producer, dates, Trapped and the variant's GTS keys.

    Nothing else: no placeholder Author/Subject/Keywords, no clock, no host.
    """
    if not doc.title.strip():
        raise UserError.at(_("the document has no title"), hint=_("PDF/X needs a non-empty /Title: set the page title"))
    date = text_string(pdf_date(doc.creation_date))
    entries: dict[str, object] = {
        "Title": text_string(doc.title),
        "Creator": text_string("zzprint"),
        "Producer": text_string(PRODUCER),
        "CreationDate": date,
        "ModDate": date,
        "Trapped": "/False",
    }
    if doc.author:
        entries["Author"] = text_string(doc.author)
    if doc.subject:
        entries["Subject"] = text_string(doc.subject)
    for key, value in pdfx.info:
        entries[key] = text_string(value)
    if doc.draft:  # layout faults marked on the page: `zzprint check` refuses it as a print file
        entries["ZZPrintDraft"] = text_string("true")
    return pydyf.Dictionary(entries)


def output_intent(intent: OutputIntent, pdfx: PDFXVariant, profile: bytes | None = None) -> pydyf.Dictionary:
    """The one OutputIntent; ``profile`` is the reference of the ICC stream (:func:`icc_stream`), if any."""
    entries: dict[str, object] = {
        "Type": "/OutputIntent",
        "S": pydyf.name(pdfx.output_intent),
        "OutputConditionIdentifier": text_string(intent.identifier),
        "RegistryName": text_string(intent.registry),
        "OutputCondition": text_string(intent.condition),
        "Info": text_string(intent.info or intent.condition),
    }
    if profile is not None:
        entries["DestOutputProfile"] = profile
    return pydyf.Dictionary(entries)


def icc_stream(path: str) -> pydyf.Stream:
    """An output ICC profile as a stream; PDF/X-1a prints CMYK, so the profile must be a CMYK one."""
    # A plain file of at most 16 MiB, really inside its project (the spec loader checked it too, at its line).
    data = read_input(path, kind="ICC profile")
    if len(data) < 128 or data[36:40] != b"acsp":
        raise UserError.at(_("not an ICC profile"), path)
    if data[16:20] != b"CMYK":
        raise UserError.at(_("ICC profile colour space is {space}, not CMYK").format(space=data[16:20].decode('latin-1').strip()), path,
                           hint=_("PDF/X-1a needs a CMYK output profile"))
    return pydyf.Stream([zlib.compress(data, 6)], {"N": 4, "Filter": "/FlateDecode"})
