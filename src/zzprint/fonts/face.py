"""One font face: file + index → HarfBuzz face/font, metrics and coverage.

Input: a font file path (.ttf/.otf/.ttc) and, for a collection, a face name.
Output: a :class:`Face` (cached per path, size and mtime, since parsing a 20 MB
.ttc is the dearest step of a warm rebuild).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb

from ..i18n import _
from ..inputs import open_input, read_capped
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
    # The file and face by value (real path, face name, size, mtime, inode): what a memo
    # key names this face by (zzprint.memo), as the cache of parsed faces below does.
    # A face made by hand (not by load_face) is named by its ref.
    key: tuple = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not self.key:
            self.key = tuple(self.ref)

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


def load_face(path: Path, face_name: str | None = None, roots: Iterable[Path] | None = None,
              name: str | None = None) -> Face:
    """The face ``face_name`` (else the first) of the font file ``path``.

    ``roots``: the folders the file must really lie in (default: its project, see
    :func:`zzprint.inputs.named_project`); ``name``: the file as the manifest wrote it, for
    messages.  A link out of them, a pipe, a device or a file over 64 MiB is an
    :class:`~zzprint.inputs.InputError`; a file that is not a sound font a :class:`FontFileError`.
    """
    with open_input(path, kind="font file", root=roots, name=name) as (fd, info):
        real = os.path.realpath(path)
        key = (real, face_name or "", info.st_size, info.st_mtime_ns, info.st_ino)
        face = _FACES.get(key)
        if face is None:
            face = _parse(fd, real, face_name or "", info.st_size)
            face.key = key
            if len(_FACES) >= _MAX_FACES:
                del _FACES[next(iter(_FACES))]
            _FACES[key] = face
        return face


# Faces parsed in this process, per real path, face name, size, mtime and inode: parsing
# a 20 MB .ttc is the dearest step of a warm rebuild.
_FACES: dict[tuple, Face] = {}
_MAX_FACES = 32
# A collection (.ttc) holds a few dozen faces at most (Noto CJK: 10); the count in its
# header is checked against this and the file's size before anything is read by it.
MAX_FACES_IN_COLLECTION = 512


def _parse(fd: int, path: str, face_name: str, size: int) -> Face:
    offsets = _face_offsets(fd, path, size)
    damage = _truncation(fd, offsets, size)
    if damage:
        # HarfBuzz reads a cut-off font without complaint and finds no characters in it,
        # so every character would silently come from the fallback fonts instead.
        raise FontFileError(_("{path} is damaged: {damage}").format(path=path, damage=damage), _("replace the file: it is truncated or corrupt (copy it again)"))
    blob = _blob(fd, path, size)
    names = []
    for index in range(len(offsets)):
        face = hb.Face(blob, index)
        if face.upem == 0 or face.glyph_count == 0:
            raise FontFileError(_("{path} is not a usable font (no glyphs)").format(path=path), _("replace the file: it may be truncated"))
        full = _name(face, _FULL_NAME)
        names.append((index, full, _name(face, _POSTSCRIPT), _name(face, _FAMILY)))
    if face_name:
        matches = [n for n in names if face_name in (n[1], n[2], n[3])]
        if not matches:
            available = ", ".join(n[1] for n in names)
            raise FontFileError(_("face {face!r} is not in {file}").format(face=face_name, file=os.path.basename(path)),
                                _("available faces: {available}").format(available=available), face_missing=True)
        index, full, postscript, _family = matches[0]
    else:
        index, full, postscript, _family = names[0]
    face = hb.Face(blob, index)
    font = hb.Font(face)
    cmap = face.unicodes
    if not cmap:
        raise FontFileError(_("{path} maps no characters (its cmap table is empty or unreadable)").format(path=path),
                            _("replace the file: it may be corrupt, or it is a symbol font without Unicode mapping"))
    return Face(FontRef(path, index, postscript or full), face, font, face.upem, full, cmap)


def _blob(fd: int, path: str, size: int) -> hb.Blob:
    """The font's bytes for HarfBuzz, from the file already checked and open.

    On Linux HarfBuzz maps it through ``/proc/self/fd`` (the very file opened, whatever
    its name now points to), so a 30 MB CJK font is not copied; elsewhere it is read,
    at most ``size`` bytes.
    """
    proc = f"/proc/self/fd/{fd}"
    if os.path.exists(proc):
        try:
            return hb.Blob.from_file_path(proc)
        except Exception:  # noqa: BLE001 - uharfbuzz raises plain exceptions; read it instead
            pass
    os.lseek(fd, 0, os.SEEK_SET)
    return hb.Blob(read_capped(fd, "font file", Path(path), size))


def _name(face: hb.Face, name_id: int) -> str:
    try:
        return face.get_name(name_id) or ""
    except Exception:  # noqa: BLE001 - a face without that name entry
        return ""


def _face_offsets(fd: int, path: str, size: int) -> list[int]:
    """Where each face's table directory starts: [0] for a single font, the collection's offsets
    for a .ttc — whose count and offsets are checked against the file's size before they are read."""
    head = os.pread(fd, 12, 0)
    if head[:4] != b"ttcf":
        if head[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            return [0]
        raise FontFileError(_("{path} is not a font file (corrupt or wrong format)").format(path=path),
                            _("use an OpenType (.otf/.ttf) or collection (.ttc) file"))
    if len(head) < 12:
        raise FontFileError(_("{path} is damaged: the collection header is cut off").format(path=path), _("replace the file: it is truncated"))
    count = int.from_bytes(head[8:12], "big")
    if count == 0 or count > MAX_FACES_IN_COLLECTION or 12 + 4 * count > size:
        raise FontFileError((_("{path} is damaged: its collection header claims {count} faces (more than the file can hold)")
                             if 12 + 4 * count > size else
                             _("{path} is damaged: its collection header claims {count} faces (no real collection has that many)")
                             ).format(path=path, count=count),
                            _("replace the file: it is corrupt (copy it again)"))
    table = os.pread(fd, 4 * count, 12)
    offsets = [int.from_bytes(table[4 * i:4 * i + 4], "big") for i in range(count)]
    for offset in offsets:
        if offset + 12 > size:
            raise FontFileError(_("{path} is damaged: the face at byte {offset} is cut off").format(path=path, offset=offset),
                                _("replace the file: it is truncated or corrupt (copy it again)"))
    return offsets


def _truncation(fd: int, offsets: list[int], size: int) -> str:
    """Why a table directory does not fit the file ("" when it does): a cheap test for a cut-off copy.
    Each read is bounded by the directory's own size (at most 1 MiB), checked against the file first."""
    for offset in offsets:
        header = os.pread(fd, 12, offset)
        if len(header) < 12:
            return _("the face at byte {offset} is cut off").format(offset=offset)
        tables = int.from_bytes(header[4:6], "big")
        if offset + 12 + 16 * tables > size:
            return _("the table directory is cut off")
        directory = os.pread(fd, 16 * tables, offset + 12)
        for i in range(tables):
            entry = directory[16 * i:16 * i + 16]
            tag = entry[:4].decode("latin-1")
            start, length = int.from_bytes(entry[8:12], "big"), int.from_bytes(entry[12:16], "big")
            if start + length > size:
                return _("table '{tag}' ends at byte {end} but the file has {size} bytes").format(
                    tag=tag.strip(), end=start + length, size=size)
    return ""
