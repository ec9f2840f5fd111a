"""The company portal's company page (issue 16 item 5): contacts, the industry guide, the programme text,
and planned network meetings with a sign-up (attendance still registered by staff)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fritidsjob import roles
from tests.factories_rapporter import IndustryGuideFactory
from tests.factories_virksomheder import CompanyFactory, ContactPersonFactory
from tests.test_virksomheder_portal import _invite, contact, signed_in, staff  # noqa: F401
from virksomheder import services as company_services
from virksomheder.models import Guidance, GuidanceForm, NetworkMeeting, NetworkMeetingSignup, ProgrammeText

pytestmark = pytest.mark.django_db
COMPANY = reverse("virksomheder:portal:company")


def _planned(days=14, **extra) -> NetworkMeeting:
    return company_services.network_meeting_create(
        data={"title": "Sommerjob i detailhandlen", "date": timezone.localdate() + datetime.timedelta(days=days)}
        | extra,
        companies=[],
    )


def test_the_page_shows_the_own_companys_contacts_only(signed_in, contact):  # noqa: F811
    ContactPersonFactory(company=contact.company, name="Bo Lager", phone="12345678")
    ContactPersonFactory(company=CompanyFactory(), name="Anden Virksomheds Kontakt")
    page = signed_in.get(COMPANY).content.decode()
    assert "Karen Butik" in page and "Bo Lager" in page and "12345678" in page
    assert "Anden Virksomheds Kontakt" not in page


def test_the_industry_guide_of_the_companys_industry_is_offered_through_its_public_link(signed_in, contact):  # noqa: F811
    assert "Der er ingen brancheguide til jeres branche endnu." in signed_in.get(COMPANY).content.decode()
    other = IndustryGuideFactory()
    assert other.industry != contact.company.industry
    guide = IndustryGuideFactory(industry=contact.company.industry)
    link = reverse("rapporter:guide_public", args=[guide.public_token])
    page = signed_in.get(COMPANY).content.decode()
    assert link in page
    assert str(other.public_token) not in page
    download = signed_in.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    # A closed link is no longer offered.
    guide.public_token = None
    guide.save()
    assert link not in signed_in.get(COMPANY).content.decode()


def test_the_project_leader_edits_the_programme_text_the_contact_reads(signed_in, users):  # noqa: F811
    assert "Projektlederen har ikke skrevet teksten" in signed_in.get(COMPANY).content.decode()
    leader = Client()
    leader.force_login(users[roles.PROJECT_LEADER])
    url = reverse("virksomheder:programme_text")
    response = leader.post(url, {"body": "Sammen om fritidsjob hjælper unge i deres første job.\n\nVi følger op."})
    assert response.status_code == 302
    text = ProgrammeText.objects.get()
    assert text.updated_by == users[roles.PROJECT_LEADER]
    leader.post(url, {"body": "Ny tekst om programmet."})
    assert ProgrammeText.objects.get().body == "Ny tekst om programmet."  # still one row
    page = signed_in.get(COMPANY).content.decode()
    assert "Ny tekst om programmet." in page
    assert "Projektlederen har ikke skrevet teksten" not in page


def test_a_consultant_may_not_edit_the_programme_text(staff):  # noqa: F811
    assert staff.post(reverse("virksomheder:programme_text"), {"body": "Forkert"}).status_code == 403
    assert not ProgrammeText.objects.exists()


def test_a_contact_signs_up_to_a_planned_meeting_and_off_again(signed_in, contact):  # noqa: F811
    meeting = _planned(place="Rådhuset")
    held = company_services.network_meeting_create(
        data={"title": "Holdt møde", "date": timezone.localdate()}, companies=[]
    )
    page = signed_in.get(COMPANY).content.decode()
    assert "Sommerjob i detailhandlen" in page and "Rådhuset" in page
    assert "Holdt møde" not in page
    signup = reverse("virksomheder:portal:meeting_signup", args=[meeting.pk])
    assert signed_in.post(signup).status_code == 302
    assert signed_in.post(signup).status_code == 302  # twice: still one sign-up
    assert list(NetworkMeetingSignup.objects.values_list("meeting", "contact")) == [(meeting.pk, contact.pk)]
    assert "Du er tilmeldt" in signed_in.get(COMPANY).content.decode()
    # A sign-up is not attendance: no guidance contact until staff register the held meeting.
    assert not Guidance.objects.exists()
    assert not meeting.companies.exists()
    # A held meeting takes no sign-ups.
    assert signed_in.post(reverse("virksomheder:portal:meeting_signup", args=[held.pk])).status_code == 404
    assert signed_in.post(reverse("virksomheder:portal:meeting_signup_cancel", args=[meeting.pk])).status_code == 302
    assert not NetworkMeetingSignup.objects.exists()


def test_staff_see_sign_ups_and_register_attendance_once_held(signed_in, contact, staff):  # noqa: F811
    meeting = _planned(days=3)
    signed_in.post(reverse("virksomheder:portal:meeting_signup", args=[meeting.pk]))
    listing = staff.get(reverse("virksomheder:meeting_list")).content.decode()
    assert "Planlagt" in listing and f"{contact.company.name} (Karen Butik)" in listing
    update = reverse("virksomheder:meeting_update", args=[meeting.pk])
    data = {"date": meeting.date.isoformat(), "title": meeting.title, "companies": [contact.company.pk]}
    # Before the day: attendance can't be registered, nothing changes.
    refused = staff.post(update, data)
    assert refused.status_code == 200
    assert "Deltagelse registreres, når mødet er holdt" in refused.content.decode()
    assert not meeting.companies.exists() and not Guidance.objects.exists()
    # On the day the form starts from the companies that signed up; saving creates the guidance as today.
    # (The day has come: the meeting moved to today stands for three days passing.)
    NetworkMeeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    meeting.refresh_from_db()
    data["date"] = meeting.date.isoformat()
    form = staff.get(update).context["form"]
    assert form.fields["companies"].initial == [contact.company.pk]
    assert staff.post(update, data).status_code == 302
    guidance = Guidance.objects.get()
    assert (guidance.company, guidance.form, guidance.date) == (
        contact.company,
        GuidanceForm.NETWORK_MEETING,
        meeting.date,
    )


def test_the_service_refuses_attendance_at_a_planned_meeting(contact):  # noqa: F811
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        company_services.network_meeting_create(
            data={"title": "For tidligt", "date": timezone.localdate() + datetime.timedelta(days=1)},
            companies=[contact.company],
        )
    assert not NetworkMeeting.objects.exists()


def test_another_companys_contact_cannot_reach_this_contacts_sign_up(signed_in, contact):  # noqa: F811
    """Sign-ups are the signed-in contact's own: the page shows only theirs, a cancel removes only theirs."""
    meeting = _planned()
    someone_else = ContactPersonFactory(company=CompanyFactory())
    NetworkMeetingSignup.objects.create(meeting=meeting, contact=someone_else)
    assert "Du er tilmeldt" not in signed_in.get(COMPANY).content.decode()
    signed_in.post(reverse("virksomheder:portal:meeting_signup_cancel", args=[meeting.pk]))
    assert NetworkMeetingSignup.objects.filter(contact=someone_else).exists()
    assert signed_in.post(reverse("virksomheder:portal:meeting_signup", args=[999999])).status_code == 404


def test_the_sign_up_and_the_text_are_in_the_audit_log_with_who_did_it(signed_in, contact, users):  # noqa: F811
    from auditlog.models import LogEntry

    meeting = _planned()
    signed_in.post(reverse("virksomheder:portal:meeting_signup", args=[meeting.pk]))
    signup = NetworkMeetingSignup.objects.get()
    entry = LogEntry.objects.get_for_object(signup).get()
    assert entry.actor == contact.user
    leader = Client()
    leader.force_login(users[roles.PROJECT_LEADER])
    leader.post(reverse("virksomheder:programme_text"), {"body": "Om programmet."})
    assert LogEntry.objects.get_for_object(ProgrammeText.objects.get()).get().actor == users[roles.PROJECT_LEADER]
