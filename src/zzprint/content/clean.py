"""Importer: raw page text extracted from a PDF -> content files + a change report.

Input: the text of one or more opinion-page articles as a PDF extractor or a newsroom
system gives it, one paragraph per line (blank lines and form feeds between them carry no
meaning), for example ``seed/opinion-page.txt``. :func:`decode_raw` reads UTF-8 (with or
without BOM), UTF-16 (BOM, or none: told by where its NUL bytes fall) and GB 18030/GBK;
a line ends at LF, CRLF or a lone CR; the report names both. Text wrapped at the column width (every line a
dozen characters) is *not* supported: its short lines would read as headlines.

Output: :class:`ImportResult` — one :class:`ImportedArticle` per article (a proposed file
name and the content-file text read by :mod:`zzprint.content.markdown`) and a change
report an editor can check line by line against the raw text: every punctuation
substitution, every rejoined paragraph, every structural decision and every doubt.

Pipeline (:func:`import_raw`), one function each:

1. ``_raw_lines``     split lines, strip indentation, a form feed starts a new line;
2. ``fix_punctuation`` half-width -> full-width punctuation in Chinese context (table A);
3. ``_classify``      each line -> a role by the patterns of table B (a summary label
                      alone on its line takes the next line: ``_attach_summary_labels``);
4. ``_rejoin``        paragraphs split mid-sentence by a column break are joined (rule C);
5. ``_group``         header runs start articles; header lines get their fields (rule D);
                      ``_subhead_levels`` gives 第一，/1./（1） subheads their level;
6. ``_render``        content-file text, file names (table E).

Table A — punctuation (decided on the *original* line; "neighbour" is the nearest
character on that side within the line that is neither a space nor one of the half-width
marks below, so a run like ``,)`` decides together; CJK = Han, CJK punctuation, full-width
forms and “ ” ‘ ’ — … ·):

==========  =========  ==============================================================
half-width  becomes    when
==========  =========  ==============================================================
``,``       ``，``     a neighbour is CJK, or it ends a line that contains Han
``;``       ``；``     same
``:``       ``：``     same  (``编号:ZZSK2024026`` -> ``编号：ZZSK2024026``)
``?``       ``？``     same
``!``       ``！``     same
``( )``     ``（ ）``  for a matched pair: the enclosed text holds CJK, or the character
                       before ``(`` / after ``)`` is CJK, or the partner is already
                       full-width (``(一)核心`` -> ``（一）核心``); an unmatched bracket
                       follows the ``,`` rule and is reported as a doubt
kept        —          both neighbours Latin/digit/ASCII or line edge: ``21:30``,
                       ``1,000``, ``http://a.b/c?d=1``, ``f(x)``, ``4+4``, ``3.5%``, ``AIGC``
==========  =========  ==============================================================

Spaces directly next to a converted mark are removed (Chinese sets no space around its
punctuation); each removal is reported like a substitution.

Table B — line roles (after table A): see :data:`ROLE_PATTERNS`; a line that matches no
pattern is SHORT (≤ :data:`SHORT_MAX` characters, not ending a sentence: a title, label,
author or kicker) or PARA. A line ends a sentence with 。！？；：… — also inside closing
marks (他说：“好。”) or before a closing aside (正文。（作者单位：…）) — so a title may end in
any closing mark (…“叫好又叫座”, …（上）). Summaries: 【…】, 【内容提要】…, 【摘要】…,
内容提要：… (:data:`SUMMARY_LABELS`; the label is dropped, the page adds its own 【】); a
【label】 of ≤ :data:`LABEL_MAX` Han characters is a section label, not a summary. Subheads:
一、 and （一） (levels 1 and 2 as always), 1. 1、 （1） and 第一， (level 1 in an article without
a higher numbering, else 2); 第一，… is a subhead only as a short line (≤ :data:`ORDINAL_MAX`)
without a sentence in it — a paragraph starting 第一，… stays a paragraph. A line ending in
？/！ without other punctuation is a title when it stands next to a byline, a name, a known
label or a summary (reported).

Rule C — a PARA that does not end with final punctuation (:data:`FINAL_MARKS`) is joined
with the next line when that line is a PARA; any PARA is joined with a next line that
starts with a mark that may not start a line (``，。、`` …). A lone SHORT line inside a
body (or right after the author name) that holds a pause mark (，、；) and is followed by a
PARA counts as a PARA (prose cut short by the column break). Other SHORT lines,
subheads, notes and summaries are never joined.

Rule D — a run of ≥ 2 SHORT lines, or SHORT line(s) with a summary, in any order, is an
article header. In it: a line of :data:`KNOWN_SECTIONS` (also ■/【】-decorated) is the
section label; bylines (:data:`BYLINE`: □ 本报评论员 张三, 文/李四, 作者：…, 本报记者 …) are
the author, else the last remaining name-length line, else a 2–4-character name before
the title (reported); a line starting with —— is the subtitle and the line before it the
title; of three lines the middle one is the title; else the longest; others before/after
the title are kicker/subtitle (reported as a doubt unless set off by ——). A lone SHORT line inside a body stays a paragraph and is reported as a doubt.
Text before the first header, a header without body and a label without title are
UserErrors (the file could not be written correctly); everything else is imported and
what is uncertain goes to the report's "Doubts" section.

Table E — file names: ``NN-<slug>.md`` with NN the article number and the slug from
:data:`SECTION_SLUGS` (ASCII, no transliteration library), else ``NN-article.md``.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import yaml

from zzprint.content.deliver import DEFAULT_IMPORT_DIR, deliver
from zzprint.content.model import BLOCK_PREFIX, HEAD_FIELDS
from zzprint.errors import Problem, UserError
from zzprint.i18n import _
from zzprint.inputs import read_input

# --------------------------------------------------------------------------- rule tables

#: Table A: half-width mark -> full-width mark.
FULL_WIDTH: dict[str, str] = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
#: The seven marks in either width: transparent when a mark's context is judged, so that
#: converting one never changes how its neighbours are judged (a second pass changes nothing).
_EITHER_WIDTH = frozenset(FULL_WIDTH) | frozenset(FULL_WIDTH.values())
_OPENERS = {"(": ")", "（": "）"}
_CLOSERS = {")", "）"}

#: Characters that end a paragraph or sentence; a PARA ending otherwise may continue (rule C).
FINAL_MARKS = frozenset("。！？；：…”’）】》」』〕.!?;:)\"'")

#: Marks that never start a line (GB/T 15834 line-start rule): a block starting with one
#: continues the previous paragraph.
NO_LINE_START = frozenset("，。、；：？！）】》」』〕”’…")

#: Pause marks: a short line holding one is prose, not a heading (see _mark_fragments).
PAUSE_MARKS = ("，", "、", "；")

#: Longest SHORT line (title, label, author); longer unterminated lines are paragraphs.
SHORT_MAX = 40
#: Longest line that can still be a numbered subhead.
SUBHEAD_MAX = 60
#: Longest author line; names longer than this are reported as a doubt.
AUTHOR_MAX = 10
AUTHOR_TYPICAL = 4


class Role(StrEnum):
    SHORT = "short"  # title/label/author candidate
    SUMMARY = "summary"  # 【…】, 【内容提要】…, 内容提要：…
    NOTE = "note"  # （本文系……）
    SUBHEAD1 = "subhead1"  # 一、……
    SUBHEAD2 = "subhead2"  # （一）……
    NUMBERED = "numbered"  # 1. / 1、 / （1）……: level decided per article (_subhead_levels)
    ORDINAL = "ordinal"  # 第一，……: a subhead only as a short line on its own
    PARA = "para"


_NUM = "一二三四五六七八九十百零〇"
#: Summary labels a newsroom writes before the summary text; dropped (the page adds its own 【】).
SUMMARY_LABELS = ("内容提要", "内容摘要", "摘要", "提要", "核心提示", "导读")
_SUMMARY_LABEL = "|".join(SUMMARY_LABELS)
#: Table B: role -> pattern of the whole line (after table A). Subheads must also be
#: ≤ SUBHEAD_MAX characters and end without final punctuation (ordinals: ≤ ORDINAL_MAX).
ROLE_PATTERNS: dict[Role, re.Pattern[str]] = {
    Role.SUMMARY: re.compile(rf"【[^【】]+】|【(?:{_SUMMARY_LABEL})】.*|(?:{_SUMMARY_LABEL})[：:].*"),
    Role.NOTE: re.compile(r"（(?:本文系|本文为|本文是|本文由|作者单位|作者系|作者为|本文作者)[^（）]*(?:（[^（）]*）[^（）]*)*）"
                          r"|作者单位[：:][^（）。]*|作者系[^（）。]*"),
    Role.SUBHEAD1: re.compile(rf"[{_NUM}]+、\S.*"),
    Role.SUBHEAD2: re.compile(rf"（[{_NUM}]+）\S.*"),
    # "1.坚持…" but not "1.5亿元…": the mark is followed by a non-digit.
    Role.NUMBERED: re.compile(r"(?:\d{1,2}[.．、]|（\d{1,2}）)\s*[^\d\s.．].*"),
    Role.ORDINAL: re.compile(rf"第[{_NUM}]+[，、：]\S.*"),
}
#: A line that is only a summary label: the summary text is on the next line.
_LABEL_ONLY = re.compile(rf"【(?:{_SUMMARY_LABEL})】|(?:{_SUMMARY_LABEL})[：:]")
_LABEL_PREFIX = re.compile(rf"^(?:【(?:{_SUMMARY_LABEL})】|(?:{_SUMMARY_LABEL})[：:])\s*")
#: Longest 第一，… line that is still a subhead: longer, it is the start of a paragraph.
ORDINAL_MAX = 30
#: Closing marks: a line ending in one ends a sentence only if a final mark stands before it
#: (…“叫好又叫座” is a title, 他说：“好。” a sentence).
CLOSING_MARKS = "”’）)】》」』〕\"'"
SENTENCE_END = frozenset("。！？；：….!?;:")
#: Characters from a line's end that decide whether it ends a sentence.
SENTENCE_LOOKBACK = 200
#: Bylines: □ 本报评论员 张三, 文/李四, 作者：王五, 本报记者 赵六 — an author wherever it stands.
BYLINE = re.compile(r"(?:[□■◎●○◆◇▲△★☆]\s*\S"
                    r"|文\s*[/／|｜]\s*\S|(?:作者|撰文|文)\s*[：:]\s*\S"
                    r"|(?:本报|本刊|特约|见习)+(?:评论员|记者|通讯员)|(?:评论员|记者|通讯员)\s+\S).*")
BYLINE_MAX = 30
#: Bullets and brackets around a section label: ■经济观察, 【经济观察】.
_LABEL_DECORATION = "□■◎●○◆◇▲△★☆【】[]「」 \u3000"

#: Section labels (栏目) of the opinion page -> ASCII slug for file names.
SECTION_SLUGS: dict[str, str] = {
    "调查研究": "diaocha-yanjiu",
    "经济观察": "jingji-guancha",
    "民生实事": "minsheng-shishi",
    "基层治理": "jiceng-zhili",
    "社会观察": "shehui-guancha",
    "文化评论": "wenhua-pinglun",
    "时事评论": "shishi-pinglun",
    "株洲观察": "zhuzhou-guancha",
    "理论园地": "lilun-yuandi",
    "今日谈": "jinri-tan",
}
KNOWN_SECTIONS = frozenset(SECTION_SLUGS)
#: An unknown label candidate: at most this many Han characters.
LABEL_MAX = 6

#: Markdown: characters escaped anywhere / at the start of a line, so text never turns into markup.
_MD_ESCAPE_ANYWHERE = frozenset("\\`*_[]<&#")
_MD_ESCAPE_AT_START = frozenset(">-+=~|")
_MD_ORDERED_LIST = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def is_cjk(char: str) -> bool:
    """Han ideographs, CJK punctuation, full-width forms and the marks Chinese text shares with Latin."""
    cp = ord(char)
    return (
        0x4E00 <= cp <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= cp <= 0x4DBF  # Extension A
        or 0x20000 <= cp <= 0x3FFFF  # Extensions B–H
        or 0xF900 <= cp <= 0xFAFF  # Compatibility Ideographs
        or 0x3001 <= cp <= 0x303F  # CJK Symbols and Punctuation (not the ideographic space)
        or 0xFF01 <= cp <= 0xFF60  # full-width forms
        or 0xFFE0 <= cp <= 0xFFE6
        or char in "“”‘’—…·"
    )


def is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH") or char == "〇"


# --------------------------------------------------------------------------- report records


@dataclass(frozen=True)
class Substitution:
    """One punctuation change at raw ``line:col`` (1-based, in characters)."""

    line: int
    col: int
    before: str
    after: str  # "" for a removed space
    context: str  # a few characters around, the changed character in [ ]

    def __str__(self) -> str:
        after = f"'{self.after}'" if self.after else "removed"
        return f"{self.line}:{self.col}  '{self.before}' → {after}  {self.context}"


@dataclass(frozen=True)
class Join:
    """Two raw lines joined into one paragraph."""

    first_line: int
    second_line: int
    tail: str  # last characters of the first part
    head: str  # first characters of the second part
    reason: str

    def __str__(self) -> str:
        return f"{self.first_line} + {self.second_line}  …{self.tail} | {self.head}…  ({self.reason})"


@dataclass(frozen=True)
class Decision:
    """Which raw line became which part of which article."""

    line: int
    article: int  # 1-based
    role: str  # title, section, author, summary, kicker, subtitle, subhead1, subhead2, note
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.line:>4}  [{self.article}] {self.role:<9} {self.text}  ({self.why})"


@dataclass(frozen=True)
class Doubt:
    """Something the importer could not decide for sure; the editor should look."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


