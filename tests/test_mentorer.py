"""Mentors: vetting and approval, starting a relationship (børneattest, capacity, consent), hours per month,
ending, matching suggestions, staff pages and their query counts, the case page."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from foraeldre.consent import has_valid_consent
from foraeldre.models import ConsentKind
from fritidsjob import roles
from fritidsjob.models import Industry
from mentorer import selectors, services
from mentorer.models import (
    AttestAssessment,
    Mentor,
    MentorRelationship,
    MentorSession,
    MentorStatus,
    Outcome,
    RelationshipStatus,
    hours_label,
)

from .case_page import CASE_PAGE_QUERIES
from .factories import UserFactory, YouthFactory, birth_date_for_age
from .factories_foraeldre import ConsentFactory
from .factories_mentorer import MentorFactory, RelationshipFactory, SessionFactory, days_ago

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = datetime.date
MENTOR_CONSENT = ConsentKind.SHARE_WITH_MENTOR


def consented_youth(age: int | None = 16, *, birth_date: datetime.date | None = None, **fields):
    youth = YouthFactory(birth_date=birth_date or birth_date_for_age(age), **fields)
    # Given long ago (by a custody holder, and the young person too), so it counts on any start date used here.
    ConsentFactory(youth=youth, kind=MENTOR_CONSENT, given_on=D(2020, 1, 1))
    return youth


def start(youth, mentor, *, on: datetime.date | None = None, **data):
    on = on or TODAY
    return services.relationship_start(
        youth=youth,
        mentor=mentor,
        data={"start_date": on, "planned_end": on + relativedelta(months=3), "goals": "Et job i en butik", **data},
    )


def refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


# --- vetting and approval ------------------------------------------------------------------


def applicant(**fields) -> Mentor:
    values = {
        "status": MentorStatus.APPLICANT,
        "interview_on": None,
        "boerneattest_on": None,
        "boerneattest_assessment": AttestAssessment.NOT_ASSESSED,
        "confidentiality_signed_on": None,
        "intro_course_on": None,
    }
    return MentorFactory(**{**values, **fields})


def test_vetting_lists_what_is_missing_in_danish():
    mentor = applicant(interview_on=days_ago(3))
    assert mentor.vetting_missing(TODAY) == ["børneattest", "tavshedserklæring", "introduktionskursus"]
    mentor.boerneattest_on = days_ago(2)
    assert mentor.vetting_missing(TODAY) == [
        "vurdering af børneattesten",
        "tavshedserklæring",
        "introduktionskursus",
    ]


def test_approval_is_refused_until_vetting_is_complete_and_nothing_changes():
    mentor = applicant(interview_on=days_ago(3), confidentiality_signed_on=days_ago(3))

    with pytest.raises(ValidationError) as error:
        services.mentor_update(mentor=mentor, data={"status": MentorStatus.APPROVED})

    assert error.value.message_dict["status"] == [
        f"{mentor.full_name} kan ikke godkendes, før screeningen er færdig. Mangler: børneattest, introduktionskursus."
    ]
    assert Mentor.objects.get(pk=mentor.pk).status == MentorStatus.APPLICANT


def test_approval_succeeds_with_complete_vetting():
    mentor = applicant(interview_on=days_ago(3), confidentiality_signed_on=days_ago(3))
    services.mentor_update(
        mentor=mentor,
        data={
            "status": MentorStatus.APPROVED,
            "boerneattest_on": days_ago(1),
            "boerneattest_assessment": AttestAssessment.CLEAR,
            "intro_course_on": TODAY,
        },
    )
    assert Mentor.objects.get(pk=mentor.pk).status == MentorStatus.APPROVED


def test_an_attest_with_remarks_blocks_approval():
    mentor = MentorFactory(status=MentorStatus.APPLICANT, boerneattest_assessment=AttestAssessment.REMARKS)
    with pytest.raises(ValidationError, match="børneattesten har anmærkninger"):
        services.mentor_update(mentor=mentor, data={"status": MentorStatus.APPROVED})


@pytest.mark.parametrize(("obtained_years_and_days_ago", "valid"), [((2, 0), False), ((2, -1), True), ((3, 0), False)])
def test_the_boerneattest_is_valid_for_two_years(obtained_years_and_days_ago, valid):
    years, days = obtained_years_and_days_ago
    obtained = TODAY - relativedelta(years=years) - datetime.timedelta(days=days)
    mentor = MentorFactory(boerneattest_on=obtained)
    assert mentor.boerneattest_valid_on(TODAY) is valid
    assert mentor.boerneattest_expires_on == obtained + relativedelta(years=2)
    assert mentor.vetting_complete(TODAY) is valid


def test_expired_attest_is_named_with_its_date():
    mentor = MentorFactory(boerneattest_on=D(2022, 3, 1))
    assert mentor.boerneattest_problem(D(2024, 3, 1)) == "ny børneattest (den udløb 1. marts 2024)"
    assert mentor.boerneattest_problem(D(2024, 2, 29)) == ""


def test_future_vetting_dates_are_refused():
    mentor = applicant()
    with pytest.raises(ValidationError) as error:
        services.mentor_update(mentor=mentor, data={"interview_on": TODAY + datetime.timedelta(days=1)})
    assert error.value.message_dict == {"interview_on": ["Datoen kan ikke ligge i fremtiden."]}


def test_the_mentor_form_says_what_is_missing(consultant_client):
    mentor = applicant(interview_on=days_ago(3))
    url = reverse("mentorer:mentor_update", args=[mentor.pk])
    page = consultant_client.get(url).content.decode()
    assert "Mangler nu: børneattest, tavshedserklæring, introduktionskursus." in page

    data = {
        "first_name": mentor.first_name,
        "last_name": mentor.last_name,
        "capacity": 1,
        "languages": "dansk",
        "status": MentorStatus.APPROVED,
        "interview_on": mentor.interview_on.isoformat(),
        "confidentiality_signed_on": days_ago(1).isoformat(),
    }
    response = consultant_client.post(url, data)

    assert response.status_code == 200
    assert "kan ikke godkendes, før screeningen er færdig. Mangler: børneattest, introduktionskursus." in (
        response.content.decode()
    )
    mentor.refresh_from_db()
    assert (mentor.status, mentor.confidentiality_signed_on) == (MentorStatus.APPLICANT, None)


def test_a_portal_login_must_have_the_mentor_role(make_user):
    staff = make_user("karen", roles.JOBCENTER_CONSULTANT)
    mentor = MentorFactory()
    with pytest.raises(ValidationError, match="rollen Mentor"):
        services.mentor_update(mentor=mentor, data={"user": staff})
    login = make_user("mette", roles.MENTOR)
    services.mentor_update(mentor=mentor, data={"user": login})
    assert Mentor.objects.get(pk=mentor.pk).user == login


# --- starting a relationship ---------------------------------------------------------------------


def test_start_a_relationship_makes_an_approved_mentor_active():
    mentor = MentorFactory(status=MentorStatus.APPROVED)
    youth = consented_youth(16)

    relationship = start(youth, mentor)

    assert relationship.status == RelationshipStatus.ACTIVE
    assert relationship.planned_end == TODAY + relativedelta(months=3)
    assert Mentor.objects.get(pk=mentor.pk).status == MentorStatus.ACTIVE


def test_under_15_needs_a_valid_boerneattest():
    mentor = MentorFactory(boerneattest_on=TODAY - relativedelta(years=2))  # expired today
    youth = consented_youth(14)

    with pytest.raises(ValidationError) as error:
        start(youth, mentor)

    assert (
        f"{youth.first_name} er under 15 år på startdatoen, så mentoren skal have en gyldig børneattest. "
        "Mangler: ny børneattest (den udløb" in refusal(error)
    )
    assert MentorRelationship.objects.count() == 0


def test_under_15_with_a_missing_attest_is_refused():
    mentor = MentorFactory(status=MentorStatus.ACTIVE, boerneattest_on=None, boerneattest_assessment="")
    with pytest.raises(ValidationError, match=r"Mangler: børneattest\."):
        start(consented_youth(13), mentor)


def test_from_15_an_expired_attest_does_not_block():
    mentor = MentorFactory(boerneattest_on=TODAY - relativedelta(years=3))
    relationship = start(consented_youth(15), mentor)
    assert relationship.pk is not None


def test_the_day_a_young_person_turns_15_no_attest_is_needed():
    """Born on 10 March 2009: 14 on 9 March 2024, 15 on 10 March 2024 (the start date decides)."""
    mentor = MentorFactory(boerneattest_on=D(2021, 1, 1))  # expired on 1 January 2023
    youth = consented_youth(birth_date=D(2009, 3, 10))

    with pytest.raises(ValidationError, match="er under 15 år på startdatoen"):
        start(youth, mentor, on=D(2024, 3, 9))
    relationship = start(youth, mentor, on=D(2024, 3, 10))

    assert relationship.start_date == D(2024, 3, 10)


def test_a_valid_attest_lets_a_14_year_old_start():
    relationship = start(consented_youth(14), MentorFactory())
    assert relationship.status == RelationshipStatus.ACTIVE


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"interview_on": None}, "Screeningen mangler: samtale."),
        ({"intro_course_on": None, "confidentiality_signed_on": None}, "tavshedserklæring, introduktionskursus"),
        ({"status": MentorStatus.APPLICANT}, "er ikke godkendt som mentor (status: ansøger)."),
        ({"status": MentorStatus.PAUSED}, "(status: pause)"),
        ({"boerneattest_assessment": AttestAssessment.REMARKS}, "Børneattesten har anmærkninger"),
    ],
)
def test_incomplete_vetting_blocks_any_match(fields, message):
    mentor = MentorFactory(**fields)
    with pytest.raises(ValidationError, match=re.escape(message)):
        start(consented_youth(16), mentor)
    assert MentorRelationship.objects.count() == 0


def test_capacity_is_respected_and_freed_by_ending():
    mentor = MentorFactory(capacity=1)
    first = start(consented_youth(16), mentor)
    second = consented_youth(16)

    with pytest.raises(ValidationError) as error:
        start(second, mentor)
    assert refusal(error) == f"{mentor.full_name} har ingen ledig plads (1 af 1 mentees)."

    services.relationship_end(relationship=first, ended_on=TODAY, outcome=Outcome.LEISURE_JOB, evaluation="Godt forløb")
    assert start(second, mentor).mentor == mentor


def test_the_consent_to_share_with_a_mentor_is_required():
    youth = YouthFactory(birth_date=birth_date_for_age(16), first_name="Ida", last_name="Holm")
    ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)  # another kind does not count

    with pytest.raises(ValidationError) as error:
        start(youth, MentorFactory())

    assert refusal(error) == (
        "Ida Holm kan ikke kobles til en mentor: der er ikke et gyldigt samtykke til deling med mentor "
        "fra en forælder med forældremyndighed. Den unge er fyldt 15 år, så den unges eget samtykke skal "
        "også være registreret på samtykket."
    )
    assert MentorRelationship.objects.count() == 0

    ConsentFactory(youth=youth, kind=MENTOR_CONSENT)
    assert start(youth, MentorFactory()).youth == youth


def test_a_withdrawn_consent_blocks_the_match():
    youth = YouthFactory(birth_date=birth_date_for_age(14))
    ConsentFactory(youth=youth, kind=MENTOR_CONSENT, given_on=days_ago(30), withdrawn_on=days_ago(1))
    with pytest.raises(ValidationError, match="kan ikke kobles til en mentor"):
        start(youth, MentorFactory())


def test_one_active_relationship_per_young_person():
    youth = consented_youth(16)
    start(youth, MentorFactory())
    with pytest.raises(ValidationError, match="har allerede et aktivt mentorforløb"):
        start(youth, MentorFactory())


def test_the_planned_end_is_at_least_three_months_after_the_start():
    with pytest.raises(ValidationError) as error:
        start(consented_youth(16), MentorFactory(), on=D(2024, 1, 31), planned_end=D(2024, 4, 29))
    assert error.value.message_dict["planned_end"] == [
        "Et mentorforløb varer mindst 3 måneder: planlagt slut skal være 30. april 2024 eller senere."
    ]


def test_starting_from_the_page_shows_the_refusal_and_saves_nothing(consultant_client, consultant):
    youth = YouthFactory(birth_date=birth_date_for_age(16))  # no consent
    mentor = MentorFactory()
    response = consultant_client.post(
        reverse("mentorer:relationship_create", args=[youth.pk]),
        {
            "mentor": mentor.pk,
            "start_date": TODAY.isoformat(),
            "planned_end": (TODAY + relativedelta(months=3)).isoformat(),
            "goals": "Job",
            "coordinator": consultant.pk,
        },
    )
    assert response.status_code == 200
    assert "kan ikke kobles til en mentor" in response.content.decode()
    assert MentorRelationship.objects.count() == 0


# --- ending ---------------------------------------------------------------------------------------


def test_ending_needs_an_outcome_and_an_evaluation():
    relationship = RelationshipFactory()
    with pytest.raises(ValidationError) as error:
        services.relationship_end(relationship=relationship, ended_on=TODAY, outcome="", evaluation=" ")
    assert error.value.message_dict == {
        "outcome": ["Vælg forløbets resultat."],
        "evaluation": ["Skriv en kort evaluering af forløbet."],
    }
    assert MentorRelationship.objects.get(pk=relationship.pk).status == RelationshipStatus.ACTIVE

    services.relationship_end(relationship=relationship, ended_on=TODAY, outcome=Outcome.EDUCATION, evaluation="Fint")
    relationship.refresh_from_db()
    assert (relationship.status, relationship.outcome, relationship.ended_on) == (
        RelationshipStatus.ENDED,
        Outcome.EDUCATION,
        TODAY,
    )
    with pytest.raises(ValidationError, match="allerede afsluttet"):
        services.relationship_end(relationship=relationship, ended_on=TODAY, outcome=Outcome.JOB, evaluation="x")


# --- sessions and hours ---------------------------------------------------------------------------


def test_hours_this_month_respect_month_boundaries():
    """For a day in February 2024 only February's sessions count (a leap year: the 29th is in)."""
    mentor = MentorFactory()
    first = RelationshipFactory(mentor=mentor, start_date=D(2023, 12, 1))
    second = RelationshipFactory(mentor=mentor, start_date=D(2023, 12, 1))
    other = RelationshipFactory(start_date=D(2023, 12, 1))
    for day, minutes, relationship in [
        (D(2024, 1, 31), 60, first),
        (D(2024, 2, 1), 30, first),
        (D(2024, 2, 29), 45, first),
        (D(2024, 3, 1), 90, first),
        (D(2024, 2, 14), 120, second),
        (D(2024, 2, 14), 600, other),
    ]:
        SessionFactory(relationship=relationship, date=day, duration_minutes=minutes)

    per_relationship = dict(
        MentorRelationship.objects.filter(mentor=mentor)
        .with_minutes_in_month(D(2024, 2, 15))
        .values_list("pk", "minutes_this_month")
    )
    assert per_relationship == {first.pk: 75, second.pk: 120}
    assert Mentor.objects.with_load(D(2024, 2, 15)).get(pk=mentor.pk).minutes_this_month == 195
    assert Mentor.objects.with_load(D(2024, 3, 1)).get(pk=mentor.pk).minutes_this_month == 90
    assert Mentor.objects.with_load(D(2024, 1, 31)).get(pk=mentor.pk).minutes_this_month == 60
    assert Mentor.objects.with_load(D(2024, 4, 1)).get(pk=mentor.pk).minutes_this_month == 0


