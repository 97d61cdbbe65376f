"""Delivering a PDF is atomic (zzprint.files.write_atomic): the old file stays whole until the new
one is complete on disk, and no temporary file is left behind, whatever fails."""

from __future__ import annotations

import os
import stat

import pytest
from render_helpers import document, sample_page

from zzprint import files
from zzprint.render import render_pdf


@pytest.fixture
def previous(tmp_path):
    """An existing, valid PDF in a folder of its own."""
    path = tmp_path / "A05.pdf"
    files.write_atomic(path, render_pdf(document(sample_page())))
    return path


def test_the_file_holds_exactly_the_rendered_bytes(previous, sample_doc):
    assert previous.read_bytes() == render_pdf(sample_doc)
    assert stat.S_IMODE(previous.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert os.listdir(previous.parent) == ["A05.pdf"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failure_while_writing_leaves_the_old_file_and_no_temp_file(previous, monkeypatch, failing):
    before = previous.read_bytes()
    data = render_pdf(document(sample_page(crop_marks=True)))

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, failing, boom)
    with pytest.raises(OSError, match="No space"):
        files.write_atomic(previous, data)
    monkeypatch.undo()
    assert previous.read_bytes() == before
    assert os.listdir(previous.parent) == ["A05.pdf"]


def test_an_interrupt_while_writing_also_cleans_up(previous, monkeypatch):
    before = previous.read_bytes()
    data = render_pdf(document(sample_page()))
    real_fdopen = os.fdopen

    def interrupted(fd, *args, **kwargs):
        fh = real_fdopen(fd, *args, **kwargs)
        fh.write(b"%PDF-1.3\n half a file")

        def stop(_data):
            raise KeyboardInterrupt

        fh.write = stop
        return fh

    monkeypatch.setattr(files.os, "fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(previous, data)
    monkeypatch.undo()
    assert previous.read_bytes() == before
    assert os.listdir(previous.parent) == ["A05.pdf"]


def test_an_existing_files_permissions_are_kept(previous):
    previous.chmod(0o664)
    files.write_atomic(previous, render_pdf(document(sample_page(crop_marks=True))))
    assert stat.S_IMODE(previous.stat().st_mode) == 0o664
