"""Consent (samtykke): the one decision every sharing point calls, recording it, withdrawing it."""

import datetime
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import core.consent
import foraeldre.consent
from core.audit import trail_of
from foraeldre import services
from foraeldre.consent import has_valid_consent, require_consent, valid_consents
from foraeldre.models import Consent, ConsentKind, ConsentMethod
from fritidsjob.models import age_on
from tests.factories import YouthFactory, birth_date_for_age
from tests.factories_foraeldre import ConsentFactory, ParentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
COMPANY = ConsentKind.SHARE_WITH_COMPANY
MENTOR = ConsentKind.SHARE_WITH_MENTOR
# The sharing points other apps have: a match sent to a company, a mentor relationship.
SHARING_KINDS = [COMPANY, MENTOR]


def youth_aged(age: int, **kwargs):
    return YouthFactory(birth_date=birth_date_for_age(age), **kwargs)


def give(youth, *, kind=COMPANY, custody=True, given_on=TODAY, withdrawn_on=None, youth_consented=False, parent=None):
    parent = parent or ParentFactory(children=[youth], has_custody=custody)
    return Consent.objects.create(
        youth=youth,
        kind=kind,
        given_by=parent,
        given_on=given_on,
        withdrawn_on=withdrawn_on,
        youth_consented=youth_consented,
    )


# --- the decision -------------------------------------------------------------------------


def test_consent_from_a_custody_holder_is_valid_from_its_date():
    youth = youth_aged(14)
    give(youth, given_on=TODAY - datetime.timedelta(days=3))
    assert has_valid_consent(youth=youth, kind=COMPANY) is True
    assert has_valid_consent(youth=youth, kind=COMPANY, on=TODAY - datetime.timedelta(days=4)) is False


def test_withdrawal_takes_effect_on_its_date():
    youth = youth_aged(14)
    give(youth, given_on=TODAY - datetime.timedelta(days=10), withdrawn_on=TODAY)
    assert has_valid_consent(youth=youth, kind=COMPANY, on=TODAY - datetime.timedelta(days=1)) is True
    assert has_valid_consent(youth=youth, kind=COMPANY) is False


@pytest.mark.parametrize("custody", [False, None])
def test_parent_without_or_with_unknown_custody_does_not_count(custody):
    youth = youth_aged(14)
    give(youth, custody=custody)
    assert has_valid_consent(youth=youth, kind=COMPANY) is False


def test_a_consent_of_another_kind_does_not_count():
    youth = youth_aged(14)
    give(youth, kind=ConsentKind.PHOTO_VIDEO)
    assert has_valid_consent(youth=youth, kind=COMPANY) is False


def test_a_parent_no_longer_linked_to_the_youth_does_not_count():
    youth = youth_aged(14)
    consent = give(youth)
    consent.given_by.children.remove(youth)
    assert has_valid_consent(youth=youth, kind=COMPANY) is False


def test_from_15_the_young_persons_own_consent_is_needed_too():
    youth = youth_aged(15)
    give(youth)
    assert has_valid_consent(youth=youth, kind=COMPANY) is False
    give(youth, youth_consented=True)
    assert has_valid_consent(youth=youth, kind=COMPANY) is True


def test_from_18_only_the_young_persons_own_consent_counts():
    youth = youth_aged(18)
    give(youth)  # a parent's consent alone
    assert has_valid_consent(youth=youth, kind=COMPANY) is False
    Consent.objects.create(youth=youth, kind=COMPANY, given_by=None, youth_consented=True, given_on=TODAY)
    assert has_valid_consent(youth=youth, kind=COMPANY) is True


def test_age_is_judged_on_the_day_of_sharing():
    fifteenth_birthday = TODAY - datetime.timedelta(days=30)
    youth = YouthFactory(birth_date=fifteenth_birthday - relativedelta(years=15))
    give(youth, given_on=fifteenth_birthday - datetime.timedelta(days=100))  # given at 14, parent only

    assert has_valid_consent(youth=youth, kind=COMPANY, on=fifteenth_birthday - datetime.timedelta(days=1)) is True
    assert has_valid_consent(youth=youth, kind=COMPANY, on=fifteenth_birthday) is False


