"""Paragraph setter: shaped clusters + settings → lines with exact glyph positions.

Input: a sequence of :class:`Cluster` (text, natural advance in em) — or the texts and
the advances as two sequences (``*_runs``) — a measure in em (or one per line, the last
repeating) and :class:`Settings`. Output: a
:class:`Paragraph` of :class:`Line` (cluster range, glyph origins, adjustment
statistics) and the problems met (a unit longer than the measure is reported, never
dropped). Pure: no fonts, no PDF, nothing else of zzprint.

Pipeline (one module each):

    itemize    clusters → items: classes, units, punctuation widths, spaces, break costs
    linebreak  items → breaks: total-fit (Knuth–Plass) with Chinese push-in/stretch order
    lines      breaks → lines: justification and glyph origins
    headline   items → balanced ragged breaks for titles

Rules: docs/typesetting.md §1–§7, citing clreq and GB/T 15834-2011.
"""

from __future__ import annotations

from collections.abc import Sequence

from .headline import break_headline
from .items import Items
from .itemize import itemize_runs
from .linebreak import EPS, GAP_REFERENCE, BreakOptions, LineBreak, break_lines
from .lines import set_line
from .model import Cluster, Line, Paragraph, Settings

__all__ = [
    "BreakOptions",  # for the flow stage and proof audits
    "Cluster",
    "Line",
    "LineBreak",
    "Paragraph",
    "Settings",
    "itemize_runs",  # the items set_paragraph_runs(items=) takes
    "set_headline",
    "set_headline_runs",
    "set_paragraph",
    "set_paragraph_runs",
]

HEADLINE_SETTINGS = Settings(indent=0.0, last_line="start")


def set_paragraph(
    clusters: Sequence[Cluster],
    measure: float | Sequence[float],
    settings: Settings = Settings(),  # noqa: B008 - frozen, safe as a default
    *,
    looseness: int = 0,
) -> Paragraph:
    """Break and justify one paragraph.

    ``looseness`` (TeX's): set the paragraph that many lines longer (+) or shorter (−)
    than its best breaking, as near as the rules allow — for copy-fitting.
    """
    texts, advances = _columns(clusters)
    return set_paragraph_runs(texts, advances, measure, settings, looseness=looseness)


def set_paragraph_runs(
    texts: Sequence[str],
    advances: Sequence[float],
    measure: float | Sequence[float],
    settings: Settings = Settings(),  # noqa: B008 - frozen, safe as a default
    *,
    looseness: int = 0,
    items: Items | None = None,
) -> Paragraph:
    """:func:`set_paragraph` of the clusters' texts and advances, all that it reads (the
    flow's setter has them as two lists: no Cluster object per character).

    ``items``: :func:`itemize_runs` of the same texts, advances and settings, when the caller
    kept them (copy-fitting sets the same text at several loosenesses and measures).
    """
    measures = _measures(measure)
    # Classes, units, punctuation widths and break costs, decided before breaking.
    if items is None:
        items = itemize_runs(texts, advances, settings)
    # Total-fit breaks: push in before stretching, no 孤字, no heavy runs.
    options = BreakOptions(
        measures, settings.indent, settings.last_line, settings.avoid_orphans, looseness
    )
    breaks = break_lines(items, options)
    # Justify each line and place its glyphs.
    lines = tuple(
        set_line(
            items,
            brk,
            measures[min(k, len(measures) - 1)],
            first=k == 0,
            last=k == len(breaks) - 1,
            indent=settings.indent,
            last_line=settings.last_line,
        )
        for k, brk in enumerate(breaks)
    )
    return Paragraph(lines, _problems(texts, items, lines, measures))


def set_headline(
    clusters: Sequence[Cluster], measure: float, max_lines: int | None = None
) -> Paragraph:
    """Set a title: one line if it fits, else the fewest balanced ragged lines."""
    texts, advances = _columns(clusters)
    return set_headline_runs(texts, advances, measure, max_lines)


def set_headline_runs(
    texts: Sequence[str], advances: Sequence[float], measure: float, max_lines: int | None = None
) -> Paragraph:
    """:func:`set_headline` of the clusters' texts and advances."""
    items = itemize_runs(texts, advances, HEADLINE_SETTINGS, headline=True)
    breaks = break_headline(items, measure)
    problems: list[str] = []
    if breaks is None:  # no acceptable phrase breaking: fall back, and say so
        options = BreakOptions((float(measure),), 0.0, "start", avoid_orphans=True)
        breaks = break_lines(items, options)
        problems.append("headline: no balanced breaking keeps units and kinsoku whole")
    if max_lines is not None and len(breaks) > max_lines:
        problems.append(f"headline needs {len(breaks)} lines, more than max_lines={max_lines}")
    lines = tuple(
        set_line(
            items,
            brk,
            float(measure),
            first=k == 0,
            last=k == len(breaks) - 1,
            indent=0.0,
            last_line="start",
            ragged=True,
        )
        for k, brk in enumerate(breaks)
    )
    problems += _problems(texts, items, lines, (float(measure),), ragged=True)
    return Paragraph(lines, tuple(problems))


def _columns(clusters: Sequence[Cluster]) -> tuple[list[str], list[float]]:
    return [c.text for c in clusters], [c.advance for c in clusters]


def _measures(measure: float | Sequence[float]) -> tuple[float, ...]:
    values = (float(measure),) if isinstance(measure, int | float) else tuple(map(float, measure))
    if not values or min(values) <= 0:
        raise ValueError(f"measure must be positive, got {measure!r}")
    return values


def _problems(
    texts: Sequence[str],
    items: Items,
    lines: tuple[Line, ...],
    measures: tuple[float, ...],
    *,
    ragged: bool = False,
) -> tuple[str, ...]:
    """What could not be set well: long units, overfull, underfull or very loose lines."""
    out = []
    widest = max(measures)
    for start, end in items.units:
        width = sum(b.width for b in items.boxes[start:end])
        width += sum(g.natural for g in items.glues[start : end - 1])
        if width > widest + EPS:
            text = "".join(texts[start:end])
            out.append(
                f"unit {text!r} (clusters {start}-{end - 1}) is {width:g} em,"
                f" longer than the {widest:g} em measure"
            )
    for k, line in enumerate(lines, 1):
        where = f"line {k} (clusters {line.start}-{line.end - 1})"
        short = line.width - line.natural - line.stretch
        if line.overflow > EPS:
            out.append(f"{where} overflows the measure by {line.overflow:.3g} em")
        elif not (line.is_last or ragged) and short > EPS:
            out.append(f"{where} is {short:.3g} em short: nothing there may be stretched")
        elif line.gap_stretch > GAP_REFERENCE + EPS:
            out.append(f"{where} is very loose: gaps +{line.gap_stretch:.3g} em")
    return tuple(out)

