"""Units a Chinese layout editor uses (chinese-typesetting.md §8): every form → pt."""

from __future__ import annotations

import pytest

from zzprint.units import HAO_PT, PT_PER_MM, UnitContext, UnitError, hao_size, parse_length, parse_size

CTX = UnitContext(body_size=9.0, line_pitch=14.0, column=117.0, gutter=9.0)


@pytest.mark.parametrize("value, pt", [
    (9, 9.0), ("9pt", 9.0), ("10.5 pt", 10.5), ("3mm", 3 * 72 / 25.4), ("1cm", 10 * 72 / 25.4),
    ("36级", 36 * 0.25 * 72 / 25.4), ("36Q", 36 * 0.25 * 72 / 25.4),
    ("小五", 9.0), ("五号", 10.5), ("小初", 36.0), ("初号", 42.0), ("小五号", 9.0), ("一号", 26.0),
    ("2字", 18.0), ("0.25字", 2.25), ("3行", 42.0), ("1栏", 117.0), ("2栏", 2 * 117.0 + 9.0), ("8栏", 8 * 117 + 7 * 9),
])
def test_lengths_in_every_unit(value, pt):
    assert parse_length(value, CTX) == pytest.approx(pt)


def test_hao_table_matches_the_digital_convention():
    assert HAO_PT["小五"] == 9 and HAO_PT["五号"] == 10.5 and HAO_PT["小四"] == 12 and HAO_PT["八号"] == 5
    assert hao_size("小6号") is None


def test_a_q_is_a_quarter_millimetre():
    assert parse_length("4Q") == pytest.approx(PT_PER_MM)


@pytest.mark.parametrize("bad", ["9pp", "小6号", "abc", "12 px", "", "--3mm", True, None])
def test_unknown_units_and_typos_are_refused(bad):
    with pytest.raises(UnitError):
        parse_length(bad, CTX)


def test_relative_units_need_their_reference():
    with pytest.raises(UnitError, match="body size"):
        parse_length("2字", UnitContext())
    with pytest.raises(UnitError, match="line pitch"):
        parse_length("2行", UnitContext(body_size=9))


def test_negative_lengths_and_zero_sizes_are_refused():
    with pytest.raises(UnitError, match="negative"):
        parse_length("-3mm")
    assert parse_length("-3mm", allow_negative=True) == pytest.approx(-3 * PT_PER_MM)
    with pytest.raises(UnitError, match="positive"):
        parse_size("0pt")
