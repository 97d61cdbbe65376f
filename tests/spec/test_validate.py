"""The spec's own validator (zzprint.spec.validate): pydantic's lax rules and wording, without pydantic.

The texts after "grid.lines: " etc. are what editors see in `FILE:LINE:COL: what — hint`;
tests/errors checks them end to end, these check the rules one by one.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from zzprint.spec import schema


def errors(data: dict, cls=schema.Spec) -> list[tuple[tuple, str, str]]:
    return [(e.path, e.kind, e.message) for e in cls.validate(data)[1]]


@pytest.mark.parametrize("value, expected", [
    (8, 8), ("8", 8), (" 8 ", 8), ("+8", 8), (8.0, 8), ("8.00", 8), (True, 1), ("1_0", 10),
])
def test_int_accepts_what_pydantic_lax_mode_accepts(value, expected):
    grid = schema.Spec.validate({"grid": {"columns": value}})[0].grid
    assert grid.columns == expected and type(grid.columns) is int


@pytest.mark.parametrize("value, message", [
    ("many", "Input should be a valid integer, unable to parse string as an integer"),
    (8.5, "Input should be a valid integer, got a number with a fractional part"),
    (float("inf"), "Input should be a finite number"),
    (None, "Input should be a valid integer"),
    ([8], "Input should be a valid integer"),
    (0, "Input should be greater than or equal to 1"),
    (21, "Input should be less than or equal to 20"),
    ("１２", "Input should be a valid integer, unable to parse string as an integer"),  # full-width digits
])
def test_int_refuses_with_pydantic_wording(value, message):
    assert errors({"grid": {"columns": value}}) == [(("grid", "columns"), "value", message)]


@pytest.mark.parametrize("value, expected", [
    (True, True), ("yes", True), ("on", True), ("TRUE", True), (1, True), ("0", False), ("off", False), (0.0, False),
])
def test_bool_accepts_yes_no_on_off(value, expected):
    assert schema.Spec.validate({"separators": value})[0].separators is expected


@pytest.mark.parametrize("value, message", [
    ("sometimes", "Input should be a valid boolean, unable to interpret input"),
    (2, "Input should be a valid boolean, unable to interpret input"),
    (0.5, "Input should be a valid boolean"),
    (None, "Input should be a valid boolean"),
])
def test_bool_refuses(value, message):
    assert errors({"separators": value}) == [(("separators",), "value", message)]


def test_float_bounds_and_conversion():
    assert schema.Spec.validate({"output": {"tac": 260}})[0].output.tac == 260.0
    assert schema.Spec.validate({"output": {"tac": "1_00"}})[0].output.tac == 100.0
    assert schema.Spec().output.tac == 240  # defaults are used as written, not converted
    assert errors({"output": {"tac": 0}}) == [(("output", "tac"), "value", "Input should be greater than 0")]
    assert errors({"styles": {"t": {"hscale": 2.5}}}) == [
        (("styles", "t", "hscale"), "value", "Input should be less than or equal to 2")]  # 2.0 printed as 2
    assert errors({"styles": {"t": {"hscale": float("nan")}}})[0][2] == "Input should be less than or equal to 2"


def test_union_keeps_the_value_of_its_own_type_and_lists_every_member_on_failure():
    page = schema.Spec.validate({"page": {"width": 390, "height": 550.5, "bleed": "3mm", "top": True}})[0].page
    assert (page.width, page.height, page.bleed, page.top) == (390, 550.5, "3mm", 1)
    assert type(page.width) is int and type(page.top) is int
    assert errors({"page": {"width": None}}) == [
        (("page", "width"), "value", "Input should be a valid string"),
        (("page", "width"), "value", "Input should be a valid integer"),
        (("page", "width"), "value", "Input should be a valid number")]
    assert schema.Spec.validate({"colors": {"x": [0, 100, "50", True]}})[0].colors == {"x": [0.0, 100.0, 50.0, 1.0]}
    assert errors({"colors": {"x": ["a", 0, 0, 0]}}) == [
        (("colors", "x"), "value", "Input should be a valid string"),
        (("colors", "x", 0), "value", "Input should be a valid number, unable to parse string as a number")]


def test_literal_lists_the_choices():
    assert errors({"align": "middle"}, schema.HeadlineSpec) == [
        (("align",), "value", "Input should be 'left', 'center' or 'right'")]


def test_unknown_and_missing_keys():
    found = errors({"grid": {"colums": 8}, "articles": [{"rects": [{"col": 1, "span": 1, "line": 1}]}], 1: 2})
    assert found == [
        (("grid", "colums"), "extra", "Extra inputs are not permitted"),
        (("articles", 0, "content"), "missing", "Field required"),
        (("articles", 0, "rects", 0, "lines"), "missing", "Field required"),
        ((1,), "key", "Keys should be strings"),
    ]
    extra = schema.Spec.validate({"styles": {"t": {"colour": "red"}}})[1][0]
    assert "color" in extra.known and "colour" not in extra.known


def test_a_wrong_value_falls_back_to_its_default_so_the_rest_is_still_checked():
    spec, found = schema.Spec.validate({"grid": {"lines": 500, "columns": 6}, "styles": {"a": 5, "b": {"size": "9pt"}},
                                        "articles": [{"content": "x", "page": 99, "rects": [{"col": 1, "span": 1,
                                                                                             "line": 1, "lines": 2}]}]})
    assert len(found) == 3
    assert (spec.grid.lines, spec.grid.columns) == (98, 6)
    assert list(spec.styles) == ["b"]  # a wrong entry is left out
    assert spec.articles[0].page == 1


@pytest.mark.parametrize("articles", [
    [{"content": "x", "rects": [{"col": 0, "span": 1, "line": 1, "lines": 1}]}],  # a required value is wrong
    [{"content": "x", "rects": []}],  # too short, and no default
    [{"content": "x", "rects": [5]}],  # a list item is wrong
    [5],
])
def test_nothing_is_built_when_a_required_or_listed_value_is_wrong(articles):
    spec, found = schema.Spec.validate({"articles": articles})
    assert spec is None and len(found) == 1


def test_sections_are_frozen_and_compare_by_value():
    spec = schema.Spec.validate({"grid": {"columns": "6"}})[0]
    with pytest.raises(AttributeError):
        spec.grid.columns = 7
    assert spec.grid == schema.GridSection(columns=6) and hash(spec.grid) == hash(schema.GridSection(columns=6))
    assert schema.Spec().styles is not schema.Spec().styles  # a mutable default is not shared
    assert schema.StyleSpec(size="9pt", color=[0, 0, 0, 100]).as_dict(exclude_none=True) == {
        "size": "9pt", "color": [0.0, 0.0, 0.0, 100.0]}
    with pytest.raises(ValueError, match="columns: Input should be less than or equal to 20"):
        schema.GridSection(columns=30)


def test_loading_a_spec_does_not_import_pydantic():
    """The reason this validator exists: pydantic cost ~130 ms of every cold start."""
    code = "import sys, zzprint.spec.load; print('pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
