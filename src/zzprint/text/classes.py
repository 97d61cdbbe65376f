"""Character classes for Chinese line composition, as tables and small predicates.

Input: the source text of one shaping cluster. Output: its :class:`CharClass`, the
geometry of its adjustable blanks, and whether a line may start or end with it at a
given prohibition level.

Sources (keys as in docs/typesetting.md):
[GB] GB/T 15834-2011 §5 (punctuation widths and positions);
[CL-POS] clreq #glyphs_sizes_and_positions_in_character_faces_of_punctuation_marks;
[CL-KIN] clreq #prohibition_rules_for_line_start_end;
[CL-UNB] clreq #prohibition_rules_for_unbreakable_marks;
[I18N-Q] w3c/i18n-drafts#558 (“ ” ‘ ’ share code points with Latin quotes).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from enum import IntEnum


class CharClass(IntEnum):
    """Line-composition class of a cluster (docs/typesetting.md §1). IntEnum: hashed at C speed."""

    OPEN = 1  # opening brackets and quotes: blank on the left half
    CLOSE = 2  # closing brackets and quotes: blank on the right half
    STOP = 3  # 。，、；：？！ and friends: blank on the right half
    MIDDLE = 4  # · interpunct: ½ em fixed, any extra advance split on both sides
    CONNECT = 5  # – — ～: never letter-spaced next to, never starts a line
    SOLIDUS = 6  # /
    LONG = 7  # —— ……: one 2-em unit
    HAN = 8  # ideographs, 〇, kana, full-width forms: the 1-em grid
    ALNUM = 9  # Latin letters, digits, unit signs: proportional
    NOTE = 10  # ① ¹: note marks, bound to the character they mark [CL-UNB]
    SPACE = 11  # Latin word space: breakable, dropped at line edges


# Module-level names: attribute lookups on an Enum class are slow in Python 3.11.
OPEN, CLOSE, STOP, MIDDLE, CONNECT, SOLIDUS, LONG, HAN, ALNUM, NOTE, SPACE = CharClass

# [CL-POS], [GB] §5.1. “ ” ‘ ’ inside Chinese text are full-width OPEN/CLOSE [I18N-Q];
# their width comes from the shaper's advance (1.0 when shaped with the CJK font).
OPEN_CHARS = frozenset("“‘（〔［｛〈《「『【〖〘〚([{")
CLOSE_CHARS = frozenset("”’）〕］｝〉》」』】〗〙〛)]}")
FULL_STOP_CHARS = frozenset("。．？！.?!")  # sentence ends: pushed in last (docs/typesetting.md §5 step 1, level 7)
PAUSE_CHARS = frozenset("，、；：,;:")  # pauses: pushed in at docs/typesetting.md §5 step 1, level 5
STOP_CHARS = FULL_STOP_CHARS | PAUSE_CHARS
MIDDLE_CHARS = frozenset("·・‧")
CONNECT_CHARS = frozenset("–—～~-")
SOLIDUS_CHARS = frozenset("/／")
# One cluster that is already a 2-em long mark; runs of — … ⋯ become LONG in itemize.
LONG_CHARS = frozenset("⸺⸻")
LONG_RUN_CHARS = frozenset("—…⋯")
NOTE_CHARS = frozenset("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳¹²³⁰⁴⁵⁶⁷⁸⁹※")
# Number prefixes and suffixes that join a digit run into one unit [CL-UNB], docs/typesetting.md §3.
UNIT_SIGN_CHARS = frozenset("％%‰°℃℉¥$€£+−±#@&_'\"")
SPACE_CHARS = frozenset(" \t\u2002\u2003\u2004\u2005\u2006\u2009\u200a")
# Characters that join two ALNUM neighbours into one unit: 3.14, 1,000, 12:30,
# COVID-19, km/h, don’t, 4+4 (docs/typesetting.md §3: digit runs with separators, unit strings).
JOINER_CHARS = frozenset(".,:-/'’+·")
# Marks whose line-end hanging is allowed, at most one [CL-HANG].
HANGABLE_CHARS = frozenset("、，。")

PUNCTUATION = frozenset(
    {CharClass.OPEN, CharClass.CLOSE, CharClass.STOP, CharClass.MIDDLE,
     CharClass.CONNECT, CharClass.SOLIDUS}
)


@lru_cache(maxsize=8192)
def classify(text: str) -> CharClass:
    """Class of one cluster by its first character (docs/typesetting.md §1 table)."""
    if not text:
        return CharClass.ALNUM
    if len(text) >= 2 and all(c in LONG_RUN_CHARS for c in text):
        return CharClass.LONG  # —— or …… shaped as one cluster (a ligature) [GB 5.1.5]
    ch = text[0]
    for chars, cls in _TABLE:
        if ch in chars:
            return cls
    if ch in "\u3000〇" or _is_wide(ch):
        return CharClass.HAN
    return CharClass.ALNUM


_TABLE: tuple[tuple[frozenset[str], CharClass], ...] = (
    (SPACE_CHARS, CharClass.SPACE),
    (OPEN_CHARS, CharClass.OPEN),
    (CLOSE_CHARS, CharClass.CLOSE),
    (STOP_CHARS, CharClass.STOP),
    (MIDDLE_CHARS, CharClass.MIDDLE),
    (LONG_CHARS, CharClass.LONG),
    (CONNECT_CHARS, CharClass.CONNECT),
    (SOLIDUS_CHARS, CharClass.SOLIDUS),
    (NOTE_CHARS, CharClass.NOTE),
    (UNIT_SIGN_CHARS, CharClass.ALNUM),
    (frozenset("…⋯"), CharClass.LONG),  # a lone … is still never split or spaced
)


def _is_wide(ch: str) -> bool:
    """Ideographs, kana, hangul and full-width forms sit on the 1-em grid."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_full_stop(text: str) -> bool:
    """。？！ — the last marks to be pushed in (docs/typesetting.md §5 step 1, level 7), kept whole by 开明."""
    return bool(text) and text[0] in FULL_STOP_CHARS


