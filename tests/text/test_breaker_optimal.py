"""The breaker's breaks have the least demerits of any breaking (issue #18).

Small paragraphs (up to ~30 characters, marks, Latin, numbers, spaces) at narrow
measures: every breaking is enumerated by ``reference_breaker`` — legal breaks from
the items, each line's cost recomputed box by box from the items, no dynamic
programming — and the breaker's answer must be one of them with the least total
demerits (with looseness: the least among the line count nearest the best count +
looseness). Both searches are checked: the unbounded one small paragraphs use, and the
bounded one long paragraphs use with looseness (forced here by ``BOUNDED_FROM`` = 0).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_breaker import breakings, close, wanted
from text_helpers import clusters, seed_paragraphs

from zzprint.text import Settings
from zzprint.text import linebreak
from zzprint.text.itemize import itemize
from zzprint.text.linebreak import BreakOptions, break_lines

PIECES = [*"一二三四五六七八九十人大中国科技", *"，。、；：？！“”（）《》·", "——", "……", "AI", "2024",
          "3.14", " ", "km", "a b", "http://x.cn/a"]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join).filter(lambda t: len(t) <= 30)
measure_lists = st.one_of(
    st.tuples(st.floats(2.5, 9.0)),
    st.lists(st.sampled_from([3.0, 4.5, 5.0, 6.0, 7.5]), min_size=2, max_size=3).map(tuple),
)
SEARCHES = {"unbounded": None, "bounded": 0}


def breaks_with(items, options, search: str):
    """``break_lines`` with the bounded looseness search forced, or left to its threshold."""
    saved = linebreak.BOUNDED_FROM
    if SEARCHES[search] is not None:
        linebreak.BOUNDED_FROM = SEARCHES[search]
    try:
        return break_lines(items, options)
    finally:
        linebreak.BOUNDED_FROM = saved


def check_optimal(text: str, paragraph: Settings, options: BreakOptions, search: str) -> None:
    items = itemize(clusters(text), paragraph)
    got = breaks_with(items, options, search)
    every, tolerance = breakings(items, options)
    totals = {tuple(lines): total for total, lines, _ in every}
    path = tuple((line.start, line.end, line.hang) for line in got)
    assert path in totals, f"{path} is not a breaking of {text!r} (tolerance {tolerance})"
    best = wanted(every, options.looseness)
    assert len(path) == len(best[0][1]), (text, path, best[0][1])
    assert close(totals[path], best[0][0]), (
        f"{text!r}: the breaker's {totals[path]:.6g} demerits, but {best[0][1]} has {best[0][0]:.6g}")


@pytest.mark.parametrize("search", SEARCHES)
@settings(max_examples=150, deadline=None)
@given(
    text=texts,
    measures=measure_lists,
    indent=st.sampled_from([0.0, 1.0, 2.0]),
    last_line=st.sampled_from(["start", "justify"]),
    style=st.sampled_from(["quanjiao", "kaiming", "banjiao", "hangmo"]),
    hanging=st.booleans(),
    avoid_orphans=st.booleans(),
    looseness=st.sampled_from([0, 0, 1, -1, 2, -2]),
)
def test_no_breaking_has_fewer_demerits(search, text, measures, indent, last_line, style, hanging,
                                        avoid_orphans, looseness):
    paragraph = Settings(indent=indent, last_line=last_line, punctuation=style, hanging=hanging,
                         avoid_orphans=avoid_orphans)
    options = BreakOptions(measures, indent, last_line, avoid_orphans, looseness)
    check_optimal(text, paragraph, options, search)


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("looseness", [0, 1, -1])
@pytest.mark.parametrize("measure", [4.0, 5.5, 7.0])
def test_seed_openings_are_broken_optimally(search, looseness, measure):
    """Enumerated: the first 26 characters of every seed paragraph."""
    for text in seed_paragraphs():
        opening = text[:26]
        check_optimal(opening, Settings(indent=2.0), BreakOptions((measure,), 2.0, looseness=looseness), search)


def unbounded_and_bounded(items, options):
    saved = linebreak.BOUNDED_FROM
    try:
        linebreak.BOUNDED_FROM = len(items) + 1
        unbounded = break_lines(items, options)
        linebreak.BOUNDED_FROM = 0
        bounded = break_lines(items, options)
    finally:
        linebreak.BOUNDED_FROM = saved
    return unbounded, bounded


@pytest.mark.parametrize("looseness", [1, -1, 2, -3])
@pytest.mark.parametrize("measures", [(13.0,), (7.5,), (9.0, 13.0), (20.0,)])
def test_bounded_search_breaks_long_paragraphs_as_the_unbounded_one(looseness, measures):
    """Too long to enumerate: the bounded search (long paragraphs with looseness) must
    give the very breaks of the unbounded one (a state per line count, checked against
    brute force above) on the seed's paragraphs, and on all of them joined."""
    paragraphs = seed_paragraphs()
    for text in [*paragraphs, "".join(paragraphs)[:900]]:
        items = itemize(clusters(text), Settings(indent=2.0))
        unbounded, bounded = unbounded_and_bounded(items, BreakOptions(measures, 2.0, looseness=looseness))
        assert list(bounded) == list(unbounded), text[:20]


@settings(max_examples=25, deadline=None)
@given(
    text=st.lists(st.sampled_from(PIECES), min_size=60, max_size=250).map("".join),
    measure=st.sampled_from([5.0, 8.0, 13.0]),
    looseness=st.sampled_from([1, -1, 2, -2]),
    style=st.sampled_from(["quanjiao", "kaiming", "banjiao"]),
)
def test_bounded_search_agrees_on_mixed_text(text, measure, looseness, style):
    items = itemize(clusters(text), Settings(indent=2.0, punctuation=style))
    unbounded, bounded = unbounded_and_bounded(items, BreakOptions((measure,), 2.0, looseness=looseness))
    assert list(bounded) == list(unbounded)
