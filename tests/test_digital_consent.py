"""Issue 17, items 3-4: digital consent through a link to one person, a code on the second channel, withdrawal."""

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.consent import ConsentKind, has_valid_consent, require_consent
from foraeldre import digital_consent
from foraeldre.models import CODE_MAX_TRIES, Consent, ConsentMethod, DigitalChannel
from fritidsjob import roles
from opgaver import sms

from .clock import clock  # noqa: F401
from .factories import YouthFactory, birth_date_for_age
from .factories_foraeldre import ParentFactory

pytestmark = pytest.mark.django_db
ALL_YES = {kind.value: True for kind in ConsentKind}


@pytest.fixture(autouse=True)
def _fresh_limits():
    caches["limits"].clear()


@pytest.fixture
def sms_file(settings, tmp_path, on_commit_at_once, sms_at_any_hour):
    settings.SMS_BACKEND = "opgaver.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    return sms.FileSmsBackend(file_path=str(tmp_path))


def family(age: int):
    youth = YouthFactory(first_name="Sara", last_name="Nielsen", birth_date=birth_date_for_age(age), phone="21212121")
    youth.email = "sara@example.org"
    youth.save()
    parent = ParentFactory(
        children=[youth], first_name="Hanne", last_name="Nielsen", phone="20304050", email="hanne@example.org"
    )
    return youth, parent


def last_code(sms_file) -> str:
    return re.search(r"\b(\d{6})\b", sms_file.messages()[-1]["body"]).group(1)


def test_the_link_goes_by_e_mail_and_the_code_by_sms(users, sms_file):
    youth, parent = family(14)
    request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel=DigitalChannel.EMAIL, by=users[roles.JOBCENTER_CONSULTANT]
    )
    [email] = mail.outbox
    assert email.to == ["hanne@example.org"]
    assert reverse("familie:consent", args=[token]) in email.body
    assert token not in request.token_hash  # only the hash is stored
    digital_consent.code_send(request=request, token=token)
    assert sms_file.messages()[-1]["to"] == "20304050"
    code = digital_consent.code_verify(request=request, code=last_code(sms_file))
    assert code.channel == DigitalChannel.SMS


def test_the_code_message_repeats_how_to_withdraw_within_the_sms_cap_and_without_names(users, sms_file, settings):
    settings.PROGRAMME_CONTACT_PHONE = "+45 70 10 20 30 (hverdage kl. 9-15)"  # a long one
    youth, parent = family(16)
    request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel=DigitalChannel.EMAIL, by=users[roles.JOBCENTER_CONSULTANT]
    )
    digital_consent.code_send(request=request, token=token)
    body = sms_file.messages()[-1]["body"]
    until = timezone.localdate(request.expires_at).strftime("%d.%m.%Y")
    assert 'tryk "Træk tilbage" på linket i vores e-mail (til ' + until + ")" in body
    assert "eller ring +45 70 10 20 30 (hverdage kl. 9-15)." in body
    # Where the link is, never the link: the code on the other channel is the second factor.
    assert token not in body and "http" not in body
    assert not any(name in body for name in ("Hanne", "Sara", "Nielsen"))
    parts = sms.message_parts(body)
    assert parts.encoding == "GSM-7" and parts.parts <= settings.SMS_MAX_PARTS and parts.parts == 2


def test_a_link_sent_by_sms_has_its_code_by_e_mail_and_says_where_the_link_is(users, sms_file):
    youth, parent = family(14)
    request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel=DigitalChannel.SMS, by=users[roles.JOBCENTER_CONSULTANT]
    )
    mail.outbox.clear()
    digital_consent.code_send(request=request, token=token)
    [email] = mail.outbox
    assert email.to == ["hanne@example.org"]
    assert 'tryk "Træk tilbage" på linket i vores SMS' in email.body and "70 10 20 30" in email.body


