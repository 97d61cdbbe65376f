"""The seed opinion article at 13 em: no 孤字, no kinsoku violation, mostly on grid."""

from __future__ import annotations

from text_helpers import clusters, is_orphan, kinsoku_violations, seed_paragraphs

from zzprint.text import set_paragraph


def test_seed_article_sets_cleanly_at_13_em():
    lines = orphans = on_grid = 0
    violations: list[str] = []
    problems: list[str] = []
    for text in seed_paragraphs():
        para = set_paragraph(clusters(text), 13.0)
        lines += len(para.lines)
        on_grid += sum(line.on_grid for line in para.lines)
        orphans += is_orphan(text, para)
        violations += kinsoku_violations(text, para)
        problems += para.problems
        for line in para.lines[:-1]:
            assert abs(line.right - 13.0) < 1e-6
    share = on_grid / lines
    print(f"seed: {lines} lines, {on_grid} on the character grid ({share:.0%})")
    assert orphans == 0
    assert violations == []
    assert problems == []
    # Quotes (1.5-em pairs), digits and line-end marks force some lines off the grid.
    assert share >= 0.65
