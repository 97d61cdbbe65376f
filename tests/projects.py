"""What tests share: the project root, the real command line, and project copies to edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ZZPRINT = [sys.executable, "-m", "zzprint"]


def run_zzprint(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a layout editor does."""
    return subprocess.run([*ZZPRINT, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def copy_project(dest: Path) -> Path:
    """A copy of layout/, content/ and fonts/ that a test may edit."""
    for name in ("layout", "content", "fonts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("files"))
    return dest


def made_up_project(root: Path, layout: str, articles: dict[str, str], name: str = "test") -> Path:
    """A project written by a test: ``layout/NAME.yaml``, ``content/ID.md`` per article, the house
    fonts.yaml.  Returns the layout's path relative to ``root`` (what ``zzprint build`` takes)."""
    for folder in ("layout", "content", "fonts"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "layout" / f"{name}.yaml").write_text(textwrap.dedent(layout), encoding="utf-8")
    for article_id, text in articles.items():
        (root / "content" / f"{article_id}.md").write_text(text, encoding="utf-8")
    shutil.copyfile(ROOT / "fonts" / "fonts.yaml", root / "fonts" / "fonts.yaml")
    return Path("layout") / f"{name}.yaml"


def build_made_up(root: Path, layout: str, articles: dict[str, str], *options: str) -> Path:
    """Write a made-up project and build it with the command line; the PDF (the build must succeed)."""
    spec = made_up_project(root, layout, articles)
    out = root / "out.pdf"
    result = run_zzprint("build", str(spec), "-o", str(out), *options, cwd=root)
    assert result.returncode == 0, result.stderr + result.stdout
    return out
