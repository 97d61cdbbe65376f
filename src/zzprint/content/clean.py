"""Importer: raw page text extracted from a PDF -> content files + a change report.

Input: the UTF-8 text of one opinion page as a PDF extractor gives it, one paragraph per
line (blank lines and form feeds between them carry no meaning), for example
``/work/shared/seed/opinion-page.txt``. Text wrapped at the column width (every line a
dozen characters) is *not* supported: its short lines would read as headlines.

Output: :class:`ImportResult` — one :class:`ImportedArticle` per article (a proposed file
name and the content-file text read by :mod:`zzprint.content.markdown`) and a change
report an editor can check line by line against the raw text: every punctuation
substitution, every rejoined paragraph, every structural decision and every doubt.

Pipeline (:func:`import_raw`), one function each:

1. ``_raw_lines``     split lines, strip indentation, a form feed starts a new line;
2. ``fix_punctuation`` half-width -> full-width punctuation in Chinese context (table A);
3. ``_classify``      each line -> a role by the patterns of table B;
4. ``_rejoin``        paragraphs split mid-sentence by a column break are joined (rule C);
5. ``_group``         header runs start articles; header lines get their fields (rule D);
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
pattern is SHORT (≤ :data:`SHORT_MAX` characters, no final punctuation: a title, label,
author or kicker) or PARA.

Rule C — a PARA that does not end with final punctuation (:data:`FINAL_MARKS`) is joined
with the next line when that line is a PARA; any PARA is joined with a next line that
starts with a mark that may not start a line (``，。、`` …). A lone SHORT line inside a
body (or right after the author name) that holds a pause mark (，、；) and is followed by a
PARA counts as a PARA (prose cut short by the column break). Other SHORT lines,
subheads, notes and summaries are never joined.

Rule D — a run of ≥ 2 SHORT lines, or SHORT line(s) followed by a 【summary】, is an
article header. In it: a line of :data:`KNOWN_SECTIONS` is the section label (before or
after the title); the last remaining short line is the author; the longest remaining line
is the title; others before/after the title are kicker/subtitle (always reported as a
doubt). A lone SHORT line inside a body stays a paragraph and is reported as a doubt.
Text before the first header, a header without body and a label without title are
UserErrors (the file could not be written correctly); everything else is imported and
what is uncertain goes to the report's "Doubts" section.

Table E — file names: ``NN-<slug>.md`` with NN the article number and the slug from
:data:`SECTION_SLUGS` (ASCII, no transliteration library), else ``NN-article.md``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import yaml

from zzprint.content.deliver import DEFAULT_IMPORT_DIR, deliver
from zzprint.content.markdown import read_utf8
from zzprint.content.model import BLOCK_PREFIX, HEAD_FIELDS
from zzprint.errors import Problem, UserError

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
    SUMMARY = "summary"  # 【…】
    NOTE = "note"  # （本文系……）
    SUBHEAD1 = "subhead1"  # 一、……
    SUBHEAD2 = "subhead2"  # （一）……
    PARA = "para"


_NUM = "一二三四五六七八九十百零〇"
#: Table B: role -> pattern of the whole line (after table A). Subheads must also be
#: ≤ SUBHEAD_MAX characters and end without final punctuation.
ROLE_PATTERNS: dict[Role, re.Pattern[str]] = {
    Role.SUMMARY: re.compile(r"【[^【】]+】"),
    Role.NOTE: re.compile(r"（(?:本文系|本文为|本文是|本文由|作者单位|作者系|作者为|本文作者)[^（）]*(?:（[^（）]*）[^（）]*)*）"),
    Role.SUBHEAD1: re.compile(rf"[{_NUM}]+、\S.*"),
    Role.SUBHEAD2: re.compile(rf"（[{_NUM}]+）\S.*"),
}

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

    def report_text(self) -> str:
        """The change report as plain text, one change per line, raw line numbers."""
        out = [
            f"zzprint import report: {self.source_name} ({self.source_lines} lines) -> {len(self.articles)} articles",
            "Line numbers are lines of the raw file; check each entry against it.",
            "",
            f"== Articles ({len(self.articles)})",
        ]
        out += [f"  {a.file_name:<24} raw lines {a.first_line}–{a.last_line}, {a.paragraphs} paragraphs  {a.title}" for a in self.articles]
        out += _section(f"Structure ({len(self.decisions)} decisions; every other line is a paragraph)", self.decisions)
        out += _section(f"Joins ({len(self.joins)}): paragraphs split by a column break, rejoined", self.joins)
        out += _section(f"Doubts ({len(self.doubts)}): not decided for sure, please check", self.doubts)
        out += _section(f"Punctuation ({len(self.substitutions)} substitutions, rule table in zzprint/content/clean.py)", self.substitutions)
        return "\n".join(out) + "\n"


def _section(heading: str, entries: Iterable[object]) -> list[str]:
    lines = [f"  {entry}" for entry in entries]
    return ["", f"== {heading}", *(lines or ["  (none)"])]


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
    """Split, check for control characters, strip, fix punctuation, classify."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
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
        raise UserError.at("the raw text is empty", source, hint="pass the text extracted from the page PDF")
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
            doubts.append(Doubt(number, f"{where}: unmatched '{char}' ({state} by its neighbours) {context}"))
        elif index not in converted:
            doubts.append(Doubt(number, f"{where}: half-width '{char}' kept (Latin/number context) {context}"))
    return doubts


