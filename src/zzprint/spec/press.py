"""What a coldset newsprint press can print: checks on resolved styles and colours.

Input: the resolved styles and colours of a spec and the output condition's ink limit.
Output: problems, each naming the style and the rule (docs/typesetting.md §10,
"Coldset newsprint"): reversed type ≥ 10 pt from one ink and ≥ 14 pt from several;
colour text ≥ 14 pt; no colour above the total ink limit.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Problem
from ..i18n import _
from ..page import CMYK

MIN_REVERSED_ONE_INK = 10.0  # pt, white type knocked out of a one-ink panel
MIN_REVERSED_SEVERAL_INKS = 14.0  # pt, out of a panel of several inks: register must hold the fine strokes
MIN_COLOUR_TEXT = 14.0  # pt, type printed in colour (more than one ink or not black)


def inks(color: CMYK) -> int:
    return sum(1 for v in (color.c, color.m, color.y, color.k) if v > 0)


def press_problems(styles: dict, colors: dict[str, CMYK], tac_limit: float, file: str,
                   where: Callable[[tuple], tuple[int, int]]) -> list[Problem]:
    """Every style or colour the press cannot print as specified."""
    problems = []
    for name, color in colors.items():
        if color.coverage > tac_limit + 1e-9:
            problems.append(Problem(_("colour {name!r} has {coverage:.0f} % total ink, over the {tac_limit:.0f} % limit").format(name=name, coverage=color.coverage, tac_limit=tac_limit),
                                    file, *where(("colors", name)), "reduce the inks: newsprint cannot dry more"))
    for name, style in styles.items():
        text, fill = style.color, style.fill
        reversed_type = inks(text) == 0 and fill is not None and inks(fill) > 0
        if reversed_type:
            minimum = MIN_REVERSED_ONE_INK if inks(fill) == 1 else MIN_REVERSED_SEVERAL_INKS
            if style.size < minimum - 1e-9:
                problems.append(Problem(
                    _("style {name!r}: reversed type {size:g}pt out of a {inks}-ink panel is below {minimum:g}pt").format(name=name, size=style.size, inks=inks(fill), minimum=minimum),
                    file, *where(("styles", name, "size")),
                    f"use at least {minimum:g}pt (四号), a one-ink panel, or dark text on a light tint"))
        elif inks(text) > 0 and not text.is_black_only and style.size < MIN_COLOUR_TEXT - 1e-9:
            problems.append(Problem(_("style {name!r}: colour type {size:g}pt is below {minimum:g}pt").format(name=name, size=style.size, minimum=MIN_COLOUR_TEXT),
                                    file, *where(("styles", name, "size")),
                                    "set small type in 100 % black; colour registration on newsprint blurs it"))
    return problems