# Prohibition levels [CL-KIN], docs/typesetting.md §2: each level adds to the previous one.
_BASIC_NO_START = frozenset(
    {CharClass.STOP, CharClass.CLOSE, CharClass.CONNECT, CharClass.MIDDLE, CharClass.SOLIDUS}
)
NO_START: dict[str, frozenset[CharClass]] = {
    "none": frozenset(),
    "basic": _BASIC_NO_START,
    "gb": _BASIC_NO_START,
    "strict": _BASIC_NO_START | {CharClass.LONG},
}
NO_END: dict[str, frozenset[CharClass]] = {
    "none": frozenset(),
    "basic": frozenset({CharClass.OPEN}),
    "gb": frozenset({CharClass.OPEN, CharClass.SOLIDUS}),
    "strict": frozenset({CharClass.OPEN, CharClass.SOLIDUS}),
}
LEVELS = tuple(NO_START)


def may_start_line(cls: CharClass, level: str) -> bool:
    """False if a line may not begin with this class at this level [CL-KIN]."""
    return cls not in NO_START[level]


def may_end_line(cls: CharClass, level: str) -> bool:
    """False if a line may not end with this class at this level [CL-KIN]."""
    return cls not in NO_END[level]


def blanks(cls: CharClass, advance: float) -> tuple[float, float]:
    """Adjustable (left, right) blank of a mark with this advance [CL-POS].

    A full-width mark is ½ em of ink and ½ em of blank; a mark the shaper already set
    at ½ em (or a Latin mark) has none. The interpunct keeps ½ em, centred.
    """
    extra = max(0.0, advance - 0.5)
    if cls is OPEN:
        return extra, 0.0
    if cls in (CLOSE, STOP):
        return 0.0, extra
    if cls is MIDDLE:
        return extra / 2, extra / 2
    return 0.0, 0.0
