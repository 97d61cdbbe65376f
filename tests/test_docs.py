"""The repository explains itself, and the explanation cannot drift (issue #18).

* Every ``§`` in src/ cites a document named on the same line. A document under docs/
  must exist and have a heading for each cited section number (and, for "§5 step 7",
  that numbered step); a published standard (ISO 32000-1 §7.9.5, GB/T 15834 §5) is
  accepted as it is; a ``§`` with no document before it is a dangling citation.
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
SECTION = re.compile(r"§§?\s*(?P<number>\d+(?:\.\d+)*)(?P<step>\s+step\s+(?P<k>\d+))?")
HEADING = re.compile(r"^#{1,6}\s+§?(?P<number>\d+)\.?\s+\S", re.M)
# Source keys with a hyphen ([CL-KIN], [PDFX-OI]); plain words in brackets are code, not keys.
SOURCE_KEY = re.compile(r"\[([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\]")


def sections(doc: Path) -> dict[str, str]:
    """Section number → the text of that section (up to the next heading of any level)."""
    text = doc.read_text(encoding="utf-8")
    heads = list(HEADING.finditer(text))
    ends = [m.start() for m in re.finditer(r"^#{1,6}\s", text, re.M)]
    found = {}
    for head in heads:
        end = min((e for e in ends if e > head.start()), default=len(text))
        # A section runs on through its own subheadings (### …) until the next numbered one.
        nxt = min((h.start() for h in heads if h.start() > head.start()), default=len(text))
        found[head["number"]] = text[head.start():max(end, nxt)]
    return found


def citation_problems(line: str, where: str, root: Path = ROOT) -> list[str]:
    """Problems with the § citations of one line of source (empty when all resolve)."""
    problems = []
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
        elif cite["k"] and not re.search(rf"^\s*{cite['k']}\.\s", found[number], re.M):
            problems.append(f"{where}: {doc['ours']} §{number} has no step {cite['k']}")
    return problems


def source_lines():
    for path in sorted(SRC.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield f"{path.relative_to(ROOT)}:{n}", line


def test_every_section_citation_in_src_resolves_to_a_heading():
    lines = [(where, line) for where, line in source_lines() if "§" in line]
    assert len(lines) > 50, "the engine cites its rulebook; did the citations disappear?"
    problems = [p for where, line in lines for p in citation_problems(line, where)]
    assert not problems, "\n".join(problems)


def test_every_source_key_cited_in_src_is_listed_in_the_rulebook():
    listed = set(SOURCE_KEY.findall((DOCS / "typesetting.md").read_text(encoding="utf-8").split("## Sources")[1]))
    cited = {(key, where) for where, line in source_lines() for key in SOURCE_KEY.findall(line)}
    assert {key for key, _ in cited} >= {"CL-KIN", "PDFX-OI"}
    missing = sorted(f"{where}: [{key}]" for key, where in cited if key not in listed)
    assert not missing, "source keys not in docs/typesetting.md § Sources:\n" + "\n".join(missing)


@pytest.mark.parametrize(("line", "expected"), [
    ("# kinsoku levels (docs/typesetting.md §2, §3)", ""),
    ("# push in last (docs/typesetting.md §5 step 7)", ""),
    ("# see ISO 32000-1 §7.9.5 and TeX: The Program §§ 813–890", ""),
    ("# a mark at the line end (§4)", "names no document"),
    ("# see chinese-typesetting.md §7", "not a file under docs/"),
    ("# see docs/typesetting.md §99", "no heading for §99"),
    ("# see docs/typesetting.md §5 step 12", "no step 12"),
    ("# docs/typesetting.md §4 and §42", "no heading for §42"),
])
def test_a_dangling_citation_is_reported(line, expected):
    problems = citation_problems(line, "x.py:1")
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
