"""Every place that shares a young person's data outside the staff, and the one check each makes.

A service that hands a young person's data to someone outside the programme's
staff (a company, a mentor) is a *sharing point*. It says so with the decorator,
which asks the one consent function (core.consent) on the day of the sharing,
before the service runs::

    @shares_personal_data(kind=ConsentKind.SHARE_WITH_COMPANY, recipient="virksomhed", youth=lambda kw: kw["match"].youth)
    def match_send(*, match, today=None): ...

The records that a sharing writes (a placement, a mentor session, a match set
to "sendt") are declared by their app in its `sharing.py` (found at start-up by
core.apps) with `register_record`. tests/test_sharing_points.py walks the
source: a function that writes such a record without being a sharing point (or
on the test's short list of reasoned exceptions) fails it, as does a sharing
point that does not refuse without consent, or a page an external user can
reach that is not accounted for. README, "Samtykke og deling", explains it.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .consent import ConsentKind, has_valid_consent, require_consent


@dataclass(frozen=True)
class SharingPoint:
    name: str  # module.function
    kind: str  # the ConsentKind asked
    recipient: str  # Danish, who receives the data
    youth_of: Callable[[dict], Any]
    on_of: Callable[[dict], datetime.date | None]


@dataclass(frozen=True)
class SharingRecord:
    """A model whose writing shares data; with `markers` (e.g. "MatchStage.SENT") only writing those does."""

    model: str  # app_label.ModelName
    kind: str
    markers: tuple[str, ...] = field(default_factory=tuple)


_points: dict[str, SharingPoint] = {}
_records: dict[str, SharingRecord] = {}


def shares_personal_data(
    *,
    kind: ConsentKind,
    recipient: str,
    youth: Callable[[dict], Any],
    on: Callable[[dict], datetime.date | None] = lambda kwargs: None,
    unless: Callable[[dict], bool] = lambda kwargs: False,
):
    """Mark a keyword-only service as a sharing point: it runs only with a consent of `kind` valid on the day.

    `youth(kwargs)` finds the young person, `on(kwargs)` the day (None: today, so a
    withdrawal recorded today stops the sharing at once). `unless(kwargs)` names the
    one reasoned exemption a service may have (history recorded after the fact).
    """

    def decorate(function):
        name = f"{function.__module__}.{function.__qualname__}"
        point = SharingPoint(name=name, kind=kind, recipient=recipient, youth_of=youth, on_of=on)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if not unless(kwargs):
                require_consent(youth=youth(kwargs), kind=kind, on=on(kwargs) or timezone.localdate())
            return function(*args, **kwargs)

        wrapper.sharing_point = point
        _points[name] = point
        return wrapper

    return decorate


def may_share(*, youth, kind: ConsentKind, on: datetime.date | None = None) -> bool:
    """For pages that show a recipient what is shared (the mentor portal): the same answer, as a bool."""
    return has_valid_consent(youth=youth, kind=kind, on=on or timezone.localdate())


# Documents a young person chose to share with the companies they are sent to (the CV, kept by
# talentvaerksted): the app that keeps one registers it, so the company portal asks for it here
# without importing a sibling app. `provider(youth=...)` returns (pdf bytes, file name) or None and
# asks the consent itself; `available(youth=...)` says whether there is one, without making it.
@dataclass(frozen=True)
class SharedDocument:
    provider: Callable[..., tuple[bytes, str] | None]
    available: Callable[..., bool]


_documents: dict[str, SharedDocument] = {}


def register_document(name: str, *, provider, available) -> None:
    _documents[name] = SharedDocument(provider=provider, available=available)


def shared_document(name: str, *, youth) -> tuple[bytes, str] | None:
    """The young person's document `name` if they chose to share it (ValidationError without the consent today)."""
    document = _documents.get(name)
    return document.provider(youth=youth) if document is not None else None


def shared_document_available(name: str, *, youth) -> bool:
    document = _documents.get(name)
    return document is not None and bool(document.available(youth=youth))


def register_record(*, model: str, kind: ConsentKind, markers: tuple[str, ...] = ()) -> None:
    _records[model] = SharingRecord(model=model, kind=kind, markers=tuple(markers))


def points() -> dict[str, SharingPoint]:
    return dict(_points)


def records() -> dict[str, SharingRecord]:
    return dict(_records)
