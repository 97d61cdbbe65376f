"""Jumps (转版) across an edition: which page each part of a jumping article is on, and
what text its continuation holds.

Input: a page's spec, its articles, the edition and the page's number.  Output: the spec
with every jump line's wording filled in (（下转第N版）, （上接第M版）), the articles with each
continuation cut to the text its first part could not hold, and a ``jump`` fault for every
number the page cannot know (built without its edition: the line shows ？, the build fails
unless drafting).

A first part is a placement with ``jump: out``; its continuation is the placement of the
same article with ``jump: in`` on another page of the edition.  The continuation's text is
found by setting the first part on its own page, exactly as that page's build sets it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from .content.model import Article
from .edition import Edition
from .i18n import _
from .memo import Memo
from .page import LayoutProblem
from .spec.load import PageSpec, Placement


class Partner(NamedTuple):
    number: int  # the edition's page number of the other part
    spec: PageSpec
    placement: Placement


def partners(spec: PageSpec, edition: Edition, load) -> dict[str, Partner]:
    """For each jumping article of ``spec``: the other part's page in the edition (absent: not found).

    ``load(path)``: the spec loader (a bad spec on the other page is that page's bad input,
    said here too); the build passes its own, which keeps specs in its memo.
    """
    wanted = {p.content: ("in" if p.jump == "out" else "out") for p in spec.placements if p.jump != "none"}
    found: dict[str, Partner] = {}
    if not wanted:
        return found
    here = spec.file.resolve()
    for page in edition.pages:
        if page.layout == here:
            continue
        other = load(page.layout)
        for placement in other.placements:
            if wanted.get(placement.content) == placement.jump and placement.content not in found:
                found[placement.content] = Partner(page.number, other, placement)
    return found


def link(spec: PageSpec, articles: dict[str, Article], edition: Edition, number: int, fonts,
         load_articles, load, memo: Memo) -> tuple[PageSpec, dict[str, Article], list[LayoutProblem]]:
    """The spec and articles of one page with its jumps resolved (see the module doc).

    ``load_articles(folder)``: the build's article loader, for a first part on a page
    whose content lies in another folder; ``load(path)``: its spec loader, for the other
    pages.  ``memo``: the build's (zzprint.memo), where the first part is set.
    """
    if not any(p.jump != "none" for p in spec.placements):
        return spec, articles, []
    found = partners(spec, edition, load)
    placements: list[Placement] = []
    articles = dict(articles)
    problems: list[LayoutProblem] = []
    for placement in spec.placements:
        if placement.jump == "none":
            placements.append(placement)
            continue
        partner = found.get(placement.content)
        template = spec.jump.out_text if placement.jump == "out" else spec.jump.in_text
        page = str(partner.number) if partner else "？"
        placements.append(replace(placement, jump_line=template.replace("{page}", page)))
        if partner is None:
            other = "continues on" if placement.jump == "out" else "begins on"
            problems.append(LayoutProblem(
                "jump", _("the page this article {other} is not known: its jump line shows {page}").format(other=other, page=page),
                placement.content, str(spec.file), *placement.where,
                f"build the page in its edition (zzprint edition EDITION.yaml, or --edition), whose pages place "
                f"{placement.content!r} with jump: {'in' if placement.jump == 'out' else 'out'}", None, placement.page))
        elif placement.jump == "in":
            articles[placement.content] = _continuation(articles[placement.content], partner, fonts, load_articles,
                                                         memo)
    return replace(spec, placements=tuple(placements)), articles, problems


def _continuation(article: Article, partner: Partner, fonts, load_articles, memo: Memo) -> Article:
    """The article as its continuation prints it: the title again (转版标题) and the text the first part left."""
    from .flow.article import Context
    from .flow.copyfit import fit_article
    from .flow.jumps import continuation
    from .flow.page_layout import paragraph_settings

    first_spec = partner.spec
    source = article
    if first_spec.content_dir.resolve() != article.path.resolve().parent:
        source = load_articles(first_spec.content_dir).get(article.id, article)
    # the build's memo: the first part is set as its own page's build sets it, and a
    # rebuild in a long-running process finds its paragraphs there
    ctx = Context(first_spec, fonts, paragraph_settings(first_spec), memo)
    rest = fit_article(ctx, partner.placement, source).fit.continued_text
    title = source.title if first_spec.jump.repeat_title else ""
    return replace(source, section="", kicker="", subtitle="", summary="", author="", title=title,
                   blocks=continuation(source, rest))
