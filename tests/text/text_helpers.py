"""Helpers for the paragraph-setter tests: clusters from strings, the seed text, checks.

Input: plain strings. Output: Cluster lists with the test advances (Han and full-width
marks 1.0, ASCII letters and digits 0.5, space 0.3), seed paragraphs, and independent
tables of what may not start or end a line (so the tests do not reuse the code's tables).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from zzprint.text import Cluster, Paragraph

SEED = Path("/work/shared/seed/opinion-page.txt")
FULL_WIDTH_ANYWAY = set("“”‘’—…·")  # ambiguous width; full width in Chinese text
HALF = {"·": 0.5, " ": 0.3}

# GB level, written out by hand from docs §2 (not imported from classes.py).
NO_START = set("。．，、；：？！”’）〕］｝〉》」』】〗–—～·/") | set(",.;:?!)]}")
NO_END = set("“‘（〔［｛〈《「『【〖/") | set("([{")


def advance(ch: str) -> float:
    if ch in HALF:
        return HALF[ch]
    if ch in FULL_WIDTH_ANYWAY or unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.5


def clusters(text: str) -> list[Cluster]:
    """One cluster per character."""
    return [Cluster(ch, advance(ch)) for ch in text]


def line_texts(text: str, para: Paragraph) -> list[str]:
    return [text[line.start : line.end] for line in para.lines]


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
_ASCII_TO_FULL = str.maketrans(",:;?!()", "，：；？！（）")


def fullwidth_between_chinese(text: str) -> str:
    """Crude: ASCII , : ; ? ! ( ) next to a Chinese character become full-width."""
    pattern = re.compile(rf"(?<={_CJK})[,:;?!()]|[,:;?!()](?={_CJK})")
    return pattern.sub(lambda m: m.group().translate(_ASCII_TO_FULL), text)


def seed_paragraphs() -> list[str]:
    """The seed article's paragraphs, punctuation made full-width."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [fullwidth_between_chinese(s.strip()) for s in lines if s.strip()]


def is_orphan(text: str, para: Paragraph) -> bool:
    """Last line of one character, or one character plus punctuation."""
    if len(para.lines) < 2:
        return False
    last = text[para.lines[-1].start :]
    return sum(1 for ch in last if not unicodedata.category(ch).startswith("P")) <= 1


def kinsoku_violations(text: str, para: Paragraph) -> list[str]:
    bad = []
    for k, line in enumerate(para.lines):
        if len(line) == 0:
            continue
        first, final = text[line.start], text[line.end - 1]
        long_dash = text[line.start : line.start + 2] == "——"  # LONG may start at gb
        if k > 0 and first in NO_START and not long_dash:
            bad.append(f"line {k + 1} starts with {first}")
        if not line.is_last and final in NO_END:
            bad.append(f"line {k + 1} ends with {final}")
    return bad
