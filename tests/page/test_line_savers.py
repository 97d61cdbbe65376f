"""The 删字/补字 guide: every hint ``zzprint fit`` offers holds when an editor makes the edit.

A line saver ``{"file", "line", "cut": N}`` says: delete the N characters just
before the final run of punctuation of the paragraph that starts at that line of
the content file, and the article's ``natural_lines`` becomes exactly one fewer.
A gainer says the same for N characters added.  The tests make the edit in the
Markdown file of a copy of the project and ask the real command line again.
"""

from __future__ import annotations

import json
import subprocess
import re
import unicodedata
from pathlib import Path

import pytest

from tests.projects import ROOT, copy_project, run_zzprint

SPEC = "layout/opinion.yaml"
FIRST = 3  # hints checked per article and kind


def fit_json(root: Path) -> dict[str, dict]:
    result = run_zzprint("fit", "--json", SPEC, cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return {a["id"]: a for a in json.loads(result.stdout)["articles"]}


def edit_paragraph(md: Path, line: int, delta: int) -> str:
    """Cut (delta < 0) or add ("字" × delta) characters just before the final punctuation
    of the paragraph that starts at file line ``line``; returns the text edited away or in."""
    lines = md.read_text(encoding="utf-8").split("\n")
    start = line - 1
    assert lines[start].strip(), f"{md}:{line} starts no paragraph"
    assert start == 0 or not lines[start - 1].strip() or lines[start - 1] == "---", f"{md}:{line} is inside a paragraph"
    last = start
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1  # a paragraph may go on over several lines of the file
    text = lines[last].rstrip()
    punct = len(text)
    while punct and unicodedata.category(text[punct - 1]).startswith("P"):
        punct -= 1
    assert "*" not in text[punct:], f"{md}:{last + 1} ends in Markdown markup, not in punctuation"
    if delta < 0:
        cut = text[punct + delta:punct]
        assert len(cut) == -delta and not re.search(r"[*\\`\[\]]", cut), (md, last + 1, cut)
        lines[last] = text[:punct + delta] + text[punct:]
    else:
        cut = "字" * delta
        lines[last] = text[:punct] + cut + text[punct:]
    md.write_text("\n".join(lines), encoding="utf-8")
    return cut


@pytest.fixture(scope="module")
def seed_fit() -> dict[str, dict]:
    return fit_json(ROOT)


@pytest.mark.parametrize("kind, key, step", [("line_savers", "cut", -1), ("line_gainers", "add", +1)])
def test_first_hints_of_each_article_move_natural_lines_by_exactly_one(seed_fit, tmp_path, kind, key, step):
    for article in seed_fit.values():
        assert len(article[kind]) >= FIRST, f"{article['id']}: only {article[kind]} {kind}"
    # Articles set independently: one copy per round takes the k-th hint of every article.
    for k in range(FIRST):
        copy = copy_project(tmp_path / f"{kind}-{k}")
        made = {}
        for article in seed_fit.values():
            hint = article[kind][k]
            assert 1 <= hint[key] <= 20, hint  # at most about a line's worth of characters
            md = copy / Path(hint["file"]).relative_to(ROOT)
            made[article["id"]] = (hint, edit_paragraph(md, hint["line"], step * hint[key]))
        edited = fit_json(copy)
        for article_id, (hint, text) in made.items():
            before, after = seed_fit[article_id]["natural_lines"], edited[article_id]["natural_lines"]
            assert after == before + step, (f"{article_id}: {kind} {hint} ({text!r}) made natural lines "
                                            f"{before} → {after}, not {before + step}")


def test_natural_lines_count_every_line_of_a_short_or_long_text(seed_fit, tmp_path):
    """natural_lines is the same whatever the frame: with no copy-fit change, the text alone decides it."""
    copy = copy_project(tmp_path / "p")
    layout = copy / SPEC
    text = layout.read_text(encoding="utf-8")
    # 05's frame shortened by 20 lines: it goes overset, but its text takes as many lines as before.
    frame = re.search(r"- content: 05-minsheng-shishi\n    rects: \[\{col: (\d+), span: (\d+), line: (\d+), lines: (\d+)\}\]", text)
    assert frame, "the seed layout changed: update this test"
    col, span, line, lines = map(int, frame.groups())
    layout.write_text(text.replace(frame.group(0), frame.group(0).replace(f"lines: {lines}}}", f"lines: {lines - 20}}}")),
                      encoding="utf-8")
    edited = fit_json(copy)
    assert edited["05-minsheng-shishi"]["overset_lines"] > 0
    assert edited["05-minsheng-shishi"]["natural_lines"] == seed_fit["05-minsheng-shishi"]["natural_lines"]


def overset_copy(tmp_path: Path, seed_fit: dict) -> tuple[Path, str]:
    """A copy where 04 is overset: its last paragraph says the same thing twice more."""
    copy = copy_project(tmp_path / "overset")
    md = copy / "content" / "04-suili-yijinrou.md"
    lines = md.read_text(encoding="utf-8").rstrip("\n").split("\n")
    body = [line for line in lines if line.strip() and not line.startswith(("#", ">", "---")) and "：" not in line[:8]]
    lines += ["", body[-1] + body[-2], ""]
    md.write_text("\n".join(lines), encoding="utf-8")
    return copy, "04-suili-yijinrou"


def test_fit_table_guides_the_cuts_of_an_overset_article_and_they_hold(seed_fit, tmp_path):
    copy, article_id = overset_copy(tmp_path, seed_fit)
    table = run_zzprint("fit", SPEC, cwd=copy)
    assert table.returncode == 1, table.stdout + table.stderr
    assert re.search(rf"^{article_id} .*overset by \d+ characters", table.stdout, re.M), table.stdout
    hints = re.findall(rf"^  {article_id}: 删字: cut (\d+) character\(s\) before the final punctuation of the "
                       rf"paragraph at (.+):(\d+) to save a line$", table.stdout, re.M)
    assert hints, table.stdout
    assert not re.search(r"^  0[^4]\S*: 删字", table.stdout, re.M), "hints shown for an article that fits"
    # The first printed hint, made by hand, saves exactly one line.
    before = fit_json(copy)[article_id]["natural_lines"]
    cut, file, line = hints[0]
    assert Path(file).resolve().parent == (copy / "content").resolve()
    edit_paragraph(Path(file), int(line), -int(cut))
    assert fit_json(copy)[article_id]["natural_lines"] == before - 1


def test_fit_table_guides_the_additions_to_a_short_article(seed_fit, tmp_path):
    copy = copy_project(tmp_path / "short")
    md = copy / "content" / "03-jingji-guancha.md"
    lines = md.read_text(encoding="utf-8").split("\n")
    paragraphs = [i for i, line in enumerate(lines) if line.strip() and i > 5 and not line.startswith(("#", ">"))]
    for i in paragraphs[-4:]:
        lines[i] = ""  # the last four paragraphs dropped: more than copy-fitting can fill
    md.write_text("\n".join(lines), encoding="utf-8")
    table = run_zzprint("fit", SPEC, cwd=copy)
    assert re.search(r"^03-jingji-guancha .*short by \d+ lines", table.stdout, re.M), table.stdout
    assert re.search(r"^  03-jingji-guancha: 补字: add \d+ character\(s\) before the final punctuation of the "
                     r"paragraph at .+03-jingji-guancha\.md:\d+ to gain a line$", table.stdout, re.M), table.stdout


def test_proof_report_and_watch_page_show_the_hints_beside_the_fault(seed_fit, tmp_path):
    from zzprint.proof.watch import Preview

    copy, article_id = overset_copy(tmp_path, seed_fit)
    table = run_zzprint("fit", SPEC, cwd=copy).stdout
    hints = [line.removeprefix(f"  {article_id}: ") for line in table.splitlines()
             if line.startswith(f"  {article_id}: 删字")]
    assert hints, table
    proof = run_zzprint("proof", SPEC, "--out", "proof", cwd=copy)
    assert proof.returncode == 1, proof.stderr  # overset: the proof is made, and says so
    text = subprocess.run(["pdftotext", str(copy / "proof" / "opinion-proof.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    report = re.sub(r"\s+", "", text[text.index(f"{article_id} ·"):])  # the article's section, lines rejoined
    assert "overset" in report[:2000] and re.sub(r"\s+", "", hints[0]) in report, report[:2000]
    state = Preview(copy / SPEC).rebuild()
    assert state.ok, state.errors
    shown = {f["id"]: f["hints"] for f in state.fits}
    assert [h for h in shown[article_id] if h.startswith("删字")] == hints
    assert not any(shown[a] for a in shown if a != article_id)