def test_born_on_29_february_a_young_person_is_a_year_older_on_28_february():
    """The decision asks on birth dates in the database; it must count age as age_on does."""
    youth = YouthFactory(birth_date=datetime.date(2008, 2, 29))
    give(youth, given_on=datetime.date(2022, 1, 1))  # a custody holder alone
    give(youth, kind=MENTOR, custody=False, youth_consented=True, given_on=datetime.date(2022, 1, 1))
    assert age_on(youth.birth_date, datetime.date(2023, 2, 28)) == 15

    assert has_valid_consent(youth=youth, kind=COMPANY, on=datetime.date(2023, 2, 27)) is True
    assert has_valid_consent(youth=youth, kind=COMPANY, on=datetime.date(2023, 2, 28)) is False
    assert has_valid_consent(youth=youth, kind=MENTOR, on=datetime.date(2026, 2, 27)) is False
    assert has_valid_consent(youth=youth, kind=MENTOR, on=datetime.date(2026, 2, 28)) is True


def test_valid_consents_of_every_young_person_in_one_query(django_assert_num_queries):
    """The set the reminder rule asks for: the same decision for each young person at their own age."""
    parent_alone, parent_and_youth, youth_alone = COMPANY, MENTOR, ConsentKind.PHOTO_VIDEO
    ages = (13, 14, 15, 17, 18, 19)
    for age in ages:
        youth = youth_aged(age)
        give(youth, kind=parent_alone)
        give(youth, kind=parent_and_youth, youth_consented=True)
        give(youth, kind=youth_alone, custody=False, youth_consented=True)

    with django_assert_num_queries(1):
        valid = sorted((age_on(c.youth.birth_date, TODAY), c.kind) for c in valid_consents().select_related("youth"))

    assert valid == sorted(
        [(age, parent_alone) for age in ages if age < 15]
        + [(age, parent_and_youth) for age in ages]
        + [(age, youth_alone) for age in ages if age >= 18]
    )


def test_the_consent_factory_makes_a_consent_valid_today():
    consent = ConsentFactory()
    assert list(valid_consents(youth=consent.youth)) == [consent]


# --- the port the other apps ask (core.consent) --------------------------------------------


def test_other_apps_ask_the_one_decision_through_core():
    youth = youth_aged(14)
    assert core.consent.has_valid_consent(youth=youth, kind=MENTOR) is False
    give(youth, kind=MENTOR)
    assert core.consent.has_valid_consent(youth=youth, kind=MENTOR) is True
    assert core.consent.has_valid_consent(youth=youth, kind=MENTOR, on=TODAY - datetime.timedelta(days=1)) is False


def test_without_a_registered_consent_rule_every_question_fails_loudly(monkeypatch):
    youth = youth_aged(14)
    give(youth)
    monkeypatch.setattr(core.consent, "_rule", None)

    with pytest.raises(ImproperlyConfigured, match="No consent rule registered"):
        core.consent.has_valid_consent(youth=youth, kind=COMPANY)
    with pytest.raises(ImproperlyConfigured, match="No consent rule registered"):
        core.consent.require_consent(youth=youth, kind=COMPANY)


def test_only_one_app_may_answer_about_consent():
    always_yes = SimpleNamespace(has_valid_consent=lambda **kwargs: True, require_consent=lambda **kwargs: None)

    with pytest.raises(ImproperlyConfigured, match="Two consent rules"):
        core.consent.register(always_yes)
    core.consent.register(foraeldre.consent)  # foraeldre's ready() again changes nothing
    assert core.consent._rule is foraeldre.consent


@pytest.mark.parametrize("kind", SHARING_KINDS)
@pytest.mark.parametrize("as_string", [False, True])
def test_require_consent_at_each_sharing_point(kind, as_string):
    """The shapes other apps call: core.consent.require_consent(youth=..., kind=ConsentKind.X or its value)."""
    youth = youth_aged(16)
    kind_argument = str(kind.value) if as_string else kind
    with pytest.raises(ValidationError) as error:
        core.consent.require_consent(youth=youth, kind=kind_argument)
    assert error.value.code == "consent_missing"

    ConsentFactory(youth=youth, kind=kind)
    assert core.consent.require_consent(youth=youth, kind=kind_argument) is None
    assert core.consent.require_consent(youth=youth, kind=kind_argument, on=TODAY) is None


@pytest.mark.parametrize("kind", SHARING_KINDS)
def test_require_consent_refuses_at_once_after_withdrawal(kind):
    consent = ConsentFactory(youth=youth_aged(16), kind=kind)
    require_consent(youth=consent.youth, kind=kind)

    services.consent_withdraw(consent=consent)

    with pytest.raises(ValidationError):
        require_consent(youth=consent.youth, kind=kind)


def test_require_consent_refuses_in_danish():
    youth = youth_aged(14, first_name="Ida", last_name="Holm")
    with pytest.raises(ValidationError) as error:
        require_consent(youth=youth, kind=MENTOR)
    assert error.value.messages == [
        "Ida Holm kan ikke kobles til en mentor: der er ikke et gyldigt samtykke "
        "til deling med mentor fra en forælder med forældremyndighed."
    ]
    give(youth, kind=MENTOR)
    require_consent(youth=youth, kind=MENTOR)