@pytest.mark.parametrize(("minutes", "label"), [(0, "0"), (45, "0,75"), (75, "1,25"), (90, "1,5"), (180, "3")])
def test_hours_are_shown_the_danish_way(minutes, label):
    assert hours_label(minutes) == label


def test_a_session_cannot_be_in_the_future_or_before_the_start():
    relationship = RelationshipFactory(start_date=days_ago(10))
    data = {"duration_minutes": 60, "form": "moede", "topic": "CV", "note": ""}
    with pytest.raises(ValidationError, match="kan ikke dateres i fremtiden"):
        services.session_log(
            relationship=relationship, data={**data, "date": TODAY + datetime.timedelta(days=1)}, logged_by=None
        )
    with pytest.raises(ValidationError, match="ligger før forløbet startede"):
        services.session_log(relationship=relationship, data={**data, "date": days_ago(11)}, logged_by=None)
    assert MentorSession.objects.count() == 0


def test_a_session_can_update_the_next_steps():
    relationship = RelationshipFactory()
    services.session_log(
        relationship=relationship,
        data={"date": TODAY, "duration_minutes": 30, "form": "telefon", "topic": "Ansøgning", "note": ""},
        logged_by=None,
        next_steps="Sende ansøgningen fredag",
    )
    relationship.refresh_from_db()
    assert relationship.next_steps == "Sende ansøgningen fredag"


