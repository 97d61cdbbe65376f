"""One memo (issue #18): results of pure stage functions live in a :class:`zzprint.memo.Memo`
that the long-running processes own and pass down, never in module-level caches.

* A rebuild with the process's memo, after an edit, gives the very bytes a build with a
  fresh memo gives, and finds the unedited paragraphs in the memo.
* A one-shot build without a memo gives the same bytes as one with a memo kept across builds.
* No module-level mutable cache creeps back: every module-level cache decorator, mutated
  module-level container and module-level instance of a module's own class is on an
  allow-list that says why it may stay (a read-only table, a loaded font file, …).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from zzprint.build import build_page, render
from zzprint.memo import Memo
from zzprint.page import GlyphRun

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zzprint"

READ_ONLY = "read-only table: a function of constants and its (small, hashable) arguments alone"
FONT_FILE = "a loaded font file, keyed by its path and its size, mtime or face (a changed file is a new key)"
VALUE = "an immutable value, built once at import"

# (module under src/zzprint, name) → why it may be module-level state.
ALLOWED: dict[tuple[str, str], str] = {
    ("text/classes", "classify"): READ_ONLY + " (the class of a cluster's first character, docs/typesetting.md §1)",
    ("text/itemize", "_pair_tables"): READ_ONLY + " (glue and cost per pair of classes, per kinsoku and space)",
    ("text/itemize", "_plain_box"): READ_ONLY + " (an immutable Box per advance: interning, not a stage result)",
    ("text/itemize", "_space_box"): READ_ONLY + " (an immutable word-space Box per advance)",
    ("text/itemize", "_mark_box"): READ_ONLY + " (an immutable punctuation Box per class, advance and style)",
    ("text/itemize", "_cjk_latin"): READ_ONLY + " (the CJK–Latin glue per spacing setting)",
    ("fonts/face", "_FACES"): FONT_FILE,
    ("render/pdffonts", "load_pdf_face"): FONT_FILE,
    ("render/pdffonts", "_ADVANCES"): FONT_FILE + " (advances read from it)",
    ("render/vertical", "metrics"): FONT_FILE + " (vertical metrics of one glyph)",
    ("faults", "_extents"): FONT_FILE + " (glyph extents)",
    ("proof/overlay", "cjk_font"): FONT_FILE + " (the proof overlay's label font)",
    ("pictures", "prepare"): "a loaded picture file, keyed by its path and stamp (size, mtime), like a font file",
    ("cli", "_DELIVERY"): "not a cache: the PDFs delivered so far, for the interrupt handler's message",
    ("preflight/rules", "RULES"): "not a cache: the rule registry, filled once at import by @rule",
    ("edition", "DEFAULT"): VALUE + " (the house edition)",
    ("page", "BLACK"): VALUE,
    ("page", "WHITE"): VALUE,
    ("spec/validate", "_NO_CONSTRAINTS"): VALUE,
}

_CACHE_DECORATORS = {"lru_cache", "cache", "cached"}
_MUTATORS = {"setdefault", "update", "append", "extend", "insert", "pop", "popitem", "clear", "add", "discard",
             "remove", "__setitem__"}
_EMPTY_CALLS = {"dict", "list", "set", "OrderedDict", "defaultdict", "deque", "WeakValueDictionary",
                "WeakKeyDictionary"}


def module_state(src: Path) -> dict[tuple[str, str], str]:
    """Every module-level cache decorator, mutated or empty mutable container and instance of a
    module's own class under ``src``: (module, name) → what it is."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(src.rglob("*.py")):
        module = path.relative_to(src).with_suffix("").as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top: dict[str, ast.expr] = {}
        classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets = [node.target]
            else:
                targets = []
            for target in targets:
                if isinstance(target, ast.Name):
                    top[target.id] = node.value
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    func = decorator.func if isinstance(decorator, ast.Call) else decorator
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in _CACHE_DECORATORS:
                        found[(module, node.name)] = f"@{name}"
        for name, value in top.items():
            if (isinstance(value, ast.Dict) and not value.keys) or (isinstance(value, ast.List | ast.Set)
                                                                    and not value.elts):
                found[(module, name)] = "empty container"
            elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name | ast.Attribute):
                called = value.func.id if isinstance(value.func, ast.Name) else value.func.attr
                if called in _EMPTY_CALLS:
                    found[(module, name)] = "empty container"
                elif called in classes:
                    found[(module, name)] = f"instance of {called}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
                targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                            and target.value.id in top:
                        found[(module, target.value.id)] = "mutated container"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in _MUTATORS and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id in top:
                found[(module, node.func.value.id)] = "mutated container"
    return found