def test_a_parents_digital_consent_counts_like_staffs_and_a_withdrawal_ends_it_at_once(users, sms_file):
    youth, parent = family(14)
    request, _token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel=DigitalChannel.EMAIL, by=users[roles.JOBCENTER_CONSULTANT]
    )
    answers = {**ALL_YES, ConsentKind.PHOTO_VIDEO.value: False}
    digital_consent.answers_record(request=request, answers=answers, typed_name=" hanne  nielsen ", channel="sms")
    consent = Consent.objects.get(kind=ConsentKind.SHARE_WITH_COMPANY)
    assert (consent.method, consent.given_by, consent.digital_channel) == (ConsentMethod.DIGITAL, parent, "sms")
    assert consent.text_version.startswith("2026-12-v1/")
    assert has_valid_consent(youth=youth, kind=ConsentKind.PARTICIPATION)
    assert not has_valid_consent(youth=youth, kind=ConsentKind.PHOTO_VIDEO)
    digital_consent.answer_withdraw(request=request, kind=ConsentKind.SHARE_WITH_COMPANY)
    with pytest.raises(ValidationError):
        require_consent(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)
    assert has_valid_consent(youth=youth, kind=ConsentKind.PARTICIPATION)


def test_the_typed_name_must_be_the_persons(users, sms_file):
    youth, parent = family(14)
    request, _token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel=DigitalChannel.EMAIL, by=users[roles.JOBCENTER_CONSULTANT]
    )
    with pytest.raises(ValidationError):
        digital_consent.answers_record(request=request, answers=ALL_YES, typed_name="Sara Nielsen", channel="sms")
    assert not Consent.objects.exists()


def test_a_15_year_olds_own_consent_joins_the_parents(users, sms_file):
    youth, parent = family(15)
    by = users[roles.JOBCENTER_CONSULTANT]
    to_parent, _token = digital_consent.consent_request_send(youth=youth, parent=parent, channel="email", by=by)
    digital_consent.answers_record(request=to_parent, answers=ALL_YES, typed_name="Hanne Nielsen", channel="sms")
    assert not Consent.objects.exists()  # the young person's own yes is still missing
    assert not has_valid_consent(youth=youth, kind=ConsentKind.PARTICIPATION)
    to_youth, _token = digital_consent.consent_request_send(youth=youth, parent=None, channel="email", by=by)
    digital_consent.answers_record(request=to_youth, answers=ALL_YES, typed_name="Sara Nielsen", channel="sms")
    consent = Consent.objects.get(kind=ConsentKind.PARTICIPATION)
    assert (consent.given_by, consent.youth_consented) == (parent, True)
    assert has_valid_consent(youth=youth, kind=ConsentKind.PARTICIPATION)
    # The young person withdraws: the consent they were part of ends.
    digital_consent.answer_withdraw(request=to_youth, kind=ConsentKind.PARTICIPATION)
    assert not has_valid_consent(youth=youth, kind=ConsentKind.PARTICIPATION)


def test_a_14_year_old_gets_no_link_of_their_own_and_a_parent_without_custody_none(users, sms_file):
    youth, _parent = family(14)
    by = users[roles.JOBCENTER_CONSULTANT]
    with pytest.raises(ValidationError):
        digital_consent.consent_request_send(youth=youth, parent=None, channel="email", by=by)
    other = ParentFactory(children=[youth], has_custody=False, email="x@example.org")
    with pytest.raises(ValidationError):
        digital_consent.consent_request_send(youth=youth, parent=other, channel="email", by=by)


def test_wrong_codes_five_times_lock_the_link(users, sms_file):
    youth, parent = family(14)
    request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel="email", by=users[roles.JOBCENTER_CONSULTANT]
    )
    digital_consent.code_send(request=request, token=token)
    right = last_code(sms_file)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _attempt in range(CODE_MAX_TRIES - 1):
        with pytest.raises(ValidationError):
            digital_consent.code_verify(request=request, code=wrong)
    with pytest.raises(digital_consent.LinkNotUsable):
        digital_consent.code_verify(request=request, code=wrong)
    with pytest.raises(digital_consent.LinkNotUsable):  # now even the right code is refused
        digital_consent.code_verify(request=request, code=right)
    with pytest.raises(digital_consent.LinkNotUsable) as locked:
        digital_consent.request_for_token(token)
    assert locked.value.reason == "locked"


