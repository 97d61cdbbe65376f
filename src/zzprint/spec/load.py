"""Load a page-grid spec: YAML file → validated, unit-resolved :class:`PageSpec`.

Every problem is reported with FILE:LINE:COL and a hint, and all problems of one
file are reported together.  Lengths are resolved to points here, once, so later
stages never see an editor's unit again.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from itertools import product
from pathlib import Path
from typing import Any

from ..edition import PLACEHOLDER_PATTERN, PLACEHOLDERS
from ..errors import Problem, UserError
from ..i18n import _
from ..inputs import InputError, open_input, read_input
from ..page import BLACK, CMYK, MIN_PPI, REGISTERED_CONDITIONS
from ..pictures import DEFAULT_CMYK_PROFILE, Header, PictureError
from ..pictures import inspect as inspect_picture
from ..units import (
    ACCEPTED_FORMS,
    PT_PER_MM,
    UnitContext,
    UnitError,
    parse_length,
    parse_size,
)
from . import schema
from .grid import Grid, GridRect, check_rect
from .press import press_problems
from .validate import Error
from .yamlpos import load_yaml_file, position

# House colours in CMYK (0..100 %).  Newsprint: keep reds below the TAC limit.
HOUSE_COLORS: dict[str, tuple[float, float, float, float]] = {
    "black": (0, 0, 0, 100), "white": (0, 0, 0, 0), "red": (0, 100, 100, 0),
    "blue": (100, 60, 0, 0), "grey": (0, 0, 0, 40), "gray": (0, 0, 0, 40),
    "paper": (0, 0, 0, 0), "tint": (0, 0, 0, 10),
}

# House default styles: every spec inherits these; the spec's own `styles:` overrides field by field.
HOUSE_STYLES: dict[str, dict[str, Any]] = {
    "body": {"font": "书宋", "size": "小五", "align": "justify", "indent": "2字"},
    "subhead1": {"font": "黑体", "size": "五号", "lines": 2, "align": "left", "indent": "0字"},
    "subhead2": {"font": "黑体", "size": "小五", "lines": 1, "align": "left", "indent": "0字"},
    "note": {"based_on": "body", "font": "楷体"},
    "title": {"font": "黑体", "size": "小一", "align": "left"},
    "kicker": {"font": "黑体", "size": "小四"},
    "subtitle": {"font": "黑体", "size": "四号"},
    "byline": {"font": "楷体", "size": "五号"},
    "summary": {"font": "楷体", "size": "五号", "frame": "box", "frame_width": "0.5pt", "brackets": True,
                "align": "justify", "indent": "0字"},
    "label": {"font": "黑体", "size": "四号", "color": "white", "fill": "red", "frame": "box"},
    "header": {"font": "书宋", "size": "小五"},
    # Character style for **bold** in a paragraph: only its font role is used; size and
    # colour stay the paragraph's, so the text keeps the character grid.
    "strong": {"font": "黑体"},
    "header-paper": {"font": "黑体", "size": "四号"},
    # A picture's caption (图说) and credit line (摄影：…).
    "caption": {"font": "楷体", "size": "六号", "align": "justify", "indent": "0字"},
    "credit": {"font": "黑体", "size": "六号", "align": "right"},
    # Jump lines (转版): （下转第N版） at the foot of a first part, （上接第M版） at the head of its continuation.
    "jump": {"font": "黑体", "size": "小五", "align": "right"},
}


@dataclass(frozen=True)
class Style:
    """A resolved style: every field set, lengths in pt."""

    name: str
    font: str
    size: float
    color: CMYK
    hscale: float
    vscale: float
    align: str
    lines: int
    indent: float
    fill: CMYK | None
    frame: str
    frame_color: CMYK
    frame_width: float
    brackets: bool


@dataclass(frozen=True)
class Picture:
    """A picture frame with its image file's header read (size, mode), not yet decoded."""

    spec: schema.PictureSpec
    file: Path  # the image, inside the project
    name: str  # as the spec writes it, for messages
    header: Header
    where: tuple[int, int]  # line, col of its file: in the spec
    page: int = 1
    stamp: tuple = ()  # the file's size and modification time


