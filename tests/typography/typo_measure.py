"""Body text measured on the PDF: glyphs → lines → columns → paragraphs, and rule checks.

Input: a PDF read back by ``pdfread`` (pdfminer, content-stream order, trim coordinates).
Output: :class:`BodyLine` records (glyphs, column, visible edges, paragraph position) and
small check functions that return the faults they find, as readable strings.

Nothing here imports the engine: the punctuation tables are written out from
/work/shared/docs/chinese-typesetting.md §1–§4 (GB/T 15834-2011 §5, clreq).

What is "body": glyphs of the 9 pt Noto Serif CJK face (书宋 小五). A *row* is a run of
consecutive glyphs in stream order on one baseline; a *body line* is a row of body glyphs
that lies inside a column. Columns are found from the x where rows start: a left edge is
an x at which several rows start and that is not itself 2 em right of another left edge
(the first-line indent). A column's width is the commonest whole-em extent of its rows.

Paragraph ends are read from the PDF alone: a body line ends its paragraph when the next
row in reading (stream) order is not a continuation: an indented body line, anything
that is not body text (subhead, note, the next article), or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pdfread import Glyph, read_pdf

BODY_FONT = "NotoSerifCJK"
STRONG_FONT = "NotoSansCJKsc-Bold"  # the 黑体 role: **bold** lead-ins and small subheads
BODY_SIZE = 9.0

# --- classes, from docs §1 (not imported from the engine) ----------------------------------
OPEN = set("“‘（〔［｛〈《「『【〖")
CLOSE = set("”’）〕］｝〉》」』】〗")
STOP = set("。．，、；：？！")
MIDDLE = set("·")
CONNECT = set("–—～")
SOLIDUS = set("/／")
LONG_PARTS = set("—…⋯⸺")
# GB level (docs §2): basic + SOLIDUS never ends a line; LONG may start a line.
NO_START = CLOSE | STOP | CONNECT | MIDDLE | SOLIDUS | set(",.;:?!)]}%")
NO_END = OPEN | SOLIDUS | set("([{")
MARKS = OPEN | CLOSE | STOP
URL = re.compile(r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def is_han(text: str) -> bool:
    return len(text) == 1 and (text == "〇" or "CJK UNIFIED" in unicodedata.name(text, ""))


def is_alnum(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalnum()


def is_long(text: str) -> bool:
    return bool(text) and all(ch in LONG_PARTS for ch in text) and (len(text) >= 2 or text in "⸺")


@dataclass
class Column:
    left: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left


@dataclass
class BodyLine:
    glyphs: list[Glyph]  # spaces at either end stripped
    column: Column
    row: int  # index in the page's rows (stream order)
    em: float = BODY_SIZE
    first: bool = False  # first line of its paragraph (indented)
    last: bool = False  # last line of its paragraph
    paragraph: int = 0
    space_after: bool = False  # a word space ended the row (dropped at the line end)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @property
    def visible_left(self) -> float:
        """Where the first glyph's ink starts: an opening mark's left half is blank."""
        g = self.glyphs[0]
        return g.x + (0.5 * self.em if g.text in OPEN and _full(g, self.em) else 0.0)

    @property
    def visible_right(self) -> float:
        """Last glyph x + its set width: a closing or stop mark ending a line is ½ em."""
        g = self.glyphs[-1]
        if g.text in (CLOSE | STOP) and _full(g, self.em):
            return g.x + 0.5 * self.em
        return g.right

    def ems(self, value: float) -> float:
        return value / self.em


def _full(g: Glyph, em: float) -> bool:
    return abs(g.width - em) < 0.05 * em


@dataclass
class BodyText:
    lines: list[BodyLine]
    columns: list[Column]
    paragraphs: list[list[BodyLine]] = field(default_factory=list)

    @property
    def em(self) -> float:
        return BODY_SIZE


def _is_body(g: Glyph) -> bool:
    return BODY_FONT in g.font and abs(g.size - BODY_SIZE) < 0.01


def _body_size(g: Glyph) -> bool:
    """Body-size type: the body, its **bold** lead-ins (黑体), notes, small subheads."""
    return abs(g.size - BODY_SIZE) < 0.01


def rows(glyphs: tuple[Glyph, ...] | list[Glyph]) -> list[list[Glyph]]:
    """Consecutive glyphs on one baseline, left to right, not a column apart."""
    out: list[list[Glyph]] = []
    for g in glyphs:
        if out:
            last = out[-1][-1]
            same_font = _body_size(last) == _body_size(g)
            # Origins never go back (a pushed-in pair may overlap ”“ in one em), nor jump a gutter.
            if same_font and abs(last.baseline - g.baseline) < 0.5 and g.x >= last.x - 0.01 and g.x - last.right < 1.5 * g.size:
                out[-1].append(g)
                continue
        out.append([g])
    return out


def _strip(row: list[Glyph]) -> list[Glyph]:
    a, b = 0, len(row)
    while a < b and not row[a].text.strip():
        a += 1
    while b > a and not row[b - 1].text.strip():
        b -= 1
    return row[a:b]


def _vleft(r: list[Glyph], em: float) -> float:
    """Where a row's ink starts: an opening mark's left half is blank."""
    g = r[0]
    return g.x + (0.5 * em if g.text in OPEN and _full(g, em) else 0.0)


def _columns(candidates: list[list[Glyph]], em: float) -> list[Column]:
    def vleft(r: list[Glyph]) -> float:
        return _vleft(r, em)

    starts = Counter(round(vleft(r), 1) for r in candidates)
    lefts = sorted(x for x, n in starts.items() if n >= 2)
    lefts = [x for x in lefts if not any(abs(x - 2 * em - y) < 0.05 * em for y in lefts)]
    columns = []
    for left in lefts:
        extents = Counter(
            round((_vright(r, em) - left) / em)
            for r in candidates
            if abs(vleft(r) - left) < 0.05 * em
        )
        width = extents.most_common(1)[0][0] * em
        columns.append(Column(left, left + width))
    return columns


def _vright(r: list[Glyph], em: float) -> float:
    g = r[-1]
    return g.x + 0.5 * em if g.text in (CLOSE | STOP) and _full(g, em) else g.right


def body_text(pdf: str | Path, page: int = 0) -> BodyText:
    """Body lines of one page, with columns and paragraphs (see module docstring)."""
    glyphs = read_pdf(pdf)[page].glyphs
    em = BODY_SIZE
    raw_rows = rows(glyphs)
    all_rows = [_strip(r) for r in raw_rows]
    # A body row is body-size type with some body-font text, so bold lead-ins belong to it
    # and an all-楷体 note does not.  A row all in the bold face is a small subhead, unless
    # it starts 2 em into a column: then it is a paragraph's first line, all lead-in.
    body_rows = [(k, r) for k, r in enumerate(all_rows)
                 if r and all(_body_size(g) for g in r) and any(_is_body(g) for g in r)]
    columns = _columns([r for _, r in body_rows], em)
    lead_in_rows = [(k, r) for k, r in enumerate(all_rows)
                    if r and all(_body_size(g) and STRONG_FONT in g.font for g in r)
                    and any(abs(_vleft(r, em) - c.left - 2 * em) < 0.05 * em for c in columns)]
    body_rows = sorted(body_rows + lead_in_rows, key=lambda kr: kr[0])
    lines: list[BodyLine] = []
    by_row: dict[int, BodyLine] = {}
    for k, r in body_rows:
        column = next(
            (c for c in columns if c.left - 0.6 * em <= r[0].x and _vright(r, em) <= c.right + 0.6 * em),
            None,
        )
        if column is None:
            continue  # the page header, a caption: not in a body column
        line = BodyLine(r, column, k, em, space_after=r[-1] is not raw_rows[k][-1])
        lines.append(line)
        by_row[k] = line
    for line in lines:
        line.first = abs(line.visible_left - line.column.left - 2 * em) < 0.05 * em
    for line in lines:
        nxt = next((j for j in range(line.row + 1, len(all_rows)) if all_rows[j]), None)
        nxt_line = by_row.get(nxt) if nxt is not None else None
        line.last = nxt_line is None or nxt_line.first
    paragraphs: list[list[BodyLine]] = []
    current: list[BodyLine] = []
    for line in lines:
        current.append(line)
        if line.last:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    for n, para in enumerate(paragraphs):
        for line in para:
            line.paragraph = n
    return BodyText(lines, columns, paragraphs)


# --- checks: each returns a list of faults ------------------------------------------------


def _where(line: BodyLine) -> str:
    return f"[{line.text}] (col x={line.column.left:.1f}, baseline {line.baseline:.1f})"


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in URL.finditer(text):
        url = m.group().rstrip(".,;:!?)'\"")
        spans.append((m.start(), m.start() + len(url)))
    return spans


def paragraph_text(para: list[BodyLine]) -> tuple[str, list[int]]:
    """The paragraph's text and the character offsets where each line after the first starts."""
    text, cuts = "", []
    for k, line in enumerate(para):
        if k:
            cuts.append(len(text))
        text += line.text + (" " if line.space_after else "")
    return text, cuts


