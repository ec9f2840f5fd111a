"""Issue 19, item 3: the calendar (week and month) and the secret iCal feed without personal data."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fritidsjob import roles
from fritidsjob.models import CalendarFeed

from .factories import YouthFactory
from .factories_talentvaerksted import CourseFactory, CourseSessionFactory, EnrollmentFactory
from .factories_virksomheder import CompanyFactory, make_placement

pytestmark = pytest.mark.django_db


def add_items(count: int, *, consultant, first: int = 0) -> None:
    today = timezone.localdate()
    for number in range(first, first + count):
        youth = YouthFactory(first_name=f"Sofie{number}", last_name="Hemmelig", responsible_staff=consultant)
        course = CourseFactory(title=f"Hold {number}")
        EnrollmentFactory(course=course, youth=youth)
        CourseSessionFactory(course=course, date=today + datetime.timedelta(days=1))
        make_placement(
            youth=youth, company=CompanyFactory(name=f"Bager {number}"), start=today - relativedelta(months=6)
        )


def test_the_week_shows_sessions_and_follow_ups_in_the_same_queries_for_ten_times_the_data(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    client.force_login(consultant)
    counts = []
    for first, count in ((0, 1), (1, 9)):
        add_items(count, consultant=consultant, first=first)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("calendar"))
        counts.append(len(captured))
    html = response.content.decode()
    assert "Mødegang: Hold 9" in html and "Opfølgning (6 mdr.)" in html
    assert counts[0] == counts[1]


def test_the_calendar_filters_on_mine_and_type_and_takes_a_month(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    client.force_login(consultant)
    add_items(1, consultant=consultant)
    led = CourseSessionFactory(course=CourseFactory(title="Mit hold"), date=timezone.localdate())
    led.course.leaders.add(consultant)
    mine = client.get(reverse("calendar"), {"mine": "on", "type": "moedegang"}).content.decode()
    assert "Mødegang: Mit hold" in mine, mine
    assert "Mødegang: Hold 0" not in mine and "Opfølgning (" not in mine
    month = client.get(reverse("calendar"), {"visning": "maaned"}).content.decode()
    assert "Mødegang: Mit hold" in month and "Forrige måned" in month
    # Bad input: a clear page, not a 500.
    assert client.get(reverse("calendar"), {"dato": "i-morgen", "visning": "aar"}).status_code == 200


def test_the_feed_has_no_personal_data_and_stops_when_revoked(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    client.force_login(consultant)
    add_items(2, consultant=consultant)
    client.post(reverse("calendar_feed_renew"))
    url = reverse("calendar_feed", args=[CalendarFeed.objects.get(user=consultant).token])
    client.logout()  # a calendar app has no session: the secret link is the key
    feed = client.get(url)
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Mødegang: Hold 1" in body
    assert "SUMMARY:Opfølgning (6 mdr.)" in body
    for personal in ("Sofie", "Hemmelig", "Bager"):
        assert personal not in body

    client.force_login(consultant)
    client.post(reverse("calendar_feed_revoke"))
    client.logout()
    assert client.get(url).status_code == 404


def test_a_new_link_revokes_the_old_one(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    client.force_login(consultant)
    client.post(reverse("calendar_feed_renew"))
    old = reverse("calendar_feed", args=[CalendarFeed.objects.get(user=consultant).token])
    client.post(reverse("calendar_feed_renew"))
    assert client.get(old).status_code == 404
    assert (
        client.get(reverse("calendar_feed", args=[CalendarFeed.objects.get(user=consultant).token])).status_code == 200
    )
