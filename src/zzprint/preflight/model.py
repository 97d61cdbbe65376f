"""Shared value types of the preflight: a violation and small PDF helpers.

Input: pikepdf objects.  Output: plain Python values (labels, rectangles, colour-space verdicts)
that the rules turn into :class:`Violation` records.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

Rect = tuple[float, float, float, float]


ERROR = "error"  # the file is not deliverable (exit 1)
WARNING = "warning"  # worth the operator's eye, but the file may go to the plate


@dataclass(frozen=True)
class Violation:
    """One finding of the preflight: a breach of a PDF/X-1a:2001 rule, or a warning.

    ``page`` is 1-based, 0 for document-level findings (reported as "document"); ``obj`` names
    the offending object the way a prepress operator finds it in a PDF inspector (``obj 12 0``,
    ``/Font /F1 (Name)``, ``content stream op 'rg'``).  Only ``error`` findings fail the file.
    """

    rule: str
    message: str
    page: int = 0
    obj: str = ""
    severity: str = ERROR

    @property
    def where(self) -> str:
        return f"page {self.page}" if self.page else "document"

    def as_dict(self) -> dict[str, object]:
        return {"severity": self.severity, "rule": self.rule, "page": self.page or None,
                "where": self.where, "object": self.obj, "message": self.message}


def objref(obj: object) -> str:
    """``obj N G`` for an indirect object, ``direct object`` otherwise."""
    objgen = getattr(obj, "objgen", (0, 0))
    return f"obj {objgen[0]} {objgen[1]}" if objgen[0] else "direct object"


def objkey(obj: object, label: str) -> tuple[int, int] | str:
    """A key that identifies an object: its object number, or for a direct object the label it
    was reached under (pikepdf hands out a new wrapper per access, so ``id()`` would not do)."""
    objgen = getattr(obj, "objgen", (0, 0))
    return objgen if objgen[0] else label


def name_of(obj: object) -> str:
    """``/Name`` → ``Name`` (for messages); anything else → its ``str``."""
    text = str(obj)
    return text[1:] if isinstance(obj, Name) else text


def to_rect(obj: object) -> Rect | None:
    """A PDF rectangle normalised to (llx, lly, urx, ury); None when absent or malformed."""
    if not isinstance(obj, Array) or len(obj) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in obj)
    except (TypeError, ValueError):
        return None
    # Rectangles may be given by any two opposite corners (ISO 32000-1 §7.9.5).
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def fmt_rect(r: Rect) -> str:
    return "[" + " ".join(f"{v:g}" for v in r) + "]"


def contains(outer: Rect, inner: Rect, tol: float = 0.01) -> bool:
    """Inner ⊆ outer, with a hundredth of a point for producers that round differently."""
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def overlaps(a: Rect, b: Rect) -> bool:
    """True when the two rectangles share area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def resource(resources: object, category: str, key: object) -> pikepdf.Object | None:
    """Look ``key`` up in ``resources[category]``; None when any level is missing."""
    if not isinstance(resources, Dictionary) or not isinstance(key, Name):
        return None
    table = resources.get(category)
    if not isinstance(table, Dictionary):
        return None
    return table.get(key)


# Inline images abbreviate colour-space names (ISO 32000-1 Table 94).
_ABBREV = {"/G": "/DeviceGray", "/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK", "/I": "/Indexed"}
_PRINT_SPACES = {"/DeviceCMYK", "/DeviceGray"}


def colour_space_problem(space: object, resources: object = None, depth: int = 0) -> str | None:
    """Why ``space`` is not allowed in PDF/X-1a, or None when it is.

    Allowed (docs/typesetting.md §10 [PDFX-LIST]): DeviceCMYK, DeviceGray, Separation and DeviceN whose alternate
    is DeviceCMYK/DeviceGray, Indexed on an allowed base, Pattern (on an allowed base).
    Forbidden: DeviceRGB and every device-independent space (CalRGB, CalGray, Lab, ICCBased).
    A name that is not a device space is looked up in ``resources``' /ColorSpace; an unknown
    name cannot be judged and passes (a RIP would fail on it, but that is not an X-1a rule).
    """
    if depth > 8:  # cyclic or absurdly nested colour spaces: stop rather than recurse forever
        return None
    if isinstance(space, Name):
        n = _ABBREV.get(str(space), str(space))
        if n in _PRINT_SPACES or n == "/Pattern":
            return None
        if n == "/DeviceRGB":
            return "DeviceRGB"
        found = resource(resources, "/ColorSpace", space)
        return None if found is None else colour_space_problem(found, resources, depth + 1)
    if not isinstance(space, Array) or len(space) == 0:
        return None
    family = _ABBREV.get(str(space[0]), str(space[0]))
    if family in ("/CalRGB", "/CalGray", "/Lab"):
        return family[1:]
    if family == "/ICCBased":
        stream = space[1] if len(space) > 1 else None
        n = stream.get("/N") if isinstance(stream, Stream) else None
        return f"ICCBased (N={n})"
    if family in ("/Indexed", "/Pattern"):
        if len(space) < 2:
            return None
        inner = colour_space_problem(space[1], resources, depth + 1)
        return f"{family[1:]} on {inner}" if inner else None
    if family in ("/Separation", "/DeviceN"):
        if len(space) < 3:
            return None
        alt = space[2]
        alt_name = _ABBREV.get(str(alt), str(alt)) if isinstance(alt, Name) else None
        if alt_name in _PRINT_SPACES:
            return None
        what = name_of(space[1]) if family == "/Separation" else "colorants"
        alt_desc = alt_name[1:] if alt_name else (colour_space_problem(alt, resources, depth + 1) or "non-device")
        return f"{family[1:]} ({what}) with {alt_desc} alternate (must be DeviceCMYK or DeviceGray)"
    if family in _PRINT_SPACES:
        return None
    if family == "/DeviceRGB":
        return "DeviceRGB"
    return None
