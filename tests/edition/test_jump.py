"""转版 on the demonstration edition (layout/edition-jump.yaml): 01-diaocha-yanjiu starts on page 1
and goes on on page 2.  Read back from the PDFs: the jump lines name the edition's page numbers,
every character of the article is printed once across the two pages, a continuation that does
not fit is overset for the article, and a page built alone says what it cannot know."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pdfread import normalise, read_pdf
from projects import copy_project, run_zzprint
from zzprint.content.markdown import load_articles
from zzprint.spec.load import load_spec

ARTICLE = "01-diaocha-yanjiu"


def _edition(project: Path, numbers: tuple[int, int]) -> Path:
    """The project's jump edition with the two pages numbered ``numbers``, built into OUT."""
    text = (project / "layout" / "edition-jump.yaml").read_text(encoding="utf-8")
    text = text.replace("{number: 1, layout: jump-front.yaml}", f"{{number: {numbers[0]}, layout: jump-front.yaml}}")
    text = text.replace("{number: 2, layout: jump-inside.yaml}", f"{{number: {numbers[1]}, layout: jump-inside.yaml}}")
    (project / "layout" / "edition-jump.yaml").write_text(text, encoding="utf-8")
    return project / "layout" / "edition-jump.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The edition numbered 4 and 9 (not 1 and 2: the numbers must come from the edition)."""
    project = copy_project(tmp_path_factory.mktemp("jump"))
    edition = _edition(project, (4, 9))
    out = project / "out"
    result = run_zzprint("edition", str(edition), "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    return project, out / "04-jump-front.pdf", out / "09-jump-inside.pdf"


def _frame_text(project: Path, layout: str, pdf: Path) -> str:
    """What the PDF shows inside the article's frame, in drawing order."""
    spec = load_spec(project / "layout" / layout)
    placement = next(p for p in spec.placements if p.content == ARTICLE)
    x, y, w, h = placement.rects[0].box(spec.grid)
    glyphs = [g for g in read_pdf(pdf)[0].glyphs
              # an opening mark at a line's start is set half a square out (its ink starts at the frame)
              if x - g.size / 2 - 0.5 <= g.x <= x + w + 0.5 and y - 0.5 <= g.baseline <= y + h + 0.5]
    return normalise("".join(g.text for g in glyphs))


def test_the_jump_lines_name_the_other_page_from_the_edition(built):
    project, front, inside = built
    first = normalise(read_pdf(front)[0].text)
    second = normalise(read_pdf(inside)[0].text)
    assert "（下转第9版）" in first and "上接" not in first
    assert "（上接第4版）" in second and "下转" not in second
    assert "第04版" in first and "第09版" in second  # the header agrees


def test_every_character_of_the_jumped_article_is_printed_once_across_the_two_pages(built):
    project, front, inside = built
    article = load_articles(project / "content" / "edition-jump" / "front")[ARTICLE]
    body = normalise("".join(b.text for b in article.blocks))
    first = _frame_text(project, "jump-front.yaml", front)
    second = _frame_text(project, "jump-inside.yaml", inside)
    # page 1: label, title, byline, the body's first part, the jump line
    head = normalise(article.section + article.title + article.author)
    assert first.startswith(head) and first.endswith("（下转第9版）")
    part1 = first[len(head):-len("（下转第9版）")]
    # page 2: the title again (转版标题), the jump line, the rest
    repeat = normalise(article.title) + "（上接第4版）"
    assert second.startswith(repeat)
    part2 = second[len(repeat):]
    assert len(part1) > 500 and len(part2) > 500  # the article really is cut in two
    assert part1 + part2 == body


def test_overset_in_the_continuation_is_reported_for_the_article(tmp_path):
    project = copy_project(tmp_path)
    edition = _edition(project, (1, 2))
    inside = project / "layout" / "jump-inside.yaml"
    text = inside.read_text(encoding="utf-8")
    assert "rects: [{col: 1, span: 4, line: 1, lines: 41}]" in text
    inside.write_text(text.replace("rects: [{col: 1, span: 4, line: 1, lines: 41}]",
                                   "rects: [{col: 1, span: 4, line: 1, lines: 36}]"), encoding="utf-8")
    result = run_zzprint("edition", str(edition), "--out", str(project / "out"), cwd=project)
    assert result.returncode == 1
    assert "page 01 jump-front.yaml ok" in result.stderr  # the first part is whole
    overset = [line for line in result.stderr.splitlines() if f"article {ARTICLE}: overset by" in line]
    assert len(overset) == 1 and "jump-inside.yaml" in overset[0], result.stderr
    chars = int(re.search(r"overset by (\d+) characters", overset[0]).group(1))
    assert 4 * 5 * 11 - 11 <= chars  # five lines fewer in each of four columns (11 字 a line)
    assert not (project / "out" / "02-jump-inside.pdf").exists()


def test_a_page_built_without_its_edition_says_which_jump_it_cannot_know(tmp_path):
    project = copy_project(tmp_path)
    result = run_zzprint("build", "layout/jump-front.yaml", "-o", str(tmp_path / "front.pdf"), cwd=project)
    assert result.returncode == 1
    assert "the page this article continues on is not known" in result.stderr
    assert "jump-front.yaml:" in result.stderr and not (tmp_path / "front.pdf").exists()
    result = run_zzprint("build", "layout/jump-front.yaml", "-o", str(tmp_path / "front.pdf"), "--draft", cwd=project)
    assert result.returncode == 1 and (tmp_path / "front.pdf").exists()
    assert "（下转第？版）" in normalise(read_pdf(tmp_path / "front.pdf")[0].text)
    result = run_zzprint("build", "layout/jump-inside.yaml", "-o", str(tmp_path / "inside.pdf"), cwd=project)
    assert result.returncode == 1 and "the page this article begins on is not known" in result.stderr


def test_line_saving_hints_of_an_overset_continuation_name_its_own_paragraphs(built, tmp_path):
    """The hints of page 2 point at paragraphs that page 2 prints, never at text page 1 already holds."""
    project, front, _ = built
    part1 = _frame_text(project, "jump-front.yaml", front)
    tail = part1[:-len("（下转第9版）")][-12:]  # the last characters page 1 prints of the article
    source = (project / "content" / "edition-jump" / "front" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    cut_line = next(n for n, line in enumerate(source.splitlines(), 1) if tail in normalise(line.replace("**", "")))
    copy = copy_project(tmp_path)
    edition = _edition(copy, (1, 2))
    inside = copy / "layout" / "jump-inside.yaml"
    inside.write_text(inside.read_text(encoding="utf-8").replace(
        "rects: [{col: 1, span: 4, line: 1, lines: 41}]", "rects: [{col: 1, span: 4, line: 1, lines: 40}]"), encoding="utf-8")
    result = run_zzprint("fit", str(inside), "--edition", str(edition), cwd=copy)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert re.search(rf"{ARTICLE} .*overset by \d+ characters", out), out
    lines = [int(n) for n in re.findall(rf"{ARTICLE}\.md:(\d+) to save a line", out)]
    assert lines and min(lines) >= cut_line, (lines, cut_line)