def _check_controls(text: str, source: str) -> None:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char not in "\t\f" and unicodedata.category(char) == "Cc":
                problems.append(Problem(f"control character U+{ord(char):04X} in the raw text", source, number, col,
                                        "delete it; only newlines, tabs and form feeds (page breaks) are allowed"))
    if problems:
        raise UserError(*problems)


def ends_final(text: str) -> bool:
    return bool(text) and text[-1] in FINAL_MARKS


def _classify(text: str) -> Role:
    """Table B: the role of one line, by its shape alone."""
    for role, pattern in ROLE_PATTERNS.items():
        if pattern.fullmatch(text):
            is_subhead = role in (Role.SUBHEAD1, Role.SUBHEAD2)
            if not is_subhead or (len(text) <= SUBHEAD_MAX and not ends_final(text)):
                return role
    if len(text) <= SHORT_MAX and not ends_final(text):
        return Role.SHORT
    return Role.PARA


# --------------------------------------------------------------------------- step 4: rejoin column breaks


def _mark_fragments(lines: list[_Line]) -> list[_Line]:
    """A SHORT line that holds a pause mark （，、；）, is followed by a paragraph and is not
    inside a header (the line before is body text, or the author name that ends a header)
    is prose cut by a column break, not a heading: make it a PARA so rule C joins it
    (``…结合岗位提供、员工`` / ``权益保障等情况…``)."""
    out = list(lines)
    for index in range(1, len(lines) - 1):
        line, before, after = lines[index], lines[index - 1], lines[index + 1]
        after_header = before.role is not Role.SHORT or _looks_like_name(before.text)
        if line.role is Role.SHORT and after_header and after.role is Role.PARA and any(m in line.text for m in PAUSE_MARKS):
            out[index] = replace(line, role=Role.PARA)
    return out


def _looks_like_name(text: str) -> bool:
    """A personal name as bylines print it: 2–4 Han characters (and not a section label)."""
    return 2 <= len(text) <= AUTHOR_TYPICAL and all(is_han(char) for char in text) and text not in KNOWN_SECTIONS


def _rejoin(lines: list[_Line], joins: list[Join], doubts: list[Doubt]) -> list[_Line]:
    """Rule C: join a paragraph split mid-sentence with its continuation."""
    lines = _mark_fragments(lines)
    out: list[_Line] = []
    for line in lines:
        previous = out[-1] if out else None
        reason = _join_reason(previous, line) if previous else None
        if previous is None or reason is None:
            if previous and previous.role is Role.PARA and not ends_final(previous.text):
                doubts.append(Doubt(previous.end, f"paragraph ends without final punctuation (…{previous.text[-8:]}) "
                                                   f"but the next line is a {line.role.value}; not joined"))
            out.append(line)
            continue
        joins.append(Join(previous.end, line.number, previous.text[-8:], line.text[:8], reason))
        out[-1] = replace(previous, text=previous.text + line.text, last_number=line.end, role=Role.PARA)
    return out


def _join_reason(previous: _Line, line: _Line) -> str | None:
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
    last_line: int = 0