@dataclass(frozen=True)
class ImportedArticle:
    file_name: str
    text: str  # the content file
    title: str
    first_line: int  # raw lines this article came from
    last_line: int
    paragraphs: int


@dataclass(frozen=True)
class ImportResult:
    source_name: str
    source_lines: int
    articles: tuple[ImportedArticle, ...]
    substitutions: tuple[Substitution, ...]
    joins: tuple[Join, ...]
    decisions: tuple[Decision, ...]
    doubts: tuple[Doubt, ...]
    reading: str = "UTF-8, line ends LF"  # how the bytes were read: encoding, line ends

    def report_text(self, limit: int | None = None, full_report: str = "") -> str:
        """The change report as plain text, one change per line, raw line numbers; with
        ``limit``, a section shows at most that many entries and counts the rest (in ``full_report``)."""
        out = [
            _("zzprint import report: {source} ({lines} lines) -> {articles} articles").format(
                source=self.source_name, lines=self.source_lines, articles=len(self.articles)),
            _("Read as {reading}.").format(reading=self.reading),
            _("Line numbers are lines of the raw file; check each entry against it."),
            "",
            "== " + _("Articles ({count})").format(count=len(self.articles)),
        ]
        out += ["  " + _("{file:<24} raw lines {first}–{last}, {paragraphs} paragraphs  {title}").format(
            file=a.file_name, first=a.first_line, last=a.last_line, paragraphs=a.paragraphs, title=a.title)
            for a in self.articles]
        sections = ((_("Structure ({count} decisions; every other line is a paragraph)").format(count=len(self.decisions)),
                     self.decisions),
                    (_("Joins ({count}): paragraphs split by a column break, rejoined").format(count=len(self.joins)),
                     self.joins),
                    (_("Doubts ({count}): not decided for sure, please check").format(count=len(self.doubts)), self.doubts),
                    (_("Punctuation ({count} substitutions, rule table in zzprint/content/clean.py)").format(
                        count=len(self.substitutions)), self.substitutions))
        for heading, entries in sections:
            out += _section(heading, entries[:limit] if limit is not None else entries)
            if limit is not None and len(entries) > limit:
                more = len(entries) - limit
                out.append("  " + (_("… and {count:,} more in {file}").format(count=more, file=full_report) if full_report
                                   else _("… and {count:,} more").format(count=more)))
        return "\n".join(out) + "\n"


