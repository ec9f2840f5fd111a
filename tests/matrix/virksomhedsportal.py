"""The company portal (issue 16): the Virksomhedskontakt role sees only the portal, and there only its own
company: the "kontakt" user is linked to a contact person, whose company has the rows the URLs point at.
Staff have no portal (403) but invite, deactivate and approve from the company's pages."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import YouthFactory
from tests.factories_foraeldre import ConsentFactory
from tests.factories_virksomheder import ContactPersonFactory, JobOpeningFactory
from virksomheder.models import ContactPerson, FollowUpKind, Match, MatchStage, NetworkMeeting, OpeningStatus

from . import ALL_ROLES, Entry, expect

STAFF_REDIRECT = dict(JC=302, US=302, PL=302, ADMIN=302)
PUBLIC = {role: 200 for role in ALL_ROLES}


def own_contact() -> ContactPerson:
    """The signed-in "kontakt" user's contact person (one per user; the axe test builds every entry at once)."""
    user = get_user_model().objects.get(username="kontakt")
    return ContactPerson.objects.filter(user=user).first() or ContactPersonFactory(user=user, email="kontakt@firma.dk")


def portal_home():
    own_contact()
    return []


def own_opening():
    return [JobOpeningFactory(company=own_contact().company, status=OpeningStatus.AWAITING_APPROVAL).pk]


def own_candidate():
    """A young person with the consent to share with a company, sent to the contact's company."""
    consent = ConsentFactory(youth=YouthFactory())
    opening = JobOpeningFactory(company=own_contact().company)
    match = Match.objects.create(
        youth=consent.youth, opening=opening, stage=MatchStage.SENT, sent_on=opening.start_date
    )
    return [match.pk]


def follow_up_token():
    """The follow-up e-mail's link for a placement at the contact's company (no sign-in needed)."""
    from tests.factories_virksomheder import make_placement
    from virksomheder.portal.services import follow_up_link

    contact = own_contact()
    placement = make_placement(company=contact.company, start=datetime.date(2024, 1, 15))
    link = follow_up_link(follow_up=placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS), contact=contact)
    return [link.rstrip("/").rsplit("/", 1)[1]]


def planned_meeting():
    own_contact()
    meeting = NetworkMeeting.objects.create(
        title="Netværksmøde om sommerjob", date=timezone.localdate() + datetime.timedelta(days=14)
    )
    return [meeting.pk]


def company_page():
    """The company page with something in every part: a guide for the industry, the programme text,
    a planned meeting the contact has signed up to and one not yet."""
    from tests.factories_rapporter import IndustryGuideFactory
    from virksomheder.models import NetworkMeetingSignup, ProgrammeText

    contact = own_contact()
    if contact.company.industry is not None and not hasattr(contact.company.industry, "guide"):
        IndustryGuideFactory(industry=contact.company.industry)
    ProgrammeText.objects.get_or_create(defaults={"body": "Sammen om fritidsjob hjælper unge i deres første job."})
    meeting = NetworkMeeting.objects.get(pk=planned_meeting()[0])
    NetworkMeetingSignup.objects.get_or_create(meeting=meeting, contact=contact)
    planned_meeting()
    return []


def contact():
    return [ContactPersonFactory(email="ny@firma.dk").pk]


def awaiting_opening():
    return [JobOpeningFactory(status=OpeningStatus.AWAITING_APPROVAL).pk]


def _portal(default=403, **by_role):
    return expect(default, KONTAKT=200, **by_role)


MATRIX = {
    # Signing in: open to everyone (the same page whoever asks).
    "virksomheder:portal:login": Entry("get", dict(PUBLIC)),
    "virksomheder:portal:link": Entry("get", dict(PUBLIC)),
    # The contact's pages: the company contact role only.
    "virksomheder:portal:home": Entry("get", _portal(), portal_home),
    "virksomheder:portal:opening_create": Entry("get", _portal(), portal_home),
    "virksomheder:portal:opening_update": Entry("get", _portal(), own_opening),
    # The company's own page: contacts, the industry guide, the programme text and planned meetings.
    "virksomheder:portal:company": Entry("get", _portal(), company_page),
    # Signed up (or off), back to the company page.
    "virksomheder:portal:meeting_signup": Entry("post", expect(403, KONTAKT=302), planned_meeting),
    "virksomheder:portal:meeting_signup_cancel": Entry("post", expect(403, KONTAKT=302), planned_meeting),
    # The project leader's text on the portal's company page.
    "virksomheder:programme_text": Entry("get", expect(403, PL=200, ADMIN=200)),
    "virksomheder:portal:rules_check": Entry("post", _portal(), portal_home, {"min_age": "14"}),
    "virksomheder:portal:candidate_detail": Entry("get", _portal(), own_candidate),
    # Recorded, back to the candidate's page.
    "virksomheder:portal:candidate_interview": Entry("post", expect(403, KONTAKT=302), own_candidate),
    # An empty form: shown again with its errors, nothing saved.
    "virksomheder:portal:candidate_hire": Entry("post", _portal(), own_candidate),
    "virksomheder:portal:candidate_not_hired": Entry("post", _portal(), own_candidate),
    # No CV shared: 404 for the contact.
    "virksomheder:portal:candidate_cv": Entry("get", expect(403, KONTAKT=404), own_candidate),
    # The follow-up e-mail's signed link: open to whoever has it (the contact it was sent to).
    "virksomheder:portal:follow_up": Entry("get", dict(PUBLIC), follow_up_token),
    # The consultant's side, from the company and opening pages.
    "virksomheder:portal:contact_invite": Entry("post", expect(403, **STAFF_REDIRECT), contact),
    "virksomheder:portal:contact_deactivate": Entry("post", expect(403, **STAFF_REDIRECT), contact),
    "virksomheder:portal:opening_approve": Entry("post", expect(403, **STAFF_REDIRECT), awaiting_opening),
}