def test_refusal_from_15_says_the_young_persons_own_consent_is_needed():
    youth = youth_aged(16, first_name="Ali", last_name="Yilmaz")
    give(youth)
    with pytest.raises(ValidationError) as error:
        require_consent(youth=youth, kind=COMPANY)
    assert error.value.messages == [
        "Oplysninger om Ali Yilmaz kan ikke sendes til en virksomhed: der er ikke et gyldigt samtykke "
        "til deling med virksomhed fra en forælder med forældremyndighed. "
        "Den unge er fyldt 15 år, så den unges eget samtykke skal også være registreret på samtykket."
    ]


def test_refusal_from_18_names_the_young_person():
    youth = youth_aged(19, first_name="Sara", last_name="Dam")
    with pytest.raises(ValidationError) as error:
        require_consent(youth=youth, kind=COMPANY)
    assert error.value.messages == [
        "Oplysninger om Sara Dam kan ikke sendes til en virksomhed: Sara Dam er fyldt 18 år "
        "og har ikke selv givet et gyldigt samtykke til deling med virksomhed."
    ]


# --- recording --------------------------------------------------------------------------------


def record(youth, user=None, **data):
    data = {"kind": COMPANY, "given_on": TODAY, "method": ConsentMethod.WRITTEN, **data}
    return services.consent_record(youth=youth, recorded_by=user, data=data)


@pytest.mark.parametrize(
    ("age", "setup", "field", "message"),
    [
        (14, {"given_by": None}, "given_by", "Vælg den forælder med forældremyndighed, der har givet samtykket."),
        (14, {"custody": False}, "given_by", "er ikke registreret med forældremyndighed"),
        (14, {"linked": False}, "given_by", "er ikke registreret som forælder til"),
        (16, {"youth_consented": False}, "youth_consented", "Den unge er fyldt 15 år"),
        (18, {"given_by": None}, "youth_consented", "Den unge er fyldt 18 år og skal selv give samtykket."),
        (14, {"given_on": TODAY + datetime.timedelta(days=1)}, "given_on", "kan ikke dateres i fremtiden"),
    ],
)
def test_recording_refuses_what_the_rules_would_not_accept(users, age, setup, field, message):
    youth = youth_aged(age)
    linked = setup.pop("linked", True)
    custody = setup.pop("custody", True)
    parent = ParentFactory(children=[youth] if linked else [], has_custody=custody)
    data = {"given_by": parent, "youth_consented": False, **setup}

    with pytest.raises(ValidationError) as error:
        record(youth, users["Jobcenterkonsulent"], **data)

    assert message in error.value.message_dict[field][0]
    assert Consent.objects.count() == 0


def test_withdrawing_twice_or_in_the_future_is_refused():
    consent = ConsentFactory()
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(consent=consent, withdrawn_on=TODAY + datetime.timedelta(days=1))
    assert "kan ikke dateres i fremtiden" in error.value.messages[0]
    consent.refresh_from_db()
    assert consent.withdrawn_on is None

    services.consent_withdraw(consent=consent)
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(consent=consent)
    assert error.value.messages == ["Samtykket er allerede trukket tilbage."]


# --- the pages ---------------------------------------------------------------------------------


def consent_form(parent, **overrides):
    data = {
        "kinds": [COMPANY],
        "given_by": parent.pk,
        "youth_consented": "on",
        "given_on": TODAY.isoformat(),
        "method": ConsentMethod.WRITTEN,
    }
    data.update(overrides)
    return data


def test_record_consent_on_the_page_and_see_it_on_the_case(consultant_client, consultant):
    youth = youth_aged(16)
    parent = ParentFactory(children=[youth], first_name="Mona")

    response = consultant_client.post(reverse("foraeldre:consent_create", args=[youth.pk]), consent_form(parent))

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.given_by, consent.youth_consented, consent.recorded_by) == (parent, True, consultant)
    assert has_valid_consent(youth=youth, kind=COMPANY) is True
    page = consultant_client.get(response["Location"]).content.decode()
    assert "Samtykke er registreret: deling med virksomhed." in page
    case = consultant_client.get(youth.get_absolute_url()).content.decode()
    assert "Samtykke givet: Deling med virksomhed" in case  # the timeline
    assert case.count(">Gyldigt<") == 1  # the panel: one kind in force


