"""Whether a young person's data may be shared: a question every app may ask.

Consent is owned by `foraeldre` (its records and the rule of who must have
consented at which age, in foraeldre/consent.py). Other apps share data too (a
match sent to a company, a mentor relationship), so they ask here instead of
importing a sibling app; foraeldre registers its answer in its AppConfig.ready()::

    from core.consent import ConsentKind, require_consent

    require_consent(youth=youth, kind=ConsentKind.SHARE_WITH_MENTOR, on=start)

With no answer registered every question fails loudly: never share by default.
"""

import datetime
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    PARTICIPATION = "deltagelse", _("Deltagelse")
    PROCESSING = "behandling", _("Behandling af oplysninger")
    SHARE_WITH_COMPANY = "deling_virksomhed", _("Deling med virksomhed")
    SHARE_WITH_MENTOR = "deling_mentor", _("Deling med mentor")
    PHOTO_VIDEO = "foto_video", _("Foto/video")


class ConsentRule(Protocol):
    """What the owner of consent answers (foraeldre.consent, a module, fits)."""

    def has_valid_consent(self, *, youth: Any, kind: str, on: datetime.date | None = None) -> bool: ...

    def require_consent(self, *, youth: Any, kind: str, on: datetime.date | None = None) -> None: ...

    def consented_youth_ids(self, *, kind: str, on: datetime.date | None = None) -> Any: ...


_rule: ConsentRule | None = None


def register(rule: ConsentRule) -> None:
    global _rule
    if _rule is not None and _rule is not rule:
        raise ImproperlyConfigured("Two consent rules registered: only the app that owns consent may answer.")
    _rule = rule


def _registered() -> ConsentRule:
    if _rule is None:
        raise ImproperlyConfigured("No consent rule registered: is foraeldre in INSTALLED_APPS?")
    return _rule


def has_valid_consent(*, youth, kind: str, on: datetime.date | None = None) -> bool:
    """Whether a consent of `kind` for `youth` is in force on `on` (today)."""
    return _registered().has_valid_consent(youth=youth, kind=kind, on=on)


def require_consent(*, youth, kind: str, on: datetime.date | None = None) -> None:
    """Raise a ValidationError with a Danish message unless a consent of `kind` is in force on `on` (today)."""
    _registered().require_consent(youth=youth, kind=kind, on=on)


def consented_youth_ids(*, kind: str, on: datetime.date | None = None):
    """The ids of every young person with a consent of `kind` in force on `on` (today): a subquery, for lists."""
    return _registered().consented_youth_ids(kind=kind, on=on)