def _section(heading: str, entries: Iterable[object]) -> list[str]:
    lines = [f"  {entry}" for entry in entries]
    return ["", f"== {heading}", *(lines or ["  " + _("(none)")])]


# --------------------------------------------------------------------------- step 2: punctuation


@dataclass(frozen=True)
class Edit:
    index: int  # 0-based position in the original line
    before: str
    after: str


def fix_punctuation(line: str) -> tuple[str, list[Edit]]:
    """Apply table A to one line; return the new line and the edits (positions in ``line``)."""
    pairs = _bracket_pairs(line)
    edits: list[Edit] = []
    for index, char in enumerate(line):
        if char not in FULL_WIDTH:
            continue
        convert = _bracket_is_chinese(line, index, pairs) if char in "()" else _mark_is_chinese(line, index)
        if convert:
            edits.append(Edit(index, char, FULL_WIDTH[char]))
    edits += _spaces_next_to(line, {edit.index for edit in edits})
    edits.sort(key=lambda edit: edit.index)
    chars = list(line)
    for edit in edits:
        chars[edit.index] = edit.after
    return "".join(chars), edits


def normalise_punctuation(line: str) -> str:
    """Table A applied to one line (without the record)."""
    return fix_punctuation(line)[0]


def _neighbour(line: str, index: int, step: int) -> str:
    """Nearest character from ``index`` in direction ``step`` that is neither a space nor one
    of the seven marks (either width); "" at the line edge. Skipping the marks makes a run
    such as ``,)`` decide together, so a second pass changes nothing."""
    index += step
    while 0 <= index < len(line):
        if not line[index].isspace() and line[index] not in _EITHER_WIDTH:
            return line[index]
        index += step
    return ""


def _mark_is_chinese(line: str, index: int) -> bool:
    before, after = _neighbour(line, index, -1), _neighbour(line, index, +1)
    if any(char and is_cjk(char) for char in (before, after)):
        return True
    # A sentence of a Chinese line ending on a Latin word or number: "发展AIGC?"
    return after == "" and any(is_han(char) for char in line)


def _bracket_pairs(line: str) -> dict[int, int]:
    """Matching brackets of either width, both directions: {open: close, close: open}."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(line):
        if char in _OPENERS:
            stack.append(index)
        elif char in _CLOSERS and stack:
            start = stack.pop()
            pairs[start], pairs[index] = index, start
    return pairs


def _bracket_is_chinese(line: str, index: int, pairs: dict[int, int]) -> bool:
    partner = pairs.get(index)
    if partner is None:
        return _mark_is_chinese(line, index)
    start, end = min(index, partner), max(index, partner)
    if line[partner] in "（）":
        return True
    outside = [_neighbour(line, start, -1), _neighbour(line, end, +1)]
    inside = (char for char in line[start + 1 : end] if char not in _EITHER_WIDTH)
    return any(is_cjk(char) for char in inside) or any(char and is_cjk(char) for char in outside)


def _spaces_next_to(line: str, converted: set[int]) -> list[Edit]:
    """Remove spaces touching a converted mark: ``中文 , 中文`` -> ``中文，中文``."""
    removed: set[int] = set()
    for index in converted:
        for step in (-1, 1):
            position = index + step
            while 0 <= position < len(line) and line[position] in " \t\u3000":
                removed.add(position)
                position += step
    return [Edit(position, line[position], "") for position in sorted(removed)]


def _context(line: str, index: int, after: str, width: int = 6) -> str:
    left = line[max(0, index - width) : index]
    right = line[index + 1 : index + 1 + width]
    shown = after if after else "∅"
    return f"…{left}[{line[index]}→{shown}]{right}…"


# --------------------------------------------------------------------------- steps 1 and 3: lines and roles


@dataclass(frozen=True)
class _Line:
    """One non-blank raw line (or form-feed segment), after table A."""

    number: int  # 1-based raw line
    text: str
    role: Role
    blank_before: bool  # a blank line or form feed separates it from the previous line
    last_number: int = 0  # last raw line after joins

    @property
    def end(self) -> int:
        return self.last_number or self.number


def _raw_lines(text: str, source: str, substitutions: list[Substitution], doubts: list[Doubt]) -> list[_Line]:
    """Split, check for control characters, strip, fix punctuation, classify (line ends already LF)."""
    text = text.removeprefix("\ufeff")
    _check_controls(text, source)
    lines: list[_Line] = []
    blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        offset = 0
        # A form feed is a page break from the extractor: treat it like a blank line.
        for segment_index, segment in enumerate(raw.split("\f")):
            if segment_index:
                blank = True
            stripped = segment.strip()
            if not stripped:
                blank = True
                offset += len(segment) + 1
                continue
            col0 = offset + len(segment) - len(segment.lstrip())
            fixed, edits = fix_punctuation(stripped)
            substitutions += [
                Substitution(number, col0 + edit.index + 1, edit.before, edit.after, _context(stripped, edit.index, edit.after))
                for edit in edits
            ]
            doubts += _punctuation_doubts(stripped, edits, number, col0)
            fixed = fixed.strip()
            lines.append(_Line(number, fixed, _classify(fixed), blank))
            blank = False
            offset += len(segment) + 1
    if not lines:
        raise UserError.at(_("the raw text is empty"), source, hint=_("pass the text extracted from the page PDF"))
    return lines


def _punctuation_doubts(original: str, edits: list[Edit], number: int, col0: int) -> list[Doubt]:
    """Half-width marks kept in a Chinese line, and unmatched brackets: the editor should look."""
    if not any(is_han(char) for char in original):
        return []  # a Latin line keeps its punctuation without question
    pairs = _bracket_pairs(original)
    converted = {edit.index for edit in edits if edit.after}
    doubts = []
    for index, char in enumerate(original):
        if char not in FULL_WIDTH:
            continue
        where = f"col {col0 + index + 1}"
        context = f"…{original[max(0, index - 6) : index + 7]}…"
        if char in "()" and index not in pairs:
            state = "converted" if index in converted else "kept"
            doubts.append(Doubt(number, _("{where}: unmatched '{char}' ({state} by its neighbours) {context}").format(where=where, char=char, state=state, context=context)))
        elif index not in converted:
            doubts.append(Doubt(number, _("{where}: half-width '{char}' kept (Latin/number context) {context}").format(where=where, char=char, context=context)))
    return doubts


def _check_controls(text: str, source: str) -> None:
    problems = []
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char not in "\t\f" and unicodedata.category(char) == "Cc":
                count += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(Problem(_("control character U+{code:04X} in the raw text").format(code=ord(char)), source, number, col,
                                            _("delete it; only newlines, tabs and form feeds (page breaks) are allowed")))
    if problems:
        raise UserError(*capped(problems, count, source, _("control characters")))


#: Entries of one report section printed at most (the report file holds them all).
MAX_PRINTED = 500
#: Problems shown at most; the rest are counted in one closing line (a junk file has thousands).
MAX_PROBLEMS = 20


def capped(problems: list[Problem], total: int, source: str, what: str) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems and, if there were more, one line counting the rest."""
    shown = problems[:MAX_PROBLEMS]
    if total > len(shown):
        shown.append(Problem(_("… and {total:,} more {what}").format(total=total - len(shown), what=what), source,
                             hint=_("is this the right file? the importer reads text extracted from the page PDF")))
    return shown


