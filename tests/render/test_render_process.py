"""The renderer in a fresh interpreter: what importing it costs, and bytes that do not depend on the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from render_helpers import document, sample_page

import zzprint
from zzprint.render import render_pdf

HERE = Path(__file__).parent
SRC = Path(zzprint.__file__).parent.parent


def python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter that imports this checkout's zzprint and the render helpers."""
    path = os.pathsep.join([str(SRC), str(HERE)])
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, check=True,
                          env={**os.environ, "PYTHONPATH": path, **env})


def test_importing_the_renderer_does_not_import_pillow(tmp_path):
    """Pillow costs ~50 ms of every cold build; the PDF writer has no image to read."""
    code = ("import sys, zzprint.render.pdf\n"
            "print(' '.join(m for m in ('zzprint.render.pdf', 'PIL', 'reportlab') if m in sys.modules))")
    assert python(code, tmp_path).stdout.decode().split() == ["zzprint.render.pdf"]


def test_another_process_in_another_folder_writes_the_same_bytes(tmp_path):
    """Different hash seed, working directory and clock: set and dict order or a path must not leak into the file."""
    code = ("import sys\n"
            "from render_helpers import document, sample_page\n"
            "from zzprint.render import render_pdf\n"
            "sys.stdout.buffer.write(render_pdf(document(sample_page(crop_marks=True))))")
    here = render_pdf(document(sample_page(crop_marks=True)))
    for seed, folder in (("1", tmp_path), ("4242", HERE)):
        assert python(code, folder, PYTHONHASHSEED=seed, TZ="America/New_York").stdout == here
