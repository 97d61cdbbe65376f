"""Font roles (书宋, 黑体, 楷体, 仿宋) → font files and faces.

Input: ``fonts/fonts.yaml`` (roles, search path, fallback chain).  Output: a
:class:`FontSet` that gives, per role, the primary :class:`~zzprint.fonts.face.Face`
followed by the fallback faces.  A missing file, a corrupt font or a face name
that is not in the collection is a UserError naming the manifest line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content.markdown import text_position
from ..content.model import HEAD_FIELDS, Article
from ..errors import Problem, UserError
from ..spec.yamlpos import load_yaml_file, position
from .face import Face, FontFileError, load_face
from .shape import describe_char


@dataclass(frozen=True)
class FontSet:
    roles: dict[str, tuple[Face, ...]]  # role → primary face, then fallbacks
    manifest: Path

    def chain(self, role: str) -> tuple[Face, ...]:
        return self.roles[role]


def load_fontset(manifest: Path) -> FontSet:
    file = str(manifest)
    data, positions = load_yaml_file(manifest, "font manifest")
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise UserError.at("font manifest needs a 'roles:' mapping", file, 1, 1, "see fonts/fonts.yaml in the zzprint repository")
    unknown = set(data) - {"search_path", "roles", "fallback"}
    problems = [Problem(f"unknown key '{k}' in font manifest", file, *position(positions, (k,), value=False),
                        hint=_did_you_mean(k, ["search_path", "roles", "fallback"])) for k in sorted(unknown, key=str)]
    base = manifest.resolve().parent
    folders = data.get("search_path") or []
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        problems.append(Problem("search_path must be a list of folders", file, *position(positions, ("search_path",)),
                                hint="e.g. search_path: [files, /usr/share/fonts/opentype/noto]"))
        folders = []
    search = [(base / Path(p).expanduser()) for p in folders] + [base]
    if not isinstance(data.get("fallback") or [], list):
        problems.append(Problem("fallback must be a list of font entries", file, *position(positions, ("fallback",)),
                                hint="e.g. fallback: [{file: HanaMinA.ttf}, {file: HanaMinB.ttf}]"))
        data["fallback"] = []

    def face_for(entry: object, path: tuple) -> Face | None:
        # Unknown keys first: a typo such as 'fil:' is the reason 'file:' is missing.
        for k in sorted(set(entry) - {"file", "face", "package"} if isinstance(entry, dict) else (), key=str):
            problems.append(Problem(f"unknown key '{k}' in font entry", file, *position(positions, path + (k,), value=False),
                                    hint=_did_you_mean(k, ["file", "face", "package"])))
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
            problems.append(Problem("a font entry needs 'file:'", file, *position(positions, path),
                                    hint="e.g. {file: NotoSerifCJK-Regular.ttc, face: Noto Serif CJK SC}"))
            return None
        if entry.get("face") is not None and not isinstance(entry["face"], str):
            problems.append(Problem("face: must be a name", file, *position(positions, path + ("face",)),
                                    hint="write the face's full or PostScript name, e.g. Noto Serif CJK SC"))
            return None
        found = _find(entry["file"], search)
        if found is None:
            package = entry.get("package")
            hint = (f"install the Debian package {package} (apt-get install {package})" if package
                    else "put the file in fonts/files/ or add its folder to search_path")
            problems.append(Problem(f"font file {entry['file']!r} not found on the search path", file,
                                    *position(positions, path + ("file",)), hint=hint))
            return None
        try:
            return load_face(found, entry.get("face"))
        except FontFileError as err:
            problems.append(Problem(str(err), file, *position(positions, path + ("face" if err.face_missing else "file",)),
                                    hint=err.hint))
            return None

    fallbacks = [f for i, e in enumerate(data.get("fallback") or []) if (f := face_for(e, ("fallback", i)))]
    roles: dict[str, tuple[Face, ...]] = {}
    for role, entry in data["roles"].items():
        primary = face_for(entry, ("roles", role))
        if primary:
            roles[str(role)] = (primary,) + tuple(f for f in fallbacks if f.ref != primary.ref)
    if problems:
        raise UserError(*problems)
    return FontSet(roles, manifest)


def uncovered_problems(articles: Iterable[Article], fonts: FontSet) -> list[Problem]:
    """One problem per character (of every article, at once) that no font of the set has.

    The setter refuses such a character too, but only the first paragraph it meets and
    only for one role; checking every article first reports them all, each at its
    file line and column.  Control characters are the content loader's business.
    """
    faces = {id(face): face for chain in fonts.roles.values() for face in chain}.values()
    # Each distinct character is looked up once (set operations in C); a text is walked
    # character by character only when it has one that no font covers.
    checked: set[str] = set()
    uncovered: set[str] = set()
    problems: list[Problem] = []
    for article in articles:
        fields = [(name, getattr(article, name), article.line_of(name)) for name in HEAD_FIELDS]
        parts = fields + [(block.kind, block.text, block.line) for block in article.blocks]
        for what, text, line in parts:
            chars = set(text)
            for char in chars - checked:
                checked.add(char)
                if char not in "\n\t" and not any(face.has(char) for face in faces):
                    uncovered.add(char)
            missing = chars & uncovered
            if not missing:
                continue
            for index, char in enumerate(text):
                if char in missing:
                    at_line, col = text_position(article.path, line, text, index)
                    problems.append(Problem(
                        f"{describe_char(char)} is in no font of {fonts.manifest.name} (article {article.id}, {what})",
                        str(article.path), at_line, col,
                        "replace the character, or add a font that has it to fallback: in fonts/fonts.yaml"))
    return problems


def _find(name: str, search: list[Path]) -> Path | None:
    candidate = Path(name).expanduser()
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for folder in search:
        if (folder / name).is_file():
            return folder / name
    return None


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
