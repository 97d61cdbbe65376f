"""The memo: results of pure stage functions, kept for a process that builds again.

Owned by the long-running processes (``zzprint watch``, ``zzprint compose``) and passed
down: ``build_page(spec, memo=...)`` → the flow's :class:`~zzprint.flow.article.Context`
→ the setter → shaping; the build's result carries it to ``render(result)`` → the PDF writer.  A one-shot build makes a fresh one (copy-fit trials set the
same paragraphs again within one build).  Nothing else in zzprint keeps results between
calls, except read-only tables and loaded font files (tests/test_memo.py holds the list).

Each table is a bounded LRU map.  A key holds everything its result depends on, by value
(font files by path, face, size, mtime and inode — :attr:`zzprint.fonts.face.Face.key`;
text; style; measures; settings), never an object's identity, so an entry is found again
exactly when a fresh computation would give the same result.  Values are immutable, but for
the ``tj`` entries' text filled in for the last subset drawn with (render.pdf.tj_arrays).
"""

from __future__ import annotations

# Table → entries kept.  A 48-article edition sets ~2 500 paragraphs, with copy-fit variants.
SIZES: dict[str, int] = {
    "shaped": 4096,  # (text, font chain) → shaped clusters; (text, face, …, "ttb") → vertical glyphs
    "itemized": 1024,  # a paragraph's breaker items, shared by its loosenesses and measures
    "paragraphs": 8192,  # set paragraphs (flow.setter.set_paragraph)
    "headlines": 2048,  # set titles (flow.setter.set_headline)
    "placed": 65536,  # one set line's glyphs at an x: the same tuples again, which the renderer recognises
    "fitted": 512,  # an article copy-fitted and drawn in its frame (flow.copyfit.fit_article)
    "headers": 64,  # a page's header (报眉) set (flow.page_layout)
    "inked": 512,  # an article's ink boxes, off-frame faults and own overlaps on its page (faults.find_faults)
    "slots": 256,  # a frame's body lines with some cells taken (flow.frames.body_slots)
    "uncovered": 1024,  # an article's characters that no font of the set has (build.py)
    "specs": 64,  # the input files, reused while their bytes are unchanged (build.py)
    "editions": 64,
    "articles": 1024,  # one per content file (a 16-page edition has ~100)
    "fontsets": 16,
    # render.pdf: one glyph run's TJ operators by its glyphs, size, scaling and face (a
    # 48-article, 8-page edition draws ~6 000 runs), and the text of each TJ displacement.
    "tj": 65536,
    "displacements": 65536,
    # A block of a page's items (an article's) drawn: its operators and the graphics state after.
    "drawn": 1024,
    "shown": 1024,  # the glyphs a block of items shows, for subsetting (render.pdf.FontSet.collect)
    # render.pdffonts: per face and glyph set, its subset, /W array and ToUnicode CMap.
    "subsets": 32,
    "widths": 32,
    "cmaps": 32,
}


class Table:
    """One bounded LRU map (dict order = recency) with hit and miss counts; ``size`` 0 keeps nothing."""

    __slots__ = ("name", "size", "data", "hits", "misses")

    def __init__(self, name: str, size: int):
        self.name = name
        self.size = size
        self.data: dict = {}
        self.hits = self.misses = 0

    def get(self, key):
        """The value kept under ``key``, or None."""
        data = self.data
        value = data.pop(key, None)
        if value is None:
            self.misses += 1
            return None
        data[key] = value  # most recent last
        self.hits += 1
        return value

    def get_or_make(self, key, make, *args):
        """The value kept under ``key``, else ``make(*args)``, kept."""
        value = self.get(key)
        return value if value is not None else self.put(key, make(*args))

    def get_if(self, key, valid):
        """The value kept under ``key`` if ``valid(value)`` (an input whose file is unchanged), else None (a miss)."""
        data = self.data
        value = data.get(key)
        if value is None or not valid(value):
            self.misses += 1
            return None
        data[key] = data.pop(key)  # most recent last
        self.hits += 1
        return value

    def put(self, key, value):
        """Keep ``value`` under ``key`` (dropping the least recent beyond ``size``); returns ``value``."""
        if self.size > 0:
            data = self.data
            data[key] = value
            if len(data) > self.size:
                del data[next(iter(data))]
        return value

    def __len__(self) -> int:
        return len(self.data)

    def clear(self) -> None:
        self.data.clear()
        self.hits = self.misses = 0


class Key:
    """A key whose hash is computed once: a set paragraph's key, which then names each of
    its lines in the ``placed`` table (a tuple would hash the text, style and fonts again per line)."""

    __slots__ = ("value", "hash")

    def __init__(self, value: tuple):
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other) -> bool:
        return self is other or (other.__class__ is Key and self.hash == other.hash and self.value == other.value)

    def __repr__(self) -> str:
        return f"Key({self.value!r})"


class Memo:
    """One table per stage (:data:`SIZES`), as attributes: ``memo.paragraphs.get(key)``."""

    def __init__(self, **sizes: int):
        unknown = set(sizes) - set(SIZES)
        if unknown:
            raise TypeError(f"no memo table named {', '.join(sorted(unknown))}")
        self.tables = {name: Table(name, sizes.get(name, size)) for name, size in SIZES.items()}
        for name, table in self.tables.items():
            setattr(self, name, table)

    # Declared for readers and type checkers; set in __init__.
    shaped: Table
    itemized: Table
    paragraphs: Table
    headlines: Table
    fitted: Table
    headers: Table
    placed: Table
    inked: Table
    slots: Table
    uncovered: Table
    specs: Table
    editions: Table
    articles: Table
    fontsets: Table
    tj: Table
    drawn: Table
    shown: Table
    displacements: Table
    subsets: Table
    widths: Table
    cmaps: Table

    def clear(self) -> None:
        """Forget everything (counts too)."""
        for table in self.tables.values():
            table.clear()

    def stats(self) -> dict[str, tuple[int, int, int]]:
        """Per table: (entries, hits, misses)."""
        return {name: (len(t), t.hits, t.misses) for name, t in self.tables.items()}


__all__ = ["Key", "Memo", "SIZES", "Table"]
