"""The editors' reference (docs/spec.md, docs/spec.zh.md) is generated, current and complete (issue #15).

* The committed files are what the generator writes now: a key added to the schema changes the
  reference, so the test fails until the files are regenerated (and, if the key has no meaning
  yet, the generator names it).
* Every key the repository's own files use (layout/*.yaml, content front matter, fonts/fonts.yaml,
  layout/edition.yaml, the page template) is in the reference.
* The tables the generator cannot read from the schema (front matter, font manifest, edition,
  template, images) are held to their loaders: the same keys, and the units, ranges and defaults
  the loaders really apply.
* `zzprint --version` prints the package's version.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from zzprint.compose import template as compose_template
from zzprint.content.model import FRONT_MATTER_FIELDS
from zzprint.edition import _KEYS as EDITION_KEYS
from zzprint.edition import _PAGE_KEYS as EDITION_PAGE_KEYS
from zzprint.edition import PLACEHOLDERS
from zzprint.errors import UserError
from zzprint.fonts.roles import load_fontset
from zzprint.spec import reference, schema
from zzprint.spec.load import load_spec
from zzprint.spec.validate import field

from projects import ROOT, run_zzprint

DOCS = ROOT / "docs"
LAYOUT = ROOT / "layout"


# --- the files are current --------------------------------------------------------------------

@pytest.mark.parametrize("lang, name", [("en", "spec.md"), ("zh", "spec.zh.md")])
def test_the_committed_reference_is_what_the_generator_writes(lang, name):
    result = subprocess.run([sys.executable, "-m", "zzprint.spec.reference", "--lang", lang],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, f"the reference lacks something:\n{result.stderr}"
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert result.stdout == committed, (f"docs/{name} is not current: run "
                                        f"`.venv/bin/python -m zzprint.spec.reference --write`")


def test_write_puts_both_languages_where_asked(tmp_path):
    result = subprocess.run([sys.executable, "-m", "zzprint.spec.reference", "--write", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    english, chinese = (tmp_path / "spec.md").read_text(encoding="utf-8"), (tmp_path / "spec.zh.md").read_text(encoding="utf-8")
    assert keys_by_part(english).keys() == {"spec", "front", "fonts", "edition", "template"}
    # The two languages list the same keys, each with a meaning in its own language.
    assert keys_by_part(english) == keys_by_part(chinese)
    for text, script in ((english, r"[A-Za-z]"), (chinese, r"[\u4e00-\u9fff]")):
        for row in table_rows(text):
            assert re.search(script, row[-1]), f"{row[0]}: meaning {row[-1]!r} is not in the document's language"


class _Copyfit(schema.CopyfitSection):  # a schema with two new keys, as another change would add them
    widow_lines: int = field(1, ge=0, le=3)
    extra_width: schema.Length = "1字"


class _Spec(schema.Spec):
    copyfit: _Copyfit = _Copyfit()


def test_a_new_schema_key_appears_by_itself_and_needs_its_meaning(monkeypatch):
    monkeypatch.setattr(schema, "Spec", _Spec)
    assert reference.missing() == [
        "copyfit.widow_lines: no meaning: add MEANING['copyfit.widow_lines'] = (English, 中文) in src/zzprint/spec/reference.py",
        "copyfit.extra_width: no meaning: add MEANING['copyfit.extra_width'] = (English, 中文) in src/zzprint/spec/reference.py",
        "copyfit.extra_width: a length without its units: add LENGTHS['copyfit.extra_width'] "
        "(\"abs\", \"body\" or \"all\", and its range) in src/zzprint/spec/reference.py",
    ]
    row = next(r for r in table_rows(reference.render("en")) if r[0] == "copyfit.widow_lines")
    assert row[1:5] == ["whole number", "—", "`1`", "0–3"]
    # The generator refuses to write a reference with a hole in it.
    assert reference.main(["--lang", "en"]) == 1

    monkeypatch.setitem(reference.MEANING, "copyfit.widow_lines", ("Lines a widow may take.", "孤行可占的行数。"))
    monkeypatch.setitem(reference.MEANING, "copyfit.extra_width", ("Extra width.", "额外宽度。"))
    monkeypatch.setitem(reference.LENGTHS, "copyfit.extra_width", ("body", ("≥ 0", "≥ 0")))
    assert reference.missing() == []


def test_a_meaning_for_a_key_that_is_gone_is_named(monkeypatch):
    monkeypatch.setitem(reference.MEANING, "grid.colums", ("A typo.", "笔误。"))
    assert "grid.colums: MEANING names a key the spec does not have (remove it)" in reference.missing()


# --- every key the repository uses is in the reference -------------------------------------

PART_TITLES = {"spec": "layout/*.yaml", "front": "content/*.md", "fonts": "fonts/fonts.yaml",
               "edition": "layout/edition.yaml", "template": "zzprint compose"}


def keys_by_part(text: str) -> dict[str, set[str]]:
    """Each H2 part of the reference (by the file it is about) → the key paths its tables list."""
    parts: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = next((part for part, title in PART_TITLES.items() if title in line), None)
            if current:
                parts[current] = set()
        elif current and (m := re.match(r"\| `([^`]+)` \|", line)) and not m.group(1).startswith("{"):
            parts[current].add(m.group(1))
    return parts


def table_rows(text: str) -> list[list[str]]:
    """The key tables' rows (six cells: key, type, unit, default, range, meaning), key without backticks."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 6 and cells[0].startswith("`"):
            rows.append([cells[0].strip("`"), *cells[1:]])
    return rows