@dataclass(frozen=True)
class Placement:
    """One article's place on the page, resolved onto the grid."""

    content: str
    page: int  # 1-based page of this spec
    rects: tuple[GridRect, ...]
    headline: schema.HeadlineSpec
    summary: schema.SummarySpec | None
    where: tuple[int, int]  # line, col in the spec, for messages about this article
    pictures: tuple[Picture, ...] = ()  # inside its first frame; the body flows around them
    direction: str = "horizontal"  # vertical: the whole frame is set top to bottom (竖排)
    jump: str = "none"  # 转版: "out" (first part) or "in" (continuation)
    jump_line: str = ""  # the jump line's text, filled from the edition by zzprint.jumps ("" until then)


@dataclass(frozen=True)
class ImageRef:
    """An image the page uses, checked for press: inside the project, CMYK or grey, ≥ MIN_PPI as placed."""

    file: Path
    width: float  # placed width in pt
    ppi: float  # effective resolution at that width
    mode: str  # Pillow mode: CMYK, L or 1


@dataclass(frozen=True)
class PageSpec:
    file: Path
    page_name: str
    width: float
    height: float
    bleed: float
    crop_marks: bool
    grid: Grid
    typography: schema.TypographySection
    cjk_latin_space: float  # em
    output: schema.OutputSection
    fonts_file: Path
    content_dir: Path
    styles: dict[str, Style]
    header: schema.HeaderSection | None
    header_rule_width: float  # pt, the rule under the header
    separators: bool
    copyfit: schema.CopyfitSection
    placements: tuple[Placement, ...]
    colors: dict[str, CMYK] = field(default_factory=dict)
    images: tuple[ImageRef, ...] = ()
    pictures: tuple[Picture, ...] = ()  # picture frames of their own on the page grid
    picture_profile: Path | None = None  # CMYK profile for RGB pictures; None: Ghostscript's default_cmyk.icc
    jump: schema.JumpSection = schema.JumpSection()  # wording and style of jump lines (转版)

    @cached_property
    def key(self) -> tuple:
        """The spec by value, hashable (its dicts as sorted pairs): a memo key of what is set from it."""
        return tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v
                     for v in (getattr(self, f.name) for f in fields(self)))

    @property
    def picture_profile_path(self) -> str:
        return str(self.picture_profile) if self.picture_profile else DEFAULT_CMYK_PROFILE

    @property
    def page_count(self) -> int:
        return max((p.page for p in self.placements), default=1)

    @property
    def root(self) -> Path:
        """The project folder: the spec's folder's parent (layout/ → project)."""
        return self.file.resolve().parent.parent


def load_spec(path: str | Path, overrides: dict[str, Any] | None = None) -> PageSpec:
    """Read, validate and resolve a spec file; raise UserError listing every problem."""
    path = Path(path)
    file = str(path)
    data, positions = load_yaml_file(path, "spec")
    if not isinstance(data, dict):
        raise UserError.at(_("spec must be a mapping of sections (page:, grid:, articles: …)"), file, 1, 1,
                           _("see layout/opinion.yaml for an example"))
    for key, value in (overrides or {}).items():
        data[key] = value
    # `images:` is checked here, not by the schema: it needs the grid (widths in 栏) and the disk.
    images = data.pop("images", None)
    # One pass finds every problem; a wrong value with a default is replaced by it, so the
    # checks after validation still run, unless something could not be built at all.
    model, errors = schema.Spec.validate(data)
    problems = [_problem(e, positions, file) for e in errors]
    if model is None:
        raise UserError(*problems)
    try:
        spec = _resolve(model, path, positions, images)
    except UserError as err:
        raise UserError(*problems, *err.problems) from None
    if problems:
        raise UserError(*problems)
    return spec


def _problem(error: Error, positions: dict, file: str) -> Problem:
    """A validation error as the editor sees it: at its place in the file, with a hint."""
    path = error.path
    line, col = position(positions, path, value=error.kind not in ("extra", "key"))
    if error.kind == "extra":
        key = path[-1]
        known = sorted(error.known + ("images",) if len(path) == 1 else error.known)  # images: see load_spec
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys here: {', '.join(known)}"
        return Problem(_("unknown key '{key}' in {section}").format(key=key, section='.'.join(map(str, path[:-1])) or _("the spec")), file, line, col, hint)
    dotted = ".".join(str(p) for p in path) or "(top)"
    if error.kind == "missing":
        return Problem(_("missing required key '{key}'").format(key=dotted), file, line, col, _("add it; see layout/opinion.yaml"))
    return Problem(_("{key}: {message}").format(key=dotted, message=error.message), file, line, col, _("see layout/opinion.yaml for the accepted values"))


