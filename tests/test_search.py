"""Issue 19, item 2: one search across young people, parents, companies, mentors and courses."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fritidsjob import roles

from .factories import YouthFactory
from .factories_foraeldre import ParentFactory
from .factories_mentorer import MentorFactory
from .factories_talentvaerksted import CourseFactory
from .factories_virksomheder import CompanyFactory

pytestmark = pytest.mark.django_db


def add_hansens(count: int, first: int = 0) -> None:
    for number in range(first, first + count):
        youth = YouthFactory(first_name=f"Ida{number}", last_name="Hansen")
        ParentFactory(first_name=f"Per{number}", last_name="Hansen", children=[youth])
        CompanyFactory(name=f"Hansens Bageri {number}")
        MentorFactory(first_name=f"Mette{number}", last_name="Hansen")
        CourseFactory(title=f"Hansen-holdet {number}")


def searches() -> list[dict]:
    return list(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__list="soeg").values_list(
            "content_type__model", "additional_data__search", "actor__username"
        )
    )


def test_the_search_finds_every_kind_grouped_and_logs_each_personal_source(client, users):
    add_hansens(1)
    YouthFactory(first_name="Anders", last_name="Jensen")
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    html = client.get(reverse("search"), {"q": "  hans  "}).content.decode()
    for heading in ("Unge", "Forældre", "Virksomheder", "Mentorer", "Forløb"):
        assert f">{heading}</h2>" in html
    for found in ("Ida0 Hansen", "Per0 Hansen", "Hansens Bageri 0", "Mette0 Hansen", "Hansen-holdet 0"):
        assert found in html
    assert "Anders Jensen" not in html
    # Young people, parents and mentors are persons: each search is logged with its text. Companies and courses are not.
    assert sorted(searches()) == [
        ("mentor", "hans", "konsulent"),
        ("parent", "hans", "konsulent"),
        ("youth", "hans", "konsulent"),
    ]


def test_every_word_must_match(client, users):
    add_hansens(2)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    html = client.get(reverse("search"), {"q": "ida1 hansen"}).content.decode()
    assert "Ida1 Hansen" in html and "Ida0 Hansen" not in html


def test_the_search_has_the_same_queries_for_ten_times_the_data(client, users):
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    counts = []
    for first, count in ((0, 1), (1, 9)):
        add_hansens(count, first)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("search"), {"q": "hansen"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "Se alle unge" in response.content.decode()  # ten hits: more than a group shows


@pytest.mark.parametrize("role", [roles.FUNDER, roles.MENTOR, roles.DATA_PROTECTION_OFFICER])
def test_the_funder_and_mentors_get_no_search(client, users, role):
    add_hansens(1)
    client.force_login(users[role])
    assert client.get(reverse("search"), {"q": "hansen"}).status_code == 403
    assert searches() == []


def test_the_top_bar_has_the_search_only_for_those_who_may_search(client, users):
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    assert 'role="search"' in client.get(reverse("fritidsjob:youth_list")).content.decode()
    client.force_login(users[roles.FUNDER])
    assert 'id="top-search"' not in client.get(reverse("home")).content.decode()


def test_a_too_short_search_says_so_and_logs_nothing(client, users):
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    html = client.get(reverse("search"), {"q": "h"}).content.decode()
    assert "Skriv mindst 2 tegn." in html
    assert searches() == []
    assert client.get(reverse("search"), {"q": "x" * 5000}).status_code == 200
