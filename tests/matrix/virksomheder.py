import datetime

from tests.factories import YouthFactory
from tests.factories_foraeldre import ConsentFactory
from tests.factories_virksomheder import CompanyFactory, JobOpeningFactory, make_placement
from virksomheder import services
from virksomheder.models import FollowUpKind, Match

from . import CASE_STAFF, Entry, expect

# A POST that changes something: staff are sent on (302).
STAFF_REDIRECT = dict(JC=302, US=302, PL=302, ADMIN=302)


def company():
    return [CompanyFactory().pk]


def opening():
    return [JobOpeningFactory().pk]


def youth():
    return [YouthFactory().pk]


def placement():
    return [make_placement(start=datetime.date(2024, 1, 15)).pk]


def follow_up():
    return [make_placement(start=datetime.date(2024, 1, 15)).follow_ups.get(kind=FollowUpKind.SIX_MONTHS).pk]


def meeting():
    return [services.network_meeting_create(data={"title": "Netværksmøde"}, companies=[CompanyFactory()]).pk]


def match():
    """A suggested match for a young person who has consented to sharing with a company."""
    consent = ConsentFactory()
    return [Match.objects.create(youth=consent.youth, opening=JobOpeningFactory()).pk]


MATRIX = {
    "virksomheder:company_list": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:company_create": Entry("get", expect(403, **CASE_STAFF)),
    # Without a register set up (CVR_BACKEND empty in tests) the fields come back with a message.
    "virksomheder:company_cvr_lookup": Entry("get", expect(403, **CASE_STAFF)),
    # htmx: the town from the postcode on the company form.
    "virksomheder:company_town": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:industry_code_mappings": Entry("get", expect(403, PL=200, ADMIN=200)),
    "virksomheder:company_detail": Entry("get", expect(403, **CASE_STAFF), company),
    "virksomheder:company_update": Entry("get", expect(403, **CASE_STAFF), company),
    # An empty contact or guidance form is shown again with its errors, never saved.
    "virksomheder:contact_create": Entry("post", expect(403, **CASE_STAFF), company),
    "virksomheder:guidance_create": Entry("post", expect(403, **CASE_STAFF), company),
    "virksomheder:meeting_list": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:meeting_create": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:meeting_update": Entry("get", expect(403, **CASE_STAFF), meeting),
    "virksomheder:opening_board": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:opening_create": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:opening_detail": Entry("get", expect(403, **CASE_STAFF), opening),
    "virksomheder:opening_update": Entry("get", expect(403, **CASE_STAFF), opening),
    "virksomheder:opening_status": Entry("post", expect(403, **STAFF_REDIRECT), opening, {"status": "lukket"}),
    "virksomheder:youth_matches": Entry("get", expect(403, **CASE_STAFF), youth),
    "virksomheder:placement_create": Entry("get", expect(403, **CASE_STAFF), youth),
    # Without a young person and an opening nothing is matched: back to the board with a message.
    "virksomheder:match_create": Entry("post", expect(403, **STAFF_REDIRECT)),
    "virksomheder:match_send": Entry("post", expect(403, **STAFF_REDIRECT), match),
    "virksomheder:match_interview": Entry("post", expect(403, **STAFF_REDIRECT), match),
    "virksomheder:match_reject": Entry("post", expect(403, **STAFF_REDIRECT), match, {"rejection_reason": "Nej"}),
    "virksomheder:placement_list": Entry("get", expect(403, **CASE_STAFF)),
    "virksomheder:placement_detail": Entry("get", expect(403, **CASE_STAFF), placement),
    "virksomheder:placement_update": Entry("get", expect(403, **CASE_STAFF), placement),
    "virksomheder:followup_complete": Entry("get", expect(403, **CASE_STAFF), follow_up),
}
