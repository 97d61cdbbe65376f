"""Build a page: spec + content → page model → PDF.  One call per stage, nothing else.

Input: a page-grid spec file (and an edition for the header values).  Output:
:class:`BuildResult` with the document (page model), the fit of every article
and the input checksums; :func:`write` delivers the PDF atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .content.markdown import load_articles
from .content.model import Article
from .edition import DEFAULT as DEFAULT_EDITION
from .edition import Edition, load_edition
from .errors import Problem, UserError
from .flow.article import ArticleFit, ComposedArticle
from .flow.page_layout import compose_pages
from .fonts.roles import load_fontset
from .page import Document, OutputIntent
from .spec.load import PageSpec, load_spec

CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass
class BuildResult:
    spec: PageSpec
    document: Document
    fits: list[ArticleFit]
    articles: dict[str, ComposedArticle]
    inputs: dict[str, str] = field(default_factory=dict)  # file → sha256, so two proofs can be told apart

    @property
    def overset(self) -> list[ArticleFit]:
        return [f for f in self.fits if f.overset_text]


def find_edition(spec_path: Path) -> Edition:
    """The edition next to the layout (layout/edition.yaml), else house defaults."""
    candidate = spec_path.resolve().parent / "edition.yaml"
    return load_edition(candidate) if candidate.is_file() else DEFAULT_EDITION


def build_page(spec_path: str | Path, edition: Edition | None = None, page_number: int | None = None,
               overrides: dict | None = None) -> BuildResult:
    spec_path = Path(spec_path)
    spec = _spec(spec_path) if overrides is None else load_spec(spec_path, overrides)
    edition = edition or find_edition(spec_path)
    fonts = load_fontset(spec.fonts_file)
    articles = _articles(spec.content_dir)
    _check_placements(spec, articles)
    number = page_number or edition.page_for(spec_path) or 1
    values = edition.values(number)
    composed = compose_pages(spec, articles, fonts, values, number)
    document = Document(
        pages=composed.pages,
        title=spec.output.title or f"{edition.paper} {values['date']} 第{values['page']}版 {spec.page_name}",
        creation_date=creation_date(edition),
        author=edition.paper,
        output_intent=OutputIntent(spec.output.condition, spec.output.registry, spec.output.condition_info,
                                   spec.output.condition, spec.output.icc_profile and str(spec.root / spec.output.icc_profile)),
    )
    inputs = checksums([spec_path, spec.fonts_file, *(a.path for a in articles.values())]
                       + ([edition.file] if edition.file else []))
    return BuildResult(spec, document, composed.fits, composed.articles, inputs)


# Rebuilds in one process (``zzprint watch``, ``zzprint edition``) mostly see the same
# inputs again.  A spec or an article folder is reused only while every file it was
# made from has the very same bytes (reading a few KB costs microseconds; mtimes can
# tie within one tick), so a cached result is always the one a fresh load would give.
_SPECS: dict[Path, tuple[bytes, PageSpec]] = {}
_ARTICLES: dict[Path, tuple[tuple[tuple[Path, bytes], ...], dict[str, Article]]] = {}


def _spec(path: Path) -> PageSpec:
    key = path.resolve()
    try:
        raw = key.read_bytes()
    except OSError:
        return load_spec(path)  # says what is wrong with the path
    cached = _SPECS.get(key)
    if cached and cached[0] == raw and cached[1].file == path:
        return cached[1]
    spec = load_spec(path)
    _SPECS[key] = (raw, spec)
    return spec


def _articles(folder: Path) -> dict[str, Article]:
    key = folder.resolve()
    try:
        files = tuple((f, f.read_bytes()) for f in sorted(folder.glob("*.md")))
    except OSError:
        files = None
    cached = _ARTICLES.get(key)
    if files and cached and cached[0] == files:
        return dict(cached[1])
    articles = load_articles(folder)
    if files:
        _ARTICLES[key] = (files, dict(articles))
    return articles


def creation_date(edition: Edition) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else the edition's date at midnight, Beijing time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.combine(edition.date, dt.time(0, 0), CHINA)


def checksums(paths: list[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest()[:16] for p in sorted(set(map(Path, paths)))}


def _check_placements(spec: PageSpec, articles: dict) -> None:
    """Every placed article exists; every article in content/ is placed somewhere."""
    problems = []
    placed = {p.content for p in spec.placements}
    for p in spec.placements:
        if p.content not in articles:
            import difflib
            close = difflib.get_close_matches(p.content, list(articles), n=1)
            problems.append(Problem(f"article {p.content!r} is placed but has no content file in {spec.content_dir}",
                                    str(spec.file), *p.where,
                                    hint=f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(articles))}"))
    for name, article in sorted(articles.items()):
        if name not in placed:
            problems.append(Problem(f"article {name!r} is placed nowhere on this page", str(article.path), 1, 1,
                                    hint=f"add it under articles: in {spec.file.name}, or move the file out of {spec.content_dir.name}/"))
    if problems:
        raise UserError(*problems)


def write(result: BuildResult, out: Path) -> None:
    from .render.pdf import write_pdf  # the renderer is only needed when writing
    write_pdf(result.document, out)