class _Resolver:
    """Resolves lengths and colours, collecting every problem with its position."""

    def __init__(self, file: Path, positions: dict):
        self.file = str(file)
        self.project = file.resolve().parent.parent  # as PageSpec.root
        self.positions = positions
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str, hint: str) -> None:
        line, col = position(self.positions, path)
        self.problems.append(Problem(message, self.file, line, col, hint))

    def length(self, value: Any, path: tuple, ctx: UnitContext, default: float = 0.0, size: bool = False) -> float:
        try:
            return parse_size(value, ctx) if size else parse_length(value, ctx)
        except UnitError as err:
            self.fail(path, _("{key}: {reason}").format(key='.'.join(map(str, path)), reason=err), _("accepted forms: {forms}").format(forms=ACCEPTED_FORMS))
            return default

    def color(self, value: Any, path: tuple, colors: dict[str, CMYK]) -> CMYK:
        if isinstance(value, str):
            if value.lower() in colors:
                return colors[value.lower()]
            close = difflib.get_close_matches(value.lower(), list(colors), n=1)
            self.fail(path, _("unknown colour {value!r}").format(value=value),
                      _("did you mean '{name}'?").format(name=close[0]) if close else _("use a name ({names}) or [C, M, Y, K] in %").format(names=', '.join(colors)))
            return BLACK
        if isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) for v in value) \
                and all(0 <= v <= 100 for v in value):
            return CMYK(*(v / 100 for v in value))
        self.fail(path, _("bad colour {value!r}").format(value=value), _("colours are CMYK: [C, M, Y, K] with each 0–100 (%), or a name; RGB is not allowed on newsprint"))
        return BLACK