def test_no_module_level_cache_creeps_back():
    found = module_state(SRC)
    unexplained = {key: what for key, what in found.items() if key not in ALLOWED}
    assert not unexplained, (
        f"module-level state without a reason: {unexplained} — a memo of a stage function belongs in "
        "zzprint.memo.Memo (passed down from the process that owns it); a read-only table or a loaded "
        "file goes on ALLOWED with its reason")
    # (A module not in this tree, e.g. one still on another branch, is passed over.)
    stale = sorted(key for key in set(ALLOWED) - set(found) if (SRC / f"{key[0]}.py").exists())
    assert not stale, f"ALLOWED names state that is gone (remove it from the list): {stale}"


def test_the_scan_finds_a_cache_put_back(tmp_path):
    """The check can fail: a module-level dict filled by a function, an lru_cache and a module-level
    instance of a module's own cache class (as the renderer's TJ operators once were) are all found."""
    src = tmp_path / "zzprint"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("__pycache__"))
    setter = src / "flow" / "setter.py"
    setter.write_text(setter.read_text(encoding="utf-8") + (
        "\n_SET = {}\n\ndef remember(key, value):\n    _SET[key] = value\n"
        "\n\n@functools.lru_cache(maxsize=8)\ndef again(text):\n    return text\n"), encoding="utf-8")
    writer = src / "render" / "pdf.py"
    writer.write_text(writer.read_text(encoding="utf-8") + (
        "\n\nclass _Kept:\n    def __init__(self):\n        self.data = {}\n\n\n_KEPT = _Kept()\n"), encoding="utf-8")
    found = module_state(src)
    assert found[("flow/setter", "_SET")] in ("empty container", "mutated container")
    assert found[("flow/setter", "again")] == "@lru_cache"
    assert found[("render/pdf", "_KEPT")] == "instance of _Kept"


def _project(tmp_path: Path) -> Path:
    for folder in ("layout", "content", "fonts"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("files"))
    return tmp_path / "layout" / "opinion.yaml"