def test_a_code_expires_after_ten_minutes_and_the_link_after_14_days(users, sms_file, clock):  # noqa: F811
    youth, parent = family(14)
    clock.current = clock.current.replace(hour=10)
    request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel="email", by=users[roles.JOBCENTER_CONSULTANT], now=timezone.now()
    )
    digital_consent.code_send(request=request, token=token, now=timezone.now())
    clock.advance(minutes=11)
    with pytest.raises(ValidationError, match="udløbet"):
        digital_consent.code_verify(request=request, code=last_code(sms_file), now=timezone.now())
    clock.advance(days=14)
    with pytest.raises(digital_consent.LinkNotUsable) as expired:
        digital_consent.request_for_token(token, now=timezone.now())
    assert expired.value.reason == "expired"


def test_a_link_works_for_its_one_person_only(client, users, sms_file):
    youth, parent = family(15)
    by = users[roles.JOBCENTER_CONSULTANT]
    _to_parent, parent_token = digital_consent.consent_request_send(youth=youth, parent=parent, channel="email", by=by)
    # The parent's verified visit does not open the young person's link, nor answer for them.
    url = reverse("familie:consent", args=[parent_token])
    client.post(url, {"action": "send_code"})
    client.post(url, {"action": "verify", "code": last_code(sms_file)})
    to_youth, youth_token = digital_consent.consent_request_send(youth=youth, parent=None, channel="email", by=by)
    page = client.get(reverse("familie:consent", args=[youth_token]))
    assert 'name="code"' in page.content.decode()  # asks for the young person's own code
    client.post(reverse("familie:consent", args=[youth_token]), {"action": "answer", "typed_name": "Sara Nielsen",
                                                                  **{f"svar_{k}": "ja" for k in ALL_YES}})  # fmt: skip
    assert not to_youth.answers.exists()
    # An unknown token is no one's link.
    unknown = client.get(reverse("familie:consent", args=["ukendt"]))
    assert unknown.status_code == 410
    assert "Ring til Talentværkstedet på 70 10 20 30" in unknown.content.decode()


def test_the_family_page_takes_the_answers_shows_them_and_gives_a_receipt(client, users, sms_file):
    youth, parent = family(14)
    _request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel="email", by=users[roles.JOBCENTER_CONSULTANT]
    )
    url = reverse("familie:consent", args=[token])
    before_code = client.get(url).content.decode()
    assert "Send kode" in before_code
    assert "Sara" not in before_code and "Hanne" not in before_code  # the link alone shows no one's data
    client.post(url, {"action": "send_code"})
    assert client.post(url, {"action": "verify", "code": last_code(sms_file)}).status_code == 302
    answers = {f"svar_{k}": "ja" for k in ALL_YES} | {f"svar_{ConsentKind.PHOTO_VIDEO.value}": "nej"}
    assert client.post(url, {"action": "answer", "typed_name": "Hanne Nielsen", **answers}).status_code == 302
    html = client.get(url).content.decode()
    assert "Det har du svaret" in html and "70 10 20 30" in html
    receipt = client.get(reverse("familie:consent_receipt", args=[token]))
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")
    client.post(url, {"action": "withdraw", "kind": ConsentKind.SHARE_WITH_COMPANY.value})
    assert not has_valid_consent(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)
    assert Consent.objects.get(kind=ConsentKind.SHARE_WITH_COMPANY).withdrawn_on == timezone.localdate()


def test_the_arabic_consent_page_is_right_to_left(client, users, sms_file):
    youth, parent = family(14)
    parent.language = "arabisk"
    parent.save()
    _request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel="email", by=users[roles.JOBCENTER_CONSULTANT]
    )
    html = client.get(reverse("familie:consent", args=[token])).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "أرسل الرمز" in html


def test_staff_send_the_link_from_the_case(client, users, sms_file):
    youth, parent = family(14)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    page = client.post(
        reverse("foraeldre:consent_request_send", args=[youth.pk]),
        {"recipient": parent.pk, "channel": "email"},
        follow=True,
    )
    assert "Linket til samtykke er sendt til Hanne Nielsen" in page.content.decode()
    assert mail.outbox[-1].to == ["hanne@example.org"]


def test_codes_are_limited_per_link(users, sms_file):
    youth, parent = family(14)
    request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel="email", by=users[roles.JOBCENTER_CONSULTANT]
    )
    for _n in range(digital_consent.CODES_PER_HOUR):
        digital_consent.code_send(request=request, token=token)
    with pytest.raises(ValidationError, match="mange koder"):
        digital_consent.code_send(request=request, token=token)
    assert len(sms_file.messages()) == digital_consent.CODES_PER_HOUR
