"""Mentor relationships and sessions, for a young person's right-of-access package (core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import item_of, register

from .models import MentorRelationship, MentorSession


@register(
    subject="ung",
    title=_("Mentorforløb"),
    intro=_("Forløb med en frivillig erhvervsmentor: mål, møder og evaluering."),
    covers=[MentorRelationship, MentorSession],
    order=60,
)
def relationships(youth):
    for relationship in youth.mentor_relationships.select_related("mentor", "youth", "coordinator"):
        yield item_of(relationship)
        for session in relationship.sessions.select_related("logged_by", "relationship"):
            yield item_of(session, title=_("Møde %(session)s") % {"session": session})