def _resolve(model: schema.Spec, file: Path, positions: dict, images: Any = None) -> PageSpec:
    r = _Resolver(file, positions)
    page = model.page
    width = r.length(page.width, ("page", "width"), UnitContext(), 1000, size=True)
    height = r.length(page.height, ("page", "height"), UnitContext(), 1000, size=True)
    bleed = r.length(page.bleed, ("page", "bleed"), UnitContext())

    g = model.grid
    body = r.length(g.body_size, ("grid", "body_size"), UnitContext(), 9, size=True)
    ctx = UnitContext(body_size=body)
    gutter = r.length(g.gutter, ("grid", "gutter"), ctx)
    pitch = r.length(g.line_pitch, ("grid", "line_pitch"), ctx, body * 1.5, size=True)
    if pitch < body:
        r.fail(("grid", "line_pitch"), _("line pitch {pitch:.2f}pt is smaller than the body size {body:.2f}pt").format(pitch=pitch, body=body),
               _("line gap is 50–100 % of the size: pitch between 1.5 and 2 × body size"))
    area_w = g.columns * g.chars * body + (g.columns - 1) * gutter
    area_h = g.lines * pitch
    left = r.length(page.left, ("page", "left"), ctx) if page.left is not None else (width - area_w) / 2
    top = r.length(page.top, ("page", "top"), ctx) if page.top is not None else (height - area_h) / 2
    grid = Grid(x=left, y=top, body_size=body, columns=g.columns, chars=g.chars, gutter=gutter,
                pitch=pitch, lines=g.lines)
    if left < 0 or top < 0 or left + area_w > width + 0.01 or top + area_h > height + 0.01:
        r.fail(("grid",), _("type area {area_w:.1f}×{area_h:.1f}mm at ({left:.1f}, {top:.1f})mm does not fit the "
                             "{width:.0f}×{height:.0f}mm page").format(area_w=area_w / PT_PER_MM, area_h=area_h / PT_PER_MM, left=left / PT_PER_MM, top=top / PT_PER_MM, width=width / PT_PER_MM, height=height / PT_PER_MM),
               _("reduce columns, chars, lines or line_pitch, or enlarge the page"))
    ctx = UnitContext(body_size=body, line_pitch=pitch, column=g.chars * body, gutter=gutter)

    colors = {name: CMYK(*(v / 100 for v in cmyk)) for name, cmyk in HOUSE_COLORS.items()}
    for name, value in model.colors.items():
        colors[name.lower()] = r.color(value, ("colors", name), colors)

    styles = _resolve_styles(model, r, ctx, colors)
    r.problems += press_problems(styles, colors, model.output.tac, r.file, lambda p: position(positions, p))
    cjk_latin = r.length(model.typography.cjk_latin_space, ("typography", "cjk_latin_space"), ctx, body / 4) / body
    if not 0.125 - 1e-9 <= cjk_latin <= 0.5 + 1e-9:
        r.fail(("typography", "cjk_latin_space"), _("CJK–Latin space {cjk_latin:.3f}字 is outside ⅛–½ 字").format(cjk_latin=cjk_latin),
               _("use a value between 0.125字 and 0.5字 (default 0.25字)"))
    if model.output.icc_profile is None and model.output.condition not in REGISTERED_CONDITIONS:
        r.fail(("output", "condition"), _("output condition {condition!r} is not a registered one").format(condition=model.output.condition),
               _("use one of {names} or give output.icc_profile (a CMYK ICC file)").format(names=', '.join(REGISTERED_CONDITIONS)))
    if model.output.icc_profile is not None:
        _check_icc_profile(r.project, model.output.icc_profile, r)
    if model.output.picture_profile is not None:
        _check_icc_profile(r.project, model.output.picture_profile, r, ("output", "picture_profile"))

    _check_header(model, r)
    header_rule = r.length(model.header.rule_width, ("header", "rule_width"), ctx, 1.5) if model.header else 0.0
    placements = []
    placed_at: dict[str, int] = {}
    for i, art in enumerate(model.articles):
        if art.content in placed_at:
            # Placing an article twice would print its text twice.
            r.fail(("articles", i, "content"), _("article {content!r} is placed twice (first as articles[{placed_at}])").format(content=art.content, placed_at=placed_at[art.content]),
                   _("place each article once; give one placement several rects to continue it"))
        placed_at.setdefault(art.content, i)
        rects = []
        for j, rect in enumerate(art.rects):
            problem = check_rect(grid, rect)
            if problem:
                r.fail(("articles", i, "rects", j), problem[0], problem[1])
            rects.append(GridRect(rect.col, rect.span, rect.line, rect.lines, rect.split or rect.span))
        if not any(check_rect(grid, rect) for rect in art.rects):
            _check_in_frame(art, i, r)
        for where, name in [("headline", art.headline.style)] + ([("summary", art.summary.style)] if art.summary else []):
            if name not in styles:
                close = difflib.get_close_matches(name, list(styles), n=1)
                r.fail(("articles", i, where, "style"), _("unknown style {name!r} in articles[{i}].{where}").format(name=name, i=i, where=where),
                       _("did you mean '{name}'?").format(name=close[0]) if close else _("define it under styles: ({names})").format(names=', '.join(sorted(styles))))
        if art.pictures and not any(check_rect(grid, rect) for rect in art.rects):
            _check_pictures_in_frame(art, i, r)
        if art.jump != "none" and model.jump.style not in styles:
            r.fail(("jump", "style"), _("unknown style {style!r} for the jump lines of {content!r}").format(style=model.jump.style, content=art.content),
                   _("define it under styles: ({names})").format(names=', '.join(sorted(styles))))
        placements.append(Placement(art.content, art.page, tuple(rects), art.headline, art.summary,
                                    position(positions, ("articles", i), value=True),
                                    direction=art.direction, jump=art.jump))
    for j, picture in enumerate(model.pictures):
        problem = check_rect(grid, schema.Rect(col=picture.col, span=picture.span, line=picture.line, lines=picture.lines))
        if problem:
            r.fail(("pictures", j), problem[0], problem[1])
            continue
        for placement in placements:
            hit = next((rect for rect in placement.rects if placement.page == picture.page
                        and rect.col < picture.col + picture.span and picture.col < rect.col + rect.span
                        and rect.line < picture.line + picture.lines and picture.line < rect.line + rect.lines), None)
            if hit is not None:
                r.fail(("pictures", j), _("picture frame {file!r} overlaps the frame of {content!r}").format(file=picture.file, content=placement.content),
                       _("move or shrink one of them, or place the picture inside the article (articles[].pictures)"))
                break
    _check_overlaps(model, placements, grid, r)
    if r.problems:
        raise UserError(*r.problems)

    spec_dir = file.resolve().parent
    fonts_file = _inside_project(spec_dir, model.fonts, ("fonts",), r)
    content_dir = _inside_project(spec_dir, model.content, ("content",), r)
    if not r.problems:
        if not os.path.lexists(fonts_file):  # a pipe or a device there: the font loader says what it is
            r.fail(("fonts",), _("font manifest {fonts!r} not found").format(fonts=model.fonts), _("point fonts: at the project's fonts/fonts.yaml"))
        else:
            _check_font_roles(fonts_file, styles, r)
        if not content_dir.is_dir():
            r.fail(("content",), _("content folder {content!r} not found").format(content=model.content),
                   _("point content: at the folder holding the article .md files"))
    image_refs = _check_images(images, spec_dir, ctx, r)
    pictures = [_picture(p, spec_dir, ("pictures", j), r, styles) for j, p in enumerate(model.pictures)]
    for i, art in enumerate(model.articles):
        found = tuple(_picture(p, spec_dir, ("articles", i, "pictures", j), r, styles) for j, p in enumerate(art.pictures))
        placements[i] = replace(placements[i], pictures=tuple(p for p in found if p))
    picture_profile = None
    if model.output.picture_profile or model.output.icc_profile:
        picture_profile = (r.project / (model.output.picture_profile or model.output.icc_profile)).resolve()
    if r.problems:
        raise UserError(*r.problems)
    return PageSpec(file=file, page_name=page.name, width=width, height=height, bleed=bleed,
                    crop_marks=page.crop_marks, grid=grid, typography=model.typography,
                    cjk_latin_space=cjk_latin, output=model.output, fonts_file=fonts_file,
                    content_dir=content_dir, styles=styles, header=model.header, header_rule_width=header_rule,
                    separators=model.separators, copyfit=model.copyfit, placements=tuple(placements),
                    colors=colors, images=image_refs, pictures=tuple(p for p in pictures if p),
                    picture_profile=picture_profile, jump=model.jump)


