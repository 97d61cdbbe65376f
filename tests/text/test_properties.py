"""Properties of the breaker on random mixed text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from text_helpers import clusters, kinsoku_violations

from zzprint.text import Settings, set_paragraph

PIECES = list("一二三四五六七八九十人大中国科技") * 4 + list("，。、；：？！“”（）《》") + [
    "——", "……", "Python", "AI", "2024", "3.14", "12％", " ", "/", "km",
]
texts = st.lists(st.sampled_from(PIECES), min_size=0, max_size=120).map("".join)
measures = st.one_of(st.integers(4, 20).map(float), st.floats(4.0, 20.0))


@settings(max_examples=300, deadline=None)
@given(text=texts, measure=measures, indent=st.sampled_from([0.0, 2.0]))
def test_lines_partition_the_clusters_in_order(text, measure, indent):
    """Breaking never loses, duplicates or reorders a cluster."""
    para = set_paragraph(clusters(text), measure, Settings(indent=indent))
    covered = [i for line in para.lines for i in range(line.start, line.end)]
    assert covered == list(range(len(text)))
    assert para.lines and para.lines[-1].is_last
    assert all(len(line.x) == len(line) for line in para.lines)


@settings(max_examples=300, deadline=None)
@given(text=texts, measure=measures, style=st.sampled_from(
    ["quanjiao", "kaiming", "hangmo", "banjiao", "plain"]))
def test_non_last_lines_fill_the_measure_exactly(text, measure, style):
    """Flush on both edges, except a line the problems name as overfull or short."""
    para = set_paragraph(clusters(text), measure, Settings(punctuation=style))
    excused = _lines_named(para.problems, ("overflows", "short"))
    for k, line in enumerate(para.lines[:-1], 1):
        if k not in excused:
            assert abs(line.right - line.width) < 1e-6, (text, k, line)
            assert line.overflow == 0


@settings(max_examples=300, deadline=None)
@given(text=texts, measure=measures)
def test_no_line_starts_or_ends_with_a_prohibited_mark_at_gb(text, measure):
    para = set_paragraph(clusters(text), measure, Settings())
    assert kinsoku_violations(text, para) == []


@settings(max_examples=200, deadline=None)
@given(text=texts, measure=measures)
def test_glyphs_stay_inside_the_column_unless_reported(text, measure):
    para = set_paragraph(clusters(text), measure, Settings())
    excused = _lines_named(para.problems, ("overflows",))
    for k, line in enumerate(para.lines, 1):
        if k in excused:
            continue
        assert line.right <= line.width + 1e-6
        assert min(line.x, default=0.0) >= -0.5 - 1e-9  # only an OPEN's blank, at line start


def _lines_named(problems: tuple[str, ...], words: tuple[str, ...]) -> set[int]:
    """Line numbers of problems like 'line 3 (clusters 5-9) is 0.5 em short'."""
    named = set()
    for problem in problems:
        match = re.match(r"line (\d+) ", problem)
        if match and any(w in problem for w in words):
            named.add(int(match.group(1)))
    return named
