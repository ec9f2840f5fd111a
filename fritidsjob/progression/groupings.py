"""Groupings of young people for the progression figures, registered by the apps that own them (issue 18).

Gender and age band live on the case; a young person's course (talentvaerksted) or job industry
(virksomheder) live in the feature apps, which the reporting layer never imports. Each app
registers how to put young people into its groups, one query for all of them::

    register(Grouping(key="forloeb", label=_("Forløb"), order=30, labels=..., groups=...))

Every young person is in exactly one group (their first course, the industry of their first
job, else `none_label`), so a breakdown's counts add up to its total, as the small-number
suppression (rapporter/suppression.py) requires.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Grouping:
    key: str
    label: Any  # Danish (lazy)
    order: int
    labels: Callable[[], list[str]]  # every group, in order (shown with 0 where nobody is in it)
    groups: Callable[[Iterable[int]], dict[int, str]]  # youth id -> its group; absent: none_label
    none_label: Any


_groupings: dict[str, Grouping] = {}


def register(grouping: Grouping) -> Grouping:
    _groupings[grouping.key] = grouping
    return grouping


def registered() -> list[Grouping]:
    return sorted(_groupings.values(), key=lambda grouping: grouping.order)
