"""Property: whatever mix of Chinese, punctuation, Latin, digits and rare characters an
article holds, every character is either drawn on the page or reported as overset
(``fits[i].overset_text``) — in order, none lost, none duplicated.  Whitespace is not
compared: the line breaker may drop a space at a line end."""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mini_project import build_and_read, make_project
from pdfread import normalise

from zzprint.content.clean import escape_markdown

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你经"
PUNCT = ["，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’", "（", "）", "《", "》", "——", "……", "·"]
LATIN = "abcxyzABCXYZ"
DIGITS = "0123456789"
RARE = ["䶮", "𠊎", "𪚥", "𠀁", "ǎ", "ü", "\u3000", "%", "."]

piece = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=12),
    st.sampled_from(PUNCT),
    st.text(alphabet=LATIN, min_size=1, max_size=8),
    st.text(alphabet=DIGITS, min_size=1, max_size=6),
    st.sampled_from(RARE),
    st.just(" "),
)
paragraph = st.lists(piece, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())
article = st.lists(paragraph, min_size=1, max_size=8)

TITLE = "测试"
OVERSET_MARK = re.compile(r"超版\d+字")


# ~20 examples in `make test`; ZZPRINT_PROPERTY_EXAMPLES=500 for a longer hunt.
@settings(max_examples=int(os.environ.get("ZZPRINT_PROPERTY_EXAMPLES", "20")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=article, lines=st.sampled_from([6, 12, 40]))
@example(paragraphs=["AAAAAAAAAAAAAAA，"], lines=6)  # found by hypothesis: a word wider than the column, then a mark
def test_every_character_is_placed_or_overset(paragraphs: list[str], lines: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        body = "\n\n".join(escape_markdown(p.strip()) for p in paragraphs)
        result, glyphs = build_and_read(make_project(Path(folder), body, TITLE, lines=lines))
    # With allow_overset the proof marks the frame "超版N字"; 超 is not in the alphabet above.
    drawn = OVERSET_MARK.sub("", normalise("".join(g.text for g in glyphs)))
    assert drawn.startswith(TITLE)
    placed = drawn[len(TITLE):]
    [fit] = result.fits
    expected = normalise("".join(paragraphs))
    accounted = placed + normalise(fit.overset_text)
    if not fit.clipped_text:
        assert accounted == expected
        return
    # A line wider than its column is cut at the column (an off-frame fault naming what was cut):
    # what is drawn and overset comes in the source's order, and what is missing is what was cut.
    rest = iter(expected)
    assert all(char in rest for char in accounted), (expected, accounted)
    assert Counter(expected) == Counter(accounted) + Counter(normalise(fit.clipped_text))
    assert any(f.kind == "off-frame" for f in result.faults)