def test_no_sessions_on_an_ended_relationship():
    relationship = RelationshipFactory()
    services.relationship_end(relationship=relationship, ended_on=TODAY, outcome=Outcome.NONE, evaluation="Stoppede")
    with pytest.raises(ValidationError, match="Forløbet er afsluttet"):
        services.session_log(
            relationship=relationship,
            data={"date": TODAY, "duration_minutes": 30, "form": "moede", "topic": "x", "note": ""},
            logged_by=None,
        )


def test_staff_log_a_session_and_see_the_hours(consultant_client):
    relationship = RelationshipFactory()
    SessionFactory(relationship=relationship, date=TODAY.replace(day=1), duration_minutes=90)
    response = consultant_client.post(
        reverse("mentorer:session_create", args=[relationship.pk]),
        {"date": TODAY.isoformat(), "duration_minutes": "60", "form": "online", "topic": "Uddannelsesvalg"},
    )
    assert response.status_code == 302
    page = consultant_client.get(relationship.get_absolute_url()).content.decode()
    assert "2,5 t af 3 t" in page
    assert "Uddannelsesvalg" in page


# --- matching suggestions ---------------------------------------------------------------------------


def test_suggestions_are_ranked_with_reasons():
    retail, hotel = Industry.objects.order_by("position")[:2]
    youth = consented_youth(16, postcode="8800")
    youth.industries_of_interest.set([retail])
    best = MentorFactory(last_name="Bedst", postcode="8800", languages="dansk, arabisk", industries=[retail])
    nearby = MentorFactory(last_name="Nær", postcode="8830", industries=[hotel], job_title="Kok")
    full = MentorFactory(last_name="Fuld", postcode="8800", industries=[retail], capacity=1)
    RelationshipFactory(mentor=full)
    MentorFactory(last_name="Ansøger", status=MentorStatus.APPLICANT)

    suggestions = selectors.mentor_suggestions(youth=youth, today=TODAY, wish="vil gerne være kok", language="arabisk")

    assert [s.mentor for s in suggestions] == [best, nearby, full]
    assert suggestions[0].reasons == [
        f"Branche, den unge er interesseret i: {retail.name}",
        "Samme område (8800)",
        "2 ledige pladser",
        "Taler arabisk",
    ]
    assert suggestions[1].reasons == ["Nærområde (8830)", "2 ledige pladser", "Passer til den unges ønske: kok"]
    assert suggestions[2].can_start is False
    assert suggestions[2].problems == [f"{full.full_name} har ingen ledig plads (1 af 1 mentees)."]


