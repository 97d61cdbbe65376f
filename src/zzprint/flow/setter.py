"""Text in a style → set lines → glyph runs on the page.

Input: a string, a resolved style, a measure in pt, the font set and the
paragraph settings.  Output: :class:`SetText` (shaped clusters + the text
module's lines), and :func:`line_runs` turns one set line into page glyph runs at
a given origin.  This is the only place where fonts (shaping) meet the pure
line breaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .. import text as textmod
from ..content.markdown import text_position
from ..errors import Problem, UserError
from ..i18n import _
from ..fonts.face import Face
from ..fonts.roles import FontSet
from ..fonts.shape import MissingGlyph, ShapedCluster, describe_char, shape
from ..memo import Key, Memo
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
    # Where it was set: the memo that keeps it and its key there, under which line_runs
    # keeps each line's placed glyphs (None: set without a memo, nothing is kept).
    key: Key | None = field(default=None, compare=False, repr=False)
    memo: Memo | None = field(default=None, compare=False, repr=False)

    @property
    def lines(self) -> tuple[textmod.Line, ...]:
        return self.paragraph.lines

    def line_text(self, line: textmod.Line) -> str:
        return "".join(c.text for c in self.clusters[line.start:line.end])


def _chain(style: Style, fonts: FontSet) -> tuple[Face, ...]:
    if style.font not in fonts.roles:
        raise UserError.at(_("style {name!r} uses font role {font!r}, which fonts.yaml does not define").format(name=style.name, font=style.font),
                           str(fonts.manifest), hint=_("define it under roles: or use one of {names}").format(names=', '.join(fonts.roles)))
    return fonts.chain(style.font)


def _shape_chain(text: str, chain: tuple[Face, ...], role: str, source: Source,
                 start: int = 0, end: int | None = None, memo: Memo | None = None) -> tuple[ShapedCluster, ...]:
    """Shape ``text[start:end]`` in a font chain; a character in no font is a UserError naming its place in ``text``."""
    try:
        return shape(text[start:end], chain, memo)
    except MissingGlyph as err:
        raise UserError(*[
            Problem(_("{character} is in no font of role {role} or its fallbacks ({what})").format(character=describe_char(char), role=role, what=source.what),
                    source.file, *(text_position(source.file, source.line, text, start + index) if source.line
                                   else (source.line, start + index + 1)),
                    "add a font that has it to the fallback list in fonts/fonts.yaml, or replace the character")
            for index, char in err.missing]) from None


def _shape_spans(text: str, chain: tuple[Face, ...], role: str,
                 spans: tuple[tuple[int, int, str, tuple[Face, ...]], ...], source: Source,
                 memo: Memo | None = None) -> tuple[ShapedCluster, ...]:
    """Shape ``text`` piece by piece: the character-style spans in their own font chains, the rest in ``chain``."""
    if not spans:
        return _shape_chain(text, chain, role, source, memo=memo)
    shaped: list[ShapedCluster] = []
    cursor = 0
    for start, end, span_role, span_chain in sorted(spans):
        if start > cursor:
            shaped += _shape_chain(text, chain, role, source, cursor, start, memo)
        shaped += _shape_chain(text, span_chain, span_role, source, start, end, memo)
        cursor = end
    if cursor < len(text):
        shaped += _shape_chain(text, chain, role, source, cursor, len(text), memo)
    return tuple(shaped)


def _columns(shaped: tuple[ShapedCluster, ...], style: Style) -> tuple[list[str], list[float]]:
    """The clusters as the breaker reads them: texts, and advances in em of the style's size
    (horizontal scaling, 长体/扁体, narrows them)."""
    hscale = style.hscale
    return [c.text for c in shaped], [c.advance * hscale for c in shaped]


def _faces_key(chain: tuple[Face, ...]) -> tuple:
    """The font chain by value (file, face, size, mtime, inode of each): a memo key never holds an identity."""
    return tuple([face.key for face in chain])


def set_paragraph(text: str, style: Style, measures_pt: list[float], fonts: FontSet,
                  settings: textmod.Settings, source: Source, looseness: int = 0,
                  spans: tuple[tuple[int, int, Style], ...] = (), memo: Memo | None = None) -> SetText:
    """Set a justified paragraph; line i uses measures_pt[min(i, len-1)]; ``looseness``: lines to gain (+) or lose (−).

    ``spans``: [start, end) ranges of ``text`` in a character style, whose font role
    replaces the paragraph's there (size, colour and scaling stay the paragraph's).
    ``memo``: where the set paragraph is kept, and found again when the same text is set
    alike (copy-fit trials, a rebuild after an edit elsewhere).
    """
    chain = _chain(style, fonts)
    fonted = tuple([(a, b, s.font, _chain(s, fonts)) for a, b, s in spans]) if spans else ()
    if memo is None:
        return _set_paragraph(text, style, tuple(measures_pt), chain, settings, looseness, source, fonted)
    # Everything the result depends on, by value; ``source`` is only for error
    # messages, and errors are raised, never kept.
    faces = _faces_key(chain)
    spans_key = tuple([(a, b, role, _faces_key(c)) for a, b, role, c in fonted]) if fonted else ()
    key = (text, style, tuple(measures_pt), faces, settings, looseness, spans_key)
    hit = memo.paragraphs.get(key)
    if hit is None:
        hit = memo.paragraphs.put(key, _set_paragraph(text, style, tuple(measures_pt), chain, settings, looseness,
                                                      source, fonted, memo, Key(key),
                                                      (text, faces, spans_key, style.hscale, settings)))
    return hit


def _set_paragraph(text: str, style: Style, measures_pt: tuple[float, ...], chain: tuple[Face, ...],
                   settings: textmod.Settings, looseness: int, source: Source,
                   spans: tuple[tuple[int, int, str, tuple[Face, ...]], ...] = (), memo: Memo | None = None,
                   key: Key | None = None, items_key: tuple | None = None) -> SetText:
    shaped = _shape_spans(text, chain, style.font, spans, source, memo)
    measures = [m / style.size for m in measures_pt]
    measure = measures if len(measures) > 1 else measures[0]
    texts, advances = _columns(shaped, style)
    # The breaker's items depend on the clusters and settings alone: copy-fitting sets
    # the same text at several loosenesses, and a frame change at other measures.
    items = None
    if memo is not None:
        items = memo.itemized.get_or_make(items_key, textmod.itemize_runs, texts, advances, settings)
    paragraph = textmod.set_paragraph_runs(texts, advances, measure, settings, looseness=looseness, items=items)
    return SetText(shaped, paragraph, style, key, memo)


def set_headline(text: str, style: Style, measure_pt: float, fonts: FontSet, source: Source,
                 max_lines: int | None = None, memo: Memo | None = None) -> SetText:
    """Set a ragged, balanced title (never one character alone on a line)."""
    chain = _chain(style, fonts)
    key = None
    if memo is not None:
        key = (text, style, measure_pt, _faces_key(chain), max_lines)
        hit = memo.headlines.get(key)
        if hit is not None:
            return hit
    shaped = _shape_chain(text, chain, style.font, source, memo=memo)
    texts, advances = _columns(shaped, style)
    paragraph = textmod.set_headline_runs(texts, advances, measure_pt / style.size, max_lines)
    if memo is None:
        return SetText(shaped, paragraph, style)
    return memo.headlines.put(key, SetText(shaped, paragraph, style, Key(key), memo))


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

    A rebuild sets most lines again where they were, and a line that moves down a slot
    keeps its glyphs (x is horizontal, the baseline belongs to the run): the placed
    glyphs are kept in the memo that set the text, per line and x, so the renderer gets
    the very tuples it has drawn before.
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
    memo = set_text.memo
    if memo is None:
        return _place(set_text, line, x0 + align_offset)
    # A line is its cluster range in the set text.  The key holds the text's key by its
    # hash (hashing the key itself would hash text, style and fonts again per line); the
    # entry holds the key, checked on a hit, so texts whose hashes collide never share.
    # A hit is looked up without moving the entry (the table's one hot path: every line
    # of every build; it holds many pages' lines, so first-in first-out is enough).
    text_key = set_text.key
    key = (text_key.hash, line.start, line.end, x0, align_offset)
    table = memo.placed
    entry = table.data.get(key)
    if entry is None or (entry[0] is not text_key and entry[0] != text_key):
        table.misses += 1
        entry = table.put(key, (text_key, _place(set_text, line, x0 + align_offset)))
    else:
        table.hits += 1
    return entry[1]


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


__all__ = ["Source", "SetText", "set_paragraph", "set_headline", "line_runs", "line_extent",
           "clipped_runs", "set_one_line"]
