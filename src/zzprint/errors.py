"""Errors a user can act on: ``FILE:LINE:COL: what is wrong — hint``.

Every stage raises :class:`UserError` (or collects several into
:class:`UserErrors`) for bad input; the CLI prints them one per line and exits 2.
Anything else is a bug and keeps its traceback only under ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, at a place."""

    message: str
    file: str = ""
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0  # 1-based; 0 when unknown
    hint: str = ""

    def __str__(self) -> str:
        where = self.file or "zzprint"
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class UserError(Exception):
    """One or more problems with the user's input (exit status 2)."""

    def __init__(self, *problems: Problem):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def at(cls, message: str, file: str = "", line: int = 0, col: int = 0, hint: str = "") -> "UserError":
        return cls(Problem(message, str(file), line, col, hint))


class Overset(Exception):
    """Text did not fit and the build was not allowed to continue (exit status 1)."""