def test_suggestions_for_a_14_year_old_flag_an_expired_attest(consultant_client):
    youth = consented_youth(14)
    expired = MentorFactory(boerneattest_on=TODAY - relativedelta(years=2, days=1))
    valid = MentorFactory()

    response = consultant_client.get(reverse("mentorer:suggestions", args=[youth.pk]))

    suggestions = response.context["suggestions"]
    assert [s.mentor for s in suggestions] == [valid, expired]
    assert "Gyldig børneattest (den unge er under 15 år)" in suggestions[0].reasons
    page = response.content.decode()
    assert "skal have en gyldig børneattest" in page
    assert f"?mentor={valid.pk}" in page
    assert f"?mentor={expired.pk}" not in page


@pytest.mark.parametrize("mentors", [2, 20])
def test_suggestions_take_a_fixed_number_of_queries(consultant_client, django_assert_num_queries, mentors):
    youth = consented_youth(16)
    youth.industries_of_interest.set(Industry.objects.all()[:2])
    for _n in range(mentors):
        RelationshipFactory(mentor=MentorFactory(industries=list(Industry.objects.all()[:3])))
    with django_assert_num_queries(12):
        response = consultant_client.get(reverse("mentorer:suggestions", args=[youth.pk]))
    assert len(response.context["suggestions"]) == mentors


