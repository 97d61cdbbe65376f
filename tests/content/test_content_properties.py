"""Property tests: the cleaner never loses, duplicates or reorders text, and fails only with UserError."""

from __future__ import annotations

import string
from collections import Counter

from content_helpers import canonical
from hypothesis import given, settings
from hypothesis import strategies as st

from zzprint.content.clean import FULL_WIDTH, fix_punctuation, import_raw
from zzprint.content.markdown import parse_article
from zzprint.errors import UserError

HAN = "株洲创新科技企业人才中文编号一二三"
MIX = st.sampled_from(list(HAN) + list(string.punctuation) + list(string.digits) + list("AIGCzk") + [" ", " ", "“", "”", "。", "、"])
LINE = st.text(MIX, min_size=1, max_size=60)
#: Body text: mostly sentences (ending in 。), sometimes cut mid-sentence like a column break.
PARAGRAPH = st.builds(lambda text, end: text + end, LINE, st.sampled_from(["。", "。", "。", "？", ""]))


def kept(text: str, marks: str) -> list[str]:
    """The characters the cleaner may not touch: everything but the given marks and spaces."""
    return [char for char in text if char not in marks and not char.isspace()]


@given(LINE)
def test_punctuation_keeps_every_other_character_in_order(line: str) -> None:
    """Only the seven marks change (to their full-width form) and only spaces next to them go."""
    fixed, edits = fix_punctuation(line)
    assert kept(line, "".join(FULL_WIDTH)) == kept(fixed, "".join(FULL_WIDTH) + "".join(FULL_WIDTH.values()))
    for edit in edits:
        assert line[edit.index] == edit.before
        assert (edit.after == FULL_WIDTH.get(edit.before)) or (edit.after == "" and edit.before.isspace())
    assert len(fixed) == len(line) - sum(edit.after == "" for edit in edits)
    assert fix_punctuation(fixed)[0] == fixed  # idempotent


def _page(title: str, author: str, paragraphs: list[str], gaps: list[int]) -> str:
    lines = [title, "", author, ""]
    for paragraph, gap in zip(paragraphs, gaps, strict=False):
        lines += [paragraph] + [""] * gap
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(st.sampled_from(HAN), min_size=4, max_size=20),
    author=st.text(st.sampled_from(HAN), min_size=2, max_size=3),
    paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=8),
    gaps=st.lists(st.integers(0, 2), min_size=8, max_size=8),
)
def test_import_round_trip_keeps_all_text(title: str, author: str, paragraphs: list[str], gaps: list[int]) -> None:
    """Import then parse the content files: the same characters, body order kept, or a UserError."""
    raw = _page(title, author, paragraphs, gaps)
    try:
        result = import_raw(raw, "raw.txt")
    except UserError:
        return
    articles = [parse_article(a.text, a.file_name) for a in result.articles]  # our own output must parse
    assert Counter(canonical(raw)) == Counter(canonical("".join("".join(a.all_text()) for a in articles)))
    # When the header was read as written (short body lines can look like header lines,
    # which the report lists as label/kicker/subtitle doubts), the body is the paragraphs, in order.
    head = (articles[0].section, articles[0].kicker, articles[0].title, articles[0].subtitle, articles[0].author)
    if len(articles) == 1 and head == ("", "", title, "", author):
        body = canonical("".join(b.text for b in articles[0].blocks))
        assert body == canonical("".join(paragraphs))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINE, st.just(""), st.just("\f")), max_size=15))
def test_import_of_anything_raises_only_user_error(lines: list[str]) -> None:
    """Random lines: the importer either succeeds losing nothing, or raises UserError."""
    raw = "\n".join(lines)
    try:
        result = import_raw(raw, "raw.txt")
    except UserError as error:
        assert all(problem.file == "raw.txt" for problem in error.problems)
        return
    articles = [parse_article(a.text, a.file_name) for a in result.articles]
    assert Counter(canonical(raw)) == Counter(canonical("".join("".join(a.all_text()) for a in articles)))
