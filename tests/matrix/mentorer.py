"""The mentor app: staff coordinate (CASE_STAFF), the Mentor role sees only the portal, and in the
portal only its own mentees: the "mentor" user is linked to a mentor with one relationship."""

from django.contrib.auth import get_user_model

from tests.factories import YouthFactory
from tests.factories_mentorer import MentorFactory, RelationshipFactory

from . import CASE_STAFF, Entry, expect


def _mentor_user():
    return get_user_model().objects.get(username="mentor")


def mentor():
    return [MentorFactory().pk]


def youth():
    return [YouthFactory().pk]


def relationship():
    return [RelationshipFactory().pk]


def own_relationship():
    """A relationship of the signed-in "mentor" user's own mentor profile (with the consent, as the factory makes it)."""
    own = MentorFactory(user=_mentor_user())
    return [RelationshipFactory(mentor=own).pk]


def portal_home():
    MentorFactory(user=_mentor_user())
    return []


MATRIX = {
    "mentorer:overview": Entry("get", expect(403, **CASE_STAFF)),
    "mentorer:mentor_list": Entry("get", expect(403, **CASE_STAFF)),
    "mentorer:mentor_create": Entry("get", expect(403, **CASE_STAFF)),
    "mentorer:mentor_detail": Entry("get", expect(403, **CASE_STAFF), mentor),
    "mentorer:mentor_update": Entry("get", expect(403, **CASE_STAFF), mentor),
    # A portal login from the mentor's page: the invitation goes out, back to the page.
    "mentorer:mentor_portal_invite": Entry("post", expect(403, JC=302, US=302, PL=302, ADMIN=302), mentor),
    "mentorer:suggestions": Entry("get", expect(403, **CASE_STAFF), youth),
    "mentorer:relationship_create": Entry("get", expect(403, **CASE_STAFF), youth),
    "mentorer:relationship_detail": Entry("get", expect(403, **CASE_STAFF), relationship),
    "mentorer:relationship_update": Entry("get", expect(403, **CASE_STAFF), relationship),
    "mentorer:relationship_end": Entry("get", expect(403, **CASE_STAFF), relationship),
    "mentorer:session_create": Entry("get", expect(403, **CASE_STAFF), relationship),
    # The portal: the Mentor role only (staff have no use for it and no permission).
    "mentorer:portal": Entry("get", expect(403, MENTOR=200), portal_home),
    "mentorer:portal_session_create": Entry("get", expect(403, MENTOR=200), own_relationship),
}
