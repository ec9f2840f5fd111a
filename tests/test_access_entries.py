"""Every page about one person leaves an access entry in that person's audit trail (core/audit.py).

One case per page: what to make, who may see it, and whose trail must show the visit. The walk
at the end reads the URL configuration, so a new page about a person without a case here (or a
reason in NOT_ABOUT_A_PERSON) fails, as the export walk does for lists.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.audit import trail_of
from core.consent import ConsentKind
from fritidsjob import roles

from .factories import YouthFactory
from .factories_foraeldre import ConsentFactory, ParentContactFactory, ParentFactory
from .factories_mentorer import MentorFactory, RelationshipFactory
from .factories_talentvaerksted import CompletedEnrollmentFactory, CVFactory, EnrollmentFactory
from .factories_virksomheder import make_placement

pytestmark = pytest.mark.django_db

LAST_MONTH = timezone.localdate() - datetime.timedelta(days=30)


@dataclass(frozen=True)
class Case:
    url_name: str
    # make(user) creates what the page shows and returns (the URL's kwargs, the person it is about).
    make: Callable[[object], tuple[dict, object]]
    # Someone who may see the page.
    role: str = roles.PROJECT_LEADER


def _youth(key: str = "pk"):
    def make(user):
        youth = YouthFactory()
        return {key: youth.pk}, youth

    return make


def _enrollment(user):
    enrollment = EnrollmentFactory()
    return {"pk": enrollment.pk}, enrollment.youth


def _completed_enrollment(user):
    enrollment = CompletedEnrollmentFactory()
    return {"pk": enrollment.pk}, enrollment.youth


def _cv(user):
    cv = CVFactory()
    return {"pk": cv.youth_id}, cv.youth


def _placement(user):
    placement = make_placement(start=LAST_MONTH)
    return {"pk": placement.pk}, placement.youth


def _follow_up(user):
    placement = make_placement(start=LAST_MONTH)
    return {"pk": placement.follow_ups.first().pk}, placement.youth


def _mentor(user):
    mentor = MentorFactory()
    return {"pk": mentor.pk}, mentor


def _relationship(user):
    relationship = RelationshipFactory()
    return {"pk": relationship.pk}, relationship.youth


def _own_mentee(user):
    relationship = RelationshipFactory(mentor=MentorFactory(user=user))
    return {"pk": relationship.pk}, relationship.youth


def _cv_with_company_consent(user):
    cv = CVFactory()
    ConsentFactory(youth=cv.youth, kind=ConsentKind.SHARE_WITH_COMPANY)
    return {"pk": cv.youth_id}, cv.youth


def _parent(user):
    parent = ParentFactory()
    return {"pk": parent.pk}, parent


def _parent_contact(user):
    contact = ParentContactFactory()
    return {"pk": contact.pk}, contact.parent


def _consent_document(user):
    consent = ConsentFactory(document=SimpleUploadedFile("samtykke.pdf", b"%PDF-1.4 scan"))
    return {"pk": consent.pk}, consent.youth


CASES = [
    Case("fritidsjob:youth_detail", _youth()),
    Case("fritidsjob:youth_update", _youth()),
    Case("fritidsjob:youth_delete", _youth(), roles.ADMINISTRATOR),
    Case("fritidsjob:youth_audit", _youth()),
    Case("fritidsjob:anonymisation_request", _youth()),
    Case("fritidsjob:youth_insight", _youth()),
    Case("fritidsjob:progression_answer", _youth()),
    Case("fritidsjob:youth_print", _youth()),
    # The send form names the young person and parents with their phone numbers.
    Case("opgaver:case_message", _youth()),
    Case("talentvaerksted:enrollment_complete", _enrollment),
    Case("talentvaerksted:enrollment_drop", _enrollment),
    Case("talentvaerksted:enrollment_reminder", _enrollment),
    Case("talentvaerksted:diploma", _completed_enrollment),
    # A CV not yet written: the page is still about the young person.
    Case("talentvaerksted:cv_edit", _youth()),
    Case("talentvaerksted:cv_pdf", _cv),
    Case("talentvaerksted:cv_pdf_company", _cv_with_company_consent),
    Case("virksomheder:youth_matches", _youth()),
    Case("virksomheder:placement_create", _youth()),
    Case("virksomheder:placement_detail", _placement),
    Case("virksomheder:placement_update", _placement),
    Case("virksomheder:followup_complete", _follow_up),
    Case("mentorer:mentor_detail", _mentor),
    Case("mentorer:mentor_update", _mentor),
    Case("mentorer:suggestions", _youth("youth_pk")),
    Case("mentorer:relationship_create", _youth("youth_pk")),
    Case("mentorer:relationship_detail", _relationship),
    Case("mentorer:relationship_update", _relationship),
    Case("mentorer:relationship_end", _relationship),
    Case("mentorer:session_create", _relationship),
    Case("mentorer:portal_session_create", _own_mentee, roles.MENTOR),
    Case("foraeldre:parent_detail", _parent),
    Case("foraeldre:parent_update", _parent),
    Case("foraeldre:parent_anonymisation_request", _parent),
    Case("foraeldre:parent_insight", _parent),
    Case("foraeldre:contact_update", _parent_contact),
    Case("foraeldre:youth_consents", _youth()),
    Case("foraeldre:consent_document", _consent_document),
]
CASE_IDS = [case.url_name for case in CASES]

# Pages that take an id but show no one person. Keep a reason for each.
NOT_ABOUT_A_PERSON = {
    # Progression (issue 18): the questionnaires and their statements are about no person.
    "fritidsjob:questionnaire_detail": "a questionnaire",
    "fritidsjob:questionnaire_item": "a questionnaire's statement",
    # The young person's own link, without login: their first name shown to themselves, nothing else
    # (no signed-in user to record); the answers they send are audited as they are saved.
    "fritidsjob:progression_answer_link": "the young person's own one-time link",
    # Giv videre: one task's form, naming its young person as the inbox's row does.
    "opgaver:task_reassign": "a task",
    # A course, its sessions and its roll call: the group, recorded on the course or session.
    "talentvaerksted:course_detail": "a course",
    "talentvaerksted:course_update": "a course",
    "talentvaerksted:course_copy": "a course",
    "talentvaerksted:course_delete": "a course",
    "talentvaerksted:session_create": "a course",
    "talentvaerksted:enroll": "a course; the search lists several young people",
    "talentvaerksted:session_update": "a session",
    "talentvaerksted:session_delete": "a session",
    "talentvaerksted:roll_call": "a session's whole group",
    "virksomheder:company_detail": "a company",
    "virksomheder:company_update": "a company",
    "virksomheder:meeting_update": "a network meeting of companies",
    "virksomheder:opening_detail": "a job opening",
    "virksomheder:opening_update": "a job opening",
    "foraeldre:event_update": "an information meeting",
    "foraeldre:guide_pdf": "the parents' guide",
    "foraeldre:guide_section_delete": "the parents' guide",
    "foraeldre:guide_section_text": "the parents' guide",
    "foraeldre:guide_edition_update": "the parents' guide",
    "rapporter:project_detail": "a funded project",
    "rapporter:project_update": "a funded project",
    "rapporter:deliverable_create": "a funded project",
    "rapporter:report_create": "a funded project",
    "rapporter:deliverable_update": "a deliverable",
    "rapporter:deliverable_delete": "a deliverable",
    "rapporter:report_detail": "a funder report: counts, no person",
    "rapporter:report_download": "a funder report: counts, no person",
    "rapporter:guide_update": "an industry guide",
    "rapporter:guide_download": "an industry guide",
    "rapporter:guide_public": "an industry guide",
    "rapporter:import_template": "an empty import template",
    "rapporter:import_detail": "an import file's rows; the import's writes are audited",
    "password_reset_confirm": "a one-time link for choosing one's own password",
    "calendar_feed": "a staff member's iCal feed: titles and times, never a person",
    # The company portal: a contact, not staff, sees the candidate; each page records the access
    # with the contact's name (tests/test_virksomheder_portal.py, test_virksomheder_portal_follow_ups.py).
    "virksomheder:portal:candidate_detail": "a candidate in the company portal (access entry tested there)",
    "virksomheder:portal:candidate_cv": "a candidate's CV in the company portal (access entry tested there)",
    "virksomheder:portal:follow_up": "the employer's follow-up link (access entry tested there)",
    "virksomheder:portal:opening_update": "a job opening",
    # The family's own one-time link: their own answers, shown to themselves after the code
    # (tests/test_digital_consent.py); every answer is audited as it is saved.
    "familie:consent": "the family's own consent link",
    "familie:consent_receipt": "the family's own consent receipt",
    # A sign-up is not yet a case: the page records the access on the sign-up and on the possible
    # duplicates it shows (tests/test_signups.py).
    "foraeldre:signup_detail": "a sign-up beside its possible duplicates (access entries tested there)",
    "opgaver:sms_receipt": "an SMS gateway's delivery receipt: no page, no person shown",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _access_entries(person):
    return trail_of(person).filter(action=LogEntry.Action.ACCESS)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_page_about_a_person_puts_an_access_entry_in_their_trail(client, users, case):
    user = users[case.role]
    kwargs, person = case.make(user)
    client.force_login(user)

    response = client.get(reverse(case.url_name, kwargs=kwargs))

    assert response.status_code == 200
    assert [entry.actor for entry in _access_entries(person)] == [user]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_refused_page_records_no_access(client, users, case):
    kwargs, person = case.make(users[case.role])
    client.force_login(users[roles.FUNDER])

    response = client.get(reverse(case.url_name, kwargs=kwargs))

    assert response.status_code in (403, 404)
    assert not _access_entries(person).exists()


def test_the_cv_page_records_the_cv_once_it_is_written(client, users):
    cv = CVFactory()
    client.force_login(users[roles.PROJECT_LEADER])

    client.get(reverse("talentvaerksted:cv_edit", args=[cv.youth_id]))

    assert [entry.content_type.model for entry in _access_entries(cv.youth)] == ["cv"]


def test_the_mentor_portal_records_each_mentee(client, users):
    mentor = MentorFactory(user=users[roles.MENTOR])
    mentees = [RelationshipFactory(mentor=mentor).youth for _ in range(2)]
    client.force_login(users[roles.MENTOR])

    client.get(reverse("mentorer:portal"))

    assert [_access_entries(youth).count() for youth in mentees] == [1, 1]


def _pages_with_an_id(resolver: URLResolver, namespace: str = "") -> list[str]:
    """Named pages whose URL takes an argument and that answer GET (the Django admin aside)."""
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                found += _pages_with_an_id(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.pattern.converters:
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and hasattr(view, "get") and "get" in view.http_method_names:
                found.append(f"{namespace}{pattern.name}")
    return found


def test_every_page_with_an_id_is_a_case_here_or_about_no_person():
    pages = set(_pages_with_an_id(get_resolver()))

    assert not set(CASE_IDS) & set(NOT_ABOUT_A_PERSON)
    # A new page about a person needs a Case (and RecordsAccessMixin); any other, a reason above.
    assert sorted(pages - set(NOT_ABOUT_A_PERSON)) == sorted(CASE_IDS)
    assert set(NOT_ABOUT_A_PERSON) <= pages
