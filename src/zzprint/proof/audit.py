"""The typographic audit of a built page, read from the page model.

Input: a :class:`~zzprint.build.BuildResult` and its font set.  Output, per
article (:class:`ArticleAudit`): the engine's counters (``fit.audit``: lines,
marks compressed, lines pushed in / stretched, …) plus what only the finished
page shows — 孤字 lines (a body line holding a single character), the fonts
the article's glyphs were drawn with, and every glyph drawn in a fallback font
(a glyph run whose font is not the primary font of the style's role).

Runs are attributed by their ``tag`` (``ID`` for body lines, ``ID:head``,
``ID:subhead``, ``ID:summary``, ``ID:label``; see zzprint.flow.article).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..build import BuildResult
from ..fonts.roles import FontSet
from ..page import FontRef, GlyphRun
from ..spec.load import PageSpec, Placement

ORPHAN = "孤字 lines"


@dataclass(frozen=True)
class FallbackGlyph:
    """A character drawn in a font other than its role's primary font."""

    article: str
    char: str
    font: str  # the font it came from
    expected: str  # the role's primary font
    part: str  # body, head, subhead, summary, label

    @property
    def codepoint(self) -> str:
        return " ".join(f"U+{ord(c):04X}" for c in self.char)


@dataclass
class ArticleAudit:
    id: str
    counters: dict[str, int] = field(default_factory=dict)
    fonts: dict[str, int] = field(default_factory=dict)  # font name → glyphs drawn with it
    fallbacks: list[FallbackGlyph] = field(default_factory=list)
    loose_lines: list[str] = field(default_factory=list)  # FILE:LINE: letter-spaced past the limit

    def as_dict(self) -> dict:
        return {"id": self.id, "counters": dict(self.counters), "fonts": dict(self.fonts),
                "loose_lines": list(self.loose_lines),
                "fallbacks": [{"char": f.char, "codepoint": f.codepoint, "font": f.font, "expected": f.expected,
                               "part": f.part} for f in self.fallbacks]}


def font_name(ref: FontRef) -> str:
    return ref.name or (Path(ref.path).name + (f"#{ref.index}" if ref.index else ""))


def audit_page(result: BuildResult, fonts: FontSet) -> dict[str, ArticleAudit]:
    """One :class:`ArticleAudit` per placed article, in page order."""
    spec = result.spec
    placements = {p.content: p for p in spec.placements}
    audits = {fit.id: ArticleAudit(fit.id, dict(fit.audit), loose_lines=list(fit.loose_lines))
              for fit in result.fits}
    runs: dict[str, list[GlyphRun]] = {}
    for item in (i for page in result.document.pages for i in page.items):
        if isinstance(item, GlyphRun) and item.tag:
            article = item.tag.split(":", 1)[0]
            if article in audits:
                runs.setdefault(article, []).append(item)
    for article, article_runs in runs.items():
        audit = audits[article]
        placement = placements.get(article)
        fonts_used: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        for run in article_runs:
            name = font_name(run.font)
            fonts_used[name] += sum(1 for g in run.glyphs if g.text)
            part = run.tag.split(":", 1)[1] if ":" in run.tag else "body"
            primaries = _primary_fonts(spec, fonts, placement, part, run)
            if primaries and run.font not in primaries:
                expected = ", ".join(sorted(font_name(p) for p in primaries))
                for glyph in run.glyphs:
                    # One entry per character and font: a name repeated 40 times is one finding.
                    if glyph.text and (glyph.text, name) not in seen:
                        seen.add((glyph.text, name))
                        audit.fallbacks.append(FallbackGlyph(article, glyph.text, name, expected, part))
        audit.fonts = dict(fonts_used.most_common())
        if placement is not None:
            body = [r for r in article_runs if r.tag == article]
            audit.counters[ORPHAN] = count_orphans(body, _column_lefts(spec, placement))
    return audits


def _parts(placement: Placement | None) -> dict[str, list[str]]:
    """Which styles may have drawn each tagged part of an article."""
    head = placement.headline.style if placement else "title"
    summary = placement.summary.style if placement and placement.summary else "summary"
    return {"body": ["body", "note", "strong"], "head": ["kicker", head, "subtitle", "byline"],
            "subhead": ["subhead1", "subhead2"], "summary": [summary], "label": ["label"]}


def _primary_fonts(spec: PageSpec, fonts: FontSet, placement: Placement | None, part: str,
                   run: GlyphRun) -> set[FontRef]:
    """Primary fonts of the styles that could have set ``run``: same part, same size and scaling.

    The size narrows a headline run down to title / kicker / byline, so a title glyph in the
    body face counts as a fallback although 书宋 is the primary font of another style.
    """
    names = [n for n in _parts(placement).get(part, []) if n in spec.styles]
    styles = [spec.styles[n] for n in names]
    matching = [s for s in styles if abs(s.size - run.size) < 0.01 and abs(s.hscale - run.hscale) < 0.001] or styles
    return {fonts.chain(s.font)[0].ref for s in matching if s.font in fonts.roles}


def _column_lefts(spec: PageSpec, placement: Placement) -> list[tuple[float, float]]:
    return [column for rect in placement.rects for column in rect.columns(spec.grid)]


def count_orphans(body_runs: list[GlyphRun], columns: list[tuple[float, float]]) -> int:
    """Body lines that hold exactly one character that is not punctuation (孤字).

    Only the last line of a paragraph can be short, so a line with one character is a
    paragraph ending in a single character.  A line is the glyphs on one baseline inside
    one column of the frame (several runs when a fallback font splits the line).
    """
    lines: dict[tuple[float, int], list[str]] = {}
    for run in body_runs:
        for glyph in run.glyphs:
            column = next((i for i, (left, width) in enumerate(columns) if left - 0.5 <= glyph.x < left + width),
                          -1)
            lines.setdefault((round(run.baseline, 2), column), []).append(glyph.text)
    orphans = 0
    for texts in lines.values():
        chars = [c for c in "".join(texts) if not c.isspace() and not unicodedata.category(c).startswith("P")]
        orphans += len(chars) == 1
    return orphans


__all__ = ["ORPHAN", "ArticleAudit", "FallbackGlyph", "audit_page", "count_orphans", "font_name"]