def test_one_paper_form_records_several_kinds_in_one_submit(consultant_client):
    youth = youth_aged(14)
    parent = ParentFactory(children=[youth])
    kinds = [ConsentKind.PARTICIPATION, ConsentKind.PROCESSING, COMPANY]

    response = consultant_client.post(
        reverse("foraeldre:consent_create", args=[youth.pk]), consent_form(parent, kinds=kinds), follow=True
    )

    assert sorted(Consent.objects.values_list("kind", flat=True)) == sorted(kinds)
    assert all(has_valid_consent(youth=youth, kind=kind) for kind in kinds)
    assert (
        "Samtykke er registreret: deltagelse, behandling af oplysninger, deling med virksomhed."
        in response.content.decode()
    )


def test_no_kind_chosen_records_nothing(consultant_client):
    youth = youth_aged(14)
    parent = ParentFactory(children=[youth])

    response = consultant_client.post(
        reverse("foraeldre:consent_create", args=[youth.pk]), consent_form(parent, kinds=[])
    )

    assert "Vælg mindst én type samtykke." in response.content.decode()
    assert Consent.objects.count() == 0


def test_consent_without_the_young_persons_own_is_refused_on_the_page(consultant_client):
    youth = youth_aged(16)
    parent = ParentFactory(children=[youth])

    response = consultant_client.post(
        reverse("foraeldre:consent_create", args=[youth.pk]), consent_form(parent, youth_consented="")
    )

    assert response.status_code == 200
    assert "den unges eget samtykke skal registreres sammen med forælderens" in response.content.decode()
    assert Consent.objects.count() == 0


def test_withdrawal_on_the_page_takes_effect_at_once(consultant_client):
    consent = ConsentFactory(youth=youth_aged(16), kind=MENTOR)
    require_consent(youth=consent.youth, kind=MENTOR)

    response = consultant_client.post(
        reverse("foraeldre:consent_withdraw", args=[consent.pk]), {"withdrawn_on": TODAY.isoformat()}
    )

    assert response["Location"] == reverse("foraeldre:youth_consents", args=[consent.youth_id])
    with pytest.raises(ValidationError):
        require_consent(youth=consent.youth, kind=MENTOR)
    page = consultant_client.get(response["Location"]).content.decode()
    assert "Samtykket (Deling med mentor) er trukket tilbage." in page
    assert f"Trukket tilbage {TODAY:%d.%m.%Y}" in page


def test_withdrawal_without_a_date_changes_nothing(consultant_client):
    consent = ConsentFactory()
    response = consultant_client.post(reverse("foraeldre:consent_withdraw", args=[consent.pk]), {}, follow=True)
    assert "Dette felt er påkrævet." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_scanned_document_is_stored_and_served_only_through_the_app(consultant_client, media):
    youth = youth_aged(14)
    parent = ParentFactory(children=[youth])
    scan = SimpleUploadedFile("samtykke.pdf", b"%PDF-1.4 fake scan", content_type="application/pdf")

    consultant_client.post(reverse("foraeldre:consent_create", args=[youth.pk]), consent_form(parent, document=scan))

    consent = Consent.objects.get()
    assert consent.document.name.startswith(f"samtykker/{TODAY.year}/samtykke")
    response = consultant_client.get(reverse("foraeldre:consent_document", args=[consent.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 fake scan"
    assert response["Content-Disposition"].startswith("attachment")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(consent.pk)).count() == 1


def test_a_document_of_the_wrong_type_is_refused(consultant_client, media):
    youth = youth_aged(14)
    parent = ParentFactory(children=[youth])
    program = SimpleUploadedFile("samtykke.exe", b"MZ", content_type="application/octet-stream")

    response = consultant_client.post(
        reverse("foraeldre:consent_create", args=[youth.pk]), consent_form(parent, document=program)
    )

    assert response.status_code == 200
    assert "Filendelse “exe” er ikke tilladt" in response.content.decode()
    assert Consent.objects.count() == 0


def test_consent_page_is_logged_and_consents_are_in_the_youth_audit_trail(consultant_client, consultant):
    consent = ConsentFactory()
    consultant_client.get(reverse("foraeldre:youth_consents", args=[consent.youth_id]))

    entries = trail_of(consent.youth)
    assert entries.filter(action=LogEntry.Action.ACCESS, actor=consultant).count() == 1
    assert entries.filter(content_type__model="consent", action=LogEntry.Action.CREATE).count() == 1


def test_consent_page_without_parents_points_to_registering_one(consultant_client):
    youth = youth_aged(14)
    page = consultant_client.get(reverse("foraeldre:youth_consents", args=[youth.pk])).content.decode()
    assert "Der er ikke registreret en forælder til den unge endnu." in page
    assert f"{reverse('foraeldre:parent_create')}?ung={youth.pk}" in page
