"""The selectors that take `user` scope by it: staff see every row, a role without the view permission none."""

import datetime
from functools import partial

import pytest
from django.utils import timezone

from foraeldre import selectors as parent_selectors
from fritidsjob import roles
from fritidsjob import selectors as youth_selectors
from mentorer import selectors as mentor_selectors
from talentvaerksted import selectors as course_selectors
from virksomheder import selectors as company_selectors
from virksomheder.models import Match, NetworkMeeting

from .factories_foraeldre import ConsentFactory, InformationEventFactory, ParentContactFactory
from .factories_mentorer import RelationshipFactory
from .factories_talentvaerksted import CourseSessionFactory, EnrollmentFactory
from .factories_virksomheder import JobOpeningFactory, make_placement

TODAY = timezone.localdate()

SCOPED_SELECTORS = {
    "company_list": company_selectors.company_list,
    "company_for_page": company_selectors.company_for_page,
    "meeting_list": company_selectors.meeting_list,
    "opening_list": company_selectors.opening_list,
    "opening_for_page": company_selectors.opening_for_page,
    "placement_list": company_selectors.placement_list,
    "placement_for_page": company_selectors.placement_for_page,
    "follow_up_for_page": company_selectors.follow_up_for_page,
    "match_for_page": company_selectors.match_for_page,
    "youth_list": youth_selectors.youth_list,
    "youth_for_case_page": youth_selectors.youth_for_case_page,
    "course_list": course_selectors.course_list,
    "course_for_page": course_selectors.course_for_page,
    "session_for_roll_call": course_selectors.session_for_roll_call,
    "enrollment_for_page": course_selectors.enrollment_for_page,
    "mentor_list": partial(mentor_selectors.mentor_list, today=TODAY),
    "mentor_for_page": partial(mentor_selectors.mentor_for_page, today=TODAY),
    "relationship_for_page": partial(mentor_selectors.relationship_for_page, today=TODAY),
    "parent_list": parent_selectors.parent_list,
    "parent_for_page": parent_selectors.parent_for_page,
    "event_list": parent_selectors.event_list,
    "consent_for_page": parent_selectors.consent_for_page,
    "contact_for_page": parent_selectors.contact_for_page,
}


@pytest.fixture
def one_of_each(users):
    """A row of every model the selectors read (a placement brings its company, youth and follow-ups)."""
    staff = users[roles.JOBCENTER_CONSULTANT]
    placement = make_placement(start=TODAY - datetime.timedelta(days=30))
    Match.objects.create(youth=placement.youth, opening=JobOpeningFactory())
    NetworkMeeting.objects.create(date=TODAY, title="Netværksmøde", organiser=staff)
    CourseSessionFactory()
    EnrollmentFactory()
    RelationshipFactory()
    ParentContactFactory()  # and its parent
    ConsentFactory()
    InformationEventFactory()


@pytest.mark.parametrize("name", SCOPED_SELECTORS)
@pytest.mark.parametrize("role", [roles.JOBCENTER_CONSULTANT, roles.YOUTH_SCHOOL, roles.PROJECT_LEADER])
def test_staff_see_every_row(name, role, users, one_of_each):
    rows = SCOPED_SELECTORS[name](user=users[role])
    assert rows.count() == rows.model.objects.count()
    assert rows.count() > 0


@pytest.mark.parametrize("name", SCOPED_SELECTORS)
@pytest.mark.parametrize("role", [roles.FUNDER, roles.MENTOR])
def test_roles_without_the_view_permission_see_none(name, role, users, one_of_each):
    assert list(SCOPED_SELECTORS[name](user=users[role])) == []
