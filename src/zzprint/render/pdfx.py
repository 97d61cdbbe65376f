"""PDF/X variants as data, and the document-level objects each one asks for.

Input: a :class:`~zzprint.page.Document` (title, dates, output intent) and a
variant name.
Output: reportlab ``pdfdoc`` objects — the Info dictionary and the
OutputIntent (with the embedded ICC profile when one is given) — and the PDF
version the variant pins.  One table row per variant, as WeasyPrint's
``pdf/pdfx.py`` ``VARIANTS``; only the rows' data differ.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import NamedTuple

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)

from .. import __version__
from ..errors import UserError
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
        raise UserError.at(f"unknown PDF/X variant {name!r}", hint="one of: " + ", ".join(VARIANTS)) from None


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


class InfoDict(PDFObject):
    """The document Info dictionary, standing in for reportlab's PDFInfo.

    reportlab's PDFInfo always writes placeholder Author/Subject/Keywords and a
    1 Jan 2000 date in invariant mode, and has no room for the GTS keys.
    """

    invariant = 1  # reportlab sets this attribute on whatever its ``info`` is

    def __init__(self, entries: dict[str, object]):
        self.entries = entries

    def digest(self, md5object: object) -> None:
        """reportlab feeds Info into its ID hash; our /ID is a hash of the whole file instead."""

    def format(self, document: object) -> bytes:
        return PDFDictionary(self.entries).format(document)


def info_dict(doc: Document, pdfx: PDFXVariant) -> InfoDict:
    if not doc.title.strip():
        raise UserError.at("the document has no title", hint="PDF/X needs a non-empty /Title: set the page title")
    date = PDFString(pdf_date(doc.creation_date))
    entries: dict[str, object] = {
        "Title": PDFString(doc.title),
        "Creator": PDFString("zzprint"),
        "Producer": PDFString(PRODUCER),
        "CreationDate": date,
        "ModDate": date,
        "Trapped": PDFName("False"),
    }
    if doc.author:
        entries["Author"] = PDFString(doc.author)
    if doc.subject:
        entries["Subject"] = PDFString(doc.subject)
    for key, value in pdfx.info:
        entries[key] = PDFString(value)
    return InfoDict(entries)


def output_intent(intent: OutputIntent, pdfx: PDFXVariant) -> PDFDictionary:
    """The one OutputIntent; a given ICC profile goes in as ``DestOutputProfile``."""
    entries: dict[str, object] = {
        "Type": PDFName("OutputIntent"),
        "S": PDFName(pdfx.output_intent),
        "OutputConditionIdentifier": PDFString(intent.identifier),
        "RegistryName": PDFString(intent.registry),
        "OutputCondition": PDFString(intent.condition),
        "Info": PDFString(intent.info or intent.condition),
    }
    if intent.icc_profile:
        entries["DestOutputProfile"] = icc_stream(intent.icc_profile)
    return PDFDictionary(entries)


def icc_stream(path: str) -> PDFStream:
    """An output ICC profile as a stream; PDF/X-1a prints CMYK, so the profile must be a CMYK one."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UserError.at(f"ICC profile not readable: {exc.strerror}", path) from exc
    if len(data) < 128 or data[36:40] != b"acsp":
        raise UserError.at("not an ICC profile", path)
    if data[16:20] != b"CMYK":
        raise UserError.at(f"ICC profile colour space is {data[16:20].decode('latin-1').strip()}, not CMYK", path,
                           hint="PDF/X-1a needs a CMYK output profile")
    return PDFStream(PDFDictionary({"N": 4, "Filter": PDFName("FlateDecode")}), zlib.compress(data, 6))
