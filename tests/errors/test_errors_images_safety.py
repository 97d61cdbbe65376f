"""Images named in a spec (``images: [{file, width}]``) and safety: YAML never builds
objects, and every file a spec or an edition refers to lies inside the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import run_zzprint
from errors_helpers import (
    SPEC,
    Expect,
    append,
    assert_reported,
    col_of,
    edit,
    failing_build,
    line_of,
)
from PIL import Image

# 2栏 on the broadsheet grid = 2 × 13 字 × 9 pt + one 9 pt gutter = 243 pt = 3.375 in → 675 px at 200 ppi.
WIDTH = "2栏"


def place_image(project: Path, name: str, mode: str | None, pixels: int = 800) -> None:
    if mode:
        (project / "images").mkdir(exist_ok=True)
        Image.new(mode, (pixels, pixels // 2)).save(project / "images" / name)
    head = "" if "\nimages:" in (project / SPEC).read_text(encoding="utf-8") else "images:\n"
    append(project, SPEC, f"{head}  - {{file: ../images/{name}, width: {WIDTH}}}\n")


@pytest.mark.parametrize("name, mode, pixels, what, hint", [
    ("missing.tif", None, 0, "image '../images/missing.tif' not found", "relative to the spec"),
    ("photo-rgb.tif", "RGB", 800, "is RGB, not CMYK or greyscale", "convert it to CMYK"),
    ("small.tif", "CMYK", 300, "is 89 ppi at its placed width (300 px over 85.7 mm)", "at least 200 ppi"),
])
def test_bad_image_is_reported_at_its_line(project: Path, name, mode, pixels, what, hint) -> None:
    place_image(project, name, mode, pixels)
    found = failing_build(project)
    assert_reported(found, Expect("opinion.yaml", line_of(project, SPEC, name), what, hint, col=col_of(project, SPEC, "../images")))


def test_image_outside_the_project_is_refused(project: Path) -> None:
    append(project, SPEC, "images:\n  - {file: ../../../../etc/passwd, width: 2栏}\n")
    found = failing_build(project)
    assert_reported(found, Expect("opinion.yaml", line_of(project, SPEC, "passwd"), "points outside the project folder",
                                  "inside the project"))


def test_image_entry_with_unknown_key(project: Path) -> None:
    append(project, SPEC, "images:\n  - {file: ../images/a.tif, widht: 2栏}\n")
    found = failing_build(project)
    line = line_of(project, SPEC, "widht")
    assert_reported(found, Expect("opinion.yaml", line, "an image needs file: and width:"),
                    Expect("opinion.yaml", line, "unknown key 'widht' in images[0]", "did you mean 'width'?"))


def test_press_ready_images_pass(project: Path) -> None:
    place_image(project, "ok-cmyk.tif", "CMYK", 700)
    place_image(project, "ok-grey.png", "L", 700)
    result = run_zzprint("fit", SPEC, cwd=project)
    assert result.returncode in (0, 1) and "image" not in result.stderr, result.stderr


# --- safety ---------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["layout/opinion.yaml", "fonts/fonts.yaml", "layout/edition.yaml"])
def test_python_tags_never_build_objects(project: Path, target: str) -> None:
    """Every YAML file zzprint reads refuses !!python tags at their line, and nothing runs."""
    marker = project / "PWNED"
    path = project / target
    path.write_text(path.read_text(encoding="utf-8") + f"\nevil: !!python/object/apply:os.system ['touch {marker}']\n",
                    encoding="utf-8")
    found = failing_build(project)
    assert_reported(found, Expect(Path(target).name, line_of(project, target, "evil:"),
                                  "unsupported YAML tag '!!python/object/apply:os.system'"))
    assert not marker.exists()


@pytest.mark.parametrize("old, new, needle", [
    ("content: ../content", "content: ../../../../etc", "../../../../etc"),
    ("content: ../content", "content: /etc", "/etc"),
])
def test_spec_references_stay_inside_the_project(project: Path, old: str, new: str, needle: str) -> None:
    edit(project, SPEC, old, new)
    found = failing_build(project)
    assert_reported(found, Expect("opinion.yaml", line_of(project, SPEC, needle), "points outside the project folder"))


def test_edition_layouts_stay_inside_the_project(project: Path) -> None:
    edition = project / "layout" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "  - {number: 9, layout: ../../../../etc/passwd}\n",
                       encoding="utf-8")
    result = run_zzprint("edition", "layout/edition.yaml", "--out", str(project / "out"), cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = line_of(project, "layout/edition.yaml", "passwd")
    assert f"edition.yaml:{line}:" in result.stderr and "lies outside the project" in result.stderr, result.stderr
    assert not (project / "out").exists() or not any((project / "out").iterdir())
