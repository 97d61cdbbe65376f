"""``zzprint import`` never overwrites an editor's work (issue #12).

A fresh import goes to its own folder (``build/import``); a folder holding other articles
is refused unless ``--force``, which keeps the previous files and lists what changed;
every file is written atomically, so a full disk or a read-only folder leaves the old
files whole; and the raw input must be a plain file of sensible size inside the project.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from content_helpers import SEED
from projects import ROOT, ZZPRINT, copy_project, run_zzprint

from zzprint.content.clean import import_raw, run_import
from zzprint.content.markdown import load_articles
from zzprint.inputs import LIMITS

#: The seed page's articles as the importer names them (table E).
SEED_FILES = ["01-diaocha-yanjiu.md", "02-article.md", "03-jingji-guancha.md",
              "04-article.md", "05-minsheng-shishi.md", "06-jiceng-zhili.md"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) -> its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the repository's layout/, content/, fonts/ and seed/, as a fresh clone has them."""
    root = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "seed", root / "seed")
    return root


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the default folder


def test_import_in_a_fresh_clone_leaves_content_unchanged(project: Path) -> None:
    """The README's command, run as typed: content/ keeps every byte, build/import gets the articles."""
    before = snapshot(project / "content")
    result = run_zzprint("import", "seed/opinion-page.txt", cwd=project)
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "content") == before
    out = project / "build" / "import"
    assert sorted(p.name for p in out.glob("*.md")) == SEED_FILES
    assert list(load_articles(out)) == [name.removesuffix(".md") for name in SEED_FILES]
    expected = {a.file_name: a.text for a in import_raw(seed_text(), "seed/opinion-page.txt").articles}
    assert {name: (out / name).read_text(encoding="utf-8") for name in SEED_FILES} == expected
    assert (out / "IMPORT-REPORT.txt").read_text(encoding="utf-8").startswith("zzprint import report: seed/opinion-page.txt")
    assert "wrote 6 file(s) to build/import, 0 unchanged" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [*SEED_FILES, "IMPORT-REPORT.txt"]  # no temporary file left


