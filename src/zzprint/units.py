"""Lengths in the units a Chinese layout editor uses → points.

Input: a value from a spec (``9``, ``"9pt"``, ``"3mm"``, ``"小五"``, ``"五号"``,
``"36级"``, ``"36Q"``, ``"2字"``, ``"3行"``, ``"2栏"``) and a :class:`UnitContext`
that knows the body size, line pitch and column width.  Output: points (float).

Sources: docs/typesetting.md §8 and §7 (号 sizes, digital convention; 1 pt = 0.3528 mm;
级/Q = 0.25 mm; 字 = body characters, 行 = body line pitches).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .i18n import _

PT_PER_MM = 72 / 25.4
PT_PER_Q = 0.25 * PT_PER_MM

# 号 → pt, digital convention (Word/WPS/Adobe/CTeX), docs/typesetting.md §8.
HAO_PT: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}
# Accepted spellings: 小五号 = 小五, 初 = 初号 …
_HAO_ALIASES = {**{k: k for k in HAO_PT}, **{k[:-1]: k for k in HAO_PT if k.endswith("号")},
                **{k + "号": k for k in HAO_PT if k.startswith("小")}}

ACCEPTED_FORMS = ("9pt, 3mm, 36级 or 36Q, 小五 / 五号 (号 names), 2字 (body characters), "
                  "3行 (body lines), 2栏 (columns), or a bare number in pt")

# No length on a page can exceed the largest page PDF allows (200 inches): anything
# larger is a typo, and would only overflow or misplace things further on.
MAX_PT = 14400.0

_NUMBER_UNIT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(pt|mm|cm|级|Q|q|字|行|栏|H)?\s*$")


class UnitError(ValueError):
    """A length that cannot be read; the message says what is accepted."""


@dataclass(frozen=True)
class UnitContext:
    """What relative units refer to, in pt; None where not yet known."""

    body_size: float | None = None  # 1 字
    line_pitch: float | None = None  # 1 行
    column: float | None = None  # 1 栏 (column width, without gutter)
    gutter: float | None = None  # between columns: n 栏 = n columns + (n-1) gutters


def hao_size(name: str) -> float | None:
    """The pt size of a 号 name, or None if ``name`` is not one."""
    key = _HAO_ALIASES.get(name.strip())
    return HAO_PT[key] if key else None


def parse_length(value: object, ctx: UnitContext = UnitContext(), *, allow_negative: bool = False) -> float:
    """Read a length in any accepted unit and return points."""
    if isinstance(value, bool) or value is None:
        raise UnitError(_("expected a length, got {value!r}").format(value=value))
    if isinstance(value, (int, float)):
        number, unit = float(value), "pt"
    else:
        text = str(value).strip()
        size = hao_size(text)
        if size is not None:
            return size
        match = _NUMBER_UNIT.match(text)
        if not match:
            raise UnitError(_("unknown length {text!r}").format(text=text))
        number, unit = float(match.group(1)), match.group(2) or "pt"
    if not math.isfinite(number):  # .nan, .inf, or more digits than a float holds
        raise UnitError(_("length {value!r} is not a finite number").format(value=value))
    if number < 0 and not allow_negative:
        raise UnitError(_("negative length {value!r}").format(value=value))
    points = number * _unit_pt(unit, number, ctx)
    if not abs(points) <= MAX_PT:
        raise UnitError(_("length {value!r} is larger than {largest:.0f} cm, the largest PDF page").format(value=value, largest=MAX_PT / PT_PER_MM / 10))
    return points


def _unit_pt(unit: str, number: float, ctx: UnitContext) -> float:
    if unit == "pt":
        return 1.0
    if unit == "mm":
        return PT_PER_MM
    if unit == "cm":
        return 10 * PT_PER_MM
    if unit in ("级", "Q", "q", "H"):  # H (歯) is the Japanese name of the same 0.25 mm step
        return PT_PER_Q
    if unit == "字":
        return _need(ctx.body_size, "字", _("the body size (grid.body_size)"))
    if unit == "行":
        return _need(ctx.line_pitch, "行", _("the line pitch (grid.line_pitch)"))
    if unit == "栏":
        column = _need(ctx.column, "栏", _("the column width"))
        # n columns joined include their n-1 gutters (docs/typesetting.md §7).
        return column + (ctx.gutter or 0.0) * (number - 1) / number if number else column
    raise UnitError(_("unknown unit {unit!r}").format(unit=unit))


def _need(value: float | None, unit: str, what: str) -> float:
    if value is None:
        raise UnitError(_("'{unit}' needs {what}, which is not known here").format(unit=unit, what=what))
    return value


def parse_size(value: object, ctx: UnitContext = UnitContext()) -> float:
    """A type size: like a length, but must be positive."""
    size = parse_length(value, ctx)
    if size <= 0:
        raise UnitError(_("type size must be positive, got {value!r}").format(value=value))
    return size


def format_pt(value: float) -> str:
    """A length as an editor reads it: pt and mm."""
    return f"{value:.2f}pt ({value / PT_PER_MM:.1f}mm)"
