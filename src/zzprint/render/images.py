"""Image XObjects of a document: one per distinct picture, DeviceCMYK or DeviceGray, 8 bits.

Input: the page items (:class:`~zzprint.page.Image` among them).  Output: the XObject
streams added to the PDF, a resource name per picture (Im1, Im2 … in order of first
use, so the bytes are the same for the same pages) and the operators that draw one.
The data comes from :func:`zzprint.pictures.prepare` (passthrough JPEG, or decoded,
converted and encoded); a picture that cannot be used stops the render with its file named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pydyf

from ..inputs import InputError
from ..page import Image, ImageSource, PageItem
from ..pictures import PictureError, Prepared, prepare, user_error
from .numfmt import num


def prepared(source: ImageSource) -> Prepared:
    """The data for ``source``, or a UserError at the spec's line that named the file."""
    try:
        return prepare(source.path, source.name, source.root, source.stamp, source.crop, source.pixels,
                       source.tac, source.profile)
    except (PictureError, InputError) as err:
        raise user_error(err, source.origin) from None


class ImageSet:
    """The document's image XObjects by source: name and object reference."""

    def __init__(self) -> None:
        self.names: dict[ImageSource, str] = {}
        self.refs: dict[str, bytes] = {}

    @classmethod
    def collect(cls, pdf: pydyf.PDF, pages: Iterable[Sequence[PageItem]]) -> ImageSet:
        found = cls()
        for items in pages:
            for item in items:
                if isinstance(item, Image) and item.source not in found.names:
                    name = f"Im{len(found.names) + 1}"
                    found.names[item.source] = name
                    found.refs[name] = _xobject(pdf, prepared(item.source))
        return found

    def resources(self, items: Sequence[PageItem]) -> pydyf.Dictionary | None:
        """The /XObject dictionary of one page's pictures; None for a page without."""
        used = sorted({self.names[i.source] for i in items if isinstance(i, Image)}, key=lambda n: int(n[2:]))
        return pydyf.Dictionary({name: self.refs[name] for name in used}) if used else None


def _xobject(pdf: pydyf.PDF, data: Prepared) -> bytes:
    extra = {"Type": "/XObject", "Subtype": "/Image", "Width": data.width, "Height": data.height,
             "ColorSpace": f"/{data.colorspace}", "BitsPerComponent": 8, "Filter": f"/{data.filter}"}
    if data.decode_inverted:
        extra["Decode"] = "[1 0 1 0 1 0 1 0]"
    stream = pydyf.Stream([data.data], extra)
    pdf.add_object(stream)
    return stream.reference


def draw_image(image: Image, name: str, left: float, top: float) -> str:
    """q, the clip (a crop), the image scaled onto its box, Q: the graphics state is as before."""
    ops = ["q"]
    if image.clip is not None:
        cx, cy, cw, ch = image.clip
        ops.append(f"{num(left + cx)} {num(top - cy - ch)} {num(cw)} {num(ch)} re W n")
    ops.append(f"{num(image.w)} 0 0 {num(image.h)} {num(left + image.x)} {num(top - image.y - image.h)} cm /{name} Do")
    ops.append("Q")
    return "\n".join(ops)


__all__ = ["ImageSet", "draw_image", "prepared"]
