"""A one-shot build is one process: Ctrl-C and SIGTERM end it at once, cleanly and truthfully,
and what sits at the output path always agrees with the sources."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from reportlab.pdfgen.canvas import Canvas

from projects import ROOT, ZZPRINT, run_zzprint
from zzprint import cli


def test_the_preflight_reports_after_the_build(tmp_path):
    out = tmp_path / "page.pdf"
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"wrote {out} (1 page, 6 articles, 0 characters overset)")
    assert lines[1].startswith(f"OK: {out} conforms to PDF/X-1a:2001 (1 page)")


def test_a_failed_preflight_is_the_build_status(tmp_path, monkeypatch, capfd):
    """The check reads the file really written: an RGB PDF fails the build."""
    def rgb_pdf(_result):
        path = tmp_path / "rgb.pdf"
        canvas = Canvas(str(path), pagesize=(200, 200))
        canvas.setFillColorRGB(1, 0, 0)
        canvas.rect(10, 10, 50, 50, fill=1)
        canvas.save()
        return path.read_bytes()

    monkeypatch.setattr("zzprint.build.render", rgb_pdf)
    out = tmp_path / "page.pdf"
    status = cli.main(["build", str(ROOT / "layout" / "opinion.yaml"), "-o", str(out)])
    stdout = capfd.readouterr().out
    assert status == 1
    assert stdout.startswith(f"wrote {out}")
    assert "conforms" not in stdout.splitlines()[-1]


def test_a_failed_build_leaves_no_pdf_that_disagrees_with_the_sources(project):
    """The print shop collects from the output path: after a failed build nothing stale is there."""
    out = project / "build" / "opinion.pdf"
    assert run_zzprint("build", "layout/opinion.yaml", "-o", str(out), "--no-check", cwd=project).returncode == 0
    good = out.read_bytes()
    spec = project / "layout" / "opinion.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "\nnot a key: [\n", encoding="utf-8")
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out), cwd=project)
    assert result.returncode == 2
    assert not out.exists()
    assert (project / "build" / "opinion.last-good.pdf").read_bytes() == good


@pytest.mark.parametrize("where", ["folder", "file-as-folder"])
def test_an_output_path_that_cannot_be_written_is_bad_input(tmp_path, where):
    if where == "folder":
        out = tmp_path / "in-the-way.pdf"
        out.mkdir()
    else:
        (tmp_path / "plain").write_text("x")
        out = tmp_path / "plain" / "page.pdf"
    result = run_zzprint("build", "layout/opinion.yaml", "-o", str(out), "--no-check")
    assert result.returncode == 2, result.stderr
    assert str(out) in result.stderr and "Traceback" not in result.stderr
    assert " — " in result.stderr  # a hint follows the message


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_any_moment_ends_the_build_within_a_second(project, signum):
    """Ten moments through a build (with its preflight): each run ends within 1 s of the signal,
    leaves the old PDF or a complete new one and no temporary file, says truly what it delivered,
    and leaves no process behind."""
    out = project / "opinion.pdf"
    started = time.perf_counter()
    assert run_zzprint("build", "layout/opinion.yaml", "-o", str(out), cwd=project).returncode == 0
    duration = time.perf_counter() - started
    old = out.read_bytes()
    article = project / "content" / "04-suili-yijinrou.md"
    article.write_text(article.read_text(encoding="utf-8").replace("近日，", "前几天，", 1), encoding="utf-8")
    interrupted = 0
    for moment in range(1, 11):
        proc = subprocess.Popen([*ZZPRINT, "build", "layout/opinion.yaml", "-o", str(out)], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(duration * moment / 10)
        sent = time.perf_counter()
        proc.send_signal(signum)
        try:
            _, stderr = proc.communicate(timeout=10)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        took = time.perf_counter() - sent
        data = out.read_bytes()
        complete = data == old or (data.endswith(b"%%EOF\n") and subprocess.run(
            ["qpdf", "--check", str(out)], capture_output=True).returncode == 0)
        assert complete, f"moment {moment}: half a PDF at the output path"
        if proc.returncode != 0:
            interrupted += 1
            assert took < 1.0, f"moment {moment}: took {took:.2f} s to stop"
            if "nothing was delivered" in stderr:
                assert data == old, f"moment {moment}: said nothing was delivered, but the PDF changed"
            elif "delivered complete" in stderr:
                assert data != old
        with pytest.raises(ProcessLookupError):  # no checker, Ghostscript or other child left running
            os.killpg(proc.pid, 0)
        assert [p.name for p in project.iterdir() if p.name.startswith(".") or p.suffix in (".tmp", ".part")] == []
        out.write_bytes(old)
    assert interrupted >= 5  # the test really interrupted builds


def test_a_reader_that_goes_away_ends_the_output_quietly():
    """``zzprint fit --json | head``: no 'internal error', no traceback, the shell's status for a closed pipe."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([*ZZPRINT, "fit", "layout/opinion.yaml", "--json"], cwd=ROOT,
                            stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    os.close(read_end)  # the reader is gone before the first byte is written
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""