def ends_final(text: str) -> bool:
    return bool(text) and text[-1] in FINAL_MARKS


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: final punctuation, also inside closing marks or before
    a closing bracketed aside. A title may end in a closing mark (…“叫好又叫座”, 谈谈“新质生产力”（上）);
    他说：“好。” and 正文。（作者单位：市委党校） are prose. Only the line's end is looked at
    (a line of a million closing marks costs no more than a short one)."""
    text = text[-SENTENCE_LOOKBACK:]
    while text and text[-1] in CLOSING_MARKS:
        if len(text) >= 2 and text[-2] in SENTENCE_END:
            return True
        opener = _opener_of(text)
        text = text[:-1] if opener < 0 else text[:opener]  # unmatched: look past the mark
    return bool(text) and text[-1] in SENTENCE_END


_OPENER = {"”": "“", "’": "‘", "）": "（", ")": "(", "】": "【", "》": "《", "」": "「", "』": "『", "〕": "〔"}


def _opener_of(text: str) -> int:
    """Index of the mark that opens the closing mark ending ``text``; -1 when unmatched."""
    close = text[-1]
    open_ = _OPENER.get(close)
    if open_ is None:
        return -1
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == close and open_ != close:
            depth += 1
        elif text[index] == open_:
            depth -= 1
            if depth == 0:
                return index
    return -1


def label_name(text: str) -> str:
    """A section label without its decoration: ■经济观察, 【经济观察】 -> 经济观察."""
    return text.strip(_LABEL_DECORATION)


def is_byline(text: str) -> bool:
    return (len(text) <= BYLINE_MAX and not ends_final(text) and bool(BYLINE.fullmatch(text))
            and label_name(text) not in KNOWN_SECTIONS)  # ■经济观察 is a label


def summary_text(text: str) -> str:
    """The summary as the page prints it inside its own 【】: label and brackets dropped.
    【内容提要】……。 / 内容提要：…… / 【……】 -> ……"""
    body = _LABEL_PREFIX.sub("", text, count=1)
    if body.startswith("【") and body.endswith("】") and "【" not in body[1:-1] and "】" not in body[1:-1]:
        body = body[1:-1]
    return body.strip()


def _classify(text: str) -> Role:
    """Table B: the role of one line, by its shape alone."""
    for role, pattern in ROLE_PATTERNS.items():
        if not pattern.fullmatch(text):
            continue
        if role is Role.SUMMARY:
            if _LABEL_ONLY.fullmatch(text):
                return Role.SHORT  # 【摘要】 alone: joined with the next line (_attach_summary_labels)
            inner = label_name(text)
            if inner in KNOWN_SECTIONS or (text.startswith("【") and len(inner) <= LABEL_MAX and all(map(is_han, inner))):
                return Role.SHORT  # 【经济观察】: a bracketed section label, not a summary
            return role
        if role is Role.ORDINAL:
            # 第一，… is a subhead only as a short line on its own without a sentence in it.
            if len(text) <= ORDINAL_MAX and not ends_sentence(text) and not any(m in text for m in "。；？！"):
                return role
            continue
        if role in (Role.SUBHEAD1, Role.SUBHEAD2, Role.NUMBERED):
            if len(text) <= SUBHEAD_MAX and (not ends_sentence(text) or _question_subhead(text)):
                return role  # 一、政策要更“接地气” and 一、钱从哪里来？ are subheads
            continue
        return role
    if len(text) <= SHORT_MAX and not ends_sentence(text):
        return Role.SHORT
    return Role.PARA


def _question_subhead(text: str) -> bool:
    """一、钱从哪里来？: a numbered line that is one question and nothing more."""
    core = text.rstrip(CLOSING_MARKS)
    return core[-1:] in ("？", "！") and sum(core.count(mark) for mark in "。；？！") == 1


_SUBHEAD_PATTERNS = (Role.SUBHEAD1, Role.SUBHEAD2, Role.NUMBERED, Role.ORDINAL)


def _numbered_like_a_subhead(text: str) -> bool:
    return any(ROLE_PATTERNS[role].fullmatch(text) for role in _SUBHEAD_PATTERNS)


def _attach_summary_labels(lines: list[_Line], doubts: list[Doubt]) -> list[_Line]:
    """A line that is only a summary label (【内容提要】, 摘要：) and the line after it are one summary."""
    out: list[_Line] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _LABEL_ONLY.fullmatch(line.text) and following is not None and following.role in (Role.PARA, Role.SHORT, Role.SUMMARY):
            text = line.text + following.text
            out.append(replace(line, text=text, role=Role.SUMMARY, last_number=following.end))
            skip = True
        elif _LABEL_ONLY.fullmatch(line.text):
            doubts.append(Doubt(line.number, _("summary label '{text}' without a summary after it: kept as text").format(text=line.text)))
            out.append(line)
        else:
            out.append(line)
    return out


# --------------------------------------------------------------------------- step 4: rejoin column breaks


def _mark_fragments(lines: list[_Line]) -> list[_Line]:
    """A SHORT line that holds a pause mark （，、；）, is followed by a paragraph and is not
    inside a header (the line before is body text, or the author name that ends a header)
    is prose cut by a column break, not a heading: make it a PARA so rule C joins it
    (``…结合岗位提供、员工`` / ``权益保障等情况…``)."""
    out = list(lines)
    for index in range(1, len(lines) - 1):
        line, before, after = lines[index], lines[index - 1], lines[index + 1]
        after_header = before.role is not Role.SHORT or _looks_like_name(before.text) or is_byline(before.text)
        if line.role is Role.SHORT and after_header and after.role is Role.PARA and any(m in line.text for m in PAUSE_MARKS):
            out[index] = replace(line, role=Role.PARA)
    return out


def _looks_like_name(text: str) -> bool:
    """A personal name as bylines print it: 2–4 Han characters (and not a section label)."""
    return 2 <= len(text) <= AUTHOR_TYPICAL and all(is_han(char) for char in text) and text not in KNOWN_SECTIONS


def _promote_question_titles(lines: list[_Line], doubts: list[Doubt]) -> list[_Line]:
    """A short line ending in ？ or ！ (谁来为“舌尖安全”买单？) is a title, not prose, when it
    holds no other punctuation and stands next to a line only a header has: a byline, a
    name right after it, a known section label or a summary."""
    out = list(lines)
    for index, line in enumerate(lines):
        core = line.text.rstrip(CLOSING_MARKS)
        if line.role is not Role.PARA or len(line.text) > QUESTION_TITLE_MAX or not core or core[-1] not in "？！?!":
            continue
        if any(mark in core[:-1] for mark in "，。；：、,;:"):
            continue
        before = lines[index - 1] if index else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        header_after = after is not None and (after.role is Role.SUMMARY or (after.role is Role.SHORT and (
            is_byline(after.text) or _looks_like_name(after.text) or label_name(after.text) in KNOWN_SECTIONS)))
        header_before = before is not None and before.role is Role.SHORT and label_name(before.text) in KNOWN_SECTIONS
        if header_after or header_before:
            out[index] = replace(line, role=Role.SHORT)
            doubts.append(Doubt(line.number, _("'{text}' ends with '{core}' but stands next to a header line: taken as a header line "
                                                "(title), not a paragraph").format(text=line.text, core=core[-1])))
    return out


#: Longest line ending in ？/！ that can still be a title.
QUESTION_TITLE_MAX = 30


def _rejoin(lines: list[_Line], joins: list[Join], doubts: list[Doubt]) -> list[_Line]:
    """Rule C: join a paragraph split mid-sentence with its continuation."""
    lines = _mark_fragments(_promote_question_titles(lines, doubts))
    out: list[_Line] = []
    for line in lines:
        previous = out[-1] if out else None
        reason = _join_reason(previous, line) if previous else None
        if previous is None or reason is None:
            if previous and previous.role is Role.PARA and not ends_final(previous.text):
                doubts.append(Doubt(previous.end, _("paragraph ends without final punctuation (…{text}) but the next line is a {value}; not joined").format(text=previous.text[-8:], value=line.role.value)))
            out.append(line)
            continue
        joins.append(Join(previous.end, line.number, previous.text[-8:], line.text[:8], reason))
        out[-1] = replace(previous, text=previous.text + line.text, last_number=line.end, role=Role.PARA)
    return out


def _join_reason(previous: _Line, line: _Line) -> str | None:
    if previous.role is Role.ORDINAL and line.text[0] in NO_LINE_START and line.role in (Role.PARA, Role.SHORT):
        return f"{'column break' if line.blank_before else 'line wrap'}: next part starts with '{line.text[0]}' (not a 第一， subhead)"
    if previous.role is not Role.PARA:
        return None  # titles, labels, authors, subheads, notes and summaries stand alone
    gap = "column break" if line.blank_before else "line wrap"
    if line.text[0] in NO_LINE_START and line.role in (Role.PARA, Role.SHORT):
        return f"{gap}: next part starts with '{line.text[0]}'"
    if not ends_final(previous.text) and line.role is Role.PARA:
        short = f"; first part is only {len(previous.text)} characters, check" if len(previous.text) <= SHORT_MAX else ""
        return f"{gap}: no final punctuation{short}"
    return None


# --------------------------------------------------------------------------- step 5: articles


@dataclass
class _Draft:
    """An article being assembled."""

    number: int
    first_line: int
    fields: dict[str, str] = field(default_factory=dict)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    block_lines: list[int] = field(default_factory=list)  # raw line of each block
    last_line: int = 0


#: Roles a header run is made of; any order of them (section, kicker, title, subtitle, author, summary).
HEADER_ROLES = (Role.SHORT, Role.SUMMARY)


def _group(lines: list[_Line], source: str, decisions: list[Decision], doubts: list[Doubt]) -> list[_Draft]:
    """Rule D: split the lines into articles at header runs."""
    drafts: list[_Draft] = []
    index = 0
    while index < len(lines):
        run_end = index
        while run_end < len(lines) and lines[run_end].role in HEADER_ROLES:
            run_end += 1
        run = lines[index:run_end]
        shorts = [line for line in run if line.role is Role.SHORT]
        if shorts and (len(shorts) >= 2 or len(shorts) < len(run) or not drafts):
            draft = _Draft(len(drafts) + 1, run[0].number)
            _read_header(draft, run, source, decisions, doubts)
            drafts.append(draft)
            index = run_end
            continue
        if not drafts:
            first = lines[index]
            raise UserError.at(_("the raw text does not start with an article header"), source, first.number, 1,
                               _("the first lines must be the title (and section label, author), each on its own line of at "
                                  "most {short_max} characters without final punctuation").format(short_max=SHORT_MAX))
        following = lines[index + 1] if index + 1 < len(lines) else None
        _add_body_line(drafts[-1], lines[index], following, doubts)
        index += 1
    for number, draft in enumerate(drafts):
        draft.last_line = (drafts[number + 1].first_line - 1) if number + 1 < len(drafts) else lines[-1].end
    empty = [
        Problem(_("article {number} ('{title}') has no body text").format(number=d.number, title=d.fields['title'][:20]), source, d.first_line, 1,
                _("a paragraph may be missing, or short lines were taken as a header: check the raw text around here"))
        for d in drafts if not d.blocks
    ]
    if empty:
        raise UserError(*capped(empty, len(empty), source, _("articles without body text")))
    return drafts


def _add_body_line(draft: _Draft, line: _Line, following: _Line | None, doubts: list[Doubt]) -> None:
    kind = {Role.SUBHEAD1: "subhead1", Role.SUBHEAD2: "subhead2", Role.NOTE: "note",
            Role.NUMBERED: "numbered", Role.ORDINAL: "ordinal"}.get(line.role, "para")
    if line.role is Role.ORDINAL and following is not None and following.role is Role.PARA \
            and any(mark in line.text[3:] for mark in PAUSE_MARKS):
        doubts.append(Doubt(line.number, _("'{text}' taken as a 第一， subhead (a short line on its own); if a column break cut a "
                                            "paragraph here, join it with the next line").format(text=line.text)))
    elif line.role is Role.SHORT:
        after_note = draft.blocks and draft.blocks[-1][0] == "note"
        where = "after a note, a new article without author? " if after_note else ""
        doubts.append(Doubt(line.number, _("short line without final punctuation inside article {number}: '{text}' kept as a "
                                            "paragraph ({where}a subhead? a title?)").format(number=draft.number, text=line.text, where=where)))
    elif line.role is Role.SUMMARY:
        doubts.append(Doubt(line.number, _("【summary】 inside the body of article {number}: kept as a paragraph").format(number=draft.number)))
    elif line.role is Role.PARA and _numbered_like_a_subhead(line.text):
        if ROLE_PATTERNS[Role.ORDINAL].fullmatch(line.text):
            # 第一，… ending a sentence: a paragraph; only a very short one might be a subhead.
            if len(line.text) <= ORDINAL_MAX // 2 and sum(line.text.count(m) for m in "。！？；") == 1:
                doubts.append(Doubt(line.number, _("'{text}' starts like a 第一， subhead but is a sentence: kept as a paragraph").format(text=line.text)))
        elif len(line.text) <= SUBHEAD_MAX:
            doubts.append(Doubt(line.number, _("'{text}' is numbered like a subhead but ends with final punctuation: kept as a paragraph").format(text=line.text[:20])))
    draft.blocks.append((kind, line.text))
    draft.block_lines.append(line.number)


_WHY: dict[str, str] = {
    "subhead1": "numbered 一、 without final punctuation",
    "subhead2": "numbered （一） without final punctuation",
    "note": "whole line in （…） starting 本文系/作者单位…",
}

#: Numbering tiers, highest first: 一、 > 第一， > （一） > 1. > （1）.
_TIERS = {"subhead1": 0, "ordinal": 1, "subhead2": 2, "arabic": 3, "paren-arabic": 4}


def _tier(kind: str, text: str) -> str:
    if kind == "numbered":
        return "paren-arabic" if text.startswith("（") else "arabic"
    return kind


def _subhead_levels(drafts: list[_Draft], decisions: list[Decision], doubts: list[Doubt]) -> None:
    """Give each subhead its level. 一、 is level 1 and （一） level 2 as always; 第一，, 1. and
    （1） are level 1 in an article without a higher numbering, else level 2 (a third level
    has no style of its own: level 2, reported)."""
    for draft in drafts:
        present = {_tier(kind, text) for kind, text in draft.blocks if kind != "para" and kind != "note"}
        for position, ((kind, text), number) in enumerate(zip(draft.blocks, draft.block_lines, strict=True)):
            if kind in ("para",):
                continue
            if kind in _WHY:
                decisions.append(Decision(number, draft.number, kind, text, _WHY[kind]))
                continue
            tier = _tier(kind, text)
            higher = sorted(t for t in present if _TIERS[t] < _TIERS[tier])
            level = "subhead1" if not higher else "subhead2"
            mark = _MARKS[tier]
            why = f"numbered {mark} without final punctuation, " + (
                "the article's highest numbering" if not higher else f"below {', '.join(_MARKS[t] for t in higher)}")
            decisions.append(Decision(number, draft.number, level, text, why))
            if len(higher) >= 2:
                doubts.append(Doubt(number, _("'{text}' is a third level of numbering: set as a level-2 subhead").format(text=text[:20])))
            draft.blocks[position] = (level, text)


_MARKS = {"subhead1": "一、", "ordinal": "第一，", "subhead2": "（一）", "arabic": "1.", "paren-arabic": "（1）"}


def _read_header(draft: _Draft, run: list[_Line], source: str, decisions: list[Decision], doubts: list[Doubt]) -> None:
    """Rule D: label, author, title, kicker/subtitle and summary of one header run (any order)."""
    shorts = [line for line in run if line.role is Role.SHORT]
    summaries = [line for line in run if line.role is Role.SUMMARY]
    remaining = list(shorts)
    label = _pick_label(remaining, doubts)
    if label is not None:
        remaining.remove(label)
    if not remaining:
        raise UserError.at(_("section label '{text}' is not followed by a title").format(text=shorts[0].text), source, shorts[0].number, 1,
                           _("put the article's title on its own line next to the label"))
    if label is not None:
        known = "known section label" if label_name(label.text) in KNOWN_SECTIONS else "short label line"
        draft.fields["section"] = label_name(label.text)
        decisions.append(Decision(label.number, draft.number, "section", label.text, known))
    authors = [line for line in remaining if is_byline(line.text)] if len(remaining) >= 2 else []
    why = "byline (□ 本报评论员 …, 文/…, 作者：…)"
    if not authors and len(remaining) >= 2 and _author_like(remaining[-1].text):
        authors, why = [remaining[-1]], "last short line of the header"
    elif not authors and len(remaining) >= 2 and _looks_like_name(remaining[0].text):
        authors, why = [remaining[0]], "a name before the title (the last line is no name)"
        doubts.append(Doubt(remaining[0].number, _("'{text}' before the title taken as the author of article {number}; check").format(text=remaining[0].text, number=draft.number)))
    if authors and len(authors) == len(remaining):  # only bylines: the longest must be the title
        longest = max(remaining, key=lambda line: len(line.text))
        authors = [line for line in authors if line is not longest]
        doubts.append(Doubt(longest.number, _("every header line of article {number} looks like a byline: '{text}' taken as the title").format(number=draft.number, text=longest.text)))
    if authors:
        draft.fields["author"] = " ".join(line.text for line in authors)
        for line in authors:
            remaining.remove(line)
            decisions.append(Decision(line.number, draft.number, "author", line.text, why))
        if len(authors) == 1 and len(authors[0].text) > AUTHOR_TYPICAL and not is_byline(authors[0].text):
            doubts.append(Doubt(authors[0].number, _("author '{text}' is longer than a usual name").format(text=authors[0].text)))
    else:
        doubts.append(Doubt(shorts[0].number, _("article {number}: no author line found").format(number=draft.number)))
    title, title_why, sure = _pick_title(remaining)
    at = remaining.index(title)
    draft.fields["title"] = title.text
    decisions.append(Decision(title.number, draft.number, "title", title.text, title_why))
    if " " in title.text:
        doubts.append(Doubt(title.number, _("title contains a space: kept as in the source (a two-part title? the layout may break there)")))
    for role, parts in (("kicker", remaining[:at]), ("subtitle", remaining[at + 1 :])):
        if parts:
            draft.fields[role] = " ".join(part.text for part in parts)
            for part in parts:
                dash = role == "subtitle" and part.text.startswith("—")
                decisions.append(Decision(part.number, draft.number, role, part.text,
                                          "line starting with —— after the title" if dash
                                          else f"short line {'before' if role == 'kicker' else 'after'} the title"))
                if not (sure and dash):
                    doubts.append(Doubt(part.number, _("'{text}' taken as the {role} of article {number}; check").format(text=part.text, role=role, number=draft.number)))
    if summaries:
        summary = summaries[0]
        draft.fields["summary"] = summary_text(summary.text)
        labelled = _LABEL_PREFIX.match(summary.text)
        decisions.append(Decision(summary.number, draft.number, "summary", summary.text,
                                  f"summary label '{labelled[0].strip()}' (dropped) in the header" if labelled
                                  else "【…】 line in the header"))
        for extra in summaries[1:]:
            doubts.append(Doubt(extra.number, _("a second summary in the header of article {number}: kept as the first paragraph").format(number=draft.number)))
            draft.blocks.append(("para", extra.text))
            draft.block_lines.append(extra.number)
    if label is not None and shorts.index(label) not in (0, len(shorts) - 1):
        doubts.append(Doubt(label.number, _("section label '{text}' stands between title and author; assigned to article {number}").format(text=label.text, number=draft.number)))


def _author_like(text: str) -> bool:
    """A name-length line that is no subtitle (——…) and quotes nothing (titles do)."""
    return len(text) <= AUTHOR_MAX and not text.startswith("—") and not any(mark in text for mark in "“”《》‘’？！")


def _pick_title(lines: list[_Line]) -> tuple[_Line, str, bool]:
    """The title among the header lines left after label and author; True when sure.
    A line starting with —— is a subtitle, so the title is the line before it; three lines
    are kicker, title, subtitle; otherwise the longest line (kicker before, subtitle after)."""
    dashed = [index for index, line in enumerate(lines) if line.text.startswith("—")]
    if dashed and dashed[0] > 0:
        return lines[dashed[0] - 1], "the line before the ——subtitle", True
    plain = [line for line in lines if not line.text.startswith("—")] or lines
    if len(lines) == 3 and not dashed:
        return lines[1], "middle line of three: kicker, title, subtitle", False
    if len(lines) == 1:
        return lines[0], "only header line left", True
    return max(plain, key=lambda line: len(line.text)), "longest short line of the header", len(lines) == 1


def _pick_label(shorts: list[_Line], doubts: list[Doubt]) -> _Line | None:
    for line in shorts:
        if label_name(line.text) in KNOWN_SECTIONS:
            return line
    candidates = [line for line in shorts if not is_byline(line.text) and not line.text.startswith("—")]
    decorated = [line for line in candidates if line.text != label_name(line.text)
                 and 2 <= len(label_name(line.text)) <= LABEL_MAX and all(map(is_han, label_name(line.text)))]
    if decorated and len(shorts) >= 2:
        line = decorated[0]
        doubts.append(Doubt(line.number, _("'{text}' taken as a section label (set off like one) though it is not in the known list").format(text=line.text)))
        return line
    if len(shorts) < 3:
        return None
    # Three or more header lines and none known: a very short all-Han line that is neither
    # the longest (title) nor the last (author) is probably a label.
    longest = max(shorts, key=lambda line: len(line.text))
    for line in candidates:
        if line is shorts[-1] or line is longest:
            continue
        if len(line.text) <= LABEL_MAX and all(is_han(char) for char in line.text):
            doubts.append(Doubt(line.number, _("'{text}' taken as a section label though it is not in the known list").format(text=line.text)))
            return line
    return None


# --------------------------------------------------------------------------- step 6: content files


def _render(draft: _Draft) -> str:
    """Content-file text: front matter in FRONT_MATTER_FIELDS order (no id), then the Markdown body."""
    head = ["---"]
    for name in HEAD_FIELDS:
        if draft.fields.get(name):
            head.append(f"{name}: {yaml_value(draft.fields[name])}")
    head.append("---")
    body = [BLOCK_PREFIX[kind] + escape_markdown(text) for kind, text in draft.blocks]
    return "\n".join(head) + "\n" + "\n\n".join(body) + "\n"


def yaml_value(text: str) -> str:
    """Plain YAML scalar if it reads back unchanged as text, else a double-quoted one."""
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except Exception:  # noqa: BLE001 - YAMLError, or whatever PyYAML's constructors hit on "!!int " or 2024-13-45
        plain = False  # not plain: quote it (found by bench/fuzz.py)
    if plain:
        return text
    # YAML's own double-quoted style escapes everything YAML would fold or misread (\u2028 …).
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1_000_000).strip()


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as markup, so the text stays text."""
    out = "".join("\\" + char if char in _MD_ESCAPE_ANYWHERE else char for char in text)
    out = _MD_ORDERED_LIST.sub(lambda match: f"{match[1]}\\{match[2]}", out, count=1)
    if out and out[0] in _MD_ESCAPE_AT_START:
        out = "\\" + out
    return out