def test_the_same_import_again_rewrites_nothing(project: Path) -> None:
    """A folder holding exactly this import's articles is no risk: accepted, nothing rewritten."""
    assert run_zzprint("import", "seed/opinion-page.txt", cwd=project).returncode == 0
    out = project / "build" / "import"
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = run_zzprint("import", "seed/opinion-page.txt", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "wrote 0 file(s) to build/import, 6 unchanged" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


# --------------------------------------------------------------------------- refusal and --force


def test_importing_over_edited_content_is_refused(project: Path) -> None:
    """content/ holds the editors' articles (bold lead-ins, renamed files): exit 2, one line, nothing touched."""
    before = snapshot(project / "content")
    result = run_zzprint("import", "seed/opinion-page.txt", "--out", "content", cwd=project)
    assert result.returncode == 2
    err = result.stderr.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith("content: folder already holds articles")
    assert "--force" in err and "--out" in err
    assert "01-diaocha-yanjiu.md (differs from this import)" in err
    assert "02-guoqi-dangjian.md (not from this import)" in err
    assert snapshot(project / "content") == before


def test_an_editors_edit_survives_a_second_import(project: Path) -> None:
    """The issue's case: import, an editor adds a bold lead-in, import again."""
    assert run_zzprint("import", "seed/opinion-page.txt", cwd=project).returncode == 0
    article = project / "build" / "import" / "03-jingji-guancha.md"
    lines = article.read_text(encoding="utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if i > 2 and line and not line.startswith(("#", ">", "---")))
    lines[body] = "**掌握先机。**" + lines[body]
    edited = "\n".join(lines)
    article.write_text(edited, encoding="utf-8")

    refused = run_zzprint("import", "seed/opinion-page.txt", cwd=project)
    assert refused.returncode == 2
    assert refused.stderr.startswith("build/import: folder already holds articles")
    assert "03-jingji-guancha.md (differs from this import)" in refused.stderr
    assert article.read_text(encoding="utf-8") == edited

    forced = run_zzprint("import", "seed/opinion-page.txt", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    kept = list((project / "build" / "import").glob(".previous-*/03-jingji-guancha.md"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == edited
    assert "**" not in article.read_text(encoding="utf-8")
    line = next(line for line in forced.stdout.splitlines() if "03-jingji-guancha.md" in line and "changed" in line)
    assert "+1 −1 lines; 1 bold lead-in(s) **…** only in the previous file" in line
    assert f"(previous: build/import/{kept[0].parent.name}/03-jingji-guancha.md)" in line
    # only the edited file was kept aside; the five others were not rewritten
    assert [p.name for p in kept[0].parent.iterdir()] == ["03-jingji-guancha.md"]
    assert "wrote 1 file(s) to build/import, 5 unchanged" in forced.stdout


def _diff_counts(old: Path, new: Path) -> tuple[int, int]:
    """Added and removed lines by GNU diff (not the importer's own difflib)."""
    out = subprocess.run(["diff", "-U0", str(old), str(new)], capture_output=True, text=True).stdout.splitlines()[2:]
    return (sum(line.startswith("+") for line in out if not line.startswith("+++")),
            sum(line.startswith("-") for line in out if not line.startswith("---")))


def test_force_keeps_every_previous_article_and_lists_the_changes(project: Path) -> None:
    content = project / "content"
    before = snapshot(content)
    result = run_zzprint("import", "seed/opinion-page.txt", "--out", "content", "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    (previous,) = content.glob(".previous-*")
    assert previous.name[len(".previous-"):].replace("-", "").isdigit()
    # Nothing an editor wrote is gone: each old article is in content/ unchanged or kept in previous/.
    for name, data in before.items():
        if name.endswith(".md"):
            here = [p for p in (content / name, previous / name) if p.exists() and p.read_bytes() == data]
            assert here, f"{name} lost"
    # content/ now holds exactly this import's articles (the renamed ones were set aside, not doubled)
    assert sorted(p.name for p in content.glob("*.md")) == SEED_FILES
    report = result.stdout
    for kept in sorted(previous.iterdir()):
        line = next(line for line in report.splitlines() if f" {kept.name}" in line and "previous:" in line)
        if (content / kept.name).exists():
            added, removed = _diff_counts(kept, content / kept.name)
            assert f"changed    {kept.name}  +{added} −{removed} lines" in line
            bold = kept.read_text(encoding="utf-8").count("**") // 2
            assert bold > 0 and f"{bold} bold lead-in(s) **…** only in the previous file" in line
        else:
            assert line.strip().startswith(f"set aside  {kept.name}; not produced by this import")
    assert f"compare: diff -ru content/{previous.name} content" in report


def test_force_replaces_a_link_without_writing_through_it(tmp_path: Path, capsys) -> None:
    """An article that is a symbolic link: the link is replaced (and kept), its target never written."""
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("editor's own text\n", encoding="utf-8")
    (out / "02-article.md").symlink_to(victim)
    assert run_import(raw, out, force=True) == 0
    assert victim.read_text(encoding="utf-8") == "editor's own text\n"
    assert not (out / "02-article.md").is_symlink()
    (kept,) = out.glob(".previous-*/02-article.md")
    assert kept.is_symlink() and kept.resolve() == victim
    assert f"was a link to {victim}" in capsys.readouterr().out


# --------------------------------------------------------------------------- atomic writing


def _fill_after(limit: int, under: Path):
    """An ``os.write`` that behaves like a disk with ``limit`` bytes free for files under ``under``."""
    real_write = os.write
    used = [0]

    def write(fd: int, data) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if not target.startswith(str(under)):
            return real_write(fd, data)
        room = limit - used[0]
        if room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = real_write(fd, bytes(data[:room]))
        used[0] += written
        return written
    return write


def test_disk_full_leaves_every_old_article_whole(tmp_path: Path, monkeypatch, capsys) -> None:
    """The disk fills in the middle of the second article: exit 2 naming it, old files intact, no temporary file."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file a write goes to")
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    out = tmp_path / "content"
    shutil.copytree(ROOT / "content", out)
    (out / "02-article.md").write_text("an editor's draft\n", encoding="utf-8")
    before = snapshot(out)
    first = import_raw(seed_text(), str(raw)).articles[0]
    monkeypatch.setattr(os, "write", _fill_after(len(first.text.encode()) + 1000, out))
    assert run_import(raw, out, force=True) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err.strip()
    assert err == (f"{out / '02-article.md'}: cannot write: No space left on device — the disk is full: "
                   "free space and import again (every old file is still whole)")
    assert snapshot(out) == before  # no half article, no .part file, no .previous folder


def _tmpfs(folder: Path, options: str):
    """A tmpfs mounted at ``folder`` with ``options`` while the test runs; skipped where mounting is not allowed."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture()
def tiny_disk(tmp_path: Path):
    """A 48 KiB tmpfs (a real full disk)."""
    yield from _tmpfs(tmp_path / "tiny", "size=48k,mode=0755")


def test_a_really_full_disk(tiny_disk: Path, tmp_path: Path, capsys) -> None:
    """Articles (23 KB) plus report (30 KB) do not fit in 48 KiB: refused whole, the old articles untouched."""
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    out = tiny_disk / "content"
    out.mkdir()
    for article in sorted((ROOT / "content").glob("*.md")):  # the seed's articles, not other pages' folders
        shutil.copyfile(article, out / article.name)
    before = snapshot(out)
    assert run_import(raw, out, force=True) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(out / "")) and ": cannot write: No space left on device — the disk is full" in err
    assert snapshot(out) == before


@pytest.fixture()
def read_only_folder(tmp_path: Path):
    """A read-only tmpfs (root ignores chmod, not a read-only mount)."""
    yield from _tmpfs(tmp_path / "ro", "size=64k,ro")


def test_read_only_folder(read_only_folder: Path, tmp_path: Path, capsys) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    assert run_import(raw, read_only_folder) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{read_only_folder / ''}")
    assert ": cannot write: Read-only file system — the filesystem is read-only: pass --out with a writable folder" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a chmod 0555 folder anyway")
def test_folder_without_write_permission(tmp_path: Path, capsys) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    assert run_import(raw, out) == 2
    assert ": cannot write: Permission denied — no permission to write there" in capsys.readouterr().err


@pytest.mark.parametrize("what", ["folder", "fifo"])
def test_something_in_the_way_of_an_article(tmp_path: Path, what: str, capsys) -> None:
    """A folder or a FIFO where an article goes: exit 2 naming it, no file written (and no hang on the FIFO)."""
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "03-jingji-guancha.md"
    blocker.mkdir() if what == "folder" else os.mkfifo(blocker)
    assert run_import(raw, out, force=True) == 2
    kind = "a folder" if what == "folder" else "a FIFO"
    assert capsys.readouterr().err.strip() == f"{blocker}: {kind} is in the way of an imported article — move it away, or pass another --out"
    assert [p.name for p in out.iterdir()] == ["03-jingji-guancha.md"]


def test_output_folder_is_a_file(tmp_path: Path, capsys) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    (tmp_path / "out").write_text("x", encoding="utf-8")
    assert run_import(raw, tmp_path / "out") == 2
    assert capsys.readouterr().err.strip() == (f"{tmp_path / 'out'}: the output folder is a file, not a folder — "
                                               "pass --out with a folder (it is created if missing)")


def test_file_permissions(tmp_path: Path, capsys) -> None:
    """New articles are readable by colleagues (0644, not a temporary file's 0600); a replaced one keeps its mode."""
    raw = tmp_path / "raw.txt"
    raw.write_text(seed_text(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "01-diaocha-yanjiu.md").write_text("old\n", encoding="utf-8")
    os.chmod(out / "01-diaocha-yanjiu.md", 0o664)
    assert run_import(raw, out, force=True) == 0
    assert stat.S_IMODE((out / "01-diaocha-yanjiu.md").stat().st_mode) == 0o664
    assert stat.S_IMODE((out / "02-article.md").stat().st_mode) == 0o644


# --------------------------------------------------------------------------- the raw input


def _import_cli(raw: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line with a short timeout: a FIFO must be refused, not waited on."""
    return subprocess.run([*ZZPRINT, "import", raw, "--out", "out"], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_raw_input_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "raw.txt")
    result = _import_cli("raw.txt", tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("raw.txt:1:1: the raw copy is a FIFO (named pipe), not a regular file — "
                                     "name a plain file as the raw copy; zzprint reads no pipes or devices")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("raw", "kind"), [("/dev/zero", "a character device"), (".", "a folder")])
def test_raw_input_device_or_folder(tmp_path: Path, raw: str, kind: str) -> None:
    result = _import_cli(raw, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{raw}:1:1: the raw copy is {kind}, not a regular file — "
                                     "name a plain file as the raw copy; zzprint reads no pipes or devices")


def test_raw_input_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "raw.txt"
    with big.open("wb") as fh:
        fh.truncate(LIMITS["raw copy"] + (1 << 20))  # sparse: nothing to read, the size alone decides
    result = _import_cli("raw.txt", tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("raw.txt:1:1: the raw copy is larger than 8 MiB, the raw copy limit — "
                                     "check it is the right file; a real raw copy is far smaller")
    assert not (tmp_path / "out").exists()


def test_raw_input_link_out_of_the_project_is_refused(project: Path) -> None:
    outside = project.parent / "elsewhere.txt"
    outside.write_text(seed_text(), encoding="utf-8")
    (project / "seed" / "link.txt").symlink_to(outside)
    result = _import_cli("seed/link.txt", project)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"seed/link.txt:1:1: the raw copy is a link to {outside}, outside {project} — "
                                     "copy the file into the project instead of linking to it")
    # a link inside the project is followed
    (project / "seed" / "inside.txt").symlink_to("opinion-page.txt")
    assert _import_cli("seed/inside.txt", project).returncode == 0


def test_raw_input_in_two_encodings_still_reports_its_line(tmp_path: Path) -> None:
    """The size and kind checks did not lose the check of the text itself: UTF-8 lines
    followed by GBK ones are no encoding at all (a whole GBK file is read, see test_content_corpus)."""
    (tmp_path / "raw.txt").write_bytes("标题\n作者\n".encode() + "正文".encode("gbk"))
    result = _import_cli("raw.txt", tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("raw.txt:3:1: the raw copy is neither UTF-8, UTF-16 nor GB 18030 text")


def test_help_names_the_default_folder() -> None:
    result = subprocess.run([*ZZPRINT, "import", "--help"], capture_output=True, text=True, timeout=60)
    text = " ".join(result.stdout.split())  # argparse wraps at the terminal width
    assert "(default: build/import)" in text and "--force replace articles already in --out" in text
