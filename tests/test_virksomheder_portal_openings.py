"""An approved opening the company changes in the portal (issue 16's leftover): a change to the job itself
waits for a consultant's approval again, off the matching until then; a small edit stays approved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import YouthFactory
from tests.factories_foraeldre import ConsentFactory
from tests.factories_virksomheder import JobOpeningFactory
from tests.test_virksomheder_portal import _invite, contact, signed_in, staff  # noqa: F401
from virksomheder import matching
from virksomheder import services as company_services
from virksomheder.models import FIELDS_NEEDING_APPROVAL, JobOpening, Match, MatchStage, OpeningStatus
from virksomheder.portal import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def opening(contact):  # noqa: F811
    """Posted by the contact and approved: open, Tuesdays and Thursdays 16-18, 4 hours, from 14."""
    return JobOpeningFactory(
        company=contact.company,
        title="Opfylder",
        tasks="Fylde varer op",
        status=OpeningStatus.OPEN,
        posted_by_contact=contact,
        approved_at=timezone.now(),
    )


def _form(opening: JobOpening, **changes) -> dict:
    """The portal's form as it stands for the opening, with `changes` (a None value empties a field)."""
    data = {
        "title": opening.title,
        "kind": opening.kind,
        "tasks": opening.tasks,
        "start_date": opening.start_date.isoformat(),
        "min_age": str(opening.min_age),
        "positions": str(opening.positions),
        "hours_per_week": str(opening.hours_per_week),
        "hazards": list(opening.hazards),
    }
    for shift in opening.weekly_schedule:
        data[f"day_{shift['weekday']}_start"] = shift["start"]
        data[f"day_{shift['weekday']}_end"] = shift["end"]
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _edit(client, opening, **changes) -> JobOpening:
    response = client.post(reverse("virksomheder:portal:opening_update", args=[opening.pk]), _form(opening, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    opening.refresh_from_db()
    return opening


CHANGES = {
    "title": {"title": "Opfylder og kasse"},
    "kind": {"kind": "snusepraktik"},
    "tasks": {"tasks": "Fylde varer op og sidde ved kassen"},
    "min_age": {"min_age": "15"},
    "hours_per_week": {"hours_per_week": "5"},
    "weekly_schedule": {"day_3_start": "15:30", "day_3_end": "17:30"},
}


def test_every_field_needing_approval_has_a_case_here():
    # Hazards too, though the portal cannot change them: every one needs an exception, which is the consultant's.
    assert set(CHANGES) | {"hazards"} == set(FIELDS_NEEDING_APPROVAL)


def test_hazards_are_refused_in_the_portal_and_nothing_changes(signed_in, opening):  # noqa: F811
    url = reverse("virksomheder:portal:opening_update", args=[opening.pk])
    response = signed_in.post(url, _form(opening, hazards=["tunge_loeft"], title="Lager"))
    assert response.status_code == 200 and "Regler for unges arbejde" in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN and opening.hazards == [] and opening.title == "Opfylder"


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_a_change_to_the_job_sends_an_approved_opening_back_for_approval(signed_in, opening, field):  # noqa: F811
    before = JobOpening.objects.get(pk=opening.pk)
    opening = _edit(signed_in, opening, **CHANGES[field])
    assert opening.status == OpeningStatus.AWAITING_APPROVAL
    assert opening.is_changed_by_company and not opening.is_new_from_company
    assert field in opening.company_changes
    assert opening.company_changed_by == before.posted_by_contact
    assert services.company_changes_shown(opening)[0][1] != ""


def test_the_changed_opening_is_off_the_matching_and_marked_on_the_board(signed_in, staff, opening):  # noqa: F811
    youth = YouthFactory(first_name="Sofie")
    ConsentFactory(youth=youth)
    suggested = Match.objects.create(youth=youth, opening=opening, stage=MatchStage.SUGGESTED)
    response = signed_in.post(
        reverse("virksomheder:portal:opening_update", args=[opening.pk]),
        _form(opening, title="Opfylder og kasse", day_1_start="15:00", day_1_end="17:00"),
    )
    assert "En konsulent godkender dem" in signed_in.get(response.url).content.decode()
    opening.refresh_from_db()
    assert opening.company_changes == {
        "title": "Opfylder",
        "weekly_schedule": [
            {"weekday": 1, "start": "16:00", "end": "18:00"},
            {"weekday": 3, "start": "16:00", "end": "18:00"},
        ],
    }

    board = staff.get(reverse("virksomheder:opening_board")).content.decode()
    assert "Ændret af virksomheden" in board and "Ny fra virksomheden" not in board
    detail = staff.get(opening.get_absolute_url()).content.decode()
    assert "Ændret i virksomhedsportalen af Karen Butik" in detail
    assert "tirsdag 16:00-18:00, torsdag 16:00-18:00" in detail and "Godkend jobåbningen" in detail
    # No youth are suggested, matched or sent to it until it is approved again.
    assert opening not in [s.opening for s in matching.openings_for_youth(YouthFactory())]
    with pytest.raises(ValidationError):
        company_services.match_create(youth=YouthFactory(), opening=opening, created_by=None)
    with pytest.raises(ValidationError, match="venter på en konsulents godkendelse"):
        company_services.match_send(match=suggested)

    staff.post(reverse("virksomheder:portal:opening_approve", args=[opening.pk]))
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN and opening.approved_by.username == "konsulent"
    assert opening.company_changes == {} and opening.company_changed_at is None
    assert opening.title == "Opfylder og kasse"
    company_services.match_send(match=suggested)
    assert "Ændret af virksomheden" not in staff.get(reverse("virksomheder:opening_board")).content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"positions": "3"},
        {"start_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()},
        {"title": "  Opfylder ", "tasks": "Fylde  varer\r\nop", "hours_per_week": "4.00"},
    ],
    ids=["nothing", "positions", "start", "spaces-and-decimals"],
)
def test_a_small_edit_that_changes_nothing_stays_approved(signed_in, opening, changes):  # noqa: F811
    response = signed_in.post(
        reverse("virksomheder:portal:opening_update", args=[opening.pk]), _form(opening, **changes)
    )
    assert response.status_code == 302
    assert "Ændringerne er gemt." in signed_in.get(response.url).content.decode()
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN
    assert opening.company_changes == {} and opening.company_changed_at is None


