"""The parents' part of a young person's timeline: contacts with their parents and consents."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.timeline import TimelineItem, register
from fritidsjob.models import Youth

from .models import Consent, ParentContact


def _user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@register
def parent_contact_items(youth: Youth) -> Iterable[TimelineItem]:
    """Contacts with any parent of the young person (one query)."""
    contacts = ParentContact.objects.filter(parent__children=youth).select_related("parent", "staff")
    for contact in contacts:
        title = _("%(kind)s med %(name)s") % {"kind": contact.get_kind_display(), "name": contact.parent.full_name}
        if contact.interpreter_used:
            title = _("%(title)s (med tolk)") % {"title": title}
        yield TimelineItem(
            date=contact.date,
            kind=_("Forældre"),
            title=title,
            text=contact.note,
            author=_user_name(contact.staff),
            icon="parent",
        )


@register
def consent_items(youth: Youth) -> Iterable[TimelineItem]:
    """Consents given and withdrawn (one query)."""
    for consent in Consent.objects.filter(youth=youth).select_related("given_by", "recorded_by"):
        given_by = consent.given_by.full_name if consent.given_by else _("den unge")
        yield TimelineItem(
            date=consent.given_on,
            kind=_("Samtykke"),
            title=_("Samtykke givet: %(kind)s") % {"kind": consent.get_kind_display()},
            text=_("Givet af %(name)s (%(method)s)")
            % {"name": given_by, "method": consent.get_method_display().lower()},
            author=_user_name(consent.recorded_by),
            icon="consent",
        )
        if consent.withdrawn_on:
            yield TimelineItem(
                date=consent.withdrawn_on,
                kind=_("Samtykke"),
                title=_("Samtykke trukket tilbage: %(kind)s") % {"kind": consent.get_kind_display()},
                icon="consent",
            )
