"""The repository explains itself, and the explanation cannot drift (issue #18).

* Every ``§`` in src/ cites a document named on the same line. A document under docs/
  must exist and have a heading for each cited section number (for "§5 step 1, level 7"
  also that step's heading and its numbered level); a published standard
  (ISO 32000-1 §7.9.5, GB/T 15834 §5) is accepted as it is; a ``§`` with no document
  before it is a dangling citation.
* Every source key such as ``[CL-KIN]`` cited in src/ is listed in docs/typesetting.md.
* docs/architecture.md's module map names every module under src/zzprint/, and every
  module it names exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zzprint"
DOCS = ROOT / "docs"

# A document named in a comment: one of ours (a path ending in .md) or a published standard,
# whose own numbering we cannot check.  "[GB]" is the rulebook's key for GB/T 15834-2011.
OUR_DOC = r"(?P<ours>[\w./-]*\.md)\b"
STANDARD = r"(?P<standard>ISO \d+(?:-\d+)?|ICC\.1|PDF \d\.\d|\bTeX(?:: The Program)?|GB/T \d+(?:[-—]\d+)?|\[GB\])"
DOCUMENT = re.compile(f"{OUR_DOC}|{STANDARD}")
SECTION = re.compile(r"§§?\s*(?P<number>\d+(?:\.\d+)*)(?:\s+step\s+(?P<k>\d+)(?:,\s*level\s+(?P<level>\d+))?)?")
HEADING = re.compile(r"^#{1,6}\s+§?(?P<number>\d+)\.?\s+\S", re.M)
# Source keys with a hyphen ([CL-KIN], [PDFX-OI]); plain words in brackets are code, not keys.
SOURCE_KEY = re.compile(r"\[([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\]")


def sections(doc: Path) -> dict[str, str]:
    """Section number → the text of that section, its subsections included."""
    text = doc.read_text(encoding="utf-8")
    headings = [(m.start(), len(m.group(1))) for m in re.finditer(r"^(#{1,6})\s", text, re.M)]
    found = {}
    for head in HEADING.finditer(text):
        depth = len(head.group(0)) - len(head.group(0).lstrip("#"))
        end = min((at for at, d in headings if at > head.start() and d <= depth), default=len(text))
        found[head["number"]] = text[head.start():end]
    return found


def citation_problems(line: str, where: str, root: Path = ROOT, previous: str = "") -> list[str]:
    """Problems with the § citations of one line of source (empty when all resolve).

    A document named at the very end of the previous line counts too (a wrapped citation).
    """
    problems = []
    wrapped = re.search(f"(?:{DOCUMENT.pattern})\\W*$", previous)
    prefix = wrapped.group(0).rstrip() + " " if wrapped else ""
    line = prefix + line
    documents = list(DOCUMENT.finditer(line))
    for cite in SECTION.finditer(line):
        before = [d for d in documents if d.end() <= cite.start()]
        if not before:
            problems.append(f"{where}: {cite.group(0)!r} names no document (write docs/typesetting.md {cite.group(0)})")
            continue
        doc = before[-1]
        if doc["standard"]:
            continue
        path = root / doc["ours"]
        if not doc["ours"].startswith("docs/") or not path.is_file():
            problems.append(f"{where}: cites {doc['ours']}, which is not a file under docs/")
            continue
        number = cite["number"].split(".")[0]
        found = sections(path)
        if number not in found:
            problems.append(f"{where}: {doc['ours']} has no heading for §{number}")
        elif cite["k"]:
            step = re.search(rf"^#+\s+Step {cite['k']}\b.*?(?=^#|\Z)", found[number], re.M | re.S)
            if not step:
                problems.append(f"{where}: {doc['ours']} §{number} has no step {cite['k']}")
            elif cite["level"] and not re.search(rf"^{cite['level']}\.\s", step.group(0), re.M):
                problems.append(f"{where}: {doc['ours']} §{number} step {cite['k']} has no level {cite['level']}")
    return problems


def source_lines():
    """(FILE:LINE, line, previous line) of every source file under src/zzprint/."""
    for path in sorted(SRC.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html"):
            previous = ""
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield f"{path.relative_to(ROOT)}:{n}", line, previous
                previous = line


def test_every_section_citation_in_src_resolves_to_a_heading():
    lines = [(where, line, previous) for where, line, previous in source_lines() if "§" in line]
    assert len(lines) > 50, "the engine cites its rulebook; did the citations disappear?"
    problems = [p for where, line, previous in lines for p in citation_problems(line, where, previous=previous)]
    assert not problems, "\n".join(problems)


def test_every_source_key_cited_in_src_is_listed_in_the_rulebook():
    listed = set(SOURCE_KEY.findall((DOCS / "typesetting.md").read_text(encoding="utf-8").split("## Sources")[1]))
    cited = {(key, where) for where, line, _ in source_lines() for key in SOURCE_KEY.findall(line)}
    assert {key for key, _ in cited} >= {"CL-KIN", "PDFX-OI"}
    missing = sorted(f"{where}: [{key}]" for key, where in cited if key not in listed)
    assert not missing, "source keys not in docs/typesetting.md § Sources:\n" + "\n".join(missing)


@pytest.mark.parametrize(("previous", "line", "expected"), [
    ("", "# kinsoku levels (docs/typesetting.md §2, §3)", ""),
    ("", "# push in last (docs/typesetting.md §5 step 1, level 7)", ""),
    ("", "# stretch (docs/typesetting.md §5 step 3)", ""),
    ("", "# see ISO 32000-1 §7.9.5 and TeX: The Program §§ 813–890", ""),
    ("", "# a mark at the line end (§4)", "names no document"),
    ("", "# see chinese-typesetting.md §7", "not a file under docs/"),
    ("", "# see docs/typesetting.md §99", "no heading for §99"),
    ("", "# see docs/typesetting.md §5 step 12", "no step 12"),
    ("", "# see docs/typesetting.md §5 step 3, level 7", "step 3 has no level 7"),
    ("", "# docs/typesetting.md §4 and §42", "no heading for §42"),
    # A citation wrapped after the document's name, and one whose document is further back.
    ("# (docs/typesetting.md", "# §11 [GS-INK]), but", ""),
    ("# docs/typesetting.md says so; see", "# §11 [GS-INK]", "names no document"),
])
def test_a_dangling_citation_is_reported(previous, line, expected):
    problems = citation_problems(line, "x.py:1", previous=previous)
    if expected:
        assert len(problems) == 1 and expected in problems[0], problems
    else:
        assert problems == []


# --- the module map ----------------------------------------------------------------------

MAP_ENTRY = re.compile(r"^\|\s*`(?P<module>[\w/]+\.py)`", re.M)


def module_map() -> list[str]:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Module map", 1)[1].split("\n## ", 1)[0]
    return MAP_ENTRY.findall(section)


def test_module_map_names_every_module_and_only_modules_that_exist():
    named = module_map()
    actual = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")}
    assert len(named) == len(set(named)), "a module is listed twice"
    missing = sorted(actual - set(named))
    stale = sorted(set(named) - actual)
    assert not missing, f"docs/architecture.md module map lacks: {missing}"
    assert not stale, f"docs/architecture.md module map names modules that do not exist: {stale}"