# --- the coordinator overview and the mentor list ----------------------------------------------------


def make_mentors(count: int) -> None:
    """Mentors in every state the overview reports: quiet, ending soon, vetting missing or expiring."""
    for n in range(count):
        mentor = MentorFactory(status=MentorStatus.ACTIVE, capacity=3, industries=list(Industry.objects.all()[:2]))
        quiet = RelationshipFactory(mentor=mentor, start_date=days_ago(60))
        SessionFactory(relationship=quiet, date=days_ago(45))
        busy = RelationshipFactory(mentor=mentor, start_date=days_ago(80))
        SessionFactory(relationship=busy, date=days_ago(2))
        MentorFactory(status=MentorStatus.APPLICANT, intro_course_on=None)
        MentorFactory(boerneattest_on=TODAY - relativedelta(years=2) + datetime.timedelta(days=10 + n % 5))


def test_overview_figures():
    make_mentors(2)
    MentorFactory(status=MentorStatus.STOPPED)

    overview = selectors.overview(today=TODAY)

    assert overview.registered == 6
    assert overview.active == 2
    # Two active mentors with 1 free place each (3 places, 2 mentees), two approved with 2 each; applicants: none.
    assert overview.free_places == 1 + 1 + 2 + 2
    assert len(overview.quiet) == 2
    assert len(overview.ending_soon) == 2  # started 80 days ago, planned to end after three months
    assert sorted(len(issue.missing) for issue in overview.vetting) == [0, 0, 1, 1]
    assert overview.minutes_this_month == sum(
        s.duration_minutes for s in MentorSession.objects.filter(date__gte=TODAY.replace(day=1))
    )