def file_name(number: int, section: str) -> str:
    """Table E: ``NN-<section slug>.md``, ASCII only."""
    return f"{number:02d}-{SECTION_SLUGS.get(section, 'article')}.md"


# --------------------------------------------------------------------------- public API


def import_raw(text: str, source_name: str, encoding: str = "UTF-8") -> ImportResult:
    """Raw page text -> articles (content-file text + file name) and the change report.
    ``encoding`` names how the bytes were read (:func:`decode_raw`), for the report."""
    substitutions: list[Substitution] = []
    joins: list[Join] = []
    decisions: list[Decision] = []
    doubts: list[Doubt] = []
    ends = describe_line_ends(text)
    text = normalise_line_ends(text)
    lines = _raw_lines(text, source_name, substitutions, doubts)  # steps 1–3
    lines = _attach_summary_labels(lines, doubts)
    lines = _rejoin(lines, joins, doubts)  # step 4
    drafts = _group(lines, source_name, decisions, doubts)  # step 5
    _subhead_levels(drafts, decisions, doubts)
    articles = tuple(
        ImportedArticle(file_name(d.number, d.fields.get("section", "")), _render(d), d.fields["title"],
                        d.first_line, d.last_line, sum(kind == "para" for kind, _ in d.blocks))
        for d in drafts
    )  # step 6
    doubts.sort(key=lambda doubt: doubt.line)
    decisions.sort(key=lambda decision: decision.line)
    return ImportResult(source_name, text.count("\n") + 1, articles, tuple(substitutions), tuple(joins),
                        tuple(decisions), tuple(doubts), f"{encoding}, line ends {ends}")