def kinsoku_faults(body: BodyText) -> list[str]:
    """Lines starting with a prohibited mark or ending with an opening mark (GB level)."""
    faults = []
    for para in body.paragraphs:
        text, cuts = paragraph_text(para)
        urls = _url_spans(text)
        for k, line in enumerate(para):
            t = line.text
            in_url_start = k > 0 and any(s < cuts[k - 1] < e for s, e in urls)
            starts_long = is_long(line.glyphs[0].text) or t.startswith(("——", "……", "⋯⋯"))
            if t[0] in NO_START and not starts_long and not in_url_start:
                faults.append(f"starts with {t[0]}: {_where(line)}")
            end_at = cuts[k] if k < len(cuts) else None
            in_url_end = end_at is not None and any(s < end_at < e for s, e in urls)
            if not line.last and t[-1] in NO_END and not in_url_end:
                faults.append(f"ends with {t[-1]}: {_where(line)}")
    return faults


_URL_AFTER = set("/&=?#")
_URL_BEFORE = set(".?&#=-_~")


def split_unit_faults(body: BodyText) -> list[str]:
    """Breaks inside a digit run, a Latin word, —— or ……; a URL broken elsewhere than at / ? & = …"""
    faults = []
    for para in body.paragraphs:
        text, cuts = paragraph_text(para)
        urls = _url_spans(text)
        for cut in cuts:
            a, b = text[cut - 1], text[cut]
            where = f"…{text[max(0, cut - 8):cut]}|{text[cut:cut + 8]}…"
            url = next(((s, e) for s, e in urls if s < cut < e), None)
            if url is not None:
                if a == "/" and b == "/" or not (a in _URL_AFTER or b in _URL_BEFORE):
                    faults.append(f"URL broken at {where}")
                continue
            joined = (
                (is_alnum(a) and is_alnum(b))
                or (a in ".,:" and is_alnum(b) and cut >= 2 and is_alnum(text[cut - 2]))
                or (is_alnum(a) and b in "%％‰℃°")
                or (a in LONG_PARTS and b in LONG_PARTS)
            )
            if joined:
                faults.append(f"unit split at {where}")
    return faults


