"""Issue 19, item 1: "I dag", the staff member's start page, in a constant number of queries."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.consent import ConsentKind
from fritidsjob import roles, services
from fritidsjob.models import StartPageVisit, Youth
from opgaver.today import MY_YOUTH_ROWS

from .factories import YouthFactory
from .factories_foraeldre import ConsentFactory, InformationEventFactory
from .factories_mentorer import RelationshipFactory, SessionFactory
from .factories_opgaver import TaskFactory
from .factories_talentvaerksted import CourseSessionFactory
from .factories_virksomheder import make_placement

pytestmark = pytest.mark.django_db


def add_day(count: int, *, consultant, colleague, first: int = 0) -> None:
    """`count` of everything the start page shows, all on the consultant's cases."""
    today = timezone.localdate()
    for number in range(first, first + count):
        youth = YouthFactory(first_name=f"Ung{number}", last_name="Testesen", responsible_staff=consultant)
        TaskFactory(
            title=f"Ring {number}", assignee=consultant, youth=youth, due_date=today - datetime.timedelta(days=1)
        )
        make_placement(youth=youth, start=today - relativedelta(months=1))
        session = CourseSessionFactory(date=today + datetime.timedelta(days=number % 2))
        session.course.leaders.add(consultant)
        InformationEventFactory(date=today)
        SessionFactory(relationship=RelationshipFactory(youth=youth, coordinator=consultant), date=today)
        ConsentFactory(youth=youth, kind=ConsentKind.PHOTO_VIDEO)
        # A colleague's change on the case since the consultant's last visit.
        services.journal_entry_create(
            youth=youth, author=colleague, date=today, kind="samtale", text="Talt med den unge"
        )


def start_page_queries(client, user) -> tuple[int, str]:
    StartPageVisit.objects.update_or_create(
        user=user,
        defaults={"session_key": "an-earlier-sign-in", "seen_at": timezone.now() - datetime.timedelta(days=1)},
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_start_page_has_the_same_queries_for_ten_times_the_data(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    colleague = users[roles.PROJECT_LEADER]
    client.force_login(consultant)
    add_day(1, consultant=consultant, colleague=colleague)
    few, html = start_page_queries(client, consultant)
    assert "Ung0 Testesen" in html
    add_day(9, consultant=consultant, colleague=colleague, first=1)
    many, html = start_page_queries(client, consultant)
    assert "Ung9 Testesen" in html
    assert many == few


def test_the_start_page_shows_my_day(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    colleague = users[roles.PROJECT_LEADER]
    client.force_login(consultant)
    add_day(1, consultant=consultant, colleague=colleague)
    YouthFactory(first_name="Anden", last_name="Konsulents", responsible_staff=colleague)
    _, html = start_page_queries(client, consultant)
    assert "Mine unge" in html and "Ung0 Testesen" in html and "Anden Konsulents" not in html
    # The next step is the first open task.
    assert "Ring 0" in html and "Overskredet" in html
    assert "Opfølgning (1 md.)" in html  # due today, a month after the start
    assert "Mødegang: " in html and "Informationsmøde: " in html and "Mentormøde (møde)" in html
    assert (
        "Mangler samtykke" in html
        and reverse("foraeldre:youth_consents", args=[consultant.responsible_for_youth.get().pk]) in html
    )
    # The colleague's journal entry since my last visit; my own changes are not news to me.
    assert "Ændret på mine sager" in html and "Journalnotat oprettet" in html


def test_changes_count_from_the_previous_sign_in_not_the_previous_reload(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    client.force_login(consultant)
    assert "Ændret på mine sager" not in client.get(reverse("home")).content.decode()  # the first visit ever
    youth = YouthFactory(responsible_staff=consultant)
    services.journal_entry_create(
        youth=youth, author=users[roles.PROJECT_LEADER], date=timezone.localdate(), kind="samtale", text="Ny aftale"
    )
    # A new sign-in: measured from the visit of the earlier one, and a reload does not empty the list.
    client.logout()
    client.force_login(consultant)
    assert "Journalnotat oprettet" in client.get(reverse("home")).content.decode()
    assert "Journalnotat oprettet" in client.get(reverse("home")).content.decode()


def test_a_mentor_lands_in_the_portal(client, users):
    client.force_login(users[roles.MENTOR])
    assert client.get(reverse("home"))["Location"] == reverse("mentorer:portal")


def test_the_funder_gets_no_person_on_the_start_page(client, users):
    add_day(1, consultant=users[roles.JOBCENTER_CONSULTANT], colleague=users[roles.PROJECT_LEADER])
    client.force_login(users[roles.FUNDER])
    html = client.get(reverse("home")).content.decode()
    assert "Testesen" not in html and "Mine unge" not in html and "I dag og i morgen" not in html


def test_my_young_people_are_a_page_the_most_recently_changed_first(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    client.force_login(consultant)
    now = timezone.now()
    for number in range(MY_YOUTH_ROWS + 2):
        youth = YouthFactory(first_name=f"Ung{number}", last_name="Testesen", responsible_staff=consultant)
        # Ung0 changed longest ago, the last one most recently (update() leaves auto_now alone).
        Youth.objects.filter(pk=youth.pk).update(updated_at=now - datetime.timedelta(hours=100 - number))
    _, page = start_page_queries(client, consultant)
    html = page[page.index('id="today-youth"') :].split("</section>")[0]  # the section "Mine unge"
    newest, oldest_shown = f"Ung{MY_YOUTH_ROWS + 1} Testesen", "Ung2 Testesen"
    assert newest in html and oldest_shown in html and html.index(newest) < html.index(oldest_shown)
    assert "Ung0 Testesen" not in html and "Ung1 Testesen" not in html
    assert "Se alle dine unge" in html
    assert f"{reverse('fritidsjob:youth_list')}?responsible_staff={consultant.pk}" in html
