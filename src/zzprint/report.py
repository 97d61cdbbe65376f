"""The fit report as text: one line per article, then every copy-fit change.

Input: the fits of a build.  Output: a plain-text table a layout editor reads
in the terminal (``zzprint fit``) and the proof report reuses.
"""

from __future__ import annotations

from .flow.article import ArticleFit


def fit_line(fit: ArticleFit) -> str:
    return (f"{fit.id:<28} capacity {fit.capacity_lines:4d} lines / {fit.capacity_chars:5d} chars, "
            f"used {fit.used_lines:4d} lines: {fit.status}")


def fit_table(fits: list[ArticleFit]) -> str:
    lines = [fit_line(f) for f in fits]
    for fit in fits:
        for change in fit.changes:
            lines.append(f"  {fit.id}: copy-fit: {change}")
        for problem in fit.problems:
            lines.append(f"  {fit.id}: warning: {problem}")
        if fit.overset_text:
            lines.append(f"  {fit.id}: overset text: {fit.overset_text[:60]}{'…' if len(fit.overset_text) > 60 else ''}")
    overset = sum(1 for f in fits if f.overset_text)
    lines.append(f"{len(fits)} articles, {overset} overset")
    return "\n".join(lines)
