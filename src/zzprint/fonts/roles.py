"""Font roles (书宋, 黑体, 楷体, 仿宋) → font files and faces.

Input: ``fonts/fonts.yaml`` (roles, search path, fallback chain).  Output: a
:class:`FontSet` that gives, per role, the primary :class:`~zzprint.fonts.face.Face`
followed by the fallback faces.  A missing file, a corrupt font or a face name
that is not in the collection is a UserError naming the manifest line.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..content.markdown import text_position
from ..content.model import HEAD_FIELDS, Article
from ..errors import Problem, UserError
from ..i18n import _
from ..inputs import InputError, named_project
from ..spec.yamlpos import load_yaml_file, position
from .face import Face, FontFileError, load_face
from .shape import describe_char


@dataclass(frozen=True)
class FontSet:
    roles: dict[str, tuple[Face, ...]]  # role → primary face, then fallbacks
    manifest: Path

    def chain(self, role: str) -> tuple[Face, ...]:
        return self.roles[role]

    @cached_property
    def key(self) -> tuple:
        """The font set by value (each face by file, size, mtime and inode): a memo key."""
        return (self.manifest, tuple((role, tuple(face.key for face in faces)) for role, faces in sorted(self.roles.items())))


def load_fontset(manifest: Path, project: Path | None = None) -> FontSet:
    """The roles of the manifest, each with its faces.

    Font files are read only from ``project`` (default: the manifest's folder's parent, as
    ``fonts/fonts.yaml`` sits in the project) and from the system font folders that
    ``search_path`` names by absolute path; a link or a ``../../`` out of them is refused.
    """
    file = str(manifest)
    project = named_project(manifest) if project is None else project
    data, positions = load_yaml_file(manifest, "font manifest", project)
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise UserError.at(_("font manifest needs a 'roles:' mapping"), file, 1, 1, _("see fonts/fonts.yaml in the zzprint repository"))
    unknown = set(data) - {"search_path", "roles", "fallback"}
    problems = [Problem(_("unknown key '{key}' in font manifest").format(key=k), file, *position(positions, (k,), value=False),
                        hint=_did_you_mean(k, ["search_path", "roles", "fallback"])) for k in sorted(unknown, key=str)]
    base = manifest.resolve().parent
    folders = data.get("search_path") or []
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        problems.append(Problem(_("search_path must be a list of folders"), file, *position(positions, ("search_path",)),
                                hint=_("e.g. search_path: [files, /usr/share/fonts/opentype/noto]")))
        folders = []
    search = [(base / Path(p).expanduser()) for p in folders] + [base]
    # The folders fonts may come from: the project, and system folders named explicitly (absolute).
    roots = [project] + [Path(p).expanduser() for p in folders if Path(p).expanduser().is_absolute()]
    if not isinstance(data.get("fallback") or [], list):
        problems.append(Problem(_("fallback must be a list of font entries"), file, *position(positions, ("fallback",)),
                                hint=_("e.g. fallback: [{file: HanaMinA.ttf}, {file: HanaMinB.ttf}]")))
        data["fallback"] = []

    def face_for(entry: object, path: tuple) -> Face | None:
        # Unknown keys first: a typo such as 'fil:' is the reason 'file:' is missing.
        for k in sorted(set(entry) - {"file", "face", "package"} if isinstance(entry, dict) else (), key=str):
            problems.append(Problem(_("unknown key '{key}' in font entry").format(key=k), file, *position(positions, path + (k,), value=False),
                                    hint=_did_you_mean(k, ["file", "face", "package"])))
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
            problems.append(Problem(_("a font entry needs 'file:'"), file, *position(positions, path),
                                    hint=_("e.g. {file: NotoSerifCJK-Regular.ttc, face: Noto Serif CJK SC}")))
            return None
        if entry.get("face") is not None and not isinstance(entry["face"], str):
            problems.append(Problem(_("face: must be a name"), file, *position(positions, path + ("face",)),
                                    hint=_("write the face's full or PostScript name, e.g. Noto Serif CJK SC")))
            return None
        found = _find(entry["file"], search)  # where it is named; load_face follows links and checks
        if found is None:
            package = entry.get("package")
            hint = (f"install the Debian package {package} (apt-get install {package})" if package
                    else "put the file in fonts/files/ or add its folder to search_path")
            problems.append(Problem(_("font file {entry!r} not found on the search path").format(entry=entry['file']), file,
                                    *position(positions, path + ("file",)), hint=hint))
            return None
        try:
            return load_face(found, entry.get("face"), roots, entry["file"])
        except InputError as err:
            problems.append(err.at(file, *position(positions, path + ("file",))))
            return None
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
            problem = _not_chinese(str(role), primary, entry["file"])
            if problem:
                problems.append(Problem(problem[0], file, *position(positions, ("roles", role, "file")), hint=problem[1]))
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
        found = 0  # in this article: past MAX_UNCOVERED_SHOWN they are counted, not each placed
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
                    found += 1
                    if found > MAX_UNCOVERED_SHOWN:
                        continue
                    at_line, col = text_position(article.path, line, text, index)
                    problems.append(Problem(
                        _("{character} is in no font of {fonts} (article {id}, {what})").format(character=describe_char(char), fonts=fonts.manifest.name, id=article.id, what=what),
                        str(article.path), at_line, col,
                        _("replace the character, or add a font that has it to fallback: in fonts/fonts.yaml")))
        if found > MAX_UNCOVERED_SHOWN:
            last = problems[-1]
            problems.append(Problem(_("and {count} more characters of article {id} are in no font of {fonts}").format(count=found - MAX_UNCOVERED_SHOWN, id=article.id, fonts=fonts.manifest.name), last.file, last.line, last.col,
                                    _("fix the ones above and build again to see the rest")))
    return problems


# Each problem's column is found by reading the article again: a file full of characters
# no font has (a wrong encoding, say) would take minutes and print thousands of lines.
MAX_UNCOVERED_SHOWN = 20


#: The house roles set Chinese text: their own font must have it, or every character would
#: silently come from the fallback fonts (a Latin font mapped to 书宋 by mistake, say).
CHINESE_ROLES = {"书宋": "body text", "黑体": "headlines", "楷体": "summaries and bylines", "仿宋": "notes"}
#: The commonest characters of Chinese text (frequency lists of modern Chinese): a face for
#: Chinese text has all of them.
COMMON_CHINESE = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年"


def _not_chinese(role: str, face: Face, name: str) -> tuple[str, str] | None:
    """(message, hint) when a house role's own font lacks common Chinese characters, else None."""
    if role not in CHINESE_ROLES:
        return None
    missing = [c for c in COMMON_CHINESE if not face.has(c)]
    if not missing:
        return None
    what = "has no Chinese characters" if len(missing) == len(COMMON_CHINESE) else \
        f"lacks {len(missing)} of the {len(COMMON_CHINESE)} commonest Chinese characters ({' '.join(missing[:8])})"
    return (f"font role {role} ({CHINESE_ROLES[role]}) uses {name} ({face.full_name}), which {what}",
            f"map {role} to a Chinese font with simplified characters, e.g. NotoSerifCJK-Regular.ttc")


def _find(name: str, search: list[Path]) -> Path | None:
    """Where ``name`` is, on the search path (the first folder that has it; a link, a pipe … too:
    the loader says what is wrong with it rather than "not found")."""
    candidate = Path(name).expanduser()
    if candidate.is_absolute():
        return candidate if os.path.lexists(candidate) else None
    for folder in search:
        if os.path.lexists(folder / name):
            return folder / name
    return None


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    return (_("did you mean '{name}'?").format(name=close[0]) if close else
            _("known keys: {names}").format(names=", ".join(known)))
