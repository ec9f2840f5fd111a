"""The mentor portal's isolation: a mentor sees only their own active mentees (first name, contact,
goals, next steps) and own sessions, and nothing else in the system."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from fritidsjob import roles
from fritidsjob.models import Youth
from mentorer.models import MentorSession, MentorStatus, Outcome, RelationshipStatus

from .factories import YouthFactory
from .factories_mentorer import MentorFactory, RelationshipFactory, SessionFactory
from .matrix import collect

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def session_data(day, **fields) -> dict:
    return {"date": day.isoformat(), "duration_minutes": "60", "form": "moede", **fields}


@pytest.fixture
def mette(make_user):
    return make_user("mette", roles.MENTOR, first_name="Mette")


@pytest.fixture
def own(mette):
    """Mette's mentor profile with one active mentee, Sofie."""
    mentor = MentorFactory(user=mette, first_name="Mette", last_name="Mentor")
    youth = YouthFactory(first_name="Sofie", last_name="Særligtefternavn", phone="22334455", email="sofie@example.dk")
    return RelationshipFactory(mentor=mentor, youth=youth, goals="Jeg vil være frisør", next_steps="Ringe til salonen")


@pytest.fixture
def others(make_user):
    """Another mentor (with a login) and her mentee, Karla."""
    other_user = make_user("ole", roles.MENTOR)
    mentor = MentorFactory(user=other_user, first_name="Ole", last_name="Andenmentor")
    youth = YouthFactory(first_name="Karla", last_name="Fremmed", phone="99887766")
    relationship = RelationshipFactory(mentor=mentor, youth=youth, goals="Hemmeligt mål")
    SessionFactory(relationship=relationship, topic="Andens emne", note="Andens notat")
    return relationship


@pytest.fixture
def mentor_client(client, mette):
    client.force_login(mette)
    return client


def test_portal_shows_own_mentee_first_name_contact_goals_and_next_steps(mentor_client, own, others):
    SessionFactory(relationship=own, topic="Frisørsalon", duration_minutes=90)

    page = mentor_client.get(reverse("mentorer:portal")).content.decode()

    for shown in ("Sofie", "22334455", "sofie@example.dk", "Jeg vil være frisør", "Ringe til salonen", "Frisørsalon"):
        assert shown in page
    assert "Denne måned: 1,5 t af 3 t" in page
    # Only the first name: no last name, no birth date, no case.
    assert "Særligtefternavn" not in page
    assert own.youth.get_absolute_url() not in page
    # Nothing of another mentor's mentee.
    for hidden in ("Karla", "Fremmed", "99887766", "Hemmeligt mål", "Andens emne", "Andens notat"):
        assert hidden not in page


def test_another_mentors_mentee_is_refused(mentor_client, own, others):
    url = reverse("mentorer:portal_session_create", args=[others.pk])
    assert mentor_client.get(url).status_code == 404
    response = mentor_client.post(url, session_data(TODAY, topic="x"))
    assert response.status_code == 404
    assert MentorSession.objects.filter(relationship=others).count() == 1  # only the one it had


def test_an_ended_relationship_leaves_the_portal(mentor_client, own):
    own.status, own.ended_on, own.outcome, own.evaluation = RelationshipStatus.ENDED, TODAY, Outcome.JOB, "Fint"
    own.save()
    assert "Sofie" not in mentor_client.get(reverse("mentorer:portal")).content.decode()
    assert mentor_client.get(reverse("mentorer:portal_session_create", args=[own.pk])).status_code == 404


def test_a_stopped_mentor_sees_no_mentees(mentor_client, own):
    own.mentor.status = MentorStatus.STOPPED
    own.mentor.save()
    page = mentor_client.get(reverse("mentorer:portal")).content.decode()
    assert "Sofie" not in page
    assert "ikke koblet til en mentor" in page
    assert mentor_client.get(reverse("mentorer:portal_session_create", args=[own.pk])).status_code == 404


def test_a_mentor_login_without_a_mentor_profile_sees_nothing(client, make_user, others):
    client.force_login(make_user("ny", roles.MENTOR))
    page = client.get(reverse("mentorer:portal")).content.decode()
    assert "ikke koblet til en mentor" in page
    assert "Karla" not in page
    assert client.get(reverse("mentorer:portal_session_create", args=[others.pk])).status_code == 404


def test_every_other_page_lists_and_reports_are_refused(mentor_client, own, others):
    """The mentor's own mentee's case, any list, any report, any other app: refused (the role matrix has the rest)."""
    urls = [
        own.youth.get_absolute_url(),
        reverse("fritidsjob:youth_list"),
        reverse("mentorer:overview"),
        reverse("mentorer:mentor_list"),
        reverse("mentorer:mentor_detail", args=[own.mentor.pk]),
        reverse("mentorer:relationship_detail", args=[own.pk]),
        reverse("mentorer:suggestions", args=[own.youth.pk]),
        reverse("mentorer:session_create", args=[own.pk]),
        reverse("foraeldre:parent_list"),
        reverse("talentvaerksted:course_list"),
        reverse("opgaver:inbox"),
        reverse("rapporter:kpi_overview"),
        reverse("rapporter:guide_list"),
    ]
    for url in urls:
        assert mentor_client.get(url).status_code == 403, url