def run_import(raw_path: str | Path, out_dir: str | Path = DEFAULT_IMPORT_DIR,
               report_path: str | Path | None = None, force: bool = False) -> int:
    """CLI hook for ``zzprint import RAW.txt [--out DIR] [--force]``: write the content files
    and the report (default ``DIR/IMPORT-REPORT.txt``) by :func:`zzprint.content.deliver.deliver`
    (a folder holding other articles is refused unless ``force``; then the previous files
    are kept and the changes listed), print the report; exit code 0, or 2 after printing
    the problems of a UserError."""
    raw_path, out_dir = Path(raw_path), Path(out_dir)
    try:
        text, encoding = read_raw(raw_path)
        result = import_raw(text, str(raw_path), encoding)  # the path as typed: messages point there
        delivery = deliver(out_dir, {a.file_name: a.text for a in result.articles},
                           {Path(report_path) if report_path else out_dir / "IMPORT-REPORT.txt": result.report_text()},
                           force=force)
    except UserError as error:
        print(error, file=sys.stderr)
        return 2
    print(result.report_text(MAX_PRINTED, str(report_path or out_dir / "IMPORT-REPORT.txt")), end="")
    print("", *delivery.summary_lines(), sep="\n")
    print()
    print(_("wrote {count} file(s) to {folder}, {unchanged} unchanged").format(
        count=len(delivery.written), folder=out_dir, unchanged=delivery.unchanged))
    return 0


