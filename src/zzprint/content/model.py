"""The content model: what one opinion-page article says, independent of layout.

Input: nothing (plain data types). Output: :class:`Article` and :class:`Block`, frozen
dataclasses built by :mod:`zzprint.content.markdown` from a content file and read by the
layout stages. Text is stored exactly as it will be printed (full-width punctuation,
paragraphs already joined); line numbers point back into the content file so later stages
can report problems at ``FILE:LINE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

BlockKind = Literal["para", "subhead1", "subhead2", "note"]

#: Block kind -> the Markdown line prefix that writes it in a content file.
BLOCK_PREFIX: dict[str, str] = {"para": "", "subhead1": "## ", "subhead2": "### ", "note": "> "}

#: The headline parts an article prints, in reading order (the front-matter fields but ``id``).
HEAD_FIELDS: tuple[str, ...] = ("section", "kicker", "title", "subtitle", "author", "summary")

#: Front-matter fields of a content file, in the order the importer writes them.
FRONT_MATTER_FIELDS: tuple[str, ...] = ("id", *HEAD_FIELDS)


@dataclass(frozen=True)
class Block:
    """One body block: a paragraph, a subhead (level 1 or 2) or a note such as （本文系……）."""

    kind: BlockKind
    text: str
    line: int  # 1-based line in the content file where the block starts
    strong: tuple[tuple[int, int], ...] = ()  # [start, end) ranges of text set in the 'strong' character style (**…**)

    def __post_init__(self) -> None:
        if self.kind not in get_args(BlockKind):
            raise ValueError(f"unknown block kind {self.kind!r}")


@dataclass(frozen=True)
class Article:
    """One article of the page with its headline parts and body blocks."""

    id: str  # defaults to the content file's stem
    path: Path  # the content file it was read from
    section: str  # 栏目 label, e.g. 经济观察; "" if none
    kicker: str  # 引题 above the title; "" if none
    title: str  # 主题
    subtitle: str  # 副题 below the title; "" if none
    author: str
    summary: str  # text of the 【…】 summary without the brackets; "" if none
    blocks: tuple[Block, ...]
    # field name -> 1-based line in the content file; dicts do not hash, so keep it out of hash()
    front_matter_lines: dict[str, int] = field(default_factory=dict, hash=False)

    def all_text(self) -> list[str]:
        """Every string the page must show, in reading order, empty parts left out."""
        head = [getattr(self, name) for name in HEAD_FIELDS]
        return [text for text in head if text] + [block.text for block in self.blocks]

    def line_of(self, field_name: str) -> int:
        """Line of a front-matter field in the content file (1 if unknown: the front matter start)."""
        return self.front_matter_lines.get(field_name, 1)
