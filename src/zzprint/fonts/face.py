"""One font face: file + index → HarfBuzz face/font, metrics and coverage.

Input: a font file path (.ttf/.otf/.ttc) and, for a collection, a face name.
Output: a :class:`Face` (cached per path, size and mtime, since parsing a 20 MB
.ttc is the dearest step of a warm rebuild).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb

from ..page import FontRef

# OpenType name IDs.
_FAMILY, _FULL_NAME, _POSTSCRIPT = 1, 4, 6


class FontFileError(Exception):
    def __init__(self, message: str, hint: str, face_missing: bool = False):
        super().__init__(message)
        self.hint = hint
        self.face_missing = face_missing


@dataclass(eq=False)
class Face:
    ref: FontRef
    hb_face: hb.Face
    hb_font: hb.Font
    upem: int
    full_name: str
    cmap: hb.Set = field(repr=False)  # every code point the font maps (HarfBuzz's set, built in C)
    # Code points of ``cmap`` asked for so far, as a Python set: converting a CJK font's
    # whole cmap (45 000 code points) would cost ~4 ms per face, mostly for fallback
    # faces that are never consulted.
    _seen: set[int] = field(default_factory=set, repr=False)
    # shape.py's memo of single-glyph clusters in this face, one per distinct
    # (character, glyph, advance, offsets): see shape._one_glyph_each.
    clusters: dict = field(default_factory=dict, repr=False)

    def covers_all(self, text: str) -> bool:
        """Whether the font has every character of ``text`` (usually one C-level set test)."""
        seen = self._seen
        if seen.issuperset(map(ord, text)):
            return True
        cmap = self.cmap
        for code in set(map(ord, text)) - seen:
            if code not in cmap:
                return False
            seen.add(code)
        return True

    def has(self, char: str) -> bool:
        """Whether the font maps this code point to a glyph (not .notdef)."""
        code = ord(char)
        if code in self._seen:
            return True
        if code in self.cmap:
            self._seen.add(code)
            return True
        return False


def load_face(path: Path, face_name: str | None = None) -> Face:
    stat = path.stat()
    return _load_face(str(path.resolve()), face_name or "", stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _load_face(path: str, face_name: str, size: int, mtime: int) -> Face:
    try:
        blob = hb.Blob.from_file_path(path)
    except Exception as err:  # noqa: BLE001 - uharfbuzz raises plain exceptions for unreadable files
        raise FontFileError(f"cannot read font file {path}: {err}", "check the file exists and is readable") from None
    count = _count_faces(path)
    if count == 0:
        raise FontFileError(f"{path} is not a font file (corrupt or wrong format)",
                            "use an OpenType (.otf/.ttf) or collection (.ttc) file")
    damage = _truncation(path, size)
    if damage:
        # HarfBuzz reads a cut-off font without complaint and finds no characters in it,
        # so every character would silently come from the fallback fonts instead.
        raise FontFileError(f"{path} is damaged: {damage}", "replace the file: it is truncated or corrupt (copy it again)")
    names = []
    for index in range(count):
        face = hb.Face(blob, index)
        if face.upem == 0 or face.glyph_count == 0:
            raise FontFileError(f"{path} is not a usable font (no glyphs)", "replace the file: it may be truncated")
        full = _name(face, _FULL_NAME)
        names.append((index, full, _name(face, _POSTSCRIPT), _name(face, _FAMILY)))
    if face_name:
        matches = [n for n in names if face_name in (n[1], n[2], n[3])]
        if not matches:
            available = ", ".join(n[1] for n in names)
            raise FontFileError(f"face {face_name!r} is not in {os.path.basename(path)}",
                                f"available faces: {available}", face_missing=True)
        index, full, postscript, _ = matches[0]
    else:
        index, full, postscript, _ = names[0]
    face = hb.Face(blob, index)
    font = hb.Font(face)
    cmap = face.unicodes
    if not cmap:
        raise FontFileError(f"{path} maps no characters (its cmap table is empty or unreadable)",
                            "replace the file: it may be corrupt, or it is a symbol font without Unicode mapping")
    return Face(FontRef(path, index, postscript or full), face, font, face.upem, full, cmap)


def _name(face: hb.Face, name_id: int) -> str:
    try:
        return face.get_name(name_id) or ""
    except Exception:  # noqa: BLE001 - a face without that name entry
        return ""


def _truncation(path: str, size: int) -> str:
    """Why the table directory does not fit the file ("" when it does): a cheap test for a cut-off copy."""
    with open(path, "rb") as f:
        head = f.read(12)
        offsets = [0]
        if head[:4] == b"ttcf":
            count = int.from_bytes(head[8:12], "big")
            table = f.read(4 * count)
            if len(table) < 4 * count:
                return "the collection header is cut off"
            offsets = [int.from_bytes(table[4 * i:4 * i + 4], "big") for i in range(count)]
        for offset in offsets:
            f.seek(offset)
            header = f.read(12)
            if len(header) < 12:
                return f"the face at byte {offset} is cut off"
            tables = int.from_bytes(header[4:6], "big")
            directory = f.read(16 * tables)
            if len(directory) < 16 * tables:
                return "the table directory is cut off"
            for i in range(tables):
                entry = directory[16 * i:16 * i + 16]
                tag = entry[:4].decode("latin-1")
                start, length = int.from_bytes(entry[8:12], "big"), int.from_bytes(entry[12:16], "big")
                if start + length > size:
                    return f"table '{tag.strip()}' ends at byte {start + length} but the file has {size} bytes"
    return ""


def _count_faces(path: str) -> int:
    with open(path, "rb") as f:
        head = f.read(12)
    if head[:4] == b"ttcf":
        return int.from_bytes(head[8:12], "big")
    return 1 if head[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true") else 0
