"""Issue 3: the body text obeys the Chinese composition rules, measured on the PDF.

Everything is read back from the PDF with pdfminer (tests/pdfread.py) and grouped into
lines, columns and paragraphs by ``typo_measure`` — never taken from the engine's data.
Two texts: the seed page built by the CLI, and a made-up dense text (numbers, Latin,
—— ……, 《》《》, ”“ pairs, a URL) in its own tmp project (conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typo_measure as tm
from pdfread import Glyph

from dense_project import DENSE_TEXT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["seed", "made-up"])
def body(request) -> tm.BodyText:
    fixture = "opinion_pdf" if request.param == "seed" else "made_up_pdf"
    return tm.body_text(request.getfixturevalue(fixture))


def _source_paragraphs(which: str) -> list[str]:
    if which == "made-up":
        text = DENSE_TEXT.split("---", 2)[2]
        return ["".join(p.split()) for p in text.split("\n\n") if p.strip()]
    import yaml

    from zzprint.content.markdown import load_articles

    articles = load_articles(ROOT / "content")
    order = [a["content"] for a in yaml.safe_load((ROOT / "layout/opinion.yaml").read_text("utf-8"))["articles"]]
    return ["".join(b.text.split()) for i in order for b in articles[i].blocks if b.kind == "para"]


@pytest.mark.parametrize("which", ["seed", "made-up"])
def test_lines_columns_and_paragraphs_are_found_on_the_pdf(which, request):
    """The helper finds every body paragraph, in order, from glyph positions alone."""
    pdf = request.getfixturevalue("opinion_pdf" if which == "seed" else "made_up_pdf")
    body = tm.body_text(pdf)
    got = ["".join(tm.paragraph_text(p)[0].split()) for p in body.paragraphs]
    assert got == _source_paragraphs(which)
    assert len(body.columns) == (8 if which == "seed" else 4)
    assert all(abs(c.width - 13 * tm.BODY_SIZE) < 0.01 for c in body.columns)


def test_no_line_starts_with_a_prohibited_mark_or_ends_with_an_opening_mark(body):
    assert tm.kinsoku_faults(body) == []


def test_no_unit_is_split_across_lines(body):
    """No break inside a digit run, a Latin word, —— or ……; a URL only at / ? & = …"""
    assert tm.split_unit_faults(body) == []


def test_every_non_final_line_is_flush_at_both_column_edges(body):
    """Within 0.05 em; a line-end 。，” is measured by its ½-em set width."""
    assert tm.flush_faults(body) == []


def test_han_gaps_are_equal_within_each_line(body):
    """Stretch is spread evenly: Han–Han gaps in one line differ by at most 0.02 em."""
    assert tm.even_gap_faults(body) == []


def test_stretching_never_opens_a_hole_next_to_punctuation(body):
    """No gap beside a mark wider than the line's Han gap; no gap anywhere over ½ em."""
    assert tm.hole_faults(body) == []
    assert tm.wide_gap_faults(body) == []


def test_lines_set_without_adjustment_follow_the_rules_exactly(body):
    """Same situation, same width, in every line: pairs 1.5 em, line-end marks ½ em,
    a line-start opening mark ½ em, ¼ em between Han and Latin — to 0.02 em."""
    assert tm.rule_faults(body) == []


def test_adjacent_punctuation_pairs_take_the_width_the_style_prescribes(body):
    """全角: two marks take 1.5 em, so the second starts ½ em after the first (。” ，“ ”“);
    only a pushed-in line may close a pair further, to 1 em (origins 0 apart)."""
    pairs = tm.pair_offsets(body)
    assert pairs, "the texts have adjacent marks"
    bad = []
    for pair, offset, line in pairs:
        _, natural = tm.rule_positions(line)
        pushed_in = natural > line.ems(line.column.width) + 0.02
        ok = -0.02 <= offset <= 0.52 if pushed_in else abs(offset - 0.5) <= 0.02
        if not ok:
            bad.append(f"{pair} {offset:.3f} em in [{line.text}]")
    assert bad == []
    assert sum(abs(offset - 0.5) <= 0.02 for _, offset, _ in pairs) >= 0.8 * len(pairs)


def test_no_paragraph_ends_with_an_orphan(body):
    """孤字: no last line of one character, or one character and punctuation."""
    assert tm.orphan_faults(body) == []


@pytest.mark.parametrize(("which", "floor"), [("seed", 0.68), ("made-up", 0.25)])
def test_share_of_lines_on_the_character_grid(which, floor, request):
    """Every glyph a whole em from the column's left edge; the seed page mostly is."""
    pdf = request.getfixturevalue("opinion_pdf" if which == "seed" else "made_up_pdf")
    body = tm.body_text(pdf)
    share = tm.grid_share(body)
    print(f"\n{which}: {len(body.lines)} lines, {share:.1%} on the character grid;",
          tm.adjusted_lines(body), tm.summary(body))
    assert share >= floor


# --- the measuring code itself finds faults it is meant to find -----------------------------


def _line(texts: str, xs: list[float], *, first: bool = False, last: bool = False) -> tm.BodyLine:
    em = tm.BODY_SIZE
    column = tm.Column(0.0, 13 * em)
    glyphs = [Glyph(t, x * em, x * em + em, 100.0, em, "X+NotoSerifCJKsc-Regular") for t, x in zip(texts, xs)]
    return tm.BodyLine(glyphs, column, 0, em, first=first, last=last)


def test_the_checks_catch_what_they_look_for():
    ok = _line("一二三四五六七八九十一二三", list(range(13)))
    starts_with_comma = _line("，二三四五六七八九十一二三", list(range(13)))
    short = _line("一二三四五六七八九十一二", list(range(12)))
    uneven = _line("一二三四五六七八九十一二", [0, 1.2, 2.2, 3.2, 4.2, 5.2, 6.2, 7.2, 8.2, 9.2, 10.2, 12])
    hole = _line("一，三四五六七八九十一二三", [0, 1, 2.4, 3.4, 4.4, 5.4, 6.4, 7.4, 8.4, 9.4, 10.4, 11.4, 12])
    orphan_end = _line("字。", [0, 1], last=True)
    body = tm.BodyText([ok, starts_with_comma, short, uneven, hole, orphan_end], [ok.column])
    body.paragraphs = [[ok, starts_with_comma, short, uneven, hole, orphan_end]]

    def flagged(faults: list[str]) -> set[str]:
        return {line.text for line in body.lines if any(f"[{line.text}]" in f for f in faults)}

    assert flagged(tm.kinsoku_faults(body)) == {starts_with_comma.text}
    assert short.text in flagged(tm.flush_faults(body)) and ok.text not in flagged(tm.flush_faults(body))
    assert uneven.text in flagged(tm.even_gap_faults(body)) and ok.text not in flagged(tm.even_gap_faults(body))
    assert flagged(tm.hole_faults(body)) == {hole.text}
    assert flagged(tm.orphan_faults(body)) == {orphan_end.text}
    assert tm.on_grid(ok) and not tm.on_grid(uneven)