def read_raw(path: Path) -> tuple[str, str]:
    """The raw text file's contents and the name of its encoding, read through
    :mod:`zzprint.inputs` (kind "raw copy"): a FIFO or device (``/dev/zero``) is refused
    before a byte is read, a file over 8 MiB before reading it, a link out of the project
    is refused; bytes that are no text in any encoding newsrooms send are one problem."""
    if not os.path.lexists(path):
        raise UserError.at(_("file not found"), str(path), hint=_("check the path"))
    return decode_raw(read_input(path, kind="raw copy"), str(path))


#: Byte-order marks, longest first.
_BOMS = ((codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE with BOM"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE with BOM"))
#: Share of characters a decoding must read as text for UTF-16 without BOM to be accepted.
_TEXT_SHARE = 0.9


def decode_raw(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> (text, encoding as the report names it). Newsrooms send UTF-8 (with or
    without BOM), UTF-16 (a BOM, or none: told apart by where the NUL bytes of its ASCII
    characters fall) and GB 18030 / GBK; tried in that order, each strictly. A file that is
    none of them is one problem at the first byte the likeliest encoding could not read."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, name, source, len(bom))
    if b"\x00" in data:  # UTF-8 and GB 18030 text never hold a NUL byte
        best = max(("utf-16-le", "utf-16-be"), key=lambda codec: _text_share(data, codec))
        if _text_share(data, best) >= _TEXT_SHARE:
            return _strict(data, best, f"{best.upper().replace('-LE', 'LE').replace('-BE', 'BE')} without BOM "
                                       "(told by its NUL bytes)", source)
        where = data.index(b"\x00")
        line, col = _byte_place(data, where)
        raise UserError.at(_("the raw copy is not text: NUL byte at byte offset {where:,}").format(where=where), source, line, col,
                           _("is this the right file? pass the text extracted from the page PDF (UTF-8, UTF-16 or GB 18030)"))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            # Report where the encoding that read furthest stopped: that is the file's likely encoding.
            error, name = max(((utf8_error, "UTF-8"), (gb_error, "GB 18030")), key=lambda pair: pair[0].start)
            line, col = _byte_place(data, error.start)
            raise UserError.at(
                _("the raw copy is neither UTF-8, UTF-16 nor GB 18030 text: byte 0x{data:02X} at byte offset "
                   "{start:,} cannot be read as {name} (column counted in bytes)").format(data=data[error.start], start=error.start, name=name), source, line, col,
                _("is this the right file? save the text as UTF-8")) from None
        if _punctuation_share(text) < _PUNCTUATION_SHARE:
            # GB 18030 reads almost any run of bytes ≥ 0x80 as rare characters: real copy has
            # punctuation, spaces and line ends (the seed page: 15 %), junk none.
            raise UserError.at(
                _("the raw copy is neither UTF-8, UTF-16 nor GB 18030 text: read as GB 18030 it holds "
                   "{share:.1%} punctuation, spaces and line ends").format(share=_punctuation_share(text)), source, 1, 1,
                _("is this the right file? pass the text extracted from the page PDF, saved as UTF-8"))
        try:
            data.decode("gbk")
            return text, "GB 18030 (also valid GBK)"
        except UnicodeDecodeError:
            return text, "GB 18030"


#: Least share of punctuation, spaces and line ends in text read as GB 18030 (junk: 0 %).
_PUNCTUATION_SHARE = 0.02


def _punctuation_share(text: str) -> float:
    sample = text[:4096]
    if len(sample) < 64:
        return 1.0  # too short to judge: a few words of a title
    marks = sum(1 for char in sample if char.isspace() or " " <= char <= "~" or "\u3000" <= char <= "\u303f"
                or "\uff00" <= char <= "\uffef" or char in "“”‘’—…·")
    return marks / len(sample)


def _strict(data: bytes, codec: str, name: str, source: str, skipped: int = 0) -> tuple[str, str]:
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as error:
        head = normalise_line_ends(data[: error.start].decode(codec, errors="replace")).split("\n")
        raise UserError.at(_("the raw copy starts as {name} but byte offset {start:,} is not {encoding}").format(name=name, start=error.start + skipped, encoding=name.split()[0]),
                           source, len(head), len(head[-1]) + 1, _("save the text again as UTF-8")) from None


def _text_share(data: bytes, codec: str) -> float:
    """Share of the characters that read as text (Han, CJK or ASCII printing, line ends) in this UTF-16 order."""
    sample = data[: 64 * 1024]
    text = sample[: len(sample) // 2 * 2].decode(codec, errors="replace")
    if not text:
        return 0.0
    good = sum(1 for char in text if char in "\n\r\t\f" or (" " <= char <= "~") or is_cjk(char) or is_han(char))
    return good / len(text)


def _byte_place(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of a byte offset (lines end at LF or lone CR)."""
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line = head.count(b"\n") + 1
    return line, len(head) - (head.rfind(b"\n") + 1) + 1


_LINE_ENDS = re.compile(r"\r\n|\r|\n")


def describe_line_ends(text: str) -> str:
    """LF, CRLF, CR, or the mix with counts, as the report names them."""
    counts: dict[str, int] = {}
    for match in _LINE_ENDS.finditer(text):
        name = {"\r\n": "CRLF", "\r": "CR", "\n": "LF"}[match[0]]
        counts[name] = counts.get(name, 0) + 1
    if len(counts) <= 1:
        return next(iter(counts), "LF")
    return "mixed (" + ", ".join(f"{name} {count:,}" for name, count in counts.items()) + ")"


def normalise_line_ends(text: str) -> str:
    """CRLF and a lone CR (old Mac, some newsroom systems) end a line like LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