def _check_header(model: schema.Spec, r: _Resolver) -> None:
    """Header placeholders are filled from the edition; a typo is caught here, at its line."""
    if model.header is None:
        return
    for slot in ("left", "center", "right", "second_line"):
        for name in PLACEHOLDER_PATTERN.findall(getattr(model.header, slot)):
            if name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
                r.fail(("header", slot), _("unknown placeholder {{{name}}} in header.{slot}").format(name=name, slot=slot),
                       _("did you mean {{{name}}}?").format(name=close[0]) if close else _("known: {placeholders}").format(placeholders=', '.join(f'{{{p}}}' for p in PLACEHOLDERS)))


def _check_font_roles(manifest: Path, styles: dict[str, Style], r: _Resolver) -> None:
    """Every style's font is a role of the manifest; reported at the style's line in the spec."""
    try:
        data, _positions = load_yaml_file(manifest, "font manifest")
    except UserError:
        return  # the font loader reports an unreadable manifest with its own position
    roles = data.get("roles") if isinstance(data, dict) else None
    if not isinstance(roles, dict):
        return
    known = [str(k) for k in roles]
    for name, style in styles.items():
        if style.font not in known:
            close = difflib.get_close_matches(style.font, known, n=1)
            r.fail(("styles", name, "font"), _("style {name!r} uses font role {font!r}, which {manifest} does not define").format(name=name, font=style.font, manifest=manifest.name),
                   _("did you mean '{name}'?").format(name=close[0]) if close else _("use one of {names}, or define it under roles:").format(names=', '.join(known)))


_PRESS_MODES = {"CMYK": "CMYK", "L": "grey", "1": "bitmap"}


