"""``zzprint edition``: every page built in parallel into one folder, a broken page
reported (with its messages) while the others are delivered, header values from the edition."""

from __future__ import annotations

import re
from pathlib import Path

from projects import copy_project, run_zzprint
from pdfread import normalise, read_pdf

FIXTURE_SPEC = """\
page: {name: 副刊, width: 200mm, height: 300mm, bleed: 3mm}
grid: {body_size: 小五, columns: 4, chars: 13, gutter: 1字, line_pitch: 14.3pt, lines: 40}
content: ../content-p5
articles:
  - content: note
    rects: [{col: 1, span: 2, line: 1, lines: 6}]  # as tall as its text: a frame not flush is a layout fault
    headline: {lines: 4, max_lines: 2, label: none}
    summary: null
"""
FIXTURE_ARTICLE = "---\ntitle: 编辑部的话\nauthor: 本报编辑部\n---\n今天的版面由四个版组成，本版为测试用的小版。\n"


def edition_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path)
    layout = project / "layout"
    (layout / "p5-fixture.yaml").write_text(FIXTURE_SPEC, encoding="utf-8")
    (project / "content-p5").mkdir()
    (project / "content-p5" / "note.md").write_text(FIXTURE_ARTICLE, encoding="utf-8")
    broken = (layout / "opinion.yaml").read_text(encoding="utf-8").replace("  columns: 8", "  colums: 8", 1)
    (layout / "broken.yaml").write_text(broken, encoding="utf-8")
    (layout / "edition.yaml").write_text(
        "paper: 株洲日报\ndate: 2025-03-14\neditor: 刘平\ndesigner: 陈曦\npages:\n"
        "  - {number: 3, layout: opinion.yaml}\n"
        "  - {number: 5, layout: p5-fixture.yaml}\n"
        "  - {number: 7, layout: opinion-tabloid.yaml}\n"
        "  - {number: 9, layout: broken.yaml}\n", encoding="utf-8")
    return project


def test_edition_delivers_good_pages_and_names_the_broken_one(tmp_path: Path) -> None:
    project = edition_project(tmp_path)
    out = project / "build" / "edition"
    out.mkdir(parents=True)
    (out / "09-broken.pdf").write_bytes(b"%PDF-1.3 yesterday's page")  # must not survive as if current
    result = run_zzprint("edition", "layout/edition.yaml", "--out", str(out), "-j", "2", cwd=project)
    err = result.stderr
    assert result.returncode == 2, err
    assert "Traceback" not in err
    progress = re.findall(r"^\[(\d)/4\] page (\d\d) (\S+) (ok|bad input)", err, re.MULTILINE)
    assert sorted(p[1:] for p in progress) == [("03", "opinion.yaml", "ok"), ("05", "p5-fixture.yaml", "ok"),
                                                ("07", "opinion-tabloid.yaml", "ok"), ("09", "broken.yaml", "bad input")]
    assert [p[0] for p in progress] == ["1", "2", "3", "4"]
    assert "page 09 broken.yaml FAILED (bad input):" in err
    colums = next(n for n, l in enumerate((project / "layout/broken.yaml").read_text(encoding="utf-8").split("\n"), 1)
                  if "colums" in l)
    assert re.search(rf"broken\.yaml:{colums}:3: unknown key 'colums' in grid — did you mean 'columns'\?", err), err
    assert "3 of 4 pages delivered" in err
    assert sorted(p.name for p in out.iterdir()) == ["03-opinion.pdf", "05-p5-fixture.pdf", "07-opinion-tabloid.pdf"]
    for number, name in [(3, "03-opinion.pdf"), (5, "05-p5-fixture.pdf"), (7, "07-opinion-tabloid.pdf")]:
        pdf = out / name
        assert pdf.read_bytes().startswith(b"%PDF-")
        text = normalise("".join(page.text for page in read_pdf(pdf)))
        assert f"第{number:02d}版" in text and "2025年3月14日" in text and "星期五" in text, (name, text[:80])
        assert not any(f"第{other:02d}版" in text for other in (3, 5, 7, 9) if other != number)
    assert not list(out.glob(".*.tmp"))  # atomic writes leave no temporary files


def test_edition_of_good_pages_exits_zero_with_one_job(tmp_path: Path) -> None:
    project = edition_project(tmp_path)
    edition = project / "layout" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("  - {number: 9, layout: broken.yaml}\n", ""),
                       encoding="utf-8")
    result = run_zzprint("edition", "layout/edition.yaml", "--out", "out", "-j", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "3 of 3 pages delivered" in result.stderr and "(1 parallel)" in result.stderr
    assert len(list((project / "out").glob("*.pdf"))) == 3


def test_bad_edition_file_is_reported_at_its_lines(tmp_path: Path) -> None:
    project = edition_project(tmp_path)
    edition = project / "layout" / "edition.yaml"
    text = edition.read_text(encoding="utf-8").replace("{number: 5,", "{number: 3,").replace("{number: 7,", "{number: true,")
    edition.write_text(text, encoding="utf-8")
    result = run_zzprint("edition", "layout/edition.yaml", "--out", "out", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "edition.yaml:7:14: page 3 is listed twice (first as pages[0]) — give every page its own number" in result.stderr
    assert "edition.yaml:8:5: each page needs number: and layout:" in result.stderr
    assert not (project / "out").exists()


def test_missing_layout_is_one_failed_page(tmp_path: Path) -> None:
    project = edition_project(tmp_path)
    edition = project / "layout" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("broken.yaml", "nowhere.yaml"), encoding="utf-8")
    result = run_zzprint("edition", "layout/edition.yaml", "--out", "out", cwd=project)
    assert result.returncode == 2
    assert "page 09 nowhere.yaml FAILED (bad input):" in result.stderr and "cannot read spec" in result.stderr
    assert len(list((project / "out").glob("*.pdf"))) == 3