def test_the_matrix_gives_the_mentor_role_nothing_but_the_portal():
    allowed = {name for name, entry in collect().items() if entry.expected[roles.MENTOR] == 200}
    # Besides the portal (the start page sends a mentor there): one's own password (changed or reset), the optional second
    # factor, and the industry guide shared by a public link.
    assert allowed == {
        # The accessibility statement is public.
        "accessibility_statement",
        "password_change",
        "password_change_done",
        # The session clock the idle warning asks (every page has it).
        "session_keepalive",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "second_factor_setup",
        "rapporter:guide_public",
        "mentorer:portal",
        "mentorer:portal_session_create",
        # The company portal's public pages: asking for a login link, the link, the follow-up link.
        "virksomheder:portal:login",
        "virksomheder:portal:link",
        "virksomheder:portal:follow_up",
        # The families' public pages: the sign-up and one person's consent link (the receipt redirects).
        "familie:signup",
        "familie:consent",
        # A young person's own questionnaire link (no login).
        "fritidsjob:progression_answer_link",
    }


def test_the_mentor_menu_has_only_the_portal(mentor_client, own):
    # The start page sends a mentor straight to the portal (issue 19); its menu has nothing else.
    response = mentor_client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("mentorer:portal"), 302)]
    assert [item.entry.url_name for item in response.context["menu"]] == ["mentorer:portal"]


def test_log_a_session_from_the_portal(mentor_client, mette, own):
    url = reverse("mentorer:portal_session_create", args=[own.pk])
    form = mentor_client.get(url).content.decode()
    assert 'type="date"' in form and "Log møde med Sofie" in form

    response = mentor_client.post(
        url,
        session_data(TODAY, duration_minutes="45", form="telefon", topic="Ansøgning", next_steps="Sende den"),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("mentorer:portal"), 302)]
    assert "Mødet med Sofie er gemt (45 min)." in response.content.decode()
    session = MentorSession.objects.get(relationship=own)
    assert (session.duration_minutes, session.form, session.topic) == (45, "telefon", "Ansøgning")
    assert session.logged_by == mette
    own.refresh_from_db()
    assert own.next_steps == "Sende den"


def test_bad_input_in_the_portal_is_explained_and_nothing_is_saved(mentor_client, own):
    url = reverse("mentorer:portal_session_create", args=[own.pk])
    tomorrow = TODAY + timezone.timedelta(days=1)
    response = mentor_client.post(url, session_data(tomorrow, topic=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in page
    response = mentor_client.post(url, session_data(tomorrow, topic="x"))
    assert "Et møde kan ikke dateres i fremtiden." in response.content.decode()
    assert MentorSession.objects.count() == 0


def test_the_portal_records_that_the_mentor_saw_the_young_person(mentor_client, mette, own):
    mentor_client.get(reverse("mentorer:portal"))
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Youth), object_id=own.youth.pk, action=LogEntry.Action.ACCESS
    )
    assert entry.actor == mette
    assert entry.additional_data["page"] == reverse("mentorer:portal")


@pytest.mark.parametrize("mentees", [1, 3])
def test_portal_query_count_is_constant(mentor_client, own, django_assert_num_queries, mentees):
    for _n in range(mentees - 1):
        RelationshipFactory(mentor=own.mentor)
    for relationship in own.mentor.relationships.all():
        SessionFactory(relationship=relationship)
    # One access log entry per mentee shown (the audit trail), otherwise fixed.
    with django_assert_num_queries(8 + mentees):
        mentor_client.get(reverse("mentorer:portal"))


# --- consent (issue 14): withdrawn today, hidden today ------------------------------------------------


def _withdraw_mentor_consent(youth) -> None:
    from foraeldre.models import Consent, ConsentKind

    Consent.objects.filter(youth=youth, kind=ConsentKind.SHARE_WITH_MENTOR).update(withdrawn_on=TODAY)


def test_a_mentee_without_consent_today_shows_only_that_the_consent_is_missing(mentor_client, own):
    SessionFactory(relationship=own, topic="Frisørsalon")
    _withdraw_mentor_consent(own.youth)

    page = mentor_client.get(reverse("mentorer:portal")).content.decode()

    assert "Samtykke mangler - kontakt koordinatoren" in page
    for hidden in ("Sofie", "22334455", "sofie@example.dk", "Jeg vil være frisør", "Ringe til salonen", "Frisørsalon"):
        assert hidden not in page
    assert reverse("mentorer:portal_session_create", args=[own.pk]) not in page
    # No access entry either: the mentor saw nothing of her.
    youth_type = ContentType.objects.get_for_model(Youth)
    assert not LogEntry.objects.filter(
        content_type=youth_type, object_id=own.youth.pk, action=LogEntry.Action.ACCESS
    ).exists()


def test_no_session_can_be_logged_for_a_mentee_without_consent(mentor_client, own):
    _withdraw_mentor_consent(own.youth)
    url = reverse("mentorer:portal_session_create", args=[own.pk])

    assert mentor_client.get(url).url == reverse("mentorer:portal")
    response = mentor_client.post(url, session_data(TODAY, topic="Skulle ikke gemmes"), follow=True)

    assert "Samtykke mangler - kontakt koordinatoren" in response.content.decode()
    assert "Sofie" not in response.content.decode()
    assert not MentorSession.objects.filter(relationship=own).exists()
