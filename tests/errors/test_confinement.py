"""Confinement and bounded resources (issue #12): every file zzprint reads lies inside the
project (or a system font folder the font manifest names), is a plain file, and is no larger
than the limit of its kind; anything else is exit 2 naming the file, at once, and nothing of
the refused file reaches any output.

Each kind of file is attacked the same ways: a link to a file outside the project that holds
a marker, a ``../`` reference out of the project (where the file is named by a reference), a
FIFO (a reader would wait forever), and a link to ``/dev/zero`` (a reader would fill the
memory).  The marker is looked for in stdout, stderr and every file written, PDFs read back
(drawn text, document info, every decoded stream).  Controls show that the marker would be
found: the same marked file copied into the project does reach the output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from errors_helpers import LINE
from pdfread import read_pdf
from projects import ZZPRINT, copy_project

MARKER = "ZZLEAK7Q"
TIMEOUT = 60  # a hang on a FIFO or /dev/zero would run into this
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
CMYK_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
SPEC = "layout/opinion.yaml"


def zzprint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ZZPRINT, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def leaks(result: subprocess.CompletedProcess, *outputs: Path) -> list[str]:
    """Where the marker shows: the command's output, and every file written (PDFs read back)."""
    found = [name for name, text in (("stdout", result.stdout), ("stderr", result.stderr)) if MARKER in text]
    files = [f for out in outputs if out.exists() for f in ([out] if out.is_file() else sorted(out.rglob("*")))]
    for file in files:
        if not file.is_file() or file.is_symlink():
            continue
        if MARKER.encode() in file.read_bytes():
            found.append(str(file))
        if file.suffix == ".pdf" and MARKER in _pdf_text(file):
            found.append(f"{file} (read back)")
    return found


def _pdf_text(path: Path) -> str:
    """Everything a reader of the PDF can get at: drawn text, document info, decoded streams."""
    parts = ["".join(g.text for page in read_pdf(path) for g in page.glyphs)]
    with pikepdf.open(path) as pdf:
        parts += [str(value) for value in pdf.docinfo.values()]
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    parts.append(obj.read_bytes().decode("latin-1"))
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes().decode("latin-1"))
    return "\n".join(parts)


# --- the kinds of file, and how each is planted -------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One kind of input: where it lives in the project, its marked twin, how to name it by ``../``."""

    name: str
    place: str  # path in the project
    command: str  # "build" or "proof"

    def marked(self, project: Path, outside: Path) -> Path:
        """A file of this kind outside the project that carries the marker."""
        outside.mkdir(exist_ok=True)
        target = outside / Path(self.place).name
        if self.name == "font file":
            target.write_bytes(SYSTEM_FONTS.read_bytes() + MARKER.encode())
        elif self.name == "ICC profile":
            target.write_bytes(CMYK_ICC.read_bytes() + MARKER.encode())
        else:
            text = (project / self.place).read_text(encoding="utf-8")
            text = {"spec": lambda t: t.replace("name: 观点", f"name: 观点{MARKER}", 1),
                    "article": lambda t: t.replace("title: ", f"title: {MARKER}", 1),
                    "edition file": lambda t: t.replace("paper: 株洲日报", f"paper: 株洲日报{MARKER}", 1),
                    }.get(self.name, lambda t: t + f"\n# {MARKER}\n")(text)
            assert MARKER in text
            target.write_text(text, encoding="utf-8")
        return target


