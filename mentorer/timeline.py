"""The mentor part of a young person's timeline: relationships started and ended, and their sessions.

The case page is for staff only (the Fond role has no access to cases), so
session notes are shown here; the funder never sees a person.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.timeline import TimelineItem, register
from fritidsjob.models import Youth

from .models import MentorSession


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@register
def relationship_items(youth: Youth) -> Iterable[TimelineItem]:
    """One query."""
    kind = _("Mentor")
    for relationship in youth.mentor_relationships.select_related("mentor", "coordinator"):
        mentor = relationship.mentor.full_name
        yield TimelineItem(
            date=relationship.start_date,
            kind=kind,
            title=_("Mentorforløb startet med %(mentor)s") % {"mentor": mentor},
            text=_("Mål: %(goals)s") % {"goals": relationship.goals},
            author=_name(relationship.coordinator),
            icon="mentor",
        )
        if relationship.ended_on:
            yield TimelineItem(
                date=relationship.ended_on,
                kind=kind,
                title=_("Mentorforløb afsluttet: %(outcome)s") % {"outcome": relationship.get_outcome_display()},
                text=relationship.evaluation,
                author=_name(relationship.coordinator),
                icon="mentor",
            )


@register
def session_items(youth: Youth) -> Iterable[TimelineItem]:
    """One query."""
    sessions = MentorSession.objects.filter(relationship__youth=youth).select_related("relationship__mentor")
    for session in sessions:
        yield TimelineItem(
            date=session.date,
            kind=_("Mentor"),
            title=_("%(form)s med mentor %(mentor)s (%(minutes)s min): %(topic)s")
            % {
                "form": session.get_form_display(),
                "mentor": session.relationship.mentor.full_name,
                "minutes": session.duration_minutes,
                "topic": session.topic,
            },
            text=session.note,
            icon="mentor",
        )
