import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from fritidsjob import services
from fritidsjob.models import Industry, JournalEntry, School, Youth, validate_registration_age
from tests.factories import YouthFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> datetime.date:
    """The date `years` years before today (less `days`); called at import by parametrize, so never fails."""
    today = timezone.localdate()
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February, and that year has none: the day before still makes the age
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - datetime.timedelta(days=days)


def test_years_ago_works_on_29_february(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2028, 2, 29))

    assert years_ago(13) == datetime.date(2015, 2, 28)
    assert years_ago(13, -1) == datetime.date(2015, 3, 1)
    assert years_ago(16) == datetime.date(2012, 2, 29)


def youth_form_data(**overrides):
    data = {
        "first_name": "Freja",
        "last_name": "Madsen",
        "birth_date": birth_date_for_age(15).isoformat(),
        "gender": "pige",
        "school": School.objects.get(name="Vestervang Skole").pk,
        "school_class": "8.b",
        "postcode": "8800",
        "phone": "20304050",
        "email": "",
        "in_target_group": "on",
        "target_group_level": "saarbar",
        "target_group_reasons": "Ingen voksne i job derhjemme.",
        "referral_source": "skole",
        "industries_of_interest": [Industry.objects.get(name="Detailhandel").pk],
        "available_weekdays": ["0", "2"],
        "available_from": "15:00",
        "available_until": "18:00",
        "responsible_staff": "",
        "cpr": "",
    }
    data.update(overrides)
    return data


# --- age rules ---------------------------------------------------------------


@pytest.mark.parametrize("age_years, age_days", [(13, 0), (14, 200), (17, 300), (29, 300)])
def test_registration_age_allowed(age_years, age_days):
    validate_registration_age(years_ago(age_years, age_days))


@pytest.mark.parametrize(
    "birth_date, message",
    [
        (years_ago(13, -1), "Indsatsen er for unge fra 13 år"),
        (years_ago(30), "højst registreres unge op til 29 år"),
        (timezone.localdate() + datetime.timedelta(days=1), "ligger i fremtiden"),
    ],
)
def test_registration_age_refused_with_danish_message(birth_date, message):
    with pytest.raises(ValidationError) as error:
        validate_registration_age(birth_date)
    assert message in error.value.messages[0]


def test_exploration_group_is_13_and_14():
    assert YouthFactory(birth_date=years_ago(14, 100)).is_exploration_group is True
    assert YouthFactory(birth_date=years_ago(15)).is_exploration_group is False


# --- create, edit, duplicates -----------------------------------------------------------


def test_register_youth_creates_case_and_audit_entry(consultant_client, consultant):
    response = consultant_client.post(reverse("fritidsjob:youth_create"), youth_form_data())
    youth = Youth.objects.get(first_name="Freja")
    assert response.status_code == 302
    assert response["Location"] == youth.get_absolute_url()
    assert youth.available_weekdays == [0, 2]
    assert list(youth.industries_of_interest.values_list("name", flat=True)) == ["Detailhandel"]
    created = LogEntry.objects.get_for_object(youth).get(action=LogEntry.Action.CREATE)
    assert created.actor == consultant
    assert "first_name" in created.changes_dict


def test_too_young_is_refused_and_nothing_saved(consultant_client):
    response = consultant_client.post(
        reverse("fritidsjob:youth_create"), youth_form_data(birth_date=years_ago(12).isoformat())
    )
    assert response.status_code == 200
    assert "Indsatsen er for unge fra 13 år" in response.content.decode()
    assert Youth.objects.count() == 0


def test_likely_duplicate_warns_until_confirmed(consultant_client):
    existing = YouthFactory(first_name="Freja", last_name="Madsen", birth_date=birth_date_for_age(15))
    response = consultant_client.post(reverse("fritidsjob:youth_create"), youth_form_data(first_name="freja "))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mulig dublet" in content
    assert existing.get_absolute_url() in content
    assert Youth.objects.count() == 1

    response = consultant_client.post(reverse("fritidsjob:youth_create"), youth_form_data(confirm_duplicate="on"))
    assert response.status_code == 302
    assert Youth.objects.count() == 2


def test_closing_a_case_needs_an_end_reason(consultant_client):
    youth = YouthFactory()
    url = reverse("fritidsjob:youth_update", args=[youth.pk])
    data = youth_form_data(birth_date=youth.birth_date.isoformat(), status="afsluttet", end_reason="")
    response = consultant_client.post(url, data)
    assert response.status_code == 200
    assert "Skriv en årsag, når sagen afsluttes." in response.content.decode()
    youth.refresh_from_db()
    assert youth.status == "henvist"

    response = consultant_client.post(url, {**data, "end_reason": "Startet på efterskole."})
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.status == "afsluttet"
    detail = consultant_client.get(youth.get_absolute_url()).content.decode()
    assert "Status ændret fra Henvist til Afsluttet" in detail