KINDS = {k.name: k for k in (
    Kind("spec", SPEC, "build"),
    Kind("article", "content/01-diaocha-yanjiu.md", "build"),
    Kind("font manifest", "fonts/fonts.yaml", "build"),
    Kind("font file", "fonts/files/LXGWWenKai-Regular.ttf", "build"),  # files/ is searched first: it shadows the system copy
    Kind("ICC profile", "profiles/press.icc", "build"),
    Kind("edition file", "layout/edition.yaml", "build"),
    Kind("import report", "content/IMPORT-REPORT.txt", "proof"),
)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    (project / "fonts" / "files").mkdir()
    return project


def use_icc_profile(project: Path, ref: str) -> None:
    edit(project / SPEC, "  condition: IFRA26", f"  condition: In-house coldset\n  icc_profile: {ref}\n ")


def run(kind: Kind, project: Path) -> tuple[subprocess.CompletedProcess, list[Path]]:
    if kind.command == "proof":
        out = project / "proof"
        return zzprint(project, "proof", SPEC, "--out", str(out)), [out]
    out = project / "out.pdf"
    return zzprint(project, "build", SPEC, "-o", str(out)), [out]


def plant(kind: Kind, project: Path, outside: Path, how: str) -> str:
    """Put a hostile ``kind`` in the project; returns what the message must name."""
    place = project / kind.place
    if kind.name == "ICC profile":
        use_icc_profile(project, kind.place)
        place.parent.mkdir(exist_ok=True)
    if how == "dotdot":  # named by a reference that climbs out of the project
        target = kind.marked(project, outside)
        climb = os.path.relpath(target, {"ICC profile": project, "font file": project / "fonts"}.get(kind.name, project / "layout"))
        if kind.name == "font manifest":
            edit(project / SPEC, "fonts: ../fonts/fonts.yaml", f"fonts: {climb}")
        elif kind.name == "font file":
            edit(project / "fonts" / "fonts.yaml", "file: LXGWWenKai-Regular.ttf", f"file: {climb}")
        elif kind.name == "ICC profile":
            edit(project / SPEC, f"icc_profile: {kind.place}", f"icc_profile: {climb}")
        elif kind.name == "article":
            shutil.copytree(project / "content", outside / "content")
            target.replace(outside / "content" / Path(kind.place).name)
            climb = os.path.relpath(outside / "content", project / "layout")
            edit(project / SPEC, "content: ../content", f"content: {climb}")
        return climb
    marked = kind.marked(project, outside)
    if place.exists():
        place.unlink()
    if how == "link":
        place.symlink_to(marked)
    elif how == "fifo":
        os.mkfifo(place)
    elif how == "devzero":
        place.symlink_to("/dev/zero")
    return Path(kind.place).name


ATTACKS = [(kind, how) for kind in KINDS for how in ("link", "fifo", "devzero")] + [
    (kind, "dotdot") for kind in ("article", "font manifest", "font file", "ICC profile")]


@pytest.mark.parametrize("kind, how", ATTACKS, ids=[f"{k}-{h}".replace(" ", "_") for k, h in ATTACKS])
def test_hostile_input_is_refused_at_once_and_never_read(project: Path, tmp_path: Path, kind: str, how: str) -> None:
    named = plant(KINDS[kind], project, tmp_path / "outside", how)
    result, outputs = run(KINDS[kind], project)
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    # The refusal names the file, at a FILE:LINE:COL (the file's own line 1, or where it is named).
    problems = [line for line in result.stderr.splitlines() if named in line]
    assert problems and all(LINE.match(line) for line in problems), "not FILE:LINE:COL: what — hint:\n" + result.stderr
    why = {"link": "outside", "fifo": "FIFO", "devzero": "outside", "dotdot": "outside"}[how]
    assert any(why in line for line in problems), result.stderr
    assert not leaks(result, *outputs)


@pytest.mark.parametrize("kind", ["spec", "article", "edition file", "ICC profile", "import report"])
def test_control_the_marked_file_inside_the_project_does_reach_the_output(project: Path, tmp_path: Path,
                                                                          kind: str) -> None:
    """The marker check can fail: the same marked file, copied into the project, shows in the output."""
    k = KINDS[kind]
    if kind == "ICC profile":
        use_icc_profile(project, k.place)
        (project / k.place).parent.mkdir(exist_ok=True)
    shutil.copyfile(k.marked(project, tmp_path / "outside"), project / k.place)
    result, outputs = run(k, project)
    assert result.returncode in (0, 1), result.stderr  # 1: a preflight remark on the in-house condition
    assert leaks(result, *outputs)


def test_a_device_in_a_named_system_font_folder_is_refused(project: Path) -> None:
    """An absolute search_path folder is allowed, but only plain files in it are read."""
    manifest = project / "fonts" / "fonts.yaml"
    edit(manifest, "search_path:\n", "search_path:\n  - /dev\n")
    edit(manifest, "file: LXGWWenKai-Regular.ttf", "file: zero")
    result = zzprint(project, "build", SPEC, "-o", str(project / "out.pdf"))
    assert result.returncode == 2, result.stderr
    assert "font file 'zero' is a character device, not a regular file" in result.stderr, result.stderr
    assert any(m and m["file"].endswith("fonts.yaml") for m in map(LINE.match, result.stderr.splitlines()))


@pytest.mark.parametrize("kind, limit", [("spec", "1 MiB"), ("article", "2 MiB"), ("font manifest", "1 MiB"),
                                         ("font file", "64 MiB"), ("ICC profile", "16 MiB"), ("edition file", "1 MiB"),
                                         ("import report", "4 MiB")])
def test_a_file_over_its_limit_is_refused_before_it_is_read(project: Path, kind: str, limit: str) -> None:
    """Sparse files: a reader that read before checking would take seconds and the memory."""
    k = KINDS[kind]
    place = project / k.place
    if kind == "ICC profile":
        use_icc_profile(project, k.place)
        place.parent.mkdir(exist_ok=True)
        shutil.copyfile(CMYK_ICC, place)
    elif kind == "font file":
        shutil.copyfile(SYSTEM_FONTS, place)
    number, unit = limit.split()
    size = int(number) * 1024 * 1024 + 1
    with open(place, "ab") as fh:
        fh.truncate(size)
    result, _ = run(k, project)
    assert result.returncode == 2, result.stderr
    assert f"is larger than {limit}, the {kind} limit" in result.stderr and place.name in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_named_like_an_article_is_refused(project: Path) -> None:
    (project / "content" / "07-extra.md").mkdir()
    result = zzprint(project, "build", SPEC, "-o", str(project / "out.pdf"))
    assert result.returncode == 2 and "07-extra.md:1:1: the article is a folder, not a regular file" in result.stderr, result.stderr


@pytest.mark.parametrize("how", ["copy", "link", "fifo"])
def test_the_last_proof_snapshot_is_read_only_as_a_plain_file_in_the_proof_folder(project: Path, tmp_path: Path,
                                                                                  how: str) -> None:
    """The proof compares with its last snapshot (NAME-proof.json): one linked from elsewhere or a pipe
    is no snapshot (the proof goes on, none of it shown); a real one is read (the control)."""
    out = project / "proof"
    out.mkdir()
    marked = tmp_path / "outside" / "opinion-proof.json"
    marked.parent.mkdir()
    marked.write_text(f'{{"version": 1, "spec": "{SPEC}", "articles": {{}}, "made_at": "{MARKER}"}}', encoding="utf-8")
    snapshot = out / "opinion-proof.json"
    if how == "copy":
        shutil.copyfile(marked, snapshot)
    elif how == "link":
        snapshot.symlink_to(marked)
    else:
        os.mkfifo(snapshot)
    result = zzprint(project, "proof", SPEC, "--out", str(out))
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert (out / "opinion-proof.pdf").is_file()
    assert bool(leaks(result, out / "opinion-proof.pdf")) == (how == "copy")


@pytest.mark.parametrize("how", ["link", "fifo", "devzero"])
def test_an_image_is_read_only_as_a_plain_file_inside_the_project(project: Path, tmp_path: Path, how: str) -> None:
    from PIL import Image

    (project / "images").mkdir()
    place = project / "images" / "photo.tif"
    if how == "link":
        (tmp_path / "outside").mkdir()
        Image.new("CMYK", (800, 400)).save(tmp_path / "outside" / "photo.tif")
        place.symlink_to(tmp_path / "outside" / "photo.tif")
    elif how == "fifo":
        os.mkfifo(place)
    else:
        place.symlink_to("/dev/zero")
    with open(project / SPEC, "a", encoding="utf-8") as spec:
        spec.write("images:\n  - {file: ../images/photo.tif, width: 2栏}\n")
    result = zzprint(project, "build", SPEC, "-o", str(project / "out.pdf"))
    assert result.returncode == 2, result.stderr
    line = len((project / SPEC).read_text(encoding="utf-8").rstrip("\n").split("\n"))
    why = "FIFO" if how == "fifo" else "outside"
    assert any(m and m["file"].endswith("opinion.yaml") and int(m["line"]) == line and "photo.tif" in m["what"]
               and why in m["what"] for m in map(LINE.match, result.stderr.splitlines())), result.stderr
