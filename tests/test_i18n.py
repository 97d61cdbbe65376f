"""zzprint speaks Simplified Chinese when asked (LANG=zh_CN.UTF-8, --lang zh) and English otherwise;
every message id in src/zzprint has its Chinese translation, with the same placeholders."""

from __future__ import annotations

import ast
import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from projects import ROOT, run_zzprint
from zzprint import cli
from zzprint.i18n import language_from_environment

SOURCE = ROOT / "src" / "zzprint"
MESSAGES = SOURCE / "locale" / "zh_CN" / "LC_MESSAGES"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _extracted() -> dict:
    """Every message id Babel's extractor finds in src/zzprint, Python and templates (the ids the catalogue
    must hold; tools/babel.cfg says the same for tools/messages.sh), with where."""
    found = {}
    for file, line, message, _comments, _context in extract_from_dir(
            str(SOURCE), method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")],
            options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}, keywords=DEFAULT_KEYWORDS):
        found.setdefault(message, f"{file}:{line}")
    return found


def _catalogue():
    with (MESSAGES / "zzprint.po").open("rb") as po:
        return read_po(po)


def _placeholders(text: str) -> list:
    """The ``{name!conv:spec}`` fields and ``%(name)s`` / ``%s`` specs of a message, sorted."""
    try:
        fields = [(name, conv, spec) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError:  # a message shown as it is ("look for unclosed [ or {"): its braces are text
        fields = [("{", text.count("{")), ("}", text.count("}"))]
    return sorted(fields, key=str) + sorted(re.findall(r"%(?:\(\w+\))?[sdrf]", text))


def test_every_message_id_has_a_chinese_translation_with_the_same_placeholders():
    catalogue = _catalogue()
    extracted = _extracted()
    assert len(extracted) > 80  # the extractor found the messages (cli, report …), not an empty tree
    wrong = []
    for message_id, where in extracted.items():
        entry = catalogue.get(message_id)
        forms = message_id if isinstance(message_id, tuple) else (message_id,)
        texts = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry.string if entry else "",)
        if entry is None or not all(texts) or entry.fuzzy:
            wrong.append(f"{where}: {forms[0]!r} has no (or a fuzzy) Chinese translation")
            continue
        for text in texts:
            if _placeholders(text) != _placeholders(forms[-1]):
                wrong.append(f"{where}: {forms[0]!r}: the translation {text!r} has other placeholders")
    assert not wrong, "run sh tools/messages.sh and translate in zzprint.po:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_is_the_po():
    """The .mo the program reads says what the .po says (compile after every translation)."""
    catalogue = _catalogue()
    with (MESSAGES / "zzprint.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    in_po = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    in_mo = {key if isinstance(key, str) else key[0]: value for key, value in compiled._catalog.items() if key}
    assert {k: (v if isinstance(v, str) else v[0]) for k, v in in_po.items()} == in_mo


def test_every_message_id_is_one_literal_string():
    """``_("{article}: overset by {chars} …").format(...)``, never ``_(f"…")`` or glued fragments:
    a computed id is never in the catalogue, so it would be shown in English."""
    computed = []
    for file in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext"):
                if not node.args or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                            for a in node.args[:2 if node.func.id == "ngettext" else 1]):
                    computed.append(f"{file.relative_to(ROOT)}:{node.lineno}")
    assert not computed, f"message ids that are not one literal string: {computed}"


def test_every_option_of_every_command_is_explained():
    parser = cli._parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    missing = [f"{name} {'/'.join(a.option_strings) or a.dest}"
               for name, command in {"zzprint": parser, **commands}.items()
               for a in command._actions if not a.help]
    assert not missing, f"options without a help text: {missing}"


def _article_rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if line and not line.startswith(" ")][:-1]


def test_fit_speaks_chinese_under_a_chinese_locale():
    chinese = run_zzprint("fit", "layout/opinion.yaml", env={"LANG": "zh_CN.UTF-8"})
    assert chinese.returncode == 0, chinese.stderr
    rows = _article_rows(chinese.stdout)
    assert len(rows) == 6
    for row in rows:  # the words around the numbers are Chinese, the article's id stays as it is
        assert re.fullmatch(r"\S+ +容量 +\d+ 行 / +\d+ 字，已用 +\d+ 行：排满", row), row
    assert chinese.stdout.splitlines()[-1] == "共 6 篇稿件，0 篇超版"
    assert not re.search(r"capacity|articles|overset", chinese.stdout)
    # The copy-fit changes too: only the article ids and the quoted text are not Chinese.
    changes = [line for line in chinese.stdout.splitlines() if line.startswith("  ")]
    assert changes and all("：调版：" in line for line in changes)
    assert not re.search(r"\b(copy-fit|subhead|headline|paragraph|line|looser|tighter|space)\b", "\n".join(changes))

    english = run_zzprint("fit", "layout/opinion.yaml")  # LANG=C.UTF-8 (conftest)
    assert english.returncode == 0, english.stderr
    assert all(" capacity " in row and row.endswith(": fits") for row in _article_rows(english.stdout))
    assert english.stdout.splitlines()[-1] == "6 articles, 0 overset"
    # The same table otherwise: the same numbers in the same order.
    assert re.findall(r"\d+", chinese.stdout) == re.findall(r"\d+", english.stdout)


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_lang_option_wins_over_the_environment(where):
    def fit(lang: str, locale: str):
        option = ["--lang", lang]
        args = [*option, "fit", "layout/opinion.yaml"] if where == "before" else ["fit", "layout/opinion.yaml", *option]
        result = run_zzprint(*args, env={"LANG": locale})
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1]

    assert fit("zh", "C.UTF-8") == "共 6 篇稿件，0 篇超版"
    assert fit("en", "zh_CN.UTF-8") == "6 articles, 0 overset"


