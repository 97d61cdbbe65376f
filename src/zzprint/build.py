"""Build a page: spec + content → page model → PDF.  One call per stage, nothing else.

Input: a page-grid spec file (and an edition for the header values).  Output:
:class:`BuildResult` with the document (page model), the fit of every article
and the input checksums; :func:`write` delivers the PDF atomically.
"""

from __future__ import annotations

import datetime as dt
import errno
import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .content.markdown import load_article, load_articles
from .content.model import Article
from .edition import DEFAULT as DEFAULT_EDITION
from .edition import Edition, load_edition
from .errors import Problem, UserError
from .i18n import _
from .inputs import read_input
from .files import write_atomic
from .flow.article import ArticleFit, ComposedArticle
from .faults import find_faults
from .flow.page_layout import compose_pages
from . import jumps
from .fonts.roles import FontSet, load_fontset, uncovered_problems
from .memo import Memo, Table
from .workers import Map, serial_map
from .page import Document, LayoutProblem, OutputIntent
from .spec import schema
from .spec.load import PageSpec, load_spec

CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass
class BuildResult:
    spec: PageSpec
    document: Document
    fits: list[ArticleFit]
    articles: dict[str, ComposedArticle]
    inputs: dict[str, str] = field(default_factory=dict)  # file → sha256, so two proofs can be told apart
    faults: list[LayoutProblem] = field(default_factory=list)  # zzprint.faults: any one makes the page not deliverable
    fonts: FontSet | None = None  # the font set the page was set with (for the draft's fault marks)
    continued: dict[str, Article] = field(default_factory=dict)  # 转版: each continuation as set (the text its first part left)
    # The memo it was built with (zzprint.memo), which render() passes on to the renderer.
    memo: Memo | None = field(default=None, compare=False, repr=False)

    @property
    def overset(self) -> list[ArticleFit]:
        return [f for f in self.fits if f.overset_text]

    def draft(self) -> Document:
        """The document with every fault marked on the page, DRAFT in the slug and the Info."""
        from .faults import mark_faults
        return mark_faults(self.document, self.faults, self.spec, self.fonts)


def find_edition(spec_path: Path, memo: Memo, loaded: dict[Path, bytes]) -> Edition:
    """The edition next to the layout (layout/edition.yaml), else house defaults."""
    candidate = spec_path.resolve().parent / "edition.yaml"
    # lexists, not is_file: a pipe or a link out of the project there is refused, not passed over.
    return _reuse(memo.editions, candidate, load_edition, loaded) if os.path.lexists(candidate) else DEFAULT_EDITION


def build_page(spec_path: str | Path, edition: Edition | None = None, page_number: int | None = None,
               memo: Memo | None = None, mapper: Map = serial_map) -> BuildResult:
    """Build the page of ``spec_path``.

    ``memo``: what a process that builds again keeps (``zzprint watch``, ``zzprint
    compose``): its inputs while their bytes are unchanged, set text, slots.  Without
    one the build makes its own (copy-fit trials set the same paragraphs again).
    ``mapper``: how the page's articles are fitted, one after the other unless the caller
    (the one-shot ``zzprint build``) shares them with a second core (zzprint.workers).
    """
    spec_path = Path(spec_path)
    memo = memo if memo is not None else Memo()
    # Load every input before giving up, so one run reports the spec's, the fonts' and the
    # articles' problems together (the fonts and content default to the house folders
    # when the spec itself is broken).
    problems: list[Problem] = []
    loaded: dict[Path, bytes] = {}  # the bytes each input was loaded from, by real path: its checksum
    spec = _attempt(problems, lambda: _reuse(memo.specs, spec_path, load_spec, loaded, _spec_state))
    edition = edition or _attempt(problems, lambda: find_edition(spec_path, memo, loaded))
    default = spec_path.resolve().parent
    project = spec.root if spec else default.parent  # font files are read only from inside it
    fonts = _attempt(problems, lambda: _fontset(spec.fonts_file if spec else default / schema.Spec().fonts, project, memo,
                                                loaded))
    articles = _attempt(problems, lambda: _articles(spec.content_dir if spec else default / schema.Spec().content, memo,
                                                    loaded))
    if fonts and articles:
        problems += _uncovered(articles, fonts, memo)
    if spec and articles:
        problems += _placement_problems(spec, articles)
    if problems:
        raise UserError(*problems)
    number = page_number or edition.page_for(spec_path) or 1
    values = edition.values(number)
    spec, articles, jump_faults = jumps.link(spec, articles, edition, number, fonts,
                                             lambda folder: _articles(folder, memo, {}),
                                             lambda path: _reuse(memo.specs, path, load_spec, {}, _spec_state), memo)
    composed = compose_pages(spec, articles, fonts, values, number, memo, mapper)
    document = Document(
        pages=composed.pages,
        title=spec.output.title or f"{edition.paper} {values['date']} 第{values['page']}版 {spec.page_name}",
        creation_date=creation_date(edition),
        author=edition.paper,
        output_intent=OutputIntent(spec.output.condition, spec.output.registry, spec.output.condition_info,
                                   spec.output.condition, spec.output.icc_profile and str(spec.root / spec.output.icc_profile)),
    )
    inputs = checksums([spec_path, spec.fonts_file, *(a.path for a in articles.values())]
                       + ([edition.file] if edition.file else []), loaded)
    faults = find_faults(spec, composed.pages, composed.articles, composed.problems, memo) + jump_faults
    continued = {p.content: articles[p.content] for p in spec.placements if p.jump == "in"}
    return BuildResult(spec, document, composed.fits, composed.articles, inputs, faults, fonts, continued, memo)