def _check_images(raw: Any, spec_dir: Path, ctx: UnitContext, r: _Resolver) -> tuple[ImageRef, ...]:
    """``images: [{file, width}]``: each file inside the project, CMYK or grey, and ≥ 200 ppi at its width."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.fail(("images",), _("images: must be a list"), _("e.g. images: [{file: ../images/photo.tif, width: 2栏}]"))
        return ()
    refs = []
    for i, entry in enumerate(raw):
        where = ("images", i)
        for key in entry if isinstance(entry, dict) else ():
            if key not in ("file", "width"):
                close = difflib.get_close_matches(str(key), ["file", "width"], n=1)
                line, col = position(r.positions, where + (key,), value=False)
                r.problems.append(Problem(_("unknown key '{key}' in images[{i}]").format(key=key, i=i), r.file, line, col,
                                          _("did you mean '{name}'?").format(name=close[0]) if close else _("known keys here: file, width")))
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or "width" not in entry:
            r.fail(where, _("an image needs file: and width:"), _("e.g. {file: ../images/photo.tif, width: 2栏}"))
            continue
        width = r.length(entry["width"], where + ("width",), ctx, 0.0, size=True)
        before = len(r.problems)
        target = _inside_project(spec_dir, entry["file"], where + ("file",), r)
        if len(r.problems) > before or width <= 0:
            continue
        ref = _check_image(target, entry["file"], width, where + ("file",), r)
        if ref:
            refs.append(ref)
    return tuple(refs)


def _check_image(target: Path, name: str, width: float, where: tuple, r: _Resolver) -> ImageRef | None:
    if not os.path.lexists(target):
        r.fail(where, _("image {name!r} not found").format(name=name), _("check the path; it is relative to the spec's folder"))
        return None
    try:
        from PIL import Image, UnidentifiedImageError

        with open_input(target, kind="image", root=r.project, name=name) as (fd, _info), \
                os.fdopen(os.dup(fd), "rb") as fh, Image.open(fh) as image:
            mode, pixels = image.mode, image.size[0]
    except InputError as err:
        r.problems.append(err.at(r.file, *position(r.positions, where)))
        return None
    except (UnidentifiedImageError, OSError, ValueError) as err:
        r.fail(where, _("image {name!r} cannot be read: {reason}").format(name=name, reason=err), _("use a TIFF, JPEG or PNG file"))
        return None
    except ImportError:  # Pillow is in requirements.lock; without it the checks cannot run
        r.fail(where, _("cannot check images: Pillow is not installed"), _("pip install pillow"))
        return None
    ok = True
    if mode not in _PRESS_MODES:
        r.fail(where, _("image {name!r} is {mode}, not CMYK or greyscale").format(name=name, mode=mode),
               _("convert it to CMYK (or greyscale) for newsprint in the picture desk's colour workflow"))
        ok = False
    ppi = pixels / (width / 72.0)
    if ppi < MIN_PPI - 1e-6:
        r.fail(where, _("image {name!r} is {ppi:.0f} ppi at its placed width ({pixels} px over {width:.1f} mm)").format(name=name, ppi=ppi, pixels=pixels, width=width / PT_PER_MM),
               _("newsprint needs at least {min_ppi:.0f} ppi: place it at most {pixels:.1f} mm wide or use "
                  "a larger original").format(min_ppi=MIN_PPI, pixels=pixels / MIN_PPI * 25.4))
        ok = False
    return ImageRef(target, width, ppi, mode) if ok else None


def _picture(spec: schema.PictureSpec, spec_dir: Path, where: tuple, r: _Resolver,
             styles: dict[str, Style]) -> Picture | None:
    """A picture frame's file inside the project and its header read (a file too big to decode refused here)."""
    for key in ("style", "credit_style"):
        name = getattr(spec, key)
        if name not in styles:
            close = difflib.get_close_matches(name, list(styles), n=1)
            r.fail(where + (key,), _("unknown style {name!r} for a picture").format(name=name),
                   _("did you mean '{name}'?").format(name=close[0]) if close else _("define it under styles: (house: caption, credit)"))
    for key, count in (("focus", 2), ("crop", 4)):
        value = getattr(spec, key)
        if value is not None and (len(value) != count or not all(0 <= v <= 1 for v in value)):
            r.fail(where + (key,), _("{key} needs {count} numbers from 0 to 1 (fractions of the image)").format(key=key, count=count),
                   _("e.g. focus: [0.5, 0.3] or crop: [0.1, 0, 0.9, 1] (left, top, right, bottom)"))
            return None
    if spec.crop is not None and (spec.crop[2] <= spec.crop[0] or spec.crop[3] <= spec.crop[1]):
        r.fail(where + ("crop",), _("crop's right must be past its left and its bottom below its top"),
               _("crop: [left, top, right, bottom], e.g. [0.1, 0, 0.9, 1]"))
        return None
    before = len(r.problems)
    target = _inside_project(spec_dir, spec.file, where + ("file",), r)
    if len(r.problems) > before:
        return None
    line, col = position(r.positions, where + ("file",))
    if not os.path.lexists(target):
        r.fail(where + ("file",), _("image {file!r} not found").format(file=spec.file), _("check the path; it is relative to the spec's folder"))
        return None
    try:
        header = inspect_picture(target, spec.file, r.project)
    except InputError as err:
        r.problems.append(err.at(r.file, line, col))
        return None
    except PictureError as err:
        r.problems.append(err.problem(r.file, line, col))
        return None
    info = os.stat(target)
    return Picture(spec, target, spec.file, header, (line, col), spec.page, (info.st_size, info.st_mtime_ns))


