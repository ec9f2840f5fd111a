"""What the industry guides (rapporter) print beside the project leader's text, from the app that knows it.

The guides show live local figures per industry and the young-worker rules of the
industry. The app that holds them declares each source once, in its own
`industry_guides.py` (found at start-up by `core.apps`)::

    from core import industry_guides

    @industry_guides.register_figures
    def figures(industries):
        return {industry.pk: industry_guides.IndustryFigures(companies_in_network=...) for industry in industries}

    @industry_guides.register_rules
    def rules(industry):
        return rules_markdown(industry.young_worker_notes)

The app that makes the guides (rapporter) declares where a company downloads an industry's guide, so
the company portal can offer it without importing that app::

    @industry_guides.register_link
    def link(industry):
        return "/rapporter/brancheguide/<token>/" or None

Without a source the guides leave that part out, and their pages say so.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IndustryFigures:
    """Local figures for one industry; None where no app has declared a source of figures."""

    companies_in_network: int | None = None
    youth_in_jobs: int | None = None


FiguresSource = Callable[[list[Any]], dict[int, IndustryFigures]]
RulesSource = Callable[[Any], str]
LinkSource = Callable[[Any], str | None]
_sources: dict[str, Callable] = {}


def register_figures(source: FiguresSource) -> FiguresSource:
    """`source(industries)` gives each industry's figures by industry id, in a fixed number of queries."""
    _sources["figures"] = source
    return source


def register_rules(source: RulesSource) -> RulesSource:
    """`source(industry)` gives Markdown on the rules for young workers that matter in it, with sources."""
    _sources["rules"] = source
    return source


def register_link(source: LinkSource) -> LinkSource:
    """`source(industry)` gives the address companies download the industry's guide from, or None."""
    _sources["link"] = source
    return source


def industry_figures(industries: Iterable) -> dict[int, IndustryFigures]:
    industries = list(industries)
    if "figures" not in _sources:
        return {industry.pk: IndustryFigures() for industry in industries}
    return _sources["figures"](industries)


def young_worker_rules(industry) -> str | None:
    source = _sources.get("rules")
    return source(industry) if source else None


def guide_link(industry) -> str | None:
    """The industry's guide for companies to download; None without a guide (or an app that makes them)."""
    source = _sources.get("link")
    return source(industry) if source and industry is not None else None
