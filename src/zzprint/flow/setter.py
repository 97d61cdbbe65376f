"""Text in a style → set lines → glyph runs on the page.

Input: a string, a resolved style, a measure in pt, the font set and the
paragraph settings.  Output: :class:`SetText` (shaped clusters + the text
module's lines), and :func:`line_runs` turns one set line into page glyph runs at
a given origin.  This is the only place where fonts (shaping) meet the pure
line breaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .. import text as textmod
from ..content.markdown import text_position
from ..errors import Problem, UserError
from ..fonts.face import Face
from ..fonts.roles import FontSet
from ..fonts.shape import MissingGlyph, ShapedCluster, describe_char, shape
from ..page import GlyphRun, PlacedGlyph
from ..spec.load import Style


class Source(NamedTuple):
    """Where text came from, for messages: file, line and what it is.

    A NamedTuple: the flow makes one per block each time it lays an article out.
    """

    file: str
    line: int
    what: str  # e.g. "article 03-chuangxin, paragraph"


@dataclass(frozen=True)
class SetText:
    clusters: tuple[ShapedCluster, ...]
    paragraph: textmod.Paragraph
    style: Style

    @property
    def lines(self) -> tuple[textmod.Line, ...]:
        return self.paragraph.lines

    def line_text(self, line: textmod.Line) -> str:
        return "".join(c.text for c in self.clusters[line.start:line.end])


def _chain(style: Style, fonts: FontSet) -> tuple[Face, ...]:
    if style.font not in fonts.roles:
        raise UserError.at(f"style {style.name!r} uses font role {style.font!r}, which fonts.yaml does not define",
                           str(fonts.manifest), hint=f"define it under roles: or use one of {', '.join(fonts.roles)}")
    return fonts.chain(style.font)


def _shape_chain(text: str, chain: tuple[Face, ...], role: str, source: Source,
                 start: int = 0, end: int | None = None) -> tuple[ShapedCluster, ...]:
    """Shape ``text[start:end]`` in a font chain; a character in no font is a UserError naming its place in ``text``."""
    try:
        return tuple(shape(text[start:end], chain))
    except MissingGlyph as err:
        raise UserError(*[
            Problem(f"{describe_char(char)} is in no font of role {role} or its fallbacks ({source.what})",
                    source.file, *(text_position(source.file, source.line, text, start + index) if source.line
                                   else (source.line, start + index + 1)),
                    "add a font that has it to the fallback list in fonts/fonts.yaml, or replace the character")
            for index, char in err.missing]) from None


def _shape_spans(text: str, chain: tuple[Face, ...], role: str,
                 spans: tuple[tuple[int, int, str, tuple[Face, ...]], ...], source: Source) -> tuple[ShapedCluster, ...]:
    """Shape ``text`` piece by piece: the character-style spans in their own font chains, the rest in ``chain``."""
    if not spans:
        return _shape_chain(text, chain, role, source)
    shaped: list[ShapedCluster] = []
    cursor = 0
    for start, end, span_role, span_chain in sorted(spans):
        if start > cursor:
            shaped += _shape_chain(text, chain, role, source, cursor, start)
        shaped += _shape_chain(text, span_chain, span_role, source, start, end)
        cursor = end
    if cursor < len(text):
        shaped += _shape_chain(text, chain, role, source, cursor, len(text))
    return tuple(shaped)


def _columns(shaped: tuple[ShapedCluster, ...], style: Style) -> tuple[list[str], list[float]]:
    """The clusters as the breaker reads them: texts, and advances in em of the style's size
    (horizontal scaling, 长体/扁体, narrows them)."""
    hscale = style.hscale
    return [c.text for c in shaped], [c.advance * hscale for c in shaped]


class _Memo:
    """A small LRU map (dict order = recency); ``size`` 0 turns it off."""

    def __init__(self, size: int):
        self.size = size
        self._data: dict = {}
        self.hits = self.misses = 0

    def get(self, key):
        value = self._data.pop(key, None)
        if value is None:
            self.misses += 1
            return None
        self._data[key] = value  # most recent last
        self.hits += 1
        return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        self._data[key] = value
        while len(self._data) > self.size:
            del self._data[next(iter(self._data))]

    def clear(self) -> None:
        self._data.clear()
        self.hits = self.misses = 0


# Memo of set text.  Copy-fitting composes an article several times, changing one or
# two paragraphs between rounds, and ``zzprint watch`` rebuilds after an edit to one
# paragraph: both set the same (text, style, measures, settings, looseness) again and
# again.  The result is a pure function of that key and of the font chain; faces are
# cached per file path, size and mtime (fonts.face), so a changed font file is a new
# chain and a miss.  ``source`` is only for error messages: errors are raised, never
# cached.  Entries are frozen (SetText, Paragraph, Line are immutable), so sharing is safe.
_PARAGRAPHS = _Memo(8192)  # a 48-article edition sets ~2 500 paragraphs, with copy-fit variants
_HEADLINES = _Memo(2048)


def clear_memo() -> None:
    """Forget every set paragraph and headline (tests, benchmarks)."""
    _PARAGRAPHS.clear()
    _HEADLINES.clear()


def set_paragraph(text: str, style: Style, measures_pt: list[float], fonts: FontSet,
                  settings: textmod.Settings, source: Source, looseness: int = 0,
                  spans: tuple[tuple[int, int, Style], ...] = ()) -> SetText:
    """Set a justified paragraph; line i uses measures_pt[min(i, len-1)]; ``looseness``: lines to gain (+) or lose (−).

    ``spans``: [start, end) ranges of ``text`` in a character style, whose font role
    replaces the paragraph's there (size, colour and scaling stay the paragraph's).
    """
    fonted = tuple((a, b, s.font, _chain(s, fonts)) for a, b, s in spans)
    return _set_paragraph(text, style, tuple(measures_pt), _chain(style, fonts), settings, looseness, source, fonted)


def _set_paragraph(text: str, style: Style, measures_pt: tuple[float, ...], chain: tuple[Face, ...],
                   settings: textmod.Settings, looseness: int, source: Source,
                   spans: tuple[tuple[int, int, str, tuple[Face, ...]], ...] = ()) -> SetText:
    key = (text, style, measures_pt, chain, settings, looseness, spans)
    hit = _PARAGRAPHS.get(key)
    if hit is not None:
        return hit
    shaped = _shape_spans(text, chain, style.font, spans, source)
    measures = [m / style.size for m in measures_pt]
    measure = measures if len(measures) > 1 else measures[0]
    texts, advances = _columns(shaped, style)
    paragraph = textmod.set_paragraph_runs(texts, advances, measure, settings, looseness=looseness)
    result = SetText(shaped, paragraph, style)
    _PARAGRAPHS.put(key, result)
    return result


def set_headline(text: str, style: Style, measure_pt: float, fonts: FontSet, source: Source,
                 max_lines: int | None = None) -> SetText:
    """Set a ragged, balanced title (never one character alone on a line)."""
    chain = _chain(style, fonts)
    key = (text, style, measure_pt, chain, max_lines)
    hit = _HEADLINES.get(key)
    if hit is not None:
        return hit
    shaped = _shape_chain(text, chain, style.font, source)
    texts, advances = _columns(shaped, style)
    paragraph = textmod.set_headline_runs(texts, advances, measure_pt / style.size, max_lines)
    result = SetText(shaped, paragraph, style)
    _HEADLINES.put(key, result)
    return result


def set_one_line(text: str, style: Style, fonts: FontSet, source: Source) -> SetText:
    """``text`` on one line at its natural width, however long (a header slot): the caller checks it fits.

    The headline breaker would look for balanced lines, at a cost that grows with the
    length, for a slot that shows only one line anyway.
    """
    chain = _chain(style, fonts)
    shaped = _shape_chain(text, chain, style.font, source)
    texts, advances = _columns(shaped, style)
    room = sum(advances) + 0.5 * len(advances) + 2.0  # more than the natural width with CJK–Latin spaces
    return SetText(shaped, textmod.set_headline_runs(texts, advances, room), style)


def line_runs(set_text: SetText, line: textmod.Line, x0: float, baseline: float, tag: str,
              align_offset: float = 0.0) -> list[GlyphRun]:
    """Glyph runs for one set line whose column starts at x0 (pt); one run per face.

    Copy-fitting composes an article several times; a line that moves down a slot
    keeps its glyphs (x is horizontal, the baseline belongs to the run), so the
    placed glyphs are kept on the (memoized, immutable) set text per line and x.
    """
    style = set_text.style
    return [GlyphRun(face.ref, style.size, baseline, glyphs, style.color, style.hscale, style.vscale, tag)
            for face, glyphs in _placed(set_text, line, x0, align_offset)]


def clipped_runs(set_text: SetText, line: textmod.Line, x0: float, baseline: float, tag: str,
                 right: float) -> tuple[list[GlyphRun], str]:
    """:func:`line_runs` of a line wider than its column, without the clusters that end past ``right``.

    Returns the runs and the text left out: a line is never drawn into the next column.
    """
    style = set_text.style
    size, hscale = style.size, style.hscale
    clusters = set_text.clusters[line.start:line.end]
    keep = 0
    for cluster, x_em in zip(clusters, line.x):
        if x0 + (x_em + cluster.advance * hscale) * size > right + 0.01:
            break
        keep += 1
    dropped = "".join(c.text for c in clusters[keep:])
    if keep == 0:
        return [], dropped
    part = textmod.Line(line.start, line.start + keep, line.x[:keep], line.width, line.natural, line.ratio, line.is_last)
    runs = [GlyphRun(face.ref, size, baseline, glyphs, style.color, hscale, style.vscale, tag)
            for face, glyphs in _place(set_text, part, x0)]
    return runs, dropped


def _placed(set_text: SetText, line: textmod.Line, x0: float, align_offset: float):
    """The line's glyphs at x0, split by face: ((face, (PlacedGlyph, …)), …)."""
    try:
        memo = set_text.__dict__["_placed"]
    except KeyError:
        memo = {}
        object.__setattr__(set_text, "_placed", memo)  # not a field: eq and hash are unchanged
    key = (id(line), x0, align_offset)  # the line lives as long as set_text, and so does the memo
    parts = memo.get(key)
    if parts is None:
        parts = memo[key] = _place(set_text, line, x0 + align_offset)
    return parts


def _place(set_text: SetText, line: textmod.Line, start: float):
    style = set_text.style
    size, hscale, vscale = style.size, style.hscale, style.vscale
    parts = []
    current: list[PlacedGlyph] = []
    face = None
    for cluster, x_em in zip(set_text.clusters[line.start:line.end], line.x):
        if cluster.face is not face and current:
            parts.append((face, tuple(current)))
            current = []
        face = cluster.face
        origin = start + x_em * size
        text = cluster.text
        for glyph in cluster.glyphs:
            current.append(PlacedGlyph(glyph.gid, origin + glyph.dx * size * hscale, text, -glyph.dy * size * vscale))
            text = ""  # later glyphs of a cluster carry no text
    if current:
        parts.append((face, tuple(current)))
    return tuple(parts)


def line_extent(set_text: SetText, line: textmod.Line) -> float:
    """Visible width of a set line in pt (last glyph's origin + its advance)."""
    if line.end <= line.start:
        return 0.0
    last = set_text.clusters[line.end - 1]
    return (line.x[-1] + last.advance * set_text.style.hscale) * set_text.style.size


__all__ = ["Source", "SetText", "clear_memo", "set_paragraph", "set_headline", "line_runs", "line_extent",
           "clipped_runs", "set_one_line"]
