"""What the industry guides take from other apps: the ONE place to wire them up.

The guides print live local figures per industry and the young-worker rules that
matter in the industry. Those records and rules belong to the companies app
(virksomheder) and its rules module, which are not part of this app. Until they
are wired in here, every figure is None (the guide prints "ikke registreret") and
the rules section is left out of the PDF (the guide page warns about it) rather
than filled with text nobody has checked against the current rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryFigures:
    """Local figures for one industry; None means the app does not record them yet."""

    companies_in_network: int | None = None
    youth_in_jobs: int | None = None


def industry_figures(industries: Iterable) -> dict[int, IndustryFigures]:
    """The live figures of each industry, by industry id, in a fixed number of queries.

    HOOK (virksomheder): count the companies in the network per industry and the
    young people currently in a job per industry, e.g. with one
    `.values("industry").annotate(Count(...))` query each, and return them here.
    """
    return {industry.pk: IndustryFigures() for industry in industries}


def young_worker_rules(industry) -> str | None:
    """Markdown on the rules for young workers that matter in `industry`, with their sources.

    The text comes from the rules module (bekendtgørelse om unges arbejde and
    arbejdsmiljøloven §§ 60-62), the same figures the checks of openings and placements
    use; no database queries. None would leave the section out of the guides (their
    pages warn when that happens).
    """
    from virksomheder.young_workers import rules_markdown

    return rules_markdown(industry)
