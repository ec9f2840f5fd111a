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
_sources: dict[str, Callable] = {}


def register_figures(source: FiguresSource) -> FiguresSource:
    """`source(industries)` gives each industry's figures by industry id, in a fixed number of queries."""
    _sources["figures"] = source
    return source


def register_rules(source: RulesSource) -> RulesSource:
    """`source(industry)` gives Markdown on the rules for young workers that matter in it, with sources."""
    _sources["rules"] = source
    return source


def industry_figures(industries: Iterable) -> dict[int, IndustryFigures]:
    industries = list(industries)
    if "figures" not in _sources:
        return {industry.pk: IndustryFigures() for industry in industries}
    return _sources["figures"](industries)


def young_worker_rules(industry) -> str | None:
    source = _sources.get("rules")
    return source(industry) if source else None
