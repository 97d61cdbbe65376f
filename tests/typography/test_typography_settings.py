"""Issue 3: the `typography:` settings change the rule they name, measured on the PDF.

The dense made-up text is built three more times (conftest.py ``variant_pdf``): kinsoku
``strict`` (a long mark —— …… may not start a line), punctuation ``kaiming`` (，、；： and
brackets ½ em, 。？！ whole) and ``banjiao`` (every mark ½ em).
"""

from __future__ import annotations

import typo_measure as tm

PAUSES = "，、；："
FULL_STOPS = "。？！"


def _starts_long(body: tm.BodyText) -> list[str]:
    return [line.text for line in body.lines if tm.is_long(line.glyphs[0].text) or line.text[:2] in ("——", "……")]


def _natural(line: tm.BodyLine, style: str) -> bool:
    _, natural = tm.rule_positions(line, style)
    return abs(natural - line.ems(line.column.width)) <= 0.02 or line.last


def test_strict_kinsoku_keeps_long_marks_off_the_line_start(variant_pdf):
    # basic lets a long mark start a line; gb keeps —— off it (docs/typesetting.md §12).
    basic = tm.body_text(variant_pdf("basic"))
    strict = tm.body_text(variant_pdf("strict"))
    assert _starts_long(basic), "the text is made so that basic level starts a line with a long mark"
    assert not [t for t in _starts_long(tm.body_text(variant_pdf("gb"))) if t.startswith("—")]
    assert _starts_long(strict) == []
    assert tm.kinsoku_faults(strict) == [] and tm.split_unit_faults(strict) == []
    assert tm.flush_faults(strict) == []


def test_kaiming_sets_pauses_half_and_full_stops_whole(variant_pdf):
    body = tm.body_text(variant_pdf("gb", "kaiming"))
    pauses = [(m, d) for m, d, line in tm.mark_advances(body, PAUSES)]
    stops = [(m, d) for m, d, line in tm.mark_advances(body, FULL_STOPS)]  # never pushed in either
    assert pauses and stops
    assert all(abs(d - 0.5) <= 0.02 for _, d in pauses), pauses
    assert all(abs(d - 1.0) <= 0.02 for _, d in stops), stops  # gaps beside marks are never stretched
    assert tm.rule_faults(body, "kaiming") == []
    assert tm.kinsoku_faults(body) == []


def test_banjiao_sets_every_mark_half(variant_pdf):
    body = tm.body_text(variant_pdf("gb", "banjiao"))
    marks = tm.mark_advances(body, PAUSES + FULL_STOPS + "”’）》")
    assert len(marks) > 20
    assert all(abs(d - 0.5) <= 0.02 for _, d, _ in marks), [(m, round(d, 3)) for m, d, _ in marks]
    assert tm.rule_faults(body, "banjiao") == []


def test_quanjiao_default_sets_marks_whole_in_unadjusted_lines(variant_pdf):
    """The contrast: under 全角 the same marks take a whole em where the line is not pushed in."""
    body = tm.body_text(variant_pdf("gb", "quanjiao"))
    marks = [(m, d) for m, d, line in tm.mark_advances(body, PAUSES + FULL_STOPS) if _natural(line, "quanjiao")]
    assert marks and all(abs(d - 1.0) <= 0.02 for _, d in marks), marks