def test_changed_again_it_compares_with_what_was_approved_and_changed_back_it_is_open_again(signed_in, opening):  # noqa: F811
    opening = _edit(signed_in, opening, title="Kassemedarbejder")
    opening = _edit(signed_in, opening, title="Kasse og lager", min_age="15")
    assert opening.company_changes == {"title": "Opfylder", "min_age": 14}
    opening = _edit(signed_in, opening, min_age="14")
    assert opening.company_changes == {"title": "Opfylder"}
    opening = _edit(signed_in, opening, title="Opfylder")
    assert opening.status == OpeningStatus.OPEN and opening.company_changed_at is None


def test_a_new_opening_changed_before_approval_is_still_new(signed_in, opening):  # noqa: F811
    JobOpening.objects.filter(pk=opening.pk).update(status=OpeningStatus.AWAITING_APPROVAL, approved_at=None)
    opening = _edit(signed_in, opening, title="Kassemedarbejder")
    assert opening.is_new_from_company and opening.company_changes == {}


def test_a_filled_opening_keeps_its_status(signed_in, opening):  # noqa: F811
    company_services.opening_set_status(opening=opening, status=OpeningStatus.FILLED)
    opening = _edit(signed_in, opening, title="Kassemedarbejder")
    assert opening.status == OpeningStatus.FILLED and opening.company_changes == {}


def test_a_status_set_by_the_consultant_settles_the_companys_changes(signed_in, opening):  # noqa: F811
    opening = _edit(signed_in, opening, title="Kassemedarbejder")
    company_services.opening_set_status(opening=opening, status=OpeningStatus.CLOSED)
    opening.refresh_from_db()
    assert opening.company_changes == {} and not opening.is_changed_by_company


def test_the_form_tells_the_contact_which_changes_need_a_new_approval(signed_in, opening):  # noqa: F811
    page = signed_in.get(reverse("virksomheder:portal:opening_update", args=[opening.pk])).content.decode()
    assert "Jobbet er godkendt. Ændrer I titel, type, arbejdsopgaver" in page