# Rebuilds in one process (``zzprint watch``, ``zzprint compose``) mostly see the same
# inputs again, kept in the memo's input tables.  An input is reused only while every
# file it was made from has the very same bytes (reading a few KB costs microseconds,
# and mtimes can tie within one tick), so a kept result is always the one a fresh load
# would give; anything unusual (an error, a duplicate id) goes through the ordinary
# loader, which reports it.  A one-shot build's memo is new, so it loads every input.
# ``loaded`` gets the bytes each input was made from, for the build's checksums.


def _reuse(table: Table, path: Path, load, loaded: dict[Path, bytes], state=lambda result: ()):
    """``load(path)``, or the kept result while the file's bytes, the path it was loaded as and
    ``state(result)`` (the other files the loader read: a spec's pictures, profiles, font
    manifest) are the same."""
    key = path.resolve()
    try:
        raw = read_input(path, kind="spec")  # specs and editions: the same checks and limit as their loaders'
    except UserError:
        return load(path)  # says what is wrong with the path
    kept = table.get_if(key, lambda kept: kept[0] == raw and kept[1].file == path  # .file: the path messages name
                        and state(kept[1]) == kept[2])
    if not kept:
        result = load(path)
        kept = table.put(key, (raw, result, state(result)))
    loaded[key] = raw
    return kept[1]


def _spec_state(spec: PageSpec) -> tuple:
    """What a loaded spec depends on besides its own bytes: the size, mtime and inode of its
    font manifest (the styles' roles are checked against it), every picture and image (their
    headers and resolution are read at load) and its ICC profiles."""
    files = [spec.fonts_file, *(p.file for p in spec.pictures), *(p.file for pl in spec.placements for p in pl.pictures),
             *(image.file for image in spec.images)]
    for profile in (spec.output.icc_profile, spec.picture_profile):
        if profile:
            files.append(spec.root / profile)
    return tuple(_stat(path) for path in files)


def _stat(path: Path) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ino)


def _articles(folder: Path, memo: Memo, loaded: dict[Path, bytes]) -> dict[str, Article]:
    """:func:`load_articles`, parsing again only the files whose bytes changed."""
    try:
        files = [(f, read_input(f, kind="article")) for f in sorted(folder.glob("*.md"))]
    except (OSError, UserError):
        files = []  # load_articles reports every file that cannot be read
    if not files:
        return load_articles(folder)  # says the folder is missing or empty
    articles: dict[str, Article] = {}
    for file, raw in files:
        key = file.resolve()
        kept = memo.articles.get_if(key, lambda kept, raw=raw, file=file: kept[0] == raw and kept[1].path == file)
        if kept:
            article = kept[1]
            loaded[key] = raw
        else:
            try:
                article = load_article(file)
            except UserError:
                return load_articles(folder)  # every problem of every file, in one error
            try:
                unchanged = read_input(file, kind="article") == raw  # not edited while we parsed it
            except UserError:
                unchanged = False
            if unchanged:  # not kept, nor checksummed from ``raw``, if edited while it was parsed
                memo.articles.put(key, (raw, article))
                loaded[key] = raw
        if article.id in articles:
            return load_articles(folder)  # the duplicate-id error
        articles[article.id] = article
    return articles


def _fontset(manifest: Path, project: Path, memo: Memo, loaded: dict[Path, bytes]) -> FontSet:
    """:func:`load_fontset`, reused while the manifest, its font files and search folders are unchanged.

    Faces themselves are cached per path, size and mtime (fonts.face); this saves
    parsing the manifest and searching for the files.  A file added to a search
    folder changes that folder's mtime, so a new font that shadows another is seen.
    """
    try:
        raw = read_input(manifest, kind="font manifest")
    except UserError:
        return load_fontset(manifest, project)
    key = (manifest.resolve(), project)
    kept = memo.fontsets.get_if(key, lambda kept: kept[0] == raw and kept[2].manifest == manifest
                                and _font_state(kept[2], raw) == kept[1])
    if not kept:
        fonts = load_fontset(manifest, project)
        kept = memo.fontsets.put(key, (raw, _font_state(fonts, raw), fonts))
    loaded[key[0]] = raw
    return kept[2]


