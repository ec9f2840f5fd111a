"""Background jobs the health page watches: how many are under way, stuck or failed, per kind.

An app with jobs that users wait for (a PDF, a report) declares them in its own
`jobs.py` (found at start-up by `core.apps`)::

    from core import jobs

    @jobs.register
    def summaries(now):
        return [jobs.JobSummary(label="Statusrapporter", pending=2, stuck=0, failed=1, url="/rapporter/...")]

Each source answers in a fixed number of queries.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobSummary:
    label: str
    pending: int
    stuck: int
    failed: int
    url: str = ""


Source = Callable[[datetime.datetime], list[JobSummary]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def summaries(now: datetime.datetime) -> list[JobSummary]:
    return [summary for source in _sources for summary in source(now)]
