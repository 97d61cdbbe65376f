"""Small parts of the proof: progress lines, orphan counting, snapshot comparison, host refusal."""

from __future__ import annotations

import io

import pytest

from zzprint.errors import UserError
from zzprint.page import FontRef, GlyphRun, PlacedGlyph
from zzprint.proof import snapshot
from zzprint.proof.audit import count_orphans
from zzprint.proof.progress import progress
from zzprint.proof.watch import serve


def test_progress_counts_and_labels() -> None:
    out = io.StringIO()
    items = list(progress(["a", "b", "c"], lambda s: f"page {s}", stream=out))
    assert items == ["a", "b", "c"]
    assert out.getvalue().splitlines() == ["[1/3] page a", "[2/3] page b", "[3/3] page c"]


def test_progress_generator_and_timing() -> None:
    out = io.StringIO()
    assert list(progress((n for n in range(2)), "step", stream=out, timing=True)) == [0, 1]
    lines = out.getvalue().splitlines()
    assert [line.split(" …")[0] for line in lines] == ["[1] step", "[2] step"]
    assert all(line.endswith("s") and " … " in line for line in lines)


def _run(text: str, x0: float, baseline: float) -> GlyphRun:
    glyphs = tuple(PlacedGlyph(1, x0 + 10 * i, ch) for i, ch in enumerate(text))
    return GlyphRun(FontRef("f.otf"), 10.0, baseline, glyphs, tag="a")


def test_count_orphans_one_character_lines_per_column() -> None:
    columns = [(0.0, 100.0), (110.0, 100.0)]
    runs = [
        _run("一二三四五六七八九十", 0, 10),  # full line
        _run("好。", 0, 24),  # 孤字 with its full stop
        _run("结束了。", 110, 24),  # same baseline, other column: not an orphan
        _run("”", 110, 38),  # punctuation only: no character
        _run("字", 110, 52),  # 孤字
    ]
    assert count_orphans(runs, columns) == 2


def test_snapshot_compare_lists_only_what_changed() -> None:
    before = {"version": 1, "articles": {"a": {"text": "1", "status": "fits", "frames": [[0, 0, 1, 1]]},
                                         "b": {"text": "2", "status": "fits", "frames": [[0, 0, 1, 1]]},
                                         "gone": {"text": "3", "status": "fits", "frames": []}}}
    after = {"version": 1, "articles": {"a": {"text": "1", "status": "fits", "frames": [[0, 0, 1, 1]]},
                                        "b": {"text": "9", "status": "overset by 3 characters (1 lines)",
                                              "frames": [[0, 0, 1, 1]]},
                                        "new": {"text": "4", "status": "fits", "frames": []}}}
    changes = snapshot.compare(before, after)
    assert [(c.article, c.what) for c in changes] == [("b", ("text", "fit")), ("new", ("new",)),
                                                      ("gone", ("removed",))]
    assert "fits → overset by 3 characters" in str(changes[0])


def test_serve_refuses_other_hosts(tmp_path) -> None:
    for host in ("0.0.0.0", "::", "192.168.1.10", "localhost"):
        with pytest.raises(UserError, match="127.0.0.1 only"):
            serve(tmp_path / "layout" / "opinion.yaml", 0, host=host)
