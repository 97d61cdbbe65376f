"""Shaping: text + a role's font chain → clusters with real advances.

Input: a string and the faces of a role (primary first, then fallbacks).
Output: :class:`ShapedCluster` per HarfBuzz cluster (usually one character; a
ligature such as the —— glyph is one cluster of two characters), each with its
advance in em and its glyphs.  Language is zh-Hans so that CJK forms are chosen.

A character no face covers is an error naming the character and its code point;
it is never drawn as .notdef.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import uharfbuzz as hb

from ..memo import Memo
from .face import Face

LANGUAGE = "zh-Hans"
# Kerning off: a kerned advance depends on the next character, so a line broken between
# a kerned pair (a URL at its '.') would no longer fill its measure exactly.  Chinese body
# text sets Latin unkerned anyway; ligatures and locl forms stay on.
FEATURES = {"kern": False}


# NamedTuples, not dataclasses: a page makes one of each per character, and tuples are
# built in C (a frozen dataclass costs a Python-level __init__ per object).
class ShapedGlyph(NamedTuple):
    gid: int
    dx: float  # em, from the cluster's pen position
    dy: float  # em, upwards as in fonts
    advance: float  # em


class ShapedCluster(NamedTuple):
    text: str
    advance: float  # em
    face: Face
    glyphs: tuple[ShapedGlyph, ...]


class MissingGlyph(Exception):
    """Characters that no face in the chain covers: (index in text, character)."""

    def __init__(self, missing: list[tuple[int, str]]):
        super().__init__(", ".join(describe_char(c) for _, c in missing))
        self.missing = missing


def describe_char(char: str) -> str:
    name = unicodedata.name(char, "unnamed")
    return f"'{char}' U+{ord(char):04X} {name}"


# Marks that take the face of the character before them, never one of their own.
_ATTACHING = {0x200D, 0x20E3} | set(range(0xFE00, 0xFE10)) | set(range(0xE0100, 0xE01F0))


def shape(text: str, chain: tuple[Face, ...], memo: Memo | None = None) -> tuple[ShapedCluster, ...]:
    """Shape ``text`` with the first face of ``chain`` that has each character.

    ``memo``: where a process that sets the same text again keeps the result (copy-fit
    trials set a paragraph at several measures; the table's key names the font files by value).
    """
    if memo is None:
        return _shape(text, chain)
    key = (text, tuple([face.key for face in chain]), LANGUAGE)  # FEATURES are constant
    return memo.shaped.get_or_make(key, _shape, text, chain)


def _shape(text: str, chain: tuple[Face, ...]) -> tuple[ShapedCluster, ...]:
    runs = _split_by_face(text, chain)
    clusters: list[ShapedCluster] = []
    for start, end, face in runs:
        clusters.extend(_shape_run(text, start, end, face))
    return tuple(clusters)


def _split_by_face(text: str, chain: tuple[Face, ...]) -> list[tuple[int, int, Face]]:
    primary = chain[0]
    if primary.covers_all(text):  # the usual case: one run in the role's own font
        return [(0, len(text), primary)]
    runs: list[tuple[int, int, Face]] = []
    missing: list[tuple[int, str]] = []
    for i, char in enumerate(text):
        if ord(char) in _ATTACHING and runs:
            face = runs[-1][2]
        else:
            face = next((f for f in chain if f.has(char)), None)
            if face is None:
                if char in "\n\t":
                    face = chain[0]
                else:
                    missing.append((i, char))
                    continue
        if runs and runs[-1][2] is face and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1, face)
        else:
            runs.append((i, i + 1, face))
    if missing:
        raise MissingGlyph(missing)
    return runs


def _shape_run(text: str, start: int, end: int, face: Face) -> list[ShapedCluster]:
    buf = hb.Buffer()
    buf.add_str(text[start:end])
    buf.guess_segment_properties()
    buf.language = LANGUAGE
    hb.shape(face.hb_font, buf, FEATURES)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    if len(infos) == end - start:
        clusters = _one_glyph_each(text, start, face, infos, positions)
        if clusters is not None:
            return clusters
    return _group(text, start, end, face, infos, positions)


def _one_glyph_each(text: str, start: int, face: Face, infos, positions) -> list[ShapedCluster] | None:
    """The usual run — glyph k is character k, a cluster of its own — or None.

    Such a cluster is a function of (character, glyph id, advance, offsets), so it is
    made once per face and shared (NamedTuples are immutable): the same object that
    :func:`_group` would build, without a dict, a sum and two tuples per character.
    """
    memo = face.clusters
    result = []
    for k, info, pos in zip(range(len(infos)), infos, positions):
        if info.cluster != k:
            return None
        char = text[start + k]
        key = (char, info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset)
        cluster = memo.get(key)
        if cluster is None:
            cluster = memo[key] = _single(char, face, info, pos)
        result.append(cluster)
    return result


def _single(char: str, face: Face, info, pos) -> ShapedCluster:
    """A cluster of one character and one glyph: what :func:`_group` computes for it (pen 0
    + dx, and a sum of one advance; int / int is never -0.0, so adding to 0 changes no value)."""
    upem = face.upem
    advance = pos.x_advance / upem
    return ShapedCluster(char, advance, face, (ShapedGlyph(info.codepoint, pos.x_offset / upem, pos.y_offset / upem,
                                                           advance),))


def _group(text: str, start: int, end: int, face: Face, infos, positions) -> list[ShapedCluster]:
    """Clusters of any shape: ligatures (several characters, one glyph), marks (one character, several glyphs).

    A paragraph with one ligature (a ——) comes here whole, so a cluster of one glyph and
    one character is still taken from the face's table as :func:`_one_glyph_each` does
    (the same value); only the others are built glyph by glyph.
    """
    upem = face.upem
    memo = face.clusters
    glyph_clusters = [info.cluster for info in infos]
    count = len(glyph_clusters)
    if any(later < earlier for earlier, later in zip(glyph_clusters, glyph_clusters[1:])):
        return _group_any_order(text, start, end, face, infos, positions)
    # Clusters come in order: each is a run of glyphs with the same cluster value.
    result = []
    append = result.append
    i = 0
    while i < count:
        cluster = glyph_clusters[i]
        j = i + 1
        while j < count and glyph_clusters[j] == cluster:
            j += 1
        stop = glyph_clusters[j] if j < count else end - start
        if j == i + 1 and stop == cluster + 1:
            info, pos = infos[i], positions[i]
            char = text[start + cluster]
            key = (char, info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset)
            shaped = memo.get(key)
            if shaped is None:
                shaped = memo[key] = _single(char, face, info, pos)
            append(shaped)
        else:
            glyphs: list[ShapedGlyph] = []
            for k in range(i, j):
                info, pos = infos[k], positions[k]
                pen = sum(g.advance for g in glyphs) if glyphs else 0  # dx is relative to the cluster's origin
                glyphs.append(ShapedGlyph(info.codepoint, pen + pos.x_offset / upem, pos.y_offset / upem,
                                          pos.x_advance / upem))
            append(ShapedCluster(text[start + cluster:start + stop], sum(g.advance for g in glyphs), face,
                                 tuple(glyphs)))
        i = j
    return result


def _group_any_order(text: str, start: int, end: int, face: Face, infos, positions) -> list[ShapedCluster]:
    """:func:`_group` for glyphs whose clusters are not in text order (right-to-left runs)."""
    upem = face.upem
    by_cluster: dict[int, list[ShapedGlyph]] = {}
    for info, pos in zip(infos, positions, strict=True):
        glyphs = by_cluster.get(info.cluster)
        if glyphs is None:
            glyphs = by_cluster[info.cluster] = []
        pen = sum(g.advance for g in glyphs) if glyphs else 0  # dx is relative to the cluster's origin
        glyphs.append(ShapedGlyph(info.codepoint, pen + pos.x_offset / upem, pos.y_offset / upem, pos.x_advance / upem))
    starts = sorted(by_cluster)
    result = []
    for n, cluster in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end - start
        glyphs = by_cluster[cluster]
        result.append(ShapedCluster(text[start + cluster:start + stop], sum(g.advance for g in glyphs), face,
                                    tuple(glyphs)))
    return result