def _uncovered(articles: dict[str, Article], fonts: FontSet, memo: Memo) -> list[Problem]:
    """:func:`uncovered_problems`, article by article, each kept per article and font files
    (a rebuild after an edit checks the edited article only)."""
    faces = tuple([face.key for chain in fonts.roles.values() for face in chain])
    problems: list[Problem] = []
    for article in articles.values():
        key = (article, faces)  # the article by value: its text, file and lines
        kept = memo.uncovered.get(key)
        if kept is None:
            kept = memo.uncovered.put(key, tuple(uncovered_problems([article], fonts)))
        problems += kept
    return problems


def _font_state(fonts: FontSet, raw: bytes) -> tuple:
    import yaml  # already imported by the spec loader; the C parser when there is one

    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        folders = [str(p) for p in data.get("search_path") or []]
    except Exception:  # noqa: BLE001 - an unreadable manifest: never reuse (load_fontset says why)
        return (object(),)
    base = fonts.manifest.resolve().parent
    state = []
    for path in [*(str(base / Path(f).expanduser()) for f in folders), str(base),
                 *sorted({face.ref.path for chain in fonts.roles.values() for face in chain})]:
        try:
            st = os.stat(path)
            state.append((path, st.st_size, st.st_mtime_ns))
        except OSError:
            state.append((path, None, None))
    return tuple(state)


def _attempt(problems: list[Problem], load):
    """``load()``, or None with its problems added to ``problems``."""
    try:
        return load()
    except UserError as err:
        problems += err.problems
        return None


def creation_date(edition: Edition) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else the edition's date at midnight, Beijing time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.combine(edition.date, dt.time(0, 0), CHINA)


def checksums(paths: list[Path], loaded: dict[Path, bytes]) -> dict[str, str]:
    """The first 16 hex digits of each input's SHA-256: of the bytes this build loaded it from
    (``loaded``, by real path), else read again."""

    def raw(path: Path) -> bytes:
        kept = loaded.get(path.resolve())
        return kept if kept is not None else read_input(path, kind=_CHECKSUM_KINDS.get(path.suffix, "spec"))

    return {str(p): hashlib.sha256(raw(p)).hexdigest()[:16] for p in sorted(set(map(Path, paths)))}


_CHECKSUM_KINDS = {".md": "article"}  # the others are YAML: spec, edition, font manifest (the same limit)


def _placement_problems(spec: PageSpec, articles: dict) -> list[Problem]:
    """Every placed article exists; every article in content/ is placed somewhere."""
    problems = []
    placed = {p.content for p in spec.placements}
    for p in spec.placements:
        if p.content not in articles:
            close = difflib.get_close_matches(p.content, list(articles), n=1)
            problems.append(Problem(
                _("article {article!r} is placed but has no content file in {folder}").format(
                    article=p.content, folder=spec.content_dir), str(spec.file), *p.where,
                hint=_("did you mean '{name}'?").format(name=close[0]) if close else
                _("known: {names}").format(names=", ".join(sorted(articles)))))
    for name, article in sorted(articles.items()):
        if name not in placed:
            problems.append(Problem(
                _("article {article!r} is placed nowhere on this page").format(article=name), str(article.path), 1, 1,
                hint=_("add it under articles: in {spec}, or move the file out of {folder}/").format(
                    spec=spec.file.name, folder=spec.content_dir.name)))
    return problems


def render(result: BuildResult, draft: bool = False) -> bytes:
    """The page's PDF bytes (the renderer is imported only when a PDF is wanted).

    ``draft``: with every fault marked (:meth:`BuildResult.draft`), when there are faults.
    The renderer keeps what it works out in the memo the page was built with, so a
    process that passes its memo to build_page (watch, compose, edition) renders with it too.
    """
    from .render.pdf import render_pdf
    return render_pdf(result.draft() if draft and result.faults else result.document, memo=result.memo)


def write(data: bytes, out: Path, delivered: list[Path] | None = None) -> None:
    """Deliver the PDF atomically: the old file or the complete new one, never a part.

    ``delivered`` gets ``out`` the moment it is replaced, before a held Ctrl-C is let
    through, so an interrupted build says truly what it left.  A write failure is a
    UserError naming the path and why.
    """
    out = Path(out)
    try:
        if out.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, data, delivered.append if delivered is not None else None)
    except OSError as err:
        raise UserError.at(_("cannot write the PDF: {reason}").format(reason=err.strerror or err), str(out),
                           hint=_write_hint(err)) from None


def _write_hint(err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("the folder is read-only: give another path with -o")
    if err.errno == errno.ENOSPC:
        return _("the disk is full: free some space and build again")
    if err.errno in (errno.EISDIR, errno.ENOTDIR, errno.EEXIST):
        return _("-o must name a PDF file in a folder")
    return _("check the output path")


def set_aside(out: Path) -> Path | None:
    """After a failed build, move the PDF at ``out`` (made from older sources) to NAME.last-good.pdf.

    The print shop collects from ``out``: a file there must agree with the current
    sources.  The last good page is kept under a name that says what it is.
    """
    out = Path(out)
    if not out.is_file() or out.is_symlink():
        return None
    kept = out.with_name(f"{out.stem}.last-good{out.suffix}")
    try:
        os.replace(out, kept)
    except OSError:
        return None
    return kept