def _check_pictures_in_frame(art: schema.ArticlePlacement, i: int, r: _Resolver) -> None:
    """A picture frame lies inside the article's first frame, under the headline area."""
    first = art.rects[0]
    columns = first.split or first.span
    below = first.lines - (0 if art.headline.direction == "vertical" else art.headline.lines)
    for j, picture in enumerate(art.pictures):
        where = ("articles", i, "pictures", j)
        if picture.col + picture.span - 1 > columns:
            r.fail(where + ("span",), _("picture {file!r} of {content!r} spans columns {col}–{last} but the first frame has {columns}").format(file=picture.file, content=art.content, col=picture.col, last=picture.col + picture.span - 1, columns=columns),
                   _("col + span − 1 must be at most {columns} (the frame's own columns)").format(columns=columns))
        if picture.line + picture.lines - 1 > below:
            r.fail(where + ("lines",), _("picture {file!r} of {content!r} takes lines {line}–{last} below the headline, but the "
                                          "first frame has {below} there").format(file=picture.file, content=art.content, line=picture.line, last=picture.line + picture.lines - 1, below=below),
                   _("line + lines − 1 must be at most {below}").format(below=below))


def _check_icc_profile(project: Path, ref: str, r: _Resolver, where: tuple = ("output", "icc_profile")) -> None:
    """``output.icc_profile`` (relative to the project, as the build reads it): inside the project,
    a plain file, and a CMYK ICC profile; checked here so that the problem has its line."""
    try:
        data = read_input(project / ref, kind="ICC profile", root=project, name=ref)
    except InputError as err:
        r.problems.append(err.at(r.file, *position(r.positions, where)))
        return
    if len(data) < 128 or data[36:40] != b"acsp":
        r.fail(where, _("{ref!r} is not an ICC profile").format(ref=ref), _("give the CMYK output profile (.icc) of the press"))
    elif data[16:20] != b"CMYK":
        r.fail(where, _("ICC profile {ref!r} is {space}, not CMYK").format(ref=ref, space=data[16:20].decode('latin-1').strip()),
               _("PDF/X-1a needs a CMYK output profile"))


def _inside_project(spec_dir: Path, ref: str, path: tuple, r: _Resolver) -> Path:
    """Every file a spec refers to lies inside the project (no ../../etc/passwd)."""
    project = spec_dir.parent
    try:
        target = (spec_dir / ref).resolve()
    except (ValueError, OSError) as err:  # a NUL byte, a name too long for the file system …
        r.fail(path, _("{ref!r} is not a usable file name: {reason}").format(ref=ref, reason=err), _("use a plain relative path such as ../fonts/fonts.yaml"))
        return spec_dir
    if target != project and project not in target.parents:
        r.fail(path, _("{ref!r} points outside the project folder {project}").format(ref=ref, project=project),
               _("keep fonts, content and images inside the project"))
    return target


def _resolve_styles(model: schema.Spec, r: _Resolver, ctx: UnitContext, colors: dict[str, CMYK]) -> dict[str, Style]:
    raw: dict[str, dict[str, Any]] = {name: dict(values) for name, values in HOUSE_STYLES.items()}
    for name, style in model.styles.items():
        merged = dict(raw.get(name, {}))
        merged.update(style.as_dict(exclude_none=True))
        raw[name] = merged

    def chain(name: str, seen: tuple = ()) -> dict[str, Any]:
        values = raw.get(name, {})
        parent = values.get("based_on")
        if parent and parent not in seen:
            if parent not in raw:
                r.fail(("styles", name, "based_on"), _("style {name!r} is based on unknown style {parent!r}").format(name=name, parent=parent),
                       _("known styles: {names}").format(names=', '.join(sorted(raw))))
                return values
            return {**chain(parent, seen + (name,)), **values}
        return values

    styles = {}
    for name in raw:
        v = chain(name)
        where = ("styles", name)
        size = r.length(v.get("size", "小五"), where + ("size",), ctx, 9, size=True)
        styles[name] = Style(
            name=name, font=v.get("font", "书宋"), size=size,
            color=r.color(v.get("color", "black"), where + ("color",), colors),
            hscale=v.get("hscale", 1.0), vscale=v.get("vscale", 1.0), align=v.get("align", "left"),
            lines=v.get("lines", 1), indent=r.length(v.get("indent", "0字"), where + ("indent",), ctx),
            fill=r.color(v["fill"], where + ("fill",), colors) if v.get("fill") else None,
            frame=v.get("frame", "none"),
            frame_color=r.color(v.get("frame_color", "black"), where + ("frame_color",), colors),
            frame_width=r.length(v.get("frame_width", "0.5pt"), where + ("frame_width",), ctx),
            brackets=bool(v.get("brackets", False)),
        )
    return styles


