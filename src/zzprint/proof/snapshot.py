"""What a proof looked like, to tell the editor what changed since the last one.

Input: a :class:`~zzprint.build.BuildResult`.  Output: a small JSON-able
snapshot (per article: checksum of the text as set — every glyph's text plus the
overset text —, the fit status and the frame boxes), stored as
``NAME-proof.json`` next to the proof; :func:`compare` lists the articles whose
text, fit or frames differ from the previous snapshot.

The checksum is of the text on the page, not of the content file, so a
re-saved file or an edited comment in the front matter is no change, and a
text edit is one whatever file it came from.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..build import BuildResult
from ..errors import UserError
from ..inputs import read_input
from ..page import GlyphRun

VERSION = 1


@dataclass(frozen=True)
class Change:
    article: str
    what: tuple[str, ...]  # "new", "text", "fit", "frames", "removed"
    before: str = ""  # previous fit status
    after: str = ""

    def __str__(self) -> str:
        detail = ", ".join(self.what)
        if "fit" in self.what:
            detail += f" ({self.before} → {self.after})"
        return f"{self.article}: {detail}"


def take(result: BuildResult) -> dict:
    texts: dict[str, list[str]] = {fit.id: [] for fit in result.fits}
    for item in (i for page in result.document.pages for i in page.items):
        if isinstance(item, GlyphRun):
            article = item.tag.split(":", 1)[0]
            if article in texts:
                texts[article].append(item.tag + "\t" + "".join(g.text for g in item.glyphs))
    articles = {}
    for fit in result.fits:
        digest = hashlib.sha256("\n".join(texts[fit.id] + ["\x00overset", fit.overset_text]).encode()).hexdigest()
        boxes = result.articles[fit.id].frame_boxes if fit.id in result.articles else []
        articles[fit.id] = {"text": digest[:16], "status": fit.status,
                            "frames": [[round(v, 2) for v in box] for box in boxes]}
    return {"version": VERSION, "spec": str(result.spec.file), "articles": articles}


def load(path: Path) -> dict | None:
    """The previous snapshot, or None (none yet, unreadable, or an older format)."""
    try:  # a plain file in the proof folder (a pipe or a link elsewhere is no snapshot of ours)
        data = json.loads(read_input(path, kind="proof snapshot", root=path.parent).decode("utf-8"))
    except (UserError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == VERSION else None


def save(snapshot: dict, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def compare(before: dict, after: dict) -> list[Change]:
    """Articles that differ between two snapshots, in the order of ``after`` (removed ones last)."""
    old, new = before.get("articles", {}), after.get("articles", {})
    changes = []
    for article, now in new.items():
        was = old.get(article)
        if was is None:
            changes.append(Change(article, ("new",), "", now["status"]))
            continue
        what = tuple(name for key, name in (("text", "text"), ("status", "fit"), ("frames", "frames"))
                     if was.get(key) != now.get(key))
        if what:
            changes.append(Change(article, what, was.get("status", ""), now["status"]))
    changes += [Change(article, ("removed",), was.get("status", ""), "") for article, was in old.items()
                if article not in new]
    return changes


__all__ = ["Change", "compare", "load", "save", "take"]
