"""Public value types of the paragraph setter: clusters and settings in, lines out.

Input: nothing of ours. Output: :class:`Cluster`, :class:`Settings`, :class:`Line`,
:class:`Paragraph` (re-exported by ``zzprint.text``). All lengths are in em of the body
size; x positions are measured from the column's left edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

KINSOKU_LEVELS = ("basic", "gb", "strict", "none")
PUNCTUATION_STYLES = ("quanjiao", "kaiming", "hangmo", "banjiao", "plain")
LAST_LINE_MODES = ("start", "justify", "center")
_GRID_EPS = 1e-6


@dataclass(frozen=True)
class Cluster:
    """One shaping cluster, usually one character."""

    text: str  # source characters
    advance: float  # natural advance in em: Han and full-width marks 1.0, Latin proportional


@dataclass(frozen=True)
class Settings:
    """Paragraph composition settings, resolved and checked once."""

    kinsoku: str = "gb"  # 避头尾 level: "basic" | "gb" | "strict" | "none" [CL-KIN]
    punctuation: str = "quanjiao"  # 标点挤压 style: quanjiao 全角 | kaiming 开明 | hangmo
    #                                行末半角 | banjiao 半角 | plain 不挤压 (docs/typesetting.md §4)
    cjk_latin_space: float = 0.25  # em between Han and Latin/digits, clamped to ⅛..½ [CL-MIX]
    indent: float = 2.0  # first-line indent, em [CL-IND]
    hanging: bool = False  # let one of 、，。 hang past the line end [CL-HANG]
    avoid_orphans: bool = True  # avoid a 孤字 last line [CL-ORPH]
    last_line: str = "start"  # "start" (ragged, never stretched) | "justify" | "center"

    def __post_init__(self) -> None:
        _check("kinsoku", self.kinsoku, KINSOKU_LEVELS)
        _check("punctuation", self.punctuation, PUNCTUATION_STYLES)
        _check("last_line", self.last_line, LAST_LINE_MODES)
        if self.indent < 0:
            raise ValueError(f"indent must be >= 0, got {self.indent}")
        # Clamp rather than reject: the range is a typographic limit, not an input error.
        clamped = min(0.5, max(0.125, float(self.cjk_latin_space)))
        object.__setattr__(self, "cjk_latin_space", clamped)


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


@dataclass(frozen=True)
class Line:
    """One set line: which clusters, where each glyph origin goes, and how it was adjusted."""

    start: int  # first cluster index
    end: int  # one past the last cluster index
    x: tuple[float, ...]  # glyph origin per cluster (glyph drawn at its natural advance)
    width: float  # the line's measure
    natural: float  # natural width of the content (indent, style and edge rules applied)
    ratio: float  # adjustment ratio: -1 = all push-in used, +1 = gaps stretched ¼ em
    is_last: bool
    compressed: int = 0  # marks set narrower than their advance (style, pair, edge, push-in)
    shrink: float = 0.0  # em pushed in to justify
    stretch: float = 0.0  # em added to justify
    stretched_gaps: int = 0  # gaps that received stretch
    gap_stretch: float = 0.0  # extra em per inter-character gap (equal within the line)
    pushed_out: int = 0  # clusters carried to the next line that would fit at natural width
    hung: int | None = None  # index of the mark hanging past the edge, if any
    overflow: float = 0.0  # em past the column edge (content wider than the measure)
    offset: float = 0.0  # em left blank before the content by centring
    right: float = 0.0  # where the content ends (a hung mark excluded): width if justified

    @cached_property  # the proof audit and the copy-fit ask often; x never changes
    def on_grid(self) -> bool:
        """Every glyph origin sits on a whole em (the character grid)."""
        return all(abs(v - round(v)) < _GRID_EPS for v in self.x)

    def __len__(self) -> int:
        return self.end - self.start

    @classmethod
    def _make(cls, **fields: object) -> Line:
        """The same Line as ``Line(**fields)`` with every field given by keyword in field
        order, built without the frozen dataclass ``__init__`` (one ``object.__setattr__``
        per field): the line setter makes thousands. Line has no ``__post_init__``."""
        line = object.__new__(cls)
        line.__dict__.update(fields)
        return line


assert "__post_init__" not in vars(Line)  # Line._make relies on it


@dataclass(frozen=True)
class Paragraph:
    """A set paragraph: its lines in order, and what could not be set well."""

    lines: tuple[Line, ...]
    problems: tuple[str, ...] = ()  # e.g. a unit longer than the measure (still set)

    @property
    def grid_share(self) -> float:
        """Share of lines with every glyph on the character grid."""
        if not self.lines:
            return 1.0
        return sum(line.on_grid for line in self.lines) / len(self.lines)