def test_a_relationship_is_quiet_from_day_30():
    on_the_edge = RelationshipFactory(start_date=days_ago(40))
    SessionFactory(relationship=on_the_edge, date=days_ago(30))
    not_yet = RelationshipFactory(start_date=days_ago(40))
    SessionFactory(relationship=not_yet, date=days_ago(29))
    never = RelationshipFactory(start_date=days_ago(30))
    RelationshipFactory(start_date=days_ago(29))

    assert {r.pk for r in MentorRelationship.objects.quiet_since(TODAY)} == {on_the_edge.pk, never.pk}


@pytest.mark.parametrize("count", [1, 10])
def test_overview_query_count_is_constant(consultant_client, django_assert_num_queries, count):
    make_mentors(count)
    with django_assert_num_queries(9):
        response = consultant_client.get(reverse("mentorer:overview"))
    assert len(response.context["overview"].quiet) == count


@pytest.mark.parametrize("count", [2, 20])
def test_mentor_list_query_count_is_constant(consultant_client, django_assert_num_queries, count):
    for _n in range(count):
        mentor = MentorFactory(status=MentorStatus.ACTIVE, capacity=3, industries=list(Industry.objects.all()[:2]))
        for _r in range(2):
            SessionFactory(relationship=RelationshipFactory(mentor=mentor))
    with django_assert_num_queries(9):
        response = consultant_client.get(reverse("mentorer:mentor_list"))
    assert len(response.context["object_list"]) == count


