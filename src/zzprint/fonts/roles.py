"""Font roles (书宋, 黑体, 楷体, 仿宋) → font files and faces.

Input: ``fonts/fonts.yaml`` (roles, search path, fallback chain).  Output: a
:class:`FontSet` that gives, per role, the primary :class:`~zzprint.fonts.face.Face`
followed by the fallback faces.  A missing file, a corrupt font or a face name
that is not in the collection is a UserError naming the manifest line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, UserError
from ..spec.yamlpos import load_yaml, position
from .face import Face, FontFileError, load_face


@dataclass(frozen=True)
class FontSet:
    roles: dict[str, tuple[Face, ...]]  # role → primary face, then fallbacks
    manifest: Path

    def chain(self, role: str) -> tuple[Face, ...]:
        return self.roles[role]


def load_fontset(manifest: Path) -> FontSet:
    file = str(manifest)
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError.at(f"cannot read font manifest: {err}", file, hint="create fonts/fonts.yaml") from None
    data, positions = load_yaml(text, file)
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise UserError.at("font manifest needs a 'roles:' mapping", file, 1, 1, "see fonts/fonts.yaml in the zzprint repository")
    unknown = set(data) - {"search_path", "roles", "fallback"}
    problems = [Problem(f"unknown key '{k}' in font manifest", file, *position(positions, (k,), value=False),
                        hint=_did_you_mean(k, ["search_path", "roles", "fallback"])) for k in sorted(unknown, key=str)]
    base = manifest.resolve().parent
    search = [(base / Path(p).expanduser()) for p in data.get("search_path", [])] + [base]

    def face_for(entry: object, path: tuple) -> Face | None:
        if not isinstance(entry, dict) or "file" not in entry:
            problems.append(Problem("a font entry needs 'file:'", file, *position(positions, path),
                                    hint="e.g. {file: NotoSerifCJK-Regular.ttc, face: Noto Serif CJK SC}"))
            return None
        bad = set(entry) - {"file", "face", "package"}
        for k in sorted(bad, key=str):
            problems.append(Problem(f"unknown key '{k}' in font entry", file, *position(positions, path + (k,), value=False),
                                    hint=_did_you_mean(k, ["file", "face", "package"])))
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
