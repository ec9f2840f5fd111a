"""Companies, guidance, openings against the young-worker rules, matching, the pipeline, placements."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import industry_guides
from fritidsjob.models import Industry, YouthStatus
from opgaver import services as task_services
from opgaver.models import TaskStatus
from rapporter.models import Project
from virksomheder import matching, services
from virksomheder.models import (
    Company,
    FollowUpKind,
    Guidance,
    GuidanceForm,
    JobOpening,
    MatchStage,
    OpeningStatus,
    Placement,
    cvr_is_valid,
)
from virksomheder.rules_check import RulesRefused

from .case_page import CASE_PAGE_QUERIES
from .factories import UserFactory, YouthFactory, birth_date_for_age
from .factories_foraeldre import ConsentFactory
from .factories_virksomheder import (
    CompanyFactory,
    GuidanceFactory,
    JobOpeningFactory,
    make_placement,
    next_cvr,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def industries():
    return list(Industry.objects.order_by("position", "pk"))


# --- CVR --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cvr", "valid"),
    [
        ("10150817", True),
        ("25313763", True),
        ("10150818", False),
        ("12345678", False),
        ("1015081", False),
        ("1015O817", False),
        ("101508170", False),
    ],
)
def test_cvr_modulus_11(cvr, valid):
    assert cvr_is_valid(cvr) is valid


def company_data(**changes) -> dict:
    return {"name": "Bageren ApS", "cvr": "10150817", "industry": industries()[0].pk, "postcode": "8800", **changes}


def test_company_with_a_valid_cvr_is_created(consultant_client, consultant):
    response = consultant_client.post(reverse("virksomheder:company_create"), company_data(cvr="1015 0817"))

    company = Company.objects.get()
    assert response.status_code == 302
    assert (company.cvr, company.responsible_consultant) == ("10150817", None)


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("10150818", "10150818 er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke)."),
        ("1015081", "CVR-nummeret skal være otte cifre."),
        ("ABCDEFGH", "CVR-nummeret skal være otte cifre."),
    ],
)
def test_an_invalid_cvr_is_refused_with_a_danish_message(consultant_client, cvr, message):
    response = consultant_client.post(reverse("virksomheder:company_create"), company_data(cvr=cvr))

    assert response.status_code == 200
    assert response.context["form"].errors["cvr"] == [message]
    assert Company.objects.count() == 0


def test_a_duplicate_cvr_is_refused_with_a_link_to_the_company_that_has_it(consultant_client):
    first = CompanyFactory(cvr="10150817", name="Den første")

    response = consultant_client.post(reverse("virksomheder:company_create"), company_data(name="Den anden"))

    assert response.context["form"].errors["cvr"] == ["Den første har allerede CVR-nummer 10150817."]
    assert f'<a href="{first.get_absolute_url()}">gå til Den første</a>' in response.content.decode()
    assert list(Company.objects.values_list("name", flat=True)) == ["Den første"]
    with pytest.raises(ValidationError):
        services.company_create(data={"name": "Tredje", "cvr": "10150817", "industry": industries()[0]})

    edited = CompanyFactory(cvr=next_cvr(), name="Den fjerde")
    response = consultant_client.post(
        reverse("virksomheder:company_update", args=[edited.pk]), company_data(name="Den fjerde")
    )
    assert response.context["form"].errors["cvr"] == ["Den første har allerede CVR-nummer 10150817."]


# --- guidance and network meetings -------------------------------------------------------------


def test_guidance_visit_is_logged_on_the_company_page(consultant_client, consultant):
    company = CompanyFactory()
    url = reverse("virksomheder:guidance_create", args=[company.pk])

    response = consultant_client.post(
        url,
        {
            "date": "2024-03-05",
            "form": "besoeg",
            "topic": "regler_for_unge",
            "consultant": consultant.pk,
            "outcome": "Gennemgået reglerne.",
        },
    )

    assert response.status_code == 302
    guidance = company.guidance.get()
    assert (guidance.date, guidance.form, guidance.consultant) == (D(2024, 3, 5), GuidanceForm.VISIT, consultant)
    page = consultant_client.get(company.get_absolute_url()).content.decode()
    assert "Gennemgået reglerne." in page


def test_guidance_in_the_future_is_refused_and_nothing_changes(consultant_client, consultant):
    company = CompanyFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = consultant_client.post(
        reverse("virksomheder:guidance_create", args=[company.pk]),
        {"date": tomorrow.isoformat(), "form": "telefon", "topic": "rekruttering", "consultant": consultant.pk},
    )

    assert response.status_code == 200
    assert "En vejledning kan ikke dateres i fremtiden." in response.content.decode()
    assert Guidance.objects.count() == 0


def test_attending_a_network_meeting_records_guidance_for_each_company():
    organiser = UserFactory()
    a, b, c = CompanyFactory(), CompanyFactory(), CompanyFactory()
    data = {"date": D(2024, 4, 10), "title": "Netværksmøde forår", "topic": "fastholdelse", "organiser": organiser}

    meeting = services.network_meeting_create(data=data, companies=[a, b])
    assert sorted(Guidance.objects.values_list("company_id", "form", "date")) == [
        (a.pk, GuidanceForm.NETWORK_MEETING, D(2024, 4, 10)),
        (b.pk, GuidanceForm.NETWORK_MEETING, D(2024, 4, 10)),
    ]

    services.network_meeting_update(meeting=meeting, data={**data, "date": D(2024, 4, 11)}, companies=[b, c])
    assert sorted(Guidance.objects.values_list("company_id", "date")) == [
        (b.pk, D(2024, 4, 11)),
        (c.pk, D(2024, 4, 11)),
    ]


# --- openings and the young-worker rules ----------------------------------------------------------


def opening_post(company, **changes) -> dict:
    data = {
        "company": company.pk,
        "title": "Opfylder",
        "industry": company.industry_id,
        "kind": "fritidsjob",
        "status": "aaben",
        "start_date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "min_age": 14,
        "positions": 1,
        "hours_per_week": "3",
        "day_1_start": "16:00",
        "day_1_end": "19:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_opening_breaking_a_rule_for_a_14_year_old_is_refused_with_the_source(consultant_client):
    company = CompanyFactory()

    response = consultant_client.post(reverse("virksomheder:opening_create"), opening_post(company))

    content = response.content.decode()
    assert response.status_code == 200
    assert JobOpening.objects.count() == 0
    assert "En 14-årig må højst arbejde 2 timer på en skoledag; vagten om tirsdagen er 3 timer." in content
    assert "Arbejdsmiljøloven § 61, stk. 2" in content
    assert "ingen undtagelse" in content
    # A justification does not help where the rule allows no exception.
    response = consultant_client.post(
        reverse("virksomheder:opening_create"), opening_post(company, rules_justification="Det går nok.")
    )
    assert response.status_code == 200
    assert JobOpening.objects.count() == 0


def test_an_opening_within_the_rules_is_saved(consultant_client):
    company = CompanyFactory()

    response = consultant_client.post(
        reverse("virksomheder:opening_create"), opening_post(company, day_1_end="18:00", hours_per_week="2")
    )

    opening = JobOpening.objects.get()
    assert response.status_code == 302
    assert opening.weekly_schedule == [{"weekday": 1, "start": "16:00", "end": "18:00"}]
    assert opening.created_by.username == "konsulent"


def test_an_exception_the_rules_allow_needs_a_recorded_justification(consultant_client):
    company = CompanyFactory()
    post = opening_post(company, min_age=16, day_1_end="18:00", hours_per_week="2", hazards="tunge_loeft")

    response = consultant_client.post(reverse("virksomheder:opening_create"), post)
    assert response.status_code == 200
    assert "skriv en begrundelse for at gemme alligevel" in response.content.decode()
    assert "undtagelse mulig med begrundelse" in response.content.decode()
    assert JobOpening.objects.count() == 0

    response = consultant_client.post(
        reverse("virksomheder:opening_create"), {**post, "rules_justification": "Løft under 12 kg aftalt med lederen."}
    )
    assert response.status_code == 302
    assert JobOpening.objects.get().rules_justification == "Løft under 12 kg aftalt med lederen."


def test_half_a_shift_is_a_clear_error(consultant_client):
    response = consultant_client.post(
        reverse("virksomheder:opening_create"), opening_post(CompanyFactory(), day_1_end="", hours_per_week="2")
    )
    assert response.context["form"].errors["day_1_end"] == ["Udfyld både fra og til."]
    assert JobOpening.objects.count() == 0


# --- matching ------------------------------------------------------------------------------------------


@pytest.fixture
def matching_setup():
    retail, hotel = industries()[0], industries()[1]
    company = CompanyFactory(industry=retail, postcode="8800")
    opening = JobOpeningFactory(
        company=company, min_age=15, start_date=timezone.localdate() + datetime.timedelta(days=7)
    )
    afternoons = {
        "available_weekdays": [1, 3],
        "available_from": datetime.time(15),
        "available_until": datetime.time(19),
    }

    def person(name, age, **fields):
        return YouthFactory(first_name=name, last_name="Test", birth_date=birth_date_for_age(age), **fields)

    best = person("Alma", 16, postcode="8800", status=YouthStatus.JOB_READY, **afternoons)
    best.industries_of_interest.set([retail])
    mondays = person("Bo", 16, postcode="8800", status=YouthStatus.JOB_READY, available_weekdays=[0])
    mondays.industries_of_interest.set([retail])
    neighbour = person("Cecilie", 16, postcode="8830", status=YouthStatus.IN_COURSE, **afternoons)
    neighbour.industries_of_interest.set([hotel])
    too_young = person("Dan", 14, postcode="8800", status=YouthStatus.JOB_READY, **afternoons)
    too_young.industries_of_interest.set([retail])
    person("Lukket", 16, status=YouthStatus.CLOSED, end_reason="Flyttet")
    return opening, best, mondays, neighbour, too_young


def test_youth_are_ranked_for_an_opening_with_danish_reasons(matching_setup):
    opening, best, mondays, neighbour, too_young = matching_setup

    ranked = matching.candidates_for_opening(opening)

    assert [(s.youth, s.score, s.suitable) for s in ranked] == [
        (best, 100, True),
        (mondays, 80, True),
        (neighbour, 55, True),
        (too_young, 75, False),
    ]
    retail = opening.industry.name
    assert [r.text for r in ranked[0].reasons] == [
        f"Interesseret i branchen {retail}",
        "16 år ved start: alderen og arbejdstiderne passer til reglerne for unges arbejde",
        "Kan arbejde på alle jobbets dage og tider",
        "Bor i samme postnummer (8800)",
        "Jobparat",
    ]
    assert [r.text for r in ranked[1].reasons][2] == "Kan ikke arbejde: tirsdag 16:00-18:00, torsdag 16:00-18:00"
    assert [r.text for r in ranked[2].reasons] == [
        f"{retail} er ikke blandt den unges brancher",
        "16 år ved start: alderen og arbejdstiderne passer til reglerne for unges arbejde",
        "Kan arbejde på alle jobbets dage og tider",
        "Bor i nærområdet (8830, jobbet i 8800)",
        "Ikke jobparat endnu (status: I forløb)",
    ]
    assert ranked[3].reasons[1].text == "For ung: 14 år ved start, jobbet kræver mindst 15 år"


def test_openings_are_ranked_for_a_young_person(matching_setup):
    opening, best, *_rest = matching_setup
    far = JobOpeningFactory(company=CompanyFactory(industry=opening.industry, postcode="9000"), min_age=15)
    other = JobOpeningFactory(company=CompanyFactory(industry=industries()[2], postcode="8800"), min_age=15)
    JobOpeningFactory(company=opening.company, status=OpeningStatus.CLOSED)  # not offered

    ranked = matching.openings_for_youth(best)

    assert [(s.opening, s.score) for s in ranked] == [(opening, 100), (far, 85), (other, 75)]
    assert ranked[1].reasons[3].text == "Langt fra jobbet (8800, jobbet i 9000)"


def test_a_rule_broken_at_the_young_persons_age_makes_the_match_unsuitable():
    opening = JobOpeningFactory(
        min_age=13, weekly_schedule=[{"weekday": 1, "start": "16:00", "end": "19:00"}], hours_per_week=Decimal("3")
    )
    fifteen, thirteen = YouthFactory(birth_date=birth_date_for_age(16)), YouthFactory(birth_date=birth_date_for_age(13))

    suggestions = {s.youth: s for s in matching.candidates_for_opening(opening)}

    assert suggestions[fifteen].suitable is True
    assert suggestions[thirteen].suitable is False
    assert "må højst arbejde 2 timer på en skoledag" in suggestions[thirteen].reasons[1].text
    assert "(Arbejdsmiljøloven § 61, stk. 2)" in suggestions[thirteen].reasons[1].text
    with pytest.raises(ValidationError):
        services.match_create(youth=thirteen, opening=opening, created_by=None)


# --- the pipeline -----------------------------------------------------------------------------------------


def test_sending_to_the_company_needs_consent(consultant_client):
    opening = JobOpeningFactory()
    youth = YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16))
    match = services.match_create(youth=youth, opening=opening, created_by=None)

    response = consultant_client.post(reverse("virksomheder:match_send", args=[match.pk]), follow=True)

    match.refresh_from_db()
    assert match.stage == MatchStage.SUGGESTED
    assert "Oplysninger om Freja Holm kan ikke sendes til en virksomhed" in response.content.decode()

    ConsentFactory(youth=youth)
    consultant_client.post(reverse("virksomheder:match_send", args=[match.pk]))
    match.refresh_from_db()
    assert (match.stage, match.sent_on) == (MatchStage.SENT, timezone.localdate())


def test_the_pipeline_from_suggested_to_hired_fills_the_opening():
    opening = JobOpeningFactory(positions=1)
    youth = YouthFactory(birth_date=birth_date_for_age(16))
    ConsentFactory(youth=youth)
    match = services.match_create(youth=youth, opening=opening, created_by=None)
    services.match_send(match=match)
    services.match_interview(match=match)
    with pytest.raises(ValidationError):
        services.match_send(match=match)  # no way back

    placement = services.placement_create(
        youth=youth,
        match=match,
        data={"start": opening.start_date, "weekly_schedule": opening.weekly_schedule, "hours_per_week": Decimal("4")},
    )

    match.refresh_from_db()
    opening.refresh_from_db()
    assert (match.stage, placement.company, placement.opening) == (MatchStage.HIRED, opening.company, opening)
    assert opening.status == OpeningStatus.FILLED


def test_rejecting_needs_a_reason(consultant_client):
    match = services.match_create(youth=YouthFactory(), opening=JobOpeningFactory(), created_by=None)
    url = reverse("virksomheder:match_reject", args=[match.pk])

    consultant_client.post(url, {"rejection_reason": "  "})
    match.refresh_from_db()
    assert match.stage == MatchStage.SUGGESTED

    consultant_client.post(url, {"rejection_reason": "Virksomheden valgte en anden."})
    match.refresh_from_db()
    assert (match.stage, match.rejection_reason) == (MatchStage.REJECTED, "Virksomheden valgte en anden.")


# --- placements and follow-ups ------------------------------------------------------------------------------


def test_a_placement_gets_follow_ups_at_one_and_six_calendar_months():
    placement = make_placement(start=D(2023, 8, 31))

    assert list(placement.follow_ups.values_list("kind", "due_date")) == [
        (FollowUpKind.ONE_MONTH, D(2023, 9, 30)),
        (FollowUpKind.SIX_MONTHS, D(2024, 2, 29)),
    ]
    assert placement.six_months_on == D(2024, 2, 29)


def test_a_placement_breaking_the_rules_for_the_young_persons_age_is_refused():
    youth = YouthFactory(birth_date=D(2010, 6, 1))  # 14 on the start date
    ConsentFactory(youth=youth)  # the consent is there: the rules refuse
    data = {
        "company": CompanyFactory(),
        "start": D(2024, 9, 2),
        "weekly_schedule": [{"weekday": 0, "start": "15:00", "end": "19:00"}],
    }
    with pytest.raises(RulesRefused) as refused:
        services.placement_create(youth=youth, data=data)
    assert refused.value.violations[0].source == "Arbejdsmiljøloven § 61, stk. 2"
    assert Placement.objects.count() == 0


def test_recording_the_six_month_follow_up_closes_its_task(consultant):
    placement = make_placement(start=D(2024, 1, 15))
    follow_up = placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS)
    task = task_services.task_create(
        title="Opfølgning", due_date=follow_up.due_date, assignee=consultant, created_by=None, concerning=follow_up
    )

    services.follow_up_complete(follow_up=follow_up, user=consultant, job_kept=True, note="Stadig glad.")

    task.refresh_from_db()
    follow_up.refresh_from_db()
    assert (follow_up.job_kept, follow_up.completed_by) == (True, consultant)
    assert (task.status, task.completed_by) == (TaskStatus.DONE, consultant)


def test_a_job_not_kept_needs_the_last_day_and_ends_the_placement(consultant_client, consultant):
    placement = make_placement(start=D(2024, 1, 15))
    follow_up = placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS)
    url = reverse("virksomheder:followup_complete", args=[follow_up.pk])

    response = consultant_client.post(url, {"job_kept": "nej"})
    assert response.status_code == 200
    assert "Skriv sidste arbejdsdag og årsagen, når jobbet ikke er fastholdt." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.completed_on is None

    consultant_client.post(url, {"job_kept": "nej", "end": "2024-05-31", "end_reason": "Flyttede"})
    placement.refresh_from_db()
    follow_up.refresh_from_db()
    assert (placement.end, placement.end_reason, follow_up.job_kept) == (D(2024, 5, 31), "Flyttede", False)


def test_the_case_page_shows_jobs_and_the_six_month_follow_up(consultant_client):
    youth = YouthFactory()
    make_placement(youth=youth, company=CompanyFactory(name="Bageren ApS"), start=D(2024, 1, 15), job_title="Bagerjob")

    content = consultant_client.get(youth.get_absolute_url()).content.decode()

    assert "Bagerjob" in content
    assert "Opfølgning efter 6 måneder: 15.07.2024" in content
    assert "Ansat som Bagerjob hos Bageren ApS" in content  # the timeline


@pytest.mark.parametrize("count", [1, 3])
def test_case_page_query_count_does_not_grow_with_jobs(consultant_client, django_assert_num_queries, count):
    youth = YouthFactory()
    for number in range(count):
        placement = make_placement(youth=youth, start=D(2024, 1, 1 + number))
        services.follow_up_complete(follow_up=placement.follow_ups.first(), user=None, note="ok")
        services.match_create(youth=youth, opening=JobOpeningFactory(min_age=13), created_by=None)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        consultant_client.get(youth.get_absolute_url())


# --- lists keep a constant query count ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 20])
def test_company_list_query_count_is_constant(consultant_client, django_assert_num_queries, count):
    for _n in range(count):
        company = CompanyFactory()
        GuidanceFactory(company=company)
        JobOpeningFactory(company=company)
    # session, user, permissions (2), count, groups (menu), the filters' choices (industries,
    # projects, staff), the page.
    with django_assert_num_queries(10):
        response = consultant_client.get(reverse("virksomheder:company_list"))
    assert len(response.context["object_list"]) == min(count, 25)


@pytest.mark.parametrize("count", [2, 20])
def test_opening_board_query_count_is_constant(consultant_client, django_assert_num_queries, count):
    for number in range(count):
        opening = JobOpeningFactory()
        services.match_create(youth=YouthFactory(birth_date=birth_date_for_age(16)), opening=opening, created_by=None)
        if number % 2:
            services.opening_set_status(opening=opening, status=OpeningStatus.FILLED)
    # session, user, permissions (2), groups (menu), the filters' industries, the paginator's count,
    # a page of openings with their counts, the openings per status.
    with django_assert_num_queries(9):
        response = consultant_client.get(reverse("virksomheder:opening_board"))
    columns = response.context["columns"]
    assert sum(len(openings) for _s, _l, _total, openings in columns) == count
    # Each opening is counted once in its column's total, however many matches it has.
    assert {status: total for status, _l, total, _o in columns} == {
        OpeningStatus.AWAITING_APPROVAL: 0,
        OpeningStatus.OPEN: count // 2,
        OpeningStatus.FILLED: count // 2,
        OpeningStatus.CLOSED: 0,
    }


@pytest.mark.parametrize("count", [2, 20])
def test_placement_list_query_count_is_constant(consultant_client, django_assert_num_queries, count):
    for number in range(count):
        make_placement(start=D(2024, 1, 1) + datetime.timedelta(days=number))
    # session, user, permissions (2), count, groups (menu), industries, the page, its follow-ups.
    with django_assert_num_queries(9):
        response = consultant_client.get(reverse("virksomheder:placement_list"))
    assert len(response.context["object_list"]) == count


# --- the industry guides' figures ------------------------------------------------------------------------------


def test_industry_figures_count_network_companies_and_youth_in_jobs(django_assert_num_queries):
    retail, hotel = industries()[0], industries()[1]
    in_network = CompanyFactory(industry=retail, network_member_since=D(2023, 1, 1))
    CompanyFactory(industry=retail)  # not in the network
    youth = YouthFactory()
    today = timezone.localdate()
    make_placement(youth=youth, company=in_network, start=today - datetime.timedelta(days=40))
    make_placement(youth=youth, company=in_network, start=today - datetime.timedelta(days=10))  # the same youth
    make_placement(company=in_network, start=D(2023, 1, 1), end=D(2023, 6, 1))  # ended

    with django_assert_num_queries(2):
        figures = industry_guides.industry_figures([retail, hotel])

    assert figures[retail.pk] == industry_guides.IndustryFigures(companies_in_network=1, youth_in_jobs=1)
    assert figures[hotel.pk] == industry_guides.IndustryFigures(companies_in_network=0, youth_in_jobs=0)


def test_next_cvr_gives_valid_distinct_numbers():
    numbers = [next_cvr() for _n in range(5)]
    assert len(set(numbers)) == 5
    assert all(cvr_is_valid(number) for number in numbers)


def test_filter_by_industry_network_and_guidance_in_the_project_period(consultant_client):
    retail, hotel = industries()[0], industries()[1]
    guided = CompanyFactory(name="Vejledt", industry=retail, network_member_since=D(2023, 1, 1))
    GuidanceFactory(company=guided, date=D(2023, 5, 1))
    old = CompanyFactory(name="Gammel", industry=retail)
    GuidanceFactory(company=old, date=D(2021, 5, 1))  # before the project
    CompanyFactory(name="Hotellet", industry=hotel, postcode="9000")
    project = Project.objects.get(slug="sammen-om-fritidsjob")
    url = reverse("virksomheder:company_list")

    def names(**params):
        return [c.name for c in consultant_client.get(url, params).context["object_list"]]

    assert names(industry=retail.pk) == ["Gammel", "Vejledt"]
    assert names(in_network="true") == ["Vejledt"]
    assert names(guided_in=project.pk) == ["Vejledt"]
    assert names(area="90") == ["Hotellet"]
