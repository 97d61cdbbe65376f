"""How much of what zzprint says goes through the catalogue: python tools/i18n_coverage.py [-v].

Counts the message and hint arguments of the calls that speak to the user (print, Problem,
UserError.at, Violation, LayoutProblem, the spec and font errors …): a literal or f-string there
is untranslated; a ``_(…)`` / ``ngettext(…)`` (with its ``.format``) is translated.  A variable is
not counted (its text was made elsewhere, where it was counted).  ``-v`` lists the untranslated ones.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "zzprint"
#: callee → (positional indexes, keyword names) of its message and hint arguments
SPEAKERS = {
    "print": ((0,), ()), "Problem": ((0, 4), ("message", "hint")), "at": ((0, 4), ("message", "hint")),
    "Violation": ((1,), ("message",)), "LayoutProblem": ((1, 6), ("message", "hint")),
    "_problem": ((1,), ("hint",)), "ArgumentTypeError": ((0,), ()), "fail": ((1, 2), ()),
    "UnitError": ((0,), ()), "FontFileError": ((0, 1), ()), "PictureError": ((0, 1), ()),
    "InputError": ((2, 3), ()), "Error": ((2,), ()), "_Invalid": ((0,), ()), "Doubt": ((1,), ()),
    "Refused": ((0,), ()), "fault": ((2, 4), ()),
}
TRANSLATORS = {"_", "ngettext", "gettext_"}


def _callee(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _kind(arg: ast.AST) -> str:
    """'done', 'todo' or '' (not a text made here)."""
    if isinstance(arg, ast.IfExp):
        kinds = {_kind(arg.body), _kind(arg.orelse)} - {""}
        return "todo" if "todo" in kinds else "done" if kinds else ""
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format":
        return _kind(arg.func.value)
    if isinstance(arg, ast.Call):
        return "done" if _callee(arg) in TRANSLATORS else ""
    if isinstance(arg, ast.BinOp):
        kinds = {_kind(arg.left), _kind(arg.right)} - {""}
        return "todo" if "todo" in kinds else "done" if kinds else ""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return "todo" if any(c.isalpha() and c.isascii() for c in arg.value) else ""
    if isinstance(arg, ast.JoinedStr):
        text = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
        return "todo" if sum(c.isalpha() and c.isascii() for c in text) >= 3 else ""
    return ""


def survey() -> dict[str, list]:
    found: dict[str, list] = {}
    for file in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _callee(node) not in SPEAKERS:
                continue
            positions, names = SPEAKERS[_callee(node)]
            args = [node.args[i] for i in positions if i < len(node.args) and not isinstance(node.args[i], ast.Starred)]
            args += [k.value for k in node.keywords if k.arg in names]
            for arg in args:
                kind = _kind(arg)
                if kind:
                    found.setdefault(str(file.relative_to(SOURCE.parent.parent)), []).append((kind, arg.lineno))
    return found


def main() -> int:
    found = survey()
    done = sum(k == "done" for sites in found.values() for k, _ in sites)
    todo = sum(k == "todo" for sites in found.values() for k, _ in sites)
    for file, sites in sorted(found.items(), key=lambda item: -sum(k == "todo" for k, _ in item[1])):
        left = [line for k, line in sites if k == "todo"]
        if left:
            print(f"{file}: {len(left)} of {len(sites)} untranslated"
                  + (f" (lines {', '.join(map(str, left))})" if "-v" in sys.argv else ""))
    print(f"{done} of {done + todo} user-facing messages and hints translated ({done / max(1, done + todo):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