def test_editing_an_old_case_keeps_working_after_the_youth_turned_30(consultant_client):
    youth = YouthFactory(birth_date=years_ago(31))
    response = consultant_client.post(
        reverse("fritidsjob:youth_update", args=[youth.pk]),
        youth_form_data(birth_date=youth.birth_date.isoformat(), status="henvist", phone="11223344"),
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert youth.phone == "11223344"


# --- CPR ---------------------------------------------------------------------------


def test_cpr_is_validated_against_the_birth_date(consultant_client):
    response = consultant_client.post(
        reverse("fritidsjob:youth_create"),
        youth_form_data(birth_date="2011-03-01", cpr="020311-4321"),
    )
    assert "CPR-nummeret passer ikke med fødselsdatoen." in response.content.decode()
    response = consultant_client.post(reverse("fritidsjob:youth_create"), youth_form_data(cpr="12345"))
    assert "CPR-nummeret skal skrives som 10 cifre" in response.content.decode()
    assert Youth.objects.count() == 0


def test_cpr_is_stored_encrypted_masked_on_the_case_and_absent_from_lists(consultant_client):
    birth_date = birth_date_for_age(15)
    cpr = birth_date.strftime("%d%m%y") + "-4321"
    consultant_client.post(
        reverse("fritidsjob:youth_create"), youth_form_data(birth_date=birth_date.isoformat(), cpr=cpr)
    )
    youth = Youth.objects.get()
    assert youth.has_cpr is True
    assert "4321" not in youth.cpr_encrypted
    with connection.cursor() as cursor:
        cursor.execute("SELECT cpr_encrypted FROM fritidsjob_youth")
        assert cpr not in cursor.fetchone()[0]
    case_page = consultant_client.get(youth.get_absolute_url()).content.decode()
    assert birth_date.strftime("%d%m%y") + "-xxxx" in case_page
    assert "4321" not in case_page
    list_page = consultant_client.get(reverse("fritidsjob:youth_list")).content.decode()
    assert birth_date.strftime("%d%m%y") not in list_page
    for entry in LogEntry.objects.get_for_object(youth):
        assert "4321" not in str(entry.changes)


def test_editing_without_cpr_keeps_the_stored_number_and_remove_deletes_it(consultant_client):
    birth_date = birth_date_for_age(16)
    youth = services.youth_create(
        data={"first_name": "Ali", "last_name": "Hussein", "birth_date": birth_date},
        cpr=birth_date.strftime("%d%m%y") + "-1111",
    )
    url = reverse("fritidsjob:youth_update", args=[youth.pk])
    data = youth_form_data(first_name="Ali", last_name="Hussein", birth_date=birth_date.isoformat(), status="henvist")
    consultant_client.post(url, data)
    youth.refresh_from_db()
    assert youth.cpr_masked == birth_date.strftime("%d%m%y") + "-xxxx"
    consultant_client.post(url, {**data, "remove_cpr": "on"})
    youth.refresh_from_db()
    assert youth.has_cpr is False


# --- journal and timeline ---------------------------------------------------------


def test_journal_entry_with_htmx_returns_the_timeline(consultant_client, consultant):
    youth = YouthFactory()
    response = consultant_client.post(
        reverse("fritidsjob:journal_create", args=[youth.pk]),
        {"date": timezone.localdate().isoformat(), "kind": "telefon", "text": "Ringede om jobsamtale"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Notatet er gemt." in content
    assert "Ringede om jobsamtale" in content
    assert "<html" not in content
    entry = JournalEntry.objects.get()
    assert (entry.author, entry.kind) == (consultant, "telefon")


def test_journal_entry_in_the_future_or_empty_is_refused(consultant_client):
    youth = YouthFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = consultant_client.post(
        reverse("fritidsjob:journal_create", args=[youth.pk]),
        {"date": tomorrow.isoformat(), "kind": "samtale", "text": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert "Et journalnotat kan ikke dateres i fremtiden." in response.content.decode()
    response = consultant_client.post(
        reverse("fritidsjob:journal_create", args=[youth.pk]), {"date": "", "kind": "samtale", "text": ""}
    )
    assert response.status_code == 200
    assert JournalEntry.objects.count() == 0


# --- audit trail --------------------------------------------------------------------


def test_opening_a_case_is_recorded_and_shown_to_the_project_leader(client, users, consultant):
    from fritidsjob import roles

    youth = YouthFactory()
    client.force_login(consultant)
    client.get(youth.get_absolute_url())
    access = LogEntry.objects.get_for_object(youth).get(action=LogEntry.Action.ACCESS)
    assert access.actor == consultant

    client.force_login(users[roles.PROJECT_LEADER])
    page = client.get(reverse("fritidsjob:youth_audit", args=[youth.pk])).content.decode()
    assert "Karen" not in page  # the fixture users have no full names: usernames are shown
    assert "konsulent" in page
    assert "Set" in page


def test_audit_trail_includes_the_journal_of_the_youth_only(client, users, consultant):
    from fritidsjob import roles

    youth, other = YouthFactory(), YouthFactory()
    services.journal_entry_create(youth=youth, author=consultant, kind="samtale", text="a")
    services.journal_entry_create(youth=other, author=consultant, kind="samtale", text="b")
    client.force_login(users[roles.ADMINISTRATOR])
    response = client.get(reverse("fritidsjob:youth_audit", args=[youth.pk]))
    entries = list(response.context["object_list"])
    assert [e.content_type.model for e in entries].count("journalentry") == 1


def test_deleting_a_case_is_recorded(client, users):
    from fritidsjob import roles

    youth = YouthFactory()
    pk = youth.pk
    client.force_login(users[roles.ADMINISTRATOR])
    response = client.post(reverse("fritidsjob:youth_delete", args=[pk]))
    assert response.status_code == 302
    assert Youth.objects.filter(pk=pk).exists() is False
    deleted = LogEntry.objects.get(object_id=pk, content_type__model="youth", action=LogEntry.Action.DELETE)
    assert deleted.actor == users[roles.ADMINISTRATOR]
    # The entries stay, but none keeps her name (the case is anonymised before it is deleted).
    created = LogEntry.objects.get(object_id=pk, content_type__model="youth", action=LogEntry.Action.CREATE)
    assert youth.first_name not in str(created.changes) and youth.first_name not in deleted.object_repr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_audit_entries_cannot_be_changed_or_deleted():
    youth = YouthFactory()
    entry = LogEntry.objects.get_for_object(youth).first()
    for statement in [
        "UPDATE auditlog_logentry SET changes_text = 'x' WHERE id = %s",
        "DELETE FROM auditlog_logentry WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert LogEntry.objects.filter(pk=entry.pk).exists() is True


# --- list page ------------------------------------------------------------------------


def test_list_filters_by_name_status_age_and_target_group(consultant_client):
    YouthFactory(first_name="Anna", birth_date=years_ago(14, 10), status="jobparat")
    YouthFactory(first_name="Bo", birth_date=years_ago(16, 10), in_target_group=False)
    url = reverse("fritidsjob:youth_list")

    def names(**params):
        return [y.first_name for y in consultant_client.get(url, params).context["object_list"]]

    assert names(name="ann") == ["Anna"]
    assert names(status="jobparat") == ["Anna"]
    assert names(min_age=15) == ["Bo"]
    assert names(max_age=14) == ["Anna"]
    assert names(in_target_group="false") == ["Bo"]


def test_list_with_htmx_returns_only_the_table(consultant_client):
    YouthFactory(first_name="Anna")
    response = consultant_client.get(reverse("fritidsjob:youth_list"), {"name": "Anna"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Anna" in content
    assert "<html" not in content


@pytest.mark.parametrize("rows", [1, 3])
def test_youth_list_query_count_is_constant(consultant_client, consultant, django_assert_num_queries, rows):
    for _i in range(rows):
        youth = YouthFactory(responsible_staff=consultant)
        youth.industries_of_interest.set(Industry.objects.all()[:2])
    # session, user, roles in the menu, permissions (2), filter choices (schools, staff), count, page
    with django_assert_num_queries(9):
        response = consultant_client.get(reverse("fritidsjob:youth_list"))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_audit_trail_query_count_is_constant(client, users, consultant, django_assert_num_queries, rows):
    from fritidsjob import roles

    youth = YouthFactory()
    for _i in range(rows):
        services.journal_entry_create(youth=youth, author=consultant, kind="samtale", text="a")
    client.force_login(users[roles.PROJECT_LEADER])
    # Includes recording the access: the trail is a page about the young person.
    with django_assert_num_queries(10):
        response = client.get(reverse("fritidsjob:youth_audit", args=[youth.pk]))
    assert len(response.context["object_list"]) == rows + 1