def flush_faults(body: BodyText, tol_em: float = 0.05) -> list[str]:
    """Non-final lines that do not reach both column edges (left: column or 2-em indent)."""
    faults = []
    for line in body.lines:
        if line.last:
            continue
        left = line.column.left + (2 * line.em if line.first else 0.0)
        dl = line.ems(line.visible_left - left)
        dr = line.ems(line.visible_right - line.column.right)
        if abs(dl) > tol_em or abs(dr) > tol_em:
            faults.append(f"left {dl:+.3f} em, right {dr:+.3f} em: {_where(line)}")
    return faults


def han_gaps(line: BodyLine) -> list[float]:
    """Space between consecutive Han characters, in em (0 when set solid)."""
    g = line.glyphs
    return [
        line.ems(b.x - a.right) for a, b in zip(g, g[1:], strict=False) if is_han(a.text) and is_han(b.text)
    ]


def even_gap_faults(body: BodyText, tol_em: float = 0.02) -> list[str]:
    """Lines whose Han–Han gaps differ by more than ``tol_em``."""
    faults = []
    for line in body.lines:
        gaps = han_gaps(line)
        if gaps and max(gaps) - min(gaps) > tol_em:
            faults.append(f"Han gaps {min(gaps):.3f}..{max(gaps):.3f} em: {_where(line)}")
    return faults


