"""An edition: one day's paper — its date, editors and the pages with their numbers.

Input: ``layout/edition.yaml``.  Output: :class:`Edition`, whose
:meth:`Edition.values` fill a page header (date and page number are never
hard-coded in a page layout).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, UserError
from .i18n import _
from .spec.yamlpos import load_yaml_file, position

WEEKDAYS = "一二三四五六日"
#: Names a page header template may use: {paper}, {date} … (values() plus the spec's page_name).
PLACEHOLDERS = ("paper", "date", "weekday", "page", "editor", "designer", "page_name")
PLACEHOLDER_PATTERN = re.compile(r"\{([a-z_]+)\}")  # {name} in a header template
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
        target = layout.resolve()  # page.layout is resolved when the edition is loaded
        return next((page.number for page in self.pages if page.layout == target), None)


DEFAULT = Edition(None, "株洲日报", dt.date(2024, 12, 20), "", "", ())


def load_edition(path: Path) -> Edition:
    """Read and check an edition file; every problem is reported at its line, all at once."""
    path = Path(path)
    file = str(path)
    data, positions = load_yaml_file(path, "edition file")
    if not isinstance(data, dict):
        raise UserError.at(_("edition file must be a mapping (paper:, date:, pages: …)"), file, 1, 1, _("see layout/edition.yaml"))

    def at(where: tuple, value: bool = True) -> tuple[int, int]:
        return position(positions, where, value)

    problems = [Problem(_("unknown key '{key}' in edition").format(key=k), file, *at((k,), False), hint=_did_you_mean(k, _KEYS))
                for k in data if k not in _KEYS]
    for key in ("paper", "editor", "designer"):
        if key in data and not isinstance(data[key], (str, int)):
            problems.append(Problem(_("{key} must be text").format(key=key), file, *at((key,)), hint=_("write e.g. {key}: 株洲日报").format(key=key)))
    date = data.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date.strip())
        except ValueError:
            date = None
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date):
        problems.append(Problem(_("edition date must be a date like 2024-12-20"), file, *at(("date",)),
                                hint=_("write date: YYYY-MM-DD")))
        date = DEFAULT.date
    raw_pages = data.get("pages") or []
    if not isinstance(raw_pages, list):
        problems.append(Problem(_("pages must be a list"), file, *at(("pages",)), hint=_("e.g. pages: [{number: 3, layout: opinion.yaml}]")))
        raw_pages = []
    pages: list[EditionPage] = []
    numbers: dict[int, int] = {}
    layout_dir = path.resolve().parent
    project = layout_dir.parent
    for i, entry in enumerate(raw_pages):
        number = entry.get("number") if isinstance(entry, dict) else None
        layout_ref = entry.get("layout") if isinstance(entry, dict) else None
        # bool is an int in Python; "number: yes" is no page number.
        if not isinstance(number, int) or isinstance(number, bool) or not isinstance(layout_ref, str) or not layout_ref:
            problems.append(Problem(_("each page needs number: and layout:"), file, *at(("pages", i)),
                                    hint=_("e.g. {number: 3, layout: opinion.yaml}")))
            continue
        for k in entry:
            if k not in _PAGE_KEYS:
                problems.append(Problem(_("unknown key '{key}' in page entry").format(key=k), file, *at(("pages", i, k), False),
                                        hint=_did_you_mean(k, _PAGE_KEYS)))
        if not 1 <= number <= 999:
            problems.append(Problem(_("page number {number} is out of range").format(number=number), file, *at(("pages", i, "number")),
                                    hint=_("page numbers run from 1")))
            continue
        if number in numbers:
            problems.append(Problem(_("page {number} is listed twice (first as pages[{numbers}])").format(number=number, numbers=numbers[number]), file,
                                    *at(("pages", i, "number")), hint=_("give every page its own number")))
            continue
        numbers[number] = i
        try:
            layout = (layout_dir / layout_ref).resolve()
        except (ValueError, OSError) as err:
            problems.append(Problem(_("layout {layout!r} is not a usable file name: {reason}").format(layout=layout_ref, reason=err), file,
                                    *at(("pages", i, "layout")), hint=_("write the spec's file name, e.g. opinion.yaml")))
            continue
        if project not in layout.parents:
            problems.append(Problem(_("layout {layout!r} lies outside the project").format(layout=layout_ref), file,
                                    *at(("pages", i, "layout")), hint=_("keep layouts inside the project")))
            continue
        pages.append(EditionPage(number, layout))
    if problems:
        raise UserError(*problems)
    return Edition(path, str(data.get("paper", DEFAULT.paper)), date, str(data.get("editor", "")),
                   str(data.get("designer", "")), tuple(pages))


def _did_you_mean(key: object, known: set[str]) -> str:
    close = difflib.get_close_matches(str(key), sorted(known), n=1)
    return (_("did you mean '{name}'?").format(name=close[0]) if close else
            _("known keys: {names}").format(names=", ".join(sorted(known))))
