"""An edition: one day's paper — its date, editors and the pages with their numbers.

Input: ``layout/edition.yaml``.  Output: :class:`Edition`, whose
:meth:`Edition.values` fill a page header (date and page number are never
hard-coded in a page layout).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, UserError
from .spec.yamlpos import load_yaml, position

WEEKDAYS = "一二三四五六日"
_KEYS = {"paper", "date", "editor", "designer", "pages"}
_PAGE_KEYS = {"number", "layout", "name"}


@dataclass(frozen=True)
class EditionPage:
    number: int
    layout: Path


@dataclass(frozen=True)
class Edition:
    file: Path | None
    paper: str
    date: dt.date
    editor: str
    designer: str
    pages: tuple[EditionPage, ...]

    def values(self, page_number: int | None) -> dict[str, str]:
        return {"paper": self.paper, "date": f"{self.date.year}年{self.date.month}月{self.date.day}日",
                "weekday": f"星期{WEEKDAYS[self.date.weekday()]}", "page": f"{page_number or 1:02d}",
                "editor": self.editor, "designer": self.designer}

    def page_for(self, layout: Path) -> int | None:
        for page in self.pages:
            if page.layout.resolve() == layout.resolve():
                return page.number
        return None


DEFAULT = Edition(None, "株洲日报", dt.date(2024, 12, 20), "", "", ())


def load_edition(path: Path) -> Edition:
    file = str(path)
    try:
        data, positions = load_yaml(path.read_text(encoding="utf-8"), file)
    except (OSError, UnicodeDecodeError) as err:
        raise UserError.at(f"cannot read edition file: {err}", file, hint="check the path; it must be UTF-8") from None
    if not isinstance(data, dict):
        raise UserError.at("edition file must be a mapping", file, 1, 1, "see layout/edition.yaml")
    problems = [Problem(f"unknown key '{k}' in edition", file, *position(positions, (k,), value=False),
                        hint=f"known keys: {', '.join(sorted(_KEYS))}") for k in data if k not in _KEYS]
    date = data.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date):
        problems.append(Problem("edition date must be a date like 2024-12-20", file, *position(positions, ("date",)),
                                hint="write date: YYYY-MM-DD"))
        date = DEFAULT.date
    pages = []
    for i, entry in enumerate(data.get("pages") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("number"), int) or not entry.get("layout"):
            problems.append(Problem("each page needs number: and layout:", file, *position(positions, ("pages", i)),
                                    hint="e.g. {number: 3, layout: opinion.yaml}"))
            continue
        for k in entry:
            if k not in _PAGE_KEYS:
                problems.append(Problem(f"unknown key '{k}' in page entry", file, *position(positions, ("pages", i, k), value=False),
                                        hint=f"known keys: {', '.join(sorted(_PAGE_KEYS))}"))
        layout = (path.resolve().parent / str(entry["layout"])).resolve()
        project = path.resolve().parent.parent
        if project not in layout.parents:
            problems.append(Problem(f"layout {entry['layout']!r} lies outside the project", file,
                                    *position(positions, ("pages", i, "layout")), hint="keep layouts inside the project"))
        pages.append(EditionPage(entry["number"], layout))
    if problems:
        raise UserError(*problems)
    return Edition(path, str(data.get("paper", DEFAULT.paper)), date, str(data.get("editor", "")),
                   str(data.get("designer", "")), tuple(pages))