def hole_faults(body: BodyText, tol_em: float = 0.02) -> list[str]:
    """Space beside a punctuation mark wider than the line's Han–Han gap (a hole)."""
    faults = []
    for line in body.lines:
        gaps = han_gaps(line)
        ref = max(gaps) if gaps else 0.0
        g = line.glyphs
        for a, b in zip(g, g[1:], strict=False):
            if (a.text in MARKS and is_han(b.text)) or (is_han(a.text) and b.text in MARKS) or (
                a.text in MARKS and b.text in MARKS
            ):
                gap = line.ems(b.x - a.right)
                if gap > ref + tol_em:
                    faults.append(f"{gap:.3f} em between {a.text}{b.text} (Han gap {ref:.3f}): {_where(line)}")
    return faults


def pair_offsets(body: BodyText) -> list[tuple[str, float, BodyLine]]:
    """Adjacent full-width marks inside a line: (pair, distance between origins in em, line)."""
    out = []
    for line in body.lines:
        g = line.glyphs
        for a, b in zip(g, g[1:], strict=False):
            if a.text in MARKS and b.text in MARKS and _full(a, line.em) and _full(b, line.em):
                out.append((a.text + b.text, line.ems(b.x - a.x), line))
    return out


def orphan_faults(body: BodyText) -> list[str]:
    """Paragraphs whose last line is one character, or one character plus punctuation."""
    faults = []
    for para in body.paragraphs:
        if len(para) < 2:
            continue
        last = para[-1]
        chars = [g for g in last.glyphs if not unicodedata.category(g.text[0]).startswith("P")]
        if len(chars) <= 1:
            faults.append(f"孤字 {_where(last)}")
    return faults


def on_grid(line: BodyLine, tol_em: float = 0.02) -> bool:
    """Every glyph origin a whole number of em from the column's left edge."""
    return all(abs(v - round(v)) <= tol_em for v in (line.ems(g.x - line.column.left) for g in line.glyphs))


def grid_share(body: BodyText) -> float:
    return sum(on_grid(line) for line in body.lines) / len(body.lines)


def summary(body: BodyText) -> dict[str, float]:
    """Figures for the report: counts of each fault and the grid share."""
    return {
        "lines": len(body.lines),
        "paragraphs": len(body.paragraphs),
        "columns": len(body.columns),
        "kinsoku": len(kinsoku_faults(body)),
        "split units": len(split_unit_faults(body)),
        "not flush": len(flush_faults(body)),
        "uneven gaps": len(even_gap_faults(body)),
        "holes by marks": len(hole_faults(body)),
        "orphans": len(orphan_faults(body)),
        "grid share": round(grid_share(body), 3),
    }


# --- where the rules alone put each glyph (quanjiao, docs §4 and §6) -----------------------

LATIN_SIGNS = set("％‰℃°±−¥€£")
QUESTION_BANG = set("？！")


def is_latin(text: str) -> bool:
    """Latin letters, digits and what joins them (proportional glyphs), not a word space."""
    return bool(text) and (text.isascii() and not text.isspace() or text in LATIN_SIGNS)