def _group(lines: list[_Line], source: str, decisions: list[Decision], doubts: list[Doubt]) -> list[_Draft]:
    """Rule D: split the lines into articles at header runs."""
    drafts: list[_Draft] = []
    index = 0
    while index < len(lines):
        run_end = index
        while run_end < len(lines) and lines[run_end].role is Role.SHORT:
            run_end += 1
        shorts = lines[index:run_end]
        summary = lines[run_end] if run_end < len(lines) and lines[run_end].role is Role.SUMMARY else None
        if shorts and (len(shorts) >= 2 or summary or not drafts):
            draft = _Draft(len(drafts) + 1, shorts[0].number)
            _read_header(draft, shorts, summary, source, decisions, doubts)
            drafts.append(draft)
            index = run_end + (1 if summary else 0)
            continue
        if not drafts:
            first = lines[index]
            raise UserError.at("the raw text does not start with an article header", source, first.number, 1,
                               "the first lines must be the title (and section label, author), "
                               f"each on its own line of at most {SHORT_MAX} characters without final punctuation")
        _add_body_line(drafts[-1], lines[index], decisions, doubts)
        index += 1
    for number, draft in enumerate(drafts):
        draft.last_line = (drafts[number + 1].first_line - 1) if number + 1 < len(drafts) else lines[-1].end
    empty = [
        Problem(f"article {d.number} ('{d.fields['title'][:20]}') has no body text", source, d.first_line, 1,
                "a paragraph may be missing, or short lines were taken as a header: check the raw text around here")
        for d in drafts if not d.blocks
    ]
    if empty:
        raise UserError(*empty)
    return drafts


def _add_body_line(draft: _Draft, line: _Line, decisions: list[Decision], doubts: list[Doubt]) -> None:
    kind = {Role.SUBHEAD1: "subhead1", Role.SUBHEAD2: "subhead2", Role.NOTE: "note"}.get(line.role, "para")
    if kind != "para":
        decisions.append(Decision(line.number, draft.number, kind, line.text, _WHY[line.role]))
    elif line.role is Role.SHORT:
        doubts.append(Doubt(line.number, f"short line without final punctuation inside article {draft.number}: "
                                         f"'{line.text}' kept as a paragraph (a subhead? a title?)"))
    elif line.role is Role.SUMMARY:
        doubts.append(Doubt(line.number, f"【summary】 inside the body of article {draft.number}: kept as a paragraph"))
    elif ROLE_PATTERNS[Role.SUBHEAD1].fullmatch(line.text) or ROLE_PATTERNS[Role.SUBHEAD2].fullmatch(line.text):
        if len(line.text) <= SUBHEAD_MAX:
            doubts.append(Doubt(line.number, f"'{line.text[:20]}' is numbered like a subhead but ends with "
                                             "final punctuation: kept as a paragraph"))
    draft.blocks.append((kind, line.text))


_WHY: dict[Role, str] = {
    Role.SUBHEAD1: "numbered 一、 without final punctuation",
    Role.SUBHEAD2: "numbered （一） without final punctuation",
    Role.NOTE: "whole line in （…） starting 本文系/作者单位…",
}


def _read_header(draft: _Draft, shorts: list[_Line], summary: _Line | None, source: str,
                 decisions: list[Decision], doubts: list[Doubt]) -> None:
    """Rule D: label, author, title, kicker/subtitle and summary of one header run."""
    remaining = list(shorts)
    label = _pick_label(remaining, doubts)
    if label is not None:
        remaining.remove(label)
    if not remaining:
        raise UserError.at(f"section label '{shorts[0].text}' is not followed by a title", source, shorts[0].number, 1,
                           "put the article's title on its own line next to the label")
    if label is not None:
        known = "known section label" if label.text in KNOWN_SECTIONS else "short label line"
        draft.fields["section"] = label.text
        decisions.append(Decision(label.number, draft.number, "section", label.text, known))
    author = remaining[-1] if len(remaining) >= 2 and len(remaining[-1].text) <= AUTHOR_MAX else None
    if author is not None:
        remaining.remove(author)
        draft.fields["author"] = author.text
        decisions.append(Decision(author.number, draft.number, "author", author.text, "last short line of the header"))
        if len(author.text) > AUTHOR_TYPICAL:
            doubts.append(Doubt(author.number, f"author '{author.text}' is longer than a usual name"))
    else:
        doubts.append(Doubt(shorts[0].number, f"article {draft.number}: no author line found"))
    title = max(remaining, key=lambda line: len(line.text))  # first of the longest
    at = remaining.index(title)
    draft.fields["title"] = title.text
    decisions.append(Decision(title.number, draft.number, "title", title.text, "longest short line of the header"))
    if " " in title.text:
        doubts.append(Doubt(title.number, "title contains a space: kept as in the source (a two-part title? the layout may break there)"))
    for role, parts in (("kicker", remaining[:at]), ("subtitle", remaining[at + 1 :])):
        if parts:
            draft.fields[role] = " ".join(part.text for part in parts)
            for part in parts:
                decisions.append(Decision(part.number, draft.number, role, part.text, f"short line {'before' if role == 'kicker' else 'after'} the title"))
                doubts.append(Doubt(part.number, f"'{part.text}' taken as the {role} of article {draft.number}; check"))
    if summary is not None:
        draft.fields["summary"] = summary.text[1:-1]
        decisions.append(Decision(summary.number, draft.number, "summary", summary.text, "【…】 line after the header"))
    if label is not None and shorts.index(label) not in (0, len(shorts) - 1):
        doubts.append(Doubt(label.number, f"section label '{label.text}' stands between title and author; "
                                          f"assigned to article {draft.number}"))