def test_mentor_list_shows_load_and_hours(consultant_client):
    mentor = MentorFactory(first_name="Hanne", last_name="Holm", capacity=2)
    SessionFactory(relationship=RelationshipFactory(mentor=mentor), date=TODAY, duration_minutes=90)
    response = consultant_client.get(reverse("mentorer:mentor_list"), {"name": "hanne"})
    row = response.context["object_list"][0]
    assert (row.active_count, row.minutes_this_month, row.last_session) == (1, 90, TODAY)
    assert "1,5 t" in response.content.decode()


# --- the case page ----------------------------------------------------------------------------------


def test_case_page_shows_the_mentor_panel_and_the_session_notes(consultant_client):
    relationship = RelationshipFactory(mentor=MentorFactory(first_name="Bent", last_name="Butik"))
    SessionFactory(relationship=relationship, topic="Jobsamtale", note="Øvede en jobsamtale hos Bent.")
    page = consultant_client.get(relationship.youth.get_absolute_url()).content.decode()
    assert 'id="mentor"' in page
    assert "Bent Butik" in page
    assert "Øvede en jobsamtale hos Bent." in page
    assert "Mentorforløb startet med Bent Butik" in page


def test_case_page_offers_to_find_a_mentor(consultant_client):
    youth = YouthFactory()
    page = consultant_client.get(youth.get_absolute_url()).content.decode()
    assert reverse("mentorer:suggestions", args=[youth.pk]) in page


def test_the_funder_never_sees_a_case_or_a_mentor(client, users):
    relationship = RelationshipFactory()
    SessionFactory(relationship=relationship, note="Fortroligt notat")
    client.force_login(users[roles.FUNDER])
    assert client.get(relationship.youth.get_absolute_url()).status_code == 403
    assert client.get(relationship.get_absolute_url()).status_code == 403
    assert client.get(reverse("mentorer:overview")).status_code == 403


@pytest.mark.parametrize("relationships", [1, 3])
def test_case_page_queries_do_not_grow_with_mentor_records(consultant_client, django_assert_num_queries, relationships):
    youth = YouthFactory()
    for n in range(relationships):
        relationship = RelationshipFactory(
            youth=youth,
            status=RelationshipStatus.ACTIVE if n == 0 else RelationshipStatus.ENDED,
            ended_on=None if n == 0 else TODAY,
            outcome="" if n == 0 else Outcome.JOB,
        )
        SessionFactory(relationship=relationship)
        SessionFactory(relationship=relationship)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        consultant_client.get(youth.get_absolute_url())


def test_mentor_records_are_in_the_young_persons_audit_trail(client, users):
    youth = consented_youth(16)
    relationship = start(youth, MentorFactory())
    services.session_log(
        relationship=relationship,
        data={"date": TODAY, "duration_minutes": 30, "form": "moede", "topic": "CV", "note": ""},
        logged_by=UserFactory(),
    )
    client.force_login(users[roles.PROJECT_LEADER])
    response = client.get(reverse("fritidsjob:youth_audit", args=[youth.pk]))
    models = {entry.content_type.model for entry in response.context["object_list"]}
    assert {"mentorrelationship", "mentorsession"} <= models


# --- demo data -------------------------------------------------------------------------------------------


def test_seed_demo_makes_mentors_and_links_the_demo_mentor_login_once(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-kode-2026"
    call_command("seed_demo", "--youth", "30", "--history", "0", "--seed", "3")
    counts = (Mentor.objects.count(), MentorRelationship.objects.count(), MentorSession.objects.count())
    call_command("seed_demo", "--youth", "30", "--history", "0", "--seed", "3")
    output = capsys.readouterr().out

    assert (Mentor.objects.count(), MentorRelationship.objects.count(), MentorSession.objects.count()) == counts
    assert counts[0] == 8
    assert counts[1] >= 2 and counts[2] >= 4
    assert "mentor / demo-kode-2026" in output
    demo_mentor = Mentor.objects.get(user__username="mentor")
    assert demo_mentor.full_name == "Mette Mentor"
    assert all(not m.vetting_missing() for m in Mentor.objects.filter(status__in=["godkendt", "aktiv"]))
    for relationship in MentorRelationship.objects.select_related("youth"):
        assert has_valid_consent(youth=relationship.youth, kind=MENTOR_CONSENT, on=relationship.start_date)