def rule_positions(line: BodyLine, style: str = "quanjiao", cjk_latin: float = 0.25) -> tuple[list[float], float]:
    """Glyph origins (em from the column's left) and natural width if nothing were adjusted.

    Widths: a full-width mark is 1 em; adjacent marks lose the blanks that touch (the
    first of CLOSE/STOP + CLOSE/STOP, the OPEN after any mark) so a pair is 1.5 em and
    ？！ together 1 em; a line-end CLOSE/STOP is ½ em; a line-start OPEN loses its left ½;
    ¼ em between Han and Latin. ``style`` kaiming sets ，、；： and brackets ½ everywhere
    (the earlier of two marks ½); banjiao sets every mark ½.
    """
    g = line.glyphs
    em = line.em
    texts = [x.text for x in g]
    n = len(g)
    lcut = [0.0] * n
    rcut = [0.0] * n
    full = [_full(x, em) for x in g]
    for i, t in enumerate(texts):
        if not full[i]:
            continue
        half_everywhere = style == "banjiao" and t in MARKS or style == "kaiming" and (
            t in OPEN | CLOSE or t in set("，、；：")
        )
        if half_everywhere:
            if t in OPEN:
                lcut[i] = 0.5
            else:
                rcut[i] = 0.5
    if style in ("quanjiao", "kaiming"):
        for i in range(n - 1):
            a, b = texts[i], texts[i + 1]
            if not (full[i] and full[i + 1] and a in MARKS and b in MARKS):
                continue
            if style == "kaiming" and a in CLOSE | STOP:
                rcut[i] = 0.5
            elif b in OPEN:
                lcut[i + 1] = 0.5
            elif a in CLOSE | STOP:
                rcut[i] = 0.5
        if style == "quanjiao":  # ？！ runs: 1 em a pair [GB 5.1.2]
            i = 0
            while i < n:
                j = i
                while j < n and texts[j] in QUESTION_BANG:
                    j += 1
                if j - i >= 2:
                    for k in range(i, j - 1):
                        rcut[k] = 0.5
                    if (j - i) % 2 == 0:
                        rcut[j - 1] = 0.5
                i = max(j, i + 1)
    if full[0] and texts[0] in OPEN:
        lcut[0] = 0.5
    if full[-1] and texts[-1] in CLOSE | STOP:
        rcut[-1] = 0.5
    pen = 2.0 if line.first else 0.0
    xs = []
    for i, x in enumerate(g):
        xs.append(pen - lcut[i])
        pen += x.width / em - lcut[i] - rcut[i]
        if i + 1 < n and (is_han(texts[i]) and is_latin(texts[i + 1]) or is_latin(texts[i]) and is_han(texts[i + 1])):
            pen += cjk_latin
    return xs, pen


def rule_faults(body: BodyText, style: str = "quanjiao", tol_em: float = 0.02) -> list[str]:
    """Lines set without adjustment whose glyphs are not where the rules put them.

    A line is unadjusted when its natural width by the rules is the column (a full line)
    or it is a paragraph's last line that fits (never stretched). Then every glyph must sit
    exactly where :func:`rule_positions` puts it: the same situation, the same width.
    """
    faults = []
    for line in body.lines:
        xs, natural = rule_positions(line, style)
        measure = line.ems(line.column.width)
        if not (abs(natural - measure) <= tol_em or line.last and natural <= measure + tol_em):
            continue
        for g, want in zip(line.glyphs, xs, strict=True):
            got = line.ems(g.x - line.column.left)
            if abs(got - want) > tol_em:
                faults.append(f"{g.text} at {got:.3f} em, rules say {want:.3f}: {_where(line)}")
                break
    return faults


def adjusted_lines(body: BodyText, style: str = "quanjiao") -> dict[str, int]:
    """How many lines are set at natural width, pushed in, or stretched (by the rules' widths)."""
    out = {"natural": 0, "pushed in": 0, "stretched": 0, "last": 0}
    for line in body.lines:
        _, natural = rule_positions(line, style)
        measure = line.ems(line.column.width)
        if line.last and natural <= measure + 0.02:
            out["last"] += 1
        elif abs(natural - measure) <= 0.02:
            out["natural"] += 1
        elif natural > measure:
            out["pushed in"] += 1
        else:
            out["stretched"] += 1
    return out


def wide_gap_faults(body: BodyText, limit_em: float = 0.55) -> list[str]:
    """Gaps between neighbouring glyphs wider than ``limit_em`` (a hole), word spaces aside."""
    faults = []
    for line in body.lines:
        g = line.glyphs
        for a, b in zip(g, g[1:], strict=False):
            if a.text.isspace() or b.text.isspace():
                continue
            gap = line.ems(b.x - a.right)
            if gap > limit_em:
                faults.append(f"{gap:.2f} em between {a.text}{b.text}: {_where(line)}")
    return faults


def mark_advances(body: BodyText, marks: str) -> list[tuple[str, float, BodyLine]]:
    """Distance from each of ``marks`` to the next glyph when that is Han, in em (not at a line end)."""
    out = []
    for line in body.lines:
        g = line.glyphs
        for a, b in zip(g, g[1:], strict=False):
            if a.text in marks and is_han(b.text):
                out.append((a.text, line.ems(b.x - a.x), line))
    return out
