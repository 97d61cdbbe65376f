"""The one-shot build uses the second core twice: a forked child fits about half the
articles, and the preflight starts in a forked child before the page is set.  Neither
may change what is delivered or what the layout editor is told."""

from __future__ import annotations

import os

import pytest
from reportlab.pdfgen.canvas import Canvas

from projects import ROOT, run_zzprint
from zzprint import cli
from zzprint.build import build_page
from zzprint.flow import page_layout
from zzprint.render.pdf import render_pdf


@pytest.mark.parametrize("spec", ["opinion.yaml", "opinion-tabloid.yaml"])
def test_two_workers_set_the_same_pages_as_one(spec):
    one = build_page(ROOT / "layout" / spec, workers=1)
    two = build_page(ROOT / "layout" / spec, workers=2)
    assert [f.as_dict() for f in two.fits] == [f.as_dict() for f in one.fits]
    assert render_pdf(two.document) == render_pdf(one.document)
    _assert_no_child_process_left()


def test_the_parent_works_while_waiting_and_the_page_is_the_same():
    """The command line imports the PDF writer while the child finishes: called once, same page."""
    calls = []
    one = build_page(ROOT / "layout" / "opinion.yaml", workers=1)
    two = build_page(ROOT / "layout" / "opinion.yaml", workers=2, while_waiting=lambda: calls.append(1))
    assert calls == [1]
    assert render_pdf(two.document) == render_pdf(one.document)


def test_the_shares_follow_the_parts_asked_for():
    """Longest article first, each to the share furthest below its part of the text."""
    class Job:  # what the split reads: an article's blocks' text
        def __init__(self, n):
            self.blocks = [type("Block", (), {"text": "字" * n})()]

    jobs = [(f"p{n}", Job(n)) for n in (500, 400, 300, 300, 200, 100)]
    for part in (0.5, 0.4):
        mine, theirs = page_layout._split_by_length(jobs, part)
        mine_chars = sum(len(j[1].blocks[0].text) for j in mine)
        assert sorted(name for name, _ in mine + theirs) == sorted(name for name, _ in jobs)
        assert abs(mine_chars / 1800 - part) <= 100 / 1800 + 1e-9, (part, mine_chars)


def test_a_child_that_fails_is_replaced_by_the_parent(monkeypatch):
    """If the forked child cannot send its articles, the parent fits them itself: same page."""
    def broken_dump(*_args, **_kwargs):
        raise OSError("pipe broke")

    reference = build_page(ROOT / "layout" / "opinion.yaml", workers=1)
    monkeypatch.setattr(page_layout.pickle, "dump", broken_dump)
    result = build_page(ROOT / "layout" / "opinion.yaml", workers=2)
    assert [f.id for f in result.fits] == [f.id for f in reference.fits]
    assert render_pdf(result.document) == render_pdf(reference.document)


def test_the_preflight_reports_after_the_build(tmp_path):
    out = tmp_path / "page.pdf"
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"wrote {out} (1 page, 6 articles, 0 characters overset)")
    assert lines[1:] == [f"OK: {out} conforms to PDF/X-1a:2001 (1 page)"]


def test_a_failed_preflight_is_the_build_status(tmp_path, monkeypatch, capfd):
    """The early-started checker checks the file really written: an RGB PDF fails the build."""
    def write_rgb(_result, out):
        canvas = Canvas(str(out), pagesize=(200, 200))
        canvas.setFillColorRGB(1, 0, 0)
        canvas.rect(10, 10, 50, 50, fill=1)
        canvas.save()

    monkeypatch.setattr("zzprint.build.write", write_rgb)
    out = tmp_path / "page.pdf"
    status = cli.main(["build", str(ROOT / "layout" / "opinion.yaml"), "-o", str(out)])
    stdout = capfd.readouterr().out
    assert status == 1
    assert stdout.startswith(f"wrote {out}")
    assert f"{out}: page 0" in stdout and "conforms" not in stdout
    _assert_no_child_process_left()


def test_a_checker_that_fails_is_replaced_by_the_parent(tmp_path, monkeypatch, capfd):
    """If the early checker cannot check (here: it cannot read its request), the build checks in-process."""
    def unreadable(_text):
        raise ValueError("garbled request")

    monkeypatch.setattr(cli.json, "loads", unreadable)  # only the checker child reads JSON
    out = tmp_path / "page.pdf"
    status = cli.main(["build", str(ROOT / "layout" / "opinion.yaml"), "-o", str(out)])
    stdout = capfd.readouterr().out
    assert status == 0
    assert stdout.splitlines()[1:] == [f"OK: {out} conforms to PDF/X-1a:2001 (1 page)"]
    _assert_no_child_process_left()


def test_a_build_that_fails_leaves_no_checker_behind(tmp_path, capfd):
    spec = tmp_path / "bad.yaml"
    spec.write_text("grid:\n  lines: many\n", encoding="utf-8")
    status = cli.main(["build", str(spec), "-o", str(tmp_path / "x.pdf")])
    captured = capfd.readouterr()
    assert status == 2
    assert "grid.lines" in captured.err and captured.out == ""
    assert not (tmp_path / "x.pdf").exists()
    _assert_no_child_process_left()


def _assert_no_child_process_left() -> None:
    """Every forked child was waited for: none running, none a zombie."""
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
