"""An overset subhead is reported with the rest of the overset text.

A subhead that finds no room left in its frame (the frame ends a line or two after the
paragraph before it) is not drawn; its words must reach the overset report, or the desk
would never learn that the article lost its last section — and copy-fitting, which reads
the same report, would take such a frame for an exact fit.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "content"))

from mini_project import build_and_read, make_project  # noqa: E402

SUBHEAD = "留住烟火气的小标题"
TEXT = "城市更新要留住烟火气，老街巷里的生活才是城市的记忆。" * 20
NO_LEVERS = "copyfit: {allow_overset: true, subhead_space: false, headline_space: 0, summary_space: 0, paragraph_looseness: 0}"


def _build(tmp_path: Path, length: int, levers: bool):
    spec = make_project(tmp_path, f"{TEXT[:length]}\n\n## {SUBHEAD}\n", lines=12)
    if not levers:
        spec.write_text(spec.read_text(encoding="utf-8").replace("copyfit: {allow_overset: true}", NO_LEVERS),
                        encoding="utf-8")
    result, glyphs = build_and_read(spec)
    return result, "".join(g.text for g in glyphs)


def test_a_subhead_with_no_room_left_is_in_the_overset_text(tmp_path):
    # 390 characters fill the 12-line frame but its last line, where the subhead (and
    # the line that must follow it) cannot go; copy-fitting is off, so nothing moves.
    result, drawn = _build(tmp_path, 390, levers=False)
    fit = result.fits[0]
    assert SUBHEAD not in drawn  # the frame really had no room for it
    assert TEXT[:390] in drawn
    assert fit.overset_text == SUBHEAD
    assert fit.overset_lines > 0
    assert any(f.kind == "overset" for f in result.faults)


def test_copyfitting_never_drops_a_subhead_silently(tmp_path):
    # 274 characters: a layout that leaves the subhead no room must count as overset,
    # so copy-fitting looks on and finds one that sets it.
    result, drawn = _build(tmp_path, 274, levers=True)
    fit = result.fits[0]
    for text in (TEXT[:274], SUBHEAD):
        assert text in drawn or text in fit.overset_text, (text, fit.overset_text)