def _pick_label(shorts: list[_Line], doubts: list[Doubt]) -> _Line | None:
    for line in shorts:
        if line.text in KNOWN_SECTIONS:
            return line
    if len(shorts) < 3:
        return None
    # Three or more header lines and none known: a very short all-Han line that is neither
    # the longest (title) nor the last (author) is probably a label.
    longest = max(shorts, key=lambda line: len(line.text))
    for line in shorts[:-1]:
        if line is not longest and len(line.text) <= LABEL_MAX and all(is_han(char) for char in line.text):
            doubts.append(Doubt(line.number, f"'{line.text}' taken as a section label though it is not in the known list"))
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


def import_raw(text: str, source_name: str) -> ImportResult:
    """Raw page text -> articles (content-file text + file name) and the change report."""
    substitutions: list[Substitution] = []
    joins: list[Join] = []
    decisions: list[Decision] = []
    doubts: list[Doubt] = []
    lines = _raw_lines(text, source_name, substitutions, doubts)  # steps 1–3
    lines = _rejoin(lines, joins, doubts)  # step 4
    drafts = _group(lines, source_name, decisions, doubts)  # step 5
    articles = tuple(
        ImportedArticle(file_name(d.number, d.fields.get("section", "")), _render(d), d.fields["title"],
                        d.first_line, d.last_line, sum(kind == "para" for kind, _ in d.blocks))
        for d in drafts
    )  # step 6
    doubts.sort(key=lambda doubt: doubt.line)
    decisions.sort(key=lambda decision: decision.line)
    return ImportResult(source_name, text.count("\n") + 1, articles, tuple(substitutions), tuple(joins),
                        tuple(decisions), tuple(doubts))


def run_import(raw_path: str | Path, out_dir: str | Path = DEFAULT_IMPORT_DIR,
               report_path: str | Path | None = None, force: bool = False) -> int:
    """CLI hook for ``zzprint import RAW.txt [--out DIR] [--force]``: write the content files
    and the report (default ``DIR/IMPORT-REPORT.txt``) by :func:`zzprint.content.deliver.deliver`
    (a folder holding other articles is refused unless ``force``; then the previous files
    are kept and the changes listed), print the report; exit code 0, or 2 after printing
    the problems of a UserError."""
    raw_path, out_dir = Path(raw_path), Path(out_dir)
    try:
        result = import_raw(read_raw(raw_path), str(raw_path))  # the path as typed: messages point there
        delivery = deliver(out_dir, {a.file_name: a.text for a in result.articles},
                           {Path(report_path) if report_path else out_dir / "IMPORT-REPORT.txt": result.report_text()},
                           force=force)
    except UserError as error:
        print(error, file=sys.stderr)
        return 2
    print(result.report_text(), end="")
    print("", *delivery.summary_lines(), sep="\n")
    print(f"\nwrote {len(delivery.written)} file(s) to {out_dir}, {delivery.unchanged} unchanged")
    return 0


def read_raw(path: Path) -> str:
    """The raw text file's contents through :mod:`zzprint.inputs` (kind "raw copy"): a FIFO
    or device (``/dev/zero``) is refused before a byte is read, a file over 8 MiB before
    reading it, a link out of the project is refused; a bad byte is reported at its line."""
    return read_utf8(path, kind="raw copy")
