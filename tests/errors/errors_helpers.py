"""Helpers for the bad-input catalogue: edit a project copy, run the real CLI, parse its lines.

Not a conftest.py: the other test folders import the root conftest as ``conftest``,
and a second module of that name would shadow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from projects import run_zzprint

#: One problem line: ``FILE:LINE:COL: what is wrong — hint``.
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<what>.+?) — (?P<hint>.+)$")
SPEC = "layout/opinion.yaml"


@dataclass(frozen=True)
class Expect:
    """A problem line the CLI must print: file (suffix), line, column (None: any), message and hint parts."""

    file: str
    line: int
    what: str
    hint: str = ""
    col: int | None = None

    def matches(self, m: re.Match) -> bool:
        return (m["file"].endswith(self.file) and int(m["line"]) == self.line and self.what in m["what"]
                and self.hint in m["hint"] and (self.col is None or int(m["col"]) == self.col))


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def line_of(project: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((project / rel).read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def col_of(project: Path, rel: str, needle: str) -> int:
    line = (project / rel).read_text(encoding="utf-8").split("\n")[line_of(project, rel, needle) - 1]
    return line.index(needle) + 1


def article_ids(project: Path) -> list[str]:
    """The content ids placed by the spec, in order (the content folder changes as editors work)."""
    return re.findall(r"^\s*- content: (\S+)", (project / SPEC).read_text(encoding="utf-8"), re.MULTILINE)


def article(project: Path, n: int = 1) -> str:
    """Path (relative to the project) of the n-th placed article's content file."""
    return f"content/{article_ids(project)[n]}.md"


def body_line(project: Path, rel: str) -> int:
    """The first line of the first plain paragraph after the front matter."""
    lines = (project / rel).read_text(encoding="utf-8").split("\n")
    fence = lines.index("---", 1)
    for number in range(fence + 2, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and not text.startswith(("#", ">")) and (number == 1 or not lines[number - 2].strip()):
            return number
    raise AssertionError(f"no paragraph in {rel}")


def failing_build(project: Path, spec: str = SPEC) -> list[re.Match]:
    """Run ``zzprint build``; it must exit 2 with only problem lines, no traceback and no PDF."""
    out = project / "out.pdf"
    result = run_zzprint("build", spec, "-o", str(out), cwd=project)
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert not out.exists(), "a PDF was written despite bad input"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    matches = [LINE.match(line) for line in lines]
    assert lines and all(matches), "not FILE:LINE:COL: what — hint:\n" + "\n".join(lines)
    return matches  # type: ignore[return-value]


def assert_reported(found: list[re.Match], *expected: Expect) -> None:
    for expect in expected:
        assert any(expect.matches(m) for m in found), f"{expect} not in:\n" + "\n".join(m.group(0) for m in found)