def used_paths(data, documented: set[str], prefix: str = "") -> set[str]:
    """The key paths of ``data`` as the reference writes them: list items as [], free names as <…>."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}{key}"
            if path not in documented:
                free = sorted({m.group(1) for p in documented if (m := re.match(f"({re.escape(prefix)}<\\w+>)(\\.|$)", p))})
                path = free[0] if free else path
            found.add(path)
            found |= used_paths(value, documented, f"{path}.")
    elif isinstance(data, list):
        for item in data:
            found |= used_paths(item, documented, prefix.rstrip(".") + "[].")
    return found


def undocumented(used: set[str], documented: set[str]) -> list[str]:
    """The used paths that are neither a key of the reference nor a section of its keys (styles.<name>)."""
    return sorted(u for u in used if u not in documented and not any(d.startswith(u + ".") for d in documented))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) or {}


def repository_files() -> list[tuple[Path, object, tuple[str, ...]]]:
    """(file, its data, the parts of the reference that document it) for every editor-written file."""
    files = []
    for path in sorted(LAYOUT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        parts = ("edition",) if "edition" in path.name else ("template", "spec") if "compose" in data else ("spec",)
        files.append((path, data, parts))
    files.append((ROOT / "fonts" / "fonts.yaml", yaml.safe_load((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8")),
                  ("fonts",)))
    files += [(path, front_matter(path), ("front",)) for path in sorted((ROOT / "content").rglob("*.md"))]
    return files


def test_every_key_the_repository_files_use_is_in_the_reference():
    parts = keys_by_part((DOCS / "spec.md").read_text(encoding="utf-8"))
    files = repository_files()
    assert {p.name for p, _, _ in files} >= {"opinion.yaml", "opinion-template.yaml", "edition.yaml", "fonts.yaml",
                                             "01-diaocha-yanjiu.md"}
    for path, data, names in files:
        documented = set().union(*(parts[n] for n in names))
        used = used_paths(data, documented)
        assert used, f"{path}: no keys read"
        absent = undocumented(used, documented)
        assert not absent, f"{path.relative_to(ROOT)} uses keys docs/spec.md does not list: {absent}"


def test_a_key_the_reference_lacks_is_found():
    parts = keys_by_part((DOCS / "spec.md").read_text(encoding="utf-8"))
    data = {"grid": {"columns": 8}, "styles": {"body": {"font": "书宋", "colour": "red"}},
            "articles": [{"content": "x", "rects": [{"col": 1, "splitt": 2}]}]}
    assert undocumented(used_paths(data, parts["spec"]), parts["spec"]) == ["articles[].rects[].splitt",
                                                                           "styles.<name>.colour"]


# --- the hand-written tables agree with their loaders --------------------------------------

def part_keys(part: str) -> list[str]:
    return [k.path for k in {"front": reference.FRONT_MATTER, "fonts": reference.FONTS, "edition": reference.EDITION,
                             "template": reference.TEMPLATE}[part]]


def children(paths: list[str], parent: str) -> list[str]:
    return [p[len(parent):] for p in paths if p.startswith(parent) and "." not in p[len(parent):]
            and "[" not in p[len(parent):]]


def test_front_matter_table_is_the_loaders_fields():
    assert part_keys("front") == list(FRONT_MATTER_FIELDS)


def test_edition_table_is_the_loaders_keys():
    keys = part_keys("edition")
    assert set(children(keys, "")) == EDITION_KEYS
    assert set(children(keys, "pages[].")) == EDITION_PAGE_KEYS
    assert list(reference.PLACEHOLDER_MEANING) == list(PLACEHOLDERS)


def test_template_table_is_the_loaders_keys():
    keys = part_keys("template")
    assert children(keys, "compose.") == list(compose_template.COMPOSE_KEYS)
    assert children(keys, "compose.blocked[].") == ["name", *compose_template.RECT_KEYS]
    assert set(compose_template.BLOCKED_KEYS) == {"name", *compose_template.RECT_KEYS}
    assert children(keys, "articles[].") == list(compose_template.ARTICLE_KEYS)
    assert children(keys, "articles[].region.") == list(compose_template.RECT_KEYS)
    assert children(keys, "articles[].headline.") == list(compose_template.HEADLINE_KEYS)
    assert children(keys, "articles[].summary.") == list(compose_template.SUMMARY_KEYS)
    assert children(keys, "") == ["compose", "articles"]


def _template_with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((LAYOUT / "opinion-template.yaml").read_text(encoding="utf-8"))
    change(data)
    out = tmp_path / "layout" / "t.yaml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


NUMBERS = [k for k in reference.TEMPLATE if k.kind == reference.WHOLE and re.fullmatch(r"\d+–\d+", k.range[0])]


@pytest.mark.parametrize("key", NUMBERS, ids=[k.path for k in NUMBERS])
def test_template_ranges_and_defaults_are_the_loaders(tmp_path, key):
    low, high = map(int, key.range[0].split("–"))
    *parents, name = key.path.replace("[]", "").split(".")

    def at(data: dict) -> dict:  # the mapping that holds the key: compose:, or the first article's headline:/summary:
        if parents == ["compose"]:
            return data.setdefault("compose", {})
        article = data["articles"][0]
        if article.get(parents[1]) is None:
            article[parents[1]] = {}
        return article[parents[1]]

    where = ".".join(["articles", "0", *parents[1:], name] if parents[0] == "articles" else [*parents, name])
    for value in (low - 1, high + 1):
        with pytest.raises(UserError) as err:
            compose_template.load_template(_template_with(tmp_path, lambda d: at(d).__setitem__(name, value)))
        assert f"{where}: {value} is not a whole number from {low} to {high}" in str(err.value)
    for value in (low, high):
        compose_template.load_template(_template_with(tmp_path, lambda d: at(d).__setitem__(name, value)))
    if key.path.startswith("compose."):  # the default: what the loader uses when the key is left out
        loaded = compose_template.load_template(_template_with(tmp_path, lambda d: at(d).pop(name, None)))
        assert f"`{getattr(loaded, name)}`" == key.default[0]


CHOICES = [k for k in reference.TEMPLATE if k.kind == reference._ONE_OF]


@pytest.mark.parametrize("key", CHOICES, ids=[k.path for k in CHOICES])
def test_template_choices_are_the_loaders(tmp_path, key):
    name = key.path.rsplit(".", 1)[1]
    choices = re.findall(r"`([^`]+)`", key.range[0])

    def headline(value):
        return lambda data: data["articles"][0].setdefault("headline", {}).__setitem__(name, value)

    with pytest.raises(UserError) as err:
        compose_template.load_template(_template_with(tmp_path, headline("qqqq")))
    assert f"headline.{name}: 'qqqq' is not one of {', '.join(choices)}" in str(err.value)
    assert key.default[0] == f"`{choices[0]}`"  # the loader's default is the first choice
    for choice in choices:
        compose_template.load_template(_template_with(tmp_path, headline(choice)))


def test_font_manifest_table_is_the_loaders_keys(tmp_path):
    """The loader names the keys it knows when it meets one it does not: they are the table's."""
    (tmp_path / "fonts").mkdir()
    manifest = tmp_path / "fonts" / "fonts.yaml"
    data = yaml.safe_load((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8"))
    data["qqqq"] = 1
    data["roles"]["书宋"]["qqqq"] = 1
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_fontset(manifest, tmp_path)
    hints = [p.hint for p in err.value.problems if "qqqq" in p.message]
    known = [sorted(h.removeprefix("known keys: ").split(", ")) for h in hints]
    keys = part_keys("fonts")
    assert sorted(known) == sorted([sorted(children(keys, "")), sorted(children(keys, "roles.<role>."))])
    assert children(keys, "fallback[].") == children(keys, "roles.<role>.")


def _spec_problems(overrides: dict) -> list[str]:
    try:
        load_spec(LAYOUT / "opinion.yaml", overrides)
    except UserError as err:
        return [f"{p.message} — {p.hint}" for p in err.problems]
    return []


def test_images_keys_are_the_loaders():
    problems = _spec_problems({"images": [{"file": "x.tif", "width": "1栏", "qqqq": 1}]})
    hint = next(p for p in problems if "qqqq" in p).split(" — ")[1]
    assert sorted(hint.removeprefix("known keys here: ").split(", ")) == sorted(
        p.removeprefix("images[].") for p in reference.EXTRA_SPEC_KEYS if p.startswith("images[]."))


def _set(data: dict, path: str, value) -> dict:
    """``data`` with the key at a reference path set: [] → the first item, <name> → body."""
    data = copy.deepcopy(data)
    node = data
    steps = path.replace("<name>", "body").split(".")
    for step in steps[:-1]:
        if step.endswith("[]"):
            node = node.setdefault(step[:-2], [{"file": "x.tif"}])[0]
        else:
            node = node.setdefault(step, {})
    node[steps[-1].removesuffix("[]")] = value
    return data


SPEC = yaml.safe_load((LAYOUT / "opinion.yaml").read_text(encoding="utf-8"))
LENGTH_ROWS = [r for r in table_rows(reference.render("en")) if r[1].startswith("length")]


@pytest.mark.parametrize("row", LENGTH_ROWS, ids=[r[0] for r in LENGTH_ROWS])
def test_each_length_accepts_the_units_the_reference_gives(row):
    path, accepted = row[0], row[2].split(", ")
    assert {"pt", "mm", "号"} <= set(accepted)
    top = path.split(".")[0].removesuffix("[]")
    for unit in ("字", "行", "栏"):
        data = _set(SPEC, path, f"1{unit}")
        problems = _spec_problems({top: data[top]})
        refused = any(f"'{unit}' needs" in p for p in problems)
        assert refused == (unit not in accepted), (path, unit, problems)


def test_every_length_of_the_schema_is_tested():
    paths = {r[0] for r in LENGTH_ROWS}
    assert paths == set(reference.LENGTHS) and len(paths) >= 10


# --- zzprint --version -----------------------------------------------------------------------

def test_version_prints_the_package_version():
    result = run_zzprint("--version")
    assert result.returncode == 0, result.stderr
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert result.stdout == f"zzprint {declared}\n"
    assert declared == version("zzprint") == "0.1.0"


def test_readme_links_the_reference():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/spec.md" in readme and (ROOT / "docs" / "spec.md").is_file()