def _check_in_frame(art: schema.ArticlePlacement, i: int, r: _Resolver) -> None:
    """The headline area and the summary box lie inside the article's first frame.

    Refused here, at their line, rather than clamped by the page engine: a span or line
    past the frame is a typo, and a clamped box is not what the editor wrote.
    """
    first = art.rects[0]
    columns = first.split or first.span  # the first frame's own columns (破栏 re-divides them)
    head = art.headline
    where = ("articles", i, "headline")
    if head.span is not None and head.span > first.span:
        r.fail(where + ("span",), _("headline of {content!r} spans {span} columns but its first frame spans {frame_span}").format(content=art.content, span=head.span, frame_span=first.span),
               _("use a span of at most {span}, or leave span: out to cover the whole frame").format(span=first.span))
    # a vertical headline may stand the frame's whole height: the body has the columns beside it
    if head.lines > first.lines or (head.lines == first.lines and (head.direction != "vertical" or head.span == first.span)):
        r.fail(where + ("lines",), _("headline area of {content!r} takes {lines} lines but its first frame has {frame_lines}").format(content=art.content, lines=head.lines, frame_lines=first.lines),
               _("use at most {lines} lines, so that the body has room").format(lines=first.lines - 1))
        return
    summary = art.summary
    if summary is None:
        return
    where = ("articles", i, "summary")
    if summary.col > columns:
        r.fail(where + ("col",), _("summary of {content!r} starts in column {col} but its first frame has {columns}").format(content=art.content, col=summary.col, columns=columns),
               _("col counts the frame's own columns: 1 to {columns}").format(columns=columns))
    elif summary.col + summary.span - 1 > columns:
        r.fail(where + ("span",), _("summary of {content!r} spans columns {col}–{last} but its first frame has {columns}").format(content=art.content, col=summary.col, last=summary.col + summary.span - 1, columns=columns), _("col + span − 1 must be at most {columns}").format(columns=columns))
    # body lines of the first frame under its headline area (beside a vertical headline: all of them)
    below = first.lines - (0 if head.direction == "vertical" else head.lines)
    if summary.line > below:
        r.fail(where + ("line",), _("summary of {content!r} starts on line {line} below the headline, but the first frame has "
                                     "{below} lines there").format(content=art.content, line=summary.line, below=below), _("line must be at most {below}").format(below=below))
    elif summary.lines is not None and summary.line + summary.lines - 1 > below:
        r.fail(where + ("lines",), _("summary of {content!r} takes lines {line}–{last} below the headline, but the first frame "
                                      "has {below} lines there").format(content=art.content, line=summary.line, last=summary.line + summary.lines - 1, below=below),
               _("line + lines − 1 must be at most {below}").format(below=below))


def _check_overlaps(model: schema.Spec, placements: list[Placement], grid: Grid, r: _Resolver) -> None:
    cells: dict[tuple[int, int, int], int] = {}
    for i, placement in enumerate(placements):
        for j, rect in enumerate(placement.rects):
            if check_rect(grid, rect):
                continue  # off the grid: reported already (and a huge span would take forever to walk)
            for col, line in product(range(rect.col, rect.col + rect.span), range(rect.line, rect.line + rect.lines)):
                other = cells.get((placement.page, col, line))
                if other is not None and other != i and not (model.articles[i].allow_overlap or model.articles[other].allow_overlap):
                    r.fail(("articles", i, "rects", j),
                           _("frame of {content!r} overlaps {other!r} at column {col}, line {line}").format(content=placement.content, other=placements[other].content, col=col, line=line),
                           _("move or shrink one frame, or set allow_overlap: true"))
                    break  # one message per rect
                cells[(placement.page, col, line)] = i
