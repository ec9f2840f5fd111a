"""The parents' KPIs exactly as the contract defines them, at their boundaries."""

import datetime

import pytest

from core.kpis import compute_kpis, kpi_window
from foraeldre import kpis
from foraeldre.models import ContactKind
from rapporter.models import Project
from tests.factories import YouthFactory
from tests.factories_foraeldre import InformationEventFactory, ParentContactFactory, ParentFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2022, 1, 1)  # the seeded project: 2022-01-01 to 2024-12-31
AS_OF = datetime.date(2023, 6, 30)
IN_WINDOW = datetime.date(2023, 3, 1)
DAY = datetime.timedelta(days=1)
GUIDANCE, INTRODUCTION = ContactKind.GUIDANCE, ContactKind.INTRODUCTION


@pytest.fixture
def project():
    return Project.objects.get(slug="sammen-om-fritidsjob")


def value(project, key, as_of=AS_OF):
    return compute_kpis(project, as_of=as_of)["kpis"][key]["value"]


def parent(*, case=True, target=(True,)):
    """A parent with a jobcentre case (or not), linked to youth in or out of the target group."""
    children = [YouthFactory(in_target_group=in_target) for in_target in target]
    return ParentFactory(has_jobcenter_case=case, children=children)


def contact(of, kind=GUIDANCE, date=IN_WINDOW):
    return ParentContactFactory(parent=of, kind=kind, date=date)


# --- foraeldre_med_sag_vejledt (365) ----------------------------------------------------------


def test_guided_parent_with_a_case_and_a_target_group_child_counts(project):
    contact(parent())
    assert value(project, "foraeldre_med_sag_vejledt") == 1


def test_a_parent_without_a_jobcentre_case_never_counts_for_365(project):
    contact(parent(case=False))
    assert value(project, "foraeldre_med_sag_vejledt") == 0


def test_parents_linked_only_to_non_target_youth_never_count(project):
    guided = parent(target=(False, False))
    contact(guided, GUIDANCE)
    contact(guided, INTRODUCTION)
    assert value(project, "foraeldre_med_sag_vejledt") == 0
    assert value(project, "foraeldre_introduceret") == 0


def test_one_target_group_child_among_others_is_enough(project):
    contact(parent(target=(False, True)))
    assert value(project, "foraeldre_med_sag_vejledt") == 1


def test_several_children_and_contacts_count_the_parent_once(project):
    mother = parent(target=(True, True, True))
    for days in (0, 10, 20):
        contact(mother, GUIDANCE, IN_WINDOW + datetime.timedelta(days=days))
        contact(mother, INTRODUCTION, IN_WINDOW + datetime.timedelta(days=days))
    assert value(project, "foraeldre_med_sag_vejledt") == 1
    assert value(project, "foraeldre_introduceret") == 1


def test_only_guidance_counts_for_365(project):
    guided = parent()
    for kind in (INTRODUCTION, ContactKind.HOME_VISIT, ContactKind.PARENT_MEETING, ContactKind.OTHER):
        contact(guided, kind)
    assert value(project, "foraeldre_med_sag_vejledt") == 0


@pytest.mark.parametrize(
    ("date", "counted"),
    [(START - DAY, 0), (START, 1), (AS_OF, 1), (AS_OF + DAY, 0)],
    ids=["day-before-start", "start", "as-of", "day-after-as-of"],
)
def test_guidance_counts_only_inside_the_window(project, date, counted):
    contact(parent(), GUIDANCE, date)
    assert value(project, "foraeldre_med_sag_vejledt") == counted


# --- foraeldre_introduceret (1100) --------------------------------------------------------------


def test_introduced_parents_count_with_or_without_a_case(project):
    contact(parent(case=True), INTRODUCTION)
    contact(parent(case=False), INTRODUCTION)
    contact(parent(case=False), GUIDANCE)  # guidance is not an introduction
    assert value(project, "foraeldre_introduceret") == 2


@pytest.mark.parametrize(
    ("date", "counted"),
    [(START - DAY, 0), (START, 1), (AS_OF, 1), (AS_OF + DAY, 0)],
    ids=["day-before-start", "start", "as-of", "day-after-as-of"],
)
def test_introductions_count_only_inside_the_window(project, date, counted):
    contact(parent(), INTRODUCTION, date)
    assert value(project, "foraeldre_introduceret") == counted


# --- informeret_unge_og_foraeldre (6400) -----------------------------------------------------------


def test_informed_is_the_sum_of_youth_and_parents_at_events_in_the_window(project):
    InformationEventFactory(date=START, youth_count=30, parent_count=12)
    InformationEventFactory(date=AS_OF, youth_count=8, parent_count=0)
    InformationEventFactory(date=START - DAY, youth_count=100, parent_count=100)
    InformationEventFactory(date=AS_OF + DAY, youth_count=100, parent_count=100)
    assert value(project, "informeret_unge_og_foraeldre") == 50


def test_no_events_is_zero_not_null(project):
    assert value(project, "informeret_unge_og_foraeldre") == 0


def test_as_of_after_the_project_end_is_clamped(project):
    InformationEventFactory(date=datetime.date(2024, 12, 31), youth_count=5, parent_count=5)
    InformationEventFactory(date=datetime.date(2025, 1, 1), youth_count=50, parent_count=50)
    contact(parent(), GUIDANCE, datetime.date(2025, 1, 1))
    assert value(project, "informeret_unge_og_foraeldre", as_of=datetime.date(2030, 1, 1)) == 10
    assert value(project, "foraeldre_med_sag_vejledt", as_of=datetime.date(2030, 1, 1)) == 0


def test_kpis_are_counted_with_a_fixed_number_of_queries(project, django_assert_num_queries):
    for _n in range(3):
        guided = parent(target=(True, True))
        contact(guided, GUIDANCE)
        contact(guided, INTRODUCTION)
        InformationEventFactory(date=IN_WINDOW)
    window = kpi_window(project, AS_OF)
    with django_assert_num_queries(3):
        assert kpis.parents_with_case_guided(window) == {"value": 3}
        assert kpis.parents_introduced(window) == {"value": 3}
        assert kpis.youth_and_parents_informed(window) == {"value": 75}