def test_a_rebuild_with_the_memo_gives_the_bytes_of_a_fresh_build(tmp_path):
    spec = _project(tmp_path)
    memo = Memo()
    first = render(build_page(spec, memo=memo))
    assert first == render(build_page(spec))  # one-shot, its own memo
    paragraphs = memo.paragraphs.misses
    # Edit one paragraph of one article, as an editor does while `zzprint watch` runs.
    article = tmp_path / "content" / "03-jingji-guancha.md"
    text = article.read_text(encoding="utf-8")
    at = text.index("\n---\n") + 5
    at = next(i for i in range(at, len(text)) if "\u4e00" <= text[i] <= "\u9fff" and text[i] != "改")
    article.write_text(text[:at] + "改" + text[at + 1:], encoding="utf-8")
    hits, articles = memo.paragraphs.hits, memo.articles.misses
    fitted, inked = (memo.fitted.hits, memo.fitted.misses), (memo.inked.hits, memo.inked.misses)
    worked_out, blocks = memo.tj.misses, memo.drawn.hits
    again = render(build_page(spec, memo=memo))
    fresh = render(build_page(spec, memo=Memo()))
    assert again == fresh != first
    # The five other articles were not composed or measured again, only the edited one; its
    # unedited paragraphs were found, not set again: only the edited one (and its copy-fit
    # variants) missed.
    assert (memo.fitted.hits - fitted[0], memo.fitted.misses - fitted[1]) == (5, 1)
    assert (memo.inked.hits - inked[0], memo.inked.misses - inked[1]) == (5, 1)
    assert memo.paragraphs.hits - hits > 5
    assert memo.paragraphs.misses - paragraphs < 10
    assert memo.articles.misses == articles + 1  # the edited file alone is read again
    assert memo.specs.hits and memo.fontsets.hits and memo.articles.hits >= 5
    # render() drew with the build's memo: the unedited lines' TJ operators were not worked
    # out again (their article's operators were copied whole, or each line's found).
    runs = sum(isinstance(item, GlyphRun) for page in build_page(spec).document.pages for item in page.items)
    assert memo.tj.misses - worked_out < runs / 4
    assert memo.drawn.hits > blocks or memo.tj.hits > runs / 2


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_edit_gives_the_bytes_of_a_fresh_build(tmp_path):
    """Composed articles, their measured ink and drawn operators are kept across builds: a
    character no page showed before, an article's title, a frame of the spec must each give
    what a fresh build gives, and the kept articles are used only where nothing changed."""
    spec = _project(tmp_path)
    memo = Memo()
    render(build_page(spec, memo=memo))
    article = tmp_path / "content" / "05-minsheng-shishi.md"
    # A glyph no article showed (every face's subset, so every article's codes, change), then the title.
    for old, new in (("近日，", "近日龘，"), ("title: ", "title: 新")):
        _edit(article, old, new)
        fitted, drawn = memo.fitted.hits, memo.drawn.hits
        again = render(build_page(spec, memo=memo))
        assert again == render(build_page(spec, memo=Memo())), new
        assert memo.fitted.hits - fitted == 5  # the other five articles were kept
    # A frame ten lines shorter: overset, a fault (the page is still drawn, for a draft).
    text = spec.read_text(encoding="utf-8")
    at = text.index("content: 05-minsheng-shishi")
    spec.write_text(text[:at] + text[at:].replace("lines: 41}", "lines: 31}", 1), encoding="utf-8")
    misses = memo.fitted.misses
    again = build_page(spec, memo=memo)
    fresh = build_page(spec, memo=Memo())
    assert render(again) == render(fresh)
    assert [f.report() for f in again.faults] == [f.report() for f in fresh.faults] != []
    assert memo.fitted.misses - misses == 6  # the spec changed: no article is taken from the memo


def test_a_picture_replaced_under_its_name_is_placed_anew(tmp_path):
    """The spec is kept while its bytes are unchanged, but also only while the files it read
    are: a picture replaced under the same name (a new crop from the photo desk) is read,
    placed and drawn anew, as a fresh build draws it."""
    import subprocess
    import sys

    from PIL import Image, ImageOps

    for folder in ("layout", "content", "fonts"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("files"))
    subprocess.run([sys.executable, str(ROOT / "tools" / "make-pictures.py"), str(tmp_path / "build" / "pictures")],
                   check=True, capture_output=True)
    spec = tmp_path / "layout" / "opinion-pictures.yaml"
    memo = Memo()
    first = render(build_page(spec, memo=memo))
    photo = tmp_path / "build" / "pictures" / "author.jpg"
    with Image.open(photo) as image:
        flipped = ImageOps.mirror(image.convert(image.mode))
    flipped.save(photo, quality=95)
    again = render(build_page(spec, memo=memo))
    assert again == render(build_page(spec, memo=Memo())) != first


def test_memo_tables_are_bounded_and_clear():
    memo = Memo(paragraphs=2)
    for n in range(5):
        memo.paragraphs.put(("text", n), n)
    assert len(memo.paragraphs) == 2 and memo.paragraphs.get(("text", 4)) == 4
    assert memo.paragraphs.get(("text", 0)) is None  # the least recent went first
    memo.clear()
    assert memo.stats()["paragraphs"] == (0, 0, 0)
