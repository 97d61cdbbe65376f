"""The one number formatter of the PDF writer.

Input: an int or float (pt, text-space units, font units).
Output: its PDF token — at most 4 decimals, never an exponent, never ``-0`` —
so the same Document always gives the same bytes, whatever float noise the
arithmetic left behind.
"""

from __future__ import annotations

import math

DECIMALS = 4  # 0.0001 pt: far below the 0.001 pt positions must hold to


def num(x: float) -> str:
    """Format ``x`` for a content stream or a PDF dictionary."""
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x}")  # a layout bug; 'nan' would corrupt the file
    text = f"{x:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def parsed(x: float) -> float:
    """The value a PDF reader will see for ``num(x)``.

    Pen positions are tracked with this, so rounding never accumulates along a
    line.  ``round`` and the ``f`` format both round the exact binary value
    correctly, so this equals ``float(num(x))``, at a third of the cost.
    """
    return round(x, DECIMALS)