def test_help_and_argparse_errors_speak_chinese():
    helped = run_zzprint("--lang", "zh", "build", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("用法：zzprint build")
    lines = helped.stdout.splitlines()
    options = [line + lines[at + 1] for at, line in enumerate(lines[:-1]) if line.startswith("  -")]
    assert len(options) >= 6 and all(CJK.search(option) for option in options), helped.stdout
    wrong = run_zzprint("fit", env={"LANG": "zh_CN.UTF-8"})
    assert wrong.returncode == 2 and "错误：缺少以下参数：spec" in wrong.stderr


def test_bad_input_speaks_chinese_in_the_same_one_line_form(tmp_path):
    spec = tmp_path / "page.yaml"
    spec.write_text("page: [\n", encoding="utf-8")
    result = run_zzprint("build", str(spec), env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{spec}:2:1: ")
    for line in lines:  # FILE[:LINE:COL]: message — hint, in Chinese
        assert re.fullmatch(r"[^:]+(:\d+:\d+)?: .*\S — .*\S", line) and CJK.search(line), line


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"}, "en"),
    ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}, "en"),  # gettext ignores LANGUAGE under the C locale
    ({"LANGUAGE": "zh_TW"}, "zh"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_the_language_is_read_from_the_environment_as_gettext_reads_it(environ, language):
    assert language_from_environment(environ) == language


def test_the_catalogue_is_installed_with_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.mo"' in pyproject
    assert Path(MESSAGES / "zzprint.mo").stat().st_size > 1000


def test_the_proof_speaks_chinese(tmp_path):
    """Progress lines, the summary and the proof report's headings and fit table in Chinese."""
    from pdfminer.high_level import extract_text

    result = run_zzprint("--lang", "zh", "proof", "layout/opinion.yaml", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\[1/\d\] 排版 layout/opinion\.yaml … ", result.stderr, re.M)  # the progress lines
    assert re.search(r"^校样：.*opinion-proof\.pdf（6 篇稿件，0 篇超版，印前检查合格），用时", result.stdout, re.M)
    report = extract_text(str(tmp_path / "opinion-proof.pdf"))
    for heading in ("核版", "排版统计", "印前检查合格", "输入文件"):
        assert heading in report
    assert "245 行 / 3185 字" in report  # the fit table's first article, in the editor's words
    assert not re.search(r"\b(Capacity|Typographic audit|Layout faults|nothing overset)\b", report)


def test_the_page_is_the_same_in_either_language(tmp_path):
    """Messages change with the language; the PDF does not (same bytes under zh and en)."""
    pdfs = []
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.pdf"
        built = run_zzprint("--lang", lang, "build", "layout/opinion.yaml", "-o", str(out), "--no-check")
        assert built.returncode == 0, built.stderr
        pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1]


def test_no_function_hides_the_lookup_behind_a_local_underscore():
    """``x, _ = …`` in a function that also calls ``_("…")`` makes ``_`` local there: the message
    would raise UnboundLocalError (or call a tuple item) instead of being shown."""
    def own(node):  # the nodes of a function's own scope, not of nested functions or comprehensions
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp,
                                      ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                yield child
                yield from own(child)

    hidden = []
    for file in SOURCE.rglob("*.py"):
        for fn in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                binds = [n.lineno for n in own(fn) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)]
                calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"]
                if binds and calls:
                    hidden.append(f"{file.relative_to(ROOT)}:{binds[0]} ({fn.name})")
    assert not hidden, f"functions that bind _ and call _(): {hidden}"


def test_the_preview_page_speaks_chinese():
    """zzprint --lang zh watch: the terminal line, the page's own words and the fit statuses in Chinese."""
    import json
    import subprocess
    import sys
    import urllib.request

    process = subprocess.Popen([sys.executable, "-m", "zzprint", "--lang", "zh", "watch", "layout/opinion.yaml",
                                "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    try:
        first = process.stdout.readline()
        assert first.startswith("zzprint watch：layout/opinion.yaml 预览地址 http://127.0.0.1:"), first
        url = first[first.index("http://"):].split()[0]
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "<th>稿件</th><th>容量</th><th>已用</th><th>结果</th>" in page and "正在连接…" in page
        words = json.loads(page.split("window.ZZ_WORDS = ", 1)[1].split(";</script>", 1)[0])
        assert words["capacity"] == "{lines} 行 / {chars} 字" and all(CJK.search(w) for w in words.values())
        with urllib.request.urlopen(url + "state", timeout=10) as response:
            state = json.load(response)
        assert [f["status"] for f in state["fits"]] == ["排满"] * 6
    finally:
        process.kill()
        process.wait(timeout=10)
