"""The breaker's work grows with the paragraph's length, not its square (issue #12).

Not timed: the breaker counts its work (``Breaks.states``: search states whose lines
were tried; ``Breaks.lines_tried``: candidate lines measured), and ten times the text
may cost at most twelve times the work; at most a few states per character. Before the bounded looseness search, a
paragraph set one line looser kept a state per line count at every break: ten times
the text cost ~60 times the states (and 5.6 s, 0.55 GB at 10 000 characters).

Texts: the seed article's paragraphs joined; random ideographs without a mark (no
push-in, so one line fewer is often impossible: the count the search wants is clamped);
Latin words. Measures: one column, and a list (a wrap: two narrow lines, then wide).
"""

from __future__ import annotations

import random

import pytest
from text_helpers import clusters, seed_paragraphs

from zzprint.text import Settings
from zzprint.text.itemize import itemize
from zzprint.text.linebreak import BreakOptions, break_lines

SHORT, LONG = 1_000, 10_000


def _seed() -> str:
    text = "".join(seed_paragraphs())
    return text * (LONG // len(text) + 1)


def _ideographs() -> str:
    rng = random.Random(12)
    return "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(LONG))


def _latin() -> str:
    rng = random.Random(12)
    words = ("".join(rng.choice("etaoinshrdlu") for _ in range(rng.randrange(1, 10))) for _ in range(LONG))
    return " ".join(words)


TEXTS = {"seed": _seed, "ideographs": _ideographs, "latin": _latin}


def work(text: str, measures: tuple[float, ...], looseness: int) -> tuple[int, int, int]:
    items = itemize(clusters(text), Settings(indent=2.0))
    breaks = break_lines(items, BreakOptions(measures, 2.0, looseness=looseness))
    covered = [i for brk in breaks for i in range(brk.start, brk.end)]
    assert covered == list(range(len(text)))  # a real breaking, not an empty shortcut
    return breaks.states, breaks.lines_tried, len(breaks)


@pytest.mark.parametrize("looseness", [0, 1, -1])
@pytest.mark.parametrize("measures", [(13.0,), (9.0, 9.0, 13.0)], ids=["column", "wrap"])
@pytest.mark.parametrize("kind", TEXTS)
def test_ten_times_the_text_is_at_most_twelve_times_the_work(kind, measures, looseness):
    """Work: states whose lines were tried + candidate lines measured. (States alone are
    too few in a short paragraph to compare: 0.2 per character, give or take a pass.)"""
    text = TEXTS[kind]()
    short_states, short_tried, short_lines = work(text[:SHORT], measures, looseness)
    long_states, long_tried, long_lines = work(text[:LONG], measures, looseness)
    assert long_lines >= 9 * short_lines  # the long paragraph really is ten times longer
    assert long_states + long_tried <= 12 * (short_states + short_tried), (
        (short_states, short_tried), (long_states, long_tried))


def test_looseness_keeps_a_bounded_number_of_states_per_break():
    """The states a paragraph set one line looser or tighter keeps are a few per break
    (TeX's active list), where one state per line count made hundreds."""
    text = _seed()[:LONG]
    items = itemize(clusters(text), Settings(indent=2.0))
    for looseness in (1, -1):
        breaks = break_lines(items, BreakOptions((13.0,), 2.0, looseness=looseness))
        assert breaks.states <= 4 * LONG, breaks.states
